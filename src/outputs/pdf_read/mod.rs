//! Reads a tagged PDF back into the blocks a screen reader would announce,
//! without knowing how it was made. Each page's content is interpreted to find
//! the text of every marked-content sequence (by its MCID), leaving out text
//! marked as an `/Artifact` (running heads, page numbers); then the structure
//! tree is walked in order and each block-level element (a heading, a
//! paragraph, a whole list item with its label, a caption, or any element
//! holding only inline content) becomes one block, whatever pages its text
//! lies on. Lines are joined as the page has them (`lines.rs`): with a
//! space where a line ends with one or the next starts with one, with
//! nothing at a soft hyphen or a zero-width space, and otherwise with
//! [`SOFT_LINE_END`](crate::verify::SOFT_LINE_END) (U+2028), which the
//! check reads as "a space or nothing", since a line end inside a run with
//! no space (an address broken after its `/`) cannot be told from one that
//! replaced a space. Text the structure tree leaves out, text neither tagged nor
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
//! The reader reads what a reader of the printed page could see, by the
//! format's rules ([`Legibility`], `legibility.rs`): a glyph off the page a
//! reader holds or too near its edge, clipped away, drawn invisibly,
//! covered, too faint against what lies under it or too small (and, for
//! large print, in italics) is left out of the blocks and said, with the
//! reason, in [`ReadBack::unseen`]; page furniture too small, and large
//! print laid out against its rules, are flaws naming the page.
//!
//! What is the PDF format's and not this reader's (objects, content
//! operations, page boxes, fonts' Unicode maps, bounded inflation, boxes
//! and contrast) is the toolkit's, [`crate::pdf`]; this module and its own
//! (`structure.rs`, `content.rs`, `legibility.rs`, `lines.rs`, `bidi.rs`,
//! [`colour`]) read tagged text and colour with it.

mod bidi;
pub mod colour;
mod content;
pub mod legibility;
mod lines;
pub mod pdfx;
pub mod plates;
mod structure;

pub use self::legibility::{Legibility, Minimum, PageHeld};
pub use self::pdfx::PdfxReading;
pub use self::plates::PlateReport;

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

/// Reads the text of a tagged PDF as a reader of its pages could see it by
/// the format's `rules`: one block per block-level structure element, in
/// the structure tree's order, page furniture left out, and the text a
/// reader could not see in `unseen`.
pub fn read_tagged_pdf(bytes: &[u8], rules: &Legibility) -> Result<ReadBack, Error> {
    let document = load(bytes)?;
    let pages: Vec<ObjectId> = document.page_iter().collect();
    if pages.is_empty() {
        return Err(Error::Read("the PDF has no pages".into()));
    }
    let mut flaws = Vec::new();
    let mut pieces = Vec::new();
    let mut unseen = Vec::new();
    let direction = bidi::direction_of(document_language(&document).as_deref());
    let mut reader = ContentReader::new(&document, direction, rules);
    for (index, page) in pages.iter().enumerate() {
        let page_text = reader.read_page(*page, index + 1)?;
        if page_text.unmapped {
            flaws.push(format!(
                "page {} has glyphs with no Unicode value",
                index + 1
            ));
        }
        flaws.extend(page_text.flaws);
        pieces.extend(page_text.pieces);
        unseen.extend(page_text.unseen);
    }
    if pieces.iter().all(|piece| piece.text.trim().is_empty()) && unseen.is_empty() {
        return Err(Error::Read("no page has any text".into()));
    }
    let (drew_colour, judged) = reader.colour_so_far();
    let plates = reader.plates_so_far().clone();
    // A file that claims PDF/X is held to it whatever made it.
    let pdfx = pdfx::read_pdfx(&document, &pages, plates.device_rgb);
    flaws.extend(pdfx.flaws.iter().cloned());
    let printed = PrintedPdf::read(&document, &pages, (drew_colour, judged), plates, pdfx);
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
            unseen,
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
    if rules.large_print {
        flaws.extend(legibility::large_print_flaws(&writer.laid_blocks()));
    }
    Ok(ReadBack {
        unseen,
        blocks: writer.finish(),
        flaws,
        printed,
    })
}

