//! Reads a tagged PDF back into the blocks a screen reader would announce,
//! without knowing how it was made. Each page's content is interpreted to find
//! the text of every marked-content sequence (by its MCID), leaving out text
//! marked as an `/Artifact` (running heads, page numbers); then the structure
//! tree is walked in order and each block-level element (a heading, a
//! paragraph, a whole list item with its label, a caption, or any element
//! holding only inline content) becomes one block, whatever pages its text
//! lies on. Lines are joined as a reader hears them: a word broken at a soft
//! hyphen is made whole again, a word broken after a hyphen or inside a web
//! address keeps its characters with no space, and other lines are joined
//! with a space. Text the structure tree leaves out, text neither tagged nor
//! an artifact, and glyphs with no Unicode value are reported as flaws. A PDF
//! without a structure tree is read line by line, and that is a flaw too.
//!
//! A space is heard between two pieces of a line only where the page leaves
//! a gap: the end of a piece is the furthest its glyphs reach, since a mark
//! drawn back over its letter (typst's `ŷ`) ends a string short of the
//! letter's end. Right-to-left text, shown in visual order, is put back in
//! logical order line by line ([`bidi`]). Where a font draws one character
//! as two glyphs and gives both its text (typst's Arabic: a letter's body
//! and, as a glyph of no width drawn over it, its dots), the text is heard
//! once.

mod bidi;
mod cmap;

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};
use unicode_bidi::Level;

use self::cmap::{FontText, number};
use crate::outputs::{ReadBack, ReadError};

/// The most bytes any one stream may inflate to.
const MAX_STREAM_BYTES: usize = 64 << 20;
/// The most content bytes and operations read from the whole document, so
/// that Form XObjects drawing each other many times cannot run for ever.
const MAX_WORK: usize = 1 << 24;
/// How deep the structure tree and saved graphics states may go before the
/// rest is ignored.
const MAX_NESTING: usize = 256;
/// How deep Form XObjects may be drawn inside one another.
const MAX_FORM_NESTING: usize = 32;
/// A kerning in a `TJ` array, in thousandths of an em, wider than this is a
/// word space when the array shows no space character itself.
const KERNING_WORD_SPACE: f64 = 200.0;
/// A gap on a line between two pieces of text, in ems, wider than this is a
/// word space when neither piece has one there.
const GAP_WORD_SPACE: f64 = 0.2;

/// Reads the text of a tagged PDF: one block per block-level structure
/// element, in the structure tree's order, page furniture left out.
pub fn read_tagged_pdf(bytes: &[u8]) -> Result<ReadBack, ReadError> {
    let document = load(bytes)?;
    let pages: Vec<ObjectId> = document.page_iter().collect();
    if pages.is_empty() {
        return Err(ReadError("the PDF has no pages".into()));
    }
    let mut flaws = Vec::new();
    let mut pieces = Vec::new();
    let direction = bidi::direction_of(document_language(&document).as_deref());
    let mut reader = ContentReader::new(&document, direction);
    for (index, page) in pages.iter().enumerate() {
        let page_text = reader.read_page(*page, index + 1)?;
        if page_text.unmapped {
            flaws.push(format!(
                "page {} has glyphs with no Unicode value",
                index + 1
            ));
        }
        pieces.extend(page_text.pieces);
    }
    if pieces.iter().all(|piece| piece.text.trim().is_empty()) {
        return Err(ReadError("no page has any text".into()));
    }
    let structure_root = document
        .catalog()
        .ok()
        .and_then(|catalog| catalog.get_deref(b"StructTreeRoot", &document).ok())
        .and_then(|root| root.as_dict().ok());
    let Some(structure_root) = structure_root else {
        flaws.insert(0, "the PDF is not tagged".into());
        let lines = lines_of(&pieces.iter().collect::<Vec<_>>(), direction);
        return Ok(ReadBack {
            blocks: lines
                .iter()
                .map(|line| collapse_white_space(line))
                .collect(),
            flaws,
        });
    };
    let tree = StructureTree::build(&document, structure_root, &pages, direction);
    let mut writer = BlockWriter::new(&pieces);
    for node in &tree {
        writer.write(node);
    }
    flaws.extend(writer.flaws_for_left_out_text());
    Ok(ReadBack {
        blocks: writer.finish(),
        flaws,
    })
}

/// The document's `/Lang`, if it has one.
fn document_language(document: &Document) -> Option<String> {
    let language = document.catalog().ok()?.get_deref(b"Lang", document).ok()?;
    lopdf::decode_text_string(language).ok()
}

/// Parses the file, refusing what is not a PDF or cannot be opened.
fn load(bytes: &[u8]) -> Result<Document, ReadError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|window| window == b"%PDF-") {
        return Err(ReadError("the file is not a PDF".into()));
    }
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let document = Document::load_mem_with_options(bytes, options)
        .map_err(|error| ReadError(format!("the PDF cannot be parsed: {error}")))?;
    if document.is_encrypted() {
        return Err(ReadError("the PDF is encrypted".into()));
    }
    Ok(document)
}

/// Where a piece of text belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Owner {
    /// A marked-content sequence: its page, the Form XObject holding it if
    /// that form has its own structure parents, and its MCID.
    Marked(usize, Option<ObjectId>, i64),
    /// Neither in a marked-content sequence with an MCID nor an artifact.
    Unmarked,
}

/// Text shown on one line of one page, in content order.
#[derive(Debug, Clone)]
struct Piece {
    owner: Owner,
    page: usize,
    /// The baseline's height on the page.
    baseline: f64,
    /// Where the text starts and ends along the baseline.
    start: f64,
    end: f64,
    /// The font size on the page.
    size: f64,
    text: String,
    /// Each string shown, in content order.
    shows: Vec<Show>,
}

/// Where one shown string's text begins in its piece's text, and where the
/// string lies along the line.
#[derive(Debug, Clone, Copy)]
struct Show {
    at: usize,
    start: f64,
    end: f64,
    /// Whether a space was added after it for a gap ([`Piece::append`]).
    spaced: bool,
}

impl Piece {
    /// Whether `next` continues this piece's line: same page and a baseline
    /// moved by less than half the larger font size (so that superscripts
    /// and subscripts stay on their line).
    fn same_line(&self, next: &Piece) -> bool {
        self.page == next.page
            && (self.baseline - next.baseline).abs() <= 0.5 * self.size.max(next.size)
    }

    /// Adds `next`, on the same line, with a space if there is a gap between
    /// them and no space written on either side of it. A mark with no width
    /// (drawn over the letter after it) leaves no gap.
    fn append(&mut self, next: &Piece) {
        let gap = next.end > next.start
            && next.start - self.end > GAP_WORD_SPACE * self.size.max(next.size);
        let spaced =
            self.text.ends_with(char::is_whitespace) || next.text.starts_with(char::is_whitespace);
        if gap && !spaced && !next.text.is_empty() {
            self.text.push(' ');
            if let Some(show) = self.shows.last_mut() {
                show.spaced = true;
            }
        }
        let offset = self.text.len();
        self.shows.extend(next.shows.iter().map(|show| Show {
            at: show.at + offset,
            ..*show
        }));
        self.text.push_str(&next.text);
        self.end = next.end;
    }

