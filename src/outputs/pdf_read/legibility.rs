//! What a reader holding the printed page could see, judged glyph by glyph
//! as the content reader (`content.rs`) draws it, by the rules of the format
//! ([`Legibility`]): the page a reader holds and the margin text must keep
//! from its edge, the clipping path, the text render mode, opacity and soft
//! masks, what is painted over a glyph afterwards, the contrast of its
//! colour with what lies under it (WCAG 2.x), its size on the page, and for
//! large print its face (no italics) and the layout of its lines.
//!
//! A glyph a reader could not see is left out of the text read back and
//! said, with the reason, in [`ReadBack::unseen`](crate::outputs::ReadBack).
//! Page furniture (an artifact, such as a page number) is not part of any
//! unit, so its size is a flaw of the file naming the page.
//!
//! The paints that can hide a glyph are kept per page in horizontal bands, so
//! that a glyph is tested only against paints near it; every test is counted
//! against the reader's work limit.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};
use unicode_bidi::Level;

use super::content::Piece;
use crate::outputs::unseen::Why;
use crate::pdf::contrast::{BLACK, Rgb, WHITE, contrast_ratio};
use crate::pdf::geometry::{contains, covered_fraction, inset};
use crate::pdf::objects::number;
use crate::pdf::page_geometry::Rect;

/// The smallest type RNIB's Clear Print guidance allows, in points: every
/// piece of text in the print PDF, page numbers included.
pub const CLEAR_PRINT_MINIMUM_PT: f64 = 12.0;
/// How far in from the trim the print PDF's text must keep, in millimetres:
/// a guillotine may cut up to a few millimetres off (the "safe area").
pub const PRINT_TRIM_MARGIN_MM: f64 = 5.0;
/// How far from the paper's edge large print keeps its text, in millimetres
/// (UKAAF: a clear margin, so that a hand or a binder hides nothing).
pub const LARGE_PRINT_EDGE_MM: f64 = 10.0;
/// The least contrast text may have with what lies under it (WCAG 2.x,
/// success criterion 1.4.3, level AA).
pub const MINIMUM_CONTRAST: f64 = 4.5;
/// The share of a glyph's box a clipping path must leave, or a paint over
/// it may cover, for the glyph still to be seen.
const HIDING_SHARE: f64 = 0.5;
/// An opacity at or below this draws nothing a reader could see.
pub(super) const NO_OPACITY: f64 = 1.0 / 255.0;
/// How far under a minimum a size may come and still meet it, in points
/// (PDF reals are `f32`).
const SIZE_TOLERANCE_PT: f64 = 0.01;
/// How far a margin may fall short and still be kept, in millimetres.
const EDGE_TOLERANCE_MM: f64 = 0.01;
/// How far a synthetic oblique leans before it is italic, in degrees.
pub(super) const OBLIQUE_DEGREES: f64 = 3.0;
/// The height of the bands the page's paints are kept in, in points.
const BAND_PT: f64 = 36.0;
/// How far apart the lines of a large-print paragraph may start, or the
/// lines of a justified paragraph end, in points.
const EDGE_TOLERANCE_PT: f64 = 0.5;
/// Lines (besides the last) ending together that make a paragraph
/// justified rather than ragged by chance.
const JUSTIFIED_LINES: usize = 3;
/// Millimetres per point.
const MM_PER_PT: f64 = 25.4 / 72.0;

/// What a format asks of the text on its pages: the rules the reader judges
/// each glyph by. [`Legibility::none`] judges nothing, for reading any PDF
/// as it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Legibility {
    /// The page a reader holds, and how far in from its edge text must
    /// keep; `None` judges no page.
    pub page: Option<PageHeld>,
    /// Whether text must be visible: not clipped away, not drawn
    /// invisibly, not covered, and with [`MINIMUM_CONTRAST`] against what
    /// lies under it.
    pub visibility: bool,
    /// The smallest size text may be on the page; `None` judges no size.
    pub minimum: Option<Minimum>,
    /// Whether the large-print rules hold too: no italic or oblique face,
    /// headings larger than the body, no word split across lines, and every
    /// line of a paragraph starting at the same edge.
    pub large_print: bool,
}

