//! The words of a text as the check compares them.

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

use crate::language::is_direction_mark;

/// U+2028 LINE SEPARATOR, in a reader's block: a line end that the reader
/// cannot judge, which the check reads as a space or as nothing
/// ([`normalise_words`], rule 10). The PDF reader marks line ends with it;
/// a model's text never holds one (the source folds it to a space in a
/// body and refuses it in a one-line field), so a unit never does.
pub const SOFT_LINE_END: char = '\u{2028}';

/// The words of a text as the check compares them. The rules, each for a way
/// that a format may legitimately show the same text:
///
/// 1. Unicode NFC, so that a precomposed `é` and `e` + combining accent are
///    the same letter. Not NFKC: that would make `10²` read as `102`.
/// 2. Typographic ligatures (`ﬁ`, `ﬂ`, `ﬀ`, `ﬃ`, `ﬄ`, `ﬅ`, `ﬆ`) become
///    their letters: typesetting makes them and PDF text layers keep them.
/// 3. Soft hyphens (U+00AD) and zero-width spaces and joiners are removed:
///    they are break opportunities, not characters, and PDF text layers keep
///    them. So are the bidirectional marks and isolates (U+200E, U+200F,
///    U+061C, U+2066 to U+2069; the source refuses embeddings and
///    overrides): they set the order text is shown in and show nothing
///    themselves, so a PDF's text layer, made of glyphs, has no place for
///    them, while the EPUB and the text carry them as written.
/// 4. No-break, narrow and other fixed-width spaces are spaces: how wide a
///    space is, is layout.
/// 5. Curly quotes become straight ones: typesetting may make quotes curly.
/// 6. Letters are compared in lower case: a house style may set headings in
///    capitals.
/// 7. Words are split at white space: line breaks, wrapping and spacing are
///    layout, not content.
/// 8. Opening brackets and quotes before a word, and closing brackets,
///    quotes and sentence punctuation after it, are dropped
///    (`(https://x.org).` is `https://x.org`), so that a layout may punctuate
///    a written-out address its own way. Everything else counts: characters
///    inside words, a leading `.` (`.5 ml` is not `5 ml`), and symbols such
///    as `#`, `$`, `&`, `<`, `*` and `@`.
/// 9. A word that is only dashes or bullets (`–`, `-`, `•`) is dropped: list
///    bullets and dashes between clauses are layout.
/// 10. A line end that a reader marks as [`SOFT_LINE_END`] is a space or
///     nothing, whichever makes the unit match ([`ReadWords::match_at`]).
///     A line may be broken inside a run of characters with no space in it:
///     typst breaks addresses, phone numbers and long words at `/`, `:`,
///     `-`, `+` and the other opportunities of UAX #14, and a PDF's text
///     does not say whether the line end replaced a space (`tel:` at the
///     end of one line and `+44…` on the next is `tel:+44…`; `call` and
///     `us` is `call us`). Either reading only moves a word boundary at a
///     line end: no word can go missing, come from elsewhere or change
///     order through it. In the words of a unit, and in this function,
///     the mark is white space.
/// 11. In what a reader gets back, white space beside a Chinese or Japanese
///     character is a space or nothing, as in rule 10
///     ([`spaces_beside_ideographs_soft`]).
pub fn normalise_words(text: &str) -> Vec<String> {
    normalised(text)
        .split_whitespace()
        .filter_map(word_of)
        .map(str::to_owned)
        .collect()
}

/// A piece of text as one word: rule 8's punctuation trimmed, or `None`
/// where nothing is left or rule 9 drops it.
fn word_of(piece: &str) -> Option<&str> {
    let word = piece
        .trim_start_matches(is_opening_punctuation)
        .trim_end_matches(is_closing_punctuation);
    (!word.is_empty() && !word.chars().all(is_dash_or_bullet)).then_some(word)
}

