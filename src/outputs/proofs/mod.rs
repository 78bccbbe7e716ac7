//! Proofs (`--proofs`): a PNG of every page of each PDF the build makes, in
//! `DIR/ID/proofs/` (`ID-print-page-1.png`, ...), for people who would
//! rather look than open a PDF viewer. typst draws them from the same pages
//! it exports, when the editions are typeset. A leaflet with a braille file
//! also gets a PNG of each braille page drawn as its cells
//! (`ID-braille-page-1.png`, [`braille_drawing`]), for a sighted
//! transcriber to look over.
//!
//! The check counts them: each PDF built must have exactly one proof per
//! page, each a whole PNG of that page's size at 96 dpi, and no proof of a
//! page the PDF does not have. Each braille page must have one proof too,
//! a whole PNG of the braille page's size whose dots, read back from its
//! pixels ([`braille_reading`]), are the cells of that page of the braille
//! file on disk; a leaflet with no braille file must have no braille
//! proofs.

mod braille_drawing;
mod braille_geometry;
mod braille_reading;

use super::braille::Braille;
use super::large_print_pdf::LargePrintPdf;
use super::print_pdf::PrintPdf;
use super::{NamedFile, Output, RenderContext, Rendered};
use std::path::Path;

use crate::error::Error;
use crate::model::BrailleSettings;
use crate::pdf;
use crate::pdf::page_geometry::{PageBox, page_box};
use crate::verify::{CheckContext, FileAt, OutputReport, read_file};

/// The PNG proofs of the PDFs' pages.
#[derive(Debug, Clone, Copy, Default)]
pub struct Proofs;

/// The folder the proofs go in, inside the leaflet's folder.
pub const PROOFS_FOLDER: &str = "proofs";

/// The eight bytes every PNG file starts with.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
/// The twelve bytes every PNG file ends with: its empty `IEND` chunk.
const PNG_END: &[u8] = b"\0\0\0\0IEND\xaeB`\x82";
/// The proofs' resolution: 96 dpi, as typst draws them.
const PIXELS_PER_POINT: f64 = 96.0 / 72.0;

/// The kind in the braille proofs' names.
const BRAILLE_KIND: &str = "braille";

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

    fn needs_page_pictures(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "proofs"
    }

    fn file_name(&self, _leaflet_id: &str) -> String {
        PROOFS_FOLDER.to_owned()
    }

    fn needs(&self) -> &'static [&'static str] {
        &[PrintPdf::KEY, LargePrintPdf::KEY, Braille::KEY]
    }

    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, Error> {
        let print = &context.print_edition()?.proof_files;
        let large_print = &context.large_print_edition()?.proof_files;
        let mut files: Vec<NamedFile> = print
            .iter()
            .chain(large_print)
            .map(|(name, bytes)| NamedFile {
                name: name.clone(),
                bytes: bytes.clone(),
            })
            .collect();
        files.extend(braille_proofs(context)?);
        Ok(Rendered {
            files,
            warnings: Vec::new(),
        })
    }

    fn check(&self, files: &[FileAt], context: &CheckContext<'_>) -> OutputReport {
        let mut report = OutputReport::failed(self.name(), files);
        report.file = files
            .first()
            .and_then(|file| file.shown.parent())
            .map(Path::to_owned)
            .unwrap_or_default();
        for (key, kind) in PROOFED {
            let pages = match page_sizes(context, key) {
                Ok(pages) => pages,
                Err(error) => {
                    report.flaws.push(format!(
                        "the {kind} PDF could not be read to check its proofs: {error}"
                    ));
                    continue;
                }
            };
            let proofed = Proofed {
                files,
                prefix: proof_prefix(&context.leaflet.id, kind),
                holder: format!("the {kind} PDF"),
            };
            report
                .flaws
                .extend(proofed.check(&pages, |bytes, size| judge_png(bytes, *size)));
        }
        report.flaws.extend(check_braille_proofs(files, context));
        report.settle();
        report
    }
}

/// The start of the names of a leaflet's proofs of `kind`, up to the page
/// number (`proofs/ID-print-page-`).
fn proof_prefix(id: &str, kind: &str) -> String {
    format!("{PROOFS_FOLDER}/{id}-{kind}-page-")
}

