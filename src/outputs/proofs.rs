//! Proofs (`--proofs`): a PNG of every page of each PDF the build makes, in
//! `DIR/ID/proofs/` (`ID-print-page-1.png`, ...), for people who would
//! rather look than open a PDF viewer. typst draws them from the same pages
//! it exports, when the editions are typeset.
//!
//! The check counts them: each PDF built must have exactly one proof per
//! page its own reader found, each a PNG of a page's shape.

use super::large_print_pdf::LargePrintPdf;
use super::print_pdf::PrintPdf;
use super::{NamedFile, Output, RenderContext, Rendered};
use crate::error::Error;
use crate::verify::{CheckContext, FileAt, OutputReport, read_file};

/// The PNG proofs of the PDFs' pages.
#[derive(Debug, Clone, Copy, Default)]
pub struct Proofs;

/// The folder the proofs go in, inside the leaflet's folder.
pub const PROOFS_FOLDER: &str = "proofs";

/// The eight bytes every PNG file starts with.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The PDFs that have proofs, by key and the kind in their proofs' names.
const PROOFED: [(&str, &str); 2] = [
    (PrintPdf::KEY, "print"),
    (LargePrintPdf::KEY, "large-print"),
];

impl Output for Proofs {
    fn key(&self) -> &'static str {
        "proofs"
    }

    fn on_request(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "proofs"
    }

    fn file_name(&self, _leaflet_id: &str) -> String {
        PROOFS_FOLDER.to_owned()
    }

    fn needs(&self) -> &'static [&'static str] {
        &[PrintPdf::KEY, LargePrintPdf::KEY]
    }

    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, Error> {
        let print = &context.print_edition()?.proof_files;
        let large_print = &context.large_print_edition()?.proof_files;
        let files = print
            .iter()
            .chain(large_print)
            .map(|(name, bytes)| NamedFile {
                name: name.clone(),
                bytes: bytes.clone(),
            })
            .collect();
        Ok(Rendered {
            files,
            warnings: Vec::new(),
        })
    }

    fn check(&self, files: &[FileAt], context: &CheckContext<'_>) -> OutputReport {
        let mut report = OutputReport::failed(self.name(), files);
        let id = &context.leaflet.id;
        for (key, kind) in PROOFED {
            let prefix = format!("{PROOFS_FOLDER}/{id}-{kind}-page-");
            let proofs: Vec<&FileAt> = files
                .iter()
                .filter(|file| file.name.starts_with(&prefix))
                .collect();
            let pages = context
                .needed(key)
                .and_then(|needed| needed.report.printed.clone())
                .and_then(Result::ok)
                .map(|printed| printed.pages);
            let Some(pages) = pages else {
                report.flaws.push(format!(
                    "the {kind} PDF could not be read to count its proofs"
                ));
                continue;
            };
            for page in 1..=pages {
                let name = format!("{prefix}{page}.png");
                let listed = proofs.iter().find(|file| file.name == name);
                match listed.filter(|file| file.path.exists()) {
                    None => report
                        .flaws
                        .push(format!("{name}: the proof of page {page} is missing")),
                    Some(file) => match read_file(&file.path) {
                        Ok(bytes) if bytes.starts_with(PNG_SIGNATURE) => {}
                        Ok(_) => report.flaws.push(format!("{name}: not a PNG")),
                        Err(error) => report.flaws.push(format!("{name}: {error}")),
                    },
                }
            }
            if proofs.len() > pages {
                report.flaws.push(format!(
                    "{} proofs of the {kind} PDF for its {pages} pages",
                    proofs.len()
                ));
            }
        }
        report.settle();
        report
    }
}
