//! Reads an EPUB back as a reading system would: unzips it, follows
//! `META-INF/container.xml` to the package document, and walks the spine's
//! XHTML documents in order, turning each block-level element (heading,
//! paragraph, list item, ...) into a block of text. Knows nothing of how
//! leafpress writes EPUBs: any valid EPUB 3 reads.
//!
//! Left out, as a reader never hears them as text: the `head`, scripts and
//! styles, anything `hidden` or `aria-hidden`, and page-break markers (they
//! carry a print page number, not words of the leaflet).
//!
//! Items of a numbered list (`<ol>`) are read with their numbers, as a
//! reading system shows them (`start`, `reversed` and an item's `value`
//! honoured), so the check can tell a renumbered list.
//!
//! Defensive against damaged or hostile files: what the reader unpacks is
//! capped, per file and in all, so a ZIP bomb cannot exhaust memory; each
//! spine document is read once; XML is parsed with a node limit and walked
//! without recursion, so no nesting depth can overflow the stack.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use roxmltree::{Document, Node, ParsingOptions};
use zip::ZipArchive;
use zip::result::ZipError;

use crate::error::Error;
use crate::outputs::ReadBack;

/// The most bytes one file inside the EPUB may unpack to.
const MAX_ENTRY_BYTES: u64 = 16 * 1024 * 1024;
/// The most bytes the reader unpacks from one EPUB, all files together.
const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
/// The most XML nodes one document may hold.
const MAX_NODES: u32 = 1_000_000;

const OPS_NAMESPACE: &str = "http://www.idpf.org/2007/ops";
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// The blocks of text of an EPUB's spine, in reading order.
pub fn read(bytes: &[u8]) -> Result<ReadBack, Error> {
    if bytes.is_empty() {
        return Err(Error::Read("the file is empty".into()));
    }
    let mut archive = Archive {
        zip: ZipArchive::new(Cursor::new(bytes))
            .map_err(|error| Error::Read(format!("it is not a ZIP archive ({error})")))?,
        unpacked: 0,
    };
    let mut flaws = mimetype_flaws(&mut archive.zip);

    let container = archive.text("META-INF/container.xml")?;
    let container = parse("META-INF/container.xml", &container)?;
    let package_path = container
        .descendants()
        .find(|node| node.has_tag_name("rootfile"))
        .and_then(|node| node.attribute("full-path"))
        .ok_or_else(|| Error::Read("META-INF/container.xml names no package document".into()))?
        .to_owned();

    let package_text = archive.text(&package_path)?;
    let package = parse(&package_path, &package_text)?;
    let base = match package_path.rfind('/') {
        Some(slash) => &package_path[..=slash],
        None => "",
    };
    let manifest: HashMap<&str, (&str, &str)> = package
        .descendants()
        .filter(|node| node.has_tag_name("item"))
        .filter_map(|item| {
            Some((
                item.attribute("id")?,
                (item.attribute("href")?, item.attribute("media-type")?),
            ))
        })
        .collect();
    let spine: Vec<&str> = package
        .descendants()
        .filter(|node| node.has_tag_name("itemref"))
        .filter_map(|itemref| itemref.attribute("idref"))
        .collect();
    if spine.is_empty() {
        return Err(Error::Read(format!("{package_path} has an empty spine")));
    }

    let mut blocks = Vec::new();
    let mut read_already = HashSet::new();
    for idref in spine {
        if !read_already.insert(idref) {
            flaws.push(format!("{package_path}: the spine names `{idref}` twice"));
            continue;
        }
        let &(href, media_type) = manifest.get(idref).ok_or_else(|| {
            Error::Read(format!(
                "{package_path}: the spine names `{idref}`, which the manifest lacks"
            ))
        })?;
        if media_type != "application/xhtml+xml" {
            continue;
        }
        let path = resolve(base, href);
        let text = archive.text(&path)?;
        let document = parse(&path, &text)?;
        let root = document.root_element();
        let lang = plain_attribute(root, "lang");
        let xml_lang = root.attribute((XML_NAMESPACE, "lang"));
        let same = matches!((lang, xml_lang), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b));
        if !same {
            flaws.push(format!(
                "{path} does not give its language as both `lang` and `xml:lang`"
            ));
        }
        if let Some(body) = root.children().find(|node| node.has_tag_name("body")) {
            blocks.extend(blocks_of(body));
        }
    }
    Ok(ReadBack {
        unseen: Vec::new(),
        blocks,
        flaws,
        printed: None,
    })
}

