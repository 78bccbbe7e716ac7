//! Ids from words: `Secondary breast cancer in the bone` →
//! `secondary-breast-cancer-in-the-bone`, in the source format's pattern
//! `[a-z0-9]+(-[a-z0-9]+)*`.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The most characters an id made from words takes: enough for five or six
/// words, short enough for a file name people can read.
const MAX_ID_CHARS: usize = 48;

/// An id from words, or `None` when they hold no letter or digit that
/// folds to ASCII (a title in Arabic script, say).
pub fn slug(words: &str) -> Option<String> {
    let folded: String = words
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'ß' => 's',
            'æ' | 'Æ' => 'a',
            'ø' | 'Ø' => 'o',
            'đ' | 'Đ' | 'ð' => 'd',
            'ł' | 'Ł' => 'l',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    let mut id = String::new();
    for word in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        let grown = if id.is_empty() {
            word.len()
        } else {
            id.len() + 1 + word.len()
        };
        if grown > MAX_ID_CHARS {
            if id.is_empty() {
                id.push_str(&word[..MAX_ID_CHARS]);
            }
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(word);
    }
    (!id.is_empty()).then_some(id)
}

/// Whether `id` is in the source format's pattern.
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Ids for a list of headings, each unique: a second `Side effects` is
/// `side-effects-2`; a heading with no ASCII letters is `section-N`.
pub fn unique_ids<'a>(headings: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    let mut ids = Vec::new();
    for (index, heading) in headings.into_iter().enumerate() {
        let base = slug(heading).unwrap_or_else(|| format!("section-{}", index + 1));
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        ids.push(id);
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_words() {
        assert_eq!(
            slug("Treatment for secondary breast cancer in the bone").as_deref(),
            Some("treatment-for-secondary-breast-cancer-in-the")
        );
        assert_eq!(
            slug("Côte d’Ivoire: your visit").as_deref(),
            Some("cote-d-ivoire-your-visit")
        );
        assert_eq!(slug("Straße").as_deref(), Some("strase"));
        assert_eq!(slug("العلاج"), None);
        assert_eq!(slug("  --  "), None);
        assert!(slug(&"a".repeat(100)).is_some_and(|id| id.len() == MAX_ID_CHARS));
        for words in ["Treatment options", "Côte", "x 2 y", &"word ".repeat(40)] {
            assert!(is_id(&slug(words).unwrap()), "{words}");
        }
        assert!(!is_id("Bad-Id") && !is_id("a--b") && !is_id("-a") && !is_id(""));
    }

    #[test]
    fn section_ids_are_unique() {
        assert_eq!(
            unique_ids(["Side effects", "Side effects", "العلاج", "Side effects 2"]),
            [
                "side-effects",
                "side-effects-2",
                "section-3",
                "side-effects-2-2"
            ]
        );
    }
}
