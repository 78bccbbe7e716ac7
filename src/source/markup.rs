//! Body markup: the small, strict subset of CommonMark that a section body may
//! use, parsed with pulldown-cmark into the model's blocks.
//!
//! Allowed: paragraphs, one level of bulleted or numbered list, strong,
//! emphasis and links to `https:`, `http:`, `mailto:` or `tel:` addresses.
//! Everything else is reported at the byte offset in the body where it starts,
//! with what to write instead; the caller maps offsets to file positions.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::model::{Block, Inline, LinkAddresses, ListItem, plain_text};

/// One problem in a body, at a byte offset of the decoded body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    /// Byte offset in the body where the problem starts.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub hint: String,
}

/// How deep strong, emphasis and links may nest. Real text needs two or
/// three levels; the bound keeps a hostile file from exhausting the stack.
pub const MAX_INLINE_DEPTH: usize = 8;

/// The link schemes a body may use.
pub const ALLOWED_LINK_SCHEMES: [&str; 4] = ["https", "http", "mailto", "tel"];

/// The markdown parser a body is read with, giving each event's range.
pub(super) fn body_events(body: &str) -> pulldown_cmark::OffsetIter<'_> {
    // Tables and footnotes are switched on only so that they can be recognised
    // and refused; math, strikethrough and the rest stay off, so `$` and `~`
    // are plain characters.
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    Parser::new_ext(body, options).into_offset_iter()
}

/// Parses a body into blocks, or returns every problem found in it.
pub fn parse_body(body: &str) -> Result<Vec<Block>, Vec<MarkupError>> {
    let mut builder = BodyBuilder::default();
    let mut isolates = IsolatesInBlock::default();
    let mut events = body_events(body);
    for (event, range) in events.by_ref() {
        if let Some(problem) = isolates.see(&event, &range, body) {
            builder.errors.push(problem);
        }
        builder.event(event, range);
    }
    // A link reference definition (`[1]: https://...`) shows nothing where it
    // is written: its words would be lost from every output.
    let mut definitions: Vec<usize> = events
        .reference_definitions()
        .iter()
        .map(|(_, definition)| definition.span.start)
        .collect();
    definitions.sort_unstable();
    for offset in definitions {
        builder.refuse(
            offset,
            "a link reference definition (`[label]: address`) is not allowed in a body",
            "write each link in place: [text](https://example.org/page)",
        );
    }
    let almost_links = almost_links(body, &builder.literal);
    builder.errors.extend(almost_links);
    builder.errors.sort_by_key(|error| error.offset);
    if builder.errors.is_empty() {
        Ok(builder.blocks)
    } else {
        Err(builder.errors)
    }
}

/// A list being read.
#[derive(Default)]
struct ListInProgress {
    /// `Some(first number)` for a numbered list.
    start: Option<u64>,
    items: Vec<ListItem>,
    /// Paragraphs seen in the current item (loose lists wrap items in them).
    paragraphs_in_item: usize,
    item_offset: usize,
    /// How many errors there were when the current item started: an item
    /// left empty because its content was refused is not reported again.
    errors_at_item_start: usize,
}

/// An inline container being read: strong, emphasis or a link.
struct OpenInline {
    kind: OpenKind,
    content: Vec<Inline>,
    offset: usize,
    /// How many errors there were when it opened (see
    /// [`ListInProgress::errors_at_item_start`]).
    errors_at_open: usize,
}

enum OpenKind {
    Strong,
    Emphasis,
    /// A link to `url`; `autolink` for one written `<https://...>`, whose
    /// text is its address.
    Link {
        url: String,
        autolink: bool,
    },
}

/// Turns pulldown-cmark's events into blocks, collecting errors as it goes.
#[derive(Default)]
struct BodyBuilder {
    blocks: Vec<Block>,
    list: Option<ListInProgress>,
    /// The inline content of the current paragraph or list item.
    content: Option<Vec<Inline>>,
    open: Vec<OpenInline>,
    /// How deep we are inside an element that was refused; its contents are
    /// skipped so that one mistake gives one message.
    refused_depth: usize,
    errors: Vec<MarkupError>,
    /// Where the body's text was taken as written (not inside an autolink's
    /// address): where an almost-written link would show as text.
    literal: Vec<Range<usize>>,
}

