//! Plain text (`ID.txt`) for screen readers and braille embossing: the title,
//! then each heading on a line of its own, each paragraph on one line, list
//! items as `- ` or `1. `, links as `text (address)`, and the publisher and
//! review dates at the end. UTF-8 without a byte-order mark, LF line ends.

mod reader;
mod writer;

use super::{Output, ReadBack, ReadError, RenderContext, RenderError, Rendered};
use crate::model::LinkAddresses;

/// The plain-text output.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlainText;

impl Output for PlainText {
    fn name(&self) -> &'static str {
        "plain text"
    }

    fn file_name(&self, leaflet_id: &str) -> String {
        format!("{leaflet_id}.txt")
    }

    fn link_addresses(&self) -> LinkAddresses {
        LinkAddresses::WrittenOut
    }

    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, RenderError> {
        Ok(Rendered::file(writer::write(context.leaflet).into_bytes()))
    }

    fn read_back(&self, bytes: &[u8]) -> Result<ReadBack, ReadError> {
        reader::read(bytes)
    }
}
