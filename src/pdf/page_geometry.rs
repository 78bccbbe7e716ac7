//! Page geometry: a page's boxes (PDF 32000-1:2008, 14.11.2) and a form's
//! `/BBox` as rectangles in points, read following references, and page
//! entries inherited through the page tree. This is the one box reader: the
//! tagged-PDF reader's account of a printed PDF (its trim and bleed), the
//! imposition and the print PDF's bleed boxes all read boxes with it.

use std::fmt;

use lopdf::{Document, Object, ObjectId};

use super::objects::numbers;
use super::{ErrorKind, PdfError};

/// How deep a page may sit in the page tree when looking up inherited entries.
const MAX_TREE_DEPTH: usize = 64;

/// A rectangle `[x0 y0 x1 y1]` with `x0 <= x1` and `y0 <= y1`, in points.
/// lopdf keeps a PDF's reals as `f32`; the toolkit reads them as `f64`.
pub type Rect = [f64; 4];

/// The boxes a page may have, each bounding what a stage of production
/// keeps of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageBox {
    /// `/MediaBox`: the sheet the page is drawn on (inheritable).
    Media,
    /// `/CropBox`: what a viewer shows (inheritable).
    Crop,
    /// `/BleedBox`: what is printed, bleed included.
    Bleed,
    /// `/TrimBox`: the finished page, once trimmed.
    Trim,
    /// `/ArtBox`: the page's meaningful content.
    Art,
}

impl PageBox {
    /// Its key in a page dictionary (`TrimBox`).
    pub fn key(self) -> &'static [u8] {
        match self {
            PageBox::Media => b"MediaBox",
            PageBox::Crop => b"CropBox",
            PageBox::Bleed => b"BleedBox",
            PageBox::Trim => b"TrimBox",
            PageBox::Art => b"ArtBox",
        }
    }

    /// Whether a page without it takes its nearest ancestor's in the page
    /// tree: the standard lets the `/MediaBox` and `/CropBox` be inherited,
    /// not the others (PDF 32000-1:2008, table 30).
    pub fn is_inheritable(self) -> bool {
        matches!(self, PageBox::Media | PageBox::Crop)
    }
}

impl fmt::Display for PageBox {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = String::from_utf8_lossy(self.key());
        write!(formatter, "the /{key}")
    }
}

/// A page's box `which`: the page's own or, for an inheritable box, its
/// nearest ancestor's; `None` where there is none. The standard's defaults
/// for a missing box (a missing `/TrimBox` is the `/CropBox`, which is the
/// `/MediaBox`) are the caller's to apply or to refuse.
pub fn page_box(
    doc: &Document,
    page_id: ObjectId,
    which: PageBox,
) -> Result<Option<Rect>, PdfError> {
    let value = if which.is_inheritable() {
        inherited(doc, page_id, which.key())?
    } else {
        let page = doc
            .get_dictionary(page_id)
            .map_err(|error| PdfError::malformed("the page", format!("is unreadable: {error}")))?;
        page.get(which.key()).ok()
    };
    value
        .map(|value| rect_of(doc, value, &which.to_string()))
        .transpose()
}

/// A page entry, looked up through the page's ancestors when the page lacks it.
pub fn inherited<'a>(
    doc: &'a Document,
    page_id: ObjectId,
    key: &[u8],
) -> Result<Option<&'a Object>, PdfError> {
    let mut node_id = page_id;
    for _ in 0..MAX_TREE_DEPTH {
        let node = doc
            .get_dictionary(node_id)
            .map_err(|error| PdfError::malformed("the page tree", format!("is broken: {error}")))?;
        if let Ok(value) = node.get(key) {
            return Ok(Some(value));
        }
        match node.get(b"Parent").and_then(Object::as_reference) {
            Ok(parent) => node_id = parent,
            Err(_) => return Ok(None),
        }
    }
    Err(PdfError::new("the page tree", ErrorKind::TooDeep))
}

/// A box (a form's `/BBox`, a page box's value): four numbers, following
/// references, normalised so that `x0 <= x1` and `y0 <= y1`.
pub fn rect_from(doc: &Document, object: &Object) -> Result<Rect, PdfError> {
    rect_of(doc, object, "a box")
}