impl BodyBuilder {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        let offset = range.start;
        if self.refused_depth > 0 {
            match event {
                Event::Start(_) => self.refused_depth += 1,
                Event::End(_) => self.refused_depth -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, offset),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                // Entities (`&#7;`) can spell characters the TOML check never
                // saw; control characters have no place in any output.
                match text.chars().find_map(|c| Some((c, forbidden_character(c)?))) {
                    Some((c, kind)) => self.refuse(
                        offset,
                        format!("the body holds the {kind} U+{:04X}", c as u32),
                        forbidden_hint(kind),
                    ),
                    None => {
                        let in_address = self
                            .open
                            .iter()
                            .any(|open| matches!(open.kind, OpenKind::Link { autolink: true, .. }));
                        if !in_address {
                            self.literal.push(range);
                        }
                        self.push_text(&text);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => self.push_text(" "),
            Event::Code(_) => self.refuse(
                offset,
                "code (text in backticks) is not allowed in a body",
                "write the text without the backticks",
            ),
            Event::Html(_) | Event::InlineHtml(_) => self.refuse_html(offset),
            Event::FootnoteReference(_) => self.refuse_footnote(offset),
            Event::Rule => self.refuse(
                offset,
                "a horizontal rule (`---`, `***`) is not allowed in a body",
                "remove the line, or start a new [[section]] where a new topic begins",
            ),
            other => self.refuse(
                offset,
                format!("this markup is not allowed in a body ({other:?})"),
                "write plain paragraphs, one-level lists, **strong**, *emphasis* and [links](https://...)",
            ),
        }
    }

    fn start(&mut self, tag: Tag<'_>, offset: usize) {
        match tag {
            Tag::Paragraph => match &mut self.list {
                Some(list) => {
                    list.paragraphs_in_item += 1;
                    if list.paragraphs_in_item > 1 {
                        self.refuse_container(
                            offset,
                            "a list item may hold only one paragraph",
                            "make the second paragraph an item of its own, or put it after the list",
                        );
                    }
                }
                None => self.content = Some(Vec::new()),
            },
            Tag::List(start) => {
                if self.list.is_some() {
                    self.refuse_container(
                        offset,
                        "a list inside a list is not allowed: lists have one level only",
                        "make the inner items items of the outer list, or write them as a sentence",
                    );
                } else {
                    self.list = Some(ListInProgress {
                        start,
                        ..ListInProgress::default()
                    });
                }
            }
            Tag::Item => {
                let errors = self.errors.len();
                if let Some(list) = &mut self.list {
                    list.paragraphs_in_item = 0;
                    list.item_offset = offset;
                    list.errors_at_item_start = errors;
                }
                self.content = Some(Vec::new());
            }
            Tag::Strong => self.open_inline(OpenKind::Strong, offset),
            Tag::Emphasis => self.open_inline(OpenKind::Emphasis, offset),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                if !title.is_empty() {
                    self.refuse_container(
                        offset,
                        "a link title (`[text](address \"title\")`) is not shown in every output",
                        "put those words in the link text or the sentence",
                    );
                    return;
                }
                let url = if link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.into_string()
                };
                let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                match check_link_url(&url) {
                    Ok(()) => self.open_inline(OpenKind::Link { url, autolink }, offset),
                    Err(message) => self.refuse_container(
                        offset,
                        message,
                        "write the full address, such as [our website](https://example.org/page), [email us](mailto:help@example.org) or [call us](tel:+441234567890)",
                    ),
                }
            }
            Tag::Heading { .. } => self.refuse_container(
                offset,
                "a heading is not allowed in a body",
                "start a new [[section]] with the heading as its `heading` (a line of `===` or `---` under text also makes a heading)",
            ),
            Tag::BlockQuote(_) => self.refuse_container(
                offset,
                "a block quote (`>`) is not allowed in a body",
                "remove the `>` and write a plain paragraph",
            ),
            Tag::CodeBlock(_) => self.refuse_container(
                offset,
                "a code block is not allowed in a body",
                "a line indented by four or more spaces, or fenced with ``` or ~~~, is a code block: remove the indentation or the fence",
            ),
            Tag::HtmlBlock => {
                self.refuse_html(offset);
                self.refused_depth = 1;
            }
            Tag::Image { .. } => self.refuse_container(
                offset,
                "an image is not allowed in a body",
                "describe it in words, or link to it with [text](https://...)",
            ),
            Tag::Table(_) => self.refuse_container(
                offset,
                "a table is not allowed in a body",
                "write the rows as a list or as paragraphs",
            ),
            Tag::FootnoteDefinition(_) => {
                self.refuse_footnote(offset);
                self.refused_depth = 1;
            }
            other => self.refuse_container(
                offset,
                format!("this markup is not allowed in a body ({other:?})"),
                "write plain paragraphs, one-level lists, **strong**, *emphasis* and [links](https://...)",
            ),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph if self.list.is_none() => {
                let content = tidy(self.content.take().unwrap_or_default());
                if !content.is_empty() {
                    self.blocks.push(Block::Paragraph { content });
                }
            }
            TagEnd::Item => {
                let content = tidy(self.content.take().unwrap_or_default());
                let errors = self.errors.len();
                if let Some(list) = &mut self.list {
                    if content.is_empty() && errors > list.errors_at_item_start {
                        // Its content was refused, and said so.
                    } else if content.is_empty() {
                        let offset = list.item_offset;
                        self.refuse(
                            offset,
                            "a list item is empty",
                            "write the item's text after the marker, or remove the line",
                        );
                    } else {
                        list.items.push(ListItem { content });
                    }
                }
            }
            TagEnd::List(_) => {
                if let Some(list) = self.list.take() {
                    self.blocks.push(match list.start {
                        Some(start) => Block::NumberedList {
                            start,
                            items: list.items,
                        },
                        None => Block::BulletList { items: list.items },
                    });
                }
            }
            TagEnd::Strong | TagEnd::Emphasis | TagEnd::Link => self.close_inline(),
            _ => {}
        }
    }

    fn open_inline(&mut self, kind: OpenKind, offset: usize) {
        if self.open.len() >= MAX_INLINE_DEPTH {
            self.refuse_container(
                offset,
                format!("strong, emphasis and links are nested more than {MAX_INLINE_DEPTH} deep"),
                "nest styles one or two deep at most",
            );
            return;
        }
        self.open.push(OpenInline {
            kind,
            content: Vec::new(),
            offset,
            errors_at_open: self.errors.len(),
        });
    }

    fn close_inline(&mut self) {
        let Some(open) = self.open.pop() else { return };
        let content = open.content;
        let inline = match open.kind {
            OpenKind::Strong => Inline::Strong { content },
            OpenKind::Emphasis => Inline::Emphasis { content },
            OpenKind::Link { url, .. } => {
                let text = plain_text(&content, LinkAddresses::Omitted);
                let refused_inside = self.errors.len() > open.errors_at_open;
                if refused_inside {
                    // Its text was refused (an image as the link), and said so.
                    return;
                }
                if text.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
                    self.refuse(
                        open.offset,
                        "a link has no text to read out",
                        "write the link text in the brackets: [our website](https://example.org)",
                    );
                    return;
                }
                Inline::link(content, url)
            }
        };
        self.inline_target().push(inline);
    }

    /// Where inline content goes now: the innermost open container, else the
    /// current paragraph or item.
    fn inline_target(&mut self) -> &mut Vec<Inline> {
        match self.open.last_mut() {
            Some(open) => &mut open.content,
            None => self.content.get_or_insert_with(Vec::new),
        }
    }

    fn push_text(&mut self, text: &str) {
        let target = self.inline_target();
        if let Some(Inline::Text { text: last }) = target.last_mut() {
            last.push_str(text);
        } else {
            target.push(Inline::Text { text: text.into() });
        }
    }

    fn refuse(&mut self, offset: usize, message: impl Into<String>, hint: impl Into<String>) {
        self.errors.push(MarkupError {
            offset,
            message: message.into(),
            hint: hint.into(),
        });
    }

    /// Refuses an element and skips everything inside it.
    fn refuse_container(&mut self, offset: usize, message: impl Into<String>, hint: &str) {
        self.refuse(offset, message, hint);
        self.refused_depth = 1;
    }

    fn refuse_html(&mut self, offset: usize) {
        self.refuse(
            offset,
            "raw HTML is not allowed in a body",
            "write plain text, with **strong** or *emphasis*; a `<` that is not a tag can be written as `\\<`",
        );
    }

    fn refuse_footnote(&mut self, offset: usize) {
        self.refuse(
            offset,
            "a footnote is not allowed in a body",
            "put the note in the text itself, in brackets",
        );
    }
}

