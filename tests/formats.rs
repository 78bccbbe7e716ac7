//! `--formats`: a build makes and checks only the formats asked for (and
//! what they need), its stamp records them, `check` checks what the stamp
//! lists, and a later full build adds the rest. And the output folder's
//! lock: two runs on one folder never break each other's files.

mod common;

use std::path::{Path, PathBuf};

use common::{
    SEED_ID, files_below, leaflet_source, leafpress, long_leaflet_source, scratch, seed_source,
    write_source,
};

fn seed_folder(dir: &Path) -> PathBuf {
    dir.join("out").join(SEED_ID)
}

/// The files in the seed's output folder, by name, stamp included.
fn seed_files(dir: &Path) -> Vec<String> {
    files_below(&seed_folder(dir))
        .iter()
        .map(|path| path.to_string_lossy().into_owned())
        .collect()
}

#[test]
fn formats_epub_and_text_make_and_check_only_those_and_a_full_build_adds_the_rest() {
    let dir = scratch();
    let seed = seed_source();
    let seed = seed.to_str().unwrap();
    let run = leafpress(
        dir.path(),
        &["build", seed, "--out", "out", "--formats", "epub,text"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        seed_files(dir.path()),
        [
            ".leafpress.json".to_owned(),
            format!("{SEED_ID}.epub"),
            format!("{SEED_ID}.txt")
        ]
    );
    let stamp = std::fs::read_to_string(seed_folder(dir.path()).join(".leafpress.json")).unwrap();
    let stamp: serde_json::Value = serde_json::from_str(&stamp).unwrap();
    let entries: Vec<&String> = stamp["entries"].as_object().unwrap().keys().collect();
    assert_eq!(entries, ["epub", "text"]);

    // `check` checks what the stamp lists, and passes.
    let check = leafpress(dir.path(), &["check", seed, "--out", "out", "--json"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let checked: Vec<&str> = report["leaflets"][0]["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|output| output["output"].as_str().unwrap())
        .collect();
    assert_eq!(checked, ["EPUB", "plain text"]);

    // Asked for by name, a format the build did not make is missing.
    let check = leafpress(
        dir.path(),
        &["check", seed, "--out", "out", "--formats", "print"],
    );
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains("-print.pdf: the file is missing"),
        "{}",
        check.stderr
    );

    // A file the stamp lists must be there.
    let text = seed_folder(dir.path()).join(format!("{SEED_ID}.txt"));
    let kept = std::fs::read(&text).unwrap();
    std::fs::remove_file(&text).unwrap();
    let check = leafpress(dir.path(), &["check", seed, "--out", "out"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains(".txt: the file is missing"),
        "{}",
        check.stderr
    );
    std::fs::write(&text, kept).unwrap();

    // A full build adds the rest, and `check` checks it all.
    let run = leafpress(dir.path(), &["build", seed, "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("1 leaflet built and verified"),
        "{}",
        run.stderr
    );
    assert_eq!(
        seed_files(dir.path()).len(),
        9,
        "{:?}",
        seed_files(dir.path())
    );
    let check = leafpress(dir.path(), &["check", seed, "--out", "out", "--json"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(
        report["leaflets"][0]["outputs"].as_array().unwrap().len(),
        8
    );
}

#[test]
fn a_format_pulls_in_what_it_needs() {
    let dir = scratch();
    let seed = seed_source();
    let run = leafpress(
        dir.path(),
        &[
            "build",
            seed.to_str().unwrap(),
            "--out",
            "out",
            "--formats",
            "job",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = seed_files(dir.path());
    assert!(files.contains(&format!("{SEED_ID}-job.json")), "{files:?}");
    assert!(files.contains(&format!("{SEED_ID}-print.pdf")), "{files:?}");
    assert!(
        files.contains(&format!("{SEED_ID}-large-print.pdf")),
        "{files:?}"
    );
    assert!(!files.contains(&format!("{SEED_ID}.epub")), "{files:?}");
}

#[test]
fn an_unknown_format_is_a_usage_error_naming_the_known_ones() {
    let dir = scratch();
    let seed = seed_source();
    let run = leafpress(
        dir.path(),
        &[
            "build",
            seed.to_str().unwrap(),
            "--out",
            "out",
            "--formats",
            "text,pdf",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("`pdf` is not a format"),
        "{}",
        run.stderr
    );
    for known in ["print", "large-print", "epub", "text", "job"] {
        assert!(run.stderr.contains(known), "{}", run.stderr);
    }
    assert!(!dir.path().join("out").exists(), "nothing written");
    let help = leafpress(dir.path(), &["build", "--help"]);
    assert!(
        help.stdout
            .contains("job (needs print, large-print, braille)"),
        "{}",
        help.stdout
    );
}

/// A catalogue of `count` leaflets in `dir/catalogue`, every tenth long.
fn catalogue(dir: &Path, count: usize) -> PathBuf {
    let folder = dir.join("catalogue");
    std::fs::create_dir_all(&folder).unwrap();
    for n in 0..count {
        let id = format!("leaflet-{n:02}");
        let text = if n % 10 == 9 {
            long_leaflet_source(&id, 12)
        } else {
            leaflet_source(
                &id,
                &format!("Leaflet {n}"),
                &[(
                    "about",
                    "About this leaflet",
                    "It says what happens next. Ask us if anything is unclear.\n\n- one\n- two",
                )],
            )
        };
        write_source(&folder, &format!("{id}.toml"), &text);
    }
    folder
}

#[test]
fn two_builds_started_together_on_one_folder_never_break_each_others_files() {
    let dir = scratch();
    let sources = catalogue(dir.path(), 30);
    let start = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_leafpress"))
            .args([
                "build",
                sources.to_str().unwrap(),
                "--out",
                "out",
                "--force",
            ])
            .current_dir(dir.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (start(), start());
    let first = first.wait_with_output().unwrap();
    let second = second.wait_with_output().unwrap();
    let codes = [first.status.code(), second.status.code()];
    let said = |output: &std::process::Output| String::from_utf8_lossy(&output.stderr).into_owned();
    // One ran first; the other waited for it (and then built again), or,
    // had it been told not to wait, exited 2. Neither failed.
    assert!(
        codes.iter().all(|code| matches!(code, Some(0) | Some(2))),
        "{codes:?}\n{}\n{}",
        said(&first),
        said(&second)
    );
    assert!(codes.contains(&Some(0)));
    let waited = said(&first) + &said(&second);
    assert!(
        waited.contains("waiting for another leafpress run"),
        "{waited}"
    );
    let check = leafpress(
        dir.path(),
        &["check", sources.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("30 leaflets verified"),
        "{}",
        check.stderr
    );
    let leftovers: Vec<PathBuf> = files_below(&dir.path().join("out"))
        .into_iter()
        .filter(|path| path.to_string_lossy().contains(".leafpress-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_proofs_are_checked_page_by_page_and_a_build_without_them_removes_them() {
    let dir = scratch();
    let seed = seed_source();
    let seed = seed.to_str().unwrap();
    let run = leafpress(dir.path(), &["build", seed, "--out", "out", "--proofs"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let proofs = seed_folder(dir.path()).join("proofs");
    let first = proofs.join(format!("{SEED_ID}-print-page-1.png"));
    let png = std::fs::read(&first).unwrap();
    assert!(leafpress(dir.path(), &["check", seed, "--out", "out"]).code == 0);

    std::fs::remove_file(&first).unwrap();
    let check = leafpress(dir.path(), &["check", seed, "--out", "out"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains("the proof of page 1 is missing"),
        "{}",
        check.stderr
    );
    std::fs::write(&first, b"not a picture").unwrap();
    let check = leafpress(dir.path(), &["check", seed, "--out", "out"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stderr.contains("not a PNG"), "{}", check.stderr);
    std::fs::write(&first, png).unwrap();

    // Proofs not asked for again no longer match what the stamp vouches for.
    let run = leafpress(dir.path(), &["build", seed, "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!proofs.exists(), "{:?}", files_below(&proofs));
    assert_eq!(
        leafpress(dir.path(), &["check", seed, "--out", "out"]).code,
        0
    );
}

#[test]
fn a_check_of_a_folder_that_is_not_there_fails_and_creates_nothing() {
    let dir = scratch();
    let seed = seed_source();
    let check = leafpress(
        dir.path(),
        &["check", seed.to_str().unwrap(), "--out", "nowhere"],
    );
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains("the file is missing"),
        "{}",
        check.stderr
    );
    assert!(!dir.path().join("nowhere").exists());
}

/// The seed's stamp as JSON, changed by `change`, written back.
fn edit_stamp(dir: &Path, change: impl FnOnce(&mut serde_json::Value)) {
    let path = seed_folder(dir).join(".leafpress.json");
    let mut stamp: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    change(&mut stamp);
    std::fs::write(&path, stamp.to_string()).unwrap();
}

#[test]
fn a_stamp_is_never_trusted_with_a_file_outside_its_folder_or_an_output_it_does_not_know() {
    let dir = scratch();
    let seed = seed_source();
    let seed = seed.to_str().unwrap();
    let run = leafpress(
        dir.path(),
        &["build", seed, "--out", "out", "--formats", "text"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let precious = dir.path().join("precious.txt");
    std::fs::write(&precious, "mine").unwrap();
    edit_stamp(dir.path(), |stamp| {
        stamp["outputs"]["../../precious.txt"] = "0".into();
    });
    let check = leafpress(dir.path(), &["check", seed, "--out", "out"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stderr.contains("is damaged"), "{}", check.stderr);
    let run = leafpress(
        dir.path(),
        &["build", seed, "--out", "out", "--formats", "text,epub"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "mine");

    // A stamp listing only outputs this leafpress does not make proves
    // nothing: the check fails rather than checking nothing.
    edit_stamp(dir.path(), |stamp| {
        stamp["entries"] = serde_json::json!({"bogus": []});
    });
    let check = leafpress(dir.path(), &["check", seed, "--out", "out"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stderr.contains("`bogus`"), "{}", check.stderr);
    std::fs::write(seed_folder(dir.path()).join(".leafpress.json"), "{").unwrap();
    let check = leafpress(dir.path(), &["check", seed, "--out", "out"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains(".leafpress.json is damaged"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_partial_build_says_which_files_it_removed() {
    let dir = scratch();
    let seed = seed_source();
    let seed = seed.to_str().unwrap();
    assert_eq!(
        leafpress(dir.path(), &["build", seed, "--out", "out"]).code,
        0
    );
    let run = leafpress(
        dir.path(),
        &["build", seed, "--out", "out", "--formats", "text"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("removed out/{SEED_ID}/{SEED_ID}-print.pdf")),
        "{}",
        run.stderr
    );
    assert_eq!(
        seed_files(dir.path()).len(),
        2,
        "{:?}",
        seed_files(dir.path())
    );
}

#[test]
fn a_proof_of_the_wrong_size_or_of_a_page_that_is_not_there_fails_the_check() {
    let dir = scratch();
    let seed = seed_source();
    let seed = seed.to_str().unwrap();
    let run = leafpress(dir.path(), &["build", seed, "--out", "out", "--proofs"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let proofs = seed_folder(dir.path()).join("proofs");
    let print_1 = proofs.join(format!("{SEED_ID}-print-page-1.png"));
    let large_1 = proofs.join(format!("{SEED_ID}-large-print-page-1.png"));
    let extra = proofs.join(format!("{SEED_ID}-print-page-99.png"));
    std::fs::copy(&print_1, &extra).unwrap();
    let check = leafpress(dir.path(), &["check", seed, "--out", "out"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("page-99.png: a proof of a page the print PDF does not have"),
        "{}",
        check.stderr
    );
    std::fs::remove_file(&extra).unwrap();
    let kept = std::fs::read(&print_1).unwrap();
    std::fs::copy(&large_1, &print_1).unwrap();
    let check = leafpress(dir.path(), &["check", seed, "--out", "out"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains("where the page makes"),
        "{}",
        check.stderr
    );
    std::fs::write(&print_1, kept).unwrap();
    assert_eq!(
        leafpress(dir.path(), &["check", seed, "--out", "out"]).code,
        0
    );
}

#[test]
fn a_run_that_makes_nothing_leaves_no_folder_and_no_wait_exits_2_at_once() {
    let dir = scratch();
    let invalid = common::fixture("invalid/empty-title.toml");
    let run = leafpress(
        dir.path(),
        &["build", invalid.to_str().unwrap(), "--out", "deep/a/b"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!dir.path().join("deep").exists());

    // Another run holds the folder: --no-wait does not wait for it.
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let held = std::fs::File::open(&out).unwrap();
    held.lock().unwrap();
    let seed = seed_source();
    let run = leafpress(
        dir.path(),
        &["build", seed.to_str().unwrap(), "--out", "out", "--no-wait"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("in use by another leafpress run"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "nothing touched"
    );
    drop(held);
}
