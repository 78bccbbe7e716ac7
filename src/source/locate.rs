//! Finding where text of a valid leaflet was written in its source file,
//! for problems found after it was read (text no font can show): the
//! position of the first character a test picks, in file order, whether it
//! was typed, written as a TOML escape (`\u0995`) or, in a body, as an HTML
//! entity (`&#x995;`).

use serde::Deserialize;
use serde::de::IntoDeserializer;
use toml::Spanned;
use toml::de::DeTable;

use super::markup::body_events;
use super::position::{Position, SourceText};
use super::schema::SourceFile;
use super::structure;
use super::toml_string::StringMap;

/// Where a character was written, and the text from it on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Its line and column in the file.
    pub position: Position,
    /// The characters from it to the end of their run of text (the rest of
    /// the value, or of the body's text up to its next markup), as read.
    pub text: String,
}

/// The first character of the typeset text of a source (title, publisher,
/// summary, headings and bodies) for which `wanted` holds, in file order:
/// `None` when there is none, or when `text` is not a source that parses.
pub fn first_written(text: &str, wanted: &dyn Fn(char) -> bool) -> Option<Written> {
    let mut document = DeTable::parse(text).ok()?;
    let _ = structure::check(&mut document);
    let file = SourceFile::deserialize(document.into_deserializer()).ok()?;
    let mut plain: Vec<&Spanned<String>> = Vec::new();
    let mut bodies: Vec<&Spanned<String>> = Vec::new();
    if let Some(leaflet) = &file.leaflet {
        let fields = leaflet.get_ref();
        plain.extend(
            [&fields.title, &fields.publisher, &fields.summary]
                .into_iter()
                .flatten(),
        );
    }
    for section in &file.sections {
        plain.extend(&section.get_ref().heading);
        bodies.extend(&section.get_ref().body);
    }
    let found = plain
        .into_iter()
        .filter_map(|field| in_plain(text, field, wanted))
        .chain(
            bodies
                .into_iter()
                .filter_map(|field| in_body(text, field, wanted)),
        )
        .min_by_key(|(offset, _)| *offset)?;
    let (offset, rest) = found;
    Some(Written {
        position: SourceText::new(text.to_owned()).position(offset),
        text: rest,
    })
}

/// The file offset of the first wanted character of a plain value, and the
/// value from there.
fn in_plain(
    file: &str,
    field: &Spanned<String>,
    wanted: &dyn Fn(char) -> bool,
) -> Option<(usize, String)> {
    let value = field.get_ref();
    let (at, _) = value.char_indices().find(|&(_, c)| wanted(c))?;
    let map = StringMap::new(file, field.span(), value);
    Some((map.file_offset(at), value[at..].to_owned()))
}

/// The file offset of the first wanted character of a body: in its text as
/// markdown reads it (entities decoded), or else anywhere in it (a link's
/// address).
fn in_body(
    file: &str,
    field: &Spanned<String>,
    wanted: &dyn Fn(char) -> bool,
) -> Option<(usize, String)> {
    let body = field.get_ref();
    let map = StringMap::new(file, field.span(), body);
    for (event, range) in body_events(body) {
        let pulldown_cmark::Event::Text(text) = event else {
            continue;
        };
        let Some((at, _)) = text.char_indices().find(|&(_, c)| wanted(c)) else {
            continue;
        };
        // Text as written maps character by character; text markdown
        // decoded (an entity, an escape) maps to where it starts.
        let offset = if body.get(range.clone()) == Some(&*text) {
            range.start + at
        } else {
            range.start
        };
        return Some((map.file_offset(offset), text[at..].to_owned()));
    }
    let (at, _) = body.char_indices().find(|&(_, c)| wanted(c))?;
    Some((map.file_offset(at), body[at..].to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "[leaflet]\nid = \"x\"\ntitle = \"Title\"\nlanguage = \"bn\"\n\
        reviewed = \"2026-01\"\nnext_review = \"2028-01\"\n\n[[section]]\nid = \"a\"\n\
        heading = \"One\"\nbody = \"\"\"\nFirst line.\n\nSecond **কথা** here.\n\"\"\"\n";

    fn bengali(c: char) -> bool {
        ('\u{0980}'..='\u{09FF}').contains(&c)
    }

    #[test]
    fn a_typed_character_is_found_where_it_is() {
        let found = first_written(SOURCE, &bengali).unwrap();
        assert_eq!(
            found.position,
            Position {
                line: 14,
                column: 10
            }
        );
        assert_eq!(found.text, "কথা");
    }

    #[test]
    fn an_escape_or_an_entity_is_found_where_it_starts() {
        let escaped = SOURCE.replace("title = \"Title\"", "title = \"T \\u0995\"");
        let found = first_written(&escaped, &bengali).unwrap();
        assert_eq!(
            found.position,
            Position {
                line: 3,
                column: 12
            }
        );
        assert_eq!(found.text, "ক");
        let entity = SOURCE.replace("**কথা**", "**&#x995;**");
        let found = first_written(&entity, &bengali).unwrap();
        assert_eq!(
            found.position,
            Position {
                line: 14,
                column: 10
            }
        );
        assert_eq!(found.text, "ক");
    }

    #[test]
    fn text_never_typeset_is_not_looked_at() {
        let commented = SOURCE
            .replace("**কথা**", "word")
            .replace("[leaflet]\n", "# কথা\n[leaflet]\n");
        assert_eq!(first_written(&commented, &bengali), None);
    }
}
