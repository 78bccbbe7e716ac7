//! The job ticket, `ID-job.json`: what a print shop needs to know to print
//! each PDF without a phone call, and what a clinic needs to order paper.
//!
//! It lists the print PDF and the large-print PDF, and the braille file
//! when the leaflet has one: its pages, the cells and lines of a page, and
//! the braille paper they are embossed on, one page a sheet.
//!
//! A ticket is made twice over: by the build, from the pages as typst laid
//! them out and the leaflet's settings ([`Facts::made`]), and by the check,
//! from the files on disk alone ([`Facts::from_read_back`]: the page count from the
//! PDF's page tree, trim and bleed from its boxes, colour from what it
//! draws, all as the PDF reader found them while checking the file's text,
//! and the SHA-256 of the bytes). Both go through
//! [`JobTicket::from_facts`], and the check passes only if the ticket on
//! disk equals the one the files give.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::paper::{self, Sheet};
use crate::error::Error;
use crate::model::{Binding, BrailleSettings, Leaflet, TrimSize};
use crate::outputs::pdf_read::PrintedPdf;
use crate::stamp::sha256;

/// A leaflet's job ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobTicket {
    /// The leaflet id.
    pub id: String,
    /// The leaflet's title.
    pub title: String,
    /// Its language, a BCP 47 tag.
    pub language: String,
    /// When it was last reviewed, as in the source (`2015-04`).
    pub reviewed: String,
    /// When it is next due for review, as in the source.
    pub next_review: String,
    /// The print PDF, then the large-print PDF.
    pub outputs: Vec<PdfJob>,
    /// The braille file, when the leaflet has one (a language leafpress
    /// makes braille for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub braille: Option<BrailleJob>,
}

/// How to emboss the braille file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrailleJob {
    /// Which output it is (`braille`).
    pub output: String,
    /// The file name, in the leaflet's folder.
    pub file: String,
    /// The SHA-256 of the file, in hex.
    pub sha256: String,
    /// How many braille pages the file has.
    pub pages: u64,
    /// The cells on a line the embosser must be set to.
    pub cells_per_line: usize,
    /// The lines on a page the embosser must be set to.
    pub lines_per_page: usize,
    /// The paper to emboss on.
    pub stock: String,
    /// The sheet a page is embossed on ([`paper::braille_sheet`]).
    pub sheet_size: Sheet,
    /// Sheets one copy takes: a page a sheet.
    pub sheets_per_copy: u64,
    /// `one side`: the braille is not interpoint.
    pub embossed: String,
}

/// What is known of a braille file: with the leaflet's page settings,
/// enough to write its part of the ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct BrailleFacts {
    /// Its file name.
    pub file: String,
    /// The SHA-256 of its bytes.
    pub sha256: String,
    /// Its page count.
    pub pages: u64,
}

impl BrailleFacts {
    /// The facts of the braille file `file` whose bytes are `bytes` and
    /// which has `pages` pages.
    pub fn new(file: String, bytes: &[u8], pages: usize) -> BrailleFacts {
        BrailleFacts {
            file,
            sha256: sha256(bytes),
            pages: pages as u64,
        }
    }
}

/// How to print one PDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfJob {
    /// Which output it is (`print PDF`).
    pub output: String,
    /// The file name, in the leaflet's folder.
    pub file: String,
    /// The SHA-256 of the file, in hex.
    pub sha256: String,
    /// How many pages the file has.
    pub pages: u64,
    /// The trim size's name (`A5`).
    pub trim_size: String,
    /// The trim's width in millimetres.
    pub trim_width_mm: f64,
    /// The trim's height in millimetres.
    pub trim_height_mm: f64,
    /// Bleed beyond the trim on every side, in millimetres.
    pub bleed_mm: f64,
    /// Whether crop marks are drawn.
    pub crop_marks: bool,
    /// `saddle-stitch` or `none`.
    pub binding: String,
    /// `black only` or `colour`.
    pub colour: String,
    /// The PDF/X version the file is (`PDF/X-4`), when it is PDF/X.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdf_x: Option<String>,
    /// The description of its output intent's profile (the press it is
    /// made for), when it is PDF/X and the profile has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_intent: Option<String>,
    /// The paper to print on.
    pub stock: String,
    /// Whether the stock is the source's `[print] stock` or leafpress's
    /// default for the size.
    pub stock_from: String,
    /// The sheet the pages are printed on.
    pub sheet_size: Sheet,
    /// Sheets of that size one copy takes.
    pub sheets_per_copy: u64,
    /// `both sides` or `one side`.
    pub printed: String,
}

