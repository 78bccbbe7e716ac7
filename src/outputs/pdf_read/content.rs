//! Interpreting the content streams of a document's pages: the graphics and
//! text state, fonts and their Unicode values ([`cmap`](crate::pdf::cmap)),
//! marked-content sequences with their MCIDs, `/ActualText` and artifacts,
//! and Form XObjects drawn in their own matrix and resources. What a page
//! shows becomes [`Piece`]s of text, each a run on one line with one owner
//! (the MCID the text is marked with), with where its strings lie along the
//! line.
//!
//! Where the format has rules ([`Legibility`]), the reader also follows
//! what decides whether a glyph can be seen: the clipping path (rectangles
//! exactly, other paths by their box), the fill and stroke colours and
//! opacities, soft masks, the text render mode, and the fills, images and
//! shadings painted on the page, in paint order. Each glyph is judged as it
//! is drawn (`legibility.rs`), and again once the page is done, against
//! what was painted over it; the text of a glyph a reader could not see is
//! left out of the page's pieces and said, with the reason, in its
//! [`Unseen`] text.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;

use lopdf::content::Operation;
use lopdf::{Dictionary, Document, Object, ObjectId};
use unicode_bidi::Level;

use super::colour::sets_colour;
use super::legibility::{
    Drawn, FontLook, Ink, Legibility, NO_OPACITY, OBLIQUE_DEGREES, PageHeld, PageJudge, Seen,
    Space, small_furniture, space_of,
};
use super::plates::{PlateInk, PlateReport, Plates, plate_space};
use super::{MAX_NESTING, bidi};
use crate::error::Error;
use crate::outputs::unseen::{Unseen, Why};
use crate::pdf;
use crate::pdf::cmap::FontText;
use crate::pdf::contrast::{Rgb, WHITE, contrast_ratio};
use crate::pdf::geometry::{EVERYWHERE, bounding_box, intersection, skew_degrees, union};
use crate::pdf::matrix::{IDENTITY, Matrix, matrix_from, multiply};
use crate::pdf::objects::number;
use crate::pdf::operations::operations;
use crate::pdf::page_geometry::{PageBox, Rect, inherited, page_box, rect_from};

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
/// The width given to a glyph of no width (a mark drawn over a letter) to
/// judge it by, in ems.
const MARK_WIDTH: f64 = 0.3;
/// The sheet assumed for a page with no readable `/MediaBox` (US Letter).
const DEFAULT_MEDIA: Rect = [0.0, 0.0, 612.0, 792.0];

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
    /// The smallest font size of the text appended to it.
    smallest: f64,
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
    /// Whether it was shown inside `/ReversedChars` marked content: its
    /// characters are in reverse order (typst marks so a right-to-left run
    /// of more than one glyph, each glyph its own characters).
    reversed: bool,
    /// Whether it is one glyph, or one `/ActualText`: its text reads the
    /// same whether the string is reversed or not (typst shows a glyph of
    /// a right-to-left run on its own, unmarked, where it is moved up or
    /// down or has an `/ActualText`).
    single: bool,
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
        self.smallest = self.smallest.min(next.smallest);
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

    /// Where its text starts and ends along the line, on the page.
    pub(super) fn extent(&self) -> (f64, f64) {
        (self.start.min(self.end), self.start.max(self.end))
    }

    /// The smallest font size on the page of its text.
    pub(super) fn smallest(&self) -> f64 {
        self.smallest
    }

    /// The text of a whole line in logical order: a line with right-to-left
    /// letters, a line shown reversed in part (`/ReversedChars`), and any
    /// line of a right-to-left paragraph (its punctuation may be a
    /// right-to-left run beside Latin text, as in "org/transport)." ending
    /// an address broken over lines) is cut into strands
    /// ([`Piece::strands`]) and put in logical order by
    /// [`bidi::logical_line`].
    pub(super) fn logical_text(&self, direction: Option<Level>) -> String {
        if !self.right_to_left(direction) {
            return self.text.clone();
        }
        bidi::logical_line(&self.strands(), direction)
    }

    /// The readings of a whole line, as [`Piece::logical_text`] reads it,
    /// to be chosen among over its paragraph ([`bidi::logical_paragraph`]).
    pub(super) fn line_readings(&self, direction: Option<Level>) -> bidi::LineReadings {
        if !self.right_to_left(direction) {
            return bidi::LineReadings::plain(self.text.clone());
        }
        bidi::line_readings(&self.strands(), direction)
    }

    /// Whether a line is read by its strands ([`Piece::logical_text`]).
    fn right_to_left(&self, direction: Option<Level>) -> bool {
        direction.is_some_and(|level| level.is_rtl())
            || bidi::has_right_to_left(&self.text)
            || self.shows.iter().any(|show| show.reversed)
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
    fn strands(&self) -> Vec<bidi::Strand<'_>> {
        let tolerance = 0.1 * self.size;
        let coverage = Coverage::new(&self.shows);
        let filled = |from: f64, to: f64| coverage.covers(from + tolerance, to - tolerance);
        let mut strands = Vec::new();
        let mut strand = Strand::new(0);
        // Where the next strand would start (before any marks waiting for
        // their letter), and whether a gap's space was added just before.
        let (mut cut, mut cut_spaced) = (0, false);
        let (mut marks_waiting, mut last_spaced) = (false, false);
        for (index, show) in self.shows.iter().enumerate() {
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
            if show.reversed {
                strand.marked.get_or_insert(cut);
                strand.marked_to = self
                    .shows
                    .get(index + 1)
                    .map_or(self.text.len(), |next| next.at);
            } else {
                let to = self
                    .shows
                    .get(index + 1)
                    .map_or(self.text.len(), |next| next.at);
                let text = self.text.get(show.at..to).unwrap_or_default();
                strand.reversed &= show.single && !bidi::has_left_to_right(text);
            }
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
    /// Whether every string of it with some width was shown reversed
    /// ([`Show::reversed`]), or is one glyph with no Latin letter or digit
    /// ([`Show::single`], which reads the same either way)...
    reversed: bool,
    /// ... and some string of it was shown reversed: a right-to-left run,
    /// as the file says. Where the first of those strings begins (with
    /// the marks before it) in the line's text, and where the last ends.
    marked: Option<usize>,
    marked_to: usize,
}

impl Strand {
    fn new(from: usize) -> Strand {
        Strand {
            from,
            left: f64::INFINITY,
            reach: f64::NEG_INFINITY,
            reversed: true,
            marked: None,
            marked_to: 0,
        }
    }

    /// Its text, up to `end` in the line's text, with where it starts and
    /// whether it was shown reversed; none if it is empty.
    fn text<'t>(&self, line: &'t str, end: usize) -> Option<bidi::Strand<'t>> {
        let text = line.get(self.from..end).filter(|text| !text.is_empty())?;
        let (left, reversed) = if self.left.is_finite() {
            (self.left, self.reversed && self.marked.is_some())
        } else {
            (0.0, false)
        };
        let (open_left, open_right) = match self.marked {
            Some(marked) if reversed => (
                marked.saturating_sub(self.from).min(text.len()),
                (self.from + text.len()).saturating_sub(self.marked_to.max(marked)),
            ),
            _ => (0, 0),
        };
        Some(bidi::Strand {
            left,
            text,
            reversed,
            open: (open_left, open_right.min(text.len() - open_left)),
        })
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

/// The parts of the graphics state that say where text goes and, where
/// the format has rules, how it looks.
#[derive(Clone)]
struct GraphicsState<'a> {
    ctm: Matrix,
    font: Option<Rc<FontText<'a>>>,
    look: FontLook,
    font_size: f64,
    leading: f64,
    rise: f64,
    char_spacing: f64,
    word_spacing: f64,
    /// Horizontal scaling, as a fraction.
    scaling: f64,
    /// The text render mode (`Tr`).
    render_mode: i64,
    /// The box of the clipping path.
    clip: Rect,
    fill: Ink,
    stroke: Ink,
    fill_opacity: f64,
    stroke_opacity: f64,
    /// Whether a soft mask (`/SMask` in an ExtGState) is in force.
    soft_mask: bool,
    /// The line width (`w`), in user space.
    line_width: f64,
    /// The plates the fill and the stroke print on ([`plates`](super::plates)).
    fill_plates: PlateInk,
    stroke_plates: PlateInk,
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
            look: FontLook {
                ascent: 0.8,
                descent: -0.2,
                italic: false,
                type3: false,
            },
            render_mode: 0,
            clip: EVERYWHERE,
            fill: Ink::BLACK,
            stroke: Ink::BLACK,
            fill_opacity: 1.0,
            stroke_opacity: 1.0,
            soft_mask: false,
            line_width: 1.0,
            fill_plates: PlateInk::INITIAL,
            stroke_plates: PlateInk::INITIAL,
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
    /// Whether it is `/ReversedChars`: the strings shown inside have their
    /// characters in reverse order.
    reversed: bool,
    /// Where paint order stood when it began.
    began: u64,
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
    /// The pieces of text shown, in content order, that a reader could see.
    pub(super) pieces: Vec<Piece>,
    /// Whether some glyph shown outside an artifact has no Unicode value.
    pub(super) unmapped: bool,
    /// The text a reader could not see, in content order, with the reason.
    pub(super) unseen: Vec<Unseen>,
    /// How the page breaks the format's rules beyond its text: page
    /// furniture too small.
    pub(super) flaws: Vec<String>,
}

