//! Booklet imposition of a print PDF, for printing saddle-stitched booklets
//! in house on a duplex printer.
//!
//! The print PDF (made by typst) has `P` pages, `P` a multiple of 4. Each page
//! has a `/MediaBox` (trim + bleed + room for crop marks) and a `/TrimBox` (the
//! finished page, `W` x `H`). [`impose`] turns every print page into a Form
//! XObject clipped to its TrimBox and puts two of them side by side on each
//! sheet side: a page `2W` wide and `H` high, with no bleed and no crop marks.
//! Printing the sides duplex in file order (front, back, front, back, ...),
//! folding the stack and stapling it on the fold gives pages 1..P in order.
//!
//! With 1-based page numbers and sheets `s = 0 .. P/4 - 1`:
//!
//! * front of sheet `s`: left `P - 2s`, right `1 + 2s`
//! * back of sheet `s`: left `2 + 2s`, right `P - 1 - 2s`
//!
//! so for P = 8 the sides are `[8,1] [2,7] [6,3] [4,5]`. A booklet in a
//! right-to-left language (Arabic, Hebrew) is bound on its right edge and
//! opens the other way: every side is mirrored, `[1,8] [7,2] [3,6] [5,4]`
//! ([`Spine`]). [`booklet_order`] is
//! that formula; [`imposed_order`] reads an imposed file back, knowing only the
//! PDF standard, so that a check can compare the two.
//!
//! A page without a `/TrimBox` is refused rather than imposed by its MediaBox:
//! a print PDF always has one, and guessing would put bleed and crop marks on
//! the sheet. The imposed file keeps the fonts and other resources but drops the
//! tagging, outlines, page labels, annotations and XMP metadata: it is a print
//! tool, not a reading copy.

use lopdf::content::Operation;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};
use std::fmt::Display;

use crate::error::Error;
use crate::pdf;
use crate::pdf::matrix::{IDENTITY, Matrix, matrix_from, multiply};
use crate::pdf::operations::operations;
use crate::pdf::page_geometry::{PageBox, Rect, inherited, page_box, rect_from, rect_object};

/// The catalog entries kept; the others describe the print pages or the tagging.
const KEPT_CATALOG_KEYS: [&[u8]; 3] = [b"Type", b"Pages", b"Lang"];
/// Appended to the document title.
const TITLE_SUFFIX: &str = " (imposed for booklet printing)";

/// Lays out the pages of `print_pdf` for booklet printing and returns the new PDF.
///
/// Each output page is one sheet side, `2W` x `H` points (`W` x `H` the TrimBox
/// size, which must be the same on all pages), showing two print pages clipped
/// to their TrimBox, in the order of [`booklet_order`]. Refuses a PDF that cannot
/// be read, is encrypted, has a page count that is not a multiple of 4, or has a
/// page without a `/TrimBox` or with a `/Rotate`. The same input always gives the
/// same bytes.
pub fn impose(print_pdf: &[u8], spine: Spine) -> Result<Vec<u8>, Error> {
    imposed(print_pdf, spine).map_err(Error::Pdf)
}

/// [`impose`], its failure in words.
fn imposed(print_pdf: &[u8], spine: Spine) -> Result<Vec<u8>, String> {
    let mut doc = load(print_pdf, "print PDF")?;
    if doc.is_encrypted() {
        return Err("the print PDF is encrypted, which imposing does not support".into());
    }
    let page_ids: Vec<ObjectId> = doc.page_iter().collect();
    check_page_count(page_ids.len())?;
    let (mut trims, mut forms) = (Vec::new(), Vec::new());
    for (index, &page_id) in page_ids.iter().enumerate() {
        let page_form = page_as_form(&doc, page_id);
        let (trim, form) = page_form.map_err(context(format!("print page {}", index + 1)))?;
        trims.push(trim);
        forms.push(add(&mut doc, form)?);
    }
    let (width, height) = common_trim_size(&trims)?;
    let sheet = [0.0, 0.0, 2.0 * width, height];
    let pages_id = add(&mut doc, Object::Null)?;
    let mut kids = Vec::new();
    for side in booklet_order(page_ids.len(), spine) {
        let side_id = add_side(&mut doc, pages_id, side, &trims, &forms, sheet)?;
        kids.push(Object::Reference(side_id));
    }
    let count = kids.len() as i64;
    let tree = dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count };
    doc.objects.insert(pages_id, tree.into());
    point_catalog_at(&mut doc, pages_id)?;
    retitle(&mut doc);
    doc.prune_objects();
    doc.renumber_objects();
    let mut out = Vec::new();
    let saved = doc.save_to(&mut out);
    saved.map_err(context("cannot write the imposed PDF"))?;
    Ok(out)
}

