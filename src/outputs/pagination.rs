//! Where each page of the print edition begins in the leaflet's text, so
//! that an output without pages of its own (the EPUB) can carry the print
//! page numbers: a reader told "see page 3" can follow.
//!
//! The layouts mark the start and the end of every block of the leaflet with
//! an anchor (`layouts/README.md`, "Anchors"), and typst's introspection
//! tells on which page each anchor fell ([`crate::typeset::AnchorMark`]).
//! From that, each page that carries any of the leaflet is tied to the
//! block in which it begins: the first block, in reading order, that is on
//! that page. Usually that block starts the page; when a paragraph runs over
//! from the page before, the page is tied to that paragraph, so following
//! "page 3" lands a few lines early rather than skipping the top of page 3.
//! The precision is a block (a paragraph, a heading, a list item), not a
//! word.
//!
//! Pages that carry none of the leaflet (the Notes pages that pad a
//! saddle-stitched booklet) are left out: there is nothing of theirs to
//! point at.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use crate::typeset::{AnchorMark, Edge};

/// The key the layouts give a block of the leaflet, counting from 0 in
/// reading order. The layouts build the same keys (`layouts/common.typ`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKey {
    /// The title: `title`.
    Title,
    /// The summary: `summary`.
    Summary,
    /// The heading of section `s`: `s{s}`.
    Heading(usize),
    /// Paragraph `b` of section `s`: `s{s}-b{b}`.
    Paragraph(usize, usize),
    /// Item `i` of list `b` of section `s`: `s{s}-b{b}-i{i}`.
    ListItem(usize, usize, usize),
    /// Line `n` of the end matter: `end-{n}`.
    EndMatter(usize),
}

impl fmt::Display for BlockKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlockKey::Title => f.write_str("title"),
            BlockKey::Summary => f.write_str("summary"),
            BlockKey::Heading(s) => write!(f, "s{s}"),
            BlockKey::Paragraph(s, b) => write!(f, "s{s}-b{b}"),
            BlockKey::ListItem(s, b, i) => write!(f, "s{s}-b{b}-i{i}"),
            BlockKey::EndMatter(n) => write!(f, "end-{n}"),
        }
    }
}

impl FromStr for BlockKey {
    type Err = ();

    /// Reads a key as the layouts write it; anything else is not a key.
    fn from_str(key: &str) -> Result<BlockKey, ()> {
        let number = |digits: &str| -> Result<usize, ()> {
            match digits.bytes().all(|b| b.is_ascii_digit()) {
                true => digits.parse().map_err(|_| ()),
                false => Err(()),
            }
        };
        match key {
            "title" => return Ok(BlockKey::Title),
            "summary" => return Ok(BlockKey::Summary),
            _ => {}
        }
        if let Some(n) = key.strip_prefix("end-") {
            return Ok(BlockKey::EndMatter(number(n)?));
        }
        let parts: Vec<&str> = key.split('-').collect();
        let part = |index: usize, prefix: char| -> Result<usize, ()> {
            number(parts[index].strip_prefix(prefix).ok_or(())?)
        };
        match parts.len() {
            1 => Ok(BlockKey::Heading(part(0, 's')?)),
            2 => Ok(BlockKey::Paragraph(part(0, 's')?, part(1, 'b')?)),
            3 => Ok(BlockKey::ListItem(
                part(0, 's')?,
                part(1, 'b')?,
                part(2, 'i')?,
            )),
            _ => Err(()),
        }
    }
}

/// One page of the print edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintPage {
    /// Its place in the PDF, counting from 1: unique, for ids.
    pub index: usize,
    /// The page number printed on it (typst's page counter), which a reader
    /// is told to turn to.
    pub label: String,
}

/// The print edition's pages, each tied to the block in which it begins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pagination {
    /// Pages by the block they begin in, each list in page order.
    by_block: HashMap<BlockKey, Vec<PrintPage>>,
    /// Every page that carries any of the leaflet, in order.
    pages: Vec<PrintPage>,
}

impl Pagination {
    /// Works out the pagination from a layout's anchor marks and the number
    /// printed on each page (by index, from page 1). `None` when the layout
    /// placed no anchors (a house style that leaves them out): there is
    /// then nothing to map.
    pub fn from_marks(marks: &[AnchorMark], page_numbers: &[u64]) -> Option<Pagination> {
        // Each block's first and last page, blocks in reading order.
        let mut order: Vec<BlockKey> = Vec::new();
        let mut spans: HashMap<BlockKey, (usize, usize)> = HashMap::new();
        for mark in marks.iter().filter(|mark| mark.edge == Edge::Start) {
            let Ok(key) = mark.key.parse::<BlockKey>() else {
                continue;
            };
            if let std::collections::hash_map::Entry::Vacant(entry) = spans.entry(key) {
                order.push(key);
                entry.insert((mark.page, mark.page));
            }
        }
        for mark in marks.iter().filter(|mark| mark.edge == Edge::End) {
            let Ok(key) = mark.key.parse::<BlockKey>() else {
                continue;
            };
            if let Some((_, last)) = spans.get_mut(&key) {
                *last = (*last).max(mark.page);
            }
        }
        let last_page = spans.values().map(|&(_, last)| last).max()?;
        let mut pagination = Pagination::default();
        for index in 1..=last_page {
            let Some(key) = order.iter().find(|key| {
                let (first, last) = spans[*key];
                first <= index && index <= last
            }) else {
                continue;
            };
            let page = PrintPage {
                index,
                label: page_numbers
                    .get(index - 1)
                    .map_or_else(|| index.to_string(), u64::to_string),
            };
            pagination
                .by_block
                .entry(*key)
                .or_default()
                .push(page.clone());
            pagination.pages.push(page);
        }
        Some(pagination)
    }

