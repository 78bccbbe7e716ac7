//! Real-world failures: an output folder that cannot be written, a full
//! disk, a broken house style, a build killed part-way. Each gives a clear
//! error and exit status 1, and leaves the earlier, verified outputs exactly
//! as they were; no half-written file ever sits at a final path.
//!
//! The disk tests mount a small tmpfs, which needs root: without it they
//! say loudly that they were skipped (and fail in CI, which runs as root
//! with LEAFPRESS_REQUIRE_TOOLS set).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::{SEED_ID, files_below, leafpress, missing_tool, scratch, seed_source};

/// A tmpfs of a given size mounted on a folder, unmounted when dropped.
struct Tmpfs {
    at: PathBuf,
}

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output()
            .is_ok_and(|output| output.status.success());
        if !mounted {
            missing_tool("a tmpfs mount (root)");
            return None;
        }
        Some(Tmpfs { at: at.to_owned() })
    }

    fn remount_read_only(&self) {
        let status = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.at)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.at).status();
    }
}

/// The seed's source with its title changed, so that a rebuild has new
/// files to write.
fn changed_seed(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(seed_source()).unwrap();
    let changed = text.replace(
        "title = \"Treating secondary breast cancer in the bone\"",
        "title = \"Treating secondary breast cancer in the bones\"",
    );
    assert_ne!(text, changed);
    let path = dir.join("seed.toml");
    std::fs::write(&path, changed).unwrap();
    path
}

/// Every file under `folder` with its bytes.
fn snapshot(folder: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files_below(folder)
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(folder.join(&file)).unwrap();
            (file, bytes)
        })
        .collect()
}

fn build(dir: &Path, source: &Path, out: &Path) -> common::Run {
    leafpress(
        dir,
        &[
            "build",
            source.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    )
}

#[test]
fn an_output_path_that_is_a_file_is_a_clear_error() {
    let dir = scratch();
    std::fs::write(dir.path().join("out"), "not a folder").unwrap();
    let run = build(dir.path(), &seed_source(), Path::new("out"));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot create the output folder out"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out")).unwrap(),
        "not a folder"
    );
}

#[test]
fn a_read_only_output_folder_keeps_the_earlier_outputs() {
    let dir = scratch();
    let out = dir.path().join("out");
    let Some(disk) = Tmpfs::mount(&out, "4m") else {
        return;
    };
    assert_eq!(build(dir.path(), &seed_source(), &out).code, 0);
    let before = snapshot(&out);
    disk.remount_read_only();
    let run = build(dir.path(), &changed_seed(dir.path()), &out);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("Read-only file system"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(SEED_ID), "{}", run.stderr);
    assert!(
        snapshot(&out) == before,
        "the earlier outputs are untouched"
    );
}

