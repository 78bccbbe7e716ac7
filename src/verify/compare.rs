//! Comparing what a reader got back with the units the model demands.

use std::collections::HashMap;

use serde::Serialize;

use super::normalise::{ReadWords, normalise_words};
use super::units::{Item, Unit};
use crate::outputs::ReadBack;
use crate::outputs::unseen::{Unseen, Why};

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
    /// Not found, because the file holds it where a reader cannot see or
    /// read it; `why` says how ([`Why`]), and JSON gives that as the kind
    /// (`too-small`, `low-contrast`, ...).
    Unseen,
}

/// One unit an output fails to hold as it should.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// How it failed.
    pub kind: ProblemKind,
    /// The section the unit belongs to, if any.
    pub section: Option<String>,
    /// What the unit is.
    pub item: Item,
    /// The first words of the unit, as the source has them.
    pub first_words: String,
    /// For an unseen unit, why a reader cannot see it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<Why>,
    /// For a unit not found in a file whose text is not letters (braille),
    /// what the file reads where the unit should be, in letters (lossy:
    /// a reader's aid, never a proof).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reads: Option<String>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(section) = &self.section {
            write!(f, "section `{section}`: ")?;
        }
        let what = self.item.describe();
        match self.kind {
            ProblemKind::Missing => {
                write!(f, "{what} is missing: \"{}\"", self.first_words)?;
                if let Some(reads) = &self.reads {
                    write!(f, " (where it should be, the file reads \"{reads}\")")?;
                }
                Ok(())
            }
            ProblemKind::OutOfOrder => {
                write!(f, "{what} is out of order: \"{}\"", self.first_words)
            }
            ProblemKind::NotStandingAlone => write!(
                f,
                "{what} does not stand on its own (it is run into the text after it): \"{}\"",
                self.first_words
            ),
            ProblemKind::Unseen => {
                let why = self
                    .why
                    .as_ref()
                    .map_or_else(|| "cannot be seen".to_owned(), Why::describe);
                write!(f, "{what} {why}: \"{}\"", self.first_words)
            }
        }
    }
}

/// The words of a read-back output, which block each is in, and which have
/// been matched to a unit. Positions are of [`ReadWords`]' pieces: a piece
/// is a word, or part of one where a soft line end may join it to the next.
struct Stream {
    words: ReadWords,
    /// The block of each piece.
    block_of: Vec<usize>,
    /// `(first piece, one past the last piece)` of each block.
    blocks: Vec<(usize, usize)>,
    /// Where each distinct word stands, in order: candidate starts.
    positions: HashMap<String, Vec<usize>>,
    /// Pieces joined to the next by a soft line end, in order: candidate
    /// starts too, for a word that they begin.
    joined: Vec<usize>,
    /// Pieces already matched to a unit.
    used: Vec<bool>,
}

impl Stream {
    fn new(read: &ReadBack) -> Stream {
        let mut words = ReadWords::default();
        let mut block_of = Vec::new();
        let mut blocks = Vec::new();
        for block in &read.blocks {
            let start = words.len();
            if words.push_block(block) > 0 {
                block_of.resize(words.len(), blocks.len());
                blocks.push((start, words.len()));
            }
        }
        let mut positions: HashMap<String, Vec<usize>> = HashMap::new();
        let mut joined = Vec::new();
        for i in 0..words.len() {
            if let Some(word) = words.word(i) {
                positions.entry(word.to_owned()).or_default().push(i);
            }
            if words.joins_next(i) {
                joined.push(i);
            }
        }
        let used = vec![false; words.len()];
        Stream {
            words,
            block_of,
            blocks,
            positions,
            joined,
            used,
        }
    }