/// What is wrong with the `mimetype` entry, which must come first, be
/// stored uncompressed and say `application/epub+zip`.
fn mimetype_flaws(archive: &mut ZipArchive<Cursor<&[u8]>>) -> Vec<String> {
    let mut flaws = Vec::new();
    let Ok(mut first) = archive.by_index(0) else {
        return vec!["it has no `mimetype` entry".into()];
    };
    if first.name() != "mimetype" {
        flaws.push("its first entry is not `mimetype`".into());
    } else {
        if first.compression() != zip::CompressionMethod::Stored {
            flaws.push("its `mimetype` entry is compressed".into());
        }
        let mut content = Vec::new();
        let read = (&mut first).take(64).read_to_end(&mut content);
        if read.is_err() || content != b"application/epub+zip" {
            flaws.push("its `mimetype` entry does not say `application/epub+zip`".into());
        }
    }
    flaws
}

/// The EPUB's ZIP archive, and how much has been unpacked from it.
struct Archive<'b> {
    zip: ZipArchive<Cursor<&'b [u8]>>,
    unpacked: u64,
}

impl Archive<'_> {
    /// The text of one file inside the EPUB, within the caps on what one
    /// file and the whole EPUB may unpack to.
    fn text(&mut self, name: &str) -> Result<String, Error> {
        let entry = self.zip.by_name(name).map_err(|error| match error {
            ZipError::FileNotFound => Error::Read(format!("it has no `{name}`")),
            error => Error::Read(format!("cannot open `{name}`: {error}")),
        })?;
        let allowed = MAX_ENTRY_BYTES.min(MAX_TOTAL_BYTES - self.unpacked);
        let mut bytes = Vec::new();
        entry
            .take(allowed + 1)
            .read_to_end(&mut bytes)
            .map_err(|error| Error::Read(format!("cannot unpack `{name}`: {error}")))?;
        if bytes.len() as u64 > allowed {
            return Err(Error::Read(format!(
                "`{name}` unpacks to more than the reader allows ({} MiB a file, {} MiB in all)",
                MAX_ENTRY_BYTES >> 20,
                MAX_TOTAL_BYTES >> 20
            )));
        }
        self.unpacked += bytes.len() as u64;
        String::from_utf8(bytes).map_err(|_| Error::Read(format!("`{name}` is not UTF-8")))
    }
}

/// Parses an XML document from the EPUB.
fn parse<'t>(name: &str, text: &'t str) -> Result<Document<'t>, Error> {
    let options = ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options)
        .map_err(|error| Error::Read(format!("`{name}` is not well-formed XML: {error}")))
}

/// A manifest `href`, relative to the package document, as a path inside
/// the ZIP: `%` escapes decoded, `.` and `..` resolved, any fragment cut.
fn resolve(base: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or_default();
    let mut parts: Vec<String> = Vec::new();
    for part in format!("{base}{}", percent_decode(href)).split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part.to_owned()),
        }
    }
    parts.join("/")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = || {
            let digits = bytes.get(i + 1..i + 3)?;
            if !digits.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            u8::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
        };
        match (bytes[i], hex()) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Elements that start a block of their own, as a reading system lays
/// them out.
const BLOCK_ELEMENTS: [&str; 39] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Elements whose content is never read as text.
const SILENT_ELEMENTS: [&str; 5] = ["head", "script", "style", "template", "noscript"];