/// Every `]` followed at once by `(` in text taken as written: a link
/// written almost right (an address with a space in it, a `](` without its
/// `[`, an address with no `)`, a link inside a link), which CommonMark
/// shows as its brackets and address. Nobody means that as text: it is a
/// typo, and the reader would get a broken link read out character by
/// character. A `\]` is a bracket meant as text.
fn almost_links(body: &str, literal: &[Range<usize>]) -> Vec<MarkupError> {
    let bytes = body.as_bytes();
    let is_literal = |at: usize| literal.iter().any(|range| range.contains(&at));
    let escaped = |at: usize| {
        bytes[..at]
            .iter()
            .rev()
            .take_while(|&&byte| byte == b'\\')
            .count()
            % 2
            == 1
    };
    let mut errors = Vec::new();
    for range in literal {
        for (index, _) in body[range.clone()].match_indices(']') {
            let at = range.start + index;
            if bytes.get(at + 1) != Some(&b'(') || escaped(at) {
                continue;
            }
            // The paragraph it is in: back to a blank line, on to the next.
            let paragraph_start = body[..at].rfind("\n\n").map_or(0, |blank| blank + 2);
            let paragraph_end = body[at..]
                .find("\n\n")
                .map_or(body.len(), |blank| at + blank);
            // Its `[`: the first unmatched one before it, in text.
            let mut depth = 0;
            let opening = (paragraph_start..at).rev().find(|&open| {
                let bracket = bytes[open];
                if !matches!(bracket, b'[' | b']') || !is_literal(open) || escaped(open) {
                    return false;
                }
                if bracket == b']' {
                    depth += 1;
                    return false;
                }
                if depth == 0 {
                    return true;
                }
                depth -= 1;
                false
            });
            // An address ends at its `)`, and never goes past its line.
            let after = &body[at + 2..paragraph_end];
            let after = after.split('\n').next().unwrap_or_default();
            let address = after.find(')').map(|close| &after[..close]);
            let (why, hint) = match (opening, address) {
                (None, _) => (
                    ": there is no `[` before it".to_owned(),
                    "write the link as [text](address), or write the `]` as `\\]` to show it as text",
                ),
                (Some(_), Some(address)) if address.contains(char::is_whitespace) => (
                    format!(
                        ": the address `{}` has a space in it",
                        address.split_whitespace().collect::<Vec<_>>().join(" ")
                    ),
                    "write the address without spaces, such as [01632 960 555](tel:+441632960555), or write the `]` as `\\]` to show the brackets as text",
                ),
                (Some(_), None) => (
                    ": the address has no `)` to end it".to_owned(),
                    "end the address with `)`, as in [our website](https://example.org/page), or write the `]` as `\\]` to show the brackets as text",
                ),
                (Some(_), Some(_)) => (
                    String::new(),
                    "write a link as [text](https://example.org/page), whole and with no link inside it, or write the `]` as `\\]` to show the brackets as text",
                ),
            };
            errors.push(MarkupError {
                offset: opening.unwrap_or(at),
                message: format!("`](` does not make a link here{why}"),
                hint: hint.to_owned(),
            });
        }
    }
    errors
}

