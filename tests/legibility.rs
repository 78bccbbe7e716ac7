//! The check sees what a reader sees: a house style (`--layouts DIR`) that
//! hides the leaflet's text from a reader of the printed page (white text,
//! text moved off the page or clipped away, covered, invisible, too small,
//! too near the trim, or large print in italics, capitals or laid out
//! against its rules) is refused, naming the file, the section and what a
//! reader could not see, and nothing is released; a house style a reader
//! can read, and the built-in layouts, pass.

mod common;

use std::path::Path;

use common::{SEED_ID, copy_of_layouts, leafpress, scratch, seed_source};

/// The print PDF's and the large print's file names.
const PRINT: &str = "secondary-breast-cancer-bone-print.pdf";
const LARGE: &str = "secondary-breast-cancer-bone-large-print.pdf";

/// Builds the seed with a copy of the layouts in which `layout` has `old`
/// replaced by `new`; returns what the run said on stderr, having checked
/// that it failed and released nothing.
fn build_refused(layout: &str, old: &str, new: &str) -> String {
    let dir = scratch();
    let layouts = copy_of_layouts(dir.path());
    let path = layouts.join(layout);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(old), "{layout} holds {old:?}");
    std::fs::write(&path, text.replacen(old, new, 1)).unwrap();
    let run = common::build_seed_with_layouts(dir.path(), &layouts);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        common::files_below(&dir.path().join("out")).is_empty(),
        "nothing released"
    );
    run.stderr
}

/// Asserts that `stderr` names `file`, then `what` (a section and the
/// reason).
fn assert_names(stderr: &str, file: &str, what: &str) {
    let expected = format!("{file}: {what}");
    assert!(
        stderr.contains(&expected),
        "expected {expected:?} in\n{stderr}"
    );
}

#[test]
fn white_text_is_refused() {
    let stderr = build_refused("print.typ", "  fill: black-ink,", "  fill: white,");
    assert_names(
        &stderr,
        PRINT,
        "section `radiotherapy`: text is white on a white page (contrast 1:1, under 4.5:1): \"The aim of radiotherapy",
    );
    let stderr = build_refused("large-print.typ", "  fill: black,", "  fill: white,");
    assert_names(
        &stderr,
        LARGE,
        "section `radiotherapy`: the heading is white on a white page (contrast 1:1, under 4.5:1)",
    );
}

