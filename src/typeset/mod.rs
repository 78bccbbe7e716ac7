//! Typesetting with typst, used as a library: a layout from the layouts
//! folder reads the leaflet as JSON from a virtual `/data.json` (text never
//! becomes typst markup, so `#`, `$`, `*` and `\` print as written), and the
//! result is exported as a tagged PDF/UA-1 file with a fixed identifier and
//! timestamp, so that a rebuild gives the same bytes.

pub mod colour;
pub mod coverage;
pub mod font_path;
pub mod hyphenate;
pub mod layouts;
pub mod output_intent;
pub mod world;

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Label, Selector, Smart, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::syntax::DiagSpan;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

pub use layouts::Layouts;
use world::{LeafletWorld, file_id};

use crate::error::Error;

/// What to compile: a layout file and the data it reads.
#[derive(Debug, Clone, Copy)]
pub struct Job<'a> {
    /// The layout's file name in the layouts folder (`print.typ`).
    pub layout: &'a str,
    /// The JSON the layout reads from `/data.json`.
    pub data: &'a str,
    /// The date the layout sees as today (fixed for reproducible output).
    pub today: Datetime,
    /// Further files the layout may read, by absolute path
    /// (`/thumbnail.png`): made by leafpress, never read from disk.
    pub attachments: &'a [(&'a str, &'a [u8])],
}

/// The world typst compiles a job in.
fn world_for<'a>(layouts: &'a Layouts, job: Job<'_>) -> Result<LeafletWorld<'a>, Error> {
    let main = file_id(&format!("/{}", job.layout))
        .ok_or_else(|| Error::Typeset(format!("`{}` is not a layout file name", job.layout)))?;
    let mut world = LeafletWorld::new(layouts, main, job.data.to_owned(), job.today);
    for (path, bytes) in job.attachments {
        let id = file_id(path).ok_or_else(|| {
            Error::Typeset(format!("`{path}` is not a file name a layout can read"))
        })?;
        world.attach(id, bytes.to_vec());
    }
    Ok(world)
}

/// Compiles a layout into pages. Warnings count as errors: a print file is
/// not released on a maybe.
fn compile(world: &LeafletWorld<'_>) -> Result<PagedDocument, Error> {
    let Warned { output, warnings } = typst::compile::<PagedDocument>(world);
    match output {
        Ok(document) if warnings.is_empty() => Ok(document),
        Ok(_) => Err(describe(world, &warnings)),
        Err(errors) => Err(describe(world, errors.iter().chain(&warnings))),
    }
}

/// Exports pages as a tagged PDF/UA-1 file. `ident` and `timestamp` are
/// fixed by the caller, so the same leaflet always gives the same bytes.
fn export_pdf(
    world: &LeafletWorld<'_>,
    document: &PagedDocument,
    ident: &str,
    timestamp: Datetime,
) -> Result<Vec<u8>, Error> {
    let standards = PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|error| {
        Error::Typeset(format!("PDF/UA-1 is not available: {}", error.message()))
    })?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_owned()),
        creator: Smart::Custom(Some(
            concat!("leafpress ", env!("CARGO_PKG_VERSION")).into(),
        )),
        timestamp: Some(Timestamp::new_utc(timestamp)),
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    typst_pdf::pdf(document, &options).map_err(|errors| describe(world, errors.iter()))
}

/// Every diagnostic as `file:line:column: error: message`, with hints.
/// typst reports each character no font can show on its own: those are
/// told once per script, with how many more there were.
fn describe<'d>(
    world: &LeafletWorld<'_>,
    diagnostics: impl IntoIterator<Item = &'d SourceDiagnostic>,
) -> Error {
    let mut lines: Vec<String> = Vec::new();
    // Per script: the index of its line in `lines`, and how many more.
    let mut unshown: Vec<(String, usize, usize)> = Vec::new();
    for diagnostic in diagnostics {
        let severity = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if let Some(text) = undisplayable_text(&diagnostic.message) {
            // typst found a glyph missing at export, pointing into the
            // layout that set the text; the text is the leaflet's.
            let script = coverage::script_of(&text);
            let what = coverage::text_in(script);
            if let Some((_, _, more)) = unshown.iter_mut().find(|(seen, ..)| *seen == what) {
                *more += 1;
                continue;
            }
            unshown.push((what.clone(), lines.len(), 0));
            lines.push(format!(
                "{severity}: no font can show the {what} \"{text}\" (typst: {})\n  hint: {}",
                diagnostic.message,
                coverage::hint(script)
            ));
            continue;
        }
        let mut line = format!(
            "{}: {severity}: {}",
            locate(world, diagnostic.span),
            diagnostic.message
        );
        for hint in &diagnostic.hints {
            line.push_str(&format!("\n  hint: {}", hint.v));
        }
        lines.push(line);
    }
    for (_, at, more) in unshown {
        if more > 0 {
            let plural = if more == 1 { "" } else { "s" };
            lines[at].push_str(&format!("\n  ({more} more character{plural} like it)"));
        }
    }
    Error::Typeset(lines.join("\n"))
}

