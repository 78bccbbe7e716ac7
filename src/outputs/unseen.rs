//! Text a file holds that a reader could not see or read: off the page,
//! clipped, drawn invisibly, covered, too faint, too small, or, for large
//! print, set in a way the large-print standard forbids. A reader leaves such
//! text out of what it reads back (so the units it belongs to are missing)
//! and says here what it left out and why, so that the check can name the
//! reason: "section `radiotherapy`: text is white on a white page".

use serde::Serialize;

/// A stretch of text a reader left out, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unseen {
    /// The text, as the file holds it.
    pub text: String,
    /// Why a reader could not see or read it.
    pub why: Why,
}

/// Why a reader could not see or read a stretch of text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Why {
    /// It lies outside the page a reader holds (the print PDF's TrimBox, the
    /// large print's page).
    OutsidePage,
    /// It lies on the page but closer to its edge than the format allows.
    NearEdge {
        /// How close it comes, in millimetres.
        mm: f64,
        /// How close the format allows, in millimetres.
        limit_mm: f64,
        /// The edge: `trim` or `page`.
        edge: &'static str,
    },
    /// A clipping path removes it.
    Clipped,
    /// It is drawn with nothing to see: an invisible text render mode, or no
    /// opacity, or a soft mask.
    Invisible {
        /// How (`text render mode 3`, `opacity 0`, `a soft mask`).
        how: String,
    },
    /// Something opaque is painted over it.
    Covered,
    /// Its colour is too close to what lies under it.
    LowContrast {
        /// Its colour, in words (`white`, `#d0d0d0`).
        colour: String,
        /// What it lies on, in words (`a white page`).
        against: String,
        /// The contrast ratio (WCAG), at least 1.
        ratio: f64,
        /// The least ratio allowed (4.5).
        minimum: f64,
    },
    /// It is smaller than the format's minimum.
    TooSmall {
        /// Its size on the page, in points.
        size_pt: f64,
        /// The minimum, in points.
        minimum_pt: f64,
        /// Whose minimum (`Clear Print`, `the leaflet's large print`).
        standard: String,
    },
    /// It is set in an italic or oblique face (large print).
    Italic,
    /// It is underlined (large print).
    Underlined,
    /// It is set in capitals the source does not have (large print).
    Capitals,
    /// A style sheet or attribute hides it (EPUB, web page).
    Hidden {
        /// How (`display: none`, the `hidden` attribute).
        how: String,
    },
}

impl Why {
    /// The problem kind a check reports for it (`too-small`), as in
    /// `check --json`.
    pub fn kind(&self) -> &'static str {
        match self {
            Why::OutsidePage => "outside-page",
            Why::NearEdge { .. } => "near-edge",
            Why::Clipped => "clipped",
            Why::Invisible { .. } => "invisible",
            Why::Covered => "covered",
            Why::LowContrast { .. } => "low-contrast",
            Why::TooSmall { .. } => "too-small",
            Why::Italic => "italic",
            Why::Underlined => "underlined",
            Why::Capitals => "capitals",
            Why::Hidden { .. } => "hidden",
        }
    }

    /// What a reader meets, in words that follow "text": "is white on a
    /// white page", "is 2 pt, under the 12 pt Clear Print minimum".
    pub fn describe(&self) -> String {
        match self {
            Why::OutsidePage => "lies outside the page".to_owned(),
            Why::NearEdge { mm, limit_mm, edge } => format!(
                "is within {limit_mm} mm of the {edge} ({} mm from it)",
                round(*mm)
            ),
            Why::Clipped => "is clipped away".to_owned(),
            Why::Invisible { how } => format!("is drawn invisibly ({how})"),
            Why::Covered => "is covered by a shape drawn over it".to_owned(),
            Why::LowContrast {
                colour,
                against,
                ratio,
                minimum,
            } => format!(
                "is {colour} on {against} (contrast {}:1, under {minimum}:1)",
                round(*ratio)
            ),
            Why::TooSmall {
                size_pt,
                minimum_pt,
                standard,
            } => format!(
                "is {} pt, under the {} pt {standard} minimum",
                round(*size_pt),
                round(*minimum_pt)
            ),
            Why::Italic => "is set in italics".to_owned(),
            Why::Underlined => "is underlined".to_owned(),
            Why::Capitals => "is set in capitals".to_owned(),
            Why::Hidden { how } => format!("is hidden ({how})"),
        }
    }
}

/// A number to one decimal place, without a trailing `.0`.
fn round(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_as_a_person_would_say_them() {
        let small = Why::TooSmall {
            size_pt: 2.0,
            minimum_pt: 12.0,
            standard: "Clear Print".into(),
        };
        assert_eq!(
            small.describe(),
            "is 2 pt, under the 12 pt Clear Print minimum"
        );
        assert_eq!(small.kind(), "too-small");
        let white = Why::LowContrast {
            colour: "white".into(),
            against: "a white page".into(),
            ratio: 1.0,
            minimum: 4.5,
        };
        assert_eq!(
            white.describe(),
            "is white on a white page (contrast 1:1, under 4.5:1)"
        );
    }
}
