//! The braille file (`ID.brf`): made for the seed and every English and
//! Welsh fixture and passing its check, left out (with a warning) for a
//! language with no trusted tables, contracted (fewer cells than grade 1),
//! and damaged on purpose: a page removed, a line removed, a section's cells
//! altered, each caught by `leafpress check`.

mod common;

use std::path::{Path, PathBuf};

use common::{SEED_ID, fixture, leafpress, scratch, seed_source};
use leafpress::outputs::braille::louis;

fn brf(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("out/{id}/{id}.brf"))
}

/// Builds `source` into `dir/out`, asserting it passed; gives stderr.
fn build(dir: &Path, source: &Path) -> String {
    let run = leafpress(dir, &["build", source.to_str().unwrap(), "--out", "out"]);
    assert_eq!(run.code, 0, "{}: {}", source.display(), run.stderr);
    run.stderr
}

/// `leafpress check` of the seed; asserts it failed and gives stderr.
fn check_fails(dir: &Path) -> String {
    let source = seed_source();
    let run = leafpress(dir, &["check", source.to_str().unwrap(), "--out", "out"]);
    assert_eq!(run.code, 1, "the damage went unnoticed:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("{SEED_ID}.brf")),
        "{}",
        run.stderr
    );
    run.stderr
}

/// The pages of a BRF, each with its lines (CR LF and form feeds taken off).
fn pages(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    text.split('\x0c')
        .filter(|page| !page.is_empty())
        .map(|page| page.split("\r\n").map(str::to_owned).collect())
        .map(|mut lines: Vec<String>| {
            lines.pop();
            lines
        })
        .collect()
}

fn unparse(pages: &[Vec<String>]) -> Vec<u8> {
    let mut text = String::new();
    for page in pages {
        for line in page {
            text.push_str(line);
            text.push_str("\r\n");
        }
        text.push('\x0c');
    }
    text.into_bytes()
}

#[test]
fn the_seed_and_every_english_and_welsh_fixture_make_a_brf_that_passes() {
    let valid = std::fs::read_dir(fixture("valid")).unwrap();
    let mut sources: Vec<PathBuf> = valid.map(|entry| entry.unwrap().path()).collect();
    sources.sort();
    sources.push(seed_source());
    let mut made = 0;
    for source in sources {
        let text = std::fs::read_to_string(&source).unwrap();
        let language = text
            .lines()
            .find_map(|line| line.strip_prefix("language = \""))
            .unwrap()
            .trim_end_matches('"')
            .to_owned();
        let id = text
            .lines()
            .find_map(|line| line.strip_prefix("id = \""))
            .unwrap()
            .trim_end_matches('"')
            .to_owned();
        let dir = scratch();
        let stderr = build(dir.path(), &source);
        let english = language == "en" || language.starts_with("en-");
        let welsh = language == "cy" || language.starts_with("cy-");
        let path = brf(dir.path(), &id);
        if english || welsh {
            let bytes = std::fs::read(&path).unwrap();
            assert!(!bytes.is_empty(), "{}", source.display());
            assert!(
                bytes
                    .iter()
                    .all(|b| (0x20..=0x5f).contains(b) || matches!(b, b'\r' | b'\n' | 0x0c)),
                "{}",
                source.display()
            );
            assert_eq!(welsh, stderr.contains("transcriber"), "{stderr}");
            made += 1;
        } else {
            assert!(!path.exists(), "{}: no braille expected", source.display());
            assert!(stderr.contains("no braille file"), "{stderr}");
        }
        // The check knows what was made, and what was not.
        let run = leafpress(
            dir.path(),
            &["check", source.to_str().unwrap(), "--out", "out"],
        );
        assert_eq!(run.code, 0, "{}: {}", source.display(), run.stderr);
    }
    assert!(made >= 7, "{made}");
}

#[test]
fn the_brf_is_contracted_fewer_cells_than_grade_1() {
    let dir = common::built_seed();
    let bytes = std::fs::read(brf(dir.path(), SEED_ID)).unwrap();
    let cells = |braille: &str| braille.bytes().filter(|b| *b > b' ').count();
    let mut contracted = 0;
    for page in pages(&bytes) {
        for (index, line) in page.iter().enumerate() {
            // The page number at the first line's end is no text.
            let text = match (index, line.rfind("   #")) {
                (0, Some(at)) => &line[..at],
                _ => line,
            };
            contracted += cells(text);
        }
    }
    let text =
        std::fs::read_to_string(dir.path().join(format!("out/{SEED_ID}/{SEED_ID}.txt"))).unwrap();
    let mut uncontracted = 0;
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let line = line.trim_start_matches("- ");
        uncontracted += cells(&louis::translate(louis::UEB_GRADE_1, line).unwrap());
    }
    let letters = text.chars().filter(|c| !c.is_whitespace()).count();
    eprintln!(
        "seed: {contracted} cells in grade 2, {uncontracted} in grade 1, {letters} letters in print"
    );
    assert!(
        contracted * 10 < uncontracted * 9,
        "{contracted} vs {uncontracted}"
    );
}

