//! Proving that an output holds the whole leaflet.
//!
//! The model says what every reader must get: the title, every section heading
//! and every sentence and list item of every section, in source order, and the
//! review dates (and the summary and publisher when given). [`check_file`] has
//! the output's own reader read the file on disk and compares what came back
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

use serde::{Serialize, Serializer};

pub use compare::{Problem, ProblemKind, compare};
pub use normalise::normalise_words;
pub use units::{Item, Unit, units};

use crate::model::{Leaflet, LinkAddresses};
use crate::outputs::Output;
use crate::outputs::pdf_read::PrintedPdf;

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
    pub printed: Option<Result<PrintedPdf, String>>,
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
    fn units(&self, links: LinkAddresses) -> &[Unit] {
        let cell = match links {
            LinkAddresses::WrittenOut => &self.written_out,
            LinkAddresses::Omitted => &self.omitted,
        };
        cell.get_or_init(|| units(self.leaflet, links))
    }
}

/// Reads one output file with its own reader and compares it with the model.
pub fn check_file(output: &dyn Output, leaflet: &Leaflet, file: &Path) -> OutputReport {
    check_file_against(output, &Expected::new(leaflet), file)
}

/// [`check_file`] for one of several outputs of a leaflet, against units
/// worked out once for all of them.
pub fn check_file_against(
    output: &dyn Output,
    expected: &Expected<'_>,
    file: &Path,
) -> OutputReport {
    let mut report = OutputReport {
        output: output.name().to_owned(),
        file: file.to_owned(),
        status: Status::Failed,
        error: None,
        flaws: Vec::new(),
        problems: Vec::new(),
        printed: None,
    };
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            report.error = Some("the file is missing".to_owned());
            return report;
        }
        Err(error) => {
            report.error = Some(format!("the file cannot be read: {error}"));
            return report;
        }
    };
    match output.read_back(&bytes) {
        Ok(read) => {
            report.problems = compare(expected.units(output.link_addresses()), &read);
            report.flaws = read.flaws;
            report.printed = read.printed;
            if report.problems.is_empty() && report.flaws.is_empty() {
                report.status = Status::Passed;
            }
        }
        Err(error) => {
            report.error = Some(format!("the file is not valid {}: {error}", output.name()))
        }
    }
    report
}
