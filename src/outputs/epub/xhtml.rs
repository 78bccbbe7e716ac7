//! The EPUB's XHTML documents: the leaflet itself and the navigation
//! document. Every string from the leaflet is escaped as XML text or as an
//! attribute value, so `<`, `&` and quotes show as written and never as
//! markup.

use std::fmt::Write as _;

use crate::labels::Label;
use crate::language::direction;
use crate::model::{Block, Leaflet, end_matter};
use crate::outputs::markup::{LinkMarkup, escape_attribute, escape_text, inline};
use crate::outputs::pagination::{BlockKey, Pagination, PrintPage};

/// The leaflet document's file name inside the package folder.
pub const LEAFLET_FILE: &str = "leaflet.xhtml";
/// The navigation document's file name inside the package folder. It is
/// not in the spine, so nothing links to it (EPUBCheck RSC-011): the
/// landmarks point into the leaflet only.
pub const NAV_FILE: &str = "nav.xhtml";
/// The stylesheet's file name inside the package folder.
pub const STYLESHEET_FILE: &str = "leaflet.css";

/// The stylesheet: relative units only, so the reader's own font, size and
/// colours win; ragged right and never hyphenated, as the README's design
/// notes ("The EPUB") say.
pub const STYLESHEET: &str = "\
body { line-height: 1.5; text-align: start; hyphens: none; -epub-hyphens: none; }
h1 { font-size: 1.6em; line-height: 1.2; margin: 0 0 0.8em 0; }
h2 { font-size: 1.3em; line-height: 1.25; margin: 1.5em 0 0.6em 0; }
p, li { text-align: start; hyphens: none; -epub-hyphens: none; }
p { margin: 0 0 0.9em 0; }
li { margin: 0 0 0.4em 0; }
.summary { font-weight: bold; }
.end-matter { margin-top: 2em; }
";

/// `lang` and `xml:lang` (and `dir`) for the leaflet's language, as
/// attributes.
fn language_attributes(language: &str) -> String {
    let dir = direction(language);
    let language = escape_attribute(language);
    format!(r#"lang="{language}" xml:lang="{language}" dir="{dir}""#)
}

/// The attributes that mark a label in another language than the
/// leaflet's (leafpress's English, where the language has no labels of its
/// own), or nothing for a label in the leaflet's language.
fn label_attributes(label: &Label) -> String {
    lang_attributes(label.lang.as_deref())
}

/// ` lang="..." xml:lang="..." dir="..."` for a language other than the
/// leaflet's, or nothing.
fn lang_attributes(lang: Option<&str>) -> String {
    match lang {
        Some(lang) => format!(" {}", language_attributes(lang)),
        None => String::new(),
    }
}

/// A label as XHTML text, in a `span` marking its language when that is
/// not the leaflet's.
fn label_text(label: &Label) -> String {
    match &label.lang {
        Some(_) => format!(
            "<span{}>{}</span>",
            label_attributes(label),
            escape_text(&label.text)
        ),
        None => escape_text(&label.text),
    }
}

/// The start of an XHTML document, up to and including `<body>`.
fn head(leaflet: &Leaflet, title: &str, body_attributes: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" {}>
<head>
<meta charset="utf-8"/>
<title>{}</title>
<link rel="stylesheet" type="text/css" href="{STYLESHEET_FILE}"/>
</head>
<body{body_attributes}>
"#,
        language_attributes(&leaflet.language),
        escape_text(title),
    )
}

/// The id of a section's element in the leaflet document.
pub fn section_anchor(section_id: &str) -> String {
    format!("section-{section_id}")
}

/// The id of a page's page-break marker: by the page's place in the PDF,
/// which is unique even where printed numbers repeat.
pub fn page_anchor(page: &PrintPage) -> String {
    format!("page-{}", page.index)
}

