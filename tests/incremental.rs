//! Incremental builds: a leaflet whose source, layouts, fonts, file date and
//! leafpress version are unchanged since its last verified build, and whose
//! outputs are still exactly as verified, is skipped; anything else is
//! rebuilt, and `--force` rebuilds everything.

mod common;

use std::path::Path;

use common::{SEED_ID, leafpress, scratch, seed_source};

/// Builds the seed into `dir/out` with extra arguments and environment;
/// returns stderr after asserting success.
fn build(dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> String {
    let source = seed_source();
    let mut args = vec!["build", source.to_str().unwrap(), "--out", "out"];
    args.extend(extra);
    let run = common::leafpress_with_env(dir, &args, env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stderr
}

const SKIPPED: &str = "0 leaflets built and verified, 1 up to date (skipped), 0 failed";
const BUILT: &str = "1 leaflet built and verified, 0 failed";

fn modified(dir: &Path) -> std::time::SystemTime {
    std::fs::metadata(dir.join(format!("out/{SEED_ID}/{SEED_ID}-print.pdf")))
        .unwrap()
        .modified()
        .unwrap()
}

#[test]
fn an_unchanged_leaflet_is_skipped_and_force_rebuilds_it() {
    let dir = scratch();
    assert!(build(dir.path(), &[], &[]).contains(BUILT));
    let before = modified(dir.path());
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert!(build(dir.path(), &[], &[]).contains(SKIPPED));
    assert_eq!(modified(dir.path()), before, "nothing rewritten");
    assert!(build(dir.path(), &["--force"], &[]).contains(BUILT));
    assert_ne!(modified(dir.path()), before);
    // The outputs of a skipped build still check clean.
    let source = seed_source();
    let check = leafpress(dir.path(), &["check", source.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn a_damaged_or_missing_output_is_rebuilt() {
    let dir = scratch();
    build(dir.path(), &[], &[]);
    let epub = dir.path().join(format!("out/{SEED_ID}/{SEED_ID}.epub"));
    let good = std::fs::read(&epub).unwrap();
    std::fs::write(&epub, b"damaged").unwrap();
    assert!(build(dir.path(), &[], &[]).contains(BUILT));
    assert_eq!(std::fs::read(&epub).unwrap(), good);
    std::fs::remove_file(&epub).unwrap();
    assert!(build(dir.path(), &[], &[]).contains(BUILT));
    assert_eq!(std::fs::read(&epub).unwrap(), good);
}

#[test]
fn a_changed_source_layout_or_date_is_rebuilt() {
    let dir = scratch();
    build(dir.path(), &[], &[]);
    // Another house style, the same but for one comment.
    let layouts = common::copy_of_layouts(dir.path());
    assert!(build(dir.path(), &["--layouts", layouts.to_str().unwrap()], &[]).contains(BUILT));
    assert!(build(dir.path(), &["--layouts", layouts.to_str().unwrap()], &[]).contains(SKIPPED));
    let print = layouts.join("print.typ");
    let text = std::fs::read_to_string(&print).unwrap();
    std::fs::write(&print, format!("// a comment\n{text}")).unwrap();
    assert!(build(dir.path(), &["--layouts", layouts.to_str().unwrap()], &[]).contains(BUILT));
    // Another date inside the files.
    assert!(build(dir.path(), &[], &[("SOURCE_DATE_EPOCH", "1700000000")]).contains(BUILT));
    assert!(build(dir.path(), &[], &[("SOURCE_DATE_EPOCH", "1700000000")]).contains(SKIPPED));
    // Another source: the same leaflet, one word changed.
    let source = dir.path().join("seed.toml");
    let text = std::fs::read_to_string(seed_source()).unwrap();
    std::fs::write(&source, text.replace("in the bone\"", "in the bones\"")).unwrap();
    let run = leafpress(dir.path(), &["build", "seed.toml", "--out", "out"]);
    assert!(run.stderr.contains(BUILT), "{}", run.stderr);
}
