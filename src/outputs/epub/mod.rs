//! The EPUB 3 (`ID.epub`) for e-readers, phones and screen readers:
//! semantic XHTML in the leaflet's language, a navigation document with
//! every section, landmarks and a page-list of the print edition's pages,
//! EPUB Accessibility 1.1 metadata, and a stylesheet in relative units that
//! neither justifies nor hyphenates, so the reader's own settings win.
//!
//! The whole leaflet is one XHTML document: leaflets are short, one file
//! keeps the reading order trivially right, and a print page that starts in
//! the middle of a section needs no split. The nav links into it by id.
//!
//! The writer is leafpress's own, on the `zip` crate, rather than
//! `epub-builder`: see the README ("Why not epub-builder") for what was
//! measured. The reader (`reader/`) unzips the file, follows
//! `META-INF/container.xml` to the package, and walks the spine's XHTML in
//! order, leaving out (and reporting as unseen) what the documents' own
//! CSS and markup hide; it shares no code with the writer. The web page's
//! reader walks its page with the same code ([`reader::read_self_contained`]).

mod package;
pub(crate) mod reader;
mod xhtml;

use super::{Output, ReadBack, RenderContext, Rendered};
use crate::error::Error;
use crate::model::LinkAddresses;
use crate::verify::{self, CheckContext, FileAt, OutputReport};

/// The EPUB 3 output.
#[derive(Debug, Clone, Copy, Default)]
pub struct Epub;

impl Epub {
    /// Reads an EPUB back as a reader gets it: its spine's XHTML in order.
    pub fn read_back(&self, bytes: &[u8]) -> Result<ReadBack, Error> {
        reader::read(bytes)
    }
}

impl Output for Epub {
    fn key(&self) -> &'static str {
        "epub"
    }

    // Its page-list is the print edition's pages: it typesets that.
    fn typesets(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "EPUB"
    }

    fn file_name(&self, leaflet_id: &str) -> String {
        format!("{leaflet_id}.epub")
    }

    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, Error> {
        let edition = context.print_edition()?;
        let bytes = package::write(context.leaflet, edition.pagination.as_ref(), context.date)
            .map_err(|error| Error::render(self.name(), error))?;
        let mut rendered = Rendered::file(self.file_name(&context.leaflet.id), bytes);
        if edition.pagination.is_none() {
            rendered.warnings.push(
                "the print layout places no anchors (layouts/README.md): the EPUB has no page-list"
                    .to_owned(),
            );
        }
        Ok(rendered)
    }

    fn read_text(&self, bytes: &[u8]) -> Option<Result<ReadBack, Error>> {
        Some(self.read_back(bytes))
    }

    fn check(&self, files: &[FileAt], context: &CheckContext<'_>) -> OutputReport {
        verify::check_content(
            self.name(),
            LinkAddresses::Omitted,
            files,
            context,
            |bytes| self.read_back(bytes),
        )
    }
}