/// Whether a reader could see a glyph, as far as it is known while the page
/// is drawn.
#[derive(Debug, Clone)]
enum Verdict {
    /// White space, or no glyph judged: it goes with the text around it.
    Neutral,
    /// Seen so far: where it lies and when it was drawn, to judge what is
    /// painted over it later, with what its colour was judged against.
    Seen {
        area: Rect,
        order: u64,
        seen: Option<Seen>,
    },
    /// Not seen, and why.
    Unseen(Why),
}

/// The judgement of the glyph whose text is at `range` in its piece's text.
#[derive(Debug, Clone)]
struct GlyphMark {
    range: Range<usize>,
    verdict: Verdict,
}

/// A stretch of a piece's text, seen or not.
#[derive(Debug, PartialEq)]
enum Part {
    Seen(String),
    Unseen(String, Why),
}

/// A piece's text cut into what a reader sees and what not, by its glyphs'
/// judgements (`marks`), a glyph seen so far judged again by `covered`
/// (whether something painted later hides it). White space goes with the
/// glyph after it, or at the end with the one before. `None` when every
/// glyph is seen.
fn split_seen(
    text: &str,
    mut marks: Vec<GlyphMark>,
    mut covered: impl FnMut(&Rect, u64, Option<Seen>) -> Option<Why>,
) -> Option<Vec<Part>> {
    // Most text is all seen: judge what is painted over it first, and cut
    // the text only if something is not.
    let mut all_seen = true;
    for mark in &mut marks {
        if let Verdict::Seen { area, order, seen } = &mark.verdict
            && let Some(why) = covered(area, *order, *seen)
        {
            mark.verdict = Verdict::Unseen(why);
        }
        all_seen &= !matches!(mark.verdict, Verdict::Unseen(_));
    }
    if all_seen {
        return None;
    }
    let mut parts: Vec<Part> = Vec::new();
    let mut pending = String::new();
    let mut any_unseen = false;
    for mark in marks {
        let Some(glyph) = text.get(mark.range) else {
            continue;
        };
        let why = match mark.verdict {
            Verdict::Neutral => {
                pending.push_str(glyph);
                continue;
            }
            Verdict::Seen { .. } => None,
            Verdict::Unseen(why) => Some(why),
        };
        pending.push_str(glyph);
        let text = std::mem::take(&mut pending);
        match (why, parts.last_mut()) {
            (None, Some(Part::Seen(run))) => run.push_str(&text),
            (None, _) => parts.push(Part::Seen(text)),
            (Some(why), Some(Part::Unseen(run, held))) if same_reason(held, &why) => {
                run.push_str(&text)
            }
            (Some(why), _) => {
                any_unseen = true;
                parts.push(Part::Unseen(text, why));
            }
        }
    }
    match parts.last_mut() {
        Some(Part::Seen(run) | Part::Unseen(run, _)) => run.push_str(&pending),
        None => parts.push(Part::Seen(pending)),
    }
    any_unseen.then_some(parts)
}

