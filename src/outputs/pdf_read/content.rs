//! Interpreting the content streams of a document's pages: the graphics and
//! text state, fonts and their Unicode values ([`cmap`](crate::pdf::cmap)),
//! marked-content sequences with their MCIDs, `/ActualText` and artifacts,
//! and Form XObjects drawn in their own matrix and resources. What a page
//! shows becomes [`Piece`]s of text, each a run on one line with one owner
//! (the MCID the text is marked with), with where its strings lie along the
//! line.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use lopdf::content::Operation;
use lopdf::{Dictionary, Document, Object, ObjectId};
use unicode_bidi::Level;

use super::colour::sets_colour;
use super::{MAX_NESTING, bidi};
use crate::error::Error;
use crate::pdf;
use crate::pdf::cmap::FontText;
use crate::pdf::matrix::{IDENTITY, Matrix, matrix_from, multiply};
use crate::pdf::objects::number;
use crate::pdf::operations::operations;
use crate::pdf::page_geometry::inherited;

/// The most content bytes and operations read from the whole document, so
/// that Form XObjects drawing each other many times cannot run for ever.
const MAX_WORK: usize = 1 << 24;
/// How deep Form XObjects may be drawn inside one another.
const MAX_FORM_NESTING: usize = 32;
/// A kerning in a `TJ` array, in thousandths of an em, wider than this is a
/// word space when the array shows no space character itself.
const KERNING_WORD_SPACE: f64 = 200.0;
/// A gap on a line between two pieces of text, in ems, wider than this is a
/// word space when neither piece has one there.
const GAP_WORD_SPACE: f64 = 0.2;

/// Where a piece of text belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Owner {
    /// A marked-content sequence: its page, the Form XObject holding it if
    /// that form has its own structure parents, and its MCID.
    Marked(usize, Option<ObjectId>, i64),
    /// Neither in a marked-content sequence with an MCID nor an artifact.
    Unmarked,
}

/// Text shown on one line of one page, in content order.
#[derive(Debug, Clone)]
pub(super) struct Piece {
    /// What the text belongs to.
    pub(super) owner: Owner,
    /// The page it is on, from 1.
    pub(super) page: usize,
    /// The baseline's height on the page.
    baseline: f64,
    /// Where the text starts and ends along the baseline.
    start: f64,
    end: f64,
    /// The font size on the page.
    size: f64,
    /// The text shown, in content order.
    pub(super) text: String,
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
    pub(super) fn same_line(&self, next: &Piece) -> bool {
        self.page == next.page
            && (self.baseline - next.baseline).abs() <= 0.5 * self.size.max(next.size)
    }

    /// Adds `next`, on the same line, with a space if there is a gap between
    /// them and no space written on either side of it. A mark with no width
    /// (drawn over the letter after it) leaves no gap.
    pub(super) fn append(&mut self, next: &Piece) {
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
        // A piece with no text (the second glyph of a letter with two
        // marks, whose text went with the first) does not move back where
        // the line's text reached: a gap measured from it is no word space.
        if !next.text.is_empty() || next.end > self.end {
            self.end = next.end;
        }
    }

    /// The text of a whole line in logical order: a line with right-to-left
    /// letters is cut into strands ([`Piece::strands`]) and put in logical
    /// order by [`bidi::logical_line`].
    pub(super) fn logical_text(&self, direction: Option<Level>) -> String {
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
pub(super) struct PageText {
    /// The pieces of text shown, in content order.
    pub(super) pieces: Vec<Piece>,
    /// Whether some glyph shown outside an artifact has no Unicode value.
    pub(super) unmapped: bool,
}

/// Interprets the content streams of a document's pages.
pub(super) struct ContentReader<'a> {
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
    /// Whether some stream run set a colour that is not a grey.
    drew_colour: bool,
    /// The content streams (of pages, of Form XObjects) run whole, so
    /// judged for colour: the colour reading need not read them again.
    judged: HashSet<ObjectId>,
}

impl<'a> ContentReader<'a> {
    /// A reader of `document`'s pages, putting each glyph's text in visual
    /// order for paragraphs of `direction`.
    pub(super) fn new(document: &'a Document, direction: Option<Level>) -> Self {
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
            drew_colour: false,
            judged: HashSet::new(),
        }
    }

    /// Whether the streams run so far set a colour that is not a grey
    /// ([`sets_colour`]), and which content streams those were: the rest of
    /// the document is for [`super::colour::uses_colour_beyond`] to read.
    pub(super) fn colour_so_far(&self) -> (bool, &HashSet<ObjectId>) {
        (self.drew_colour, &self.judged)
    }

    /// Reads the text of page `number` (from 1).
    pub(super) fn read_page(&mut self, page: ObjectId, number: usize) -> Result<PageText, Error> {
        self.document
            .get_dictionary(page)
            .map_err(|_| Error::Read(format!("page {number} has no readable content")))?;
        let content = pdf::page_content(self.document, page)
            .map_err(|error| Error::Read(format!("page {number}: {error}")))?;
        (self.page, self.state, self.marks) = (number, GraphicsState::new(), Vec::new());
        self.saved.clear();
        self.last_glyph = None;
        let resources = inherited(self.document, page, b"Resources")
            .ok()
            .flatten()
            .and_then(|object| self.document.dereference(object).ok())
            .and_then(|(_, object)| object.as_dict().ok());
        if !self.run(&content, resources) {
            return Err(Error::Read(format!(
                "the content of page {number} is damaged"
            )));
        }
        if self.work_left == 0 {
            return Err(Error::Read(format!(
                "page {number} holds more content than a reader can take"
            )));
        }
        self.judged.extend(self.document.get_page_contents(page));
        Ok(std::mem::take(&mut self.text))
    }

    /// Runs a content stream; false if it is damaged.
    fn run(&mut self, content: &[u8], resources: Option<&'a Dictionary>) -> bool {
        self.work_left = self.work_left.saturating_sub(content.len());
        for operation in operations(content) {
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
        self.drew_colour |= sets_colour(&operation.operator, &numbers);
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
            if let Some(last) = self.text.pieces.last_mut()
                && last.owner == owner
                && last.page == self.page
            {
                last.end = last.end.max(span.1);
                if let Some(show) = last.shows.last_mut() {
                    show.end = show.end.max(span.1);
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
        let Ok(content) = pdf::inflate(form) else {
            return;
        };
        let matrix = match form.dict.get_deref(b"Matrix", self.document) {
            Ok(Object::Array(values)) => matrix_from(self.document, values).ok(),
            _ => None,
        };
        let form_resources = form
            .dict
            .get_deref(b"Resources", self.document)
            .and_then(Object::as_dict)
            .ok()
            .or(resources);
        let (saved_state, saved_marks) = (self.state.clone(), self.marks.len());
        if let Some(matrix) = matrix {
            self.state.ctm = multiply(&matrix, &self.state.ctm);
        }
        self.forms.push((id, form.dict.has(b"StructParents")));
        if self.run(&content, form_resources) && self.work_left > 0 {
            self.judged.insert(id);
        }
        self.forms.pop();
        self.marks.truncate(saved_marks);
        self.state = saved_state;
    }
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
