//! What the web page's check judges of the page as a whole, beyond the
//! units its text must hold: the page's language and direction, one `h1`
//! holding the title and an `h2` a section, and a link to each of the
//! leaflet's other files whose text gives the file's kind and a size that
//! fits the file on disk.

use crate::language::{Direction, direction};
use crate::verify::CheckContext;

use super::reader::Page;

/// The flaws of `page`, a page of `context`'s leaflet that links to the
/// files of the outputs `linked` (those of them made for the leaflet).
pub fn judge(page: &Page, linked: &[&str], context: &CheckContext<'_>) -> Vec<String> {
    let mut flaws = language_flaws(page, &context.leaflet.language);
    flaws.extend(heading_flaws(page, context));
    flaws.extend(link_flaws(page, linked, context));
    flaws
}

/// Whether the page says the leaflet's language, and, for a right-to-left
/// one, its direction.
fn language_flaws(page: &Page, language: &str) -> Vec<String> {
    let mut flaws = Vec::new();
    if !page
        .lang
        .as_deref()
        .is_some_and(|lang| lang.eq_ignore_ascii_case(language))
    {
        flaws.push(format!(
            "its `html` element does not give the leaflet's language, `lang=\"{language}\"`"
        ));
    }
    let rtl = direction(language) == Direction::RightToLeft;
    if rtl && page.dir.as_deref() != Some("rtl") {
        flaws.push("its `html` element does not say `dir=\"rtl\"`".to_owned());
    }
    flaws
}

/// Whether the page has one `h1`, the title, and an `h2` for each section,
/// its heading, in order.
fn heading_flaws(page: &Page, context: &CheckContext<'_>) -> Vec<String> {
    let leaflet = context.leaflet;
    let mut flaws = Vec::new();
    if page.h1.len() != 1 || !same_words(&page.h1[0], &leaflet.title) {
        flaws.push(format!(
            "it should have one `h1`, the title, and has {}",
            quoted(&page.h1)
        ));
    }
    let headings: Vec<&str> = leaflet
        .sections
        .iter()
        .map(|s| s.heading.as_str())
        .collect();
    let same = page.h2.len() == headings.len()
        && page
            .h2
            .iter()
            .zip(&headings)
            .all(|(h2, heading)| same_words(h2, heading));
    if !same {
        flaws.push(format!(
            "its `h2` headings should be the sections' {}, and are {}",
            quoted(&headings),
            quoted(&page.h2)
        ));
    }
    flaws
}

/// Headings as a list in words: `none`, or `"A", "B"`.
fn quoted(texts: &[impl AsRef<str>]) -> String {
    if texts.is_empty() {
        return "none".to_owned();
    }
    let quoted: Vec<String> = texts
        .iter()
        .map(|text| format!("\"{}\"", text.as_ref()))
        .collect();
    quoted.join(", ")
}

/// Whether a heading as read says the words the source gives (white space
/// collapsed; a soft hyphen is not a word's letter).
fn same_words(read: &str, source: &str) -> bool {
    let words = |text: &str| -> Vec<String> {
        text.split_whitespace()
            .map(|word| word.replace('\u{ad}', ""))
            .collect()
    };
    words(read) == words(source)
}

/// Whether the page's `nav` links to each linked output's file (and to no
/// other), each link's text ending with the file's kind and size.
fn link_flaws(page: &Page, linked: &[&str], context: &CheckContext<'_>) -> Vec<String> {
    let files: Vec<_> = linked
        .iter()
        .filter_map(|key| context.needed(key))
        .filter_map(|needed| needed.files.first())
        .collect();
    let mut flaws = Vec::new();
    for file in &files {
        let links: Vec<&(String, String)> = page
            .nav_links
            .iter()
            .filter(|(href, _)| *href == file.name)
            .collect();
        match links.as_slice() {
            [] => flaws.push(format!("it does not link to `{}`", file.name)),
            [(_, text)] => {
                let size = std::fs::metadata(&file.path).map(|m| m.len()).ok();
                flaws.extend(size_flaw(&file.name, text, size));
            }
            _ => flaws.push(format!("it links to `{}` more than once", file.name)),
        }
    }
    for (href, _) in &page.nav_links {
        if !files.iter().any(|file| file.name == *href) {
            flaws.push(format!(
                "it links to `{href}`, which is not one of the leaflet's files"
            ));
        }
    }
    flaws
}

/// What is wrong with a link's text for the file `name` of `size` bytes:
/// it must end with `(KIND, SIZE)`, the kind the file name's extension in
/// capitals, the size one that, rounded up, the file's size gives.
fn size_flaw(name: &str, text: &str, size: Option<u64>) -> Option<String> {
    let kind = name
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let said = text
        .strip_suffix(')')
        .and_then(|text| text.rsplit_once('('))
        .and_then(|(_, said)| said.split_once(", "));
    let Some((said_kind, said_size)) = said else {
        return Some(format!(
            "its link to `{name}` does not end with the file's kind and size: \"{text}\""
        ));
    };
    let Some(size) = size else {
        return Some(format!("`{name}` cannot be read to know its size"));
    };
    let fits =
        size_range(said_size).is_some_and(|(above, at_most)| size > above && size <= at_most);
    if said_kind != kind || !fits {
        return Some(format!(
            "its link to `{name}` says \"{said_kind}, {said_size}\"; the file is {kind}, {size} bytes"
        ));
    }
    None
}

/// The file sizes, in bytes, a size in words stands for, rounded up:
/// above the first and at most the second (`9 kB`: 8000 to 9000 bytes).
fn size_range(said: &str) -> Option<(u64, u64)> {
    let (number, unit) = said.split_once(' ')?;
    let step = match unit {
        "byte" | "bytes" => return number.parse().ok().map(|n: u64| (n.saturating_sub(1), n)),
        "kB" if !number.contains('.') => 1_000,
        "MB" => 100_000,
        _ => return None,
    };
    let (whole, tenths) = match number.split_once('.') {
        Some((whole, tenth)) if tenth.len() == 1 => (whole, tenth),
        Some(_) => return None,
        None => (number, ""),
    };
    let units: u64 = format!("{whole}{tenths}").parse().ok()?;
    let units = if unit == "MB" && tenths.is_empty() {
        units * 10
    } else {
        units
    };
    Some((units.checked_sub(1)? * step, units.checked_mul(step)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_size_in_words_stands_for_the_sizes_that_round_up_to_it() {
        assert_eq!(size_range("640 bytes"), Some((639, 640)));
        assert_eq!(size_range("9 kB"), Some((8_000, 9_000)));
        assert_eq!(size_range("1.2 MB"), Some((1_100_000, 1_200_000)));
        assert_eq!(size_range("12 MB"), Some((11_900_000, 12_000_000)));
        assert_eq!(size_range("1.25 MB"), None);
        assert_eq!(size_range("9 KiB"), None);
    }

    #[test]
    fn a_link_must_give_the_files_kind_and_a_size_that_fits() {
        assert_eq!(size_flaw("a.brf", "Braille (BRF, 9 kB)", Some(8_500)), None);
        assert!(size_flaw("a.brf", "Braille (BRF, 9 kB)", Some(9_001)).is_some());
        assert!(size_flaw("a.brf", "Braille (PDF, 9 kB)", Some(8_500)).is_some());
        assert!(size_flaw("a.brf", "Braille", Some(8_500)).is_some());
    }
}
