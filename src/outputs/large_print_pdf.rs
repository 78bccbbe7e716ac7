//! The large-print PDF (`ID-large-print.pdf`), to the UKAAF / RNIB clear and
//! large print guidance: A4, one column, the body at the leaflet's
//! `large_print.size_pt`, never hyphenated, no italics, tagged PDF/UA-1.
//! Laid out by its own layout, never a scaled copy of the print PDF.

use super::layout_data::LayoutData;
use super::{Output, ReadBack, ReadError, RenderContext, RenderError, Rendered, pdf_read};
use crate::model::LinkAddresses;

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
        let data = LayoutData::for_large_print(context.leaflet);
        let laid_out = data.typeset(context, "large-print.typ", "large-print")?;
        Ok(Rendered {
            bytes: laid_out.pdf,
            warnings: Vec::new(),
            extra_files: laid_out.proof_files,
        })
    }

    fn read_back(&self, bytes: &[u8]) -> Result<ReadBack, ReadError> {
        pdf_read::read_tagged_pdf(bytes)
    }
}
