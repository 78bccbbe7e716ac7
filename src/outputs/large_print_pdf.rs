//! The large-print PDF (`ID-large-print.pdf`), to the UKAAF / RNIB clear and
//! large print guidance: A4, one column, the body at the leaflet's
//! `large_print.size_pt`, never hyphenated, no italics, tagged PDF/UA-1.
//! Laid out by its own layout, never a scaled copy of the print PDF.

use super::layout_data::LayoutData;
use super::{Output, ReadBack, RenderContext, Rendered, pdf_read};
use crate::error::Error;
use crate::model::LinkAddresses;
use crate::verify::{self, CheckContext, FileAt, OutputReport};

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
            |bytes| self.read_back(bytes, context.leaflet.large_print.size_pt),
        )
    }
}
