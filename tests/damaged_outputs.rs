//! Every output damaged on purpose, the way files really get damaged (a page
//! lost from a PDF, a paragraph cut from an EPUB, a file deleted, emptied or
//! overwritten), and `leafpress check` catching it: exit 1, naming the file
//! and, where text went missing, the section. Damage to the plain text is in
//! tests/check.rs; damage to the EPUB's XHTML also in tests/epub.rs. The
//! EPUB's own style sheet or markup hiding a section counts as damage too
//! (a colour with no alpha and a transform that shrinks it to nothing
//! among the ways): the check names the section and how it is hidden.

mod common;

use std::path::{Path, PathBuf};

use common::{SEED_ID, leafpress, seed_source};

/// The path of one of the seed's outputs (`-print.pdf`, `.epub`, ...).
fn output(dir: &Path, suffix: &str) -> PathBuf {
    dir.join(format!("out/{SEED_ID}/{SEED_ID}{suffix}"))
}

/// `leafpress check` of the seed; asserts it failed and returns stderr.
fn check_fails(dir: &Path) -> String {
    let source = seed_source();
    let run = leafpress(dir, &["check", source.to_str().unwrap(), "--out", "out"]);
    assert_eq!(run.code, 1, "the damage went unnoticed:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

const OUTPUTS: [(&str, &str); 4] = [
    ("-print.pdf", "print PDF"),
    ("-large-print.pdf", "large-print PDF"),
    (".epub", "EPUB"),
    (".txt", "plain text"),
];

#[test]
fn a_deleted_output_is_reported_by_name() {
    for (suffix, _) in OUTPUTS {
        let dir = common::built_seed();
        std::fs::remove_file(output(dir.path(), suffix)).unwrap();
        let stderr = check_fails(dir.path());
        assert!(
            stderr.contains(&format!("{SEED_ID}{suffix}: the file is missing")),
            "{stderr}"
        );
    }
}

#[test]
fn an_empty_or_corrupt_output_is_a_clear_message_not_a_panic() {
    let damage: [&[u8]; 3] = [
        b"",
        b"\xff\xfe\xfd garbage \x00\x01",
        b"PK\x03\x04 %PDF-1.7",
    ];
    for (suffix, name) in OUTPUTS {
        for bytes in damage {
            let dir = common::built_seed();
            std::fs::write(output(dir.path(), suffix), bytes).unwrap();
            let stderr = check_fails(dir.path());
            // Bytes that happen to be UTF-8 are plain text that lost
            // everything; anything else is not the format at all.
            let named = format!("{SEED_ID}{suffix}: the file is not valid {name}");
            let emptied = format!("{SEED_ID}{suffix}: the title is missing");
            assert!(
                stderr.contains(&named) || (suffix == ".txt" && stderr.contains(&emptied)),
                "{suffix} as {bytes:?}:\n{stderr}"
            );
        }
    }
}

#[test]
fn a_truncated_pdf_is_a_clear_message() {
    for suffix in ["-print.pdf", "-large-print.pdf"] {
        let dir = common::built_seed();
        let path = output(dir.path(), suffix);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 3]).unwrap();
        let stderr = check_fails(dir.path());
        assert!(stderr.contains(&format!("{SEED_ID}{suffix}")), "{stderr}");
    }
}

/// Removes pages (counting from 1) from a PDF with a PDF library, leaving a
/// valid PDF with fewer pages.
fn remove_pages(pdf: &Path, pages: &[u32]) {
    let mut document = lopdf::Document::load(pdf).unwrap();
    let before = document.get_pages().len();
    document.delete_pages(pages);
    assert_eq!(document.get_pages().len(), before - pages.len());
    document.save(pdf).unwrap();
}

