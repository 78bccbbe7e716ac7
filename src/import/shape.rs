//! From a [`Document`] to a [`Draft`] of a leaflet: the title, the summary,
//! the end matter, and a section a heading.
//!
//! Nothing here knows how the document was written (Word or Markdown), and
//! nothing here writes TOML. Every word of the document's body is either in
//! the draft or named by a [`Warning`].

use super::body_markup::{BodyBlock, allowed_link};
use super::document::{Block, BlockKind, Document, Place, Span};
use super::end_matter::{EndMatter, EndMatterWords, Written};
use super::slug::{slug, unique_ids};

/// What the person asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct Wanted {
    /// `--id`: the leaflet's id, whatever the title says.
    pub id: Option<String>,
    /// `--language`: the language when the document says none.
    pub language: Option<String>,
}

/// A leaflet as far as the document says it.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The leaflet's id.
    pub id: String,
    /// The title, when the document has one.
    pub title: Option<String>,
    /// The language tag, when the document or `--language` gives one.
    pub language: Option<String>,
    /// From a "Published by …" line.
    pub publisher: Option<String>,
    /// The short paragraph between the title and the first heading.
    pub summary: Option<String>,
    /// From a "Last reviewed: …" line.
    pub reviewed: Option<Written>,
    /// From a "Next review: …" line.
    pub next_review: Option<Written>,
    /// The sections in reading order.
    pub sections: Vec<DraftSection>,
    /// What the person should know: everything the source could not carry.
    pub warnings: Vec<Warning>,
}

/// One section of a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftSection {
    /// Unique in the leaflet.
    pub id: String,
    /// `None` for the text before the first heading when it is more than a
    /// summary: the person gives it its heading.
    pub heading: Option<String>,
    /// The body's blocks.
    pub body: Vec<BodyBlock>,
}

/// Something the source could not carry, and where it was.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// Where it was when outside the body's flow: "the page header".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outside: Option<String>,
    /// The heading above it, if any.
    pub heading: Option<String>,
    /// The first words where it was.
    pub words: String,
    /// What it was and what was done with it.
    pub message: String,
    /// Words the leaflet does not hold where the document had them.
    pub text: String,
    /// The index of the block it is at, for the order of the warnings.
    #[serde(skip)]
    pub at: usize,
}

impl Warning {
    /// A warning about the whole document, at no place in it (its
    /// language, its fonts), put before those that have one.
    pub fn about_the_document(message: impl Into<String>) -> Self {
        Self {
            outside: None,
            heading: None,
            words: String::new(),
            message: message.into(),
            text: String::new(),
            at: 0,
        }
    }

    /// The warning as one line for a person: `under “Heading”, at “first
    /// words…”: message`.
    pub fn describe(&self) -> String {
        let mut place = match (&self.outside, &self.heading) {
            (Some(outside), _) => format!("in {outside}"),
            (None, Some(heading)) => format!("under “{heading}”"),
            (None, None) if self.words.is_empty() => return self.message.clone(),
            (None, None) => "before any heading".to_owned(),
        };
        if !self.words.is_empty() {
            place.push_str(&format!(", at “{}”", self.words));
        }
        format!("{place}: {}", self.message)
    }
}

/// How many words a warning quotes to say where it is.
const WORDS_QUOTED: usize = 6;

/// The most characters a summary may have: one or two sentences.
const SUMMARY_MAX_CHARS: usize = 300;

/// Shapes a document into a draft. `file_stem` names the leaflet when its
/// title gives no id.
pub fn shape(document: &Document, wanted: &Wanted, file_stem: &str) -> Draft {
    Shaper::new(document).shape(wanted, file_stem)
}

struct Shaper<'d> {
    document: &'d Document,
    /// Each block's spans tidied: white space folded, ends trimmed.
    blocks: Vec<Block>,
    warnings: Vec<Warning>,
}

