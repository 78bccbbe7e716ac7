//! The Markdown reader: CommonMark (with the tables, footnotes,
//! strikethrough and front matter that pandoc and most editors write) to a
//! [`Document`], by pulldown-cmark.
//!
//! A level-1 heading is a heading like any other: the shaper takes the first
//! as the title when the front matter gives none. Everything the source
//! format's markup cannot carry keeps its words and gets a [`Note`]: a table
//! (each row a paragraph), an image (its alt text), a footnote (after the
//! paragraph that refers to it), code, a block quote, raw HTML (its text,
//! without the tags).
//!
//! [`Note`]: super::document::Note

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::Unreadable;
use super::document::{Block, BlockKind, Document, Note, Place, Span};

/// Reads a Markdown file's text.
pub fn read(text: &str) -> Result<Document, Unreadable> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut reader = Reader::default();
    for event in Parser::new_ext(text, options) {
        reader.event(event)?;
    }
    Ok(reader.finish())
}

/// How deep lists, quotes and styles may nest before the file is refused:
/// far more than any leaflet, and a bound on a hostile file.
const MAX_DEPTH: usize = 64;

/// The words a cell ends with before the next cell's, in a table row that
/// became a paragraph: a dash reads as a pause in every output, where a
/// comma could run two cells' sentences together.
pub const CELL_SEPARATOR: &str = " – ";

#[derive(Default)]
struct Reader {
    document: Document,
    /// The block being written, if any.
    block: Option<Block>,
    strong: usize,
    emphasis: usize,
    links: Vec<String>,
    /// Whether each open list is numbered.
    lists: Vec<bool>,
    /// The number of each open list's next item (numbered lists).
    numbers: Vec<u64>,
    /// Items open, for a paragraph that continues an item.
    items: usize,
    quotes: usize,
    table: Option<Table>,
    /// The alt text of the image being read.
    image: Option<String>,
    /// Alt texts to write as paragraphs after the block being written.
    pending_images: Vec<String>,
    /// The front matter's text while it is read.
    metadata: Option<String>,
    /// A footnote definition being read: its label and where its blocks start.
    footnote: Option<(String, usize)>,
    /// Footnote definitions, by label: their blocks.
    footnotes: Vec<(String, Vec<Block>)>,
    /// Footnote references: the label and the block that refers to it.
    references: Vec<(String, usize)>,
    /// Code blocks and raw HTML already noted, one note a kind.
    noted_code: bool,
    noted_html: bool,
    noted_strikethrough: bool,
    noted_code_span: bool,
    noted_item_paragraphs: bool,
}

struct Table {
    rows: usize,
    columns: usize,
    cells: Vec<Vec<Span>>,
    /// Where the table's first row will be.
    first_block: usize,
}