#[test]
fn page_one_removed_from_the_print_pdf_is_caught() {
    let dir = common::built_seed();
    let pdf = output(dir.path(), "-print.pdf");
    remove_pages(&pdf, &[1]);
    let stderr = check_fails(dir.path());
    assert!(stderr.contains(&format!("{SEED_ID}-print.pdf")), "{stderr}");
    assert!(
        stderr.contains("the title is missing: \"Treating secondary breast cancer"),
        "{stderr}"
    );
    assert!(
        stderr.contains("section `your-treatment-options`"),
        "{stderr}"
    );
}

#[test]
fn a_middle_page_removed_from_the_large_print_pdf_is_caught() {
    let dir = common::built_seed();
    let pdf = output(dir.path(), "-large-print.pdf");
    let pages = lopdf::Document::load(&pdf).unwrap().get_pages().len() as u32;
    assert!(pages >= 3, "the seed's large print has {pages} pages");
    let middle = pages / 2 + 1;
    // What the page held, to know which section must be named.
    let held = common::tool(
        "pdftotext",
        &[
            "-f",
            &middle.to_string(),
            "-l",
            &middle.to_string(),
            pdf.to_str().unwrap(),
            "-",
        ],
    );
    remove_pages(&pdf, &[middle]);
    let stderr = check_fails(dir.path());
    assert!(
        stderr.contains(&format!("{SEED_ID}-large-print.pdf")),
        "{stderr}"
    );
    assert!(stderr.contains("is missing"), "{stderr}");
    if let Some(held) = held {
        // Some text reported missing was on the removed page (the first
        // may be a sentence that only started on the page before).
        let held = common::stdout(&held)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let quoted: Vec<&str> = stderr
            .lines()
            .filter(|line| line.contains("-large-print.pdf"))
            .filter_map(|line| line.split('"').nth(1))
            .map(|quote| quote.trim_end_matches(" …"))
            .collect();
        assert!(
            quoted.iter().any(|quote| held.contains(quote)),
            "none of {quoted:?} comes from the removed page:\n{held}"
        );
    }
}

#[test]
fn two_pages_of_the_print_pdf_swapped_are_out_of_order() {
    let dir = common::built_seed();
    let pdf = output(dir.path(), "-print.pdf");
    let swapped = common::swap_first_two_pages(&std::fs::read(&pdf).unwrap());
    std::fs::write(&pdf, swapped).unwrap();
    let stderr = check_fails(dir.path());
    assert!(stderr.contains(&format!("{SEED_ID}-print.pdf")), "{stderr}");
    assert!(stderr.contains("out of order"), "{stderr}");
}

