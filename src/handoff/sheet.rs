//! The job sheet, `ID-job-sheet.pdf`: the job ticket as one A4 page a print
//! shop can pin up, with a thumbnail of the print PDF's first page.
//!
//! It is typeset by typst from `layouts/job-sheet.typ` (always the built-in
//! one: it is leafpress's form, not the house style's), with the facts
//! passed as data and the thumbnail as a file. typst rather than printpdf:
//! the sheet carries the leaflet's title, which may be Arabic, Hebrew or
//! hold emoji, and printpdf neither shapes text nor lays it out right to
//! left; typst does, with the fonts leafpress already bundles (see the
//! README).

use serde::Serialize;

use super::ticket::{JobTicket, PdfJob};
use crate::model::{FileDate, Leaflet};
use crate::outputs::epub::direction;
use crate::outputs::pdf_read::read_tagged_pdf;
use crate::typeset::{self, Job, Layouts, Pictures};

/// Where the layout finds the thumbnail.
const THUMBNAIL_PATH: &str = "/thumbnail.png";

/// What `job-sheet.typ` reads from `/data.json`.
#[derive(Debug, Serialize)]
struct SheetData<'a> {
    lang: &'static str,
    region: &'static str,
    sheet: Sheet<'a>,
}

#[derive(Debug, Serialize)]
struct Sheet<'a> {
    id: &'a str,
    title: &'a str,
    title_lang: String,
    title_region: Option<String>,
    title_dir: &'static str,
    reviewed: String,
    next_review: String,
    made_by: &'static str,
    thumbnail: Option<&'static str>,
    thumbnail_alt: &'static str,
    pdfs: Vec<SheetPdf<'a>>,
}

#[derive(Debug, Serialize)]
struct SheetPdf<'a> {
    heading: String,
    file: &'a str,
    facts: Vec<(&'static str, String)>,
}

/// The job sheet for `leaflet` and its `ticket`, with a PNG `thumbnail` of
/// the print PDF's first page when there is one.
pub fn make(
    leaflet: &Leaflet,
    ticket: &JobTicket,
    thumbnail: Option<&[u8]>,
    date: FileDate,
) -> Result<Vec<u8>, String> {
    let mut subtags = leaflet.language.split('-');
    let title_lang = subtags.next().unwrap_or("und").to_ascii_lowercase();
    let title_region = subtags
        .find(|subtag| subtag.len() == 2 && subtag.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase);
    let data = SheetData {
        lang: "en",
        region: "GB",
        sheet: Sheet {
            id: &ticket.id,
            title: &ticket.title,
            title_lang,
            title_region,
            title_dir: direction(&leaflet.language),
            reviewed: leaflet.reviewed.for_people(),
            next_review: leaflet.next_review.for_people(),
            made_by: concat!("leafpress ", env!("CARGO_PKG_VERSION")),
            thumbnail: thumbnail.map(|_| THUMBNAIL_PATH),
            thumbnail_alt: "The first page of the print PDF",
            pdfs: ticket.outputs.iter().map(sheet_pdf).collect(),
        },
    };
    let json = serde_json::to_string(&data).expect("sheet data is plain data");
    let attachments: Vec<(&str, &[u8])> = thumbnail
        .map(|png| vec![(THUMBNAIL_PATH, png)])
        .unwrap_or_default();
    let job = Job {
        layout: "job-sheet.typ",
        data: &json,
        today: typeset::datetime(date),
        attachments: &attachments,
    };
    let ident = format!("{}-job-sheet", leaflet.id);
    typeset::typeset_pdf(Layouts::shared_built_in(), job, &ident, Pictures::default())
        .map(|typeset| typeset.pdf)
        .map_err(|error| format!("cannot typeset the job sheet:\n{}", error.0))
}

/// One PDF's facts, labelled for people, in the ticket's order.
fn sheet_pdf(job: &PdfJob) -> SheetPdf<'_> {
    let yes_no = |value: bool| if value { "yes" } else { "no" }.to_owned();
    let binding = match job.binding.as_str() {
        "saddle-stitch" => "saddle-stitch (fold and staple)".to_owned(),
        _ => "none (loose sheets)".to_owned(),
    };
    SheetPdf {
        heading: capitalised(&job.output),
        file: &job.file,
        facts: vec![
            ("Pages", job.pages.to_string()),
            ("SHA-256", job.sha256.clone()),
            (
                "Trim size",
                format!(
                    "{}, {} × {} mm",
                    job.trim_size, job.trim_width_mm, job.trim_height_mm
                ),
            ),
            ("Bleed", format!("{} mm", job.bleed_mm)),
            ("Crop marks", yes_no(job.crop_marks)),
            ("Binding", binding),
            ("Colour", job.colour.clone()),
            ("Stock", job.stock.clone()),
            ("Sheet size", job.sheet_size.to_string()),
            (
                "Sheets per copy",
                format!("{}, printed {}", job.sheets_per_copy, job.printed),
            ),
        ],
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What a job sheet lacks of `ticket`, read back from the PDF's text: the
/// leaflet id and title, and for each PDF its file name, page count and
/// SHA-256. Empty when it holds them all.
pub fn check(bytes: &[u8], ticket: &JobTicket) -> Result<Vec<String>, String> {
    let read = read_tagged_pdf(bytes).map_err(|error| error.0)?;
    let text = read.blocks.join(" ");
    let words: Vec<&str> = text.split_whitespace().collect();
    // A long word (a hash, a file name, a word of the title) may be broken
    // over lines anywhere: names are looked for with no white space at all.
    let unbroken = unbroken(&text);
    let mut missing = Vec::new();
    let mut expect = |what: String, wanted: &str, shown: bool| {
        if !shown {
            missing.push(format!("the job sheet does not show {what} ({wanted})"));
        }
    };
    for (what, wanted) in [("the leaflet id", &ticket.id), ("the title", &ticket.title)] {
        expect(
            what.into(),
            wanted,
            unbroken.contains(&self::unbroken(wanted)),
        );
    }
    for job in &ticket.outputs {
        let pages = job.pages.to_string();
        expect(
            format!("the {} file", job.output),
            &job.file,
            unbroken.contains(&job.file),
        );
        expect(
            format!("the {} page count", job.output),
            &format!("Pages {pages}"),
            words
                .windows(2)
                .any(|pair| pair == ["Pages", pages.as_str()]),
        );
        expect(
            format!("the {} SHA-256", job.output),
            &job.sha256,
            unbroken.contains(&job.sha256),
        );
    }
    Ok(missing)
}

/// Text without white space or the invisible breaks a layout may put into
/// a long word (zero-width space, soft hyphen).
fn unbroken(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200B}' | '\u{00AD}'))
        .collect()
}