impl<'d> Shaper<'d> {
    fn new(document: &'d Document) -> Self {
        let mut blocks = Vec::new();
        let mut embedded = Vec::new();
        for (at, block) in document.blocks.iter().enumerate() {
            let (block, removed) = tidy(block);
            if removed {
                embedded.push(at);
            }
            blocks.push(block);
        }
        let mut shaper = Self {
            document,
            blocks,
            warnings: Vec::new(),
        };
        for at in embedded {
            let warning = shaper.warning_at(
                at,
                "direction embedding or override characters (U+202A to U+202E) were taken out: a leaflet refuses them, since they make text show in another order than it is read; the bidirectional algorithm orders the words without them",
                "",
            );
            shaper.warnings.push(warning);
        }
        shaper
    }

    fn shape(mut self, wanted: &Wanted, file_stem: &str) -> Draft {
        for note in &self.document.notes {
            let warning = match &note.place {
                Place::Block(at) => self.warning_at(*at, &note.message, &note.text),
                Place::Outside(place) => Warning {
                    outside: Some(place.clone()),
                    heading: None,
                    words: first_words(&note.text),
                    message: note.message.clone(),
                    text: note.text.clone(),
                    at: usize::MAX,
                },
            };
            self.warnings.push(warning);
        }
        // `--language` is the person's word, over what the file says (Word
        // writes its own default, en-US, into most documents).
        let said = self
            .document
            .language
            .clone()
            .filter(|tag| !tag.trim().is_empty());
        let language = match (&wanted.language, &said) {
            (Some(wanted), Some(said)) if !wanted.eq_ignore_ascii_case(said) => {
                self.warnings.push(Warning::about_the_document(format!(
                    "the document says its language is {said}; the leaflet's is {wanted}, as --language says"
                )));
                Some(wanted.clone())
            }
            (Some(wanted), _) => Some(wanted.clone()),
            (None, said) => said.clone(),
        };
        if let Some(tag) = &language
            && let Some(warning) = self.script_mismatch(tag)
        {
            self.warnings.push(warning);
        }
        let end_words = EndMatterWords::new(language.as_deref().unwrap_or("en"));

        let visible: Vec<usize> = (0..self.blocks.len())
            .filter(|&at| !self.blocks[at].is_blank())
            .collect();
        let title_at = visible
            .iter()
            .copied()
            .find(|&at| self.blocks[at].kind == BlockKind::Title)
            .or_else(|| {
                visible
                    .iter()
                    .copied()
                    .find(|&at| matches!(self.blocks[at].kind, BlockKind::Heading { .. }))
            });
        let title = title_at.map(|at| self.blocks[at].text());

        // End matter, anywhere in the body.
        let mut publisher = None;
        let mut reviewed = None;
        let mut next_review = None;
        let mut taken = vec![false; self.blocks.len()];
        for &at in &visible {
            if self.blocks[at].kind != BlockKind::Paragraph {
                continue;
            }
            let Some(said) = end_words.read_line(&self.blocks[at].text()) else {
                continue;
            };
            // A second line saying the same thing stays text.
            let fits = said.iter().all(|said| match said {
                EndMatter::Publisher(_) => publisher.is_none(),
                EndMatter::Reviewed(_) => reviewed.is_none(),
                EndMatter::NextReview(_) => next_review.is_none(),
            });
            if !fits {
                let warning = self.warning_at(
                    at,
                    "a second line of end matter (a publisher or a review date the document already gave) was left in the text: check which is right",
                    "",
                );
                self.warnings.push(warning);
                continue;
            }
            taken[at] = true;
            for said in said {
                match said {
                    EndMatter::Publisher(name) => publisher = Some(name),
                    EndMatter::Reviewed(date) => reviewed = Some(date),
                    EndMatter::NextReview(date) => next_review = Some(date),
                }
            }
        }

        // End matter the document put before some of its text: every output
        // writes it at the leaflet's end, so a reader finds it moved.
        for &at in &visible {
            let followed = visible
                .iter()
                .any(|&later| later > at && !taken[later] && Some(later) != title_at);
            if taken[at] && followed {
                let line = self.blocks[at].text();
                let warning = self.warning_at(
                    at,
                    "this line became the leaflet's publisher or review dates, which every output writes at its end: it is no longer where the document had it",
                    &line,
                );
                self.warnings.push(warning);
            }
        }

        // The level a section's heading has: the highest after the title.
        let section_level = visible
            .iter()
            .filter(|&&at| Some(at) != title_at)
            .filter_map(|&at| match self.blocks[at].kind {
                BlockKind::Heading { level } => Some(level),
                _ => None,
            })
            .min();

        // A heading is plain text: a link in one keeps its words only.
        for &at in &visible {
            let block = &self.blocks[at];
            if !matches!(block.kind, BlockKind::Heading { .. } | BlockKind::Title) {
                continue;
            }
            let addresses: Vec<String> = block
                .spans
                .iter()
                .filter_map(|span| span.link.clone())
                .collect();
            if let Some(address) = addresses.first() {
                let warning = self.warning_at(
                    at + 1,
                    &format!(
                        "a link in the heading “{}” kept its words only: a heading is plain text (its address was {address})",
                        block.text()
                    ),
                    address,
                );
                self.warnings.push(warning);
            }
        }

        // No heading at all, but short bold paragraphs: headings made by
        // hand. Said, not guessed: a bold warning is not a heading.
        if section_level.is_none()
            && let Some(&first) = visible.iter().find(|&&at| {
                let block = &self.blocks[at];
                block.kind == BlockKind::Paragraph
                    && !taken[at]
                    && block.spans.iter().all(|span| span.strong)
                    && block.text().split_whitespace().count() <= 12
            })
        {
            let warning = self.warning_at(
                first,
                "the document has no headings after its title, but short bold paragraphs like this one: if they are its headings, give them Word's Heading styles and import again",
                "",
            );
            self.warnings.push(warning);
        }

        let mut intro: Vec<usize> = Vec::new();
        let mut sections: Vec<(Option<String>, u8, Vec<usize>)> = Vec::new();
        for &at in &visible {
            if Some(at) == title_at || taken[at] {
                continue;
            }
            let block = &self.blocks[at];
            match block.kind {
                BlockKind::Heading { level } => {
                    if section_level.is_some_and(|section| level > section) {
                        let message = format!(
                            "a level-{level} heading, below the sections' level {}: it became a section of its own",
                            section_level.unwrap_or(level)
                        );
                        let warning = self.warning_at(at, &message, "");
                        self.warnings.push(warning);
                    }
                    sections.push((Some(block.text()), level, Vec::new()));
                }
                BlockKind::Title => {
                    let warning = self.warning_at(
                        at,
                        "a second paragraph in the Title style: it became a paragraph",
                        "",
                    );
                    self.warnings.push(warning);
                    match sections.last_mut() {
                        Some((_, _, body)) => body.push(at),
                        None => intro.push(at),
                    }
                }
                _ => match sections.last_mut() {
                    Some((_, _, body)) => body.push(at),
                    None => {
                        if title_at.is_some_and(|title| at < title) {
                            let warning = self.warning_at(
                                at,
                                "text before the title: it became part of the first section",
                                "",
                            );
                            self.warnings.push(warning);
                        }
                        intro.push(at);
                    }
                },
            }
        }

        // The text before the first heading: a summary when it is one short
        // paragraph, else a section whose heading the person writes.
        let mut summary = None;
        if let [only] = intro.as_slice()
            && self.blocks[*only].kind == BlockKind::Paragraph
            && is_summary(&self.blocks[*only].text())
        {
            summary = Some(self.blocks[*only].text());
            intro.clear();
        }
        // A leaflet has a section at least: with no heading at all, the
        // summary's paragraph is its text.
        if sections.is_empty() && intro.is_empty() && summary.is_some() {
            summary = None;
            intro = visible
                .iter()
                .copied()
                .filter(|&at| Some(at) != title_at && !taken[at])
                .collect();
        }
        if !intro.is_empty() {
            sections.insert(0, (None, 0, intro));
        }

        // A heading with nothing under it but a deeper heading: the two
        // headings become one, so that no section is empty.
        let mut merged: Vec<(Option<String>, u8, Vec<usize>)> = Vec::new();
        let mut pending: Option<(String, u8)> = None;
        for (heading, level, body) in sections {
            let heading = match (pending.take(), heading) {
                (Some((parent, _)), Some(child)) => {
                    let joined = format!("{parent}: {child}");
                    let at = body.first().copied().unwrap_or(self.blocks.len());
                    let message = format!(
                        "the heading “{parent}” has no text of its own before “{child}”: the two became one heading, “{joined}”"
                    );
                    let warning = self.warning_at(at, &message, "");
                    self.warnings.push(warning);
                    Some(joined)
                }
                (_, heading) => heading,
            };
            if body.is_empty()
                && let Some(text) = &heading
            {
                pending = Some((text.clone(), level));
                continue;
            }
            merged.push((heading, level, body));
        }
        if let Some((heading, level)) = pending {
            // The last heading has nothing under it: kept, for the person.
            merged.push((Some(heading), level, Vec::new()));
        }

        let headings: Vec<String> = merged
            .iter()
            .map(|(heading, _, _)| heading.clone().unwrap_or_else(|| "introduction".into()))
            .collect();
        let ids = unique_ids(headings.iter().map(String::as_str));
        let sections = merged
            .into_iter()
            .zip(ids)
            .map(|((heading, _, body), id)| DraftSection {
                id,
                heading,
                body: self.body(&body),
            })
            .collect();

        let id = wanted
            .id
            .clone()
            .or_else(|| title.as_deref().and_then(slug))
            .or_else(|| slug(file_stem))
            .unwrap_or_else(|| "leaflet".to_owned());
        let mut warnings = self.warnings;
        // In the document's order; outside its flow (headers) last.
        warnings.sort_by_key(|warning| warning.at);
        Draft {
            id,
            title,
            language,
            publisher,
            summary,
            reviewed,
            next_review,
            sections,
            warnings,
        }
    }

