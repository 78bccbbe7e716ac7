//! The data a typst layout reads from `/data.json`: the leaflet, prepared
//! for the format, and what the layout cannot work out for itself.
//!
//! Its shape is the layouts' interface, described in `layouts/README.md`.

use serde::Serialize;

use super::RenderContext;
use crate::error::Error;
use crate::labels::{Label, LabelledLine};
use crate::model::{Block, Inline, Leaflet, ReviewDate, end_matter};
use crate::typeset::hyphenate::{Hyphenation, SOFT_HYPHEN, breaks_without_hyphens, is_address};
use crate::typeset::{self, Job};

/// Zero-width space: a line-break opportunity that prints nothing.
const BREAK_OPPORTUNITY: char = '\u{200b}';

/// Everything a layout reads.
#[derive(Debug, Serialize)]
pub struct LayoutData {
    /// The leaflet, its text prepared for the format, with its review dates
    /// written out in its own language (`for_people`, and `for_people_lang`
    /// when that is English standing in for it) and its labels.
    #[serde(serialize_with = "leaflet_for_layouts")]
    pub leaflet: Leaflet,
    /// The language part of the leaflet's tag, for typst's `text(lang:)`.
    pub lang: String,
    /// The region part, for `text(region:)`, if the tag has one.
    pub region: Option<String>,
    /// The publisher and review dates, each a line of pieces, as every
    /// output shows them.
    pub end_matter: Vec<LayoutLine>,
    /// Page geometry for the print layout.
    pub print_page: Option<PrintPage>,
}

/// A line of the end matter for typst: its language when it is not the
/// leaflet's (a line whose label fell back to English is an English
/// paragraph, left to right), and its pieces, each with its own language
/// when that differs from the line's. Languages come as typst's `lang` and
/// `region`.
#[derive(Debug, Serialize)]
pub struct LayoutLine {
    /// The line's language, or null for the leaflet's.
    pub lang: Option<String>,
    /// Its region, if the language has one.
    pub region: Option<String>,
    /// The pieces, in reading order.
    pub pieces: Vec<LayoutPiece>,
}

/// A piece of a [`LayoutLine`].
#[derive(Debug, Serialize)]
pub struct LayoutPiece {
    /// The words, with break opportunities in words too long for a line.
    pub text: String,
    /// Its language, or null for the line's.
    pub lang: Option<String>,
    /// Its region, if the language has one.
    pub region: Option<String>,
}

impl LayoutLine {
    fn new(line: LabelledLine, longest_word: usize) -> LayoutLine {
        let split = |lang: Option<&str>| match lang {
            Some(tag) => {
                let (lang, region) = crate::language::lang_and_region(tag);
                (Some(lang), region)
            }
            None => (None, None),
        };
        let (lang, region) = split(line.lang.as_deref());
        let mut carry = 0;
        let pieces = line
            .pieces
            .into_iter()
            .map(|Label { text, lang }| {
                let (lang, region) = split(lang.as_deref());
                LayoutPiece {
                    text: break_overlong_words_after(&text, longest_word, &mut carry),
                    lang,
                    region,
                }
            })
            .collect();
        LayoutLine {
            lang,
            region,
            pieces,
        }
    }
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

/// The built-in layouts' type sizes, in points. Rust needs them only to know
/// which words are too long for any line; a house style with larger type
/// should keep to these or accept that a very long word may overflow.
mod type_sizes {
    /// Print: body text (`print.typ`).
    pub const PRINT_BODY: f64 = 12.0;
    /// Print: section headings.
    pub const PRINT_HEADING: f64 = 14.5;
    /// Print: the title.
    pub const PRINT_TITLE: f64 = 19.5;
    /// Large print: headings, as a multiple of the body size.
    pub const LARGE_HEADING: f64 = 1.3;
    /// Large print: the title, as a multiple of the body size.
    pub const LARGE_TITLE: f64 = 1.6;
    /// Large print: the width of the A4 text area, in millimetres.
    pub const LARGE_TEXT_WIDTH_MM: f64 = 165.0;
}

impl LayoutData {
    /// Data for the print layout: body text hyphenated in the leaflet's
    /// language (with a warning when there are no patterns for it and its
    /// writing would use them), and
    /// words too long for a line given somewhere to break.
    pub fn for_print(leaflet: &Leaflet) -> (LayoutData, Vec<String>) {
        let mut warnings = Vec::new();
        let hyphenation = Hyphenation::for_language(&leaflet.language);
        if hyphenation.is_none() && !breaks_without_hyphens(&leaflet.language) {
            warnings.push(format!(
                "there are no hyphenation patterns for `{}`: the print PDF is not hyphenated",
                leaflet.language
            ));
        }
        let print = &leaflet.print;
        let (width_mm, height_mm) = print.size.mm();
        let margin_mm = match width_mm {
            w if w < 110.0 => 9.0,
            w if w < 200.0 => 12.0,
            // A4: wide margins keep lines near 80 characters.
            _ => 28.0,
        };
        let line = Line {
            width_mm: width_mm - 2.0 * margin_mm,
        };
        let body = line.longest_word(type_sizes::PRINT_BODY);
        let mut prepared = map_body_text(leaflet, |text, carry| {
            let text = break_overlong_words_after(text, body, carry);
            match &hyphenation {
                Some(hyphenation) => hyphenation.hyphenate(&text),
                None => text,
            }
        });
        break_one_line_texts(
            &mut prepared,
            line.longest_word(type_sizes::PRINT_TITLE),
            line.longest_word(type_sizes::PRINT_HEADING),
            body,
        );
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
            margin_mm,
        };
        (LayoutData::new(prepared, Some(print_page), body), warnings)
    }

