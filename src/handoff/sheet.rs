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

use super::ticket::{BrailleJob, JobTicket, PdfJob};
use crate::error::Error;
use crate::language::{Direction, direction, is_direction_mark, lang_and_region};
use crate::model::{FileDate, Leaflet};
use crate::outputs::layout_data::break_overlong_words;
use crate::outputs::pdf_read::{Legibility, read_tagged_pdf};
use crate::typeset::{self, Job, Layouts, Pictures, Thumbnail};

/// Where the layout finds the thumbnail's pixels.
const THUMBNAIL_PATH: &str = "/thumbnail.rgb";

/// The widest and tallest the thumbnail is shown, in millimetres.
const THUMBNAIL_BOX_MM: (f64, f64) = (48.0, 64.0);

/// Characters of an unbroken word that fit a line: of the title beside the
/// thumbnail, and of a value in the facts' table. Longer words get
/// invisible break opportunities.
const TITLE_WORD_CHARS: usize = 28;
const VALUE_WORD_CHARS: usize = 45;

/// What `job-sheet.typ` reads from `/data.json`.
#[derive(Debug, Serialize)]
struct SheetData<'a> {
    lang: &'static str,
    region: &'static str,
    sheet: Sheet<'a>,
}

#[derive(Debug, Serialize)]
struct Sheet<'a> {
    id: String,
    title: String,
    title_lang: String,
    title_region: Option<String>,
    title_dir: Direction,
    title_size_pt: f64,
    language: &'a str,
    reviewed: String,
    next_review: String,
    made_by: &'static str,
    thumbnail: Option<SheetThumbnail>,
    pdfs: Vec<SheetFile>,
    braille: Option<String>,
}

#[derive(Debug, Serialize)]
struct SheetThumbnail {
    path: &'static str,
    width: u32,
    height: u32,
    width_mm: f64,
    alt: &'static str,
}