/// Reads back which of the `print` pages (1-based) each page of `imposed`
/// shows, as `[left, right]`.
///
/// Uses only the PDF standard: it runs each imposed page's content (`q`/`Q`,
/// `cm`, `Do`) to find the Form XObjects drawn and where; a form whose placed
/// BBox starts left of the page's middle is on the left half, otherwise on the
/// right. A form is identified as the print page whose content streams, decoded
/// and joined with `"\n"` between them, equal the form's decoded content byte
/// for byte; of print pages with identical content (two blank pages), the
/// first. Fails if a file is unreadable, or a side does not show exactly one
/// known print page on each half.
pub fn imposed_order(imposed: &[u8], print: &PrintPages) -> Result<Vec<[usize; 2]>, Error> {
    sides_shown(imposed, print).map_err(Error::Pdf)
}

/// [`imposed_order`], its failure in words.
fn sides_shown(imposed: &[u8], print: &PrintPages) -> Result<Vec<[usize; 2]>, String> {
    let imposed_doc = load(imposed, "imposed PDF")?;
    let sides: Vec<ObjectId> = imposed_doc.page_iter().collect();
    if sides.is_empty() {
        return Err("the imposed PDF has no pages".into());
    }
    let read = |(i, &id): (usize, &ObjectId)| {
        let side = read_side(&imposed_doc, id, &print.0);
        side.map_err(context(format!("imposed page {}", i + 1)))
    };
    sides.iter().enumerate().map(read).collect()
}

/// A print PDF's pages as the imposition's check tells them apart: each
/// page's content streams, decoded and joined with `"\n"` between them.
pub struct PrintPages(Vec<Vec<u8>>);

impl PrintPages {
    /// Reads the pages of the print PDF `print`.
    pub fn read(print: &[u8]) -> Result<PrintPages, Error> {
        let print_doc = load(print, "print PDF").map_err(Error::Pdf)?;
        let contents = print_doc.page_iter().enumerate().map(|(i, id)| {
            joined_content(&print_doc, id).map_err(context(format!("print page {}", i + 1)))
        });
        Ok(PrintPages(
            contents.collect::<Result<_, _>>().map_err(Error::Pdf)?,
        ))
    }
}

/// The edge a booklet is stapled on: the left for a language written left
/// to right, the right for one written right to left, whose readers open it
/// from what would otherwise be its back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spine {
    /// Bound on the left: page 1 on the right half of the first side.
    Left,
    /// Bound on the right: every side mirrored.
    Right,
}

/// The `[left, right]` print pages (1-based) of each sheet side of a booklet of
/// `pages` pages bound at `spine`, in printing order: front of sheet 0, back of
/// sheet 0, front of sheet 1, ... Meaningful for multiples of 4; a remainder is
/// ignored.
pub fn booklet_order(pages: usize, spine: Spine) -> Vec<[usize; 2]> {
    (0..pages / 4)
        .flat_map(|s| [[pages - 2 * s, 1 + 2 * s], [2 + 2 * s, pages - 1 - 2 * s]])
        .map(|[left, right]| match spine {
            Spine::Left => [left, right],
            Spine::Right => [right, left],
        })
        .collect()
}

fn context<E: Display>(what: impl Display) -> impl FnOnce(E) -> String {
    move |error| format!("{what}: {error}")
}

/// Loads a PDF ([`pdf::load`]), saying which (`what`) if it cannot be read.
fn load(bytes: &[u8], what: &str) -> Result<Document, String> {
    pdf::load(bytes).map_err(context(format!("cannot read the {what}")))
}

