//! The `leafpress` command line: parses arguments, runs a command and turns
//! the outcome into an exit status (0 all built and verified, 1 an invalid
//! source or a failed check, 2 a usage error).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

use leafpress::build::{self, LeafletOutcome, Options};
use leafpress::catalogue;
use leafpress::error::Error;
use leafpress::handoff::order::{self, Copies, OrderRun};
use leafpress::model::FileDate;
use leafpress::registry::{Registry, Selection};
use leafpress::report::{self, Verb};
use leafpress::typeset::output_intent::OutputIntent;

/// typst allocates and frees many small objects from every thread at once;
/// glibc's allocator took a quarter of a catalogue build's CPU time (see
/// the README, "Benchmark").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Compiles patient-information leaflets into print PDF, large-print PDF,
/// EPUB 3 and plain text, and proves every output holds every section.
///
/// With no command, builds every leaflet in source/ into out/.
#[derive(Debug, Parser)]
#[command(name = "leafpress", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    build: BuildArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build each leaflet's outputs, verify them, and only then move them to
    /// DIR/ID/.
    Build(BuildArgs),
    /// Read each leaflet's outputs back from DIR/ID/ and confirm they hold
    /// the title, every heading and all the text, in order, and the review
    /// dates.
    Check(CheckArgs),
    /// Work out the paper for a print run: from each leaflet's verified job
    /// ticket in DIR/ID/ (building first what is missing or stale), the
    /// sheets of each size and stock and the reams of 500, per PDF and in
    /// total.
    Order(OrderArgs),
    /// Turn leaflets written in Word (.docx) or Markdown (.md) into source
    /// files, DIR/ID.toml, saying what each could not carry (exit 0 written,
    /// 3 written with TODOs to finish, 1 a file not imported)
    Import(ImportArgs),
}

#[derive(Debug, Args)]
struct ImportArgs {
    /// The documents: .docx or .md files
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The folder to write the source files in (created if missing)
    #[arg(long, value_name = "DIR", default_value = "source")]
    out: PathBuf,
    /// Replace a source file that is already there
    #[arg(long)]
    force: bool,
    /// The leaflet's id, instead of one made from its title (one FILE only)
    #[arg(long, value_name = "ID")]
    id: Option<String>,
    /// The language tag when the document says none (en-GB, cy, fr)
    #[arg(long, value_name = "TAG")]
    language: Option<String>,
    /// Print a summary of each file as JSON on stdout
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct OrderArgs {
    /// Source files, or folders of *.toml sources [default: source/]
    paths: Vec<PathBuf>,
    /// Copies of each leaflet's print PDF
    #[arg(long, value_name = "N")]
    copies: u64,
    /// Copies of each leaflet's large-print PDF
    #[arg(long, value_name = "M", default_value_t = 0)]
    large_print_copies: u64,
    /// Copies of each leaflet's braille file, embossed a page a sheet on
    /// braille paper (for the leaflets that have one)
    #[arg(long, value_name = "B", default_value_t = 0)]
    braille_copies: u64,
    /// Extra sheets for make-ready and misprints, in percent (0 to 100)
    #[arg(long, value_name = "PCT", default_value_t = 5.0)]
    spoilage: f64,
    /// The output folder holding the verified outputs
    #[arg(long, value_name = "DIR", default_value = "out")]
    out: PathBuf,
    /// The layouts the outputs are built with, as for `build`
    #[arg(long, value_name = "DIR")]
    layouts: Option<PathBuf>,
    /// More fonts to build with, as for `build`
    #[arg(long, value_name = "DIR")]
    font_path: Vec<PathBuf>,
    /// The print shop's CMYK printer profile to build with, as for `build`
    #[arg(long, value_name = "PROFILE.icc")]
    output_intent: Option<PathBuf>,
    #[command(flatten)]
    formats: Formats,
    /// Print the order as JSON on stdout
    #[arg(long)]
    json: bool,
}

/// `--formats LIST` and `--no-wait`: what to make or check, and what to do
/// when another run holds the output folder.
#[derive(Debug, Args)]
struct Formats {
    /// If another leafpress run is using the output folder, exit at once
    /// with status 2 instead of waiting for it
    #[arg(long)]
    no_wait: bool,
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        help = formats_help()
    )]
    formats: Option<Vec<String>>,
}

