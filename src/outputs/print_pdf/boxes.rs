//! The BleedBox typst does not write: the TrimBox grown by the bleed on every
//! side (and kept inside the MediaBox), set on every page, so that a print
//! shop's preflight finds trim, bleed and media where they are. Where typst
//! wrote no TrimBox (no bleed and no marks: the sheet is the trim), the
//! TrimBox is the MediaBox.

use lopdf::Object;

use crate::pdf;

/// Points in a millimetre.
const POINTS_PER_MM: f64 = 72.0 / 25.4;

/// The PDF with a BleedBox of TrimBox + `bleed_mm` on every page.
pub fn add_bleed_boxes(pdf: &[u8], bleed_mm: f64) -> Result<Vec<u8>, String> {
    let mut document =
        pdf::load(pdf).map_err(|error| format!("cannot reopen the typeset PDF: {error}"))?;
    let bleed = bleed_mm * POINTS_PER_MM;
    let pages: Vec<_> = document.get_pages().into_values().collect();
    for page_id in pages {
        let page = document
            .get_object_mut(page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|error| format!("a page of the typeset PDF is unreadable: {error}"))?;
        let media =
            read_box(page.get(b"MediaBox").ok()).ok_or("typst wrote a page without a MediaBox")?;
        // With no bleed and no crop marks the sheet is the trim, and typst
        // writes no TrimBox: a print shop still wants one.
        let trim = match read_box(page.get(b"TrimBox").ok()) {
            Some(trim) => trim,
            None => {
                page.set("TrimBox", as_pdf_array(media));
                media
            }
        };
        let bleed_box = [
            (trim[0] - bleed).max(media[0]),
            (trim[1] - bleed).max(media[1]),
            (trim[2] + bleed).min(media[2]),
            (trim[3] + bleed).min(media[3]),
        ];
        page.set("BleedBox", as_pdf_array(bleed_box));
    }
    let mut bytes = Vec::with_capacity(pdf.len() + pdf.len() / 4);
    document
        .save_to(&mut bytes)
        .map_err(|error| format!("cannot write the print PDF: {error}"))?;
    Ok(bytes)
}

fn as_pdf_array(values: [f64; 4]) -> Object {
    Object::Array(values.iter().map(|&v| Object::Real(v as f32)).collect())
}

/// `[x0 y0 x1 y1]` of a box, normalised so that x0 < x1 and y0 < y1.
fn read_box(object: Option<&Object>) -> Option<[f64; 4]> {
    let values: Vec<f64> = object?
        .as_array()
        .ok()?
        .iter()
        .map(|value| value.as_float().map(f64::from).ok())
        .collect::<Option<_>>()?;
    let [x0, y0, x1, y1] = values.as_slice() else {
        return None;
    };
    Some([x0.min(*x1), y0.min(*y1), x0.max(*x1), y0.max(*y1)])
}