    /// The text of a whole line in logical order: a line with right-to-left
    /// letters is cut into strands ([`Piece::strands`]) and put in logical
    /// order by [`bidi::logical_line`].
    fn logical_text(&self, direction: Option<Level>) -> String {
        if !bidi::has_right_to_left(&self.text) {
            return self.text.clone();
        }
        bidi::logical_line(&self.strands(), direction)
    }

    /// The text cut into strands, each with where it starts along the line:
    /// runs of strings each starting where those before it ended or further
    /// right, as typst shows the glyphs of one run. A strand ends where a
    /// string starts more than a tenth of an em left of where the strand
    /// reached, or right of it past text shown elsewhere on the line (as
    /// typst shows the next run in logical order); a space added for the gap
    /// there is left out. Strings of glyphs with no width (marks, drawn over
    /// the letter after them) reach nowhere, and go with the string after
    /// them.
    fn strands(&self) -> Vec<(f64, &str)> {
        let tolerance = 0.1 * self.size;
        let coverage = Coverage::new(&self.shows);
        let filled = |from: f64, to: f64| coverage.covers(from + tolerance, to - tolerance);
        let mut strands = Vec::new();
        let mut strand = Strand::new(0);
        // Where the next strand would start (before any marks waiting for
        // their letter), and whether a gap's space was added just before.
        let (mut cut, mut cut_spaced) = (0, false);
        let (mut marks_waiting, mut last_spaced) = (false, false);
        for show in &self.shows {
            if !marks_waiting {
                (cut, cut_spaced) = (show.at, last_spaced);
            }
            last_spaced = show.spaced;
            if show.end <= show.start {
                marks_waiting = true;
                continue;
            }
            marks_waiting = false;
            let back = show.start < strand.reach - tolerance;
            let over = show.start > strand.reach + tolerance && filled(strand.reach, show.start);
            if strand.reach.is_finite() && (back || over) {
                let end = match self.text.get(..cut) {
                    Some(before) if cut_spaced && before.ends_with(' ') => cut - 1,
                    _ => cut,
                };
                strands.extend(strand.text(&self.text, end));
                strand = Strand::new(cut);
            }
            strand.left = strand.left.min(show.start);
            strand.reach = strand.reach.max(show.end);
        }
        strands.extend(strand.text(&self.text, self.text.len()));
        strands
    }
}

/// A strand of a line being cut ([`Piece::strands`]).
struct Strand {
    /// Where its text begins.
    from: usize,
    /// How far left and right its strings lie.
    left: f64,
    reach: f64,
}

impl Strand {
    fn new(from: usize) -> Strand {
        Strand {
            from,
            left: f64::INFINITY,
            reach: f64::NEG_INFINITY,
        }
    }

    /// Its text, up to `end` in the line's text, with where it starts; none
    /// if it is empty.
    fn text<'t>(&self, line: &'t str, end: usize) -> Option<(f64, &'t str)> {
        let text = line.get(self.from..end).filter(|text| !text.is_empty())?;
        let left = if self.left.is_finite() {
            self.left
        } else {
            0.0
        };
        Some((left, text))
    }
}

/// Where the strings of a line with some width lie, to tell quickly whether
/// some string lies partly between two places.
struct Coverage {
    /// The strings' starts, in order, each with the furthest end of the
    /// strings starting there or before.
    starts: Vec<(f64, f64)>,
}

impl Coverage {
    fn new(shows: &[Show]) -> Coverage {
        let mut starts: Vec<(f64, f64)> = shows
            .iter()
            .filter(|show| show.end > show.start)
            .map(|show| (show.start, show.end))
            .collect();
        starts.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut reach = f64::NEG_INFINITY;
        for (_, end) in &mut starts {
            reach = reach.max(*end);
            *end = reach;
        }
        Coverage { starts }
    }

    /// Whether some string starts before `to` and ends after `from`.
    fn covers(&self, from: f64, to: f64) -> bool {
        let before = self.starts.partition_point(|(start, _)| *start < to);
        before > 0 && self.starts[before - 1].1 > from
    }
}

/// An affine matrix `[a b c d e f]`, as PDF writes them.
type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `first` then `second`, as PDF composes matrices.
fn multiply(first: &Matrix, second: &Matrix) -> Matrix {
    let [a, b, c, d, e, f] = *first;
    let [p, q, r, s, t, u] = *second;
    [
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    ]
}

/// The parts of the graphics state that say where text goes.
#[derive(Clone)]
struct GraphicsState<'a> {
    ctm: Matrix,
    font: Option<Rc<FontText<'a>>>,
    font_size: f64,
    leading: f64,
    rise: f64,
    char_spacing: f64,
    word_spacing: f64,
    /// Horizontal scaling, as a fraction.
    scaling: f64,
}

impl GraphicsState<'_> {
    /// The state at the start of a page.
    fn new() -> Self {
        GraphicsState {
            ctm: IDENTITY,
            font: None,
            font_size: 0.0,
            leading: 0.0,
            rise: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scaling: 1.0,
        }
    }
}

/// One open marked-content sequence.
struct Mark {
    mcid: Option<i64>,
    artifact: bool,
    /// `/ActualText` replacing the text shown inside, and whether it has
    /// been written yet.
    actual_text: Option<(String, bool)>,
}

impl Mark {
    /// The `/ActualText` the first time it is asked for.
    fn unwritten_actual_text(&mut self) -> Option<String> {
        match &mut self.actual_text {
            Some((text, written @ false)) => {
                *written = true;
                Some(std::mem::take(text))
            }
            _ => None,
        }
    }
}

/// One glyph of a shown string: its text, and where it starts and ends
/// along the line, in text space from where the string starts.
struct ShownGlyph {
    text: String,
    start: f64,
    end: f64,
    /// Whether the font gives it no width, as a mark drawn over a letter.
    zero_width: bool,
}

/// The last glyph written on a page, with where it lies, to tell whether
/// the next is part of the same character.
#[derive(Debug, Clone)]
struct PlacedGlyph {
    page: usize,
    text: String,
    /// Where it starts and ends along the line on the page.
    start: f64,
    end: f64,
    baseline: f64,
    size: f64,
    zero_width: bool,
}

impl PlacedGlyph {
    /// Whether `next` draws part of the same character as this glyph, so
    /// that its text is heard once: the font gives both the same text, one
    /// of them has no width, and it is drawn over the other, as typst draws
    /// the dots of an Arabic letter apart from its body. Two glyphs with no
    /// width are parts of one character only if their text is a cluster of
    /// characters (a letter with its vowel mark) and they lie within half an
    /// em of each other.
    fn same_character(&self, next: &PlacedGlyph) -> bool {
        if self.page != next.page || self.text != next.text || self.text.trim().is_empty() {
            return false;
        }
        let size = self.size.max(next.size);
        if (self.baseline - next.baseline).abs() > 0.5 * size {
            return false;
        }
        let (mark, body) = match (self.zero_width, next.zero_width) {
            (true, _) => (self, next),
            (false, true) => (next, self),
            (false, false) => return false,
        };
        let tolerance = match body.zero_width {
            true if self.text.chars().nth(1).is_none() => return false,
            true => 0.5 * size,
            false => 0.25 * size,
        };
        let (low, high) = (body.start.min(body.end), body.start.max(body.end));
        low - tolerance <= mark.start && mark.start <= high + tolerance
    }
}

/// The text of one page, as its content streams show it.
#[derive(Default)]
struct PageText {
    pieces: Vec<Piece>,
    unmapped: bool,
}