/// The braille proofs of the context's leaflet, one a page of its braille
/// edition; none for a leaflet with no braille file.
fn braille_proofs(context: &RenderContext<'_>) -> Result<Vec<NamedFile>, Error> {
    if Braille.not_made_for(context.leaflet).is_some() {
        return Ok(Vec::new());
    }
    let edition = context.braille_edition()?;
    let pages = braille_drawing::draw_pages(&edition.brf, edition.page)?;
    let prefix = proof_prefix(&context.leaflet.id, BRAILLE_KIND);
    Ok(pages
        .into_iter()
        .enumerate()
        .map(|(index, bytes)| NamedFile {
            name: format!("{prefix}{}.png", index + 1),
            bytes,
        })
        .collect())
}

/// The flaws of the braille proofs: each page of the braille file on disk
/// must have its proof, showing its cells, and no other braille proof may
/// be there (none at all for a leaflet with no braille file).
fn check_braille_proofs(files: &[FileAt], context: &CheckContext<'_>) -> Vec<String> {
    let leaflet = context.leaflet;
    let brf = if Braille.not_made_for(leaflet).is_some() {
        Vec::new()
    } else {
        match context.needed_bytes(Braille::KEY) {
            Ok(bytes) => bytes,
            Err(error) => {
                return vec![format!(
                    "the braille file could not be read to check its proofs: {error}"
                )];
            }
        }
    };
    let pages = braille_reading::brf_pages(&brf);
    let proofed = Proofed {
        files,
        prefix: proof_prefix(&leaflet.id, BRAILLE_KIND),
        holder: "the braille file".to_owned(),
    };
    proofed.check(&pages, |bytes, lines| {
        judge_braille_png(bytes, lines, leaflet.braille)
    })
}

/// What is wrong with a proof of a braille page of `lines`, laid out in
/// `page`'s cells and lines, if anything: not a whole PNG, not the page's
/// size, or dots that are not the page's cells.
fn judge_braille_png(bytes: &[u8], lines: &[&[u8]], page: BrailleSettings) -> Option<String> {
    if let Some(flaw) = judge_whole_png(bytes) {
        return Some(flaw);
    }
    let filed = match braille_reading::page_cells(lines, page) {
        Ok(cells) => cells,
        Err(flaw) => return Some(format!("the braille file's page does not fit: {flaw}")),
    };
    match braille_reading::read_proof(bytes, page) {
        Ok(shown) => braille_reading::first_difference(&shown, &filed),
        Err(flaw) => Some(flaw),
    }
}

/// The proofs of one file's pages (a PDF's, the braille file's), checked
/// against its pages.
struct Proofed<'a> {
    /// The proofs' files as the check was given them.
    files: &'a [FileAt],
    /// The start of the proofs' names ([`proof_prefix`]).
    prefix: String,
    /// The file whose pages they show, in words (`the print PDF`).
    holder: String,
}

impl Proofed<'_> {
    /// The flaws of the proofs of `pages`: a page's proof missing or
    /// unreadable, what `judge` finds wrong with one (given its bytes and
    /// its page), each named with its file and page, and a proof of a page
    /// the file does not have.
    fn check<P>(&self, pages: &[P], judge: impl Fn(&[u8], &P) -> Option<String>) -> Vec<String> {
        let mut flaws = Vec::new();
        for (page, of) in pages.iter().enumerate().map(|(n, of)| (n + 1, of)) {
            let name = format!("{}{page}.png", self.prefix);
            let listed = self.files.iter().find(|file| file.name == name);
            let Some(file) = listed.filter(|file| file.path.exists()) else {
                flaws.push(format!("{name}: the proof of page {page} is missing"));
                continue;
            };
            match read_file(&file.path) {
                Ok(bytes) => flaws
                    .extend(judge(&bytes, of).map(|flaw| format!("{name}: page {page}: {flaw}"))),
                Err(error) => flaws.push(format!("{name}: {error}")),
            }
        }
        for extra in extra_proofs(self.files, &self.prefix, pages.len()) {
            flaws.push(format!(
                "{extra}: a proof of a page {} does not have",
                self.holder
            ));
        }
        flaws
    }
}

/// The size of each page of the needed PDF `key` (its MediaBox, which a
/// proof shows whole: bleed and marks included), in points.
fn page_sizes(context: &CheckContext<'_>, key: &str) -> Result<Vec<(f64, f64)>, Error> {
    let document = pdf::load(&context.needed_bytes(key)?)?;
    document
        .page_iter()
        .map(|page| {
            let media = page_box(&document, page, PageBox::Media)?
                .ok_or_else(|| Error::Check("a page has no MediaBox".to_owned()))?;
            Ok((media[2] - media[0], media[3] - media[1]))
        })
        .collect()
}

