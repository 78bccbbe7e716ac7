//! Draws each page of a BRF as braille cells, for a sighted transcriber to
//! look over: every cell as its six dot positions, a raised dot a dark
//! disc, a position left flat a faint small ring (so the grid of cells can
//! be read), a blank cell (a space) left blank, inside a light border
//! round the page's cells and lines, at paper braille's spacing
//! ([`super::braille_geometry`]).
//!
//! No font is needed: the dots are drawn pixel by pixel, each pixel shaded
//! by how much of it the dot covers (sampled at 4 x 4 points, in whole
//! numbers), and written as an 8-bit grey PNG. The same BRF always makes
//! the same bytes.

use super::braille_geometry::{self, MARGIN};
use crate::error::Error;
use crate::model::BrailleSettings;
use crate::outputs::braille::dots::dots_of;

/// The paper's shade (white).
const PAPER: u8 = 255;
/// A raised dot's shade.
const INK: u8 = 40;
/// The shade of a flat dot position's ring, faint.
const RING: u8 = 175;
/// The shade of the border round the page's cells and lines, light.
const BORDER: u8 = 205;

/// Radii in eighths of a pixel, the unit the coverage is sampled in.
const EIGHTHS: i32 = 8;
/// A raised dot's radius: 3 px (1.5 mm across).
const DOT_RADIUS: i32 = 3 * EIGHTHS;
/// A flat position's ring: from 1.5 px to 2.5 px from its centre.
const RING_RADII: (i32, i32) = (12, 20);

/// The BRF's pages drawn, one PNG each, in order; a page's cells beyond
/// `page`'s cells or lines (which the BRF's own check reports) are not
/// drawn.
pub fn draw_pages(brf: &[u8], page: BrailleSettings) -> Result<Vec<Vec<u8>>, Error> {
    let mut pages = Vec::new();
    let mut canvas = Canvas::new(page);
    let (mut line, mut cell) = (0, 0);
    for &byte in brf {
        match byte {
            b'\r' => {}
            b'\n' => (line, cell) = (line + 1, 0),
            0x0c => {
                pages.push(std::mem::replace(&mut canvas, Canvas::new(page)).png()?);
                (line, cell) = (0, 0);
            }
            _ => {
                canvas.cell(line, cell, dots_of(byte).unwrap_or(0));
                cell += 1;
            }
        }
    }
    Ok(pages)
}

/// One page being drawn: grey pixels, row by row.
struct Canvas {
    width: u32,
    height: u32,
    cells: u32,
    lines: u32,
    pixels: Vec<u8>,
}

impl Canvas {
    /// A blank page of `page`'s size, its border drawn.
    fn new(page: BrailleSettings) -> Canvas {
        let (width, height) = braille_geometry::size(page);
        let (cells, lines) = braille_geometry::cells_and_lines(page);
        let mut canvas = Canvas {
            width,
            height,
            cells,
            lines,
            pixels: vec![PAPER; (width * height) as usize],
        };
        canvas.border();
        canvas
    }

    /// A one-pixel line just outside the page's cells and lines.
    fn border(&mut self) {
        let (left, top) = (MARGIN - 1, MARGIN - 1);
        let (right, bottom) = (self.width - MARGIN, self.height - MARGIN);
        for x in left..=right {
            self.shade(x, top, BORDER);
            self.shade(x, bottom, BORDER);
        }
        for y in top..=bottom {
            self.shade(left, y, BORDER);
            self.shade(right, y, BORDER);
        }
    }

    /// Cell `cell` of line `line` (from 0) with the dots of `mask`; a blank
    /// cell stays paper, so that words stand apart as on the page.
    fn cell(&mut self, line: u32, cell: u32, mask: u8) {
        if line >= self.lines || cell >= self.cells || mask == 0 {
            return;
        }
        for dot in 0..6 {
            let centre = braille_geometry::dot_centre(line, cell, dot);
            if mask & (1 << dot) != 0 {
                self.shape(centre, |d2| d2 <= DOT_RADIUS * DOT_RADIUS, INK);
            } else {
                let (inner, outer) = RING_RADII;
                self.shape(
                    centre,
                    |d2| (inner * inner..=outer * outer).contains(&d2),
                    RING,
                );
            }
        }
    }

    /// Shades the pixels round the pixel `centre` by how many of their 16
    /// sample points `inside` holds (given the squared distance from the
    /// centre, in eighths of a pixel), towards `shade`.
    fn shape(&mut self, (cx, cy): (u32, u32), inside: impl Fn(i32) -> bool, shade: u8) {
        let reach = DOT_RADIUS / EIGHTHS + 1;
        let centre = |c: u32| c as i32 * EIGHTHS + EIGHTHS / 2;
        for y in cy as i32 - reach..=cy as i32 + reach {
            for x in cx as i32 - reach..=cx as i32 + reach {
                let covered = (0..16)
                    .filter(|sample| {
                        let sx = x * EIGHTHS + 1 + 2 * (sample % 4) - centre(cx);
                        let sy = y * EIGHTHS + 1 + 2 * (sample / 4) - centre(cy);
                        inside(sx * sx + sy * sy)
                    })
                    .count() as u32;
                let mixed = (u32::from(PAPER) * (16 - covered) + u32::from(shade) * covered) / 16;
                self.shade(x as u32, y as u32, mixed as u8);
            }
        }
    }

    /// Darkens the pixel at `x`, `y` to `shade` (never lightens it).
    fn shade(&mut self, x: u32, y: u32, shade: u8) {
        let at = (y * self.width + x) as usize;
        self.pixels[at] = self.pixels[at].min(shade);
    }

    /// The page as an 8-bit grey PNG.
    fn png(self) -> Result<Vec<u8>, Error> {
        let fail = |error: png::EncodingError| Error::Render {
            output: "proofs",
            message: format!("a braille proof could not be written: {error}"),
        };
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, self.width, self.height);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Balanced);
        let mut writer = encoder.write_header().map_err(fail)?;
        writer.write_image_data(&self.pixels).map_err(fail)?;
        writer.finish().map_err(fail)?;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outputs::proofs::braille_geometry::LINE_PITCH;

    #[test]
    fn the_same_braille_draws_the_same_bytes_a_page_a_form_feed() {
        let page = BrailleSettings::default();
        let brf = b",TITLE   #A\r\n\r\nABC\r\n\x0cTWO   #B\r\n\x0c";
        let first = draw_pages(brf, page).unwrap();
        assert_eq!(first.len(), 2);
        assert_eq!(first, draw_pages(brf, page).unwrap());
        assert!(first[0].starts_with(b"\x89PNG\r\n\x1a\n"));
    }

    #[test]
    fn a_raised_dot_is_dark_at_its_centre_and_a_flat_one_is_paper() {
        let mut canvas = Canvas::new(BrailleSettings::default());
        canvas.cell(0, 0, 0b000001);
        let at = |(x, y): (u32, u32)| canvas.pixels[(y * canvas.width + x) as usize];
        assert_eq!(at(braille_geometry::dot_centre(0, 0, 0)), INK);
        assert_eq!(at(braille_geometry::dot_centre(0, 0, 1)), PAPER);
        let (x, y) = braille_geometry::dot_centre(0, 0, 1);
        assert!(at((x + 2, y)) < PAPER, "the ring shows");
        assert_eq!(at((MARGIN - 1, MARGIN + LINE_PITCH)), BORDER);
    }
}
