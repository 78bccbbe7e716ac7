//! Reads a web page back as a browser would: parses it with html5ever, the
//! HTML5 parser of Servo (the specification's tree building, error recovery
//! included), and walks the tree with the EPUB reader's walk and CSS
//! cascade ([`crate::outputs::epub::reader::read_self_contained`]), so that
//! what the page's own `<style>` and markup hide on screen is left out and
//! reported as unseen. The tree goes from one to the other as XML, each
//! element and attribute name that XML cannot hold reported as a flaw.
//!
//! Besides the blocks of text, it gathers what the web page's check judges
//! of the page as a whole ([`Page`]): its language and direction, its `h1`
//! and `h2` headings, the links of its `nav`, and everything that would run
//! a script or make a browser fetch something from outside the file
//! (flaws, whatever the leaflet). Knows nothing of how leafpress writes
//! pages.

use std::cell::RefCell;
use std::rc::Rc;

use html5ever::tendril::TendrilSink;
use html5ever::{ParseOpts, QualName, parse_document};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use roxmltree::{Document, Node, ParsingOptions};

use crate::error::Error;
use crate::outputs::ReadBack;
use crate::outputs::epub::reader::read_self_contained;

/// The most bytes a page may hold.
const MAX_BYTES: usize = 16 * 1024 * 1024;
/// The most XML nodes the page's tree may hold.
const MAX_NODES: u32 = 1_000_000;

/// What a reader gets from a web page, and what its check judges of it.
#[derive(Debug, Default)]
pub struct Page {
    /// The blocks of text, unseen text and flaws (a script, a request to
    /// outside the file).
    pub read: ReadBack,
    /// The `lang` of the `html` element.
    pub lang: Option<String>,
    /// The `dir` of the `html` element.
    pub dir: Option<String>,
    /// The text of each `h1`, in order.
    pub h1: Vec<String>,
    /// The text of each `h2`, in order.
    pub h2: Vec<String>,
    /// Each link inside a `nav`: its `href` and its text.
    pub nav_links: Vec<(String, String)>,
}