/// The page a reader holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PageHeld {
    /// The page once trimmed (its `/TrimBox`, else its `/CropBox`, else its
    /// `/MediaBox`): a print shop's work.
    Trim {
        /// How far in from the trim text must keep, in millimetres.
        margin_mm: f64,
    },
    /// The sheet itself (its `/MediaBox`, within its `/CropBox` and
    /// `/TrimBox` where it has them): a page printed as it is.
    Media {
        /// How far in from the edge text must keep, in millimetres.
        margin_mm: f64,
    },
}

impl PageHeld {
    /// How far in from the edge text must keep, in millimetres.
    pub fn margin_mm(self) -> f64 {
        match self {
            PageHeld::Trim { margin_mm } | PageHeld::Media { margin_mm } => margin_mm,
        }
    }

    /// The edge in words (`trim`, `page edge`).
    pub fn edge(self) -> &'static str {
        match self {
            PageHeld::Trim { .. } => "trim",
            PageHeld::Media { .. } => "page edge",
        }
    }
}

/// The smallest size a format allows, and whose rule it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// The size, in points.
    pub size_pt: f64,
    /// Whose minimum it is, in words (`Clear Print`).
    pub standard: String,
}

impl Minimum {
    /// Whether text of `size_pt` on the page meets it.
    pub fn allows(&self, size_pt: f64) -> bool {
        size_pt >= self.size_pt - SIZE_TOLERANCE_PT
    }
}

impl Legibility {
    /// No rules: every glyph counts, wherever and however it is drawn.
    pub fn none() -> Legibility {
        Legibility {
            page: None,
            visibility: false,
            minimum: None,
            large_print: false,
        }
    }

    /// Only that text be on the page and visible, at any size (the job
    /// sheet, a print shop's form in small print by design).
    pub fn visible() -> Legibility {
        Legibility {
            page: Some(PageHeld::Media { margin_mm: 0.0 }),
            visibility: true,
            ..Legibility::none()
        }
    }

    /// The print PDF's rules: on the trimmed page and
    /// [`PRINT_TRIM_MARGIN_MM`] in from the trim, visible, and at least
    /// [`CLEAR_PRINT_MINIMUM_PT`] (RNIB Clear Print).
    pub fn print() -> Legibility {
        Legibility {
            page: Some(PageHeld::Trim {
                margin_mm: PRINT_TRIM_MARGIN_MM,
            }),
            visibility: true,
            minimum: Some(Minimum {
                size_pt: CLEAR_PRINT_MINIMUM_PT,
                standard: "Clear Print".to_owned(),
            }),
            large_print: false,
        }
    }

    /// The large-print PDF's rules (UKAAF): on the page and
    /// [`LARGE_PRINT_EDGE_MM`] from its edge, visible, every glyph at least
    /// the leaflet's large-print size `size_pt`, and the large-print rules.
    pub fn large_print(size_pt: f64) -> Legibility {
        Legibility {
            page: Some(PageHeld::Media {
                margin_mm: LARGE_PRINT_EDGE_MM,
            }),
            visibility: true,
            minimum: Some(Minimum {
                size_pt,
                standard: "large-print".to_owned(),
            }),
            large_print: true,
        }
    }

    /// Whether any rule judges glyphs at all.
    pub(super) fn judges(&self) -> bool {
        self.page.is_some() || self.visibility || self.minimum.is_some() || self.large_print
    }
}

/// What the reader needs of a font to judge its glyphs: how far they reach
/// above and below the baseline, in ems, and whether its face is italic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct FontLook {
    pub(super) ascent: f64,
    pub(super) descent: f64,
    pub(super) italic: bool,
    /// A Type 3 font: its glyphs are drawn by procedures of their own (typst's
    /// colour emoji), whose colours the fill colour does not set.
    pub(super) type3: bool,
}

