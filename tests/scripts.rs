//! Every language reads right: leaflets in scripts the bundled fonts lack
//! (Bengali, Chinese, Gurmukhi, Gujarati, Tamil, Ethiopic) build with
//! `--font-path` and Debian's Noto fonts, and pass their own check in every
//! output; Hindi and Urdu, which the bundled Noto fonts show, too. Without
//! the fonts installed (`fonts-noto-core`, `fonts-noto-cjk`) the tests skip,
//! saying so.

mod common;

use std::path::Path;

use common::{fixture, leafpress, scratch};

/// Where Debian installs its fonts.
const FONTS: &str = "/usr/share/fonts";

/// Whether Debian's Noto fonts are installed, saying so when not.
fn noto_installed() -> bool {
    let core = Path::new(FONTS).join("truetype/noto/NotoSansBengali-Regular.ttf");
    let cjk = Path::new(FONTS).join("opentype/noto/NotoSansCJK-Regular.ttc");
    if core.is_file() && cjk.is_file() {
        return true;
    }
    common::missing_tool("fonts-noto-core and fonts-noto-cjk (Debian packages)");
    false
}

/// Builds the script fixtures `names` with `--font-path`, then checks them.
fn builds_and_checks(names: &[&str]) {
    if !noto_installed() {
        return;
    }
    let dir = scratch();
    let sources: Vec<String> = names
        .iter()
        .map(|name| {
            fixture(&format!("scripts/{name}.toml"))
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut args = vec!["build", "--out", "out", "--font-path", FONTS];
    args.extend(sources.iter().map(String::as_str));
    let run = leafpress(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut args = vec!["check", "--out", "out"];
    args.extend(sources.iter().map(String::as_str));
    let check = leafpress(dir.path(), &args);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains(&format!("{} leaflets verified, 0 failed", names.len())),
        "{}",
        check.stderr
    );
}

#[test]
fn bengali_and_chinese_build_and_verify_with_debians_fonts() {
    builds_and_checks(&["bn", "zh-Hans"]);
}

#[test]
fn every_script_of_the_issue_builds_and_verifies() {
    builds_and_checks(&["zh-Hant", "pa-Guru", "gu", "hi", "ta", "ur", "ti", "am"]);
}

#[test]
fn the_fonts_a_leaflet_used_are_named_in_its_stamp() {
    if !noto_installed() {
        return;
    }
    let dir = scratch();
    let source = fixture("scripts/bn.toml");
    let run = leafpress(
        dir.path(),
        &[
            "build",
            source.to_str().unwrap(),
            "--out",
            "out",
            "--font-path",
            FONTS,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stamp =
        std::fs::read_to_string(dir.path().join("out/transport-bn/.leafpress.json")).unwrap();
    let stamp: serde_json::Value = serde_json::from_str(&stamp).unwrap();
    let fonts: Vec<&String> = stamp["fonts"].as_object().unwrap().keys().collect();
    assert!(!fonts.is_empty(), "{stamp}");
    // The Bengali faces (and whichever face typst fell back to for a
    // character, such as a digit), not the hundreds it did not use.
    assert!(
        fonts.iter().any(|path| path.contains("Bengali")) && fonts.len() < 5,
        "{fonts:?}"
    );
}

#[test]
fn the_text_alone_needs_no_font() {
    // The text file leaves showing the letters to the reader's device: a
    // build of it alone is not refused for want of a Bengali font.
    let dir = scratch();
    let source = fixture("scripts/bn.toml");
    let run = leafpress(
        dir.path(),
        &[
            "build",
            source.to_str().unwrap(),
            "--out",
            "out",
            "--formats",
            "text",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        dir.path()
            .join("out/transport-bn/transport-bn.txt")
            .is_file()
    );
}