#[test]
fn two_sections_swapped_in_the_epub_are_out_of_order() {
    let dir = common::built_seed();
    common::rewrite_epub_entry(&output(dir.path(), ".epub"), "EPUB/leaflet.xhtml", |text| {
        let surgery = text.find(r#"<section id="section-surgery">"#).unwrap();
        let other = text
            .find(r#"<section id="section-other-treatments">"#)
            .unwrap();
        let feedback = text.find(r#"<section id="section-feedback">"#).unwrap();
        format!(
            "{}{}{}{}",
            &text[..surgery],
            &text[other..feedback],
            &text[surgery..other],
            &text[feedback..]
        )
    });
    let stderr = check_fails(dir.path());
    assert!(stderr.contains(&format!("{SEED_ID}.epub")), "{stderr}");
    assert!(stderr.contains("out of order"), "{stderr}");
}

#[test]
fn a_sentence_removed_from_the_epub_is_named_with_its_section() {
    let dir = common::built_seed();
    common::rewrite_epub_entry(&output(dir.path(), ".epub"), "EPUB/leaflet.xhtml", |text| {
        text.replace(
            "Radiotherapy is usually given only once to an affected area. ",
            "",
        )
    });
    let stderr = check_fails(dir.path());
    let expected = format!(
        "{SEED_ID}.epub: section `radiotherapy`: text is missing: \"Radiotherapy is usually given only once to an …\""
    );
    assert!(stderr.contains(&expected), "{stderr}");
}

/// How the EPUB is damaged: which entry, and the change.
type EpubDamage = (&'static str, fn(&str) -> String);

/// Builds the seed once; for each damage, rewrites the EPUB from the
/// built one and runs `check`. Returns stderr per damage (`None` if the
/// check passed).
fn check_epub_damages(damages: &[EpubDamage]) -> Vec<Option<String>> {
    let dir = common::built_seed();
    let epub = output(dir.path(), ".epub");
    let original = std::fs::read(&epub).unwrap();
    damages
        .iter()
        .map(|(entry, change)| {
            std::fs::write(&epub, &original).unwrap();
            common::rewrite_epub_entry(&epub, entry, change);
            common::check_seed(dir.path())
        })
        .collect()
}

/// Adds CSS to the end of the EPUB's style sheet.
fn with_css(css: &'static str) -> impl Fn(&str) -> String {
    move |text| format!("{text}{css}\n")
}

#[test]
fn sections_the_epubs_css_or_markup_hide_are_caught_with_the_reason() {
    const CSS: &str = "EPUB/leaflet.css";
    const XHTML: &str = "EPUB/leaflet.xhtml";
    let damages: [(EpubDamage, &str, &str); 6] = [
        (
            (CSS, |t| with_css("#section-surgery { display: none }")(t)),
            "surgery",
            "is hidden (display: none)",
        ),
        (
            (XHTML, |t| {
                t.replace(
                    r#"<section id="section-radiotherapy">"#,
                    r#"<section id="section-radiotherapy" style="visibility: hidden">"#,
                )
            }),
            "radiotherapy",
            "is hidden (visibility: hidden)",
        ),
        (
            (CSS, |t| {
                with_css("#section-vertebroplasty p { font-size: 0 }")(t)
            }),
            "vertebroplasty",
            "is 0 pt, under the 4.5 pt legible minimum",
        ),
        (
            (CSS, |t| {
                with_css("section#section-denosumab { position: absolute; left: -9999px }")(t)
            }),
            "denosumab",
            "is hidden (moved off screen by left: -9999px)",
        ),
        (
            (CSS, |t| {
                with_css("#section-bisphosphonates { color: #fff }")(t)
            }),
            "bisphosphonates",
            "is white on a white page (contrast 1:1, under 1.5:1)",
        ),
        (
            (XHTML, |t| {
                let section = t
                    .find(r#"<section id="section-other-treatments">"#)
                    .unwrap();
                let p = section + t[section..].find("<p>").unwrap();
                format!("{}<p hidden=\"\">{}", &t[..p], &t[p + 3..])
            }),
            "other-treatments",
            "is hidden (the hidden attribute)",
        ),
    ];
    let results = check_epub_damages(&damages.map(|(damage, _, _)| damage));
    for ((_, section, reason), result) in damages.iter().zip(results) {
        let stderr = result.unwrap_or_else(|| panic!("{section}: the hidden text went unnoticed"));
        let line = stderr
            .lines()
            .find(|line| line.contains(&format!("section `{section}`")))
            .unwrap_or_else(|| panic!("{section} is not named:\n{stderr}"));
        assert!(line.contains(&format!("{SEED_ID}.epub")), "{line}");
        assert!(line.contains(reason), "{section}: {line}");
        // Only the EPUB is damaged.
        assert!(
            stderr
                .lines()
                .filter(|line| line.starts_with("error:"))
                .all(|line| line.contains(".epub")),
            "{stderr}"
        );
    }
}

#[test]
fn a_harmless_change_to_the_epubs_style_sheet_still_passes() {
    let results = check_epub_damages(&[
        ("EPUB/leaflet.css", |t| {
            with_css(
                "body { color: #333; background-color: #fffff0 } h2 { color: rgb(40, 40, 40) } \
                 .summary { font-size: 0.9em } p:hover { display: none } \
                 @media print { p { display: none } }",
            )(t)
        }),
        ("EPUB/leaflet.xhtml", |t| {
            t.replacen(
                "<h2>",
                r#"<h2 style="font-size: 120%; color: darkslategray">"#,
                1,
            )
        }),
    ]);
    for result in results {
        assert_eq!(result, None);
    }
}

#[test]
fn a_section_in_a_transparent_colour_or_shrunk_to_nothing_in_the_epub_is_caught() {
    // On the section, so its paragraphs inherit the colour or go with the
    // section's box; one damage per row of TRANSPARENT_OR_FLATTENED, in
    // its order.
    let damages: Vec<EpubDamage> = vec![
        ("EPUB/leaflet.css", |t| {
            format!("{t}#section-radiotherapy {{ color: transparent }}\n")
        }),
        ("EPUB/leaflet.css", |t| {
            format!("{t}#section-radiotherapy {{ color: rgba(0,0,0,0) }}\n")
        }),
        ("EPUB/leaflet.css", |t| {
            format!("{t}#section-radiotherapy {{ color: #0000 }}\n")
        }),
        ("EPUB/leaflet.css", |t| {
            format!("{t}#section-radiotherapy {{ color: #00000000 }}\n")
        }),
        ("EPUB/leaflet.css", |t| {
            format!("{t}#section-radiotherapy {{ color: hsl(0 0% 0% / 0) }}\n")
        }),
        ("EPUB/leaflet.css", |t| {
            format!("{t}#section-radiotherapy {{ color: rgb(0 0 0 / 0%) }}\n")
        }),
        ("EPUB/leaflet.css", |t| {
            format!("{t}#section-radiotherapy {{ transform: scale(0) }}\n")
        }),
        ("EPUB/leaflet.css", |t| {
            format!("{t}#section-radiotherapy {{ transform: scale(0, 1) }}\n")
        }),
        ("EPUB/leaflet.css", |t| {
            format!("{t}#section-radiotherapy {{ transform: scaleX(0) }}\n")
        }),
        ("EPUB/leaflet.css", |t| {
            format!("{t}#section-radiotherapy {{ transform: scaleY(0) }}\n")
        }),
        ("EPUB/leaflet.css", |t| {
            format!("{t}#section-radiotherapy {{ transform: matrix(0,0,0,0,0,0) }}\n")
        }),
        // In a style attribute this time.
        ("EPUB/leaflet.xhtml", |t| {
            t.replace(
                r#"<section id="section-radiotherapy">"#,
                r#"<section id="section-radiotherapy" style="scale: 0">"#,
            )
        }),
    ];
    let results = check_epub_damages(&damages);
    for ((css, reason), result) in common::TRANSPARENT_OR_FLATTENED.iter().zip(results) {
        let stderr = result.unwrap_or_else(|| panic!("{css}: the hidden text went unnoticed"));
        let line = stderr
            .lines()
            .find(|line| line.contains("section `radiotherapy`"))
            .unwrap_or_else(|| panic!("{css}: the section is not named:\n{stderr}"));
        assert!(line.contains(&format!("{SEED_ID}.epub")), "{line}");
        assert!(line.contains(reason), "{css}: {line}");
    }
}

#[test]
fn a_faint_but_visible_colour_or_a_transform_that_keeps_the_text_in_the_epub_passes() {
    let results = check_epub_damages(&[
        ("EPUB/leaflet.css", |t| {
            with_css(
                "#section-radiotherapy { color: rgba(0,0,0,0.9) } \
                 #section-surgery { transform: scale(1) } \
                 #section-denosumab { transform: translateX(1px) rotate(1deg) scale(0.95) } \
                 #section-feedback { color: transparent } #section-feedback p { color: #333 } \
                 h2 { color: transparent; -webkit-text-fill-color: #222 } \
                 @media print { #section-vertebroplasty { transform: scale(0) } }",
            )(t)
        }),
        ("EPUB/leaflet.xhtml", |t| {
            t.replace(
                r#"<section id="section-radiotherapy">"#,
                r#"<section id="section-radiotherapy" style="transform: scale(1, 1); scale: none">"#,
            )
        }),
    ]);
    for result in results {
        assert_eq!(result, None);
    }
}