impl FontLook {
    /// The look of a font dictionary: ascent and descent from its font
    /// descriptor (a Type 0 font's from its descendant's), else 0.8 and 0.2
    /// em; italic if the descriptor says so (`/Flags` bit 7, an
    /// `/ItalicAngle`) or its name does (`Italic`, `Oblique`).
    pub(super) fn read(document: &Document, font: &Dictionary) -> FontLook {
        let name_of = |dictionary: &Dictionary, key: &[u8]| {
            dictionary
                .get_deref(key, document)
                .and_then(Object::as_name)
                .map(|name| String::from_utf8_lossy(name).to_ascii_lowercase())
                .unwrap_or_default()
        };
        let subtype = name_of(font, b"Subtype");
        let described = if subtype == "type0" {
            font.get_deref(b"DescendantFonts", document)
                .and_then(Object::as_array)
                .ok()
                .and_then(|fonts| fonts.first())
                .and_then(|first| document.dereference(first).ok())
                .and_then(|(_, first)| first.as_dict().ok())
                .unwrap_or(font)
        } else {
            font
        };
        let descriptor = described
            .get_deref(b"FontDescriptor", document)
            .and_then(Object::as_dict)
            .ok();
        let value = |key: &[u8]| {
            descriptor
                .and_then(|descriptor| descriptor.get_deref(key, document).ok())
                .and_then(number)
        };
        let type3 = subtype == "type3";
        // Glyph units per text unit: 1/1000, or a Type 3 font's own matrix.
        let scale = if type3 {
            font.get_deref(b"FontMatrix", document)
                .and_then(Object::as_array)
                .ok()
                .and_then(|matrix| matrix.get(3))
                .and_then(number)
                .map(f64::abs)
                .filter(|scale| *scale > 0.0)
                .unwrap_or(0.001)
        } else {
            0.001
        };
        let ascent = value(b"Ascent")
            .map(|ascent| ascent * scale)
            .filter(|ascent| *ascent > 0.0 && *ascent <= 2.0)
            .unwrap_or(0.8);
        let descent = value(b"Descent")
            .map(|descent| descent * scale)
            .filter(|descent| *descent <= 0.0 && *descent >= -1.0)
            .unwrap_or(-0.2);
        let flags = value(b"Flags").unwrap_or(0.0) as i64;
        let angle = value(b"ItalicAngle").unwrap_or(0.0);
        let names = [
            name_of(font, b"BaseFont"),
            name_of(described, b"BaseFont"),
            descriptor.map_or_else(String::new, |descriptor| name_of(descriptor, b"FontName")),
        ];
        let named_italic = names
            .iter()
            .any(|name| name.contains("italic") || name.contains("oblique"));
        FontLook {
            ascent,
            descent,
            italic: flags & 64 != 0 || angle.abs() > 0.5 || named_italic,
            type3,
        }
    }
}

/// A colour space, as far as the reader needs it to know a colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Space {
    /// A device space, or one that behaves as one (`ICCBased` by its
    /// number of components, `CalGray`, `CalRGB`): 1, 3 or 4 components.
    Device(usize),
    /// A `Separation` or `DeviceN` space: each tint is that much ink, so
    /// the darkest tint is how dark the colour is.
    Tint,
    /// A pattern, an indexed or a Lab space: the colour is not known.
    Unknown,
}

/// A colour as the graphics state holds it: its space, and the colour as
/// sRGB where it is known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Ink {
    space: Space,
    colour: Option<Rgb>,
}

impl Ink {
    /// The colour at the start of a page: black, in `DeviceGray`.
    pub(super) const BLACK: Ink = Ink {
        space: Space::Device(1),
        colour: Some(BLACK),
    };

