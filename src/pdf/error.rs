//! What can go wrong reading a PDF, said of what was being read: each
//! [`PdfError`] is a subject (`the /TrimBox`, `a content stream`) and an
//! [`ErrorKind`] that completes the sentence (`is missing`, `would inflate
//! beyond 64 MiB`), so that its message reads `the /TrimBox is missing`.

use std::fmt;

/// A PDF, or some part of it, could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError {
    /// What was being read, as the subject of the message.
    what: String,
    /// What went wrong with it.
    kind: ErrorKind,
}

/// What went wrong, as the rest of a sentence about what was being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The bytes do not start like a PDF.
    NotPdf,
    /// The file cannot be parsed; lopdf's reason.
    Unparsable(String),
    /// Something the standard requires, or the reader needs, is not there.
    Missing,
    /// Something is there but not as the standard says it must be: how it
    /// differs, as a predicate (`is not an array`).
    Malformed(String),
    /// A stream, or a page's content streams together, would inflate to
    /// more than this many bytes ([`super::MAX_STREAM_BYTES`]).
    TooLarge(usize),
    /// A stream's filters cannot decode it; lopdf's reason.
    Undecodable(String),
    /// The page tree is deeper than a reader goes, or loops.
    TooDeep,
}

impl PdfError {
    /// An error of `kind` in `what` was being read.
    pub fn new(what: impl Into<String>, kind: ErrorKind) -> PdfError {
        PdfError {
            what: what.into(),
            kind,
        }
    }

    /// `what` is missing.
    pub fn missing(what: impl Into<String>) -> PdfError {
        PdfError::new(what, ErrorKind::Missing)
    }

    /// `what` is not as the standard says: `how`, a predicate (`is not an
    /// array`).
    pub fn malformed(what: impl Into<String>, how: impl Into<String>) -> PdfError {
        PdfError::new(what, ErrorKind::Malformed(how.into()))
    }

    /// What was being read.
    pub fn what(&self) -> &str {
        &self.what
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The same error, found while reading `outer`: its message starts
    /// `outer: ` (`print page 3: the /TrimBox is missing`).
    pub fn within(self, outer: impl fmt::Display) -> PdfError {
        PdfError {
            what: format!("{outer}: {}", self.what),
            kind: self.kind,
        }
    }
}

impl fmt::Display for PdfError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{} {}", self.what, self.kind)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::NotPdf => write!(formatter, "is not a PDF"),
            ErrorKind::Unparsable(why) => write!(formatter, "cannot be parsed: {why}"),
            ErrorKind::Missing => write!(formatter, "is missing"),
            ErrorKind::Malformed(how) => write!(formatter, "{how}"),
            ErrorKind::TooLarge(limit) => {
                write!(formatter, "would inflate beyond {} MiB", limit >> 20)
            }
            ErrorKind::Undecodable(why) => write!(formatter, "cannot be decoded: {why}"),
            ErrorKind::TooDeep => write!(formatter, "is too deep or has a cycle"),
        }
    }
}

impl std::error::Error for PdfError {}

/// Its message, for code that still reports errors as `String`s (the
/// imposition, [`ReadBack::printed`](crate::outputs::ReadBack::printed)).
impl From<PdfError> for String {
    fn from(error: PdfError) -> String {
        error.to_string()
    }
}

impl From<PdfError> for crate::error::Error {
    fn from(error: PdfError) -> Self {
        crate::error::Error::Pdf(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_reads_as_a_sentence_about_what_was_read() {
        let error = PdfError::missing("the /TrimBox").within("print page 3");
        assert_eq!(error.to_string(), "print page 3: the /TrimBox is missing");
        assert_eq!(error.kind(), &ErrorKind::Missing);
        assert_eq!(
            PdfError::new("a content stream", ErrorKind::TooLarge(64 << 20)).to_string(),
            "a content stream would inflate beyond 64 MiB"
        );
        assert_eq!(
            PdfError::malformed("a box", "is not an array").to_string(),
            "a box is not an array"
        );
    }
}
