//! Writing a section's blocks as body markup, and proving the markup reads
//! back as the blocks.
//!
//! Text is escaped only where the body markup would read it as markup (a
//! `*`, a `[`, a `#` or `- ` at a line's start), so the source stays the
//! text a person would write. Each block is then read back with the source
//! format's own body parser and compared, character by character with its
//! style and link, with what was meant: a block whose bold or italic the
//! markup cannot say as written (bold run straight into italic) is written
//! again without them, and the caller warns.

use crate::model::{self, Inline};
use crate::source::{ALLOWED_LINK_SCHEMES, fold_text, parse_body};

use super::document::Span;

/// One block of a section body, ready to write.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyBlock {
    /// A paragraph.
    Paragraph(Vec<Span>),
    /// A list item (consecutive items of one kind are one list).
    Item {
        /// Numbered rather than bulleted.
        ordered: bool,
        /// The number written before a numbered item (the first item's
        /// is the list's start).
        number: u64,
        /// The item's text.
        spans: Vec<Span>,
    },
}

impl BodyBlock {
    /// The block's text, in runs of one style.
    pub fn spans(&self) -> &[Span] {
        match self {
            BodyBlock::Paragraph(spans) | BodyBlock::Item { spans, .. } => spans,
        }
    }
}

/// Whether a link address may stay a link in the source format.
pub fn allowed_link(address: &str) -> bool {
    address.split_once(':').is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && ALLOWED_LINK_SCHEMES
                .iter()
                .any(|allowed| scheme.eq_ignore_ascii_case(allowed))
    })
}

/// A body written, and the indices of the blocks whose style could not be
/// kept.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenBody {
    /// The body markup.
    pub markup: String,
    /// Blocks written without their bold, italic or links.
    pub unstyled: Vec<usize>,
}

/// Writes blocks as body markup. `Err` names a block that does not read
/// back even as plain text: a fault in leafpress, never in the document.
pub fn write_body(blocks: &[BodyBlock]) -> Result<WrittenBody, String> {
    let mut written = Vec::new();
    let mut unstyled = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        let line = write_block(block, true);
        if reads_back(&line, block) {
            written.push(line);
            continue;
        }
        let plain = write_block(block, false);
        if !reads_back(&plain, block.without_style().as_ref()) {
            return Err(format!(
                "the text “{}” does not read back from the markup leafpress wrote for it",
                super::shape::first_words(
                    &block
                        .spans()
                        .iter()
                        .map(|span| span.text.as_str())
                        .collect::<String>()
                )
            ));
        }
        unstyled.push(index);
        written.push(plain);
    }
    let mut markup = String::new();
    for (index, line) in written.iter().enumerate() {
        if index > 0 {
            let same_list = matches!(
                (&blocks[index - 1], &blocks[index]),
                (BodyBlock::Item { ordered: a, .. }, BodyBlock::Item { ordered: b, .. }) if a == b
            );
            markup.push_str(if same_list { "\n" } else { "\n\n" });
        }
        markup.push_str(line);
    }
    markup.push('\n');
    Ok(WrittenBody { markup, unstyled })
}

impl BodyBlock {
    fn without_style(&self) -> std::borrow::Cow<'_, BodyBlock> {
        let plain = |spans: &[Span]| {
            vec![Span {
                text: spans.iter().map(|span| span.text.as_str()).collect(),
                ..Span::default()
            }]
        };
        std::borrow::Cow::Owned(match self {
            BodyBlock::Paragraph(spans) => BodyBlock::Paragraph(plain(spans)),
            BodyBlock::Item {
                ordered,
                number,
                spans,
            } => BodyBlock::Item {
                ordered: *ordered,
                number: *number,
                spans: plain(spans),
            },
        })
    }
}

/// One block as one line of markup.
fn write_block(block: &BodyBlock, styled: bool) -> String {
    let (marker, spans) = match block {
        BodyBlock::Paragraph(spans) => (String::new(), spans),
        BodyBlock::Item {
            ordered: true,
            number,
            spans,
        } => (format!("{number}. "), spans),
        BodyBlock::Item {
            ordered: false,
            spans,
            ..
        } => ("- ".to_owned(), spans),
    };
    let content = if styled {
        write_spans(spans)
    } else {
        escape(
            &spans
                .iter()
                .map(|span| span.text.as_str())
                .collect::<String>(),
        )
    };
    format!("{marker}{}", escape_line_start(&content))
}

