//! One leaflet's way through a build: skip it if its stamp says its files
//! are current; otherwise write every selected output into files staged
//! beside their final paths, check them all there, and hand them to the
//! releaser only if every check passed. The leaflet's typeset editions are
//! this pipeline's, made on first use and dropped with it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::load::Ready;
use super::progress::Progress;
use super::releaser::{self, Release, ToRelease};
use super::{DiagnosticReport, LeafletOutcome, Options};
use crate::error::Error;
use crate::model::{FileDate, Leaflet};
use crate::outputs::braille::Braille;
use crate::outputs::editions::Editions;
use crate::outputs::{MadeFile, Output, RenderContext};
use crate::registry::{Registry, Selection};
use crate::release::{self, Staged};
use crate::source::Diagnostic;
use crate::stamp;
use crate::typeset::font_path::FontPath;
use crate::typeset::{Layouts, coverage};
use crate::verify::{self, FileAt, OutputReport};

/// What building one leaflet came to.
enum Built {
    /// Its outputs were up to date: nothing was done.
    Skipped,
    /// Its text cannot be typeset (no font shows some of it): nothing was
    /// done.
    Refused(Diagnostic),
    /// It was rendered and checked (and released if every check passed).
    Done {
        reports: Vec<OutputReport>,
        warnings: Vec<String>,
    },
}

