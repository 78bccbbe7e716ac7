//! Text no font can show, found before typst is asked to set it: every
//! character of a leaflet's typeset text is looked up in the font book
//! (each font's coverage), and the first one that no font has is an error
//! at its `file:line:column` in the source, naming its script, the text it
//! starts and where to get a font for it.
//!
//! typst itself would only stop at PDF export with a message pointing into
//! `layouts/common.typ`; [`super::describe`] words that message for the
//! leaflet too, as a safety net for what this check cannot foresee.

use std::collections::BTreeSet;
use std::path::Path;

use unicode_script::{Script, UnicodeScript};

use super::Layouts;
use crate::model::{Block, Leaflet, LinkAddresses, plain_text};
use crate::source::{Diagnostic, Position, first_written};

/// Scripts Debian packages fonts for: the Noto fonts of `fonts-noto-cjk`
/// (Chinese, Japanese, Korean) and of `fonts-noto-core` (the rest listed).
/// Any other script gets a hint without a package.
fn debian_package(script: Script) -> Option<&'static str> {
    use Script::*;
    match script {
        Han | Hiragana | Katakana | Hangul | Bopomofo => Some("fonts-noto-cjk"),
        Bengali | Devanagari | Gurmukhi | Gujarati | Oriya | Tamil | Telugu | Kannada
        | Malayalam | Sinhala | Thai | Lao | Khmer | Myanmar | Tibetan | Ethiopic | Armenian
        | Georgian | Thaana | Syriac | Arabic | Hebrew | Cherokee | Canadian_Aboriginal
        | Mongolian | Tifinagh | Nko | Adlam | Javanese | Balinese | Vai | Yi | Ol_Chiki => {
            Some("fonts-noto-core")
        }
        _ => None,
    }
}

/// The script of a run of text: that of its first character with one of
/// its own (not punctuation or a digit shared by all scripts).
pub fn script_of(text: &str) -> Script {
    text.chars()
        .map(|c| c.script())
        .find(|script| !matches!(script, Script::Common | Script::Inherited))
        .unwrap_or(Script::Common)
}

/// The script's name, as Unicode gives it ("Bengali", "Han").
pub fn script_name(script: Script) -> &'static str {
    match script {
        Script::Common | Script::Inherited | Script::Unknown => "symbol",
        _ => script.full_name(),
    }
}

/// Text in `script`, in words: "Bengali text", or "text" for symbols.
pub fn text_in(script: Script) -> String {
    match script_name(script) {
        "symbol" => "text".to_owned(),
        name => format!("{name} text"),
    }
}

/// What to do about text in `script` that no font has.
pub fn hint(script: Script) -> String {
    let name = script_name(script);
    match debian_package(script) {
        Some(package) => format!(
            "give leafpress a folder of fonts with {name} in them: --font-path DIR \
             (on Debian, `apt install {package}`, then --font-path /usr/share/fonts)"
        ),
        None => {
            format!("give leafpress a folder holding a font with {name} in it: --font-path DIR")
        }
    }
}

/// Every character of the leaflet's text that the PDFs typeset, once
/// each: title, summary, publisher, headings and bodies (link addresses
/// written out as print writes them). The end matter is leafpress's own
/// English, which the bundled fonts show.
fn typeset_characters(leaflet: &Leaflet) -> BTreeSet<char> {
    let mut chars = BTreeSet::new();
    let mut add = |text: &str| chars.extend(text.chars());
    add(&leaflet.title);
    leaflet.summary.as_deref().into_iter().for_each(&mut add);
    leaflet.publisher.as_deref().into_iter().for_each(&mut add);
    for section in &leaflet.sections {
        add(&section.heading);
        for block in &section.blocks {
            match block {
                Block::Paragraph { content } => {
                    add(&plain_text(content, LinkAddresses::WrittenOut))
                }
                Block::BulletList { items } | Block::NumberedList { items, .. } => {
                    for item in items {
                        add(&plain_text(&item.content, LinkAddresses::WrittenOut));
                    }
                }
            }
        }
    }
    chars
}

/// The error for the first text of `leaflet` that no font of `layouts`
/// can show (and, when `job_sheet`, a title the job sheet's fonts cannot
/// show), at its place in the source file; `None` when every character
/// has a font. `source_sha256` is the hash of the source as it was read:
/// the file is read again to find the place, and if it has changed since,
/// the error is at its first line.
pub fn refusal(
    leaflet: &Leaflet,
    source_sha256: &str,
    layouts: &Layouts,
    job_sheet: bool,
) -> Option<Diagnostic> {
    let title: BTreeSet<char> = leaflet.title.chars().collect();
    let sheet = layouts.for_job_sheet();
    let unshown: BTreeSet<char> = typeset_characters(leaflet)
        .into_iter()
        .filter(|&c| {
            !layouts.can_show(c) || (job_sheet && title.contains(&c) && !sheet.can_show(c))
        })
        .collect();
    let &first = unshown.first()?;
    let path = &leaflet.source_path;
    let written = read_again(path, source_sha256)
        .and_then(|text| first_written(&text, &|c| unshown.contains(&c)));
    let (position, text) = match written {
        Some(written) => (written.position, written.text),
        None => (Position { line: 1, column: 1 }, first.to_string()),
    };
    let first = text.chars().next().unwrap_or(first);
    let shown: String = text
        .chars()
        .take_while(|c| !c.is_whitespace())
        .take(12)
        .collect();
    let script = script_of(&shown);
    Some(
        Diagnostic::error(
            path,
            position,
            format!(
                "no font can show the {} \"{shown}\" (U+{:04X} is in no font leafpress has)",
                text_in(script),
                first as u32
            ),
        )
        .with_hint(hint(script)),
    )
}

/// The source file's text, if it is still what was read.
fn read_again(path: &Path, source_sha256: &str) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if crate::stamp::sha256(bytes) != source_sha256 {
        return None;
    }
    String::from_utf8(bytes.to_vec()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_named_and_hinted() {
        assert_eq!(script_name(script_of("১২ হাসপাতাল")), "Bengali");
        assert_eq!(script_name(script_of("“前往”")), "Han");
        assert!(hint(Script::Han).contains("fonts-noto-cjk"));
        assert!(hint(Script::Gurmukhi).contains("fonts-noto-core"));
        assert!(hint(Script::Gurmukhi).contains("--font-path"));
        assert_eq!(
            hint(Script::Cuneiform),
            "give leafpress a folder holding a font with Cuneiform in it: --font-path DIR"
        );
    }

    #[test]
    fn the_bundled_fonts_show_latin_greek_arabic_hebrew_and_emoji_but_not_bengali() {
        let layouts = Layouts::shared_built_in();
        for c in [
            'a', 'ŵ', 'Ω', 'ж', 'ب', 'א', '😀', '\u{200B}', '\u{00AD}', ' ',
        ] {
            assert!(layouts.can_show(c), "{c:?}");
        }
        for c in ['হ', '前', 'ਸ', 'ሀ'] {
            assert!(!layouts.can_show(c), "{c:?}");
        }
    }
}
