//! The paper rules: which sheet a PDF's pages are printed on, how many
//! sheets a copy takes, which stock to use, and how many sheets and reams
//! an order needs.
//!
//! - A saddle-stitched booklet of P pages (P a multiple of 4) is printed as
//!   P/4 sheets of twice the trim size, both sides, folded and stapled: A5
//!   pages on A4 sheets.
//! - Unbound pages (a print PDF with `binding = "none"`, and large print)
//!   take ceil(P/2) sheets of the trim size, printed both sides.
//! - A braille file of P pages is embossed one page a sheet, one side: P
//!   sheets of braille paper, A4 portrait when its lines fit across A4 and
//!   11 by 11.5 inches otherwise ([`braille_sheet`]).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{Binding, TrimSize};

/// Sheets in a ream.
pub const SHEETS_PER_REAM: u64 = 500;

/// The stock for large print when nothing else is said: matt, against
/// glare, and heavy enough that print does not show through (UKAAF asks
/// for at least 90 gsm; 100 gsm and over is usual).
pub const LARGE_PRINT_STOCK: &str = "120 gsm matt uncoated";

/// The paper braille is embossed on when nothing else is said: braille
/// paper is heavier than print paper, so that the dots hold their shape
/// under the fingers (150 to 180 gsm is usual).
pub const BRAILLE_STOCK: &str = "160 gsm braille paper";

/// How far apart embossed cells are across a line, in millimetres: the
/// least of the Library of Congress's cell spacing (0.241 in), which
/// embossers' standard spacing meets.
pub const BRAILLE_CELL_MM: f64 = 6.1;
/// How far apart embossed lines are, in millimetres (the Library of
/// Congress's 0.395 in, rounded up).
pub const BRAILLE_LINE_MM: f64 = 10.0;
/// The margins a braille page keeps across, in all (the binding edge and
/// the other), and down (top and bottom), in millimetres.
pub const BRAILLE_MARGINS_MM: (f64, f64) = (20.0, 10.0);

/// The sheet a braille page of `cells_per_line` by `lines_per_page` is
/// embossed on: the first of A4 portrait and 11 by 11.5 inch braille paper
/// (11 inches across) whose width holds the line at [`BRAILLE_CELL_MM`]
/// with [`BRAILLE_MARGINS_MM`] and whose height holds the lines at
/// [`BRAILLE_LINE_MM`]. That is A4 for up to 31 cells and the 11-inch
/// paper for 32 to 42; every page the source format allows (20 to 28 lines)
/// fits either height. `None` for a page neither holds.
pub fn braille_sheet(cells_per_line: usize, lines_per_page: usize) -> Option<Sheet> {
    let (across, down) = BRAILLE_MARGINS_MM;
    let width = cells_per_line as f64 * BRAILLE_CELL_MM + across;
    let height = lines_per_page as f64 * BRAILLE_LINE_MM + down;
    [
        Sheet::named("A4", (210.0, 297.0)),
        Sheet::named("11 × 11.5 in braille paper", (279.4, 292.1)),
    ]
    .into_iter()
    .find(|sheet| width <= sheet.width_mm && height <= sheet.height_mm)
}

/// A sheet of paper: its name where it is a standard size, and its size in
/// millimetres as it goes through the press.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    /// `A4`, or `None` for a size with no name.
    pub name: Option<String>,
    /// Width in millimetres.
    pub width_mm: f64,
    /// Height in millimetres.
    pub height_mm: f64,
}

impl Sheet {
    /// The same sheet turned portrait: how a ream of it is sold, whichever
    /// way a job runs it through the press.
    pub fn portrait(&self) -> Sheet {
        Sheet {
            name: self.name.clone(),
            width_mm: self.width_mm.min(self.height_mm),
            height_mm: self.width_mm.max(self.height_mm),
        }
    }

    fn named(name: &str, (width_mm, height_mm): (f64, f64)) -> Sheet {
        Sheet {
            name: Some(name.to_owned()),
            width_mm,
            height_mm,
        }
    }
}

