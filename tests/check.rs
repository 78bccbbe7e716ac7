//! `leafpress check` reads the files on disk back and catches an output that
//! lost anything: each failure names the leaflet, the file, the section and
//! the first missing words. Every test here damages a real output on purpose.

mod common;

use std::path::{Path, PathBuf};

use common::{SEED_ID, fixture, leafpress, scratch, seed_source};

/// A scratch folder with the seed built into `out/`; returns the folder and
/// the path of the text output.
fn built_seed() -> (tempfile::TempDir, PathBuf) {
    let dir = common::built_seed();
    let text = dir.path().join(format!("out/{SEED_ID}/{SEED_ID}.txt"));
    (dir, text)
}

fn check(dir: &Path, extra: &[&str]) -> common::Run {
    let source = seed_source();
    let mut args = vec!["check", source.to_str().unwrap(), "--out", "out"];
    args.extend(extra);
    leafpress(dir, &args)
}

fn edit(file: &Path, change: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(file).unwrap();
    let changed = change(text.clone());
    assert_ne!(text, changed, "the damage must change the file");
    std::fs::write(file, changed).unwrap();
}

#[test]
fn a_fresh_build_checks_clean() {
    let (dir, _) = built_seed();
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn check_names_the_section_whose_sentence_was_deleted() {
    let (dir, text) = built_seed();
    edit(&text, |t| {
        t.replace(
            "Radiotherapy is usually given only once to an affected area. ",
            "",
        )
    });
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1);
    let expected = format!(
        "error: {SEED_ID}: out/{SEED_ID}/{SEED_ID}.txt: section `radiotherapy`: text is missing: \"Radiotherapy is usually given only once to an …\""
    );
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("error:").count(),
        1,
        "only that sentence: {}",
        run.stderr
    );
}

#[test]
fn check_catches_a_list_item_removed() {
    let (dir, text) = built_seed();
    edit(&text, |t| {
        t.replace("- the type of cancer you had originally\n", "")
    });
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("section `your-treatment-options`: a list item is missing: \"the type of cancer you had originally\""),
        "{}",
        run.stderr
    );
}

#[test]
fn check_catches_an_altered_heading() {
    let (dir, text) = built_seed();
    edit(&text, |t| {
        t.replace("\nVertebroplasty\n", "\nVertebroplasties\n")
    });
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("section `vertebroplasty`: the heading is missing: \"Vertebroplasty\""),
        "{}",
        run.stderr
    );
}

#[test]
fn check_catches_two_sections_swapped() {
    let (dir, text) = built_seed();
    edit(&text, |t| {
        let surgery = t.find("Surgery\n\n").unwrap();
        let other = t.find("Other treatments\n\n").unwrap();
        let feedback = t.find("Let us know what you think\n\n").unwrap();
        format!(
            "{}{}{}{}",
            &t[..surgery],
            &t[other..feedback],
            &t[surgery..other],
            &t[feedback..]
        )
    });
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is out of order"), "{}", run.stderr);
    assert!(
        run.stderr.contains("section `other-treatments`"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_catches_the_review_dates_removed() {
    let (dir, text) = built_seed();
    edit(&text, |t| t.replace("Next review due: 2017\n", ""));
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("the end matter is missing: \"Next review due: 2017\""),
        "{}",
        run.stderr
    );
}

#[test]
fn check_catches_the_seeds_own_damage_headings_run_into_the_text() {
    // The seed's plain-text copy lost most of its headings: leafpress must
    // refuse exactly that file.
    let (dir, text) = built_seed();
    std::fs::copy(fixture("seed/damaged-plain-text.txt"), &text).unwrap();
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1);
    for section in [
        "your-treatment-options",
        "radiotherapy",
        "radioisotope-therapy",
        "vertebroplasty",
        "bisphosphonates",
        "surgery",
    ] {
        assert!(
            run.stderr
                .contains(&format!("section `{section}`: the heading is missing")),
            "{section} not named in\n{}",
            run.stderr
        );
    }
    assert_eq!(
        run.stderr.matches("the heading is missing").count(),
        6,
        "{}",
        run.stderr
    );
    // The three headings the damaged copy kept are not blamed.
    for kept in ["denosumab", "other-treatments", "feedback"] {
        assert!(
            !run.stderr
                .contains(&format!("section `{kept}`: the heading")),
            "{kept} wrongly blamed\n{}",
            run.stderr
        );
    }
}

#[test]
fn check_reports_a_deleted_output() {
    let (dir, text) = built_seed();
    std::fs::remove_file(&text).unwrap();
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains(&format!("{SEED_ID}.txt: the file is missing")),
        "{}",
        run.stderr
    );
}

