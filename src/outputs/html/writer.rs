//! Writes the web page: HTML5 with its style sheet inside (`page.css`
//! beside this file), no script and nothing fetched from anywhere. Its
//! landmarks are a `header` (the title and a `nav` of the leaflet's other
//! files), the `main` content (summary and sections) and a `footer` (the
//! end matter). Every string from the leaflet is escaped
//! ([`crate::outputs::markup`]).

use std::fmt::Write as _;

use crate::labels::{FALLBACK_LANGUAGE, Label};
use crate::language::direction;
use crate::model::{Block, Leaflet, end_matter};
use crate::outputs::MadeFile;
use crate::outputs::markup::{LinkMarkup, escape_attribute, escape_text, inline};

/// The page's style sheet, written into its `<style>`.
pub const STYLESHEET: &str = include_str!("page.css");

/// What the page calls each file it links to, and the file's kind, by the
/// key of the output that made it, in the order the page lists them. The
/// words are leafpress's own, in English (marked `lang="en"` on a page in
/// another language).
pub const OTHER_FILES: [(&str, &str, &str); 5] = [
    ("print", "Print PDF", "PDF"),
    ("large-print", "Large-print PDF", "PDF"),
    ("epub", "EPUB e-book", "EPUB"),
    ("text", "Plain text", "TXT"),
    ("braille", "Braille file", "BRF"),
];

/// What the `nav` of the other files is called (its `aria-label`).
const OTHER_FILES_LABEL: &str = "This leaflet in other formats";

/// The page: `made` holds the files the earlier outputs made, of which it
/// links those in [`OTHER_FILES`].
pub fn write(leaflet: &Leaflet, made: &[MadeFile]) -> String {
    let mut out = head(leaflet);
    out.push_str("<body>\n<header>\n");
    let _ = writeln!(
        out,
        r#"<h1 id="title">{}</h1>"#,
        escape_text(&leaflet.title)
    );
    out.push_str(&other_files(leaflet, made));
    out.push_str("</header>\n<main>\n");
    if let Some(summary) = &leaflet.summary {
        let _ = writeln!(out, r#"<p class="summary">{}</p>"#, escape_text(summary));
    }
    for section in &leaflet.sections {
        let _ = writeln!(
            out,
            "<section id=\"section-{}\">\n<h2>{}</h2>",
            escape_attribute(&section.id),
            escape_text(&section.heading)
        );
        for block in &section.blocks {
            out.push_str(&block_markup(block));
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n");
    out.push_str(&footer(leaflet));
    out.push_str("</body>\n</html>\n");
    out
}

/// Everything up to and including `</head>`.
fn head(leaflet: &Leaflet) -> String {
    format!(
        r#"<!doctype html>
<html{}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{}</title>
<style>
{STYLESHEET}</style>
</head>
"#,
        language(&leaflet.language),
        escape_text(&leaflet.title),
    )
}

/// ` lang="..." dir="..."` for a language.
fn language(tag: &str) -> String {
    format!(
        r#" lang="{}" dir="{}""#,
        escape_attribute(tag),
        direction(tag).as_dir()
    )
}

/// The language attributes of text in `lang` on a page in the leaflet's
/// language: nothing when `lang` is `None` (the leaflet's own).
fn other_language(lang: Option<&str>) -> String {
    lang.map(language).unwrap_or_default()
}

/// The `nav` of links to the leaflet's other files, each with its kind
/// and size in its text; nothing when no such file was made.
fn other_files(leaflet: &Leaflet, made: &[MadeFile]) -> String {
    let links: Vec<String> = OTHER_FILES
        .iter()
        .filter_map(|(key, what, kind)| {
            let file = made.iter().find(|file| file.key == *key)?;
            Some(format!(
                "<li><a href=\"{}\">{what} ({kind}, {})</a></li>\n",
                escape_attribute(&file.name),
                crate::size::human_size(file.size)
            ))
        })
        .collect();
    if links.is_empty() {
        return String::new();
    }
    let english = primary_subtag(&leaflet.language) != FALLBACK_LANGUAGE;
    format!(
        "<nav aria-label=\"{OTHER_FILES_LABEL}\"{}>\n<ul>\n{}</ul>\n</nav>\n",
        other_language(english.then_some(FALLBACK_LANGUAGE)),
        links.concat()
    )
}

/// The language of a tag, lower case (`en` of `en-GB`).
fn primary_subtag(tag: &str) -> String {
    tag.split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// A block of a section.
fn block_markup(block: &Block) -> String {
    let (tag, start, items) = match block {
        Block::Paragraph { content } => {
            return format!("<p>{}</p>\n", inline(content, LinkMarkup::WithAddress));
        }
        Block::BulletList { items } => ("ul", String::new(), items),
        Block::NumberedList { start: 1, items } => ("ol", String::new(), items),
        Block::NumberedList { start, items } => ("ol", format!(r#" start="{start}""#), items),
    };
    let items: String = items
        .iter()
        .map(|item| {
            format!(
                "<li>{}</li>\n",
                inline(&item.content, LinkMarkup::WithAddress)
            )
        })
        .collect();
    format!("<{tag}{start}>\n{items}</{tag}>\n")
}

/// The end matter, in the `footer`: each line a paragraph in its label's
/// language, a piece in another language marked on its own.
fn footer(leaflet: &Leaflet) -> String {
    let mut out = String::from("<footer>\n");
    for line in end_matter(leaflet) {
        let pieces: String = line.pieces.iter().map(label_markup).collect();
        let _ = writeln!(
            out,
            "<p{}>{pieces}</p>",
            other_language(line.lang.as_deref())
        );
    }
    out.push_str("</footer>\n");
    out
}

/// A label, in a `span` marking its language when that is not the line's.
fn label_markup(label: &Label) -> String {
    match &label.lang {
        Some(lang) => format!(
            "<span{}>{}</span>",
            language(lang),
            escape_text(&label.text)
        ),
        None => escape_text(&label.text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2.x relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    #[test]
    fn every_colour_pair_of_the_page_has_aa_contrast() {
        // (text, background, least ratio) in light, dark and print, links
        // and visited links included: 4.5:1 for text; the rules' grey, a
        // non-text contrast (WCAG 1.4.11), needs 3:1.
        let pairs = [
            ("#1a1a1a", "#ffffff", 4.5),
            ("#0b57a4", "#ffffff", 4.5),
            ("#6b2fa0", "#ffffff", 4.5),
            ("#ededed", "#121212", 4.5),
            ("#8ab4f8", "#121212", 4.5),
            ("#d7aefb", "#121212", 4.5),
            ("#000000", "#ffffff", 4.5),
            ("#767676", "#ffffff", 3.0),
            ("#767676", "#121212", 3.0),
        ];
        for (text, background, least) in pairs {
            assert!(STYLESHEET.contains(text) && STYLESHEET.contains(background));
            let (a, b) = (luminance(text), luminance(background));
            let ratio = (a.max(b) + 0.05) / (a.min(b) + 0.05);
            assert!(ratio >= least, "{text} on {background}: {ratio:.2}:1");
        }
    }

    #[test]
    fn the_style_sheet_fetches_nothing_and_fixes_no_height() {
        for banned in ["@import", "url(", "@font-face", "px;", "px "] {
            assert!(!STYLESHEET.contains(banned), "{banned}");
        }
        let fixed_height = STYLESHEET
            .split(['{', ';'])
            .map(str::trim)
            .any(|declaration| {
                declaration.contains("height:") && !declaration.starts_with("line-height")
            });
        assert!(!fixed_height);
    }
}