/// A text with rules 1 to 6 applied, white space and [`SOFT_LINE_END`] kept.
fn normalised(text: &str) -> String {
    let mut normalised = String::with_capacity(text.len());
    let mut push = |c: char| match c {
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
            normalised.push(' ')
        }
        '‘' | '’' | '‚' | '‛' | '′' => normalised.push('\''),
        '“' | '”' | '„' | '‟' | '″' => normalised.push('"'),
        'ﬀ' => normalised.push_str("ff"),
        'ﬁ' => normalised.push_str("fi"),
        'ﬂ' => normalised.push_str("fl"),
        'ﬃ' => normalised.push_str("ffi"),
        'ﬄ' => normalised.push_str("ffl"),
        'ﬅ' | 'ﬆ' => normalised.push_str("st"),
        _ => normalised.extend(c.to_lowercase()),
    };
    // ASCII is its own NFC: most text is, and skips the composing. Break
    // opportunities go first (rule 3), so that one between a letter and
    // its accent does not keep them from composing.
    if text.is_ascii() {
        text.chars().for_each(&mut push);
    } else {
        text.chars()
            .filter(|&c| !is_break_opportunity(c) && !is_direction_mark(c))
            .nfc()
            .for_each(&mut push);
    }
    normalised
}

/// Rule 3's characters: soft hyphens, zero-width spaces and joiners.
fn is_break_opportunity(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

/// Rule 11: white space beside a Chinese or Japanese character (Han, kana,
/// Bopomofo, or their full-width punctuation), as a reader gets it back,
/// is a space or nothing, as rule 10's [`SOFT_LINE_END`] is. These scripts
/// do not separate words with spaces, and typesetting puts a gap of its
/// own between them and Latin letters or digits (typst's
/// `cjk-latin-spacing`: `2026年6月` shows as `2026 年 6 月`), which a PDF's
/// text cannot tell from a space. Hangul is not among them: Korean does
/// separate its words with spaces.
fn spaces_beside_ideographs_soft(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_ideographic) {
        return std::borrow::Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        if !c.is_whitespace() || c == SOFT_LINE_END {
            out.push(c);
            at += 1;
            continue;
        }
        let end = (at..chars.len())
            .find(|&i| !chars[i].is_whitespace() || chars[i] == SOFT_LINE_END)
            .unwrap_or(chars.len());
        let before = at.checked_sub(1).map(|i| chars[i]);
        let after = chars.get(end).copied();
        if before.is_some_and(is_ideographic) || after.is_some_and(is_ideographic) {
            out.push(SOFT_LINE_END);
        } else {
            out.extend(&chars[at..end]);
        }
        at = end;
    }
    std::borrow::Cow::Owned(out)
}

