//! Every kind of invalid source that the source format names is refused with
//! exit status 1, a `file:line:column: message` naming where the problem is,
//! and no file written.
//!
//! Each case is a fixture in `tests/fixtures/invalid/` whose first lines say
//! what must be reported, one line per problem: `# expect: LINE:COLUMN:
//! words of the message`. Nothing else may be reported.

mod common;

use common::{files_below, fixture, leafpress, scratch};

/// Builds one invalid fixture and checks the report and the empty output.
fn assert_refused(name: &str) {
    let source = fixture(&format!("invalid/{name}.toml"));
    let text = std::fs::read_to_string(&source).unwrap();
    // Every `# expect:` line at the top: a file with several problems
    // must have every one reported.
    let expected: Vec<&str> = text
        .lines()
        .map_while(|line| line.strip_prefix("# expect: "))
        .collect();
    assert!(
        !expected.is_empty(),
        "{name}: the first line says what to expect"
    );
    let dir = scratch();
    let run = leafpress(
        dir.path(),
        &["build", source.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(run.code, 1, "{name}: exit status\n{}", run.stderr);
    for expected in &expected {
        let wanted = format!("{}:{expected}", source.display());
        assert!(
            run.stderr.contains(&wanted),
            "{name}: stderr should contain\n  {wanted}\nbut was\n{}",
            run.stderr
        );
    }
    let reported = run
        .stderr
        .lines()
        .filter(|line| line.starts_with(&source.display().to_string()))
        .count();
    assert_eq!(
        reported,
        expected.len(),
        "{name}: one message per problem, no more\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: "),
        "{name}: a hint\n{}",
        run.stderr
    );
    assert!(
        !dir.path().join("out").exists(),
        "{name}: nothing may be written, found {:?}",
        files_below(&dir.path().join("out"))
    );
}

macro_rules! refused {
    ($($test:ident => $fixture:literal,)*) => {
        $(
            #[test]
            fn $test() {
                assert_refused($fixture);
            }
        )*
    };
}

refused! {
    unknown_key_in_labels_is_refused => "labels-unknown-key",
    months_without_twelve_names_are_refused => "labels-eleven-months",
    a_date_pattern_with_an_unknown_placeholder_is_refused => "labels-date-placeholder",
    malformed_toml_is_refused => "malformed-toml",
    unknown_key_is_refused_with_the_nearest_known_key => "unknown-key",
    unknown_section_key_is_refused => "unknown-section-key",
    unknown_table_is_refused => "unknown-table",
    missing_title_is_refused => "missing-title",
    missing_leaflet_table_is_refused => "missing-leaflet-table",
    leaflet_without_sections_is_refused => "no-sections",
    leaflet_id_outside_the_pattern_is_refused => "leaflet-id-pattern",
    leaflet_id_escaping_the_output_folder_is_refused => "leaflet-id-escapes-folder",
    absolute_leaflet_id_is_refused => "leaflet-id-absolute",
    leaflet_id_with_a_slash_is_refused => "leaflet-id-with-slash",
    section_id_outside_the_pattern_is_refused => "section-id-pattern",
    duplicate_section_id_is_refused => "duplicate-section-id",
    empty_title_is_refused => "empty-title",
    title_on_two_lines_is_refused => "title-on-two-lines",
    empty_heading_is_refused => "empty-heading",
    empty_body_is_refused => "empty-body",
    whitespace_only_body_is_refused => "whitespace-only-body",
    invalid_language_tag_is_refused => "invalid-language",
    malformed_date_is_refused => "malformed-date",
    reviewed_without_a_month_is_refused => "reviewed-year-only",
    impossible_day_is_refused => "impossible-date",
    impossible_month_is_refused => "impossible-month",
    next_review_before_reviewed_is_refused => "next-review-before-reviewed",
    date_without_quotes_is_refused => "date-without-quotes",
    unknown_print_size_is_refused => "print-size-unknown",
    print_size_in_the_wrong_case_is_refused => "print-size-wrong-case",
    bleed_out_of_range_is_refused => "bleed-out-of-range",
    bleed_that_is_not_a_number_is_refused => "bleed-not-a-number",
    unknown_binding_is_refused => "binding-unknown",
    large_print_below_the_floor_is_refused => "large-print-too-small",
    braille_line_wider_than_embossers_is_refused => "braille-cells-too-many",
    braille_page_of_part_lines_is_refused => "braille-lines-not-whole",
    unknown_braille_key_is_refused => "braille-unknown-key",
    heading_in_a_body_is_refused => "heading-in-body",
    underlined_heading_in_a_body_is_refused => "setext-heading-in-body",
    raw_html_block_is_refused => "raw-html-block",
    inline_html_is_refused => "inline-html",
    image_is_refused => "image",
    inline_code_is_refused => "inline-code",
    indented_code_block_is_refused => "indented-code-block",
    fenced_code_block_is_refused => "fenced-code-block",
    table_is_refused => "table",
    block_quote_is_refused => "block-quote",
    nested_list_is_refused => "nested-list",
    footnote_is_refused => "footnote",
    javascript_link_is_refused => "link-javascript",
    file_link_is_refused => "link-file",
    relative_link_is_refused => "link-relative",
    link_address_with_a_space_is_refused => "link-address-with-a-space",
    link_without_its_opening_bracket_is_refused => "link-without-its-opening-bracket",
    control_character_in_a_title_is_refused => "control-character",
    control_character_in_a_body_is_refused => "escape-in-body",
    control_character_from_an_entity_is_refused => "control-character-entity",
    noncharacter_in_a_title_is_refused => "noncharacter",
    link_text_of_only_a_soft_hyphen_is_refused => "link-text-invisible",
    several_problems_at_once_are_all_refused => "several-problems",
    control_characters_then_more_problems_are_all_refused => "control-characters-then-more-problems",
    section_array_with_a_number_is_refused => "section-array-with-a-number",
    number_too_large_is_refused => "number-too-large",
    refused_list_items_are_refused => "refused-list-items",
    raw_control_character_is_refused => "raw-control-character",
    leaflet_id_too_long_is_refused => "leaflet-id-too-long",
    day_zero_is_refused => "day-zero",
    link_reference_definition_is_refused => "link-reference-definition",
    link_title_is_refused => "link-title",
    body_without_words_is_refused => "body-without-words",
    title_without_words_is_refused => "title-without-words",
    language_that_is_not_a_code_is_refused => "language-not-a-code",
    nesting_too_deep_is_refused => "nesting-too-deep",
    sections_written_as_a_single_table_are_refused => "section-written-as-a-table",
    empty_stock_is_refused => "stock-empty",
    stock_that_is_not_text_is_refused => "stock-not-text",
    stock_too_long_is_refused => "stock-too-long",
    key_written_twice_is_refused => "duplicate-key",
    key_written_twice_in_a_later_section_is_refused => "duplicate-key-in-a-later-section",
    dotted_key_written_twice_is_refused => "duplicate-dotted-key",
    table_written_twice_is_refused => "duplicate-table",
    section_as_a_table_then_a_list_is_refused => "section-as-a-table-then-a-list",
    direction_override_escaped_in_a_title_is_refused => "direction-override",
    direction_override_as_an_entity_in_a_body_is_refused => "direction-override-in-body",
    direction_override_typed_into_the_file_is_refused => "direction-override-typed",
    isolate_never_closed_in_a_title_is_refused => "isolate-never-closed",
    isolate_never_closed_in_a_paragraph_is_refused => "isolate-never-closed-in-body",
    isolate_closing_nothing_in_a_list_item_is_refused => "isolate-closed-never-opened",
    text_no_font_can_show_is_refused => "script-without-a-font",
}

#[test]
fn every_fixture_has_a_test() {
    let fixtures = std::fs::read_dir(fixture("invalid")).unwrap().count();
    let this_file = include_str!("source_errors.rs");
    let tested = this_file.matches("_refused => \"").count()
        + this_file
            .matches("_refused_with_the_nearest_known_key => \"")
            .count();
    assert_eq!(
        fixtures, tested,
        "a fixture in tests/fixtures/invalid has no test"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_refused_at_the_bad_byte() {
    let dir = scratch();
    let source = dir.path().join("latin1.toml");
    std::fs::write(&source, b"[leaflet]\nid = \"x\"\ntitle = \"Caf\xe9\"\n").unwrap();
    let run = leafpress(dir.path(), &["build", "latin1.toml", "--out", "out"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("latin1.toml:3:13: the file is not UTF-8"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_source_over_one_mebibyte_is_refused() {
    let dir = scratch();
    let mut text = common::leaflet_source("big", "Big", &[("one", "One", "Text.")]);
    text.push_str(&format!("# {}\n", "x".repeat(1024 * 1024)));
    std::fs::write(dir.path().join("big.toml"), text).unwrap();
    let run = leafpress(dir.path(), &["build", "big.toml", "--out", "out"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("big.toml:1:1: the file is"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn several_problems_in_one_file_are_all_reported() {
    let dir = scratch();
    let text = common::leaflet_source(
        "several",
        "Several",
        &[
            ("Bad Id", "One", "# Heading\n\n<b>x</b>"),
            ("two", "", "Fine."),
        ],
    );
    std::fs::write(dir.path().join("several.toml"), text).unwrap();
    let run = leafpress(dir.path(), &["build", "several.toml", "--out", "out"]);
    assert_eq!(run.code, 1);
    for expected in [
        "several.toml:9:6: the section id `Bad Id`",
        "several.toml:12:1: a heading is not allowed",
        "several.toml:14:1: raw HTML",
        "several.toml:19:11: `heading` is empty",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_named_pipe_is_refused_not_waited_on() {
    let dir = scratch();
    let pipe = dir.path().join("pipe.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .is_ok_and(|status| status.success());
    if !made {
        common::missing_tool("mkfifo");
        return;
    }
    let run = leafpress(dir.path(), &["build", "pipe.toml", "--out", "out"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("pipe.toml:1:1: the source is not a regular file"),
        "{}",
        run.stderr
    );
}
