//! The `.docx` reader: Office Open XML (ECMA-376) to a [`Document`].
//!
//! One module a part of the job: `package` opens the ZIP package and its
//! parts within caps, `styles` and `numbering` say what a paragraph is,
//! `notes` reads comments, footnotes, headers and footers, `body`
//! walks the body in reading order (its tables in `body::table`, images,
//! text boxes and footnote references in `body::objects`), and `text`
//! tidies the white space of a paragraph's spans.

mod body;
mod notes;
mod numbering;
mod package;
mod styles;
mod text;
mod xml;

#[cfg(test)]
mod tests;

use roxmltree::Document as Xml;

use super::Unreadable;
use super::document::{Document, Note, Place};
use body::{Context, Walker};
use numbering::Numbering;
use package::{Package, Relationships, parse};
use styles::Styles;
use xml::child;

/// Reads a `.docx` file's bytes.
pub fn read(bytes: &[u8]) -> Result<Document, Unreadable> {
    let mut package = Package::open(bytes)?;
    let main = package.main_part()?;
    let main_text = package.text(&main)?.ok_or_else(not_word)?;
    let main_xml = parse(&main_text, &main)?;
    let root = main_xml.root_element();
    let body = match root.tag_name().name() {
        "document" => child(root, "body").ok_or_else(not_word)?,
        "workbook" => {
            return Err(
                not_word().with_hint("it is an Excel workbook: a leaflet must be a Word document")
            );
        }
        "presentation" => {
            return Err(not_word()
                .with_hint("it is a PowerPoint presentation: a leaflet must be a Word document"));
        }
        _ => return Err(not_word()),
    };
    let rels = package.relationships(&main)?;

    let styles_text = part_text(&mut package, &rels, "styles", Some("word/styles.xml"))?;
    let styles_xml = parsed(&styles_text)?;
    let styles = Styles::read(styles_xml.as_ref());
    let numbering_text = part_text(&mut package, &rels, "numbering", Some("word/numbering.xml"))?;
    let numbering_xml = parsed(&numbering_text)?;
    let numbering = Numbering::read(numbering_xml.as_ref());
    let comments_text = part_text(&mut package, &rels, "comments", None)?;
    let comments_xml = parsed(&comments_text)?;
    let comments = notes::comments(comments_xml.as_ref());
    let footnotes_text = part_text(&mut package, &rels, "footnotes", None)?;
    let footnotes_xml = parsed(&footnotes_text)?;
    let endnotes_text = part_text(&mut package, &rels, "endnotes", None)?;
    let endnotes_xml = parsed(&endnotes_text)?;

    let context = Context {
        styles: &styles,
        numbering: &numbering,
        rels: &rels,
        comments: &comments,
        footnotes: notes::notes(footnotes_xml.as_ref()),
        endnotes: notes::notes(endnotes_xml.as_ref()),
    };
    let mut walker = Walker::new(&context);
    walker.blocks(body)?;
    let mut unplaced: Vec<(&String, &notes::Comment)> = comments
        .iter()
        .filter(|(id, comment)| !walker.noted_comments().contains(*id) && !comment.text.is_empty())
        .collect();
    unplaced.sort_by(|a, b| a.0.cmp(b.0));
    let unplaced: Vec<Note> = unplaced
        .into_iter()
        .map(|(_, comment)| Note {
            place: Place::Block(walker.document.blocks.len()),
            message: match &comment.author {
                Some(author) => {
                    format!("a comment by {author}, on no place the reader found, was left out")
                }
                None => "a comment, on no place the reader found, was left out".into(),
            },
            text: comment.text.clone(),
        })
        .collect();
    let languages = std::mem::take(&mut walker.languages);
    let mut document = walker.finish();
    document.notes.extend(unplaced);

    for (kind, place) in [("header", "the page header"), ("footer", "the page footer")] {
        let mut texts = Vec::new();
        for rel in rels.of_kind(kind).filter(|rel| !rel.external) {
            if let Some(text) = package.text(&rel.target)? {
                texts.push((rel.target.clone(), text));
            }
        }
        let documents = texts
            .iter()
            .map(|(name, text)| parse(text, name))
            .collect::<Result<Vec<_>, _>>()?;
        let words = notes::margin_text(&documents);
        if !words.is_empty() {
            document.notes.push(Note {
                place: Place::Outside(place.into()),
                message: format!("{place} was left out: a leaflet has none"),
                text: words,
            });
        }
    }

    document.language = styles.language().or_else(|| {
        languages
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(lang, _)| lang)
    });
    if document.blocks.is_empty() {
        return Err(Unreadable::new("the Word document holds no text").with_hint(
            "a leaflet's words must be in the document's body (not only in its page headers or footers)",
        ));
    }
    Ok(document)
}

/// The file is not a Word document.
fn not_word() -> Unreadable {
    Unreadable::new("the file is not a Word document (.docx)")
        .with_hint("save the leaflet from Word as a Word Document (.docx)")
}

/// The text of the part the main part relates to by `kind`, else of the
/// usual part name `fallback`, with its name; `None` when there is none.
fn part_text(
    package: &mut Package<'_>,
    rels: &Relationships,
    kind: &str,
    fallback: Option<&str>,
) -> Result<Option<(String, String)>, Unreadable> {
    let name = rels.part(kind).or_else(|| fallback.map(str::to_owned));
    let Some(name) = name else {
        return Ok(None);
    };
    Ok(package.text(&name)?.map(|text| (name, text)))
}

/// A part's XML, parsed.
fn parsed(part: &Option<(String, String)>) -> Result<Option<Xml<'_>>, Unreadable> {
    part.as_ref()
        .map(|(name, text)| parse(text, name))
        .transpose()
}
