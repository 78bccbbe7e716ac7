//! Hyphenation for print, in the leaflet's own language.
//!
//! typst's own patterns follow the language but not the region, so en-GB
//! words would break the American way. The `hyphenation` crate has British
//! English (and Welsh, French, ...) patterns: its break points go into the
//! text as soft hyphens (U+00AD), and typst's own hyphenation is switched off
//! in the layout. typst breaks a line only at those soft hyphens and shows a
//! hyphen there. Large print, EPUB and plain text are never hyphenated.

use hyphenation::{Hyphenator, Language, Load, Standard};

/// The soft hyphen: an invisible break point that shows as `-` when used.
pub const SOFT_HYPHEN: char = '\u{ad}';

/// Words shorter than this are never broken: breaking them saves little and
/// makes them harder to read.
const SHORTEST_WORD: usize = 6;

/// The fewest letters left on either side of a break.
const SHORTEST_PART: usize = 3;

/// A hyphenator for one language.
pub struct Hyphenation {
    dictionary: Standard,
}

impl Hyphenation {
    /// The patterns for a BCP 47 tag (`en-GB`, `cy`, `fr-CA`), or `None` when
    /// there are none for that language. A region with its own patterns
    /// (`en-GB`, `en-US`) picks them; otherwise the language's own.
    pub fn for_language(tag: &str) -> Option<Hyphenation> {
        let language = pattern_language(tag)?;
        let dictionary = Standard::from_embedded(language).ok()?;
        Some(Hyphenation { dictionary })
    }

    /// The text with a soft hyphen at every break point of every word long
    /// enough to break. Only runs of letters are broken; numbers, web and
    /// email addresses, and anything the author already broke with a soft
    /// hyphen stay as they are.
    pub fn hyphenate(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        for token in text.split_inclusive(char::is_whitespace) {
            if is_address(token) || token.contains(SOFT_HYPHEN) {
                out.push_str(token);
            } else {
                self.push_token(token, &mut out);
            }
        }
        out
    }

    /// Hyphenates each run of letters in a token.
    fn push_token(&self, token: &str, out: &mut String) {
        let mut word_start: Option<usize> = None;
        for (i, c) in token.char_indices() {
            match (c.is_alphabetic(), word_start) {
                (true, None) => word_start = Some(i),
                (false, Some(start)) => {
                    self.push_word(&token[start..i], out);
                    word_start = None;
                    out.push(c);
                }
                (false, None) => out.push(c),
                (true, Some(_)) => {}
            }
        }
        if let Some(start) = word_start {
            self.push_word(&token[start..], out);
        }
    }

    fn push_word(&self, word: &str, out: &mut String) {
        if word.chars().count() < SHORTEST_WORD {
            out.push_str(word);
            return;
        }
        let breaks = self.dictionary.hyphenate(word).breaks;
        let end = word.len();
        let mut last = 0;
        // At least three letters on each side: `an-swer` reads badly.
        let readable = |&at: &usize| {
            word[..at].chars().count() >= SHORTEST_PART
                && word[at..].chars().count() >= SHORTEST_PART
        };
        for at in breaks.into_iter().filter(readable).filter(|&at| at < end) {
            out.push_str(&word[last..at]);
            out.push(SOFT_HYPHEN);
            last = at;
        }
        out.push_str(&word[last..]);
    }
}

/// Whether a word is a web or email address (`https://…`, `www.…`,
/// `name@example.org`), which may wrap but must never be hyphenated.
pub fn is_address(word: &str) -> bool {
    let email = word
        .split_once('@')
        .is_some_and(|(name, domain)| !name.is_empty() && domain.contains('.'));
    word.contains("://") || word.starts_with("www.") || email
}

/// Whether a language's writing breaks lines without hyphens, so that a
/// missing pattern loses nothing: Chinese, Japanese and Korean break
/// between characters or syllables; Thai, Lao, Khmer and Burmese between
/// words; Arabic and Hebrew script (every right-to-left language) are not
/// hyphenated.
pub fn breaks_without_hyphens(tag: &str) -> bool {
    const LANGUAGES: [&str; 8] = ["zh", "ja", "ko", "yue", "th", "lo", "km", "my"];
    let primary = tag
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    LANGUAGES.contains(&primary.as_str())
        || crate::language::direction(tag) == crate::language::Direction::RightToLeft
}

/// The `hyphenation` crate's language for a BCP 47 tag.
fn pattern_language(tag: &str) -> Option<Language> {
    let lower = tag.to_ascii_lowercase();
    let mut subtags = lower.split('-');
    let language = subtags.next()?;
    let region = subtags.find(|subtag| {
        subtag.len() == 2 || subtag.len() == 3 && subtag.bytes().all(|b| b.is_ascii_digit())
    });
    let with_region = region.map(|region| format!("{language}-{region}"));
    let candidates = [
        with_region.clone(),
        Some(language.to_owned()),
        // Languages whose patterns are named with a default variant.
        match language {
            "en" => Some("en-us".to_owned()),
            "de" => Some("de-1996".to_owned()),
            "el" => Some("el-monoton".to_owned()),
            "nb" | "no" => Some("nb".to_owned()),
            "sr" => Some("sr-cyrl".to_owned()),
            _ => None,
        },
    ];
    candidates
        .into_iter()
        .flatten()
        .find_map(Language::try_from_code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn british_english_breaks_the_british_way() {
        let british = Hyphenation::for_language("en-GB").unwrap();
        let text =
            british.hyphenate("Orthopaedic surgery, 0808 800 6000 and https://example.org/x.");
        assert!(text.contains('\u{ad}'), "{text}");
        assert_eq!(
            text.replace('\u{ad}', ""),
            "Orthopaedic surgery, 0808 800 6000 and https://example.org/x."
        );
        assert!(
            text.ends_with(" https://example.org/x."),
            "addresses are never broken: {text}"
        );
    }

    #[test]
    fn languages_map_to_their_patterns() {
        assert_eq!(pattern_language("en-GB"), Some(Language::EnglishGB));
        assert_eq!(pattern_language("en"), Some(Language::EnglishUS));
        assert_eq!(pattern_language("cy-GB"), Some(Language::Welsh));
        assert_eq!(pattern_language("fr-CA"), Some(Language::French));
        assert_eq!(pattern_language("de"), Some(Language::German1996));
        assert_eq!(pattern_language("xx"), None);
    }

    #[test]
    fn writing_without_hyphens_is_known() {
        for tag in [
            "zh-Hans",
            "zh-Hant-TW",
            "ja",
            "ko",
            "th",
            "ar",
            "ur",
            "he",
            "fa-IR",
        ] {
            assert!(breaks_without_hyphens(tag), "{tag}");
        }
        for tag in ["en-GB", "cy", "am", "ti", "bn", "so"] {
            assert!(!breaks_without_hyphens(tag), "{tag}");
        }
    }

    #[test]
    fn short_words_are_left_whole() {
        let british = Hyphenation::for_language("en-GB").unwrap();
        assert_eq!(british.hyphenate("a short list"), "a short list");
    }
}
