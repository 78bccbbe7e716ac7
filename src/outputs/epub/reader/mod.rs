//! Reads an EPUB back as a reading system would: unzips it, follows
//! `META-INF/container.xml` to the package document, and walks the spine's
//! XHTML documents in order, turning each block-level element (heading,
//! paragraph, list item, ...) into a block of text. Knows nothing of how
//! leafpress writes EPUBs: any valid EPUB 3 reads.
//!
//! Left out, as a reader never hears them as text: the `head`, scripts and
//! styles, and page-break markers (they carry a print page number, not
//! words of the leaflet).
//!
//! Left out too, and reported as unseen ([`ReadBack::unseen`]), is text
//! the content documents' own CSS and markup take from a reader: what
//! `display: none`, the `hidden` attribute or `aria-hidden="true"`
//! removes, and text that `visibility: hidden`, `opacity: 0`, an offset or
//! `text-indent` far off screen, a clip to nothing, a transform that
//! shrinks it to nothing (`scale(0)`), a font size under 4.5 pt, a colour
//! with no alpha (`transparent`) or one too close to its background leaves
//! unseen. The CSS
//! is the package's linked style sheets (with their `@import`s), `<style>`
//! elements and `style` attributes, parsed with `cssparser`'s tokenizer
//! (`css.rs`), matched by the reader's own selectors (`selector.rs`) and
//! cascaded conservatively (`style.rs`): what the reader cannot judge
//! never counts as hidden. In the navigation document, hidden parts (a
//! page-list) are allowed, and left out without a report.
//!
//! Items of a numbered list (`<ol>`) are read with their numbers, as a
//! reading system shows them (`start`, `reversed` and an item's `value`
//! honoured), so the check can tell a renumbered list.
//!
//! Defensive against damaged or hostile files: what the reader unpacks is
//! capped, per file and in all, so a ZIP bomb cannot exhaust memory; each
//! spine document is read once; XML is parsed with a node limit and walked
//! without recursion, so no nesting depth can overflow the stack; the CSS
//! is bounded in sheets, rules and the work of matching them.

mod css;
mod selector;
mod style;

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};
use std::rc::Rc;

use roxmltree::{Document, Node, ParsingOptions};
use zip::ZipArchive;
use zip::result::ZipError;

use crate::error::Error;
use crate::outputs::ReadBack;
use crate::outputs::unseen::{Unseen, Why};
use css::Sheet;
use selector::Place;
use style::{Cascade, Styled};

