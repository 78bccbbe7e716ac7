//! The EPUB container: the package document (metadata, manifest, spine)
//! and the ZIP file around everything.
//!
//! Reproducible by construction: every entry has the same fixed date (the
//! leaflet's review date), entries are always written in the same order,
//! and nothing depends on the clock, the machine or a random identifier.
//! `mimetype` comes first and is stored uncompressed, as OCF requires.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::xhtml::{
    LEAFLET_FILE, NAV_FILE, STYLESHEET, STYLESHEET_FILE, leaflet_document, nav_document,
};
use crate::language::{Direction, direction};
use crate::model::{FileDate, Leaflet};
use crate::outputs::markup::{escape_attribute, escape_text};
use crate::outputs::pagination::Pagination;

/// The folder inside the ZIP that holds the package document and content.
const PACKAGE_FOLDER: &str = "EPUB";

/// The package document's file name inside [`PACKAGE_FOLDER`].
const PACKAGE_FILE: &str = "package.opf";

/// The conformance claim of EPUB Accessibility 1.1. It is made because the
/// tests hold every EPUB leafpress builds to EPUBCheck and to Ace by DAISY.
const CONFORMS_TO: &str = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA";

/// The whole EPUB file for a leaflet, dated `date`.
pub fn write(
    leaflet: &Leaflet,
    pagination: Option<&Pagination>,
    date: FileDate,
) -> zip::result::ZipResult<Vec<u8>> {
    // ZIP dates run from 1980 to 2107, in steps of two seconds.
    let (hour, minute, second) = date.time;
    let zip_date = DateTime::from_date_and_time(
        date.year.clamp(1980, 2107),
        date.month,
        date.day,
        hour,
        minute,
        second,
    )
    .unwrap_or_default();
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(zip_date)
        .unix_permissions(0o644);
    let deflated = stored.compression_method(CompressionMethod::Deflated);

    let files: [(String, String); 5] = [
        ("META-INF/container.xml".into(), container()),
        (
            format!("{PACKAGE_FOLDER}/{PACKAGE_FILE}"),
            package_document(leaflet, pagination, date),
        ),
        (
            format!("{PACKAGE_FOLDER}/{NAV_FILE}"),
            nav_document(leaflet, pagination),
        ),
        (
            format!("{PACKAGE_FOLDER}/{LEAFLET_FILE}"),
            leaflet_document(leaflet, pagination),
        ),
        (
            format!("{PACKAGE_FOLDER}/{STYLESHEET_FILE}"),
            STYLESHEET.to_owned(),
        ),
    ];

    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/epub+zip")?;
    for (name, content) in files {
        zip.start_file(name, deflated)?;
        zip.write_all(content.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// `META-INF/container.xml`: where the package document is.
fn container() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="{PACKAGE_FOLDER}/{PACKAGE_FILE}" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
"#
    )
}

/// The identifier of a leaflet's EPUB: stable across rebuilds, derived from
/// the leaflet id alone.
fn identifier(leaflet: &Leaflet) -> String {
    format!("urn:leafpress:{}", leaflet.id)
}

/// The package document: metadata (Dublin Core, EPUB Accessibility 1.1,
/// the print edition as the page-list's source), manifest and spine.
fn package_document(leaflet: &Leaflet, pagination: Option<&Pagination>, date: FileDate) -> String {
    let language = escape_attribute(&leaflet.language);
    let dir = direction(&leaflet.language);
    let FileDate {
        year,
        month,
        day,
        time: (hour, minute, second),
    } = date;
    let mut metadata = vec![
        format!(
            r#"<dc:identifier id="leaflet-id">{}</dc:identifier>"#,
            escape_text(&identifier(leaflet))
        ),
        format!("<dc:title>{}</dc:title>", escape_text(&leaflet.title)),
        format!(
            "<dc:language>{}</dc:language>",
            escape_text(&leaflet.language)
        ),
    ];
    if let Some(publisher) = &leaflet.publisher {
        metadata.push(format!(
            "<dc:publisher>{}</dc:publisher>",
            escape_text(publisher)
        ));
    }
    if let Some(summary) = &leaflet.summary {
        metadata.push(format!(
            "<dc:description>{}</dc:description>",
            escape_text(summary)
        ));
    }
    metadata.push(format!(
        "<dc:date>{}</dc:date>",
        escape_text(&leaflet.reviewed.to_string())
    ));
    metadata.push(format!(
        r#"<meta property="dcterms:modified">{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z</meta>"#
    ));
    let mut features = vec![
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ];
    if pagination.is_some() {
        features.push("printPageNumbers");
        // The print PDF is the source of the page-list (EPUB 3 "source-of").
        metadata.push(format!(
            r#"<dc:source id="print-edition">{}-print</dc:source>"#,
            escape_text(&identifier(leaflet))
        ));
        metadata.push(
            r##"<meta refines="#print-edition" property="source-of">pagination</meta>"##.into(),
        );
    }
    metadata.push(r#"<meta property="schema:accessMode">textual</meta>"#.into());
    metadata.push(r#"<meta property="schema:accessModeSufficient">textual</meta>"#.into());
    for feature in features {
        metadata.push(format!(
            r#"<meta property="schema:accessibilityFeature">{feature}</meta>"#
        ));
    }
    metadata.push(r#"<meta property="schema:accessibilityHazard">none</meta>"#.into());
    // The summary is leafpress's own English sentence, whatever the
    // leaflet's language: marked as English (and left to right in a
    // right-to-left package).
    let summary_dir = if dir == Direction::RightToLeft {
        r#" dir="ltr""#
    } else {
        ""
    };
    metadata.push(format!(
        r#"<meta property="schema:accessibilitySummary" xml:lang="en"{summary_dir}>{}</meta>"#,
        escape_text(&accessibility_summary(pagination.is_some()))
    ));
    metadata.push(format!(
        r#"<meta property="dcterms:conformsTo">{CONFORMS_TO}</meta>"#
    ));

    let progression = if dir == Direction::RightToLeft {
        r#" page-progression-direction="rtl""#
    } else {
        ""
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="leaflet-id" xml:lang="{language}" dir="{dir}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
{}
</metadata>
<manifest>
<item id="nav" href="{NAV_FILE}" media-type="application/xhtml+xml" properties="nav"/>
<item id="leaflet" href="{LEAFLET_FILE}" media-type="application/xhtml+xml"/>
<item id="stylesheet" href="{STYLESHEET_FILE}" media-type="text/css"/>
</manifest>
<spine{progression}>
<itemref idref="leaflet"/>
</spine>
</package>
"#,
        metadata.join("\n")
    )
}

/// The accessibility summary: what a reader can rely on in every leaflet
/// leafpress makes.
fn accessibility_summary(print_page_numbers: bool) -> String {
    let mut summary = String::from(
        "This leaflet is text only, with no images, audio or video. Its title and \
         section headings are marked up as headings, the table of contents lists every \
         section, and the text follows one reading order.",
    );
    if print_page_numbers {
        summary.push_str(" Page numbers from the print edition are included.");
    }
    summary.push_str(" Text size, font and colours can be changed in the reading system.");
    summary
}