/// The help of `--formats`, from the registry: the formats and what each
/// pulls in.
fn formats_help() -> String {
    format!(
        "Make (or check) only these formats, comma-separated: {} [default: all; for check, what each leaflet's last build made]",
        Registry::standard().describe_formats()
    )
}

impl Formats {
    /// The selection asked for, with the on-request outputs the flags ask
    /// for (`impose`, `proofs`); `None` when neither asks for anything.
    fn selection(&self, requested: &[&str]) -> Result<Option<Selection>, Error> {
        let registry = Registry::standard();
        match &self.formats {
            Some(formats) => {
                let formats: Vec<&str> = formats.iter().map(|name| name.trim()).collect();
                registry.select(&formats, requested).map(Some)
            }
            None if requested.is_empty() => Ok(None),
            None => {
                let formats = registry.formats();
                registry.select(&formats, requested).map(Some)
            }
        }
    }
}

#[derive(Debug, Args)]
struct BuildArgs {
    /// Source files, or folders of *.toml sources [default: source/]
    paths: Vec<PathBuf>,
    /// The output folder
    #[arg(long, value_name = "DIR", default_value = "out")]
    out: PathBuf,
    /// A folder of layouts (house styles) replacing the built-in layouts/
    #[arg(long, value_name = "DIR")]
    layouts: Option<PathBuf>,
    /// A folder of more fonts, searched recursively (.ttf, .otf, .ttc,
    /// .otc), for scripts the bundled fonts lack; repeatable. The bundled
    /// fonts come first
    #[arg(long, value_name = "DIR")]
    font_path: Vec<PathBuf>,
    /// The print shop's CMYK printer profile (ICC): the print PDF is also
    /// made PDF/X-4 for it (in place of a house style's output-intent.icc)
    #[arg(long, value_name = "PROFILE.icc")]
    output_intent: Option<PathBuf>,
    /// Treat warnings (a review date that has passed) as errors
    #[arg(long)]
    strict: bool,
    /// Also write a PNG proof of every PDF page, in DIR/ID/proofs/ (needs
    /// print, large-print)
    #[arg(long)]
    proofs: bool,
    /// Rebuild every leaflet, even those whose outputs are up to date
    #[arg(long)]
    force: bool,
    /// How many leaflets to build at once [default: one per core]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Also write ID-print-imposed.pdf: the print PDF's pages two to a sheet
    /// side in booklet order, to print both sides, fold and staple (needs
    /// print)
    #[arg(long)]
    impose: bool,
    #[command(flatten)]
    formats: Formats,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Source files, or folders of *.toml sources [default: source/]
    paths: Vec<PathBuf>,
    /// The output folder to check
    #[arg(long, value_name = "DIR", default_value = "out")]
    out: PathBuf,
    /// Print one machine-readable report on stdout
    #[arg(long)]
    json: bool,
    /// Treat warnings (a review date that has passed) as errors
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    formats: Formats,
}

/// A usage error: says why on stderr and exits with status 2.
fn usage_error(message: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "leafpress: {message}");
    ExitCode::from(2)
}

/// The `--output-intent` profile, read and judged before any leaflet: one
/// that is not a CMYK printer's stops the run, with nothing made, with the
/// exit status to return (1).
fn output_intent(path: Option<&std::path::Path>) -> Result<Option<Arc<OutputIntent>>, ExitCode> {
    match path.map(OutputIntent::load) {
        None => Ok(None),
        Some(Ok(intent)) => Ok(Some(Arc::new(intent))),
        Some(Err(error)) => {
            let _ = writeln!(std::io::stderr(), "leafpress: --output-intent {error}");
            Err(ExitCode::from(1))
        }
    }
}

/// Why a `--font-path` folder cannot be used, if one cannot.
fn missing_font_folder(folders: &[PathBuf]) -> Option<String> {
    folders
        .iter()
        .find(|folder| !folder.is_dir())
        .map(|folder| format!("--font-path {}: no such folder", folder.display()))
}

