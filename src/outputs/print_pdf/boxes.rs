//! The BleedBox typst does not write: the TrimBox grown by the bleed on every
//! side (and kept inside the MediaBox), set on every page, so that a print
//! shop's preflight finds trim, bleed and media where they are. Where typst
//! wrote no TrimBox (no bleed and no marks: the sheet is the trim), the
//! TrimBox is the MediaBox.

use lopdf::{Document, Object};

use crate::pdf::PdfError;
use crate::pdf::page_geometry::{PageBox, page_box, rect_object};

/// Points in a millimetre.
const POINTS_PER_MM: f64 = 72.0 / 25.4;

/// Sets a BleedBox of TrimBox + `bleed_mm` on every page of `document`
/// (and a TrimBox where typst wrote none); `Err` says why it could not.
pub fn add_bleed_boxes(document: &mut Document, bleed_mm: f64) -> Result<(), String> {
    let bleed = bleed_mm * POINTS_PER_MM;
    let pages: Vec<_> = document.get_pages().into_values().collect();
    for page_id in pages {
        let unreadable =
            |error: PdfError| format!("a page of the typeset PDF is unreadable: {error}");
        let media = page_box(document, page_id, PageBox::Media)
            .map_err(unreadable)?
            .ok_or("typst wrote a page without a MediaBox")?;
        let trim = page_box(document, page_id, PageBox::Trim).map_err(unreadable)?;
        let page = document
            .get_object_mut(page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|error| format!("a page of the typeset PDF is unreadable: {error}"))?;
        // With no bleed and no crop marks the sheet is the trim, and typst
        // writes no TrimBox: a print shop still wants one.
        let trim = match trim {
            Some(trim) => trim,
            None => {
                page.set("TrimBox", rect_object(media));
                media
            }
        };
        let bleed_box = [
            (trim[0] - bleed).max(media[0]),
            (trim[1] - bleed).max(media[1]),
            (trim[2] + bleed).min(media[2]),
            (trim[3] + bleed).min(media[3]),
        ];
        page.set("BleedBox", rect_object(bleed_box));
    }
    Ok(())
}
