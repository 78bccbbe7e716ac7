//! The plain-text output, as a screen-reader user gets it: the title first,
//! each heading on a line of its own, each paragraph whole on one line, no
//! markup, UTF-8 with LF line ends and a final newline.

mod common;

use std::path::Path;

use common::{SEED_ID, fixture, leafpress, scratch, seed_source};

/// Builds one source into `dir/out` and returns its text output.
fn build_text(dir: &Path, source: &Path, id: &str) -> String {
    let run = leafpress(dir, &["build", source.to_str().unwrap(), "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(dir.join(format!("out/{id}/{id}.txt"))).unwrap();
    assert_file_is_clean_plain_text(&bytes);
    String::from_utf8(bytes).unwrap()
}

/// UTF-8 without a byte-order mark, LF only, a final newline, no tabs, no
/// soft hyphens, no trailing spaces, at most one blank line in a row.
fn assert_file_is_clean_plain_text(bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    assert!(!text.starts_with('\u{feff}'), "no byte-order mark");
    assert!(!text.contains('\r'), "LF line ends only");
    assert!(
        text.ends_with('\n') && !text.ends_with("\n\n"),
        "one final newline"
    );
    assert!(!text.contains('\t'), "no tabs");
    assert!(!text.contains('\u{ad}'), "no soft hyphens");
    assert!(!text.contains("\n\n\n"), "no runs of blank lines");
    for line in text.lines() {
        assert_eq!(line, line.trim_end(), "no trailing white space: {line:?}");
    }
}

/// The line of the output that is exactly `line`, with blank lines (or the
/// start or end of the file) on both sides.
fn stands_alone(text: &str, line: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    lines.iter().enumerate().any(|(i, l)| {
        *l == line
            && (i == 0 || lines[i - 1].is_empty())
            && lines.get(i + 1).is_none_or(|next| next.is_empty())
    })
}

#[test]
fn the_seed_starts_with_its_title_and_gives_every_heading_a_line_of_its_own() {
    let dir = scratch();
    let text = build_text(dir.path(), &seed_source(), SEED_ID);
    assert!(text.starts_with("Treating secondary breast cancer in the bone\n\n"));
    let headings = [
        "Your treatment options",
        "Radiotherapy",
        "Radioisotope therapy",
        "Vertebroplasty",
        "Bisphosphonates",
        "Denosumab (Xgeva)",
        "Surgery",
        "Other treatments",
        "Let us know what you think",
    ];
    let mut last = 0;
    for heading in headings {
        assert!(
            stands_alone(&text, heading),
            "{heading:?} on a line of its own"
        );
        let at = text.find(&format!("\n{heading}\n")).unwrap();
        assert!(at > last, "{heading:?} in order");
        last = at;
    }
    assert!(text.ends_with("Last reviewed: April 2015\nNext review due: 2017\n"));
}

#[test]
fn every_sentence_of_the_seed_is_whole_on_one_line() {
    let dir = scratch();
    let text = build_text(dir.path(), &seed_source(), SEED_ID);
    let lines: Vec<&str> = text.lines().collect();
    let seed = std::fs::read_to_string(fixture("seed/damaged-plain-text.txt")).unwrap();
    let mut checked = 0;
    for line in seed.lines() {
        // The seed's own review lines and its dangling "Related Publication"
        // are replaced by the review dates written out.
        let line = line.replace('\u{a0}', " ");
        let line = line.trim().trim_start_matches("• ");
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty()
            || line.starts_with("Last reviewed")
            || line.starts_with("Next planned review")
            || line == "Related Publication"
        {
            continue;
        }
        let as_item = format!("- {line}");
        assert!(
            lines.contains(&line.as_str()) || lines.contains(&as_item.as_str()),
            "the seed's line is not a whole line of the output: {line:?}"
        );
        checked += 1;
    }
    assert_eq!(checked, 23, "every line of the seed was looked for");
}

#[test]
fn the_seed_has_no_markup_characters() {
    let dir = scratch();
    let text = build_text(dir.path(), &seed_source(), SEED_ID);
    for markup in ['*', '_', '#', '[', ']', '<', '>', '`', '\\', '|'] {
        assert!(!text.contains(markup), "{markup:?} in the text");
    }
}

#[test]
fn links_lists_publisher_and_summary_are_written_for_listeners() {
    let dir = scratch();
    let text = build_text(
        dir.path(),
        &fixture("valid/hospital-transport.toml"),
        "hospital-transport",
    );
    for line in [
        "Getting to your appointment",
        "How to book transport. Who can use it, and what to bring.",
        "Call the transport line at least two working days before your appointment.",
        "- your NHS number",
        "Read more on our website (https://example.org/transport).",
        "1. Be ready an hour before your pick-up time.",
        "3. Tell the driver if you feel unwell.",
        "If the car has not come, call 0808 800 6000 or email transport@example.org. You can also write to us (transport@example.org).",
        "Ask at reception to book your journey home. See the NHS page on transport (http://example.org/nhs?a=1&b=2) for other help.",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing line {line:?}\n{text}"
        );
    }
    assert!(text.ends_with(
        "\n\nPublished by Riverside Clinic\nLast reviewed: March 2026\nNext review due: 31 March 2099\n"
    ));
}

#[test]
fn characters_that_look_like_markup_come_out_exactly_as_written() {
    let dir = scratch();
    let text = build_text(
        dir.path(),
        &fixture("valid/markup-characters.toml"),
        "markup-characters",
    );
    for line in [
        "Costs & \"fees\": #1 $5 <now> @clinic \\ 100% *not bold*",
        "#set page(width: 1cm) and $x^2$ and <label> and @ref",
        "Write #strong[this] or $a + b$ or @fig or a <tag without its end as text; a \\ alone stays.",
        "Ampersands & \"double\" and 'single' quotes, AT&T, 3 < 4 > 2, a_b_c, 2 * 3 * 4.",
        "Entities & and escapes * and # come out as Markdown means them.",
        "Combining accents: cafe\u{301} stays as written, and Greek αβγ and Cyrillic жд too.",
        "Right to left: مرحبا بكم في العيادة.",
        "- Welsh: Mae’r ddalen hon ar gael yn Gymraeg.",
        "Published by St <Mary> & St 'John' #2",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing line {line:?}\n{text}"
        );
    }
}

#[test]
fn building_twice_gives_the_same_bytes() {
    let first = scratch();
    let second = scratch();
    let source = fixture("valid/hospital-transport.toml");
    build_text(first.path(), &source, "hospital-transport");
    build_text(second.path(), &source, "hospital-transport");
    let file = "out/hospital-transport/hospital-transport.txt";
    assert_eq!(
        std::fs::read(first.path().join(file)).unwrap(),
        std::fs::read(second.path().join(file)).unwrap()
    );
}

#[test]
fn a_byte_order_mark_in_the_source_is_accepted_and_not_copied() {
    let dir = scratch();
    let mut source = b"\xEF\xBB\xBF".to_vec();
    source.extend(common::leaflet_source("bom", "With a mark", &[("one", "One", "Text.")]).bytes());
    std::fs::write(dir.path().join("bom.toml"), source).unwrap();
    let text = build_text(dir.path(), &dir.path().join("bom.toml"), "bom");
    assert!(text.starts_with("With a mark\n"));
}