/// `A4, 297 × 210 mm`, or `198 × 210 mm` for a size with no name.
impl fmt::Display for Sheet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(name) = &self.name {
            write!(f, "{name}, ")?;
        }
        write!(f, "{} × {} mm", self.width_mm, self.height_mm)
    }
}

/// How one PDF is printed: binding, sheet and sheets a copy.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintRun {
    /// How the printed sheets are bound.
    pub binding: Binding,
    /// The sheet each copy is printed on.
    pub sheet: Sheet,
    /// Sheets of that size one copy takes.
    pub sheets_per_copy: u64,
    /// Whether the sheets are printed on both sides.
    pub both_sides: bool,
}

/// How `pages` pages of `trim` size, bound with `binding`, are printed.
pub fn print_run(trim: TrimSize, binding: Binding, pages: u64) -> PrintRun {
    match binding {
        Binding::SaddleStitch => PrintRun {
            binding,
            sheet: twice(trim),
            sheets_per_copy: pages.div_ceil(4),
            both_sides: true,
        },
        Binding::None => PrintRun {
            binding,
            sheet: Sheet::named(trim_name(trim), trim.mm()),
            sheets_per_copy: pages.div_ceil(2),
            both_sides: pages > 1,
        },
    }
}

/// The sheet twice the trim's width, turned: the next A size up for an A
/// size, and a sheet with no name for DL.
fn twice(trim: TrimSize) -> Sheet {
    match trim {
        TrimSize::A4 => Sheet::named("A3", (420.0, 297.0)),
        TrimSize::A5 => Sheet::named("A4", (297.0, 210.0)),
        TrimSize::A6 => Sheet::named("A5", (210.0, 148.0)),
        TrimSize::DL => {
            let (width, height) = trim.mm();
            Sheet {
                name: None,
                width_mm: width * 2.0,
                height_mm: height,
            }
        }
    }
}

/// The trim size's name in the source format.
pub fn trim_name(trim: TrimSize) -> &'static str {
    TrimSize::ALL
        .iter()
        .find(|(_, size)| *size == trim)
        .map_or("custom", |(name, _)| name)
}

/// The stock a print PDF is printed on when the source names none: silk
/// (coated, smooth, easy to read under any light), heavier for loose
/// leaflets than for the pages of a booklet, which must fold.
pub fn default_print_stock(trim: TrimSize, binding: Binding) -> &'static str {
    match (binding, trim) {
        (Binding::SaddleStitch, TrimSize::A6) => "115 gsm silk",
        (Binding::SaddleStitch, _) => "130 gsm silk",
        (Binding::None, TrimSize::A4 | TrimSize::A5) => "150 gsm silk",
        (Binding::None, TrimSize::A6 | TrimSize::DL) => "170 gsm silk",
    }
}

/// Sheets and reams for one PDF of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity {
    /// Sheets, spoilage included.
    pub sheets: u64,
    /// Reams of [`SHEETS_PER_REAM`], rounded up.
    pub reams: u64,
}

