//! Page geometry read from a PDF with lopdf, for the reader's account of a
//! printed PDF (its trim and bleed) and for the imposition: boxes as four
//! numbers (following references), and page entries inherited through the
//! page tree.

use lopdf::{Document, Object, ObjectId};

/// How deep a page may sit in the page tree when looking up inherited entries.
const MAX_TREE_DEPTH: usize = 64;

/// A rectangle `[x0 y0 x1 y1]` with `x0 <= x1` and `y0 <= y1`, in points.
pub(crate) type Rect = [f32; 4];

/// A page entry, looked up through the page's ancestors when the page lacks it.
pub(crate) fn inherited<'a>(
    doc: &'a Document,
    page_id: ObjectId,
    key: &[u8],
) -> Result<Option<&'a Object>, String> {
    let mut node_id = page_id;
    for _ in 0..MAX_TREE_DEPTH {
        let node = doc.get_dictionary(node_id);
        let node = node.map_err(|error| format!("broken page tree: {error}"))?;
        if let Ok(value) = node.get(key) {
            return Ok(Some(value));
        }
        match node.get(b"Parent").and_then(Object::as_reference) {
            Ok(parent) => node_id = parent,
            Err(_) => return Ok(None),
        }
    }
    Err("the page tree is too deep or has a cycle".into())
}

/// The finite numbers in `objects`, following references.
pub(crate) fn numbers(doc: &Document, objects: &[Object]) -> Result<Vec<f32>, String> {
    let number = |object| {
        let (_, object) = doc
            .dereference(object)
            .map_err(|error| format!("bad number: {error}"))?;
        match object.as_float() {
            Ok(value) if value.is_finite() => Ok(value),
            _ => Err(format!("{object:?} is not a finite number")),
        }
    };
    objects.iter().map(number).collect()
}

/// A box (`/TrimBox`, `/BBox`): four numbers, normalised so that
/// `x0 <= x1` and `y0 <= y1`.
pub(crate) fn rect_from(doc: &Document, object: &Object) -> Result<Rect, String> {
    let (_, object) = doc
        .dereference(object)
        .map_err(|error| format!("unreadable box: {error}"))?;
    let array = object.as_array().map_err(|_| "a box is not an array")?;
    match numbers(doc, array)?[..] {
        [a, b, c, d] => Ok([a.min(c), b.min(d), a.max(c), b.max(d)]),
        _ => Err("a box does not hold 4 numbers".into()),
    }
}
