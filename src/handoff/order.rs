//! A paper order (`leafpress order`): from each leaflet's verified job
//! ticket, the sheets of which size and stock a print run takes, and the
//! reams of 500, per PDF and in total. [`run`] is the whole command: build
//! what is missing or stale, check everything, and only then count.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::JOB_FORMAT;
use super::paper::{self, Quantity};
use super::ticket::{BrailleJob, JobTicket, PdfJob};
use crate::build::{self, FolderLock, LeafletOutcome, Lock, Options};
use crate::error::Error;
use crate::outputs::Output;
use crate::registry::Registry;

/// What `leafpress order` came to.
#[derive(Debug)]
pub enum OrderRun {
    /// Every leaflet built and verified: the order.
    Ordered {
        /// How the build went (leaflets built or up to date).
        built: Vec<LeafletOutcome>,
        /// The order.
        order: Order,
    },
    /// A leaflet failed to build or to verify: no order.
    Refused {
        /// How the build went.
        built: Vec<LeafletOutcome>,
        /// How the check went, if the build let it run.
        checked: Option<Vec<LeafletOutcome>>,
    },
}

/// `leafpress order`: with the output folder held throughout, builds what
/// the order needs (the job files, which need both PDFs and the braille
/// file) where it is
/// missing or stale, keeping what each leaflet's last build made; checks
/// every leaflet's files as `check` does, up-to-date ones included, so that
/// it counts only what was just proved; then works out the order from the
/// job tickets.
pub fn run(sources: &[PathBuf], options: &Options, copies: Copies) -> Result<OrderRun, Error> {
    let registry = Registry::standard();
    let job = registry.select(&[JOB_FORMAT], &[])?;
    let options = Options {
        selection: Some(match &options.selection {
            Some(selection) => selection.union(&job),
            None => job,
        }),
        keep_built: true,
        ..options.clone()
    };
    let lock = FolderLock::take(&options.out, Lock::Build, options.wait_for_folder)?;
    let built = build::build_holding(&registry, sources, &options, &lock);
    if !built.iter().all(LeafletOutcome::succeeded) {
        lock.release_empty_folder();
        return Ok(OrderRun::Refused {
            built,
            checked: None,
        });
    }
    // Check what each leaflet's stamp lists: what it was built with.
    let check_options = Options {
        selection: None,
        ..options.clone()
    };
    let checked = build::check_holding(&registry, sources, &check_options, &lock);
    if !checked.iter().all(LeafletOutcome::succeeded) {
        return Ok(OrderRun::Refused {
            built,
            checked: Some(checked),
        });
    }
    let ids: Vec<String> = checked.iter().filter_map(|o| o.id.clone()).collect();
    let order = Order::from_folder(&options.out, &ids, copies)?;
    Ok(OrderRun::Ordered { built, order })
}

/// How many copies of what, and the spoilage allowed for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Copies {
    /// Copies of each print PDF.
    pub print: u64,
    /// Copies of each large-print PDF.
    pub large_print: u64,
    /// Copies of each braille file, for the leaflets that have one.
    pub braille: u64,
    /// Extra sheets for make-ready and misprints, in percent.
    pub spoilage_percent: f64,
}

/// A whole order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Order {
    /// Each leaflet's part, in the order the leaflets were named.
    pub leaflets: Vec<LeafletOrder>,
    /// Sheets and reams by sheet size and stock.
    pub totals: Vec<Total>,
    /// The spoilage allowed for, in percent.
    pub spoilage_percent: f64,
    /// What was asked for and could not be ordered: braille copies of a
    /// leaflet that has no braille file.
    pub not_ordered: Vec<String>,
}

/// One leaflet's part of an order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeafletOrder {
    /// The leaflet id.
    pub id: String,
    /// Each file ordered (those with copies): the PDFs, then the braille.
    pub outputs: Vec<OutputOrder>,
}

/// One file's part of an order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutputOrder {
    /// Which output it is (`print PDF`, `large-print PDF`, `braille`).
    pub output: String,
    /// The file's name.
    pub file: String,
    /// Its page count.
    pub pages: u64,
    /// `saddle-stitch` or `none`.
    pub binding: String,
    /// The sheet it is printed or embossed on, as in the job ticket: its name (`A4`,
    /// or none) and its width and height as the job runs it, in mm.
    pub sheet_size: paper::Sheet,
    /// The paper.
    pub stock: String,
    /// Sheets a copy takes.
    pub sheets_per_copy: u64,
    /// Copies ordered.
    pub copies: u64,
    /// Sheets needed, spoilage included.
    pub sheets: u64,
    /// Reams of 500 those sheets come in, rounded up.
    pub reams: u64,
}

