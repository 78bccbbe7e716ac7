//! Running the pipeline over a catalogue of leaflets.
//!
//! [`build`] reads every source, renders each valid leaflet's outputs into
//! temporary files beside their final paths, has each output's reader check
//! its file there, and only when all of a leaflet's outputs pass renames them
//! into place. A leaflet that fails anywhere keeps whatever outputs it had
//! before, untouched. [`check`] runs the same check over files already in the
//! output folder. Leaflets are processed in parallel; verified files are
//! flushed and released on a thread of their own while typesetting goes on.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::Serialize;

use crate::handoff;
use crate::model::Leaflet;
use crate::outputs::large_print_pdf::LargePrintPdf;
use crate::outputs::print_pdf::PrintPdf;
use crate::outputs::{self, Output, RenderContext};
use crate::release;
use crate::source::{self, Day, Diagnostic, Loaded, Severity};
use crate::stamp;
use crate::typeset::Layouts;
use crate::verify::{self, OutputReport, serialize_path};

/// What a build or check run is told.
#[derive(Debug, Clone)]
pub struct Options {
    /// The output folder: each leaflet's files go in `out/ID/`.
    pub out: PathBuf,
    /// A layouts folder replacing the built-in layouts (`--layouts DIR`).
    pub layouts: Option<PathBuf>,
    /// Whether to write PNG proofs of every PDF page (`--proofs`).
    pub proofs: bool,
    /// Whether warnings (a passed review date) stop a leaflet.
    pub strict: bool,
    /// Today's date, for the review-date warning.
    pub today: Day,
    /// The date every file's metadata carries (`SOURCE_DATE_EPOCH`); when
    /// `None`, each leaflet's own `reviewed` date.
    pub file_date: Option<crate::model::FileDate>,
    /// Whether to show progress on stderr (only when it is a terminal).
    pub progress: bool,
    /// Whether to rebuild leaflets whose outputs are up to date (`--force`).
    pub force: bool,
    /// How many leaflets to build at once (`--jobs`); `None`: one per core.
    pub jobs: Option<usize>,
    /// Whether to make the imposed print PDF for booklet printing
    /// (`--impose`).
    pub impose: bool,
    /// Whether each leaflet keeps the proofs and imposed PDF it was last
    /// built with, whatever `proofs` and `impose` say (`order`, which only
    /// wants the outputs current).
    pub keep_extras: bool,
}

impl Options {
    /// Options for a plain build into `out`: the built-in layouts, no
    /// proofs, warnings not fatal, today from the clock, each file dated by
    /// its leaflet, no progress bar, up-to-date leaflets skipped, one
    /// leaflet per core, no imposition.
    pub fn new(out: PathBuf) -> Options {
        Options {
            out,
            layouts: None,
            proofs: false,
            strict: false,
            today: today(),
            file_date: None,
            progress: false,
            force: false,
            jobs: None,
            impose: false,
            keep_extras: false,
        }
    }
}

