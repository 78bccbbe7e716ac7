//! The PDF toolkit: what leafpress knows of the PDF format itself, whatever
//! it reads a PDF for. The tagged-PDF reader ([`crate::outputs::pdf_read`])
//! and the print hand-off's imposition ([`crate::handoff::impose`]) are both
//! built on it.

pub mod cmap;
mod error;
pub mod matrix;
pub mod objects;
pub mod operations;
pub mod page_geometry;
pub mod streams;

pub use self::error::{ErrorKind, PdfError};
pub use self::objects::load;
pub use self::streams::{MAX_STREAM_BYTES, inflate, page_content};