/// An attribute in no namespace (`lang`, not `xml:lang`).
fn plain_attribute<'a>(element: Node<'a, '_>, name: &str) -> Option<&'a str> {
    element
        .attributes()
        .find(|attribute| attribute.namespace().is_none() && attribute.name() == name)
        .map(|attribute| attribute.value())
}

/// Whether an element is heard as nothing: not rendered, hidden, or a page
/// break marker.
fn is_silent(element: Node<'_, '_>) -> bool {
    let epub_types = element.attribute((OPS_NAMESPACE, "type")).unwrap_or("");
    SILENT_ELEMENTS.contains(&element.tag_name().name())
        || plain_attribute(element, "hidden").is_some()
        || plain_attribute(element, "aria-hidden") == Some("true")
        || plain_attribute(element, "role") == Some("doc-pagebreak")
        || epub_types.split_whitespace().any(|t| t == "pagebreak")
}

/// A numbered list being read: the number its next item gets.
struct NumberedList {
    next: i64,
    step: i64,
}

impl NumberedList {
    fn open(list: Node<'_, '_>) -> NumberedList {
        let reversed = plain_attribute(list, "reversed").is_some();
        let items = list.children().filter(|n| n.has_tag_name("li")).count() as i64;
        let start = plain_attribute(list, "start").and_then(|start| start.trim().parse().ok());
        NumberedList {
            next: start.unwrap_or(if reversed { items } else { 1 }),
            step: if reversed { -1 } else { 1 },
        }
    }

    /// The number of the next item, which may set its own with `value`.
    fn number(&mut self, item: Node<'_, '_>) -> i64 {
        if let Some(value) = plain_attribute(item, "value").and_then(|v| v.trim().parse().ok()) {
            self.next = value;
        }
        let number = self.next;
        self.next = self.next.saturating_add(self.step);
        number
    }
}

/// One step of a walk through a tree: into a node, or out of it.
#[derive(Clone, Copy)]
enum Edge<'a, 'input> {
    Open(Node<'a, 'input>),
    Close(Node<'a, 'input>),
}

/// Every node under `root` (and `root` itself), opened and closed in
/// document order, with no recursion.
fn walk<'a, 'input>(root: Node<'a, 'input>) -> impl Iterator<Item = Edge<'a, 'input>> {
    let mut next = Some(Edge::Open(root));
    std::iter::from_fn(move || {
        let edge = next?;
        next = match edge {
            Edge::Open(node) => Some(match node.first_child() {
                Some(child) => Edge::Open(child),
                None => Edge::Close(node),
            }),
            Edge::Close(node) if node == root => None,
            Edge::Close(node) => match node.next_sibling() {
                Some(sibling) => Some(Edge::Open(sibling)),
                None => node.parent().map(Edge::Close),
            },
        };
        Some(edge)
    })
}

/// The blocks of text under an element, in document order: a block ends at
/// every block-level element's start and end. Walked without recursion.
fn blocks_of(root: Node<'_, '_>) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    // While inside a silent element: the element, to know where it ends.
    let mut silent_until: Option<Node<'_, '_>> = None;
    // Numbered lists open around the current node, innermost last; `None`
    // for a bulleted list, whose items carry no number.
    let mut lists: Vec<Option<NumberedList>> = Vec::new();
    for edge in walk(root) {
        match edge {
            Edge::Open(node) => {
                if silent_until.is_some() {
                    continue;
                }
                if node.is_text() {
                    current.push_str(node.text().unwrap_or_default());
                    continue;
                }
                if !node.is_element() || node == root {
                    continue;
                }
                if is_silent(node) {
                    silent_until = Some(node);
                    continue;
                }
                let name = node.tag_name().name();
                match name {
                    "br" => current.push(' '),
                    "ol" => lists.push(Some(NumberedList::open(node))),
                    "ul" | "menu" => lists.push(None),
                    _ => {}
                }
                if BLOCK_ELEMENTS.contains(&name) {
                    flush(&mut blocks, &mut current);
                }
                let in_list = node
                    .parent()
                    .is_some_and(|p| matches!(p.tag_name().name(), "ol" | "ul" | "menu"));
                if name == "li"
                    && in_list
                    && let Some(Some(list)) = lists.last_mut()
                {
                    current.push_str(&format!("{}. ", list.number(node)));
                }
            }
            Edge::Close(node) => {
                if silent_until == Some(node) {
                    silent_until = None;
                    continue;
                }
                if silent_until.is_some() || !node.is_element() {
                    continue;
                }
                let name = node.tag_name().name();
                if matches!(name, "ol" | "ul" | "menu") {
                    lists.pop();
                }
                if BLOCK_ELEMENTS.contains(&name) {
                    flush(&mut blocks, &mut current);
                }
            }
        }
    }
    flush(&mut blocks, &mut current);
    blocks
}

