//! Proving that an output holds the whole leaflet.
//!
//! The model says what every reader must get: the title, every section heading
//! and every sentence and list item of every section, in source order, and the
//! review dates (and the summary and publisher when given). [`check_content`]
//! has the output's own reader read the file on disk and compares what came back
//! with that, unit by unit ([`units`]): a unit is the title, a heading, a
//! sentence, a list item, or a line of the end matter. Each unit must be found
//! after the one before it ([`compare`]); titles, headings and list items must
//! be blocks of their own, as a heading run into a paragraph is the very
//! damage leafpress exists to prevent.
//!
//! Words are compared after normalisation, so that the ways each format
//! legitimately shows text do not count as differences. The rules, each with
//! its reason, are in [`normalise_words`].

mod compare;
mod normalise;
mod units;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::{Serialize, Serializer};

pub use compare::{Problem, ProblemKind, compare};
pub use normalise::{ReadWords, SOFT_LINE_END, normalise_words};
pub use units::{Item, Unit, units};

use crate::error::Error;
use crate::model::{Leaflet, LinkAddresses};
use crate::outputs::pdf_read::PrintedPdf;
use crate::outputs::{Output, ReadBack};

/// How one output file fared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutputReport {
    /// The output's name (`plain text`).
    pub output: String,
    /// The file that was read.
    #[serde(serialize_with = "serialize_path")]
    pub file: PathBuf,
    /// `passed` or `failed`.
    pub status: Status,
    /// Why the file could not be read at all, if it could not.
    pub error: Option<String>,
    /// Where the file breaks its format's rules, as its reader found.
    pub flaws: Vec<String>,
    /// What the file lacks, in source order.
    pub problems: Vec<Problem>,
    /// What its reader found of a PDF as printed matter (see
    /// [`ReadBack::printed`](crate::outputs::ReadBack::printed)), for the
    /// job ticket's check.
    #[serde(skip)]
    pub printed: Option<Result<PrintedPdf, Error>>,
}

/// Whether an output passed its check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The file holds the whole leaflet.
    Passed,
    /// The file is missing, unreadable or lacks something.
    Failed,
}

impl OutputReport {
    /// A report of `output` on `files` (the first named), failed until
    /// [`settle`](OutputReport::settle) finds nothing wrong.
    pub fn failed(output: &str, files: &[FileAt]) -> OutputReport {
        OutputReport {
            output: output.to_owned(),
            file: files
                .first()
                .map(|file| file.shown.clone())
                .unwrap_or_default(),
            status: Status::Failed,
            error: None,
            flaws: Vec::new(),
            problems: Vec::new(),
            printed: None,
        }
    }

    /// Sets the status from what was found: passed when there is no error,
    /// no flaw and no problem.
    pub fn settle(&mut self) {
        self.status = if self.error.is_none() && self.flaws.is_empty() && self.problems.is_empty() {
            Status::Passed
        } else {
            Status::Failed
        };
    }

    /// Whether the output passed.
    pub fn passed(&self) -> bool {
        self.status == Status::Passed
    }
}

/// Paths in reports as text, even when they are not valid Unicode (their
/// odd bytes shown as U+FFFD), so that a report can always be written.
pub fn serialize_path<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.to_string_lossy())
}

/// What a leaflet's outputs must hold, cut into units once per way of
/// showing links and shared by all of its outputs' checks.
pub struct Expected<'a> {
    leaflet: &'a Leaflet,
    written_out: OnceLock<Vec<Unit>>,
    omitted: OnceLock<Vec<Unit>>,
}

impl<'a> Expected<'a> {
    /// What `leaflet`'s outputs must hold.
    pub fn new(leaflet: &'a Leaflet) -> Self {
        Expected {
            leaflet,
            written_out: OnceLock::new(),
            omitted: OnceLock::new(),
        }
    }

    /// The units, for a format that shows links as `links` says.
    pub fn units(&self, links: LinkAddresses) -> &[Unit] {
        let cell = match links {
            LinkAddresses::WrittenOut => &self.written_out,
            LinkAddresses::Omitted => &self.omitted,
        };
        cell.get_or_init(|| units(self.leaflet, links))
    }
}

/// A file to check: its name in the leaflet's folder, where its bytes are
/// now (staged beside its final path during a build), and the path reports
/// give for it (its final path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileAt {
    /// Its path relative to the leaflet's folder (`ID.txt`).
    pub name: String,
    /// Where to read it.
    pub path: PathBuf,
    /// Where it is said to be in reports.
    pub shown: PathBuf,
}

impl FileAt {
    /// A released file: read where it is shown.
    pub fn released(folder: &Path, name: &str) -> FileAt {
        let path = folder.join(name);
        FileAt {
            name: name.to_owned(),
            shown: path.clone(),
            path,
        }
    }
}

/// What an output's check was given by the check of an output it needs.
#[derive(Debug, Clone, Copy)]
pub struct Needed<'a> {
    /// The needed output's key.
    pub key: &'static str,
    /// How its check went, with what its reader found.
    pub report: &'a OutputReport,
    /// Its files, as they were checked.
    pub files: &'a [FileAt],
}

/// What the build promised of the print PDF beyond its text, which its
/// check holds it to: the build knows it from its options, `check` from
/// the stamp ([`crate::stamp::Stamp::print`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PrintPromise {
    /// It is PDF/X-4 (an output intent was given).
    pub pdfx: bool,
    /// Its text is 100 % K and its marks in the registration colour: made
    /// with leafpress's own print layout (a house style may use any inks).
    pub plates: bool,
}

