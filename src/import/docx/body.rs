//! The walk of the body (and of footnotes, text boxes and table cells) in
//! reading order, making blocks and notes.
//!
//! Nested content (a table cell, a text box, a footnote) is walked into a
//! document of its own, then merged into the one being made, its notes'
//! places moved along. Every step into an element is counted: past
//! [`MAX_DEPTH`] levels the file is refused rather than walked.

use std::collections::{HashMap, HashSet};

use roxmltree::Node;

mod objects;
mod table;

use super::notes::Comment;
use super::numbering::{ListKind, Numbering};
use super::package::Relationships;
use super::styles::{NumRef, Role, RunProps, Styles, lang_of, outline_role};
use super::xml::{
    alternative, attr, child, child as child_of, child_val, collapse, plain_text, rel_attr,
};

use super::text::{field_arguments, plural, tidy};
use crate::import::Unreadable;
use crate::import::document::{Block, BlockKind, Document, Note, Place, Span};

/// The deepest the walk goes into nested elements.
pub const MAX_DEPTH: usize = 64;
/// The note on a table of contents left out.
const TOC_NOTE: &str = "a table of contents was left out: its entries are the document's headings";
/// The message of the tracked-changes note until the walk's end, when the
/// counts are known.
const TRACKED_PLACEHOLDER: &str = "\u{0}tracked changes";

/// What the walk reads beside the part it walks.
pub struct Context<'d, 'i> {
    /// The styles.
    pub styles: &'d Styles,
    /// The list definitions.
    pub numbering: &'d Numbering,
    /// The main part's relationships (hyperlink targets).
    pub rels: &'d Relationships,
    /// The comments by id.
    pub comments: &'d HashMap<String, Comment>,
    /// The footnotes by id.
    pub footnotes: HashMap<String, Node<'d, 'i>>,
    /// The endnotes by id.
    pub endnotes: HashMap<String, Node<'d, 'i>>,
}

/// The tracked changes met.
#[derive(Debug, Default)]
struct Changes {
    insertions: usize,
    deletions: usize,
    moves: usize,
    /// The deleted words.
    deleted: Vec<String>,
    /// Whether the note is placed.
    noted: bool,
}

/// A complex field (`w:fldChar` begin … separate … end) being read.
#[derive(Debug, Default)]
struct Field {
    /// Its instruction so far.
    instruction: String,
    /// Past `separate`: the runs are its shown result.
    result: bool,
    /// The address a `HYPERLINK` instruction gives its result.
    link: Option<String>,
    /// Its result is left out: a table of contents (`TOC`), whose entries
    /// are the headings again.
    dropped: bool,
}

/// Content to put after the paragraph being read (an image's alt text, a
/// text box's paragraphs, a footnote), with the note saying so.
struct After {
    document: Document,
    message: String,
    text: String,
    /// An image's alt text: left out when it is the caption beside it.
    alt: Option<String>,
}

/// A paragraph being read.
#[derive(Default)]
struct Paragraph {
    spans: Vec<Span>,
    after: Vec<After>,
    /// Its hidden (`w:vanish`) text.
    hidden: String,
    /// Whether a line break inside it became a space.
    broken: bool,
}

impl Paragraph {
    fn push(&mut self, text: &str, props: RunProps, link: Option<&str>) {
        if text.is_empty() {
            return;
        }
        let strong = props.bold == Some(true);
        let emphasis = props.italic == Some(true);
        match self.spans.last_mut() {
            Some(last)
                if last.strong == strong
                    && last.emphasis == emphasis
                    && last.link.as_deref() == link =>
            {
                last.text.push_str(text);
            }
            _ => self.spans.push(Span {
                text: text.to_owned(),
                strong,
                emphasis,
                link: link.map(str::to_owned),
            }),
        }
    }
}

