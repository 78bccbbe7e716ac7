//! Problems found in a source file, each at a `path:line:column` position,
//! with a hint where one helps.

use std::fmt;
use std::path::{Path, PathBuf};

use super::position::Position;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The leaflet cannot be built.
    Error,
    /// The leaflet is built, but someone should act (`--strict` makes it an error).
    Warning,
}

/// One problem in one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The source file.
    pub path: PathBuf,
    /// Where in the file the problem is.
    pub position: Position,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to write instead, when we can say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at a position.
    pub fn error(path: &Path, position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_owned(),
            position,
            severity: Severity::Error,
            message: visible(&message.into()),
            hint: None,
        }
    }

    /// A warning at a position.
    pub fn warning(path: &Path, position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, position, message)
        }
    }

    /// The same problem with a hint on what to write instead.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(visible(&hint.into()));
        self
    }

    /// Whether this problem stops the leaflet from being built.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Text from a source file shown in a message: control characters (an
/// escape sequence that would clear the terminal, a line break that would
/// split the message) are written as `\u{1b}` instead.
fn visible(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match c.is_control() {
            true => format!("\\u{{{:x}}}", c as u32),
            false => c.to_string(),
        })
        .collect()
}

/// `path:line:column: message`, then `warning: ` before warnings' messages and
/// the hint on a line of its own.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: ",
            self.path.display(),
            self.position.line,
            self.position.column
        )?;
        if self.severity == Severity::Warning {
            f.write_str("warning: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_from_a_source_are_shown_not_obeyed() {
        let diagnostic = Diagnostic::error(
            Path::new("a.toml"),
            Position { line: 1, column: 2 },
            "`x\u{1b}[2J\ny` is not a date",
        )
        .with_hint("a\u{7}b");
        assert_eq!(diagnostic.message, "`x\\u{1b}[2J\\u{a}y` is not a date");
        assert_eq!(diagnostic.hint.as_deref(), Some("a\\u{7}b"));
    }
}