/// Whether two reasons are one: the same in every detail, but for how near
/// the edge text comes (the nearest is kept).
fn same_reason(a: &Why, b: &Why) -> bool {
    match (a, b) {
        (
            Why::NearEdge { limit_mm, edge, .. },
            Why::NearEdge {
                limit_mm: other_limit,
                edge: other_edge,
                ..
            },
        ) => limit_mm == other_limit && edge == other_edge,
        _ => a == b,
    }
}

/// A word a reader sees only part of is a word a reader cannot read: each
/// unseen part takes the rest of the words it touches from the seen parts
/// beside it, in its own piece or in the piece before or after it on the
/// line with no space between (typst shows a word in several strings where
/// it hyphenates or changes font). A piece that gives up text is `changed`.
fn whole_words(parts: &mut Vec<(usize, Part)>, pieces: &[Piece], changed: &mut [bool]) {
    let touches = |before: usize, after: usize| {
        before == after || (after == before + 1 && continues_word(&pieces[before], &pieces[after]))
    };
    // Forwards: the start of the seen part after an unseen one.
    let mut at = 0;
    while at + 1 < parts.len() {
        let (left, right) = parts.split_at_mut(at + 1);
        let ((unseen_piece, unseen), (seen_piece, seen)) = (&mut left[at], &mut right[0]);
        if let (Part::Unseen(run, _), Part::Seen(text)) = (unseen, seen)
            && touches(*unseen_piece, *seen_piece)
            && !run.ends_with(char::is_whitespace)
        {
            let cut = text.find(char::is_whitespace).unwrap_or(text.len());
            if cut > 0 {
                run.push_str(&text[..cut]);
                text.drain(..cut);
                changed[*seen_piece] = true;
            }
            if text.is_empty() {
                parts.remove(at + 1);
                continue;
            }
        }
        at += 1;
    }
    // Backwards: the end of the seen part before an unseen one.
    let mut at = parts.len();
    while at >= 2 {
        at -= 1;
        let (left, right) = parts.split_at_mut(at);
        let ((seen_piece, seen), (unseen_piece, unseen)) = (&mut left[at - 1], &mut right[0]);
        if let (Part::Seen(text), Part::Unseen(run, _)) = (seen, unseen)
            && touches(*seen_piece, *unseen_piece)
            && !run.starts_with(char::is_whitespace)
        {
            let cut = text
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map_or(0, |(index, c)| index + c.len_utf8());
            if cut < text.len() {
                run.insert_str(0, &text[cut..]);
                text.truncate(cut);
                changed[*seen_piece] = true;
            }
            if text.is_empty() {
                parts.remove(at - 1);
            }
        }
    }
}

/// Whether `next` goes on with the word `before` ends, on its line with no
/// word space between them ([`Piece::append`]'s gap); text drawn as no
/// glyph (an `/ActualText` standing for nothing) continues nothing.
fn continues_word(before: &Piece, next: &Piece) -> bool {
    before.end > before.start
        && next.end > next.start
        && before.same_line(next)
        && next.start - before.end <= GAP_WORD_SPACE * before.size.max(next.size)
        && next.start >= before.start
}

/// A piece of text as one string shows it, before the page is done: its
/// glyphs are judged again against what is painted after them, then the
/// text a reader sees joins the page's pieces.
struct Shown {
    piece: Piece,
    /// The glyphs' judgements, in the order of their text; none where the
    /// format has no rules.
    marks: Vec<GlyphMark>,
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
    /// The strings shown on the page so far.
    shown: Vec<Shown>,
    /// The text of the page a reader does not see, by reason, in lines.
    unseen_lines: Vec<(Why, Vec<Piece>)>,
    /// The format's rules, and the judge of the page's glyphs by them.
    rules: &'a Legibility,
    judge: PageJudge<'a>,
    /// The box of the path being built, and whether it will clip.
    path: Option<Rect>,
    clip_pending: bool,
    /// Colour spaces read from resources.
    spaces: HashMap<ObjectId, Space>,
    /// The fonts' looks, by the font's object.
    looks: HashMap<ObjectId, FontLook>,
    /// The smallest page furniture on the page under the minimum: its size
    /// and text.
    small_furniture: Option<(f64, String)>,
    /// The paragraph direction, to put a glyph's text in visual order.
    direction: Option<Level>,
    last_glyph: Option<PlacedGlyph>,
    /// Whether some stream run set a colour that is not a grey.
    drew_colour: bool,
    /// The content streams (of pages, of Form XObjects) run whole, so
    /// judged for colour: the colour reading need not read them again.
    judged: HashSet<ObjectId>,
    /// The page's TrimBox: a path painted wholly outside it is a mark.
    trim: Option<Rect>,
    /// On which plates the text and the marks of the pages so far print.
    plates: PlateReport,
}