    /// The colour once `space` is set (`cs`): its initial colour, black
    /// for every space but a pattern or an unknown one.
    pub(super) fn in_space(space: Space) -> Ink {
        let colour = match space {
            Space::Device(_) | Space::Tint => Some(BLACK),
            Space::Unknown => None,
        };
        Ink { space, colour }
    }

    /// The colour `values` give in a device space of their own number of
    /// components (`g`, `rg`, `k`).
    pub(super) fn device(values: &[f64]) -> Ink {
        Ink {
            space: Space::Device(values.len()),
            colour: Rgb::from_components(values),
        }
    }

    /// Sets the colour (`sc`, `scn`) in the space already set.
    pub(super) fn set(&mut self, values: &[f64]) {
        self.colour = match self.space {
            Space::Device(count) if values.len() == count => Rgb::from_components(values),
            Space::Tint if !values.is_empty() => {
                let darkest = values.iter().copied().fold(0.0, f64::max);
                Some(Rgb::grey(1.0 - darkest))
            }
            _ => None,
        };
    }

    /// The colour, where it is known.
    pub(super) fn colour(&self) -> Option<Rgb> {
        self.colour
    }
}

/// The space a colour space object names, following references.
pub(super) fn space_of(document: &Document, space: &Object) -> Space {
    let Ok((_, space)) = document.dereference(space) else {
        return Space::Unknown;
    };
    let name = match space {
        Object::Name(name) => name.as_slice(),
        Object::Array(parts) => parts
            .first()
            .and_then(|part| part.as_name().ok())
            .unwrap_or_default(),
        _ => return Space::Unknown,
    };
    match name {
        b"DeviceGray" | b"G" | b"CalGray" => Space::Device(1),
        b"DeviceRGB" | b"RGB" | b"CalRGB" => Space::Device(3),
        b"DeviceCMYK" | b"CMYK" => Space::Device(4),
        b"Separation" | b"DeviceN" => Space::Tint,
        b"ICCBased" => {
            let components = space
                .as_array()
                .ok()
                .and_then(|parts| parts.get(1))
                .and_then(|stream| document.dereference(stream).ok())
                .and_then(|(_, stream)| stream.as_stream().ok())
                .and_then(|stream| stream.dict.get(b"N").and_then(Object::as_i64).ok());
            match components {
                Some(count @ (1 | 3 | 4)) => Space::Device(count as usize),
                _ => Space::Unknown,
            }
        }
        _ => Space::Unknown,
    }
}

/// How text shown now is drawn, from the graphics state.
#[derive(Debug, Clone)]
pub(super) struct Drawn {
    /// The clipping path's box.
    pub(super) clip: Rect,
    /// The colour of its ink, if known and if it sets the glyphs' colour.
    pub(super) ink: Option<Rgb>,
    /// Its opacity, from 0 to 1.
    pub(super) opacity: f64,
    /// Why it draws nothing at all, if it does not.
    pub(super) invisible: Option<String>,
    /// Its size on the page, in points.
    pub(super) size: f64,
    /// Whether its face is italic or slanted.
    pub(super) italic: bool,
    /// The contrast of its ink, at its opacity, with the white page.
    pub(super) on_white: Option<f64>,
}

/// Something painted on a page that can hide text drawn before it or set
/// the colour text drawn after it lies on.
#[derive(Debug, Clone, Copy)]
struct Paint {
    /// Where it is in paint order, among the page's glyphs and paints.
    order: u64,
    /// The box it paints, within the clip in force.
    area: Rect,
    /// Its colour (`None` for an image or a shading).
    colour: Option<Rgb>,
    opacity: f64,
}

/// What a glyph's colour was judged against, for the later paints over it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Seen {
    /// The glyph's colour as it shows, its opacity taken into account.
    ink: Rgb,
    /// What lies under it.
    under: Rgb,
}

/// A line thicker than this, in points, is a rule or a box, not an
/// underline.
const LINE_THICKNESS_PT: f64 = 3.0;
/// How many lines a page may hold that are judged as underlines.
const MAX_LINES: usize = 4096;

