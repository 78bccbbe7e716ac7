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

use std::path::{Path, PathBuf};

use common::{
    SEED_ID, fixture, leaflet_source, leafpress, long_leaflet_source, missing_tool, scratch,
    seed_source, stdout, tool, tool_with_env, write_source,
};

/// Builds every leaflet in `sources` into `dir/out` and returns each
/// leaflet's EPUB, by id.
fn build(dir: &Path, source: &Path) -> Vec<PathBuf> {
    build_with(dir, source, &[])
}

/// [`build`], with more arguments.
fn build_with(dir: &Path, source: &Path, more: &[&str]) -> Vec<PathBuf> {
    let mut args = vec!["build", source.to_str().unwrap(), "--out", "out"];
    args.extend(more);
    let run = leafpress(dir, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut epubs: Vec<PathBuf> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        // Each leaflet's folder, not the catalogue page beside them.
        .filter(|path| path.is_dir())
        .map(|folder| {
            let id = folder.file_name().unwrap().to_str().unwrap().to_owned();
            folder.join(format!("{id}.epub"))
        })
        .collect();
    epubs.sort();
    epubs
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
    assert_eq!(epubs.len(), 7);
    for epub in epubs {
        assert_valid(&epub);
    }
}

#[test]
fn every_script_fixture_passes_epubcheck_and_ace() {
    // The PDFs (and the EPUB's page-list of the print edition) need
    // Debian's Noto fonts for these scripts.
    let fonts = Path::new("/usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf");
    let cjk = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
    if !fonts.is_file() || !cjk.is_file() {
        missing_tool("fonts-noto-core and fonts-noto-cjk (Debian packages)");
        return;
    }
    let dir = scratch();
    let epubs = build_with(
        dir.path(),
        &fixture("scripts"),
        &["--font-path", "/usr/share/fonts"],
    );
    assert_eq!(epubs.len(), 10);
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
    // Arabic has no labels built in: leafpress's English ones stand in,
    // each line marked as English, left to right.
    assert!(
        leaflet.contains(r#"<p lang="en" xml:lang="en" dir="ltr">Last reviewed: March 2026</p>"#),
        "{leaflet}"
    );
    let nav = entry(&epubs[0], "EPUB/nav.xhtml");
    assert!(
        nav.contains(r#"<h1 id="toc-heading" lang="en" xml:lang="en" dir="ltr">Contents</h1>"#)
    );
    assert_valid(&epubs[0]);
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

/// The text of each page of a PDF as pdftotext reads it.
fn pdf_pages(pdf: &Path) -> Option<Vec<String>> {
    let output = tool("pdftotext", &[pdf.to_str().unwrap(), "-"])?;
    assert!(output.status.success());
    let text = stdout(&output);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|page| page.trim().is_empty()) {
        pages.pop();
    }
    Some(pages)
}

/// Text reduced to its letters, lower-case, so that line breaks, hyphens
/// added at line ends, soft hyphens and list numbers do not matter.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// One entry of the page-list: the printed number it shows, the id it
/// links to, and the text of the block its page-break marker stands before.
#[derive(Debug)]
struct PageEntry {
    label: String,
    target: String,
    block: String,
}

fn parse_xhtml(text: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap()
}

fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .map(|n| n.text().unwrap())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The page-list, in order, each entry with the block its marker stands
/// before (for a marker inside a list item, that item).
fn page_list(epub: &Path) -> Vec<PageEntry> {
    let nav = entry(epub, "EPUB/nav.xhtml");
    let nav = parse_xhtml(&nav);
    let list = nav
        .descendants()
        .find(|node| node.attribute(("http://www.idpf.org/2007/ops", "type")) == Some("page-list"))
        .expect("a page-list nav");
    let leaflet = entry(epub, "EPUB/leaflet.xhtml");
    let leaflet = parse_xhtml(&leaflet);
    list.descendants()
        .filter(|node| node.has_tag_name("a"))
        .map(|a| {
            let target = a
                .attribute("href")
                .unwrap()
                .split('#')
                .nth(1)
                .unwrap()
                .to_owned();
            let marker = leaflet
                .descendants()
                .find(|node| node.attribute("id") == Some(target.as_str()))
                .unwrap_or_else(|| panic!("no marker with id {target}"));
            assert_eq!(marker.attribute("role"), Some("doc-pagebreak"));
            assert_eq!(marker.attribute("aria-label"), a.text());
            let parent = marker.parent_element().unwrap();
            let block = if parent.has_tag_name("li") {
                text_of(parent)
            } else {
                let mut next = marker.next_sibling_element().unwrap();
                // Markers of several pages may stand together.
                while next.attribute("role") == Some("doc-pagebreak") {
                    next = next.next_sibling_element().unwrap();
                }
                text_of(next)
            };
            PageEntry {
                label: a.text().unwrap().to_owned(),
                target,
                block,
            }
        })
        .collect()
}

/// The page-list has one entry per print page that carries any of the
/// leaflet, in order, labelled with the number printed on that page, and
/// each page's marker stands before the block in which that page begins:
/// the block holds the first line pdftotext reads on the page.
fn assert_page_list_follows_the_print_pdf(folder: &Path, id: &str) -> Vec<PageEntry> {
    let epub = folder.join(format!("{id}.epub"));
    let entries = page_list(&epub);
    let Some(pdf_pages) = pdf_pages(&folder.join(format!("{id}-print.pdf"))) else {
        return entries;
    };
    // A page's lines: its text, then its folio as the last line.
    let lines = |page: &String| -> Vec<String> {
        page.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let with_content: Vec<usize> = pdf_pages
        .iter()
        .enumerate()
        .filter(|(_, page)| {
            let lines = lines(page);
            // Leave out the folio and the one word of a Notes page or of a
            // house style's cover.
            lines.iter().any(|line| {
                !line.chars().all(|c| c.is_ascii_digit())
                    && !["Notes", "Cover"].contains(&line.as_str())
            })
        })
        .map(|(i, _)| i + 1)
        .collect();
    let targets: Vec<String> = entries.iter().map(|e| e.target.clone()).collect();
    let expected: Vec<String> = with_content.iter().map(|i| format!("page-{i}")).collect();
    assert_eq!(targets, expected, "page-list against the print PDF's pages");
    for (entry, index) in entries.iter().zip(&with_content) {
        let lines = lines(&pdf_pages[index - 1]);
        let folio = lines.last().unwrap();
        assert_eq!(&entry.label, folio, "the label of page {index}");
        let first = letters(&lines[0]);
        assert!(
            letters(&entry.block).contains(&first),
            "page {index} begins with {:?}, which is not in the block its marker stands before:\n{}",
            lines[0],
            entry.block
        );
    }
    entries
}

#[test]
fn the_page_list_maps_the_print_pdfs_pages() {
    let dir = scratch();
    build(dir.path(), &seed_source());
    let entries =
        assert_page_list_follows_the_print_pdf(&dir.path().join("out").join(SEED_ID), SEED_ID);
    assert!(entries.len() >= 2);

    let long = scratch();
    let source = write_source(long.path(), "long.toml", &long_leaflet_source("long", 40));
    build(long.path(), &source);
    let entries = assert_page_list_follows_the_print_pdf(&long.path().join("out/long"), "long");
    assert!(entries.len() >= 8);
}

#[test]
fn pages_that_begin_inside_a_long_paragraph_point_at_it() {
    let dir = scratch();
    let sentence = "Bring your appointment letter and a list of the medicines you take. ";
    let source = leaflet_source(
        "long-paragraph",
        "One long paragraph",
        &[
            (
                "long",
                "A paragraph over several pages",
                &sentence.repeat(120),
            ),
            ("after", "After it", "A short paragraph."),
        ],
    )
    .replacen("[[section]]", "[print]\nsize = \"A6\"\n\n[[section]]", 1);
    let source = write_source(dir.path(), "long-paragraph.toml", &source);
    build(dir.path(), &source);
    let entries = assert_page_list_follows_the_print_pdf(
        &dir.path().join("out/long-paragraph"),
        "long-paragraph",
    );
    let in_the_paragraph = entries
        .iter()
        .filter(|entry| entry.block.starts_with("Bring your appointment"))
        .count();
    assert!(in_the_paragraph >= 3, "{entries:?}");
}

#[test]
fn page_labels_are_the_numbers_printed_on_the_pages() {
    // A house style with an unnumbered cover, counting pages from 1 after
    // it: page 2 of the PDF shows "1".
    let dir = scratch();
    let layouts = common::copy_of_layouts(dir.path());
    let print = layouts.join("print.typ");
    let text = std::fs::read_to_string(&print).unwrap();
    assert!(text.contains("\n#title(leaflet)\n"));
    std::fs::write(
        &print,
        text.replace(
            "\n#title(leaflet)\n",
            "\n#page(footer: none)[#text(lang: \"en\", region: \"gb\")[Cover]]\n#counter(page).update(1)\n#title(leaflet)\n",
        ),
    )
    .unwrap();
    let run = common::build_seed_with_layouts(dir.path(), &layouts);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let entries =
        assert_page_list_follows_the_print_pdf(&dir.path().join("out").join(SEED_ID), SEED_ID);
    assert_eq!(entries[0].target, "page-2");
    assert_eq!(entries[0].label, "1");
}

#[test]
fn link_addresses_as_people_write_them_still_pass_epubcheck() {
    let dir = scratch();
    let source = leaflet_source(
        "addresses",
        "Addresses",
        &[(
            "contact",
            "Contact",
            "Call [the clinic](<tel:+44 20 7946 0000>), write to \
             [us](<mailto:help@example.org?subject=Hello there&body=x>), read \
             [100% of it](https://example.org/100%), [this](https://example.org/#a#b) or \
             [that](https://example.org/a|b{c}^d).\n\n\
             1. first\n2. second",
        )],
    );
    let source = write_source(dir.path(), "addresses.toml", &source);
    let epubs = build(dir.path(), &source);
    assert_epubcheck_clean(&epubs[0]);
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

    common::rewrite_epub_entry(&epub, "EPUB/leaflet.xhtml", |text| {
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
    common::rewrite_epub_entry(&epub, "EPUB/leaflet.xhtml", |text| {
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
    let run = common::build_seed_with_layouts(dir.path(), &layouts);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("no page-list"), "{}", run.stderr);
    let epub = dir.path().join(format!("out/{SEED_ID}/{SEED_ID}.epub"));
    let nav = entry(&epub, "EPUB/nav.xhtml");
    assert!(!nav.contains("page-list"));
    let package = entry(&epub, "EPUB/package.opf");
    assert!(!package.contains("printPageNumbers") && !package.contains("source-of"));
    assert_epubcheck_clean(&epub);
}

#[test]
fn check_names_sections_hidden_from_screen_readers_or_by_a_style_element() {
    let dir = scratch();
    let epub = build(dir.path(), &seed_source()).remove(0);
    let original = std::fs::read(&epub).unwrap();
    let source = seed_source();
    let check = |change: &dyn Fn(&str) -> String| {
        std::fs::write(&epub, &original).unwrap();
        common::rewrite_epub_entry(&epub, "EPUB/leaflet.xhtml", change);
        let check = leafpress(
            dir.path(),
            &[
                "check",
                source.to_str().unwrap(),
                "--out",
                "out",
                "--formats",
                "epub",
            ],
        );
        assert_eq!(check.code, 1, "{}", check.stderr);
        check.stderr
    };
    let stderr = check(&|text| {
        text.replace(
            r#"<section id="section-feedback">"#,
            r#"<section id="section-feedback" aria-hidden="true">"#,
        )
    });
    assert!(
        stderr.contains(&format!(
            "{SEED_ID}.epub: section `feedback`: the heading is hidden (aria-hidden=\"true\")"
        )),
        "{stderr}"
    );
    // The visually-hidden pattern, in a <style> element of the document.
    let stderr = check(&|text| {
        text.replace(
            "</head>",
            "<style>#section-surgery p { position: absolute; width: 1px; height: 1px; \
             overflow: hidden; clip: rect(0 0 0 0) }</style></head>",
        )
    });
    assert!(
        stderr.contains("section `surgery`: text is hidden (clipped away by clip: rect(0 0 0 0))"),
        "{stderr}"
    );
}

#[test]
fn the_epub_leafpress_writes_hides_nothing_from_its_reader() {
    use leafpress::outputs::Output;
    let dir = scratch();
    for epub in build(dir.path(), &fixture("valid")) {
        let read = leafpress::outputs::epub::Epub
            .read_text(&std::fs::read(&epub).unwrap())
            .unwrap()
            .unwrap();
        assert!(
            read.unseen.is_empty(),
            "{}: {:?}",
            epub.display(),
            read.unseen
        );
        assert!(
            read.flaws.is_empty(),
            "{}: {:?}",
            epub.display(),
            read.flaws
        );
    }
}

/// One file inside an EPUB on disk, as text.
fn entry(epub: &Path, name: &str) -> String {
    common::epub_entry(&std::fs::read(epub).unwrap(), name)
}