fn add(doc: &mut Document, object: impl Into<Object>) -> Result<ObjectId, String> {
    let added = doc.try_add_object(object);
    added.map_err(context("cannot add an object"))
}

fn check_page_count(pages: usize) -> Result<(), String> {
    if pages == 0 || !pages.is_multiple_of(4) {
        let why = format!("a booklet needs a multiple of 4 pages, the print PDF has {pages}");
        return Err(why);
    }
    Ok(())
}

/// The page's TrimBox and a Form XObject holding the page, clipped to it.
fn page_as_form(doc: &Document, page_id: ObjectId) -> Result<(Rect, Stream), String> {
    let page = doc.get_dictionary(page_id).map_err(context("not a page"))?;
    let rotate = inherited(doc, page_id, b"Rotate")?.and_then(|r| r.as_i64().ok());
    if rotate.is_some_and(|r| r % 360 != 0) {
        return Err("rotated pages (/Rotate) are not supported".into());
    }
    let trim = page_box(doc, page_id, PageBox::Trim)?.ok_or("no /TrimBox")?;
    let resources = inherited(doc, page_id, b"Resources")?.cloned();
    let mut form = dictionary! {
        "Type" => "XObject", "Subtype" => "Form", "BBox" => rect_object(trim),
        "Resources" => resources.unwrap_or_else(|| Dictionary::new().into()),
    };
    if let Ok(group) = page.get(b"Group") {
        form.set("Group", group.clone());
    }
    Ok((trim, compressed(form, joined_content(doc, page_id)?)))
}

/// Adds the page for one sheet side showing print pages `side` = `[left, right]`,
/// each form moved so its trim's lower left corner lands at (0, 0) or (W, 0).
fn add_side(
    doc: &mut Document,
    parent: ObjectId,
    side: [usize; 2],
    trims: &[Rect],
    forms: &[ObjectId],
    sheet: Rect,
) -> Result<ObjectId, String> {
    let (mut content, mut xobjects) = (String::new(), Dictionary::new());
    for (page, x) in side.into_iter().zip([0.0, sheet[2] / 2.0]) {
        let [x0, y0, ..] = trims[page - 1];
        let (tx, ty) = (number(x - x0), number(-y0));
        content += &format!("q 1 0 0 1 {tx} {ty} cm /P{page} Do Q\n");
        xobjects.set(format!("P{page}"), forms[page - 1]);
    }
    let content_id = add(doc, compressed(Dictionary::new(), content.into_bytes()))?;
    let page = dictionary! {
        "Type" => "Page", "Parent" => parent, "Contents" => content_id,
        "MediaBox" => rect_object(sheet), "TrimBox" => rect_object(sheet),
        "Resources" => dictionary! { "XObject" => xobjects },
    };
    add(doc, page)
}

/// The page's content streams, decoded and joined with `"\n"` between them
/// ([`pdf::page_content`]).
fn joined_content(doc: &Document, page_id: ObjectId) -> Result<Vec<u8>, String> {
    pdf::page_content(doc, page_id).map_err(|error| error.to_string())
}

fn compressed(dict: Dictionary, content: Vec<u8>) -> Stream {
    let mut stream = Stream::new(dict, content);
    // On failure the stream just stays uncompressed, which is still valid.
    let _ = stream.compress();
    stream
}

/// A number as content-stream text, to `f32` precision as lopdf writes the
/// boxes (adding 0.0 turns -0 into 0).
fn number(value: f64) -> String {
    format!("{}", value as f32 + 0.0)
}

/// The trim width and height shared by all pages.
fn common_trim_size(trims: &[Rect]) -> Result<(f64, f64), String> {
    let size = |[x0, y0, x1, y1]: Rect| (x1 - x0, y1 - y0);
    let (width, height) = trims.first().copied().map(size).ok_or("no pages")?;
    let differs = |trim: &Rect| {
        let (w, h) = size(*trim);
        (w - width).abs() > 0.01 || (h - height).abs() > 0.01
    };
    if let Some(index) = trims.iter().position(differs) {
        return Err(format!("print page {} differs in trim size", index + 1));
    }
    if width <= 0.0 || height <= 0.0 {
        return Err("the TrimBox is empty".into());
    }
    Ok((width, height))
}