/// What is known of one PDF file: enough, with the leaflet, to write its
/// part of the ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// Its file name.
    pub file: String,
    /// The SHA-256 of its bytes.
    pub sha256: String,
    /// Its page count.
    pub pages: u64,
    /// Whether it needs colour to print.
    pub colour: bool,
    /// The trim's width and height in millimetres, to 0.1 mm.
    pub trim_mm: (f64, f64),
    /// The bleed beyond the trim, in millimetres, to 0.1 mm.
    pub bleed_mm: f64,
    /// The PDF/X version it is, and its output intent's description.
    pub pdfx: Option<(String, Option<String>)>,
}

/// Millimetres in a PDF point.
const MM_PER_POINT: f64 = 25.4 / 72.0;

/// A length to 0.1 mm: what a print shop measures to, and what a PDF's
/// numbers survive.
fn tenth(mm: f64) -> f64 {
    (mm * 10.0).round() / 10.0
}

impl Facts {
    /// The facts of a PDF the build made: `pages` and `colour` as typst laid
    /// the pages out, the trim and bleed as the leaflet asked for them.
    pub fn made(
        file: String,
        bytes: &[u8],
        (pages, colour): (usize, bool),
        (trim_mm, bleed_mm): ((f64, f64), f64),
    ) -> Facts {
        Facts {
            file,
            sha256: sha256(bytes),
            pages: pages as u64,
            colour,
            trim_mm: (tenth(trim_mm.0), tenth(trim_mm.1)),
            bleed_mm: tenth(bleed_mm),
            pdfx: None,
        }
    }

    /// The facts, of a PDF made PDF/X `version` for a profile described as
    /// `profile`.
    pub fn with_pdfx(mut self, version: &str, profile: Option<&str>) -> Facts {
        self.pdfx = Some((version.to_owned(), profile.map(str::to_owned)));
        self
    }

    /// The facts of a PDF on disk: the SHA-256 of its `bytes`, the rest as
    /// the PDF reader found it in them (`printed`).
    pub fn from_read_back(file: String, bytes: &[u8], printed: &PrintedPdf) -> Facts {
        let [x0, y0, x1, y1] = printed.trim;
        let bleed = printed
            .bleed
            .map_or(0.0, |bleed| (printed.trim[0] - bleed[0]).max(0.0));
        Facts {
            sha256: sha256(bytes),
            pages: printed.pages as u64,
            colour: printed.colour,
            trim_mm: (
                tenth((x1 - x0) * MM_PER_POINT),
                tenth((y1 - y0) * MM_PER_POINT),
            ),
            bleed_mm: tenth(bleed * MM_PER_POINT),
            pdfx: printed
                .pdfx
                .claimed
                .clone()
                .map(|version| (version, printed.pdfx.profile.clone())),
            file,
        }
    }
}

/// How the large-print PDF is printed: A4 sheets, no bleed, no marks, loose.
pub const LARGE_PRINT_TRIM: TrimSize = TrimSize::A4;

impl JobTicket {
    /// The ticket for `leaflet` whose print PDF, large-print PDF and
    /// braille file (if it has one) are as `print`, `large_print` and
    /// `braille` say; an error when no braille paper holds the leaflet's
    /// braille page.
    pub fn from_facts(
        leaflet: &Leaflet,
        print: &Facts,
        large_print: &Facts,
        braille: Option<&BrailleFacts>,
    ) -> Result<JobTicket, Error> {
        let settings = &leaflet.print;
        let (stock, stock_from) = match &settings.stock {
            Some(stock) => (stock.clone(), "source"),
            None => (
                paper::default_print_stock(settings.size, settings.binding).to_owned(),
                "default",
            ),
        };
        let print_job = pdf_job(
            "print PDF",
            print,
            (settings.size, settings.binding),
            settings.crop_marks,
            (stock, stock_from),
        );
        let large_print_job = pdf_job(
            "large-print PDF",
            large_print,
            (LARGE_PRINT_TRIM, Binding::None),
            false,
            (paper::LARGE_PRINT_STOCK.to_owned(), "default"),
        );
        Ok(JobTicket {
            id: leaflet.id.clone(),
            title: leaflet.title.clone(),
            language: leaflet.language.clone(),
            reviewed: leaflet.reviewed.to_string(),
            next_review: leaflet.next_review.to_string(),
            outputs: vec![print_job, large_print_job],
            braille: braille
                .map(|facts| braille_job(facts, leaflet.braille))
                .transpose()?,
        })
    }

