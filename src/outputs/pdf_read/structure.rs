//! Walking the structure tree and turning its elements into blocks. The tree
//! is read into [`Node`]s (roles mapped to standard ones, each element's
//! paragraph direction from its `/Lang`), guarding against cycles and deep
//! nesting; then each block-level element, or run of inline content between
//! them, becomes one block of the pieces of text its MCIDs own, a list
//! item's label first and nested lists after it. Text no element owns is
//! reported as a flaw.

use std::collections::{HashMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId};
use unicode_bidi::Level;

use super::content::{Owner, Piece};
use super::legibility::LaidBlock;
use super::lines::{collapse_white_space, join_lines, lines_of};
use super::{MAX_NESTING, bidi};

/// One structure element, read into memory.
#[derive(Debug)]
pub(super) struct Node {
    /// The standard role, after the role map.
    role: Vec<u8>,
    kids: Vec<Kid>,
    /// Whether the node holds only marked content and inline elements.
    inline_only: bool,
    /// The direction of its paragraphs, from its `/Lang` or its ancestors'.
    direction: Option<Level>,
}

/// What a structure element takes from its ancestors.
#[derive(Clone, Copy)]
struct Inherited {
    page: Option<usize>,
    direction: Option<Level>,
}

#[derive(Debug)]
enum Kid {
    Content(Owner),
    Element(Node),
}

/// Roles that are always one block each.
fn is_block_role(role: &[u8]) -> bool {
    matches!(role, b"P" | b"H" | b"LI" | b"Caption" | b"TOCI" | b"Title")
        || (role.len() > 1 && role[0] == b'H' && role[1..].iter().all(u8::is_ascii_digit))
}

/// Roles that sit inside a line of text.
const INLINE_ROLES: &[&[u8]] = &[
    b"Span",
    b"Link",
    b"Em",
    b"Strong",
    b"Sub",
    b"Quote",
    b"Code",
    b"Reference",
    b"Note",
    b"BibEntry",
    b"Annot",
    b"Ruby",
    b"RB",
    b"RT",
    b"RP",
    b"Warichu",
    b"WT",
    b"WP",
    b"Formula",
    b"Figure",
    b"Form",
    b"Lbl",
];

fn is_inline_role(role: &[u8]) -> bool {
    INLINE_ROLES.contains(&role)
}

/// Reads the structure tree into [`Node`]s, guarding against cycles.
pub(super) struct StructureTree<'a> {
    document: &'a Document,
    role_map: Option<&'a Dictionary>,
    page_numbers: HashMap<ObjectId, usize>,
    seen: HashSet<ObjectId>,
}

impl<'a> StructureTree<'a> {
    /// The top-level elements of the tree, in order.
    pub(super) fn build(
        document: &'a Document,
        root: &'a Dictionary,
        pages: &[ObjectId],
        direction: Option<Level>,
    ) -> Vec<Node> {
        let mut tree = StructureTree {
            document,
            role_map: root
                .get_deref(b"RoleMap", document)
                .and_then(Object::as_dict)
                .ok(),
            page_numbers: pages
                .iter()
                .enumerate()
                .map(|(index, id)| (*id, index + 1))
                .collect(),
            seen: HashSet::new(),
        };
        let mut kids = Vec::new();
        if let Ok(top) = root.get(b"K") {
            let inherited = Inherited {
                page: None,
                direction,
            };
            tree.add_kids(top, inherited, 0, &mut kids);
        }
        kids.into_iter()
            .filter_map(|kid| match kid {
                Kid::Element(node) => Some(node),
                Kid::Content(_) => None,
            })
            .collect()
    }

    fn page_of(&self, dictionary: &Dictionary) -> Option<usize> {
        let id = dictionary.get(b"Pg").and_then(Object::as_reference).ok()?;
        self.page_numbers.get(&id).copied()
    }

    fn add_kids(
        &mut self,
        object: &'a Object,
        inherited: Inherited,
        depth: usize,
        kids: &mut Vec<Kid>,
    ) {
        if depth > MAX_NESTING {
            return;
        }
        if let Object::Reference(id) = object
            && !self.seen.insert(*id)
        {
            return;
        }
        let Ok((_, object)) = self.document.dereference(object) else {
            return;
        };
        match object {
            Object::Integer(mcid) => kids.extend(
                inherited
                    .page
                    .map(|page| Kid::Content(Owner::Marked(page, None, *mcid))),
            ),
            Object::Array(items) => {
                for item in items {
                    self.add_kids(item, inherited, depth + 1, kids);
                }
            }
            Object::Dictionary(dictionary) => kids.extend(self.kid(dictionary, inherited, depth)),
            _ => {}
        }
    }