/// Builds `leaflets` with the outputs of `registry`, each leaflet's outcome
/// written into `outcomes` at its index.
pub fn run(
    registry: &Registry,
    leaflets: &[Ready],
    outcomes: &mut [LeafletOutcome],
    options: &Options,
) {
    let layouts = match run_layouts(options) {
        Ok(layouts) => layouts,
        Err(error) => {
            for ready in leaflets {
                outcomes[ready.index].error = Some(error.to_string());
            }
            return;
        }
    };
    let layouts = layouts.as_ref().unwrap_or(Layouts::shared_built_in());
    let pool = match typesetting_pool(options.jobs) {
        Ok(pool) => pool,
        Err(error) => {
            for ready in leaflets {
                outcomes[ready.index].error = Some(error.to_string());
            }
            return;
        }
    };
    let progress = Progress::new(options.progress, leaflets.len());
    let (to_release, releases) = releaser::channel_to_releaser();
    let (results, released) = std::thread::scope(|scope| {
        let releaser = scope.spawn(move || releaser::release_everything(releases));
        let results: Vec<(usize, Result<Built, Error>)> = pool.install(|| {
            leaflets
                .par_iter()
                .map(|ready| {
                    let result = build_leaflet(registry, ready, layouts, options, &to_release);
                    progress.one_done();
                    // Keep typst's caches from growing over a long
                    // catalogue. Four generations: ten held ~300 MB over
                    // a catalogue, with no gain in speed.
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
    for (index, result) in results {
        match result {
            Ok(Built::Skipped) => outcomes[index].skipped = true,
            Ok(Built::Refused(diagnostic)) => outcomes[index]
                .diagnostics
                .push(DiagnosticReport::from(&diagnostic)),
            Ok(Built::Done { reports, warnings }) => {
                outcomes[index].outputs = reports;
                outcomes[index].warnings = warnings;
            }
            Err(error) => outcomes[index].error = Some(describe(&error)),
        }
    }
    for (index, result) in released {
        match result {
            Ok(removed) => outcomes[index].warnings.extend(removed.iter().map(|path| {
                format!(
                    "removed {}: this build did not make it again, so it no longer matches",
                    path.display()
                )
            })),
            Err(error) => outcomes[index].error = Some(describe(&error)),
        }
    }
}

/// The layouts of a run, when they are not the shared built-in ones: a
/// house style (`--layouts`), or fonts from `--font-path` (whose folders
/// are not read here: only when a leaflet is typeset).
fn run_layouts(options: &Options) -> Result<Option<Layouts>, Error> {
    let font_path = if options.font_path.is_empty() {
        None
    } else {
        Some(Arc::new(FontPath::new(&options.font_path)?))
    };
    let intent = options.output_intent.clone();
    let layouts = match (&options.layouts, font_path, intent) {
        (None, None, None) => return Ok(None),
        (None, font_path, Some(intent)) => Layouts::built_in_for(font_path, intent),
        (None, Some(font_path), None) => Layouts::built_in_with(font_path),
        (Some(folder), font_path, intent) => {
            let mut layouts = Layouts::from_folder(folder)?;
            if let Some(font_path) = font_path {
                layouts = layouts.with_font_path(font_path);
            }
            // `--output-intent` wins over the house style's own profile.
            if let Some(intent) = intent {
                layouts = layouts.with_output_intent(intent);
            }
            layouts
        }
    };
    Ok(Some(layouts))
}

/// What the print PDF is made as with `layouts`: PDF/X-4 for their output
/// intent, if any, and in a house style or leafpress's own layout.
fn print_made(layouts: &Layouts) -> stamp::PrintMade {
    stamp::PrintMade {
        output_intent: layouts.output_intent().map(|intent| intent.sha256.clone()),
        house_style: layouts.is_house_style(),
    }
}

/// A leaflet's failure in words; a file that could not be written says
/// that nothing earlier was lost.
fn describe(error: &Error) -> String {
    match error {
        Error::Io { .. } => format!("{error}; any earlier outputs are untouched"),
        _ => error.to_string(),
    }
}

/// The threads leaflets are built on. typst lays pages out with deep
/// recursion, and runs its own parallel work on the same threads, so they
/// get a stack as large as a main thread's and more: with rayon's default
/// (2 MiB) a catalogue of long leaflets overflowed it.
fn typesetting_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, Error> {
    const STACK_BYTES: usize = 64 * 1024 * 1024;
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .stack_size(STACK_BYTES)
        .thread_name(|index| format!("leafpress-{index}"))
        .build()
        .map_err(|error| {
            Error::Usage(format!(
                "cannot start {} typesetting threads ({error}); ask for fewer with --jobs",
                jobs.map_or_else(|| "the".to_owned(), |jobs| jobs.to_string())
            ))
        })
}

/// Skips, or builds and checks, one leaflet; sends its files to the
/// releaser if every check passed.
fn build_leaflet(
    registry: &Registry,
    ready: &Ready,
    layouts: &Layouts,
    options: &Options,
    to_release: &ToRelease,
) -> Result<Built, Error> {
    let leaflet = &ready.leaflet;
    let folder = options.out.join(&leaflet.id);
    let (selection, left_out) = options
        .selection_for(registry, &folder)
        .for_leaflet(registry, leaflet);
    let inputs = inputs_of(ready, registry, &selection, layouts, options);
    if !options.force && stamp::up_to_date(&folder, &inputs, layouts.font_path()) {
        return Ok(Built::Skipped);
    }
    // Before anything is written: text no font can show is the source's
    // problem, at its line and column, when a PDF is to show it.
    let typesets = selection.outputs(registry).any(|output| output.typesets());
    let job_sheet = selection.contains("job-sheet");
    if let Some(diagnostic) = typesets
        .then(|| coverage::refusal(leaflet, &ready.source_sha256, layouts, job_sheet))
        .flatten()
    {
        return Ok(Built::Refused(diagnostic));
    }
    let folder_is_new = !folder.exists();
    std::fs::create_dir_all(&folder)
        .map_err(|error| Error::io("create the folder", &folder, error))?;
    // A build killed part-way leaves staged files behind; clear them.
    release::remove_leftovers(&folder);
    let staged = stage_and_check(registry, &selection, leaflet, layouts, options, &folder);
    let new_folder = folder_is_new.then_some(folder.clone());
    match staged {
        Ok(Staging {
            reports,
            mut warnings,
            files,
            font_files,
        }) => {
            warnings.splice(0..0, left_out);
            if reports.iter().all(OutputReport::passed) {
                let sealed = Sealed {
                    index: ready.index,
                    leaflet,
                    folder: &folder,
                    inputs: &inputs,
                    fonts: fonts_of(layouts, &font_files)?,
                    print: print_made(layouts),
                    new_folder,
                };
                let release = sealed.release(registry, &selection, files)?;
                // The receiver lives until every sender is dropped.
                let _ = to_release.send(release);
            } else {
                // Its staged files are gone with `files`; leave no folder
                // behind that this build made for them.
                drop(files);
                remove_made_folders(&folder, new_folder.as_deref());
            }
            Ok(Built::Done { reports, warnings })
        }
        Err(error) => {
            remove_made_folders(&folder, new_folder.as_deref());
            Err(error)
        }
    }
}

/// After a leaflet failed: removes its folder if this build made it, or
/// else any empty folder inside it (one made for an output's files).
fn remove_made_folders(folder: &Path, new_folder: Option<&Path>) {
    if let Some(new_folder) = new_folder {
        let _ = std::fs::remove_dir_all(new_folder);
        return;
    }
    if let Ok(entries) = std::fs::read_dir(folder) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                // Fails, as it should, unless the folder is empty.
                let _ = std::fs::remove_dir(entry.path());
            }
        }
    }
}

/// A leaflet's outputs, staged and checked.
struct Staging {
    reports: Vec<OutputReport>,
    warnings: Vec<String>,
    /// Each output's key and its staged files, in the registry's order.
    files: Vec<(&'static str, Vec<StagedFile>)>,
    /// The `--font-path` font files the PDFs used.
    font_files: Vec<PathBuf>,
}

/// The `--font-path` font files a leaflet's PDFs used, by path, each with
/// its SHA-256, for its stamp.
fn fonts_of(layouts: &Layouts, files: &[PathBuf]) -> Result<BTreeMap<String, String>, Error> {
    let Some(font_path) = layouts.font_path() else {
        return Ok(BTreeMap::new());
    };
    files
        .iter()
        .map(|path| {
            let hash = font_path.sha256(path).ok_or_else(|| {
                Error::io(
                    "read",
                    path,
                    std::io::Error::other("the font file cannot be read now"),
                )
            })?;
            Ok((path.to_string_lossy().into_owned(), hash))
        })
        .collect()
}

/// One file of an output, staged beside its final path.
struct StagedFile {
    /// Where it is and goes, for its check.
    at: FileAt,
    /// The staged file itself: removed when dropped unless released.
    on_disk: Staged,
    /// The SHA-256 of its bytes, for the stamp.
    sha256: String,
}

/// Writes every selected output beside its final path, then checks them
/// all there, each output after those it needs.
fn stage_and_check(
    registry: &Registry,
    selection: &Selection,
    leaflet: &Leaflet,
    layouts: &Layouts,
    options: &Options,
    folder: &Path,
) -> Result<Staging, Error> {
    let editions = Editions::new();
    let context = RenderContext {
        leaflet,
        layouts,
        proofs: selection
            .outputs(registry)
            .any(|output| output.needs_page_pictures()),
        date: options
            .file_date
            .unwrap_or_else(|| FileDate::of_leaflet(leaflet)),
        editions: &editions,
        made: &[],
    };
    // The braille edition is laid out beside the writing of the others
    // (mostly typst typesetting the PDFs), on a thread of the pool that is
    // idle, if one is: liblouis compiles its tables on first use, then the
    // leaflet is translated. When no thread is idle, it is laid out where
    // the braille output first asks for it, as without this.
    let (written, ()) = rayon::join(
        || write_all(registry, selection, &context, folder),
        || {
            if selection.contains(Braille::KEY) {
                // An error is the braille output's to report, when it asks.
                let _ = context.braille_edition();
            }
        },
    );
    let (warnings, files) = written?;
    let files_of = |output: &dyn Output| {
        files
            .iter()
            .find(|(key, _)| *key == output.key())
            .map(|(_, staged)| staged.iter().map(|file| file.at.clone()).collect())
            .unwrap_or_default()
    };
    let reports = verify::check_promised_outputs(
        selection.outputs(registry),
        leaflet,
        &files_of,
        print_made(layouts).promise(),
    );
    Ok(Staging {
        reports,
        warnings,
        files,
        font_files: editions.font_files(),
    })
}

/// Every selected output written, in the registry's order, its files
/// staged beside their final paths: the warnings, and each output's key
/// and files.
#[allow(clippy::type_complexity)]
fn write_all(
    registry: &Registry,
    selection: &Selection,
    context: &RenderContext<'_>,
    folder: &Path,
) -> Result<(Vec<String>, Vec<(&'static str, Vec<StagedFile>)>), Error> {
    let mut warnings = Vec::new();
    let mut files = Vec::new();
    let mut made = Vec::new();
    for output in selection.outputs(registry) {
        let rendered = output.write(&RenderContext {
            made: &made,
            ..*context
        })?;
        made.extend(MadeFile::all_of(output.key(), &rendered));
        warnings.extend(
            rendered
                .warnings
                .into_iter()
                .map(|warning| format!("{}: {warning}", output.name())),
        );
        let mut staged = Vec::with_capacity(rendered.files.len());
        for file in rendered.files {
            let final_path = folder.join(&file.name);
            if let Some(parent) = final_path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|error| Error::io("create the folder", parent, error))?;
            }
            let on_disk = release::stage(&final_path, &file.bytes)
                .map_err(|error| Error::io("write", &final_path, error))?;
            let at = FileAt {
                name: file.name,
                path: on_disk.path().to_owned(),
                shown: final_path,
            };
            staged.push(StagedFile {
                at,
                on_disk,
                sha256: stamp::sha256(&file.bytes),
            });
        }
        files.push((output.key(), staged));
    }
    Ok((warnings, files))
}

/// What the release of a leaflet's verified files is made of, besides
/// the files.
struct Sealed<'a> {
    /// The leaflet's place in the run's outcomes.
    index: usize,
    /// The leaflet, which its stamp describes for the catalogue page.
    leaflet: &'a Leaflet,
    /// The leaflet's folder.
    folder: &'a Path,
    /// The hash of what the files were built from.
    inputs: &'a str,
    /// The `--font-path` font files used, with their SHA-256.
    fonts: BTreeMap<String, String>,
    /// What the print PDF was made as.
    print: stamp::PrintMade,
    /// The folder, if this build made it.
    new_folder: Option<PathBuf>,
}

impl Sealed<'_> {
    /// The release: each file, then the stamp recording them; and the
    /// files of the last build that this one does not make again, to
    /// remove once these are in place.
    fn release(
        self,
        registry: &Registry,
        selection: &Selection,
        files: Vec<(&'static str, Vec<StagedFile>)>,
    ) -> Result<Release, Error> {
        let mut hashes = BTreeMap::new();
        let mut entries: BTreeMap<String, Vec<String>> = selection
            .keys(registry)
            .into_iter()
            .map(|key| (key.to_owned(), Vec::new()))
            .collect();
        let mut staged = Vec::new();
        for (key, outputs) in files {
            for file in outputs {
                hashes.insert(file.at.name.clone(), file.sha256);
                entries
                    .entry(key.to_owned())
                    .or_default()
                    .push(file.at.name);
                staged.push(file.on_disk);
            }
        }
        let stale = earlier_files(registry, self.folder, &self.leaflet.id)
            .into_iter()
            .filter(|name| !hashes.contains_key(name))
            .map(|name| self.folder.join(name))
            .collect();
        // The stamp goes last, once the outputs are in place: see `stamp`.
        let stamp = stamp::Stamp::new(self.inputs, hashes, entries)
            .with_fonts(self.fonts)
            .describing(self.leaflet)
            .with_print(self.print);
        let stamp_path = self.folder.join(stamp::STAMP_FILE);
        staged.push(
            release::stage(&stamp_path, &stamp.to_json())
                .map_err(|error| Error::io("write", &stamp_path, error))?,
        );
        Ok(Release {
            index: self.index,
            staged,
            stale,
            new_folder: self.new_folder,
        })
    }
}

/// The files an earlier build left in `folder`, by name: what its stamp
/// lists, or, when there is no stamp to trust, every file any output of
/// `registry` would have made there (so that a damaged stamp does not keep
/// unproved files in the folder for good).
fn earlier_files(registry: &Registry, folder: &Path, id: &str) -> Vec<String> {
    if let Ok(Some(earlier)) = stamp::read(folder) {
        return earlier.outputs.into_keys().collect();
    }
    let mut names = Vec::new();
    for output in registry.outputs() {
        let name = output.file_name(id);
        let path = folder.join(&name);
        if path.is_file() {
            names.push(name);
        } else if let Ok(entries) = std::fs::read_dir(&path) {
            for entry in entries.flatten() {
                let file_name = entry.file_name();
                let inner = format!("{name}/{}", file_name.to_string_lossy());
                if entry.file_type().is_ok_and(|kind| kind.is_file()) && stamp::is_inside(&inner) {
                    names.push(inner);
                }
            }
        }
    }
    names
}

/// The hash of everything a leaflet's outputs depend on ([`stamp::Inputs`]).
/// The source counts as the bytes it was read from, not as the file is
/// now: an edit made during the build must not be taken as built.
fn inputs_of(
    ready: &Ready,
    registry: &Registry,
    selection: &Selection,
    layouts: &Layouts,
    options: &Options,
) -> String {
    let mut inputs = stamp::Inputs::new();
    inputs.add("source", ready.source_sha256.as_bytes());
    inputs.add("layouts", layouts.digest().as_bytes());
    inputs.add("date", format!("{:?}", options.file_date).as_bytes());
    // The job sheet is typeset with the built-in layouts, whatever the
    // house style.
    inputs.add(
        "job sheet layouts",
        layouts.for_job_sheet().digest().as_bytes(),
    );
    for key in selection.keys(registry) {
        inputs.add("output", key.as_bytes());
    }
    inputs.finish()
}