/// The judge of one page's glyphs: the rules, the page a reader holds, and
/// what has been painted so far.
pub(super) struct PageJudge<'r> {
    rules: &'r Legibility,
    /// The page a reader holds, and the margin in points.
    held: Option<(Rect, PageHeld)>,
    /// The page's sheet, which a shading with no clip fills.
    media: Rect,
    paints: Vec<Paint>,
    /// Thin horizontal strokes and fills that may underline text (large
    /// print only), on the page.
    lines: Vec<Rect>,
    /// For each band of the page, the paints reaching into it, in order.
    bands: Vec<Vec<u32>>,
    bands_from: f64,
    /// The next place in paint order.
    order: u64,
}

impl<'r> PageJudge<'r> {
    /// A judge for a page whose sheet is `media` and whose held page is
    /// `held` (as `rules.page` says which).
    pub(super) fn new(rules: &'r Legibility, media: Rect, held: Option<Rect>) -> PageJudge<'r> {
        let span = (media[3] - media[1]).clamp(0.0, 14_400.0);
        let bands = (span / BAND_PT).ceil() as usize + 1;
        PageJudge {
            rules,
            held: rules.page.zip(held).map(|(which, rect)| (rect, which)),
            media,
            paints: Vec::new(),
            lines: Vec::new(),
            bands: vec![Vec::new(); bands],
            bands_from: media[1],
            order: 0,
        }
    }

    /// Where paint order stands: the place of the last glyph or paint.
    pub(super) fn order(&self) -> u64 {
        self.order
    }

    /// The next place in paint order.
    pub(super) fn next_order(&mut self) -> u64 {
        self.order += 1;
        self.order
    }

    fn band(&self, y: f64) -> usize {
        let band = ((y - self.bands_from) / BAND_PT).floor();
        band.clamp(0.0, (self.bands.len() - 1) as f64) as usize
    }

    /// Notes a fill, an image or a shading painted over `area` (already
    /// clipped) with `colour` (`None` when not known) and `opacity`. A paint
    /// with no area, or that shows nothing, is not kept; an `area` without
    /// bounds is bounded by the sheet. Each band it is kept in costs a unit
    /// of `work`.
    pub(super) fn paint(
        &mut self,
        area: Rect,
        colour: Option<Rgb>,
        opacity: f64,
        work: &mut usize,
    ) {
        if !self.rules.visibility || opacity <= NO_OPACITY || *work == 0 {
            return;
        }
        if area.iter().any(|value| value.is_nan()) {
            return;
        }
        let area = if area.iter().all(|value| value.is_finite()) {
            area
        } else {
            crate::pdf::geometry::intersection(&area, &self.media)
        };
        if !(area[2] > area[0] && area[3] > area[1])
            || area[3] <= area[1]
            || self.paints.len() >= u32::MAX as usize
        {
            return;
        }
        let (first, last) = (self.band(area[1]), self.band(area[3]));
        *work = work.saturating_sub(last - first + 1);
        let order = self.next_order();
        let index = self.paints.len() as u32;
        self.paints.push(Paint {
            order,
            area,
            colour,
            opacity,
        });
        for band in first..=last {
            self.bands[band].push(index);
        }
    }

    /// Notes a stroke or fill over `area` that may underline text, if it is
    /// a thin horizontal line and large print is judged (at most
    /// [`MAX_LINES`] a page).
    pub(super) fn line(&mut self, area: Rect) {
        let (width, height) = (area[2] - area[0], area[3] - area[1]);
        let thin = height <= LINE_THICKNESS_PT && width >= 2.0 * height.max(0.5);
        if self.rules.large_print && thin && self.lines.len() < MAX_LINES {
            self.lines.push(area);
        }
    }

    /// Whether a line drawn before or after `glyph` underlines it: it runs
    /// under at least half the glyph's width, in the lower part of its box
    /// (the descent, where an underline goes), not clear below it. Each
    /// line looked at costs a unit of `work`.
    pub(super) fn underlined(&self, glyph: &Rect, work: &mut usize) -> bool {
        let (width, height) = (glyph[2] - glyph[0], glyph[3] - glyph[1]);
        if self.lines.is_empty() || width <= 0.0 || height <= 0.0 {
            return false;
        }
        let (from, to) = (glyph[1] - 0.15 * height, glyph[1] + 0.3 * height);
        self.lines.iter().any(|line| {
            *work = work.saturating_sub(1);
            let middle = (line[1] + line[3]) / 2.0;
            let under = (line[2].min(glyph[2]) - line[0].max(glyph[0])).max(0.0);
            middle >= from && middle <= to && under >= HIDING_SHARE * width
        })
    }

    /// What a glyph drawn now over `glyph` meets: the reason a reader could
    /// not see it, if any, and what its colour was judged against. Each
    /// paint looked at costs a unit of `work`.
    pub(super) fn judge(
        &self,
        drawn: &Drawn,
        glyph: &Rect,
        work: &mut usize,
    ) -> (Option<Why>, Option<Seen>) {
        let rules = self.rules;
        if let Some((page, which)) = self.held {
            let centre = crate::pdf::geometry::centre(glyph);
            if !contains(&page, centre) {
                return (Some(Why::OutsidePage), None);
            }
            let margin = which.margin_mm();
            let kept = inset(glyph, &page) * MM_PER_PT;
            if kept < margin - EDGE_TOLERANCE_MM {
                let why = Why::NearEdge {
                    mm: (kept.max(0.0) * 10.0).round() / 10.0,
                    limit_mm: margin,
                    edge: which.edge(),
                };
                return (Some(why), None);
            }
        }
        let mut seen = None;
        if rules.visibility {
            if covered_fraction(glyph, &drawn.clip) < HIDING_SHARE {
                return (Some(Why::Clipped), None);
            }
            if let Some(how) = &drawn.invisible {
                return (Some(Why::Invisible { how: how.clone() }), None);
            }
            if let Some(ink) = drawn.ink {
                let under = self.colour_under(glyph, work);
                if let Some(under) = under {
                    let shown = ink.over(under, drawn.opacity);
                    // On the bare page, as most text is, the ratio is the
                    // same for every glyph of a string.
                    let ratio = match drawn.on_white {
                        Some(ratio) if under == WHITE => ratio,
                        _ => contrast_ratio(shown, under),
                    };
                    if ratio < MINIMUM_CONTRAST {
                        let why = Why::LowContrast {
                            colour: ink.describe(),
                            against: describe_ground(under, self.has_paint_under(glyph)),
                            ratio,
                            minimum: MINIMUM_CONTRAST,
                        };
                        return (Some(why), None);
                    }
                    seen = Some(Seen { ink: shown, under });
                }
            }
        }
        if let Some(minimum) = &rules.minimum
            && !minimum.allows(drawn.size)
        {
            let why = Why::TooSmall {
                size_pt: drawn.size,
                minimum_pt: minimum.size_pt,
                standard: minimum.standard.clone(),
            };
            return (Some(why), seen);
        }
        if rules.large_print && drawn.italic {
            return (Some(Why::Italic), seen);
        }
        (None, seen)
    }

    /// The colour under a glyph's centre: the paints so far laid over the
    /// white page in order; `None` when an image or shading lies there.
    fn colour_under(&self, glyph: &Rect, work: &mut usize) -> Option<Rgb> {
        if self.paints.is_empty() {
            return Some(WHITE);
        }
        let centre = crate::pdf::geometry::centre(glyph);
        let mut under = Some(WHITE);
        for &index in &self.bands[self.band(centre.1)] {
            if *work == 0 {
                return None;
            }
            *work -= 1;
            let paint = &self.paints[index as usize];
            if !contains(&paint.area, centre) {
                continue;
            }
            // An image or a shading, or a colour laid over one that still
            // shows through: no colour to judge against.
            under = match (paint.colour, under) {
                (Some(colour), Some(under)) => Some(colour.over(under, paint.opacity)),
                (Some(colour), None) if paint.opacity >= 1.0 => Some(colour),
                _ => None,
            };
        }
        under
    }

    fn has_paint_under(&self, glyph: &Rect) -> bool {
        let centre = crate::pdf::geometry::centre(glyph);
        self.bands[self.band(centre.1)]
            .iter()
            .any(|&index| contains(&self.paints[index as usize].area, centre))
    }

    /// Whether something painted after `order` over most of `glyph` hides
    /// it: an image or shading, or a colour that leaves the glyph less than
    /// [`MINIMUM_CONTRAST`] with its ground (`seen`; black on white if not
    /// known).
    pub(super) fn covered(
        &self,
        glyph: &Rect,
        order: u64,
        seen: Option<Seen>,
        work: &mut usize,
    ) -> bool {
        if self.paints.is_empty() {
            return false;
        }
        let centre = crate::pdf::geometry::centre(glyph);
        let band = &self.bands[self.band(centre.1)];
        let later = band.partition_point(|&index| self.paints[index as usize].order < order);
        let seen = seen.unwrap_or(Seen {
            ink: BLACK,
            under: WHITE,
        });
        band[later..].iter().any(|&index| {
            if *work == 0 {
                return true;
            }
            *work -= 1;
            let paint = &self.paints[index as usize];
            if covered_fraction(glyph, &paint.area) < HIDING_SHARE {
                return false;
            }
            match paint.colour {
                None => paint.opacity >= HIDING_SHARE,
                Some(colour) => {
                    let ink = colour.over(seen.ink, paint.opacity);
                    let under = colour.over(seen.under, paint.opacity);
                    contrast_ratio(ink, under) < MINIMUM_CONTRAST
                }
            }
        })
    }
}

/// What a glyph lies on, in words: `a white page`, `a #ffff00 fill`.
fn describe_ground(under: Rgb, painted: bool) -> String {
    if painted {
        format!("a {} fill", under.describe())
    } else if under == WHITE {
        "a white page".to_owned()
    } else {
        format!("a {} page", under.describe())
    }
}

/// Page furniture (an artifact) shown too small: a page number or a running
/// head.
pub(super) fn small_furniture(page: usize, text: &str, size: f64, minimum: &Minimum) -> String {
    let text = text.trim();
    let what = if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
        "the page number".to_owned()
    } else {
        format!("page furniture (\"{}\")", first_words(text))
    };
    let round = |value: f64| {
        let text = format!("{value:.1}");
        text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
    };
    format!(
        "page {page}: {what} is {} pt, under the {} pt {} minimum",
        round(size),
        round(minimum.size_pt),
        minimum.standard
    )
}

