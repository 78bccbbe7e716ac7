//! Proofs (`--proofs`): a PNG of every page of each PDF the build makes, in
//! `DIR/ID/proofs/` (`ID-print-page-1.png`, ...), for people who would
//! rather look than open a PDF viewer. typst draws them from the same pages
//! it exports, when the editions are typeset.
//!
//! The check counts them: each PDF built must have exactly one proof per
//! page, each a whole PNG of that page's size at 96 dpi, and no proof of a
//! page the PDF does not have.

use super::large_print_pdf::LargePrintPdf;
use super::print_pdf::PrintPdf;
use super::{NamedFile, Output, RenderContext, Rendered};
use std::path::Path;

use crate::error::Error;
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
        &[PrintPdf::KEY, LargePrintPdf::KEY]
    }

    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, Error> {
        let print = &context.print_edition()?.proof_files;
        let large_print = &context.large_print_edition()?.proof_files;
        let files = print
            .iter()
            .chain(large_print)
            .map(|(name, bytes)| NamedFile {
                name: name.clone(),
                bytes: bytes.clone(),
            })
            .collect();
        Ok(Rendered {
            files,
            warnings: Vec::new(),
        })
    }

    fn check(&self, files: &[FileAt], context: &CheckContext<'_>) -> OutputReport {
        let mut report = OutputReport::failed(self.name(), files);
        let id = &context.leaflet.id;
        report.file = files
            .first()
            .and_then(|file| file.shown.parent())
            .map(Path::to_owned)
            .unwrap_or_default();
        for (key, kind) in PROOFED {
            let prefix = format!("{PROOFS_FOLDER}/{id}-{kind}-page-");
            let proofs: Vec<&FileAt> = files
                .iter()
                .filter(|file| file.name.starts_with(&prefix))
                .collect();
            let pages = match page_sizes(context, key) {
                Ok(pages) => pages,
                Err(error) => {
                    report.flaws.push(format!(
                        "the {kind} PDF could not be read to check its proofs: {error}"
                    ));
                    continue;
                }
            };
            for (page, size) in pages.iter().enumerate().map(|(n, size)| (n + 1, size)) {
                let name = format!("{prefix}{page}.png");
                let listed = proofs.iter().find(|file| file.name == name);
                let Some(file) = listed.filter(|file| file.path.exists()) else {
                    report
                        .flaws
                        .push(format!("{name}: the proof of page {page} is missing"));
                    continue;
                };
                match read_file(&file.path) {
                    Ok(bytes) => {
                        if let Some(flaw) = judge_png(&bytes, *size) {
                            report.flaws.push(format!("{name}: {flaw}"));
                        }
                    }
                    Err(error) => report.flaws.push(format!("{name}: {error}")),
                }
            }
            for extra in extra_proofs(files, &prefix, pages.len()) {
                report.flaws.push(format!(
                    "{extra}: a proof of a page the {kind} PDF does not have"
                ));
            }
        }
        report.settle();
        report
    }
}

/// The size of each page of the needed PDF `key` (its MediaBox, which a
/// proof shows whole: bleed and marks included), in points.
fn page_sizes(context: &CheckContext<'_>, key: &str) -> Result<Vec<(f64, f64)>, Error> {
    let file = context
        .needed(key)
        .and_then(|needed| needed.files.first())
        .ok_or_else(|| Error::Check(format!("no {key} PDF was checked")))?;
    let document = pdf::load(&read_file(&file.path)?)?;
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
/// whole PNG (its signature, its header, its closing chunk), or not the
/// page's size at the proofs' resolution (to a pixel).
fn judge_png(bytes: &[u8], (width_pt, height_pt): (f64, f64)) -> Option<String> {
    if !bytes.starts_with(PNG_SIGNATURE) {
        return Some("not a PNG".to_owned());
    }
    let header = bytes.get(8..24).filter(|header| &header[4..8] == b"IHDR");
    let Some(header) = header else {
        return Some("a PNG without its header".to_owned());
    };
    if !bytes.ends_with(PNG_END) {
        return Some("a PNG cut short (it has no end)".to_owned());
    }
    let pixels = |at: usize| f64::from(u32::from_be_bytes(header[at..at + 4].try_into().unwrap()));
    let (width, height) = (pixels(8), pixels(12));
    let wanted = (width_pt * PIXELS_PER_POINT, height_pt * PIXELS_PER_POINT);
    ((width - wanted.0).abs() > 1.0 || (height - wanted.1).abs() > 1.0).then(|| {
        format!(
            "{width} x {height} pixels, where the page makes {:.0} x {:.0}",
            wanted.0, wanted.1
        )
    })
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
}