/// The date every file carries, from `SOURCE_DATE_EPOCH` when it is set
/// (reproducible-builds.org); a value that is not a time is an error.
fn source_date_epoch() -> Result<Option<FileDate>, String> {
    // Set but empty counts as unset, as most tools take it.
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH").filter(|value| !value.is_empty())
    else {
        return Ok(None);
    };
    let value = value.to_string_lossy();
    value
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(FileDate::from_unix_seconds)
        .map(Some)
        .ok_or_else(|| {
            format!(
                "SOURCE_DATE_EPOCH is `{value}`, not a count of seconds since 1970 (up to the year 9999)"
            )
        })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let progress = std::io::stderr().is_terminal();
    match cli.command.unwrap_or(Command::Build(cli.build)) {
        Command::Build(args) => {
            if let Some(layouts) = &args.layouts
                && !layouts.is_dir()
            {
                return usage_error(&format!("--layouts {}: no such folder", layouts.display()));
            }
            if let Some(message) = missing_font_folder(&args.font_path) {
                return usage_error(&message);
            }
            let file_date = match source_date_epoch() {
                Ok(date) => date,
                Err(message) => return usage_error(&message),
            };
            let output_intent = match output_intent(args.output_intent.as_deref()) {
                Ok(intent) => intent,
                Err(code) => return code,
            };
            let mut requested = Vec::new();
            if args.impose {
                requested.push("impose");
            }
            if args.proofs {
                requested.push("proofs");
            }
            let selection = match args.formats.selection(&requested) {
                Ok(selection) => selection,
                Err(error) => return usage_error(&error.to_string()),
            };
            let options = Options {
                layouts: args.layouts,
                font_path: args.font_path,
                output_intent,
                selection,
                strict: args.strict,
                file_date,
                progress,
                force: args.force,
                jobs: args.jobs.map(usize::from),
                wait_for_folder: !args.formats.no_wait,
                ..Options::new(args.out)
            };
            run(&args.paths, Verb::Build, false, |sources| {
                build::build(sources, &options)
            })
        }
        Command::Check(args) => {
            let selection = match args.formats.selection(&[]) {
                Ok(selection) => selection,
                Err(error) => return usage_error(&error.to_string()),
            };
            let options = Options {
                selection,
                strict: args.strict,
                progress,
                wait_for_folder: !args.formats.no_wait,
                ..Options::new(args.out)
            };
            run(&args.paths, Verb::Check, args.json, |sources| {
                build::check(sources, &options)
            })
        }
        Command::Order(args) => order(args, progress),
        Command::Import(args) => import(args),
    }
}

/// `leafpress import`: each document to a source file, with its warnings
/// and TODOs on stderr (or as JSON on stdout).
fn import(args: ImportArgs) -> ExitCode {
    if args.id.is_some() && args.files.len() > 1 {
        return usage_error("--id names one leaflet: give it with one FILE");
    }
    if let Some(tag) = &args.language
        && let Some(problem) = leafpress::source::language_tag_problem(tag)
    {
        return usage_error(&format!(
            "--language: {problem}: {}",
            leafpress::source::LANGUAGE_TAG_HINT
        ));
    }
    if args.out.exists() && !args.out.is_dir() {
        return usage_error(&format!("--out {}: not a folder", args.out.display()));
    }
    let options = leafpress::import::Options {
        out: args.out,
        force: args.force,
        wanted: leafpress::import::Wanted {
            id: args.id,
            language: args.language,
        },
        today: leafpress::model::today_utc(),
    };
    let reports = leafpress::import::import_files(&args.files, &options);
    let mut stderr = std::io::stderr().lock();
    for report in &reports {
        let file = report.file.display();
        for error in &report.errors {
            let _ = writeln!(stderr, "{file}: error: {}", error.message);
            if let Some(hint) = &error.hint {
                let _ = writeln!(stderr, "  hint: {hint}");
            }
        }
        for warning in &report.warnings {
            let _ = writeln!(stderr, "{file}: warning: {}", warning.describe());
        }
        if let Some(source) = &report.source {
            let todos = match report.todos.len() {
                0 => String::new(),
                1 => ", 1 TODO to finish before it builds".to_owned(),
                n => format!(", {n} TODOs to finish before it builds"),
            };
            let _ = writeln!(
                stderr,
                "{file}: wrote {} ({} sections{todos})",
                source.display(),
                report.sections
            );
            for todo in &report.todos {
                let _ = writeln!(stderr, "  TODO: {todo}");
            }
        }
    }
    if args.json {
        let summary = serde_json::json!({ "files": reports });
        let _ = writeln!(std::io::stdout(), "{summary:#}");
    }
    use leafpress::import::Status;
    let worst = reports.iter().map(|report| report.status);
    let statuses: Vec<Status> = worst.collect();
    if statuses.contains(&Status::Refused) {
        ExitCode::from(1)
    } else if statuses.contains(&Status::Todo) {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    }
}