/// The walk.
pub struct Walker<'c, 'd, 'i> {
    context: &'c Context<'d, 'i>,
    /// The document being made.
    pub document: Document,
    depth: usize,
    fields: Vec<Field>,
    changes: Changes,
    /// How many runs say each language.
    pub languages: HashMap<String, usize>,
    noted_comments: HashSet<String>,
    /// The footnotes and endnotes (`true`) placed: each is placed once,
    /// at its first reference (so that a note referring to itself, or
    /// many references to one long note, cost nothing more).
    placed_notes: HashSet<(bool, String)>,
    /// In a table's row: what its cells' paragraphs put after them, to go
    /// after the row's paragraph.
    deferred: Option<Vec<After>>,
    /// Each numbered list's last number at each level, by `w:numId`.
    counters: HashMap<String, [Option<u64>; 9]>,
}

impl<'c, 'd, 'i> Walker<'c, 'd, 'i> {
    /// A walk that has made nothing yet.
    pub fn new(context: &'c Context<'d, 'i>) -> Self {
        Self {
            context,
            document: Document::default(),
            depth: 0,
            fields: Vec::new(),
            changes: Changes::default(),
            languages: HashMap::new(),
            noted_comments: HashSet::new(),
            placed_notes: HashSet::new(),
            deferred: None,
            counters: HashMap::new(),
        }
    }

    /// The comments the walk has placed a note for.
    pub fn noted_comments(&self) -> &HashSet<String> {
        &self.noted_comments
    }

    /// Ends the walk: the tracked-changes note gets its counts.
    pub fn finish(mut self) -> Document {
        if self.fields.iter().any(|f| !f.result || f.dropped) {
            self.document.note_here(
                "a field was never closed: words after it may be missing (the file may be damaged)",
                "",
            );
        }
        let changes = &self.changes;
        if let Some(note) = self
            .document
            .notes
            .iter_mut()
            .find(|note| note.message == TRACKED_PLACEHOLDER)
        {
            let mut message = format!(
                "the document had unaccepted tracked changes: {} {} kept, {} {} dropped",
                changes.insertions,
                plural(changes.insertions, "insertion", "insertions"),
                changes.deletions,
                plural(changes.deletions, "deletion", "deletions"),
            );
            if changes.moves > 0 {
                message.push_str(&format!(
                    ", {} {} kept at the new place",
                    changes.moves,
                    plural(changes.moves, "move", "moves")
                ));
            }
            note.message = message;
            note.text = changes.deleted.join(" … ");
        }
        self.document
    }

