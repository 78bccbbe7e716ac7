//! The numbering part (`word/numbering.xml`): whether a list reference
//! (`w:numId` and `w:ilvl`) is bulleted, numbered, or no list at all.
//! `w:lvlOverride` is not read: an override rarely changes a level's kind.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::styles::Styles;
use super::xml::{alternative, attr, child, child_val};

/// What a list level is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// `w:numFmt` `bullet`.
    Bulleted,
    /// Any other `w:numFmt` (decimal, lowerLetter, upperRoman…).
    Numbered,
    /// `w:numFmt` `none`: a paragraph, not a list item.
    NotAList,
}

/// One abstract numbering definition.
#[derive(Debug, Clone, Default)]
struct Abstract {
    /// `w:numFmt` of each `w:lvl`, by `w:ilvl`.
    levels: HashMap<u8, String>,
    /// `w:numStyleLink`: the definition is the numbering style's.
    num_style_link: Option<String>,
}

/// The document's list definitions.
#[derive(Debug, Clone, Default)]
pub struct Numbering {
    /// `w:num`: numId to abstractNumId.
    nums: HashMap<String, String>,
    /// `w:abstractNum` by abstractNumId.
    abstracts: HashMap<String, Abstract>,
}

impl Numbering {
    /// Reads the numbering part; `None` (no numbering part) gives no lists.
    pub fn read(document: Option<&Document<'_>>) -> Self {
        let mut numbering = Self::default();
        let Some(document) = document else {
            return numbering;
        };
        for node in document.root_element().children().filter(Node::is_element) {
            match node.tag_name().name() {
                "abstractNum" => {
                    let Some(id) = attr(node, "abstractNumId") else {
                        continue;
                    };
                    let mut definition = Abstract {
                        num_style_link: child_val(node, "numStyleLink").map(str::to_owned),
                        ..Abstract::default()
                    };
                    for lvl in node
                        .children()
                        .filter(|c| c.is_element() && c.tag_name().name() == "lvl")
                    {
                        let Some(level) = attr(lvl, "ilvl").and_then(|v| v.trim().parse().ok())
                        else {
                            continue;
                        };
                        if let Some(format) = num_fmt(lvl) {
                            definition.levels.insert(level, format.to_owned());
                        }
                    }
                    numbering.abstracts.insert(id.to_owned(), definition);
                }
                "num" => {
                    if let (Some(id), Some(abstract_id)) =
                        (attr(node, "numId"), child_val(node, "abstractNumId"))
                    {
                        numbering.nums.insert(id.to_owned(), abstract_id.to_owned());
                    }
                }
                _ => {}
            }
        }
        numbering
    }

    /// What list level `level` of list `num_id` is; `None` when the list
    /// is not defined (`numId` 0 is no list: [`ListKind::NotAList`]).
    pub fn kind(&self, num_id: &str, level: u8, styles: &Styles) -> Option<ListKind> {
        if num_id.trim() == "0" {
            return Some(ListKind::NotAList);
        }
        let mut definition = self.abstracts.get(self.nums.get(num_id)?)?;
        // A numbering style's list: its definition is the one its style's
        // numId points at (followed once: a link to a link is not).
        if let Some(link) = &definition.num_style_link
            && let Some(linked) = styles.num(Some(link)).num_id
            && let Some(linked) = self.nums.get(&linked).and_then(|a| self.abstracts.get(a))
        {
            definition = linked;
        }
        let format = definition.levels.get(&level)?;
        Some(match format.as_str() {
            "bullet" => ListKind::Bulleted,
            "none" => ListKind::NotAList,
            _ => ListKind::Numbered,
        })
    }
}

/// A level's `w:numFmt/@w:val`, also inside an `mc:AlternateContent`
/// (Word writes custom formats so).
fn num_fmt<'a>(lvl: Node<'a, '_>) -> Option<&'a str> {
    child_val(lvl, "numFmt").or_else(|| {
        let branch = alternative(child(lvl, "AlternateContent")?)?;
        child_val(branch, "numFmt")
    })
}
