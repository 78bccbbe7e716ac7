//! The typeset editions of one leaflet, owned by its pipeline: each is
//! typeset the first time any output asks for it and then shared. The print
//! edition serves the print PDF, the EPUB's page-list, the job files and
//! the proofs; the large-print edition serves its PDF, the job files and
//! the proofs. A build that makes only the EPUB still typesets the print
//! edition (for the page-list) but releases no print PDF.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use super::RenderContext;
use super::braille::{self, BrailleEdition};
use super::large_print_pdf::{self, LargePrintEdition};
use super::print_pdf::{self, PrintEdition};
use crate::error::Error;

/// A leaflet's editions, typeset on first use.
#[derive(Debug, Default)]
pub struct Editions {
    print: OnceLock<Result<PrintEdition, Error>>,
    large_print: OnceLock<Result<LargePrintEdition, Error>>,
    braille: OnceLock<Result<BrailleEdition, Error>>,
    /// The `--font-path` font files the leaflet's PDFs used.
    font_files: Mutex<BTreeSet<PathBuf>>,
}

impl Editions {
    /// No edition typeset yet.
    pub fn new() -> Editions {
        Editions::default()
    }

    /// The print edition of the context's leaflet.
    pub fn print(&self, context: &RenderContext<'_>) -> Result<&PrintEdition, Error> {
        self.print
            .get_or_init(|| print_pdf::typeset(context))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Notes `--font-path` font files a PDF of the leaflet used.
    pub fn record_fonts(&self, files: &[PathBuf]) {
        self.font_files
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .extend(files.iter().cloned());
    }

    /// The `--font-path` font files the leaflet's PDFs used, in order.
    pub fn font_files(&self) -> Vec<PathBuf> {
        self.font_files
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .iter()
            .cloned()
            .collect()
    }

    /// The large-print edition of the context's leaflet.
    pub fn large_print(&self, context: &RenderContext<'_>) -> Result<&LargePrintEdition, Error> {
        self.large_print
            .get_or_init(|| large_print_pdf::typeset(context))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The braille edition of the context's leaflet, laid out the first
    /// time it is asked for.
    pub fn braille(&self, context: &RenderContext<'_>) -> Result<&BrailleEdition, Error> {
        self.braille
            .get_or_init(|| braille::lay_out(context.leaflet))
            .as_ref()
            .map_err(Clone::clone)
    }
}
