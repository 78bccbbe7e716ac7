//! Joining the lines of a block into the text a reader hears: pieces of text
//! on one line run together and are put in logical order, then a word broken
//! at a soft hyphen or a zero-width space is made whole, a word broken after
//! a hyphen or inside a web address keeps its characters with no space, other
//! lines are joined with a space, and runs of white space become one space.

use unicode_bidi::Level;

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
    lines
        .into_iter()
        .map(|line| line.logical_text(direction))
        .filter(|line| !line.trim().is_empty())
        .collect()
}

/// U+200B, a line-break opportunity that prints nothing.
const ZERO_WIDTH_SPACE: char = '\u{200b}';

/// Joins the lines of one block as a reader hears them: a word broken at a
/// soft hyphen is made whole, a word broken elsewhere is joined with no
/// space ([`broken_inside_word`]), and other lines are joined with a space.
pub(super) fn join_lines(lines: &[String], spaces_mark_breaks: bool) -> String {
    let mut text = String::new();
    for line in lines {
        let before = text.trim_end();
        if before.ends_with('\u{ad}') {
            text = before.trim_end_matches('\u{ad}').to_owned();
        } else if before.ends_with(ZERO_WIDTH_SPACE) {
            // A break opportunity that prints nothing: the line was broken
            // inside a word or an address, with no space to hear.
            text = before.trim_end_matches(ZERO_WIDTH_SPACE).to_owned();
        } else if broken_inside_word(&text, spaces_mark_breaks) {
            text.truncate(before.len());
        } else if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(line.trim_start());
    }
    collapse_white_space(&text)
}

/// Whether the line ending `text` was broken inside a word. Where
/// `spaces_mark_breaks` (the producer writes a space at the end of a line
/// broken at a space, as typst does), a line without one was broken inside
/// a word if it ends in a hyphen, dash or slash (`pick-`, `and/`) or inside
/// an address, which typst breaks anywhere. Otherwise only a compound
/// broken after its hyphen or en dash (`pick-`) counts.
fn broken_inside_word(text: &str, spaces_mark_breaks: bool) -> bool {
    let before = text.trim_end();
    let last_word = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default();
    let mut last_chars = before.chars().rev();
    let last = last_chars.next();
    let is_address = ["://", "www.", "@"]
        .iter()
        .any(|mark| last_word.contains(mark));
    if !spaces_mark_breaks {
        // No evidence either way: a compound broken after its hyphen, or an
        // address broken after a slash (`https://`, `example.org/`), which
        // nobody writes with a space after it in running text.
        return (matches!(last, Some('-' | '\u{2010}' | '\u{2013}'))
            && last_chars.next().is_some_and(char::is_alphabetic))
            || (is_address && last == Some('/'));
    }
    before.len() == text.len()
        && (is_address || matches!(last, Some('-' | '\u{2010}' | '\u{2013}' | '/')))
}

/// Runs of white space become one space; the ends are trimmed.
pub(super) fn collapse_white_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join(lines: &[&str], spaces_mark_breaks: bool) -> String {
        let lines: Vec<String> = lines.iter().map(|line| (*line).to_owned()).collect();
        join_lines(&lines, spaces_mark_breaks)
    }

    #[test]
    fn lines_join_as_a_reader_hears_them() {
        for typst_like in [false, true] {
            let broken = [
                "in com\u{ad}",
                "pre\u{ad}\u{ad}",
                "hen  sion ",
                "next\tline",
            ];
            assert_eq!(join(&broken, typst_like), "in comprehen sion next line");
            let compounds = ["a pick-", "up at the morning–", "afternoon slot"];
            assert_eq!(
                join(&compounds, typst_like),
                "a pick-up at the morning–afternoon slot"
            );
        }
        let dashes = ["a pause –", "then 10-", "12 and", "more"];
        assert_eq!(join(&dashes, false), "a pause – then 10- 12 and more");
        let address = [
            "sites: (https://",
            "macmillan.org.uk) and https://x.org",
            "next",
        ];
        assert_eq!(
            join(&address, false),
            "sites: (https://macmillan.org.uk) and https://x.org next"
        );
        let typst = [
            "see https://www.ex",
            "ample.org/",
            "more and/",
            "or a pause – ",
            "then 10-",
            "12 at end.",
            "Next",
        ];
        assert_eq!(
            join(&typst, true),
            "see https://www.example.org/more and/or a pause – then 10-12 at end. Next"
        );
    }
}
