//! Plain text (`ID.txt`) for screen readers and braille embossing: the title,
//! then each heading on a line of its own, each paragraph on one line, list
//! items as `- ` or `1. `, links as `text (address)`, and the publisher and
//! review dates at the end. UTF-8 without a byte-order mark, LF line ends.

mod reader;
mod writer;

use super::{Output, ReadBack, RenderContext, Rendered};
use crate::error::Error;
use crate::model::LinkAddresses;
use crate::verify::{self, CheckContext, FileAt, OutputReport};

/// The plain-text output.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlainText;

impl PlainText {
    /// Reads a plain-text file back as a screen reader gets it.
    pub fn read_back(&self, bytes: &[u8]) -> Result<ReadBack, Error> {
        reader::read(bytes)
    }
}

impl Output for PlainText {
    fn key(&self) -> &'static str {
        "text"
    }

    fn name(&self) -> &'static str {
        "plain text"
    }

    fn file_name(&self, leaflet_id: &str) -> String {
        format!("{leaflet_id}.txt")
    }

    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, Error> {
        Ok(Rendered::file(
            self.file_name(&context.leaflet.id),
            writer::write(context.leaflet).into_bytes(),
        ))
    }

    fn read_text(&self, bytes: &[u8]) -> Option<Result<ReadBack, Error>> {
        Some(self.read_back(bytes))
    }

    fn check(&self, files: &[FileAt], context: &CheckContext<'_>) -> OutputReport {
        verify::check_content(
            self.name(),
            LinkAddresses::WrittenOut,
            files,
            context,
            |bytes| self.read_back(bytes),
        )
    }
}