/// [`rect_from`], saying what the box is (`what`) if it cannot be read.
fn rect_of(doc: &Document, object: &Object, what: &str) -> Result<Rect, PdfError> {
    let (_, object) = doc
        .dereference(object)
        .map_err(|error| PdfError::malformed(what, format!("is a broken reference: {error}")))?;
    let array = object
        .as_array()
        .map_err(|_| PdfError::malformed(what, "is not an array"))?;
    match numbers(doc, array, what)?[..] {
        [a, b, c, d] => Ok([a.min(c), b.min(d), a.max(c), b.max(d)]),
        ref other => Err(PdfError::malformed(
            what,
            format!("holds {} numbers, not 4", other.len()),
        )),
    }
}

/// A rectangle as a PDF array, to write as a box.
pub fn rect_object(rect: Rect) -> Object {
    Object::Array(rect.map(|value| Object::Real(value as f32)).to_vec())
}

#[cfg(test)]
mod tests {
    use lopdf::dictionary;

    use super::*;

    /// A page tree holding `page` entries, under a tree holding `tree`
    /// entries; returns the document and the page's id.
    fn page_in_tree(page: lopdf::Dictionary, tree: lopdf::Dictionary) -> (Document, ObjectId) {
        let mut document = Document::with_version("1.7");
        let tree_id = document.add_object(tree);
        let mut page = page;
        page.set("Type", "Page");
        page.set("Parent", tree_id);
        let page_id = document.add_object(page);
        (document, page_id)
    }

    #[test]
    fn boxes_are_read_through_references_and_normalised() {
        let mut document = Document::with_version("1.7");
        let width = document.add_object(Object::Real(419.5));
        let trim = document.add_object(vec![400.into(), 0.into(), width.into(), (-10).into()]);
        let page = document.add_object(dictionary! { "Type" => "Page", "TrimBox" => trim });
        assert_eq!(
            page_box(&document, page, PageBox::Trim),
            Ok(Some([400.0, -10.0, 419.5, 0.0]))
        );
        assert_eq!(page_box(&document, page, PageBox::Bleed), Ok(None));
    }

    #[test]
    fn only_the_media_and_crop_boxes_are_inherited() {
        let a5 = rect_object([0.0, 0.0, 420.0, 595.0]);
        let tree = dictionary! {
            "Type" => "Pages", "MediaBox" => a5.clone(), "CropBox" => a5.clone(),
            "TrimBox" => a5,
        };
        let (document, page) = page_in_tree(dictionary! {}, tree);
        let a5 = Some([0.0, 0.0, 420.0, 595.0]);
        assert_eq!(page_box(&document, page, PageBox::Media), Ok(a5));
        assert_eq!(page_box(&document, page, PageBox::Crop), Ok(a5));
        assert_eq!(page_box(&document, page, PageBox::Trim), Ok(None));
    }

    #[test]
    fn a_damaged_box_says_which_box_it_is() {
        let (document, page) = page_in_tree(
            dictionary! { "TrimBox" => vec![0.into(), 0.into(), 1.into()] },
            dictionary! { "MediaBox" => vec![0.into(), 0.into(), "wide".into(), 1.into()] },
        );
        let error = |which| page_box(&document, page, which).unwrap_err().to_string();
        assert_eq!(error(PageBox::Trim), "the /TrimBox holds 3 numbers, not 4");
        assert_eq!(
            error(PageBox::Media),
            "the /MediaBox holds /wide, not a finite number"
        );
    }

    #[test]
    fn a_page_tree_with_a_cycle_is_an_error() {
        let mut document = Document::with_version("1.7");
        let (a, b) = (document.new_object_id(), document.new_object_id());
        document
            .objects
            .insert(a, dictionary! { "Parent" => b }.into());
        document
            .objects
            .insert(b, dictionary! { "Parent" => a }.into());
        let error = inherited(&document, a, b"MediaBox").unwrap_err();
        assert_eq!(error.kind(), &ErrorKind::TooDeep);
    }
}