/// Checks that a link goes to an address every output can carry.
fn check_link_url(url: &str) -> Result<(), String> {
    let scheme = url
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|scheme| {
            scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
    match scheme {
        Some(scheme) if ALLOWED_LINK_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) => {
            let rest = &url[scheme.len() + 1..];
            if rest.trim_start_matches('/').is_empty() {
                Err(format!("the link `{url}` has no address after `{scheme}:`"))
            } else {
                Ok(())
            }
        }
        Some(scheme) => Err(format!(
            "a link to a `{scheme}:` address is not allowed: only https:, http:, mailto: and tel:"
        )),
        None => Err(format!(
            "the link `{url}` is not a full address: only https:, http:, mailto: and tel: links are allowed"
        )),
    }
}

/// Folds every run of white space in text to one space (a paragraph's line
/// breaks are not part of its text), drops empty text, and trims the ends of
/// the block.
fn tidy(content: Vec<Inline>) -> Vec<Inline> {
    let mut content = fold_white_space(content);
    trim_edge(&mut content, Edge::Start);
    trim_edge(&mut content, Edge::End);
    content
}

fn fold_white_space(content: Vec<Inline>) -> Vec<Inline> {
    content
        .into_iter()
        .filter_map(|inline| match inline {
            Inline::Text { text } => {
                let folded = fold_text(&text);
                (!folded.is_empty()).then_some(Inline::Text { text: folded })
            }
            Inline::Strong { content } => Some(Inline::Strong {
                content: fold_white_space(content),
            }),
            Inline::Emphasis { content } => Some(Inline::Emphasis {
                content: fold_white_space(content),
            }),
            Inline::Link {
                content,
                url,
                written_address,
            } => {
                let mut content = fold_white_space(content);
                trim_edge(&mut content, Edge::Start);
                trim_edge(&mut content, Edge::End);
                Some(Inline::Link {
                    content,
                    url,
                    written_address,
                })
            }
        })
        .collect()
}