/// `options` with the proofs and imposition the leaflet in `folder` was
/// last built with, as its folder shows them.
fn extras_as_before(options: &Options, folder: &Path, id: &str) -> Options {
    Options {
        proofs: folder.join("proofs").is_dir(),
        impose: folder.join(handoff::imposed_file_name(id)).is_file(),
        ..options.clone()
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

    /// Whether the leaflet was built or checked without a fault.
    pub fn succeeded(&self) -> bool {
        self.error.is_none()
            && !self.diagnostics.iter().any(|d| d.severity == "error")
            && self.outputs.iter().all(OutputReport::passed)
    }
}

/// A source problem in a form that serialises for `--json` and prints for
/// people.
#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticReport {
    /// `error` or `warning`.
    pub severity: &'static str,
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
            severity: match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
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
/// verified files. Returns one outcome per source, in order.
pub fn build(sources: &[PathBuf], options: &Options) -> Vec<LeafletOutcome> {
    build_with_outputs(sources, options, &outputs::all())
}

/// [`build`] with a chosen set of outputs: lets a test put a deliberately
/// broken writer behind the gate and watch it stop there.
pub fn build_with_outputs(
    sources: &[PathBuf],
    options: &Options,
    outputs: &[Box<dyn Output>],
) -> Vec<LeafletOutcome> {
    let (mut outcomes, leaflets) = load_all(sources, options);
    if leaflets.is_empty() {
        return outcomes;
    }
    // The built-in layouts are shared with the job sheet; a house style is
    // loaded for this run.
    let house_style = match &options.layouts {
        None => Ok(None),
        Some(folder) => Layouts::from_folder(folder).map(Some),
    };
    let out_is_new = !options.out.exists();
    let prepared = house_style
        .map_err(|error| error.to_string())
        .and_then(|layouts| {
            std::fs::create_dir_all(&options.out)
                .map(|()| layouts)
                .map_err(|error| {
                    format!(
                        "cannot create the output folder {}: {error}",
                        options.out.display()
                    )
                })
        });
    let house_style = match prepared {
        Ok(layouts) => layouts,
        Err(error) => {
            for ready in &leaflets {
                outcomes[ready.index].error = Some(error.clone());
            }
            return outcomes;
        }
    };
    let layouts = house_style.as_ref().unwrap_or(Layouts::shared_built_in());
    let progress = Progress::new(options.progress, leaflets.len());
    // Verified files are flushed to disk and renamed into place on a thread
    // of their own, so that typesetting goes on while the disk works.
    let (to_release, releases) = std::sync::mpsc::channel::<Release>();
    let (results, released) = std::thread::scope(|scope| {
        let releaser = scope.spawn(move || {
            releases
                .into_iter()
                .map(|release| (release.index, release.run()))
                .collect::<Vec<_>>()
        });
        let results: Vec<(usize, Result<Built, String>)> =
            typesetting_pool(options.jobs).install(|| {
                leaflets
                    .par_iter()
                    .map(|ready| {
                        let leaflet = &ready.leaflet;
                        let folder = options.out.join(&leaflet.id);
                        let as_before;
                        let options = if options.keep_extras {
                            as_before = extras_as_before(options, &folder, &leaflet.id);
                            &as_before
                        } else {
                            options
                        };
                        let inputs = inputs_of(ready, outputs, layouts, options);
                        let result = if !options.force && stamp::up_to_date(&folder, &inputs) {
                            Ok(Built::Skipped)
                        } else {
                            build_one(ready.index, leaflet, outputs, layouts, options, &inputs).map(
                                |(built, release)| {
                                    if let Some(release) = release {
                                        // The receiver lives until every
                                        // sender is dropped.
                                        let _ = to_release.send(release);
                                    }
                                    built
                                },
                            )
                        };
                        progress.one_done();
                        // Keep typst's caches from growing over a long catalogue.
                        // Four generations: ten held ~300 MB over a catalogue, with
                        // no gain in speed.
                        comemo::evict(4);
                        (ready.index, result)
                    })
                    .collect()
            });
        drop(to_release);
        let released = releaser
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (results, released)
    });
    progress.finish();
    if out_is_new {
        // If nothing was released, leave no empty output folder behind.
        let _ = std::fs::remove_dir(&options.out);
    }
    for (index, result) in results {
        match result {
            Ok(Built::Skipped) => outcomes[index].skipped = true,
            Ok(Built::Done { reports, warnings }) => {
                outcomes[index].outputs = reports;
                outcomes[index].warnings = warnings;
            }
            Err(error) => outcomes[index].error = Some(error),
        }
    }
    for (index, result) in released {
        if let Err(error) = result {
            outcomes[index].error = Some(error);
        }
    }
    outcomes
}

/// Checks the outputs already in `options.out` for every leaflet in `sources`.
pub fn check(sources: &[PathBuf], options: &Options) -> Vec<LeafletOutcome> {
    let (mut outcomes, leaflets) = load_all(sources, options);
    let outputs = outputs::all();
    let results: Vec<(usize, Vec<OutputReport>)> = leaflets
        .par_iter()
        .map(|Ready { index, leaflet, .. }| {
            let folder = options.out.join(&leaflet.id);
            let expected = verify::Expected::new(leaflet);
            let mut reports: Vec<OutputReport> = outputs
                .iter()
                .map(|output| {
                    let file = folder.join(output.file_name(&leaflet.id));
                    verify::check_file_against(output.as_ref(), &expected, &file)
                })
                .collect();
            // The imposed PDF is checked if it is there, or if the stamp
            // says the last build released one.
            let imposed_name = handoff::imposed_file_name(&leaflet.id);
            let imposed = folder.join(&imposed_name).exists()
                || stamp::recorded(&folder)
                    .is_some_and(|stamp| stamp.outputs.contains_key(&imposed_name));
            let job_reports = handoff::check(leaflet, &|name| folder.join(name), &reports, imposed);
            reports.extend(job_reports);
            (*index, reports)
        })
        .collect();
    for (index, reports) in results {
        outcomes[index].outputs = reports;
    }
    outcomes
}

/// A leaflet read from a valid source, ready to build or check.
struct Ready {
    /// Its outcome's place in the run's outcomes.
    index: usize,
    leaflet: Leaflet,
    /// The SHA-256 of the source bytes it was read from.
    source_sha256: String,
}

/// Reads every source; returns an outcome per source and the leaflets that
/// may go on.
fn load_all(sources: &[PathBuf], options: &Options) -> (Vec<LeafletOutcome>, Vec<Ready>) {
    let loaded: Vec<Result<Loaded, Vec<Diagnostic>>> = sources
        .par_iter()
        .map(|path| source::load(path, options.today))
        .collect();
    let mut outcomes: Vec<LeafletOutcome> =
        sources.iter().map(|s| LeafletOutcome::new(s)).collect();
    let mut leaflets = Vec::new();
    let mut first_with_id: HashMap<String, PathBuf> = HashMap::new();
    for (index, result) in loaded.into_iter().enumerate() {
        let outcome = &mut outcomes[index];
        let loaded = match result {
            Ok(loaded) => loaded,
            Err(diagnostics) => {
                outcome.diagnostics = diagnostics.iter().map(DiagnosticReport::from).collect();
                continue;
            }
        };
        let Loaded {
            leaflet,
            mut warnings,
            id_position,
            source_sha256,
        } = loaded;
        outcome.id = Some(leaflet.id.clone());
        if options.strict {
            for warning in &mut warnings {
                warning.severity = Severity::Error;
            }
        }
        if let Some(first) = first_with_id.get(&leaflet.id) {
            warnings.push(
                Diagnostic::error(
                    &leaflet.source_path,
                    id_position,
                    format!(
                        "the leaflet id `{}` is already used by {}; both would write the same files",
                        leaflet.id,
                        first.display()
                    ),
                )
                .with_hint("give every leaflet its own id"),
            );
        } else {
            first_with_id.insert(leaflet.id.clone(), leaflet.source_path.clone());
        }
        let stopped = warnings.iter().any(Diagnostic::is_error);
        outcome.diagnostics = warnings.iter().map(DiagnosticReport::from).collect();
        if !stopped {
            leaflets.push(Ready {
                index,
                leaflet,
                source_sha256,
            });
        }
    }
    (outcomes, leaflets)
}

/// What building one leaflet came to.
enum Built {
    /// Its outputs were up to date: nothing was done.
    Skipped,
    /// It was rendered and checked (and released if every check passed).
    Done {
        reports: Vec<OutputReport>,
        warnings: Vec<String>,
    },
}

/// The threads leaflets are built on. typst lays pages out with deep
/// recursion, and runs its own parallel work on the same threads, so they
/// get a stack as large as a main thread's and more: with rayon's default
/// (2 MiB) a catalogue of long leaflets overflowed it.
fn typesetting_pool(jobs: Option<usize>) -> rayon::ThreadPool {
    const STACK_BYTES: usize = 64 * 1024 * 1024;
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .stack_size(STACK_BYTES)
        .thread_name(|index| format!("leafpress-{index}"))
        .build()
        .expect("threads can be started")
}

/// The hash of everything a leaflet's outputs depend on ([`stamp::Inputs`]).
/// The source counts as the bytes it was read from, not as the file is
/// now: an edit made during the build must not be taken as built.
fn inputs_of(
    ready: &Ready,
    outputs: &[Box<dyn Output>],
    layouts: &Layouts,
    options: &Options,
) -> String {
    let mut inputs = stamp::Inputs::new();
    inputs.add("source", ready.source_sha256.as_bytes());
    inputs.add("layouts", layouts.digest().as_bytes());
    inputs.add("date", format!("{:?}", options.file_date).as_bytes());
    inputs.add("proofs", &[u8::from(options.proofs)]);
    inputs.add("impose", &[u8::from(options.impose)]);
    // The job sheet is typeset with the built-in layouts, whatever the
    // house style.
    inputs.add(
        "job sheet layouts",
        Layouts::shared_built_in().digest().as_bytes(),
    );
    for output in outputs {
        inputs.add("output", output.file_name(&ready.leaflet.id).as_bytes());
    }
    inputs.finish()
}

/// A leaflet's verified files, staged beside their final paths, waiting to
/// be released.
struct Release {
    /// The leaflet's place in the run's outcomes.
    index: usize,
    /// The outputs, their extra files, and the stamp last.
    staged: Vec<release::Staged>,
    /// Files of an earlier build that the new ones make wrong: removed once
    /// the new files are in place, unless they are among them.
    stale: Vec<PathBuf>,
    /// The leaflet's folder, if this build made it: removed again if the
    /// release fails, so no empty folder is left.
    new_folder: Option<PathBuf>,
}

impl Release {
    /// Flushes and renames the files into place ([`release::release_all`]).
    fn run(self) -> Result<(), String> {
        let released: Vec<PathBuf> = self
            .staged
            .iter()
            .map(|file| file.final_path().to_owned())
            .collect();
        let result = release::release_all(self.staged);
        match &result {
            Ok(()) => {
                for path in self.stale.iter().filter(|path| !released.contains(path)) {
                    let _ = std::fs::remove_file(path);
                }
            }
            Err(_) => {
                if let Some(folder) = &self.new_folder {
                    let _ = std::fs::remove_dir_all(folder);
                }
            }
        }
        result
    }
}

/// Renders, stages and checks one leaflet's outputs; when every check
/// passed, also returns the files to release.
fn build_one(
    index: usize,
    leaflet: &Leaflet,
    outputs: &[Box<dyn Output>],
    layouts: &Layouts,
    options: &Options,
    inputs: &str,
) -> Result<(Built, Option<Release>), String> {
    let folder = options.out.join(&leaflet.id);
    let folder_is_new = !folder.exists();
    std::fs::create_dir_all(&folder)
        .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    // A build killed part-way leaves staged files behind; clear them.
    release::remove_leftovers(&folder);
    release::remove_leftovers(&folder.join("proofs"));
    let date = options
        .file_date
        .unwrap_or_else(|| crate::model::FileDate::of_leaflet(leaflet));
    let context = RenderContext::new(leaflet, layouts, options.proofs, date);
    let result = stage_and_check(&context, outputs, &folder, inputs, options.impose);
    // An imposed PDF from an earlier `--impose` build no longer matches,
    // unless this build makes a new one.
    let stale = vec![folder.join(handoff::imposed_file_name(&leaflet.id))];
    let new_folder = folder_is_new.then_some(folder);
    match result {
        Ok((built, Some(staged))) => Ok((
            built,
            Some(Release {
                index,
                staged,
                stale,
                new_folder,
            }),
        )),
        failed => {
            if let Some(folder) = new_folder {
                // Leave no empty folder behind for a leaflet that produced
                // nothing (its staged files are already gone).
                let _ = std::fs::remove_dir_all(folder);
            }
            failed.map(|(built, _)| (built, None))
        }
    }
}

/// Writes each output beside its final path and checks it there; when all
/// pass, does the same for the job files. Returns the checks' reports and,
/// if every one passed, the staged files with the stamp last.
fn stage_and_check(
    context: &RenderContext<'_>,
    outputs: &[Box<dyn Output>],
    folder: &Path,
    inputs: &str,
    impose: bool,
) -> Result<(Built, Option<Vec<release::Staged>>), String> {
    let leaflet = context.leaflet;
    let mut staged = Vec::with_capacity(outputs.len());
    let mut output_hashes = std::collections::BTreeMap::new();
    let mut extra_files = Vec::new();
    let mut warnings = Vec::new();
    for output in outputs {
        let final_path = folder.join(output.file_name(&leaflet.id));
        let rendered = output
            .write(context)
            .map_err(|error| format!("cannot render the {}:\n{error}", output.name()))?;
        warnings.extend(
            rendered
                .warnings
                .into_iter()
                .map(|warning| format!("{}: {warning}", output.name())),
        );
        output_hashes.insert(
            output.file_name(&leaflet.id),
            stamp::sha256(&rendered.bytes),
        );
        staged.push(stage(&final_path, &rendered.bytes)?);
        for (name, bytes) in rendered.extra_files {
            let path = folder.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
            }
            extra_files.push(stage(&path, &bytes)?);
        }
    }
    let expected = verify::Expected::new(leaflet);
    let mut reports: Vec<OutputReport> = outputs
        .iter()
        .zip(&staged)
        .map(|(output, file)| {
            let mut report = verify::check_file_against(output.as_ref(), &expected, file.path());
            report.file = file.final_path().to_owned();
            report
        })
        .collect();
    if reports.iter().all(OutputReport::passed) && has_job_outputs(outputs) {
        let job_files = handoff::make(context, impose)
            .map_err(|error| format!("cannot make the print job files:\n{error}"))?;
        warnings.extend(job_files.warnings);
        for job_file in job_files.files {
            let final_path = folder.join(&job_file.file_name);
            output_hashes.insert(job_file.file_name, stamp::sha256(&job_file.bytes));
            staged.push(stage(&final_path, &job_file.bytes)?);
        }
        let staged_path = |name: &str| {
            let final_path = folder.join(name);
            staged
                .iter()
                .find(|file| file.final_path() == final_path)
                .map_or(final_path, |file| file.path().to_owned())
        };
        let imposed_path = folder.join(handoff::imposed_file_name(&leaflet.id));
        let imposed = staged.iter().any(|file| file.final_path() == imposed_path);
        for mut report in handoff::check(leaflet, &staged_path, &reports, imposed) {
            if let Some(file) = staged.iter().find(|file| file.path() == report.file) {
                report.file = file.final_path().to_owned();
            }
            reports.push(report);
        }
    }
    let to_release = if reports.iter().all(OutputReport::passed) {
        staged.extend(extra_files);
        // The stamp goes last, once the outputs are in place: see `stamp`.
        let stamp = stamp::Stamp::new(inputs, output_hashes);
        let stamp_path = folder.join(stamp::STAMP_FILE);
        staged.push(
            release::stage(&stamp_path, &stamp.to_json())
                .map_err(|error| format!("cannot write {}: {error}", stamp_path.display()))?,
        );
        Some(staged)
    } else {
        None
    };
    Ok((Built::Done { reports, warnings }, to_release))
}