/// Interprets the content streams of a document's pages.
struct ContentReader<'a> {
    document: &'a Document,
    fonts: HashMap<ObjectId, Rc<FontText<'a>>>,
    /// What is left of [`MAX_WORK`].
    work_left: usize,
    page: usize,
    state: GraphicsState<'a>,
    saved: Vec<GraphicsState<'a>>,
    text_matrix: Matrix,
    line_matrix: Matrix,
    marks: Vec<Mark>,
    /// The Form XObjects being drawn, innermost last, each with whether it
    /// has its own structure parents.
    forms: Vec<(ObjectId, bool)>,
    text: PageText,
    /// The paragraph direction, to put a glyph's text in visual order.
    direction: Option<Level>,
    last_glyph: Option<PlacedGlyph>,
}

impl<'a> ContentReader<'a> {
    fn new(document: &'a Document, direction: Option<Level>) -> Self {
        ContentReader {
            direction,
            last_glyph: None,
            document,
            fonts: HashMap::new(),
            work_left: MAX_WORK,
            page: 0,
            state: GraphicsState::new(),
            saved: Vec::new(),
            text_matrix: IDENTITY,
            line_matrix: IDENTITY,
            marks: Vec::new(),
            forms: Vec::new(),
            text: PageText::default(),
        }
    }

    /// Reads the text of page `number` (from 1).
    fn read_page(&mut self, page: ObjectId, number: usize) -> Result<PageText, ReadError> {
        let unreadable = || ReadError(format!("page {number} has no readable content"));
        let page_dictionary = self
            .document
            .get_dictionary(page)
            .map_err(|_| unreadable())?;
        let content = self
            .document
            .get_page_content_with_limit(page, MAX_STREAM_BYTES)
            .map_err(|_| unreadable())?;
        (self.page, self.state, self.marks) = (number, GraphicsState::new(), Vec::new());
        self.saved.clear();
        self.last_glyph = None;
        let resources = inherited_resources(self.document, page_dictionary);
        if !self.run(&content, resources) {
            return Err(ReadError(format!(
                "the content of page {number} is damaged"
            )));
        }
        if self.work_left == 0 {
            return Err(ReadError(format!(
                "page {number} holds more content than a reader can take"
            )));
        }
        Ok(std::mem::take(&mut self.text))
    }

    /// Runs a content stream; false if it is damaged.
    fn run(&mut self, content: &[u8], resources: Option<&'a Dictionary>) -> bool {
        self.work_left = self.work_left.saturating_sub(content.len());
        for operation in Content::decode_iter(content) {
            let Ok(operation) = operation else {
                return false;
            };
            if self.work_left == 0 {
                break;
            }
            self.work_left -= 1;
            self.apply(&operation, resources);
        }
        true
    }

    fn apply(&mut self, operation: &Operation, resources: Option<&'a Dictionary>) {
        let numbers: Vec<f64> = operation.operands.iter().filter_map(number).collect();
        match (operation.operator.as_str(), numbers.as_slice()) {
            ("q", _) if self.saved.len() < MAX_NESTING => self.saved.push(self.state.clone()),
            ("Q", _) => self.state = self.saved.pop().unwrap_or_else(|| self.state.clone()),
            ("cm", &[a, b, c, d, e, f]) => {
                self.state.ctm = multiply(&[a, b, c, d, e, f], &self.state.ctm)
            }
            ("BT", _) => (self.text_matrix, self.line_matrix) = (IDENTITY, IDENTITY),
            ("Tm", &[a, b, c, d, e, f]) => {
                (self.text_matrix, self.line_matrix) = ([a, b, c, d, e, f], [a, b, c, d, e, f])
            }
            ("Td", &[x, y]) => self.move_line(x, y),
            ("TD", &[x, y]) => {
                self.state.leading = -y;
                self.move_line(x, y);
            }
            ("T*", _) => self.move_line(0.0, -self.state.leading),
            ("TL", &[leading]) => self.state.leading = leading,
            ("Ts", &[rise]) => self.state.rise = rise,
            ("Tc", &[spacing]) => self.state.char_spacing = spacing,
            ("Tw", &[spacing]) => self.state.word_spacing = spacing,
            ("Tz", &[scaling]) => self.state.scaling = scaling / 100.0,
            ("Tf", &[size]) => self.set_font(operation, size, resources),
            ("Tj", _) | ("'", _) | ("\"", _) | ("TJ", _) => self.show(operation),
            ("BMC", _) | ("BDC", _) => self.begin_marked(operation, resources),
            ("EMC", _) => self.end_marked(),
            ("Do", _) => self.draw_form(operation, resources),
            _ => {}
        }
    }

    fn move_line(&mut self, x: f64, y: f64) {
        self.line_matrix = multiply(&[1.0, 0.0, 0.0, 1.0, x, y], &self.line_matrix);
        self.text_matrix = self.line_matrix;
    }

    fn set_font(&mut self, operation: &Operation, size: f64, resources: Option<&'a Dictionary>) {
        self.state.font_size = size;
        let name = operation
            .operands
            .first()
            .and_then(|name| name.as_name().ok());
        let Some((id, font)) =
            name.and_then(|name| resource(self.document, resources, b"Font", name))
        else {
            self.state.font = None;
            return;
        };
        let Ok(dictionary) = font.as_dict() else {
            self.state.font = None;
            return;
        };
        let font = match id {
            Some(id) => self
                .fonts
                .entry(id)
                .or_insert_with(|| Rc::new(FontText::new(self.document, dictionary)))
                .clone(),
            None => Rc::new(FontText::new(self.document, dictionary)),
        };
        self.state.font = Some(font);
    }

    fn show(&mut self, operation: &Operation) {
        if let ("\"", [word, char, _]) =
            (operation.operator.as_str(), operation.operands.as_slice())
        {
            self.state.word_spacing = number(word).unwrap_or(0.0);
            self.state.char_spacing = number(char).unwrap_or(0.0);
        }
        if matches!(operation.operator.as_str(), "'" | "\"") {
            self.move_line(0.0, -self.state.leading);
        }
        let Some(font) = self.state.font.clone() else {
            self.text.unmapped |= !self.in_artifact();
            return;
        };
        let parts = match operation.operands.last() {
            Some(Object::Array(parts)) if operation.operator == "TJ" => parts.as_slice(),
            Some(string @ Object::String(..)) => std::slice::from_ref(string),
            _ => return,
        };
        let (origin, text_matrix) = (self.placement(), self.text_matrix);
        let (glyphs, unmapped, advance) = self.shown_glyphs(parts, &font);
        if self.in_artifact() {
            return;
        }
        self.text.unmapped |= unmapped;
        let first = glyphs.first().map_or(0.0, |glyph| glyph.start);
        let furthest = glyphs.iter().map(|glyph| glyph.end).fold(advance, f64::max);
        let span = (
            self.along(&text_matrix, first),
            self.along(&text_matrix, furthest),
        );
        let zero_width = !glyphs.is_empty() && glyphs.iter().all(|glyph| glyph.zero_width);
        if !self.write_actual_text(origin, span, zero_width) {
            let text = self.text_once(glyphs, &text_matrix, origin);
            self.add_text(text, origin, span);
        }
    }

    fn in_artifact(&self) -> bool {
        self.marks.iter().any(|mark| mark.artifact)
    }