    /// Where `unit` first stands at or after piece `from`, as a block of its
    /// own or as a run inside one block, on pieces not yet matched.
    fn find(&self, unit: &Unit, from: usize) -> Option<(usize, usize)> {
        let first = unit.number.as_ref().unwrap_or(&unit.words[0]);
        let at_or_after = |starts: &[usize]| starts.partition_point(|&i| i < from);
        let by_word = self
            .positions
            .get(first.as_str())
            .map_or(&[][..], Vec::as_slice);
        let mut candidates = merged(
            &by_word[at_or_after(by_word)..],
            &self.joined[at_or_after(&self.joined)..],
        );
        let wanted: Vec<&str> = unit
            .number
            .iter()
            .chain(&unit.words)
            .map(String::as_str)
            .collect();
        let words = &wanted[usize::from(unit.number.is_some())..];
        let matches_here = |start: usize| -> Option<(usize, usize)> {
            let (block_start, block_end) = self.blocks[self.block_of[start]];
            let span = if unit.item.stands_alone() {
                // The block is exactly the unit (a numbered item's number
                // opening it).
                if block_start != start {
                    return None;
                }
                let end = self.words.match_at(start, block_end, &wanted, true)?;
                (start, end)
            } else {
                let end = self.words.match_at(start, block_end, words, false)?;
                (start, end)
            };
            (!self.used[span.0..span.1].contains(&true)).then_some(span)
        };
        match (candidates.find_map(matches_here), &unit.number) {
            // A numbered item may also stand without its number: a format
            // may number lists itself, as XHTML's <ol> does.
            (None, Some(_)) => self.find(
                &Unit {
                    number: None,
                    ..unit.clone()
                },
                from,
            ),
            (found, _) => found,
        }
    }

    /// Whether a heading opens a block and runs straight into `then`.
    fn find_run_together(&self, unit: &Unit, then: &Unit, from: usize) -> Option<(usize, usize)> {
        let heading: Vec<&str> = unit.words.iter().map(String::as_str).collect();
        let then: Vec<&str> = then.words.iter().map(String::as_str).collect();
        self.blocks.iter().find_map(|&(start, end)| {
            if start < from {
                return None;
            }
            let heading_end = self.words.match_at(start, end, &heading, false)?;
            let together = heading_end < end
                && self
                    .words
                    .match_at(heading_end, self.words.len(), &then, false)
                    .is_some()
                && !self.used[start..heading_end].contains(&true);
            together.then_some((start, heading_end))
        })
    }

    fn mark_used(&mut self, (start, end): (usize, usize)) {
        self.used[start..end].fill(true);
    }
}

/// Two ascending lists of positions as one, in order, each position once.
fn merged<'a>(a: &'a [usize], b: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
    let (mut a, mut b) = (a.iter().copied().peekable(), b.iter().copied().peekable());
    std::iter::from_fn(move || match (a.peek().copied(), b.peek().copied()) {
        (Some(x), Some(y)) if x <= y => {
            a.next();
            if x == y {
                b.next();
            }
            Some(x)
        }
        (_, Some(_)) => b.next(),
        (Some(_), None) => a.next(),
        (None, None) => None,
    })
}

/// Compares what a reader got back with the units the model demands.
///
/// Each unit is looked for after the one before it; a unit found moves the
/// cursor past it and its words cannot be matched again. A unit not found
/// leaves the cursor where it was, so one loss is reported once and the units
/// after it are still looked for in their place. A unit that is not after the
/// cursor but stands, unmatched, somewhere earlier is out of order; otherwise
/// it is missing.
pub fn compare(units: &[Unit], read: &ReadBack) -> Vec<Problem> {
    let mut stream = Stream::new(read);
    let mut problems = Vec::new();
    let mut cursor = 0;
    for (index, unit) in units.iter().enumerate() {
        let mut why = None;
        let run_together = || {
            let next = units.get(index + 1)?;
            matches!(unit.item, Item::Title | Item::Heading)
                .then(|| stream.find_run_together(unit, next, cursor))?
        };
        let (kind, span) = if let Some(span) = stream.find(unit, cursor) {
            (None, span)
        } else if let Some(span) = run_together() {
            (Some(ProblemKind::NotStandingAlone), span)
        } else if stream.find(unit, 0).is_some() {
            (Some(ProblemKind::OutOfOrder), (cursor, cursor))
        } else if let Some(unseen) = unseen_holding(unit, &read.unseen) {
            why = Some(unseen.why.clone());
            (Some(ProblemKind::Unseen), (cursor, cursor))
        } else {
            (Some(ProblemKind::Missing), (cursor, cursor))
        };
        stream.mark_used(span);
        cursor = cursor.max(span.1);
        if let Some(kind) = kind {
            problems.push(Problem {
                kind,
                section: unit.section.clone(),
                item: unit.item,
                first_words: first_words(&unit.text, 8),
                why,
                reads: None,
            });
        }
    }
    problems
}

