//! The catalogue benchmark (`cargo bench`): what leafpress costs on the
//! machine it runs on, and what of that is typst's own work.
//!
//! It reports:
//! 1. the seed's whole-process build (`leafpress build --force`: four
//!    outputs, each read back and checked, written and released);
//! 2. the same split per output (in-process: each writer, then each check
//!    on one thread, every output of the registry a build makes by
//!    default), and the checks side by side as a build runs them;
//! 3. a generated 200-leaflet catalogue built with `--force`, three times:
//!    wall, CPU and peak memory of the process;
//! 4. a no-change rebuild of that catalogue;
//! 5. typst alone compiling every typst document the build makes for each
//!    leaflet (the two PDFs, the thumbnail, the job sheet), against the
//!    whole build with one typesetting thread, in wall and CPU time, as a
//!    ratio (the headline); and beside it the ratio against typst making
//!    the two leaflet PDFs alone;
//! 6. side by side for the seed: pandoc making the EPUB and the text plus
//!    the typst compiler (typst-py, one process per PDF) making the PDFs.
//!    Skipped, and said, when pandoc or typst-py is not installed.
//!
//! No assertion: figures only. The closing notes quote them.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use leafpress::build::{self, Options};
use leafpress::handoff::sheet;
use leafpress::handoff::ticket::{BrailleFacts, Facts, JobTicket, LARGE_PRINT_TRIM};
use leafpress::model::{Block, FileDate, Leaflet, LinkAddresses, end_matter, plain_text};
use leafpress::outputs::editions::Editions;
use leafpress::outputs::layout_data::LayoutData;
use leafpress::outputs::{MadeFile, Output, RenderContext};
use leafpress::registry::Registry;
use leafpress::source;
use leafpress::typeset::{self, Job, Layouts};
use leafpress::verify::{self, FileAt};

/// The allocator the `leafpress` binary uses (see `src/main.rs`), so the
/// in-process figures match the whole-process ones.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Wall time, CPU time and peak memory of one child process, and the last
/// line it wrote to stderr (leafpress's summary).
struct Measured {
    wall: Duration,
    cpu: Duration,
    peak_kb: i64,
    summary: String,
}

/// Runs a command and measures it with `wait4`, which gives this child's
/// own CPU time and peak resident memory (and reaps it: clippy cannot see
/// that).
#[allow(clippy::zombie_processes)]
fn measure(command: &mut Command) -> Measured {
    let log = tempfile::NamedTempFile::new().unwrap();
    let started = Instant::now();
    let child = command
        .stdout(std::process::Stdio::null())
        .stderr(log.reopen().unwrap())
        .spawn()
        .expect("the command runs");
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; the pid is our
    // child's, which is waited for exactly once, here.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::wait4(child.id() as i32, &mut status, 0, &mut usage);
        usage
    };
    let seconds = |time: libc::timeval| {
        Duration::from_secs(time.tv_sec as u64) + Duration::from_micros(time.tv_usec as u64)
    };
    Measured {
        wall: started.elapsed(),
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        peak_kb: usage.ru_maxrss,
        summary: std::fs::read_to_string(log.path())
            .unwrap_or_default()
            .lines()
            .last()
            .unwrap_or_default()
            .to_owned(),
    }
}

/// The CPU time this process has used so far, on every thread.
fn cpu_time() -> Duration {
    // SAFETY: `rusage` is plain data that getrusage fills in.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |time: libc::timeval| {
        Duration::from_secs(time.tv_sec as u64) + Duration::from_micros(time.tv_usec as u64)
    };
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &Path) -> Leaflet {
    source::load(path, (2026, 1, 1))
        .unwrap_or_else(|errors| panic!("{path:?}: {errors:?}"))
        .leaflet
}

/// 200 sources: the seed and the valid fixtures, each many times under its
/// own id and title, and every twentieth a 40-section leaflet.
fn write_catalogue(folder: &Path) -> usize {
    std::fs::create_dir_all(folder).unwrap();
    let mut bases: Vec<String> = vec![
        std::fs::read_to_string(repo().join("source/secondary-breast-cancer-bone.toml")).unwrap(),
    ];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/fixtures/valid"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    fixtures.sort();
    bases.extend(
        fixtures
            .iter()
            .map(|path| std::fs::read_to_string(path).unwrap()),
    );
    let long = long_source();
    for n in 0..200 {
        let text = if n % 20 == 19 {
            &long
        } else {
            &bases[n % bases.len()]
        };
        let text = retitled(text, n);
        std::fs::write(folder.join(format!("leaflet-{n:03}.toml")), text).unwrap();
    }
    200
}