    /// The glyphs of a `Tj` string or a `TJ` array, whether some glyph had
    /// no Unicode value, and how far the text position moves past them. A wide
    /// kerning counts as a space only where the array holds no space of its
    /// own (typst writes real spaces, and kerns letters apart when text is
    /// tracked).
    fn shown_glyphs(
        &mut self,
        parts: &[Object],
        font: &FontText<'_>,
    ) -> (Vec<ShownGlyph>, bool, f64) {
        let mut unmapped = false;
        let glyphs: Vec<_> = parts
            .iter()
            .map(|part| match part {
                Object::String(bytes, _) => font.glyphs(bytes, &mut unmapped),
                _ => Vec::new(),
            })
            .collect();
        let has_spaces = glyphs
            .iter()
            .flatten()
            .any(|glyph| glyph.text.contains(char::is_whitespace));
        let state = &self.state;
        let mut shown: Vec<ShownGlyph> = Vec::new();
        let mut advance = 0.0;
        for (part, glyphs) in parts.iter().zip(glyphs) {
            if let Some(kern) = number(part) {
                if kern < -KERNING_WORD_SPACE && !has_spaces && !shown.is_empty() {
                    shown.push(ShownGlyph {
                        text: " ".into(),
                        start: advance,
                        end: advance,
                        zero_width: false,
                    });
                }
                advance -= kern / 1000.0 * state.font_size;
            }
            for glyph in glyphs {
                let word_spacing = if glyph.word_space {
                    state.word_spacing
                } else {
                    0.0
                };
                let start = advance;
                advance += glyph.width * state.font_size + state.char_spacing + word_spacing;
                shown.push(ShownGlyph {
                    text: glyph.text,
                    start,
                    end: advance,
                    zero_width: glyph.width == 0.0,
                });
            }
        }
        let moved = [1.0, 0.0, 0.0, 1.0, advance * state.scaling, 0.0];
        self.text_matrix = multiply(&moved, &self.text_matrix);
        (shown, unmapped, advance)
    }

    /// Where on the page, along the line, a point `offset` into text shown
    /// from `text_matrix` lies.
    fn along(&self, text_matrix: &Matrix, offset: f64) -> f64 {
        let state = &self.state;
        let point = [1.0, 0.0, 0.0, 1.0, offset * state.scaling, state.rise];
        multiply(&multiply(&point, text_matrix), &state.ctm)[4]
    }

    /// The text of shown glyphs, each glyph's text in visual order, leaving
    /// out a glyph that draws part of the same character as the glyph
    /// before it ([`PlacedGlyph::same_character`]).
    fn text_once(
        &mut self,
        glyphs: Vec<ShownGlyph>,
        text_matrix: &Matrix,
        origin: Matrix,
    ) -> String {
        let mut text = String::new();
        for glyph in glyphs {
            let placed = PlacedGlyph {
                page: self.page,
                start: self.along(text_matrix, glyph.start),
                end: self.along(text_matrix, glyph.end),
                baseline: origin[5],
                size: origin[2].hypot(origin[3]),
                zero_width: glyph.zero_width,
                text: glyph.text,
            };
            let repeated = self
                .last_glyph
                .as_ref()
                .is_some_and(|last| last.same_character(&placed));
            if !repeated {
                text.push_str(&bidi::reordered(&placed.text, self.direction));
            }
            if !(repeated && placed.zero_width) {
                self.last_glyph = Some(placed);
            }
        }
        text
    }

    /// Where text shown now goes on the page, and at what size.
    fn placement(&self) -> Matrix {
        let state = &self.state;
        let size = state.font_size;
        let scale = [size * state.scaling, 0.0, 0.0, size, 0.0, state.rise];
        multiply(&multiply(&scale, &self.text_matrix), &state.ctm)
    }

    /// Whether text shown now, at `origin` and over `span` along the line,
    /// is replaced by an `/ActualText`; writes that text the first time
    /// (once, if it repeats the text before it as part of the same
    /// character: [`PlacedGlyph::same_character`]), and stretches it over
    /// the text shown after.
    fn write_actual_text(&mut self, origin: Matrix, span: (f64, f64), zero_width: bool) -> bool {
        let Some(mark) = self
            .marks
            .iter_mut()
            .find(|mark| mark.actual_text.is_some())
        else {
            return false;
        };
        let Some(text) = mark.unwritten_actual_text() else {
            let owner = self.owner();
            if let Some(last) = self.text.pieces.last_mut() {
                if last.owner == owner && last.page == self.page {
                    last.end = last.end.max(span.1);
                    if let Some(show) = last.shows.last_mut() {
                        show.end = show.end.max(span.1);
                    }
                }
            }
            return true;
        };
        let placed = PlacedGlyph {
            page: self.page,
            start: span.0,
            end: span.1,
            baseline: origin[5],
            size: origin[2].hypot(origin[3]),
            zero_width,
            text,
        };
        let repeated = self
            .last_glyph
            .as_ref()
            .is_some_and(|last| last.same_character(&placed));
        let text = if repeated {
            String::new()
        } else {
            bidi::reordered(&placed.text, self.direction).into_owned()
        };
        self.add_text(text, origin, span);
        if !(repeated && placed.zero_width) {
            self.last_glyph = Some(placed);
        }
        true
    }

    /// What owns text shown now.
    fn owner(&self) -> Owner {
        let stream = self
            .forms
            .iter()
            .rev()
            .find(|(_, own_parents)| *own_parents)
            .map(|(id, _)| *id);
        match self.marks.iter().rev().find_map(|mark| mark.mcid) {
            Some(mcid) => Owner::Marked(self.page, stream, mcid),
            None => Owner::Unmarked,
        }
    }

    /// Adds text shown at `origin`, over `span` along the line, to whatever
    /// owns it.
    fn add_text(&mut self, text: String, origin: Matrix, (start, end): (f64, f64)) {
        let owner = self.owner();
        let piece = Piece {
            owner,
            page: self.page,
            baseline: origin[5],
            start,
            end,
            size: origin[2].hypot(origin[3]),
            text,
            shows: vec![Show {
                at: 0,
                start,
                end,
                spaced: false,
            }],
        };
        match self.text.pieces.last_mut() {
            Some(last) if last.owner == owner && last.same_line(&piece) => last.append(&piece),
            _ => self.text.pieces.push(piece),
        }
    }

    fn begin_marked(&mut self, operation: &Operation, resources: Option<&'a Dictionary>) {
        let tag = operation
            .operands
            .first()
            .and_then(|tag| tag.as_name().ok());
        let properties = match operation.operands.get(1) {
            Some(Object::Dictionary(properties)) => Some(properties),
            Some(Object::Name(name)) => resource(self.document, resources, b"Properties", name)
                .and_then(|(_, properties)| properties.as_dict().ok()),
            _ => None,
        };
        let property = |key: &[u8]| properties.and_then(|properties| properties.get(key).ok());
        self.marks.push(Mark {
            mcid: property(b"MCID").and_then(|mcid| mcid.as_i64().ok()),
            artifact: tag == Some(&b"Artifact"[..]),
            actual_text: property(b"ActualText")
                .and_then(|text| lopdf::decode_text_string(text).ok())
                .map(|text| (text, false)),
        });
    }

    /// Ends a marked-content sequence, writing its `/ActualText` if no text
    /// was shown inside to write it.
    fn end_marked(&mut self) {
        let unwritten = self.marks.last_mut().and_then(Mark::unwritten_actual_text);
        if let Some(text) = unwritten.filter(|_| !self.in_artifact()) {
            let text = bidi::reordered(&text, self.direction).into_owned();
            let at = self.placement();
            self.add_text(text, at, (at[4], at[4]));
            self.last_glyph = None;
        }
        self.marks.pop();
    }