/// [`release::stage`], with the message a failed write gives.
fn stage(final_path: &Path, bytes: &[u8]) -> Result<release::Staged, String> {
    release::stage(final_path, bytes).map_err(|error| {
        format!(
            "cannot write {}: {error}; any earlier outputs are untouched",
            final_path.display()
        )
    })
}

/// Whether the outputs built include both PDFs the job files describe (a
/// test may build with fewer).
fn has_job_outputs(outputs: &[Box<dyn Output>]) -> bool {
    let names: Vec<&str> = outputs.iter().map(|output| output.name()).collect();
    names.contains(&PrintPdf.name()) && names.contains(&LargePrintPdf.name())
}

/// A progress bar of leaflets done, redrawn on a terminal as a run of
/// several leaflets goes on, and wiped at the end (the summary line
/// follows). Quiet when stderr is not a terminal.
struct Progress {
    total: usize,
    done: AtomicUsize,
    shown: bool,
}

impl Progress {
    fn new(wanted: bool, total: usize) -> Self {
        Progress {
            total,
            done: AtomicUsize::new(0),
            shown: wanted && total > 1,
        }
    }

    fn one_done(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.shown {
            let mut stderr = std::io::stderr().lock();
            let _ = write!(stderr, "\r{}", progress_line(done, self.total));
            let _ = stderr.flush();
        }
    }

    fn finish(&self) {
        if self.shown {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
        }
    }
}

/// `leafpress [#######.............] 35/100 leaflets`.
fn progress_line(done: usize, total: usize) -> String {
    const WIDTH: usize = 30;
    let filled = (done * WIDTH)
        .checked_div(total)
        .unwrap_or(WIDTH)
        .min(WIDTH);
    format!(
        "leafpress [{}{}] {done}/{total} leaflets",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled)
    )
}

/// Today's date in UTC, from the system clock.
pub fn today() -> Day {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let (year, month, day) = crate::model::civil_from_days((seconds / 86_400) as i64);
    (year as u16, month, day)
}

#[cfg(test)]
mod tests {
    use super::progress_line;

    #[test]
    fn the_progress_bar_fills_as_leaflets_are_done() {
        assert_eq!(
            progress_line(0, 4),
            format!("leafpress [{}] 0/4 leaflets", ".".repeat(30))
        );
        assert!(progress_line(2, 4).starts_with(&format!("leafpress [{}.", "#".repeat(15))));
        assert_eq!(
            progress_line(4, 4),
            format!("leafpress [{}] 4/4 leaflets", "#".repeat(30))
        );
    }
}
