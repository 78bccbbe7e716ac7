//! Reproducible builds: the same source and layouts give byte-identical
//! files, all four, whatever the clock, the time zone or the locale; the
//! dates inside come from the source, or from `SOURCE_DATE_EPOCH` when it
//! is set (reproducible-builds.org).

mod common;

use std::path::{Path, PathBuf};

use common::{SEED_ID, scratch, seed_source};

/// Builds the seed into `dir/out` with extra environment variables, and
/// returns its four files' bytes by file name.
fn build_with_env(dir: &Path, env: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
    let source = seed_source();
    let run = common::leafpress_with_env(
        dir,
        &["build", source.to_str().unwrap(), "--out", "out"],
        env,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let folder: PathBuf = dir.join("out").join(SEED_ID);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    // The six outputs, the job ticket and sheet, and their stamp (which
    // holds no date either).
    assert_eq!(files.len(), 9);
    files
}

#[test]
fn rebuilds_are_byte_identical_whatever_the_time_zone_locale_and_clock() {
    let first = scratch();
    let second = scratch();
    let a = build_with_env(
        first.path(),
        &[("TZ", "UTC"), ("LANG", "C"), ("LC_ALL", "C")],
    );
    // Another second on the clock, the other side of the date line, and a
    // locale with its own ideas about case and decimal commas.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = build_with_env(
        second.path(),
        &[
            ("TZ", "Pacific/Kiritimati"),
            ("LANG", "tr_TR.UTF-8"),
            ("LC_ALL", "tr_TR.UTF-8"),
        ],
    );
    for ((name, bytes), (_, other)) in a.iter().zip(&b) {
        assert!(bytes == other, "{name} differs between the two builds");
    }
}

fn file<'a>(files: &'a [(String, Vec<u8>)], suffix: &str) -> &'a [u8] {
    &files
        .iter()
        .find(|(name, _)| name.ends_with(suffix))
        .unwrap()
        .1
}

#[test]
fn dates_come_from_the_source_or_from_source_date_epoch() {
    let dir = scratch();
    let from_source = build_with_env(dir.path(), &[]);
    // The seed was reviewed in April 2015.
    assert!(
        common::epub_entry(file(&from_source, ".epub"), "EPUB/package.opf")
            .contains("<meta property=\"dcterms:modified\">2015-04-01T00:00:00Z</meta>")
    );
    let pdf = String::from_utf8_lossy(file(&from_source, "-print.pdf")).into_owned();
    assert!(pdf.contains("D:20150401000000"), "the PDF's creation date");

    let epoch = scratch();
    // 2023-11-14 22:13:20 UTC.
    let files = build_with_env(epoch.path(), &[("SOURCE_DATE_EPOCH", "1700000000")]);
    assert!(
        common::epub_entry(file(&files, ".epub"), "EPUB/package.opf")
            .contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>")
    );
    for pdf in ["-print.pdf", "-large-print.pdf"] {
        let pdf = String::from_utf8_lossy(file(&files, pdf)).into_owned();
        assert!(pdf.contains("D:20231114221320"), "the PDF's creation date");
    }
    let again = build_with_env(scratch().path(), &[("SOURCE_DATE_EPOCH", "1700000000")]);
    assert!(
        files == again,
        "the same SOURCE_DATE_EPOCH gives the same files"
    );
}

#[test]
fn a_source_date_epoch_that_is_not_a_time_is_a_usage_error() {
    let dir = scratch();
    let source = seed_source();
    let run = common::leafpress_with_env(
        dir.path(),
        &["build", source.to_str().unwrap(), "--out", "out"],
        &[("SOURCE_DATE_EPOCH", "yesterday")],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("SOURCE_DATE_EPOCH is `yesterday`"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_empty_source_date_epoch_counts_as_unset() {
    let dir = scratch();
    let files = build_with_env(dir.path(), &[("SOURCE_DATE_EPOCH", "")]);
    assert!(
        common::epub_entry(file(&files, ".epub"), "EPUB/package.opf")
            .contains("<meta property=\"dcterms:modified\">2015-04-01T00:00:00Z</meta>")
    );
}
