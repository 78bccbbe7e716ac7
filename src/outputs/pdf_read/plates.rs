//! On which printing plates a PDF's text and marks land, read from the
//! colour operators as the pages draw them: a print shop's preflight
//! wants small black text on the black plate alone (100 % K, DeviceCMYK
//! `0 0 0 1`: an ICC grey or an RGB black goes through a CMYK profile as
//! four-colour rich black) and crop marks in the registration colour (a
//! Separation named `All`, on every plate).
//!
//! The content reader (`content.rs`) keeps a [`PlateInk`] for the fill and
//! the stroke in its graphics state, and tells a [`PlateReport`] of every
//! text run and of every mark (a path painted wholly outside the TrimBox).

use lopdf::{Dictionary, Document, Object};

/// How far from 0 or 1 a colour component may be and still count as it.
const EXACT: f64 = 0.001;

/// The plates an ink prints on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Plates {
    /// 100 % K: DeviceCMYK `0 0 0 1`, the black plate alone.
    Black,
    /// The registration colour at full strength: `All`, every plate.
    Registration,
    /// Anything else, described (`DeviceGray`, `a tint of K`).
    Other(&'static str),
}

/// The colour space an ink is in, as far as its plates go.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum PlateSpace {
    /// DeviceCMYK: its values say the plates.
    Cmyk,
    /// A Separation named `All`: its tint says whether it is registration.
    All,
    /// Any other space, described.
    Other(&'static str),
}

/// A fill or stroke colour: its space and the plates it prints on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct PlateInk {
    space: PlateSpace,
    /// The plates it prints on.
    pub(super) plates: Plates,
}

impl PlateInk {
    /// The colour at the start of a page: black in DeviceGray.
    pub(super) const INITIAL: PlateInk = PlateInk {
        space: PlateSpace::Other("DeviceGray"),
        plates: Plates::Other("DeviceGray"),
    };

    /// The colour a device operator sets (`g`, `rg`, `k` and the stroke
    /// ones), by its number of values.
    pub(super) fn device(values: &[f64]) -> PlateInk {
        let space = match values.len() {
            4 => PlateSpace::Cmyk,
            3 => PlateSpace::Other("DeviceRGB"),
            _ => PlateSpace::Other("DeviceGray"),
        };
        let mut ink = PlateInk::in_space(space);
        ink.set(values);
        ink
    }

    /// The colour once `space` is set (`cs`, `CS`): its initial colour,
    /// which for DeviceCMYK is `0 0 0 1` and for a Separation the full tint.
    pub(super) fn in_space(space: PlateSpace) -> PlateInk {
        let plates = match space {
            PlateSpace::Cmyk => Plates::Black,
            PlateSpace::All => Plates::Registration,
            PlateSpace::Other(what) => Plates::Other(what),
        };
        PlateInk { space, plates }
    }

    /// Sets the colour's values (`sc`, `scn` and device operators).
    pub(super) fn set(&mut self, values: &[f64]) {
        self.plates = match (self.space, values) {
            (PlateSpace::Cmyk, &[c, m, y, k]) => {
                if c.abs() > EXACT || m.abs() > EXACT || y.abs() > EXACT {
                    Plates::Other("process CMYK with cyan, magenta or yellow")
                } else if (k - 1.0).abs() > EXACT {
                    Plates::Other("a tint of K, not 100 %")
                } else {
                    Plates::Black
                }
            }
            (PlateSpace::All, &[tint]) if (tint - 1.0).abs() <= EXACT => Plates::Registration,
            (PlateSpace::All, _) => Plates::Other("a tint of the registration colour"),
            (PlateSpace::Other(what), _) => Plates::Other(what),
            (PlateSpace::Cmyk, _) => Plates::Other("DeviceCMYK with the wrong values"),
        };
    }
}