#[test]
fn a_full_disk_keeps_the_earlier_outputs_and_leaves_no_temporary_files() {
    let dir = scratch();
    let out = dir.path().join("out");
    // Room for one set of the seed's files (about 160 KB), not for a second
    // set staged beside the first.
    let Some(_disk) = Tmpfs::mount(&out, "240k") else {
        return;
    };
    let run = build(dir.path(), &seed_source(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = snapshot(&out);
    let run = build(dir.path(), &changed_seed(dir.path()), &out);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("No space left on device"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        snapshot(&out) == before,
        "the earlier outputs are untouched and no temporary file is left"
    );
}

/// The earlier outputs of the seed, then a build with a broken house style:
/// exit 1, the message, and nothing changed.
fn assert_broken_layouts_change_nothing(break_them: impl FnOnce(&Path), message: &str) {
    let dir = scratch();
    let out = dir.path().join("out");
    assert_eq!(build(dir.path(), &seed_source(), &out).code, 0);
    let before = snapshot(&out);
    let layouts = common::copy_of_layouts(dir.path());
    break_them(&layouts);
    let source = changed_seed(dir.path());
    let run = leafpress(
        dir.path(),
        &[
            "build",
            source.to_str().unwrap(),
            "--out",
            "out",
            "--layouts",
            layouts.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(message), "{}", run.stderr);
    assert!(
        snapshot(&out) == before,
        "the earlier outputs are untouched"
    );
}

#[test]
fn a_layouts_folder_missing_a_layout_is_named() {
    assert_broken_layouts_change_nothing(
        |layouts| std::fs::remove_file(layouts.join("large-print.typ")).unwrap(),
        "layouts: the layouts folder has no large-print.typ",
    );
}

#[test]
fn a_layout_with_a_typst_error_is_named_with_its_line() {
    assert_broken_layouts_change_nothing(
        |layouts| {
            let path = layouts.join("large-print.typ");
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replace("#title(leaflet)", "#title(leaflet")).unwrap();
        },
        "large-print.typ:",
    );
}

#[test]
fn a_missing_font_is_named_with_the_layout_line_that_asks_for_it() {
    // The line of the print layout that names the font, wherever it is.
    let layout = std::fs::read_to_string(common::repo().join("layouts/print.typ")).unwrap();
    let (line, text) = layout
        .lines()
        .enumerate()
        .find(|(_, text)| text.contains("font: (\"Atkinson Hyperlegible\""))
        .expect("the print layout names its font");
    let column = text.find('(').unwrap() + 1;
    let message = format!(
        "print.typ:{}:{column}: warning: unknown font family: atkinson hyperlegible",
        line + 1
    );
    assert_broken_layouts_change_nothing(
        |layouts| {
            for entry in std::fs::read_dir(layouts.join("fonts")).unwrap() {
                let path = entry.unwrap().path();
                if path.to_string_lossy().contains("AtkinsonHyperlegible-") {
                    std::fs::remove_file(path).unwrap();
                }
            }
        },
        &message,
    );
}

#[test]
fn a_build_killed_at_any_moment_leaves_only_whole_verified_files() {
    let dir = scratch();
    let source_dir = dir.path().join("source");
    std::fs::create_dir(&source_dir).unwrap();
    let source = source_dir.join("long.toml");
    let old_text = common::long_leaflet_source("long", 40);
    let new_text = old_text.replace("A long leaflet", "A longer leaflet");
    std::fs::write(&source, &old_text).unwrap();
    let out = dir.path().join("out");
    assert_eq!(build(dir.path(), &source, &out).code, 0);
    let folder = out.join("long");
    let old_files = snapshot(&folder);

    // The new version, built once elsewhere: every file a killed build may
    // leave at a final path must be one of these or one of the old ones.
    let elsewhere = scratch();
    let new_source = elsewhere.path().join("long.toml");
    std::fs::write(&new_source, &new_text).unwrap();
    assert_eq!(
        build(elsewhere.path(), &new_source, Path::new("out")).code,
        0
    );
    let new_files = snapshot(&elsewhere.path().join("out/long"));

    std::fs::write(&source, &new_text).unwrap();
    let mut killed_part_way = 0;
    for delay_ms in (0..400).step_by(20) {
        // Start from the old files each time.
        for (file, bytes) in &old_files {
            std::fs::write(folder.join(file), bytes).unwrap();
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_leafpress"))
            .args(["build", source.to_str().unwrap(), "--out"])
            .arg(&out)
            .current_dir(dir.path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let _ = child.wait();
        if !finished {
            killed_part_way += 1;
        }
        for file in files_below(&folder) {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with(".leafpress-") {
                continue; // a staged file: never at a final path
            }
            let bytes = std::fs::read(folder.join(&file)).unwrap();
            let whole = old_files
                .iter()
                .chain(&new_files)
                .any(|(known, known_bytes)| *known == file && *known_bytes == bytes);
            assert!(
                whole,
                "after a kill at {delay_ms} ms, {} is neither the old nor the new verified file",
                file.display()
            );
        }
    }
    assert!(killed_part_way > 0, "no build was killed part-way");

    // The next successful build leaves no stray temporary file.
    assert_eq!(build(dir.path(), &source, &out).code, 0);
    let left = files_below(&folder);
    assert!(
        left.iter()
            .all(|file| !file.to_string_lossy().contains(".leafpress-")),
        "{left:?}"
    );
    assert_eq!(
        left.len(),
        9,
        "the six outputs, the job ticket and sheet, their stamp: {left:?}"
    );
}