    fn kid(
        &mut self,
        dictionary: &'a Dictionary,
        inherited: Inherited,
        depth: usize,
    ) -> Option<Kid> {
        let page = self.page_of(dictionary).or(inherited.page);
        match dictionary.get(b"Type").and_then(Object::as_name).ok() {
            Some(b"MCR") => {
                let mcid = dictionary.get(b"MCID").and_then(Object::as_i64).ok()?;
                let stream = dictionary.get(b"Stm").and_then(Object::as_reference).ok();
                Some(Kid::Content(Owner::Marked(page?, stream, mcid)))
            }
            Some(b"OBJR") => None,
            _ => {
                let role = self.role(dictionary.get(b"S").and_then(Object::as_name).ok()?);
                let language = dictionary
                    .get_deref(b"Lang", self.document)
                    .ok()
                    .and_then(|language| lopdf::decode_text_string(language).ok());
                let inherited = Inherited {
                    page,
                    direction: bidi::direction_of(language.as_deref()).or(inherited.direction),
                };
                let mut kids = Vec::new();
                if let Ok(k) = dictionary.get(b"K") {
                    self.add_kids(k, inherited, depth + 1, &mut kids);
                }
                let inline_only = kids.iter().all(|kid| match kid {
                    Kid::Content(_) => true,
                    Kid::Element(node) => is_inline_role(&node.role) && node.inline_only,
                });
                Some(Kid::Element(Node {
                    role,
                    kids,
                    inline_only,
                    direction: inherited.direction,
                }))
            }
        }
    }

    /// A structure type mapped through the role map to a standard one.
    fn role(&self, mut role: &'a [u8]) -> Vec<u8> {
        for _ in 0..16 {
            let mapped = self
                .role_map
                .and_then(|map| map.get_deref(role, self.document).ok())
                .and_then(|mapped| mapped.as_name().ok());
            match mapped {
                Some(mapped) if mapped != role => role = mapped,
                _ => break,
            }
        }
        role.to_vec()
    }
}

/// A block before its lines are joined: a list item's label, and its lines
/// as the page shows them; with its role, direction and the pieces of its
/// lines (the label's left out), for the rules on how it is laid out.
struct RawBlock {
    label: Vec<String>,
    lines: Vec<String>,
    role: Vec<u8>,
    direction: Option<Level>,
    pieces: Vec<usize>,
}

/// Turns structure nodes into blocks of text.
pub(super) struct BlockWriter<'a> {
    pieces: &'a [Piece],
    by_owner: HashMap<Owner, Vec<usize>>,
    used: Vec<bool>,
    blocks: Vec<RawBlock>,
    /// The furthest page the reading order has reached so far.
    furthest_page: usize,
    /// The first time the reading order went back a page: (from, to).
    went_back: Option<(usize, usize)>,
}

