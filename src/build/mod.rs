//! Running the pipeline over a catalogue of leaflets.
//!
//! [`build`] takes the output folder ([`lock`]), reads every source
//! ([`load`]), renders each valid leaflet's outputs into temporary files
//! beside their final paths, has each output's check read its files there,
//! and only when all of a leaflet's outputs pass renames them into place
//! ([`pipeline`], [`releaser`]). A leaflet that fails anywhere keeps whatever
//! outputs it had before, untouched. [`check`] runs the same checks over
//! files already in the output folder. Leaflets are processed in parallel
//! ([`progress`] shows how far a run has got).
//!
//! Which outputs there are is the [`Registry`]'s business: nothing here
//! names one.
//!
//! After the releases, a build that verified a leaflet (built it, or found
//! it up to date) remakes the catalogue page, `DIR/index.html`
//! ([`index_page`]), still holding the lock; a check checks the page when
//! there is one. The page's failure is reported as one more outcome, named
//! by the page's path, and fails the run.

pub mod load;
pub mod lock;
pub mod pipeline;
pub mod progress;
pub mod releaser;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::error::Error;
use crate::index_page;
use crate::model::FileDate;
use crate::registry::{Registry, Selection};
use crate::source::Day;
use crate::source::{Diagnostic, Severity};
use crate::stamp;
use crate::typeset::output_intent::OutputIntent;
use crate::verify::{self, FileAt, OutputReport, serialize_path};
use load::{Ready, load_all};
pub use lock::{FolderLock, Lock};

/// What a build or check run is told.
#[derive(Debug, Clone)]
pub struct Options {
    /// The output folder: each leaflet's files go in `out/ID/`.
    pub out: PathBuf,
    /// A layouts folder replacing the built-in layouts (`--layouts DIR`).
    pub layouts: Option<PathBuf>,
    /// Folders of more fonts, searched recursively, after the bundled
    /// fonts (`--font-path DIR`, repeatable).
    pub font_path: Vec<PathBuf>,
    /// The print shop's CMYK profile (`--output-intent PROFILE.icc`),
    /// read and checked before the run: the print PDF is then PDF/X-4.
    pub output_intent: Option<Arc<OutputIntent>>,
    /// What to make or check (`--formats`, `--impose`, `--proofs`):
    /// `None` is every format for a build, and for a check what each
    /// leaflet's stamp says was built.
    pub selection: Option<Selection>,
    /// Whether warnings (a passed review date) stop a leaflet.
    pub strict: bool,
    /// Today's date, for the review-date warning.
    pub today: Day,
    /// The date every file's metadata carries (`SOURCE_DATE_EPOCH`); when
    /// `None`, each leaflet's own `reviewed` date.
    pub file_date: Option<FileDate>,
    /// Whether to show progress on stderr (only when it is a terminal).
    pub progress: bool,
    /// Whether to rebuild leaflets whose outputs are up to date (`--force`).
    pub force: bool,
    /// How many leaflets to build at once (`--jobs`); `None`: one per core.
    pub jobs: Option<usize>,
    /// Whether each leaflet also keeps every output its stamp lists, on top
    /// of `selection` (`order`, which only wants what it counts current,
    /// and must not drop a leaflet's proofs or imposed PDF).
    pub keep_built: bool,
    /// Whether to wait for another run holding the output folder (else a
    /// usage error at once).
    pub wait_for_folder: bool,
}

impl Options {
    /// Options for a plain build into `out`: the built-in layouts and
    /// fonts, every format, warnings not fatal, today from the clock, each file dated
    /// by its leaflet, no progress bar, up-to-date leaflets skipped, one
    /// leaflet per core, waiting for the folder if another run has it.
    pub fn new(out: PathBuf) -> Options {
        Options {
            out,
            layouts: None,
            font_path: Vec::new(),
            output_intent: None,
            selection: None,
            strict: false,
            today: today(),
            file_date: None,
            progress: false,
            force: false,
            jobs: None,
            keep_built: false,
            wait_for_folder: true,
        }
    }

    /// The build's day, which the catalogue page's review marks are as
    /// of: `SOURCE_DATE_EPOCH`'s when it is set, so that a rebuild gives
    /// the same page, else today.
    fn build_day(&self) -> Day {
        self.file_date
            .map_or(self.today, |date| (date.year, date.month, date.day))
    }

