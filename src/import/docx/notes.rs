//! The parts beside the body: comments (`comments.xml`), footnotes and
//! endnotes (`footnotes.xml`, `endnotes.xml`), page headers and footers.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::xml::{attr, plain_text};

/// One comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// `w:author`, when said.
    pub author: Option<String>,
    /// Its words.
    pub text: String,
}

/// The comments by `w:id`.
pub fn comments(document: Option<&Document<'_>>) -> HashMap<String, Comment> {
    let Some(document) = document else {
        return HashMap::new();
    };
    document
        .root_element()
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "comment")
        .filter_map(|node| {
            let author = attr(node, "author")
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned);
            Some((
                attr(node, "id")?.to_owned(),
                Comment {
                    author,
                    text: plain_text(node),
                },
            ))
        })
        .collect()
}

/// The footnotes (or endnotes) by `w:id`, without the separators
/// (`w:type` `separator`, `continuationSeparator`, `continuationNotice`).
pub fn notes<'d, 'i>(document: Option<&'d Document<'i>>) -> HashMap<String, Node<'d, 'i>> {
    let Some(document) = document else {
        return HashMap::new();
    };
    document
        .root_element()
        .children()
        .filter(|c| c.is_element() && matches!(c.tag_name().name(), "footnote" | "endnote"))
        .filter(|c| attr(*c, "type").is_none_or(|t| t == "normal"))
        .filter_map(|node| Some((attr(node, "id")?.to_owned(), node)))
        .collect()
}

/// The words of the page headers (or footers), each distinct text once,
/// one a line; empty when they hold no words (a page number alone is none).
pub fn margin_text(documents: &[Document<'_>]) -> String {
    let mut texts: Vec<String> = Vec::new();
    for document in documents {
        let text = plain_text(document.root_element());
        if text.chars().any(char::is_alphabetic) && !texts.contains(&text) {
            texts.push(text);
        }
    }
    texts.join("\n")
}
