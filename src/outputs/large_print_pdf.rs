//! The large-print PDF (`ID-large-print.pdf`), to the UKAAF / RNIB clear and
//! large print guidance: A4, one column, the body at the leaflet's
//! `large_print.size_pt`, never hyphenated, no italics, tagged PDF/UA-1.
//! Laid out by its own layout, never a scaled copy of the print PDF.

use std::collections::HashSet;

use super::layout_data::LayoutData;
use super::unseen::{Unseen, Why};
use super::{Output, ReadBack, RenderContext, Rendered, pdf_read};
use crate::error::Error;
use crate::model::LinkAddresses;
use crate::verify::{self, CheckContext, FileAt, OutputReport, Unit};

/// The smallest body size a leaflet's large print may have, in points.
const SMALLEST_LARGE_PRINT_PT: f64 = 16.0;

/// The large-print edition of a leaflet, typeset once: its file, and the
/// facts the job ticket gives about it.
#[derive(Debug, Clone)]
pub struct LargePrintEdition {
    /// The large-print PDF.
    pub pdf: Vec<u8>,
    /// How many pages typst laid out.
    pub pages: usize,
    /// Whether the pages draw in colour, as typst laid them out.
    pub uses_colour: bool,
    /// PNG proofs by file name, empty unless asked for.
    pub proof_files: Vec<(String, Vec<u8>)>,
}

/// Typesets the large-print edition of the context's leaflet.
pub(super) fn typeset(context: &RenderContext<'_>) -> Result<LargePrintEdition, Error> {
    let data = LayoutData::for_large_print(context.leaflet);
    let laid_out = data.typeset(context, "large-print.typ", "large-print", false)?;
    Ok(LargePrintEdition {
        pdf: laid_out.pdf,
        pages: laid_out.pages,
        uses_colour: laid_out.uses_colour,
        proof_files: laid_out.proof_files,
    })
}

/// The large-print PDF.
#[derive(Debug, Clone, Copy, Default)]
pub struct LargePrintPdf;

impl LargePrintPdf {
    /// The large-print PDF's key in the registry.
    pub const KEY: &'static str = "large-print";

    /// Reads a large-print PDF back as a reader gets it, by the large-print
    /// rules for body text of `size_pt` ([`pdf_read::Legibility::large_print`]).
    pub fn read_back(&self, bytes: &[u8], size_pt: f64) -> Result<ReadBack, Error> {
        pdf_read::read_tagged_pdf(bytes, &pdf_read::Legibility::large_print(size_pt))
    }
}

impl Output for LargePrintPdf {
    fn key(&self) -> &'static str {
        Self::KEY
    }

    fn typesets(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "large-print PDF"
    }

    fn file_name(&self, leaflet_id: &str) -> String {
        format!("{leaflet_id}-large-print.pdf")
    }

    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, Error> {
        let edition = context.large_print_edition()?;
        Ok(Rendered::file(
            self.file_name(&context.leaflet.id),
            edition.pdf.clone(),
        ))
    }

    /// Read by the large-print rules for the smallest body size a leaflet
    /// may ask for (16 pt): the check itself holds the file to the
    /// leaflet's own size.
    fn read_text(&self, bytes: &[u8]) -> Option<Result<ReadBack, Error>> {
        Some(self.read_back(bytes, SMALLEST_LARGE_PRINT_PT))
    }

    fn check(&self, files: &[FileAt], context: &CheckContext<'_>) -> OutputReport {
        verify::check_content(
            self.name(),
            LinkAddresses::WrittenOut,
            files,
            context,
            |bytes| {
                let mut read = self.read_back(bytes, context.leaflet.large_print.size_pt)?;
                set_aside_capitals(&mut read, context.expected.units(LinkAddresses::WrittenOut));
                Ok(read)
            },
        )
    }
}

/// Large print sets no block in capitals (UKAAF: capitals are harder to
/// read than mixed case). The PDF alone cannot say whether capitals are the
/// leaflet's own (an acronym, a heading written in capitals), so this is
/// judged against the source (`units`): a block is set in capitals when
/// every word of two or more cased letters in it is upper case, and some
/// such word is nowhere in the source in upper case. Such a block is moved
/// from the blocks to the unseen text, so that the check says why its units
/// are missing. Small capitals drawn as their own glyphs (typst's
/// `smallcaps`) read back as lower case and are not seen here.
fn set_aside_capitals(read: &mut ReadBack, units: &[Unit]) {
    let source_capitals: HashSet<String> = units
        .iter()
        .flat_map(|unit| cased_words(&unit.text))
        .filter(|word| is_upper_case(word))
        .map(str::to_owned)
        .collect();
    let in_capitals = |block: &str| {
        let words: Vec<&str> = cased_words(block).collect();
        !words.is_empty()
            && words.iter().all(|word| is_upper_case(word))
            && words.iter().any(|word| !source_capitals.contains(*word))
    };
    let (capitals, blocks): (Vec<String>, Vec<String>) = std::mem::take(&mut read.blocks)
        .into_iter()
        .partition(|block| in_capitals(block));
    read.blocks = blocks;
    read.unseen.extend(capitals.into_iter().map(|text| Unseen {
        text,
        why: Why::Capitals,
    }));
}

/// The words of a text with two or more cased letters (`NHS`, `Call`; not
/// `I`, `2026`).
fn cased_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|word| {
        word.chars()
            .filter(|c| c.is_uppercase() || c.is_lowercase())
            .count()
            >= 2
    })
}

/// Whether every cased letter of a word is upper case.
fn is_upper_case(word: &str) -> bool {
    !word.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::{Item, normalise_words};

    fn unit(text: &str) -> Unit {
        Unit {
            section: None,
            item: Item::Text,
            text: text.to_owned(),
            words: normalise_words(text),
            number: None,
        }
    }

    #[test]
    fn blocks_set_in_capitals_the_source_does_not_have_are_set_aside() {
        let units = [
            unit("Your treatment options"),
            unit("Call NHS 111."),
            unit("SOS"),
        ];
        let mut read = ReadBack {
            blocks: [
                "YOUR TREATMENT OPTIONS",
                "Call NHS 111.",
                "NHS 111",
                "SOS",
                "A",
            ]
            .map(str::to_owned)
            .to_vec(),
            ..ReadBack::default()
        };
        set_aside_capitals(&mut read, &units);
        assert_eq!(read.blocks, ["Call NHS 111.", "NHS 111", "SOS", "A"]);
        assert_eq!(
            read.unseen,
            [Unseen {
                text: "YOUR TREATMENT OPTIONS".into(),
                why: Why::Capitals
            }]
        );
    }
}
