//! Proving that an output holds the whole leaflet.
//!
//! The model says what every reader must get: the title, every section heading
//! and every sentence of every section, in source order, and the review dates
//! (and the summary and publisher when given). [`check_file`] has the output's
//! own reader read the file on disk and compares what came back with that,
//! unit by unit: a unit is the title, a heading, one sentence or list item, or
//! one line of the end matter. Each unit must be found after the one before
//! it; a unit found only earlier is out of order, one not found at all is
//! missing. Headings and the title must also stand as blocks of their own, as
//! a heading merged into a paragraph is the very damage leafpress prevents.
//!
//! Words are compared after normalisation, so that the ways each format
//! legitimately shows text do not count as differences. The rules, each with
//! its reason, are in [`normalise_words`].

use std::path::{Path, PathBuf};

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::model::{Block, Inline, Leaflet, LinkAddresses, end_matter, plain_text};
use crate::outputs::{Output, ReadBack};

/// What kind of item of the leaflet a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Item {
    /// The leaflet title.
    Title,
    /// The leaflet summary.
    Summary,
    /// A section heading.
    Heading,
    /// A sentence of a section's body.
    Text,
    /// The publisher or a review date, after the sections.
    EndMatter,
}

impl Item {
    fn describe(self) -> &'static str {
        match self {
            Item::Title => "the title",
            Item::Summary => "the summary",
            Item::Heading => "the heading",
            Item::Text => "text",
            Item::EndMatter => "the end matter",
        }
    }
}

/// One thing a reader must find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The section it belongs to, if any.
    pub section: Option<String>,
    /// What it is.
    pub item: Item,
    /// The text as the model has it.
    pub text: String,
    /// The normalised words to look for.
    pub words: Vec<String>,
}

/// The units of a leaflet, in reading order, for an output that does or does
/// not write link addresses out.
pub fn units(leaflet: &Leaflet, links: LinkAddresses) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut push = |section: Option<&str>, item: Item, text: &str| {
        let words = normalise_words(text);
        if !words.is_empty() {
            units.push(Unit {
                section: section.map(str::to_owned),
                item,
                text: text.to_owned(),
                words,
            });
        }
    };
    push(None, Item::Title, &leaflet.title);
    if let Some(summary) = &leaflet.summary {
        for sentence in sentences(summary) {
            push(None, Item::Summary, &sentence);
        }
    }
    for section in &leaflet.sections {
        push(Some(&section.id), Item::Heading, &section.heading);
        for content in section.blocks.iter().flat_map(block_contents) {
            for sentence in sentences(&plain_text(content, links)) {
                push(Some(&section.id), Item::Text, &sentence);
            }
        }
    }
    for line in end_matter(leaflet) {
        push(None, Item::EndMatter, &line);
    }
    units
}

/// The runs of inline content of a block: a paragraph, or each list item.
fn block_contents(block: &Block) -> Vec<&[Inline]> {
    match block {
        Block::Paragraph { content } => vec![content.as_slice()],
        Block::BulletList { items } | Block::NumberedList { items, .. } => {
            items.iter().map(|item| item.content.as_slice()).collect()
        }
    }
}

/// Splits text into sentences: after a word ending in `.`, `!` or `?` (before
/// any closing quote or bracket) when the next word starts with a capital or a
/// digit. A wrong split only makes units smaller; it cannot hide a difference.
fn sentences(text: &str) -> Vec<String> {
    let mut sentences = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, word) in words.iter().enumerate() {
        current.push(word);
        let ends = word
            .trim_end_matches(['"', '\'', ')', ']', '’', '”'])
            .ends_with(['.', '!', '?']);
        let next_starts = words.get(i + 1).and_then(|next| {
            next.chars()
                .find(|c| c.is_alphanumeric())
                .map(|c| c.is_uppercase() || c.is_numeric())
        });
        if ends && next_starts == Some(true) {
            sentences.push(current.join(" "));
            current.clear();
        }
    }
    if !current.is_empty() {
        sentences.push(current.join(" "));
    }
    sentences
}

