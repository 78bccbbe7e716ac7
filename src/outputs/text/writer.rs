//! Writes a leaflet as plain text.
//!
//! Screen readers read line by line, so nothing is hard-wrapped: a paragraph
//! is one line, a heading is a line with a blank line on each side. There is
//! no markup, no decoration, no tab and no soft hyphen.

use crate::model::{Block, Inline, Leaflet, LinkAddresses, end_matter, plain_text};

/// The leaflet as plain text, ending with a newline.
pub fn write(leaflet: &Leaflet) -> String {
    let mut paragraphs: Vec<String> = vec![clean(&leaflet.title)];
    if let Some(summary) = &leaflet.summary {
        paragraphs.push(clean(summary));
    }
    for section in &leaflet.sections {
        paragraphs.push(clean(&section.heading));
        for block in &section.blocks {
            paragraphs.push(match block {
                Block::Paragraph { content } => line(content),
                Block::BulletList { items } => items
                    .iter()
                    .map(|item| format!("- {}", line(&item.content)))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Block::NumberedList { start, items } => (*start..)
                    .zip(items)
                    .map(|(number, item)| format!("{number}. {}", line(&item.content)))
                    .collect::<Vec<_>>()
                    .join("\n"),
            });
        }
    }
    // The labels in the leaflet's language, or English where it has none:
    // plain text has no way to mark a language, so the words are as they are.
    let end: Vec<String> = end_matter(leaflet)
        .iter()
        .map(|line| clean(&line.text()))
        .collect();
    paragraphs.push(end.join("\n"));
    let mut text = paragraphs.join("\n\n");
    text.push('\n');
    text
}

/// Inline content as one line, link addresses written out.
fn line(content: &[Inline]) -> String {
    clean(&plain_text(content, LinkAddresses::WrittenOut))
}

/// Removes what plain text must not hold: soft hyphens (a screen reader may
/// spell the word out), tabs and line breaks (the model folds them, but a
/// paragraph must stay one line whatever it was given).
fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| c != '\u{ad}')
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect()
}
