//! Joining the lines of a block into the text a reader hears: pieces of text
//! on one line run together and are put in logical order, then lines are
//! joined as the page has them. A line end at a space is a space; a word
//! broken at a soft hyphen or a zero-width space is made whole; any other
//! line end (inside an address, a number, a long word, or at a space the
//! producer did not write) is marked [`SOFT_LINE_END`], which the check
//! reads as a space or as nothing. Runs of white space become one space.

use unicode_bidi::Level;

use crate::verify::SOFT_LINE_END;

use super::bidi;
use super::content::Piece;

/// The lines of some pieces in order, as written: pieces on the same line
/// run together, right-to-left text put in logical order for paragraphs of
/// `direction`. Blank lines are left out.
pub(super) fn lines_of(pieces: &[&Piece], direction: Option<Level>) -> Vec<String> {
    let mut lines: Vec<Piece> = Vec::new();
    for piece in pieces {
        match lines.last_mut() {
            Some(line) if line.same_line(piece) => line.append(piece),
            _ => lines.push((*piece).clone()),
        }
    }
    let readings: Vec<bidi::LineReadings> = lines
        .iter()
        .map(|line| line.line_readings(direction))
        .collect();
    bidi::logical_paragraph(&readings, direction)
        .into_iter()
        .filter(|line| !line.trim().is_empty())
        .collect()
}

/// U+200B, a line-break opportunity that prints nothing.
const ZERO_WIDTH_SPACE: char = '\u{200b}';

/// Joins the lines of one block as the page has them. A line that ends in a
/// space, or a next line that starts with one, is joined with a space: the
/// text had one there. A word broken at a soft hyphen is made whole, and a
/// line broken at a zero-width space is joined with nothing: those are
/// break opportunities the text holds, not spaces. Any other line end is
/// [`SOFT_LINE_END`]: the line was broken inside a run of characters with no
/// space (typst breaks addresses, numbers and long words at `/`, `:`, `-`
/// and the other opportunities of UAX #14), or at a space the producer did
/// not write out, and the page cannot tell which.
pub(super) fn join_lines(lines: &[String]) -> String {
    let mut text = String::new();
    for line in lines {
        let before = text.trim_end();
        let spaced = before.len() < text.len() || line.starts_with(char::is_whitespace);
        if text.is_empty() || before.is_empty() {
            text.clear();
        } else if spaced {
            text.truncate(before.len());
            text.push(' ');
        } else if before.ends_with('\u{ad}') {
            text = before.trim_end_matches('\u{ad}').to_owned();
        } else if before.ends_with(ZERO_WIDTH_SPACE) {
            text = before.trim_end_matches(ZERO_WIDTH_SPACE).to_owned();
        } else {
            text.push(SOFT_LINE_END);
        }
        text.push_str(line.trim_start());
    }
    collapse_white_space(&text)
}

/// Runs of white space become one space; the ends are trimmed. A
/// [`SOFT_LINE_END`] between two characters stays: it is not white space
/// here but a line end whose space is unknown; beside white space, or at
/// an end, it is white space.
pub(super) fn collapse_white_space(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() && c != SOFT_LINE_END) {
        let word = word.trim_matches(SOFT_LINE_END);
        if word.is_empty() {
            continue;
        }
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        let mut soft = false;
        for c in word.chars() {
            if c == SOFT_LINE_END {
                soft = true;
            } else {
                if std::mem::take(&mut soft) {
                    collapsed.push(SOFT_LINE_END);
                }
                collapsed.push(c);
            }
        }
    }
    collapsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join(lines: &[&str]) -> String {
        let lines: Vec<String> = lines.iter().map(|line| (*line).to_owned()).collect();
        join_lines(&lines).replace(SOFT_LINE_END, "|")
    }

    #[test]
    fn lines_join_as_the_page_has_them() {
        // Soft hyphens and zero-width spaces are breaks inside a word; a
        // space at either side of a line end is a space.
        let broken = [
            "in com\u{ad}",
            "pre\u{ad}\u{ad}",
            "hen  sion ",
            "next\tline",
            " and ex\u{200b}",
            "ample.org",
        ];
        assert_eq!(join(&broken), "in comprehen sion next line and example.org");
        // Any other line end is soft: a space, or nothing, as the check
        // finds it.
        let typst = [
            "see https://www.ex",
            "ample.org/",
            "more and/",
            "or a pause – ",
            "then 10-",
            "12 at (tel:",
            "+441632960 55) end.",
            "Next",
        ];
        assert_eq!(
            join(&typst),
            "see https://www.ex|ample.org/|more and/|or a pause – then 10-|12 at (tel:|+441632960 55) end.|Next"
        );
    }

    #[test]
    fn a_soft_line_end_only_stands_between_two_characters() {
        let soft = SOFT_LINE_END;
        assert_eq!(
            collapse_white_space(&format!("{soft} a{soft}{soft}b {soft}c{soft} d {soft}")),
            format!("a{soft}b c d")
        );
        assert_eq!(join(&["a", "\u{ad}b"]), "a|\u{ad}b");
    }
}
