//! Handing a leaflet over to print: for print shops, a job ticket
//! (`ID-job.json`) and a job sheet (`ID-job-sheet.pdf`) saying exactly what
//! to print; for clinics printing booklets in house, an imposed print PDF
//! (`ID-print-imposed.pdf`, with `build --impose`); and paper orders
//! (`leafpress order`) from the real page counts.
//!
//! Each is an [`Output`] in the registry. The job files need both PDFs and
//! the braille file (for a leaflet that has one): they are checked after
//! them, against the files as they are on disk and what the files' own
//! readers found in them, and released with them.

pub mod impose;
pub mod order;
pub mod paper;
pub mod sheet;
pub mod ticket;

use crate::error::Error;
use crate::language::{Direction, direction};
use crate::model::{Binding, Leaflet};
use crate::outputs::braille::Braille;
use crate::outputs::large_print_pdf::LargePrintPdf;
use crate::outputs::print_pdf::PrintPdf;
use crate::outputs::{Output, RenderContext, Rendered};
use crate::verify::{self, CheckContext, FileAt, OutputReport};
use ticket::{BrailleFacts, Facts, JobTicket};

/// The job ticket (`ID-job.json`): what to print, from the PDFs.
#[derive(Debug, Clone, Copy, Default)]
pub struct JobTicketFile;

/// The job sheet (`ID-job-sheet.pdf`): the ticket on one A4 page to pin up.
#[derive(Debug, Clone, Copy, Default)]
pub struct JobSheet;

/// The imposed print PDF (`ID-print-imposed.pdf`, `--impose`): the print
/// PDF's pages two to a sheet side in booklet order.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImposedPdf;

/// What the job files are asked for by on the command line.
pub(crate) const JOB_FORMAT: &str = "job";
/// What a job ticket describes: the two PDFs, and the braille file when
/// the leaflet has one.
const JOB_NEEDS: &[&str] = &[PrintPdf::KEY, LargePrintPdf::KEY, Braille::KEY];

impl Output for JobTicketFile {
    fn key(&self) -> &'static str {
        "job-ticket"
    }

    fn format(&self) -> &'static str {
        JOB_FORMAT
    }

    fn name(&self) -> &'static str {
        "job ticket"
    }

    fn file_name(&self, leaflet_id: &str) -> String {
        format!("{leaflet_id}-job.json")
    }

    fn needs(&self) -> &'static [&'static str] {
        JOB_NEEDS
    }

    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, Error> {
        let ticket = made_ticket(context)?;
        Ok(Rendered::file(
            self.file_name(&context.leaflet.id),
            ticket.to_json(),
        ))
    }

    fn check(&self, files: &[FileAt], context: &CheckContext<'_>) -> OutputReport {
        report(self.name(), files, |bytes| {
            let found = JobTicket::from_json(bytes)?;
            Ok(found.differences(&expected_ticket(context)?))
        })
    }
}

impl Output for JobSheet {
    fn key(&self) -> &'static str {
        "job-sheet"
    }

    fn format(&self) -> &'static str {
        JOB_FORMAT
    }

    fn name(&self) -> &'static str {
        "job sheet"
    }

    fn file_name(&self, leaflet_id: &str) -> String {
        format!("{leaflet_id}-job-sheet.pdf")
    }

    fn needs(&self) -> &'static [&'static str] {
        JOB_NEEDS
    }

    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, Error> {
        let ticket = made_ticket(context)?;
        let thumbnail = context.print_edition()?.thumbnail.as_ref();
        let sheet = sheet::make_with(
            context.layouts,
            context.leaflet,
            &ticket,
            thumbnail,
            context.date,
        )
        .map_err(|error| Error::render(self.name(), error))?;
        context.editions.record_fonts(&sheet.font_files);
        Ok(Rendered::file(
            self.file_name(&context.leaflet.id),
            sheet.pdf,
        ))
    }

    fn check(&self, files: &[FileAt], context: &CheckContext<'_>) -> OutputReport {
        report(self.name(), files, |bytes| {
            sheet::check(bytes, &expected_ticket(context)?)
        })
    }
}

impl Output for ImposedPdf {
    fn key(&self) -> &'static str {
        "imposed"
    }

    fn format(&self) -> &'static str {
        "impose"
    }

    fn on_request(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "imposed print PDF"
    }

    fn file_name(&self, leaflet_id: &str) -> String {
        format!("{leaflet_id}-print-imposed.pdf")
    }

    fn needs(&self) -> &'static [&'static str] {
        &[PrintPdf::KEY]
    }

    /// Saddle-stitched booklets only: for loose sheets no file, with a
    /// warning.
    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, Error> {
        let leaflet = context.leaflet;
        if leaflet.print.binding != Binding::SaddleStitch {
            return Ok(Rendered {
                files: Vec::new(),
                warnings: vec![
                    "none made: --impose makes saddle-stitched booklets, and this leaflet has \
                     `binding = \"none\"` (its print PDF's pages print as they are)"
                        .to_owned(),
                ],
            });
        }
        let print = context.print_edition()?;
        let imposed = impose::impose(&print.pdf, spine(leaflet))
            .map_err(|error| Error::render(self.name(), error))?;
        Ok(Rendered::file(self.file_name(&leaflet.id), imposed))
    }

    /// A loose-sheet leaflet has no imposed PDF, and passes with none.
    fn check(&self, files: &[FileAt], context: &CheckContext<'_>) -> OutputReport {
        let leaflet = context.leaflet;
        if files.is_empty() && leaflet.print.binding != Binding::SaddleStitch {
            let mut report = OutputReport::failed(self.name(), files);
            report.settle();
            return report;
        }
        report(self.name(), files, |imposed| {
            let print = context.needed_bytes(PrintPdf::KEY)?;
            let print = impose::PrintPages::read(&print)?;
            let sides = impose::imposed_order(imposed, &print)?;
            let booklet = impose::expected_order(&print, spine(leaflet));
            Ok(if sides == booklet {
                Vec::new()
            } else {
                vec![format!(
                    "the sheet sides show print pages {sides:?}; folded as a booklet they must show {booklet:?}"
                )]
            })
        })
    }
}

