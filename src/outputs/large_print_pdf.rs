//! The large-print PDF (`ID-large-print.pdf`), to the UKAAF / RNIB clear and
//! large print guidance: A4, one column, the body at the leaflet's
//! `large_print.size_pt`, never hyphenated, no italics, tagged PDF/UA-1.
//! Laid out by its own layout, never a scaled copy of the print PDF.

use super::layout_data::LayoutData;
use super::{Output, ReadBack, ReadError, RenderContext, RenderError, Rendered, pdf_read};
use crate::model::LinkAddresses;
use crate::typeset::{self, Job};

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
        let leaflet = context.leaflet;
        let data = LayoutData::for_large_print(leaflet);
        let job = Job {
            layout: "large-print.typ",
            data: &data.to_json(),
            today: typeset::fixed_date(&leaflet.reviewed),
        };
        let ident = format!("{}-large-print", leaflet.id);
        let typeset = typeset::typeset_pdf(context.layouts, job, &ident, context.proofs)
            .map_err(|error| RenderError(error.0))?;
        let extra_files = typeset
            .proofs
            .into_iter()
            .enumerate()
            .map(|(i, png)| {
                (
                    format!("proofs/{}-large-print-page-{}.png", leaflet.id, i + 1),
                    png,
                )
            })
            .collect();
        Ok(Rendered {
            bytes: typeset.pdf,
            warnings: Vec::new(),
            extra_files,
        })
    }

    fn read_back(&self, bytes: &[u8]) -> Result<ReadBack, ReadError> {
        pdf_read::read_tagged_pdf(bytes)
    }
}
