//! The TOML shape of a source file, as serde reads it.
//!
//! Every key of the format is here and nothing else: unknown keys are refused
//! (`deny_unknown_fields`), and every value keeps its span so that later
//! checks can point at it.

use serde::Deserialize;
use toml::Spanned;

/// A whole source file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceFile {
    /// `[leaflet]`: what the leaflet is.
    pub leaflet: Spanned<LeafletTable>,
    /// `[print]`: settings for the print PDF.
    pub print: Option<PrintTable>,
    /// `[large_print]`: settings for the large-print PDF.
    pub large_print: Option<LargePrintTable>,
    /// `[[section]]`: the sections in reading order.
    #[serde(default, rename = "section")]
    pub sections: Vec<Spanned<SectionTable>>,
}

/// `[leaflet]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeafletTable {
    /// Names the output files.
    pub id: Spanned<String>,
    /// One line.
    pub title: Spanned<String>,
    /// A BCP 47 tag.
    pub language: Spanned<String>,
    /// Optional.
    pub publisher: Option<Spanned<String>>,
    /// Optional, one or two sentences.
    pub summary: Option<Spanned<String>>,
    /// `YYYY-MM` or `YYYY-MM-DD`.
    pub reviewed: Spanned<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub next_review: Spanned<String>,
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
}

/// `[large_print]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LargePrintTable {
    /// 16 to 28.
    pub size_pt: Option<Spanned<f64>>,
}

/// One `[[section]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionTable {
    /// Unique in the file.
    pub id: Spanned<String>,
    /// One line.
    pub heading: Spanned<String>,
    /// Body markup.
    pub body: Spanned<String>,
}