impl<'a> ContentReader<'a> {
    /// A reader of `document`'s pages, putting each glyph's text in visual
    /// order for paragraphs of `direction`, and judging each glyph by
    /// `rules`.
    pub(super) fn new(
        document: &'a Document,
        direction: Option<Level>,
        rules: &'a Legibility,
    ) -> Self {
        ContentReader {
            shown: Vec::new(),
            unseen_lines: Vec::new(),
            rules,
            judge: PageJudge::new(rules, DEFAULT_MEDIA, None),
            path: None,
            clip_pending: false,
            spaces: HashMap::new(),
            looks: HashMap::new(),
            small_furniture: None,
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
            trim: None,
            plates: PlateReport::default(),
        }
    }

    /// Whether the streams run so far set a colour that is not a grey
    /// ([`sets_colour`]), and which content streams those were: the rest of
    /// the document is for [`super::colour::uses_colour_beyond`] to read.
    pub(super) fn colour_so_far(&self) -> (bool, &HashSet<ObjectId>) {
        (self.drew_colour, &self.judged)
    }

    /// On which plates the text and marks of the pages read so far print.
    pub(super) fn plates_so_far(&self) -> &PlateReport {
        &self.plates
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
        (self.path, self.clip_pending, self.small_furniture) = (None, false, None);
        self.judge = self.page_judge(page);
        self.trim = page_box(self.document, page, PageBox::Trim).ok().flatten();
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
        self.finish_page();
        if self.work_left == 0 {
            return Err(Error::Read(format!(
                "page {number} holds more content than a reader can take"
            )));
        }
        self.judged.extend(self.document.get_page_contents(page));
        Ok(std::mem::take(&mut self.text))
    }

