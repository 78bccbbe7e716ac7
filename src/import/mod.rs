//! `leafpress import`: a leaflet written in Word (`.docx`) or Markdown turned
//! into a source file that builds, with a warning for everything the file
//! held that the source could not carry.
//!
//! One module a stage, as for the outputs: a reader a file format
//! ([`docx`], [`markdown`]) makes a [`document::Document`], which knows
//! nothing of the source format.

pub mod document;
pub mod docx;

/// Why a file could not be imported at all: it is not a document leafpress
/// can read, or it holds no text. Nothing is written for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// What is wrong, as a sentence for a person.
    pub message: String,
    /// What to do about it, where something helps.
    pub hint: Option<String>,
}

impl Unreadable {
    /// A problem with no hint.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: None,
        }
    }

    /// The same problem with what to do about it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}
