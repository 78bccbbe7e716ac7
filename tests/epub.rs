//! The EPUB as e-readers and screen readers get it, looked at with the
//! validators the publishing world uses: EPUBCheck and Ace by DAISY, over
//! every leaflet these tests build, and with a ZIP library for the
//! container rules. The page-list is compared with the print PDF's pages as
//! poppler's pdftotext reads them.
//!
//! A test whose tool is missing says so loudly on stderr and passes; CI
//! installs every tool and sets LEAFPRESS_REQUIRE_TOOLS=1, which turns a
//! missing tool into a failure.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use common::{
    SEED_ID, fixture, leaflet_source, leafpress, long_leaflet_source, missing_tool, scratch,
    seed_source, stdout, tool, tool_with_env,
};

/// Builds every leaflet in `sources` into `dir/out` and returns each
/// leaflet's EPUB, by id.
fn build(dir: &Path, source: &Path) -> Vec<PathBuf> {
    let run = leafpress(dir, &["build", source.to_str().unwrap(), "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut epubs: Vec<PathBuf> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|entry| {
            let folder = entry.unwrap().path();
            let id = folder.file_name().unwrap().to_str().unwrap().to_owned();
            folder.join(format!("{id}.epub"))
        })
        .collect();
    epubs.sort();
    epubs
}

