//! Turning byte offsets in a source file into the `line:column` positions
//! that people and editors understand.

use std::ops::Range;

/// The text of one source file with an index of where each line starts.
#[derive(Debug, Clone)]
pub struct SourceText {
    text: String,
    line_starts: Vec<usize>,
}

/// A one-based line and column; columns count characters, not bytes, so that
/// an editor's cursor lands on the right place in lines with accents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number in characters, starting at 1.
    pub column: usize,
}

impl SourceText {
    /// Indexes `text` by line.
    pub fn new(text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceText { text, line_starts }
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text covered by a byte range, or `""` if the range is not on
    /// character boundaries of this text.
    pub fn slice(&self, range: Range<usize>) -> &str {
        self.text.get(range).unwrap_or("")
    }

    /// The position of a byte offset; offsets past the end map to the end.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_index = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts[line_index];
        let column = self
            .text
            .get(line_start..offset)
            .map_or(offset - line_start, |before| before.chars().count());
        Position {
            line: line_index + 1,
            column: column + 1,
        }
    }
}

/// Where a byte offset lies in a text that was not valid UTF-8: the position of
/// the first invalid byte, counted over the valid part before it.
pub fn position_of_invalid_byte(bytes: &[u8], valid_up_to: usize) -> Position {
    let valid = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
    SourceText::new(valid.to_owned()).position(valid_up_to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters_from_one() {
        let text = SourceText::new("ab\ncé d\n\nx".to_owned());
        assert_eq!(text.position(0), Position { line: 1, column: 1 });
        assert_eq!(text.position(3), Position { line: 2, column: 1 });
        // 'é' is two bytes but one column.
        assert_eq!(text.position(6), Position { line: 2, column: 3 });
        assert_eq!(text.position(9), Position { line: 3, column: 1 });
        assert_eq!(text.position(10), Position { line: 4, column: 1 });
        assert_eq!(text.position(99), Position { line: 4, column: 2 });
    }
}