/// The text of typst's message that text "could not be displayed" with a
/// font (a glyph missing), if this is that message.
fn undisplayable_text(message: &str) -> Option<String> {
    let (_, after) = message.split_once("the text `")?;
    let (quoted, rest) = after.split_once('`')?;
    rest.starts_with(" could not be displayed")
        .then(|| quoted.trim_matches('"').to_owned())
}

/// `file:line:column` of a span, naming layout files as the user knows them.
fn locate(world: &LeafletWorld<'_>, span: DiagSpan) -> String {
    let Some(id) = span.id() else {
        return "typst".to_owned();
    };
    let name = id.vpath().get_without_slash();
    let file = if format!("/{name}") == world::DATA_PATH {
        "the leaflet data (/data.json)".to_owned()
    } else {
        world.layouts().describe(name)
    };
    let position = world.range(span).and_then(|range| {
        let source = typst::World::source(world, id).ok()?;
        source.lines().byte_to_line_column(range.start)
    });
    match position {
        Some((line, column)) => format!("{file}:{}:{}", line + 1, column + 1),
        None => file,
    }
}

/// A typeset PDF, with its page count, where the layout's anchors fell and,
/// when asked for, a PNG proof of every page.
#[derive(Debug, Clone)]
pub struct TypesetPdf {
    /// The PDF file.
    pub pdf: Vec<u8>,
    /// How many pages it has.
    pub pages: usize,
    /// The layout's anchors: the starts in document order, then the ends.
    pub anchors: Vec<AnchorMark>,
    /// The number typst's page counter gives each page, by index: what is
    /// printed on it, when the layout prints page numbers.
    pub page_numbers: Vec<u64>,
    /// PNG images of the pages, in order (empty unless asked for).
    pub proofs: Vec<Vec<u8>>,
    /// A small picture of the first page, if asked for.
    pub thumbnail: Option<Thumbnail>,
    /// Whether the pages draw in colour ([`colour::uses_colour`]).
    pub uses_colour: bool,
    /// The `--font-path` font files the pages use, in order (the bundled
    /// fonts are not listed: the layouts' digest covers them).
    pub font_files: Vec<std::path::PathBuf>,
}

/// A small picture of a page: 8-bit RGB pixels, row by row, on white.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thumbnail {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height × 3` bytes.
    pub rgb: Vec<u8>,
}

impl Thumbnail {
    /// The page's width in millimetres.
    pub fn page_width_mm(&self) -> f64 {
        f64::from(self.width) / THUMBNAIL_PIXELS_PER_PT * 25.4 / 72.0
    }
}

/// Pictures of the pages to make beside a PDF.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pictures {
    /// A proof of every page, at screen resolution, bleed included.
    pub proofs: bool,
    /// A thumbnail of the first page, trim only (for the job sheet).
    pub thumbnail: bool,
}

/// Where a layout marks a block of the leaflet as starting or ending: the
/// layouts wrap each block in `metadata(key)` labelled `<leafpress-start>`
/// and `<leafpress-end>` (see `layouts/README.md`), and typst's
/// introspection tells on which page each mark was placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorMark {
    /// The block's key (`title`, `s2-b0`, ...).
    pub key: String,
    /// Whether this mark is the block's start or its end.
    pub edge: Edge,
    /// The page the mark is on, by its place in the document, from 1.
    pub page: usize,
}

/// The start or the end of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// Where the block starts.
    Start,
    /// Where the block ends.
    End,
}

/// Every anchor mark of a typeset document, in document order.
fn anchor_marks(document: &PagedDocument) -> Vec<AnchorMark> {
    let introspector = document.introspector();
    let mut marks = Vec::new();
    for (name, edge) in [
        ("leafpress-start", Edge::Start),
        ("leafpress-end", Edge::End),
    ] {
        let Some(label) = Label::new(typst::utils::PicoStr::intern(name)) else {
            continue;
        };
        for element in introspector.query(&Selector::Label(label)) {
            let Some(metadata) = element.to_packed::<MetadataElem>() else {
                continue;
            };
            let (Value::Str(key), Some(page)) = (
                &metadata.value,
                element.location().and_then(|at| introspector.page(at)),
            ) else {
                continue;
            };
            marks.push(AnchorMark {
                key: key.to_string(),
                edge,
                page: page.get(),
            });
        }
    }
    marks
}

