//! The two PDFs as a print shop and a low-vision reader get them, looked at
//! with outside tools (poppler's pdfinfo, pdffonts and pdftotext, mupdf's
//! mutool, PyPI's pdfua) and with a PDF library for the page boxes.
//!
//! A test whose tool is missing says so loudly on stderr and passes; CI
//! installs every tool and sets LEAFPRESS_REQUIRE_TOOLS=1, which turns a
//! missing tool into a failure.

mod common;

use std::path::{Path, PathBuf};

use common::{
    SEED_ID, fixture, leaflet_source, leafpress, long_leaflet_source, scratch, seed_source, stdout,
    tool, write_source,
};

/// Builds `source` into `dir/out` and returns the two PDFs' paths.
fn build_pdfs(dir: &Path, source: &Path, id: &str) -> (PathBuf, PathBuf) {
    let run = leafpress(dir, &["build", source.to_str().unwrap(), "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let folder = dir.join("out").join(id);
    (
        folder.join(format!("{id}-print.pdf")),
        folder.join(format!("{id}-large-print.pdf")),
    )
}

const MM: f64 = 72.0 / 25.4;

/// Every page's box, in millimetres, via a PDF library (not `pdfinfo -box`,
/// which makes up boxes that are not there).
fn page_boxes(pdf: &Path, name: &[u8]) -> Vec<Option<[f64; 4]>> {
    let document = lopdf::Document::load(pdf).unwrap();
    document
        .get_pages()
        .values()
        .map(|&id| {
            let page = document.get_dictionary(id).unwrap();
            let values = page.get(name).ok()?.as_array().ok()?;
            let numbers: Vec<f64> = values
                .iter()
                .map(|v| f64::from(v.as_float().unwrap()))
                .collect();
            Some([
                numbers[0] / MM,
                numbers[1] / MM,
                numbers[2] / MM,
                numbers[3] / MM,
            ])
        })
        .collect()
}

fn size(b: [f64; 4]) -> (f64, f64) {
    (b[2] - b[0], b[3] - b[1])
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.05
}

#[test]
fn the_print_pdf_has_trim_bleed_and_media_boxes_a_preflight_accepts() {
    let dir = scratch();
    let (print, _) = build_pdfs(dir.path(), &seed_source(), SEED_ID);
    let trims = page_boxes(&print, b"TrimBox");
    let bleeds = page_boxes(&print, b"BleedBox");
    let medias = page_boxes(&print, b"MediaBox");
    assert_eq!(trims.len() % 4, 0, "saddle-stitched: a multiple of 4 pages");
    for ((trim, bleed), media) in trims.iter().zip(&bleeds).zip(&medias) {
        let (trim, bleed, media) = (trim.unwrap(), bleed.unwrap(), media.unwrap());
        let (w, h) = size(trim);
        assert!(close(w, 148.0) && close(h, 210.0), "A5 trim, got {w} x {h}");
        for side in 0..2 {
            assert!(
                close(trim[side] - bleed[side], 3.0),
                "3 mm bleed: {trim:?} {bleed:?}"
            );
            assert!(
                close(bleed[side + 2] - trim[side + 2], 3.0),
                "3 mm bleed: {trim:?} {bleed:?}"
            );
            assert!(
                media[side] < bleed[side] - 3.0,
                "room for crop marks outside the bleed"
            );
        }
    }
}

#[test]
fn other_sizes_bleeds_and_bindings_are_honoured() {
    let dir = scratch();
    for (size_name, (w, h), bleed, binding, marks) in [
        ("A4", (210.0, 297.0), 0.0, "none", false),
        ("A6", (105.0, 148.0), 5.0, "saddle-stitch", true),
        ("DL", (99.0, 210.0), 2.5, "none", true),
    ] {
        let id = format!("size-{}", size_name.to_lowercase());
        let mut text = leaflet_source(&id, "Sizes", &[("one", "One", "Some text.\n\n- a\n- b")]);
        text = text.replacen(
            "\n[[section]]",
            &format!("\n[print]\nsize = \"{size_name}\"\nbleed_mm = {bleed}\nbinding = \"{binding}\"\ncrop_marks = {marks}\n\n[[section]]"),
            1,
        );
        let source = write_source(dir.path(), &format!("{id}.toml"), &text);
        let (print, _) = build_pdfs(dir.path(), &source, &id);
        let trims = page_boxes(&print, b"TrimBox");
        let bleeds = page_boxes(&print, b"BleedBox");
        let medias = page_boxes(&print, b"MediaBox");
        if binding == "saddle-stitch" {
            assert_eq!(trims.len() % 4, 0, "{id}");
        } else {
            assert_eq!(trims.len(), 1, "{id}: one page, no padding");
        }
        for ((trim, bleed_box), media) in trims.iter().zip(&bleeds).zip(&medias) {
            let (trim, bleed_box, media) = (trim.unwrap(), bleed_box.unwrap(), media.unwrap());
            let (tw, th) = size(trim);
            assert!(close(tw, w) && close(th, h), "{id}: trim {tw} x {th}");
            let (bw, bh) = size(bleed_box);
            assert!(
                close(bw, w + 2.0 * bleed) && close(bh, h + 2.0 * bleed),
                "{id}: bleed {bw} x {bh}"
            );
            let (mw, _) = size(media);
            if marks {
                assert!(mw > bw + 2.0 * 5.0, "{id}: media {mw} has room for marks");
            } else {
                assert!(close(mw, bw), "{id}: no marks, media is the bleed box");
            }
        }
    }
}

#[test]
fn pdf_tools_find_fonts_embedded_tags_and_every_word() {
    let dir = scratch();
    let (print, large) = build_pdfs(dir.path(), &seed_source(), SEED_ID);
    for pdf in [&print, &large] {
        let pdf = pdf.to_str().unwrap();
        let Some(info) = tool("pdfinfo", &[pdf]) else {
            return;
        };
        let info = stdout(&info);
        assert!(info.contains("Tagged:          yes"), "{info}");
        assert!(
            info.contains("Title:           Treating secondary breast cancer in the bone"),
            "{info}"
        );
        let Some(fonts) = tool("pdffonts", &[pdf]) else {
            return;
        };
        let fonts = stdout(&fonts);
        for line in fonts.lines().skip(2) {
            let columns: Vec<&str> = line.split_whitespace().collect();
            let embedded = columns[columns.len() - 5];
            assert_eq!(embedded, "yes", "every font embedded: {line}");
        }
        let Some(text) = tool("pdftotext", &[pdf, "-"]) else {
            return;
        };
        let text = stdout(&text).replace('\u{ad}', "");
        let words = leafpress::verify::normalise_words(&text).join(" ");
        for expected in [
            "treating secondary breast cancer in the bone",
            "radioisotope therapy",
            "denosumab (xgeva",
            "last reviewed: april 2015",
            "next review due: 2017",
        ] {
            let expected = leafpress::verify::normalise_words(expected).join(" ");
            assert!(
                words.contains(&expected),
                "{pdf}: pdftotext lacks {expected:?}"
            );
        }
    }
}

#[test]
fn large_print_is_a4_with_every_glyph_at_least_the_body_size() {
    let dir = scratch();
    let mut text = common::leaflet_source(
        "large",
        "Large print",
        &[(
            "one",
            "Heading",
            "Body with **strong** and *emphasis* and [a link](https://example.org/a/very/long/address/that/must/wrap/inside/the/text/area/of/the/page).\n\nA long word: Pneumonoultramicroscopicsilicovolcanoconiosiswithaverylongsuffixindeed.\n\n1. one\n2. two\n\n- bullet",
        )],
    );
    text = text.replacen(
        "\n[[section]]",
        "\n[large_print]\nsize_pt = 20\n\n[[section]]",
        1,
    );
    let source = write_source(dir.path(), "large.toml", &text);
    let (_, large) = build_pdfs(dir.path(), &source, "large");
    for media in page_boxes(&large, b"MediaBox") {
        let (w, h) = size(media.unwrap());
        assert!(close(w, 210.0) && close(h, 297.0), "A4, got {w} x {h}");
    }
    let Some(fonts) = tool("pdffonts", &[large.to_str().unwrap()]) else {
        return;
    };
    assert!(
        !stdout(&fonts).contains("Italic"),
        "no italic face: {}",
        stdout(&fonts)
    );
    let Some(stext) = tool(
        "mutool",
        &["draw", "-F", "stext", "-o", "-", large.to_str().unwrap()],
    ) else {
        return;
    };
    let stext = stdout(&stext);
    let sizes: Vec<f64> = stext
        .split("size=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect();
    assert!(!sizes.is_empty(), "mutool found text");
    let smallest = sizes.iter().copied().fold(f64::MAX, f64::min);
    assert!(
        smallest >= 19.99,
        "every glyph at least 20 pt, found {smallest}"
    );
    // The long address and the long word wrap inside the text area.
    assert_text_keeps_clear_and_black(&large, 10.0);
}

#[test]
fn large_print_never_splits_a_word_across_lines() {
    let dir = scratch();
    let (_, large) = build_pdfs(dir.path(), &seed_source(), SEED_ID);
    let Some(text) = tool("pdftotext", &[large.to_str().unwrap(), "-"]) else {
        return;
    };
    let text = stdout(&text);
    assert!(!text.contains('\u{ad}'), "no soft hyphens used");
    let source = std::fs::read_to_string(seed_source()).unwrap();
    for line in text.lines() {
        if let Some(last) = line.split_whitespace().last() {
            assert!(
                !last.ends_with('-') || source.contains(last),
                "a word split at a line end: {line:?}"
            );
        }
    }
}

#[test]
fn both_pdfs_pass_a_pdf_ua_checker() {
    let dir = scratch();
    let (print, large) = build_pdfs(dir.path(), &seed_source(), SEED_ID);
    for pdf in [&print, &large] {
        let Some(output) = tool("pdfua", &["check", pdf.to_str().unwrap()]) else {
            return;
        };
        assert!(
            output.status.success(),
            "{}: pdfua check failed\n{}\n{}",
            pdf.display(),
            stdout(&output),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn building_twice_gives_byte_identical_pdfs() {
    let first = scratch();
    let second = scratch();
    let source = fixture("valid/hospital-transport.toml");
    let a = build_pdfs(first.path(), &source, "hospital-transport");
    let b = build_pdfs(second.path(), &source, "hospital-transport");
    assert_eq!(
        std::fs::read(&a.0).unwrap(),
        std::fs::read(&b.0).unwrap(),
        "print"
    );
    assert_eq!(
        std::fs::read(&a.1).unwrap(),
        std::fs::read(&b.1).unwrap(),
        "large print"
    );
}

#[test]
fn every_valid_fixture_builds_both_pdfs_and_checks_clean() {
    let dir = scratch();
    let run = leafpress(dir.path(), &["build", fixture("valid").to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = leafpress(dir.path(), &["check", fixture("valid").to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn a_forty_section_leaflet_runs_over_many_pages_and_checks_clean() {
    let dir = scratch();
    let source = write_source(dir.path(), "long.toml", &long_leaflet_source("long", 40));
    let (print, large) = build_pdfs(dir.path(), &source, "long");
    assert!(page_boxes(&print, b"MediaBox").len() >= 8);
    assert!(page_boxes(&large, b"MediaBox").len() >= 12);
    assert_eq!(leafpress(dir.path(), &["check", "long.toml"]).code, 0);
}

#[test]
fn proofs_are_written_for_every_page_when_asked() {
    let dir = scratch();
    let run = leafpress(
        dir.path(),
        &[
            "build",
            "--proofs",
            fixture("valid/welsh.toml").to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let proofs = dir.path().join("out/cludiant-ysbyty/proofs");
    let pages = page_boxes(
        &dir.path()
            .join("out/cludiant-ysbyty/cludiant-ysbyty-print.pdf"),
        b"MediaBox",
    )
    .len();
    let pngs = std::fs::read_dir(&proofs).unwrap().count();
    assert!(
        pngs > pages,
        "{pngs} proofs for {pages} print pages and the large print"
    );
    let first = std::fs::read(proofs.join("cludiant-ysbyty-print-page-1.png")).unwrap();
    assert!(first.starts_with(b"\x89PNG"));
}

/// Every text line's box on every page, in points from the sheet's top-left
/// corner, with the colours of its characters, as mupdf reads them.
struct TextLine {
    page: usize,
    bbox: [f64; 4],
    colours: Vec<String>,
}

fn text_lines(pdf: &Path) -> Option<Vec<TextLine>> {
    let output = tool(
        "mutool",
        &["draw", "-F", "stext", "-o", "-", pdf.to_str().unwrap()],
    )?;
    let stext = stdout(&output);
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
        Some(tag[start..].split('"').next()?.to_owned())
    };
    let mut lines: Vec<TextLine> = Vec::new();
    let mut page = 0;
    for tag in stext.split('<') {
        if tag.starts_with("page ") {
            page += 1;
        } else if tag.starts_with("line ") {
            let numbers: Vec<f64> = attribute(tag, "bbox")?
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect();
            lines.push(TextLine {
                page,
                bbox: [numbers[0], numbers[1], numbers[2], numbers[3]],
                colours: Vec::new(),
            });
        } else if tag.starts_with("char ") {
            let colour = attribute(tag, "color")?;
            lines.last_mut()?.colours.push(colour);
        }
    }
    Some(lines)
}

/// Asserts that no text on any page comes within `margin_mm` of the trim
/// (the sheet itself when `trim_offset_mm` is 0), and that all text is black.
fn assert_text_keeps_clear_and_black(pdf: &Path, margin_mm: f64) {
    let Some(lines) = text_lines(pdf) else { return };
    assert!(!lines.is_empty(), "{}: mupdf found text", pdf.display());
    let trims = page_boxes(pdf, b"TrimBox");
    let medias = page_boxes(pdf, b"MediaBox");
    for line in &lines {
        let media = medias[line.page - 1].unwrap();
        let trim = trims[line.page - 1].unwrap_or(media);
        // Trim edges in points from the sheet's top-left corner.
        let left = (trim[0] - media[0]) * MM;
        let right = (trim[2] - media[0]) * MM;
        let top = (media[3] - trim[3]) * MM;
        let bottom = (media[3] - trim[1]) * MM;
        let margin = margin_mm * MM;
        let [x0, y0, x1, y1] = line.bbox;
        assert!(
            x0 >= left + margin
                && x1 <= right - margin
                && y0 >= top + margin
                && y1 <= bottom - margin,
            "{}: text on page {} at {:?} is within {margin_mm} mm of the edge",
            pdf.display(),
            line.page,
            line.bbox
        );
        assert!(
            line.colours.iter().all(|c| c == "#000000"),
            "{}: text on page {} is not black: {:?}",
            pdf.display(),
            line.page,
            line.colours
        );
    }
}

#[test]
fn print_text_stays_in_the_safe_area_and_large_print_clear_of_the_paper_edge() {
    let dir = scratch();
    for (source, id) in [
        (seed_source(), SEED_ID.to_owned()),
        (
            fixture("valid/hospital-transport.toml"),
            "hospital-transport".to_owned(),
        ),
    ] {
        let (print, large) = build_pdfs(dir.path(), &source, &id);
        assert_text_keeps_clear_and_black(&print, 5.0);
        assert_text_keeps_clear_and_black(&large, 10.0);
    }
}

#[test]
fn a_layout_that_drops_a_section_releases_nothing() {
    let dir = scratch();
    let layouts = common::copy_of_layouts(dir.path());
    let print = layouts.join("print.typ");
    let text = std::fs::read_to_string(&print).unwrap();
    // The house style "forgets" every section after the second.
    let broken = text.replace(
        "#sections(leaflet)",
        "#sections((sections: leaflet.sections.slice(0, 2)))",
    );
    assert_ne!(text, broken);
    std::fs::write(&print, broken).unwrap();
    let run = common::build_seed_with_layouts(dir.path(), &layouts);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "{SEED_ID}-print.pdf: section `radioisotope-therapy`: the heading is missing"
        )),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("out").exists(), "nothing released");
}

#[test]
fn a_layout_with_a_typst_error_is_named_with_its_line() {
    let dir = scratch();
    let layouts = common::copy_of_layouts(dir.path());
    let large = layouts.join("large-print.typ");
    let mut text = std::fs::read_to_string(&large).unwrap();
    let line = text.lines().count() + 1;
    text.push_str("#no-such-function()\n");
    std::fs::write(&large, text).unwrap();
    let run = common::build_seed_with_layouts(dir.path(), &layouts);
    assert_eq!(run.code, 1);
    let expected = format!(
        "{}:{line}:2: error: unknown variable: no-such-function",
        large.display()
    );
    assert!(
        run.stderr.contains(&expected),
        "expected {expected}\n{}",
        run.stderr
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_language_without_hyphenation_patterns_builds_with_a_warning() {
    let dir = scratch();
    let text = leaflet_source(
        "maltese",
        "Test",
        &[("one", "One", "Characteristically incomprehensible.")],
    )
    .replace("language = \"en-GB\"", "language = \"mt\"");
    let source = write_source(dir.path(), "mt.toml", &text);
    let run = leafpress(dir.path(), &["build", source.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: maltese: print PDF: there are no hyphenation patterns for `mt`"),
        "{}",
        run.stderr
    );
}

#[test]
fn print_is_hyphenated_and_large_print_is_not() {
    let dir = scratch();
    let (print, large) = build_pdfs(dir.path(), &seed_source(), SEED_ID);
    let Some(print_text) = tool("pdftotext", &[print.to_str().unwrap(), "-"]) else {
        return;
    };
    assert!(
        stdout(&print_text).contains('\u{ad}'),
        "print breaks words at soft hyphens"
    );
    let Some(large_text) = tool("pdftotext", &[large.to_str().unwrap(), "-"]) else {
        return;
    };
    assert!(
        !stdout(&large_text).contains('\u{ad}'),
        "large print never hyphenates"
    );
}

#[test]
fn words_longer_than_a_line_wrap_inside_the_text_area_everywhere() {
    let dir = scratch();
    let word = "Pneumonoultramicroscopicsilicovolcanoconiosiswithaverylongsuffix";
    let mut text = leaflet_source(
        "long-words",
        &format!("Title {word}"),
        &[(
            "one",
            &format!("Heading {word}"),
            &format!("Body {word} and https://example.org/{word}/{word}."),
        )],
    );
    text = text.replacen(
        "language = \"en-GB\"",
        &format!("language = \"en-GB\"\npublisher = \"Publisher {word}\""),
        1,
    );
    text = text.replacen(
        "\n[[section]]",
        "\n[print]\nsize = \"DL\"\n\n[large_print]\nsize_pt = 28\n\n[[section]]",
        1,
    );
    let source = write_source(dir.path(), "long-words.toml", &text);
    let (print, large) = build_pdfs(dir.path(), &source, "long-words");
    assert_text_keeps_clear_and_black(&print, 5.0);
    assert_text_keeps_clear_and_black(&large, 10.0);
}

#[test]
fn a_short_leaflet_whose_address_breaks_after_its_slashes_checks_clean() {
    // Two links on one line of large print: the line breaks after
    // `https://`, in a leaflet too short to show whether its producer
    // writes a space at a line break.
    let dir = scratch();
    let source = write_source(
        dir.path(),
        "links.toml",
        &leaflet_source(
            "links",
            "Links",
            &[(
                "one",
                "One",
                "Useful sites: [NHS](https://nhs.uk) [Macmillan](https://macmillan.org.uk)",
            )],
        ),
    );
    build_pdfs(dir.path(), &source, "links");
}