fn write_source(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// EPUBCheck (Debian's `epubcheck`) finds no error and no warning.
fn assert_epubcheck_clean(epub: &Path) {
    let jar = Path::new("/usr/bin/epubcheck");
    if !jar.exists() {
        missing_tool("epubcheck");
        return;
    }
    let Some(output) = tool(
        "java",
        &[
            "-jar",
            "/usr/bin/epubcheck",
            epub.to_str().unwrap(),
            "--failonwarnings",
        ],
    ) else {
        return;
    };
    let report = format!(
        "{}{}",
        stdout(&output),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success() && report.contains("0 fatals / 0 errors / 0 warnings"),
        "EPUBCheck on {}:\n{report}",
        epub.display()
    );
}

/// Where Ace by DAISY is installed: `LEAFPRESS_ACE`, or where `.ci/run`
/// puts it.
fn ace_script() -> Option<PathBuf> {
    let script = match std::env::var_os("LEAFPRESS_ACE") {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(std::env::var_os("HOME")?)
            .join(".cache/leafpress-ace/node_modules/@daisy/ace-cli/bin/ace.js"),
    };
    script.exists().then_some(script)
}

/// Ace by DAISY reports no violation (`-E`: a violation is a failure).
fn assert_ace_clean(epub: &Path) {
    let (Some(script), true) = (ace_script(), Path::new("/usr/bin/chromium").exists()) else {
        missing_tool("Ace by DAISY (@daisy/ace-cli) with Debian's chromium");
        return;
    };
    let report_dir = tempfile::tempdir().unwrap();
    let Some(output) = tool_with_env(
        "node",
        &[
            script.to_str().unwrap(),
            "-f",
            "-s",
            "-E",
            "-o",
            report_dir.path().to_str().unwrap(),
            epub.to_str().unwrap(),
        ],
        &[("PUPPETEER_EXECUTABLE_PATH", "/usr/bin/chromium")],
    ) else {
        return;
    };
    let report = std::fs::read_to_string(report_dir.path().join("report.json")).unwrap_or_default();
    assert!(
        output.status.success(),
        "Ace on {} exited with {:?}:\n{}\n{}\n{report}",
        epub.display(),
        output.status.code(),
        stdout(&output),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        report.contains("\"earl:outcome\": \"pass\"")
            || report.contains("\"earl:outcome\":\"pass\""),
        "Ace on {}: no passing outcome in the report:\n{report}",
        epub.display()
    );
}

/// Both validators, over one EPUB.
fn assert_valid(epub: &Path) {
    assert_epubcheck_clean(epub);
    assert_ace_clean(epub);
}

#[test]
fn the_seed_epub_passes_epubcheck_and_ace() {
    let dir = scratch();
    for epub in build(dir.path(), &seed_source()) {
        assert_valid(&epub);
    }
}

#[test]
fn every_valid_fixture_passes_epubcheck_and_ace() {
    let dir = scratch();
    let epubs = build(dir.path(), &fixture("valid"));
    assert_eq!(epubs.len(), 3);
    for epub in epubs {
        assert_valid(&epub);
    }
}

#[test]
fn a_forty_section_leaflet_passes_epubcheck_and_ace() {
    let dir = scratch();
    let source = write_source(dir.path(), "long.toml", &long_leaflet_source("long", 40));
    for epub in build(dir.path(), &source) {
        assert_valid(&epub);
    }
}

#[test]
fn a_right_to_left_leaflet_passes_epubcheck_and_ace() {
    let dir = scratch();
    let source = leaflet_source(
        "clinic-ar",
        "مواعيد العيادة",
        &[
            (
                "times",
                "أوقات العمل",
                "العيادة مفتوحة من الساعة 9 حتى الساعة 5.",
            ),
            (
                "contact",
                "اتصل بنا",
                "- الهاتف: 0808 800 6000\n- البريد: [اكتب لنا](mailto:help@example.org)",
            ),
        ],
    )
    .replace("language = \"en-GB\"", "language = \"ar\"");
    let source = write_source(dir.path(), "clinic-ar.toml", &source);
    let epubs = build(dir.path(), &source);
    let package = entry(&epubs[0], "EPUB/package.opf");
    assert!(package.contains(r#"xml:lang="ar" dir="rtl""#), "{package}");
    assert!(package.contains(r#"page-progression-direction="rtl""#));
    let leaflet = entry(&epubs[0], "EPUB/leaflet.xhtml");
    assert!(leaflet.contains(r#"lang="ar" xml:lang="ar" dir="rtl""#));
    // leafpress's own English labels are marked as English.
    assert!(
        leaflet.contains(r#"<section class="end-matter" lang="en-GB" xml:lang="en-GB" dir="ltr">"#)
    );
    assert_valid(&epubs[0]);
}

/// One file inside an EPUB, as text.
fn entry(epub: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn two_builds_give_byte_identical_epubs_with_mimetype_first_and_stored() {
    let first = scratch();
    let second = scratch();
    let a = build(first.path(), &seed_source()).remove(0);
    let b = build(second.path(), &seed_source()).remove(0);
    let bytes = std::fs::read(&a).unwrap();
    assert!(bytes == std::fs::read(&b).unwrap(), "the two EPUBs differ");

    // OCF: `mimetype` is the first entry, stored, with nothing else in it,
    // so that its bytes sit at offset 38 for tools that sniff the type.
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(&bytes[38..58], b"application/epub+zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mimetype = archive.by_index(0).unwrap();
    assert_eq!(mimetype.name(), "mimetype");
    assert_eq!(mimetype.compression(), zip::CompressionMethod::Stored);
}

#[test]
fn the_epub_holds_semantic_xhtml_in_the_leaflets_language_and_accessibility_metadata() {
    let dir = scratch();
    let epub = build(dir.path(), &fixture("valid/markup-characters.toml")).remove(0);
    let leaflet = entry(&epub, "EPUB/leaflet.xhtml");
    // Markup-looking text is text, escaped once.
    assert!(leaflet.contains(
        "<h1 id=\"title\">Costs &amp; \"fees\": #1 $5 &lt;now&gt; @clinic \\ 100% *not bold*</h1>"
    ));
    assert!(
        leaflet.contains("<h2>#set page(width: 1cm) and $x^2$ and &lt;label&gt; and @ref</h2>")
    );
    assert!(leaflet.contains(r#"lang="en-GB" xml:lang="en-GB""#));
    assert!(leaflet.contains("<ul>") && leaflet.contains("<li>"));
    let package = entry(&epub, "EPUB/package.opf");
    for needle in [
        r#"xml:lang="en-GB""#,
        "<dc:language>en-GB</dc:language>",
        "<dc:publisher>St &lt;Mary&gt; &amp; St 'John' #2</dc:publisher>",
        "urn:leafpress:markup-characters</dc:identifier>",
        r#"<meta property="dcterms:modified">2026-03-15T00:00:00Z</meta>"#,
        r#"<meta property="schema:accessMode">textual</meta>"#,
        r#"<meta property="schema:accessModeSufficient">textual</meta>"#,
        ">structuralNavigation<",
        ">tableOfContents<",
        ">readingOrder<",
        ">displayTransformability<",
        ">printPageNumbers<",
        r#"<meta property="schema:accessibilityHazard">none</meta>"#,
        r#"property="schema:accessibilitySummary""#,
        "EPUB Accessibility 1.1 - WCAG 2.1 Level AA",
        r##"<meta refines="#print-edition" property="source-of">pagination</meta>"##,
    ] {
        assert!(package.contains(needle), "no {needle} in:\n{package}");
    }
    let css = entry(&epub, "EPUB/leaflet.css");
    assert!(!css.contains("justify") && css.contains("hyphens: none"));
    for absolute in ["px", "pt", "cm", "mm", "in;"] {
        assert!(
            !css.contains(&format!("0{absolute}"))
                && !css.contains(&format!("1{absolute}"))
                && !css.contains(&format!("2{absolute}")),
            "an absolute unit ({absolute}) in:\n{css}"
        );
    }
    let nav = entry(&epub, "EPUB/nav.xhtml");
    assert!(nav.contains(r##"href="leaflet.xhtml#section-typst-syntax""##));
    assert!(nav.contains(r##"href="leaflet.xhtml#section-languages""##));
}

/// The text of each page of a PDF as pdftotext reads it, normalised to
/// lower-case letters and digits only, so that line breaks, hyphens added
/// at line ends and soft hyphens do not matter.
fn pdf_pages(pdf: &Path) -> Option<Vec<String>> {
    let output = tool("pdftotext", &[pdf.to_str().unwrap(), "-"])?;
    assert!(output.status.success());
    Some(stdout(&output).split('\u{c}').map(letters).collect())
}

fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The page-list's page numbers, in order, and for each page-break marker
/// the words that follow it in the leaflet document.
fn page_list(epub: &Path) -> (Vec<usize>, Vec<(usize, String)>) {
    let nav = entry(epub, "EPUB/nav.xhtml");
    let nav = roxmltree::Document::parse_with_options(
        &nav,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    let list = nav
        .descendants()
        .find(|node| node.attribute(("http://www.idpf.org/2007/ops", "type")) == Some("page-list"))
        .expect("a page-list nav");
    let pages = list
        .descendants()
        .filter(|node| node.has_tag_name("a"))
        .map(|a| a.text().unwrap().parse().unwrap())
        .collect();

    let leaflet = entry(epub, "EPUB/leaflet.xhtml");
    let document = roxmltree::Document::parse_with_options(
        &leaflet,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    let mut markers: Vec<(usize, String)> = Vec::new();
    for node in document.descendants() {
        if node.attribute("role") == Some("doc-pagebreak") {
            let page = node.attribute("aria-label").unwrap().parse().unwrap();
            markers.push((page, String::new()));
        } else if node.is_text() && !node.ancestors().any(|a| a.has_tag_name("head")) {
            // The words of the first text after a marker: the start of the
            // block it stands before.
            let text = node.text().unwrap().trim();
            for (_, following) in markers.iter_mut() {
                if following.is_empty() {
                    following.push_str(text);
                }
            }
        }
    }
    (pages, markers)
}

/// The page-list has one entry per print page that carries any of the
/// leaflet, in order, and each page-break marker stands just before words
/// that pdftotext finds on that page of the print PDF.
fn assert_page_list_follows_the_print_pdf(dir: &Path, id: &str) {
    let folder = dir.join("out").join(id);
    let epub = folder.join(format!("{id}.epub"));
    let Some(pdf_pages) = pdf_pages(&folder.join(format!("{id}-print.pdf"))) else {
        return;
    };
    let (pages, markers) = page_list(&epub);
    let with_content: Vec<usize> = pdf_pages
        .iter()
        .enumerate()
        .filter(|(i, text)| {
            // Leave out the folio and the Notes pages' one word.
            let rest = text.replace(&(i + 1).to_string(), "").replace("notes", "");
            !rest.is_empty()
        })
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(
        pages, with_content,
        "page-list against the print PDF's pages"
    );
    assert_eq!(
        markers.iter().map(|(page, _)| *page).collect::<Vec<_>>(),
        pages,
        "page-break markers in the text against the page-list"
    );
    for (page, following) in &markers {
        let words: Vec<&str> = following.split_whitespace().take(3).collect();
        assert!(
            pdf_pages[page - 1].contains(&letters(&words.join(" "))),
            "page {page} should start with {words:?}, but the print PDF's page {page} reads:\n{}",
            pdf_pages[page - 1]
        );
    }
}

#[test]
fn the_page_list_maps_the_print_pdfs_pages() {
    let dir = scratch();
    build(dir.path(), &seed_source());
    assert_page_list_follows_the_print_pdf(dir.path(), SEED_ID);

    let long = scratch();
    let source = write_source(long.path(), "long.toml", &long_leaflet_source("long", 40));
    build(long.path(), &source);
    assert_page_list_follows_the_print_pdf(long.path(), "long");
}

/// Rewrites one entry of an EPUB, keeping the container valid (mimetype
/// first and stored, every other entry as it was).
fn rewrite_entry(epub: &Path, name: &str, change: impl Fn(String) -> String) {
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
            content = change(String::from_utf8(content).unwrap()).into_bytes();
        }
        out.start_file(entry_name, options).unwrap();
        out.write_all(&content).unwrap();
    }
    std::fs::write(epub, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn check_names_the_section_of_a_paragraph_removed_from_the_epub() {
    let dir = scratch();
    let epub = build(dir.path(), &seed_source()).remove(0);
    let source = seed_source();
    let check = leafpress(
        dir.path(),
        &["check", source.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(check.code, 0, "{}", check.stderr);

    rewrite_entry(&epub, "EPUB/leaflet.xhtml", |text| {
        let start = text.find("<p>The aim of radiotherapy").unwrap();
        let end = start + text[start..].find("</p>").unwrap() + 4;
        format!("{}{}", &text[..start], &text[end..])
    });
    assert_epubcheck_clean(&epub);
    let check = leafpress(
        dir.path(),
        &["check", source.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(check.code, 1);
    assert!(
        check.stderr.contains(&format!("{SEED_ID}.epub")),
        "{}",
        check.stderr
    );
    assert!(check.stderr.contains("radiotherapy"), "{}", check.stderr);
    assert!(
        check.stderr.contains("The aim of radiotherapy"),
        "{}",
        check.stderr
    );
}

#[test]
fn check_reports_a_damaged_epub_without_panicking() {
    let dir = scratch();
    let epub = build(dir.path(), &seed_source()).remove(0);
    let source = seed_source();
    let damaged = |bytes: &[u8]| {
        std::fs::write(&epub, bytes).unwrap();
        let check = leafpress(
            dir.path(),
            &["check", source.to_str().unwrap(), "--out", "out"],
        );
        assert_eq!(check.code, 1, "{}", check.stderr);
        assert!(
            check.stderr.contains(&format!("{SEED_ID}.epub")),
            "{}",
            check.stderr
        );
        assert!(!check.stderr.contains("panicked"), "{}", check.stderr);
        check.stderr
    };
    let original = std::fs::read(&epub).unwrap();
    assert!(damaged(b"").contains("empty"));
    assert!(damaged(&original[..original.len() / 2]).contains("ZIP"));
    // A heading changed, the EPUB otherwise sound.
    std::fs::write(&epub, &original).unwrap();
    rewrite_entry(&epub, "EPUB/leaflet.xhtml", |text| {
        text.replace("<h2>Surgery</h2>", "<h2>Operations</h2>")
    });
    let check = leafpress(
        dir.path(),
        &["check", source.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(check.code, 1);
    assert!(check.stderr.contains("Surgery"), "{}", check.stderr);
}

#[test]
fn a_house_style_without_anchors_gives_an_epub_without_a_page_list() {
    let dir = scratch();
    let layouts = common::copy_of_layouts(dir.path());
    let common_typ = layouts.join("common.typ");
    let text = std::fs::read_to_string(&common_typ).unwrap();
    let anchored = text
        .lines()
        .find(|line| line.starts_with("#let anchored("))
        .unwrap()
        .to_owned();
    std::fs::write(
        &common_typ,
        text.replace(&anchored, "#let anchored(key, body) = body"),
    )
    .unwrap();
    let source = seed_source();
    let run = leafpress(
        dir.path(),
        &[
            "build",
            source.to_str().unwrap(),
            "--layouts",
            layouts.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("no page-list"), "{}", run.stderr);
    let epub = dir.path().join(format!("out/{SEED_ID}/{SEED_ID}.epub"));
    let nav = entry(&epub, "EPUB/nav.xhtml");
    assert!(!nav.contains("page-list"));
    let package = entry(&epub, "EPUB/package.opf");
    assert!(!package.contains("printPageNumbers") && !package.contains("source-of"));
    assert_epubcheck_clean(&epub);
}
