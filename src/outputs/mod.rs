//! The output formats. Each format is one module holding a writer and, beside
//! it, a reader that shares no code with the writer: the reader parses the
//! file on disk as what it is, so that [`crate::verify`] can compare what a
//! reader would really get with the model.

pub mod epub;
pub mod large_print_pdf;
pub mod layout_data;
pub mod pagination;
pub mod pdf_read;
pub mod print_pdf;
pub mod text;

use std::fmt;
use std::sync::OnceLock;

use crate::model::{FileDate, Leaflet, LinkAddresses};
use crate::typeset::Layouts;

/// Everything a writer needs to render one leaflet.
#[derive(Debug)]
pub struct RenderContext<'a> {
    /// The leaflet to render.
    pub leaflet: &'a Leaflet,
    /// The layouts and fonts (`layouts/` built in, or `--layouts DIR`).
    pub layouts: &'a Layouts,
    /// Whether to make PNG proofs of every page, where the format has pages.
    pub proofs: bool,
    /// The date the files' metadata carries.
    pub date: FileDate,
    /// The print edition, typeset on first use and then shared by the
    /// print PDF and the EPUB's page-list.
    print_edition: OnceLock<Result<print_pdf::PrintEdition, RenderError>>,
    /// The large-print edition, likewise: its file and the job ticket's
    /// facts about it.
    large_print_edition: OnceLock<Result<large_print_pdf::LargePrintEdition, RenderError>>,
}

impl<'a> RenderContext<'a> {
    /// A context for rendering `leaflet` with `layouts`, its files dated
    /// `date`.
    pub fn new(leaflet: &'a Leaflet, layouts: &'a Layouts, proofs: bool, date: FileDate) -> Self {
        RenderContext {
            leaflet,
            layouts,
            proofs,
            date,
            print_edition: OnceLock::new(),
            large_print_edition: OnceLock::new(),
        }
    }

    /// The leaflet's print edition, typeset the first time it is asked for.
    pub fn print_edition(&self) -> Result<&print_pdf::PrintEdition, RenderError> {
        self.print_edition
            .get_or_init(|| print_pdf::typeset(self))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The leaflet's large-print edition, typeset the first time it is
    /// asked for.
    pub fn large_print_edition(&self) -> Result<&large_print_pdf::LargePrintEdition, RenderError> {
        self.large_print_edition
            .get_or_init(|| large_print_pdf::typeset(self))
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// What a writer made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The bytes of the output file.
    pub bytes: Vec<u8>,
    /// Things someone should know that do not stop the build (no
    /// hyphenation patterns for the leaflet's language, say).
    pub warnings: Vec<String>,
    /// Files made beside the output (PNG proofs), by file name: released
    /// with it, not checked.
    pub extra_files: Vec<(String, Vec<u8>)>,
}

impl Rendered {
    /// Just the bytes of a file.
    pub fn file(bytes: Vec<u8>) -> Rendered {
        Rendered {
            bytes,
            ..Rendered::default()
        }
    }
}

/// One output format: its file name, its writer and its reader.
pub trait Output: Send + Sync {
    /// What the output is called in messages and reports (`plain text`).
    fn name(&self) -> &'static str;

    /// The output's file name for a leaflet id (`ID.txt`).
    fn file_name(&self, leaflet_id: &str) -> String;

    /// Whether the output writes a link's address after its text.
    fn link_addresses(&self) -> LinkAddresses;

    /// Renders the leaflet into the bytes of the file.
    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, RenderError>;

    /// Reads a file of this format back into the text a reader would get, in
    /// reading order. Knows nothing of how the writer made it.
    fn read_back(&self, bytes: &[u8]) -> Result<ReadBack, ReadError>;
}

/// Every output leafpress makes, in the order they are built and reported.
pub fn all() -> Vec<Box<dyn Output>> {
    vec![
        Box::new(print_pdf::PrintPdf),
        Box::new(large_print_pdf::LargePrintPdf),
        Box::new(epub::Epub),
        Box::new(text::PlainText),
    ]
}

/// The text of an output as its reader found it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadBack {
    /// Blocks of text in reading order: a line, a paragraph, a heading, a
    /// list item, as the format shows them. Page furniture is left out where
    /// the format marks it.
    pub blocks: Vec<String>,
    /// Ways the file breaks its format's rules that its reader noticed while
    /// reading it (a plain-text file with tabs, say), in words.
    pub flaws: Vec<String>,
    /// For a PDF, what it is as printed matter (pages, trim, bleed,
    /// colour), or why that could not be read; `None` for other formats.
    pub printed: Option<Result<pdf_read::PrintedPdf, String>>,
}

/// A writer could not render a leaflet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError(pub String);

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RenderError {}

/// A reader could not make sense of a file: it is not of its format, or it is
/// damaged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(pub String);

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ReadError {}
