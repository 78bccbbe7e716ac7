//! Helpers shared by the integration tests: running the real `leafpress`
//! binary in a scratch folder and looking at what it left on disk.

#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root, where `source/` and `tests/fixtures/` live.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    repo().join("tests/fixtures").join(relative)
}

/// The seed leaflet's source.
pub fn seed_source() -> PathBuf {
    repo().join("source/secondary-breast-cancer-bone.toml")
}

/// The seed leaflet's id.
pub const SEED_ID: &str = "secondary-breast-cancer-bone";

/// What one run of the binary did.
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Runs `leafpress` with `args` in `dir`.
pub fn leafpress(dir: &Path, args: &[&str]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_leafpress"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the leafpress binary runs")
        .into()
}

/// A fresh scratch folder, removed when dropped.
pub fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("a scratch folder")
}

/// Every file below `dir`, relative to it, sorted; empty if `dir` is absent.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path.strip_prefix(dir).unwrap().to_owned());
            }
        }
    }
    files.sort();
    files
}

/// A valid leaflet source with the given id and sections (`(id, heading,
/// body)`), next reviewed far in the future so no warning is raised.
pub fn leaflet_source(id: &str, title: &str, sections: &[(&str, &str, &str)]) -> String {
    let mut text = format!(
        "[leaflet]\nid = \"{id}\"\ntitle = \"{title}\"\nlanguage = \"en-GB\"\nreviewed = \"2026-03\"\nnext_review = \"2099-03\"\n"
    );
    for (section_id, heading, body) in sections {
        text.push_str(&format!(
            "\n[[section]]\nid = \"{section_id}\"\nheading = \"{heading}\"\nbody = '''\n{body}\n'''\n"
        ));
    }
    text
}
