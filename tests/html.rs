//! The web page (`ID.html`): built for the seed and every valid fixture and
//! proved by `check`, asked for alone with `--formats html`, and damaged on
//! purpose (a paragraph removed, a section hidden by the page's own CSS,
//! in a transparent colour or shrunk to nothing by a transform, a script
//! added, a link's size wrong): `check` fails, naming the file and, where
//! text went missing, the section; a faint but visible colour or a harmless
//! transform still passes.

mod common;

use std::path::{Path, PathBuf};

use common::{SEED_ID, fixture, leafpress, scratch, seed_source};

/// The seed's web page in `dir`.
fn page(dir: &Path) -> PathBuf {
    dir.join(format!("out/{SEED_ID}/{SEED_ID}.html"))
}

/// Builds `source` into `dir/out` with `more` arguments; asserts it built
/// and verified, and returns each leaflet's web page as text.
fn build(dir: &Path, source: &Path, more: &[&str]) -> Vec<String> {
    let mut args = vec!["build", source.to_str().unwrap(), "--out", "out"];
    args.extend(more);
    let run = leafpress(dir, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        // The leaflets' folders, not the catalogue page beside them.
        .filter(|path| path.is_dir())
        .map(|folder| {
            let id = folder.file_name().unwrap().to_str().unwrap().to_owned();
            folder.join(format!("{id}.html"))
        })
        .collect();
    pages.sort();
    pages
        .iter()
        .map(|page| std::fs::read_to_string(page).unwrap())
        .collect()
}

/// Rewrites the seed's built page with `change`, then runs `check`;
/// asserts it failed and returns stderr.
fn check_after(change: impl Fn(&str) -> String) -> String {
    let dir = common::built_seed();
    let path = page(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = change(&text);
    assert_ne!(changed, text, "the damage changed nothing");
    std::fs::write(&path, changed).unwrap();
    let source = seed_source();
    let run = leafpress(
        dir.path(),
        &["check", source.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(run.code, 1, "the damage went unnoticed:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("{SEED_ID}.html")),
        "{}",
        run.stderr
    );
    run.stderr
}

#[test]
fn the_seeds_page_is_built_self_contained_with_links_to_its_other_files() {
    let dir = scratch();
    let pages = build(dir.path(), &seed_source(), &[]);
    let [page] = pages.as_slice() else {
        panic!("one page expected")
    };
    assert!(
        page.starts_with("<!doctype html>\n<html lang=\"en-GB\""),
        "{page}"
    );
    assert!(!page.contains("<script") && !page.contains("http-equiv"));
    for (file, kind) in [
        ("-print.pdf", "PDF"),
        ("-large-print.pdf", "PDF"),
        (".epub", "EPUB"),
        (".txt", "TXT"),
        (".brf", "BRF"),
    ] {
        assert!(
            page.contains(&format!("<a href=\"{SEED_ID}{file}\">")),
            "{file}"
        );
        assert!(page.contains(&format!("({kind}, ")), "{kind}");
    }
    assert_eq!(page.matches("<h1").count(), 1);
}

#[test]
fn every_valid_fixture_has_a_page_that_passes_check() {
    let dir = scratch();
    let pages = build(dir.path(), &fixture("valid"), &[]);
    assert_eq!(pages.len(), 7);
    for page in &pages {
        assert!(page.contains("<main>") && page.contains("<footer>"));
    }
    assert!(pages.iter().any(|page| page.contains("lang=\"cy\"")));
}

#[test]
fn a_page_asked_for_alone_brings_the_files_it_links_to() {
    let dir = scratch();
    let pages = build(dir.path(), &seed_source(), &["--formats", "html"]);
    assert!(pages[0].contains(&format!("{SEED_ID}-large-print.pdf")));
    assert!(
        dir.path()
            .join(format!("out/{SEED_ID}/{SEED_ID}.epub"))
            .is_file()
    );
    assert!(
        !dir.path()
            .join(format!("out/{SEED_ID}/{SEED_ID}-job.json"))
            .exists()
    );
}

#[test]
fn a_paragraph_removed_from_the_page_is_named_with_its_section() {
    let stderr = check_after(|text| {
        text.replace(
            "Radiotherapy is usually given only once to an affected area. ",
            "",
        )
    });
    let expected = format!(
        "{SEED_ID}.html: section `radiotherapy`: text is missing: \"Radiotherapy is usually given only once to an …\""
    );
    assert!(stderr.contains(&expected), "{stderr}");
}

#[test]
fn a_section_the_pages_css_hides_is_named_with_the_reason() {
    let stderr = check_after(|text| {
        text.replacen(
            "</style>",
            "#section-radiotherapy { display: none }\n</style>",
            1,
        )
    });
    assert!(
        stderr.contains(&format!("{SEED_ID}.html: section `radiotherapy`: ")),
        "{stderr}"
    );
    assert!(stderr.contains("display: none"), "{stderr}");
}

#[test]
fn a_section_styled_white_on_white_is_caught() {
    let stderr = check_after(|text| {
        text.replace(
            "<section id=\"section-vertebroplasty\">",
            "<section id=\"section-vertebroplasty\" style=\"color: #ffffff; background-color: #ffffff\">",
        )
    });
    assert!(stderr.contains("section `vertebroplasty`: "), "{stderr}");
}

#[test]
fn a_script_in_the_page_fails_check() {
    let stderr = check_after(|text| text.replace("</main>", "<script>track()</script></main>"));
    assert!(stderr.contains("script"), "{stderr}");
}

#[test]
fn a_web_font_or_an_outside_image_fails_check() {
    for damage in [
        "@font-face { font-family: x; src: url(https://fonts.example/x.woff2) }\n</style>",
        "</style>\n<link rel=\"icon\" href=\"https://example.org/favicon.ico\">",
    ] {
        check_after(|text| text.replacen("</style>", damage, 1));
    }
}

#[test]
fn a_download_link_with_a_wrong_size_fails_check() {
    let stderr = check_after(|text| {
        let at = text.find("Braille file (BRF, ").unwrap() + "Braille file (BRF, ".len();
        let end = at + text[at..].find(')').unwrap();
        format!("{}999 MB{}", &text[..at], &text[end..])
    });
    assert!(
        stderr.contains(&format!("its link to `{SEED_ID}.brf` says \"BRF, 999 MB\"")),
        "{stderr}"
    );
}

/// Builds the seed once; for each change, rewrites the page from the built
/// one and runs `check`. Returns stderr per change (`None` if the check
/// passed).
fn check_page_changes(changes: &[String]) -> Vec<Option<String>> {
    let dir = common::built_seed();
    let path = page(dir.path());
    let original = std::fs::read_to_string(&path).unwrap();
    changes
        .iter()
        .map(|css| {
            let changed = original.replacen("</style>", &format!("{css}\n</style>"), 1);
            assert_ne!(changed, original, "the change changed nothing");
            std::fs::write(&path, changed).unwrap();
            common::check_seed(dir.path())
        })
        .collect()
}

#[test]
fn a_section_in_a_transparent_colour_or_shrunk_to_nothing_is_caught() {
    // The page's background is not known (its dark scheme sets another),
    // but a colour with no alpha is unseen on any, and one with very little
    // too faint on any.
    let mut cases = common::TRANSPARENT_OR_FLATTENED.to_vec();
    cases.push((
        "color: rgba(0,0,0,0.03)",
        "is black at 3 % opacity on any background (contrast 1.1:1, under 1.5:1)",
    ));
    let changes: Vec<String> = cases
        .iter()
        .map(|(css, _)| format!("#section-vertebroplasty {{ {css} }}"))
        .collect();
    for ((css, reason), result) in cases.iter().zip(check_page_changes(&changes)) {
        let stderr = result.unwrap_or_else(|| panic!("{css}: the hidden text went unnoticed"));
        let line = stderr
            .lines()
            .find(|line| line.contains("section `vertebroplasty`"))
            .unwrap_or_else(|| panic!("{css}: the section is not named:\n{stderr}"));
        assert!(line.contains(&format!("{SEED_ID}.html")), "{line}");
        assert!(line.contains(reason), "{css}: {line}");
    }
}

#[test]
fn a_faint_but_visible_colour_or_a_transform_that_keeps_the_text_passes() {
    let changes = [
        "#section-vertebroplasty { color: rgba(0,0,0,0.9) }",
        "#section-vertebroplasty { transform: scale(1) }",
        "#section-vertebroplasty { transform: translate(1px, 0) rotate(1deg) scale(0.95); scale: 1 }",
        "h2 { background: linear-gradient(#000, #333); -webkit-background-clip: text; color: transparent }",
        "#section-vertebroplasty { color: transparent; -webkit-text-fill-color: #1a1a1a }",
        "@media print { #section-vertebroplasty { transform: scale(0) } }",
    ]
    .map(str::to_owned);
    for (css, result) in changes.iter().zip(check_page_changes(&changes)) {
        assert_eq!(result, None, "{css}");
    }
}
