//! The numbering part (`word/numbering.xml`): whether a list reference
//! (`w:numId` and `w:ilvl`) is bulleted, numbered, or no list at all, and
//! the number a numbered level starts at (`w:start`, or a list's
//! `w:lvlOverride/w:startOverride`). Other overrides are not read: they
//! rarely change a level's kind.

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
    /// `w:start` of each `w:lvl`, by `w:ilvl`.
    starts: HashMap<u8, u64>,
    /// `w:numStyleLink`: the definition is the numbering style's.
    num_style_link: Option<String>,
}

/// The document's list definitions.
#[derive(Debug, Clone, Default)]
pub struct Numbering {
    /// `w:num`: numId to abstractNumId.
    nums: HashMap<String, String>,
    /// `w:num`'s `w:startOverride`s: (numId, ilvl) to the start.
    start_overrides: HashMap<(String, u8), u64>,
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
                        if let Some(start) = child_val(lvl, "start").and_then(number) {
                            definition.starts.insert(level, start);
                        }
                    }
                    numbering.abstracts.insert(id.to_owned(), definition);
                }
                "num" => {
                    if let (Some(id), Some(abstract_id)) =
                        (attr(node, "numId"), child_val(node, "abstractNumId"))
                    {
                        numbering.nums.insert(id.to_owned(), abstract_id.to_owned());
                        for over in node
                            .children()
                            .filter(|c| c.is_element() && c.tag_name().name() == "lvlOverride")
                        {
                            let level = attr(over, "ilvl").and_then(|v| v.trim().parse().ok());
                            let start = child_val(over, "startOverride").and_then(number);
                            if let (Some(level), Some(start)) = (level, start) {
                                numbering
                                    .start_overrides
                                    .insert((id.to_owned(), level), start);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        numbering
    }

    /// The number level `level` of list `num_id` starts at: the list's
    /// start override, else its definition's `w:start`, else 1.
    pub fn start(&self, num_id: &str, level: u8, styles: &Styles) -> u64 {
        if let Some(start) = self.start_overrides.get(&(num_id.to_owned(), level)) {
            return *start;
        }
        self.definition(num_id, styles)
            .and_then(|definition| definition.starts.get(&level).copied())
            .unwrap_or(1)
    }

    /// What list level `level` of list `num_id` is; `None` when the list
    /// is not defined (`numId` 0 is no list: [`ListKind::NotAList`]).
    pub fn kind(&self, num_id: &str, level: u8, styles: &Styles) -> Option<ListKind> {
        if num_id.trim() == "0" {
            return Some(ListKind::NotAList);
        }
        let format = self.definition(num_id, styles)?.levels.get(&level)?;
        Some(match format.as_str() {
            "bullet" => ListKind::Bulleted,
            "none" => ListKind::NotAList,
            _ => ListKind::Numbered,
        })
    }

    /// The abstract definition list `num_id` uses.
    fn definition(&self, num_id: &str, styles: &Styles) -> Option<&Abstract> {
        let mut definition = self.abstracts.get(self.nums.get(num_id)?)?;
        // A numbering style's list: its definition is the one its style's
        // numId points at (followed once: a link to a link is not).
        if let Some(link) = &definition.num_style_link
            && let Some(linked) = styles.num(Some(link)).num_id
            && let Some(linked) = self.nums.get(&linked).and_then(|a| self.abstracts.get(a))
        {
            definition = linked;
        }
        Some(definition)
    }
}

/// A start number as written: digits, at most a million (Word's own
/// bound is far lower), so a hostile file cannot overflow a count.
fn number(value: &str) -> Option<u64> {
    value.trim().parse().ok().filter(|n| *n <= 1_000_000)
}

/// A level's `w:numFmt/@w:val`, also inside an `mc:AlternateContent`
/// (Word writes custom formats so).
fn num_fmt<'a>(lvl: Node<'a, '_>) -> Option<&'a str> {
    child_val(lvl, "numFmt").or_else(|| {
        let branch = alternative(child(lvl, "AlternateContent")?)?;
        child_val(branch, "numFmt")
    })
}