/// What is wrong with a proof of a page of `size` points, if anything: not a
/// whole PNG ([`judge_whole_png`]), or not the page's size at the proofs'
/// resolution (to a pixel).
fn judge_png(bytes: &[u8], (width_pt, height_pt): (f64, f64)) -> Option<String> {
    if let Some(flaw) = judge_whole_png(bytes) {
        return Some(flaw);
    }
    let pixels = |at: usize| f64::from(u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()));
    let (width, height) = (pixels(16), pixels(20));
    let wanted = (width_pt * PIXELS_PER_POINT, height_pt * PIXELS_PER_POINT);
    ((width - wanted.0).abs() > 1.0 || (height - wanted.1).abs() > 1.0).then(|| {
        format!(
            "{width} x {height} pixels, where the page makes {:.0} x {:.0}",
            wanted.0, wanted.1
        )
    })
}

/// What keeps `bytes` from being a whole PNG, if anything: its signature,
/// its header (`IHDR`, first), or its closing chunk.
fn judge_whole_png(bytes: &[u8]) -> Option<String> {
    if !bytes.starts_with(PNG_SIGNATURE) {
        return Some("not a PNG".to_owned());
    }
    if bytes.get(12..16) != Some(&b"IHDR"[..]) || bytes.len() < 24 {
        return Some("a PNG without its header".to_owned());
    }
    if !bytes.ends_with(PNG_END) {
        return Some("a PNG cut short (it has no end)".to_owned());
    }
    None
}

/// Proofs in the folder on disk beyond the `pages` a PDF has, when its
/// proofs are checked where they were released (during a build, the folder
/// still holds the proofs being replaced).
fn extra_proofs(files: &[FileAt], prefix: &str, pages: usize) -> Vec<String> {
    let released = files.iter().all(|file| file.path == file.shown);
    let Some(folder) = files.first().and_then(|file| file.shown.parent()) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    if !released {
        return Vec::new();
    }
    let mut extra: Vec<String> = entries
        .flatten()
        .filter_map(|entry| {
            let name = format!("{PROOFS_FOLDER}/{}", entry.file_name().to_string_lossy());
            let page: usize = name
                .strip_prefix(prefix)?
                .strip_suffix(".png")?
                .parse()
                .ok()?;
            (page == 0 || page > pages).then_some(name)
        })
        .collect();
    extra.sort();
    extra
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = PNG_SIGNATURE.to_vec();
        bytes.extend([0, 0, 0, 13]);
        bytes.extend(b"IHDR");
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
        bytes.extend(PNG_END);
        bytes
    }

    #[test]
    fn a_proof_must_be_a_whole_png_of_its_page() {
        let a5 = (419.53, 595.28);
        assert_eq!(judge_png(&png(559, 794), a5), None);
        assert!(
            judge_png(&png(794, 1123), a5)
                .unwrap()
                .contains("794 x 1123")
        );
        assert_eq!(judge_png(b"not a picture", a5).unwrap(), "not a PNG");
        let mut cut = png(559, 794);
        cut.truncate(30);
        assert!(judge_png(&cut, a5).unwrap().contains("cut short"));
    }

    #[test]
    fn a_braille_proof_reads_back_as_the_page_it_draws() {
        let page = BrailleSettings {
            cells_per_line: 28,
            lines_per_page: 20,
        };
        let brf = b",TITLE                    #A\r\n\r\nABC =#_\r\n\x0cTWO   #B\r\n\x0c";
        let proofs = braille_drawing::draw_pages(brf, page).unwrap();
        let pages = braille_reading::brf_pages(brf);
        assert_eq!(proofs.len(), pages.len());
        for (proof, lines) in proofs.iter().zip(&pages) {
            assert_eq!(judge_braille_png(proof, lines, page), None);
        }
        let wrong = judge_braille_png(&proofs[0], &pages[1], page).unwrap();
        assert!(wrong.starts_with("line 1, cell 1: "), "{wrong}");
        let small = BrailleSettings {
            cells_per_line: 29,
            ..page
        };
        let size = judge_braille_png(&proofs[1], &pages[1], small).unwrap();
        assert!(size.contains("where the braille page makes"), "{size}");
    }
}