/// Ends the current block: its white space collapsed as HTML renders it.
fn flush(blocks: &mut Vec<String>, current: &mut String) {
    let block = current
        .split([' ', '\t', '\n', '\r', '\u{c}'])
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if !block.is_empty() {
        blocks.push(block);
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_against_the_package_folder() {
        assert_eq!(
            resolve("EPUB/", "text/a%20b.xhtml#x"),
            "EPUB/text/a b.xhtml"
        );
        assert_eq!(resolve("EPUB/text/", "../c.xhtml"), "EPUB/c.xhtml");
        assert_eq!(resolve("", "c.xhtml"), "c.xhtml");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%+1"), "%+1");
    }

    #[test]
    fn damaged_files_are_reported_not_panicked_on() {
        for bytes in [&b""[..], b"PK\x03\x04", b"not a zip at all", b"%PDF-1.7"] {
            assert!(read(bytes).is_err(), "{bytes:?}");
        }
    }

    fn blocks(xhtml: &str) -> Vec<String> {
        let document = Document::parse(xhtml).unwrap();
        let body = document.root_element().first_element_child().unwrap();
        blocks_of(body)
    }

    #[test]
    fn block_elements_become_blocks_and_markers_are_silent() {
        let blocks = blocks(
            r#"<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body>
<h1>Title</h1><p>One <em>two</em>
 three<span epub:type="pagebreak" aria-label="2"/></p>
<ul><li>a</li><li><span role="doc-pagebreak">3</span>b <a href="x">c</a></li></ul>
<p hidden="">gone</p><pre>A</pre><pre>B</pre></body></html>"#,
        );
        assert_eq!(blocks, ["Title", "One two three", "a", "b c", "A", "B"]);
    }

    #[test]
    fn numbered_items_carry_the_numbers_a_reading_system_shows() {
        let blocks = blocks(
            r#"<html xmlns="http://www.w3.org/1999/xhtml"><body>
<ol><li>a</li><li>b</li></ol>
<ol start="0"><li>c</li><li value="7">d</li><li>e</li></ol>
<ol reversed=""><li>f</li><li>g</li></ol></body></html>"#,
        );
        assert_eq!(
            blocks,
            ["1. a", "2. b", "0. c", "7. d", "8. e", "2. f", "1. g"]
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let depth = 100_000;
        let xhtml = format!(
            r#"<html xmlns="http://www.w3.org/1999/xhtml"><body><p>{}deep{}</p></body></html>"#,
            "<i>".repeat(depth),
            "</i>".repeat(depth)
        );
        let document = Document::parse_with_options(
            &xhtml,
            ParsingOptions {
                nodes_limit: MAX_NODES,
                ..ParsingOptions::default()
            },
        );
        if let Ok(document) = document {
            let body = document.root_element().first_element_child().unwrap();
            assert_eq!(blocks_of(body), ["deep"]);
        }
    }

    #[test]
    fn only_a_plain_lang_attribute_counts_and_case_does_not_matter() {
        let document =
            Document::parse(r#"<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en-gb"/>"#)
                .unwrap();
        assert_eq!(plain_attribute(document.root_element(), "lang"), None);
    }
}