impl Reader {
    fn event(&mut self, event: Event<'_>) -> Result<(), Unreadable> {
        let depth = self.lists.len() + self.quotes + self.strong + self.emphasis + self.links.len();
        if depth > MAX_DEPTH {
            return Err(Unreadable::new(format!(
                "the Markdown nests lists, quotes or styles more than {MAX_DEPTH} deep"
            )));
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(text) => {
                if !self.noted_code_span {
                    self.noted_code_span = true;
                    self.document
                        .note_here("code: it is kept as plain text, not as code", "");
                }
                self.text(&text)
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(&text),
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            Event::Html(html) | Event::InlineHtml(html) => self.html(&html),
            Event::FootnoteReference(label) => {
                let at = self.document.blocks.len();
                self.references.push((label.to_string(), at));
            }
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
            Event::Rule => {}
        }
        Ok(())
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                let in_item = self.items > 0 && self.block.as_ref().is_some_and(|b| !b.is_blank());
                if self.table.is_none() && !in_item {
                    self.begin(BlockKind::Paragraph);
                } else {
                    if in_item && !self.noted_item_paragraphs {
                        self.noted_item_paragraphs = true;
                        self.document.note_here(
                            "a list item of more than one paragraph: its paragraphs were joined",
                            "",
                        );
                    }
                    self.text(" ");
                }
            }
            Tag::Heading { level, .. } => self.begin(BlockKind::Heading {
                level: heading_level(level),
            }),
            Tag::BlockQuote(_) => {
                if self.quotes == 0 {
                    self.document.note_here(
                        "a block quote: its paragraphs became paragraphs of the section",
                        "",
                    );
                }
                self.quotes += 1;
            }
            Tag::CodeBlock(_) => {
                if !self.noted_code {
                    self.noted_code = true;
                    self.document
                        .note_here("code: it became a paragraph of plain text", "");
                }
                self.begin(BlockKind::Paragraph);
            }
            Tag::HtmlBlock => self.begin(BlockKind::Paragraph),
            Tag::List(start) => {
                // A list inside an item: the item so far is an item of its own.
                self.push_block();
                self.lists.push(start.is_some());
                self.numbers.push(start.unwrap_or(1));
            }
            Tag::Item => {
                self.items += 1;
                let level = self.lists.len().saturating_sub(1).min(u8::MAX as usize) as u8;
                let ordered = self.lists.last().copied().unwrap_or(false);
                self.begin(BlockKind::ListItem { ordered, level });
                if ordered && let Some(next) = self.numbers.last_mut() {
                    if let Some(block) = &mut self.block {
                        block.number = Some(*next);
                    }
                    *next += 1;
                }
            }
            Tag::FootnoteDefinition(label) => {
                self.push_block();
                self.footnote = Some((label.to_string(), self.document.blocks.len()));
            }
            Tag::Table(_) => {
                self.push_block();
                self.table = Some(Table {
                    rows: 0,
                    columns: 0,
                    cells: Vec::new(),
                    first_block: self.document.blocks.len(),
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(table) = &mut self.table {
                    table.cells.clear();
                }
            }
            Tag::TableCell => {
                if let Some(table) = &mut self.table {
                    table.cells.push(Vec::new());
                }
            }
            Tag::Emphasis => self.emphasis += 1,
            Tag::Strong => self.strong += 1,
            Tag::Strikethrough => {
                if !self.noted_strikethrough {
                    self.noted_strikethrough = true;
                    self.document
                        .note_here("struck-through text: it is kept, not struck through", "");
                }
            }
            Tag::Link { dest_url, .. } => self.links.push(dest_url.to_string()),
            Tag::Image { .. } => self.image = Some(String::new()),
            Tag::MetadataBlock(_) => self.metadata = Some(String::new()),
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                if self.items == 0 && self.table.is_none() {
                    self.push_block();
                }
            }
            TagEnd::Item => {
                self.push_block();
                self.items = self.items.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.lists.pop();
                self.numbers.pop();
            }
            TagEnd::BlockQuote(_) => self.quotes = self.quotes.saturating_sub(1),
            TagEnd::FootnoteDefinition => {
                self.push_block();
                if let Some((label, start)) = self.footnote.take() {
                    let blocks = self
                        .document
                        .blocks
                        .split_off(start.min(self.document.blocks.len()));
                    self.footnotes.push((label, blocks));
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => self.end_row(),
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    let columns = table.columns;
                    self.document.notes.push(Note {
                        place: Place::Block(table.first_block),
                        message: format!(
                            "a table of {} rows and {columns} columns: each row became a paragraph, its cells separated by “{}”",
                            table.rows,
                            CELL_SEPARATOR.trim(),
                        ),
                        text: String::new(),
                    });
                }
            }
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Link => {
                self.links.pop();
            }
            TagEnd::Image => {
                let alt = self.image.take().unwrap_or_default();
                let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
                if alt.is_empty() {
                    self.document
                        .note_here("an image with no alt text was left out", "");
                } else if self.block.is_some() {
                    // A paragraph of its own, after the one the image is in.
                    self.pending_images.push(alt);
                } else {
                    self.image_paragraph(alt);
                }
            }
            TagEnd::MetadataBlock(_) => {
                let metadata = self.metadata.take().unwrap_or_default();
                self.front_matter(&metadata);
            }
            TagEnd::Strikethrough
            | TagEnd::TableCell
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
        }
    }
}

impl Reader {
    /// Starts a block, ending the one before.
    fn begin(&mut self, kind: BlockKind) {
        self.push_block();
        self.block = Some(Block {
            kind,
            spans: Vec::new(),
            number: None,
        });
    }

    /// Ends the block being written: a blank one is no block.
    fn push_block(&mut self) {
        if let Some(block) = self.block.take()
            && !block.is_blank()
        {
            self.document.blocks.push(block);
        }
        for alt in std::mem::take(&mut self.pending_images) {
            self.image_paragraph(alt);
        }
    }

    /// An image's alt text as a paragraph, with its note.
    fn image_paragraph(&mut self, alt: String) {
        self.document
            .note_here("an image: its alt text became a paragraph", "");
        self.document
            .blocks
            .push(Block::plain(BlockKind::Paragraph, alt));
    }

