//! The print PDF (`ID-print.pdf`) for print shops: single pages at the trim
//! size in reading order, with bleed, crop marks outside the bleed, TrimBox
//! and BleedBox on every page, every font embedded, tagged PDF/UA-1, and a
//! page count padded to a multiple of 4 for saddle-stitching.
//!
//! typst sets the MediaBox (trim, bleed and room for the marks) and the
//! TrimBox; it writes no BleedBox, so [`boxes`] adds one after export.

mod boxes;

use super::layout_data::LayoutData;
use super::{Output, ReadBack, ReadError, RenderContext, RenderError, Rendered, pdf_read};
use crate::model::{Binding, LinkAddresses};

/// The print PDF.
#[derive(Debug, Clone, Copy, Default)]
pub struct PrintPdf;

impl Output for PrintPdf {
    fn name(&self) -> &'static str {
        "print PDF"
    }

    fn file_name(&self, leaflet_id: &str) -> String {
        format!("{leaflet_id}-print.pdf")
    }

    fn link_addresses(&self) -> LinkAddresses {
        LinkAddresses::WrittenOut
    }

    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, RenderError> {
        let leaflet = context.leaflet;
        let (data, warnings) = LayoutData::for_print(leaflet);
        let laid_out = data.typeset(context, "print.typ", "print")?;
        if leaflet.print.binding == Binding::SaddleStitch && laid_out.pages % 4 != 0 {
            return Err(RenderError(format!(
                "the print layout made {} pages; a saddle-stitched leaflet needs a multiple of 4",
                laid_out.pages
            )));
        }
        Ok(Rendered {
            bytes: boxes::add_bleed_boxes(&laid_out.pdf, leaflet.print.bleed_mm)
                .map_err(RenderError)?,
            warnings,
            extra_files: laid_out.proof_files,
        })
    }

    fn read_back(&self, bytes: &[u8]) -> Result<ReadBack, ReadError> {
        pdf_read::read_tagged_pdf(bytes)
    }
}
