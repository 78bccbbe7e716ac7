//! leafpress's own words in the leaflet's language: a Welsh leaflet ends in
//! Welsh in all four outputs (dates written out with Welsh month names), a
//! `[labels]` table gives another language its words, and a language with
//! neither builds with English labels tagged `en` and a warning that
//! `--strict` makes an error. Each output is read back as a reader gets it.

mod common;

use std::path::{Path, PathBuf};

use common::{epub_entry, fixture, leaflet_source, leafpress, scratch, stdout, tool, write_source};

/// Builds one source into `dir/out`, strictly unless told otherwise, and
/// returns the leaflet's folder.
fn build(dir: &Path, source: &Path, id: &str, strict: bool) -> PathBuf {
    let mut args = vec!["build", source.to_str().unwrap(), "--out", "out"];
    if strict {
        args.push("--strict");
    }
    let run = leafpress(dir, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    if strict {
        // The braille's warnings (Welsh wants a transcriber's review;
        // other languages get none) are the output's, not the source's.
        assert!(
            run.stderr
                .lines()
                .filter(|line| line.contains("warning"))
                .all(|line| line.contains("braille: ")),
            "{}",
            run.stderr
        );
    }
    dir.join("out").join(id)
}

/// The lines of text pdftotext reads in a PDF, without blank lines and
/// page numbers; `None` when pdftotext is not installed.
fn pdf_lines(pdf: &Path) -> Option<Vec<String>> {
    let output = tool("pdftotext", &[pdf.to_str().unwrap(), "-"])?;
    assert!(output.status.success());
    Some(
        stdout(&output)
            .lines()
            .map(|line| line.trim().replace('\u{ad}', ""))
            .filter(|line| !line.is_empty() && !line.chars().all(|c| c.is_ascii_digit()))
            .collect(),
    )
}

/// The last lines of every output of a leaflet, as a reader gets them: each
/// must be `end`, in order.
fn assert_every_output_ends_with(folder: &Path, id: &str, end: &[&str]) {
    let text = std::fs::read_to_string(folder.join(format!("{id}.txt"))).unwrap();
    assert!(
        text.ends_with(&format!("\n\n{}\n", end.join("\n"))),
        "plain text:\n{text}"
    );
    let epub = std::fs::read(folder.join(format!("{id}.epub"))).unwrap();
    let xhtml = epub_entry(&epub, "EPUB/leaflet.xhtml");
    let paragraphs: Vec<&str> = xhtml
        .split("<section class=\"end-matter\">")
        .nth(1)
        .expect("an end-matter section")
        .split("<p>")
        .skip(1)
        .map(|p| p.split("</p>").next().unwrap())
        .collect();
    assert_eq!(paragraphs, end, "EPUB end matter:\n{xhtml}");
    for kind in ["print", "large-print"] {
        let Some(lines) = pdf_lines(&folder.join(format!("{id}-{kind}.pdf"))) else {
            return;
        };
        assert_eq!(&lines[lines.len() - end.len()..], end, "{kind} PDF");
    }
}

#[test]
fn a_welsh_leaflet_ends_in_welsh_in_every_output_and_the_check_looks_for_the_welsh() {
    let dir = scratch();
    let id = "gofalu-am-eich-clwyf";
    let source = fixture("valid/welsh-review-day.toml");
    let folder = build(dir.path(), &source, id, true);
    let end = [
        "Cyhoeddwyd gan Ysbyty Glan yr Afon",
        "Adolygwyd ddiwethaf: 1 Mehefin 2026",
        "Adolygiad nesaf: Mehefin 2028",
    ];
    assert_every_output_ends_with(&folder, id, &end);
    // No English furniture anywhere a reader meets it.
    let epub = std::fs::read(folder.join(format!("{id}.epub"))).unwrap();
    let nav = epub_entry(&epub, "EPUB/nav.xhtml");
    for needle in [
        "<title>Cynnwys</title>",
        r#"<h1 id="toc-heading">Cynnwys</h1>"#,
        r#"<h2 id="page-list-heading">Tudalennau</h2>"#,
        r#"<h2 id="landmarks-heading">Tirnodau</h2>"#,
    ] {
        assert!(nav.contains(needle), "no {needle} in\n{nav}");
    }
    for xhtml in [&nav, &epub_entry(&epub, "EPUB/leaflet.xhtml")] {
        assert!(!xhtml.contains(r#"lang="en"#), "{xhtml}");
    }
    if let Some(lines) = pdf_lines(&folder.join(format!("{id}-print.pdf"))) {
        // The saddle-stitched print PDF pads with Notes pages.
        assert!(lines.iter().any(|line| line == "Nodiadau"), "{lines:?}");
        for english in ["Notes", "Published", "reviewed", "review due", "June"] {
            assert!(
                !lines.iter().any(|line| line.contains(english)),
                "{english} in {lines:?}"
            );
        }
    }
    // The job sheet is for the print shop: English.
    let ticket = std::fs::read_to_string(folder.join(format!("{id}-job.json"))).unwrap();
    assert!(!ticket.contains("Mehefin"), "{ticket}");

    // The check expects the Welsh words: English ones in their place fail it.
    let txt = folder.join(format!("{id}.txt"));
    let text = std::fs::read_to_string(&txt).unwrap();
    std::fs::write(
        &txt,
        text.replace(
            "Adolygwyd ddiwethaf: 1 Mehefin 2026",
            "Last reviewed: 1 June 2026",
        ),
    )
    .unwrap();
    let check = leafpress(
        dir.path(),
        &["check", source.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains("Adolygwyd ddiwethaf: 1 Mehefin 2026"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_labels_table_gives_another_language_its_words() {
    let dir = scratch();
    let id = "ingrijirea-plagii";
    let folder = build(dir.path(), &fixture("valid/romanian-labels.toml"), id, true);
    assert_every_output_ends_with(
        &folder,
        id,
        &[
            "Publicat de Spitalul Riverside",
            "Ultima revizuire: 1 iunie 2026",
            "Următoarea revizuire: iunie 2028",
        ],
    );
    let epub = std::fs::read(folder.join(format!("{id}.epub"))).unwrap();
    let nav = epub_entry(&epub, "EPUB/nav.xhtml");
    assert!(
        nav.contains(r#"<h1 id="toc-heading">Cuprins</h1>"#),
        "{nav}"
    );
    assert!(
        nav.contains(r#"<h2 id="landmarks-heading">Repere</h2>"#),
        "{nav}"
    );
    assert!(!nav.contains(r#"lang="en"#), "{nav}");
    if let Some(lines) = pdf_lines(&folder.join(format!("{id}-print.pdf"))) {
        assert!(lines.iter().any(|line| line == "Notițe"), "{lines:?}");
    }
}

/// A Polish leaflet, which leafpress has no labels for, with `labels` as
/// its `[labels]` table (or none).
fn polish(dir: &Path, labels: &str) -> PathBuf {
    let text = leaflet_source(
        "rana",
        "Pielęgnacja rany",
        &[(
            "czystosc",
            "Czystość",
            "Myj ręce przed dotknięciem opatrunku.",
        )],
    )
    .replace(
        "language = \"en-GB\"",
        "language = \"pl\"\npublisher = \"Szpital\"",
    )
    .replace("[[section]]", &format!("{labels}\n[[section]]"));
    write_source(dir, "rana.toml", &text)
}

#[test]
fn a_language_without_labels_builds_in_english_tagged_en_with_a_warning_strict_refuses() {
    let dir = scratch();
    let source = polish(dir.path(), "");
    let run = leafpress(dir.path(), &["build", source.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warning = "rana.toml:4:12: warning: leafpress has no labels built in for `pl` and the file has no [labels] table: `notes`, `published_by`, `last_reviewed`, `next_review_due`, `contents`, `landmarks`, `pages`, `date`, `months` are written in English, tagged `en`";
    assert!(run.stderr.contains(warning), "{}", run.stderr);
    let folder = dir.path().join("out/rana");
    let epub_path = folder.join("rana.epub");
    let epub = std::fs::read(&epub_path).unwrap();
    let xhtml = epub_entry(&epub, "EPUB/leaflet.xhtml");
    assert!(
        xhtml.contains(r#"<p lang="en" xml:lang="en" dir="ltr">Last reviewed: March 2026</p>"#),
        "{xhtml}"
    );
    let nav = epub_entry(&epub, "EPUB/nav.xhtml");
    assert!(nav.contains(r#"<title lang="en" xml:lang="en" dir="ltr">Contents</title>"#));
    assert!(nav.contains(
        r#"<h2 id="landmarks-heading" lang="en" xml:lang="en" dir="ltr">Landmarks</h2>"#
    ));
    // typst's text(lang: "en") carries /Lang (en) into the PDF's structure.
    if let Some(output) = tool(
        "mutool",
        &[
            "clean",
            "-d",
            folder.join("rana-print.pdf").to_str().unwrap(),
            dir.path().join("plain.pdf").to_str().unwrap(),
        ],
    ) {
        assert!(output.status.success());
        let pdf = std::fs::read(dir.path().join("plain.pdf")).unwrap();
        let pdf = String::from_utf8_lossy(&pdf);
        assert!(
            pdf.contains("/Lang (en)") || pdf.contains("/Lang(en)"),
            "no /Lang en in the print PDF"
        );
    }
    if std::path::Path::new("/usr/bin/epubcheck").exists()
        && let Some(output) = tool(
            "java",
            &[
                "-jar",
                "/usr/bin/epubcheck",
                epub_path.to_str().unwrap(),
                "--failonwarnings",
            ],
        )
    {
        let report = format!(
            "{}{}",
            stdout(&output),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(output.status.success(), "EPUBCheck:\n{report}");
    }

    let strict = leafpress(
        dir.path(),
        &[
            "build",
            "--strict",
            "--force",
            source.to_str().unwrap(),
            "--out",
            "strict",
        ],
    );
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(
        strict.stderr.contains(&warning.replace("warning: ", "")),
        "{}",
        strict.stderr
    );
    assert!(!dir.path().join("strict").exists());
}

#[test]
fn labels_a_table_leaves_out_fall_back_to_english_and_are_named() {
    let dir = scratch();
    let source = polish(
        dir.path(),
        "[labels]\nnotes = \"Notatki\"\nlast_reviewed = \"Ostatnia aktualizacja\"\n\
         months = [\"stycznia\", \"lutego\", \"marca\", \"kwietnia\", \"maja\", \"czerwca\",\n  \
         \"lipca\", \"sierpnia\", \"września\", \"października\", \"listopada\", \"grudnia\"]\n\
         months_alone = [\"styczeń\", \"luty\", \"marzec\", \"kwiecień\", \"maj\", \"czerwiec\",\n  \
         \"lipiec\", \"sierpień\", \"wrzesień\", \"październik\", \"listopad\", \"grudzień\"]\n",
    );
    let run = leafpress(dir.path(), &["build", source.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "rana.toml:9:1: warning: [labels] does not give `published_by`, `next_review_due`, `contents`, `landmarks`, `pages`, `date`, and leafpress has none built in for `pl`"
        ),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(dir.path().join("out/rana/rana.txt")).unwrap();
    assert!(
        text.ends_with(
            "Published by Szpital\nOstatnia aktualizacja: marzec 2026\nNext review due: marzec 2099\n"
        ),
        "{text}"
    );
    let epub = std::fs::read(dir.path().join("out/rana/rana.epub")).unwrap();
    let xhtml = epub_entry(&epub, "EPUB/leaflet.xhtml");
    assert!(
        xhtml.contains("<p>Ostatnia aktualizacja: marzec 2026</p>"),
        "{xhtml}"
    );
    assert!(
        xhtml.contains(
            r#"<p lang="en" xml:lang="en" dir="ltr">Next review due: <span lang="pl" xml:lang="pl" dir="ltr">marzec 2099</span></p>"#
        ),
        "{xhtml}"
    );
}

#[test]
fn a_right_to_left_leaflet_with_its_own_labels_and_english_dates_builds_and_checks() {
    let dir = scratch();
    let text = leaflet_source(
        "clinic-ar",
        "مواعيد العيادة",
        &[(
            "times",
            "أوقات العمل",
            "العيادة مفتوحة من الساعة 9 حتى الساعة 5.",
        )],
    )
    .replace("language = \"en-GB\"", "language = \"ar\"")
    .replace(
        "[[section]]",
        "[labels]\nnotes = \"ملاحظات\"\nlast_reviewed = \"آخر مراجعة\"\n\
         next_review_due = \"المراجعة القادمة\"\ncontents = \"المحتويات\"\n\
         landmarks = \"المعالم\"\npages = \"الصفحات\"\n\n[[section]]",
    );
    let source = write_source(dir.path(), "ar.toml", &text);
    // The build reads every output back: the Arabic labels and the English
    // dates inside them are found in the right-to-left lines.
    let run = leafpress(dir.path(), &["build", source.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("[labels] does not give `date`, `months`"),
        "{}",
        run.stderr
    );
    let epub = std::fs::read(dir.path().join("out/clinic-ar/clinic-ar.epub")).unwrap();
    let xhtml = epub_entry(&epub, "EPUB/leaflet.xhtml");
    assert!(
        xhtml.contains(
            r#"<p>آخر مراجعة: <span lang="en" xml:lang="en" dir="ltr">March 2026</span></p>"#
        ),
        "{xhtml}"
    );
}