/// A source with its leaflet id and title made unique for leaflet `n`.
fn retitled(text: &str, n: usize) -> String {
    let mut out = String::new();
    let mut in_leaflet = false;
    for line in text.lines() {
        if line.trim() == "[leaflet]" {
            in_leaflet = true;
        } else if line.starts_with('[') {
            in_leaflet = false;
        }
        if in_leaflet && line.starts_with("id = ") {
            out.push_str(&format!("id = \"leaflet-{n:03}\"\n"));
        } else if in_leaflet && line.starts_with("title = \"") {
            out.push_str(&line.replacen("title = \"", &format!("title = \"{n}: "), 1));
            out.push('\n');
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn long_source() -> String {
    let mut text = String::from(
        "[leaflet]\nid = \"long\"\ntitle = \"A long leaflet\"\nlanguage = \"en-GB\"\nreviewed = \"2026-03\"\nnext_review = \"2099-03\"\n",
    );
    for n in 1..=40 {
        text.push_str(&format!(
            "\n[[section]]\nid = \"section-{n}\"\nheading = \"Section {n}: what happens next\"\nbody = '''\n\
             Paragraph {n} explains characteristically incomprehensible arrangements, so that \
             hyphenation has something to do. It goes on for a while, with a second sentence \
             that is long enough to wrap onto several lines.\n\n- first point of section {n}\n\
             - second point\n\n1. step one\n2. step two\n'''\n"
        ));
    }
    text
}

/// The seed as Markdown, for pandoc: the title, the sections as headings,
/// the bodies as written, the end matter.
fn markdown(leaflet: &Leaflet) -> String {
    let mut text = format!("# {}\n\n", leaflet.title);
    for section in &leaflet.sections {
        text.push_str(&format!("## {}\n\n", section.heading));
        for block in &section.blocks {
            match block {
                Block::Paragraph { content } => {
                    text.push_str(&plain_text(content, LinkAddresses::Omitted))
                }
                Block::BulletList { items } | Block::NumberedList { items, .. } => {
                    for item in items {
                        text.push_str(&format!(
                            "- {}\n",
                            plain_text(&item.content, LinkAddresses::Omitted)
                        ));
                    }
                }
            }
            text.push_str("\n\n");
        }
    }
    let end: Vec<String> = end_matter(leaflet).iter().map(|line| line.text()).collect();
    text.push_str(&end.join("\n\n"));
    text.push('\n');
    text
}

fn main() {
    let binary = env!("CARGO_BIN_EXE_leafpress");
    let work = tempfile::tempdir().unwrap();
    let seed = repo().join("source/secondary-breast-cancer-bone.toml");
    println!(
        "leafpress catalogue benchmark ({} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    // 1. The seed, whole process.
    let out = work.path().join("seed-out");
    let runs: Vec<Measured> = (0..7)
        .map(|_| {
            measure(
                Command::new(binary)
                    .arg("build")
                    .arg(&seed)
                    .arg("--out")
                    .arg(&out)
                    .arg("--force"),
            )
        })
        .collect();
    let seed_wall = median(runs.iter().map(|run| run.wall).collect());
    let seed_peak = runs.iter().map(|run| run.peak_kb).max().unwrap_or(0);
    println!(
        "\n1. seed, whole process (build --force, 7 runs): median {} wall, peak {} MB",
        ms(seed_wall),
        seed_peak / 1024
    );

    // 7. Import: the seed as Markdown, and the Word fixtures (not the
    // broken ones in `errors/`), each to a source file (whole process, as a
    // person runs it). Measured here, while this process is small: a child's
    // peak memory counts the pages it shares with this process until exec.
    println!("\n7. import, whole process (median of 7):");
    let import_folder = work.path().join("import");
    std::fs::create_dir_all(&import_folder).unwrap();
    let seed_markdown = import_folder.join("seed.md");
    std::fs::write(&seed_markdown, markdown(&load(&seed))).unwrap();
    let mut documents = vec![seed_markdown];
    let fixtures = repo().join("tests/import/docx");
    if let Ok(entries) = std::fs::read_dir(&fixtures) {
        let mut docx: Vec<PathBuf> = entries
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|extension| extension == "docx")
            })
            .collect();
        docx.sort();
        documents.extend(docx);
    }
    for document in &documents {
        let runs: Vec<Measured> = (0..7)
            .map(|_| {
                measure(
                    Command::new(binary)
                        .arg("import")
                        .arg(document)
                        .arg("--out")
                        .arg(import_folder.join("out"))
                        .arg("--force")
                        .arg("--language")
                        .arg("en-GB"),
                )
            })
            .collect();
        println!(
            "   {:<28} {:>9} wall, peak {} MB ({} kB)",
            document.file_name().unwrap().to_string_lossy(),
            ms(median(runs.iter().map(|run| run.wall).collect())),
            runs.iter().map(|run| run.peak_kb).max().unwrap_or(0) / 1024,
            std::fs::metadata(document)
                .map_or(0, |m| m.len())
                .div_ceil(1000)
        );
    }

    // 2. Per output, in-process: every output the build makes by default,
    // in the registry's order, as the build makes them.
    let leaflet = load(&seed);
    let layouts = Layouts::built_in();
    let date = FileDate::of_leaflet(&leaflet);
    let registry = Registry::standard();
    let selection = registry.default_selection();
    let outputs: Vec<&dyn Output> = selection.outputs(&registry).collect();
    println!("\n2. seed, per output (in-process, median of 15):");
    let seed_folder = work.path().join("per-output");
    std::fs::create_dir_all(&seed_folder).unwrap();
    // Writes: each round cold (typst would otherwise remember the last
    // identical compile), every output in order sharing the round's
    // editions, as in a build: an edition's typesetting counts for the
    // first output that asks for it (the print PDF, not the EPUB that
    // reuses it for its page-list).
    let mut writes = vec![Vec::new(); outputs.len()];
    let mut files: Vec<Vec<FileAt>> = vec![Vec::new(); outputs.len()];
    for _ in 0..15 {
        comemo::evict(0);
        let editions = Editions::new();
        let context = RenderContext {
            leaflet: &leaflet,
            layouts: &layouts,
            proofs: false,
            date,
            editions: &editions,
            made: &[],
        };
        let mut made = Vec::new();
        for (n, output) in outputs.iter().enumerate() {
            let started = Instant::now();
            let rendered = output
                .write(&RenderContext {
                    made: &made,
                    ..context
                })
                .unwrap();
            writes[n].push(started.elapsed());
            made.extend(MadeFile::all_of(output.key(), &rendered));
            files[n] = rendered
                .files
                .iter()
                .map(|file| {
                    let at = FileAt::released(&seed_folder, &file.name);
                    std::fs::write(&at.path, &file.bytes).unwrap();
                    at
                })
                .collect();
        }
    }
    // Checks: the first n outputs checked together, as the build checks
    // them (each sees what it needs); an output's share is what it adds.
    // On one thread, so that each adds all it costs: a build checks side
    // by side what needs nothing unchecked (the last line below).
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let files_of = |output: &dyn Output| {
        let n = outputs
            .iter()
            .position(|o| o.key() == output.key())
            .unwrap();
        files[n].clone()
    };
    let prefix_checks: Vec<Duration> = (0..=outputs.len())
        .map(|n| {
            median(
                (0..15)
                    .map(|_| {
                        let started = Instant::now();
                        let reports = one_thread.install(|| {
                            verify::check_outputs(outputs[..n].iter().copied(), &leaflet, &files_of)
                        });
                        assert!(reports.iter().all(|report| report.passed()));
                        started.elapsed()
                    })
                    .collect(),
            )
        })
        .collect();
    for (n, output) in outputs.iter().enumerate() {
        let check = prefix_checks[n + 1].saturating_sub(prefix_checks[n]);
        println!(
            "   {:<18} write {:>9}   read back and check {:>9}",
            output.name(),
            ms(median(writes[n].clone())),
            ms(check)
        );
    }
    let total_write: Duration = writes.iter().map(|w| median(w.clone())).sum();
    println!(
        "   {:<18} write {:>9}   read back and check {:>9}",
        "all of them",
        ms(total_write),
        ms(prefix_checks[outputs.len()])
    );
    let side_by_side = median(
        (0..15)
            .map(|_| {
                let started = Instant::now();
                let reports = verify::check_outputs(outputs.iter().copied(), &leaflet, &files_of);
                assert!(reports.iter().all(|report| report.passed()));
                started.elapsed()
            })
            .collect(),
    );
    println!(
        "   {:<18} {:>15}   checked side by side {:>8}",
        "as a build checks",
        "",
        ms(side_by_side)
    );

    // 3. A 200-leaflet catalogue.
    let catalogue = work.path().join("catalogue");
    let count = write_catalogue(&catalogue);
    let catalogue_out = work.path().join("catalogue-out");
    let full_runs: Vec<Measured> = (0..3)
        .map(|_| {
            measure(
                Command::new(binary)
                    .arg("build")
                    .arg(&catalogue)
                    .arg("--out")
                    .arg(&catalogue_out)
                    .arg("--force"),
            )
        })
        .collect();
    let walls: Vec<Duration> = full_runs.iter().map(|run| run.wall).collect();
    let cpus: Vec<Duration> = full_runs.iter().map(|run| run.cpu).collect();
    println!(
        "\n3. {count}-leaflet catalogue (build --force, 3 runs): {:.2} s wall (median; fastest {:.2} s), \
         {:.2} s CPU (median), peak {} MB (largest)\n   {}",
        median(walls.clone()).as_secs_f64(),
        walls.iter().min().unwrap().as_secs_f64(),
        median(cpus).as_secs_f64(),
        full_runs.iter().map(|run| run.peak_kb).max().unwrap_or(0) / 1024,
        full_runs.last().map_or("", |run| run.summary.as_str())
    );

    // 4. No change.
    let again = measure(
        Command::new(binary)
            .arg("build")
            .arg(&catalogue)
            .arg("--out")
            .arg(&catalogue_out),
    );
    println!(
        "\n4. no-change rebuild of the catalogue: {:.3} s wall, peak {} MB",
        again.wall.as_secs_f64(),
        again.peak_kb / 1024
    );

    // 5. typst alone against the whole build, each on one thread.
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&catalogue)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    sources.sort();
    let leaflets: Vec<Leaflet> = sources.iter().map(|path| load(path)).collect();
    // Five rounds, typst and the whole build taking turns, so that a slow
    // spell of the machine falls on both; the fastest of each counts. Time
    // is wall time and this process's CPU time (every thread's: typst's,
    // the checks', the releasing thread's).
    // `with_job_sheet`: also the print PDF's thumbnail and the job sheet,
    // the third typst document the build makes (issue 8).
    let typst_alone = |with_job_sheet: bool| {
        comemo::evict(0);
        let started = (Instant::now(), cpu_time());
        for leaflet in &leaflets {
            let date = FileDate::of_leaflet(leaflet);
            let today = typeset::datetime(date);
            let print = LayoutData::for_print(leaflet).0.to_json();
            let large = LayoutData::for_large_print(leaflet).to_json();
            let typeset = |layout, data: &String, thumbnail| {
                let job = Job {
                    layout,
                    data,
                    today,
                    attachments: &[],
                };
                let pictures = typeset::Pictures {
                    proofs: false,
                    thumbnail,
                };
                typeset::typeset_pdf(&layouts, job, "bench", pictures).unwrap()
            };
            let print = typeset("print.typ", &print, with_job_sheet);
            let large = typeset("large-print.typ", &large, false);
            if with_job_sheet {
                let facts = |pdf: &typeset::TypesetPdf, trim, bleed| {
                    Facts::made(
                        "bench.pdf".into(),
                        &pdf.pdf,
                        (pdf.pages, pdf.uses_colour),
                        (trim, bleed),
                    )
                };
                // The sheet as the build typesets it: with its braille
                // line (the page count does not change its shape).
                let braille = BrailleFacts::new("bench.brf".into(), b"", 1);
                let ticket = JobTicket::from_facts(
                    leaflet,
                    &facts(&print, leaflet.print.size.mm(), leaflet.print.bleed_mm),
                    &facts(&large, LARGE_PRINT_TRIM.mm(), 0.0),
                    Some(&braille),
                )
                .unwrap();
                sheet::make(leaflet, &ticket, print.thumbnail.as_ref(), date).unwrap();
            }
            comemo::evict(4);
        }
        (started.0.elapsed(), cpu_time() - started.1)
    };
    let whole_build = |round: usize| {
        comemo::evict(0);
        let options = Options {
            force: true,
            jobs: Some(1),
            ..Options::new(work.path().join(format!("serial-out-{round}")))
        };
        let started = (Instant::now(), cpu_time());
        let outcomes = build::build(&sources, &options).unwrap();
        let spent = (started.0.elapsed(), cpu_time() - started.1);
        assert!(outcomes.iter().all(|outcome| outcome.succeeded()));
        spent
    };
    // typst spreads a compile over the threads of the pool it runs in; the
    // whole build above has one, so typst alone gets one too.
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .stack_size(64 * 1024 * 1024)
        .build()
        .unwrap();
    let (mut typst_runs, mut typst_sheet_runs, mut whole_runs) =
        (Vec::new(), Vec::new(), Vec::new());
    for round in 0..5 {
        typst_runs.push(one_thread.install(|| typst_alone(false)));
        typst_sheet_runs.push(one_thread.install(|| typst_alone(true)));
        whole_runs.push(whole_build(round));
    }
    let fastest = |runs: &[(Duration, Duration)]| {
        (
            runs.iter().map(|run| run.0).min().unwrap(),
            runs.iter().map(|run| run.1).min().unwrap(),
        )
    };
    let (typst_wall, typst_cpu) = fastest(&typst_runs);
    let (typst_sheet_wall, typst_sheet_cpu) = fastest(&typst_sheet_runs);
    let (whole_wall, whole_cpu) = fastest(&whole_runs);
    let per = |total: Duration| total / leaflets.len() as u32;
    let beyond = |whole: Duration, typst: Duration| {
        (whole.as_secs_f64() / typst.as_secs_f64() - 1.0) * 100.0
    };
    println!(
        "\n5. per leaflet, one typesetting thread (fastest of 5 rounds):\n   \
         typst alone, every document the build makes (two PDFs, the thumbnail, the job sheet): {} wall, {} CPU\n   \
         whole build (every output, checks, writing): {} wall, {} CPU\n   \
         everything beyond typst: +{:.0} % wall, +{:.0} % CPU\n   \
         (beside it: typst alone, the two leaflet PDFs only: {} wall, {} CPU; \
         the whole build beyond those: +{:.0} % wall, +{:.0} % CPU)",
        ms(per(typst_sheet_wall)),
        ms(per(typst_sheet_cpu)),
        ms(per(whole_wall)),
        ms(per(whole_cpu)),
        beyond(whole_wall, typst_sheet_wall),
        beyond(whole_cpu, typst_sheet_cpu),
        ms(per(typst_wall)),
        ms(per(typst_cpu)),
        beyond(whole_wall, typst_wall),
        beyond(whole_cpu, typst_cpu),
    );

    // 6. The tools people use today, side by side for the seed.
    println!("\n6. seed, side by side with pandoc + the typst compiler:");
    let pandoc = Command::new("pandoc")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let typst_py = Command::new("python3")
        .args(["-c", "import typst"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !pandoc || !typst_py {
        println!(
            "   SKIPPED: needs pandoc (apt-get install pandoc) and typst-py (pip install typst)"
        );
        return;
    }
    let side = work.path().join("side");
    std::fs::create_dir_all(&side).unwrap();
    let root = side.join("root");
    std::fs::create_dir_all(&root).unwrap();
    for entry in std::fs::read_dir(repo().join("layouts")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, root.join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(side.join("seed.md"), markdown(&leaflet)).unwrap();
    let print_data = LayoutData::for_print(&leaflet).0.to_json();
    let large_data = LayoutData::for_large_print(&leaflet).to_json();
    let fonts = repo().join("layouts/fonts");
    let tools = |_: usize| -> Duration {
        let mut total = Duration::ZERO;
        total += measure(
            Command::new("pandoc")
                .arg(side.join("seed.md"))
                .arg("-o")
                .arg(side.join("seed.epub")),
        )
        .wall;
        total += measure(
            Command::new("pandoc")
                .arg(side.join("seed.md"))
                .args(["-t", "plain", "-o"])
                .arg(side.join("seed.txt")),
        )
        .wall;
        for (layout, data) in [("print.typ", &print_data), ("large-print.typ", &large_data)] {
            std::fs::write(root.join("data.json"), data).unwrap();
            let script = format!(
                "import typst; typst.compile({:?}, output={:?}, root={:?}, font_paths=[{:?}])",
                root.join(layout),
                side.join(format!("{layout}.pdf")),
                root,
                fonts
            );
            total += measure(Command::new("python3").args(["-c", &script])).wall;
        }
        total
    };
    let theirs = median((0..5).map(tools).collect());
    println!(
        "   pandoc (EPUB, text) + typst-py (two PDFs): {}; leafpress (all four, checked): {}; leafpress takes {:.0} % of their time ({:.1}x faster)",
        ms(theirs),
        ms(seed_wall),
        seed_wall.as_secs_f64() / theirs.as_secs_f64() * 100.0,
        theirs.as_secs_f64() / seed_wall.as_secs_f64()
    );
}