/// Everything an output's check reads besides its own files: the leaflet,
/// the units its outputs must hold, what the build promised of the print
/// PDF, and the checks of the outputs it [`needs`](Output::needs).
pub struct CheckContext<'a> {
    /// The leaflet the files were built from.
    pub leaflet: &'a Leaflet,
    /// What every output must hold, cut into units once for all of them.
    pub expected: &'a Expected<'a>,
    /// What the build promised of the print PDF.
    pub print: PrintPromise,
    needed: Vec<Needed<'a>>,
}

impl<'a> CheckContext<'a> {
    /// What the check of the needed output `key` found; `None` when the
    /// output declared no such need.
    pub fn needed(&self, key: &str) -> Option<Needed<'a>> {
        self.needed.iter().find(|needed| needed.key == key).copied()
    }

    /// The bytes of the needed output `key`'s file, as it was checked; an
    /// error when there is none or it cannot be read.
    pub fn needed_bytes(&self, key: &str) -> Result<Vec<u8>, Error> {
        let file = self
            .needed(key)
            .and_then(|needed| needed.files.first())
            .ok_or_else(|| Error::Check(format!("no {key} file to check against")))?;
        read_file(&file.path)
            .map_err(|error| Error::Check(format!("{}: {error}", file.shown.display())))
    }
}

/// Checks every output of a leaflet, each against its files as `files_of`
/// says they are; an output that needs another is checked after it and
/// sees its report. The outputs must come in an order where every need
/// comes first (the registry's order); the reports come in that order.
///
/// Checks that need nothing unchecked run side by side (rayon: on the
/// build's pool, threads the leaflet's typesetting has left idle): each
/// output in the first round after the rounds of the outputs before it
/// that it needs.
pub fn check_outputs<'o>(
    outputs: impl IntoIterator<Item = &'o dyn Output>,
    leaflet: &Leaflet,
    files_of: &dyn Fn(&dyn Output) -> Vec<FileAt>,
) -> Vec<OutputReport> {
    check_promised_outputs(outputs, leaflet, files_of, PrintPromise::default())
}

/// [`check_outputs`], holding the print PDF to what the build promised of
/// it (`print`).
pub fn check_promised_outputs<'o>(
    outputs: impl IntoIterator<Item = &'o dyn Output>,
    leaflet: &Leaflet,
    files_of: &dyn Fn(&dyn Output) -> Vec<FileAt>,
    print: PrintPromise,
) -> Vec<OutputReport> {
    let expected = Expected::new(leaflet);
    let outputs: Vec<(&dyn Output, Vec<FileAt>)> = outputs
        .into_iter()
        .map(|output| (output, files_of(output)))
        .collect();
    // The outputs before `n` that it needs, by index.
    let needs = |n: usize| -> Vec<usize> {
        let (output, _) = outputs[n];
        output
            .needs()
            .iter()
            .filter_map(|key| outputs[..n].iter().position(|(o, _)| o.key() == *key))
            .collect()
    };
    let mut rounds: Vec<usize> = Vec::with_capacity(outputs.len());
    for n in 0..outputs.len() {
        let round = needs(n).iter().map(|&m| rounds[m] + 1).max().unwrap_or(0);
        rounds.push(round);
    }
    let mut reports: Vec<Option<OutputReport>> = vec![None; outputs.len()];
    for round in 0..=rounds.iter().copied().max().unwrap_or(0) {
        let checked: Vec<(usize, OutputReport)> = (0..outputs.len())
            .into_par_iter()
            .filter(|&n| rounds[n] == round)
            .map(|n| {
                let (output, files) = &outputs[n];
                let needed = needs(n)
                    .into_iter()
                    .map(|m| Needed {
                        key: outputs[m].0.key(),
                        report: reports[m]
                            .as_ref()
                            .expect("a needed output is checked in an earlier round"),
                        files: &outputs[m].1,
                    })
                    .collect();
                let context = CheckContext {
                    leaflet,
                    expected: &expected,
                    print,
                    needed,
                };
                (n, output.check(files, &context))
            })
            .collect();
        for (n, report) in checked {
            reports[n] = Some(report);
        }
    }
    reports
        .into_iter()
        .map(|report| report.expect("every output is checked in its round"))
        .collect()
}

/// The check of a reading format: its one file, read back by `read` (the
/// format's own reader) and compared with the units its readers must get,
/// links shown as `links` says.
pub fn check_content(
    output: &str,
    links: LinkAddresses,
    files: &[FileAt],
    context: &CheckContext<'_>,
    read: impl FnOnce(&[u8]) -> Result<ReadBack, Error>,
) -> OutputReport {
    let mut report = OutputReport::failed(output, files);
    let Some(file) = files.first() else {
        report.error = Some("no file to check".to_owned());
        return report;
    };
    let bytes = match read_file(&file.path) {
        Ok(bytes) => bytes,
        Err(error) => {
            report.error = Some(error.to_string());
            return report;
        }
    };
    match read(&bytes) {
        Ok(read) => {
            report.problems = compare(context.expected.units(links), &read);
            report.flaws = read.flaws;
            report.printed = read.printed;
            report.settle();
        }
        Err(error) => report.error = Some(format!("the file is not valid {output}: {error}")),
    }
    report
}

/// A file's bytes, or why they cannot be had, as a report says it: "the
/// file is missing" ([`Error::Check`]), or what the system said.
pub fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => Error::Check("the file is missing".to_owned()),
        _ => Error::Check(format!("the file cannot be read: {error}")),
    })
}
