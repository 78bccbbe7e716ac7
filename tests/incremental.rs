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

#[test]
fn a_changed_font_rebuilds_and_a_font_the_leaflet_does_not_use_does_not() {
    // A font folder of its own: Debian's Bengali faces, copied.
    let noto = Path::new("/usr/share/fonts/truetype/noto");
    let bengali = ["NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"];
    let tamil = noto.join("NotoSansTamil-Regular.ttf");
    if !bengali.iter().all(|name| noto.join(name).is_file()) || !tamil.is_file() {
        common::missing_tool("fonts-noto-core (Debian package)");
        return;
    }
    let dir = scratch();
    let fonts = dir.path().join("fonts");
    std::fs::create_dir_all(fonts.join("bengali")).unwrap();
    for name in bengali {
        std::fs::copy(noto.join(name), fonts.join("bengali").join(name)).unwrap();
    }
    let source = common::fixture("scripts/bn.toml");
    let build = |dir: &Path| {
        let run = leafpress(
            dir,
            &[
                "build",
                source.to_str().unwrap(),
                "--out",
                "out",
                "--font-path",
                "fonts",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stderr
    };
    assert!(build(dir.path()).contains(BUILT));
    assert!(build(dir.path()).contains(SKIPPED));
    // A font the leaflet does not use, added to the folder: still current.
    std::fs::copy(&tamil, fonts.join("NotoSansTamil-Regular.ttf")).unwrap();
    assert!(build(dir.path()).contains(SKIPPED));
    // A font it used, changed (a byte more at its end; it still loads).
    let regular = fonts.join("bengali").join(bengali[0]);
    let mut bytes = std::fs::read(&regular).unwrap();
    bytes.push(0);
    std::fs::write(&regular, bytes).unwrap();
    assert!(build(dir.path()).contains(BUILT));
    assert!(build(dir.path()).contains(SKIPPED));
    // Built without the folder, the leaflet is refused where its Bengali
    // starts, and its verified outputs stay as they were.
    let run = leafpress(
        dir.path(),
        &["build", source.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("no font can show the Bengali text"),
        "{}",
        run.stderr
    );
    assert!(build(dir.path()).contains(SKIPPED));
}
