//! Streams inflated within one limit. A PDF's streams are compressed, and a
//! few kilobytes of a crafted stream can inflate to gigabytes (a
//! decompression bomb): every stream the toolkit and the readers built on it
//! inflate, and every page's content streams together, stop at
//! [`MAX_STREAM_BYTES`], and a stream that would go beyond it is an error
//! ([`ErrorKind::TooLarge`]), not a truncated stream.

use lopdf::{DecompressError, Document, Object, ObjectId, Stream};

use super::{ErrorKind, PdfError};

/// The most bytes any one stream, or one page's content streams together,
/// may inflate to; also the limit for the object streams and cross-reference
/// streams a file is loaded with ([`super::objects::load`]). A leaflet's
/// largest stream is a small fraction of it.
pub const MAX_STREAM_BYTES: usize = 64 << 20;

/// A stream's content with its filters undone, within [`MAX_STREAM_BYTES`];
/// a stream with no filters is its content as it stands.
pub fn inflate(stream: &Stream) -> Result<Vec<u8>, PdfError> {
    inflate_at_most(stream, MAX_STREAM_BYTES)
}

/// [`inflate`] within `limit` bytes, for streams that must be smaller than
/// most (a font's `/ToUnicode` map, [`super::cmap`]).
pub(super) fn inflate_at_most(stream: &Stream, limit: usize) -> Result<Vec<u8>, PdfError> {
    stream
        .get_plain_content_with_limit(limit)
        .map_err(|error| PdfError::new("a stream", inflate_error(error, limit)))
}

/// What a lopdf error inflating a stream within `limit` means.
fn inflate_error(error: lopdf::Error, limit: usize) -> ErrorKind {
    match error {
        lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. }) => {
            ErrorKind::TooLarge(limit)
        }
        lopdf::Error::Decompress(error) => ErrorKind::Undecodable(error.to_string()),
        error => ErrorKind::Undecodable(error.to_string()),
    }
}

/// A page's content: its content streams (`/Contents`, one stream or an
/// array of them) inflated and joined with `"\n"` between them, as the
/// standard reads them (one stream, split); within [`MAX_STREAM_BYTES`]
/// altogether. A page with no `/Contents` has no content. A content entry
/// that is not a stream, or does not inflate, is an error.
pub fn page_content(document: &Document, page: ObjectId) -> Result<Vec<u8>, PdfError> {
    let mut content = Vec::new();
    for (index, id) in document.get_page_contents(page).into_iter().enumerate() {
        let what = || format!("content stream {}", index + 1);
        let stream = document
            .get_object(id)
            .and_then(Object::as_stream)
            .map_err(|error| PdfError::malformed(what(), format!("is not a stream: {error}")))?;
        if index > 0 {
            content.push(b'\n');
        }
        let left = MAX_STREAM_BYTES.saturating_sub(content.len());
        let inflated = inflate_at_most(stream, left).map_err(|error| match error.kind() {
            // The limit is for the page, not for what was left of it.
            ErrorKind::TooLarge(_) => {
                PdfError::new("the page's content", ErrorKind::TooLarge(MAX_STREAM_BYTES))
            }
            kind => PdfError::new(what(), kind.clone()),
        })?;
        content.extend_from_slice(&inflated);
    }
    Ok(content)
}

#[cfg(test)]
mod tests {
    use lopdf::dictionary;

    use super::*;

    /// A document with one page whose `/Contents` are `parts`, compressed.
    fn page_of(parts: &[Vec<u8>]) -> (Document, ObjectId) {
        let mut document = Document::with_version("1.7");
        let contents: Vec<Object> = parts
            .iter()
            .map(|part| {
                let mut stream = Stream::new(dictionary! {}, part.clone());
                stream.compress().expect("the test stream compresses");
                document.add_object(stream).into()
            })
            .collect();
        let page = document.add_object(dictionary! { "Type" => "Page", "Contents" => contents });
        (document, page)
    }

    #[test]
    fn a_page_content_is_its_streams_joined() {
        let (document, page) = page_of(&[b"q 1 g".to_vec(), b"Q".to_vec()]);
        assert_eq!(page_content(&document, page).unwrap(), b"q 1 g\nQ");
        let (document, page) = page_of(&[]);
        assert_eq!(page_content(&document, page).unwrap(), b"");
    }

    #[test]
    fn a_stream_too_large_to_inflate_is_an_error_not_a_bomb() {
        let mut bomb = Stream::new(dictionary! {}, vec![b' '; MAX_STREAM_BYTES + 1]);
        bomb.compress().expect("the test stream compresses");
        assert!(bomb.content.len() < 1 << 20, "a bomb is small");
        let error = inflate(&bomb).unwrap_err();
        assert_eq!(error.kind(), &ErrorKind::TooLarge(MAX_STREAM_BYTES));
        // Two halves, each within the limit, are too large together.
        let half = vec![b' '; MAX_STREAM_BYTES / 2 + 1];
        let (document, page) = page_of(&[half.clone(), half]);
        let error = page_content(&document, page).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the page's content would inflate beyond 64 MiB"
        );
    }

    #[test]
    fn a_stream_that_does_not_decode_is_an_error() {
        let unknown = Stream::new(
            dictionary! { "Filter" => "JBIG2Decode" },
            b"not decodable here".to_vec(),
        );
        let error = inflate(&unknown).unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Undecodable(_)),
            "{error:?}"
        );
    }
}