    /// What to make of the leaflet whose folder is `folder`: the selection
    /// asked for (every format when none was), and with
    /// [`keep_built`](Options::keep_built) what its stamp lists too.
    fn selection_for(&self, registry: &Registry, folder: &Path) -> Selection {
        let asked = self
            .selection
            .clone()
            .unwrap_or_else(|| registry.default_selection());
        // Only `order` keeps what was built: a plain build need not read the
        // stamp here (the up-to-date test reads it anyway).
        if !self.keep_built {
            return asked;
        }
        match stamp::recorded(folder) {
            Some(stamp) => {
                asked.union(&registry.select_keys(stamp.entries.keys().map(String::as_str)))
            }
            None => asked,
        }
    }
}

/// What happened to one leaflet.
#[derive(Debug, Clone, Serialize)]
pub struct LeafletOutcome {
    /// The source file.
    #[serde(serialize_with = "serialize_path")]
    pub source: PathBuf,
    /// The leaflet id, once the source was read.
    pub id: Option<String>,
    /// Problems in the source (errors and warnings).
    pub diagnostics: Vec<DiagnosticReport>,
    /// A failure outside the source: rendering, writing, releasing.
    pub error: Option<String>,
    /// What the writers want known (no hyphenation patterns, say).
    pub warnings: Vec<String>,
    /// How each output fared in its check.
    pub outputs: Vec<OutputReport>,
    /// Whether the build was skipped: the outputs on disk were verified
    /// from the same source, layouts and leafpress ([`crate::stamp`]).
    pub skipped: bool,
}

impl LeafletOutcome {
    fn new(source: &Path) -> Self {
        LeafletOutcome {
            source: source.to_owned(),
            id: None,
            diagnostics: Vec::new(),
            error: None,
            warnings: Vec::new(),
            outputs: Vec::new(),
            skipped: false,
        }
    }

    /// The failure of the catalogue page in `out` (`DIR/index.html`),
    /// as an outcome named by the page's path.
    fn of_index_page(out: &Path, error: &Error) -> Self {
        LeafletOutcome {
            error: Some(error.to_string()),
            ..LeafletOutcome::new(&out.join(index_page::INDEX_FILE))
        }
    }

    /// Whether the leaflet was built or checked without a fault.
    pub fn succeeded(&self) -> bool {
        self.error.is_none()
            && !self
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error)
            && self.outputs.iter().all(OutputReport::passed)
    }
}

/// A source problem in a form that serialises for `--json` and prints for
/// people.
#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticReport {
    /// `error` or `warning`.
    pub severity: Severity,
    /// The source file.
    #[serde(serialize_with = "serialize_path")]
    pub file: PathBuf,
    /// One-based line.
    pub line: usize,
    /// One-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub hint: Option<String>,
    /// The whole message as printed: `path:line:column: message`.
    #[serde(skip)]
    pub display: String,
}

impl From<&Diagnostic> for DiagnosticReport {
    fn from(diagnostic: &Diagnostic) -> Self {
        DiagnosticReport {
            severity: diagnostic.severity,
            file: diagnostic.path.clone(),
            line: diagnostic.position.line,
            column: diagnostic.position.column,
            message: diagnostic.message.clone(),
            hint: diagnostic.hint.clone(),
            display: diagnostic.to_string(),
        }
    }
}

/// Builds every leaflet in `sources` into `options.out`, releasing only
/// verified files. Returns one outcome per source, in order; an error
/// only when the run could not start (the output folder cannot be made or
/// is in use).
pub fn build(sources: &[PathBuf], options: &Options) -> Result<Vec<LeafletOutcome>, Error> {
    build_with(&Registry::standard(), sources, options)
}

/// [`build`] with the outputs of `registry`: lets a test put a
/// deliberately broken writer behind the gate and watch it stop there.
pub fn build_with(
    registry: &Registry,
    sources: &[PathBuf],
    options: &Options,
) -> Result<Vec<LeafletOutcome>, Error> {
    let lock = FolderLock::take(&options.out, Lock::Build, options.wait_for_folder)?;
    let outcomes = build_holding(registry, sources, options, &lock);
    lock.release_empty_folder();
    Ok(outcomes)
}

