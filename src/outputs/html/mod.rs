//! The accessible web page (`ID.html`): one self-contained HTML5 page per
//! leaflet, its CSS inside, no script, no web font and nothing fetched from
//! outside the file. Semantic as the EPUB is (`lang` on the page and on
//! every part in another language, `dir` for right-to-left languages, one
//! `h1`, an `h2` a section, lists as lists, links whose text says where they
//! go), landmarks (`header`, `nav`, `main`, `footer`), readable at 320 CSS
//! pixels without sideways scrolling, at 200 % zoom and with the reader's
//! own text spacing, light or dark as the reader's system asks
//! (`prefers-color-scheme`), and a print style sheet. Near the top, a `nav`
//! links to the leaflet's other files, each with its kind and size in the
//! link text (`Large-print PDF (PDF, 1.2 MB)`).
//!
//! The writer (`writer.rs`) needs the sizes of the files it links to, so
//! the page is made after them ([`RenderContext::made`]). The reader
//! (`reader.rs`) shares no code with it: it parses the page with html5ever
//! and walks it with the EPUB reader's CSS cascade. The check
//! (`check.rs`) compares what it read with the model, as for the EPUB, and
//! judges the page as a whole: its language, its headings, what it would
//! run or fetch, and its links to the other files against those files on
//! disk.

mod check;
mod reader;
mod writer;

use super::{Output, ReadBack, RenderContext, Rendered};
use crate::error::Error;
use crate::model::LinkAddresses;
use crate::verify::{self, CheckContext, FileAt, OutputReport};

/// The keys of the outputs the page links to, in the order it lists them:
/// its check reads their files (their sizes).
const LINKED: [&str; 5] = ["print", "large-print", "epub", "text", "braille"];

/// The web page output.
#[derive(Debug, Clone, Copy, Default)]
pub struct WebPage;

impl WebPage {
    /// Reads a web page back as a browser shows it.
    pub fn read_back(&self, bytes: &[u8]) -> Result<ReadBack, Error> {
        reader::read(bytes).map(|page| page.read)
    }
}

impl Output for WebPage {
    fn key(&self) -> &'static str {
        "html"
    }

    fn name(&self) -> &'static str {
        "web page"
    }

    fn file_name(&self, leaflet_id: &str) -> String {
        format!("{leaflet_id}.html")
    }

    fn needs(&self) -> &'static [&'static str] {
        &LINKED
    }

    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, Error> {
        Ok(Rendered::file(
            self.file_name(&context.leaflet.id),
            writer::write(context.leaflet, context.made).into_bytes(),
        ))
    }

    fn read_text(&self, bytes: &[u8]) -> Option<Result<ReadBack, Error>> {
        Some(self.read_back(bytes))
    }

    fn check(&self, files: &[FileAt], context: &CheckContext<'_>) -> OutputReport {
        let mut page = None;
        let mut report = verify::check_content(
            self.name(),
            LinkAddresses::Omitted,
            files,
            context,
            |bytes| {
                let mut read = reader::read(bytes)?;
                let text = std::mem::take(&mut read.read);
                page = Some(read);
                Ok(text)
            },
        );
        if let Some(page) = page {
            report.flaws.extend(check::judge(&page, &LINKED, context));
            report.settle();
        }
        report
    }
}