/// The sheets `copies` copies take, with `spoilage_percent` (0 to 100)
/// more for make-ready and misprints, rounded up; never fewer than copies
/// × sheets a copy. `None` when the count is beyond counting (over
/// 2⁶⁴ sheets).
pub fn quantity(copies: u64, sheets_per_copy: u64, spoilage_percent: f64) -> Option<Quantity> {
    let exact = copies.checked_mul(sheets_per_copy)?;
    // Millionths of a percent, in integers, so that rounding never takes a
    // sheet off.
    const PARTS: u128 = 100_000_000;
    let millionths = (spoilage_percent.clamp(0.0, 100.0) * 1_000_000.0).round() as u128;
    let extra = (u128::from(exact) * millionths).div_ceil(PARTS);
    let sheets = u64::try_from(u128::from(exact) + extra).ok()?;
    Some(Quantity {
        sheets,
        reams: sheets.div_ceil(SHEETS_PER_REAM),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saddle_stitched_booklet_takes_a_quarter_of_its_pages_on_twice_the_trim() {
        let run = print_run(TrimSize::A5, Binding::SaddleStitch, 12);
        assert_eq!(run.sheets_per_copy, 3);
        assert_eq!(run.sheet.to_string(), "A4, 297 × 210 mm");
        assert!(run.both_sides);
        assert_eq!(
            print_run(TrimSize::A6, Binding::SaddleStitch, 4).sheet.name,
            Some("A5".into())
        );
        assert_eq!(
            print_run(TrimSize::A4, Binding::SaddleStitch, 8).sheet.name,
            Some("A3".into())
        );
        let dl = print_run(TrimSize::DL, Binding::SaddleStitch, 8);
        assert_eq!(
            (dl.sheet.to_string(), dl.sheets_per_copy),
            ("198 × 210 mm".into(), 2)
        );
    }

    #[test]
    fn unbound_pages_take_half_their_count_rounded_up_on_the_trim_size() {
        let run = print_run(TrimSize::A4, Binding::None, 9);
        assert_eq!(run.sheets_per_copy, 5);
        assert_eq!(run.sheet.to_string(), "A4, 210 × 297 mm");
        assert!(run.both_sides);
        assert!(!print_run(TrimSize::A4, Binding::None, 1).both_sides);
        assert_eq!(
            print_run(TrimSize::A4, Binding::None, 10).sheets_per_copy,
            5
        );
    }

    #[test]
    fn an_order_rounds_sheets_and_reams_up_never_down() {
        let sheets = |copies, per_copy, spoilage| quantity(copies, per_copy, spoilage).unwrap();
        assert_eq!(
            sheets(500, 3, 5.0),
            Quantity {
                sheets: 1575,
                reams: 4
            }
        );
        assert_eq!(sheets(500, 3, 0.0).sheets, 1500);
        assert_eq!(sheets(500, 3, 0.0).reams, 3);
        // 1 % of 7 sheets is 0.07: still one more sheet.
        assert_eq!(sheets(7, 1, 1.0).sheets, 8);
        assert_eq!(sheets(1_000_000, 1, 0.004).sheets, 1_000_040);
        assert_eq!(
            sheets(0, 3, 5.0),
            Quantity {
                sheets: 0,
                reams: 0
            }
        );
        assert_eq!(sheets(10u64.pow(18), 1, 5.0).sheets, 105 * 10u64.pow(16));
    }

    #[test]
    fn an_order_beyond_counting_is_refused_not_wrapped() {
        assert_eq!(quantity(u64::MAX, 2, 0.0), None);
        assert_eq!(quantity(u64::MAX, 1, 5.0), None);
    }

    #[test]
    fn braille_paper_follows_from_the_cells_on_a_line() {
        let name = |cells, lines| braille_sheet(cells, lines).and_then(|sheet| sheet.name);
        assert_eq!(name(40, 25).as_deref(), Some("11 × 11.5 in braille paper"));
        assert_eq!(name(42, 28).as_deref(), Some("11 × 11.5 in braille paper"));
        assert_eq!(name(32, 25).as_deref(), Some("11 × 11.5 in braille paper"));
        assert_eq!(name(31, 28).as_deref(), Some("A4"));
        assert_eq!(name(28, 20).as_deref(), Some("A4"));
        // Every page the source format allows has a sheet.
        for cells in crate::model::BrailleSettings::CELLS_PER_LINE {
            for lines in crate::model::BrailleSettings::LINES_PER_PAGE {
                assert!(braille_sheet(cells, lines).is_some(), "{cells} × {lines}");
            }
        }
        assert_eq!(braille_sheet(60, 25), None);
        assert_eq!(braille_sheet(40, 40), None);
    }

    #[test]
    fn large_print_stock_is_matt_and_at_least_100_gsm() {
        assert!(LARGE_PRINT_STOCK.contains("matt"));
        let gsm: u32 = LARGE_PRINT_STOCK
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(gsm >= 100);
    }
}