#[derive(Debug, Serialize)]
struct SheetFile {
    heading: String,
    file: String,
    facts: Vec<(&'static str, String)>,
}

/// The job sheet for `leaflet` and its `ticket`, with a `thumbnail` of the
/// print PDF's first page when there is one, typeset with the built-in
/// layouts and fonts.
pub fn make(
    leaflet: &Leaflet,
    ticket: &JobTicket,
    thumbnail: Option<&Thumbnail>,
    date: FileDate,
) -> Result<Vec<u8>, Error> {
    make_with(Layouts::shared_built_in(), leaflet, ticket, thumbnail, date).map(|sheet| sheet.pdf)
}

/// [`make`] with the run's layouts: the sheet is typeset with their
/// [`Layouts::for_job_sheet`] (the built-in layouts, with any
/// `--font-path` fonts for the title).
pub fn make_with(
    layouts: &Layouts,
    leaflet: &Leaflet,
    ticket: &JobTicket,
    thumbnail: Option<&Thumbnail>,
    date: FileDate,
) -> Result<typeset::TypesetPdf, Error> {
    let (title_lang, title_region) = lang_and_region(&leaflet.language);
    let data = SheetData {
        lang: "en",
        region: "GB",
        sheet: Sheet {
            id: break_overlong_words(&ticket.id, VALUE_WORD_CHARS),
            title: break_overlong_words(&ticket.title, TITLE_WORD_CHARS),
            title_lang,
            title_region,
            title_dir: direction(&leaflet.language),
            title_size_pt: title_size_pt(&ticket.title),
            language: &ticket.language,
            reviewed: leaflet.reviewed.for_people(),
            next_review: leaflet.next_review.for_people(),
            made_by: concat!("leafpress ", env!("CARGO_PKG_VERSION")),
            thumbnail: thumbnail.map(|picture| SheetThumbnail {
                path: THUMBNAIL_PATH,
                width: picture.width,
                height: picture.height,
                width_mm: shown_width_mm(picture),
                alt: "The first page of the print PDF",
            }),
            pdfs: ticket.outputs.iter().map(sheet_pdf).collect(),
            braille: ticket
                .braille
                .as_ref()
                .map(|job| break_overlong_words(&braille_line(job), VALUE_WORD_CHARS)),
        },
    };
    let json = serde_json::to_string(&data).expect("sheet data is plain data");
    let attachments: Vec<(&str, &[u8])> = thumbnail
        .map(|picture| vec![(THUMBNAIL_PATH, picture.rgb.as_slice())])
        .unwrap_or_default();
    let job = Job {
        layout: "job-sheet.typ",
        data: &json,
        today: typeset::datetime(date),
        attachments: &attachments,
    };
    let ident = format!("{}-job-sheet", leaflet.id);
    typeset::typeset_pdf(layouts.for_job_sheet(), job, &ident, Pictures::default())
}

/// The title's size: smaller for long titles, so that the sheet stays one
/// page.
fn title_size_pt(title: &str) -> f64 {
    match title.chars().count() {
        0..=150 => 15.0,
        151..=400 => 12.0,
        _ => 9.0,
    }
}

/// How wide the thumbnail is shown: its page's proportions, inside the
/// thumbnail's box.
fn shown_width_mm(picture: &Thumbnail) -> f64 {
    let (widest, tallest) = THUMBNAIL_BOX_MM;
    let aspect = f64::from(picture.width) / f64::from(picture.height.max(1));
    widest.min(tallest * aspect)
}

/// The braille file in one sentence: the sheet is the print shop's, and
/// braille is embossed elsewhere, but the sheet says it exists and how it
/// is embossed (the ticket has the rest).
fn braille_line(job: &BrailleJob) -> String {
    format!(
        "{}: {} pages of {} cells × {} lines, embossed {} on {} ({}), a page a sheet",
        job.file,
        job.pages,
        job.cells_per_line,
        job.lines_per_page,
        job.embossed,
        job.sheet_size,
        job.stock,
    )
}

/// One PDF's facts, labelled for people.
fn sheet_pdf(job: &PdfJob) -> SheetFile {
    let yes_no = |value: bool| if value { "yes" } else { "no" }.to_owned();
    let binding = match job.binding.as_str() {
        "saddle-stitch" => "saddle-stitch (fold and staple)".to_owned(),
        _ => "none (loose sheets)".to_owned(),
    };
    let mut facts = vec![
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
    ];
    if let Some(version) = &job.pdf_x {
        let standard = match &job.output_intent {
            Some(profile) => format!("{version}, for {profile}"),
            None => version.clone(),
        };
        facts.push(("PDF/X", standard));
    }
    facts.extend([
        ("Stock", job.stock.clone()),
        ("Sheet size", job.sheet_size.to_string()),
        (
            "Sheets per copy",
            format!("{}, printed {}", job.sheets_per_copy, job.printed),
        ),
    ]);
    entry(&job.output, &job.file, facts)
}

/// A file's entry on the sheet: long values given places to break, except
/// the hash, which the layout breaks anywhere.
fn entry(output: &str, file: &str, facts: Vec<(&'static str, String)>) -> SheetFile {
    SheetFile {
        heading: capitalised(output),
        file: break_overlong_words(file, VALUE_WORD_CHARS),
        facts: facts
            .into_iter()
            .map(|(label, value)| match label {
                "SHA-256" => (label, value),
                _ => (label, break_overlong_words(&value, VALUE_WORD_CHARS)),
            })
            .collect(),
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
/// leaflet id, title and language, and for each PDF its file name and every
/// fact, each with its label. Empty when it holds them all.
pub fn check(bytes: &[u8], ticket: &JobTicket) -> Result<Vec<String>, Error> {
    // A print shop's form, in small print by design: no size rule, but
    // every fact must be on the page and visible.
    let read = read_tagged_pdf(bytes, &Legibility::visible())?;
    // A long word (a hash, a file name, a word of the title) may be broken
    // over lines anywhere: facts are looked for with no white space at all.
    let text = unbroken(&read.blocks.join(" "));
    let mut missing = Vec::new();
    let expect = |missing: &mut Vec<String>, what: String, wanted: String| {
        if !text.contains(&unbroken(&wanted)) {
            missing.push(format!("the job sheet does not show {what} ({wanted})"));
        }
    };
    expect(&mut missing, "the leaflet id".into(), ticket.id.clone());
    expect(&mut missing, "the title".into(), ticket.title.clone());
    expect(
        &mut missing,
        "the language".into(),
        format!("Language {}", ticket.language),
    );
    if let Some(braille) = &ticket.braille {
        expect(
            &mut missing,
            "the braille file".into(),
            braille_line(braille),
        );
    }
    for job in ticket.outputs.iter().map(sheet_pdf) {
        let output = job.heading.to_lowercase();
        expect(&mut missing, format!("the {output} file"), job.file.clone());
        // The whole table in order, so that each value is bounded by the
        // next label (`Pages 4` is not `Pages 41`); if it is not there,
        // say which facts are missing.
        let facts: Vec<String> = job
            .facts
            .iter()
            .map(|(label, value)| format!("{label} {value}"))
            .collect();
        if !text.contains(&unbroken(&facts.join(" "))) {
            let before = missing.len();
            for fact in &facts {
                expect(&mut missing, format!("the {output} fact"), fact.clone());
            }
            if missing.len() == before {
                missing.push(format!(
                    "the job sheet does not show the {output} facts in their order"
                ));
            }
        }
    }
    Ok(missing)
}

/// Text without white space or the invisible breaks a layout may put into
/// a long word (zero-width space, soft hyphen).
fn unbroken(text: &str) -> String {
    text.chars()
        .filter(|&c| !c.is_whitespace() && !matches!(c, '\u{200B}' | '\u{00AD}'))
        // Marks and isolates show nothing: the page cannot hold them.
        .filter(|&c| !is_direction_mark(c))
        .collect()
}
