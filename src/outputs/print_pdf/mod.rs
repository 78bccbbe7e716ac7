//! The print PDF (`ID-print.pdf`) for print shops: single pages at the trim
//! size in reading order, with bleed, crop marks outside the bleed, TrimBox
//! and BleedBox on every page, every font embedded, tagged PDF/UA-1, and a
//! page count padded to a multiple of 4 for saddle-stitching.
//!
//! typst sets the MediaBox (trim, bleed and room for the marks) and the
//! TrimBox; it writes no BleedBox, so `boxes.rs` adds one after export.
//! With an output intent, `pdfx.rs` then makes the file PDF/X-4 (typst
//! cannot write PDF/X): the file is opened and saved once for both.

mod boxes;
mod pdfx;

use super::layout_data::LayoutData;
use super::pagination::Pagination;
use super::{Output, ReadBack, RenderContext, Rendered, pdf_read};
use crate::error::Error;
use crate::model::{Binding, LinkAddresses};
use crate::typeset::output_intent::OutputIntent;
use crate::verify::{self, CheckContext, FileAt, OutputReport, PrintPromise};

/// The print edition of a leaflet, typeset once and shared: the print PDF
/// is its file, and the EPUB's page-list maps its page numbers.
#[derive(Debug, Clone)]
pub struct PrintEdition {
    /// The finished print PDF, boxes and all.
    pub pdf: Vec<u8>,
    /// Where each page starts in the leaflet's text; `None` when the layout
    /// placed no anchors.
    pub pagination: Option<Pagination>,
    /// Warnings from preparing the text (no hyphenation patterns, say).
    pub warnings: Vec<String>,
    /// PNG proofs by file name, empty unless asked for.
    pub proof_files: Vec<(String, Vec<u8>)>,
    /// How many pages typst laid out.
    pub pages: usize,
    /// A small picture of the first page, for the job sheet.
    pub thumbnail: Option<crate::typeset::Thumbnail>,
    /// Whether the pages draw in colour, as typst laid them out.
    pub uses_colour: bool,
}

/// Typesets the print edition of the context's leaflet.
pub(super) fn typeset(context: &RenderContext<'_>) -> Result<PrintEdition, Error> {
    let leaflet = context.leaflet;
    let (data, warnings) = LayoutData::for_print(leaflet);
    let laid_out = data.typeset(context, "print.typ", "print", true)?;
    if leaflet.print.binding == Binding::SaddleStitch && laid_out.pages % 4 != 0 {
        return Err(Error::render(
            PrintPdf.name(),
            format!(
                "the print layout made {} pages; a saddle-stitched leaflet needs a multiple of 4",
                laid_out.pages
            ),
        ));
    }
    let finished = finish(
        &laid_out.pdf,
        leaflet.print.bleed_mm,
        context.layouts.output_intent(),
    );
    Ok(PrintEdition {
        pdf: finished.map_err(|error| Error::render(PrintPdf.name(), error))?,
        pagination: Pagination::from_marks(&laid_out.anchors, &laid_out.page_numbers),
        warnings,
        proof_files: laid_out.proof_files,
        pages: laid_out.pages,
        thumbnail: laid_out.thumbnail,
        uses_colour: laid_out.uses_colour,
    })
}

/// What leafpress does to typst's PDF: the BleedBox on every page and,
/// with an output intent, PDF/X-4; `Err` says why it could not.
fn finish(pdf: &[u8], bleed_mm: f64, intent: Option<&OutputIntent>) -> Result<Vec<u8>, String> {
    let mut document =
        crate::pdf::load(pdf).map_err(|error| format!("cannot reopen the typeset PDF: {error}"))?;
    boxes::add_bleed_boxes(&mut document, bleed_mm)?;
    if let Some(intent) = intent {
        pdfx::make_pdfx(&mut document, intent)?;
    }
    let mut bytes = Vec::with_capacity(pdf.len() + pdf.len() / 4);
    document
        .save_to(&mut bytes)
        .map_err(|error| format!("cannot write the print PDF: {error}"))?;
    Ok(bytes)
}

/// Where a print PDF, as its reader found it, breaks what the build
/// promised of it: PDF/X-4 (the reader judges a file that claims it by
/// PDF/X's rules itself; here a file that should and does not), and, with
/// leafpress's own layout, every text run in 100 % K and every mark in
/// the registration colour.
fn promise_flaws(printed: &pdf_read::PrintedPdf, promise: PrintPromise) -> Vec<String> {
    let mut flaws = Vec::new();
    if promise.pdfx && printed.pdfx.claimed.is_none() {
        flaws.push(
            "PDF/X-4 (identification): the build made it PDF/X-4 (the stamp names an output \
             intent), but the file has no GTS_PDFXVersion"
                .to_owned(),
        );
    }
    if promise.plates {
        let plates = &printed.plates;
        flaws.extend(plates.text_not_black.iter().map(|place| {
            format!("text is not 100 % K, and would print on more than the black plate ({place})")
        }));
        flaws.extend(
            plates.marks_not_registration.iter().map(|place| {
                format!("a crop mark is not in the registration colour `All` ({place})")
            }),
        );
    }
    flaws
}

/// The print PDF.
#[derive(Debug, Clone, Copy, Default)]
pub struct PrintPdf;

impl PrintPdf {
    /// The print PDF's key in the registry.
    pub const KEY: &'static str = "print";

    /// Reads a print PDF back as a reader of the trimmed pages gets it, by
    /// the print rules ([`pdf_read::Legibility::print`]: the safe area, RNIB
    /// Clear Print's 12 pt, WCAG contrast).
    pub fn read_back(&self, bytes: &[u8]) -> Result<ReadBack, Error> {
        pdf_read::read_tagged_pdf(bytes, &pdf_read::Legibility::print())
    }
}

impl Output for PrintPdf {
    fn key(&self) -> &'static str {
        Self::KEY
    }

    fn typesets(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "print PDF"
    }

    fn file_name(&self, leaflet_id: &str) -> String {
        format!("{leaflet_id}-print.pdf")
    }

    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, Error> {
        let edition = context.print_edition()?;
        let mut rendered = Rendered::file(self.file_name(&context.leaflet.id), edition.pdf.clone());
        rendered.warnings.clone_from(&edition.warnings);
        Ok(rendered)
    }

    fn read_text(&self, bytes: &[u8]) -> Option<Result<ReadBack, Error>> {
        Some(self.read_back(bytes))
    }

    fn check(&self, files: &[FileAt], context: &CheckContext<'_>) -> OutputReport {
        let mut report = verify::check_content(
            self.name(),
            LinkAddresses::WrittenOut,
            files,
            context,
            |bytes| self.read_back(bytes),
        );
        if let Some(Ok(printed)) = &report.printed {
            let broken = promise_flaws(printed, context.print);
            if !broken.is_empty() {
                report.flaws.extend(broken);
                report.settle();
            }
        }
        report
    }
}
