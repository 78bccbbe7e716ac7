//! The shape of a source file, checked on the parsed TOML document before
//! serde reads it: every unknown key (with the nearest known one), every
//! value of the wrong kind (a number in quotes, a date without them, a
//! `[section]` that should be `[[section]]`), all reported at once.
//!
//! serde's derive stops at the first such problem; the source format
//! promises every problem in one go. So this pass reports them, and takes
//! the offending entries out of the document, so that serde then reads the
//! rest and [`super::validate`] checks every value that is left. Missing
//! keys are left to `validate`, which knows which are required.

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

/// A problem with the shape of the file, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeProblem {
    /// Where, as a byte offset into the file.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// How to put it right.
    pub hint: String,
    /// For a misspelt key, or a known key with a value of the wrong kind:
    /// the start of its table and the known key, so that the key is not
    /// also reported missing.
    pub stands_for: Option<(usize, &'static str)>,
}

/// The kind of value a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// A list of text values (`months`).
    TextList,
    Number,
    TrueOrFalse,
    Table(&'static [(&'static str, Kind)]),
    ArrayOfTables(&'static [(&'static str, Kind)]),
}

const LEAFLET_KEYS: &[(&str, Kind)] = &[
    ("id", Kind::Text),
    ("title", Kind::Text),
    ("language", Kind::Text),
    ("publisher", Kind::Text),
    ("summary", Kind::Text),
    ("reviewed", Kind::Text),
    ("next_review", Kind::Text),
];

const PRINT_KEYS: &[(&str, Kind)] = &[
    ("size", Kind::Text),
    ("bleed_mm", Kind::Number),
    ("crop_marks", Kind::TrueOrFalse),
    ("binding", Kind::Text),
    ("stock", Kind::Text),
];

const LARGE_PRINT_KEYS: &[(&str, Kind)] = &[("size_pt", Kind::Number)];

const BRAILLE_KEYS: &[(&str, Kind)] = &[
    ("cells_per_line", Kind::Number),
    ("lines_per_page", Kind::Number),
];

const LABELS_KEYS: &[(&str, Kind)] = &[
    ("notes", Kind::Text),
    ("published_by", Kind::Text),
    ("last_reviewed", Kind::Text),
    ("next_review_due", Kind::Text),
    ("contents", Kind::Text),
    ("landmarks", Kind::Text),
    ("pages", Kind::Text),
    ("date", Kind::Text),
    ("month_date", Kind::Text),
    ("months", Kind::TextList),
    ("months_alone", Kind::TextList),
];

const SECTION_KEYS: &[(&str, Kind)] = &[
    ("id", Kind::Text),
    ("heading", Kind::Text),
    ("body", Kind::Text),
];

/// The tables of a source file and their keys: the format's whole shape.
/// `schema.rs` declares the same keys for serde; a test keeps them in step.
const FILE_KEYS: &[(&str, Kind)] = &[
    ("leaflet", Kind::Table(LEAFLET_KEYS)),
    ("print", Kind::Table(PRINT_KEYS)),
    ("large_print", Kind::Table(LARGE_PRINT_KEYS)),
    ("braille", Kind::Table(BRAILLE_KEYS)),
    ("labels", Kind::Table(LABELS_KEYS)),
    ("section", Kind::ArrayOfTables(SECTION_KEYS)),
];

/// Checks the shape of the whole document, removing every entry it reports.
pub fn check(document: &mut Spanned<DeTable<'_>>) -> Vec<ShapeProblem> {
    let mut problems = Vec::new();
    check_table(document.get_mut(), 0, FILE_KEYS, None, &mut problems);
    problems.sort_by_key(|problem| problem.offset);
    problems
}

