//! The `.docx` package: a ZIP archive of XML parts (Open Packaging
//! Conventions), the relationships between them, and the caps on what may be
//! unpacked from it.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use roxmltree::{Document, Node, ParsingOptions};
use zip::ZipArchive;
use zip::result::ZipError;

use super::xml::attr;
use crate::import::Unreadable;

/// The most one part may unpack to.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// The most all the parts read may unpack to together.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// The most XML nodes one part may hold.
const MAX_NODES: u32 = 8_000_000;
/// The start of an OLE compound file: an old `.doc`, or an encrypted `.docx`.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// The relationship type of the main part (transitional and strict).
const OFFICE_DOCUMENT: [&str; 2] = [
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
];

/// An opened `.docx` package, and how much has been unpacked from it.
pub struct Package<'b> {
    zip: ZipArchive<Cursor<&'b [u8]>>,
    unpacked: u64,
}

/// One relationship of a part to another part or to an outside address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    /// Its id, which the part refers to it by (`r:id`).
    pub id: String,
    /// Its type, a URI (`…/relationships/footnotes`).
    pub kind: String,
    /// The part's name inside the package (resolved against the source
    /// part), or the outside address as written when [`Self::external`].
    pub target: String,
    /// Whether the target is outside the package (`TargetMode="External"`).
    pub external: bool,
}

/// The relationships of one part.
#[derive(Debug, Clone, Default)]
pub struct Relationships {
    /// In the order written.
    list: Vec<Relationship>,
    /// Their places in `list` by id (the first of an id).
    by_id: HashMap<String, usize>,
}

impl Relationships {
    /// These relationships.
    pub fn new(list: Vec<Relationship>) -> Self {
        let mut by_id = HashMap::new();
        for (index, rel) in list.iter().enumerate() {
            by_id.entry(rel.id.clone()).or_insert(index);
        }
        Self { list, by_id }
    }

    /// The relationship with this id.
    pub fn get(&self, id: &str) -> Option<&Relationship> {
        self.by_id.get(id).map(|&index| &self.list[index])
    }

    /// The relationships whose type ends with `/{kind}` (`"footnotes"`).
    pub fn of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = &'s Relationship> + 's {
        self.list.iter().filter(move |rel| {
            rel.kind
                .rsplit_once('/')
                .is_some_and(|(_, last)| last == kind)
        })
    }

    /// The first internal part of this type.
    pub fn part(&self, kind: &str) -> Option<String> {
        self.of_kind(kind)
            .find(|rel| !rel.external)
            .map(|rel| rel.target.clone())
    }
}

impl<'b> Package<'b> {
    /// Opens the package, or says why the bytes are not one.
    pub fn open(bytes: &'b [u8]) -> Result<Self, Unreadable> {
        if bytes.starts_with(&OLE_MAGIC) {
            return Err(ole_file(bytes));
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
            Unreadable::new("the file is not a Word document (.docx): it is not a ZIP package")
                .with_hint("save the leaflet from Word as a Word Document (.docx)")
        })?;
        Ok(Self { zip, unpacked: 0 })
    }

    /// The name of the main part, from the package's relationships
    /// (`_rels/.rels`), else the usual `word/document.xml`.
    pub fn main_part(&mut self) -> Result<String, Unreadable> {
        let rels = self.relationships("")?;
        let from_rels = rels
            .list
            .iter()
            .find(|rel| !rel.external && OFFICE_DOCUMENT.contains(&rel.kind.as_str()))
            .map(|rel| rel.target.clone());
        if let Some(name) = from_rels
            && self.has(&name)
        {
            return Ok(name);
        }
        if self.has("word/document.xml") {
            return Ok("word/document.xml".into());
        }
        Err(Unreadable::new(
            "the file is not a Word document (.docx): it has no main document part",
        )
        .with_hint("save the leaflet from Word as a Word Document (.docx)"))
    }

    /// Whether the package holds a part of this name.
    fn has(&self, name: &str) -> bool {
        self.entry_name(name).is_some()
    }

    /// The archive's name for a part: part names are compared without
    /// regard to case (OPC), and without a leading `/`.
    fn entry_name(&self, name: &str) -> Option<String> {
        let name = name.trim_start_matches('/');
        if self.zip.index_for_name(name).is_some() {
            return Some(name.to_owned());
        }
        self.zip
            .file_names()
            .find(|candidate| candidate.eq_ignore_ascii_case(name))
            .map(str::to_owned)
    }

    /// The text of a part, or `None` if the package has no such part,
    /// within the caps on what one part and the whole package may unpack to.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, Unreadable> {
        let Some(entry_name) = self.entry_name(name) else {
            return Ok(None);
        };
        let entry = match self.zip.by_name(&entry_name) {
            Ok(entry) => entry,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(error) => {
                return Err(damaged(format!(
                    "its part {name} cannot be opened: {error}"
                )));
            }
        };
        let allowed = MAX_PART_BYTES.min(MAX_TOTAL_BYTES.saturating_sub(self.unpacked));
        let mut bytes = Vec::new();
        entry
            .take(allowed + 1)
            .read_to_end(&mut bytes)
            .map_err(|error| damaged(format!("its part {name} cannot be unpacked: {error}")))?;
        if bytes.len() as u64 > allowed {
            return Err(Unreadable::new(format!(
                "the document unpacks to more than the reader allows ({} MiB a part, {} MiB in all): \
                 it may be a ZIP bomb",
                MAX_PART_BYTES >> 20,
                MAX_TOTAL_BYTES >> 20
            ))
            .with_hint("if it is a real leaflet, save it again from Word without embedded files"));
        }
        self.unpacked += bytes.len() as u64;
        decode(bytes)
            .map(Some)
            .ok_or_else(|| damaged(format!("its part {name} is not UTF-8 or UTF-16 text")))
    }

    /// The relationships of a part (`""` for the package's own), from
    /// `{dir}/_rels/{file}.rels`; none when the package has no such file.
    pub fn relationships(&mut self, part: &str) -> Result<Relationships, Unreadable> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Some(text) = self.text(&rels_name)? else {
            return Ok(Relationships::default());
        };
        let document = parse(&text, &rels_name)?;
        let rels = document
            .root_element()
            .children()
            .filter(|node| node.tag_name().name() == "Relationship")
            .filter_map(|node| relationship(node, part))
            .collect();
        Ok(Relationships::new(rels))
    }
}