/// A thumbnail's resolution: an A5 page comes out 210 pixels wide.
const THUMBNAIL_PIXELS_PER_PT: f64 = 0.5;

/// A page's thumbnail: rendered without bleed, laid on white. Raw pixels,
/// not PNG: the PDF would only decode a PNG again.
fn thumbnail_of(page: &typst_layout::Page) -> Thumbnail {
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(THUMBNAIL_PIXELS_PER_PT),
        render_bleed: false,
    };
    let pixmap = typst_render::render(page, &options);
    let mut rgb = Vec::with_capacity(pixmap.data().len() / 4 * 3);
    for pixel in pixmap.data().chunks_exact(4) {
        // Premultiplied RGBA over white.
        let white = 255 - pixel[3];
        rgb.extend(
            pixel[..3]
                .iter()
                .map(|&channel| channel.saturating_add(white)),
        );
    }
    Thumbnail {
        width: pixmap.width(),
        height: pixmap.height(),
        rgb,
    }
}

/// Compiles a layout, exports it as tagged PDF/UA-1, and renders the
/// pictures asked for: proofs of its pages (at 96 dpi, bleed and marks
/// included), a thumbnail of the first page.
pub fn typeset_pdf(
    layouts: &Layouts,
    job: Job<'_>,
    ident: &str,
    pictures: Pictures,
) -> Result<TypesetPdf, Error> {
    let world = world_for(layouts, job)?;
    let document = compile(&world)?;
    let pdf = export_pdf(&world, &document, ident, job.today)?;
    let thumbnail = document
        .pages()
        .first()
        .filter(|_| pictures.thumbnail)
        .map(thumbnail_of);
    let proofs = if pictures.proofs {
        document
            .pages()
            .iter()
            .map(|page| {
                let options = typst_render::RenderOptions {
                    pixel_per_pt: typst::utils::Scalar::new(96.0 / 72.0),
                    render_bleed: true,
                };
                typst_render::render(page, &options)
                    .encode_png()
                    .map_err(|error| Error::Typeset(format!("cannot encode a proof: {error}")))
            })
            .collect::<Result<_, _>>()?
    } else {
        Vec::new()
    };
    Ok(TypesetPdf {
        pdf,
        pages: document.pages().len(),
        anchors: anchor_marks(&document),
        page_numbers: document.pages().iter().map(|page| page.number).collect(),
        proofs,
        thumbnail,
        uses_colour: colour::uses_colour(&document),
        font_files: font_files(layouts, &document),
    })
}

/// The `--font-path` font files whose faces the pages of `document` use.
fn font_files(layouts: &Layouts, document: &PagedDocument) -> Vec<std::path::PathBuf> {
    use typst::layout::{Frame, FrameItem};
    fn visit(frame: &Frame, fonts: &mut Vec<typst::text::Font>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => visit(&group.frame, fonts),
                FrameItem::Text(text) => {
                    // By address: comparing fonts would hash their bytes.
                    let font = text.font.font();
                    let same = |other: &typst::text::Font| {
                        other.index() == font.index()
                            && other.data().as_ptr() == font.data().as_ptr()
                    };
                    if !fonts.iter().any(same) {
                        fonts.push(font.clone());
                    }
                }
                _ => {}
            }
        }
    }
    if layouts.font_path().is_none() {
        return Vec::new();
    }
    let mut fonts = Vec::new();
    for page in document.pages() {
        visit(&page.frame, &mut fonts);
    }
    let mut files: Vec<std::path::PathBuf> = fonts
        .iter()
        .filter_map(|font| layouts.font_file(font))
        .map(std::path::Path::to_owned)
        .collect();
    files.sort();
    files.dedup();
    files
}

/// A file date as typst's date.
pub fn datetime(date: crate::model::FileDate) -> Datetime {
    let (hour, minute, second) = date.time;
    Datetime::from_ymd_hms(
        i32::from(date.year),
        date.month,
        date.day,
        hour,
        minute,
        second,
    )
    .unwrap_or_else(|| Datetime::from_ymd_hms(2000, 1, 1, 0, 0, 0).expect("a valid date"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typst_saying_text_could_not_be_displayed_is_recognised() {
        assert_eq!(
            undisplayable_text(
                "PDF/UA-1 error: the text `\"হ\"` could not be displayed with font `\"Atkinson Hyperlegible\"`"
            )
            .as_deref(),
            Some("হ")
        );
        assert_eq!(undisplayable_text("unknown font family: `x`"), None);
    }
}