#[test]
fn faint_text_and_text_on_a_dark_fill_are_refused_but_light_on_dark_is_read() {
    let stderr = build_refused("print.typ", "  fill: black-ink,", "  fill: luma(170),");
    assert_names(
        &stderr,
        PRINT,
        "section `surgery`: the heading is #aaaaaa on a white page (contrast 2.3:1, under 4.5:1)",
    );
    // Black text on a navy page: the page's fill lies under the text.
    let stderr = build_refused(
        "large-print.typ",
        "  paper: \"a4\",",
        "  paper: \"a4\", fill: rgb(\"#000080\"),",
    );
    assert_names(
        &stderr,
        LARGE,
        "section `surgery`: the heading is black on a #000080 fill",
    );
    // White text on that navy page is what a reader sees: it passes.
    let dir = scratch();
    let layouts = copy_of_layouts(dir.path());
    let path = layouts.join("large-print.typ");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replacen(
            "  paper: \"a4\",",
            "  paper: \"a4\", fill: rgb(\"#000080\"),",
            1,
        )
        .replacen("  fill: black,", "  fill: white,", 1);
    std::fs::write(&path, text).unwrap();
    let run = common::build_seed_with_layouts(dir.path(), &layouts);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn text_moved_off_the_page_is_refused() {
    let stderr = build_refused(
        "print.typ",
        "#sections(leaflet)",
        "#move(dx: 400mm, sections(leaflet))",
    );
    assert_names(
        &stderr,
        PRINT,
        "section `radiotherapy`: the heading lies outside the page: \"Radiotherapy\"",
    );
    let stderr = build_refused(
        "large-print.typ",
        "#sections(leaflet, emphasis: strong)",
        "#move(dx: 400mm, sections(leaflet, emphasis: strong))",
    );
    assert_names(
        &stderr,
        LARGE,
        "section `radiotherapy`: the heading lies outside the page",
    );
}

#[test]
fn tiny_body_text_is_refused() {
    let stderr = build_refused("print.typ", "  size: 12pt,", "  size: 2pt,");
    assert_names(
        &stderr,
        PRINT,
        "section `radiotherapy`: text is 2 pt, under the 12 pt Clear Print minimum: \"The aim of radiotherapy",
    );
    let stderr = build_refused(
        "large-print.typ",
        "#let size = leaflet.large_print.size_pt * 1pt",
        "#let size = 2pt",
    );
    assert_names(
        &stderr,
        LARGE,
        "section `radiotherapy`: text is 2 pt, under the 18 pt large-print minimum",
    );
}

#[test]
fn large_print_at_11_pt_is_refused_page_numbers_too() {
    let stderr = build_refused(
        "large-print.typ",
        "#let size = leaflet.large_print.size_pt * 1pt",
        "#let size = 11pt",
    );
    assert_names(
        &stderr,
        LARGE,
        "section `radiotherapy`: text is 11 pt, under the 18 pt large-print minimum",
    );
    assert_names(
        &stderr,
        LARGE,
        "page 1: the page number is 11 pt, under the 18 pt large-print minimum",
    );
}

#[test]
fn small_page_numbers_in_print_are_refused() {
    let stderr = build_refused(
        "print.typ",
        "    set text(size: 12pt)\n    align(center, counter(page)",
        "    set text(size: 9pt)\n    align(center, counter(page)",
    );
    assert_names(
        &stderr,
        PRINT,
        "page 3: the page number is 9 pt, under the 12 pt Clear Print minimum",
    );
}

#[test]
fn text_clipped_away_is_refused() {
    let stderr = build_refused(
        "print.typ",
        "#sections(leaflet)",
        "#block(height: 1em, clip: true, sections(leaflet))",
    );
    assert_names(
        &stderr,
        PRINT,
        "section `radiotherapy`: the heading is clipped away",
    );
    let stderr = build_refused(
        "large-print.typ",
        "#sections(leaflet, emphasis: strong)",
        "#block(height: 1em, clip: true, sections(leaflet, emphasis: strong))",
    );
    assert_names(
        &stderr,
        LARGE,
        "section `radiotherapy`: the heading is clipped away",
    );
}

#[test]
fn text_with_no_opacity_is_refused() {
    let transparent = "  fill: black.transparentize(100%),";
    let stderr = build_refused("print.typ", "  fill: black-ink,", transparent);
    assert_names(
        &stderr,
        PRINT,
        "section `radiotherapy`: text is drawn invisibly (opacity 0)",
    );
    let stderr = build_refused("large-print.typ", "  fill: black,", transparent);
    assert_names(
        &stderr,
        LARGE,
        "section `radiotherapy`: text is drawn invisibly (opacity 0)",
    );
}

#[test]
fn text_covered_by_a_white_box_is_refused() {
    let cover = "place(top + left, rect(width: 100%, height: 100%, fill: white))";
    let stderr = build_refused(
        "print.typ",
        "  foreground: if page-spec.crop_marks { pdf.artifact(kind: \"page\", crop-marks()) },",
        &format!("  foreground: {cover},"),
    );
    assert_names(
        &stderr,
        PRINT,
        "section `radiotherapy`: text is covered by a shape drawn over it",
    );
    let stderr = build_refused(
        "large-print.typ",
        "  paper: \"a4\",",
        &format!("  paper: \"a4\", foreground: {cover},"),
    );
    assert_names(
        &stderr,
        LARGE,
        "section `radiotherapy`: text is covered by a shape drawn over it",
    );
}

#[test]
fn text_too_near_the_trim_or_the_paper_edge_is_refused() {
    let stderr = build_refused(
        "print.typ",
        "  margin: (x: page-spec.margin_mm * mm,",
        "  margin: (x: 3mm,",
    );
    assert_names(
        &stderr,
        PRINT,
        "section `radiotherapy`: the heading is within 5 mm of the trim (3 mm from it)",
    );
    let stderr = build_refused(
        "large-print.typ",
        "margin: (left: 25mm,",
        "margin: (left: 6mm,",
    );
    assert_names(
        &stderr,
        LARGE,
        "section `radiotherapy`: the heading is within 10 mm of the page edge (6 mm from it)",
    );
}

#[test]
fn italics_in_large_print_are_refused() {
    let stderr = build_refused(
        "large-print.typ",
        "  style: \"normal\",",
        "  style: \"italic\",",
    );
    assert_names(
        &stderr,
        LARGE,
        "section `radiotherapy`: text is set in italics: \"The aim of radiotherapy",
    );
}

#[test]
fn underlining_in_large_print_is_refused() {
    let stderr = build_refused(
        "large-print.typ",
        "#show emph: it => strong(it.body)",
        "#show emph: it => strong(it.body)\n#show par: underline",
    );
    assert_names(
        &stderr,
        LARGE,
        "section `radiotherapy`: text is underlined: \"The aim of radiotherapy",
    );
    // A rule well below the text, as a designer draws under a heading, is
    // not underlining.
    let dir = scratch();
    let layouts = copy_of_layouts(dir.path());
    let path = layouts.join("large-print.typ");
    let text = std::fs::read_to_string(&path).unwrap();
    let ruled = text.replacen(
        "#show emph: it => strong(it.body)",
        "#show emph: it => strong(it.body)\n#show heading: it => { it; v(-0.4em); line(length: 100%, stroke: 1pt) }",
        1,
    );
    std::fs::write(&path, ruled).unwrap();
    let run = common::build_seed_with_layouts(dir.path(), &layouts);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn capitals_in_large_print_are_refused() {
    let stderr = build_refused(
        "large-print.typ",
        "#show heading: set align(left)",
        "#show heading: set align(left)\n#show heading: upper",
    );
    assert_names(
        &stderr,
        LARGE,
        "section `radiotherapy`: the heading is set in capitals: \"Radiotherapy\"",
    );
}

#[test]
fn large_print_laid_out_against_its_rules_is_refused() {
    let stderr = build_refused(
        "large-print.typ",
        "#show heading.where(level: 2): set text(size: size * 1.3)",
        "#show heading.where(level: 2): set text(size: size)",
    );
    assert_names(
        &stderr,
        LARGE,
        "page 1: the heading \"Radiotherapy\" is 18 pt, no larger than the body text (18 pt)",
    );
    let stderr = build_refused(
        "large-print.typ",
        "  hyphenate: false,",
        "  hyphenate: true,",
    );
    assert!(
        stderr.contains(LARGE) && stderr.contains("a word is split across two lines"),
        "{stderr}"
    );
    let stderr = build_refused(
        "large-print.typ",
        "#set par(justify: false,",
        "#set par(justify: true,",
    );
    assert!(
        stderr.contains(LARGE) && stderr.contains("is justified: large print is set ragged"),
        "{stderr}"
    );
    let stderr = build_refused(
        "large-print.typ",
        "#show heading: set align(left)",
        "#show heading: set align(left)\n#set align(center)",
    );
    assert_names(
        &stderr,
        LARGE,
        "page 1: the lines of \"You will be offered treatments aimed …\" do not all start at the left edge",
    );
}

/// Builds the seed into `dir/out` with the built-in layouts.
fn built_seed(dir: &Path) {
    let run = leafpress(
        dir,
        &["build", seed_source().to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Rewrites every page's content of a PDF with `change`.
fn rewrite_content(pdf: &Path, change: impl Fn(&str) -> String) {
    let mut document = lopdf::Document::load(pdf).unwrap();
    let pages: Vec<lopdf::ObjectId> = document.get_pages().values().copied().collect();
    for page in pages {
        let content = document.get_page_content(page);
        let changed = change(&String::from_utf8_lossy(&content));
        document
            .change_page_content(page, changed.into_bytes())
            .unwrap();
    }
    document.save(pdf).unwrap();
}

#[test]
fn text_render_mode_3_written_into_the_file_is_refused_by_check() {
    // typst cannot set a text render mode: the PDFs are changed after the
    // build, and `check` reads them as they are.
    let dir = scratch();
    built_seed(dir.path());
    let folder = dir.path().join("out").join(SEED_ID);
    for file in [PRINT, LARGE] {
        rewrite_content(&folder.join(file), |content| {
            content.replace(" 0 Tr", " 3 Tr")
        });
    }
    let run = leafpress(
        dir.path(),
        &["check", seed_source().to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    for file in [PRINT, LARGE] {
        assert_names(
            &run.stderr,
            file,
            "section `radiotherapy`: text is drawn invisibly (text render mode 3)",
        );
    }
}

#[test]
fn check_json_says_why_a_reader_cannot_see_a_unit() {
    let dir = scratch();
    built_seed(dir.path());
    let print = dir.path().join("out").join(SEED_ID).join(PRINT);
    // Every 12 pt run of text set at 2 pt, where it stands.
    rewrite_content(&print, |content| content.replace(" 12 Tf", " 2 Tf"));
    let run = leafpress(
        dir.path(),
        &[
            "check",
            seed_source().to_str().unwrap(),
            "--out",
            "out",
            "--json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let outputs = report["leaflets"][0]["outputs"].as_array().unwrap();
    let print = outputs
        .iter()
        .find(|output| output["output"] == "print PDF")
        .unwrap();
    assert_eq!(print["status"], "failed");
    let problem = print["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|problem| problem["section"] == "radiotherapy")
        .unwrap();
    assert_eq!(problem["kind"], "unseen");
    assert_eq!(problem["item"], "text");
    assert_eq!(problem["why"]["kind"], "too-small");
    assert_eq!(problem["why"]["size_pt"], 2.0);
    assert_eq!(problem["why"]["minimum_pt"], 12.0);
    assert_eq!(problem["why"]["standard"], "Clear Print");
    let flaws: Vec<&str> = print["flaws"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|flaw| flaw.as_str())
        .collect();
    assert!(
        flaws.contains(&"page 1: the page number is 2 pt, under the 12 pt Clear Print minimum"),
        "{flaws:?}"
    );
}

#[test]
fn the_built_in_layouts_pass_every_rule_on_every_fixture() {
    let dir = scratch();
    for source in [
        common::fixture("valid").to_str().unwrap().to_owned(),
        common::repo().join("source").to_str().unwrap().to_owned(),
    ] {
        let run = leafpress(dir.path(), &["build", &source, "--out", "out"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let source = common::write_source(
        dir.path(),
        "long.toml",
        &common::long_leaflet_source("long", 40),
    );
    let run = leafpress(
        dir.path(),
        &["build", source.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}