/// `leafpress order`: builds what is missing or stale, checks, then prints
/// the order from the job tickets.
fn order(args: OrderArgs, progress: bool) -> ExitCode {
    if let Some(layouts) = &args.layouts
        && !layouts.is_dir()
    {
        return usage_error(&format!("--layouts {}: no such folder", layouts.display()));
    }
    if let Some(message) = missing_font_folder(&args.font_path) {
        return usage_error(&message);
    }
    if !(0.0..=100.0).contains(&args.spoilage) {
        return usage_error(&format!(
            "--spoilage {}: give a percentage from 0 to 100",
            args.spoilage
        ));
    }
    let file_date = match source_date_epoch() {
        Ok(date) => date,
        Err(message) => return usage_error(&message),
    };
    let output_intent = match output_intent(args.output_intent.as_deref()) {
        Ok(intent) => intent,
        Err(code) => return code,
    };
    let sources = match catalogue::source_files(&args.paths) {
        Ok(sources) => sources,
        Err(error) => return usage_error(&error.to_string()),
    };
    let selection = match args.formats.selection(&[]) {
        Ok(selection) => selection,
        Err(error) => return usage_error(&error.to_string()),
    };
    let options = Options {
        layouts: args.layouts,
        font_path: args.font_path,
        output_intent,
        selection,
        file_date,
        progress,
        wait_for_folder: !args.formats.no_wait,
        ..Options::new(args.out)
    };
    let copies = Copies {
        print: args.copies,
        large_print: args.large_print_copies,
        braille: args.braille_copies,
        spoilage_percent: args.spoilage,
    };
    let started = std::time::Instant::now();
    let outcome = match order::run(&sources, &options, copies) {
        Ok(outcome) => outcome,
        Err(error) => return run_error(&error),
    };
    let mut stderr = std::io::stderr().lock();
    match outcome {
        OrderRun::Ordered { built, order } => {
            for line in report::messages(&built, Verb::Build, started.elapsed()) {
                let _ = writeln!(stderr, "{line}");
            }
            let mut stdout = std::io::stdout().lock();
            if args.json {
                let json = serde_json::to_string_pretty(&order).expect("an order is plain data");
                let _ = writeln!(stdout, "{json}");
            } else {
                let _ = write!(stdout, "{}", order.table());
            }
            ExitCode::SUCCESS
        }
        OrderRun::Refused { built, checked } => {
            for line in report::messages(&built, Verb::Build, started.elapsed()) {
                let _ = writeln!(stderr, "{line}");
            }
            if let Some(checked) = checked {
                for line in report::messages(&checked, Verb::Check, started.elapsed()) {
                    let _ = writeln!(stderr, "{line}");
                }
            }
            let _ = writeln!(
                stderr,
                "leafpress: no order: every leaflet must build and verify first"
            );
            ExitCode::from(1)
        }
    }
}

/// A run that could not start: a usage error exits 2, anything else 1.
fn run_error(error: &Error) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "leafpress: {error}");
    ExitCode::from(if error.is_usage() { 2 } else { 1 })
}

fn run(
    paths: &[PathBuf],
    verb: Verb,
    json: bool,
    command: impl FnOnce(&[PathBuf]) -> Result<Vec<LeafletOutcome>, Error>,
) -> ExitCode {
    let sources = match catalogue::source_files(paths) {
        Ok(sources) => sources,
        Err(error) => return usage_error(&error.to_string()),
    };
    let started = std::time::Instant::now();
    let outcomes = match command(&sources) {
        Ok(outcomes) => outcomes,
        Err(error) => return run_error(&error),
    };
    let elapsed = started.elapsed();
    // A closed pipe (`leafpress check --json | head`) is not worth a panic.
    if json {
        let _ = writeln!(std::io::stdout(), "{}", report::json(&outcomes));
    } else {
        let mut stderr = std::io::stderr().lock();
        for line in report::messages(&outcomes, verb, elapsed) {
            let _ = writeln!(stderr, "{line}");
        }
    }
    if outcomes.iter().all(LeafletOutcome::succeeded) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
