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
//! Defensive against damaged or hostile files: entry sizes are capped, so a
//! ZIP bomb cannot exhaust memory, and XML is parsed with a node limit.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use roxmltree::{Document, Node, ParsingOptions};
use zip::ZipArchive;
use zip::result::ZipError;

use crate::outputs::{ReadBack, ReadError};

/// The most bytes one file inside the EPUB may unpack to.
const MAX_ENTRY_BYTES: u64 = 16 * 1024 * 1024;
/// The most XML nodes one document may hold.
const MAX_NODES: u32 = 1_000_000;

const OPS_NAMESPACE: &str = "http://www.idpf.org/2007/ops";
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// The blocks of text of an EPUB's spine, in reading order.
pub fn read(bytes: &[u8]) -> Result<ReadBack, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError("the file is empty".into()));
    }
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|error| ReadError(format!("it is not a ZIP archive ({error})")))?;
    let mut flaws = mimetype_flaws(&mut archive);

    let container = entry_text(&mut archive, "META-INF/container.xml")?;
    let container = parse("META-INF/container.xml", &container)?;
    let package_path = container
        .descendants()
        .find(|node| node.has_tag_name("rootfile"))
        .and_then(|node| node.attribute("full-path"))
        .ok_or_else(|| ReadError("META-INF/container.xml names no package document".into()))?
        .to_owned();

    let package_text = entry_text(&mut archive, &package_path)?;
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
        return Err(ReadError(format!("{package_path} has an empty spine")));
    }

    let mut blocks = Vec::new();
    for idref in spine {
        let &(href, media_type) = manifest.get(idref).ok_or_else(|| {
            ReadError(format!(
                "{package_path}: the spine names `{idref}`, which the manifest lacks"
            ))
        })?;
        if media_type != "application/xhtml+xml" {
            continue;
        }
        let path = resolve(base, href);
        let text = entry_text(&mut archive, &path)?;
        let document = parse(&path, &text)?;
        let root = document.root_element();
        let lang = root.attribute("lang");
        let xml_lang = root.attribute((XML_NAMESPACE, "lang"));
        if lang.is_none() || xml_lang.is_none() || lang != xml_lang {
            flaws.push(format!(
                "{path} does not give its language as both `lang` and `xml:lang`"
            ));
        }
        let mut current = String::new();
        if let Some(body) = root.children().find(|node| node.has_tag_name("body")) {
            collect_blocks(body, &mut blocks, &mut current);
        }
        flush(&mut blocks, &mut current);
    }
    Ok(ReadBack { blocks, flaws })
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

/// The text of one file inside the EPUB.
fn entry_text(archive: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<String, ReadError> {
    let entry = archive.by_name(name).map_err(|error| match error {
        ZipError::FileNotFound => ReadError(format!("it has no `{name}`")),
        error => ReadError(format!("cannot open `{name}`: {error}")),
    })?;
    let mut bytes = Vec::new();
    entry
        .take(MAX_ENTRY_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| ReadError(format!("cannot unpack `{name}`: {error}")))?;
    if bytes.len() as u64 > MAX_ENTRY_BYTES {
        return Err(ReadError(format!(
            "`{name}` unpacks to more than {} MiB",
            MAX_ENTRY_BYTES / 1024 / 1024
        )));
    }
    String::from_utf8(bytes).map_err(|_| ReadError(format!("`{name}` is not UTF-8")))
}

/// Parses an XML document from the EPUB.
fn parse<'t>(name: &str, text: &'t str) -> Result<Document<'t>, ReadError> {
    let options = ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options)
        .map_err(|error| ReadError(format!("`{name}` is not well-formed XML: {error}")))
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
            let digits = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            u8::from_str_radix(digits, 16).ok()
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
const BLOCK_ELEMENTS: [&str; 30] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
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
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "summary",
    "td",
    "ul",
];

/// Elements whose content is never read as text.
const SILENT_ELEMENTS: [&str; 5] = ["head", "script", "style", "template", "noscript"];

/// Walks an element, adding its text to `current` and finishing a block at
/// every block-level element's start and end.
fn collect_blocks(node: Node<'_, '_>, blocks: &mut Vec<String>, current: &mut String) {
    for child in node.children() {
        if child.is_text() {
            current.push_str(child.text().unwrap_or_default());
            continue;
        }
        if !child.is_element() || is_silent(child) {
            continue;
        }
        let name = child.tag_name().name();
        if name == "br" {
            current.push(' ');
        } else if BLOCK_ELEMENTS.contains(&name) || name == "th" || name == "tr" {
            flush(blocks, current);
            collect_blocks(child, blocks, current);
            flush(blocks, current);
        } else {
            collect_blocks(child, blocks, current);
        }
    }
}

/// Whether an element is heard as nothing: not rendered, hidden, or a page
/// break marker.
fn is_silent(element: Node<'_, '_>) -> bool {
    let epub_types = element.attribute((OPS_NAMESPACE, "type")).unwrap_or("");
    SILENT_ELEMENTS.contains(&element.tag_name().name())
        || element.has_attribute("hidden")
        || element.attribute("aria-hidden") == Some("true")
        || element.attribute("role") == Some("doc-pagebreak")
        || epub_types.split_whitespace().any(|t| t == "pagebreak")
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
    }

    #[test]
    fn damaged_files_are_reported_not_panicked_on() {
        for bytes in [&b""[..], b"PK\x03\x04", b"not a zip at all", b"%PDF-1.7"] {
            assert!(read(bytes).is_err(), "{bytes:?}");
        }
    }

    #[test]
    fn block_elements_become_blocks_and_markers_are_silent() {
        let document = Document::parse(
            r#"<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body>
<h1>Title</h1><p>One <em>two</em>
 three<span epub:type="pagebreak" aria-label="2"/></p>
<ul><li>a</li><li><span role="doc-pagebreak">3</span>b <a href="x">c</a></li></ul>
<p hidden="">gone</p></body></html>"#,
        )
        .unwrap();
        let body = document.root_element().first_element_child().unwrap();
        let mut blocks = Vec::new();
        let mut current = String::new();
        collect_blocks(body, &mut blocks, &mut current);
        flush(&mut blocks, &mut current);
        assert_eq!(blocks, ["Title", "One two three", "a", "b c"]);
    }
}