    /// Data for the large-print layout: never hyphenated (soft hyphens the
    /// author typed are taken out), and only words too long for any line
    /// given somewhere to break.
    pub fn for_large_print(leaflet: &Leaflet) -> LayoutData {
        let size = leaflet.large_print.size_pt;
        let line = Line {
            width_mm: type_sizes::LARGE_TEXT_WIDTH_MM,
        };
        let body = line.longest_word(size);
        let mut prepared = map_body_text(leaflet, |text, carry| {
            break_overlong_words_after(&text.replace(SOFT_HYPHEN, ""), body, carry)
        });
        let unhyphenate = |text: &mut String| *text = text.replace(SOFT_HYPHEN, "");
        std::iter::once(&mut prepared.title)
            .chain(prepared.summary.as_mut())
            .chain(prepared.publisher.as_mut())
            .chain(
                prepared
                    .sections
                    .iter_mut()
                    .map(|section| &mut section.heading),
            )
            .for_each(unhyphenate);
        break_one_line_texts(
            &mut prepared,
            line.longest_word(size * type_sizes::LARGE_TITLE),
            line.longest_word(size * type_sizes::LARGE_HEADING),
            body,
        );
        LayoutData::new(prepared, None, body)
    }

    fn new(
        leaflet: Leaflet,
        print_page: Option<PrintPage>,
        longest_body_word: usize,
    ) -> LayoutData {
        let (lang, region) = crate::language::lang_and_region(&leaflet.language);
        LayoutData {
            end_matter: end_matter(&leaflet)
                .into_iter()
                .map(|line| LayoutLine::new(line, longest_body_word))
                .collect(),
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

    /// Typesets this data with a layout (`print.typ`) into a PDF named for
    /// its kind (`print`, `large-print`): the PDF's identifier and its proofs'
    /// file names (`proofs/ID-KIND-page-N.png`) follow from it. With
    /// `thumbnail`, also a small picture of the first page.
    pub fn typeset(
        &self,
        context: &RenderContext<'_>,
        layout: &str,
        kind: &str,
        thumbnail: bool,
    ) -> Result<LaidOut, Error> {
        let leaflet = context.leaflet;
        let job = Job {
            layout,
            data: &self.to_json(),
            today: typeset::datetime(context.date),
            attachments: &[],
        };
        let ident = format!("{}-{kind}", leaflet.id);
        let pictures = typeset::Pictures {
            proofs: context.proofs,
            thumbnail,
        };
        let typeset = typeset::typeset_pdf(context.layouts, job, &ident, pictures)?;
        context.editions.record_fonts(&typeset.font_files);
        let proof_files = typeset
            .proofs
            .into_iter()
            .enumerate()
            .map(|(i, png)| (format!("proofs/{ident}-page-{}.png", i + 1), png))
            .collect();
        Ok(LaidOut {
            pdf: typeset.pdf,
            pages: typeset.pages,
            anchors: typeset.anchors,
            page_numbers: typeset.page_numbers,
            proof_files,
            thumbnail: typeset.thumbnail,
            uses_colour: typeset.uses_colour,
        })
    }
}

/// The leaflet as the layouts read it: the model, with each review date's
/// `for_people` in the leaflet's language (the model's own serialisation
/// has the English that the job sheet uses).
fn leaflet_for_layouts<S: serde::Serializer>(
    leaflet: &Leaflet,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::Error as _;
    let mut value = serde_json::to_value(leaflet).map_err(S::Error::custom)?;
    let dates: [(&str, &ReviewDate); 2] = [
        ("reviewed", &leaflet.reviewed),
        ("next_review", &leaflet.next_review),
    ];
    for (key, date) in dates {
        let written = leaflet.labels.dates.write(date);
        if let Some(date) = value.get_mut(key).and_then(|date| date.as_object_mut()) {
            date.insert("for_people".into(), written.text.into());
            date.insert("for_people_lang".into(), written.lang.into());
        }
    }
    value.serialize(serializer)
}

/// A PDF typeset from a layout, with its proofs named for release.
#[derive(Debug, Clone)]
pub struct LaidOut {
    /// The PDF file.
    pub pdf: Vec<u8>,
    /// How many pages it has.
    pub pages: usize,
    /// Where the layout's anchors fell.
    pub anchors: Vec<typeset::AnchorMark>,
    /// The number printed on each page, by index.
    pub page_numbers: Vec<u64>,
    /// PNG proofs by file name, empty unless asked for.
    pub proof_files: Vec<(String, Vec<u8>)>,
    /// A small picture of the first page, if asked for.
    pub thumbnail: Option<typeset::Thumbnail>,
    /// Whether the pages draw in colour.
    pub uses_colour: bool,
}

/// A line of text of some width.
struct Line {
    width_mm: f64,
}

impl Line {
    /// The most characters of a word that surely fit on the line at a type
    /// size: its width over a generous average letter width of 0.6 em.
    fn longest_word(&self, size_pt: f64) -> usize {
        let width_pt = self.width_mm * 72.0 / 25.4;
        ((width_pt / (0.6 * size_pt)).floor() as usize).max(8)
    }
}

/// Gives overlong words in the title, headings, summary and publisher
/// somewhere to break, each for its own type size.
fn break_one_line_texts(leaflet: &mut Leaflet, title: usize, heading: usize, body: usize) {
    leaflet.title = break_overlong_words(&leaflet.title, title);
    for section in &mut leaflet.sections {
        section.heading = break_overlong_words(&section.heading, heading);
    }
    for text in leaflet
        .summary
        .iter_mut()
        .chain(leaflet.publisher.iter_mut())
    {
        *text = break_overlong_words(text, body);
    }
}

/// A copy of the leaflet with `change` applied to the text of every body
/// block and to written-out link addresses (not to the title or headings,
/// which are never broken), in reading order. `change` is also given, and
/// keeps up to date, how many characters of a word the block's earlier
/// pieces left unfinished: a word may run on from bold text into plain, or
/// from a written-out address into the text after it.
fn map_body_text(leaflet: &Leaflet, change: impl Fn(&str, &mut usize) -> String) -> Leaflet {
    let mut prepared = leaflet.clone();
    for section in &mut prepared.sections {
        for block in &mut section.blocks {
            match block {
                Block::Paragraph { content } => map_inlines(content, &change, &mut 0),
                Block::BulletList { items } | Block::NumberedList { items, .. } => {
                    for item in items {
                        map_inlines(&mut item.content, &change, &mut 0);
                    }
                }
            }
        }
    }
    prepared
}

fn map_inlines(
    content: &mut [Inline],
    change: &impl Fn(&str, &mut usize) -> String,
    carry: &mut usize,
) {
    for inline in content {
        match inline {
            Inline::Text { text } => *text = change(text, carry),
            Inline::Strong { content } | Inline::Emphasis { content } => {
                map_inlines(content, change, carry)
            }
            Inline::Link {
                content,
                written_address,
                ..
            } => {
                map_inlines(content, change, carry);
                if let Some(address) = written_address {
                    // Shown as ` (address)`: a new word, opened and closed
                    // by a bracket.
                    let mut in_brackets = 1;
                    *address = change(address, &mut in_brackets);
                    *carry = in_brackets + 1;
                }
            }
        }
    }
}

/// Whether `c` belongs with the character before it, so that no line may
/// break before it: a combining mark (`e` + U+0301 is `é`), a joiner, a
/// variation selector or an emoji modifier.
fn continues_a_character(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
        || matches!(c, '\u{200c}' | '\u{200d}' | '\u{fe00}'..='\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{e0020}'..='\u{e007f}' | '\u{e0100}'..='\u{e01ef}')
}

/// A word longer than a whole line would run off the page, and typst cannot
/// break it. Such a word (a chemical name, a long web address) gets
/// invisible break opportunities (U+200B): an address after its `/`, `.`,
/// `@`, `?`, `&`, `=`, `-` and `_`, and anything still too long every
/// `longest` characters. It then wraps, without a hyphen, rather than
/// overflowing. Words that fit on a line are never touched, so they are
/// never split.
pub(crate) fn break_overlong_words(text: &str, longest: usize) -> String {
    break_overlong_words_after(text, longest, &mut 0)
}

/// [`break_overlong_words`] for a piece of text that continues a word of
/// `carry` characters left unfinished by the pieces before it (the word
/// runs on without a space); `carry` becomes what this piece leaves
/// unfinished. A word too long for a line across pieces may break where
/// one piece meets the next.
pub(crate) fn break_overlong_words_after(text: &str, longest: usize, carry: &mut usize) -> String {
    let mut out = String::with_capacity(text.len());
    let continues = !text.starts_with(char::is_whitespace);
    for (index, token) in text.split_inclusive(char::is_whitespace).enumerate() {
        let before = if index == 0 && continues { *carry } else { 0 };
        let length = token
            .trim_end()
            .chars()
            .filter(|&c| c != SOFT_HYPHEN)
            .count();
        *carry = if token.ends_with(char::is_whitespace) {
            0
        } else {
            before + length
        };
        if before + length <= longest {
            out.push_str(token);
            continue;
        }
        let address = is_address(token);
        // A word run on from earlier pieces may break where this one starts.
        let starts_breakable = token
            .chars()
            .next()
            .is_some_and(|c| !continues_a_character(c) && c != '\u{200d}');
        let mut run = before;
        if before > 0 && starts_breakable {
            out.push(BREAK_OPPORTUNITY);
            run = 0;
        }
        // A line may not break before `/`, `)`, `!`, `,` and their kin even
        // after a space (UAX #14, LB13): an overlong word starting with one
        // would be held to the word before it, and the line run past its
        // edge. It may start a line of its own.
        if index > 0 && before == 0 && token.starts_with(never_breaks_before) {
            out.push(BREAK_OPPORTUNITY);
        }
        let mut previous = None;
        let mut chars = token.chars().peekable();
        while let Some(c) = chars.next() {
            let breakable =
                !c.is_whitespace() && !continues_a_character(c) && previous != Some('\u{200d}');
            previous = Some(c);
            if run >= longest && breakable {
                out.push(BREAK_OPPORTUNITY);
                run = 0;
            }
            out.push(c);
            run += 1;
            let more_follows = chars.peek().is_some_and(|next| !next.is_whitespace());
            if address && more_follows && matches!(c, '/' | '.' | '@' | '?' | '&' | '=' | '-' | '_')
            {
                out.push(BREAK_OPPORTUNITY);
                run = 0;
            }
        }
    }
    out
}

/// The characters UAX #14 never breaks before, even after a space (LB13:
/// closing punctuation, `!`, `?`, infix separators and `/`).
fn never_breaks_before(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '}' | '!' | '?' | ',' | '.' | ':' | ';' | '/' | '\u{037e}' | '\u{2044}'
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_overlong_word_held_to_the_word_before_may_start_a_line() {
        let mut carry = 0;
        let broken =
            super::break_overlong_words_after("Combining /2/3/4/5/6/7/8/9/10", 10, &mut carry);
        assert!(
            broken.starts_with("Combining \u{200b}/2/3/4/5/"),
            "{broken:?}"
        );
        // A word that fits is left alone.
        let mut carry = 0;
        assert_eq!(
            super::break_overlong_words_after("see /a/b", 10, &mut carry),
            "see /a/b"
        );
    }

    #[test]
    fn a_word_run_on_across_pieces_breaks_where_they_meet() {
        let mut carry = 0;
        let first = super::break_overlong_words_after("so does (+441632960555)", 20, &mut carry);
        assert_eq!(first, "so does (+441632960555)");
        assert_eq!(carry, 15);
        let second = super::break_overlong_words_after("Pneumono: and more", 20, &mut carry);
        assert_eq!(second, "\u{200b}Pneumono: and more");
        assert_eq!(carry, 4);
        // A piece that fits with what came before is left alone.
        let mut carry = 3;
        assert_eq!(
            super::break_overlong_words_after("word", 20, &mut carry),
            "word"
        );
        assert_eq!(carry, 7);
    }

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
        assert_eq!(
            break_overlong_words("help@example.org", 20),
            "help@example.org"
        );
    }

    #[test]
    fn no_break_comes_between_a_letter_and_its_accent() {
        let word = format!("{}e\u{301}\u{301}e\u{200d}e", "a".repeat(19));
        let text = break_overlong_words(&word, 20);
        assert_eq!(text.replace(BREAK_OPPORTUNITY, ""), word);
        assert!(
            text.contains("e\u{301}\u{301}\u{200b}e\u{200d}e"),
            "{text:?}"
        );
    }

    #[test]
    fn overlong_addresses_break_after_their_separators() {
        let text = break_overlong_words("See https://example.org/a-b for help.", 12);
        assert_eq!(
            text.replace(BREAK_OPPORTUNITY, ""),
            "See https://example.org/a-b for help."
        );
        assert!(
            text.contains("example.\u{200b}org/\u{200b}a-\u{200b}b "),
            "{text:?}"
        );
        assert!(text.ends_with(" for help."));
    }

    #[test]
    fn a_line_holds_more_small_letters_than_large() {
        let a4 = Line { width_mm: 165.0 };
        assert_eq!(a4.longest_word(18.0), 43);
        assert!(a4.longest_word(28.0 * 1.6) < a4.longest_word(18.0));
    }
}
