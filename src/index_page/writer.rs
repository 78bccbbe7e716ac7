//! Writes the catalogue page: one self-contained HTML5 document (its CSS
//! inside, `index.css` beside this file; no script; nothing fetched), in
//! English, with each leaflet's title and summary in the leaflet's own
//! language and direction. Every string from a stamp is escaped.

use super::{Listed, ListedFile};
use crate::labels::english_dates;
use crate::language::direction;
use crate::model::ReviewDate;
use crate::size::human_size;
use crate::source::Day;

/// The page's stylesheet: a designer's file, not Rust's.
const STYLESHEET: &str = include_str!("index.css");

/// The page for the leaflets `listed`, with review marks as of `today`.
pub fn write(listed: &[Listed], today: Day) -> String {
    let mut page = String::new();
    page.push_str(&head());
    page.push_str("<body>\n<main>\n<h1>Leaflets</h1>\n");
    page.push_str(&introduction(listed.len(), today));
    for leaflet in listed {
        page.push_str(&entry(leaflet, today));
    }
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

/// The document's start: its language, its title, a policy that lets it
/// fetch nothing, and its stylesheet.
fn head() -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>Leaflets</title>\n<style>\n{STYLESHEET}</style>\n</head>\n"
    )
}

/// How many leaflets there are, and the date the review marks are as of.
fn introduction(count: usize, today: Day) -> String {
    let (year, month, day) = today;
    let date = ReviewDate {
        year,
        month: Some(month),
        day: Some(day),
    };
    let leaflets = match count {
        0 => "No leaflets have been built and verified yet.".to_owned(),
        1 => "One leaflet, with each of its files.".to_owned(),
        _ => format!("{count} leaflets, each with its files."),
    };
    format!(
        "<p class=\"as-of\">{leaflets} Review dates as of <time datetime=\"{date}\">{}</time>.</p>\n",
        english_dates().write(&date).text
    )
}

/// One leaflet: its title and summary, the overdue mark, its review dates
/// and its files.
fn entry(leaflet: &Listed, today: Day) -> String {
    let about = &leaflet.about;
    let id = escape(&leaflet.id);
    let language = format!(
        "lang=\"{}\" dir=\"{}\"",
        escape(&about.language),
        direction(&about.language).as_dir()
    );
    let mut entry = format!(
        "<article class=\"leaflet\" id=\"leaflet-{id}\" aria-labelledby=\"title-{id}\">\n\
         <h2 id=\"title-{id}\" {language}>{}</h2>\n",
        escape(&about.title)
    );
    if let Some(summary) = &about.summary {
        entry.push_str(&format!(
            "<p class=\"summary\" {language}>{}</p>\n",
            escape(summary)
        ));
    }
    if about.next_review.last_day() < today {
        entry.push_str(&format!(
            "<p class=\"overdue\"><strong>Review overdue:</strong> its next review was due by {}.</p>\n",
            about.next_review.for_people()
        ));
    }
    entry.push_str("<dl class=\"dates\">\n");
    entry.push_str(&date_line("Last reviewed", "reviewed", &about.reviewed));
    entry.push_str(&date_line(
        "Next review due",
        "next-review",
        &about.next_review,
    ));
    entry.push_str("</dl>\n<ul class=\"files\">\n");
    for file in &leaflet.files {
        entry.push_str(&link(&leaflet.id, &about.language, file));
    }
    entry.push_str("</ul>\n</article>\n");
    entry
}

/// A review date, labelled, with its ISO form for machines.
fn date_line(label: &str, class: &str, date: &ReviewDate) -> String {
    format!(
        "<div class=\"{class}\"><dt>{label}</dt><dd><time datetime=\"{date}\">{}</time></dd></div>\n",
        date.for_people()
    )
}

/// A link to one of a leaflet's files, relative to the page, saying what
/// the file is, its format and its size: `Print PDF (PDF, 412 kB)`.
fn link(id: &str, language: &str, file: &ListedFile) -> String {
    let format = std::path::Path::new(&file.name).extension().map_or_else(
        || "file".to_owned(),
        |ext| ext.to_string_lossy().to_uppercase(),
    );
    format!(
        "<li><a href=\"{}/{}\" hreflang=\"{}\">{} <span class=\"facts\">({}, {})</span></a></li>\n",
        escape(id),
        escape(&file.name),
        escape(language),
        escape(&file.kind),
        escape(&format),
        human_size(file.bytes)
    )
}

/// `text` safe in an HTML text node or a double-quoted attribute.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