    /// The judge of a page's glyphs: its sheet (`/MediaBox`), and the page
    /// a reader holds as the rules say which.
    fn page_judge(&self, page: ObjectId) -> PageJudge<'a> {
        if !self.rules.judges() {
            return PageJudge::new(self.rules, DEFAULT_MEDIA, None);
        }
        let read = |which| page_box(self.document, page, which).ok().flatten();
        let media = read(PageBox::Media).unwrap_or(DEFAULT_MEDIA);
        let crop = read(PageBox::Crop).map(|crop| intersection(&crop, &media));
        let trim = read(PageBox::Trim);
        let held = match self.rules.page {
            Some(PageHeld::Trim { .. }) => trim.or(crop).unwrap_or(media),
            Some(PageHeld::Media { .. }) => {
                let sheet = crop.unwrap_or(media);
                trim.map_or(sheet, |trim| intersection(&sheet, &trim))
            }
            None => media,
        };
        PageJudge::new(self.rules, media, Some(held))
    }

    /// Ends a page: judges each glyph seen so far against what was painted
    /// over it afterwards, then joins the text a reader sees into the
    /// page's pieces, and sets the text a reader does not see aside.
    fn finish_page(&mut self) {
        let mut shown = std::mem::take(&mut self.shown);
        let mut work = self.work_left;
        let judge = &self.judge;
        let split: Vec<Option<Vec<Part>>> = shown
            .iter_mut()
            .map(|shown| {
                let marks = std::mem::take(&mut shown.marks);
                if marks.is_empty() {
                    return None;
                }
                split_seen(&shown.piece.text, marks, |area, order, seen| {
                    if judge.covered(area, order, seen, &mut work) {
                        Some(Why::Covered)
                    } else if judge.underlined(area, &mut work) {
                        Some(Why::Underlined)
                    } else {
                        None
                    }
                })
            })
            .collect();
        self.work_left = work;
        self.unseen_lines.clear();
        let pieces: Vec<Piece> = shown.into_iter().map(|shown| shown.piece).collect();
        if split.iter().all(Option::is_none) {
            for piece in pieces {
                self.join_piece(piece);
            }
        } else {
            let mut changed: Vec<bool> = split.iter().map(Option::is_some).collect();
            let mut flat: Vec<(usize, Part)> = Vec::new();
            for (index, parts) in split.into_iter().enumerate() {
                match parts {
                    Some(parts) => flat.extend(parts.into_iter().map(|part| (index, part))),
                    None => flat.push((index, Part::Seen(pieces[index].text.clone()))),
                }
            }
            whole_words(&mut flat, &pieces, &mut changed);
            self.keep_seen(flat, pieces, &changed);
        }
        for (why, lines) in std::mem::take(&mut self.unseen_lines) {
            let mut text = String::new();
            for line in lines {
                let line = line.logical_text(self.direction);
                match text.strip_suffix('\u{ad}') {
                    Some(before) => text.truncate(before.len()),
                    None if !text.is_empty() => text.push(' '),
                    None => {}
                }
                text.push_str(line.trim());
            }
            if !text.trim().is_empty() {
                self.text.unseen.push(Unseen { text, why });
            }
        }
        if let (Some((size, text)), Some(minimum)) =
            (self.small_furniture.take(), &self.rules.minimum)
        {
            let flaw = small_furniture(self.page, &text, size, minimum);
            self.text.flaws.push(flaw);
        }
    }

    /// Adds what a reader sees of each piece to the page's pieces (a piece
    /// not `changed` as it is), and sets aside what a reader does not see;
    /// `parts` are the pieces' parts, in order, each with its piece.
    fn keep_seen(&mut self, parts: Vec<(usize, Part)>, pieces: Vec<Piece>, changed: &[bool]) {
        let mut unseen_last = false;
        let mut parts = parts.into_iter().peekable();
        for (index, piece) in pieces.into_iter().enumerate() {
            let mut kept = String::new();
            while let Some((_, part)) = parts.next_if(|(at, _)| *at == index) {
                match part {
                    Part::Seen(text) => {
                        // The words on either side of what is left out
                        // stay apart.
                        if !kept.is_empty()
                            && !kept.ends_with(char::is_whitespace)
                            && !text.starts_with(char::is_whitespace)
                        {
                            kept.push(' ');
                        }
                        kept.push_str(&text);
                        unseen_last &= text.trim().is_empty();
                    }
                    Part::Unseen(text, why) => {
                        self.set_aside(&piece, text, why, unseen_last);
                        unseen_last = true;
                    }
                }
            }
            if !changed[index] {
                self.join_piece(piece);
            } else if !kept.trim().is_empty() {
                self.join_piece(Piece {
                    text: kept,
                    ..piece
                });
            }
        }
    }

    /// Adds a piece a reader sees to the page's pieces, on the line of the
    /// piece before it if it continues it.
    fn join_piece(&mut self, piece: Piece) {
        match self.text.pieces.last_mut() {
            Some(last) if last.owner == piece.owner && last.same_line(&piece) => {
                last.append(&piece)
            }
            _ => self.text.pieces.push(piece),
        }
    }

    /// Sets aside `text` of `piece` that a reader does not see, with the
    /// reason; it joins the text set aside just before it (`follows`) for
    /// the same reason ([`same_reason`]), on its line or as the next line.
    fn set_aside(&mut self, piece: &Piece, text: String, why: Why, follows: bool) {
        if text.trim().is_empty() {
            return;
        }
        let piece = Piece {
            text,
            ..piece.clone()
        };
        if let Some((last_why, lines)) = self.unseen_lines.last_mut()
            && follows
            && same_reason(last_why, &why)
        {
            if let (Why::NearEdge { mm, .. }, Why::NearEdge { mm: nearer, .. }) =
                (&mut *last_why, &why)
            {
                *mm = mm.min(*nearer);
            }
            match lines.last_mut() {
                Some(line) if line.same_line(&piece) => line.append(&piece),
                _ => lines.push(piece),
            }
            return;
        }
        self.unseen_lines.push((why, vec![piece]));
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
        self.note_plates(operation, &numbers, resources);
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
            ("Tr", &[mode]) => self.state.render_mode = mode as i64,
            (operator, numbers) if self.rules.visibility => {
                self.apply_look(operator, numbers, operation, resources)
            }
            _ => {}
        }
    }

    /// The operations that decide how things look, where the format has
    /// rules to judge by: colours, opacities and soft masks, paths, clips,
    /// and what paints the page.
    fn apply_look(
        &mut self,
        operator: &str,
        numbers: &[f64],
        operation: &Operation,
        resources: Option<&'a Dictionary>,
    ) {
        match (operator, numbers) {
            ("g" | "rg" | "k", _) => self.state.fill = Ink::device(numbers),
            ("G" | "RG" | "K", _) => self.state.stroke = Ink::device(numbers),
            ("sc" | "scn", _) => self.state.fill.set(numbers),
            ("SC" | "SCN", _) => self.state.stroke.set(numbers),
            ("cs", _) => self.state.fill = Ink::in_space(self.space_named(operation, resources)),
            ("CS", _) => self.state.stroke = Ink::in_space(self.space_named(operation, resources)),
            ("gs", _) => self.set_graphics_state(operation, resources),
            ("m" | "l", &[x, y]) => self.extend_path(&[x, y, x, y]),
            ("c", &[x1, y1, x2, y2, x3, y3]) => {
                self.extend_path(&[x1, y1, x1, y1]);
                self.extend_path(&[x2, y2, x2, y2]);
                self.extend_path(&[x3, y3, x3, y3]);
            }
            ("v" | "y", &[x1, y1, x2, y2]) => {
                self.extend_path(&[x1, y1, x1, y1]);
                self.extend_path(&[x2, y2, x2, y2]);
            }
            ("re", &[x, y, width, height]) => {
                self.extend_path(&[x, y, x + width, y + height]);
            }
            ("W" | "W*", _) => self.clip_pending = true,
            ("f" | "F" | "f*" | "B" | "B*" | "b" | "b*", _) => {
                if let Some(area) = self.path {
                    self.note_mark(area, self.state.fill_plates.plates);
                    if operator.starts_with(['B', 'b']) {
                        self.note_mark(area, self.state.stroke_plates.plates);
                    }
                    self.paint(area, self.state.fill.colour(), self.state.fill_opacity);
                    self.judge.line(intersection(&area, &self.state.clip));
                    if operator.starts_with(['B', 'b']) {
                        self.stroke_line(area);
                    }
                }
                self.end_path();
            }
            ("w", &[width]) => self.state.line_width = width.abs(),
            ("S" | "s", _) => {
                if let Some(area) = self.path {
                    self.note_mark(area, self.state.stroke_plates.plates);
                    self.stroke_line(area);
                }
                self.end_path();
            }
            ("n", _) => self.end_path(),
            ("sh", _) => self.paint(EVERYWHERE, None, self.state.fill_opacity),
            ("BI", _) => {
                let area = bounding_box(&self.state.ctm, &[0.0, 0.0, 1.0, 1.0]);
                self.paint(area, None, self.state.fill_opacity);
            }
            _ => {}
        }
    }

    /// Follows the fill and stroke colours' plates ([`PlateInk`]).
    fn note_plates(
        &mut self,
        operation: &Operation,
        numbers: &[f64],
        resources: Option<&Dictionary>,
    ) {
        let space = || {
            let name = operation
                .operands
                .first()
                .and_then(|name| name.as_name().ok());
            plate_space(self.document, name.unwrap_or_default(), resources)
        };
        match operation.operator.as_str() {
            "g" | "rg" | "k" => self.state.fill_plates = PlateInk::device(numbers),
            "G" | "RG" | "K" => self.state.stroke_plates = PlateInk::device(numbers),
            "sc" | "scn" => self.state.fill_plates.set(numbers),
            "SC" | "SCN" => self.state.stroke_plates.set(numbers),
            "cs" => self.state.fill_plates = PlateInk::in_space(space()),
            "CS" => self.state.stroke_plates = PlateInk::in_space(space()),
            _ => return,
        }
        self.plates.device_rgb |= matches!(operation.operator.as_str(), "rg" | "RG")
            || [
                self.state.fill_plates.plates,
                self.state.stroke_plates.plates,
            ]
            .contains(&Plates::Other("DeviceRGB"));
    }

    /// Notes a text run, if it draws glyphs that show, on the plates of the
    /// ink the render mode paints them with.
    fn note_text_plates(&mut self, has_glyphs: bool) {
        let mode = self.state.render_mode;
        if !has_glyphs || matches!(mode, 3 | 7) || self.state.look.type3 {
            return;
        }
        if matches!(mode, 0 | 2 | 4 | 6) {
            self.plates.text(self.page, self.state.fill_plates.plates);
        }
        if matches!(mode, 1 | 2 | 5 | 6) {
            self.plates.text(self.page, self.state.stroke_plates.plates);
        }
    }

    /// Notes a path painted over `area` (on the page) in `plates` as a
    /// mark, if it lies wholly outside the TrimBox.
    fn note_mark(&mut self, area: Rect, plates: Plates) {
        let Some(trim) = self.trim else {
            return;
        };
        const TOUCH: f64 = 0.01;
        let outside = area[2] <= trim[0] + TOUCH
            || area[0] >= trim[2] - TOUCH
            || area[3] <= trim[1] + TOUCH
            || area[1] >= trim[3] - TOUCH;
        if outside {
            self.plates.mark(self.page, plates);
        }
    }

    /// Adds a box, in the current user space, to the path being built.
    fn extend_path(&mut self, rect: &Rect) {
        let (x0, y0) = (rect[0].min(rect[2]), rect[1].min(rect[3]));
        let (x1, y1) = (rect[0].max(rect[2]), rect[1].max(rect[3]));
        let area = bounding_box(&self.state.ctm, &[x0, y0, x1, y1]);
        self.path = Some(match self.path {
            Some(path) => union(&path, &area),
            None => area,
        });
    }

    /// Ends the path being built: it clips what follows if `W` said so.
    fn end_path(&mut self) {
        if std::mem::take(&mut self.clip_pending) {
            let path = self.path.unwrap_or([0.0; 4]);
            self.state.clip = intersection(&self.state.clip, &path);
        }
        self.path = None;
    }

    /// Notes a stroked path over `area` (its points' box) as a line that may
    /// underline text: the box grown by half the line width on the page.
    fn stroke_line(&mut self, area: Rect) {
        let ctm = &self.state.ctm;
        let scale = (ctm[0] * ctm[3] - ctm[1] * ctm[2]).abs().sqrt();
        let half = self.state.line_width.max(0.0) * scale / 2.0;
        let grown = [
            area[0] - half,
            area[1] - half,
            area[2] + half,
            area[3] + half,
        ];
        self.judge.line(intersection(&grown, &self.state.clip));
    }

    /// Notes a paint over `area` (within the clip), unless a soft mask is
    /// in force, whose effect is not known.
    fn paint(&mut self, area: Rect, colour: Option<Rgb>, opacity: f64) {
        if self.state.soft_mask {
            return;
        }
        let area = intersection(&area, &self.state.clip);
        self.judge.paint(area, colour, opacity, &mut self.work_left);
    }

    /// The colour space a `cs` or `CS` operation names: a device space by
    /// its name, or one of the resources' `/ColorSpace`s.
    fn space_named(&mut self, operation: &Operation, resources: Option<&'a Dictionary>) -> Space {
        let Some(name) = operation
            .operands
            .first()
            .and_then(|name| name.as_name().ok())
        else {
            return Space::Unknown;
        };
        match name {
            b"DeviceGray" | b"G" => return Space::Device(1),
            b"DeviceRGB" | b"RGB" => return Space::Device(3),
            b"DeviceCMYK" | b"CMYK" => return Space::Device(4),
            b"Pattern" => return Space::Unknown,
            _ => {}
        }
        match resource(self.document, resources, b"ColorSpace", name) {
            Some((Some(id), object)) => *self
                .spaces
                .entry(id)
                .or_insert_with(|| space_of(self.document, object)),
            Some((None, object)) => space_of(self.document, object),
            None => Space::Unknown,
        }
    }

    /// Sets what an ExtGState (`gs`) says of how things look: the fill and
    /// stroke opacities (`/ca`, `/CA`) and the soft mask (`/SMask`, any but
    /// `/None`).
    fn set_graphics_state(&mut self, operation: &Operation, resources: Option<&'a Dictionary>) {
        let Some((_, object)) = operation
            .operands
            .first()
            .and_then(|name| name.as_name().ok())
            .and_then(|name| resource(self.document, resources, b"ExtGState", name))
        else {
            return;
        };
        let Ok(parameters) = object.as_dict() else {
            return;
        };
        let value = |key: &[u8]| {
            parameters
                .get_deref(key, self.document)
                .ok()
                .and_then(number)
        };
        if let Some(opacity) = value(b"ca") {
            self.state.fill_opacity = opacity.clamp(0.0, 1.0);
        }
        if let Some(opacity) = value(b"CA") {
            self.state.stroke_opacity = opacity.clamp(0.0, 1.0);
        }
        if let Ok(mask) = parameters.get_deref(b"SMask", self.document) {
            self.state.soft_mask = mask.as_name().ok() != Some(&b"None"[..]);
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
        if self.rules.judges() {
            self.state.look = match id {
                Some(id) => *self
                    .looks
                    .entry(id)
                    .or_insert_with(|| FontLook::read(self.document, dictionary)),
                None => FontLook::read(self.document, dictionary),
            };
        }
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
        let size = origin[2].hypot(origin[3]);
        self.note_text_plates(!glyphs.is_empty());
        if self.in_artifact() {
            self.note_furniture(&glyphs, size);
            return;
        }
        self.text.unmapped |= unmapped;
        let verdicts = self.judge_glyphs(&glyphs, &text_matrix, &origin);
        let first = glyphs.first().map_or(0.0, |glyph| glyph.start);
        let furthest = glyphs.iter().map(|glyph| glyph.end).fold(advance, f64::max);
        let span = (
            self.along(&text_matrix, first),
            self.along(&text_matrix, furthest),
        );
        let zero_width = !glyphs.is_empty() && glyphs.iter().all(|glyph| glyph.zero_width);
        if !self.write_actual_text(origin, span, zero_width, &verdicts) {
            let single = glyphs.len() <= 1;
            let (text, marks) = self.text_once(glyphs, verdicts, &text_matrix, origin);
            self.add_text(text, origin, span, marks, single);
        }
    }

    /// Notes page furniture (an artifact) shown under the format's minimum
    /// size: the smallest on the page becomes a flaw naming the page.
    fn note_furniture(&mut self, glyphs: &[ShownGlyph], size: f64) {
        let Some(minimum) = &self.rules.minimum else {
            return;
        };
        if minimum.allows(size) {
            return;
        }
        let text: String = glyphs.iter().map(|glyph| glyph.text.as_str()).collect();
        if text.trim().is_empty() {
            return;
        }
        if self
            .small_furniture
            .as_ref()
            .is_none_or(|(smallest, _)| size < *smallest)
        {
            self.small_furniture = Some((size, text));
        }
    }

    /// How text shown now is drawn, for the judge: its clip, the colour and
    /// opacity its render mode paints it with (a Type 3 font's glyphs paint
    /// their own), why it draws nothing if it does not, its size on the
    /// page (`origin` places it) and whether its face slants.
    fn drawn(&self, origin: &Matrix) -> Drawn {
        let state = &self.state;
        let mode = state.render_mode;
        let (ink, opacity) = match mode {
            1 | 5 => (&state.stroke, state.stroke_opacity),
            _ => (&state.fill, state.fill_opacity),
        };
        let invisible = if matches!(mode, 3 | 7) {
            Some(format!("text render mode {mode}"))
        } else if state.soft_mask {
            Some("a soft mask".to_owned())
        } else if opacity <= NO_OPACITY {
            Some("opacity 0".to_owned())
        } else {
            None
        };
        let colour = ink.colour().filter(|_| !state.look.type3);
        Drawn {
            clip: state.clip,
            ink: colour,
            on_white: colour.map(|colour| contrast_ratio(colour.over(WHITE, opacity), WHITE)),
            opacity,
            invisible,
            size: origin[2].hypot(origin[3]),
            italic: state.look.italic || skew_degrees(origin) > OBLIQUE_DEGREES,
        }
    }

    /// Judges each glyph of a shown string over its box on the page (its
    /// advance, from the font's descent to its ascent); none where the
    /// format has no rules. White space is neutral.
    fn judge_glyphs(
        &mut self,
        glyphs: &[ShownGlyph],
        text_matrix: &Matrix,
        origin: &Matrix,
    ) -> Vec<Verdict> {
        if !self.rules.judges() {
            return Vec::new();
        }
        let drawn = self.drawn(origin);
        let state = &self.state;
        let to_page = multiply(text_matrix, &state.ctm);
        let size = state.font_size;
        let low = state.rise + state.look.descent * size;
        let high = state.rise + state.look.ascent * size;
        let mut work = self.work_left;
        let judge = &mut self.judge;
        let verdicts = glyphs
            .iter()
            .map(|glyph| {
                if glyph.text.trim().is_empty() {
                    return Verdict::Neutral;
                }
                let end = if glyph.zero_width {
                    glyph.start + MARK_WIDTH * size.abs()
                } else {
                    glyph.end
                };
                let box_in_text = [glyph.start * state.scaling, low, end * state.scaling, high];
                let area = bounding_box(&to_page, &box_in_text);
                let order = judge.next_order();
                match judge.judge(&drawn, &area, &mut work) {
                    (Some(why), _) => Verdict::Unseen(why),
                    (None, seen) => Verdict::Seen { area, order, seen },
                }
            })
            .collect();
        self.work_left = work;
        verdicts
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
    /// Each glyph's judgement (`verdicts`, if any) goes with its text.
    fn text_once(
        &mut self,
        glyphs: Vec<ShownGlyph>,
        verdicts: Vec<Verdict>,
        text_matrix: &Matrix,
        origin: Matrix,
    ) -> (String, Vec<GlyphMark>) {
        let mut text = String::new();
        let mut marks = Vec::new();
        let mut verdicts = verdicts.into_iter();
        for glyph in glyphs {
            let verdict = verdicts.next();
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
                let at = text.len();
                text.push_str(&bidi::reordered(&placed.text, self.direction));
                if let Some(verdict) = verdict {
                    marks.push(GlyphMark {
                        range: at..text.len(),
                        verdict,
                    });
                }
            }
            if !(repeated && placed.zero_width) {
                self.last_glyph = Some(placed);
            }
        }
        (text, marks)
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
    /// the text shown after. The text is seen where some glyph of the
    /// string that writes it is (`verdicts`).
    fn write_actual_text(
        &mut self,
        origin: Matrix,
        span: (f64, f64),
        zero_width: bool,
        verdicts: &[Verdict],
    ) -> bool {
        let Some(mark) = self
            .marks
            .iter_mut()
            .find(|mark| mark.actual_text.is_some())
        else {
            return false;
        };
        let Some(text) = mark.unwritten_actual_text() else {
            let owner = self.owner();
            if let Some(Shown { piece: last, .. }) = self.shown.last_mut()
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
        let marks = match self.whole_verdict(verdicts) {
            Some(verdict) => vec![GlyphMark {
                range: 0..text.len(),
                verdict,
            }],
            None => Vec::new(),
        };
        self.add_text(text, origin, span, marks, true);
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

    /// The judgement of text that stands for a whole string of glyphs (an
    /// `/ActualText`): seen where some glyph is, over all their boxes; else
    /// unseen for the first glyph's reason. `None` where nothing is judged;
    /// with the visibility rules, text standing for no glyph at all draws
    /// nothing.
    fn whole_verdict(&self, verdicts: &[Verdict]) -> Option<Verdict> {
        if !self.rules.judges() {
            return None;
        }
        let mut seen: Option<(Rect, u64, Option<Seen>)> = None;
        let mut unseen = None;
        for verdict in verdicts {
            match verdict {
                Verdict::Seen {
                    area,
                    order,
                    seen: judged,
                } => {
                    seen = Some(match seen {
                        Some((all, first, judged)) => (union(&all, area), first, judged),
                        None => (*area, *order, *judged),
                    })
                }
                Verdict::Unseen(why) => {
                    unseen.get_or_insert_with(|| why.clone());
                }
                Verdict::Neutral => {}
            }
        }
        Some(match (seen, unseen) {
            (Some((area, order, seen)), _) => Verdict::Seen { area, order, seen },
            (None, Some(why)) => Verdict::Unseen(why),
            (None, None) if verdicts.is_empty() && self.rules.visibility => {
                Verdict::Unseen(Why::Invisible {
                    how: "an /ActualText with no glyph drawn".to_owned(),
                })
            }
            (None, None) => Verdict::Neutral,
        })
    }

    /// Adds text shown at `origin`, over `span` along the line, to whatever
    /// owns it, with its glyphs' judgements (`marks`): it joins the page's
    /// pieces when the page is done ([`ContentReader::finish_page`]);
    /// `single` if it is one glyph's or one `/ActualText`'s ([`Show::single`]).
    fn add_text(
        &mut self,
        text: String,
        origin: Matrix,
        (start, end): (f64, f64),
        marks: Vec<GlyphMark>,
        single: bool,
    ) {
        let owner = self.owner();
        let size = origin[2].hypot(origin[3]);
        let piece = Piece {
            owner,
            page: self.page,
            baseline: origin[5],
            start,
            end,
            size,
            smallest: size,
            text,
            shows: vec![Show {
                at: 0,
                start,
                end,
                spaced: false,
                reversed: self.marks.iter().any(|mark| mark.reversed),
                single,
            }],
        };
        self.shown.push(Shown { piece, marks });
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
            reversed: tag == Some(&b"ReversedChars"[..]),
            actual_text: property(b"ActualText")
                .and_then(|text| lopdf::decode_text_string(text).ok())
                .map(|text| (text, false)),
            began: self.judge.order(),
        });
    }

    /// Ends a marked-content sequence, writing its `/ActualText` if no text
    /// was shown inside to write it. With the visibility rules, such text is
    /// seen only if something was painted inside (an image of text).
    fn end_marked(&mut self) {
        let began = self.marks.last().map_or(0, |mark| mark.began);
        let unwritten = self.marks.last_mut().and_then(Mark::unwritten_actual_text);
        if let Some(text) = unwritten.filter(|_| !self.in_artifact()) {
            let text = bidi::reordered(&text, self.direction).into_owned();
            let at = self.placement();
            let marks = if self.rules.visibility && self.judge.order() == began {
                vec![GlyphMark {
                    range: 0..text.len(),
                    verdict: Verdict::Unseen(Why::Invisible {
                        how: "an /ActualText with no glyph drawn".to_owned(),
                    }),
                }]
            } else {
                Vec::new()
            };
            self.add_text(text, at, (at[4], at[4]), marks, true);
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
        let subtype = form.dict.get(b"Subtype").and_then(Object::as_name).ok();
        if subtype == Some(&b"Image"[..]) {
            self.draw_image(&form.dict);
            return;
        }
        let is_form = subtype == Some(&b"Form"[..]);
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
        let (saved_path, saved_clip_pending) = (self.path.take(), self.clip_pending);
        if let Some(matrix) = matrix {
            self.state.ctm = multiply(&matrix, &self.state.ctm);
        }
        if self.rules.visibility
            && let Ok(bbox) = form
                .dict
                .get_deref(b"BBox", self.document)
                .map_err(|_| ())
                .and_then(|bbox| rect_from(self.document, bbox).map_err(|_| ()))
        {
            let clip = bounding_box(&self.state.ctm, &bbox);
            self.state.clip = intersection(&self.state.clip, &clip);
        }
        self.forms.push((id, form.dict.has(b"StructParents")));
        if self.run(&content, form_resources) && self.work_left > 0 {
            self.judged.insert(id);
        }
        self.forms.pop();
        self.marks.truncate(saved_marks);
        self.state = saved_state;
        (self.path, self.clip_pending) = (saved_path, saved_clip_pending);
    }

    /// Notes an image painted over its unit square: it hides what lies
    /// under it unless it has its own transparency (`/SMask`, `/Mask`) or
    /// is a stencil (`/ImageMask`), which leaves most of its square clear.
    fn draw_image(&mut self, image: &Dictionary) {
        if !self.rules.visibility {
            return;
        }
        let stencil = image
            .get(b"ImageMask")
            .and_then(Object::as_bool)
            .unwrap_or(false);
        if stencil || image.has(b"SMask") || image.has(b"Mask") {
            return;
        }
        let area = bounding_box(&self.state.ctm, &[0.0, 0.0, 1.0, 1.0]);
        self.paint(area, None, self.state.fill_opacity);
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