    /// The pages that begin in the block `key`, in order.
    pub fn pages_beginning_in(&self, key: BlockKey) -> &[PrintPage] {
        self.by_block.get(&key).map_or(&[], Vec::as_slice)
    }

    /// Every page that carries any of the leaflet, in order.
    pub fn pages(&self) -> &[PrintPage] {
        &self.pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(key: &str, edge: Edge, page: usize) -> AnchorMark {
        AnchorMark {
            key: key.to_owned(),
            edge,
            page,
        }
    }

    fn indices(pages: &[PrintPage]) -> Vec<usize> {
        pages.iter().map(|page| page.index).collect()
    }

    #[test]
    fn each_page_with_content_begins_in_its_first_block() {
        let marks = [
            mark("title", Edge::Start, 1),
            mark("s0", Edge::Start, 1),
            mark("s0-b0", Edge::Start, 1),
            mark("s0-b1", Edge::Start, 2),
            mark("end-0", Edge::Start, 4),
            mark("title", Edge::End, 1),
            mark("s0", Edge::End, 1),
            mark("s0-b0", Edge::End, 1),
            mark("s0-b1", Edge::End, 2),
            mark("end-0", Edge::End, 4),
        ];
        let pagination = Pagination::from_marks(&marks, &[1, 2, 3, 4]).unwrap();
        // Page 3 is a Notes page: it carries none of the leaflet.
        assert_eq!(indices(pagination.pages()), [1, 2, 4]);
        assert_eq!(indices(pagination.pages_beginning_in(BlockKey::Title)), [1]);
        assert_eq!(
            indices(pagination.pages_beginning_in(BlockKey::Paragraph(0, 1))),
            [2]
        );
        assert_eq!(
            indices(pagination.pages_beginning_in(BlockKey::EndMatter(0))),
            [4]
        );
        assert!(
            pagination
                .pages_beginning_in(BlockKey::Heading(0))
                .is_empty()
        );
    }

    #[test]
    fn a_page_that_begins_inside_a_paragraph_is_tied_to_it() {
        // One paragraph over pages 1 to 3; the next starts on page 3.
        let marks = [
            mark("s0-b0", Edge::Start, 1),
            mark("s0-b1", Edge::Start, 3),
            mark("s0-b0", Edge::End, 3),
            mark("s0-b1", Edge::End, 4),
        ];
        let pagination = Pagination::from_marks(&marks, &[1, 2, 3, 4]).unwrap();
        assert_eq!(indices(pagination.pages()), [1, 2, 3, 4]);
        assert_eq!(
            indices(pagination.pages_beginning_in(BlockKey::Paragraph(0, 0))),
            [1, 2, 3]
        );
        assert_eq!(
            indices(pagination.pages_beginning_in(BlockKey::Paragraph(0, 1))),
            [4]
        );
    }

    #[test]
    fn labels_are_the_printed_page_numbers() {
        // A cover without a number, the counter starting again after it.
        let marks = [mark("title", Edge::Start, 2), mark("title", Edge::End, 3)];
        let pagination = Pagination::from_marks(&marks, &[1, 1, 2]).unwrap();
        let labels: Vec<&str> = pagination
            .pages()
            .iter()
            .map(|p| p.label.as_str())
            .collect();
        assert_eq!(labels, ["1", "2"]);
        assert_eq!(indices(pagination.pages()), [2, 3]);
    }

    #[test]
    fn a_layout_without_anchors_has_no_pagination() {
        assert_eq!(Pagination::from_marks(&[], &[1]), None);
        assert_eq!(
            Pagination::from_marks(&[mark("figure-1", Edge::Start, 1)], &[1]),
            None
        );
    }

    #[test]
    fn keys_read_back_as_written() {
        for key in [
            BlockKey::Title,
            BlockKey::Summary,
            BlockKey::Heading(12),
            BlockKey::Paragraph(2, 0),
            BlockKey::ListItem(2, 0, 3),
            BlockKey::EndMatter(1),
        ] {
            assert_eq!(key.to_string().parse(), Ok(key));
        }
        assert_eq!(BlockKey::ListItem(2, 0, 3).to_string(), "s2-b0-i3");
        for bad in ["", "s", "s-1", "sx", "s1-c2", "end-", "s1-b2-i3-j4", "s+1"] {
            assert_eq!(bad.parse::<BlockKey>(), Err(()), "{bad}");
        }
    }
}
