//! The `.docx` reader: Office Open XML (ECMA-376) to a [`Document`].

use super::Unreadable;
use super::document::Document;

/// Reads a `.docx` file's bytes.
pub fn read(_bytes: &[u8]) -> Result<Document, Unreadable> {
    Err(Unreadable::new("the .docx reader is not written yet"))
}
