//! A key or table written twice: which one, and where it was first written.
//!
//! The toml crate refuses a key written twice in one table with "duplicate
//! key" at the second writing, and its error keeps no trace of the first.
//! This module finds it again: it reads the statement that holds the second
//! writing (a `key = value` line, a `[table]` or a `[[table]]` header, or a
//! key inside an inline table), parses the file up to that statement (which
//! holds the first writing and not the second), and looks the key up in the
//! table the statement belongs to. In the second `[[section]]`, that is the
//! second section: its own first `heading`, not the first section's.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A key or table written twice, as the second writing was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// Where the second writing starts: its whole key (`meta` of
    /// `meta.title`), or the `[` of its table header.
    pub offset: usize,
    /// What is written twice, in words: "the key `title`", "the table
    /// `[leaflet]`".
    pub what: String,
    /// Where it was first written, when that could be found.
    pub first: Option<usize>,
    /// How to put it right.
    pub hint: String,
}

/// The kind of statement a key is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Statement {
    /// `key = value`, the key perhaps dotted.
    KeyValue,
    /// `[table]`.
    Table,
    /// `[[table]]`.
    ArrayOfTables,
}

const KEY_HINT: &str = "write each key once per table: keep the one you mean and delete the other";

/// Describes the duplicate whose second writing toml reported at `span`,
/// a byte range of `text`.
pub fn describe(text: &str, span: Range<usize>) -> Duplicate {
    let span = span.start.min(text.len())..span.end.clamp(span.start, text.len());
    let key = text.get(span.clone()).unwrap_or("").trim();
    let fallback = Duplicate {
        offset: span.start,
        what: format!("the key `{key}`"),
        first: None,
        hint: KEY_HINT.to_owned(),
    };
    if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
        return fallback;
    }
    let (whole, _) = DeTable::parse_recoverable(text);
    if let Some(inline) = innermost_inline_table(text, whole.get_ref(), span.start) {
        // The key starts after the comma, brace or line break before it (a
        // comma inside a quoted key defeats this, and then the key does not
        // parse: the first writing is left unsaid, not guessed).
        let start = text[..span.start]
            .rfind([',', '{', '\n'])
            .map_or(0, |at| at + 1);
        let written = text[start..span.end].trim();
        return match key_path(written, Statement::KeyValue) {
            Some(path) => Duplicate {
                offset: span.end - written.len(),
                what: format!("the key `{written}`"),
                first: find_key(inline, &path),
                hint: KEY_HINT.to_owned(),
            },
            None => fallback,
        };
    }
    let line_start = text[..span.start].rfind('\n').map_or(0, |at| at + 1);
    let written = text[line_start..span.end].trim_start();
    let offset = span.end - written.len();
    let (statement, inner) = if let Some(inner) = written.strip_prefix("[[") {
        (Statement::ArrayOfTables, inner)
    } else if let Some(inner) = written.strip_prefix('[') {
        (Statement::Table, inner)
    } else {
        (Statement::KeyValue, written)
    };
    let Some(path) = key_path(inner, statement) else {
        return fallback;
    };
    // The file before the statement: the first writing is there, the
    // second is not.
    let (before, _) = DeTable::parse_recoverable(&text[..line_start]);
    let table = match statement {
        Statement::KeyValue => last_header_table(text, before.get_ref()),
        Statement::Table | Statement::ArrayOfTables => before.get_ref(),
    };
    let first = find_key(table, &path);
    let inner = inner.trim();
    let (what, hint) = match statement {
        Statement::KeyValue => (format!("the key `{inner}`"), KEY_HINT.to_owned()),
        _ => {
            let header = match statement {
                Statement::ArrayOfTables => format!("[[{inner}]]"),
                _ => format!("[{inner}]"),
            };
            let first_statement = first.map(|at| statement_at(text, at));
            match (statement, first_statement) {
                (Statement::Table, Some(Statement::Table)) => (
                    format!("the table `{header}`"),
                    "write each table's header once, with all its keys below it".to_owned(),
                ),
                (_, Some(Statement::Table | Statement::ArrayOfTables)) => {
                    let name = path.join(".");
                    (
                        format!("the table `{name}`"),
                        format!("write [[{name}]], with double brackets, for each one"),
                    )
                }
                _ => (
                    format!("the key `{}`", path.join(".")),
                    format!("`{header}` names a key this table already has: keep one of the two"),
                ),
            }
        }
    };
    Duplicate {
        offset,
        what,
        first,
        hint,
    }
}

