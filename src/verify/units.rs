//! What a reader must find: the leaflet cut into units, in reading order.

use serde::Serialize;

use super::normalise::normalise_words;
use crate::model::{Block, Leaflet, LinkAddresses, end_matter, plain_text};

/// What kind of item of the leaflet a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Item {
    /// The leaflet title.
    Title,
    /// A sentence of the leaflet summary.
    Summary,
    /// A section heading.
    Heading,
    /// A sentence of a paragraph.
    Text,
    /// A whole list item.
    ListItem,
    /// The publisher or a review date, after the sections.
    EndMatter,
}

impl Item {
    /// How messages name it.
    pub fn describe(self) -> &'static str {
        match self {
            Item::Title => "the title",
            Item::Summary => "the summary",
            Item::Heading => "the heading",
            Item::Text => "text",
            Item::ListItem => "a list item",
            Item::EndMatter => "the end matter",
        }
    }

    /// Whether the unit must be a block of its own (a line, a heading, a list
    /// item) rather than a run of words inside one.
    pub fn stands_alone(self) -> bool {
        matches!(self, Item::Title | Item::Heading | Item::ListItem)
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
    /// For an item of a numbered list, its number: a format that shows
    /// numbers as text must show this one.
    pub number: Option<String>,
}

/// The units of a leaflet, in reading order, for an output that does or does
/// not write link addresses out.
pub fn units(leaflet: &Leaflet, links: LinkAddresses) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut push = |section: Option<&str>, item: Item, text: &str, number: Option<u64>| {
        let words = normalise_words(text);
        if !words.is_empty() {
            units.push(Unit {
                section: section.map(str::to_owned),
                item,
                text: text.to_owned(),
                words,
                number: number.map(|n| n.to_string()),
            });
        }
    };
    push(None, Item::Title, &leaflet.title, None);
    if let Some(summary) = &leaflet.summary {
        for sentence in sentences(summary) {
            push(None, Item::Summary, &sentence, None);
        }
    }
    for section in &leaflet.sections {
        let id = Some(section.id.as_str());
        push(id, Item::Heading, &section.heading, None);
        for block in &section.blocks {
            match block {
                Block::Paragraph { content } => {
                    for sentence in sentences(&plain_text(content, links)) {
                        push(id, Item::Text, &sentence, None);
                    }
                }
                Block::BulletList { items } => {
                    for item in items {
                        push(id, Item::ListItem, &plain_text(&item.content, links), None);
                    }
                }
                Block::NumberedList { start, items } => {
                    for (number, item) in (*start..).zip(items) {
                        let text = plain_text(&item.content, links);
                        push(id, Item::ListItem, &text, Some(number));
                    }
                }
            }
        }
    }
    // The same labelled lines every writer writes: in a Welsh leaflet the
    // check looks for the Welsh words.
    for line in end_matter(leaflet) {
        push(None, Item::EndMatter, &line.text(), None);
    }
    units
}

/// Splits text into sentences: after a word ending in `.`, `!` or `?` (before
/// any closing quote or bracket) when the next word starts with a capital or a
/// digit. A wrong split only makes units smaller; it cannot hide a difference.
pub fn sentences(text: &str) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_full_stops_before_capitals() {
        assert_eq!(
            sentences("One dose. Two doses, e.g. three. 4 more"),
            ["One dose.", "Two doses, e.g. three.", "4 more"]
        );
    }
}