/// Reads a web page.
pub fn read(bytes: &[u8]) -> Result<Page, Error> {
    if bytes.is_empty() {
        return Err(Error::Read("the file is empty".into()));
    }
    if bytes.len() > MAX_BYTES {
        return Err(Error::Read(format!(
            "it is larger than the reader allows ({} MiB)",
            MAX_BYTES >> 20
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|error| {
        Error::Read(format!(
            "it is not UTF-8 (invalid byte at offset {})",
            error.valid_up_to()
        ))
    })?;
    let dom = parse_document(RcDom::default(), ParseOpts::default()).one(text);
    let mut flaws = Vec::new();
    if dom.quirks_mode.get() != html5ever::tree_builder::QuirksMode::NoQuirks {
        flaws.push(
            "it does not start with `<!doctype html>` (a browser shows it in quirks mode)".into(),
        );
    }
    let xml = as_xml(&dom.document, &mut flaws);
    let options = ParsingOptions {
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let document = Document::parse_with_options(&xml, options)
        .map_err(|error| Error::Read(format!("its tree cannot be read: {error}")))?;
    let reading = read_self_contained(&document, "the page")?;
    flaws.extend(outside_requests(&document));
    let root = document.root_element();
    let headings = |tag: &str| -> Vec<String> { elements(&document, tag).map(text_of).collect() };
    Ok(Page {
        lang: root.attribute("lang").map(str::to_owned),
        dir: root.attribute("dir").map(str::to_owned),
        h1: headings("h1"),
        h2: headings("h2"),
        nav_links: nav_links(&document),
        read: ReadBack {
            blocks: reading.blocks,
            unseen: reading.unseen,
            flaws,
            printed: None,
        },
    })
}

/// The elements named `tag`, in document order.
fn elements<'a, 'i>(
    document: &'a Document<'i>,
    tag: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    document
        .descendants()
        .filter(move |node| node.is_element() && node.tag_name().name() == tag)
}

/// An element's text, its white space collapsed.
fn text_of(element: Node<'_, '_>) -> String {
    let text: String = element
        .descendants()
        .filter_map(|node| node.text().filter(|_| node.is_text()))
        .collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The links inside `nav` elements: `href` and text.
fn nav_links(document: &Document<'_>) -> Vec<(String, String)> {
    elements(document, "a")
        .filter(|link| link.ancestors().any(|a| a.has_tag_name("nav")))
        .map(|link| {
            let href = link.attribute("href").unwrap_or_default().to_owned();
            (href, text_of(link))
        })
        .collect()
}

/// Attributes through which a browser fetches something.
const FETCHING_ATTRIBUTES: [&str; 6] = ["src", "srcset", "poster", "data", "background", "action"];

/// Everything in the page that runs a script or makes a browser fetch
/// something from outside the file, in words. A `data:` address is inside
/// the file; a link (`<a href>`) fetches nothing until followed, but one to
/// another site is allowed only inside `main`, where the leaflet's own
/// links are.
fn outside_requests(document: &Document<'_>) -> Vec<String> {
    let mut flaws = Vec::new();
    for element in document.descendants().filter(Node::is_element) {
        let tag = element.tag_name().name();
        let mut flaw = |what: String| flaws.push(format!("{what} (on `<{tag}>`)"));
        if tag == "script" {
            flaw("it holds a script".into());
        }
        if matches!(
            tag,
            "link" | "base" | "iframe" | "frame" | "embed" | "object"
        ) {
            flaw("it asks the browser to load another file".into());
        }
        if tag == "meta"
            && element
                .attribute("http-equiv")
                .is_some_and(|e| e.eq_ignore_ascii_case("refresh"))
        {
            flaw("it sends the browser elsewhere".into());
        }
        for attribute in element.attributes() {
            let (name, value) = (attribute.name(), attribute.value());
            if name.starts_with("on") {
                flaw(format!("it runs a script from the `{name}` attribute"));
            } else if fetches(tag, name, value) {
                flaw(format!("it fetches `{value}` from outside the file"));
            } else if name == "href" && is_remote(value) && !in_main(element) {
                flaw(format!("it links to `{value}` outside the leaflet's text"));
            }
        }
        let css = match tag {
            "style" => text_of(element),
            _ => element.attribute("style").unwrap_or_default().to_owned(),
        };
        flaws.extend(css_requests(&css).map(|what| format!("{what} (on `<{tag}>`)")));
    }
    flaws
}

/// Whether the attribute `name="value"` of a `tag` element makes a browser
/// fetch something from outside the file (an `href` does on anything but a
/// link).
fn fetches(tag: &str, name: &str, value: &str) -> bool {
    (FETCHING_ATTRIBUTES.contains(&name) && !is_inside(value))
        || (name == "href" && tag != "a" && is_remote(value))
}

/// What in a piece of CSS makes a browser fetch something.
fn css_requests(css: &str) -> impl Iterator<Item = &'static str> {
    let css = css.to_ascii_lowercase();
    [
        ("@import", "its CSS imports another style sheet"),
        ("url(", "its CSS fetches a file (`url(`)"),
        ("@font-face", "its CSS loads a web font"),
    ]
    .into_iter()
    .filter(move |(found, _)| css.contains(found))
    .map(|(_, what)| what)
}

/// Whether an address is inside the file: empty, a fragment or `data:`.
fn is_inside(address: &str) -> bool {
    let address = address.trim();
    address.is_empty()
        || address.starts_with('#')
        || address
            .get(..5)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("data:"))
}

/// Whether an address leads off the page's folder: to a site (`https:`,
/// `//host`), or up and out of it.
fn is_remote(address: &str) -> bool {
    let address = address.trim();
    let before = address.split(['/', '?', '#']).next().unwrap_or_default();
    before.contains(':') || address.starts_with("//") || address.starts_with('/')
}

/// Whether an element is inside `main`.
fn in_main(element: Node<'_, '_>) -> bool {
    element.ancestors().any(|a| a.has_tag_name("main"))
}

/// The parsed tree as XML text, walked without recursion. Comments, the
/// doctype and template contents are left out (a browser shows none of
/// them).
fn as_xml(document: &Handle, flaws: &mut Vec<String>) -> String {
    let mut out = String::new();
    // Nodes to visit, last first; `true` marks an element to close.
    let mut stack: Vec<(Handle, bool)> = children_of(document);
    while let Some((node, close)) = stack.pop() {
        match &node.data {
            NodeData::Element { name, .. } if close => {
                out.push_str("</");
                out.push_str(&element_name(name, &mut Vec::new()));
                out.push('>');
            }
            NodeData::Element { name, attrs, .. } => {
                out.push('<');
                out.push_str(&element_name(name, flaws));
                write_attributes(&attrs.borrow(), &mut out, flaws);
                out.push('>');
                stack.push((Rc::clone(&node), true));
                stack.extend(children_of(&node));
            }
            NodeData::Text { contents } => push_escaped(&mut out, &contents.borrow(), false),
            _ => {}
        }
    }
    out
}

/// A node's children, last first, each to be opened.
fn children_of(node: &Handle) -> Vec<(Handle, bool)> {
    let children: &RefCell<Vec<Handle>> = &node.children;
    children
        .borrow()
        .iter()
        .rev()
        .map(|child| (Rc::clone(child), false))
        .collect()
}

/// The attributes, as XML, in a start tag.
fn write_attributes(
    attributes: &[html5ever::Attribute],
    out: &mut String,
    flaws: &mut Vec<String>,
) {
    for attribute in attributes {
        let Some(name) = xml_name(&attribute.name, flaws) else {
            continue;
        };
        out.push(' ');
        out.push_str(&name);
        out.push_str("=\"");
        push_escaped(out, &attribute.value, true);
        out.push('"');
    }
}

/// An element's name as XML holds it ([`xml_name`]); one XML cannot hold
/// is replaced.
fn element_name(name: &QualName, flaws: &mut Vec<String>) -> String {
    xml_name(name, flaws).unwrap_or_else(|| "unnamed".to_owned())
}

/// An element or attribute name as XML holds it: its local name, a `:` in
/// it (`xml:lang` on an HTML element) made `-`; a name XML cannot hold at
/// all is reported, and `None`.
fn xml_name(name: &QualName, flaws: &mut Vec<String>) -> Option<String> {
    let local: &str = &name.local;
    let good = local.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'));
    if !good {
        flaws.push(format!(
            "it holds the name `{local}`, which is not a name HTML writes"
        ));
        return None;
    }
    Some(local.replace(':', "-"))
}

/// Pushes text escaped for XML; characters XML cannot hold become U+FFFD.
fn push_escaped(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' | '\n' | '\r' if attribute => out.push(' '),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!doctype html><html lang=en><title>T</title>\
        <style>.gone{display:none}</style><h1>Title</h1><nav><a href=a.pdf>A (PDF, 1 kB)</a></nav>\
        <main><p>One<p class=gone>Two<ul><li>Three</ul></main>";

    #[test]
    fn the_tree_is_read_as_a_browser_builds_it() {
        let page = read(PAGE.as_bytes()).unwrap();
        assert_eq!(page.read.blocks, ["Title", "A (PDF, 1 kB)", "One", "Three"]);
        assert_eq!(page.read.unseen.len(), 1, "{:?}", page.read.unseen);
        assert_eq!(page.lang.as_deref(), Some("en"));
        assert_eq!(page.h1, ["Title"]);
        assert_eq!(
            page.nav_links,
            [("a.pdf".to_owned(), "A (PDF, 1 kB)".to_owned())]
        );
        assert!(page.read.flaws.is_empty(), "{:?}", page.read.flaws);
    }

    #[test]
    fn scripts_and_requests_outside_the_file_are_flaws() {
        for damage in [
            "<script>alert(1)</script>",
            "<img src=https://example.org/x.png alt=x>",
            "<link rel=stylesheet href=x.css>",
            "<p onclick=x()>a</p>",
            "<p style=\"background:url(x.png)\">a</p>",
            "<style>@import 'x.css';</style>",
            "<a href=https://example.org/>outside main</a>",
        ] {
            let page = read(format!("{PAGE}{damage}").as_bytes()).unwrap();
            assert!(!page.read.flaws.is_empty(), "{damage}");
        }
        let page = read(b"<html><p>no doctype").unwrap();
        assert_eq!(page.read.flaws.len(), 1);
    }

    #[test]
    fn damaged_files_are_reported_not_panicked_on() {
        assert!(read(b"").is_err());
        assert!(read(b"\xff\xfe").is_err());
        let odd = read("<!doctype html><p a\"b=1 \u{1}>x<x:y>\u{1}</x:y>".as_bytes()).unwrap();
        assert_eq!(odd.read.blocks, ["x\u{fffd}"]);
        assert!(!odd.read.flaws.is_empty());
        let deep = format!("<!doctype html>{}", "<div>".repeat(3_000));
        assert!(read(deep.as_bytes()).is_ok());
    }
}