/// What a character is, when no text may hold it: a control character (all
/// of Unicode's `Cc` but line feed, carriage return and tab, which are white
/// space), or a noncharacter (U+FDD0 to U+FDEF, and the last two code points
/// of every plane), which XML, and so the EPUB, cannot carry at all.
///
/// Also the bidirectional embeddings and overrides (U+202A to U+202E): they
/// make text show in another order than it is read (the "Trojan Source"
/// trick), so a reader and the check would not meet the same text.
pub fn forbidden_character(c: char) -> Option<&'static str> {
    let code = c as u32;
    if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
        Some("control character")
    } else if (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE {
        Some("noncharacter")
    } else if (0x202A..=0x202E).contains(&code) {
        Some("direction override")
    } else {
        None
    }
}

/// What to do about a character [`forbidden_character`] refuses, by its
/// kind.
pub fn forbidden_hint(kind: &str) -> &'static str {
    match kind {
        "noncharacter" => "remove it: it is not a character any output can hold",
        "direction override" => {
            "remove it: it makes text show in another order than it is read; to set a phrase's \
             direction, wrap it in an isolate (U+2067 ... U+2069) or use a mark (U+200E, U+200F)"
        }
        _ => "remove it: only line breaks and tabs are allowed as white space",
    }
}

/// The directional isolates: U+2066 (left to right), U+2067 (right to
/// left) and U+2068 (first strong) open one; U+2069 closes the innermost.
const ISOLATE_OPENERS: [char; 3] = ['\u{2066}', '\u{2067}', '\u{2068}'];
/// Pop directional isolate, U+2069.
const ISOLATE_CLOSER: char = '\u{2069}';

/// The first directional isolate in `text` that is not balanced: an opener
/// (U+2066 to U+2068) never closed by its U+2069, or a U+2069 with nothing
/// open. `text` is one paragraph of the Unicode Bidirectional Algorithm: a
/// one-line field, or one paragraph or list item of a body. An isolate left
/// open reaches to the end of its paragraph, setting the direction of
/// everything after it; a stray closer is a sign of one mistyped. Either
/// way the writer did not mean it, and outputs would differ on it.
pub fn unbalanced_isolate(text: &str) -> Option<MarkupError> {
    let mut open: Vec<(usize, char)> = Vec::new();
    for (at, c) in text.char_indices() {
        if ISOLATE_OPENERS.contains(&c) {
            open.push((at, c));
        } else if c == ISOLATE_CLOSER && open.pop().is_none() {
            return Some(isolate_closed_but_never_opened(at));
        }
    }
    open.first().map(|&(at, c)| isolate_never_closed(at, c))
}

fn isolate_never_closed(offset: usize, opener: char) -> MarkupError {
    MarkupError {
        offset,
        message: format!(
            "the directional isolate U+{:04X} is opened and never closed",
            opener as u32
        ),
        hint: "close it with U+2069 (pop directional isolate) where the phrase ends, in the same \
               line, paragraph or list item; or remove it"
            .to_owned(),
    }
}

fn isolate_closed_but_never_opened(offset: usize) -> MarkupError {
    MarkupError {
        offset,
        message: "the directional isolate close U+2069 closes nothing".to_owned(),
        hint: "open the phrase with U+2066 (left to right), U+2067 (right to left) or U+2068 \
               (first strong) in the same line, paragraph or list item; or remove it"
            .to_owned(),
    }
}