/// The words of a text as the check compares them. The rules:
///
/// 1. Unicode NFKC: ligatures that typesetting makes (`ﬁ`) become their
///    letters, and a no-break space becomes a space.
/// 2. Soft hyphens (U+00AD) are removed: they are break opportunities, not
///    characters, and PDF text layers keep them.
/// 3. Curly quotes become straight ones: typesetting may make quotes curly.
/// 4. Letters are compared in lower case: a house style may set headings in
///    capitals.
/// 5. Words are split at white space: line breaks, wrapping and spacing are
///    layout, not content.
/// 6. Brackets, quotes and sentence punctuation at either end of a word are
///    dropped (`(https://x.org).` is `https://x.org`), so that a layout may
///    punctuate a written-out address its own way; characters inside words,
///    and symbols such as `#`, `$`, `&`, `<`, `*` and `@`, always count.
/// 7. What is left of a word that is only dashes or bullets (`–`, `-`, `•`)
///    is dropped: list markers and dashes between clauses are layout.
pub fn normalise_words(text: &str) -> Vec<String> {
    let normalised: String = text
        .nfkc()
        .filter(|&c| c != '\u{ad}')
        .map(|c| match c {
            '‘' | '’' | '‚' | '‛' | '′' => '\'',
            '“' | '”' | '„' | '‟' | '″' => '"',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    normalised
        .split_whitespace()
        .map(|word| word.trim_matches(is_edge_punctuation))
        .filter(|word| !word.is_empty() && !word.chars().all(is_dash_or_bullet))
        .map(str::to_owned)
        .collect()
}

fn is_edge_punctuation(c: char) -> bool {
    matches!(
        c,
        '(' | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '\''
            | '.'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '«'
            | '»'
            | '¡'
            | '¿'
            | '…'
    )
}

fn is_dash_or_bullet(c: char) -> bool {
    matches!(
        c,
        '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '•' | '·' | '◦' | '▪' | '∙'
    )
}

/// How a unit failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// Not found anywhere in the output.
    Missing,
    /// Found, but before something that comes earlier in the source.
    OutOfOrder,
    /// A title or heading found run together with the text that follows it,
    /// in one block.
    NotStandingAlone,
}

/// One unit an output fails to hold as it should.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// How it failed.
    pub kind: ProblemKind,
    /// The section the unit belongs to, if any.
    pub section: Option<String>,
    /// What the unit is.
    pub item: Item,
    /// The first words of the unit, as the source has them.
    pub first_words: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(section) = &self.section {
            write!(f, "section `{section}`: ")?;
        }
        let what = self.item.describe();
        match self.kind {
            ProblemKind::Missing => write!(f, "{what} is missing: \"{}\"", self.first_words),
            ProblemKind::OutOfOrder => {
                write!(f, "{what} is out of order: \"{}\"", self.first_words)
            }
            ProblemKind::NotStandingAlone => write!(
                f,
                "{what} does not stand on its own (it is run into other text): \"{}\"",
                self.first_words
            ),
        }
    }
}

/// The words of a read-back output, with where each block starts.
struct Stream {
    words: Vec<String>,
    /// `(first word, one past the last word)` of each block.
    blocks: Vec<(usize, usize)>,
}

impl Stream {
    fn new(read: &ReadBack) -> Stream {
        let mut words = Vec::new();
        let mut blocks = Vec::new();
        for block in &read.blocks {
            let start = words.len();
            words.extend(normalise_words(block));
            if words.len() > start {
                blocks.push((start, words.len()));
            }
        }
        Stream { words, blocks }
    }

    /// The first run of `needle` starting at or after `from`.
    fn find_run(&self, needle: &[String], from: usize) -> Option<usize> {
        let last_start = self.words.len().checked_sub(needle.len())?;
        (from..=last_start).find(|&i| self.words[i..i + needle.len()] == *needle)
    }

    /// The first block starting at or after `from` whose words are `needle`.
    fn find_block(&self, needle: &[String], from: usize) -> Option<usize> {
        self.blocks
            .iter()
            .find(|&&(start, end)| start >= from && self.words[start..end] == *needle)
            .map(|&(start, _)| start)
    }

    /// The first block starting at or after `from` that opens with `needle`
    /// followed straight away by `then`: a heading run into the text that
    /// follows it.
    fn find_run_together(&self, needle: &[String], then: &[String], from: usize) -> Option<usize> {
        self.blocks
            .iter()
            .find(|&&(start, end)| {
                start >= from
                    && end - start > needle.len()
                    && self.words[start..].starts_with(needle)
                    && self.words[start + needle.len()..].starts_with(then)
            })
            .map(|&(start, _)| start)
    }
}