    /// A section's blocks as body blocks: a list one level deep, links the
    /// format cannot hold as text.
    fn body(&mut self, blocks: &[usize]) -> Vec<BodyBlock> {
        let mut body = Vec::new();
        let mut list_ordered: Option<bool> = None;
        // The number of the last numbered item written, while its list goes on.
        let mut last_number: Option<u64> = None;
        let mut deeper_noted = false;
        for &at in blocks {
            let block = &self.blocks[at];
            for span in &block.spans {
                if let Some(address) = &span.link
                    && !allowed_link(address)
                {
                    let message = format!(
                        "a link to “{address}” became text: a leaflet's links are https:, http:, mailto: or tel: addresses"
                    );
                    let warning = self.warning_at(at, &message, "");
                    self.warnings.push(warning);
                }
            }
            let spans = block.spans.clone();
            match block.kind {
                BlockKind::ListItem { ordered, level } => {
                    let ordered = match (level, list_ordered) {
                        (0, _) | (_, None) => {
                            list_ordered = Some(ordered);
                            deeper_noted = false;
                            ordered
                        }
                        (_, Some(parent)) => {
                            if !deeper_noted {
                                deeper_noted = true;
                                let warning = self.warning_at(
                                    at,
                                    "a list nested more than one level: its deeper items became items of the list above them",
                                    "",
                                );
                                self.warnings.push(warning);
                            }
                            parent
                        }
                    };
                    // A list's first number is the document's (Word goes on
                    // counting after a paragraph); after it, one more each.
                    let number = match (ordered, last_number) {
                        (false, _) => 0,
                        (true, Some(last)) => last + 1,
                        (true, None) => block.number.unwrap_or(1),
                    };
                    last_number = ordered.then_some(number);
                    body.push(BodyBlock::Item {
                        ordered,
                        number,
                        spans,
                    });
                }
                _ => {
                    list_ordered = None;
                    last_number = None;
                    body.push(BodyBlock::Paragraph(spans));
                }
            }
        }
        body
    }