/// Points the catalog at the new page tree and drops entries about the old pages.
fn point_catalog_at(doc: &mut Document, pages_id: ObjectId) -> Result<(), String> {
    let catalog = doc.catalog_mut().map_err(context("no catalog"))?;
    let kept = |key: &Vec<u8>, _: &mut Object| KEPT_CATALOG_KEYS.contains(&key.as_slice());
    catalog.as_hashmap_mut().retain(kept);
    catalog.set("Pages", pages_id);
    Ok(())
}

/// Appends [`TITLE_SUFFIX`] to the document title, if there is one, and
/// drops a PDF/X print PDF's `GTS_PDFXVersion`: the imposed PDF keeps no
/// OutputIntent or XMP (see `point_catalog_at`), so it is not PDF/X.
fn retitle(doc: &mut Document) {
    let info = match doc.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => doc.get_object_mut(id).ok(),
        Err(_) => doc.trailer.get_mut(b"Info").ok(),
    };
    let info = info.and_then(|info| info.as_dict_mut().ok());
    let Some(info) = info else { return };
    info.remove(b"GTS_PDFXVersion");
    let Ok(Object::String(title, form)) = info.get(b"Title") else {
        return;
    };
    let new_title = Object::String(title_with_suffix(title), *form);
    info.set("Title", new_title);
}

/// The title bytes with the suffix, in UTF-16BE if the title uses it (BOM FE FF).
fn title_with_suffix(title: &[u8]) -> Vec<u8> {
    let mut bytes = title.to_vec();
    if title.starts_with(&[0xFE, 0xFF]) {
        bytes.extend(TITLE_SUFFIX.encode_utf16().flat_map(u16::to_be_bytes));
    } else {
        bytes.extend_from_slice(TITLE_SUFFIX.as_bytes());
    }
    bytes
}

/// The print pages one imposed page shows, as `[left, right]`.
fn read_side(doc: &Document, id: ObjectId, contents: &[Vec<u8>]) -> Result<[usize; 2], String> {
    let media_box = page_box(doc, id, PageBox::Media)?;
    let [x0, _, x1, _] = media_box.ok_or("no /MediaBox")?;
    let middle = (x0 + x1) / 2.0 - 0.5;
    let mut halves: [Vec<usize>; 2] = Default::default();
    for (x, form) in placed_forms(doc, id)? {
        halves[usize::from(x >= middle)].push(identify(form, contents)?);
    }
    match halves.each_ref().map(Vec::as_slice) {
        [[left], [right]] => Ok([*left, *right]),
        [l, r] => Err(format!(
            "shows pages {l:?} left and {r:?} right, not one each"
        )),
    }
}

/// Each Form XObject the page draws, with the leftmost x of its placed BBox.
fn placed_forms(doc: &Document, page_id: ObjectId) -> Result<Vec<(f64, &Stream)>, String> {
    let xobjects = match inherited(doc, page_id, b"Resources")? {
        Some(resources) => {
            let resources = doc.dereference(resources).and_then(|(_, o)| o.as_dict());
            let resources = resources.map_err(context("unreadable resources"))?;
            let xobjects = resources.get_deref(b"XObject", doc);
            xobjects.and_then(Object::as_dict).ok()
        }
        None => None,
    };
    let content = joined_content(doc, page_id)?;
    let (mut ctm, mut saved, mut placed) = (IDENTITY, Vec::new(), Vec::new());
    for operation in operations(&content) {
        let operation = operation.map_err(|_| "unreadable content")?;
        match operation.operator.as_str() {
            "q" => saved.push(ctm),
            "Q" => ctm = saved.pop().ok_or("the content has Q without q")?,
            "cm" => ctm = multiply(&matrix_from(doc, &operation.operands)?, &ctm),
            "Do" => placed.extend(placed_form(doc, xobjects, &operation, &ctm)?),
            _ => {}
        }
    }
    Ok(placed)
}