/// The job ticket the build's typeset editions give.
fn made_ticket(context: &RenderContext<'_>) -> Result<JobTicket, Error> {
    let leaflet = context.leaflet;
    let print = context.print_edition()?;
    let large_print = context.large_print_edition()?;
    let braille = match Braille.not_made_for(leaflet) {
        Some(_) => None,
        None => {
            let edition = context.braille_edition()?;
            Some(BrailleFacts::new(
                Braille.file_name(&leaflet.id),
                &edition.brf,
                edition.pages,
            ))
        }
    };
    let print_facts = Facts::made(
        PrintPdf.file_name(&leaflet.id),
        &print.pdf,
        (print.pages, print.uses_colour),
        (leaflet.print.size.mm(), leaflet.print.bleed_mm),
    );
    JobTicket::from_facts(
        leaflet,
        &match context.layouts.output_intent() {
            Some(intent) => print_facts.with_pdfx("PDF/X-4", intent.description.as_deref()),
            None => print_facts,
        },
        &Facts::made(
            LargePrintPdf.file_name(&leaflet.id),
            &large_print.pdf,
            (large_print.pages, large_print.uses_colour),
            (ticket::LARGE_PRINT_TRIM.mm(), 0.0),
        ),
        braille.as_ref(),
    )
    .map_err(|error| Error::render("job ticket", error))
}

/// The edge the leaflet's booklet is bound on, from its language's
/// direction.
fn spine(leaflet: &Leaflet) -> impose::Spine {
    match direction(&leaflet.language) {
        Direction::RightToLeft => impose::Spine::Right,
        Direction::LeftToRight => impose::Spine::Left,
    }
}

/// The ticket the PDFs on disk give: their bytes, and what their checks'
/// reader found in them.
fn expected_ticket(context: &CheckContext<'_>) -> Result<JobTicket, Error> {
    let facts = |key: &str| -> Result<Facts, Error> {
        let needed = context.needed(key).ok_or_else(|| {
            Error::Check(format!(
                "the {key} PDF was not checked, so the ticket cannot be"
            ))
        })?;
        let file = needed
            .files
            .first()
            .map_or_else(String::new, |file| file.name.clone());
        let printed = match (&needed.report.printed, &needed.report.error) {
            (Some(printed), _) => printed
                .clone()
                .map_err(|error| Error::Check(format!("{file}: {error}")))?,
            (None, Some(error)) => {
                return Err(Error::Check(format!(
                    "{file}: {error}; the ticket cannot be checked against it"
                )));
            }
            (None, None) => {
                return Err(Error::Check(format!(
                    "{file} was not read, so the ticket cannot be checked"
                )));
            }
        };
        let bytes = context.needed_bytes(key)?;
        Ok(Facts::from_read_back(file, &bytes, &printed))
    };
    let braille = match Braille.not_made_for(context.leaflet) {
        Some(_) => None,
        None => Some(braille_facts(context)?),
    };
    JobTicket::from_facts(
        context.leaflet,
        &facts(PrintPdf::KEY)?,
        &facts(LargePrintPdf::KEY)?,
        braille.as_ref(),
    )
}

/// The braille file's facts as it is on disk: its bytes, and its pages as
/// the braille reader counts them.
fn braille_facts(context: &CheckContext<'_>) -> Result<BrailleFacts, Error> {
    let file = context
        .needed(Braille::KEY)
        .and_then(|needed| needed.files.first())
        .ok_or_else(|| {
            Error::Check("the braille file was not checked, so the ticket cannot be".to_owned())
        })?;
    let bytes = context.needed_bytes(Braille::KEY)?;
    let pages = Braille
        .pages(&bytes, context.leaflet.braille)
        .map_err(|error| Error::Check(format!("{}: {error}", file.name)))?;
    Ok(BrailleFacts::new(file.name.clone(), &bytes, pages))
}

/// A check's outcome as an output report: `Err` when the file could not be
/// read or judged, the problems found otherwise.
fn report(
    output: &str,
    files: &[FileAt],
    check: impl FnOnce(&[u8]) -> Result<Vec<String>, Error>,
) -> OutputReport {
    let mut report = OutputReport::failed(output, files);
    let checked = match files.first() {
        None => Err(Error::Check("no file to check".to_owned())),
        Some(file) => verify::read_file(&file.path).and_then(|bytes| check(&bytes)),
    };
    match checked {
        Ok(flaws) => report.flaws = flaws,
        Err(error) => report.error = Some(error.to_string()),
    }
    report.settle();
    report
}
