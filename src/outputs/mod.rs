//! The output formats. Each format is one module holding a writer and, beside
//! it, a reader that shares no code with the writer: the reader parses the
//! file on disk as what it is, so that [`crate::verify`] can compare what a
//! reader would really get with the model.
//!
//! Everything a build makes is an [`Output`]: the four reading formats here,
//! the print job's files in [`crate::handoff`], and the page proofs. The
//! [`crate::registry`] lists them; the build and the check only ever go
//! through that list.

pub mod braille;
pub mod editions;
pub mod epub;
pub mod html;
pub mod large_print_pdf;
pub mod layout_data;
mod markup;
pub mod pagination;
pub mod pdf_read;
pub mod print_pdf;
pub mod proofs;
pub mod text;
pub mod unseen;

use std::fmt;

use crate::error::Error;
use crate::model::{FileDate, Leaflet};
use crate::typeset::Layouts;
use crate::verify::{CheckContext, FileAt, OutputReport};
use editions::Editions;

/// Everything a writer needs to render one leaflet: plain data, and the
/// editions the leaflet's pipeline typesets once and shares.
#[derive(Debug, Clone, Copy)]
pub struct RenderContext<'a> {
    /// The leaflet to render.
    pub leaflet: &'a Leaflet,
    /// The layouts and fonts (`layouts/` built in, or `--layouts DIR`).
    pub layouts: &'a Layouts,
    /// Whether the PDFs' pages are also drawn as PNG proofs.
    pub proofs: bool,
    /// The date the files' metadata carries.
    pub date: FileDate,
    /// The typeset editions, owned by the leaflet's pipeline.
    pub editions: &'a Editions,
    /// The files the outputs before this one made for the leaflet in this
    /// run, in the registry's order (the web page links to them with their
    /// sizes); empty for the first output, or where outputs are written
    /// one by one.
    pub made: &'a [MadeFile],
}

/// A file an earlier output of the run made: which output, its name in the
/// leaflet's folder and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MadeFile {
    /// The key of the output that made it.
    pub key: &'static str,
    /// Its path relative to the leaflet's folder (`ID.txt`).
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
}

impl MadeFile {
    /// Every file `rendered` holds, as made by the output `key`.
    pub fn all_of<'r>(
        key: &'static str,
        rendered: &'r Rendered,
    ) -> impl Iterator<Item = MadeFile> + 'r {
        rendered.files.iter().map(move |file| MadeFile {
            key,
            name: file.name.clone(),
            size: file.bytes.len() as u64,
        })
    }
}

impl<'a> RenderContext<'a> {
    /// The leaflet's print edition, typeset the first time it is asked for.
    pub fn print_edition(&self) -> Result<&'a print_pdf::PrintEdition, Error> {
        self.editions.print(self)
    }

    /// The leaflet's large-print edition, typeset the first time it is
    /// asked for.
    pub fn large_print_edition(&self) -> Result<&'a large_print_pdf::LargePrintEdition, Error> {
        self.editions.large_print(self)
    }

    /// The leaflet's braille edition, laid out the first time it is asked
    /// for.
    pub fn braille_edition(&self) -> Result<&'a braille::BrailleEdition, Error> {
        self.editions.braille(self)
    }
}

/// A file an output makes, by its name in the leaflet's folder
/// (`ID.txt`, `proofs/ID-print-page-1.png`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedFile {
    /// Its path relative to the leaflet's folder.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// What a writer made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The files, in the order they are staged (most outputs make one).
    pub files: Vec<NamedFile>,
    /// Things someone should know that do not stop the build (no
    /// hyphenation patterns for the leaflet's language, say).
    pub warnings: Vec<String>,
}

impl Rendered {
    /// One file and no warnings.
    pub fn file(name: String, bytes: Vec<u8>) -> Rendered {
        Rendered {
            files: vec![NamedFile { name, bytes }],
            warnings: Vec::new(),
        }
    }
}