/// The form a `Do` draws and the leftmost x of its BBox in page space; `None`
/// when the XObject is not a form (an image, say).
fn placed_form<'a>(
    doc: &'a Document,
    xobjects: Option<&'a Dictionary>,
    operation: &Operation,
    ctm: &Matrix,
) -> Result<Option<(f64, &'a Stream)>, String> {
    let name = operation.operands.first().map(Object::as_name);
    let name = name.and_then(Result::ok).ok_or("a Do without a name")?;
    let shown = String::from_utf8_lossy(name);
    let xobject = xobjects.and_then(|x| x.get_deref(name, doc).ok());
    let xobject = xobject.ok_or(format!("draws /{shown}, which its resources lack"))?;
    let form = xobject.as_stream().map_err(context(format!("/{shown}")))?;
    if form.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
        return Ok(None);
    }
    let bbox = form
        .dict
        .get(b"BBox")
        .map_err(context(format!("/{shown}")))?;
    let [x0, y0, x1, y1] = rect_from(doc, bbox).map_err(context(format!("/{shown}")))?;
    let form_matrix = match form.dict.get_deref(b"Matrix", doc) {
        Ok(Object::Array(numbers)) => matrix_from(doc, numbers)?,
        _ => IDENTITY,
    };
    let [a, _, c, _, e, _] = multiply(&form_matrix, ctm);
    let corners = [(x0, y0), (x0, y1), (x1, y0), (x1, y1)];
    let xs = corners.map(|(x, y)| a * x + c * y + e);
    let left_x = xs.into_iter().fold(f64::INFINITY, f64::min);
    Ok(Some((left_x, form)))
}

/// The 1-based print page whose joined content equals the form's content;
/// of pages with identical content (two blank pages), the first.
fn identify(form: &Stream, print_contents: &[Vec<u8>]) -> Result<usize, String> {
    let content = pdf::inflate(form).map_err(|error| error.within("a form").to_string())?;
    first_with_content(&content, print_contents)
        .ok_or_else(|| "draws a form that is none of the print pages".into())
}

/// The first 1-based page of `contents` equal to `content`.
fn first_with_content(content: &[u8], contents: &[Vec<u8>]) -> Option<usize> {
    contents
        .iter()
        .position(|print| print.as_slice() == content)
        .map(|index| index + 1)
}

