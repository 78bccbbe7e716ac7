//! The TOML shape of a source file, as serde reads it.
//!
//! Every key of the format is here and nothing else, and every value keeps
//! its span so that later checks can point at it. serde reads the document
//! after [`super::structure`] has reported and taken out every unknown key
//! and every value of the wrong kind, so it does not stop at the first; for
//! the same reason every key is optional here, and [`super::validate`]
//! reports the required ones that are missing, all of them.

use serde::Deserialize;
use toml::Spanned;

/// A whole source file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceFile {
    /// `[leaflet]`: what the leaflet is. Required.
    pub leaflet: Option<Spanned<LeafletTable>>,
    /// `[print]`: settings for the print PDF.
    pub print: Option<PrintTable>,
    /// `[large_print]`: settings for the large-print PDF.
    pub large_print: Option<LargePrintTable>,
    /// `[braille]`: the page of the braille file.
    pub braille: Option<BrailleTable>,
    /// `[labels]`: leafpress's own words for the leaflet's language.
    pub labels: Option<Spanned<LabelsTable>>,
    /// `[[section]]`: the sections in reading order.
    #[serde(default, rename = "section")]
    pub sections: Vec<Spanned<SectionTable>>,
}

/// `[leaflet]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeafletTable {
    /// Names the output files. Required.
    pub id: Option<Spanned<String>>,
    /// One line. Required.
    pub title: Option<Spanned<String>>,
    /// A BCP 47 tag. Required.
    pub language: Option<Spanned<String>>,
    /// Optional.
    pub publisher: Option<Spanned<String>>,
    /// Optional, one or two sentences.
    pub summary: Option<Spanned<String>>,
    /// `YYYY-MM` or `YYYY-MM-DD`. Required.
    pub reviewed: Option<Spanned<String>>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. Required.
    pub next_review: Option<Spanned<String>>,
}

/// `[print]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintTable {
    /// A4, A5, A6 or DL.
    pub size: Option<Spanned<String>>,
    /// 0 to 5.
    pub bleed_mm: Option<Spanned<f64>>,
    /// Whether to draw crop marks.
    pub crop_marks: Option<bool>,
    /// `saddle-stitch` or `none`.
    pub binding: Option<Spanned<String>>,
    /// The paper to print on, in the print shop's words (`130 gsm silk`).
    pub stock: Option<Spanned<String>>,
}

/// `[large_print]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LargePrintTable {
    /// 16 to 28.
    pub size_pt: Option<Spanned<f64>>,
}

/// `[braille]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrailleTable {
    /// Cells on a line: a whole number, 28 to 42.
    pub cells_per_line: Option<Spanned<f64>>,
    /// Lines on a page: a whole number, 20 to 28.
    pub lines_per_page: Option<Spanned<f64>>,
}

/// `[labels]`: each key optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelsTable {
    /// The heading of a Notes page.
    pub notes: Option<Spanned<String>>,
    /// Before the publisher's name.
    pub published_by: Option<Spanned<String>>,
    /// Before the last review date.
    pub last_reviewed: Option<Spanned<String>>,
    /// Before the next review date.
    pub next_review_due: Option<Spanned<String>>,
    /// The EPUB's table of contents.
    pub contents: Option<Spanned<String>>,
    /// The EPUB's landmarks.
    pub landmarks: Option<Spanned<String>>,
    /// The EPUB's page-list of the print edition.
    pub pages: Option<Spanned<String>>,
    /// The order of a date with a day: `{day} {month} {year}`.
    pub date: Option<Spanned<String>>,
    /// The order of a date without a day: `{month} {year}`.
    pub month_date: Option<Spanned<String>>,
    /// January to December: 12 names.
    pub months: Option<Spanned<Vec<Spanned<String>>>>,
    /// January to December in a date without a day, where they differ.
    pub months_alone: Option<Spanned<Vec<Spanned<String>>>>,
}

/// One `[[section]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionTable {
    /// Unique in the file. Required.
    pub id: Option<Spanned<String>>,
    /// One line. Required.
    pub heading: Option<Spanned<String>>,
    /// Body markup. Required.
    pub body: Option<Spanned<String>>,
}
