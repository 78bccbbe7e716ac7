//! Where a braille proof puts each dot: the one thing the drawing
//! ([`super::braille_drawing`]) and the reading back
//! ([`super::braille_reading`]) share.
//!
//! The page is drawn at paper braille's spacing, 4 pixels to the
//! millimetre (101.6 dpi), so that at 100 % zoom on an ordinary screen a
//! page looks about the size it is embossed: dots 2.5 mm (10 px) apart
//! within a cell, cells 6 mm (24 px) apart, lines 10 mm (40 px) apart, a
//! raised dot 1.5 mm (6 px) across (BANA's and UKAAF's figures for paper
//! braille, rounded to whole pixels), with a 5 mm margin around the
//! page's cells and lines.

use crate::model::BrailleSettings;

/// Pixels to the millimetre.
pub const PIXELS_PER_MM: u32 = 4;
/// From one dot's centre to the next within a cell, across or down
/// (2.5 mm: 10 px).
pub const DOT_PITCH: u32 = 5 * PIXELS_PER_MM / 2;
/// From one cell's start to the next (6 mm: 24 px).
pub const CELL_PITCH: u32 = 6 * PIXELS_PER_MM;
/// From one line's top to the next (10 mm: 40 px).
pub const LINE_PITCH: u32 = 10 * PIXELS_PER_MM;
/// The margin around the page's cells and lines (5 mm: 20 px).
pub const MARGIN: u32 = 5 * PIXELS_PER_MM;
/// From a cell's left edge to the centre pixel of its dots 1 to 3.
const FIRST_COLUMN: u32 = 7;
/// From a line's top to the centre pixel of its dots 1 and 4.
const FIRST_ROW: u32 = 10;

/// The proof's size in pixels for a page of `page`'s cells and lines.
pub fn size(page: BrailleSettings) -> (u32, u32) {
    let (cells, lines) = cells_and_lines(page);
    (
        2 * MARGIN + cells * CELL_PITCH,
        2 * MARGIN + lines * LINE_PITCH,
    )
}

/// The page's cells on a line and lines, as pixel counts take them.
pub fn cells_and_lines(page: BrailleSettings) -> (u32, u32) {
    let count = |n: usize| u32::try_from(n).expect("the source format caps a braille page");
    (count(page.cells_per_line), count(page.lines_per_page))
}

/// The pixel at the centre of dot `dot` (0 for dot 1 ... 5 for dot 6) of
/// cell `cell` on line `line`, both counted from 0.
pub fn dot_centre(line: u32, cell: u32, dot: u32) -> (u32, u32) {
    let (column, row) = (dot / 3, dot % 3);
    (
        MARGIN + cell * CELL_PITCH + FIRST_COLUMN + column * DOT_PITCH,
        MARGIN + line * LINE_PITCH + FIRST_ROW + row * DOT_PITCH,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_standard_page_is_about_its_paper_size() {
        let page = BrailleSettings::default();
        // 40 cells of 6 mm and 25 lines of 10 mm, with the margins.
        assert_eq!(size(page), (1000, 1040));
        assert_eq!(dot_centre(0, 0, 0), (27, 30));
        assert_eq!(dot_centre(1, 2, 5), (20 + 48 + 17, 20 + 40 + 30));
    }
}