impl<'a> BlockWriter<'a> {
    /// A writer of blocks from `pieces`, all pages' text in content order.
    pub(super) fn new(pieces: &'a [Piece]) -> BlockWriter<'a> {
        let mut by_owner: HashMap<Owner, Vec<usize>> = HashMap::new();
        for (index, piece) in pieces.iter().enumerate() {
            by_owner.entry(piece.owner).or_default().push(index);
        }
        BlockWriter {
            pieces,
            by_owner,
            used: vec![false; pieces.len()],
            blocks: Vec::new(),
            furthest_page: 0,
            went_back: None,
        }
    }

    /// Writes the blocks of a node: itself if it is a block, else its
    /// children, with runs of inline content between them as blocks.
    pub(super) fn write(&mut self, node: &Node) {
        if is_block_role(&node.role) || node.inline_only {
            let mut nested = Vec::new();
            let (labels, body): (Vec<&Kid>, Vec<&Kid>) = node.kids.iter().partition(|kid| {
                node.role == b"LI" && matches!(kid, Kid::Element(label) if label.role == b"Lbl")
            });
            let (label, _) = self.lines_under(&labels, &mut nested, node.direction);
            let (lines, pieces) = self.lines_under(&body, &mut nested, node.direction);
            self.blocks.push(RawBlock {
                label,
                lines,
                role: node.role.clone(),
                direction: node.direction,
                pieces,
            });
            for list in nested {
                self.write(list);
            }
            return;
        }
        let mut run: Vec<&Kid> = Vec::new();
        for kid in &node.kids {
            match kid {
                Kid::Element(element)
                    if !(is_inline_role(&element.role) && element.inline_only) =>
                {
                    self.write_run(&mut run, node);
                    self.write(element);
                }
                _ => run.push(kid),
            }
        }
        self.write_run(&mut run, node);
    }

    fn write_run(&mut self, run: &mut Vec<&Kid>, node: &Node) {
        let (lines, pieces) = self.lines_under(run, &mut Vec::new(), node.direction);
        run.clear();
        self.blocks.push(RawBlock {
            label: Vec::new(),
            lines,
            role: node.role.clone(),
            direction: node.direction,
            pieces,
        });
    }

    /// The lines of text under some kids, in paragraphs of `direction`,
    /// and the pieces they are made of.
    fn lines_under<'n>(
        &mut self,
        kids: &[&'n Kid],
        nested: &mut Vec<&'n Node>,
        direction: Option<Level>,
    ) -> (Vec<String>, Vec<usize>) {
        let mut indices = Vec::new();
        for kid in kids {
            self.gather(std::slice::from_ref(*kid), nested, &mut indices);
        }
        let pieces: Vec<&Piece> = indices.iter().map(|&index| &self.pieces[index]).collect();
        (lines_of(&pieces, direction), indices)
    }

    /// The blocks as laid out on the page, for the rules on layout.
    pub(super) fn laid_blocks(&self) -> Vec<LaidBlock<'a>> {
        self.blocks
            .iter()
            .filter(|block| !block.pieces.is_empty())
            .map(|block| LaidBlock {
                role: block.role.clone(),
                pieces: block
                    .pieces
                    .iter()
                    .map(|&index| &self.pieces[index])
                    .collect(),
                direction: block.direction,
            })
            .collect()
    }

    /// The pieces of text under `kids`, in order; nested lists are set aside
    /// in `nested` to be blocks of their own.
    fn gather<'n>(&mut self, kids: &'n [Kid], nested: &mut Vec<&'n Node>, pieces: &mut Vec<usize>) {
        for kid in kids {
            match kid {
                Kid::Content(owner) => {
                    let owned = self.by_owner.get(owner).cloned().unwrap_or_default();
                    for index in owned {
                        self.used[index] = true;
                        pieces.push(index);
                        self.follow_page(self.pieces[index].page);
                    }
                }
                Kid::Element(node) if matches!(node.role.as_slice(), b"L" | b"TOC") => {
                    nested.push(node)
                }
                Kid::Element(node) => self.gather(&node.kids, nested, pieces),
            }
        }
    }

    /// Notes the page of the next text in reading order.
    fn follow_page(&mut self, page: usize) {
        if page < self.furthest_page && self.went_back.is_none() {
            self.went_back = Some((self.furthest_page, page));
        }
        self.furthest_page = self.furthest_page.max(page);
    }

    /// A leaflet reads from front to back: when the tagged reading order
    /// goes back to an earlier page, the pages are out of order (a reader
    /// following the tags would not notice, but print would).
    pub(super) fn flaw_for_page_order(&self) -> Option<String> {
        self.went_back.map(|(from, to)| {
            format!(
                "its pages are out of order: the reading order goes back from page {from} to page {to}"
            )
        })
    }

    /// The blocks' text, their lines joined as the page has them
    /// ([`join_lines`]).
    pub(super) fn finish(self) -> Vec<String> {
        self.blocks
            .iter()
            .map(|block| {
                let label = block.label.join(" ");
                collapse_white_space(&format!("{label} {}", join_lines(&block.lines)))
            })
            .filter(|block| !block.is_empty())
            .collect()
    }

    /// One flaw per page and kind for text the structure tree left out.
    pub(super) fn flaws_for_left_out_text(&self) -> Vec<String> {
        let mut flaws = Vec::new();
        let mut reported = HashSet::new();
        for (piece, used) in self.pieces.iter().zip(&self.used) {
            let words = first_words(&piece.text);
            if *used || words.is_empty() {
                continue;
            }
            let untagged = piece.owner == Owner::Unmarked;
            if reported.insert((piece.page, untagged)) {
                flaws.push(if untagged {
                    format!(
                        "text on page {} is neither tagged nor an artifact: \"{words}\"",
                        piece.page
                    )
                } else {
                    format!(
                        "text on page {} is not in the structure tree: \"{words}\"",
                        piece.page
                    )
                });
            }
        }
        flaws
    }
}

/// The first few words of a text, for messages.
fn first_words(text: &str) -> String {
    text.split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ")
}