/// Follows directional isolates through a body's events, one paragraph or
/// list item at a time (see [`unbalanced_isolate`]).
#[derive(Default)]
struct IsolatesInBlock {
    /// Where each isolate still open was opened, innermost last.
    open: Vec<(usize, char)>,
}

impl IsolatesInBlock {
    /// Takes in one event; returns a problem when an isolate is closed with
    /// nothing open, or a block ends with one open.
    fn see(&mut self, event: &Event<'_>, range: &Range<usize>, body: &str) -> Option<MarkupError> {
        match event {
            Event::Text(text) => {
                // Typed characters are found where they stand; those spelt
                // as entities (`&#x2067;`) where their text starts.
                let typed = body.get(range.clone()) == Some(&**text);
                for (at, c) in text.char_indices() {
                    let offset = if typed { range.start + at } else { range.start };
                    if ISOLATE_OPENERS.contains(&c) {
                        self.open.push((offset, c));
                    } else if c == ISOLATE_CLOSER && self.open.pop().is_none() {
                        return Some(isolate_closed_but_never_opened(offset));
                    }
                }
                None
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                let first = self.open.first().copied();
                self.open.clear();
                first.map(|(offset, c)| isolate_never_closed(offset, c))
            }
            _ => None,
        }
    }
}

/// Whether a character shows nothing and takes no room: soft hyphens and
/// zero-width characters. Text made only of these reads as nothing.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{180e}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

/// Whether a character breaks a line: ASCII line ends and Unicode's line and
/// paragraph separators.
pub fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Folds runs of ASCII white space (spaces, tabs, line ends) and Unicode line
/// and paragraph separators to one space. Other spaces, such as the no-break
/// space, are characters the author chose and stay.
pub fn fold_text(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() || is_line_break(c) {
            if !in_space {
                folded.push(' ');
            }
            in_space = true;
        } else {
            folded.push(c);
            in_space = false;
        }
    }
    folded
}

#[derive(Clone, Copy)]
enum Edge {
    Start,
    End,
}

