//! The output formats. Each format is one module holding a writer and, beside
//! it, a reader that shares no code with the writer: the reader parses the
//! file on disk as what it is, so that [`crate::verify`] can compare what a
//! reader would really get with the model.

pub mod text;

use std::fmt;
use std::path::Path;

use crate::model::{Leaflet, LinkAddresses};

/// Everything a writer needs to render one leaflet.
#[derive(Debug, Clone, Copy)]
pub struct RenderContext<'a> {
    /// The leaflet to render.
    pub leaflet: &'a Leaflet,
    /// The layouts folder (`layouts/` or `--layouts DIR`).
    pub layouts: &'a Path,
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
    fn write(&self, context: &RenderContext<'_>) -> Result<Vec<u8>, RenderError>;

    /// Reads a file of this format back into the text a reader would get, in
    /// reading order. Knows nothing of how the writer made it.
    fn read_back(&self, bytes: &[u8]) -> Result<ReadBack, ReadError>;
}

/// Every output leafpress makes, in the order they are built and reported.
pub fn all() -> Vec<Box<dyn Output>> {
    vec![Box::new(text::PlainText)]
}

/// The text of an output as its reader found it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadBack {
    /// Blocks of text in reading order: a line, a paragraph, a heading, a
    /// list item, as the format shows them. Page furniture is left out where
    /// the format marks it.
    pub blocks: Vec<String>,
    /// Ways the file breaks its format's rules that its reader noticed while
    /// reading it (a plain-text file with tabs, say), in words.
    pub flaws: Vec<String>,
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
