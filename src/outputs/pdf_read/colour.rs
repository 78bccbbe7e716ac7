//! Whether a PDF prints in black only or needs colour, read from the file:
//! a print shop prices and plates a job by it.
//!
//! Every content stream is read (pages, Form XObjects, tiling patterns and
//! Type 3 glyphs: typst draws colour emoji as Type 3 glyphs), and every
//! image and shading's colour space. Colour is any colour value that is not
//! a neutral (`r = g = b`; CMYK with no cyan, magenta or yellow), any image
//! or shading in a space of three or more components, and any separation or
//! DeviceN space (a spot ink). Greys are tints of black.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::pdf::objects::number;
use crate::pdf::operations::operations;
use crate::pdf::{self, PdfError};

/// How far apart colour components may be and still be a grey.
const NEUTRAL: f64 = 0.004;

/// Whether a PDF needs colour to print, reading every image, shading and
/// content stream except the content streams in `judged`: those a reader
/// has already run whole, noting their colour with [`sets_colour`] as it
/// went (the text reader does, so that a page is tokenised once).
/// `Err` says which stream could not be inflated ([`pdf::inflate`]).
pub fn uses_colour_beyond(
    document: &Document,
    judged: &HashSet<ObjectId>,
) -> Result<bool, PdfError> {
    for (id, object) in &document.objects {
        let (dictionary, stream) = match object {
            Object::Stream(stream) => (&stream.dict, Some(stream)),
            Object::Dictionary(dictionary) => (dictionary, None),
            _ => continue,
        };
        if has_colour_space(document, dictionary) {
            return Ok(true);
        }
        if let Some(stream) = stream.filter(|_| !judged.contains(id))
            && is_content(dictionary)
        {
            let what = || format!("object {} {}", id.0, id.1);
            let content = pdf::inflate(stream).map_err(|error| error.within(what()))?;
            if content_uses_colour(&content) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// Whether a stream may hold drawing operators: a Form XObject, a tiling
/// pattern, or a stream with no type at all (a page's content, a Type 3
/// glyph's procedure). Font files, ICC profiles and functions are not
/// read; anything else that is not drawing reads as damaged and is passed.
fn is_content(dictionary: &Dictionary) -> bool {
    let name = |key: &[u8]| dictionary.get(key).and_then(Object::as_name).ok();
    name(b"Subtype") == Some(b"Form")
        || dictionary
            .get(b"PatternType")
            .and_then(Object::as_i64)
            .is_ok_and(|kind| kind == 1)
        || (!dictionary.has(b"Type")
            && !dictionary.has(b"Subtype")
            && !dictionary.has(b"Length1")
            && !dictionary.has(b"N")
            && !dictionary.has(b"FunctionType"))
}

/// Whether an image or a shading is in a colour space with colour in it.
fn has_colour_space(document: &Document, dictionary: &Dictionary) -> bool {
    let is_image = dictionary.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image");
    let is_shading = dictionary.has(b"ShadingType");
    if !is_image && !is_shading {
        return false;
    }
    if dictionary
        .get(b"ImageMask")
        .and_then(Object::as_bool)
        .unwrap_or(false)
    {
        return false;
    }
    match dictionary.get(b"ColorSpace") {
        Ok(space) => space_has_colour(document, space, 0),
        // JPEG 2000 carries its own space: assume colour.
        Err(_) => is_image,
    }
}

/// Whether a colour space can hold colour.
fn space_has_colour(document: &Document, space: &Object, depth: usize) -> bool {
    let Ok(space) = document.dereference(space).map(|(_, space)| space) else {
        return true;
    };
    if depth > 8 {
        return true;
    }
    match space {
        Object::Name(name) => !matches!(name.as_slice(), b"DeviceGray" | b"G" | b"CalGray"),
        Object::Array(parts) => {
            let family = parts.first().and_then(|part| part.as_name().ok());
            match family {
                Some(b"CalGray") => false,
                Some(b"ICCBased") => parts
                    .get(1)
                    .and_then(|stream| document.dereference(stream).ok())
                    .and_then(|(_, stream)| stream.as_stream().ok())
                    .and_then(|stream| stream.dict.get(b"N").and_then(Object::as_i64).ok())
                    .is_none_or(|components| components >= 3),
                Some(b"Indexed" | b"I") => parts
                    .get(1)
                    .is_none_or(|base| space_has_colour(document, base, depth + 1)),
                _ => true,
            }
        }
        _ => true,
    }
}

/// Whether a content stream sets a colour that is not a grey.
fn content_uses_colour(content: &[u8]) -> bool {
    for operation in operations(content) {
        let Ok(operation) = operation else {
            // A stream that is not drawing operators (a font file, say).
            return false;
        };
        let values: Vec<f64> = operation.operands.iter().filter_map(number).collect();
        if sets_colour(&operation.operator, &values) {
            return true;
        }
    }
    false
}

/// Whether a content-stream operation with these number operands sets a
/// colour that is not a grey, or draws an inline image (assumed colour).
pub fn sets_colour(operator: &str, values: &[f64]) -> bool {
    match (operator, values) {
        ("rg" | "RG" | "sc" | "SC" | "scn" | "SCN", &[r, g, b]) => {
            (r - g).abs() > NEUTRAL || (g - b).abs() > NEUTRAL
        }
        ("k" | "K" | "sc" | "SC" | "scn" | "SCN", &[c, m, y, _]) => {
            c > NEUTRAL || m > NEUTRAL || y > NEUTRAL
        }
        ("BI", _) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::{ErrorKind, MAX_STREAM_BYTES};
    use lopdf::{Stream, dictionary};

    /// Whether a whole PDF (no stream judged yet) needs colour.
    fn uses_colour(bytes: &[u8]) -> Result<bool, PdfError> {
        let document = Document::load_mem(bytes).expect("the test PDF loads");
        uses_colour_beyond(&document, &HashSet::new())
    }

    fn pdf_drawing(content: &str, image_space: Option<Object>) -> Vec<u8> {
        let mut document = Document::with_version("1.7");
        let pages_id = document.new_object_id();
        let mut resources = Dictionary::new();
        if let Some(space) = image_space {
            let image = document.add_object(Stream::new(
                dictionary! {"Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
                "BitsPerComponent" => 8, "ColorSpace" => space},
                vec![0, 0, 0],
            ));
            resources.set("XObject", dictionary! {"Im1" => image});
        }
        let content_id =
            document.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
        let page = document.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()], "Resources" => resources,
        });
        document.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! {"Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1},
            ),
        );
        let catalog = document.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
        document.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        document.save_to(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn black_and_greys_are_black_only() {
        let pdf = pdf_drawing(
            "0 0 0 rg 0.5 0.5 0.5 RG 0.2 g 0 0 0 0.6 k 0 0 10 10 re f",
            None,
        );
        assert!(!uses_colour(&pdf).unwrap());
        let grey_image = pdf_drawing("/Im1 Do", Some(Object::Name(b"DeviceGray".to_vec())));
        assert!(!uses_colour(&grey_image).unwrap());
    }

    #[test]
    fn any_colour_value_or_colour_image_is_colour() {
        for content in ["1 0 0 rg", "0.2 0.3 0.2 scn", "0 0.5 0 0 K"] {
            let pdf = pdf_drawing(&format!("{content} 0 0 10 10 re f"), None);
            assert!(uses_colour(&pdf).unwrap(), "{content}");
        }
        let image = pdf_drawing("/Im1 Do", Some(Object::Name(b"DeviceRGB".to_vec())));
        assert!(uses_colour(&image).unwrap());
    }

    #[test]
    fn a_content_stream_too_large_to_inflate_is_an_error_not_a_bomb() {
        let mut document = Document::load_mem(&pdf_drawing("0 g", None)).unwrap();
        let mut bomb = Stream::new(dictionary! {}, vec![b' '; MAX_STREAM_BYTES + 1]);
        bomb.compress().unwrap();
        let id = document.add_object(bomb);
        let error = uses_colour_beyond(&document, &HashSet::new()).unwrap_err();
        assert_eq!(error.kind(), &ErrorKind::TooLarge(MAX_STREAM_BYTES));
        assert!(
            error
                .to_string()
                .starts_with(&format!("object {} 0: ", id.0)),
            "{error}"
        );
    }
}