/// The order [`imposed_order`] must read from a faithful imposition of
/// `print`: [`booklet_order`], with each page named as the first print page
/// of identical content (pages that look the same cannot be told apart, and
/// either may stand for the other).
pub fn expected_order(print: &PrintPages, spine: Spine) -> Vec<[usize; 2]> {
    let contents = &print.0;
    let first = |page: usize| first_with_content(&contents[page - 1], contents).unwrap_or(page);
    booklet_order(contents.len(), spine)
        .into_iter()
        .map(|[left, right]| [first(left), first(right)])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// A print PDF like typst's: 420 x 595 pt MediaBox, TrimBox inset by 20 pt,
    /// a grey bleed and crop marks outside the trim, `Page n` inside it, the
    /// font resource inherited from the page tree, compressed content split into
    /// two streams on even pages, tagging entries and a title.
    fn print_pdf(pages: usize) -> Vec<u8> {
        let labels: Vec<String> = (1..=pages).map(|n| format!("Page {n}")).collect();
        print_pdf_showing(&labels)
    }

    /// A print PDF whose page `n` shows `labels[n - 1]`.
    fn print_pdf_showing(labels: &[String]) -> Vec<u8> {
        let pages = labels.len();
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        let mark = |(x, y)| format!("{x} {y} m {} {y} l S", x + 10);
        let marks = [(0, 20), (410, 20), (0, 575), (410, 575)]
            .map(mark)
            .join(" ");
        let mut kids = Vec::new();
        for n in 1..=pages {
            let bleed = format!("q 0.8 g 0 0 420 595 re f Q {marks}");
            let label = &labels[n - 1];
            let text = format!("BT /F1 12 Tf 50 50 Td ({label}) Tj ET {marks}");
            let mut add_stream = |part: String| {
                let stream = compressed(Dictionary::new(), part.into_bytes());
                assert!(stream.dict.has(b"Filter"), "test content is compressed");
                Object::Reference(doc.add_object(stream))
            };
            let contents = match n % 2 {
                0 => Object::Array(vec![add_stream(bleed), add_stream(text)]),
                _ => add_stream(format!("{bleed}\n{text}")),
            };
            let page = dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => contents,
                "MediaBox" => vec![0.into(), 0.into(), 420.into(), 595.into()],
                "TrimBox" => vec![20.into(), 20.into(), 400.into(), 575.into()],
                "StructParents" => n as i64,
            };
            kids.push(doc.add_object(page).into());
        }
        let resources = dictionary! { "Font" => dictionary! { "F1" => font_id } };
        let tree = dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => pages as i64, "Resources" => resources,
        };
        doc.objects.insert(pages_id, tree.into());
        let struct_tree = doc.add_object(dictionary! { "Type" => "StructTreeRoot" });
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog", "Pages" => pages_id, "StructTreeRoot" => struct_tree,
            "MarkInfo" => dictionary! { "Marked" => true },
        });
        let info = doc.add_object(dictionary! { "Title" => Object::string_literal("Leaflet") });
        doc.trailer.set("Root", catalog);
        doc.trailer.set("Info", info);
        saved(&mut doc)
    }

    #[test]
    fn pages_that_look_the_same_may_stand_for_each_other() {
        // A booklet padded with two blank pages that draw the same thing.
        let labels = ["Cover", "", "", "Back"].map(String::from);
        let print = print_pdf_showing(&labels);
        let imposed = impose(&print, Spine::Left).unwrap();
        assert_eq!(
            imposed_order(&imposed, &read_pages(&print)).unwrap(),
            [[4, 1], [2, 2]]
        );
        assert_eq!(
            expected_order(&read_pages(&print), Spine::Left),
            [[4, 1], [2, 2]]
        );
    }

    fn read_pages(print: &[u8]) -> PrintPages {
        PrintPages::read(print).expect("the print PDF is read")
    }

    fn saved(doc: &mut Document) -> Vec<u8> {
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("test PDF saves");
        bytes
    }

    fn print_and_imposed(pages: usize) -> (Vec<u8>, Vec<u8>) {
        let print = print_pdf(pages);
        let imposed = impose(&print, Spine::Left).expect("imposes");
        (print, imposed)
    }

    #[test]
    fn a_right_to_left_booklet_is_imposed_mirrored() {
        let print = print_pdf(8);
        let imposed = impose(&print, Spine::Right).unwrap();
        assert_eq!(
            imposed_order(&imposed, &read_pages(&print)).unwrap(),
            [[1, 8], [7, 2], [3, 6], [5, 4]]
        );
        assert_ne!(
            imposed_order(&imposed, &read_pages(&print)).unwrap(),
            expected_order(&read_pages(&print), Spine::Left)
        );
    }

    #[test]
    fn imposed_order_is_the_booklet_order() {
        assert_eq!(booklet_order(4, Spine::Left), [[4, 1], [2, 3]]);
        assert_eq!(
            booklet_order(8, Spine::Left),
            [[8, 1], [2, 7], [6, 3], [4, 5]]
        );
        assert_eq!(
            booklet_order(8, Spine::Right),
            [[1, 8], [7, 2], [3, 6], [5, 4]]
        );
        for pages in [4, 8, 12, 16] {
            let (print, imposed) = print_and_imposed(pages);
            assert_eq!(
                imposed_order(&imposed, &read_pages(&print)),
                Ok(booklet_order(pages, Spine::Left))
            );
        }
    }

    #[test]
    fn sheet_side_is_twice_the_trim_width_and_the_trim_height() {
        let doc = Document::load_mem(&print_and_imposed(8).1).expect("loads");
        assert_eq!(doc.get_pages().len(), 4);
        for page_id in doc.page_iter() {
            for which in [PageBox::Media, PageBox::Trim] {
                let rect = page_box(&doc, page_id, which);
                assert_eq!(rect, Ok(Some([0.0, 0.0, 760.0, 555.0])));
            }
        }
    }

    #[test]
    fn tagging_is_dropped_and_the_title_marked() {
        let doc = Document::load_mem(&print_and_imposed(4).1).expect("loads");
        let catalog = doc.catalog().expect("catalog");
        assert!(!catalog.has(b"StructTreeRoot") && !catalog.has(b"MarkInfo"));
        let info = doc
            .trailer
            .get_deref(b"Info", &doc)
            .and_then(Object::as_dict);
        let title = info.and_then(|i| i.get(b"Title")).and_then(Object::as_str);
        assert_eq!(
            title.expect("title"),
            b"Leaflet (imposed for booklet printing)"
        );
        let utf16 = title_with_suffix(&[0xFE, 0xFF, 0, b'L']);
        assert_eq!(utf16[..6], [0xFE, 0xFF, 0, b'L', 0, b' ']);
    }

    #[test]
    fn page_count_not_a_multiple_of_four_is_refused() {
        for pages in [1, 6, 10] {
            let error = impose(&print_pdf(pages), Spine::Left).expect_err("refused");
            assert!(error.to_string().contains("multiple of 4"), "{error}");
        }
    }

    #[test]
    fn page_without_trim_box_is_refused() {
        let mut doc = Document::load_mem(&print_pdf(4)).expect("loads");
        let first = doc.page_iter().next().expect("a page");
        doc.get_dictionary_mut(first)
            .expect("page")
            .remove(b"TrimBox");
        let error = impose(&saved(&mut doc), Spine::Left).expect_err("refused");
        assert!(error.to_string().contains("TrimBox"), "{error}");
    }

    #[test]
    fn swapped_sheet_sides_are_detected() {
        let (print, imposed) = print_and_imposed(8);
        let mut doc = Document::load_mem(&imposed).expect("loads");
        let pages = doc
            .catalog()
            .and_then(|c| c.get(b"Pages"))
            .and_then(Object::as_reference);
        let tree = doc.get_dictionary_mut(pages.expect("pages")).expect("tree");
        let kids = tree.get_mut(b"Kids").and_then(Object::as_array_mut);
        kids.expect("kids").swap(0, 1);
        let order = imposed_order(&saved(&mut doc), &read_pages(&print)).expect("still readable");
        assert_eq!(order, [[2, 7], [8, 1], [6, 3], [4, 5]]);
        assert_ne!(order, booklet_order(8, Spine::Left));
    }

    #[test]
    fn output_is_deterministic() {
        let print = print_pdf(12);
        assert_eq!(impose(&print, Spine::Left), impose(&print, Spine::Left));
    }

    #[test]
    fn damaged_files_give_errors_not_panics() {
        let (print, imposed) = print_and_imposed(8);
        for cut in (0..imposed.len()).step_by(37) {
            let _ = imposed_order(&imposed[..cut], &read_pages(&print));
            let _ = impose(&print[..cut.min(print.len())], Spine::Left);
        }
        assert!(imposed_order(&imposed[..imposed.len() / 2], &read_pages(&print)).is_err());
        assert!(imposed_order(b"not a pdf", &read_pages(&print)).is_err());
        assert!(
            imposed_order(&print, &read_pages(&print)).is_err(),
            "a print PDF is not imposed"
        );
    }

    #[test]
    fn pdftotext_sees_page_8_left_of_page_1() {
        let found = Command::new("which").arg("pdftotext").output();
        if !found.is_ok_and(|out| out.status.success()) {
            eprintln!("!!! SKIPPED: pdftotext (poppler-utils) is not installed !!!");
            return;
        }
        let path = std::env::temp_dir().join("impose-test-booklet-8.pdf");
        std::fs::write(&path, print_and_imposed(8).1).expect("writes the test PDF");
        let args = ["-layout", "-f", "1", "-l", "1"];
        let out = Command::new("pdftotext")
            .args(args)
            .arg(&path)
            .arg("-")
            .output();
        let text = String::from_utf8_lossy(&out.expect("pdftotext runs").stdout).into_owned();
        let line = text
            .lines()
            .find(|l| l.contains("Page 8"))
            .expect("Page 8 on page 1");
        let (left, right) = (line.find("Page 8"), line.find("Page 1"));
        assert!(right.is_some_and(|r| Some(r) > left), "{line:?}");
    }
}