/// A block of text as the structure tree gives it and the page lays it
/// out, for the large-print rules on lines.
pub(super) struct LaidBlock<'p> {
    /// Its standard role (`P`, `H2`, `LI`).
    pub(super) role: Vec<u8>,
    /// Its pieces, label left out, in reading order.
    pub(super) pieces: Vec<&'p Piece>,
    /// The direction of its paragraphs.
    pub(super) direction: Option<Level>,
}

/// One line of a laid block.
struct Line {
    page: usize,
    left: f64,
    right: f64,
    text: String,
}

fn lines_of_block(block: &LaidBlock<'_>) -> Vec<Line> {
    let mut lines: Vec<(Piece, f64, f64)> = Vec::new();
    for piece in &block.pieces {
        let (start, end) = piece.extent();
        match lines.last_mut() {
            Some((line, left, right)) if line.same_line(piece) => {
                line.append(piece);
                *left = left.min(start);
                *right = right.max(end);
            }
            _ => lines.push(((*piece).clone(), start, end)),
        }
    }
    lines
        .into_iter()
        .filter(|(line, ..)| !line.text.trim().is_empty())
        .map(|(line, left, right)| Line {
            page: line.page,
            left,
            right,
            text: line.logical_text(block.direction),
        })
        .collect()
}