#[test]
fn a_page_removed_is_caught() {
    let dir = common::built_seed();
    let path = brf(dir.path(), SEED_ID);
    let mut pages = pages(&std::fs::read(&path).unwrap());
    assert!(pages.len() > 2);
    pages.remove(1);
    std::fs::write(&path, unparse(&pages)).unwrap();
    let stderr = check_fails(dir.path());
    assert!(stderr.contains("out of sequence"), "{stderr}");
    assert!(stderr.contains("is missing"), "{stderr}");
}

#[test]
fn a_line_removed_is_caught_and_its_section_named() {
    let dir = common::built_seed();
    let path = brf(dir.path(), SEED_ID);
    let mut pages = pages(&std::fs::read(&path).unwrap());
    // A line of text in the middle of the second page.
    let page = &mut pages[1];
    let line = (3..page.len())
        .find(|&i| page[i].len() > 20)
        .expect("a line of text");
    page.remove(line);
    std::fs::write(&path, unparse(&pages)).unwrap();
    let stderr = check_fails(dir.path());
    assert!(stderr.contains("section `"), "{stderr}");
    assert!(
        stderr.contains("where it should be, the file reads"),
        "{stderr}"
    );
}

#[test]
fn a_sections_cells_altered_are_caught() {
    let dir = common::built_seed();
    let path = brf(dir.path(), SEED_ID);
    let mut pages = pages(&std::fs::read(&path).unwrap());
    // Dots changed in every cell `E` of page 2 (`E` to `F`: dots 1-5 to
    // 1-2-4), the page and its lines as they were.
    for line in pages[1].iter_mut().skip(1) {
        *line = line.replace('E', "F");
    }
    std::fs::write(&path, unparse(&pages)).unwrap();
    let stderr = check_fails(dir.path());
    assert!(stderr.contains("section `"), "{stderr}");
    assert!(!stderr.contains("out of sequence"), "{stderr}");
}

#[test]
fn a_braille_table_sets_the_page_and_the_check_holds_the_file_to_it() {
    let dir = scratch();
    let seed = std::fs::read_to_string(seed_source()).unwrap();
    let small = seed.replacen(
        "[[section]]",
        "[braille]\ncells_per_line = 28\nlines_per_page = 20\n\n[[section]]",
        1,
    );
    let source = common::write_source(dir.path(), "small.toml", &small);
    build(dir.path(), &source);
    let path = brf(dir.path(), SEED_ID);
    let default_pages = {
        let other = scratch();
        build(other.path(), &seed_source());
        pages(&std::fs::read(brf(other.path(), SEED_ID)).unwrap()).len()
    };
    let mut pages = pages(&std::fs::read(&path).unwrap());
    assert!(pages.len() > default_pages, "{} pages", pages.len());
    for page in &pages {
        assert!(page.len() <= 20);
        assert!(page.iter().all(|line| line.len() <= 28), "{page:?}");
    }
    // A line one cell too long for this leaflet's page is a flaw.
    let short = 29 - pages[0][2].len();
    pages[0][2].push_str(&"A".repeat(short));
    std::fs::write(&path, unparse(&pages)).unwrap();
    let run = leafpress(
        dir.path(),
        &["check", source.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("29 cells; a line holds 28"),
        "{}",
        run.stderr
    );
}

#[test]
fn no_break_spaces_are_blank_cells() {
    // Word leaflets are full of U+00A0 (`0800 123 456`) and U+202F: the
    // braille tables pass them through, and BRF holds only ASCII.
    let dir = scratch();
    let seed = std::fs::read_to_string(seed_source()).unwrap();
    let spaced = seed.replacen(
        "Radiotherapy is usually given",
        "Call 0800\u{a0}123\u{a0}456 or swelling\u{a0}or heat\u{202f}now. Radiotherapy is usually given",
        1,
    );
    assert_ne!(spaced, seed);
    let source = common::write_source(dir.path(), "spaced.toml", &spaced);
    build(dir.path(), &source);
    let bytes = std::fs::read(brf(dir.path(), SEED_ID)).unwrap();
    assert!(bytes.iter().all(|&byte| byte.is_ascii()));
}
