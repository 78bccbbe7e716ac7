//! What leafpress needs to know of a leaflet's language from its BCP 47
//! tag: which way its text runs, and the parts typst's `text(lang:,
//! region:)` takes.

/// The language part of a tag, lower case, and its region, upper case, if
/// it has one: `en-GB` is `("en", Some("GB"))`, for typst's `text(lang:,
/// region:)`.
pub fn lang_and_region(tag: &str) -> (String, Option<String>) {
    let mut subtags = tag.split('-');
    let lang = subtags.next().unwrap_or("und").to_ascii_lowercase();
    let region = subtags
        .find(|subtag| subtag.len() == 2 && subtag.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase);
    (lang, region)
}

/// Which way a language's text runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Direction {
    /// Left to right (Latin, Cyrillic, Greek, Devanagari, ...).
    #[serde(rename = "ltr")]
    LeftToRight,
    /// Right to left (Arabic, Hebrew, ...).
    #[serde(rename = "rtl")]
    RightToLeft,
}

impl Direction {
    /// The value of HTML's and typst's `dir`: `ltr` or `rtl`.
    pub fn as_dir(self) -> &'static str {
        match self {
            Direction::LeftToRight => "ltr",
            Direction::RightToLeft => "rtl",
        }
    }
}

impl std::fmt::Display for Direction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_dir())
    }
}

/// Which way text in a language runs, from its BCP 47 tag.
pub fn direction(language: &str) -> Direction {
    if is_right_to_left(language) {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    }
}

/// Whether a language is written right to left, from its BCP 47 tag: its
/// script subtag when it has one (`az-Arab`, `pa-Arab-PK`), otherwise its
/// language (`ar`, `fa-IR`). The script is the 4-letter subtag after the
/// language and any extended language subtags; extensions and private use
/// (`he-x-test`, `fa-u-nu-latn`) are not scripts.
fn is_right_to_left(language: &str) -> bool {
    const RTL_SCRIPTS: [&str; 8] = [
        "arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "samr",
    ];
    const RTL_LANGUAGES: [&str; 27] = [
        "ar", "arc", "arz", "azb", "bal", "bqi", "ckb", "dv", "fa", "glk", "he", "iw", "khw", "ks",
        "lrc", "mzn", "nqo", "pnb", "prs", "ps", "sd", "skr", "syr", "ug", "ur", "yi", "ydd",
    ];
    let subtags: Vec<String> = language.split('-').map(str::to_ascii_lowercase).collect();
    let primary = subtags.first().map(String::as_str).unwrap_or_default();
    let script = subtags
        .iter()
        .skip(1)
        // Extended language subtags are 3 letters; the script follows them.
        .find(|subtag| !(subtag.len() == 3 && subtag.chars().all(|c| c.is_ascii_alphabetic())))
        .filter(|subtag| subtag.len() == 4 && subtag.chars().all(|c| c.is_ascii_alphabetic()));
    match script {
        Some(script) => RTL_SCRIPTS.contains(&script.as_str()),
        None => RTL_LANGUAGES.contains(&primary),
    }
}

/// Whether a character is a directional mark or isolate, which show
/// nothing and set the order the text around them is shown in: the
/// left-to-right, right-to-left and Arabic letter marks (U+200E, U+200F,
/// U+061C) and the isolates (U+2066 to U+2069). They are text in the EPUB
/// and the plain text; a PDF's text layer, made of glyphs, cannot hold them.
pub fn is_direction_mark(c: char) -> bool {
    matches!(
        c,
        '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests {
    use super::{is_right_to_left, lang_and_region};

    #[test]
    fn a_tag_gives_typst_its_language_and_region() {
        assert_eq!(lang_and_region("en-GB"), ("en".into(), Some("GB".into())));
        assert_eq!(lang_and_region("cy"), ("cy".into(), None));
        assert_eq!(
            lang_and_region("zh-Hant-TW"),
            ("zh".into(), Some("TW".into()))
        );
    }

    #[test]
    fn direction_follows_the_script_then_the_language() {
        assert!(is_right_to_left("ar"));
        assert!(is_right_to_left("fa-IR"));
        assert!(is_right_to_left("az-Arab"));
        assert!(!is_right_to_left("en-GB"));
        assert!(!is_right_to_left("ku-Latn"));
        assert!(!is_right_to_left("cy"));
        assert!(is_right_to_left("he-x-test"));
        assert!(is_right_to_left("fa-u-nu-latn"));
        assert!(is_right_to_left("pnb"));
        assert!(!is_right_to_left("zh-Hant-TW"));
        assert!(!is_right_to_left("sr-Latn"));
    }
}
