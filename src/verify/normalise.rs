//! The words of a text as the check compares them.

use unicode_normalization::UnicodeNormalization;

/// The words of a text as the check compares them. The rules, each for a way
/// that a format may legitimately show the same text:
///
/// 1. Unicode NFC, so that a precomposed `é` and `e` + combining accent are
///    the same letter. Not NFKC: that would make `10²` read as `102`.
/// 2. Typographic ligatures (`ﬁ`, `ﬂ`, `ﬀ`, `ﬃ`, `ﬄ`, `ﬅ`, `ﬆ`) become
///    their letters: typesetting makes them and PDF text layers keep them.
/// 3. Soft hyphens (U+00AD) and zero-width spaces and joiners are removed:
///    they are break opportunities, not characters, and PDF text layers keep
///    them.
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
pub fn normalise_words(text: &str) -> Vec<String> {
    let mut normalised = String::with_capacity(text.len());
    let mut push = |c: char| match c {
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => {}
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
    // ASCII is its own NFC: most text is, and skips the composing.
    if text.is_ascii() {
        text.chars().for_each(&mut push);
    } else {
        text.nfc().for_each(&mut push);
    }
    normalised
        .split_whitespace()
        .map(|word| {
            word.trim_start_matches(is_opening_punctuation)
                .trim_end_matches(is_closing_punctuation)
        })
        .filter(|word| !word.is_empty() && !word.chars().all(is_dash_or_bullet))
        .map(str::to_owned)
        .collect()
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
        assert_eq!(normalise_words("0808\u{a0}800"), ["0808", "800"]);
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
}
