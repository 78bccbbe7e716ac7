//! The PDF toolkit: what leafpress knows of the PDF format itself, whatever
//! it reads a PDF for, on top of lopdf's objects. The tagged-PDF reader
//! ([`crate::outputs::pdf_read`]), the print PDF's bleed boxes and the print
//! hand-off's imposition ([`crate::handoff::impose`]) are built on it.
//!
//! - [`objects`]: a file loaded with the toolkit's limits ([`load`]), and
//!   numbers read from its objects, as `f64`;
//! - [`streams`]: the one stream-size limit, [`MAX_STREAM_BYTES`], and the
//!   one bounded inflation of a stream ([`inflate`]) and of a page's content
//!   ([`page_content`]);
//! - [`operations`]: a content stream cut into operations;
//! - [`matrix`]: the affine matrices that place text and forms;
//! - [`geometry`]: boxes moved by matrices, intersected (clipping paths)
//!   and covering one another;
//! - [`contrast`]: device colours as sRGB, and WCAG contrast;
//! - [`page_geometry`]: the one reader of a page's boxes, as [`Rect`]s, and
//!   entries inherited through the page tree;
//! - [`cmap`]: fonts' `/ToUnicode` maps and widths, from shown bytes to text;
//! - [`PdfError`]: what could not be read, and why.
//!
//! [`Rect`]: page_geometry::Rect

pub mod cmap;
pub mod contrast;
mod error;
pub mod geometry;
pub mod matrix;
pub mod objects;
pub mod operations;
pub mod page_geometry;
pub mod streams;

pub use self::error::{ErrorKind, PdfError};
pub use self::objects::load;
pub use self::streams::{MAX_STREAM_BYTES, inflate, page_content};