/// The space a `cs`/`CS` operand names: a device space, or one of the
/// `resources`' `/ColorSpace`s.
pub(super) fn plate_space(
    document: &Document,
    name: &[u8],
    resources: Option<&Dictionary>,
) -> PlateSpace {
    match name {
        b"DeviceCMYK" | b"CMYK" => return PlateSpace::Cmyk,
        b"DeviceGray" | b"G" => return PlateSpace::Other("DeviceGray"),
        b"DeviceRGB" | b"RGB" => return PlateSpace::Other("DeviceRGB"),
        b"Pattern" => return PlateSpace::Other("a pattern"),
        _ => {}
    }
    let space = resources
        .and_then(|resources| resources.get_deref(b"ColorSpace", document).ok())
        .and_then(|spaces| spaces.as_dict().ok())
        .and_then(|spaces| spaces.get_deref(name, document).ok());
    let Some(Object::Array(parts)) = space else {
        return PlateSpace::Other("an unknown colour space");
    };
    let family = parts.first().and_then(|part| part.as_name().ok());
    match family {
        Some(b"Separation") => {
            let colorant = parts.get(1).and_then(|part| part.as_name().ok());
            if colorant == Some(b"All") {
                PlateSpace::All
            } else {
                PlateSpace::Other("a spot colour")
            }
        }
        Some(b"ICCBased") => {
            let components = parts
                .get(1)
                .and_then(|stream| document.dereference(stream).ok())
                .and_then(|(_, stream)| stream.as_stream().ok())
                .and_then(|stream| stream.dict.get(b"N").and_then(Object::as_i64).ok());
            match components {
                Some(1) => PlateSpace::Other("ICC-based grey"),
                Some(3) => PlateSpace::Other("ICC-based RGB"),
                Some(4) => PlateSpace::Other("ICC-based CMYK"),
                _ => PlateSpace::Other("an ICC-based colour space"),
            }
        }
        Some(b"DeviceN") => PlateSpace::Other("a DeviceN colour"),
        Some(b"Indexed" | b"I") => PlateSpace::Other("an indexed colour space"),
        Some(b"CalRGB") => PlateSpace::Other("CalRGB"),
        Some(b"CalGray") => PlateSpace::Other("CalGray"),
        Some(b"Lab") => PlateSpace::Other("Lab"),
        _ => PlateSpace::Other("an unknown colour space"),
    }
}

/// What the pages drew on which plates: every text run and every mark.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlateReport {
    /// How many text runs (shown strings) the pages draw.
    pub text_runs: usize,
    /// Each page and ink of text not in 100 % K (`page 2: DeviceGray`),
    /// once each.
    pub text_not_black: Vec<String>,
    /// How many marks (paths painted wholly outside the TrimBox) the pages
    /// draw.
    pub marks: usize,
    /// Each page and ink of a mark not in the registration colour, once
    /// each.
    pub marks_not_registration: Vec<String>,
    /// Whether some colour is set in DeviceRGB.
    pub device_rgb: bool,
}

impl PlateReport {
    /// Notes a text run on `page` drawn in `plates`.
    pub(super) fn text(&mut self, page: usize, plates: Plates) {
        self.text_runs += 1;
        match plates {
            Plates::Black => {}
            Plates::Registration => {
                note_once(&mut self.text_not_black, page, "the registration colour")
            }
            Plates::Other(what) => note_once(&mut self.text_not_black, page, what),
        }
    }

    /// Notes a mark on `page` painted in `plates`.
    pub(super) fn mark(&mut self, page: usize, plates: Plates) {
        self.marks += 1;
        match plates {
            Plates::Registration => {}
            Plates::Black => note_once(&mut self.marks_not_registration, page, "100 % K"),
            Plates::Other(what) => note_once(&mut self.marks_not_registration, page, what),
        }
    }
}

/// Adds `page N: what` to `list` unless it is there.
fn note_once(list: &mut Vec<String>, page: usize, what: &str) {
    let entry = format!("page {page}: {what}");
    if !list.contains(&entry) {
        list.push(entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_cmyk_0_0_0_1_is_black_and_only_full_all_is_registration() {
        assert_eq!(
            PlateInk::device(&[0.0, 0.0, 0.0, 1.0]).plates,
            Plates::Black
        );
        assert!(matches!(
            PlateInk::device(&[0.0, 0.0, 0.0, 0.5]).plates,
            Plates::Other(_)
        ));
        assert!(matches!(
            PlateInk::device(&[0.6, 0.5, 0.5, 1.0]).plates,
            Plates::Other(_)
        ));
        assert!(matches!(
            PlateInk::device(&[0.0]).plates,
            Plates::Other("DeviceGray")
        ));
        assert!(matches!(
            PlateInk::device(&[0.0, 0.0, 0.0]).plates,
            Plates::Other("DeviceRGB")
        ));
        let mut all = PlateInk::in_space(PlateSpace::All);
        assert_eq!(all.plates, Plates::Registration);
        all.set(&[0.5]);
        assert!(matches!(all.plates, Plates::Other(_)));
        assert_eq!(PlateInk::in_space(PlateSpace::Cmyk).plates, Plates::Black);
        let mut report = PlateReport::default();
        report.text(1, Plates::Black);
        report.text(2, Plates::Other("DeviceGray"));
        report.text(2, Plates::Other("DeviceGray"));
        report.mark(1, Plates::Registration);
        report.mark(1, Plates::Black);
        assert_eq!(report.text_runs, 3);
        assert_eq!(report.text_not_black, ["page 2: DeviceGray"]);
        assert_eq!(report.marks_not_registration, ["page 1: 100 % K"]);
    }
}