/// Rule 11's characters: Han, kana, Bopomofo and the CJK punctuation and
/// full-width forms.
fn is_ideographic(c: char) -> bool {
    use unicode_script::{Script, UnicodeScript};
    matches!(
        c.script(),
        Script::Han | Script::Hiragana | Script::Katakana | Script::Bopomofo
    ) || matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// The words of readers' blocks, in order, as pieces: the text between
/// white space and [`SOFT_LINE_END`]s, each with whether a soft line end
/// joins it to the next (rule 10). A piece that is not a word by itself and
/// no soft line end touches is left out, as rule 9 drops it.
#[derive(Debug, Clone, Default)]
pub struct ReadWords {
    /// Each piece, after rules 1 to 6.
    raw: Vec<String>,
    /// Each piece alone as a word (rule 8), `None` where rule 9 drops it.
    words: Vec<Option<String>>,
    /// Whether a soft line end joins each piece to the next.
    soft_after: Vec<bool>,
    /// How many of the pieces up to each, itself included, are soft
    /// (joined to the next, or dropped alone): where there are none, a
    /// match needs no search.
    soft_so_far: Vec<usize>,
}

impl ReadWords {
    /// Appends the pieces of one block of text; returns how many it had.
    /// No soft line end joins two blocks.
    pub fn push_block(&mut self, text: &str) -> usize {
        let start = self.raw.len();
        let normalised = normalised(text);
        let text = spaces_beside_ideographs_soft(&normalised);
        for token in text.split(|c: char| c.is_whitespace() && c != SOFT_LINE_END) {
            let pieces: Vec<&str> = token
                .split(SOFT_LINE_END)
                .filter(|piece| !piece.is_empty())
                .collect();
            for (index, piece) in pieces.iter().enumerate() {
                let soft = pieces.len() > 1;
                let word = word_of(piece);
                if word.is_none() && !soft {
                    continue;
                }
                let joins_next = index + 1 < pieces.len();
                let so_far = self.soft_so_far.last().copied().unwrap_or(0);
                self.soft_so_far
                    .push(so_far + usize::from(joins_next || word.is_none()));
                self.raw.push((*piece).to_owned());
                self.words.push(word.map(str::to_owned));
                self.soft_after.push(joins_next);
            }
        }
        self.raw.len() - start
    }

    /// How many pieces there are.
    pub fn len(&self) -> usize {
        self.raw.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// Piece `index` by itself as a word, if it is one.
    pub fn word(&self, index: usize) -> Option<&str> {
        self.words[index].as_deref()
    }

    /// Whether a soft line end joins piece `index` to the next.
    pub fn joins_next(&self, index: usize) -> bool {
        self.soft_after[index]
    }

    /// Whether any piece in `start..end` is joined to the next or dropped
    /// alone.
    fn any_soft(&self, start: usize, end: usize) -> bool {
        let count = |end: usize| match end {
            0 => 0,
            end => self.soft_so_far[end - 1],
        };
        start < end && count(end) > count(start)
    }

    /// Where `wanted` (words as [`normalise_words`] gives them) ends if it
    /// stands in the pieces from `start` on, before `limit`; with `whole`,
    /// only if it ends exactly at `limit`. Each soft line end is read as a
    /// space or as nothing, whichever matches (rule 10): a word of `wanted`
    /// may be several pieces joined, and a piece that is not a word alone
    /// may be passed over. Pieces with no soft line end match one to one;
    /// where there are soft ones, the search visits each (piece, word)
    /// pair at most once, and joins pieces only while they could still make
    /// the word, so it stays linear in the pieces it reads.
    pub fn match_at(
        &self,
        start: usize,
        limit: usize,
        wanted: &[&str],
        whole: bool,
    ) -> Option<usize> {
        let limit = limit.min(self.len());
        // One piece a word, as where no line end is soft.
        let matched = (start..limit)
            .zip(wanted)
            .take_while(|(index, word)| self.word(*index) == Some(**word))
            .count();
        let end = start + matched;
        if matched == wanted.len() && (!whole || end == limit) {
            return Some(end);
        }
        // The search can only do better where a piece up to the one that
        // did not match (to the end, for a whole block) is soft.
        let searched = if whole { limit } else { (end + 1).min(limit) };
        if !self.any_soft(start, searched) {
            return None;
        }
        let mut seen = HashSet::new();
        let mut stack = vec![(start, 0)];
        while let Some((at, matched)) = stack.pop() {
            if matched == wanted.len() && (!whole || at == limit) {
                return Some(at);
            }
            if at >= limit || !seen.insert((at, matched)) {
                continue;
            }
            let target = wanted.get(matched).copied();
            let mut next = Vec::new();
            let mut joined: Option<String> = None;
            let mut end = at;
            loop {
                let word = match &joined {
                    None => self.word(end),
                    Some(joined) => word_of(joined),
                };
                match word {
                    None => next.push((end + 1, matched)),
                    Some(word) if Some(word) == target => next.push((end + 1, matched + 1)),
                    Some(_) => {}
                }
                let Some(target) = target else { break };
                let so_far = joined.as_deref().unwrap_or(&self.raw[at]);
                let core = so_far.trim_start_matches(is_opening_punctuation);
                let may_grow =
                    core.is_empty() || (core.len() < target.len() && target.starts_with(core));
                if end + 1 >= limit || !self.soft_after[end] || !may_grow {
                    break;
                }
                end += 1;
                let mut grown = joined.take().unwrap_or_else(|| self.raw[at].clone());
                grown.push_str(&self.raw[end]);
                joined = Some(grown);
            }
            // The shortest group is tried first.
            stack.extend(next.into_iter().rev());
        }
        None
    }
}

fn is_opening_punctuation(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '"' | '\'' | '«' | '¡' | '¿')
}

fn is_closing_punctuation(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '}' | '"' | '\'' | '.' | ',' | ';' | ':' | '!' | '?' | '»' | '…'
    )
}

