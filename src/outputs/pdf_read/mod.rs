//! Reads a tagged PDF back into the blocks a screen reader would announce,
//! without knowing how it was made. Each page's content is interpreted to find
//! the text of every marked-content sequence (by its MCID), leaving out text
//! marked as an `/Artifact` (running heads, page numbers); then the structure
//! tree is walked in order and each block-level element (a heading, a
//! paragraph, a whole list item with its label, a caption, or any element
//! holding only inline content) becomes one block, whatever pages its text
//! lies on. Lines are joined as a reader hears them: a word broken at a soft
//! hyphen is made whole again, a word broken after a hyphen or inside a web
//! address keeps its characters with no space, and other lines are joined
//! with a space. Text the structure tree leaves out, text neither tagged nor
//! an artifact, and glyphs with no Unicode value are reported as flaws. A PDF
//! without a structure tree is read line by line, and that is a flaw too.
//!
//! A space is heard between two pieces of a line only where the page leaves
//! a gap: the end of a piece is the furthest its glyphs reach, since a mark
//! drawn back over its letter (typst's `ŷ`) ends a string short of the
//! letter's end. Right-to-left text, shown in visual order, is put back in
//! logical order line by line (`bidi.rs`). Where a font draws one character
//! as two glyphs and gives both its text (typst's Arabic: a letter's body
//! and, as a glyph of no width drawn over it, its dots), the text is heard
//! once.
//!
//! What is the PDF format's and not this reader's (objects, content
//! operations, page boxes, fonts' Unicode maps, bounded inflation) is the
//! toolkit's, [`crate::pdf`]; this module and its own (`structure.rs`,
//! `content.rs`, `lines.rs`, `bidi.rs`, [`colour`]) read tagged text and
//! colour with it.

mod bidi;
pub mod colour;
mod content;
mod lines;
mod structure;

use std::collections::HashSet;

use lopdf::{Document, ObjectId};

use self::content::ContentReader;
use self::lines::{collapse_white_space, lines_of};
use self::structure::{BlockWriter, StructureTree};
use crate::error::Error;
use crate::outputs::ReadBack;
use crate::pdf::page_geometry::{PageBox, Rect, page_box};
use crate::pdf::{self, PdfError};

/// How deep the structure tree and saved graphics states may go before the
/// rest is ignored.
const MAX_NESTING: usize = 256;

/// Reads the text of a tagged PDF: one block per block-level structure
/// element, in the structure tree's order, page furniture left out.
pub fn read_tagged_pdf(bytes: &[u8]) -> Result<ReadBack, Error> {
    let document = load(bytes)?;
    let pages: Vec<ObjectId> = document.page_iter().collect();
    if pages.is_empty() {
        return Err(Error::Read("the PDF has no pages".into()));
    }
    let mut flaws = Vec::new();
    let mut pieces = Vec::new();
    let direction = bidi::direction_of(document_language(&document).as_deref());
    let mut reader = ContentReader::new(&document, direction);
    for (index, page) in pages.iter().enumerate() {
        let page_text = reader.read_page(*page, index + 1)?;
        if page_text.unmapped {
            flaws.push(format!(
                "page {} has glyphs with no Unicode value",
                index + 1
            ));
        }
        pieces.extend(page_text.pieces);
    }
    if pieces.iter().all(|piece| piece.text.trim().is_empty()) {
        return Err(Error::Read("no page has any text".into()));
    }
    let (drew_colour, judged) = reader.colour_so_far();
    let printed = PrintedPdf::read(&document, &pages, drew_colour, judged);
    let printed = Some(printed.map_err(Error::from));
    let structure_root = document
        .catalog()
        .ok()
        .and_then(|catalog| catalog.get_deref(b"StructTreeRoot", &document).ok())
        .and_then(|root| root.as_dict().ok());
    let Some(structure_root) = structure_root else {
        flaws.insert(0, "the PDF is not tagged".into());
        let lines = lines_of(&pieces.iter().collect::<Vec<_>>(), direction);
        return Ok(ReadBack {
            unseen: Vec::new(),
            blocks: lines
                .iter()
                .map(|line| collapse_white_space(line))
                .collect(),
            flaws,
            printed,
        });
    };
    let tree = StructureTree::build(&document, structure_root, &pages, direction);
    let mut writer = BlockWriter::new(&pieces);
    for node in &tree {
        writer.write(node);
    }
    flaws.extend(writer.flaws_for_left_out_text());
    flaws.extend(writer.flaw_for_page_order());
    Ok(ReadBack {
        unseen: Vec::new(),
        blocks: writer.finish(),
        flaws,
        printed,
    })
}