/// Trims white space from one edge of a block, looking inside containers.
fn trim_edge(content: &mut Vec<Inline>, edge: Edge) {
    let index = match edge {
        Edge::Start => 0,
        Edge::End => match content.len() {
            0 => return,
            len => len - 1,
        },
    };
    let Some(inline) = content.get_mut(index) else {
        return;
    };
    let now_empty = match inline {
        Inline::Text { text } => {
            *text = match edge {
                Edge::Start => text.trim_start().to_owned(),
                Edge::End => text.trim_end().to_owned(),
            };
            text.is_empty()
        }
        Inline::Strong { content } | Inline::Emphasis { content } => {
            trim_edge(content, edge);
            content.is_empty()
        }
        Inline::Link { content, .. } => {
            trim_edge(content, edge);
            false
        }
    };
    if now_empty {
        content.remove(index);
        trim_edge(content, edge);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Inline {
        Inline::Text { text: t.into() }
    }

    fn first_error(body: &str) -> MarkupError {
        parse_body(body).unwrap_err().remove(0)
    }

    #[test]
    fn paragraphs_lists_and_inline_styles_become_blocks() {
        let blocks = parse_body(
            "Call **at least two\ndays** before.\n\n- one\n- *two*\n\n3. three\n4. four\n",
        )
        .unwrap();
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph {
                    content: vec![
                        text("Call "),
                        Inline::Strong {
                            content: vec![text("at least two days")]
                        },
                        text(" before."),
                    ]
                },
                Block::BulletList {
                    items: vec![
                        ListItem {
                            content: vec![text("one")]
                        },
                        ListItem {
                            content: vec![Inline::Emphasis {
                                content: vec![text("two")]
                            }]
                        },
                    ]
                },
                Block::NumberedList {
                    start: 3,
                    items: vec![
                        ListItem {
                            content: vec![text("three")]
                        },
                        ListItem {
                            content: vec![text("four")]
                        },
                    ]
                },
            ]
        );
    }

    #[test]
    fn markup_looking_characters_stay_text() {
        let blocks = parse_body("Costs $5 # 2 * 3 < 4 & \"q\" C:\\dir @me 50% ~x~").unwrap();
        assert_eq!(
            blocks,
            vec![Block::Paragraph {
                content: vec![text("Costs $5 # 2 * 3 < 4 & \"q\" C:\\dir @me 50% ~x~")]
            }]
        );
    }

    #[test]
    fn links_keep_their_address() {
        let blocks =
            parse_body("See [our site](https://example.org/a) or <help@example.org>.").unwrap();
        let Block::Paragraph { content } = &blocks[0] else {
            panic!()
        };
        assert_eq!(
            plain_text(content, LinkAddresses::WrittenOut),
            "See our site (https://example.org/a) or help@example.org."
        );
    }

    #[test]
    fn a_loose_list_is_still_a_list() {
        let blocks = parse_body("- one\n\n- two\n").unwrap();
        assert!(matches!(&blocks[0], Block::BulletList { items } if items.len() == 2));
    }

    #[test]
    fn refused_markup_is_reported_where_it_starts() {
        let cases = [
            ("Text\n\n## Heading\n", 6, "heading"),
            ("Title\n=====\n", 0, "heading"),
            ("A <b>bold</b> move", 2, "HTML"),
            ("<div>\nx\n</div>\n", 0, "HTML"),
            ("See ![x](https://e.org/x.png)", 4, "image"),
            ("Run `rm`", 4, "code"),
            ("    indented\n", 4, "code block"),
            ("```\nx\n```\n", 0, "code block"),
            ("| a | b |\n|---|---|\n| 1 | 2 |\n", 0, "table"),
            ("> quoted\n", 0, "block quote"),
            ("Note[^1].\n\n[^1]: x\n", 4, "footnote"),
            ("- a\n  - b\n", 6, "list inside a list"),
            ("[x](javascript:alert(1))", 0, "javascript"),
            ("[x](file:///etc/passwd)", 0, "file"),
            ("[x](../other.html)", 0, "not a full address"),
            ("[](https://e.org)", 0, "no text"),
            ("a\n\n---\n", 3, "horizontal rule"),
            ("- \n- b\n", 0, "empty"),
            (
                "Sources.\n\n[1]: https://e.org\n",
                10,
                "reference definition",
            ),
            ("[x](https://e.org \"Title\")", 0, "link title"),
            ("Bell &#7; here.", 5, "U+0007"),
            ("Escape &#x1b; here.", 7, "U+001B"),
            (
                "Call [01632 960 555](tel:+441632960 55) now.",
                5,
                "the address `tel:+441632960 55` has a space in it",
            ),
            (
                "Call the switchboar0](tel:+44) now.",
                20,
                "no `[` before it",
            ),
            ("Call [us](tel:+44\nnow).", 5, "no `)` to end it"),
            (
                "[a [b](https://e.org)](https://f.org)",
                0,
                "does not make a link",
            ),
            ("- one\n- [two](b(c)\n", 8, "does not make a link"),
        ];
        for (body, offset, words) in cases {
            let error = first_error(body);
            assert!(
                error.message.contains(words),
                "{body:?}: {error:?} should mention {words}"
            );
            assert_eq!(error.offset, offset, "{body:?}: {error:?}");
            assert!(!error.hint.is_empty());
        }
    }

    #[test]
    fn brackets_that_do_not_look_like_a_link_stay_text() {
        for body in [
            "Escaped \\](b) and \\[a\\](b c) stay text.",
            "[a] (b) and a] (b) and [a](<tel:+44 55>) and <https://e.org/a](b>.",
            "Nested [[a](https://e.org)] and a ] ( apart.",
        ] {
            assert!(parse_body(body).is_ok(), "{body:?}: {:?}", parse_body(body));
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowing_the_stack() {
        let body = format!("{}a{}", "*".repeat(12_000), "*".repeat(12_000));
        let errors = parse_body(&body).unwrap_err();
        assert!(errors[0].message.contains("nested more than"), "{errors:?}");
    }

    #[test]
    fn link_text_and_paragraph_ends_are_trimmed() {
        let blocks = parse_body("Read [ our site ](https://e.org).\u{a0}").unwrap();
        let Block::Paragraph { content } = &blocks[0] else {
            panic!()
        };
        assert_eq!(
            plain_text(content, LinkAddresses::WrittenOut),
            "Read our site (https://e.org)."
        );
    }

    #[test]
    fn every_problem_in_a_body_is_reported() {
        let errors = parse_body("# One\n\nText `code` and <i>x</i>\n").unwrap_err();
        assert_eq!(errors.len(), 4, "{errors:?}");
    }
}