    /// A warning when most of the document's letters are in a script the
    /// language is not written in: Word writes its own default language
    /// (`en-US`) into documents in Urdu or Bengali, and a leaflet tagged
    /// so would be read aloud, hyphenated and brailled as English.
    fn script_mismatch(&self, tag: &str) -> Option<Warning> {
        use unicode_script::{Script, UnicodeScript};
        let mut counts: std::collections::HashMap<Script, usize> = Default::default();
        let mut letters = 0;
        for block in &self.blocks {
            for c in block.spans.iter().flat_map(|span| span.text.chars()) {
                if c.is_alphabetic() {
                    letters += 1;
                    *counts.entry(c.script()).or_default() += 1;
                }
            }
        }
        let (&script, &count) = counts.iter().max_by_key(|(_, count)| **count)?;
        let written_in = tag_script(tag)?;
        if count * 2 <= letters || script == written_in {
            return None;
        }
        Some(Warning::about_the_document(format!(
            "most of the text is in {} script, but the language is {tag}, which is written in {}: if the language is wrong, import again with --language",
            script.full_name(),
            written_in.full_name()
        )))
    }

    /// A warning at a block: the heading above it and its first words.
    fn warning_at(&self, at: usize, message: &str, text: &str) -> Warning {
        let heading = self.blocks[..at.min(self.blocks.len())]
            .iter()
            .rev()
            .find(|block| matches!(block.kind, BlockKind::Heading { .. } | BlockKind::Title))
            .map(Block::text);
        let words = match self.blocks.get(at) {
            Some(block) if !block.is_blank() => first_words(&block.text()),
            _ if !text.trim().is_empty() => first_words(text),
            _ => String::new(),
        };
        Warning {
            outside: None,
            heading,
            words,
            message: message.to_owned(),
            text: text.to_owned(),
            at,
        }
    }
}