    /// The ticket as the file holds it: pretty JSON, ending with a newline.
    pub fn to_json(&self) -> Vec<u8> {
        let mut json = serde_json::to_vec_pretty(self).expect("a ticket is plain data");
        json.push(b'\n');
        json
    }

    /// A ticket read from a file.
    pub fn from_json(bytes: &[u8]) -> Result<JobTicket, Error> {
        serde_json::from_slice(bytes)
            .map_err(|error| Error::Read(format!("not a job ticket: {error}")))
    }

    /// Where this ticket (as found) differs from `expected`: one line per
    /// field, naming it and both values.
    pub fn differences(&self, expected: &JobTicket) -> Vec<String> {
        let mut out = Vec::new();
        let found = serde_json::to_value(self).expect("a ticket is plain data");
        let wanted = serde_json::to_value(expected).expect("a ticket is plain data");
        diff("", &found, &wanted, &mut out);
        out
    }
}

fn pdf_job(
    output: &str,
    facts: &Facts,
    (trim, binding): (TrimSize, Binding),
    crop_marks: bool,
    (stock, stock_from): (String, &str),
) -> PdfJob {
    let run = paper::print_run(trim, binding, facts.pages);
    let (trim_width_mm, trim_height_mm) = facts.trim_mm;
    let bleed_mm = facts.bleed_mm;
    PdfJob {
        output: output.to_owned(),
        file: facts.file.clone(),
        sha256: facts.sha256.clone(),
        pages: facts.pages,
        trim_size: paper::trim_name(trim).to_owned(),
        trim_width_mm,
        trim_height_mm,
        bleed_mm,
        crop_marks,
        binding: match binding {
            Binding::SaddleStitch => "saddle-stitch",
            Binding::None => "none",
        }
        .to_owned(),
        colour: if facts.colour { "colour" } else { "black only" }.to_owned(),
        pdf_x: facts.pdfx.as_ref().map(|(version, _)| version.clone()),
        output_intent: facts.pdfx.as_ref().and_then(|(_, profile)| profile.clone()),
        stock,
        stock_from: stock_from.to_owned(),
        sheet_size: run.sheet,
        sheets_per_copy: run.sheets_per_copy,
        printed: if run.both_sides {
            "both sides"
        } else {
            "one side"
        }
        .to_owned(),
    }
}

fn braille_job(facts: &BrailleFacts, page: BrailleSettings) -> Result<BrailleJob, Error> {
    let BrailleSettings {
        cells_per_line,
        lines_per_page,
    } = page;
    let sheet = paper::braille_sheet(cells_per_line, lines_per_page).ok_or_else(|| {
        Error::Check(format!(
            "no braille paper leafpress knows holds {cells_per_line} cells by {lines_per_page} lines"
        ))
    })?;
    Ok(BrailleJob {
        output: "braille".to_owned(),
        file: facts.file.clone(),
        sha256: facts.sha256.clone(),
        pages: facts.pages,
        cells_per_line,
        lines_per_page,
        stock: paper::BRAILLE_STOCK.to_owned(),
        sheet_size: sheet,
        sheets_per_copy: facts.pages,
        embossed: "one side".to_owned(),
    })
}

