//! The large-print PDF (`ID-large-print.pdf`), to the UKAAF / RNIB clear and
//! large print guidance: A4, one column, the body at the leaflet's
//! `large_print.size_pt`, never hyphenated, no italics, tagged PDF/UA-1.
//! Laid out by its own layout, never a scaled copy of the print PDF.

use super::layout_data::LayoutData;
use super::{Output, ReadBack, ReadError, RenderContext, RenderError, Rendered, pdf_read};
use crate::model::LinkAddresses;

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
pub(super) fn typeset(context: &RenderContext<'_>) -> Result<LargePrintEdition, RenderError> {
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

impl Output for LargePrintPdf {
    fn name(&self) -> &'static str {
        "large-print PDF"
    }

    fn file_name(&self, leaflet_id: &str) -> String {
        format!("{leaflet_id}-large-print.pdf")
    }

    fn link_addresses(&self) -> LinkAddresses {
        LinkAddresses::WrittenOut
    }

    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, RenderError> {
        let edition = context.large_print_edition()?;
        Ok(Rendered {
            bytes: edition.pdf.clone(),
            warnings: Vec::new(),
            extra_files: edition.proof_files.clone(),
        })
    }

    fn read_back(&self, bytes: &[u8]) -> Result<ReadBack, ReadError> {
        pdf_read::read_tagged_pdf(bytes)
    }
}
