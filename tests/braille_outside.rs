//! An outside check of the braille file: `tests/outside/brf_sentences.py`,
//! which shares no code with leafpress, reads each leaflet's source with
//! Python's tomllib, translates every sentence with Debian's liblouis
//! through its own Python binding (python3-louis, for `/usr/bin/python3`),
//! and finds each in the BRF, in order; and the BRF must have fewer cells
//! than the same sentences uncontracted (grade 1). Run on the seed, every
//! English fixture, generated English leaflets the tests do not hold, and
//! on a BRF damaged on purpose, which it must fail, naming the sentence.
//!
//! Without `/usr/bin/python3` or its louis module the checks say SKIPPED,
//! or fail when LEAFPRESS_REQUIRE_TOOLS is set (as CI sets it).
//! `LEAFPRESS_OUTSIDE_BRAILLE_CASES` and `LEAFPRESS_OUTSIDE_BRAILLE_SEED`
//! run more generated leaflets, or other ones.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::generated::generated_leaflet;
use common::property::{Rng, env_number};
use common::{SEED_ID, fixture, leafpress, scratch, seed_source};

const PYTHON: &str = "/usr/bin/python3";

/// The fixed seed of the generated leaflets.
const SEED: u64 = 0xb4a1_11e0_2026_0017;

/// How many generated leaflets a run tries, unless
/// `LEAFPRESS_OUTSIDE_BRAILLE_CASES` says otherwise.
const CASES: usize = 20;

fn script() -> PathBuf {
    common::repo().join("tests/outside/brf_sentences.py")
}

/// Whether Debian's Python and its louis binding are here; says SKIPPED
/// (or fails, with LEAFPRESS_REQUIRE_TOOLS) when not.
fn outside_louis() -> bool {
    let works = Command::new(PYTHON)
        .args(["-c", "import louis; louis.version()"])
        .output()
        .is_ok_and(|output| output.status.success());
    if !works {
        common::missing_tool("/usr/bin/python3 with python3-louis (Debian's liblouis binding)");
    }
    works
}

/// What the script said of `brf`, and whether it passed.
struct Outside {
    code: i32,
    report: String,
}

