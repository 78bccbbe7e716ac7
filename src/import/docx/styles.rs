//! The styles part (`word/styles.xml`): what a paragraph style makes of a
//! paragraph (title, heading, list), the bold and italic a style gives its
//! runs, and the document's language. Styles inherit through `w:basedOn`;
//! the chain is cut at a cycle or after [`MAX_CHAIN`] styles.

use std::collections::{HashMap, HashSet};

use roxmltree::{Document, Node};

use super::xml::{attr, child, child_val, toggle};

/// The most styles a `w:basedOn` chain is followed through.
const MAX_CHAIN: usize = 64;

/// The run properties the reader carries: each `None` when not said.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunProps {
    /// `w:b`.
    pub bold: Option<bool>,
    /// `w:i`.
    pub italic: Option<bool>,
    /// `w:vanish`: hidden text.
    pub hidden: Option<bool>,
}

impl RunProps {
    /// The properties a `w:rPr` element says.
    pub fn read(rpr: Node<'_, '_>) -> Self {
        Self {
            bold: toggle(rpr, "b"),
            italic: toggle(rpr, "i"),
            hidden: toggle(rpr, "vanish"),
        }
    }

    /// These properties, with `base`'s where these say nothing.
    pub fn over(self, base: Self) -> Self {
        Self {
            bold: self.bold.or(base.bold),
            italic: self.italic.or(base.italic),
            hidden: self.hidden.or(base.hidden),
        }
    }
}

/// A list reference (`w:numPr`): either half may be said alone, the other
/// coming from the style.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NumRef {
    /// `w:numId`; `"0"` means no list.
    pub num_id: Option<String>,
    /// `w:ilvl`, the list level.
    pub level: Option<u8>,
}

impl NumRef {
    /// The reference a `w:pPr` element says.
    pub fn read(ppr: Node<'_, '_>) -> Self {
        let Some(num_pr) = child(ppr, "numPr") else {
            return Self::default();
        };
        Self {
            num_id: child_val(num_pr, "numId").map(str::to_owned),
            level: child_val(num_pr, "ilvl").and_then(|v| v.trim().parse().ok()),
        }
    }

    /// This reference, with `base`'s halves where this says nothing.
    pub fn over(self, base: Self) -> Self {
        Self {
            num_id: self.num_id.or(base.num_id),
            level: self.level.or(base.level),
        }
    }
}

/// What a paragraph style makes of its paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The Title style.
    Title,
    /// A heading of this level (1 to 9).
    Heading(u8),
    /// Body text (no heading name, or `w:outlineLvl` 9).
    Body,
}

/// One style as written.
#[derive(Debug, Clone, Default)]
struct Style {
    /// `w:name`.
    name: Option<String>,
    /// `w:basedOn`.
    based_on: Option<String>,
    /// `w:pPr/w:outlineLvl`.
    outline: Option<u8>,
    /// `w:rPr`.
    run: RunProps,
    /// `w:pPr/w:numPr`.
    num: NumRef,
    /// `w:rPr/w:lang/@w:val`.
    lang: Option<String>,
}

/// The document's styles.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    styles: HashMap<String, Style>,
    /// The default paragraph style's id (`w:default="1"`, else `Normal`).
    default_paragraph: Option<String>,
    /// The run properties of `w:docDefaults`.
    defaults: RunProps,
    /// The language of `w:docDefaults`.
    default_lang: Option<String>,
}