/// The most bytes one file inside the EPUB may unpack to.
const MAX_ENTRY_BYTES: u64 = 16 * 1024 * 1024;
/// The most bytes the reader unpacks from one EPUB, all files together.
const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
/// The most XML nodes one document may hold.
const MAX_NODES: u32 = 1_000_000;
/// The most style sheets one content document may use (imports
/// included).
const MAX_SHEETS: usize = 64;
/// How deeply `@import`s are followed.
const MAX_IMPORT_DEPTH: usize = 8;
/// The most work styling the spine's elements may take, all documents
/// together (elements times the selectors' compounds and declarations):
/// past it the reader refuses the EPUB rather than guess what it hides.
const MAX_STYLE_WORK: usize = 50_000_000;
/// How deeply elements are styled; deeper ones are taken as seen.
const MAX_STYLED_DEPTH: usize = 256;

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
    let manifest: HashMap<&str, (&str, &str, &str)> = package
        .descendants()
        .filter(|node| node.has_tag_name("item"))
        .filter_map(|item| {
            Some((
                item.attribute("id")?,
                (
                    item.attribute("href")?,
                    item.attribute("media-type")?,
                    item.attribute("properties").unwrap_or(""),
                ),
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
    let mut unseen = Vec::new();
    let mut sheets = SheetCache::default();
    let mut work: usize = 0;
    let mut read_already = HashSet::new();
    for idref in spine {
        if !read_already.insert(idref) {
            flaws.push(format!("{package_path}: the spine names `{idref}` twice"));
            continue;
        }
        let &(href, media_type, properties) = manifest.get(idref).ok_or_else(|| {
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
        let cascade = cascade_of(
            Some(&mut archive),
            &mut sheets,
            &path,
            &document,
            &mut flaws,
        )?;
        add_work(&mut work, &document, &cascade, &path)?;
        // The navigation document may hide parts of itself (a page-list).
        let is_nav = properties.split_ascii_whitespace().any(|p| p == "nav");
        let reading = read_document(root, &cascade, !is_nav);
        blocks.extend(reading.blocks);
        unseen.extend(reading.unseen);
    }
    Ok(ReadBack {
        unseen,
        blocks,
        flaws,
        printed: None,
    })
}

/// Adds the work of styling `document`'s elements with `cascade` to
/// `work`; past [`MAX_STYLE_WORK`] the reader refuses the file rather than
/// guess what it hides.
fn add_work(
    work: &mut usize,
    document: &Document<'_>,
    cascade: &Cascade,
    path: &str,
) -> Result<(), Error> {
    let elements = document.descendants().filter(Node::is_element).count();
    *work = work.saturating_add(elements.saturating_mul(cascade.work_per_element()));
    if *work > MAX_STYLE_WORK {
        return Err(Error::Read(format!(
            "{path}: its style sheets and elements take more work to judge than the reader allows"
        )));
    }
    Ok(())
}

/// What a reader gets from one self-contained (X)HTML document, `name`,
/// styled by its own `<style>` elements and `style` attributes only:
/// linked and imported sheets are not followed (the web page must hold its
/// CSS, and its check says so when it does not). The web page's reader
/// parses HTML5 itself and hands the tree over as XML; this walks it as the
/// EPUB's documents are walked.
pub fn read_self_contained(document: &Document<'_>, name: &str) -> Result<Reading, Error> {
    let mut flaws = Vec::new();
    let cascade = cascade_of(None, &mut SheetCache::default(), name, document, &mut flaws)?;
    add_work(&mut 0, document, &cascade, name)?;
    Ok(read_document(document.root_element(), &cascade, true))
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
        let bytes = self
            .bytes(name)?
            .ok_or_else(|| Error::Read(format!("it has no `{name}`")))?;
        String::from_utf8(bytes).map_err(|_| Error::Read(format!("`{name}` is not UTF-8")))
    }

    /// The bytes of one file inside the EPUB, or `None` if it has no such
    /// file, within the caps on what one file and the whole EPUB may
    /// unpack to.
    fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, Error> {
        let entry = match self.zip.by_name(name) {
            Ok(entry) => entry,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(error) => return Err(Error::Read(format!("cannot open `{name}`: {error}"))),
        };
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
        Ok(Some(bytes))
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

/// Whether an element is heard as nothing and holds none of the leaflet:
/// not rendered, or a page break marker.
fn is_silent(element: Node<'_, '_>) -> bool {
    let epub_types = element.attribute((OPS_NAMESPACE, "type")).unwrap_or("");
    SILENT_ELEMENTS.contains(&element.tag_name().name())
        || plain_attribute(element, "role") == Some("doc-pagebreak")
        || epub_types.split_whitespace().any(|t| t == "pagebreak")
}

/// Style sheets read from the EPUB, by path: each is read and parsed
/// once, however many documents use it (`None`: the EPUB lacks it).
type SheetCache = HashMap<String, Option<Rc<Sheet>>>;

/// The folder of a path inside the ZIP, with its trailing `/`.
fn folder_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(slash) => &path[..=slash],
        None => "",
    }
}

/// Whether a link points outside the EPUB (`https:`, `//host/`).
fn is_remote(href: &str) -> bool {
    let before = href.split(['/', '?', '#']).next().unwrap_or_default();
    before.contains(':') || href.starts_with("//")
}

/// The cascade of a content document: its linked style sheets and
/// `<style>` elements in document order, each after what it imports.
fn cascade_of(
    archive: Option<&mut Archive<'_>>,
    sheets: &mut SheetCache,
    path: &str,
    document: &Document<'_>,
    flaws: &mut Vec<String>,
) -> Result<Cascade, Error> {
    let mut linker = Linker {
        archive,
        sheets,
        document: path,
        flaws,
        cascade: Cascade::default(),
        count: 0,
        chain: Vec::new(),
    };
    for node in document.descendants().filter(Node::is_element) {
        let css_type = plain_attribute(node, "type").map(str::trim);
        if css_type.is_some_and(|t| !t.is_empty() && !t.eq_ignore_ascii_case("text/css")) {
            continue;
        }
        let certain = css::media_attribute_is_screen(plain_attribute(node, "media"));
        match node.tag_name().name() {
            "link" => {
                let rel = plain_attribute(node, "rel")
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let rel: Vec<&str> = rel.split_ascii_whitespace().collect();
                let href = plain_attribute(node, "href");
                if !rel.contains(&"stylesheet")
                    || rel.contains(&"alternate")
                    || plain_attribute(node, "disabled").is_some()
                {
                    continue;
                }
                if let Some(href) = href.filter(|href| !is_remote(href)) {
                    let target = resolve(folder_of(path), href.split('?').next().unwrap_or(""));
                    linker.link(&target, certain, 0)?;
                }
            }
            "style" => {
                let text: String = node.children().filter_map(|n| n.text()).collect();
                let sheet = Rc::new(Sheet::parse(&text));
                linker.add(sheet, folder_of(path), certain, 0)?;
            }
            _ => {}
        }
    }
    Ok(linker.cascade)
}

/// Gathers a document's style sheets into its cascade.
struct Linker<'a, 'b> {
    /// Where linked sheets are read from; `None` for a self-contained
    /// document, whose links are not followed.
    archive: Option<&'a mut Archive<'b>>,
    sheets: &'a mut SheetCache,
    /// The content document's path, for messages.
    document: &'a str,
    flaws: &'a mut Vec<String>,
    cascade: Cascade,
    /// How many sheets the cascade holds.
    count: usize,
    /// The sheets being imported, outermost first, to stop at a cycle.
    chain: Vec<String>,
}

impl Linker<'_, '_> {
    /// Adds the sheet at `path` (linked or imported), after its imports.
    fn link(&mut self, path: &str, certain: bool, depth: usize) -> Result<(), Error> {
        if depth > MAX_IMPORT_DEPTH || self.chain.iter().any(|p| p == path) {
            return Ok(());
        }
        let Some(archive) = self.archive.as_deref_mut() else {
            return Ok(());
        };
        let sheet = match self.sheets.get(path) {
            Some(sheet) => sheet.clone(),
            None => {
                let sheet = archive.bytes(path)?.map(|bytes| {
                    let text = String::from_utf8_lossy(&bytes);
                    Rc::new(Sheet::parse(text.trim_start_matches('\u{feff}')))
                });
                self.sheets.insert(path.to_owned(), sheet.clone());
                sheet
            }
        };
        let Some(sheet) = sheet else {
            self.flaws.push(format!(
                "{}: the style sheet `{path}` it uses is not in the EPUB",
                self.document
            ));
            return Ok(());
        };
        self.chain.push(path.to_owned());
        let added = self.add(sheet, folder_of(path), certain, depth);
        self.chain.pop();
        added
    }

    /// Adds a parsed sheet whose relative addresses start from `folder`,
    /// after what it imports.
    fn add(
        &mut self,
        sheet: Rc<Sheet>,
        folder: &str,
        certain: bool,
        depth: usize,
    ) -> Result<(), Error> {
        if sheet.too_large {
            return Err(Error::Read(format!(
                "{}: a style sheet it uses holds more than {} rules, more than the reader judges",
                self.document,
                css::MAX_RULES
            )));
        }
        self.count += 1;
        if self.count > MAX_SHEETS {
            return Err(Error::Read(format!(
                "{}: it uses more than {MAX_SHEETS} style sheets, more than the reader judges",
                self.document
            )));
        }
        for import in &sheet.imports {
            if !is_remote(&import.href) {
                let target = resolve(folder, import.href.split('?').next().unwrap_or(""));
                self.link(&target, certain && import.certain, depth + 1)?;
            }
        }
        self.cascade.add(sheet, certain);
        Ok(())
    }
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

/// What a reader gets from one content document.
#[derive(Debug, Default)]
pub struct Reading {
    /// The blocks of text it shows, in order.
    pub blocks: Vec<String>,
    /// The text it holds that a reader cannot see, and why.
    pub unseen: Vec<Unseen>,
}

/// An element open during the walk.
struct Frame {
    style: Styled,
    /// The places of its element children, when selectors need them.
    places: Vec<Place>,
    /// How many of its element children have been opened.
    opened: usize,
}

impl Frame {
    fn new(node: Node<'_, '_>, style: Styled, places: bool) -> Frame {
        Frame {
            style,
            places: if places { places_of(node) } else { Vec::new() },
            opened: 0,
        }
    }

    /// The place of the next element child, if places are kept.
    fn next_place(&mut self) -> Option<Place> {
        let place = self.places.get(self.opened).copied();
        self.opened += 1;
        place
    }
}

/// Where each element child of `parent` stands among its siblings.
fn places_of(parent: Node<'_, '_>) -> Vec<Place> {
    let children: Vec<Node> = parent.children().filter(Node::is_element).collect();
    let mut of_type: HashMap<&str, u32> = HashMap::new();
    for child in &children {
        *of_type.entry(child.tag_name().name()).or_default() += 1;
    }
    let mut seen: HashMap<&str, u32> = HashMap::new();
    children
        .iter()
        .enumerate()
        .map(|(i, child)| {
            let name = child.tag_name().name();
            let index = seen.entry(name).or_default();
            *index += 1;
            Place {
                index: i as u32 + 1,
                count: children.len() as u32,
                type_index: *index,
                type_count: of_type[name],
            }
        })
        .collect()
}

/// Unseen text being gathered: consecutive stretches hidden for the same
/// reason make one.
#[derive(Default)]
struct UnseenText {
    text: String,
    why: Option<Why>,
}

impl UnseenText {
    fn add(&mut self, text: &str, why: Why, out: &mut Vec<Unseen>) {
        if self.why.as_ref() != Some(&why) {
            self.end(out);
            self.why = Some(why);
        }
        self.text.push_str(text);
    }

    /// A block boundary: the next words are not run into these.
    fn separate(&mut self) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
    }

    fn end(&mut self, out: &mut Vec<Unseen>) {
        if let Some(why) = self.why.take() {
            push_unseen(out, &self.text, why);
        }
        self.text.clear();
    }
}

fn push_unseen(out: &mut Vec<Unseen>, text: &str, why: Why) {
    let text = collapse(text);
    if !text.is_empty() {
        out.push(Unseen { text, why });
    }
}

/// The blocks of text of a content document, from its root element, in
/// document order: a block ends at every block-level element's start and
/// end. Only the `body` is read. What the document's style or markup
/// hides is left out, and reported as unseen when `report` is set.
/// Walked without recursion.
fn read_document(root: Node<'_, '_>, cascade: &Cascade, report: bool) -> Reading {
    let mut reading = Reading::default();
    let mut current = String::new();
    let mut unseen = UnseenText::default();
    let mut frames: Vec<Frame> = Vec::new();
    let mut rem = None;
    // While inside an element left out: the element, to know where it
    // ends, and why (`None` for what holds none of the leaflet, or when
    // not reporting); and the text it holds.
    let mut skipping: Option<(Node<'_, '_>, Option<Why>)> = None;
    let mut skipped = String::new();
    // Numbered lists open around the current node, innermost last; `None`
    // for a bulleted list, whose items carry no number.
    let mut lists: Vec<Option<NumberedList>> = Vec::new();
    for edge in walk(root) {
        match edge {
            Edge::Open(node) => {
                if let Some((_, why)) = &skipping {
                    if why.is_some() {
                        gather(node, &mut skipped);
                    }
                    continue;
                }
                if node.is_text() {
                    let text = node.text().unwrap_or_default();
                    match frames.last().and_then(|frame| frame.style.text.clone()) {
                        Some(why) if report => unseen.add(text, why, &mut reading.unseen),
                        Some(_) => {}
                        None => {
                            current.push_str(text);
                            if !text.trim().is_empty() {
                                unseen.end(&mut reading.unseen);
                            }
                        }
                    }
                    continue;
                }
                if !node.is_element() {
                    continue;
                }
                let name = node.tag_name().name();
                let block = BLOCK_ELEMENTS.contains(&name);
                let place = frames.last_mut().map(Frame::next_place);
                let style = match frames.last() {
                    None => cascade.style(node, Some(ONLY), None, true, Some(16.0)),
                    Some(parent)
                        if frames.len() >= MAX_STYLED_DEPTH || parent.style.is_unknown() =>
                    {
                        Styled::unknown()
                    }
                    Some(parent) => {
                        cascade.style(node, place.flatten(), Some(&parent.style), block, rem)
                    }
                };
                if frames.is_empty() {
                    rem = style.font_px();
                }
                let outside_body = node.parent() == Some(root) && name != "body";
                if outside_body || is_silent(node) {
                    skipping = Some((node, None));
                    continue;
                }
                let removed = match &style.removed {
                    Some(how) => Some(how.to_string()),
                    None if plain_attribute(node, "aria-hidden") == Some("true") => {
                        Some(r#"aria-hidden="true""#.to_owned())
                    }
                    None => None,
                };
                if let Some(how) = removed {
                    skipping = Some((node, report.then_some(Why::Hidden { how })));
                    skipped.clear();
                    continue;
                }
                frames.push(Frame::new(node, style, cascade.needs_places()));
                match name {
                    "br" => {
                        current.push(' ');
                        unseen.separate();
                    }
                    "ol" => lists.push(Some(NumberedList::open(node))),
                    "ul" | "menu" => lists.push(None),
                    _ => {}
                }
                if block {
                    flush(&mut reading.blocks, &mut current);
                    unseen.separate();
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
                if let Some((element, why)) = &skipping {
                    if *element == node {
                        if let Some(why) = why.clone() {
                            unseen.end(&mut reading.unseen);
                            push_unseen(&mut reading.unseen, &skipped, why);
                        }
                        skipping = None;
                    }
                    continue;
                }
                if !node.is_element() {
                    continue;
                }
                frames.pop();
                let name = node.tag_name().name();
                if matches!(name, "ol" | "ul" | "menu") {
                    lists.pop();
                }
                if BLOCK_ELEMENTS.contains(&name) {
                    flush(&mut reading.blocks, &mut current);
                    unseen.separate();
                }
            }
        }
    }
    flush(&mut reading.blocks, &mut current);
    unseen.end(&mut reading.unseen);
    reading
}

/// The place of the root element: the only child of the document.
const ONLY: Place = Place {
    index: 1,
    count: 1,
    type_index: 1,
    type_count: 1,
};

/// Adds what a node inside a left-out element holds to its text: its
/// words, or a space where a block or line ends.
fn gather(node: Node<'_, '_>, skipped: &mut String) {
    if node.is_text() {
        if !node.parent().is_some_and(is_silent) {
            skipped.push_str(node.text().unwrap_or_default());
        }
    } else if node.is_element()
        && (node.has_tag_name("br") || BLOCK_ELEMENTS.contains(&node.tag_name().name()))
    {
        skipped.push(' ');
    }
}

/// Text with its white space collapsed as HTML renders it.
fn collapse(text: &str) -> String {
    text.split([' ', '\t', '\n', '\r', '\u{c}'])
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Ends the current block: its white space collapsed as HTML renders it.
fn flush(blocks: &mut Vec<String>, current: &mut String) {
    let block = collapse(current);
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

    /// What a reader gets from one document, styled by its `<style>`
    /// elements.
    fn reading(xhtml: &str) -> Reading {
        let document = Document::parse(xhtml).unwrap();
        let mut cascade = Cascade::default();
        for style in document.descendants().filter(|n| n.has_tag_name("style")) {
            let text: String = style.children().filter_map(|n| n.text()).collect();
            cascade.add(Rc::new(Sheet::parse(&text)), true);
        }
        read_document(document.root_element(), &cascade, true)
    }

    fn blocks(xhtml: &str) -> Vec<String> {
        reading(xhtml).blocks
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
            let read = read_document(document.root_element(), &Cascade::default(), true);
            assert_eq!(read.blocks, ["deep"]);
            // Styled too, as deep as the reader styles.
            let mut cascade = Cascade::default();
            cascade.add(
                Rc::new(Sheet::parse(
                    "i i { color: #222 } p > i { font-size: 1.1em }",
                )),
                true,
            );
            let read = read_document(document.root_element(), &cascade, true);
            assert_eq!(read.blocks, ["deep"]);
        }
    }

    #[test]
    fn only_a_plain_lang_attribute_counts_and_case_does_not_matter() {
        let document =
            Document::parse(r#"<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en-gb"/>"#)
                .unwrap();
        assert_eq!(plain_attribute(document.root_element(), "lang"), None);
    }

    const HEAD: &str =
        r#"<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title><style>"#;

    /// Reads `body` styled by `css`: its blocks and its unseen text as
    /// `(text, reason)`.
    fn judged(css: &str, body: &str) -> (Vec<String>, Vec<(String, String)>) {
        let read = reading(&format!(
            "{HEAD}{css}</style></head><body>{body}</body></html>"
        ));
        let unseen = read
            .unseen
            .into_iter()
            .map(|u| (u.text, u.why.describe()))
            .collect();
        (read.blocks, unseen)
    }

    #[test]
    fn hidden_text_is_left_out_and_reported_with_the_reason() {
        let body = r#"<h2>Seen</h2><p class="a">Gone one.</p><p>Kept.</p>"#;
        let cases = [
            (".a { display: none }", "is hidden (display: none)"),
            (
                ".a { visibility: hidden }",
                "is hidden (visibility: hidden)",
            ),
            (
                ".a { font-size: 0 }",
                "is 0 pt, under the 4.5 pt legible minimum",
            ),
            (
                ".a { position: absolute; left: -9999px }",
                "is hidden (moved off screen by left: -9999px)",
            ),
            (
                ".a { color: #fff }",
                "is white on a white page (contrast 1:1, under 1.5:1)",
            ),
            (".a { opacity: 0 }", "is hidden (opacity: 0)"),
        ];
        for (css, why) in cases {
            let (blocks, unseen) = judged(css, body);
            assert_eq!(blocks, ["Seen", "Kept."], "{css}");
            assert_eq!(unseen, [("Gone one.".to_owned(), why.to_owned())], "{css}");
        }
        for (attribute, why) in [
            (r#"hidden="""#, "is hidden (the hidden attribute)"),
            (r#"aria-hidden="true""#, r#"is hidden (aria-hidden="true")"#),
            (
                r#"style="visibility: hidden""#,
                "is hidden (visibility: hidden)",
            ),
        ] {
            let (blocks, unseen) = judged(
                "",
                &format!("<p>Kept.</p><p {attribute}>Gone <em>one</em>.</p>"),
            );
            assert_eq!(blocks, ["Kept."], "{attribute}");
            assert_eq!(
                unseen,
                [("Gone one.".to_owned(), why.to_owned())],
                "{attribute}"
            );
        }
        // A harmless sheet hides nothing.
        let (blocks, unseen) = judged(
            "p { color: #333; font-size: 0.9em } h2 { font-size: 1.3em }",
            body,
        );
        assert_eq!(blocks, ["Seen", "Gone one.", "Kept."]);
        assert!(unseen.is_empty());
    }

    #[test]
    fn unseen_text_keeps_its_blocks_apart_and_what_is_shown_again_is_read() {
        let (blocks, unseen) = judged(
            "section { visibility: hidden } .back { visibility: visible }",
            r#"<section><h2>One</h2><p>Two <b>three</b>.</p><p class="back">Four.</p><p>Five.</p></section>"#,
        );
        assert_eq!(blocks, ["Four."]);
        let texts: Vec<&str> = unseen.iter().map(|(text, _)| text.as_str()).collect();
        assert_eq!(texts, ["One Two three.", "Five."]);
        // A removed section, whole.
        let (blocks, unseen) = judged(
            "#s { display: none }",
            r#"<section id="s"><h2>One</h2><p>Two.</p><script>x()</script></section><p>Six.</p>"#,
        );
        assert_eq!(blocks, ["Six."]);
        assert_eq!(
            unseen,
            [(
                "One Two.".to_owned(),
                "is hidden (display: none)".to_owned()
            )]
        );
    }

    #[test]
    fn selectors_by_place_are_honoured() {
        let (blocks, _) = judged(
            "li:nth-child(2), li:last-of-type { display: none }",
            "<ul><li>a</li><li>b</li><li>c</li><li>d</li></ul>",
        );
        assert_eq!(blocks, ["a", "c"]);
    }

    /// An EPUB whose spine is `spine` (`(id, path, properties)`), holding
    /// also `files` (`(path, text)`).
    fn epub(spine: &[(&str, &str, &str)], files: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/epub+zip").unwrap();
        let mut manifest = String::new();
        let mut itemrefs = String::new();
        for (id, path, properties) in spine {
            manifest.push_str(&format!(
                r#"<item id="{id}" href="{path}" media-type="application/xhtml+xml" properties="{properties}"/>"#
            ));
            itemrefs.push_str(&format!(r#"<itemref idref="{id}"/>"#));
        }
        let package = format!(
            r#"<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><manifest>{manifest}</manifest><spine>{itemrefs}</spine></package>"#
        );
        let container = r#"<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OPS/package.opf"/></rootfiles></container>"#;
        let mut entries = vec![
            ("META-INF/container.xml".to_owned(), container.to_owned()),
            ("OPS/package.opf".to_owned(), package),
        ];
        entries.extend(
            files
                .iter()
                .map(|(p, t)| (format!("OPS/{p}"), t.to_string())),
        );
        for (path, text) in entries {
            zip.start_file(path, stored).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn document(head: &str, body: &str) -> String {
        format!(
            r#"<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en"><head><title>T</title>{head}</head><body>{body}</body></html>"#
        )
    }

    #[test]
    fn linked_and_imported_sheets_are_found_from_where_they_are_named() {
        let text = document(
            r#"<link rel="stylesheet" href="../css/main.css?v=2"/><link rel="alternate stylesheet" href="../css/alt.css"/><link rel="stylesheet" href="../css/print.css" media="print"/>"#,
            r#"<p class="a">A.</p><p class="b">B.</p><p class="c">C.</p><p class="d">D.</p>"#,
        );
        let bytes = epub(
            &[("c1", "text/one.xhtml", "")],
            &[
                ("text/one.xhtml", &text),
                (
                    "css/main.css",
                    "@import 'parts/more.css'; @import url(main.css); .a { display: none }",
                ),
                ("css/parts/more.css", ".b { visibility: hidden }"),
                ("css/alt.css", ".c { display: none }"),
                ("css/print.css", ".d { display: none }"),
            ],
        );
        let read = read(&bytes).unwrap();
        assert_eq!(read.blocks, ["C.", "D."]);
        let unseen: Vec<(&str, &str)> = read
            .unseen
            .iter()
            .map(|u| (u.text.as_str(), u.why.kind()))
            .collect();
        assert_eq!(unseen, [("A.", "hidden"), ("B.", "hidden")]);
        assert!(read.flaws.is_empty(), "{:?}", read.flaws);
    }

    #[test]
    fn a_missing_style_sheet_is_a_flaw_and_the_nav_may_hide_its_page_list() {
        let one = document(r#"<link rel="stylesheet" href="gone.css"/>"#, "<p>A.</p>");
        let nav = document(
            "",
            r#"<nav><ol><li>A</li></ol></nav><nav hidden=""><ol><li>1</li></ol></nav>"#,
        );
        let bytes = epub(
            &[("nav", "nav.xhtml", "nav"), ("c1", "one.xhtml", "")],
            &[("nav.xhtml", &nav), ("one.xhtml", &one)],
        );
        let read = read(&bytes).unwrap();
        assert_eq!(read.blocks, ["1. A", "A."]);
        assert!(read.unseen.is_empty(), "{:?}", read.unseen);
        assert_eq!(
            read.flaws,
            ["OPS/one.xhtml: the style sheet `OPS/gone.css` it uses is not in the EPUB"]
        );
    }

    #[test]
    fn style_that_would_take_too_long_to_judge_is_refused() {
        let css: String = (0..60_000)
            .map(|i| format!(".c{i} {{ color: red }}\n"))
            .collect();
        let body = "<p>x</p>".repeat(500);
        let one = document("<link rel=\"stylesheet\" href=\"big.css\"/>", &body);
        let bytes = epub(
            &[("c1", "one.xhtml", "")],
            &[("one.xhtml", &one), ("big.css", &css)],
        );
        let error = read(&bytes).unwrap_err().to_string();
        assert!(error.contains("more work to judge"), "{error}");
    }
}