    /// Draws a Form XObject: its content, in its own matrix and resources.
    fn draw_form(&mut self, operation: &Operation, resources: Option<&'a Dictionary>) {
        let name = operation
            .operands
            .first()
            .and_then(|name| name.as_name().ok());
        let Some((Some(id), object)) =
            name.and_then(|name| resource(self.document, resources, b"XObject", name))
        else {
            return;
        };
        let Ok(form) = object.as_stream() else { return };
        let is_form =
            form.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(&b"Form"[..]);
        if !is_form
            || self.forms.len() >= MAX_FORM_NESTING
            || self.forms.iter().any(|(seen, _)| *seen == id)
        {
            return;
        }
        let Ok(content) = form.get_plain_content_with_limit(MAX_STREAM_BYTES) else {
            return;
        };
        let matrix: Vec<f64> = match form.dict.get(b"Matrix").and_then(Object::as_array) {
            Ok(values) => values.iter().filter_map(number).collect(),
            Err(_) => IDENTITY.to_vec(),
        };
        let form_resources = form
            .dict
            .get_deref(b"Resources", self.document)
            .and_then(Object::as_dict)
            .ok()
            .or(resources);
        let (saved_state, saved_marks) = (self.state.clone(), self.marks.len());
        if let &[a, b, c, d, e, f] = matrix.as_slice() {
            self.state.ctm = multiply(&[a, b, c, d, e, f], &self.state.ctm);
        }
        self.forms.push((id, form.dict.has(b"StructParents")));
        self.run(&content, form_resources);
        self.forms.pop();
        self.marks.truncate(saved_marks);
        self.state = saved_state;
    }
}

/// A page's `/Resources`, its own or the nearest ancestor's.
fn inherited_resources<'a>(document: &'a Document, page: &'a Dictionary) -> Option<&'a Dictionary> {
    let mut node = page;
    for _ in 0..MAX_NESTING {
        if let Ok(resources) = node
            .get_deref(b"Resources", document)
            .and_then(Object::as_dict)
        {
            return Some(resources);
        }
        node = node
            .get_deref(b"Parent", document)
            .and_then(Object::as_dict)
            .ok()?;
    }
    None
}

/// A named resource of a category (`/Font`, `/XObject`, `/Properties`), with
/// its object id if it is an indirect object.
fn resource<'a>(
    document: &'a Document,
    resources: Option<&'a Dictionary>,
    category: &[u8],
    name: &[u8],
) -> Option<(Option<ObjectId>, &'a Object)> {
    let named = resources?
        .get_deref(category, document)
        .and_then(Object::as_dict)
        .ok()?
        .get(name)
        .ok()?;
    document.dereference(named).ok()
}

/// One structure element, read into memory.
#[derive(Debug)]
struct Node {
    /// The standard role, after the role map.
    role: Vec<u8>,
    kids: Vec<Kid>,
    /// Whether the node holds only marked content and inline elements.
    inline_only: bool,
    /// The direction of its paragraphs, from its `/Lang` or its ancestors'.
    direction: Option<Level>,
}

/// What a structure element takes from its ancestors.
#[derive(Clone, Copy)]
struct Inherited {
    page: Option<usize>,
    direction: Option<Level>,
}

#[derive(Debug)]
enum Kid {
    Content(Owner),
    Element(Node),
}

/// Roles that are always one block each.
fn is_block_role(role: &[u8]) -> bool {
    matches!(role, b"P" | b"H" | b"LI" | b"Caption" | b"TOCI" | b"Title")
        || (role.len() > 1 && role[0] == b'H' && role[1..].iter().all(u8::is_ascii_digit))
}

/// Roles that sit inside a line of text.
const INLINE_ROLES: &[&[u8]] = &[
    b"Span",
    b"Link",
    b"Em",
    b"Strong",
    b"Sub",
    b"Quote",
    b"Code",
    b"Reference",
    b"Note",
    b"BibEntry",
    b"Annot",
    b"Ruby",
    b"RB",
    b"RT",
    b"RP",
    b"Warichu",
    b"WT",
    b"WP",
    b"Formula",
    b"Figure",
    b"Form",
    b"Lbl",
];

fn is_inline_role(role: &[u8]) -> bool {
    INLINE_ROLES.contains(&role)
}

/// Reads the structure tree into [`Node`]s, guarding against cycles.
struct StructureTree<'a> {
    document: &'a Document,
    role_map: Option<&'a Dictionary>,
    page_numbers: HashMap<ObjectId, usize>,
    seen: HashSet<ObjectId>,
}

impl<'a> StructureTree<'a> {
    /// The top-level elements of the tree, in order.
    fn build(
        document: &'a Document,
        root: &'a Dictionary,
        pages: &[ObjectId],
        direction: Option<Level>,
    ) -> Vec<Node> {
        let mut tree = StructureTree {
            document,
            role_map: root
                .get_deref(b"RoleMap", document)
                .and_then(Object::as_dict)
                .ok(),
            page_numbers: pages
                .iter()
                .enumerate()
                .map(|(index, id)| (*id, index + 1))
                .collect(),
            seen: HashSet::new(),
        };
        let mut kids = Vec::new();
        if let Ok(top) = root.get(b"K") {
            let inherited = Inherited {
                page: None,
                direction,
            };
            tree.add_kids(top, inherited, 0, &mut kids);
        }
        kids.into_iter()
            .filter_map(|kid| match kid {
                Kid::Element(node) => Some(node),
                Kid::Content(_) => None,
            })
            .collect()
    }

    fn page_of(&self, dictionary: &Dictionary) -> Option<usize> {
        let id = dictionary.get(b"Pg").and_then(Object::as_reference).ok()?;
        self.page_numbers.get(&id).copied()
    }

    fn add_kids(
        &mut self,
        object: &'a Object,
        inherited: Inherited,
        depth: usize,
        kids: &mut Vec<Kid>,
    ) {
        if depth > MAX_NESTING {
            return;
        }
        if let Object::Reference(id) = object {
            if !self.seen.insert(*id) {
                return;
            }
        }
        let Ok((_, object)) = self.document.dereference(object) else {
            return;
        };
        match object {
            Object::Integer(mcid) => kids.extend(
                inherited
                    .page
                    .map(|page| Kid::Content(Owner::Marked(page, None, *mcid))),
            ),
            Object::Array(items) => {
                for item in items {
                    self.add_kids(item, inherited, depth + 1, kids);
                }
            }
            Object::Dictionary(dictionary) => kids.extend(self.kid(dictionary, inherited, depth)),
            _ => {}
        }
    }

