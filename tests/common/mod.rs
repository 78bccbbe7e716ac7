//! Helpers shared by the integration tests: running the real `leafpress`
//! binary in a scratch folder and looking at what it left on disk.

#![allow(dead_code)] // each test file uses its own subset

pub mod generated;
pub mod property;

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
    leafpress_with_env(dir, args, &[])
}

/// Runs `leafpress` with `args` in `dir` and these environment variables;
/// `SOURCE_DATE_EPOCH` is unset unless given, so a test's dates come from
/// the source whatever the environment it runs in.
pub fn leafpress_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_leafpress"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("the leafpress binary runs").into()
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

/// A valid leaflet of `sections` sections, each a long paragraph with long
/// words for hyphenation, a bullet list and a numbered list: many pages.
pub fn long_leaflet_source(id: &str, sections: usize) -> String {
    let sections: Vec<(String, String, String)> = (1..=sections)
        .map(|n| {
            (
                format!("section-{n}"),
                format!("Section {n}: what happens next"),
                format!(
                    "Paragraph {n} explains characteristically incomprehensible arrangements, \
                     so that hyphenation has something to do. It goes on for a while, with \
                     a second sentence that is long enough to wrap onto several lines.\n\n\
                     - first point of section {n}\n- second point\n\n1. step one\n2. step two"
                ),
            )
        })
        .collect();
    let sections: Vec<(&str, &str, &str)> = sections
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    leaflet_source(id, "A long leaflet", &sections)
}

/// Runs an outside tool, or returns `None` (after saying so) when it is not
/// installed. With LEAFPRESS_REQUIRE_TOOLS set (as CI sets it), a missing
/// tool fails the test instead.
pub fn tool(program: &str, args: &[&str]) -> Option<Output> {
    tool_with_env(program, args, &[])
}

/// [`tool`], with extra environment variables.
pub fn tool_with_env(program: &str, args: &[&str], env: &[(&str, &str)]) -> Option<Output> {
    let mut command = Command::new(program);
    command.args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    match command.output() {
        Ok(output) => Some(output),
        Err(_) => {
            missing_tool(program);
            None
        }
    }
}

/// Says loudly that a check did not run for want of a tool, or fails when
/// LEAFPRESS_REQUIRE_TOOLS is set.
pub fn missing_tool(what: &str) {
    assert!(
        std::env::var_os("LEAFPRESS_REQUIRE_TOOLS").is_none(),
        "{what} is required here (LEAFPRESS_REQUIRE_TOOLS is set) but is not installed"
    );
    eprintln!("SKIPPED: `{what}` is not installed, so this check did not run");
}

/// A tool's standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A copy of the project's layouts in `dir/layouts`, for a test to break.
pub fn copy_of_layouts(dir: &Path) -> PathBuf {
    let layouts = dir.join("layouts");
    std::fs::create_dir_all(layouts.join("fonts")).unwrap();
    for entry in std::fs::read_dir(repo().join("layouts")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, layouts.join(path.file_name().unwrap())).unwrap();
        }
    }
    for entry in std::fs::read_dir(repo().join("layouts/fonts")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, layouts.join("fonts").join(path.file_name().unwrap())).unwrap();
    }
    layouts
}

/// Builds the seed in `dir` (into `dir/out`) with the house style in
/// `layouts`.
pub fn build_seed_with_layouts(dir: &Path, layouts: &Path) -> Run {
    leafpress(
        dir,
        &[
            "build",
            seed_source().to_str().unwrap(),
            "--layouts",
            layouts.to_str().unwrap(),
        ],
    )
}

/// Rewrites one file inside an EPUB (`EPUB/leaflet.xhtml`), keeping the
/// container valid: every entry in its order, each compressed as it was,
/// `mimetype` first and stored.
pub fn rewrite_epub_entry(epub: &Path, name: &str, change: impl Fn(&str) -> String) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(epub).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        let options =
            zip::write::SimpleFileOptions::default().compression_method(file.compression());
        let entry_name = file.name().to_owned();
        if entry_name == name {
            let text = String::from_utf8(content).unwrap();
            let changed = change(&text);
            assert_ne!(text, changed, "the damage must change the file");
            content = changed.into_bytes();
        }
        out.start_file(entry_name, options).unwrap();
        out.write_all(&content).unwrap();
    }
    std::fs::write(epub, out.finish().unwrap().into_inner()).unwrap();
}

/// Writes a source file `name` into `dir`; returns its path.
pub fn write_source(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A scratch folder with the seed built into `out/`.
pub fn built_seed() -> tempfile::TempDir {
    let dir = scratch();
    let run = leafpress(
        dir.path(),
        &["build", seed_source().to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

/// One file inside an EPUB's bytes (`EPUB/package.opf`), as text.
pub fn epub_entry(epub: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// A PDF with its first two pages swapped in the page tree.
pub fn swap_first_two_pages(pdf: &[u8]) -> Vec<u8> {
    let mut document = lopdf::Document::load_mem(pdf).unwrap();
    let pages_id = document
        .catalog()
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    let pages = document
        .get_object_mut(pages_id)
        .unwrap()
        .as_dict_mut()
        .unwrap();
    let kids = pages.get_mut(b"Kids").unwrap().as_array_mut().unwrap();
    kids.swap(0, 1);
    let mut swapped = Vec::new();
    document.save_to(&mut swapped).unwrap();
    swapped
}

/// The CSS that hides a section by a colour with no alpha or a transform
/// that shrinks it to nothing, and the reason the check must give.
pub const TRANSPARENT_OR_FLATTENED: [(&str, &str); 12] = [
    ("color: transparent", "is hidden (color: transparent)"),
    ("color: rgba(0,0,0,0)", "is hidden (color: rgba(0,0,0,0))"),
    ("color: #0000", "is hidden (color: #0000)"),
    ("color: #00000000", "is hidden (color: #00000000)"),
    (
        "color: hsl(0 0% 0% / 0)",
        "is hidden (color: hsl(0 0% 0% / 0))",
    ),
    (
        "color: rgb(0 0 0 / 0%)",
        "is hidden (color: rgb(0 0 0 / 0%))",
    ),
    (
        "transform: scale(0)",
        "is hidden (shrunk to nothing by transform: scale(0))",
    ),
    (
        "transform: scale(0, 1)",
        "is hidden (shrunk to nothing by transform: scale(0, 1))",
    ),
    (
        "transform: scaleX(0)",
        "is hidden (shrunk to nothing by transform: scaleX(0))",
    ),
    (
        "transform: scaleY(0)",
        "is hidden (shrunk to nothing by transform: scaleY(0))",
    ),
    (
        "transform: matrix(0,0,0,0,0,0)",
        "is hidden (shrunk to nothing by transform: matrix(0,0,0,0,0,0))",
    ),
    ("scale: 0", "is hidden (shrunk to nothing by scale: 0)"),
];

/// `leafpress check` of the seed built in `dir/out`: `None` when it passed,
/// its stderr when it failed (exit 1); a panic or any other exit fails the
/// test.
pub fn check_seed(dir: &Path) -> Option<String> {
    let source = seed_source();
    let run = leafpress(dir, &["check", source.to_str().unwrap(), "--out", "out"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    match run.code {
        0 => None,
        1 => Some(run.stderr),
        code => panic!("exit {code}:\n{}", run.stderr),
    }
}