/// The names of a key as written in a statement (`meta.title`, `"a b".c`,
/// or a header's inside, `leaflet`), decoded by toml itself.
fn key_path(written: &str, statement: Statement) -> Option<Vec<String>> {
    let written = written.trim();
    let probe = match statement {
        Statement::KeyValue => format!("{written} = 0"),
        Statement::Table => format!("[{written}]"),
        Statement::ArrayOfTables => format!("[[{written}]]"),
    };
    let parsed = DeTable::parse(&probe).ok()?;
    let mut path = Vec::new();
    let mut table = parsed.get_ref();
    // One entry at each level: the probe holds one key, dotted or not.
    while let Some((name, value)) = table.iter().next().filter(|_| table.len() == 1) {
        path.push(name.get_ref().to_string());
        match value.get_ref() {
            DeValue::Table(inner) => table = inner,
            _ => break,
        }
    }
    (!path.is_empty()).then_some(path)
}

/// What kind of statement the key at `offset` is written in.
fn statement_at(text: &str, offset: usize) -> Statement {
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let written = text[line_start..].trim_start();
    if written.starts_with("[[") {
        Statement::ArrayOfTables
    } else if written.starts_with('[') {
        Statement::Table
    } else {
        Statement::KeyValue
    }
}

/// Whether a value is a table written with a header: its span starts at
/// the header's `[` (a dotted table's starts at its key, an inline table's
/// at `{`).
fn is_header_table(text: &str, value: &Spanned<DeValue<'_>>) -> bool {
    matches!(value.get_ref(), DeValue::Table(_))
        && text
            .get(value.span().start..)
            .is_some_and(|rest| rest.starts_with('['))
}

/// The table whose header is the last one in the document: the table the
/// next `key = value` goes into (the top level when there is no header).
fn last_header_table<'d>(text: &str, document: &'d DeTable<'d>) -> &'d DeTable<'d> {
    let mut last: Option<(usize, &DeTable<'_>)> = None;
    visit_tables(document, &mut |value| {
        if let (true, DeValue::Table(table)) = (is_header_table(text, value), value.get_ref()) {
            let start = value.span().start;
            if last.is_none_or(|(at, _)| start > at) {
                last = Some((start, table));
            }
        }
    });
    last.map_or(document, |(_, table)| table)
}

