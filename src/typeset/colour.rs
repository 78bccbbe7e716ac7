//! Whether a typeset document needs colour to print, read from typst's own
//! pages: every text's fill and stroke and colour glyphs (emoji), every
//! shape's fill and stroke, gradients, tilings and images.
//!
//! The job ticket's writer takes the colour from here; the check reads it
//! again from the PDF file ([`crate::outputs::pdf_read::colour`]), so two
//! readings made in different ways must agree. Greys are tints of black;
//! a gradient counts as colour, as it does in the PDF.

use typst::foundations::Smart;
use typst::layout::{Frame, FrameItem};
use typst::visualize::{Color, Image, ImageKind, Paint, ProcessColor, SpotColorantName};
use typst_layout::PagedDocument;

/// How far apart colour components may be and still be a grey.
const NEUTRAL: f32 = 0.004;

/// Whether any page of `document` draws in colour.
pub fn uses_colour(document: &PagedDocument) -> bool {
    document.pages().iter().any(|page| {
        let fill = match &page.fill {
            Smart::Custom(Some(paint)) => paint_is_colour(paint),
            _ => false,
        };
        fill || frame_is_colour(&page.frame)
    })
}

fn frame_is_colour(frame: &Frame) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Group(group) => frame_is_colour(&group.frame),
        FrameItem::Text(text) => {
            paint_is_colour(&text.fill)
                || text
                    .stroke
                    .as_ref()
                    .is_some_and(|stroke| paint_is_colour(&stroke.paint))
                || text.glyphs.iter().any(|glyph| {
                    let face = text.font.ttf();
                    let id = ttf_parser::GlyphId(glyph.id);
                    face.is_color_glyph(id)
                        || face.glyph_raster_image(id, u16::MAX).is_some()
                        || face.glyph_svg_image(id).is_some()
                })
        }
        FrameItem::Shape(shape, _) => {
            shape.fill.as_ref().is_some_and(paint_is_colour)
                || shape
                    .stroke
                    .as_ref()
                    .is_some_and(|stroke| paint_is_colour(&stroke.paint))
        }
        FrameItem::Image(image, _, _) => image_is_colour(image),
        FrameItem::Link(..) | FrameItem::Tag(_) => false,
    })
}

fn paint_is_colour(paint: &Paint) -> bool {
    match paint {
        Paint::Solid(color) => color_is_colour(color),
        // typst's PDF writes every gradient in a colour space of three or
        // more components, grey stops included: a print shop's software
        // separates it as colour, and so does the check's reading.
        Paint::Gradient(_) => true,
        Paint::Tiling(tiling) => frame_is_colour(tiling.frame()),
    }
}

/// A spot colour is an ink of its own: colour, whatever it looks like;
/// but the registration colour (typst's colorant `"all"`, every plate at
/// once, for crop marks) is no ink of its own, and no colour.
fn color_is_colour(color: &Color) -> bool {
    match color {
        Color::Spot(spot) => spot.colorant.name != Some(SpotColorantName::All),
        // CMYK is judged by its inks: typst turns it into RGB through a
        // profile, where a tint of black comes out a little off neutral.
        Color::Process(ProcessColor::Cmyk(cmyk)) => {
            cmyk.c > NEUTRAL || cmyk.m > NEUTRAL || cmyk.y > NEUTRAL
        }
        Color::Process(_) => {
            let rgb = color.to_rgb();
            (rgb.red - rgb.green).abs() > NEUTRAL || (rgb.green - rgb.blue).abs() > NEUTRAL
        }
    }
}

/// A raster image in a grey colour type is black only; any other image
/// (colour raster, SVG, PDF) counts as colour.
fn image_is_colour(image: &Image) -> bool {
    match image.kind() {
        ImageKind::Raster(raster) => {
            let pixels = raster.dynamic();
            pixels.as_luma8().is_none()
                && pixels.as_luma16().is_none()
                && pixels.as_luma_alpha8().is_none()
                && pixels.as_luma_alpha16().is_none()
        }
        _ => true,
    }
}