/// One `Relationship` element, its target resolved against `part`.
fn relationship(node: Node<'_, '_>, part: &str) -> Option<Relationship> {
    let target = attr(node, "Target")?;
    let external = attr(node, "TargetMode").is_some_and(|mode| mode == "External");
    Some(Relationship {
        id: attr(node, "Id")?.to_owned(),
        kind: attr(node, "Type").unwrap_or_default().to_owned(),
        target: if external {
            target.to_owned()
        } else {
            resolve(part, target)
        },
        external,
    })
}

/// A relationship's target, relative to the folder of `part` (or absolute
/// from the package's root), as a part name.
pub fn resolve(part: &str, target: &str) -> String {
    let mut path: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        let dir = part.rsplit_once('/').map_or("", |(dir, _)| dir);
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                path.pop();
            }
            segment => path.push(segment),
        }
    }
    path.join("/")
}

/// A part's text: UTF-8 (its byte-order mark dropped), or UTF-16 with one.
fn decode(bytes: Vec<u8>) -> Option<String> {
    let utf16 = |bytes: &[u8], pair: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = bytes.chunks_exact(2).map(|c| pair([c[0], c[1]])).collect();
        String::from_utf16(&units).ok()
    };
    match bytes.as_slice() {
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8(rest.to_vec()).ok(),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => String::from_utf8(bytes).ok(),
    }
}

/// Parses a part's XML, or says the document is damaged, naming the part
/// and where in it the XML goes wrong.
pub fn parse<'t>(text: &'t str, part: &str) -> Result<Document<'t>, Unreadable> {
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options)
        .map_err(|error| damaged(format!("its part {part} is not well-formed XML: {error}")))
}

/// The document is damaged: `what`.
pub fn damaged(what: String) -> Unreadable {
    Unreadable::new(format!("the Word document is damaged: {what}"))
        .with_hint("open it in Word, which may repair it, and save it again")
}

/// Why an OLE compound file is not read: an encrypted `.docx` (which holds
/// an `EncryptionInfo` stream) or an old `.doc`.
fn ole_file(bytes: &[u8]) -> Unreadable {
    let name: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let encrypted = bytes.windows(name.len()).any(|window| window == name);
    if encrypted {
        Unreadable::new("the file is a password-protected (encrypted) Word document")
            .with_hint("open it in Word, remove the password (File › Info › Protect Document › Encrypt with Password) and save it again")
    } else {
        Unreadable::new("the file is an old Word 97–2003 document (.doc), not a .docx")
            .with_hint("open it in Word or LibreOffice and save it as a Word Document (.docx)")
    }
}