impl Styles {
    /// Reads the styles part; `None` (no styles part) gives no styles.
    pub fn read(document: Option<&Document<'_>>) -> Self {
        let Some(document) = document else {
            return Self::default();
        };
        let root = document.root_element();
        let mut styles = Self::default();
        if let Some(rpr) = child(root, "docDefaults")
            .and_then(|d| child(d, "rPrDefault"))
            .and_then(|d| child(d, "rPr"))
        {
            styles.defaults = RunProps::read(rpr);
            styles.default_lang = lang_of(rpr);
        }
        for node in root
            .children()
            .filter(|c| c.is_element() && c.tag_name().name() == "style")
        {
            let Some(id) = attr(node, "styleId") else {
                continue;
            };
            let ppr = child(node, "pPr");
            let rpr = child(node, "rPr");
            let style = Style {
                name: child_val(node, "name").map(str::to_owned),
                based_on: child_val(node, "basedOn").map(str::to_owned),
                outline: ppr
                    .and_then(|p| child_val(p, "outlineLvl"))
                    .and_then(|v| v.trim().parse().ok()),
                run: rpr.map(RunProps::read).unwrap_or_default(),
                num: ppr.map(NumRef::read).unwrap_or_default(),
                lang: rpr.and_then(lang_of),
            };
            let paragraph = attr(node, "type").is_none_or(|t| t == "paragraph");
            let default = matches!(attr(node, "default"), Some("1" | "true" | "on"));
            if paragraph && default && styles.default_paragraph.is_none() {
                styles.default_paragraph = Some(id.to_owned());
            }
            styles.styles.entry(id.to_owned()).or_insert(style);
        }
        if styles.default_paragraph.is_none() && styles.styles.contains_key("Normal") {
            styles.default_paragraph = Some("Normal".into());
        }
        styles
    }

    /// The paragraph style a paragraph without `w:pStyle` has.
    pub fn default_paragraph(&self) -> Option<&str> {
        self.default_paragraph.as_deref()
    }

    /// The style and those it is based on, nearest first: cut at a cycle,
    /// a missing style or [`MAX_CHAIN`] styles.
    fn chain<'s>(&'s self, id: Option<&'s str>) -> Vec<(&'s str, &'s Style)> {
        let mut chain = Vec::new();
        let mut seen = HashSet::new();
        let mut next = id;
        while let Some(id) = next {
            if chain.len() >= MAX_CHAIN || !seen.insert(id) {
                break;
            }
            let Some(style) = self.styles.get(id) else {
                break;
            };
            chain.push((id, style));
            next = style.based_on.as_deref();
        }
        chain
    }

    /// What the paragraph style `id` makes of a paragraph: the nearest
    /// style in its chain that is named Title or "heading N", or says an
    /// outline level, decides.
    pub fn role(&self, id: Option<&str>) -> Role {
        for (id, style) in self.chain(id) {
            let name = style.name.as_deref().unwrap_or(id).trim().to_lowercase();
            if name == "title" || id == "Title" {
                return Role::Title;
            }
            if let Some(level) = name
                .strip_prefix("heading")
                .and_then(|n| n.trim().parse::<u8>().ok())
                .filter(|n| (1..=9).contains(n))
            {
                return Role::Heading(level);
            }
            if let Some(outline) = style.outline {
                return outline_role(outline);
            }
        }
        Role::Body
    }

    /// The run properties a style gives its runs, inherited, over the
    /// document's defaults.
    pub fn run_props(&self, id: Option<&str>) -> RunProps {
        self.chain(id)
            .iter()
            .fold(RunProps::default(), |props, (_, style)| {
                props.over(style.run)
            })
            .over(self.defaults)
    }

    /// The document's default run properties (`w:docDefaults`).
    pub fn defaults(&self) -> RunProps {
        self.defaults
    }

    /// The list reference a paragraph style gives, inherited.
    pub fn num(&self, id: Option<&str>) -> NumRef {
        self.chain(id)
            .into_iter()
            .fold(NumRef::default(), |num, (_, style)| {
                num.over(style.num.clone())
            })
    }

    /// The document's language: the default paragraph style's (Normal,
    /// inherited), which text takes before `w:docDefaults`'s, else
    /// `w:docDefaults`'s.
    pub fn language(&self) -> Option<String> {
        self.chain(self.default_paragraph())
            .into_iter()
            .find_map(|(_, style)| style.lang.clone())
            .or_else(|| self.default_lang.clone())
    }
}

/// The role an outline level gives: 0 is level 1, 9 body text.
pub fn outline_role(outline: u8) -> Role {
    if outline < 9 {
        Role::Heading(outline + 1)
    } else {
        Role::Body
    }
}

/// The `w:lang/@w:val` of a `w:rPr`, when not empty nor Word's `x-none`.
pub fn lang_of(rpr: Node<'_, '_>) -> Option<String> {
    child_val(rpr, "lang")
        .map(str::trim)
        .filter(|v| !v.is_empty() && !v.eq_ignore_ascii_case("x-none"))
        .map(str::to_owned)
}
