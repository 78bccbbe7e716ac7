//! Handing a leaflet over to print: for print shops, a job ticket
//! (`ID-job.json`) and a job sheet (`ID-job-sheet.pdf`) saying exactly what
//! to print; for clinics printing booklets in house, an imposed print PDF
//! (`ID-print-imposed.pdf`, with `build --impose`); and paper orders
//! (`leafpress order`) from the real page counts.
//!
//! The job files are made after a leaflet's four outputs pass their checks,
//! checked themselves against the PDFs as they are on disk, and released
//! with them.

pub mod impose;
pub mod order;
pub mod paper;
pub mod sheet;
pub mod ticket;

use std::path::{Path, PathBuf};

use crate::language::direction;
use crate::model::{Binding, Leaflet};
use crate::outputs::large_print_pdf::LargePrintPdf;
use crate::outputs::print_pdf::PrintPdf;
use crate::outputs::{Output, RenderContext};
use crate::verify::{OutputReport, Status};
use ticket::{Facts, JobTicket};

/// The job ticket's file name.
pub fn ticket_file_name(id: &str) -> String {
    format!("{id}-job.json")
}

/// The job sheet's file name.
pub fn sheet_file_name(id: &str) -> String {
    format!("{id}-job-sheet.pdf")
}

/// The imposed print PDF's file name.
pub fn imposed_file_name(id: &str) -> String {
    format!("{id}-print-imposed.pdf")
}