/// Compares what a reader got back with the units the model demands.
///
/// A unit found moves the cursor past it; a unit not found leaves the cursor
/// where it was, so one loss is reported once and the units after it are
/// still looked for in their place.
pub fn compare(units: &[Unit], read: &ReadBack) -> Vec<Problem> {
    let stream = Stream::new(read);
    let mut problems = Vec::new();
    let mut cursor = 0;
    for (index, unit) in units.iter().enumerate() {
        let standing_alone = matches!(unit.item, Item::Title | Item::Heading);
        let found = if standing_alone {
            stream.find_block(&unit.words, cursor)
        } else {
            stream.find_run(&unit.words, cursor)
        };
        let kind = if let Some(start) = found {
            cursor = start + unit.words.len();
            continue;
        } else if let Some(start) = standing_alone
            .then(|| units.get(index + 1))
            .flatten()
            .and_then(|next| stream.find_run_together(&unit.words, &next.words, cursor))
        {
            cursor = start + unit.words.len();
            ProblemKind::NotStandingAlone
        } else if standing_alone && stream.find_block(&unit.words, 0).is_some()
            || !standing_alone && stream.find_run(&unit.words, 0).is_some()
        {
            ProblemKind::OutOfOrder
        } else {
            ProblemKind::Missing
        };
        problems.push(Problem {
            kind,
            section: unit.section.clone(),
            item: unit.item,
            first_words: first_words(&unit.text, 8),
        });
    }
    problems
}

/// The first `count` words of a text, with `…` if there are more.
fn first_words(text: &str, count: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= count {
        words.join(" ")
    } else {
        format!("{} …", words[..count].join(" "))
    }
}

/// How one output file fared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutputReport {
    /// The output's name (`plain text`).
    pub output: String,
    /// The file that was read.
    pub file: PathBuf,
    /// `passed` or `failed`.
    pub status: Status,
    /// Why the file could not be read at all, if it could not.
    pub error: Option<String>,
    /// What the file lacks, in source order.
    pub problems: Vec<Problem>,
}

/// Whether an output passed its check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The file holds the whole leaflet.
    Passed,
    /// The file is missing, unreadable or lacks something.
    Failed,
}

impl OutputReport {
    /// Whether the output passed.
    pub fn passed(&self) -> bool {
        self.status == Status::Passed
    }
}

/// Reads one output file with its own reader and compares it with the model.
pub fn check_file(output: &dyn Output, leaflet: &Leaflet, file: &Path) -> OutputReport {
    let mut report = OutputReport {
        output: output.name().to_owned(),
        file: file.to_owned(),
        status: Status::Failed,
        error: None,
        problems: Vec::new(),
    };
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            report.error = Some("the file is missing".to_owned());
            return report;
        }
        Err(error) => {
            report.error = Some(format!("the file cannot be read: {error}"));
            return report;
        }
    };
    match output.read_back(&bytes) {
        Ok(read) => {
            report.problems = compare(&units(leaflet, output.link_addresses()), &read);
            if report.problems.is_empty() {
                report.status = Status::Passed;
            }
        }
        Err(error) => {
            report.error = Some(format!("the file is not valid {}: {error}", output.name()))
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_ignores_layout_but_keeps_words_and_symbols() {
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
        assert_eq!(
            normalise_words("# $5 & <b> *"),
            ["#", "$5", "&", "<b>", "*"]
        );
        assert_eq!(normalise_words("- • 1."), ["1"]);
    }

    #[test]
    fn sentences_split_at_full_stops_before_capitals() {
        assert_eq!(
            sentences("One dose. Two doses, e.g. three. 4 more"),
            ["One dose.", "Two doses, e.g. three.", "4 more"]
        );
    }

    fn unit(item: Item, text: &str) -> Unit {
        Unit {
            section: Some("s".into()),
            item,
            text: text.into(),
            words: normalise_words(text),
        }
    }

    fn read(blocks: &[&str]) -> ReadBack {
        ReadBack {
            blocks: blocks.iter().map(|b| b.to_string()).collect(),
        }
    }

    #[test]
    fn units_must_appear_in_order_and_headings_on_their_own() {
        let units = [
            unit(Item::Heading, "Surgery"),
            unit(Item::Text, "One."),
            unit(Item::Text, "Two."),
        ];
        assert!(compare(&units, &read(&["Surgery", "One. Two."])).is_empty());
        let kinds = |blocks: &[&str]| -> Vec<ProblemKind> {
            compare(&units, &read(blocks))
                .iter()
                .map(|p| p.kind)
                .collect()
        };
        assert_eq!(kinds(&["Surgery", "Two. One."]), [ProblemKind::OutOfOrder]);
        assert_eq!(kinds(&["Surgery", "One."]), [ProblemKind::Missing]);
        assert_eq!(
            kinds(&["Surgery One. Two."]),
            [ProblemKind::NotStandingAlone]
        );
    }
}