/// Sheets of one size and stock over the whole order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Total {
    /// The sheet, portrait: how a ream of it is sold.
    pub sheet_size: paper::Sheet,
    /// The paper.
    pub stock: String,
    /// Sheets, spoilage included.
    pub sheets: u64,
    /// Reams of 500, rounded up over the total.
    pub reams: u64,
}

impl Order {
    /// The order for `copies` of the leaflets whose tickets are `tickets`;
    /// an error if it is too large to count.
    pub fn new(tickets: &[JobTicket], copies: Copies) -> Result<Order, Error> {
        let mut not_ordered = Vec::new();
        let leaflets = tickets
            .iter()
            .map(|ticket| {
                let mut outputs = ticket
                    .outputs
                    .iter()
                    .zip([copies.print, copies.large_print])
                    .filter(|(_, copies)| *copies > 0)
                    .map(|(job, count)| pdf_order(job, count, copies.spoilage_percent))
                    .collect::<Result<Vec<_>, _>>()?;
                if copies.braille > 0 {
                    match &ticket.braille {
                        Some(job) => outputs.push(braille_order(
                            job,
                            copies.braille,
                            copies.spoilage_percent,
                        )?),
                        None => not_ordered.push(format!(
                            "{}: no braille copies, as it has no braille file (leafpress makes \
                             braille for English, and Welsh at grade 1; this leaflet is in `{}`)",
                            ticket.id, ticket.language
                        )),
                    }
                }
                Ok(LeafletOrder {
                    id: ticket.id.clone(),
                    outputs,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        // Totals by paper as it is sold: the same sheet run either way is
        // one paper.
        let mut sheets: BTreeMap<(String, String), (paper::Sheet, u64)> = BTreeMap::new();
        for output in leaflets.iter().flat_map(|leaflet| &leaflet.outputs) {
            let sheet = output.sheet_size.portrait();
            let (_, total) = sheets
                .entry((sheet.to_string(), output.stock.clone()))
                .or_insert((sheet, 0));
            *total = total
                .checked_add(output.sheets)
                .ok_or_else(|| Error::Order(TOO_LARGE.to_owned()))?;
        }
        let totals = sheets
            .into_iter()
            .map(|((_, stock), (sheet_size, sheets))| Total {
                sheet_size,
                stock,
                sheets,
                reams: sheets.div_ceil(paper::SHEETS_PER_REAM),
            })
            .collect();
        Ok(Order {
            leaflets,
            totals,
            spoilage_percent: copies.spoilage_percent,
            not_ordered,
        })
    }

    /// The order as a table for people.
    pub fn table(&self) -> String {
        let mut rows = vec![
            [
                "file", "pages", "sheet", "stock", "per copy", "copies", "sheets", "reams",
            ]
            .map(str::to_owned),
        ];
        for output in self.leaflets.iter().flat_map(|leaflet| &leaflet.outputs) {
            rows.push([
                output.file.clone(),
                output.pages.to_string(),
                output.sheet_size.to_string(),
                output.stock.clone(),
                output.sheets_per_copy.to_string(),
                output.copies.to_string(),
                output.sheets.to_string(),
                output.reams.to_string(),
            ]);
        }
        let mut out = aligned(&rows);
        out.push_str(&format!(
            "\nin total ({} % spoilage included):\n",
            percent(self.spoilage_percent)
        ));
        let mut totals = vec![["sheet", "stock", "sheets", "reams"].map(str::to_owned)];
        for total in &self.totals {
            totals.push([
                total.sheet_size.to_string(),
                total.stock.clone(),
                total.sheets.to_string(),
                total.reams.to_string(),
            ]);
        }
        out.push_str(&aligned(&totals));
        for line in &self.not_ordered {
            out.push_str(&format!("\nnot ordered: {line}\n"));
        }
        out
    }
}

/// Why an order cannot be made.
const TOO_LARGE: &str = "the order is too large to count (over 2^64 sheets): order fewer copies";

/// A percentage for people: at most four decimals, no trailing zeros.
fn percent(value: f64) -> String {
    let text = format!("{value:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn pdf_order(job: &PdfJob, copies: u64, spoilage_percent: f64) -> Result<OutputOrder, Error> {
    output_order(
        (&job.output, &job.file, job.pages),
        (&job.binding, &job.sheet_size, &job.stock),
        job.sheets_per_copy,
        (copies, spoilage_percent),
    )
}

/// Braille is embossed a page a sheet and bound by no one: loose sheets.
fn braille_order(
    job: &BrailleJob,
    copies: u64,
    spoilage_percent: f64,
) -> Result<OutputOrder, Error> {
    output_order(
        (&job.output, &job.file, job.pages),
        ("none", &job.sheet_size, &job.stock),
        job.sheets_per_copy,
        (copies, spoilage_percent),
    )
}

fn output_order(
    (output, file, pages): (&str, &str, u64),
    (binding, sheet_size, stock): (&str, &paper::Sheet, &str),
    sheets_per_copy: u64,
    (copies, spoilage_percent): (u64, f64),
) -> Result<OutputOrder, Error> {
    let Quantity { sheets, reams } = paper::quantity(copies, sheets_per_copy, spoilage_percent)
        .ok_or_else(|| Error::Order(TOO_LARGE.to_owned()))?;
    Ok(OutputOrder {
        output: output.to_owned(),
        file: file.to_owned(),
        pages,
        binding: binding.to_owned(),
        sheet_size: sheet_size.clone(),
        stock: stock.to_owned(),
        sheets_per_copy,
        copies,
        sheets,
        reams,
    })
}

/// Rows as columns padded to their widest cell, numbers on the right.
fn aligned<const N: usize>(rows: &[[String; N]]) -> String {
    let mut widths = [0; N];
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| {
                if cell.parse::<u64>().is_ok() {
                    format!("{cell:>width$}")
                } else {
                    format!("{cell:<width$}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

impl Order {
    /// The order for `copies` of the leaflets `ids`, from their job tickets
    /// in `out`.
    pub fn from_folder(out: &Path, ids: &[String], copies: Copies) -> Result<Order, Error> {
        let tickets = ids
            .iter()
            .map(|id| read_ticket(out, id))
            .collect::<Result<Vec<_>, _>>()?;
        Order::new(&tickets, copies)
    }
}

/// Reads the job ticket of leaflet `id` from its folder in `out`.
pub fn read_ticket(out: &Path, id: &str) -> Result<JobTicket, Error> {
    let path = out.join(id).join(super::JobTicketFile.file_name(id));
    let bytes = std::fs::read(&path).map_err(|error| Error::io("read", &path, error))?;
    JobTicket::from_json(&bytes)
        .map_err(|error| Error::Read(format!("{}: {error}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handoff::ticket::{BrailleFacts, Facts};

    fn ticket(id: &str, print_pages: u64, large_pages: u64) -> JobTicket {
        ticket_printed(id, "", print_pages, large_pages)
    }

    /// A ticket for a leaflet whose `[print]` table holds `print`.
    fn ticket_printed(id: &str, print: &str, print_pages: u64, large_pages: u64) -> JobTicket {
        ticket_in("en-GB", id, print, (print_pages, large_pages, Some(6)))
    }

    /// A ticket for a leaflet in `language` whose `[print]` table holds
    /// `print`, with a braille file of `braille_pages` if it has one.
    fn ticket_in(
        language: &str,
        id: &str,
        print: &str,
        (print_pages, large_pages, braille_pages): (u64, u64, Option<usize>),
    ) -> JobTicket {
        let source = format!(
            "[leaflet]\nid = \"{id}\"\ntitle = \"T\"\nlanguage = \"{language}\"\nreviewed = \"2026-01\"\nnext_review = \"2028\"\n\
             [print]\n{print}\n[[section]]\nid = \"s\"\nheading = \"H\"\nbody = \"Text.\"\n"
        );
        let leaflet = crate::source::parse(Path::new("t.toml"), source.as_bytes(), (2026, 6, 1))
            .expect("valid")
            .leaflet;
        let facts = |file: String, pages| Facts {
            file,
            sha256: String::new(),
            pages,
            colour: false,
            trim_mm: (148.0, 210.0),
            bleed_mm: 3.0,
            pdfx: None,
        };
        JobTicket::from_facts(
            &leaflet,
            &facts(format!("{id}-print.pdf"), print_pages),
            &facts(format!("{id}-large-print.pdf"), large_pages),
            braille_pages
                .map(|pages| BrailleFacts::new(format!("{id}.brf"), b"", pages))
                .as_ref(),
        )
        .expect("a page braille paper holds")
    }

    #[test]
    fn an_order_counts_sheets_per_pdf_and_totals_by_sheet_and_stock() {
        let copies = Copies {
            print: 500,
            large_print: 20,
            braille: 0,
            spoilage_percent: 5.0,
        };
        let order = Order::new(&[ticket("a", 12, 9), ticket("b", 8, 4)], copies).unwrap();
        let a = &order.leaflets[0].outputs;
        assert_eq!(
            (a[0].sheets_per_copy, a[0].sheets, a[0].reams),
            (3, 1575, 4)
        );
        assert_eq!(
            (a[1].sheets_per_copy, a[1].copies, a[1].sheets),
            (5, 20, 105)
        );
        // Both print PDFs are A5 booklets on A4 sheets of the same stock.
        let a4_silk = order
            .totals
            .iter()
            .find(|total| total.stock == "130 gsm silk")
            .unwrap();
        assert_eq!(a4_silk.sheets, 1575 + 1050);
        assert_eq!(a4_silk.reams, 6);
        let table = order.table();
        assert!(table.contains("a-print.pdf"), "{table}");
        assert!(
            table.contains("in total (5 % spoilage included)"),
            "{table}"
        );
    }

    #[test]
    fn the_same_paper_run_either_way_is_one_total() {
        let copies = Copies {
            print: 100,
            large_print: 0,
            braille: 0,
            spoilage_percent: 0.0,
        };
        // An A5 booklet runs A4 sheets landscape; loose A4 pages portrait.
        let booklet = ticket_printed("a", "stock = \"150 gsm silk\"", 8, 4);
        let loose = ticket_printed("b", "size = \"A4\"\nbinding = \"none\"", 4, 4);
        let order = Order::new(&[booklet, loose], copies).unwrap();
        assert_eq!(order.totals.len(), 1, "{:?}", order.totals);
        assert_eq!(order.totals[0].sheets, 200 + 200);
        assert_eq!(order.totals[0].sheet_size.to_string(), "A4, 210 × 297 mm");
    }

    #[test]
    fn an_order_too_large_to_count_is_an_error() {
        let copies = Copies {
            print: u64::MAX / 2,
            large_print: 0,
            braille: 0,
            spoilage_percent: 0.0,
        };
        let error = Order::new(&[ticket("a", 12, 4), ticket("b", 12, 4)], copies).unwrap_err();
        assert!(error.to_string().contains("too large"), "{error}");
    }

    #[test]
    fn pdfs_with_no_copies_are_left_out() {
        let copies = Copies {
            print: 10,
            large_print: 0,
            braille: 0,
            spoilage_percent: 0.0,
        };
        let order = Order::new(&[ticket("a", 4, 3)], copies).unwrap();
        assert_eq!(order.leaflets[0].outputs.len(), 1);
        assert_eq!(order.leaflets[0].outputs[0].sheets, 10);
    }

    #[test]
    fn braille_copies_are_a_page_a_sheet_on_braille_paper() {
        let copies = Copies {
            print: 0,
            large_print: 0,
            braille: 3,
            spoilage_percent: 10.0,
        };
        let english = ticket_in("en-GB", "a", "", (8, 4, Some(6)));
        let small_pages = ticket_in("en-GB", "b", "", (8, 4, Some(9)));
        let french = ticket_in("fr", "c", "", (8, 4, None));
        let order = Order::new(&[english, small_pages, french], copies).unwrap();
        let braille = &order.leaflets[0].outputs;
        assert_eq!(braille.len(), 1);
        assert_eq!(
            (braille[0].output.as_str(), braille[0].file.as_str()),
            ("braille", "a.brf")
        );
        // 3 copies of 6 pages, one side, 10 % more: 19.8, so 20 sheets.
        assert_eq!((braille[0].sheets_per_copy, braille[0].sheets), (6, 20));
        assert_eq!(braille[0].binding, "none");
        assert_eq!(
            order.totals,
            vec![Total {
                sheet_size: braille[0].sheet_size.clone(),
                stock: paper::BRAILLE_STOCK.to_owned(),
                sheets: 20 + 30,
                reams: 1,
            }]
        );
        assert!(order.leaflets[2].outputs.is_empty());
        assert_eq!(order.not_ordered.len(), 1);
        assert!(order.not_ordered[0].starts_with("c: no braille copies"));
        let table = order.table();
        assert!(table.contains("a.brf"), "{table}");
        assert!(table.contains("11 × 11.5 in braille paper"), "{table}");
        assert!(
            table.contains("not ordered: c: no braille copies"),
            "{table}"
        );
    }
}