    /// Text in the current style, where it belongs: the alt text being
    /// read, the front matter, a table cell, or the block being written (a
    /// paragraph is begun for text outside any block).
    fn text(&mut self, text: &str) {
        if let Some(alt) = &mut self.image {
            alt.push_str(text);
            return;
        }
        if let Some(metadata) = &mut self.metadata {
            metadata.push_str(text);
            return;
        }
        let span = Span {
            text: text.replace(['\n', '\r', '\t'], " "),
            strong: self.strong > 0,
            emphasis: self.emphasis > 0,
            link: self.links.last().cloned(),
        };
        if let Some(table) = &mut self.table {
            if let Some(cell) = table.cells.last_mut() {
                cell.push(span);
            }
            return;
        }
        if self.block.is_none() {
            self.begin(BlockKind::Paragraph);
        }
        if let Some(block) = &mut self.block {
            block.spans.push(span);
        }
    }

    /// Raw HTML: its text is kept, its tags are not; `<br>` is a space. A
    /// comment is left out, its words in the note.
    fn html(&mut self, html: &str) {
        if let Some(inner) = html.trim().strip_prefix("<!--") {
            let words = inner.trim_end().trim_end_matches("-->").trim();
            self.document
                .note_here("an HTML comment was left out", words);
            return;
        }
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => {
                    in_tag = true;
                    text.push(' ');
                }
                '>' if in_tag => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        if !self.noted_html {
            self.noted_html = true;
            self.document.note_here(
                "raw HTML: its text is kept; its tags, and what they did (bold, a link), are not",
                "",
            );
        }
        if !text.trim().is_empty() {
            self.text(&text);
        } else if !text.is_empty() {
            self.text(" ");
        }
    }

    /// A table row: one paragraph, its cells joined.
    fn end_row(&mut self) {
        let Some(table) = &mut self.table else {
            return;
        };
        let cells: Vec<Vec<Span>> = std::mem::take(&mut table.cells)
            .into_iter()
            .filter(|cell| cell.iter().any(|span| !span.text.trim().is_empty()))
            .collect();
        if cells.is_empty() {
            return;
        }
        table.rows += 1;
        table.columns = table.columns.max(cells.len());
        let mut spans = Vec::new();
        for (index, cell) in cells.into_iter().enumerate() {
            if index > 0 {
                spans.push(Span {
                    text: CELL_SEPARATOR.into(),
                    ..Span::default()
                });
            }
            spans.extend(cell);
        }
        self.document.blocks.push(Block {
            kind: BlockKind::Paragraph,
            spans,
            number: None,
        });
    }

