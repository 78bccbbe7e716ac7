//! Markup the EPUB's XHTML and the web page's HTML write alike: text and
//! attribute values escaped, link addresses made valid URIs, and inline
//! content (`strong`, `em`, `a`). Writers only: no reader uses it.

use std::fmt::Write as _;

use crate::model::Inline;

/// Escapes text for an XML or HTML text node. Soft hyphens are left out:
/// the EPUB and the web page are never hyphenated, and a soft hyphen would
/// let a reading system or browser do it.
pub fn escape_text(text: &str) -> String {
    escape(text, false)
}

/// Escapes text for a double-quoted XML or HTML attribute value.
pub fn escape_attribute(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' | '\t' | '\r' if attribute => out.push(' '),
            '\u{ad}' => {}
            c => out.push(c),
        }
    }
    out
}

/// What a link's `a` element carries besides its `href`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkMarkup {
    /// Nothing (the EPUB).
    Plain,
    /// `data-address`: the address as print writes it after the link
    /// text, for a print style sheet to show, when the text does not say
    /// it already (the web page).
    WithAddress,
}

/// Inline content as (X)HTML: `strong`, `em` and `a`.
pub fn inline(content: &[Inline], links: LinkMarkup) -> String {
    let mut out = String::new();
    for item in content {
        match item {
            Inline::Text { text } => out.push_str(&escape_text(text)),
            Inline::Strong { content } => {
                let _ = write!(out, "<strong>{}</strong>", inline(content, links));
            }
            Inline::Emphasis { content } => {
                let _ = write!(out, "<em>{}</em>", inline(content, links));
            }
            Inline::Link {
                content,
                url,
                written_address,
            } => {
                let address = match (links, written_address) {
                    (LinkMarkup::WithAddress, Some(address)) => {
                        format!(r#" data-address="{}""#, escape_attribute(address))
                    }
                    _ => String::new(),
                };
                let _ = write!(
                    out,
                    r#"<a href="{}"{address}>{}</a>"#,
                    escape_attribute(&href(url)),
                    inline(content, links)
                );
            }
        }
    }
    out
}

/// A link address as a valid URI for `href`: characters a URI may not hold
/// (spaces, quotes, `<`, `>`, `\`, `^`, backquotes, braces, `|`, square
/// brackets, a `%` that starts no escape, a second `#`) are percent-encoded,
/// as a browser would before following it. Letters beyond ASCII stay: EPUB
/// and HTML allow IRIs. The source format lets authors write an address as people
/// read it (`<tel:+44 20 7946 0000>`), and EPUBCheck refuses it as written.
fn href(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    let mut seen_fragment = false;
    for (i, c) in url.char_indices() {
        let escape_starts = c == '%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        let encode = match c {
            '%' => !escape_starts,
            '#' if seen_fragment => true,
            '#' => {
                seen_fragment = true;
                false
            }
            ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' | '[' | ']' => true,
            c => c.is_control() || c.is_whitespace(),
        };
        if encode {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escape_text(r#"<b> & "x" 'y'"#),
            r#"&lt;b&gt; &amp; "x" 'y'"#
        );
        assert_eq!(escape_attribute(r#"a"b&c"#), "a&quot;b&amp;c");
        assert_eq!(escape_text("treat\u{ad}ment"), "treatment");
    }

    #[test]
    fn link_addresses_become_valid_uris() {
        assert_eq!(href("tel:+44 20 7946 0000"), "tel:+44%2020%207946%200000");
        assert_eq!(
            href("https://example.org/100%"),
            "https://example.org/100%25"
        );
        assert_eq!(
            href("https://example.org/a%20b"),
            "https://example.org/a%20b"
        );
        assert_eq!(
            href("https://example.org/#a#b"),
            "https://example.org/#a%23b"
        );
        assert_eq!(
            href(r#"https://x.org/"q"|{}"#),
            "https://x.org/%22q%22%7C%7B%7D"
        );
        assert_eq!(href("https://example.org/café"), "https://example.org/café");
    }

    #[test]
    fn the_web_page_marks_the_address_print_writes_out() {
        let link = Inline::link(
            vec![Inline::Text {
                text: "our site".into(),
            }],
            "https://example.org/".into(),
        );
        let page = inline(std::slice::from_ref(&link), LinkMarkup::WithAddress);
        assert!(
            page.contains(r#"data-address="https://example.org/""#),
            "{page}"
        );
        let epub = inline(&[link], LinkMarkup::Plain);
        assert!(!epub.contains("data-address"), "{epub}");
    }
}
