//! Every language reads right: direction marks and isolates come through
//! every output as text (issue 16).

mod common;

use common::{epub_entry, fixture, leafpress, scratch};

/// The directional marks and isolates a text holds, in order.
fn direction_marks(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| {
            matches!(
                c,
                '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{2066}'..='\u{2069}'
            )
        })
        .collect()
}

#[test]
fn marks_and_balanced_isolates_come_through_the_text_and_the_epub_and_the_pdfs_verify() {
    let source = fixture("valid/direction-marks.toml");
    let written = std::fs::read_to_string(&source).unwrap();
    // The source spells some as TOML escapes: what the leaflet holds is
    // what TOML makes of them.
    let parsed: toml::Table = toml::from_str(&written).unwrap();
    let leaflet = parsed["leaflet"].as_table().unwrap();
    let section = parsed["section"].as_array().unwrap()[0].as_table().unwrap();
    let expected: Vec<char> = [
        leaflet["title"].as_str().unwrap(),
        section["heading"].as_str().unwrap(),
        section["body"].as_str().unwrap(),
    ]
    .iter()
    .flat_map(|text| direction_marks(text))
    .collect();
    assert_eq!(expected.len(), 12, "the fixture holds marks and isolates");

    let dir = scratch();
    let run = leafpress(
        dir.path(),
        &["build", source.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let folder = dir.path().join("out/direction-marks");

    let text = std::fs::read_to_string(folder.join("direction-marks.txt")).unwrap();
    assert_eq!(direction_marks(&text), expected, "{text}");

    let epub = std::fs::read(folder.join("direction-marks.epub")).unwrap();
    let xhtml = epub_entry(&epub, "EPUB/leaflet.xhtml");
    // The title is written twice (<title> and <h1>).
    let title_marks = direction_marks(leaflet["title"].as_str().unwrap());
    let mut with_head_title = title_marks.clone();
    with_head_title.extend(&expected);
    assert_eq!(direction_marks(&xhtml), with_head_title, "{xhtml}");
    for pdf in [
        "direction-marks-print.pdf",
        "direction-marks-large-print.pdf",
    ] {
        assert!(folder.join(pdf).is_file(), "{pdf} was built and verified");
    }
}