    /// YAML front matter: `title` and `lang` (or `language`) are read;
    /// other keys are left out, with a note.
    fn front_matter(&mut self, metadata: &str) {
        let mut left_out = Vec::new();
        for line in metadata.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            if key.starts_with([' ', '\t', '-']) {
                continue;
            }
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            match key.trim() {
                "title" if !value.is_empty() => {
                    let title: String = Parser::new(value)
                        .filter_map(|event| match event {
                            Event::Text(text) | Event::Code(text) => Some(text.to_string()),
                            Event::SoftBreak | Event::HardBreak => Some(" ".to_owned()),
                            _ => None,
                        })
                        .collect();
                    self.document
                        .blocks
                        .insert(0, Block::plain(BlockKind::Title, title));
                    for note in &mut self.document.notes {
                        if let Place::Block(at) = &mut note.place {
                            *at += 1;
                        }
                    }
                }
                "lang" | "language" if !value.is_empty() => {
                    self.document.language = Some(value.to_owned());
                }
                key => left_out.push(key.to_owned()),
            }
        }
        if !left_out.is_empty() {
            self.document.notes.push(Note {
                place: Place::Outside("the front matter".into()),
                message: format!("the front matter's {} left out", list_keys(&left_out)),
                text: String::new(),
            });
        }
    }

    /// The document, with each footnote after the block that refers to it.
    fn finish(mut self) -> Document {
        self.push_block();
        let mut placed: Vec<(usize, String, Vec<Block>)> = Vec::new();
        for (label, blocks) in std::mem::take(&mut self.footnotes) {
            let at = self
                .references
                .iter()
                .find(|(referred, _)| *referred == label)
                .map_or(self.document.blocks.len(), |(_, at)| *at + 1);
            placed.push((at.min(self.document.blocks.len()), label, blocks));
        }
        // From the last place to the first, so that earlier places stay true.
        placed.sort_by_key(|(at, _, _)| std::cmp::Reverse(*at));
        for (at, label, blocks) in placed {
            let text = blocks.iter().map(Block::text).collect::<Vec<_>>().join(" ");
            let count = blocks.len();
            for note in &mut self.document.notes {
                if let Place::Block(index) = &mut note.place
                    && *index >= at
                {
                    *index += count;
                }
            }
            self.document.blocks.splice(at..at, blocks);
            self.document.notes.push(Note {
                place: Place::Block(at),
                message: format!(
                    "footnote {label}: it became a paragraph after the one that refers to it"
                ),
                text,
            });
        }
        self.document.notes.sort_by_key(|note| match note.place {
            Place::Block(at) => at,
            Place::Outside(_) => usize::MAX,
        });
        self.document
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn list_keys(keys: &[String]) -> String {
    let quoted: Vec<String> = keys.iter().map(|key| format!("`{key}`")).collect();
    match quoted.as_slice() {
        [one] => format!("{one} was"),
        _ => format!("{} were", quoted.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_text(document: &Document) -> Vec<(BlockKind, String)> {
        document
            .blocks
            .iter()
            .map(|block| (block.kind, block.text()))
            .collect()
    }

    #[test]
    fn headings_paragraphs_and_lists() {
        let document = read(
            "---\ntitle: Your visit\nlang: en-GB\nauthor: Me\n---\n\nA short summary.\n\n## Before\n\nBring:\n\n- your *letter*\n- a **list**\n  - of medicines\n\n1. one\n2. two\n",
        )
        .unwrap();
        assert_eq!(document.language.as_deref(), Some("en-GB"));
        assert_eq!(
            kinds_and_text(&document),
            [
                (BlockKind::Title, "Your visit".to_owned()),
                (BlockKind::Paragraph, "A short summary.".to_owned()),
                (BlockKind::Heading { level: 2 }, "Before".to_owned()),
                (BlockKind::Paragraph, "Bring:".to_owned()),
                (
                    BlockKind::ListItem {
                        ordered: false,
                        level: 0
                    },
                    "your letter".to_owned()
                ),
                (
                    BlockKind::ListItem {
                        ordered: false,
                        level: 0
                    },
                    "a list".to_owned()
                ),
                (
                    BlockKind::ListItem {
                        ordered: false,
                        level: 1
                    },
                    "of medicines".to_owned()
                ),
                (
                    BlockKind::ListItem {
                        ordered: true,
                        level: 0
                    },
                    "one".to_owned()
                ),
                (
                    BlockKind::ListItem {
                        ordered: true,
                        level: 0
                    },
                    "two".to_owned()
                ),
            ]
        );
        let letter = &document.blocks[4].spans;
        assert!(
            letter
                .iter()
                .any(|span| span.text == "letter" && span.emphasis)
        );
        assert!(
            document
                .notes
                .iter()
                .any(|note| note.message.contains("`author`"))
        );
    }

    #[test]
    fn links_keep_their_addresses() {
        let document = read("Call [us](tel:+441632960555) or [write](mailto:a@b.org).").unwrap();
        let links: Vec<_> = document.blocks[0]
            .spans
            .iter()
            .filter_map(|span| span.link.clone())
            .collect();
        assert_eq!(links, ["tel:+441632960555", "mailto:a@b.org"]);
    }

    #[test]
    fn what_the_format_cannot_carry_keeps_its_words() {
        let document = read(
            "# Title\n\nSee the note.[^1] ![A diagram of the breast](d.png)\n\n| Drug | Dose |\n|---|---|\n| Tamoxifen | 20 mg |\n\n> Quoted words.\n\n[^1]: The footnote's words.\n",
        )
        .unwrap();
        let texts: Vec<String> = document.blocks.iter().map(Block::text).collect();
        assert_eq!(
            texts,
            [
                "Title",
                "See the note. ",
                "The footnote's words.",
                "A diagram of the breast",
                "Drug – Dose",
                "Tamoxifen – 20 mg",
                "Quoted words.",
            ]
        );
        let messages: Vec<(&Place, &str)> = document
            .notes
            .iter()
            .map(|note| (&note.place, note.message.as_str()))
            .collect();
        assert!(messages.iter().any(
            |(place, message)| **place == Place::Block(2) && message.starts_with("footnote 1")
        ));
        assert!(
            messages
                .iter()
                .any(|(place, message)| **place == Place::Block(3)
                    && message.starts_with("an image"))
        );
        assert!(
            messages
                .iter()
                .any(|(place, message)| **place == Place::Block(4)
                    && message.starts_with("a table of 2 rows and 2 columns"))
        );
        assert!(
            messages
                .iter()
                .any(|(place, message)| **place == Place::Block(6)
                    && message.starts_with("a block quote"))
        );
    }

    #[test]
    fn hostile_nesting_is_refused() {
        let deep = "> ".repeat(200) + "text";
        assert!(read(&deep).is_err());
    }
}