fn is_dash_or_bullet(c: char) -> bool {
    matches!(
        c,
        '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '•' | '·' | '◦' | '▪' | '∙'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_differences_are_ignored() {
        assert_eq!(
            normalise_words("The ﬁrst “quoted” treat\u{ad}ment – see (https://e.org/a)."),
            [
                "the",
                "first",
                "quoted",
                "treatment",
                "see",
                "https://e.org/a"
            ]
        );
        assert_eq!(normalise_words("- • 1."), ["1"]);
        assert_eq!(normalise_words("cafe\u{301}"), normalise_words("café"));
        assert_eq!(
            normalise_words("cafe\u{200b}\u{301} pin\u{ad}\u{303}a"),
            normalise_words("café piña")
        );
        assert_eq!(normalise_words("0808\u{a0}800"), ["0808", "800"]);
        assert_eq!(
            normalise_words("\u{2067}عيادة\u{2069} \u{200f}call\u{200e} \u{2066}+44\u{2069}"),
            ["عيادة", "call", "+44"]
        );
    }

    #[test]
    fn meaning_is_kept() {
        assert_eq!(
            normalise_words("# $5 & <b> *"),
            ["#", "$5", "&", "<b>", "*"]
        );
        assert_eq!(normalise_words("Take .5 ml"), ["take", ".5", "ml"]);
        assert_ne!(normalise_words("10²"), normalise_words("102"));
        assert_ne!(normalise_words("½"), normalise_words("1/2"));
    }

    #[test]
    fn a_space_beside_chinese_is_a_space_or_nothing_in_read_back() {
        let mut read = ReadWords::default();
        let pieces = read.push_block("最近审核: 2026 年 6 月 1 日 您的 NHS 号码");
        let words = |text: &str| normalise_words(text);
        let wanted = words("最近审核: 2026年6月1日 您的 NHS 号码");
        let wanted: Vec<&str> = wanted.iter().map(String::as_str).collect();
        assert_eq!(read.match_at(0, pieces, &wanted, true), Some(pieces));
        // Words still have to be there, in order.
        let swapped = words("最近审核: 2026年1月6日 您的 NHS 号码");
        let swapped: Vec<&str> = swapped.iter().map(String::as_str).collect();
        assert_eq!(read.match_at(0, pieces, &swapped, true), None);
        // Between Latin words, and in Korean, a space is a space.
        let mut read = ReadWords::default();
        let pieces = read.push_block("다음 검토 call us");
        assert_eq!(
            read.match_at(0, pieces, &["다음검토", "callus"], true),
            None
        );
    }

    #[test]
    fn a_soft_line_end_is_white_space_in_words_and_a_join_in_read_back() {
        let text = "Ring tel:\u{2028}+44 \u{2028} now\u{2028}";
        assert_eq!(normalise_words(text), ["ring", "tel", "+44", "now"]);
        let mut read = ReadWords::default();
        assert_eq!(read.push_block(text), 4);
        assert_eq!(
            read.match_at(0, 4, &["ring", "tel:+44", "now"], true),
            Some(4)
        );
        assert_eq!(
            read.match_at(0, 4, &["ring", "tel", "+44", "now"], true),
            Some(4)
        );
        assert_eq!(read.match_at(0, 4, &["ring", "tel:+44"], false), Some(3));
        assert_eq!(read.match_at(0, 4, &["ring", "tel:+44"], true), None);
        assert_eq!(read.match_at(0, 4, &["ring", "tel:+4"], false), None);
        assert_eq!(read.match_at(1, 4, &["tel:+44", "now"], false), Some(4));
    }

    #[test]
    fn many_soft_line_ends_are_matched_in_linear_time() {
        // Every character its own line: the search must not try every way
        // of joining them.
        let word = "a".repeat(2_000);
        let text: String = word.chars().map(|c| format!("{c}\u{2028}")).collect();
        let mut read = ReadWords::default();
        read.push_block(&text);
        assert_eq!(
            read.match_at(0, read.len(), &[word.as_str()], true),
            Some(2_000)
        );
        let halves = ["a".repeat(1_000), "a".repeat(1_001)];
        let halves: Vec<&str> = halves.iter().map(String::as_str).collect();
        assert_eq!(read.match_at(0, read.len(), &halves, true), None);
    }
}