/// Reads the text of a tagged PDF as it is written, judging nothing:
/// [`read_tagged_pdf`] with [`Legibility::none`].
pub fn read_tagged_pdf_unjudged(bytes: &[u8]) -> Result<ReadBack, Error> {
    read_tagged_pdf(bytes, &Legibility::none())
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
    /// On which plates its text and marks print ([`plates`]).
    pub plates: PlateReport,
    /// What it says of PDF/X, and the PDF/X rules it breaks ([`pdfx`]).
    pub pdfx: PdfxReading,
}

impl PrintedPdf {
    /// Reads the boxes and the colour of a loaded PDF whose `pages` the text
    /// reader has run, finding colour (`drew_colour`) in the content
    /// streams it `judged`, and its text's and marks' `plates`; the rest is
    /// read here. `Err` says what could not be read.
    fn read(
        document: &Document,
        pages: &[ObjectId],
        (drew_colour, judged): (bool, &HashSet<ObjectId>),
        plates: PlateReport,
        pdfx: PdfxReading,
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
            plates,
            pdfx,
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
    use crate::outputs::unseen::Why;

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
    /// `/F1`, graphics states `/Clear` (opacity 0), `/Half` (0.5) and
    /// `/Masked` (a soft mask), a grey image `/Im1` and a spot colour
    /// `/CS0`; returns it with
    /// the ids of its page tree and its page.
    fn one_page_document(content: Vec<u8>) -> (Document, ObjectId, ObjectId) {
        let mut document = Document::with_version("1.7");
        let font = test_font(&mut document);
        let image = document.add_object(Stream::new(
            dictionary! {"Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
            "BitsPerComponent" => 8, "ColorSpace" => "DeviceGray"},
            vec![128],
        ));
        let contents = document.add_object(Stream::new(dictionary! {}, content));
        let pages = document.new_object_id();
        let states = dictionary! {
            "Clear" => dictionary! { "ca" => 0 },
            "Half" => dictionary! { "ca" => 0.5 },
            "Masked" => dictionary! { "SMask" => dictionary! { "S" => "Luminosity" } },
        };
        let page = document.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "Contents" => contents,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => font },
                "ExtGState" => states,
                "XObject" => dictionary! { "Im1" => image },
                "ColorSpace" => dictionary! {
                    "CS0" => vec!["Separation".into(), "Spot".into(), "DeviceCMYK".into()],
                },
            },
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
        let read = read_tagged_pdf_unjudged(&saved(document)).expect("the PDF is read");
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
        let read = read_tagged_pdf_unjudged(&sample_pdf(true)).expect("the sample PDF is read");
        assert_eq!(read.blocks, ["1. Title", "Hello wonderful world."]);
        assert_eq!(
            read.flaws,
            ["text on page 1 is not in the structure tree: \"Stray\""]
        );
    }

    #[test]
    fn an_untagged_pdf_reads_line_by_line() {
        let read = read_tagged_pdf_unjudged(&sample_pdf(false)).expect("the sample PDF is read");
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
        let read = read_tagged_pdf_unjudged(&tagged_pdf(
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
        let read = read_tagged_pdf_unjudged(&arabic_pdf()).expect("the test PDF is read");
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
            read_tagged_pdf_unjudged(b"").unwrap_err().to_string(),
            "the file is not a PDF"
        );
        assert_eq!(
            read_tagged_pdf_unjudged(b"hello\n")
                .unwrap_err()
                .to_string(),
            "the file is not a PDF"
        );
        assert!(read_tagged_pdf_unjudged(b"%PDF-1.7\n1 0 obj << /K [1 0 R] >> endobj\n").is_err());
        let whole = sample_pdf(true);
        for length in (0..whole.len()).step_by(11) {
            let _ = read_tagged_pdf_unjudged(&whole[..length]);
        }
        let mut scrambled = whole.clone();
        for (index, byte) in scrambled.iter_mut().enumerate().skip(40).step_by(97) {
            *byte = (index % 251) as u8;
        }
        let _ = read_tagged_pdf_unjudged(&scrambled);
        let arabic = arabic_pdf();
        for length in (0..arabic.len()).step_by(7) {
            let _ = read_tagged_pdf_unjudged(&arabic[..length]);
            let _ = read_tagged_pdf(&arabic[..length], &Legibility::large_print(18.0));
        }
    }

    #[test]
    fn many_paints_over_text_are_bounded_work() {
        // Many small fills beside the text, on its band of the page: every
        // glyph drawn before them is tested against each, until the
        // reader's work limit stops it.
        let mut content = format!(
            "/P <</MCID 0>> BDC BT /F1 12 Tf 1 0 0 1 72 700 Tm {text} Tj ET EMC\n",
            text = hex(&"Words and more words. ".repeat(40))
        );
        content.push_str(&"500 700 1 1 re f\n".repeat(200_000));
        let pdf = tagged_pdf(&content, &[("P", None, &[0])]);
        let started = std::time::Instant::now();
        let read = read_tagged_pdf(&pdf, &Legibility::print());
        assert!(started.elapsed().as_secs() < 20, "bounded");
        assert_eq!(
            read.unwrap_err().to_string(),
            "page 1 holds more content than a reader can take"
        );
    }

    /// What a reader sees, by `rules`, of a page showing "Shown." as one
    /// paragraph and then, after `before` and followed by `after`,
    /// "Hidden words." as another at (`x`, 700) in `size` pt.
    fn seen(rules: &Legibility, before: &str, x: f64, size: f64, after: &str) -> ReadBack {
        let content = format!(
            "/P <</MCID 0>> BDC BT /F1 12 Tf 1 0 0 1 72 760 Tm {shown} Tj ET EMC
             q {before} /P <</MCID 1>> BDC BT /F1 {size} Tf 1 0 0 1 {x} 700 Tm {hidden} Tj ET EMC
             Q {after}",
            shown = hex("Shown."),
            hidden = hex("Hidden words."),
        );
        let pdf = tagged_pdf(&content, &[("P", None, &[0]), ("P", None, &[1])]);
        read_tagged_pdf(&pdf, rules).expect("the test PDF is read")
    }

    /// The reason "Hidden words." is not seen, having checked that it is
    /// left out and "Shown." is not.
    fn why_hidden(before: &str, x: f64, size: f64, after: &str) -> Why {
        let read = seen(&Legibility::print(), before, x, size, after);
        assert_eq!(read.blocks, ["Shown."], "{before} … {after}");
        assert_eq!(read.unseen.len(), 1, "{:?}", read.unseen);
        assert_eq!(read.unseen[0].text, "Hidden words.");
        read.unseen[0].why.clone()
    }

    #[test]
    fn each_way_of_hiding_text_is_named() {
        let kind = |before, x, size, after| why_hidden(before, x, size, after).kind();
        assert_eq!(kind("0 0 100 100 re W n", 72.0, 12.0, ""), "clipped");
        // Two clip rectangles that each hold the text, but not together.
        let crossed = "0 690 100 100 re W n 100 0 300 800 re W n";
        assert_eq!(kind(crossed, 72.0, 12.0, ""), "clipped");
        // A path that is no rectangle clips by its box.
        assert_eq!(
            kind("0 0 m 50 0 l 50 50 l h W n", 72.0, 12.0, ""),
            "clipped"
        );
        assert_eq!(kind("3 Tr", 72.0, 12.0, ""), "invisible");
        assert_eq!(kind("/Clear gs", 72.0, 12.0, ""), "invisible");
        assert_eq!(kind("/Masked gs", 72.0, 12.0, ""), "invisible");
        assert_eq!(kind("", 72.0, 2.0, ""), "too-small");
        // Near the top edge; near the left edge, only the first word.
        assert_eq!(kind("1 0 0 1 0 130 cm", 72.0, 12.0, ""), "near-edge");
        let read = seen(&Legibility::print(), "", 5.0, 12.0, "");
        assert_eq!(read.blocks, ["Shown.", "words."]);
        assert_eq!(read.unseen[0].text, "Hidden");
        assert_eq!(kind("", 700.0, 12.0, ""), "outside-page");
        assert_eq!(kind("", 72.0, 12.0, "1 g 60 690 300 30 re f"), "covered");
        let image = "q 300 0 0 30 60 690 cm /Im1 Do Q";
        assert_eq!(kind("", 72.0, 12.0, image), "covered");
        assert_eq!(
            why_hidden("1 g", 72.0, 12.0, ""),
            Why::LowContrast {
                colour: "white".into(),
                against: "a white page".into(),
                ratio: 1.0,
                minimum: 4.5,
            }
        );
        let Why::LowContrast {
            colour, against, ..
        } = why_hidden("0.2 g 60 690 300 30 re f 0 g", 72.0, 12.0, "")
        else {
            panic!("black on dark grey is too faint");
        };
        assert_eq!(
            (colour.as_str(), against.as_str()),
            ("black", "a #333333 fill")
        );
        // Half opacity turns black into a mid grey, too faint (3.9:1).
        assert_eq!(kind("/Half gs", 72.0, 12.0, ""), "low-contrast");
        assert_eq!(kind("0 0 0 0 k", 72.0, 12.0, ""), "low-contrast");
        assert_eq!(kind("/CS0 cs 0.05 scn", 72.0, 12.0, ""), "low-contrast");
    }

    #[test]
    fn what_a_reader_can_see_is_kept() {
        let print = Legibility::print();
        for (before, after) in [
            // White on black, and black on a light fill drawn first.
            ("0 g 60 690 300 30 re f 1 g", ""),
            ("0.9 0.9 0 rg 60 690 300 30 re f 0 g", ""),
            // A clip saved and restored, and one that holds the text.
            ("q 0 0 10 10 re W n Q", ""),
            ("0 0 595 842 re W n", ""),
            // A fill that covers little of the text, and a stroke.
            ("", "1 g 60 699 300 1 re f"),
            ("", "1 G 20 w 60 700 m 300 700 l S"),
            // A fill over it, clipped away.
            ("", "0 0 10 10 re W n 1 g 60 690 300 30 re f"),
        ] {
            let read = seen(&print, before, 72.0, 12.0, after);
            assert_eq!(
                read.blocks,
                ["Shown.", "Hidden words."],
                "{before} … {after}"
            );
            assert!(
                read.unseen.is_empty(),
                "{before} … {after}: {:?}",
                read.unseen
            );
        }
        // With no rules, nothing is judged.
        let read = seen(&Legibility::none(), "3 Tr 1 g", 700.0, 2.0, "");
        assert_eq!(read.blocks, ["Shown.", "Hidden words."]);
    }

    #[test]
    fn a_word_partly_hidden_is_hidden_whole() {
        let read = seen(
            &Legibility::print(),
            "",
            72.0,
            12.0,
            "1 g 60 690 30 30 re f",
        );
        assert_eq!(read.blocks, ["Shown.", "words."]);
        assert_eq!(read.unseen[0].text, "Hidden");
        assert_eq!(read.unseen[0].why, Why::Covered);
    }

    #[test]
    fn slanted_text_is_italic_in_large_print() {
        let content = format!(
            "/P <</MCID 0>> BDC BT /F1 20 Tf 1 0 0.3 1 72 700 Tm {text} Tj ET EMC",
            text = hex("Slanted.")
        );
        let pdf = tagged_pdf(&content, &[("P", None, &[0])]);
        let read = read_tagged_pdf(&pdf, &Legibility::large_print(18.0)).unwrap();
        assert_eq!(read.unseen[0].why, Why::Italic);
        let read = read_tagged_pdf(&pdf, &Legibility::print()).unwrap();
        assert_eq!(read.blocks, ["Slanted."], "print allows italics");
    }

    #[test]
    fn small_page_furniture_and_text_standing_for_nothing() {
        let content = format!(
            "/P <</MCID 0>> BDC BT /F1 12 Tf 1 0 0 1 72 700 Tm {shown} Tj ET EMC
             /P <</MCID 1>> BDC /Span <</ActualText <FEFF0048>>> BDC EMC EMC
             /Artifact BMC BT /F1 9 Tf 1 0 0 1 290 40 Tm {number} Tj ET EMC",
            shown = hex("Shown."),
            number = hex("3"),
        );
        let pdf = tagged_pdf(&content, &[("P", None, &[0]), ("P", None, &[1])]);
        let read = read_tagged_pdf(&pdf, &Legibility::print()).unwrap();
        assert_eq!(
            read.flaws,
            ["page 1: the page number is 9 pt, under the 12 pt Clear Print minimum"]
        );
        assert_eq!(read.blocks, ["Shown."]);
        assert_eq!(read.unseen[0].why.kind(), "invisible");
        let read = read_tagged_pdf(&pdf, &Legibility::none()).unwrap();
        assert!(read.flaws.is_empty());
        assert_eq!(read.blocks, ["Shown.", "H"]);
    }
}