#[test]
fn check_reports_an_empty_or_corrupt_output_without_panicking() {
    for damage in [&b""[..], &b"\xff\xfe\xfd garbage \x00\x01"[..]] {
        let (dir, text) = built_seed();
        std::fs::write(&text, damage).unwrap();
        let run = check(dir.path(), &[]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("{SEED_ID}.txt: the file is not valid plain text")),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn check_json_reports_each_problem_for_tools() {
    let (dir, text) = built_seed();
    edit(&text, |t| t.replace("\nSurgery\n", "\nOperations\n"));
    let run = check(dir.path(), &["--json"]);
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON report");
    assert_eq!(report["ok"], false);
    let leaflet = &report["leaflets"][0];
    assert_eq!(leaflet["id"], SEED_ID);
    let outputs = leaflet["outputs"].as_array().unwrap();
    let output = outputs
        .iter()
        .find(|o| o["output"] == "plain text")
        .unwrap();
    assert_eq!(
        outputs.iter().filter(|o| o["status"] == "failed").count(),
        1,
        "only the damaged output fails"
    );
    assert_eq!(output["status"], "failed");
    assert!(
        output["file"]
            .as_str()
            .unwrap()
            .ends_with(&format!("{SEED_ID}.txt"))
    );
    let problem = &output["problems"][0];
    assert_eq!(problem["kind"], "missing");
    assert_eq!(problem["section"], "surgery");
    assert_eq!(problem["item"], "heading");
    assert_eq!(problem["first_words"], "Surgery");
}

#[test]
fn check_json_of_a_clean_build_says_ok() {
    let (dir, _) = built_seed();
    let run = check(dir.path(), &["--json"]);
    assert_eq!(run.code, 0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["ok"], true);
    let outputs = report["leaflets"][0]["outputs"].as_array().unwrap();
    let names: Vec<&str> = outputs
        .iter()
        .map(|o| o["output"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "print PDF",
            "large-print PDF",
            "EPUB",
            "plain text",
            "braille",
            "web page",
            "job ticket",
            "job sheet"
        ]
    );
    assert!(outputs.iter().all(|o| o["status"] == "passed"));
}

/// Builds a fixture into a scratch folder; returns the folder, the fixture
/// path and the text output's path.
fn built(fixture_name: &str, id: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = scratch();
    let source = fixture(fixture_name);
    let run = leafpress(
        dir.path(),
        &["build", source.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = dir.path().join(format!("out/{id}/{id}.txt"));
    (dir, source, text)
}

fn check_source(dir: &Path, source: &Path) -> common::Run {
    leafpress(dir, &["check", source.to_str().unwrap(), "--out", "out"])
}

#[test]
fn check_catches_a_list_renumbered() {
    let (dir, source, text) = built("valid/hospital-transport.toml", "hospital-transport");
    edit(&text, |t| {
        t.replace("3. Tell the driver", "1. Tell the driver")
    });
    let run = check_source(dir.path(), &source);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "section `on-the-day`: a list item is missing: \"Tell the driver if you feel unwell.\""
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn check_catches_two_list_items_run_together() {
    let (dir, source, text) = built("valid/hospital-transport.toml", "hospital-transport");
    edit(&text, |t| {
        t.replace(
            "- your NHS number\n- the time",
            "- your NHS number the time",
        )
    });
    let run = check_source(dir.path(), &source);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("a list item is missing: \"your NHS number\""),
        "{}",
        run.stderr
    );
}

#[test]
fn check_catches_a_changed_decimal_point() {
    let dir = scratch();
    std::fs::write(
        dir.path().join("dose.toml"),
        common::leaflet_source(
            "dose",
            "Dose",
            &[("dose", "Your dose", "Take .5 ml twice a day.")],
        ),
    )
    .unwrap();
    assert_eq!(leafpress(dir.path(), &["build", "dose.toml"]).code, 0);
    edit(&dir.path().join("out/dose/dose.txt"), |t| {
        t.replace(".5 ml", "5 ml")
    });
    let run = leafpress(dir.path(), &["check", "dose.toml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("text is missing: \"Take .5 ml twice a day.\""),
        "{}",
        run.stderr
    );
}

#[test]
fn check_reports_text_that_breaks_the_plain_text_rules() {
    let (dir, text) = built_seed();
    edit(&text, |t| {
        t.replace("\n", "\r\n")
            .replace("Radiotherapy\r", "Radio\u{ad}therapy\r")
    });
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("it has CR line ends"), "{}", run.stderr);
    assert!(
        run.stderr.contains("it holds soft hyphens"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_heading_that_starts_with_a_number_is_not_taken_for_a_list_item() {
    let dir = scratch();
    std::fs::write(
        dir.path().join("numbered.toml"),
        common::leaflet_source(
            "numbered",
            "1. A guide",
            &[(
                "start",
                "1. Before you start",
                "2020 was the year.\n\n3. Three\n4. Four",
            )],
        ),
    )
    .unwrap();
    let run = leafpress(dir.path(), &["build", "numbered.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(leafpress(dir.path(), &["check", "numbered.toml"]).code, 0);
}
