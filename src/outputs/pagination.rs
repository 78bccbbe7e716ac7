//! Where each page of the print edition starts in the leaflet's text, so
//! that an output without pages of its own (the EPUB) can carry the print
//! page numbers: a reader told "see page 3" can follow.
//!
//! The layouts mark the start and the end of every block of the leaflet with
//! an anchor (`layouts/README.md`, "Anchors"), and typst's introspection
//! tells on which page each anchor fell ([`crate::typeset::AnchorMark`]).
//! From that, each page that carries any of the leaflet gets one place in
//! the text:
//!
//! - before the first block that starts on it, or,
//! - when no block starts on it (a long paragraph runs across the whole
//!   page), after the block that runs across it.
//!
//! Pages that carry none of the leaflet (the Notes pages that pad a
//! saddle-stitched booklet) get no place: there is nothing of theirs to
//! point at.

use std::collections::HashMap;
use std::fmt;

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

/// Which side of a block a page's place is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The page starts where the block starts.
    Before,
    /// The page is covered by the block, which started on an earlier page.
    After,
}

/// The print edition's pages, each tied to a place in the leaflet's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pagination {
    /// Pages by the block and side they stand at, each list in page order.
    places: HashMap<(String, Side), Vec<usize>>,
    /// Every page that carries any of the leaflet, in order.
    pages: Vec<usize>,
}

impl Pagination {
    /// Works out the pagination from a layout's anchor marks. `None` when
    /// the layout placed no anchors (a house style that leaves them out):
    /// there is then nothing to map.
    pub fn from_marks(marks: &[AnchorMark]) -> Option<Pagination> {
        // Each block's first and last page, blocks in document order.
        let mut order: Vec<&str> = Vec::new();
        let mut spans: HashMap<&str, (usize, usize)> = HashMap::new();
        for mark in marks.iter().filter(|mark| mark.edge == Edge::Start) {
            if !spans.contains_key(mark.key.as_str()) {
                order.push(&mark.key);
                spans.insert(&mark.key, (mark.page, mark.page));
            }
        }
        for mark in marks.iter().filter(|mark| mark.edge == Edge::End) {
            if let Some((first, last)) = spans.get_mut(mark.key.as_str()) {
                *last = mark.page.max(*first);
            }
        }
        let last_page = spans.values().map(|&(_, last)| last).max()?;
        let mut pagination = Pagination::default();
        for page in 1..=last_page {
            let starts_here = order.iter().find(|key| spans[**key].0 == page);
            let runs_across = || {
                order.iter().find(|key| {
                    let (first, last) = spans[**key];
                    first < page && page <= last
                })
            };
            let place = match starts_here {
                Some(key) => (key.to_string(), Side::Before),
                None => match runs_across() {
                    Some(key) => (key.to_string(), Side::After),
                    None => continue,
                },
            };
            pagination.places.entry(place).or_default().push(page);
            pagination.pages.push(page);
        }
        Some(pagination)
    }

    /// The pages whose place is on `side` of the block `key`, in order.
    pub fn pages_at(&self, key: BlockKey, side: Side) -> &[usize] {
        self.places
            .get(&(key.to_string(), side))
            .map_or(&[], Vec::as_slice)
    }

    /// Every page that carries any of the leaflet, in order.
    pub fn pages(&self) -> &[usize] {
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

    #[test]
    fn each_page_with_content_starts_before_its_first_block() {
        let marks = [
            mark("title", Edge::Start, 1),
            mark("s0", Edge::Start, 1),
            mark("s0-b0", Edge::Start, 1),
            mark("s0-b1", Edge::Start, 2),
            mark("end-0", Edge::Start, 4),
            mark("title", Edge::End, 1),
            mark("s0", Edge::End, 1),
            mark("s0-b0", Edge::End, 2),
            mark("s0-b1", Edge::End, 2),
            mark("end-0", Edge::End, 4),
        ];
        let pagination = Pagination::from_marks(&marks).unwrap();
        // Page 3 is a Notes page: it carries none of the leaflet.
        assert_eq!(pagination.pages(), [1, 2, 4]);
        assert_eq!(pagination.pages_at(BlockKey::Title, Side::Before), [1]);
        assert_eq!(
            pagination.pages_at(BlockKey::Paragraph(0, 1), Side::Before),
            [2]
        );
        assert_eq!(
            pagination.pages_at(BlockKey::EndMatter(0), Side::Before),
            [4]
        );
        assert!(
            pagination
                .pages_at(BlockKey::Heading(0), Side::Before)
                .is_empty()
        );
    }

    #[test]
    fn a_page_inside_one_long_block_stands_after_it() {
        let marks = [
            mark("s0-b0", Edge::Start, 1),
            mark("s0-b1", Edge::Start, 4),
            mark("s0-b0", Edge::End, 3),
            mark("s0-b1", Edge::End, 4),
        ];
        let pagination = Pagination::from_marks(&marks).unwrap();
        assert_eq!(pagination.pages(), [1, 2, 3, 4]);
        assert_eq!(
            pagination.pages_at(BlockKey::Paragraph(0, 0), Side::After),
            [2, 3]
        );
    }

    #[test]
    fn a_layout_without_anchors_has_no_pagination() {
        assert_eq!(Pagination::from_marks(&[]), None);
    }

    #[test]
    fn keys_match_the_layouts() {
        assert_eq!(BlockKey::ListItem(2, 0, 3).to_string(), "s2-b0-i3");
        assert_eq!(BlockKey::EndMatter(1).to_string(), "end-1");
    }
}