/// The unseen text that holds a missing unit: the first whose words hold
/// the unit's first words (up to three, so that a unit split over unseen
/// and seen text is still explained), or else the first that holds any word
/// of it at all.
fn unseen_holding<'u>(unit: &Unit, unseen: &'u [Unseen]) -> Option<&'u Unseen> {
    if unseen.is_empty() || unit.words.is_empty() {
        return None;
    }
    let opening = &unit.words[..unit.words.len().min(3)];
    let words: Vec<Vec<String>> = unseen
        .iter()
        .map(|unseen| normalise_words(&unseen.text))
        .collect();
    let holds_opening = words
        .iter()
        .position(|words| words.windows(opening.len()).any(|run| run == opening));
    let holds_any = || {
        words
            .iter()
            .position(|words| unit.words.iter().any(|word| words.contains(word)))
    };
    holds_opening.or_else(holds_any).map(|index| &unseen[index])
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

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(item: Item, text: &str) -> Unit {
        Unit {
            section: Some("s".into()),
            item,
            text: text.into(),
            words: normalise_words(text),
            number: None,
        }
    }

    fn read(blocks: &[&str]) -> ReadBack {
        ReadBack {
            blocks: blocks.iter().map(|b| b.to_string()).collect(),
            ..ReadBack::default()
        }
    }

    fn kinds(units: &[Unit], blocks: &[&str]) -> Vec<ProblemKind> {
        compare(units, &read(blocks))
            .iter()
            .map(|p| p.kind)
            .collect()
    }

    #[test]
    fn units_must_appear_in_order_and_headings_on_their_own() {
        let units = [
            unit(Item::Heading, "Surgery"),
            unit(Item::Text, "One."),
            unit(Item::Text, "Two."),
        ];
        assert!(kinds(&units, &["Surgery", "One. Two."]).is_empty());
        assert_eq!(
            kinds(&units, &["Surgery", "Two. One."]),
            [ProblemKind::OutOfOrder]
        );
        assert_eq!(kinds(&units, &["Surgery", "One."]), [ProblemKind::Missing]);
        assert_eq!(
            kinds(&units, &["Surgery One. Two."]),
            [ProblemKind::NotStandingAlone]
        );
        // The heading's word elsewhere is not the heading.
        assert_eq!(
            kinds(&units, &["One. Surgery two."]),
            [ProblemKind::Missing]
        );
        assert_eq!(
            kinds(&units, &["Surgery is rare.", "One. Two."]),
            [ProblemKind::Missing]
        );
    }

    #[test]
    fn a_repeated_sentence_lost_once_is_missing_not_out_of_order() {
        let units = [
            unit(Item::Text, "Call us."),
            unit(Item::Text, "Take one."),
            unit(Item::Text, "Call us."),
        ];
        assert!(kinds(&units, &["Call us. Take one. Call us."]).is_empty());
        assert_eq!(
            kinds(&units, &["Call us. Take one."]),
            [ProblemKind::Missing]
        );
    }

    #[test]
    fn list_items_are_whole_blocks_with_their_own_number() {
        let mut third = unit(Item::ListItem, "Wash");
        third.number = Some("3".into());
        let units = [unit(Item::ListItem, "Rinse"), third];
        assert!(kinds(&units, &["- Rinse", "3. Wash"]).is_empty());
        assert!(
            kinds(&units, &["Rinse", "Wash"]).is_empty(),
            "a format may number lists itself"
        );
        assert_eq!(
            kinds(&units, &["- Rinse", "1. Wash"]),
            [ProblemKind::Missing]
        );
        assert_eq!(
            kinds(&units, &["Rinse Wash"]),
            [ProblemKind::Missing, ProblemKind::Missing]
        );
    }

    #[test]
    fn a_sentence_may_not_straddle_two_blocks() {
        let units = [unit(Item::Text, "One two three.")];
        assert_eq!(
            kinds(&units, &["One two", "three."]),
            [ProblemKind::Missing]
        );
    }

    #[test]
    fn a_soft_line_end_is_a_space_or_nothing() {
        let soft = |text: &str| text.replace('|', "\u{2028}");
        let units = [
            unit(Item::Heading, "Call the switchboard"),
            unit(
                Item::Text,
                "Ring tel:+441632960555 or write to Flat-3/14 Riverside.",
            ),
            unit(Item::Text, "Then wait."),
        ];
        for blocks in [
            [
                "Call the|switchboard",
                "Ring tel:|+441632960555 or write to Flat-|3/14 Riverside. Then|wait.",
            ],
            [
                "Call|the switchboard",
                "Ring tel:+44|1632960555|or write|to Flat-3/|14 Riverside.|Then wait.",
            ],
        ] {
            let blocks: Vec<String> = blocks.iter().map(|block| soft(block)).collect();
            let blocks: Vec<&str> = blocks.iter().map(String::as_str).collect();
            assert!(kinds(&units, &blocks).is_empty(), "{blocks:?}");
        }
        // A soft line end only moves a word boundary: a word that is not
        // there is still missing, and a heading still stands alone.
        assert_eq!(
            kinds(
                &units,
                &[
                    &soft("Call the|switch board"),
                    &soft("Ring tel:|+44 or write to Flat-3/14 Riverside. Then wait.")
                ]
            ),
            [ProblemKind::Missing, ProblemKind::Missing]
        );
        assert_eq!(
            kinds(
                &units,
                &[&soft(
                    "Call the switchboard|Ring tel:+441632960555 or write to Flat-3/14 Riverside. Then wait."
                )]
            ),
            [ProblemKind::NotStandingAlone]
        );
    }

    #[test]
    fn a_soft_line_end_beside_punctuation_and_numbers() {
        let soft = |text: &str| text.replace('|', "\u{2028}");
        let mut step = unit(Item::ListItem, "Call (tel:+441632960555).");
        step.number = Some("2".into());
        let units = [unit(Item::Text, "A pause – then 10-12."), step];
        for blocks in [
            ["A pause|–|then 10-|12.", "2.|Call (tel:|+441632960555)|."],
            ["A pause – then 10-12.", "2. Call|(tel:+441632960555)."],
            ["A pause –|then 10-12.", "Call (|tel:+441632960555|)."],
        ] {
            let blocks: Vec<String> = blocks.iter().map(|block| soft(block)).collect();
            let blocks: Vec<&str> = blocks.iter().map(String::as_str).collect();
            assert!(kinds(&units, &blocks).is_empty(), "{blocks:?}");
        }
    }

    #[test]
    fn a_unit_a_reader_cannot_see_is_reported_with_the_reason() {
        let units = [unit(Item::Text, "Radiotherapy is usually given once.")];
        let mut read = read(&["Something else."]);
        read.unseen.push(Unseen {
            text: "Radiotherapy is usually given once.".into(),
            why: Why::LowContrast {
                colour: "white".into(),
                against: "a white page".into(),
                ratio: 1.0,
                minimum: 4.5,
            },
        });
        let problems = compare(&units, &read);
        assert_eq!(problems[0].kind, ProblemKind::Unseen);
        assert_eq!(
            problems[0].to_string(),
            "section `s`: text is white on a white page (contrast 1:1, under 4.5:1): \"Radiotherapy is usually given once.\""
        );
        // Text a reader sees is never blamed on unseen text elsewhere.
        let seen = compare(
            &units,
            &self::read(&["Radiotherapy is usually given once."]),
        );
        assert!(seen.is_empty());
    }
}