/// A file made for the print job.
#[derive(Debug, Clone)]
pub struct JobFile {
    /// Its file name in the leaflet's folder.
    pub file_name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The job files of a leaflet, and what someone should know about them.
#[derive(Debug, Clone)]
pub struct JobFiles {
    /// The files, to stage beside the outputs.
    pub files: Vec<JobFile>,
    /// Warnings (an imposed PDF asked for a leaflet that is not a booklet).
    pub warnings: Vec<String>,
}

/// Makes the job files of the leaflet rendered in `context`: the ticket,
/// the sheet and, with `impose`, the imposed print PDF (saddle-stitched
/// booklets only: for loose sheets it is left out, with a warning).
pub fn make(context: &RenderContext<'_>, impose: bool) -> Result<JobFiles, String> {
    let leaflet = context.leaflet;
    let print = context.print_edition().map_err(|error| error.0)?;
    let large_print = context.large_print_edition().map_err(|error| error.0)?;
    let ticket = JobTicket::from_facts(
        leaflet,
        &Facts::made(
            PrintPdf.file_name(&leaflet.id),
            &print.pdf,
            (print.pages, print.uses_colour),
            (leaflet.print.size.mm(), leaflet.print.bleed_mm),
        ),
        &Facts::made(
            LargePrintPdf.file_name(&leaflet.id),
            &large_print.pdf,
            (large_print.pages, large_print.uses_colour),
            (ticket::LARGE_PRINT_TRIM.mm(), 0.0),
        ),
    );
    let sheet = sheet::make(leaflet, &ticket, print.thumbnail.as_ref(), context.date)?;
    let mut files = vec![
        JobFile {
            file_name: ticket_file_name(&leaflet.id),
            bytes: ticket.to_json(),
        },
        JobFile {
            file_name: sheet_file_name(&leaflet.id),
            bytes: sheet,
        },
    ];
    let mut warnings = Vec::new();
    if impose && leaflet.print.binding != Binding::SaddleStitch {
        warnings.push(
            "no imposed PDF: --impose makes saddle-stitched booklets, and this leaflet has \
             `binding = \"none\"` (its print PDF's pages print as they are)"
                .to_owned(),
        );
    } else if impose {
        files.push(JobFile {
            file_name: imposed_file_name(&leaflet.id),
            bytes: impose::impose(&print.pdf, spine(leaflet))?,
        });
    }
    Ok(JobFiles { files, warnings })
}

/// Checks the job files of `leaflet` against its PDFs, reading every file
/// where `path_of` says a file name is (staged beside its final path, or
/// released). What the PDFs are as printed matter comes from the reports
/// of their own checks, `outputs_read` (their reader read it from the
/// files). The imposed PDF is checked when `imposed` is set.
pub fn check(
    leaflet: &Leaflet,
    path_of: &dyn Fn(&str) -> PathBuf,
    outputs_read: &[OutputReport],
    imposed: bool,
) -> Vec<OutputReport> {
    let id = &leaflet.id;
    let ticket_path = path_of(&ticket_file_name(id));
    let sheet_path = path_of(&sheet_file_name(id));
    let mut reports = Vec::new();
    let expected = expected_ticket(leaflet, path_of, outputs_read);
    reports.push(report("job ticket", &ticket_path, || {
        let found = JobTicket::from_json(&read(&ticket_path)?)?;
        Ok(found.differences(wanted(&expected)?))
    }));
    reports.push(report("job sheet", &sheet_path, || {
        sheet::check(&read(&sheet_path)?, wanted(&expected)?)
    }));
    if imposed {
        let imposed_path = path_of(&imposed_file_name(id));
        let print_path = path_of(&PrintPdf.file_name(id));
        reports.push(report("imposed print PDF", &imposed_path, || {
            let print = impose::PrintPages::read(&read(&print_path)?)?;
            let sides = impose::imposed_order(&read(&imposed_path)?, &print)?;
            let booklet = impose::expected_order(&print, spine(leaflet));
            Ok(if sides == booklet {
                Vec::new()
            } else {
                vec![format!(
                    "the sheet sides show print pages {sides:?}; folded as a booklet they must show {booklet:?}"
                )]
            })
        }));
    }
    reports
}

/// The edge the leaflet's booklet is bound on, from its language's
/// direction.
fn spine(leaflet: &Leaflet) -> impose::Spine {
    match direction(&leaflet.language) {
        "rtl" => impose::Spine::Right,
        _ => impose::Spine::Left,
    }
}

/// The ticket the PDFs give, or why they give none.
fn wanted(expected: &Result<JobTicket, String>) -> Result<&JobTicket, String> {
    expected.as_ref().map_err(Clone::clone)
}

/// The ticket the PDFs on disk give: their bytes, and what their checks'
/// reader found in them.
fn expected_ticket(
    leaflet: &Leaflet,
    path_of: &dyn Fn(&str) -> PathBuf,
    outputs_read: &[OutputReport],
) -> Result<JobTicket, String> {
    let facts = |file: String| -> Result<Facts, String> {
        let report = outputs_read
            .iter()
            .find(|report| report.file.file_name() == Some(file.as_ref()));
        let printed = match report.map(|report| (&report.printed, &report.error)) {
            Some((Some(printed), _)) => printed
                .clone()
                .map_err(|error| format!("{file}: {error}"))?,
            Some((None, Some(error))) => {
                return Err(format!(
                    "{file}: {error}; the ticket cannot be checked against it"
                ));
            }
            _ => {
                return Err(format!(
                    "{file} was not read, so the ticket cannot be checked"
                ));
            }
        };
        let bytes = read(&path_of(&file))?;
        Ok(Facts::from_read_back(file, &bytes, &printed))
    };
    Ok(JobTicket::from_facts(
        leaflet,
        &facts(PrintPdf.file_name(&leaflet.id))?,
        &facts(LargePrintPdf.file_name(&leaflet.id))?,
    ))
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => format!("{} is missing", path.display()),
        _ => format!("{} cannot be read: {error}", path.display()),
    })
}

/// A check's outcome as an output report: `Err` when the file could not be
/// read or judged, the problems found otherwise.
fn report(
    output: &str,
    file: &Path,
    check: impl FnOnce() -> Result<Vec<String>, String>,
) -> OutputReport {
    let (error, flaws) = match check() {
        Ok(flaws) => (None, flaws),
        Err(error) => (Some(error), Vec::new()),
    };
    OutputReport {
        output: output.to_owned(),
        file: file.to_owned(),
        status: if error.is_none() && flaws.is_empty() {
            Status::Passed
        } else {
            Status::Failed
        },
        error,
        flaws,
        problems: Vec::new(),
        printed: None,
    }
}
