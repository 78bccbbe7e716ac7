//! A PDF file loaded as lopdf objects, with the limits the toolkit reads
//! every file with, and numbers read from its objects. PDF has integers and
//! reals (which lopdf keeps as `f32`); the toolkit reads both as `f64`.

use lopdf::{Document, LoadOptions, Object};

use super::{ErrorKind, MAX_STREAM_BYTES, PdfError};

/// How far into a file its `%PDF-` header may start.
const HEADER_WITHIN: usize = 1024;

/// Parses a PDF file, refusing what does not start like one or cannot be
/// parsed; the object and cross-reference streams it is read from inflate
/// within [`MAX_STREAM_BYTES`]. An encrypted file is loaded: whether to read
/// it is for the caller to say.
pub fn load(bytes: &[u8]) -> Result<Document, PdfError> {
    let head = &bytes[..bytes.len().min(HEADER_WITHIN)];
    if !head.windows(5).any(|window| window == b"%PDF-") {
        return Err(PdfError::new("the file", ErrorKind::NotPdf));
    }
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    Document::load_mem_with_options(bytes, options)
        .map_err(|error| PdfError::new("the PDF", ErrorKind::Unparsable(error.to_string())))
}

/// A number as it stands (an operand in a content stream, which cannot be
/// a reference), as `f64`; `None` for anything else.
pub fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(value) => Some(*value as f64),
        Object::Real(value) => Some(f64::from(*value)),
        _ => None,
    }
}

/// The numbers in `objects`, following references; each must be finite.
/// `what` names the array in an error (`the /TrimBox`, `a matrix`).
pub fn numbers(doc: &Document, objects: &[Object], what: &str) -> Result<Vec<f64>, PdfError> {
    let number_at = |object| {
        let (_, object) = doc.dereference(object).map_err(|error| {
            PdfError::malformed(what, format!("holds a broken reference: {error}"))
        })?;
        match number(object) {
            Some(value) if value.is_finite() => Ok(value),
            _ => Err(PdfError::malformed(
                what,
                format!("holds {object:?}, not a finite number"),
            )),
        }
    };
    objects.iter().map(number_at).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_through_references_as_f64() {
        let mut document = Document::with_version("1.7");
        let half = document.add_object(Object::Real(0.5));
        let objects = [Object::Integer(3), half.into(), Object::Real(0.1)];
        let read = numbers(&document, &objects, "a matrix").unwrap();
        assert_eq!(read, [3.0, 0.5, f64::from(0.1f32)]);
        assert_eq!(number(&half.into()), None, "a reference is not followed");
        let broken = [Object::Reference((99, 0))];
        assert!(numbers(&document, &broken, "a matrix").is_err());
        let infinite = [Object::Real(f32::INFINITY)];
        assert_eq!(
            numbers(&document, &infinite, "a matrix")
                .unwrap_err()
                .to_string(),
            "a matrix holds inf, not a finite number"
        );
    }

    #[test]
    fn what_is_not_a_pdf_is_refused() {
        assert_eq!(load(b"").unwrap_err().to_string(), "the file is not a PDF");
        assert_eq!(load(b"hello\n").unwrap_err().kind(), &ErrorKind::NotPdf);
    }
}
