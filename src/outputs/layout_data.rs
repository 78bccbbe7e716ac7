//! The data a typst layout reads from `/data.json`: the leaflet, prepared
//! for the format, and what the layout cannot work out for itself.
//!
//! Its shape is the layouts' interface, described in `layouts/README.md`.

use serde::Serialize;

use crate::model::{Block, Inline, Leaflet, end_matter};
use crate::typeset::hyphenate::{Hyphenation, SOFT_HYPHEN, is_address};

/// Zero-width space: a line-break opportunity that prints nothing.
const BREAK_OPPORTUNITY: char = '\u{200b}';

/// Everything a layout reads.
#[derive(Debug, Serialize)]
pub struct LayoutData {
    /// The leaflet, its text prepared for the format.
    pub leaflet: Leaflet,
    /// The language part of the leaflet's tag, for typst's `text(lang:)`.
    pub lang: String,
    /// The region part, for `text(region:)`, if the tag has one.
    pub region: Option<String>,
    /// The publisher and review dates, each a line, as every output shows
    /// them.
    pub end_matter: Vec<String>,
    /// Page geometry for the print layout.
    pub print_page: Option<PrintPage>,
}

/// Page geometry of the print PDF, in millimetres.
#[derive(Debug, Serialize)]
pub struct PrintPage {
    /// Trim width.
    pub width_mm: f64,
    /// Trim height.
    pub height_mm: f64,
    /// Bleed beyond the trim.
    pub bleed_mm: f64,
    /// How far the page (the MediaBox) reaches beyond the trim: the bleed,
    /// and room for crop marks outside it when they are on.
    pub media_bleed_mm: f64,
    /// Whether to draw crop marks.
    pub crop_marks: bool,
    /// How far crop marks start from the trim: beyond the bleed, and never
    /// closer than 4 mm.
    pub crop_mark_offset_mm: f64,
    /// How long each crop mark is.
    pub crop_mark_length_mm: f64,
    /// Margin from the trim to the text (at least the 5 mm safe area).
    pub margin_mm: f64,
}

/// Crop marks start this far beyond the bleed (or beyond 3 mm, for a
/// smaller bleed), so that a slightly misregistered trim never shows them.
const CROP_MARK_GAP_MM: f64 = 1.0;

/// How long a crop mark is.
const CROP_MARK_LENGTH_MM: f64 = 5.0;

/// Paper left beyond the end of a crop mark.
const CROP_MARK_MARGIN_MM: f64 = 1.0;

impl LayoutData {
    /// Data for the print layout: body text hyphenated in the leaflet's
    /// language (with a warning when there are no patterns for it).
    pub fn for_print(leaflet: &Leaflet) -> (LayoutData, Vec<String>) {
        let mut warnings = Vec::new();
        let hyphenation = Hyphenation::for_language(&leaflet.language);
        if hyphenation.is_none() {
            warnings.push(format!(
                "there are no hyphenation patterns for `{}`: the print PDF is not hyphenated",
                leaflet.language
            ));
        }
        let prepared = map_body_text(leaflet, |text| {
            let text = break_addresses(text);
            match &hyphenation {
                Some(hyphenation) => hyphenation.hyphenate(&text),
                None => text,
            }
        });
        let print = &leaflet.print;
        let (width_mm, height_mm) = print.size.mm();
        let crop_mark_offset_mm = print.bleed_mm.max(3.0) + CROP_MARK_GAP_MM;
        let media_bleed_mm = if print.crop_marks {
            crop_mark_offset_mm + CROP_MARK_LENGTH_MM + CROP_MARK_MARGIN_MM
        } else {
            print.bleed_mm
        };
        let print_page = PrintPage {
            width_mm,
            height_mm,
            bleed_mm: print.bleed_mm,
            media_bleed_mm,
            crop_marks: print.crop_marks,
            crop_mark_offset_mm,
            crop_mark_length_mm: CROP_MARK_LENGTH_MM,
            margin_mm: if width_mm < 110.0 { 9.0 } else { 12.0 },
        };
        (LayoutData::new(prepared, Some(print_page)), warnings)
    }

    /// Data for the large-print layout: never hyphenated (soft hyphens the
    /// author typed are taken out), addresses free to wrap.
    pub fn for_large_print(leaflet: &Leaflet) -> LayoutData {
        let longest = longest_large_print_word(leaflet.large_print.size_pt);
        let mut prepared = map_body_text(leaflet, |text| {
            break_overlong_words(&break_addresses(&text.replace(SOFT_HYPHEN, "")), longest)
        });
        let unbreakable = |text: &mut String| *text = text.replace(SOFT_HYPHEN, "");
        let one_line_texts = std::iter::once(&mut prepared.title)
            .chain(prepared.summary.as_mut())
            .chain(prepared.publisher.as_mut())
            .chain(
                prepared
                    .sections
                    .iter_mut()
                    .map(|section| &mut section.heading),
            );
        one_line_texts.for_each(unbreakable);
        LayoutData::new(prepared, None)
    }