fn outside_check(source: &Path, brf: &Path) -> Outside {
    let output = Command::new(PYTHON)
        .arg(script())
        .arg(source)
        .arg(brf)
        .output()
        .expect("/usr/bin/python3 runs");
    Outside {
        code: output.status.code().unwrap_or(-1),
        report: format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

/// A source's id and language.
fn id_and_language(source: &Path) -> (String, String) {
    let table: toml::Table = std::fs::read_to_string(source).unwrap().parse().unwrap();
    let leaflet = table["leaflet"].as_table().unwrap();
    (
        leaflet["id"].as_str().unwrap().to_owned(),
        leaflet["language"].as_str().unwrap().to_owned(),
    )
}

fn is_english(language: &str) -> bool {
    language
        .split('-')
        .next()
        .unwrap()
        .eq_ignore_ascii_case("en")
}

/// Builds `sources` (braille only) into `dir/out`, asserting the build
/// passed.
fn build_braille(dir: &Path, sources: &[PathBuf]) {
    let mut args = vec!["build", "--out", "out", "--formats", "braille"];
    args.extend(sources.iter().map(|source| source.to_str().unwrap()));
    let run = leafpress(dir, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

fn brf(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("out/{id}/{id}.brf"))
}

fn toml_files(folder: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixture(folder))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn the_seed_and_every_english_fixture_pass_the_outside_check() {
    if !outside_louis() {
        return;
    }
    let mut sources = vec![seed_source()];
    sources.extend(toml_files("valid"));
    sources.extend(toml_files("round-trip"));
    let sources: Vec<PathBuf> = sources
        .into_iter()
        .filter(|source| is_english(&id_and_language(source).1))
        .collect();
    assert!(sources.len() >= 10, "{}", sources.len());
    let dir = scratch();
    build_braille(dir.path(), &sources);
    let mut failed = Vec::new();
    for source in &sources {
        let (id, _) = id_and_language(source);
        let outside = outside_check(source, &brf(dir.path(), &id));
        eprint!("{}", outside.report);
        if outside.code != 0 {
            failed.push(outside.report);
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} failed the outside check:\n{}",
        failed.len(),
        sources.len(),
        failed.join("\n")
    );
}

#[test]
fn a_brf_with_one_sentences_cells_altered_fails_naming_it() {
    if !outside_louis() {
        return;
    }
    let dir = scratch();
    build_braille(dir.path(), &[seed_source()]);
    let path = brf(dir.path(), SEED_ID);
    let bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    // "...likely to be minimal." ends at a line's start: `M9IMAL4`, its
    // last letter changed (L, dots 1-2-3, to M, dots 1-3-4).
    assert_eq!(text.matches("M9IMAL4").count(), 1);
    std::fs::write(&path, text.replace("M9IMAL4", "M9IMAM4")).unwrap();
    let outside = outside_check(&seed_source(), &path);
    assert_eq!(
        outside.code, 1,
        "the damage went unnoticed:\n{}",
        outside.report
    );
    let report = &outside.report;
    assert!(report.contains("43 of 44 sentences"), "{report}");
    assert!(
        report.contains(
            "missing (section `radiotherapy`): 'This means that the side effects are likely to be minimal.'"
        ),
        "{report}"
    );
    assert!(report.contains("M9IMAM4"), "{report}");
    assert!(report.contains("FAILED"), "{report}");
}

#[test]
fn a_brf_with_two_lines_swapped_fails_out_of_order() {
    if !outside_louis() {
        return;
    }
    let dir = scratch();
    build_braille(dir.path(), &[seed_source()]);
    let path = brf(dir.path(), SEED_ID);
    let text = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
    // The first page's paragraph lines: the second and third of the
    // treatment options' first paragraph swapped.
    let mut lines: Vec<&str> = text.split("\r\n").collect();
    let at = lines
        .iter()
        .position(|line| line.starts_with(",Y W 2 (F]$"))
        .expect("the first paragraph");
    lines.swap(at + 1, at + 2);
    std::fs::write(&path, lines.join("\r\n")).unwrap();
    let outside = outside_check(&seed_source(), &path);
    assert_eq!(
        outside.code, 1,
        "the damage went unnoticed:\n{}",
        outside.report
    );
    assert!(
        outside
            .report
            .contains("missing (section `your-treatment-options`): 'You will be offered"),
        "{}",
        outside.report
    );
}

#[test]
fn generated_english_leaflets_pass_the_outside_check() {
    if !outside_louis() {
        return;
    }
    let cases = env_number("LEAFPRESS_OUTSIDE_BRAILLE_CASES").map_or(CASES, |n| n as usize);
    let seed = env_number("LEAFPRESS_OUTSIDE_BRAILLE_SEED").unwrap_or(SEED);
    let mut rng = Rng(seed);
    let dir = scratch();
    // LEAFPRESS_OUTSIDE_BRAILLE_KEEP=DIR keeps the sources and outputs there.
    let kept = std::env::var_os("LEAFPRESS_OUTSIDE_BRAILLE_KEEP").map(PathBuf::from);
    let dir = kept.as_deref().unwrap_or(dir.path());
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    let sources: Vec<PathBuf> = (0..cases)
        .map(|number| {
            let id = format!("generated-{number}");
            common::write_source(
                &dir.join("sources"),
                &format!("{id}.toml"),
                &generated_leaflet(&mut rng, &id),
            )
        })
        .collect();
    build_braille(dir, &sources);
    let mut failed = Vec::new();
    for (number, source) in sources.iter().enumerate() {
        let outside = outside_check(source, &brf(dir, &format!("generated-{number}")));
        if outside.code != 0 {
            failed.push(outside.report);
        } else if let Some(line) = outside.report.lines().next() {
            eprintln!("{line}");
        }
    }
    eprintln!(
        "outside braille check (seed {seed:#x}): {} of {cases} generated leaflets passed",
        cases - failed.len()
    );
    assert!(
        failed.is_empty(),
        "{} of {cases} generated leaflets failed the outside check:\n{}",
        failed.len(),
        failed.join("\n")
    );
}