/// The script a language tag's language is written in, when the tag says
/// (`sr-Latn`) or leafpress knows it for the language; `None` for the
/// languages written in several.
fn tag_script(tag: &str) -> Option<unicode_script::Script> {
    use unicode_script::Script;
    let mut parts = tag.split('-');
    let primary = parts.next()?.to_ascii_lowercase();
    if let Some(script) =
        parts.find(|part| part.len() == 4 && part.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        // `Latn`, as Unicode's short names are written.
        let mut named = script.to_ascii_lowercase();
        named[..1].make_ascii_uppercase();
        return Script::from_short_name(&named);
    }
    const LATIN: [&str; 38] = [
        "en", "cy", "ga", "gd", "kw", "fr", "de", "es", "it", "pt", "nl", "pl", "ro", "cs", "sk",
        "hu", "sv", "da", "no", "nb", "nn", "fi", "et", "lv", "lt", "sl", "hr", "sq", "tr", "so",
        "sw", "yo", "ig", "ha", "vi", "tl", "ms", "id",
    ];
    Some(match primary.as_str() {
        p if LATIN.contains(&p) => Script::Latin,
        "ar" | "fa" | "ur" | "ps" | "ckb" => Script::Arabic,
        "he" | "yi" => Script::Hebrew,
        "bn" => Script::Bengali,
        "hi" | "mr" | "ne" => Script::Devanagari,
        "gu" => Script::Gujarati,
        "ta" => Script::Tamil,
        "el" => Script::Greek,
        "ru" | "uk" | "bg" | "be" => Script::Cyrillic,
        "ti" | "am" => Script::Ethiopic,
        "ko" => Script::Hangul,
        "th" => Script::Thai,
        _ => return None,
    })
}

/// The first few words of a text, with `…` when there are more.
pub(super) fn first_words(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut quoted = words[..words.len().min(WORDS_QUOTED)].join(" ");
    if words.len() > WORDS_QUOTED {
        quoted.push('…');
    }
    quoted
}

/// Whether a paragraph reads as a summary: one or two sentences, short.
fn is_summary(text: &str) -> bool {
    let sentences = text
        .split_inclusive(['.', '!', '?'])
        .filter(|sentence| sentence.split_whitespace().count() > 1)
        .count();
    text.chars().count() <= SUMMARY_MAX_CHARS && sentences <= 2
}