    /// One step deeper, or the file is refused.
    fn enter(&mut self) -> Result<(), Unreadable> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Unreadable::new(format!(
                "the Word document nests its content more than {MAX_DEPTH} levels deep, \
                 more than the reader follows"
            ))
            .with_hint("a leaflet has no need of it: the file may be damaged or made to harm"));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Walks `node`'s children into a document of their own.
    fn apart(
        &mut self,
        walk: impl FnOnce(&mut Self) -> Result<(), Unreadable>,
    ) -> Result<Document, Unreadable> {
        let outer = std::mem::take(&mut self.document);
        // A field open around the nested content is not its field, and one
        // it leaves open is not the outer content's.
        let fields = std::mem::take(&mut self.fields);
        let deferred = self.deferred.take();
        let result = walk(self);
        self.fields = fields;
        self.deferred = deferred;
        let inner = std::mem::replace(&mut self.document, outer);
        result.map(|()| inner)
    }

    /// Puts a document made apart after the blocks made so far, its notes'
    /// places moved along.
    fn merge(&mut self, inner: Document) {
        let base = self.document.blocks.len();
        self.document.blocks.extend(inner.blocks);
        for mut note in inner.notes {
            if let Place::Block(index) = note.place {
                note.place = Place::Block(base + index);
            }
            self.document.notes.push(note);
        }
    }

    /// A tracked change met: the note goes at the first one.
    fn change(&mut self) {
        if !self.changes.noted {
            self.changes.noted = true;
            self.document.note_here(TRACKED_PLACEHOLDER, "");
        }
    }

    /// A deletion (`w:del`, `w:moveFrom`) met: its words are kept for the note.
    fn deletion(&mut self, node: Node<'_, '_>, moved: bool) {
        self.change();
        if moved {
            self.changes.moves += 1;
            return;
        }
        self.changes.deletions += 1;
        let words: String = node
            .descendants()
            .filter(|d| matches!(d.tag_name().name(), "delText" | "t"))
            .filter_map(|d| d.text())
            .collect();
        let words = collapse(&words);
        if !words.is_empty() {
            self.changes.deleted.push(words);
        }
    }

    /// Walks the block-level children of `node` (the body, a cell, a text
    /// box, a footnote).
    pub fn blocks(&mut self, node: Node<'_, '_>) -> Result<(), Unreadable> {
        self.enter()?;
        for child in node.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "p" => self.paragraph(child)?,
                "tbl" => self.table(child)?,
                "sdt" if table_of_contents(child) => self.document.note_here(TOC_NOTE, ""),
                "sdt" => {
                    if let Some(content) = child_of(child, "sdtContent") {
                        self.blocks(content)?;
                    }
                }
                "customXml" | "sdtContent" | "smartTag" => self.blocks(child)?,
                "ins" => {
                    self.change();
                    self.changes.insertions += 1;
                    self.blocks(child)?;
                }
                "moveTo" => self.blocks(child)?,
                "del" => self.deletion(child, false),
                "moveFrom" => self.deletion(child, true),
                "AlternateContent" => {
                    if let Some(branch) = alternative(child) {
                        self.blocks(branch)?;
                    }
                }
                "altChunk" => self.document.note_here(
                    "an embedded document (altChunk) was left out: the reader does not read it",
                    "",
                ),
                "sectPr" | "bookmarkStart" | "bookmarkEnd" | "proofErr" | "permStart"
                | "permEnd" | "commentRangeEnd" | "customXmlPr" | "sdtPr" | "sdtEndPr" | "tcPr"
                | "footnoteRef" | "endnoteRef" => {}
                "commentRangeStart" => self.comment(child),
                other => {
                    let text = plain_text(child);
                    if !text.is_empty() {
                        self.document.note_here(
                            format!("an element the reader does not know (w:{other}) was kept as a paragraph of plain text"),
                            "",
                        );
                        self.document
                            .blocks
                            .push(Block::plain(BlockKind::Paragraph, text));
                    }
                }
            }
        }
        self.leave();
        Ok(())
    }

    /// What kind of block a paragraph is, from its own `w:pPr` and its style.
    fn kind_of(
        &mut self,
        ppr: Option<Node<'_, '_>>,
        style: Option<&str>,
    ) -> (BlockKind, Option<u64>) {
        let styles = self.context.styles;
        let outline = ppr
            .and_then(|p| child_val(p, "outlineLvl"))
            .and_then(|v| v.trim().parse::<u8>().ok());
        let role = match (styles.role(style), outline) {
            (Role::Title, _) => Role::Title,
            (_, Some(outline)) => outline_role(outline),
            (role, None) => role,
        };
        match role {
            Role::Title => return (BlockKind::Title, None),
            Role::Heading(level) => return (BlockKind::Heading { level }, None),
            Role::Body => {}
        }
        let num = ppr
            .map(NumRef::read)
            .unwrap_or_default()
            .over(styles.num(style));
        let Some(num_id) = num.num_id else {
            return (BlockKind::Paragraph, None);
        };
        let level = num.level.unwrap_or(0).min(8);
        match self.context.numbering.kind(&num_id, level, styles) {
            Some(ListKind::Bulleted) => (
                BlockKind::ListItem {
                    ordered: false,
                    level,
                },
                None,
            ),
            Some(ListKind::Numbered) => {
                let number = self.count(&num_id, level, styles);
                (
                    BlockKind::ListItem {
                        ordered: true,
                        level,
                    },
                    Some(number),
                )
            }
            Some(ListKind::NotAList) | None => (BlockKind::Paragraph, None),
        }
    }

    /// The number Word shows before an item at `level` of list `num_id`:
    /// each list counts its levels on from its start, across paragraphs
    /// that are not in it; an item resets the levels below its own.
    fn count(&mut self, num_id: &str, level: u8, styles: &Styles) -> u64 {
        let numbering = &self.context.numbering;
        let counters = self.counters.entry(num_id.to_owned()).or_insert([None; 9]);
        let level = usize::from(level.min(8));
        let number = match counters[level] {
            Some(last) => last + 1,
            None => numbering.start(num_id, level as u8, styles),
        };
        counters[level] = Some(number);
        for deeper in &mut counters[level + 1..] {
            *deeper = None;
        }
        number
    }

    /// One paragraph (`w:p`): a block unless blank, then what goes after it.
    fn paragraph(&mut self, p: Node<'_, '_>) -> Result<(), Unreadable> {
        let styles = self.context.styles;
        let ppr = child(p, "pPr");
        let style = ppr
            .and_then(|ppr| child_val(ppr, "pStyle"))
            .or(styles.default_paragraph());
        let (kind, number) = self.kind_of(ppr, style);
        // A heading's own bold or italic is how headings look, not an
        // emphasis of its words: only the runs' own styles count there.
        let base = match kind {
            BlockKind::Title | BlockKind::Heading { .. } => styles.defaults(),
            _ => styles.run_props(style),
        };
        let mut paragraph = Paragraph::default();
        self.inline(p, &mut paragraph, None, base)?;
        let hidden = collapse(&paragraph.hidden);
        if !hidden.is_empty() {
            self.document
                .note_here("hidden text was left out, as Word does not show it", hidden);
        }
        if paragraph.broken {
            self.document.note_here(
                "a line break inside a paragraph became a space (a leaflet's paragraph is one run of text: make each line a paragraph or a list item if it must stand alone)",
                "",
            );
        }
        let spans = tidy(paragraph.spans);
        // Word and pandoc put a figure's caption in the next paragraph (or
        // the image's own), often the same words as its alt text: once is
        // enough.
        let own = collapse(&spans.iter().map(|s| s.text.as_str()).collect::<String>());
        let block = Block {
            kind,
            spans,
            number,
        };
        if !block.is_blank() {
            self.document.blocks.push(block);
        }
        let next = if paragraph.after.iter().any(|after| after.alt.is_some()) {
            p.next_sibling_element().map(plain_text).unwrap_or_default()
        } else {
            String::new()
        };
        match &mut self.deferred {
            // In a table's cell: after the row.
            Some(deferred) => deferred.extend(paragraph.after),
            None => self.place_after(paragraph.after, &[&own, &next]),
        }
        Ok(())
    }

    /// Puts what goes after a paragraph (or a table's row) after the blocks
    /// made so far, each with its note; an image's alt text that is one of
    /// `captions` only with a note.
    fn place_after(&mut self, afters: Vec<After>, captions: &[&str]) {
        for after in afters {
            if let Some(alt) = &after.alt
                && captions
                    .iter()
                    .any(|caption| caption.eq_ignore_ascii_case(alt))
            {
                self.document.note_here(
                    "an image was left out: its alt text is the caption beside it",
                    "",
                );
                continue;
            }
            let place = Place::Block(self.document.blocks.len());
            self.document.notes.push(Note {
                place,
                message: after.message,
                text: after.text,
            });
            self.merge(after.document);
        }
    }

    /// The inline children of `node` (a paragraph, a hyperlink, an
    /// insertion…), into `paragraph`.
    fn inline(
        &mut self,
        node: Node<'_, '_>,
        paragraph: &mut Paragraph,
        link: Option<&str>,
        base: RunProps,
    ) -> Result<(), Unreadable> {
        self.enter()?;
        for child in node.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "r" => self.run(child, paragraph, link, base)?,
                "hyperlink" => {
                    let target = if self.shown() {
                        self.hyperlink(child)
                    } else {
                        None
                    };
                    self.inline(child, paragraph, target.as_deref().or(link), base)?;
                }
                "fldSimple"
                    if attr(child, "instr")
                        .and_then(|i| i.split_whitespace().next())
                        .is_some_and(|name| name.eq_ignore_ascii_case("TOC")) =>
                {
                    self.document.note_here(TOC_NOTE, "");
                }
                "fldSimple" => {
                    let target = attr(child, "instr")
                        .filter(|_| self.shown())
                        .and_then(|i| self.field_link(i));
                    if target.is_none() && self.shown() {
                        self.field_note(attr(child, "instr").unwrap_or_default());
                    }
                    self.inline(child, paragraph, target.as_deref().or(link), base)?;
                }
                "ins" => {
                    self.change();
                    self.changes.insertions += 1;
                    self.inline(child, paragraph, link, base)?;
                }
                "moveTo" | "smartTag" | "customXml" | "sdtContent" | "dir" | "bdo" => {
                    self.inline(child, paragraph, link, base)?
                }
                "sdt" => {
                    if let Some(content) = child_of(child, "sdtContent") {
                        self.inline(content, paragraph, link, base)?;
                    }
                }
                "del" => self.deletion(child, false),
                "moveFrom" => self.deletion(child, true),
                "AlternateContent" => {
                    if let Some(branch) = alternative(child) {
                        self.inline(branch, paragraph, link, base)?;
                    }
                }
                "commentRangeStart" => self.comment(child),
                "oMath" | "oMathPara" => {
                    let text = plain_text(child);
                    if !text.is_empty() {
                        self.document
                            .note_here("an equation was kept as plain text", "");
                        paragraph.push(&format!(" {text} "), base, link);
                    }
                }
                "pPr" | "bookmarkStart" | "bookmarkEnd" | "proofErr" | "permStart" | "permEnd"
                | "commentRangeEnd" | "customXmlPr" | "smartTagPr" | "sdtPr" | "sdtEndPr"
                | "rPr" => {}
                other => {
                    let text = plain_text(child);
                    if !text.is_empty() {
                        self.document.note_here(
                            format!("an element the reader does not know (w:{other}) was read as plain text"),
                            "",
                        );
                        self.inline(child, paragraph, link, base)?;
                    }
                }
            }
        }
        self.leave();
        Ok(())
    }

    /// A hyperlink's address: its relationship's target; a link to a
    /// bookmark (`w:anchor` only) is plain text, with a note.
    fn hyperlink(&mut self, node: Node<'_, '_>) -> Option<String> {
        if let Some(id) = rel_attr(node, "id") {
            if let Some(rel) = self.context.rels.get(id) {
                let mut target = rel.target.clone();
                if let Some(anchor) = attr(node, "anchor") {
                    target.push('#');
                    target.push_str(anchor);
                }
                return Some(target);
            }
            self.document.note_here(
                "a link whose address the document does not hold became plain text",
                "",
            );
            return None;
        }
        if let Some(anchor) = attr(node, "anchor") {
            self.document.note_here(
                format!("a link to a place inside the document (bookmark \"{anchor}\") became plain text"),
                "",
            );
        }
        None
    }

    /// The address a field instruction links to: `HYPERLINK "url"`; a
    /// `HYPERLINK \l "bookmark"` is plain text, with a note.
    /// A field whose shown result is kept as text: it will not update (a
    /// date, a page number, a cross-reference).
    fn field_note(&mut self, instruction: &str) {
        let name = instruction
            .split_whitespace()
            .next()
            .unwrap_or("a field")
            .to_ascii_uppercase();
        self.document.note_here(
            format!("a field ({name}): its shown result is kept as text, and will not update"),
            "",
        );
    }

    fn field_link(&mut self, instruction: &str) -> Option<String> {
        let instruction = instruction.trim();
        let (name, rest) = instruction
            .split_once(char::is_whitespace)
            .unwrap_or((instruction, ""));
        if !name.eq_ignore_ascii_case("HYPERLINK") {
            return None;
        }
        let mut address = None;
        let mut internal = false;
        let mut words = field_arguments(rest).into_iter();
        while let Some(word) = words.next() {
            match word.as_str() {
                "\\l" => {
                    internal = true;
                    words.next();
                }
                switch if switch.starts_with('\\') => {
                    // \o "tooltip", \t "target frame", \m, \n: not the address.
                    if matches!(switch, "\\o" | "\\t") {
                        words.next();
                    }
                }
                _ if address.is_none() => address = Some(word),
                _ => {}
            }
        }
        if address.is_none() && internal {
            self.document.note_here(
                "a link to a place inside the document became plain text",
                "",
            );
        }
        address.filter(|a| !a.is_empty())
    }

    /// A comment met: a note at the paragraph, once a comment.
    fn comment(&mut self, node: Node<'_, '_>) {
        let Some(id) = attr(node, "id") else {
            return;
        };
        if !self.noted_comments.insert(id.to_owned()) {
            return;
        }
        if let Some(comment) = self.context.comments.get(id) {
            self.document
                .note_here(comment_message(comment), comment.text.clone());
        }
    }

    /// Whether runs here are shown: not in a field's instruction, nor in a
    /// result left out.
    fn shown(&self) -> bool {
        self.fields.iter().all(|f| f.result && !f.dropped)
    }

    /// The address the innermost shown field's result links to.
    fn field_result_link(&self) -> Option<String> {
        self.fields.iter().rev().find_map(|f| f.link.clone())
    }

    /// One run (`w:r`).
    fn run(
        &mut self,
        r: Node<'_, '_>,
        paragraph: &mut Paragraph,
        link: Option<&str>,
        base: RunProps,
    ) -> Result<(), Unreadable> {
        let styles = self.context.styles;
        let rpr = child(r, "rPr");
        let character = rpr.and_then(|rpr| child_val(rpr, "rStyle"));
        let mut props = base;
        if let Some(character) = character {
            props = styles.run_props(Some(character)).over(props);
        }
        if let Some(rpr) = rpr {
            props = RunProps::read(rpr).over(props);
            if let Some(lang) = lang_of(rpr) {
                *self.languages.entry(lang).or_default() += 1;
            }
        }
        self.run_content(r, paragraph, link, props)
    }

    /// The content of a run (or of an `mc:AlternateContent` branch in one).
    fn run_content(
        &mut self,
        r: Node<'_, '_>,
        paragraph: &mut Paragraph,
        link: Option<&str>,
        props: RunProps,
    ) -> Result<(), Unreadable> {
        self.enter()?;
        let hidden = props.hidden == Some(true);
        for child in r.children().filter(Node::is_element) {
            let shown = self.shown();
            if !shown && !matches!(child.tag_name().name(), "fldChar" | "instrText") {
                continue;
            }
            let field_link = self.field_result_link();
            let link = field_link.as_deref().or(link);
            let text = |paragraph: &mut Paragraph, text: &str| {
                if !shown {
                } else if hidden {
                    paragraph.hidden.push_str(text);
                } else {
                    paragraph.push(text, props, link);
                }
            };
            match child.tag_name().name() {
                "t" => {
                    let raw = child.text().unwrap_or_default();
                    let preserve = child
                        .attribute((roxmltree::NS_XML_URI, "space"))
                        .is_some_and(|v| v == "preserve");
                    // Word drops the white space at the ends of a text not
                    // marked to preserve it; inside, it is one space.
                    let value = if preserve { raw } else { raw.trim() };
                    text(paragraph, value);
                }
                "tab" | "ptab" => text(paragraph, " "),
                "cr" | "br" => {
                    // A text-wrapping break (a page or column break is
                    // no line of its own) becomes a space.
                    let wraps = matches!(attr(child, "type"), None | Some("textWrapping"));
                    if wraps && shown && !hidden {
                        paragraph.broken = true;
                    }
                    text(paragraph, " ")
                }
                "noBreakHyphen" => text(paragraph, "-"),
                "softHyphen" => {}
                "sym" => {
                    if let Some(symbol) = self.symbol(child) {
                        text(paragraph, &symbol.to_string());
                    }
                }
                "instrText" => {
                    if let Some(field) = self.fields.last_mut()
                        && !field.result
                    {
                        field.instruction.push_str(child.text().unwrap_or_default());
                    }
                }
                "fldChar" => match attr(child, "fldCharType") {
                    Some("begin") => {
                        if self.fields.len() >= MAX_DEPTH {
                            return Err(Unreadable::new(format!(
                                "the Word document opens fields in fields more than {MAX_DEPTH} deep, \
                                 more than the reader follows"
                            ))
                            .with_hint("the file may be damaged: open it in Word and save it again"));
                        }
                        self.fields.push(Field::default());
                    }
                    Some("separate") => {
                        if let Some(mut field) = self.fields.pop() {
                            field.result = true;
                            if self.shown() {
                                let name = field.instruction.split_whitespace().next();
                                if name.is_some_and(|n| n.eq_ignore_ascii_case("TOC")) {
                                    field.dropped = true;
                                    self.document.note_here(TOC_NOTE, "");
                                } else {
                                    field.link = self.field_link(&field.instruction);
                                    if field.link.is_none() {
                                        self.field_note(&field.instruction);
                                    }
                                }
                            }
                            self.fields.push(field);
                        }
                    }
                    Some("end") => {
                        self.fields.pop();
                    }
                    _ => {}
                },
                "drawing" => self.drawing(child, paragraph)?,
                "pict" | "object" => self.vml(child, paragraph)?,
                "AlternateContent" => {
                    if let Some(branch) = alternative(child) {
                        self.run_content(branch, paragraph, link, props)?;
                    }
                }
                "footnoteReference" => self.note_reference(child, paragraph, false)?,
                "endnoteReference" => self.note_reference(child, paragraph, true)?,
                "commentReference" => self.comment(child),
                "ruby" => {
                    if let Some(base) = child_of(child, "rubyBase") {
                        self.inline(base, paragraph, link, props)?;
                    }
                    let guide = child_of(child, "rt").map(plain_text).unwrap_or_default();
                    if !guide.is_empty() {
                        self.document
                            .note_here("a phonetic guide (ruby) over the text was left out", guide);
                    }
                }
                "delText"
                | "delInstrText"
                | "rPr"
                | "footnoteRef"
                | "endnoteRef"
                | "annotationRef"
                | "separator"
                | "continuationSeparator"
                | "lastRenderedPageBreak"
                | "pgNum"
                | "dayShort"
                | "monthShort"
                | "yearShort"
                | "dayLong"
                | "monthLong"
                | "yearLong" => {}
                other => {
                    let words = plain_text(child);
                    if !words.is_empty() && shown {
                        self.document.note_here(
                            format!("an element the reader does not know (w:{other}) was read as plain text"),
                            "",
                        );
                        paragraph.push(&format!(" {words} "), props, link);
                    }
                }
            }
        }
        self.leave();
        Ok(())
    }
}

/// Whether a content control (`w:sdt`) is Word's table of contents
/// (`w:docPartGallery` "Table of Contents").
fn table_of_contents(sdt: Node<'_, '_>) -> bool {
    child(sdt, "sdtPr")
        .and_then(|pr| child(pr, "docPartObj"))
        .and_then(|obj| child_val(obj, "docPartGallery"))
        .is_some_and(|gallery| gallery.eq_ignore_ascii_case("Table of Contents"))
}

/// A comment's note.
fn comment_message(comment: &Comment) -> String {
    match &comment.author {
        Some(author) => format!("a comment by {author} was left out"),
        None => "a comment was left out".into(),
    }
}
