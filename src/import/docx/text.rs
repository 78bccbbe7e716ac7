//! Text: white space in a paragraph's spans, field instructions' words.

use crate::import::document::Span;

/// The words of a field instruction's arguments: quoted strings whole.
pub fn field_arguments(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut word = String::new();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                word.push(c);
            }
            words.push(word);
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                word.push(c);
                chars.next();
            }
            words.push(word);
        }
    }
    words
}

/// `one` or `many` by `n`.
pub fn plural<'s>(n: usize, one: &'s str, many: &'s str) -> &'s str {
    if n == 1 { one } else { many }
}

/// Whether a character is white space that collapses (not a no-break space).
pub fn collapsible(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}')
}

/// A paragraph's spans with white space collapsed to one space, none at the
/// ends, control characters dropped, and like spans joined. A space
/// between spans of different styles goes to the unstyled side (or the
/// earlier), so that bold words do not end in a space.
pub fn tidy(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut pending = false;
    for span in spans {
        let styled = span.strong || span.emphasis || span.link.is_some();
        let mut current = Span {
            text: String::new(),
            ..span.clone()
        };
        for c in span.text.chars() {
            if collapsible(c) || c.is_control() {
                if collapsible(c) {
                    pending = true;
                }
                continue;
            }
            if pending {
                let started = !out.is_empty() || !current.text.is_empty();
                if started {
                    if !current.text.is_empty() || !styled {
                        current.text.push(' ');
                    } else if let Some(last) = out.last_mut() {
                        last.text.push(' ');
                    }
                }
                pending = false;
            }
            current.text.push(c);
        }
        if current.text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last)
                if last.strong == current.strong
                    && last.emphasis == current.emphasis
                    && last.link == current.link =>
            {
                last.text.push_str(&current.text);
            }
            _ => out.push(current),
        }
    }
    out
}