/// [`build_with`] by a run that already holds the output folder's lock.
pub fn build_holding(
    registry: &Registry,
    sources: &[PathBuf],
    options: &Options,
    _lock: &FolderLock,
) -> Vec<LeafletOutcome> {
    let (mut outcomes, leaflets) = load_all(sources, options);
    if !leaflets.is_empty() {
        pipeline::run(registry, &leaflets, &mut outcomes, options);
    }
    if outcomes.iter().any(LeafletOutcome::succeeded)
        && let Err(error) = index_page::refresh(&options.out, registry, options.build_day())
    {
        outcomes.push(LeafletOutcome::of_index_page(&options.out, &error));
    }
    outcomes
}

/// Checks the outputs already in `options.out` for every leaflet in
/// `sources`: what `options.selection` asks for, or else what each
/// leaflet's stamp says its last build released (every format when there
/// is no stamp). A file the stamp lists must be there.
pub fn check(sources: &[PathBuf], options: &Options) -> Result<Vec<LeafletOutcome>, Error> {
    check_with(&Registry::standard(), sources, options)
}

/// [`check`] with the outputs of `registry`.
pub fn check_with(
    registry: &Registry,
    sources: &[PathBuf],
    options: &Options,
) -> Result<Vec<LeafletOutcome>, Error> {
    let lock = FolderLock::take(&options.out, Lock::Check, options.wait_for_folder)?;
    Ok(check_holding(registry, sources, options, &lock))
}

/// [`check_with`] by a run that already holds the output folder's lock.
pub fn check_holding(
    registry: &Registry,
    sources: &[PathBuf],
    options: &Options,
    _lock: &FolderLock,
) -> Vec<LeafletOutcome> {
    let (mut outcomes, leaflets) = load_all(sources, options);
    let results: Vec<(usize, Result<Vec<OutputReport>, Error>)> = leaflets
        .par_iter()
        .map(|Ready { index, leaflet, .. }| {
            let folder = options.out.join(&leaflet.id);
            (*index, check_leaflet(registry, leaflet, &folder, options))
        })
        .collect();
    for (index, result) in results {
        match result {
            Ok(reports) => outcomes[index].outputs = reports,
            Err(error) => outcomes[index].error = Some(error.to_string()),
        }
    }
    if let Err(error) = index_page::check(&options.out, registry) {
        outcomes.push(LeafletOutcome::of_index_page(&options.out, &error));
    }
    outcomes
}

/// Checks one leaflet's files in `folder`: what the run asks for, or else
/// what the leaflet's stamp lists (every format when there is no stamp).
/// A stamp that cannot be trusted, or that lists an output this leafpress
/// does not make, is an error: checking less than it lists would pass what
/// was never proved.
fn check_leaflet(
    registry: &Registry,
    leaflet: &crate::model::Leaflet,
    folder: &Path,
    options: &Options,
) -> Result<Vec<OutputReport>, Error> {
    let stamp = stamp::read(folder)?;
    let selection = match (&options.selection, &stamp) {
        (Some(selection), _) => selection.clone(),
        // A stamp of a leafpress that recorded no outputs by key proves
        // nothing: check every format.
        (None, Some(stamp)) if !stamp.entries.is_empty() => {
            if let Some(unknown) = stamp.entries.keys().find(|key| registry.get(key).is_none()) {
                return Err(Error::Check(format!(
                    "{}: the stamp lists `{unknown}`, which this leafpress does not make; \
                     rebuild the leaflet with --force",
                    folder.join(stamp::STAMP_FILE).display()
                )));
            }
            registry.select_keys(stamp.entries.keys().map(String::as_str))
        }
        (None, _) => registry.default_selection(),
    };
    // What is not made for this leaflet (braille in a language with no
    // trusted tables) is not expected either.
    let (selection, _) = selection.for_leaflet(registry, leaflet);
    let files_of = |output: &dyn crate::outputs::Output| {
        let listed = stamp
            .as_ref()
            .and_then(|stamp| stamp.entries.get(output.key()));
        match listed {
            Some(names) => names
                .iter()
                .map(|name| FileAt::released(folder, name))
                .collect(),
            None => vec![FileAt::released(folder, &output.file_name(&leaflet.id))],
        }
    };
    // What the print PDF was made as: with no stamp, only what the file
    // itself claims is known.
    let promise = stamp
        .as_ref()
        .map(|stamp| stamp.print.promise())
        .unwrap_or_default();
    Ok(verify::check_promised_outputs(
        selection.outputs(registry),
        leaflet,
        &files_of,
        promise,
    ))
}

/// Today's date in UTC, from the system clock.
pub fn today() -> Day {
    crate::model::today_utc()
}
