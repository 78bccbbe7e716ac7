//! The one error type of the library: what failed, with its context (which
//! file, which layout, which output), so that a message names what to look
//! at. Each stage's failures are one variant; `From` conversions let a stage
//! use `?` on the errors of the libraries it calls.
//!
//! Problems in a leaflet's *content* are not errors: a source's problems are
//! [`Diagnostic`](crate::source::Diagnostic)s at `file:line:column`, and an
//! output that lacks part of the leaflet is a failed
//! [`OutputReport`](crate::verify::OutputReport). An [`Error`] is a stage
//! that could not do its work at all.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Something leafpress could not do.
#[derive(Debug, Clone)]
pub enum Error {
    /// The command line asks for something that cannot be (a path naming no
    /// leaflet source, an unknown format): a usage error, exit status 2.
    Usage(String),
    /// Another leafpress run holds the output folder, and this one was told
    /// not to wait for it.
    FolderInUse {
        /// The output folder.
        folder: PathBuf,
    },
    /// A file or folder could not be read, written, created or renamed.
    Io {
        /// What was being done (`write`, `create the folder`).
        action: &'static str,
        /// The file or folder it was done to.
        path: PathBuf,
        /// What the operating system said.
        source: Arc<std::io::Error>,
    },
    /// The layouts folder cannot be used (a layout missing, a font that
    /// does not load).
    Layouts(String),
    /// typst could not typeset or export a layout: every message, each
    /// naming the layout file and line.
    Typeset(String),
    /// A writer could not make its output.
    Render {
        /// The output (`EPUB`, `job sheet`).
        output: &'static str,
        /// Why.
        message: String,
    },
    /// A file is not of the format its reader reads, or is damaged.
    Read(String),
    /// A check could not judge a file at all: the file, or what it is
    /// checked against, could not be read.
    Check(String),
    /// A PDF could not be taken apart or put together.
    Pdf(String),
    /// A paper order cannot be worked out (a ticket missing, a count too
    /// large).
    Order(String),
}

impl Error {
    /// An input/output failure: `action` on `path`.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.to_owned(),
            source: Arc::new(source),
        }
    }

    /// A writer's failure, for the output it was making.
    pub fn render(output: &'static str, message: impl fmt::Display) -> Error {
        Error::Render {
            output,
            message: message.to_string(),
        }
    }

    /// Whether this is a usage error (exit status 2) rather than a failure
    /// of the run (exit status 1).
    pub fn is_usage(&self) -> bool {
        matches!(self, Error::Usage(_) | Error::FolderInUse { .. })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message)
            | Error::Layouts(message)
            | Error::Typeset(message)
            | Error::Read(message)
            | Error::Check(message)
            | Error::Pdf(message)
            | Error::Order(message) => f.write_str(message),
            Error::FolderInUse { folder } => write!(
                f,
                "{} is in use by another leafpress run; try again when it has finished",
                folder.display()
            ),
            Error::Io {
                action,
                path,
                source,
            } => write!(f, "cannot {action} {}: {source}", path.display()),
            Error::Render { output, message } => {
                write!(f, "cannot render the {output}:\n{message}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// Two errors are equal when they say the same thing (an I/O error's
/// source has no equality of its own): what tests and reports compare.
impl PartialEq for Error {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