/// Checks one table's keys and values against `keys`; `name` is the
/// table's name for messages (`None` for the top level).
fn check_table(
    table: &mut DeTable<'_>,
    table_start: usize,
    keys: &[(&'static str, Kind)],
    name: Option<&str>,
    problems: &mut Vec<ShapeProblem>,
) {
    let place = match name {
        Some(name) => format!("in [{name}]"),
        None => "at the top of the file".to_owned(),
    };
    let mut taken_out: Vec<String> = Vec::new();
    for (key, value) in table.iter_mut() {
        let name: &str = key.get_ref();
        let Some(&(known, kind)) = keys.iter().find(|(known, _)| *known == name) else {
            let nearest = nearest_key(name, keys);
            let known: Vec<&str> = keys.iter().map(|(key, _)| *key).collect();
            problems.push(ShapeProblem {
                offset: key.span().start,
                message: format!("unknown key `{name}` {place}"),
                hint: match nearest {
                    Some(nearest) => format!(
                        "did you mean `{nearest}`? (keys allowed here: {})",
                        known.join(", ")
                    ),
                    None => format!("remove it: the keys allowed here are {}", known.join(", ")),
                },
                stands_for: nearest.map(|nearest| (table_start, nearest)),
            });
            taken_out.push(name.to_owned());
            continue;
        };
        let reported_before = problems.len();
        if !check_value(value, kind, name, problems) {
            taken_out.push(name.to_owned());
            // The key is there, only its value is wrong: it is not missing.
            if let Some(problem) = problems.get_mut(reported_before) {
                problem.stands_for = Some((table_start, known));
            }
        }
    }
    for key in taken_out {
        table.remove(key.as_str());
    }
}

/// Checks a value against its kind, pushing every problem found; `false`
/// when the value must be taken out (it is of the wrong kind, or a list of
/// tables holds something else).
fn check_value(
    value: &mut Spanned<DeValue<'_>>,
    kind: Kind,
    key: &str,
    problems: &mut Vec<ShapeProblem>,
) -> bool {
    let offset = value.span().start;
    let found = describe(value.get_ref());
    let (message, hint) = match (kind, value.get_mut()) {
        (Kind::Number, DeValue::Integer(integer))
            if i64::from_str_radix(&integer.as_str().replace('_', ""), integer.radix()).is_err() =>
        {
            (
                format!("`{key}` is a number too large to read"),
                format!("write a small number, such as {key} = {}", example(key)),
            )
        }
        (Kind::Number, DeValue::Float(float))
            if !float
                .as_str()
                .replace('_', "")
                .parse::<f64>()
                .is_ok_and(f64::is_finite) =>
        {
            (
                format!("`{key}` is not a finite number"),
                format!("write a small number, such as {key} = {}", example(key)),
            )
        }
        (Kind::TextList, DeValue::Array(array)) => {
            // Every entry that is not text is reported; the list is then
            // taken out whole.
            let mut all_text = true;
            for (index, element) in array.iter().enumerate() {
                if !matches!(element.get_ref(), DeValue::String(_)) {
                    all_text = false;
                    problems.push(ShapeProblem {
                        offset: element.span().start,
                        message: format!(
                            "entry {} of `{key}` must be text in quotes, not {}",
                            index + 1,
                            describe(element.get_ref())
                        ),
                        hint: "put each name in quotes".to_owned(),
                        stands_for: None,
                    });
                }
            }
            return all_text;
        }
        (Kind::TextList, _) => (
            format!("`{key}` must be a list of text, not {found}"),
            format!("write {key} = [\"...\", \"...\"], each name in quotes"),
        ),
        (Kind::Text, DeValue::String(_))
        | (Kind::Number, DeValue::Integer(_) | DeValue::Float(_))
        | (Kind::TrueOrFalse, DeValue::Boolean(_)) => return true,
        (Kind::Table(keys), DeValue::Table(table)) => {
            check_table(table, offset, keys, Some(key), problems);
            return true;
        }
        (Kind::ArrayOfTables(keys), DeValue::Array(array)) => {
            // The tables are checked and kept; anything else is reported
            // and left out, so that the tables' own problems are reported too.
            let elements = std::mem::replace(array, DeArray::new());
            for (index, mut element) in elements.into_iter().enumerate() {
                let offset = element.span().start;
                match element.get_mut() {
                    DeValue::Table(table) => {
                        check_table(table, offset, keys, Some(&format!("[{key}]")), problems);
                        array.push(element);
                    }
                    other => problems.push(ShapeProblem {
                        offset,
                        message: format!(
                            "entry {} of `{key}` must be a table, not {}",
                            index + 1,
                            describe(other)
                        ),
                        hint: format!("write each one as [[{key}]] with its keys below it"),
                        stands_for: None,
                    }),
                }
            }
            return true;
        }
        (Kind::Text, DeValue::Datetime(_)) => (
            "a date must be written as a string, in quotes".to_owned(),
            format!("write {key} = \"2026-03\" rather than {key} = 2026-03"),
        ),
        (Kind::Text, _) => (
            format!("`{key}` must be text in quotes, not {found}"),
            "put the value in quotes".to_owned(),
        ),
        (Kind::Number, _) => (
            format!("`{key}` must be a number, not {found}"),
            format!("write the number without quotes, such as {key} = {}", example(key)),
        ),
        (Kind::TrueOrFalse, _) => (
            format!("`{key}` must be true or false, not {found}"),
            "write true or false, without quotes".to_owned(),
        ),
        (Kind::Table(_), _) => (
            format!("`{key}` must be a table, [{key}], not {found}"),
            "write the table's name in square brackets on a line of its own, with its keys below it"
                .to_owned(),
        ),
        (Kind::ArrayOfTables(_), DeValue::Table(_)) => (
            format!("`[{key}]` must be written [[{key}]], with double brackets"),
            format!("write [[{key}]], with double brackets, once for each"),
        ),
        (Kind::ArrayOfTables(_), _) => (
            format!("`{key}` must be tables written [[{key}]], not {found}"),
            format!("write [[{key}]], with double brackets, once for each, with its keys below it"),
        ),
    };
    problems.push(ShapeProblem {
        offset,
        message,
        hint,
        stands_for: None,
    });
    false
}

/// A sensible value of a number key, for hints.
fn example(key: &str) -> &'static str {
    match key {
        "size_pt" => "18",
        "cells_per_line" => "40",
        "lines_per_page" => "25",
        _ => "3",
    }
}

/// What kind of TOML value something is, in words.
fn describe(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "text",
        DeValue::Integer(_) | DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// The known key a misspelt one is nearest to, if any is near enough.
fn nearest_key(unknown: &str, keys: &[(&'static str, Kind)]) -> Option<&'static str> {
    keys.iter()
        .map(|(name, _)| (strsim::damerau_levenshtein(unknown, name), *name))
        .min()
        // Near enough to be a slip: one edit in a short key, up to half the
        // letters in a longer one (`titel`, `langauge`, `header`).
        .filter(|(distance, _)| *distance <= (unknown.chars().count() / 2).max(1))
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        let mut document = DeTable::parse(text).unwrap();
        check(&mut document)
            .into_iter()
            .map(|problem| problem.message)
            .collect()
    }

    #[test]
    fn every_shape_problem_is_reported_at_once() {
        let found = problems(
            "[leaflet]\ntitel = \"x\"\nid = 3\nreviewed = 2026-03-01\n\
             [print]\nbleed_mm = \"3\"\ncrop_marks = \"yes\"\n[printing]\n\
             [section]\nid = \"a\"\n",
        );
        assert_eq!(
            found,
            [
                "unknown key `titel` in [leaflet]",
                "`id` must be text in quotes, not a number",
                "a date must be written as a string, in quotes",
                "`bleed_mm` must be a number, not text",
                "`crop_marks` must be true or false, not text",
                "unknown key `printing` at the top of the file",
                "`[section]` must be written [[section]], with double brackets",
            ]
        );
    }

    #[test]
    fn reported_entries_are_taken_out_and_the_rest_kept() {
        let mut document = DeTable::parse(
            "[leaflet]\ntitel = \"x\"\ntitle = \"y\"\n[[section]]\nheader = \"h\"\nid = \"a\"\n",
        )
        .unwrap();
        assert_eq!(check(&mut document).len(), 2);
        let Some(leaflet) = document.get_ref().get("leaflet") else {
            panic!("the leaflet table is kept")
        };
        let DeValue::Table(leaflet) = leaflet.get_ref() else {
            panic!()
        };
        assert!(leaflet.get("title").is_some() && leaflet.get("titel").is_none());
    }

    #[test]
    fn the_shape_and_the_serde_schema_know_the_same_keys() {
        use serde::Deserialize;
        use serde::de::IntoDeserializer;
        // A file with every key this pass knows, each with a value of its
        // kind: no problem here, and serde (which refuses unknown keys)
        // reads every one.
        let mut text = String::new();
        for (name, kind) in FILE_KEYS {
            let (header, keys) = match kind {
                Kind::Table(keys) => (format!("[{name}]"), keys),
                Kind::ArrayOfTables(keys) => (format!("[[{name}]]"), keys),
                _ => unreachable!("the top level holds tables"),
            };
            text.push_str(&header);
            text.push('\n');
            for (key, kind) in *keys {
                let value = match kind {
                    Kind::Text => "\"x\"",
                    Kind::TextList => "[\"x\"]",
                    Kind::Number => "1",
                    Kind::TrueOrFalse => "true",
                    _ => unreachable!("no nested tables"),
                };
                text.push_str(&format!("{key} = {value}\n"));
            }
        }
        let mut document = DeTable::parse(&text).unwrap();
        assert_eq!(check(&mut document), []);
        let file = super::super::schema::SourceFile::deserialize(document.into_deserializer());
        let file = file.unwrap();
        let leaflet = file.leaflet.unwrap().into_inner();
        assert!(leaflet.publisher.is_some() && leaflet.summary.is_some());
        assert!(file.print.unwrap().crop_marks.is_some());
        assert!(file.sections[0].get_ref().body.is_some());
        assert!(file.labels.unwrap().into_inner().months.is_some());
    }

    #[test]
    fn a_misspelt_key_gets_the_nearest_known_one() {
        assert_eq!(nearest_key("titel", LEAFLET_KEYS), Some("title"));
        assert_eq!(nearest_key("langauge", LEAFLET_KEYS), Some("language"));
        assert_eq!(nearest_key("colour", PRINT_KEYS), None);
        assert_eq!(nearest_key("header", SECTION_KEYS), Some("heading"));
        assert_eq!(nearest_key("sub", SECTION_KEYS), None);
        assert_eq!(nearest_key("", SECTION_KEYS), None);
    }
}