/// A block with its runs tidied: line breaks and runs of white space as one
/// space (across runs too), none at the ends, no empty runs, neighbouring
/// runs of one style joined.
/// Also takes out direction embeddings and overrides (U+202A to U+202E),
/// which the source format refuses, saying whether there were any.
fn tidy(block: &Block) -> (Block, bool) {
    let mut spans: Vec<Span> = Vec::new();
    let mut last_was_space = true;
    let mut removed = false;
    for span in &block.spans {
        let mut text = String::with_capacity(span.text.len());
        for c in span.text.chars() {
            if ('\u{202a}'..='\u{202e}').contains(&c) {
                removed = true;
                continue;
            }
            let c = if c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' {
                ' '
            } else {
                c
            };
            if c.is_control() {
                continue;
            }
            if c == ' ' && last_was_space {
                continue;
            }
            last_was_space = c == ' ';
            text.push(c);
        }
        if text.is_empty() {
            continue;
        }
        match spans.last_mut() {
            Some(last)
                if last.strong == span.strong
                    && last.emphasis == span.emphasis
                    && last.link == span.link =>
            {
                last.text.push_str(&text)
            }
            _ => spans.push(Span {
                text,
                ..span.clone()
            }),
        }
    }
    if let Some(last) = spans.last_mut() {
        let trimmed = last.text.trim_end_matches(' ').len();
        last.text.truncate(trimmed);
    }
    spans.retain(|span| !span.text.is_empty());
    let block = Block {
        kind: block.kind,
        spans,
        number: block.number,
    };
    (block, removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::markdown;

    fn draft(markdown: &str) -> Draft {
        shape(
            &markdown::read(markdown).unwrap(),
            &Wanted::default(),
            "file",
        )
    }

    #[test]
    fn a_leaflet_from_its_parts() {
        let draft = draft(
            "# Getting to your appointment\n\nHow to book transport.\n\n## Booking\n\nCall us.\n\n### By phone\n\nRing the line.\n\nPublished by Riverside Clinic\n\nLast reviewed: March 2026\n\nNext review: March 2028\n",
        );
        assert_eq!(draft.id, "getting-to-your-appointment");
        assert_eq!(draft.title.as_deref(), Some("Getting to your appointment"));
        assert_eq!(draft.summary.as_deref(), Some("How to book transport."));
        assert_eq!(draft.publisher.as_deref(), Some("Riverside Clinic"));
        assert_eq!(draft.reviewed.unwrap().date.as_deref(), Some("2026-03"));
        assert_eq!(draft.next_review.unwrap().date.as_deref(), Some("2028-03"));
        let headings: Vec<_> = draft
            .sections
            .iter()
            .map(|s| s.heading.clone().unwrap())
            .collect();
        assert_eq!(headings, ["Booking", "By phone"]);
        assert!(
            draft
                .warnings
                .iter()
                .any(|w| w.message.starts_with("a level-3 heading")
                    && w.heading.as_deref() == Some("Booking"))
        );
    }

    #[test]
    fn more_than_a_summary_is_a_section_without_a_heading() {
        let draft = draft("# Title\n\nOne.\n\nTwo.\n\n## Next\n\nText.\n");
        assert_eq!(draft.summary, None);
        assert_eq!(draft.sections[0].heading, None);
        assert_eq!(draft.sections[0].id, "introduction");
        assert_eq!(draft.sections[0].body.len(), 2);
    }

    #[test]
    fn a_title_and_a_paragraph_are_a_section_not_a_summary() {
        let draft = draft("# Title\n\nOnly words.\n");
        assert_eq!(draft.summary, None);
        assert_eq!(draft.sections.len(), 1);
        assert_eq!(draft.sections[0].heading, None);
    }

    #[test]
    fn an_empty_heading_joins_the_one_below() {
        let draft = draft("# Title\n\n## Treatment\n\n### Surgery\n\nText.\n\n## After\n\nMore.\n");
        let headings: Vec<_> = draft
            .sections
            .iter()
            .map(|s| s.heading.clone().unwrap())
            .collect();
        assert_eq!(headings, ["Treatment: Surgery", "After"]);
    }

    #[test]
    fn a_language_in_another_script_than_the_text_is_said() {
        let mismatch = |text: &str, tag: &str| {
            let mut document = markdown::read(text).unwrap();
            document.language = Some(tag.into());
            shape(&document, &Wanted::default(), "f")
                .warnings
                .iter()
                .any(|w| w.message.starts_with("most of the text is in"))
        };
        let urdu = "# صحت\n\n## علاج\n\nاپنے ڈاکٹر سے بات کریں۔\n";
        assert!(mismatch(urdu, "en-US"));
        assert!(!mismatch(urdu, "ur"));
        assert!(!mismatch("# Title\n\n## S\n\nText in English.\n", "en-GB"));
        assert!(mismatch("# Title\n\n## S\n\nText in English.\n", "ar"));
        assert!(!mismatch("# Title\n\n## S\n\nText.\n", "sr-Latn"));
        assert!(mismatch("# Title\n\n## S\n\nText.\n", "sr-Cyrl"));
        // A language leafpress does not place in one script: no guess; and
        // a tag that is not one (Word's are not checked yet) is no panic.
        assert!(!mismatch(urdu, "xx"));
        assert!(mismatch(urdu, "en-éab"));
    }

    #[test]
    fn bold_paragraphs_that_may_be_headings_are_said_not_guessed() {
        let unheaded = draft("# Title\n\n**Side effects**\n\nYou may feel sick.\n");
        assert!(
            unheaded
                .warnings
                .iter()
                .any(|w| w.message.contains("short bold paragraphs") && w.words == "Side effects")
        );
        assert_eq!(unheaded.sections.len(), 1);
        assert_eq!(unheaded.sections[0].heading, None);
        let headed = draft("# Title\n\n## Real\n\n**Bold**\n\nText.\n");
        assert!(
            !headed
                .warnings
                .iter()
                .any(|w| w.message.contains("short bold"))
        );
    }

    #[test]
    fn end_matter_before_the_text_is_said_to_move() {
        let draft =
            draft("# T\n\n## S\n\nPublished by Trust A\n\nText.\n\nLast reviewed: May 2016\n");
        assert_eq!(draft.publisher.as_deref(), Some("Trust A"));
        let moved: Vec<&Warning> = draft
            .warnings
            .iter()
            .filter(|w| w.message.contains("no longer where the document had it"))
            .collect();
        // The publisher's line moved; the review line, last, did not.
        assert_eq!(moved.len(), 1, "{:?}", draft.warnings);
        assert_eq!(moved[0].text, "Published by Trust A");
    }

    #[test]
    fn a_numbered_list_keeps_its_first_number() {
        let draft = draft("# T\n\n## S\n\n1. one\n2. two\n\nBetween.\n\n3. three\n4. four\n");
        let numbers: Vec<u64> = draft.sections[0]
            .body
            .iter()
            .filter_map(|block| match block {
                BodyBlock::Item { number, .. } => Some(*number),
                BodyBlock::Paragraph(_) => None,
            })
            .collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
        let written = super::super::body_markup::write_body(&draft.sections[0].body).unwrap();
        assert_eq!(
            written.markup,
            "1. one\n2. two\n\nBetween.\n\n3. three\n4. four\n"
        );
    }

    #[test]
    fn nested_lists_and_other_links() {
        let draft = draft("# T\n\n## S\n\n- a\n  - b\n- [c](file:///x)\n");
        let body = &draft.sections[0].body;
        assert_eq!(body.len(), 3);
        assert!(
            draft
                .warnings
                .iter()
                .any(|w| w.message.starts_with("a list nested"))
        );
        assert!(
            draft
                .warnings
                .iter()
                .any(|w| w.message.contains("file:///x"))
        );
    }
}