    fn kid(
        &mut self,
        dictionary: &'a Dictionary,
        inherited: Inherited,
        depth: usize,
    ) -> Option<Kid> {
        let page = self.page_of(dictionary).or(inherited.page);
        match dictionary.get(b"Type").and_then(Object::as_name).ok() {
            Some(b"MCR") => {
                let mcid = dictionary.get(b"MCID").and_then(Object::as_i64).ok()?;
                let stream = dictionary.get(b"Stm").and_then(Object::as_reference).ok();
                Some(Kid::Content(Owner::Marked(page?, stream, mcid)))
            }
            Some(b"OBJR") => None,
            _ => {
                let role = self.role(dictionary.get(b"S").and_then(Object::as_name).ok()?);
                let language = dictionary
                    .get_deref(b"Lang", self.document)
                    .ok()
                    .and_then(|language| lopdf::decode_text_string(language).ok());
                let inherited = Inherited {
                    page,
                    direction: bidi::direction_of(language.as_deref()).or(inherited.direction),
                };
                let mut kids = Vec::new();
                if let Ok(k) = dictionary.get(b"K") {
                    self.add_kids(k, inherited, depth + 1, &mut kids);
                }
                let inline_only = kids.iter().all(|kid| match kid {
                    Kid::Content(_) => true,
                    Kid::Element(node) => is_inline_role(&node.role) && node.inline_only,
                });
                Some(Kid::Element(Node {
                    role,
                    kids,
                    inline_only,
                    direction: inherited.direction,
                }))
            }
        }
    }

    /// A structure type mapped through the role map to a standard one.
    fn role(&self, mut role: &'a [u8]) -> Vec<u8> {
        for _ in 0..16 {
            let mapped = self
                .role_map
                .and_then(|map| map.get_deref(role, self.document).ok())
                .and_then(|mapped| mapped.as_name().ok());
            match mapped {
                Some(mapped) if mapped != role => role = mapped,
                _ => break,
            }
        }
        role.to_vec()
    }
}

/// A block before its lines are joined: a list item's label, and its lines
/// as the page shows them.
struct RawBlock {
    label: Vec<String>,
    lines: Vec<String>,
}

/// Turns structure nodes into blocks of text.
struct BlockWriter<'a> {
    pieces: &'a [Piece],
    by_owner: HashMap<Owner, Vec<usize>>,
    used: Vec<bool>,
    blocks: Vec<RawBlock>,
}

impl<'a> BlockWriter<'a> {
    fn new(pieces: &'a [Piece]) -> BlockWriter<'a> {
        let mut by_owner: HashMap<Owner, Vec<usize>> = HashMap::new();
        for (index, piece) in pieces.iter().enumerate() {
            by_owner.entry(piece.owner).or_default().push(index);
        }
        BlockWriter {
            pieces,
            by_owner,
            used: vec![false; pieces.len()],
            blocks: Vec::new(),
        }
    }

    /// Writes the blocks of a node: itself if it is a block, else its
    /// children, with runs of inline content between them as blocks.
    fn write(&mut self, node: &Node) {
        if is_block_role(&node.role) || node.inline_only {
            let mut nested = Vec::new();
            let (labels, body): (Vec<&Kid>, Vec<&Kid>) = node.kids.iter().partition(|kid| {
                node.role == b"LI" && matches!(kid, Kid::Element(label) if label.role == b"Lbl")
            });
            let label = self.lines_under(&labels, &mut nested, node.direction);
            let lines = self.lines_under(&body, &mut nested, node.direction);
            self.blocks.push(RawBlock { label, lines });
            for list in nested {
                self.write(list);
            }
            return;
        }
        let mut run: Vec<&Kid> = Vec::new();
        for kid in &node.kids {
            match kid {
                Kid::Element(element)
                    if !(is_inline_role(&element.role) && element.inline_only) =>
                {
                    self.write_run(&mut run, node.direction);
                    self.write(element);
                }
                _ => run.push(kid),
            }
        }
        self.write_run(&mut run, node.direction);
    }

    fn write_run(&mut self, run: &mut Vec<&Kid>, direction: Option<Level>) {
        let lines = self.lines_under(run, &mut Vec::new(), direction);
        run.clear();
        self.blocks.push(RawBlock {
            label: Vec::new(),
            lines,
        });
    }

    /// The lines of text under some kids, in paragraphs of `direction`.
    fn lines_under<'n>(
        &mut self,
        kids: &[&'n Kid],
        nested: &mut Vec<&'n Node>,
        direction: Option<Level>,
    ) -> Vec<String> {
        let mut indices = Vec::new();
        for kid in kids {
            self.gather(std::slice::from_ref(*kid), nested, &mut indices);
        }
        let pieces: Vec<&Piece> = indices.iter().map(|&index| &self.pieces[index]).collect();
        lines_of(&pieces, direction)
    }

    /// The pieces of text under `kids`, in order; nested lists are set aside
    /// in `nested` to be blocks of their own.
    fn gather<'n>(&mut self, kids: &'n [Kid], nested: &mut Vec<&'n Node>, pieces: &mut Vec<usize>) {
        for kid in kids {
            match kid {
                Kid::Content(owner) => {
                    for &index in self.by_owner.get(owner).into_iter().flatten() {
                        self.used[index] = true;
                        pieces.push(index);
                    }
                }
                Kid::Element(node) if matches!(node.role.as_slice(), b"L" | b"TOC") => {
                    nested.push(node)
                }
                Kid::Element(node) => self.gather(&node.kids, nested, pieces),
            }
        }
    }

    /// The blocks' text, their lines joined. Whether the producer writes a
    /// space at the end of a line broken at a space (typst does) is judged
    /// from all the blocks: at least a quarter of their line ends have one.
    fn finish(self) -> Vec<String> {
        let breaks: Vec<&String> = self
            .blocks
            .iter()
            .flat_map(|block| block.lines.split_last().map_or(&[][..], |(_, rest)| rest))
            .collect();
        let spaced = breaks
            .iter()
            .filter(|line| line.ends_with(char::is_whitespace))
            .count();
        let spaces_mark_breaks = spaced > 0 && spaced * 4 >= breaks.len();
        self.blocks
            .iter()
            .map(|block| {
                let label = block.label.join(" ");
                collapse_white_space(&format!(
                    "{label} {}",
                    join_lines(&block.lines, spaces_mark_breaks)
                ))
            })
            .filter(|block| !block.is_empty())
            .collect()
    }

    /// One flaw per page and kind for text the structure tree left out.
    fn flaws_for_left_out_text(&self) -> Vec<String> {
        let mut flaws = Vec::new();
        let mut reported = HashSet::new();
        for (piece, used) in self.pieces.iter().zip(&self.used) {
            let words = first_words(&piece.text);
            if *used || words.is_empty() {
                continue;
            }
            let untagged = piece.owner == Owner::Unmarked;
            if reported.insert((piece.page, untagged)) {
                flaws.push(if untagged {
                    format!(
                        "text on page {} is neither tagged nor an artifact: \"{words}\"",
                        piece.page
                    )
                } else {
                    format!(
                        "text on page {} is not in the structure tree: \"{words}\"",
                        piece.page
                    )
                });
            }
        }
        flaws
    }
}