/// What a print shop needs to know of a PDF, as the reader found it in the
/// file: its page count, its first page's trim and bleed, and whether it
/// prints in colour.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintedPdf {
    /// How many pages its page tree holds.
    pub pages: usize,
    /// The first page's `/TrimBox`, or its (perhaps inherited) `/MediaBox`
    /// when it has none, in points ([`page_box`]).
    pub trim: Rect,
    /// The first page's `/BleedBox`, if it has one, in points.
    pub bleed: Option<Rect>,
    /// Whether it needs colour to print ([`colour`]).
    pub colour: bool,
}

impl PrintedPdf {
    /// Reads the boxes and the colour of a loaded PDF whose `pages` the text
    /// reader has run, finding colour (`drew_colour`) in the content
    /// streams it `judged`; the rest is read here. `Err` says what could not
    /// be read.
    fn read(
        document: &Document,
        pages: &[ObjectId],
        drew_colour: bool,
        judged: &HashSet<ObjectId>,
    ) -> Result<PrintedPdf, PdfError> {
        let first_page = pages[0];
        let read_box = |which| {
            page_box(document, first_page, which).map_err(|error| error.within("its first page"))
        };
        // TrimBox and BleedBox belong to the page; MediaBox may be
        // inherited from the page tree.
        let trim = match read_box(PageBox::Trim)? {
            Some(trim) => trim,
            None => read_box(PageBox::Media)?
                .ok_or_else(|| PdfError::missing("its first page's /MediaBox"))?,
        };
        let colour = drew_colour || colour::uses_colour_beyond(document, judged)?;
        Ok(PrintedPdf {
            pages: pages.len(),
            trim,
            bleed: read_box(PageBox::Bleed)?,
            colour,
        })
    }
}

/// The document's `/Lang`, if it has one.
fn document_language(document: &Document) -> Option<String> {
    let language = document.catalog().ok()?.get_deref(b"Lang", document).ok()?;
    lopdf::decode_text_string(language).ok()
}

/// Parses the file ([`pdf::load`]), refusing what is not a PDF, cannot be
/// opened or is encrypted.
fn load(bytes: &[u8]) -> Result<Document, Error> {
    let document = pdf::load(bytes).map_err(|error| Error::Read(error.to_string()))?;
    if document.is_encrypted() {
        return Err(Error::Read("the PDF is encrypted".into()));
    }
    Ok(document)
}

#[cfg(test)]
mod tests {
    use lopdf::{Object, Stream, dictionary};

    use super::*;

    /// Text as 2-byte codes that are the characters' own values, as the
    /// test font's `/ToUnicode` maps them.
    fn hex(text: &str) -> String {
        let codes: String = text
            .encode_utf16()
            .map(|unit| format!("{unit:04X}"))
            .collect();
        format!("<{codes}>")
    }

