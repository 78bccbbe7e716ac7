//! The document an importer reads, before it is shaped into a leaflet.
//!
//! Each reader ([`super::docx`], [`super::markdown`]) turns its file into a
//! [`Document`]: a flat list of blocks (the title, headings, paragraphs and
//! list items, in reading order) with the inline style leafpress's markup can
//! carry, and a [`Note`] for everything the file held that the source format
//! cannot (a table, a comment, a tracked change). The readers know nothing of
//! the source format; [`super::shape`] makes the leaflet from this.

/// A document read from a `.docx` or Markdown file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The blocks in reading order.
    pub blocks: Vec<Block>,
    /// The document's language as a BCP 47 tag (`w:lang` of its default
    /// style, say), when the file says one.
    pub language: Option<String>,
    /// What the file held that the source format cannot carry, and what
    /// was done with it.
    pub notes: Vec<Note>,
}

/// One block of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// What kind of block it is.
    pub kind: BlockKind,
    /// Its text, in runs of one style.
    pub spans: Vec<Span>,
    /// The number the document shows before a numbered list item (Word's
    /// count, which may go on after a paragraph: 3 after 1 and 2), when
    /// the reader knows it.
    pub number: Option<u64>,
}

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// The document's title (Word's Title style; Markdown's first level-1
    /// heading is a [`BlockKind::Heading`] that the shaper takes as title).
    Title,
    /// A heading, level 1 the highest.
    Heading {
        /// 1 to 9.
        level: u8,
    },
    /// A paragraph.
    Paragraph,
    /// An item of a list.
    ListItem {
        /// Numbered (`1.`) rather than bulleted.
        ordered: bool,
        /// 0 for the top level; deeper items are joined to it by the shaper.
        level: u8,
    },
}

/// A run of text in one style.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Span {
    /// The text: no line breaks (a line break inside a paragraph is a space).
    pub text: String,
    /// Bold.
    pub strong: bool,
    /// Italic.
    pub emphasis: bool,
    /// The address of the hyperlink the run is part of, as the file wrote it.
    pub link: Option<String>,
}

/// Something the file held that the source format cannot carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Where it was.
    pub place: Place,
    /// What it was and what was done with it, as a sentence for a person:
    /// "a table of 3 rows: each row became a paragraph".
    pub message: String,
    /// The words it held that the leaflet does not have where a reader of
    /// the file would find them (a dropped comment, a footnote moved to the
    /// end of its paragraph), for the person to look for; empty when all its
    /// words are where they were.
    pub text: String,
}

/// Where in a document a [`Note`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// At the block with this index in [`Document::blocks`] (or, when the
    /// index is the number of blocks, at the end).
    Block(usize),
    /// Outside the body's flow: "the page header", "the page footer".
    Outside(String),
}

impl Block {
    /// A block of one unstyled run.
    pub fn plain(kind: BlockKind, text: impl Into<String>) -> Self {
        Self {
            kind,
            spans: vec![Span {
                text: text.into(),
                ..Span::default()
            }],
            number: None,
        }
    }

    /// The block's text, its runs joined.
    pub fn text(&self) -> String {
        self.spans.iter().map(|span| span.text.as_str()).collect()
    }

    /// Whether the block holds nothing but white space.
    pub fn is_blank(&self) -> bool {
        self.spans.iter().all(|span| span.text.trim().is_empty())
    }
}

impl Document {
    /// Records a note at the block that will be pushed next.
    pub fn note_here(&mut self, message: impl Into<String>, text: impl Into<String>) {
        let place = Place::Block(self.blocks.len());
        self.notes.push(Note {
            place,
            message: message.into(),
            text: text.into(),
        });
    }
}