    fn new(leaflet: Leaflet, print_page: Option<PrintPage>) -> LayoutData {
        let mut subtags = leaflet.language.split('-');
        let lang = subtags.next().unwrap_or("und").to_ascii_lowercase();
        let region = subtags
            .find(|subtag| subtag.len() == 2 && subtag.chars().all(|c| c.is_ascii_alphabetic()))
            .map(str::to_ascii_uppercase);
        LayoutData {
            end_matter: end_matter(&leaflet),
            leaflet,
            lang,
            region,
            print_page,
        }
    }

    /// The JSON the layout reads.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("layout data is plain data")
    }
}

/// A copy of the leaflet with `change` applied to the text of every body
/// block and to written-out link addresses (not to the title or headings,
/// which are never broken).
fn map_body_text(leaflet: &Leaflet, change: impl Fn(&str) -> String) -> Leaflet {
    let mut prepared = leaflet.clone();
    for section in &mut prepared.sections {
        for block in &mut section.blocks {
            match block {
                Block::Paragraph { content } => map_inlines(content, &change),
                Block::BulletList { items } | Block::NumberedList { items, .. } => {
                    for item in items {
                        map_inlines(&mut item.content, &change);
                    }
                }
            }
        }
    }
    prepared
}

fn map_inlines(content: &mut [Inline], change: &impl Fn(&str) -> String) {
    for inline in content {
        match inline {
            Inline::Text { text } => *text = change(text),
            Inline::Strong { content } | Inline::Emphasis { content } => {
                map_inlines(content, change)
            }
            Inline::Link {
                content,
                written_address,
                ..
            } => {
                map_inlines(content, change);
                if let Some(address) = written_address {
                    *address = break_addresses(address);
                }
            }
        }
    }
}

/// The most characters of a word that surely fit on one large-print line:
/// the A4 text area (165 mm) over a generous average letter width of 0.6 em.
fn longest_large_print_word(size_pt: f64) -> usize {
    let text_width_pt = 165.0 * 72.0 / 25.4;
    ((text_width_pt / (0.6 * size_pt)).floor() as usize).max(8)
}

/// A word too long for any line would run off the page. Large print may not
/// hyphenate, so such a word (a rare thing: a chemical name, a reference
/// number) gets an invisible break opportunity every `longest` characters:
/// it wraps, without a hyphen, rather than overflowing. Shorter words are
/// never touched.
fn break_overlong_words(text: &str, longest: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for token in text.split_inclusive(char::is_whitespace) {
        let letters = token.chars().filter(|&c| c != BREAK_OPPORTUNITY).count();
        if letters <= longest {
            out.push_str(token);
            continue;
        }
        let mut run = 0;
        for c in token.chars() {
            if c == BREAK_OPPORTUNITY {
                run = 0;
            } else if run == longest && !c.is_whitespace() {
                out.push(BREAK_OPPORTUNITY);
                run = 0;
            }
            out.push(c);
            run += usize::from(c != BREAK_OPPORTUNITY);
        }
    }
    out
}

/// Lets web and email addresses wrap inside the text area: a zero-width
/// break opportunity after each `/`, `.`, `@`, `?`, `&`, `=` and `-` of an
/// address, so that a long one never runs off the page. Nothing visible is
/// added, and no ordinary word is touched.
fn break_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for token in text.split_inclusive(char::is_whitespace) {
        if !is_address(token) {
            out.push_str(token);
            continue;
        }
        let mut chars = token.chars().peekable();
        while let Some(c) = chars.next() {
            out.push(c);
            let more_follows = chars.peek().is_some_and(|next| !next.is_whitespace());
            if more_follows && matches!(c, '/' | '.' | '@' | '?' | '&' | '=' | '-' | '_') {
                out.push(BREAK_OPPORTUNITY);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_words_longer_than_a_line_get_break_opportunities() {
        let text = break_overlong_words("short Pneumonoultramicroscopicsilicovolcanoconiosis", 20);
        assert_eq!(
            text.replace(BREAK_OPPORTUNITY, ""),
            "short Pneumonoultramicroscopicsilicovolcanoconiosis"
        );
        assert_eq!(text.matches(BREAK_OPPORTUNITY).count(), 2);
        assert!(text.starts_with("short Pneumono"));
        assert_eq!(longest_large_print_word(18.0), 43);
    }

    #[test]
    fn addresses_may_wrap_and_words_are_untouched() {
        let text = break_addresses("See https://example.org/a-b for help.");
        assert_eq!(
            text.replace(BREAK_OPPORTUNITY, ""),
            "See https://example.org/a-b for help."
        );
        assert!(text.contains("https:/\u{200b}/\u{200b}example.\u{200b}org/\u{200b}a-\u{200b}b "));
        assert!(text.ends_with(" for help."));
    }
}