/// Writes the leaflet document, with a page-break marker before the block in
/// which each page of the print edition begins, when there is a pagination.
pub fn leaflet_document(leaflet: &Leaflet, pagination: Option<&Pagination>) -> String {
    // The page-break markers of the pages that begin in a block.
    let markers = |key: BlockKey| -> String {
        let Some(pagination) = pagination else {
            return String::new();
        };
        pagination
            .pages_beginning_in(key)
            .iter()
            .map(|page| {
                format!(
                    r#"<span epub:type="pagebreak" role="doc-pagebreak" id="{}" aria-label="{}"></span>"#,
                    page_anchor(page),
                    escape_attribute(&page.label)
                )
            })
            .collect()
    };
    // A block as its element, with its page markers before it.
    let outside =
        |key: BlockKey, element: String| -> String { format!("{}{element}\n", markers(key)) };

    let mut out = head(leaflet, &leaflet.title, r#" epub:type="bodymatter""#);
    out.push_str("<main>\n");
    out.push_str(&outside(
        BlockKey::Title,
        format!(r#"<h1 id="title">{}</h1>"#, escape_text(&leaflet.title)),
    ));
    if let Some(summary) = &leaflet.summary {
        out.push_str(&outside(
            BlockKey::Summary,
            format!(r#"<p class="summary">{}</p>"#, escape_text(summary)),
        ));
    }
    for (s, section) in leaflet.sections.iter().enumerate() {
        let _ = writeln!(
            out,
            r#"<section id="{}">"#,
            escape_attribute(&section_anchor(&section.id))
        );
        out.push_str(&outside(
            BlockKey::Heading(s),
            format!("<h2>{}</h2>", escape_text(&section.heading)),
        ));
        for (b, block) in section.blocks.iter().enumerate() {
            match block {
                Block::Paragraph { content } => out.push_str(&outside(
                    BlockKey::Paragraph(s, b),
                    format!("<p>{}</p>", inline(content, LinkMarkup::Plain)),
                )),
                Block::BulletList { items } | Block::NumberedList { items, .. } => {
                    let (tag, start) = match block {
                        Block::NumberedList { start, .. } if *start != 1 => {
                            ("ol", format!(r#" start="{start}""#))
                        }
                        Block::NumberedList { .. } => ("ol", String::new()),
                        _ => ("ul", String::new()),
                    };
                    let _ = writeln!(out, "<{tag}{start}>");
                    for (i, item) in items.iter().enumerate() {
                        // Inside the item: a list holds nothing but items.
                        let key = BlockKey::ListItem(s, b, i);
                        let _ = writeln!(
                            out,
                            "<li>{}{}</li>",
                            markers(key),
                            inline(&item.content, LinkMarkup::Plain)
                        );
                    }
                    let _ = writeln!(out, "</{tag}>");
                }
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("<section class=\"end-matter\">\n");
    for (n, line) in end_matter(leaflet).iter().enumerate() {
        // The paragraph is in its label's language (and direction); a piece
        // in another language is marked on its own.
        let pieces: String = line.pieces.iter().map(label_text).collect();
        let attributes = lang_attributes(line.lang.as_deref());
        out.push_str(&outside(
            BlockKey::EndMatter(n),
            format!("<p{attributes}>{pieces}</p>"),
        ));
    }
    out.push_str("</section>\n</main>\n</body>\n</html>\n");
    out
}

/// Writes the navigation document: the table of contents (every section),
/// the page-list of the print edition (when there is a pagination), and the
/// landmarks. Its title and headings are the leaflet's labels, each marked
/// with its language when that is not the leaflet's.
pub fn nav_document(leaflet: &Leaflet, pagination: Option<&Pagination>) -> String {
    let labels = &leaflet.labels;
    let mut out = head(leaflet, &labels.contents.text, "").replacen(
        "<title>",
        &format!("<title{}>", label_attributes(&labels.contents)),
        1,
    );
    let _ = writeln!(
        out,
        r#"<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-heading">
<h1 id="toc-heading"{}>{}</h1>
<ol>"#,
        label_attributes(&labels.contents),
        escape_text(&labels.contents.text)
    );
    for section in &leaflet.sections {
        let _ = writeln!(
            out,
            r##"<li><a href="{LEAFLET_FILE}#{}">{}</a></li>"##,
            escape_attribute(&section_anchor(&section.id)),
            escape_text(&section.heading)
        );
    }
    out.push_str("</ol>\n</nav>\n");
    if let Some(pagination) = pagination {
        let _ = writeln!(
            out,
            r#"<nav epub:type="page-list" role="doc-pagelist" id="page-list" aria-labelledby="page-list-heading" hidden="hidden">
<h2 id="page-list-heading"{}>{}</h2>
<ol>"#,
            label_attributes(&labels.pages),
            escape_text(&labels.pages.text)
        );
        for page in pagination.pages() {
            let _ = writeln!(
                out,
                r##"<li><a href="{LEAFLET_FILE}#{}">{}</a></li>"##,
                page_anchor(page),
                escape_text(&page.label)
            );
        }
        out.push_str("</ol>\n</nav>\n");
    }
    let _ = writeln!(
        out,
        r##"<nav epub:type="landmarks" id="landmarks" aria-labelledby="landmarks-heading" hidden="hidden">
<h2 id="landmarks-heading"{}>{}</h2>
<ol>
<li><a epub:type="bodymatter" href="{LEAFLET_FILE}#title">{}</a></li>
</ol>
</nav>
</body>
</html>"##,
        label_attributes(&labels.landmarks),
        escape_text(&labels.landmarks.text),
        escape_text(&leaflet.title)
    );
    out
}