/// Calls `visit` on every table value below `table`, the tables of arrays
/// included.
fn visit_tables<'d>(table: &'d DeTable<'d>, visit: &mut dyn FnMut(&'d Spanned<DeValue<'d>>)) {
    for value in table.values() {
        match value.get_ref() {
            DeValue::Table(inner) => {
                visit(value);
                visit_tables(inner, visit);
            }
            DeValue::Array(array) => {
                for element in array.iter() {
                    if let DeValue::Table(inner) = element.get_ref() {
                        visit(element);
                        visit_tables(inner, visit);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Where the key `path` (dotted) is written in `table`, following a list
/// of tables into its last table as TOML does.
fn find_key(mut table: &DeTable<'_>, path: &[String]) -> Option<usize> {
    let (last, parents) = path.split_last()?;
    for name in parents {
        let (_, value) = table.iter().find(|(key, _)| key.get_ref() == name)?;
        table = match value.get_ref() {
            DeValue::Table(inner) => inner,
            DeValue::Array(array) => match array.iter().last()?.get_ref() {
                DeValue::Table(inner) => inner,
                _ => return None,
            },
            _ => return None,
        };
    }
    let (key, _) = table.iter().find(|(key, _)| key.get_ref() == last)?;
    Some(key.span().start)
}

/// The innermost inline table (`{ ... }`) of `document` that holds
/// `offset`.
fn innermost_inline_table<'d>(
    text: &str,
    document: &'d DeTable<'d>,
    offset: usize,
) -> Option<&'d DeTable<'d>> {
    let mut innermost: Option<(usize, &DeTable<'_>)> = None;
    visit_tables(document, &mut |value| {
        let span = value.span();
        let inline = text
            .get(span.start..)
            .is_some_and(|rest| rest.starts_with('{'));
        if let (true, true, DeValue::Table(table)) =
            (inline, span.contains(&offset), value.get_ref())
            && innermost.is_none_or(|(start, _)| span.start > start)
        {
            innermost = Some((span.start, table));
        }
    });
    innermost.map(|(_, table)| table)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line and column, both from 1 (columns in bytes: the tests are
    /// ASCII).
    type LineColumn = (usize, usize);

    /// The duplicate toml reports in `text`: what it is, where the second
    /// and the first writings are, and the hint.
    fn duplicate(text: &str) -> (String, LineColumn, Option<LineColumn>, String) {
        let error = DeTable::parse(text).expect_err("a duplicate");
        assert_eq!(error.message(), "duplicate key");
        let found = describe(text, error.span().unwrap());
        let position = |offset: usize| {
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |at| at + 1) + 1;
            (line, column)
        };
        (
            found.what,
            position(found.offset),
            found.first.map(position),
            found.hint,
        )
    }

    #[test]
    fn a_key_written_twice_points_at_its_first_writing() {
        let (what, at, first, _) =
            duplicate("[leaflet]\nid = \"a\"\ntitle = \"x\"\ntitle = \"y\"\n");
        assert_eq!(what, "the key `title`");
        assert_eq!((at, first), ((4, 1), Some((3, 1))));
        let (what, at, first, _) = duplicate("a = 1\n  a = 2\n");
        assert_eq!(what, "the key `a`");
        assert_eq!((at, first), ((2, 3), Some((1, 1))));
    }

    #[test]
    fn a_dotted_key_written_twice_is_named_whole() {
        let (what, at, first, _) =
            duplicate("[leaflet]\nmeta.title = \"x\"\nid = \"a\"\nmeta . title = \"y\"\n");
        assert_eq!(what, "the key `meta . title`");
        assert_eq!((at, first), ((4, 1), Some((2, 6))));
        // A dotted key into a table written with a header.
        let (what, at, first, _) = duplicate("[leaflet.meta]\na = 1\n[leaflet]\nmeta.b = 2\n");
        assert_eq!(what, "the key `meta`");
        assert_eq!((at, first), ((4, 1), Some((1, 10))));
        let (what, _, first, _) = duplicate("\"the title\" = 1\n'the title' = 2\n");
        assert_eq!(what, "the key `'the title'`");
        assert_eq!(first, Some((1, 1)));
    }

    #[test]
    fn a_key_twice_in_a_later_section_points_into_that_section() {
        let text = "[[section]]\nid = \"one\"\nheading = \"One\"\n\n\
                    [[section]]\nid = \"two\"\nheading = \"Two\"\nheading = \"Again\"\n";
        let (what, at, first, _) = duplicate(text);
        assert_eq!(what, "the key `heading`");
        assert_eq!((at, first), ((8, 1), Some((7, 1))));
    }

    #[test]
    fn a_table_written_twice_points_at_its_first_header() {
        let (what, at, first, hint) = duplicate(
            "[leaflet]\nid = \"a\"\n\n[print]\nsize = \"A5\"\n[leaflet]\ntitle = \"x\"\n",
        );
        assert_eq!(what, "the table `[leaflet]`");
        assert_eq!((at, first), ((6, 1), Some((1, 2))));
        assert!(hint.contains("header once"), "{hint}");
        let (what, at, first, hint) = duplicate("[section]\nid = \"a\"\n[[section]]\nid = \"b\"\n");
        assert_eq!(what, "the table `section`");
        assert_eq!((at, first), ((3, 1), Some((1, 2))));
        assert!(hint.contains("[[section]], with double brackets"), "{hint}");
        let (what, _, first, _) = duplicate("[[section]]\nid = \"a\"\n[section]\n");
        assert_eq!(what, "the table `section`");
        assert_eq!(first, Some((1, 3)));
        let (what, _, first, hint) = duplicate("leaflet = 1\n[leaflet]\n");
        assert_eq!(what, "the key `leaflet`");
        assert_eq!(first, Some((1, 1)));
        assert!(hint.contains("`[leaflet]` names a key"), "{hint}");
    }

    #[test]
    fn a_key_twice_in_an_inline_table_points_at_the_first() {
        let (what, at, first, _) =
            duplicate("[leaflet]\nprint = { size = \"A5\", size = \"A4\" }\n");
        assert_eq!(what, "the key `size`");
        assert_eq!((at, first), ((2, 24), Some((2, 11))));
        let (what, _, first, _) =
            duplicate("x = { a = { b = 1 }, b = 1, c.b = 3, c . b = 4, b = 2 }\n");
        assert_eq!(what, "the key `c . b`");
        assert_eq!(first, Some((1, 31)));
        let (_, _, first, _) = duplicate("x = {\n  s = 1,\n  s = 2,\n}\n");
        assert_eq!(first, Some((2, 3)));
    }
}
