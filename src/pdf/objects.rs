//! A PDF file loaded as lopdf objects, with the limits the toolkit reads
//! every file with.

use lopdf::{Document, LoadOptions};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_not_a_pdf_is_refused() {
        assert_eq!(load(b"").unwrap_err().to_string(), "the file is not a PDF");
        assert_eq!(load(b"hello\n").unwrap_err().kind(), &ErrorKind::NotPdf);
    }
}
