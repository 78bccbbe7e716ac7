//! Reading a source file into the model.
//!
//! A source file is UTF-8 TOML (`docs/source-format.md`, summarised in the
//! README). [`load`] reads one file; every problem it finds is a
//! [`Diagnostic`] at a `path:line:column` position in that file: a problem
//! inside a body points at the line inside the body string. Every problem in
//! a file is reported together: unknown keys and values of the wrong kind
//! (`structure.rs`), missing keys and every value's own rules (`validate.rs`).
//! Only TOML that does not parse at all stops at its first error.

mod diagnostic;
mod duplicates;
mod locate;
mod markup;
mod position;
mod schema;
mod structure;
mod toml_string;
mod validate;

use std::io::Read;
use std::path::Path;

pub use diagnostic::{Diagnostic, Severity};
pub use locate::{Written, first_written};
pub use markup::{ALLOWED_LINK_SCHEMES, fold_text, parse_body};
pub use position::{Position, SourceText};
pub use validate::{LANGUAGE_TAG_HINT, language_tag_problem, review_date};

use crate::model::Leaflet;

/// The largest source file accepted: a leaflet is a few pages, and a file this
/// big is almost certainly not one.
pub const MAX_SOURCE_BYTES: usize = 1024 * 1024;

/// A calendar day, as (year, month, day).
pub type Day = (u16, u8, u8);

/// A leaflet read from a valid source file, with any warnings about it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The leaflet.
    pub leaflet: Leaflet,
    /// Problems that do not stop the build (a review date that has passed).
    pub warnings: Vec<Diagnostic>,
    /// Where the leaflet id is written, for problems found across files
    /// (two leaflets with one id).
    pub id_position: Position,
    /// The SHA-256 of the source file's bytes as read and checked: what an
    /// incremental build compares (see [`crate::stamp`]).
    pub source_sha256: String,
}

/// Reads and checks one source file. `today` decides whether the next review
/// date has passed.
pub fn load(path: &Path, today: Day) -> Result<Loaded, Vec<Diagnostic>> {
    let start = Position { line: 1, column: 1 };
    // Only a regular file: a named pipe would wait for a writer forever.
    if let Ok(metadata) = std::fs::metadata(path)
        && !metadata.is_file()
    {
        return Err(vec![
            Diagnostic::error(path, start, "the source is not a regular file")
                .with_hint("give the path of a .toml file"),
        ]);
    }
    // Read one byte past the limit, never more: `/dev/zero` is not a leaflet.
    let read = std::fs::File::open(path).and_then(|file| {
        let mut bytes = Vec::new();
        file.take(MAX_SOURCE_BYTES as u64 + 1)
            .read_to_end(&mut bytes)?;
        Ok(bytes)
    });
    match read {
        Ok(bytes) => parse(path, &bytes, today),
        Err(error) => Err(vec![Diagnostic::error(
            path,
            start,
            format!("cannot read the source file: {error}"),
        )]),
    }
}

/// Checks the bytes of a source file; `path` is only used in messages.
pub fn parse(path: &Path, bytes: &[u8], today: Day) -> Result<Loaded, Vec<Diagnostic>> {
    let start = Position { line: 1, column: 1 };
    if bytes.len() > MAX_SOURCE_BYTES {
        return Err(vec![
            Diagnostic::error(
                path,
                start,
                format!(
                    "the file is over {MAX_SOURCE_BYTES} bytes (1 MiB), the most a leaflet source may be"
                ),
            )
            .with_hint("split it into several leaflets"),
        ]);
    }
    // A byte-order mark is harmless: skip it.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let at = error.valid_up_to();
            return Err(vec![
                Diagnostic::error(
                    path,
                    position::position_of_invalid_byte(bytes, at),
                    format!(
                        "the file is not UTF-8 text (byte 0x{:02X} {})",
                        bytes[at],
                        match (error.error_len(), bytes[at]) {
                            (None, _) => "starts a character the file ends before finishing",
                            (Some(_), 0xC2..=0xF4) => "starts a character that is cut short",
                            (Some(_), _) => "cannot start a character",
                        }
                    ),
                )
                .with_hint("save the file with the UTF-8 encoding"),
            ]);
        }
    };
    let source_sha256 = crate::stamp::sha256(bytes);
    validate::validate(path, SourceText::new(text.to_owned()), today, source_sha256)
}