/// One thing a build makes: its name, its file, what it needs, its writer
/// and its check.
///
/// An output's check must never trust its writer: it reads the files on
/// disk (staged beside their final paths during a build, released during
/// `check`) and judges what is there.
pub trait Output: Send + Sync {
    /// The output's key in the registry, unique (`print`, `job-ticket`).
    /// Other outputs name it in [`needs`](Output::needs), and the stamp
    /// records it.
    fn key(&self) -> &'static str;

    /// The format `--formats` asks for it by (`print`; `job` for both the
    /// job ticket and the job sheet). Defaults to the key.
    fn format(&self) -> &'static str {
        self.key()
    }

    /// Whether it is made only when asked for by a flag of its own
    /// (`--impose`, `--proofs`) rather than by default.
    fn on_request(&self) -> bool {
        false
    }

    /// What the output is called in messages and reports (`plain text`).
    fn name(&self) -> &'static str;

    /// Its file name for a leaflet id (`ID.txt`), relative to the leaflet's
    /// folder; for an output of several files, the folder they go in.
    fn file_name(&self, leaflet_id: &str) -> String;

    /// Whether it needs the typeset editions to draw every page as a
    /// picture (the proofs do): asking for it makes the editions draw them.
    fn needs_page_pictures(&self) -> bool {
        false
    }

    /// Whether it typesets the leaflet's text with the fonts leafpress has
    /// (the PDFs do, and the EPUB for its page-list of the print edition;
    /// the text leaves showing it to the reader's device): a build that
    /// makes none of these needs no font for it.
    fn typesets(&self) -> bool {
        false
    }

    /// The keys of the outputs whose checked files this one's check reads
    /// (the job ticket needs both PDFs and the braille file): a build that
    /// makes it makes them
    /// too, and its check sees their reports.
    fn needs(&self) -> &'static [&'static str] {
        &[]
    }

    /// Why the output is not made for `leaflet`, as the build's warning
    /// (`Some`), or `None` when it is (the default). The braille file is
    /// made only for languages whose braille tables leafpress trusts. An
    /// output left out is neither written, nor recorded in the stamp, nor
    /// checked. An output another [`needs`](Output::needs) may be left
    /// out: the needing output's check then finds no report for it
    /// ([`CheckContext::needed`] is `None`), and it must expect none (the
    /// job ticket lists a braille file only for a leaflet that has one).
    fn not_made_for(&self, _leaflet: &Leaflet) -> Option<String> {
        None
    }

    /// Renders the leaflet into the output's files.
    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, Error>;

    /// For a reading format, the text its reader gets from a file of it
    /// (what its check compares with the model); `None` for an output that
    /// is not read as text (the job ticket, the proofs).
    fn read_text(&self, _bytes: &[u8]) -> Option<Result<ReadBack, Error>> {
        None
    }

    /// Checks the output's `files` as they are on disk, with what the
    /// check of each output it [`needs`](Output::needs) found in
    /// `context`.
    fn check(&self, files: &[FileAt], context: &CheckContext<'_>) -> OutputReport;
}

impl fmt::Debug for dyn Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Output({})", self.key())
    }
}

/// The text of an output as its reader found it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadBack {
    /// Blocks of text in reading order: a line, a paragraph, a heading, a
    /// list item, as the format shows them. Page furniture is left out where
    /// the format marks it. A reader that cannot tell whether a line end
    /// inside a block stood for a space marks it with
    /// [`SOFT_LINE_END`](crate::verify::SOFT_LINE_END) (the PDF reader
    /// does), which the check reads as a space or as nothing.
    pub blocks: Vec<String>,
    /// Ways the file breaks its format's rules that its reader noticed while
    /// reading it (a plain-text file with tabs, say), in words.
    pub flaws: Vec<String>,
    /// For a PDF, what it is as printed matter (pages, trim, bleed,
    /// colour), or why that could not be read; `None` for other formats.
    pub printed: Option<Result<pdf_read::PrintedPdf, Error>>,
    /// Text the file holds that a reader could not see or read, left out of
    /// `blocks`, with the reason ([`unseen`]).
    pub unseen: Vec<unseen::Unseen>,
}