    /// A Type0 test font: codes are the UTF-16 of their text for Latin-1,
    /// combining marks and Arabic, 500 thousandths of an em wide but the
    /// space (250) and marks (none); code 1 is the dots of teh marbuta and
    /// code 2 a circumflex for `ŷ`, with no width, as typst's fonts draw
    /// them (and maps them).
    fn test_font(document: &mut Document) -> ObjectId {
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange
            2 beginbfchar <0001> <0629> <0002> <0177> endbfchar
            3 beginbfrange <0020> <00FF> <0020> <0300> <036F> <0300> <0600> <06FF> <0600>
            endbfrange";
        let to_unicode = document.add_object(Stream::new(dictionary! {}, cmap.to_vec()));
        let widths = vec![
            1.into(),
            vec![0.into(), 0.into()].into(),
            0x20.into(),
            vec![250.into()].into(),
            0x300.into(),
            0x36F.into(),
            0.into(),
        ];
        let cid_font = dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Test",
            "DW" => 500, "W" => widths,
        };
        document.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Test",
            "Encoding" => "Identity-H", "DescendantFonts" => vec![cid_font.into()],
            "ToUnicode" => to_unicode,
        })
    }

    /// A document with one A4 page showing `content`, with the test font as
    /// `/F1`; returns it with the ids of its page tree and its page.
    fn one_page_document(content: Vec<u8>) -> (Document, ObjectId, ObjectId) {
        let mut document = Document::with_version("1.7");
        let font = test_font(&mut document);
        let contents = document.add_object(Stream::new(dictionary! {}, content));
        let pages = document.new_object_id();
        let page = document.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "Contents" => contents,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        });
        document.objects.insert(
            pages,
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }.into(),
        );
        (document, pages, page)
    }

    /// The bytes of a test document.
    fn saved(mut document: Document) -> Vec<u8> {
        let mut bytes = Vec::new();
        document
            .save_to(&mut bytes)
            .expect("the test PDF is written");
        bytes
    }

    /// A tagged one-page PDF of `content` in the test font (`/F1`), one
    /// structure element per `(role, language, MCIDs)`.
    fn tagged_pdf(content: &str, elements: &[(&str, Option<&str>, &[i64])]) -> Vec<u8> {
        let (mut document, pages, page) = one_page_document(content.as_bytes().to_vec());
        let kids: Vec<Object> = elements
            .iter()
            .map(|(role, language, mcids)| {
                let mut element = dictionary! {
                    "Type" => "StructElem", "S" => *role, "Pg" => page,
                    "K" => mcids.iter().map(|mcid| Object::from(*mcid)).collect::<Vec<_>>(),
                };
                if let Some(language) = language {
                    element.set("Lang", Object::string_literal(*language));
                }
                element.into()
            })
            .collect();
        let root = dictionary! {
            "Type" => "StructTreeRoot",
            "K" => dictionary! { "Type" => "StructElem", "S" => "Document", "K" => kids },
        };
        let catalog = document.add_object(dictionary! {
            "Type" => "Catalog", "Pages" => pages, "StructTreeRoot" => root,
            "Lang" => Object::string_literal("en-GB"),
        });
        document.trailer.set("Root", catalog);
        saved(document)
    }

    /// A one-page PDF with a Type0 font: an artifact, a heading, a paragraph
    /// of two MCIDs broken at a soft hyphen, and an MCID the structure tree
    /// leaves out. Without `tagged`, it has no structure tree.
    fn sample_pdf(tagged: bool) -> Vec<u8> {
        let content = format!(
            "/Artifact <</Type /Pagination>> BDC BT /F1 9 Tf 72 800 Td {head} Tj ET EMC
             /H1 <</MCID 0>> BDC BT /F1 14 Tf 72 760 Td {number} Tj 30 0 Td {title} Tj ET EMC
             /P <</MCID 1>> BDC BT /F1 10 Tf 72 700 Td [{line1}] TJ ET EMC
             /P <</MCID 2>> BDC BT /F1 10 Tf 1 0 0 1 72 688 Tm [{line2a} -60 {line2b}] TJ ET EMC
             /Span <</MCID 3>> BDC BT /F1 10 Tf 72 600 Td [{stray}] TJ ET EMC",
            head = hex("Running head"),
            number = hex("1."),
            title = hex("Title"),
            line1 = hex("Hello wonder\u{ad}"),
            line2a = hex("ful"),
            line2b = hex(" world."),
            stray = hex("Stray"),
        );
        let (mut document, pages, page) = one_page_document(content.into_bytes());
        let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages };
        if tagged {
            let heading = dictionary! { "Type" => "StructElem", "S" => "Heading", "K" => 0 };
            let paragraph = dictionary! {
                "Type" => "StructElem", "S" => "P", "Pg" => page,
                "K" => vec![1.into(), dictionary! { "Type" => "MCR", "MCID" => 2 }.into()],
            };
            let root_element = dictionary! {
                "Type" => "StructElem", "S" => "Document", "Pg" => page,
                "K" => vec![heading.into(), paragraph.into()],
            };
            catalog.set(
                "StructTreeRoot",
                dictionary! {
                    "Type" => "StructTreeRoot", "K" => root_element,
                    "RoleMap" => dictionary! { "Heading" => "H1" },
                },
            );
        }
        let catalog = document.add_object(catalog);
        document.trailer.set("Root", catalog);
        saved(document)
    }

    /// Whether the reader finds colour in a one-page PDF that shows a
    /// tagged paragraph after `drawing`, with `unused` as a Form XObject
    /// the page never draws.
    fn printed_colour(drawing: &str, unused: Option<&str>) -> bool {
        let content = format!(
            "{drawing} /P <</MCID 0>> BDC BT /F1 10 Tf 72 700 Td {text} Tj ET EMC",
            text = hex("Hello")
        );
        let (mut document, pages, page) = one_page_document(content.into_bytes());
        if let Some(unused) = unused {
            document.add_object(Stream::new(
                dictionary! {"Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()]},
                unused.as_bytes().to_vec(),
            ));
        }
        let root = dictionary! {
            "Type" => "StructTreeRoot",
            "K" => dictionary! { "Type" => "StructElem", "S" => "P", "Pg" => page, "K" => 0 },
        };
        let catalog = document.add_object(dictionary! {
            "Type" => "Catalog", "Pages" => pages, "StructTreeRoot" => root,
        });
        document.trailer.set("Root", catalog);
        let read = read_tagged_pdf(&saved(document)).expect("the PDF is read");
        let printed = read.printed.expect("a PDF is printed matter");
        printed.expect("its boxes are read").colour
    }

    #[test]
    fn colour_is_read_with_the_text_and_in_streams_the_pages_do_not_draw() {
        // Greys and black, on the page the text reader runs.
        assert!(!printed_colour("0.3 g 0 0 0 rg 0.5 0.5 0.5 RG", None));
        // A colour on that page: found by the text reader itself.
        assert!(printed_colour("0 0 1 rg 0 0 10 10 re f", None));
        // A colour only in a stream no page draws: found by the colour
        // reading of the rest of the file, as the whole-file reading did.
        assert!(printed_colour("0 g", Some("1 0 0 rg 0 0 5 5 re f")));
        assert!(!printed_colour("0 g", Some("0.2 g 0 0 5 5 re f")));
    }

    #[test]
    fn a_tagged_pdf_reads_as_its_structure_says() {
        let read = read_tagged_pdf(&sample_pdf(true)).expect("the sample PDF is read");
        assert_eq!(read.blocks, ["1. Title", "Hello wonderful world."]);
        assert_eq!(
            read.flaws,
            ["text on page 1 is not in the structure tree: \"Stray\""]
        );
    }

    #[test]
    fn an_untagged_pdf_reads_line_by_line() {
        let read = read_tagged_pdf(&sample_pdf(false)).expect("the sample PDF is read");
        assert_eq!(
            read.blocks,
            ["1. Title", "Hello wonder\u{ad}", "ful world.", "Stray"]
        );
        assert_eq!(read.flaws, ["the PDF is not tagged"]);
    }

    #[test]
    fn a_mark_drawn_back_over_its_letter_leaves_no_gap() {
        // typst's `ŷ`: `y`, kerned back by 455, then a circumflex of no
        // width, under an `/ActualText`; the `d` after it starts where the
        // `y` ends, and `e` after a real gap.
        let content = format!(
            "/H1 <</MCID 0>> BDC BT /F1 10 Tf 1 0 0 1 72 700 Tm {a} Tj
             /Span <</ActualText <FEFF0177>>> BDC 1 0 0 1 77 700 Tm [{y} 455 <0002>] TJ EMC
             1 0 0 1 82 700 Tm {d} Tj 1 0 0 1 100 700 Tm {e} Tj ET EMC
             /P <</MCID 1>> BDC BT /F1 10 Tf 1 0 0 1 72 650 Tm [{y} 455 <0302>] TJ
             1 0 0 1 77 650 Tm {d} Tj ET EMC",
            a = hex("a"),
            y = hex("y"),
            d = hex("d"),
            e = hex("e"),
        );
        let read = read_tagged_pdf(&tagged_pdf(
            &content,
            &[("H1", None, &[0]), ("P", None, &[1])],
        ))
        .expect("the test PDF is read");
        assert_eq!(read.blocks, ["aŷd e", "y\u{302}d"]);
    }

    /// Arabic as typst shows it, in visual order: `/ReversedChars` runs
    /// left to right, the dots of a letter as a glyph of its own (of no
    /// width, in an MCID of its own, mapped to the letter like the letter's
    /// body); the runs of a line in logical order, so that a number after
    /// Arabic text is shown after it though drawn to its left.
    fn arabic_pdf() -> Vec<u8> {
        let arabic: String = "مرحبا بكم في العيادة".chars().rev().collect();
        let content = format!(
            "/P <</MCID 0>> BDC BT /F1 10 Tf 1 0 0 1 72 700 Tm {label} Tj ET EMC
             /P <</MCID 1>> BDC BT /F1 10 Tf 1 0 0 1 139.5 700 Tm [-50 <0001>] TJ ET EMC
             /P <</MCID 2>> BDC BT /ReversedChars BMC /F1 10 Tf 1 0 0 1 139.5 700 Tm
             {arabic} Tj EMC ET EMC
             /P <</MCID 3>> BDC BT /F1 10 Tf 1 0 0 1 232 700 Tm {stop} Tj ET EMC
             /P <</MCID 4>> BDC BT /F1 10 Tf 1 0 0 1 72 650 Tm {room} Tj ET EMC
             /P <</MCID 5>> BDC BT /F1 10 Tf 1 0 0 1 114.5 650 Tm {welcome} Tj ET EMC
             /P <</MCID 6>> BDC BT /F1 10 Tf 1 0 0 1 94.5 650 Tm {year} Tj ET EMC
             /P <</MCID 7>> BDC BT /F1 10 Tf 1 0 0 1 300 600 Tm {alef} Tj ET EMC
             /P <</MCID 8>> BDC /Span <</ActualText <FEFF0646>>> BDC
             BT /F1 10 Tf 1 0 0 1 310 600 Tm [-100 <0001>] TJ ET EMC EMC
             /P <</MCID 9>> BDC /Span <</ActualText <FEFF0646>>> BDC
             BT /F1 10 Tf 1 0 0 1 310 600 Tm <06BA> Tj ET EMC EMC
             /P <</MCID 10>> BDC BT /F1 10 Tf 1 0 0 1 315 600 Tm {heh} Tj ET EMC",
            label = hex("Right to left: "),
            arabic = hex(&arabic),
            stop = hex("."),
            room = hex("Room "),
            welcome = hex(" مكيلع"),
            year = hex("2026"),
            alef = hex(".ا"),
            heh = hex("ه"),
        );
        tagged_pdf(
            &content,
            &[
                ("P", None, &[0, 1, 2, 3]),
                ("P", None, &[4, 5, 6]),
                ("P", Some("ar"), &[7, 8, 9, 10]),
            ],
        )
    }

    #[test]
    fn right_to_left_text_reads_in_logical_order() {
        let read = read_tagged_pdf(&arabic_pdf()).expect("the test PDF is read");
        assert_eq!(
            read.blocks,
            [
                "Right to left: مرحبا بكم في العيادة.",
                "Room عليكم 2026",
                "هنا.",
            ]
        );
        assert!(read.flaws.is_empty(), "{:?}", read.flaws);
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        assert_eq!(
            read_tagged_pdf(b"").unwrap_err().to_string(),
            "the file is not a PDF"
        );
        assert_eq!(
            read_tagged_pdf(b"hello\n").unwrap_err().to_string(),
            "the file is not a PDF"
        );
        assert!(read_tagged_pdf(b"%PDF-1.7\n1 0 obj << /K [1 0 R] >> endobj\n").is_err());
        let whole = sample_pdf(true);
        for length in (0..whole.len()).step_by(11) {
            let _ = read_tagged_pdf(&whole[..length]);
        }
        let mut scrambled = whole.clone();
        for (index, byte) in scrambled.iter_mut().enumerate().skip(40).step_by(97) {
            *byte = (index % 251) as u8;
        }
        let _ = read_tagged_pdf(&scrambled);
        let arabic = arabic_pdf();
        for length in (0..arabic.len()).step_by(7) {
            let _ = read_tagged_pdf(&arabic[..length]);
        }
    }
}