/// Every place where `found` differs from `wanted`, by JSON path.
fn diff(path: &str, found: &Value, wanted: &Value, out: &mut Vec<String>) {
    match (found, wanted) {
        (Value::Object(found_fields), Value::Object(wanted_fields)) => {
            // Every field either side has: a braille entry the files do not
            // give is as wrong as one missing.
            let extra = found_fields
                .keys()
                .filter(|key| !wanted_fields.contains_key(*key));
            for key in wanted_fields.keys().chain(extra) {
                let inner = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let field = |fields: &serde_json::Map<String, Value>| {
                    fields.get(key).cloned().unwrap_or(Value::Null)
                };
                diff(&inner, &field(found_fields), &field(wanted_fields), out);
            }
        }
        (Value::Array(found), Value::Array(wanted)) if found.len() == wanted.len() => {
            for (index, (found, wanted)) in found.iter().zip(wanted).enumerate() {
                diff(&format!("{path}[{index}]"), found, wanted, out);
            }
        }
        _ if found == wanted => {}
        _ => out.push(format!("`{path}` is {found}; the files give {wanted}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(file: &str, pages: u64) -> Facts {
        Facts {
            file: file.into(),
            sha256: "ab".repeat(32),
            pages,
            colour: false,
            trim_mm: (105.0, 148.0),
            bleed_mm: 3.0,
            pdfx: None,
        }
    }

    fn leaflet() -> Leaflet {
        let source = crate::source::parse(
            std::path::Path::new("t.toml"),
            "[leaflet]\nid = \"t\"\ntitle = \"T\"\nlanguage = \"en-GB\"\nreviewed = \"2026-01\"\nnext_review = \"2028\"\n\
             [print]\nsize = \"A6\"\nstock = \"100 gsm recycled\"\n\
             [[section]]\nid = \"s\"\nheading = \"H\"\nbody = \"Text.\"\n".as_bytes(),
            (2026, 6, 1),
        );
        source.expect("a valid source").leaflet
    }

    #[test]
    fn the_ticket_follows_the_paper_rules_and_the_source_stock() {
        let braille = BrailleFacts::new("t.brf".into(), b"x", 3);
        let ticket = JobTicket::from_facts(
            &leaflet(),
            &facts("t-print.pdf", 8),
            &facts("t-large-print.pdf", 5),
            Some(&braille),
        )
        .unwrap();
        let print = &ticket.outputs[0];
        assert_eq!((print.pages, print.sheets_per_copy), (8, 2));
        assert_eq!(print.sheet_size.name.as_deref(), Some("A5"));
        assert_eq!(
            (print.stock.as_str(), print.stock_from.as_str()),
            ("100 gsm recycled", "source")
        );
        let large = &ticket.outputs[1];
        assert_eq!((large.sheets_per_copy, large.binding.as_str()), (3, "none"));
        assert_eq!(large.stock, paper::LARGE_PRINT_STOCK);
        // Trim and bleed are the facts' (the file's), not the settings'.
        assert_eq!(
            (large.trim_width_mm, large.bleed_mm, large.crop_marks),
            (105.0, 3.0, false)
        );
        assert_eq!(ticket.reviewed, "2026-01");
        // Braille: a page a sheet, one side, on paper for 40 cells.
        let embossed = ticket.braille.as_ref().unwrap();
        assert_eq!(
            (
                embossed.pages,
                embossed.sheets_per_copy,
                embossed.cells_per_line
            ),
            (3, 3, 40)
        );
        assert_eq!(
            embossed.sheet_size.name.as_deref(),
            Some("11 × 11.5 in braille paper")
        );
        let json = ticket.to_json();
        assert_eq!(JobTicket::from_json(&json).unwrap(), ticket);
        // A leaflet with no braille has no braille entry at all.
        let print_only = JobTicket::from_facts(
            &leaflet(),
            &facts("t-print.pdf", 8),
            &facts("t-large-print.pdf", 5),
            None,
        )
        .unwrap();
        let json = String::from_utf8(print_only.to_json()).unwrap();
        assert!(!json.contains("braille"), "{json}");
    }

    #[test]
    fn differences_name_the_field_and_both_values() {
        let leaflet = leaflet();
        let braille = |pages| BrailleFacts::new("t.brf".into(), b"x", pages);
        let made = JobTicket::from_facts(
            &leaflet,
            &facts("t-print.pdf", 8),
            &facts("t-large-print.pdf", 5),
            Some(&braille(4)),
        )
        .unwrap();
        let read = JobTicket::from_facts(
            &leaflet,
            &facts("t-print.pdf", 12),
            &facts("t-large-print.pdf", 5),
            Some(&braille(5)),
        )
        .unwrap();
        let differences = made.differences(&read);
        assert!(
            differences.contains(&"`outputs[0].pages` is 8; the files give 12".to_owned()),
            "{differences:?}"
        );
        assert!(
            differences
                .iter()
                .any(|d| d.starts_with("`outputs[0].sheets_per_copy` is 2"))
        );
        assert!(
            differences.contains(&"`braille.pages` is 4; the files give 5".to_owned()),
            "{differences:?}"
        );
        assert!(made.differences(&made).is_empty());
        // A braille entry the files do not give is a difference too.
        let mut without = made.clone();
        without.braille = None;
        assert!(
            made.differences(&without)
                .iter()
                .any(|d| d.starts_with("`braille` is {") && d.ends_with("the files give null")),
            "{:?}",
            made.differences(&without)
        );
    }
}