/// The first few words of a text, for messages.
fn first_words(text: &str) -> String {
    text.split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The lines of some pieces in order, as written: pieces on the same line
/// run together, right-to-left text put in logical order for paragraphs of
/// `direction`. Blank lines are left out.
fn lines_of(pieces: &[&Piece], direction: Option<Level>) -> Vec<String> {
    let mut lines: Vec<Piece> = Vec::new();
    for piece in pieces {
        match lines.last_mut() {
            Some(line) if line.same_line(piece) => line.append(piece),
            _ => lines.push((*piece).clone()),
        }
    }
    lines
        .into_iter()
        .map(|line| line.logical_text(direction))
        .filter(|line| !line.trim().is_empty())
        .collect()
}

/// Joins the lines of one block as a reader hears them: a word broken at a
/// soft hyphen is made whole, a word broken elsewhere is joined with no
/// space ([`broken_inside_word`]), and other lines are joined with a space.
/// U+200B, a line-break opportunity that prints nothing.
const ZERO_WIDTH_SPACE: char = '\u{200b}';

fn join_lines(lines: &[String], spaces_mark_breaks: bool) -> String {
    let mut text = String::new();
    for line in lines {
        let before = text.trim_end();
        if before.ends_with('\u{ad}') {
            text = before.trim_end_matches('\u{ad}').to_owned();
        } else if before.ends_with(ZERO_WIDTH_SPACE) {
            // A break opportunity that prints nothing: the line was broken
            // inside a word or an address, with no space to hear.
            text = before.trim_end_matches(ZERO_WIDTH_SPACE).to_owned();
        } else if broken_inside_word(&text, spaces_mark_breaks) {
            text.truncate(before.len());
        } else if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(line.trim_start());
    }
    collapse_white_space(&text)
}

/// Whether the line ending `text` was broken inside a word. Where
/// `spaces_mark_breaks` (the producer writes a space at the end of a line
/// broken at a space, as typst does), a line without one was broken inside
/// a word if it ends in a hyphen, dash or slash (`pick-`, `and/`) or inside
/// an address, which typst breaks anywhere. Otherwise only a compound
/// broken after its hyphen or en dash (`pick-`) counts.
fn broken_inside_word(text: &str, spaces_mark_breaks: bool) -> bool {
    let before = text.trim_end();
    let last_word = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default();
    let mut last_chars = before.chars().rev();
    let last = last_chars.next();
    if !spaces_mark_breaks {
        return matches!(last, Some('-' | '\u{2010}' | '\u{2013}'))
            && last_chars.next().is_some_and(char::is_alphabetic);
    }
    let is_address = ["://", "www.", "@"]
        .iter()
        .any(|mark| last_word.contains(mark));
    before.len() == text.len()
        && (is_address || matches!(last, Some('-' | '\u{2010}' | '\u{2013}' | '/')))
}

/// Runs of white space become one space; the ends are trimmed.
fn collapse_white_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use lopdf::{Stream, dictionary};

    use super::*;

    fn join(lines: &[&str], spaces_mark_breaks: bool) -> String {
        let lines: Vec<String> = lines.iter().map(|line| (*line).to_owned()).collect();
        join_lines(&lines, spaces_mark_breaks)
    }

    #[test]
    fn lines_join_as_a_reader_hears_them() {
        for typst_like in [false, true] {
            let broken = [
                "in com\u{ad}",
                "pre\u{ad}\u{ad}",
                "hen  sion ",
                "next\tline",
            ];
            assert_eq!(join(&broken, typst_like), "in comprehen sion next line");
            let compounds = ["a pick-", "up at the morning–", "afternoon slot"];
            assert_eq!(
                join(&compounds, typst_like),
                "a pick-up at the morning–afternoon slot"
            );
        }
        let dashes = ["a pause –", "then 10-", "12 and", "more"];
        assert_eq!(join(&dashes, false), "a pause – then 10- 12 and more");
        let typst = [
            "see https://www.ex",
            "ample.org/",
            "more and/",
            "or a pause – ",
            "then 10-",
            "12 at end.",
            "Next",
        ];
        assert_eq!(
            join(&typst, true),
            "see https://www.example.org/more and/or a pause – then 10-12 at end. Next"
        );
    }

    /// Text as 2-byte codes that are the characters' own values, as the
    /// test font's `/ToUnicode` maps them.
    fn hex(text: &str) -> String {
        let codes: String = text
            .encode_utf16()
            .map(|unit| format!("{unit:04X}"))
            .collect();
        format!("<{codes}>")
    }

    /// A Type0 test font: codes are the UTF-16 of their text for Latin-1,
    /// combining marks and Arabic, 500 thousandths of an em wide but the
    /// space (250) and marks (none); code 1 is the dots of teh marbuta and
    /// code 2 a circumflex for `ŷ`, with no width, as typst's fonts draw
    /// them (and maps them).
    fn test_font(document: &mut Document) -> ObjectId {
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange
            2 beginbfchar <0001> <0629> <0002> <0177> endbfchar
            3 beginbfrange <0020> <00FF> <0020> <0300> <036F> <0300> <0600> <06FF> <0600>
            endbfrange";
        let to_unicode = document.add_object(Stream::new(dictionary! {}, cmap.to_vec()));
        let widths = vec![
            1.into(),
            vec![0.into(), 0.into()].into(),
            0x20.into(),
            vec![250.into()].into(),
            0x300.into(),
            0x36F.into(),
            0.into(),
        ];
        let cid_font = dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Test",
            "DW" => 500, "W" => widths,
        };
        document.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Test",
            "Encoding" => "Identity-H", "DescendantFonts" => vec![cid_font.into()],
            "ToUnicode" => to_unicode,
        })
    }

    /// A tagged one-page PDF of `content` in the test font (`/F1`), one
    /// structure element per `(role, language, MCIDs)`.
    fn tagged_pdf(content: &str, elements: &[(&str, Option<&str>, &[i64])]) -> Vec<u8> {
        let mut document = Document::with_version("1.7");
        let font = test_font(&mut document);
        let contents = document.add_object(Stream::new(dictionary! {}, content.into()));
        let pages = document.new_object_id();
        let page = document.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "Contents" => contents,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        });
        document.objects.insert(
            pages,
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }.into(),
        );
        let kids: Vec<Object> = elements
            .iter()
            .map(|(role, language, mcids)| {
                let mut element = dictionary! {
                    "Type" => "StructElem", "S" => *role, "Pg" => page,
                    "K" => mcids.iter().map(|mcid| Object::from(*mcid)).collect::<Vec<_>>(),
                };
                if let Some(language) = language {
                    element.set("Lang", Object::string_literal(*language));
                }
                element.into()
            })
            .collect();
        let root = dictionary! {
            "Type" => "StructTreeRoot",
            "K" => dictionary! { "Type" => "StructElem", "S" => "Document", "K" => kids },
        };
        let catalog = document.add_object(dictionary! {
            "Type" => "Catalog", "Pages" => pages, "StructTreeRoot" => root,
            "Lang" => Object::string_literal("en-GB"),
        });
        document.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        document
            .save_to(&mut bytes)
            .expect("the test PDF is written");
        bytes
    }

    /// A one-page PDF with a Type0 font: an artifact, a heading, a paragraph
    /// of two MCIDs broken at a soft hyphen, and an MCID the structure tree
    /// leaves out. Without `tagged`, it has no structure tree.
    fn sample_pdf(tagged: bool) -> Vec<u8> {
        let mut document = Document::with_version("1.7");
        let font = test_font(&mut document);
        let content = format!(
            "/Artifact <</Type /Pagination>> BDC BT /F1 9 Tf 72 800 Td {head} Tj ET EMC
             /H1 <</MCID 0>> BDC BT /F1 14 Tf 72 760 Td {number} Tj 30 0 Td {title} Tj ET EMC
             /P <</MCID 1>> BDC BT /F1 10 Tf 72 700 Td [{line1}] TJ ET EMC
             /P <</MCID 2>> BDC BT /F1 10 Tf 1 0 0 1 72 688 Tm [{line2a} -60 {line2b}] TJ ET EMC
             /Span <</MCID 3>> BDC BT /F1 10 Tf 72 600 Td [{stray}] TJ ET EMC",
            head = hex("Running head"),
            number = hex("1."),
            title = hex("Title"),
            line1 = hex("Hello wonder\u{ad}"),
            line2a = hex("ful"),
            line2b = hex(" world."),
            stray = hex("Stray"),
        );
        let contents = document.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let pages = document.new_object_id();
        let page = document.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "Contents" => contents,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        });
        document.objects.insert(
            pages,
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }.into(),
        );
        let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages };
        if tagged {
            let heading = dictionary! { "Type" => "StructElem", "S" => "Heading", "K" => 0 };
            let paragraph = dictionary! {
                "Type" => "StructElem", "S" => "P", "Pg" => page,
                "K" => vec![1.into(), dictionary! { "Type" => "MCR", "MCID" => 2 }.into()],
            };
            let root_element = dictionary! {
                "Type" => "StructElem", "S" => "Document", "Pg" => page,
                "K" => vec![heading.into(), paragraph.into()],
            };
            catalog.set(
                "StructTreeRoot",
                dictionary! {
                    "Type" => "StructTreeRoot", "K" => root_element,
                    "RoleMap" => dictionary! { "Heading" => "H1" },
                },
            );
        }
        let catalog = document.add_object(catalog);
        document.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        document
            .save_to(&mut bytes)
            .expect("the sample PDF is written");
        bytes
    }

    #[test]
    fn a_tagged_pdf_reads_as_its_structure_says() {
        let read = read_tagged_pdf(&sample_pdf(true)).expect("the sample PDF is read");
        assert_eq!(read.blocks, ["1. Title", "Hello wonderful world."]);
        assert_eq!(
            read.flaws,
            ["text on page 1 is not in the structure tree: \"Stray\""]
        );
    }

    #[test]
    fn an_untagged_pdf_reads_line_by_line() {
        let read = read_tagged_pdf(&sample_pdf(false)).expect("the sample PDF is read");
        assert_eq!(
            read.blocks,
            ["1. Title", "Hello wonder\u{ad}", "ful world.", "Stray"]
        );
        assert_eq!(read.flaws, ["the PDF is not tagged"]);
    }

    #[test]
    fn a_mark_drawn_back_over_its_letter_leaves_no_gap() {
        // typst's `ŷ`: `y`, kerned back by 455, then a circumflex of no
        // width, under an `/ActualText`; the `d` after it starts where the
        // `y` ends, and `e` after a real gap.
        let content = format!(
            "/H1 <</MCID 0>> BDC BT /F1 10 Tf 1 0 0 1 72 700 Tm {a} Tj
             /Span <</ActualText <FEFF0177>>> BDC 1 0 0 1 77 700 Tm [{y} 455 <0002>] TJ EMC
             1 0 0 1 82 700 Tm {d} Tj 1 0 0 1 100 700 Tm {e} Tj ET EMC
             /P <</MCID 1>> BDC BT /F1 10 Tf 1 0 0 1 72 650 Tm [{y} 455 <0302>] TJ
             1 0 0 1 77 650 Tm {d} Tj ET EMC",
            a = hex("a"),
            y = hex("y"),
            d = hex("d"),
            e = hex("e"),
        );
        let read = read_tagged_pdf(&tagged_pdf(
            &content,
            &[("H1", None, &[0]), ("P", None, &[1])],
        ))
        .expect("the test PDF is read");
        assert_eq!(read.blocks, ["aŷd e", "y\u{302}d"]);
    }

    /// Arabic as typst shows it, in visual order: `/ReversedChars` runs
    /// left to right, the dots of a letter as a glyph of its own (of no
    /// width, in an MCID of its own, mapped to the letter like the letter's
    /// body); the runs of a line in logical order, so that a number after
    /// Arabic text is shown after it though drawn to its left.
    fn arabic_pdf() -> Vec<u8> {
        let arabic: String = "مرحبا بكم في العيادة".chars().rev().collect();
        let content = format!(
            "/P <</MCID 0>> BDC BT /F1 10 Tf 1 0 0 1 72 700 Tm {label} Tj ET EMC
             /P <</MCID 1>> BDC BT /F1 10 Tf 1 0 0 1 139.5 700 Tm [-50 <0001>] TJ ET EMC
             /P <</MCID 2>> BDC BT /ReversedChars BMC /F1 10 Tf 1 0 0 1 139.5 700 Tm
             {arabic} Tj EMC ET EMC
             /P <</MCID 3>> BDC BT /F1 10 Tf 1 0 0 1 232 700 Tm {stop} Tj ET EMC
             /P <</MCID 4>> BDC BT /F1 10 Tf 1 0 0 1 72 650 Tm {room} Tj ET EMC
             /P <</MCID 5>> BDC BT /F1 10 Tf 1 0 0 1 114.5 650 Tm {welcome} Tj ET EMC
             /P <</MCID 6>> BDC BT /F1 10 Tf 1 0 0 1 94.5 650 Tm {year} Tj ET EMC
             /P <</MCID 7>> BDC BT /F1 10 Tf 1 0 0 1 300 600 Tm {alef} Tj ET EMC
             /P <</MCID 8>> BDC /Span <</ActualText <FEFF0646>>> BDC
             BT /F1 10 Tf 1 0 0 1 310 600 Tm [-100 <0001>] TJ ET EMC EMC
             /P <</MCID 9>> BDC /Span <</ActualText <FEFF0646>>> BDC
             BT /F1 10 Tf 1 0 0 1 310 600 Tm <06BA> Tj ET EMC EMC
             /P <</MCID 10>> BDC BT /F1 10 Tf 1 0 0 1 315 600 Tm {heh} Tj ET EMC",
            label = hex("Right to left: "),
            arabic = hex(&arabic),
            stop = hex("."),
            room = hex("Room "),
            welcome = hex(" مكيلع"),
            year = hex("2026"),
            alef = hex(".ا"),
            heh = hex("ه"),
        );
        tagged_pdf(
            &content,
            &[
                ("P", None, &[0, 1, 2, 3]),
                ("P", None, &[4, 5, 6]),
                ("P", Some("ar"), &[7, 8, 9, 10]),
            ],
        )
    }

    #[test]
    fn right_to_left_text_reads_in_logical_order() {
        let read = read_tagged_pdf(&arabic_pdf()).expect("the test PDF is read");
        assert_eq!(
            read.blocks,
            [
                "Right to left: مرحبا بكم في العيادة.",
                "Room عليكم 2026",
                "هنا.",
            ]
        );
        assert!(read.flaws.is_empty(), "{:?}", read.flaws);
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        assert_eq!(read_tagged_pdf(b"").unwrap_err().0, "the file is not a PDF");
        assert_eq!(
            read_tagged_pdf(b"hello\n").unwrap_err().0,
            "the file is not a PDF"
        );
        assert!(read_tagged_pdf(b"%PDF-1.7\n1 0 obj << /K [1 0 R] >> endobj\n").is_err());
        let whole = sample_pdf(true);
        for length in (0..whole.len()).step_by(11) {
            let _ = read_tagged_pdf(&whole[..length]);
        }
        let mut scrambled = whole.clone();
        for (index, byte) in scrambled.iter_mut().enumerate().skip(40).step_by(97) {
            *byte = (index % 251) as u8;
        }
        let _ = read_tagged_pdf(&scrambled);
        let arabic = arabic_pdf();
        for length in (0..arabic.len()).step_by(7) {
            let _ = read_tagged_pdf(&arabic[..length]);
        }
    }
}
