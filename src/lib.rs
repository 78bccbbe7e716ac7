//! leafpress compiles one structured patient-information leaflet into every form
//! its readers need (print PDF, large-print PDF, EPUB 3 and plain text) and then
//! proves, by reading each file back, that every output holds every section.
//!
//! The pipeline, one module a stage:
//!
//! - [`source`] reads a TOML source file and its body markup into the model,
//!   reporting every problem at a `file:line:column` position;
//! - [`model`] is the one shape of a leaflet that every output reads, and
//!   [`labels`] leafpress's own words in it (end matter, navigation, dates);
//! - [`outputs`] holds one module per output format, each with a writer and,
//!   beside it, a reader that knows nothing of the writer; [`typeset`] is
//!   typst, embedded, for the two PDFs;
//! - [`pdf`] is the PDF toolkit the PDF reader and the hand-off's imposition
//!   are built on: objects, content operations, page boxes, fonts' Unicode
//!   maps and streams inflated within one limit;
//! - [`verify`] compares what each reader got back with the model;
//! - [`registry`] is the one list of everything a build makes, each an
//!   [`outputs::Output`] with its files, what it needs, its writer and its
//!   check;
//! - [`build`] runs the pipeline over a catalogue: render into staging,
//!   verify, and only then release files to their final paths;
//! - [`index_page`] is the catalogue page, `DIR/index.html`: every
//!   verified leaflet in the output folder with links to its files, made
//!   and checked after each build; [`size`] writes file sizes for people;
//! - [`error`] is the library's one error type;
//! - [`handoff`] makes and checks what goes to print with the PDFs: the job
//!   ticket and sheet, the imposed booklet, paper orders.

#![warn(missing_docs)]

pub mod build;
pub mod catalogue;
pub mod error;
pub mod handoff;
pub mod import;
pub mod index_page;
pub mod labels;
pub mod language;
pub mod model;
pub mod outputs;
pub mod pdf;
pub mod registry;
pub mod release;
pub mod report;
pub mod size;
pub mod source;
pub mod stamp;
pub mod typeset;
pub mod verify;

pub use error::{Error, Result};