/// Spans as inline markup: each link whole, bold and italic around runs.
fn write_spans(spans: &[Span]) -> String {
    let mut out = String::new();
    let mut index = 0;
    while index < spans.len() {
        let link = spans[index].link.clone().filter(|link| allowed_link(link));
        let mut end = index + 1;
        while end < spans.len() && spans[end].link.clone().filter(|link| allowed_link(link)) == link
        {
            end += 1;
        }
        let styled = write_styled(&spans[index..end]);
        match link {
            Some(address) if !styled.trim().is_empty() => {
                let (before, inner, after) = split_space(&styled);
                out.push_str(before);
                out.push('[');
                out.push_str(inner);
                out.push_str("](");
                out.push_str(&link_destination(&address));
                out.push(')');
                out.push_str(after);
            }
            _ => out.push_str(&styled),
        }
        index = end;
    }
    out
}

/// Runs of one style, each with its delimiters, white space outside them.
fn write_styled(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        let text = escape(&span.text);
        let delimiter = match (span.strong, span.emphasis) {
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            (false, false) => "",
        };
        let (before, inner, after) = split_space(&text);
        if delimiter.is_empty() || inner.is_empty() {
            out.push_str(&text);
        } else {
            out.push_str(before);
            out.push_str(delimiter);
            out.push_str(inner);
            out.push_str(delimiter);
            out.push_str(after);
        }
    }
    out
}

/// Leading white space, the rest, trailing white space.
fn split_space(text: &str) -> (&str, &str, &str) {
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len().max(start);
    (&text[..start], &text[start..end], &text[end..])
}

