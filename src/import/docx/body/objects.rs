//! Objects in a run: symbols, drawings and VML shapes (images, text
//! boxes), footnote and endnote references.

use roxmltree::Node;

use super::{After, Paragraph, Walker};
use crate::import::Unreadable;
use crate::import::document::{Block, BlockKind, Document, Place};
use crate::import::docx::xml::{attr, collapse, find_outer};

impl Walker<'_, '_, '_> {
    /// A symbol (`w:sym`): its character; one of the Symbol font's
    /// private-use characters that leaflets use (µ, ±, ≤, °, •…) as its
    /// Unicode character; else `None` with a note, as a symbol font's
    /// private-use characters mean nothing outside that font.
    pub(super) fn symbol(&mut self, sym: Node<'_, '_>) -> Option<char> {
        let code = attr(sym, "char").and_then(|c| u32::from_str_radix(c.trim(), 16).ok());
        let font = attr(sym, "font").unwrap_or("a symbol font");
        if font.eq_ignore_ascii_case("Symbol")
            && let Some(c) = code.and_then(symbol_font)
        {
            return Some(c);
        }
        match code.and_then(char::from_u32) {
            Some(c) if !('\u{E000}'..='\u{F8FF}').contains(&c) && !c.is_control() => Some(c),
            _ => {
                self.document
                    .note_here(format!("a symbol of the font {font} was left out"), "");
                None
            }
        }
    }

    /// A DrawingML object (`w:drawing`): a text box's paragraphs, or an
    /// image's alt text, go after the paragraph.
    pub(super) fn drawing(
        &mut self,
        drawing: Node<'_, '_>,
        paragraph: &mut Paragraph,
    ) -> Result<(), Unreadable> {
        // A text box's words are kept; a shape that is only a text box is
        // no image (a group may hold both).
        if self.text_boxes(drawing, paragraph)? && find_outer(drawing, "pic").is_empty() {
            return Ok(());
        }
        let alt = find_outer(drawing, "docPr").into_iter().find_map(|doc_pr| {
            [attr(doc_pr, "descr"), attr(doc_pr, "title")]
                .into_iter()
                .flatten()
                .map(collapse)
                .find(|alt| !alt.is_empty())
        });
        self.image(alt, paragraph);
        Ok(())
    }

    /// A VML object (`w:pict`, `w:object`): a text box's paragraphs, or an
    /// image's alt text (`v:shape/@alt`, `v:imagedata/@o:title`). A VML
    /// shape with neither (a rule, a line) holds no words.
    pub(super) fn vml(
        &mut self,
        pict: Node<'_, '_>,
        paragraph: &mut Paragraph,
    ) -> Result<(), Unreadable> {
        if self.text_boxes(pict, paragraph)? {
            return Ok(());
        }
        let images = find_outer(pict, "imagedata");
        let Some(image) = images.first() else {
            return Ok(());
        };
        let alt = [
            image.parent_element().and_then(|shape| attr(shape, "alt")),
            attr(*image, "title"),
        ]
        .into_iter()
        .flatten()
        .map(collapse)
        .find(|alt| !alt.is_empty());
        self.image(alt, paragraph);
        Ok(())
    }

    /// An image: its alt text after the paragraph, or a note that it was
    /// left out.
    fn image(&mut self, alt: Option<String>, paragraph: &mut Paragraph) {
        match alt {
            Some(alt) => paragraph.after.push(After {
                document: Document {
                    blocks: vec![Block::plain(BlockKind::Paragraph, alt.clone())],
                    ..Document::default()
                },
                message: "an image: its alt text became a paragraph after the paragraph holding it"
                    .into(),
                text: String::new(),
                alt: Some(alt),
            }),
            None => self
                .document
                .note_here("an image with no alt text was left out", ""),
        }
    }

    /// The text boxes (`w:txbxContent`) in an object: their paragraphs go
    /// after the paragraph. Whether it had any.
    fn text_boxes(
        &mut self,
        object: Node<'_, '_>,
        paragraph: &mut Paragraph,
    ) -> Result<bool, Unreadable> {
        let boxes = find_outer(object, "txbxContent");
        for text_box in &boxes {
            let inner = self.apart(|walker| walker.blocks(*text_box))?;
            if !inner.blocks.is_empty() || !inner.notes.is_empty() {
                paragraph.after.push(After {
                    document: inner,
                    message: "a text box: its paragraphs were put after the paragraph holding it"
                        .into(),
                    text: String::new(),
                    alt: None,
                });
            }
        }
        Ok(!boxes.is_empty())
    }

    /// A footnote or endnote reference: the note's paragraphs go after the
    /// paragraph.
    pub(super) fn note_reference(
        &mut self,
        reference: Node<'_, '_>,
        paragraph: &mut Paragraph,
        endnote: bool,
    ) -> Result<(), Unreadable> {
        let Some(id) = attr(reference, "id") else {
            return Ok(());
        };
        let notes = if endnote {
            &self.context.endnotes
        } else {
            &self.context.footnotes
        };
        let Some(&note) = notes.get(id) else {
            return Ok(());
        };
        if !self.placed_notes.insert((endnote, id.to_owned())) {
            return Ok(());
        }
        let inner = self.apart(|walker| walker.blocks(note))?;
        let text = inner
            .blocks
            .iter()
            .map(Block::text)
            .collect::<Vec<_>>()
            .join(" ");
        if inner.blocks.is_empty() {
            // No words, but what its walk noted (a tracked change) stays.
            let place = Place::Block(self.document.blocks.len());
            for mut note in inner.notes {
                if let Place::Block(_) = note.place {
                    note.place = place.clone();
                }
                self.document.notes.push(note);
            }
            return Ok(());
        }
        let what = if endnote { "an endnote" } else { "a footnote" };
        paragraph.after.push(After {
            document: inner,
            message: format!(
                "{what}: its words became a paragraph after the paragraph that refers to it"
            ),
            text,
            alt: None,
        });
        Ok(())
    }
}

/// The Unicode character of a Symbol-font code (`F0xx` or `xx`), for the
/// few a leaflet uses: Greek letters, arithmetic and comparison signs,
/// arrows, the bullet and the degree sign.
fn symbol_font(code: u32) -> Option<char> {
    let code = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    let greek = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ";
    let small = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ";
    Some(match code {
        0x41..=0x5A => greek.chars().nth((code - 0x41) as usize)?,
        0x61..=0x7A => small.chars().nth((code - 0x61) as usize)?,
        0x20..=0x3F if code != 0x22 && code != 0x24 && code != 0x27 => char::from_u32(code)?,
        0xA3 => '≤',
        0xA5 => '∞',
        0xAB => '↔',
        0xAC => '←',
        0xAD => '↑',
        0xAE => '→',
        0xAF => '↓',
        0xB0 => '°',
        0xB1 => '±',
        0xB3 => '≥',
        0xB4 => '×',
        0xB5 => '∝',
        0xB7 => '•',
        0xB8 => '÷',
        0xB9 => '≠',
        0xBA => '≡',
        0xBB => '≈',
        0xD7 => '⋅',
        0xDE => '⇒',
        _ => return None,
    })
}