fn is_heading(role: &[u8]) -> bool {
    role == b"H"
        || role == b"Title"
        || (role.len() > 1 && role[0] == b'H' && role[1..].iter().all(u8::is_ascii_digit))
}

/// The large-print rules on the layout of the blocks, as flaws naming the
/// page: headings larger than the body text, no word split across lines
/// with a hyphen (a word wider than the line, alone on it, excepted), and
/// every line of a paragraph starting at the same edge, ragged at the other
/// (not centred, not justified).
pub(super) fn large_print_flaws(blocks: &[LaidBlock<'_>]) -> Vec<String> {
    let mut flaws = Vec::new();
    // The body size: the size most of the body's characters are set at.
    let mut sizes: HashMap<i64, usize> = HashMap::new();
    for block in blocks.iter().filter(|block| !is_heading(&block.role)) {
        for piece in &block.pieces {
            let characters = piece.text.chars().filter(|c| !c.is_whitespace()).count();
            *sizes
                .entry((piece.smallest() * 10.0).round() as i64)
                .or_default() += characters;
        }
    }
    let body = sizes
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .max_by_key(|(size, count)| (*count, *size))
        .map(|(size, _)| size as f64 / 10.0);
    for block in blocks {
        let lines = lines_of_block(block);
        let Some(first) = lines.first() else {
            continue;
        };
        let words = first_words(
            &lines
                .iter()
                .map(|line| line.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
        if is_heading(&block.role)
            && let Some(body) = body
        {
            let size = block
                .pieces
                .iter()
                .filter(|piece| !piece.text.trim().is_empty())
                .map(|piece| piece.smallest())
                .fold(f64::INFINITY, f64::min);
            if size <= body + 0.05 {
                flaws.push(format!(
                    "page {}: the heading \"{words}\" is {} pt, no larger than the body text ({} pt)",
                    first.page,
                    (size * 10.0).round() / 10.0,
                    body
                ));
            }
        }
        for pair in lines.windows(2) {
            let line = pair[0].text.trim_end();
            let alone = !line.trim().contains(char::is_whitespace);
            if line.ends_with('\u{ad}') && !alone {
                let word = line.rsplit(char::is_whitespace).next().unwrap_or(line);
                flaws.push(format!(
                    "page {}: a word is split across two lines (\"{}-\"): large print keeps words whole",
                    pair[0].page,
                    word.trim_end_matches('\u{ad}')
                ));
            }
        }
        let right_to_left = block.direction.is_some_and(|level| level.is_rtl());
        let starts: Vec<f64> = lines
            .iter()
            .map(|line| {
                if right_to_left {
                    -line.right
                } else {
                    line.left
                }
            })
            .collect();
        let spread = |values: &[f64]| {
            let low = values.iter().copied().fold(f64::INFINITY, f64::min);
            let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            high - low
        };
        let edge = if right_to_left { "right" } else { "left" };
        if spread(&starts) > EDGE_TOLERANCE_PT {
            flaws.push(format!(
                "page {}: the lines of \"{words}\" do not all start at the {edge} edge: large print is set flush {edge}, not centred",
                first.page
            ));
        } else if lines.len() > JUSTIFIED_LINES {
            let ends: Vec<f64> = lines[..lines.len() - 1]
                .iter()
                .map(|line| if right_to_left { line.left } else { line.right })
                .collect();
            if spread(&ends) <= EDGE_TOLERANCE_PT {
                flaws.push(format!(
                    "page {}: \"{words}\" is justified: large print is set ragged, its lines ending where their words do",
                    first.page
                ));
            }
        }
    }
    flaws
}

/// The first few words of a text, for messages.
fn first_words(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 6 {
        words.join(" ")
    } else {
        format!("{} …", words[..6].join(" "))
    }
}