/// An address as a link destination: what would end or break it is
/// percent-encoded.
fn link_destination(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    for c in address.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() || c.is_whitespace() => {
                let mut bytes = [0; 4];
                for byte in c.encode_utf8(&mut bytes).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Text with the characters the markup would read as markup escaped.
fn escape(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (index, &c) in chars.iter().enumerate() {
        let next = chars.get(index + 1).copied();
        let escape = match c {
            '*' | '_' | '[' | ']' | '`' => true,
            '\\' => next.is_none_or(|next| next.is_ascii_punctuation()),
            '<' => next
                .is_some_and(|next| next.is_ascii_alphabetic() || matches!(next, '/' | '!' | '?')),
            '&' => is_entity(&chars[index + 1..]),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether characters after a `&` would make it a character reference
/// (`&amp;`, `&#38;`).
fn is_entity(after: &[char]) -> bool {
    let name: Vec<char> = after
        .iter()
        .copied()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    !name.is_empty() && after.get(name.len()) == Some(&';')
}

/// A line with what would make it a heading, a list, a quote or a rule at
/// its start escaped.
fn escape_line_start(line: &str) -> String {
    let rest = line.trim_start();
    let mut out = String::new();
    let first = rest.chars().next();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if matches!(first, Some('#' | '-' | '+' | '>' | '=' | '|' | '~')) {
        out.push('\\');
        out.push_str(rest);
    } else if digits > 0 && matches!(rest[digits..].chars().next(), Some('.' | ')')) {
        out.push_str(&rest[..digits]);
        out.push('\\');
        out.push_str(&rest[digits..]);
    } else {
        out.push_str(rest);
    }
    out
}

/// Each character of a block with its style and link, as read back.
type Signature = Vec<(char, bool, bool, Option<String>)>;

fn reads_back(line: &str, block: &BodyBlock) -> bool {
    let Ok(blocks) = parse_body(line) else {
        return false;
    };
    let read = match (blocks.as_slice(), block) {
        ([model::Block::Paragraph { content }], BodyBlock::Paragraph(_)) => content,
        ([model::Block::BulletList { items }], BodyBlock::Item { ordered: false, .. })
            if items.len() == 1 =>
        {
            &items[0].content
        }
        (
            [model::Block::NumberedList { items, start }],
            BodyBlock::Item {
                ordered: true,
                number,
                ..
            },
        ) if items.len() == 1 && start == number => &items[0].content,
        _ => return false,
    };
    let mut got = Signature::new();
    sign(read, false, false, None, &mut got);
    folded(got) == folded(meant(block.spans()))
}

fn sign(content: &[Inline], strong: bool, emphasis: bool, link: Option<&str>, out: &mut Signature) {
    for inline in content {
        match inline {
            Inline::Text { text } => out.extend(
                text.chars()
                    .map(|c| (c, strong, emphasis, link.map(str::to_owned))),
            ),
            Inline::Strong { content } => sign(content, true, emphasis, link, out),
            Inline::Emphasis { content } => sign(content, strong, true, link, out),
            Inline::Link { content, url, .. } => sign(content, strong, emphasis, Some(url), out),
        }
    }
}

/// What a block's spans mean, as the writer puts it down: white space at
/// the edge of a styled run outside its delimiters, and at the edge of a
/// link outside the link.
fn meant(spans: &[Span]) -> Signature {
    let link_of = |span: &Span| {
        span.link
            .as_deref()
            .filter(|link| allowed_link(link))
            .map(link_destination)
    };
    let mut signature = Signature::new();
    for (index, span) in spans.iter().enumerate() {
        let link = link_of(span);
        let starts_link = index == 0 || link_of(&spans[index - 1]) != link;
        let ends_link = index + 1 == spans.len() || link_of(&spans[index + 1]) != link;
        let text = fold_text(&span.text);
        let (before, inner, after) = split_space(&text);
        let edge_link = |at_edge: bool| if at_edge { None } else { link.clone() };
        signature.extend(
            before
                .chars()
                .map(|c| (c, false, false, edge_link(starts_link))),
        );
        signature.extend(
            inner
                .chars()
                .map(|c| (c, span.strong, span.emphasis, link.clone())),
        );
        signature.extend(
            after
                .chars()
                .map(|c| (c, false, false, edge_link(ends_link))),
        );
    }
    signature
}

/// A signature with runs of white space as one, and none at the ends: as
/// the body parser folds text.
fn folded(mut signature: Signature) -> Signature {
    signature.dedup_by(|b, a| a.0 == ' ' && b.0 == ' ');
    while signature.first().is_some_and(|(c, ..)| *c == ' ') {
        signature.remove(0);
    }
    while signature.last().is_some_and(|(c, ..)| *c == ' ') {
        signature.pop();
    }
    signature
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> Span {
        Span {
            text: text.into(),
            ..Span::default()
        }
    }

    fn strong(text: &str) -> Span {
        Span {
            text: text.into(),
            strong: true,
            ..Span::default()
        }
    }

    fn link(text: &str, address: &str) -> Span {
        Span {
            text: text.into(),
            link: Some(address.into()),
            ..Span::default()
        }
    }

    fn body(blocks: &[BodyBlock]) -> WrittenBody {
        write_body(blocks).unwrap()
    }

    #[test]
    fn text_stays_text() {
        for text in [
            "Costs $5 # 2 * 3 < 4 & \"q\" C:\\dir @me 50% ~x~",
            "# not a heading",
            "- not a list",
            "1. not a list",
            "2) not a list",
            "> not a quote",
            "[brackets] and *stars* and _underscores_ and `ticks`",
            "&amp; is not an ampersand, <b>not bold</b>",
            "a line that ends with a backslash \\",
        ] {
            let written = body(&[BodyBlock::Paragraph(vec![span(text)])]);
            assert!(written.unstyled.is_empty(), "{text}: {written:?}");
        }
    }

    #[test]
    fn style_and_links() {
        let written = body(&[
            BodyBlock::Paragraph(vec![
                span("Call the line "),
                strong("at least two days "),
                span("before. See "),
                link("our website", "https://example.org/a b(c)"),
                span("."),
            ]),
            BodyBlock::Item {
                ordered: false,
                number: 0,
                spans: vec![span("one")],
            },
            BodyBlock::Item {
                ordered: false,
                number: 0,
                spans: vec![span("two")],
            },
            BodyBlock::Item {
                ordered: true,
                number: 3,
                spans: vec![link("a file", "file:///c/x.doc")],
            },
        ]);
        assert_eq!(
            written.markup,
            "Call the line **at least two days** before. See [our website](https://example.org/a%20b%28c%29).\n\n- one\n- two\n\n3. a file\n"
        );
        assert!(written.unstyled.is_empty());
    }

    #[test]
    fn style_the_markup_cannot_say_is_dropped_not_the_words() {
        let written = body(&[BodyBlock::Paragraph(vec![
            strong("\"bold\""),
            Span {
                text: "italic".into(),
                emphasis: true,
                ..Span::default()
            },
        ])]);
        assert_eq!(written.unstyled, [0]);
        assert_eq!(written.markup, "\"bold\"italic\n");
    }
}
