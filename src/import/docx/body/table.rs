//! Tables: each row a paragraph.

use roxmltree::Node;

use super::Walker;
use crate::import::Unreadable;
use crate::import::document::{Block, BlockKind, Place, Span};
use crate::import::docx::text::plural;
use crate::import::docx::text::tidy;
use crate::import::docx::xml::{child, child_val, collapse};

/// What the cells of a table row are joined with, in the row's paragraph.
///
/// An en dash with spaces rather than `"; "`: cells often hold their own
/// commas and semicolons ("2 tablets; with food"), and a dash reads as a
/// break between columns ("Dose – 2 tablets") where a semicolon would read
/// as part of the cell's sentence.
pub const CELL_SEPARATOR: &str = " – ";

impl Walker<'_, '_, '_> {
    /// A table (`w:tbl`): each row a paragraph, its cells joined with
    /// [`CELL_SEPARATOR`], the paragraphs of a cell with spaces; one note.
    pub(super) fn table(&mut self, table: Node<'_, '_>) -> Result<(), Unreadable> {
        self.enter()?;
        let rows = rows_of(table);
        let columns = rows
            .iter()
            .map(|row| {
                cells_of(*row)
                    .iter()
                    .map(|cell| {
                        child(*cell, "tcPr")
                            .and_then(|p| child_val(p, "gridSpan"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(1)
                            .clamp(1, 64)
                    })
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(0);
        if !rows.is_empty() {
            self.document.note_here(
                format!(
                    "a table of {} {} and {} {}: each row became a paragraph",
                    rows.len(),
                    plural(rows.len(), "row", "rows"),
                    columns,
                    plural(columns, "column", "columns"),
                ),
                "",
            );
        }
        for row in rows {
            // A row deleted with changes tracked.
            if child(row, "trPr").and_then(|p| child(p, "del")).is_some() {
                self.deletion(row, false);
                continue;
            }
            let mut spans: Vec<Span> = Vec::new();
            let mut notes = Vec::new();
            let mut afters = Vec::new();
            for cell in cells_of(row) {
                let inner = self.apart(|walker| {
                    walker.deferred = Some(Vec::new());
                    let walked = walker.blocks(cell);
                    afters.extend(walker.deferred.take().unwrap_or_default());
                    walked
                })?;
                notes.extend(inner.notes);
                let mut cell_spans: Vec<Span> = Vec::new();
                for block in inner.blocks {
                    if !cell_spans.is_empty() {
                        cell_spans.push(plain(" "));
                    }
                    cell_spans.extend(block.spans);
                }
                if cell_spans.iter().all(|s| s.text.trim().is_empty()) {
                    continue;
                }
                if !spans.is_empty() {
                    spans.push(plain(CELL_SEPARATOR));
                }
                spans.extend(cell_spans);
            }
            let place = self.document.blocks.len();
            for mut note in notes {
                if let Place::Block(_) = note.place {
                    note.place = Place::Block(place);
                }
                self.document.notes.push(note);
            }
            let spans = tidy(spans);
            let own = collapse(&spans.iter().map(|s| s.text.as_str()).collect::<String>());
            let block = Block {
                kind: BlockKind::Paragraph,
                spans,
                number: None,
            };
            if !block.is_blank() {
                self.document.blocks.push(block);
            }
            self.place_after(afters, &[&own]);
        }
        self.leave();
        Ok(())
    }
}

/// The rows of a table, also inside content controls and custom XML.
fn rows_of<'a, 'i>(table: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    wrapped(table, "tr")
}

/// The cells of a row, also inside content controls and custom XML.
fn cells_of<'a, 'i>(row: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    wrapped(row, "tc")
}

/// The children named `name`, looking through `w:sdt`/`w:sdtContent`,
/// `w:customXml` and inserted or moved-to wrappers (without recursion).
fn wrapped<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    let mut found = Vec::new();
    let mut stack: Vec<Node<'a, 'i>> = node.children().filter(Node::is_element).collect();
    stack.reverse();
    while let Some(next) = stack.pop() {
        let tag = next.tag_name().name();
        if tag == name {
            found.push(next);
        } else if matches!(tag, "sdt" | "sdtContent" | "customXml" | "ins" | "moveTo") {
            let before = stack.len();
            stack.extend(next.children().filter(Node::is_element));
            stack[before..].reverse();
        }
    }
    found
}

/// An unstyled span.
fn plain(text: &str) -> Span {
    Span {
        text: text.to_owned(),
        ..Span::default()
    }
}
