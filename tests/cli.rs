//! The command line as scripts and newcomers use it: defaults, exit codes,
//! several leaflets in one run, warnings and `--strict`.

mod common;

use std::path::{Path, PathBuf};

use common::{SEED_ID, files_below, fixture, leaflet_source, leafpress, scratch, seed_source};

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::create_dir_all(dir.join(name).parent().unwrap()).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn no_command_builds_every_leaflet_in_source_into_out() {
    let dir = scratch();
    std::fs::create_dir(dir.path().join("source")).unwrap();
    std::fs::copy(seed_source(), dir.path().join("source/seed.toml")).unwrap();
    let run = leafpress(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        files_below(&dir.path().join("out")),
        [
            // The catalogue page (see `index_page`).
            PathBuf::from("index.html"),
            // The record that makes the next build skip it (see `stamp`).
            Path::new(SEED_ID).join(".leafpress.json"),
            Path::new(SEED_ID).join(format!("{SEED_ID}-job-sheet.pdf")),
            Path::new(SEED_ID).join(format!("{SEED_ID}-job.json")),
            Path::new(SEED_ID).join(format!("{SEED_ID}-large-print.pdf")),
            Path::new(SEED_ID).join(format!("{SEED_ID}-print.pdf")),
            Path::new(SEED_ID).join(format!("{SEED_ID}.brf")),
            Path::new(SEED_ID).join(format!("{SEED_ID}.epub")),
            Path::new(SEED_ID).join(format!("{SEED_ID}.html")),
            Path::new(SEED_ID).join(format!("{SEED_ID}.txt")),
        ]
    );
    assert!(
        run.stderr
            .contains("1 leaflet built and verified, 0 failed"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_passed_review_date_is_a_warning_that_names_the_date() {
    let dir = scratch();
    let run = leafpress(dir.path(), &["build", seed_source().to_str().unwrap()]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains(
            "secondary-breast-cancer-bone.toml:19:15: warning: the next review was due by 2017"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn strict_turns_a_passed_review_date_into_an_error_and_writes_nothing() {
    let dir = scratch();
    let run = leafpress(
        dir.path(),
        &["build", "--strict", seed_source().to_str().unwrap()],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains(":19:15: the next review was due by 2017"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_leaflet_still_in_date_gives_no_warning() {
    let dir = scratch();
    let run = leafpress(
        dir.path(),
        &[
            "build",
            "--strict",
            fixture("valid/welsh.toml").to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Only the braille's standing warning: Welsh braille wants review.
    assert!(
        run.stderr
            .lines()
            .filter(|line| line.contains("warning"))
            .all(|line| line.contains("braille: ")),
        "{}",
        run.stderr
    );
}

#[test]
fn one_bad_leaflet_among_good_ones_fails_alone() {
    let dir = scratch();
    std::fs::create_dir(dir.path().join("catalogue")).unwrap();
    for name in ["hospital-transport", "markup-characters", "welsh"] {
        std::fs::copy(
            fixture(&format!("valid/{name}.toml")),
            dir.path().join(format!("catalogue/{name}.toml")),
        )
        .unwrap();
    }
    std::fs::copy(
        fixture("invalid/heading-in-body.toml"),
        dir.path().join("catalogue/broken.toml"),
    )
    .unwrap();
    let run = leafpress(dir.path(), &["build", "catalogue", "--out", "out"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("catalogue/broken.toml:15:1: a heading is not allowed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("3 leaflets built and verified, 1 failed"),
        "{}",
        run.stderr
    );
    let files = files_below(&dir.path().join("out"));
    // Three leaflets (English and Welsh): six outputs, the job ticket and
    // sheet, the stamp; and the catalogue page.
    assert_eq!(files.len(), 28, "{files:?}");
    assert!(!files.iter().any(|f| f.starts_with("bad-example")));
    let check = leafpress(dir.path(), &["check", "catalogue", "--out", "out"]);
    assert_eq!(check.code, 1, "the broken source still fails the check");
}

#[test]
fn two_leaflets_with_one_id_do_not_overwrite_each_other() {
    let dir = scratch();
    let text = leaflet_source("same", "First", &[("one", "One", "First text.")]);
    write(dir.path(), "leaflets/a.toml", &text);
    write(
        dir.path(),
        "leaflets/b.toml",
        &text.replace("First", "Second"),
    );
    let run = leafpress(dir.path(), &["build", "leaflets"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "leaflets/b.toml:2:6: the leaflet id `same` is already used by leaflets/a.toml"
        ),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(dir.path().join("out/same/same.txt")).unwrap();
    assert!(text.starts_with("First\n"));
}

#[test]
fn a_leaflet_made_invalid_keeps_its_earlier_outputs_untouched() {
    let dir = scratch();
    let good = leaflet_source("kept", "Kept", &[("one", "One", "Text.")]);
    write(dir.path(), "kept.toml", &good);
    assert_eq!(leafpress(dir.path(), &["build", "kept.toml"]).code, 0);
    let output = dir.path().join("out/kept/kept.txt");
    let before = std::fs::read(&output).unwrap();
    let modified = std::fs::metadata(&output).unwrap().modified().unwrap();
    write(
        dir.path(),
        "kept.toml",
        &good.replace("Text.", "## Heading"),
    );
    let run = leafpress(dir.path(), &["build", "kept.toml"]);
    assert_eq!(run.code, 1);
    assert_eq!(std::fs::read(&output).unwrap(), before);
    assert_eq!(
        std::fs::metadata(&output).unwrap().modified().unwrap(),
        modified
    );
    assert_eq!(
        files_below(&dir.path().join("out")).len(),
        10,
        "no stray files: the six outputs, the job ticket and sheet, their stamp, the catalogue page"
    );
}

#[test]
fn a_build_leaves_no_temporary_files() {
    let dir = scratch();
    let run = leafpress(dir.path(), &["build", fixture("valid").to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = files_below(&dir.path().join("out"));
    let leaflets = std::fs::read_dir(fixture("valid")).unwrap().count();
    // Per leaflet: six outputs (no braille for the one in Romanian), the
    // job ticket and sheet, the stamp; and the catalogue page.
    assert_eq!(files.len(), 9 * leaflets, "{files:?}");
    assert!(files.iter().all(|f| {
        f.ends_with(".leafpress.json")
            || f.extension().is_some_and(|e| {
                ["txt", "pdf", "epub", "json", "brf", "html"].contains(&e.to_str().unwrap())
            })
    }));
}

#[test]
fn many_leaflets_build_in_one_run_and_check_clean() {
    let dir = scratch();
    for n in 0..24 {
        let sections: Vec<(String, String, String)> = (0..40)
            .map(|s| {
                (
                    format!("section-{s}"),
                    format!("Section {s} of leaflet {n}"),
                    format!("Paragraph {s} says something. It has two sentences.\n\n- item {s}\n- another"),
                )
            })
            .collect();
        let sections: Vec<(&str, &str, &str)> = sections
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
            .collect();
        write(
            dir.path(),
            &format!("many/leaflet-{n}.toml"),
            &leaflet_source(&format!("leaflet-{n}"), &format!("Leaflet {n}"), &sections),
        );
    }
    let run = leafpress(dir.path(), &["build", "many"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("24 leaflets built and verified, 0 failed")
    );
    assert_eq!(leafpress(dir.path(), &["check", "many"]).code, 0);
}

#[test]
fn usage_errors_exit_with_status_2() {
    let dir = scratch();
    for args in [
        &["build", "--no-such-flag"][..],
        &["frobnicate", "x", "y"][..],
        &["build", "does-not-exist.toml"][..],
        &["build", "--layouts", "no-such-layouts"][..],
        &["build", "--font-path", "no-such-fonts"][..],
        &["order", "--copies", "1", "--font-path", "no-such-fonts"][..],
        &["check", "empty-folder"][..],
        &["build"][..], // no source/ here
    ] {
        std::fs::create_dir_all(dir.path().join("empty-folder")).unwrap();
        let run = leafpress(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.is_empty(), "{args:?} says why");
    }
}

#[test]
fn help_and_version_exit_cleanly() {
    let dir = scratch();
    let help = leafpress(dir.path(), &["--help"]);
    assert_eq!(help.code, 0);
    for word in ["build", "check", "--out"] {
        assert!(help.stdout.contains(word), "{}", help.stdout);
    }
    let version = leafpress(dir.path(), &["--version"]);
    assert_eq!(version.code, 0);
    assert!(version.stdout.starts_with("leafpress "));
    let check_help = leafpress(dir.path(), &["check", "--help"]);
    assert!(check_help.stdout.contains("--json"));
}

#[test]
fn one_file_named_twice_is_one_leaflet() {
    let dir = scratch();
    write(
        dir.path(),
        "v.toml",
        &leaflet_source("v", "V", &[("one", "One", "Text.")]),
    );
    let run = leafpress(dir.path(), &["build", "v.toml", "./v.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("1 leaflet built and verified"),
        "{}",
        run.stderr
    );
}
