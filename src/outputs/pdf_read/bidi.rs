//! Right-to-left text. A PDF shows text left to right, so Arabic or Hebrew
//! comes in the content stream in visual order: the last letter of a word
//! first. Typst shows the runs of a line (each of one direction, as the
//! Unicode Bidirectional Algorithm resolves the paragraph) in logical
//! order, each run's glyphs left to right, and wraps a right-to-left run of
//! more than one glyph, each glyph its own characters, in `/ReversedChars`
//! marked content (PDF 1.7, 14.8.2.3.3). So a line comes as strands, each
//! a run in visual order, the strands in logical order ([`logical_line`]).
//!
//! The reader rebuilds logical order from what the file says of each run,
//! rather than by running the algorithm backwards over the line: visual to
//! logical is ambiguous where neutral characters lie between runs (the
//! full stop and brackets of "(+44 20 7946 0000)." in an Arabic sentence,
//! or the "." of an address broken after "example." could belong to the
//! run on either side and the page looks the same), and typst resolves
//! those neutrals over the whole paragraph, which one line does not show.
//! The check could instead run the model's text forward through the
//! algorithm and compare visual orders, but it would then have to know
//! where typst broke each paragraph into lines, and it would report
//! missing text in visual order. A run's direction is known without
//! guessing: marked `/ReversedChars` it is right to left (typst shows some
//! glyphs of a run on their own, unmarked, where it moves them up or down
//! or gives them an `/ActualText`: a run marked in part, the rest single
//! glyphs with no Latin letter or digit, is right to left too, but for
//! the punctuation at its edges, which a left-to-right paragraph's text
//! beside it may have given: [`open_readings`]); the algorithm
//! gives each run one level, so a run with Arabic or Hebrew letters is
//! right to left and one with Latin letters or digits is left to right
//! (digits are, even in a right-to-left paragraph). Only a strand of
//! neutral characters that is not marked, or one holding both directions
//! (a producer that shows a whole line in visual order), has more than
//! one reading; then the reading whose visual order under the algorithm is
//! the one on the page is kept. The text a font gives one glyph (a
//! ligature's letters) or an `/ActualText` gives a run is already logical,
//! so it is put in visual order first, to come back whole.
//!
//! A left-to-right paragraph (English quoting Arabic or Hebrew) lays its
//! runs out left to right in logical order, so typst's strands there join
//! up into whole lines in visual order, Latin and Arabic side by side, or
//! an Arabic phrase and the full stop after it; these are read as the
//! algorithm reads the line ([`left_to_right_readings`]). One thing a line
//! there does not show is the direction of the neutral characters at its
//! edges beside a right-to-left run: a full stop or colon left of the
//! line's last Arabic or Hebrew word is either the end of that word (the
//! next line goes on in Arabic, so the algorithm made it right to left) or
//! punctuation before it, and the page is the same for both (`"… بكم."`
//! followed by more Arabic, and `"… .بكم"`, look alike on their line);
//! likewise the neutrals right of a line's first right-to-left word. The
//! check's reading rule there is explicit: of the readings whose visual
//! order is the page's (each edge taken either way), the one with the
//! fewest punctuation marks apart from their word is kept (closing
//! punctuation at a line's start or glued to the front of a right-to-left
//! word, opening punctuation at its end or after one; [`stray_punctuation`]),
//! the algorithm's own reading first among equals. So a mark is read as
//! writers put it, after the word it ends; letters are never reordered by
//! it, so swapped or dropped words are still caught.
//!
//! The algorithm resolves a paragraph, not a line, so where some line of
//! a paragraph has more than one reading, the paragraph's lines are read
//! together ([`logical_paragraph`]): each combination of their readings
//! is run forward through the algorithm as one paragraph, broken where
//! the page breaks it, and the one whose lines lie as the page shows the
//! most of them is kept. That settles a bracket whose partner is on
//! another line (rule N0: each of a line's brackets of a kind it does not
//! pair is also tried left to right).

use std::borrow::Cow;

use unicode_bidi::{BidiClass, BidiInfo, Level, bidi_class};

/// The most readings of a line's strands tried against its visual order.
const MAX_READINGS: usize = 4096;
/// The most characters reordered, over all readings, to choose a line's.
const MAX_READING_WORK: usize = 1 << 22;

/// Languages whose paragraphs typst sets right to left.
const RIGHT_TO_LEFT_LANGUAGES: &[&str] = &[
    "ar", "dv", "fa", "he", "ks", "pa", "ps", "sd", "ug", "ur", "yi",
];

/// The direction of a paragraph in a language (a BCP 47 tag such as a
/// PDF's `/Lang`): right to left for Arabic, Hebrew and the like, else left
/// to right. Without a language, each line's first strong letter decides.
pub fn direction_of(language: Option<&str>) -> Option<Level> {
    let primary = language?
        .split(['-', '_'])
        .next()?
        .trim()
        .to_ascii_lowercase();
    if primary.is_empty() {
        return None;
    }
    Some(if RIGHT_TO_LEFT_LANGUAGES.contains(&primary.as_str()) {
        Level::rtl()
    } else {
        Level::ltr()
    })
}

/// The first character that can be written right to left: Unicode has no
/// letter of class R or AL below Hebrew's block.
const FIRST_RIGHT_TO_LEFT: char = '\u{0590}';

/// Whether some letter of a text is written right to left.
pub fn has_right_to_left(text: &str) -> bool {
    text.chars()
        .any(|c| c >= FIRST_RIGHT_TO_LEFT && matches!(bidi_class(c), BidiClass::R | BidiClass::AL))
}

/// Whether some character of a text is a left-to-right letter or a digit:
/// what a right-to-left run (at an odd level) never holds.
pub fn has_left_to_right(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(bidi_class(c), BidiClass::L | BidiClass::EN | BidiClass::AN))
}

/// Text in visual order turned to logical order, or logical to visual (the
/// reordering is the same both ways), in paragraphs of `direction`. Text
/// with no right-to-left letter, or only one character, is left as it is.
pub fn reordered(text: &str, direction: Option<Level>) -> Cow<'_, str> {
    if text.chars().nth(1).is_none() || !has_right_to_left(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for paragraph in text.split_inclusive(|c| bidi_class(c) == BidiClass::B) {
        let info = BidiInfo::new(paragraph, direction);
        let Some(first) = info.paragraphs.first() else {
            continue;
        };
        let mut levels = info.reordered_levels_per_char(first, 0..paragraph.len());
        let chars: Vec<char> = paragraph.chars().collect();
        attach_marks(&chars, &mut levels);
        let order = BidiInfo::reorder_visual(&levels);
        out.extend(order.into_iter().filter_map(|index| chars.get(index)));
    }
    Cow::Owned(out)
}

/// Gives a combining mark before a right-to-left letter that letter's
/// level, where the mark does not follow a left-to-right letter: in visual
/// order an Arabic letter's marks come before it, so that the algorithm
/// would otherwise leave a mark at the start of a word behind, with the
/// space or Latin text before the word.
fn attach_marks(chars: &[char], levels: &mut [Level]) {
    let classes: Vec<BidiClass> = chars.iter().map(|c| bidi_class(*c)).collect();
    let mut after_latin = vec![false; classes.len()];
    let mut base = None;
    for (index, class) in classes.iter().enumerate() {
        after_latin[index] = base == Some(BidiClass::L);
        if *class != BidiClass::NSM {
            base = Some(*class);
        }
    }
    let count = classes.len().min(levels.len());
    for index in (0..count.saturating_sub(1)).rev() {
        let (next, this) = (levels[index + 1], levels[index]);
        if classes[index] == BidiClass::NSM
            && next.is_rtl()
            && !this.is_rtl()
            && !after_latin[index]
        {
            levels[index] = next;
        }
    }
}

/// One strand of a line: a run of text shown left to right, in visual
/// order ([`logical_line`]).
#[derive(Debug, Clone, Copy)]
pub struct Strand<'t> {
    /// Where it starts along the line.
    pub left: f64,
    /// Its text, in visual order.
    pub text: &'t str,
    /// Whether the file says its characters are reversed: some string of
    /// it was shown inside `/ReversedChars` marked content, and every other
    /// one with some width is one glyph with no Latin letter or digit
    /// (which reads the same either way: typst shows a glyph of a
    /// right-to-left run on its own where it moves it up or down or gives
    /// it an `/ActualText`).
    pub reversed: bool,
    /// How much of its text (in bytes), at its left and at its right, is
    /// such single glyphs outside the strings marked reversed. In a
    /// left-to-right paragraph those may be the left-to-right text beside
    /// the run ("." after an Arabic phrase, shown on its own right of it)
    /// as well as the run's own ([`open_readings`]).
    pub open: (usize, usize),
}

/// A line's text in logical order, from its strands in logical order, for
/// paragraphs of `direction`. Each strand is read as the run it is
/// ([`readings_of`]); where that leaves one reading per strand, the line is
/// those readings in order. Otherwise the first combination of readings
/// that the algorithm lays out as the strands lie on the page is kept;
/// failing one, each strand is read its likeliest way and a space put
/// between strands that have none.
pub fn logical_line(strands: &[Strand<'_>], direction: Option<Level>) -> String {
    line_readings(strands, direction).alone
}

/// The readings of one line of a paragraph ([`line_readings`]), to be
/// chosen among over the paragraph ([`logical_paragraph`]).
#[derive(Debug, Clone)]
pub struct LineReadings {
    /// The line as the page shows it: its strands' text by where they lie.
    visual: String,
    /// The logical readings the algorithm lays out as the page shows the
    /// line on its own (its edges taken either way), each with its stray
    /// punctuation ([`stray_punctuation`]), fewest first (in the order
    /// tried among equals); empty where there is one reading, none or too
    /// many to try.
    readings: Vec<(usize, String)>,
    /// The reading kept where the line is read on its own.
    alone: String,
}

impl LineReadings {
    /// A line with no right-to-left text: read as it is.
    pub fn plain(text: String) -> LineReadings {
        LineReadings {
            visual: text.clone(),
            readings: Vec::new(),
            alone: text,
        }
    }
}

/// A line's readings, from its strands in logical order, for paragraphs
/// of `direction`: each strand is read as the run it is ([`readings_of`]);
/// where that leaves one reading per strand, the line is those readings in
/// order. Otherwise each combination of readings that the algorithm lays
/// out as the strands lie on the page is a reading of the line, and the
/// one with the fewest stray punctuation marks is kept on its own;
/// failing one, each strand is read its likeliest way and a space put
/// between strands that have none.
pub fn line_readings(strands: &[Strand<'_>], direction: Option<Level>) -> LineReadings {
    let strands = trailing_space_last(strands, direction);
    let strands = strands.as_slice();
    let mut by_place: Vec<&Strand<'_>> = strands.iter().collect();
    by_place.sort_by(|a, b| a.left.total_cmp(&b.left));
    let visual: String = by_place.iter().map(|strand| strand.text).collect();

    let readings: Vec<Vec<Cow<'_, str>>> = strands
        .iter()
        .map(|strand| readings_of(strand, direction))
        .collect();
    let length: usize = strands.iter().map(|strand| strand.text.len()).sum();
    let most = MAX_READINGS.min(MAX_READING_WORK / length.max(1));
    let count = readings
        .iter()
        .try_fold(1_usize, |count, options| count.checked_mul(options.len()));
    if count == Some(1) {
        let alone = readings
            .iter()
            .filter_map(|options| options.first())
            .map(AsRef::as_ref)
            .collect();
        return LineReadings {
            alone: without_added_marks(alone, &visual),
            visual,
            readings: Vec::new(),
        };
    }
    let mut fitting: Vec<(usize, String)> = Vec::new();
    if count.is_some_and(|count| count <= most) {
        let mut choice = vec![0; readings.len()];
        loop {
            let logical: String = choice
                .iter()
                .zip(&readings)
                .filter_map(|(chosen, options)| options.get(*chosen))
                .map(AsRef::as_ref)
                .collect();
            if lays_out_as(&logical, direction, &visual) {
                let logical = without_added_marks(logical, &visual);
                if !fitting.iter().any(|(_, known)| *known == logical) {
                    fitting.push((stray_punctuation(&logical), logical));
                }
            }
            if !next_choice(&mut choice, &readings) {
                break;
            }
        }
        // Stable: among equals, the order tried.
        fitting.sort_by_key(|(strays, _)| *strays);
    }
    // Where each strand has one reading but for those tried with marks
    // ([`ADDED_MARKS`]: what the lines around may make of it), that one
    // reading is the line's on its own, as the producer shows a run at a
    // time; the others are for its paragraph to choose.
    let marks_own = !visual.chars().any(|c| ADDED_MARKS.contains(&c));
    let tried =
        |reading: &Cow<'_, str>| marks_own && reading.chars().any(|c| ADDED_MARKS.contains(&c));
    if readings
        .iter()
        .all(|options| options.iter().filter(|reading| !tried(reading)).count() == 1)
    {
        let plain: String = readings
            .iter()
            .filter_map(|options| options.iter().find(|reading| !tried(reading)))
            .map(AsRef::as_ref)
            .collect();
        fitting.retain(|(_, known)| *known != plain);
        fitting.insert(0, (stray_punctuation(&plain), plain.clone()));
        if fitting.len() == 1 {
            fitting.clear();
        }
        return LineReadings {
            visual,
            readings: fitting,
            alone: plain,
        };
    }
    if let Some((_, best)) = fitting.first() {
        let alone = best.clone();
        if fitting.len() == 1 {
            fitting.clear();
        }
        return LineReadings {
            visual,
            readings: fitting,
            alone,
        };
    }
    let mut line = String::new();
    for options in &readings {
        let text = options.first().map_or("", |text| text.as_ref());
        let spaced = line.ends_with(char::is_whitespace) || text.starts_with(char::is_whitespace);
        if !line.is_empty() && !spaced {
            line.push(' ');
        }
        line.push_str(text);
    }
    LineReadings {
        alone: without_added_marks(line, &visual),
        visual,
        readings: Vec::new(),
    }
}

/// A reading with the marks added to try it ([`ADDED_MARKS`]) taken out,
/// unless the line's own text holds such marks.
fn without_added_marks(reading: String, visual: &str) -> String {
    if visual.chars().any(|c| ADDED_MARKS.contains(&c))
        || !reading.chars().any(|c| ADDED_MARKS.contains(&c))
    {
        return reading;
    }
    reading
        .chars()
        .filter(|c| !ADDED_MARKS.contains(c))
        .collect()
}

/// The most combinations of its lines' readings tried for a paragraph.
const MAX_PARAGRAPH_READINGS: usize = 1024;
/// The most characters laid out, over all combinations, for a paragraph.
const MAX_PARAGRAPH_WORK: usize = 1 << 22;

/// The logical text of a paragraph's lines, in order, from each line's
/// readings. The algorithm resolves a paragraph, not a line: a bracket
/// pairs with its partner on another line (rule N0), digits at a line's
/// start after Arabic on the line before are Arabic numbers (W2), and the
/// neutral characters at a line's edges take their direction from the
/// lines around it; so where some line has more than one reading, each
/// combination of the lines' readings is run forward through the
/// algorithm as one paragraph, broken into lines where the page breaks
/// it, and the combination whose lines lie as the page shows the most of
/// them is kept (the fewest stray punctuation marks among equals, then
/// each line's own choice). That is what the producer did, so it is exact
/// where the page shows the whole paragraph; with too many combinations,
/// each line keeps its own choice.
pub fn logical_paragraph(lines: &[LineReadings], direction: Option<Level>) -> Vec<String> {
    let alone = || lines.iter().map(|line| line.alone.clone()).collect();
    let varying: Vec<usize> = (0..lines.len())
        .filter(|&index| lines[index].readings.len() > 1)
        .collect();
    if varying.is_empty() {
        return alone();
    }
    let length: usize = lines.iter().map(|line| line.visual.len()).sum();
    let most = MAX_PARAGRAPH_READINGS.min(MAX_PARAGRAPH_WORK / length.max(1));
    let count = varying.iter().try_fold(1_usize, |count, &index| {
        count.checked_mul(lines[index].readings.len())
    });
    if count.is_none_or(|count| count > most) {
        return alone();
    }
    let mut choice = vec![0; varying.len()];
    let mut best: Option<((usize, usize), Vec<String>)> = None;
    loop {
        let texts: Vec<String> = lines
            .iter()
            .enumerate()
            .map(
                |(index, line)| match varying.iter().position(|&at| at == index) {
                    Some(at) => line.readings[choice[at]].1.clone(),
                    None => line.alone.clone(),
                },
            )
            .collect();
        let Some(laid) = paragraph_lines_laid_out(&texts, direction) else {
            return alone();
        };
        let unmatched = laid
            .iter()
            .zip(lines)
            .filter(|(laid, line)| **laid != line.visual)
            .count();
        let strays: usize = varying
            .iter()
            .zip(&choice)
            .map(|(&index, &chosen)| lines[index].readings[chosen].0)
            .sum();
        if best
            .as_ref()
            .is_none_or(|(score, _)| (unmatched, strays) < *score)
        {
            best = Some(((unmatched, strays), texts));
        }
        let mut moved = false;
        for (chosen, &index) in choice.iter_mut().zip(&varying) {
            *chosen += 1;
            if *chosen < lines[index].readings.len() {
                moved = true;
                break;
            }
            *chosen = 0;
        }
        if !moved {
            break;
        }
    }
    best.map_or_else(alone, |(_, texts)| texts)
}

/// Each line of a paragraph, given its lines' logical text, as the
/// algorithm lays it out run over the whole paragraph: lines joined as
/// they are (a line's end and the next line's start are not joined with
/// a space the page does not show). None where the text holds a
/// paragraph separator.
fn paragraph_lines_laid_out(texts: &[String], direction: Option<Level>) -> Option<Vec<String>> {
    let paragraph: String = texts.concat();
    let info = BidiInfo::new(&paragraph, direction);
    if info.paragraphs.len() > 1 {
        return None;
    }
    let mut laid = Vec::with_capacity(texts.len());
    let mut start = 0;
    for text in texts {
        let range = start..start + text.len();
        start = range.end;
        let Some(first) = info.paragraphs.first() else {
            laid.push(text.clone());
            continue;
        };
        if text.chars().nth(1).is_none() || !has_right_to_left(&paragraph) {
            laid.push(text.clone());
            continue;
        }
        let all = info.reordered_levels(first, range.clone());
        let chars: Vec<char> = text.chars().collect();
        let mut levels: Vec<Level> = text
            .char_indices()
            .map(|(at, _)| all[range.start + at])
            .collect();
        attach_marks(&chars, &mut levels);
        let order = BidiInfo::reorder_visual(&levels);
        laid.push(
            order
                .into_iter()
                .filter_map(|index| chars.get(index))
                .collect(),
        );
    }
    Some(laid)
}

/// The strands with a strand of white space at the line's end (on the
/// left of a right-to-left paragraph, the right of a left-to-right one)
/// put last. The algorithm gives a line's trailing white space the
/// paragraph's level, which makes it a run of its own at that end; typst
/// shows it among the runs of the text it was cut from (before the number
/// it follows, in "(help@example.org) +442079460000 " broken after the
/// space), where read in order it would split "+" from its digits.
fn trailing_space_last<'t>(strands: &[Strand<'t>], direction: Option<Level>) -> Vec<Strand<'t>> {
    let Some(direction) = direction else {
        return strands.to_vec();
    };
    let at_end = |strand: &Strand<'_>| {
        strand.text.chars().all(char::is_whitespace)
            && strands.iter().all(|other| {
                other.text.chars().all(char::is_whitespace)
                    || if direction.is_rtl() {
                        strand.left <= other.left
                    } else {
                        strand.left >= other.left
                    }
            })
    };
    let (mut line, trailing): (Vec<Strand<'t>>, Vec<Strand<'t>>) =
        strands.iter().partition(|strand| !at_end(strand));
    line.extend(trailing);
    line
}

/// What letters and digits a text holds, by their bidirectional class.
struct Holds {
    right_to_left: bool,
    left_to_right: bool,
    digits: bool,
}

impl Holds {
    fn of(text: &str) -> Holds {
        let mut holds = Holds {
            right_to_left: false,
            left_to_right: false,
            digits: false,
        };
        for c in text.chars() {
            match bidi_class(c) {
                BidiClass::R | BidiClass::AL => holds.right_to_left = true,
                BidiClass::L => holds.left_to_right = true,
                BidiClass::EN | BidiClass::AN => holds.digits = true,
                _ => {}
            }
        }
        holds
    }
}

/// The readings of a strand in visual order, likeliest first. A strand is
/// a run of one direction as a producer such as typst shows it (the
/// algorithm gives a run one level, so one direction), or a whole line in
/// visual order as other producers show it:
///
/// - marked reversed (`/ReversedChars`): right to left, its one reading;
/// - right-to-left letters and no Latin letters or digits: a right-to-left
///   run, read right to left;
/// - Latin letters or digits and no right-to-left letters: a left-to-right
///   run (digits are one even in a right-to-left paragraph), as it is;
/// - one character: as it is;
/// - only neutral characters (punctuation, spaces), unmarked: as it is (a
///   right-to-left run of them would be marked), else reversed;
/// - anything else (a whole line of both directions): in the paragraph's
///   direction, left to right, and right to left, as the algorithm lays
///   out each.
fn readings_of<'t>(strand: &Strand<'t>, direction: Option<Level>) -> Vec<Cow<'t, str>> {
    let text = strand.text;
    let holds = Holds::of(text);
    if strand.reversed {
        if direction.is_some_and(|level| !level.is_rtl()) && strand.open != (0, 0) {
            return open_readings(text, strand.open);
        }
        return vec![reversed(text)];
    }
    if holds.right_to_left && direction.is_some_and(|level| !level.is_rtl()) {
        return left_to_right_readings(text, direction);
    }
    if holds.right_to_left && !holds.left_to_right && !holds.digits {
        return vec![reversed(text)];
    }
    if !holds.right_to_left && (holds.left_to_right || holds.digits)
        || text.chars().nth(1).is_none()
    {
        return vec![Cow::Borrowed(text)];
    }
    let mut readings: Vec<Cow<'t, str>> = Vec::new();
    let mut add = |reading: Cow<'t, str>| {
        if !readings.contains(&reading) {
            readings.push(reading);
        }
    };
    if !holds.right_to_left && !holds.left_to_right && !holds.digits {
        add(Cow::Borrowed(text));
        add(reversed(text));
        return readings;
    }
    for direction in [direction, Some(Level::ltr()), Some(Level::rtl())] {
        add(reordered(text, direction));
    }
    readings
}

/// The readings of a strand marked reversed in a left-to-right paragraph
/// whose edges (`open`, in bytes) are single unmarked glyphs: with up to
/// [`MAX_EDGE_NEUTRALS`] neutral characters of each edge (punctuation and
/// spaces, up to its first letter or digit) read as left-to-right text
/// before or after the run (as they are, the run's own text between them
/// reversed), the most first, as the algorithm reads a run and the
/// punctuation after it on its own; the whole strand right to left last.
fn open_readings<'t>(text: &'t str, (left, right): (usize, usize)) -> Vec<Cow<'t, str>> {
    let (Some(head), Some(tail)) = (text.get(..left), text.get(text.len() - right..)) else {
        return vec![reversed(text)];
    };
    let mut readings = Vec::new();
    // Where the run may start: after none, one, two... of the left edge's
    // neutral characters; where it may end: before none, one... of the
    // right edge's.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            head.char_indices()
                .take_while(|(_, c)| !is_strong(*c))
                .map(|(at, c)| at + c.len_utf8()),
        )
        .take(MAX_EDGE_NEUTRALS + 1)
        .collect();
    let tail_from = text.len() - tail.len();
    let ends: Vec<usize> = std::iter::once(text.len())
        .chain(
            tail.char_indices()
                .rev()
                .take_while(|(_, c)| !is_strong(*c))
                .map(|(at, _)| tail_from + at),
        )
        .take(MAX_EDGE_NEUTRALS + 1)
        .collect();
    for &start in starts.iter().rev() {
        for &end in ends.iter().rev() {
            if (start, end) == (0, text.len()) || start >= end {
                continue;
            }
            let reading = Cow::Owned(format!(
                "{}{}{}",
                &text[..start],
                reversed(&text[start..end]),
                &text[end..]
            ));
            if !readings.contains(&reading) {
                readings.push(reading);
            }
        }
    }
    readings.push(reversed(text));
    readings
}

/// The right-to-left mark, a strong right-to-left character with no
/// width: put beside neutral characters, it gives them its direction.
const RLM: char = '\u{200F}';

/// The left-to-right mark: put on both sides of a bracket, it makes the
/// bracket left to right, as the algorithm makes one whose partner on
/// another line encloses a right-to-left phrase after left-to-right text
/// (rule N0), which the line alone does not show.
const LRM: char = '\u{200E}';
/// The Arabic letter mark: put before digits, it makes them Arabic
/// numbers, as Arabic at the end of the line before does (rule W2).
const ALM: char = '\u{061C}';
/// The marks a reading may hold to say how the lines around it resolve
/// it; they are taken out of the reading kept ([`line_readings`]).
const ADDED_MARKS: &[char] = &[LRM, ALM];
/// The most brackets of a line tried as left to right.
const MAX_FORCED_BRACKETS: usize = 3;

/// Where (as indices into `chars`) the brackets of a line lie whose
/// partner may be on another line: every bracket of a kind ("(" and ")",
/// "[" and "]", "{" and "}") of which the line has more of one than the
/// other; at most [`MAX_FORCED_BRACKETS`], those nearest the line's ends.
fn unpaired_brackets(chars: &[char]) -> Vec<usize> {
    let mut at: Vec<usize> = Vec::new();
    for (open, close) in [('(', ')'), ('[', ']'), ('{', '}')] {
        let opens = chars.iter().filter(|c| **c == open).count();
        let closes = chars.iter().filter(|c| **c == close).count();
        if opens != closes {
            at.extend((0..chars.len()).filter(|&i| chars[i] == open || chars[i] == close));
        }
    }
    at.sort_unstable();
    while at.len() > MAX_FORCED_BRACKETS {
        let middle = at.len() / 2;
        at.remove(middle);
    }
    at
}

/// The most neutral characters at each edge of a line that are tried on
/// either side of the right-to-left word beside them.
const MAX_EDGE_NEUTRALS: usize = 6;

/// The readings of an unmarked strand with right-to-left letters in a
/// left-to-right paragraph, likeliest first. A left-to-right paragraph's
/// runs lie left to right in logical order, so typst's strands there are
/// often a whole line in visual order (Latin runs and Arabic or Hebrew
/// runs side by side), or a right-to-left word and punctuation after it.
/// The algorithm, run over the line as if it were the paragraph, reads it
/// right but for the neutral characters at the line's edges beside a
/// right-to-left run, whose direction comes from the lines before and
/// after ([`left_to_right_line_edges`]). So the line is read as the
/// algorithm reads it, and also with some of those neutrals read as part
/// of the right-to-left run (a right-to-left mark put beside them), with
/// brackets whose partner may be on another line read left to right
/// ([`unpaired_brackets`], a left-to-right mark each side, kept in the
/// reading to lay it out), and with digits at the line's start read as
/// Arabic numbers (an Arabic letter mark before them, kept likewise).
fn left_to_right_readings<'t>(text: &'t str, direction: Option<Level>) -> Vec<Cow<'t, str>> {
    let mut readings: Vec<Cow<'t, str>> = Vec::new();
    let mut add = |reading: Cow<'t, str>| {
        if !readings.contains(&reading) {
            readings.push(reading);
        }
    };
    add(reordered(text, direction));
    let chars: Vec<char> = text.chars().collect();
    if chars.contains(&RLM) {
        return readings;
    }
    let (before, after) = left_to_right_line_edges(&chars);
    let marks_own = !chars.iter().any(|c| ADDED_MARKS.contains(c));
    for moved_before in 0..=before.len() {
        for moved_after in 0..=after.len() {
            let mut marked: Vec<char> = chars.clone();
            // Later index first, so the earlier one stays where it is.
            if moved_after > 0 {
                marked.insert(after.start + moved_after, RLM);
            }
            if moved_before > 0 {
                marked.insert(before.end - moved_before, RLM);
            }
            let brackets = if marks_own {
                unpaired_brackets(&marked)
            } else {
                Vec::new()
            };
            for forced in 0..1_usize << brackets.len() {
                if moved_before + moved_after + forced == 0 {
                    continue;
                }
                let mut forcing = marked.clone();
                for (bit, &at) in brackets.iter().enumerate().rev() {
                    if forced & (1 << bit) != 0 {
                        forcing.insert(at + 1, LRM);
                        forcing.insert(at, LRM);
                    }
                }
                let forcing: String = forcing.into_iter().collect();
                let reading: String = reordered(&forcing, direction)
                    .chars()
                    .filter(|c| *c != RLM)
                    .collect();
                add(Cow::Owned(reading));
            }
        }
    }
    // Digits at the line's start after a line ending in Arabic are Arabic
    // numbers (rule W2), laid out right to left ("10-12" as "12-10").
    let first_strong = chars.iter().copied().find(|c| is_strong(*c));
    if marks_own && first_strong.is_some_and(|c| bidi_class(c) == BidiClass::EN) {
        let after_arabic = format!("{ALM}{text}");
        let reading: String = reordered(&after_arabic, direction)
            .chars()
            .filter(|c| *c != ALM)
            .collect();
        add(Cow::Owned(format!("{ALM}{reading}")));
    }
    if !has_left_to_right(text) {
        // One right-to-left run of single glyphs, none marked reversed:
        // its white space may be its own (" بكم" after a number).
        add(reversed(text));
    }
    readings
}

/// Whether a character is strong or a digit for the algorithm: what
/// decides the direction of the neutral characters beside it.
fn is_strong(c: char) -> bool {
    matches!(
        bidi_class(c),
        BidiClass::R | BidiClass::AL | BidiClass::L | BidiClass::EN | BidiClass::AN
    )
}

/// The neutral characters of a left-to-right line in visual order (as
/// indices into `chars`) whose direction the line alone does not settle:
/// those just left of the line's rightmost right-to-left run, where that
/// run has no letter or digit after it on the line (its visual left is its
/// logical end, the end of the line, so the next line decides whether they
/// are part of it), and those just right of its leftmost right-to-left run,
/// where that has none before it (its logical start, after the line
/// before). White space at the line's end is not among them (it takes the
/// paragraph's direction). At most [`MAX_EDGE_NEUTRALS`] each side.
fn left_to_right_line_edges(chars: &[char]) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
    let is_rtl = |c: char| matches!(bidi_class(c), BidiClass::R | BidiClass::AL);
    let strong: Vec<usize> = (0..chars.len()).filter(|&i| is_strong(chars[i])).collect();
    let mut before = 0..0;
    if strong.last().is_some_and(|&last| is_rtl(chars[last])) {
        // The rightmost run's leftmost letter, and the strong one before.
        let run = strong
            .iter()
            .rposition(|&index| !is_rtl(chars[index]))
            .map_or(0, |position| position + 1);
        let first_letter = strong[run];
        let start = run
            .checked_sub(1)
            .map_or(0, |position| strong[position] + 1);
        let start = start.max(first_letter.saturating_sub(MAX_EDGE_NEUTRALS));
        before = start..first_letter;
    }
    let mut after = 0..0;
    if strong.first().is_some_and(|&first| is_rtl(chars[first])) {
        let run_end = strong
            .iter()
            .position(|&index| !is_rtl(chars[index]))
            .unwrap_or(strong.len());
        let last_letter = strong[run_end - 1];
        let end = strong.get(run_end).copied().unwrap_or(chars.len());
        // Not the white space at the line's end.
        let end = if run_end == strong.len() {
            let mut end = end;
            while end > last_letter + 1 && chars[end - 1].is_whitespace() {
                end -= 1;
            }
            end
        } else {
            end
        };
        let end = end.min(last_letter + 1 + MAX_EDGE_NEUTRALS);
        after = last_letter + 1..end;
    }
    (before, after)
}

/// Whether `logical`, a line's text, lies on the page as `visual` under the
/// algorithm, with the line's edges taking either direction: the neutral
/// characters at a line's ends take their direction from the lines before
/// and after, which a line alone does not show.
fn lays_out_as(logical: &str, direction: Option<Level>, visual: &str) -> bool {
    let marks_own = !visual.chars().any(|c| ADDED_MARKS.contains(&c));
    let unmarked = |laid: &str| -> String {
        laid.chars()
            .filter(|c| !marks_own || !ADDED_MARKS.contains(c))
            .collect()
    };
    if unmarked(&reordered(logical, direction)) == visual {
        return true;
    }
    if logical.contains(RLM) {
        return false;
    }
    let body = logical.trim_end_matches(char::is_whitespace);
    let trailing = &logical[body.len()..];
    [
        format!("{RLM}{logical}"),
        format!("{body}{RLM}{trailing}"),
        format!("{RLM}{body}{RLM}{trailing}"),
    ]
    .iter()
    .any(|marked| {
        unmarked(&reordered(marked, direction))
            .chars()
            .filter(|c| *c != RLM)
            .eq(visual.chars())
    })
}

/// Punctuation that closes what comes before it, written after a word.
const CLOSING: &[char] = &[
    '.', ',', ':', ';', '!', '?', ')', ']', '}', '»', '”', '’', '،', '؛', '؟', '۔',
];
/// Punctuation that opens what comes after it, written before a word.
const OPENING: &[char] = &['(', '[', '{', '«', '“', '‘'];

/// How many punctuation marks of a line's logical text stand apart from
/// the right-to-left word they belong to: closing punctuation at the
/// line's start, or after a space and before a right-to-left letter (":"
/// glued to the front of the Hebrew word after it), and opening
/// punctuation at the line's end, or after a right-to-left letter and
/// before a space; and an opening mark right before a closing one, both
/// ("چه«»" at a line's start, where the "«" the line before began the
/// phrase is shown right of it, mirrored). Where a line's page has more than one logical reading,
/// the one with the fewest is kept ([`logical_line`]).
fn stray_punctuation(logical: &str) -> usize {
    let is_rtl = |c: char| matches!(bidi_class(c), BidiClass::R | BidiClass::AL);
    let chars: Vec<char> = logical
        .trim_end_matches(char::is_whitespace)
        .chars()
        .collect();
    let mut strays = 0;
    for (index, &c) in chars.iter().enumerate() {
        let before = index.checked_sub(1).map(|index| chars[index]);
        let after = chars.get(index + 1).copied();
        let closing_apart = match before {
            None => true,
            Some(before) => {
                before.is_whitespace() && after.is_some_and(is_rtl) || OPENING.contains(&before)
            }
        };
        let opening_apart = match after {
            None => true,
            Some(after) => {
                after.is_whitespace() && before.is_some_and(is_rtl) || CLOSING.contains(&after)
            }
        };
        if (CLOSING.contains(&c) && closing_apart) || (OPENING.contains(&c) && opening_apart) {
            strays += 1;
        }
    }
    strays
}

/// A right-to-left run's text in visual order turned to logical order:
/// its characters reversed (each glyph's text was put in visual order as
/// it was read, so a ligature's letters and a letter's marks come back in
/// their order). `/ReversedChars` means just this.
fn reversed(text: &str) -> Cow<'_, str> {
    if text.chars().nth(1).is_none() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().rev().collect())
}

/// Moves `choice` on to the next combination of readings, as an odometer;
/// false once all have been tried.
fn next_choice(choice: &mut [usize], readings: &[Vec<Cow<'_, str>>]) -> bool {
    for (chosen, options) in choice.iter_mut().zip(readings) {
        *chosen += 1;
        if *chosen < options.len() {
            return true;
        }
        *chosen = 0;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strands none of which is marked reversed, from where each starts and
    /// its text.
    fn unmarked(strands: &[(f64, String)]) -> Vec<Strand<'_>> {
        strands
            .iter()
            .map(|(left, text)| Strand {
                left: *left,
                text,
                reversed: false,
                open: (0, 0),
            })
            .collect()
    }

    /// The characters of a text in reverse, as a PDF shows right-to-left
    /// letters.
    fn reversed(text: &str) -> String {
        text.chars().rev().collect()
    }

    #[test]
    fn no_character_before_hebrew_is_right_to_left() {
        let before = ('\0'..FIRST_RIGHT_TO_LEFT)
            .filter(|&c| matches!(bidi_class(c), BidiClass::R | BidiClass::AL));
        assert_eq!(before.count(), 0);
        assert!(has_right_to_left("abc \u{05D0}"));
        assert!(!has_right_to_left("abc déjà ŷ"));
    }

    #[test]
    fn languages_give_paragraph_directions() {
        assert_eq!(direction_of(Some("en-GB")), Some(Level::ltr()));
        assert_eq!(direction_of(Some("AR-EG")), Some(Level::rtl()));
        assert_eq!(direction_of(Some("he")), Some(Level::rtl()));
        assert_eq!(direction_of(Some("")), None);
        assert_eq!(direction_of(None), None);
    }

    #[test]
    fn visual_lines_come_back_in_logical_order() {
        let arabic = "مرحبا بكم في العيادة";
        let visual = format!("Right to left: {}.", reversed(arabic));
        let ltr = direction_of(Some("en"));
        assert_eq!(reordered(&visual, ltr), format!("Right to left: {arabic}."));
        // Unknown direction: the first strong letter (Latin) decides.
        assert_eq!(
            reordered(&visual, None),
            format!("Right to left: {arabic}.")
        );
        // A right-to-left paragraph: its start is on the right.
        let rtl = direction_of(Some("ar"));
        let visual = format!(".{} 2026 {}", reversed("العيادة"), reversed("عام"));
        assert_eq!(reordered(&visual, rtl), "عام 2026 العيادة.");
        // Hebrew in a left-to-right line.
        let visual = format!("say {} now", reversed("שלום עולם"));
        assert_eq!(reordered(&visual, ltr), "say שלום עולם now");
    }

    #[test]
    fn marks_stay_with_their_letters() {
        let ltr = direction_of(Some("en"));
        // Each letter with its marks is one glyph's text, put in visual
        // order as a unit (marks first); the line's reordering brings the
        // marks back after their letters, even at the start of the run.
        assert_eq!(reordered("بِ", ltr), "\u{650}ب");
        let visual: String = ["مْ", "كُ", "بِ"]
            .map(|unit| reordered(unit, ltr).into_owned())
            .join("");
        let line = format!("Harakat: {visual}, then English.");
        assert_eq!(reordered(&line, ltr), "Harakat: بِكُمْ, then English.");
        // A Latin letter's accent stays with it.
        assert_eq!(reordered("e\u{301}ب", ltr), "e\u{301}ب");
    }

    #[test]
    fn a_ligatures_letters_stay_in_order() {
        let ltr = direction_of(Some("en"));
        // One glyph for lam-alef, its text logical; put in visual order so
        // that the line's reordering brings it back.
        let ligature = reordered("لا", ltr);
        assert_eq!(ligature, "ال");
        let line = format!("{}{}", reordered("ة", ltr), ligature);
        assert_eq!(reordered(&line, ltr), "لاة");
    }

    #[test]
    fn strands_in_logical_order_are_read_whole() {
        let ltr = direction_of(Some("en"));
        // typst's runs: a label, an Arabic run ending in a space, then the
        // number after it, which is drawn to the left of the Arabic.
        let arabic = "لا إلى السلام عليكم ";
        let strands = [
            (0.0, "Lam-alef: ".to_owned()),
            (40.0, reversed(arabic)),
            (20.0, "2026".to_owned()),
        ];
        assert_eq!(
            logical_line(&unmarked(&strands), ltr),
            format!("Lam-alef: {arabic}2026")
        );
        // A run with a bracket at its end, a number, a run with a bracket
        // at its start, and a full stop at the end of the paragraph.
        let strands = [
            (60.0, reversed("و(")),
            (40.0, "١٢٣".to_owned()),
            (0.0, reversed(") هنا")),
            (80.0, ".".to_owned()),
        ];
        assert_eq!(logical_line(&unmarked(&strands), ltr), "و(١٢٣) هنا.");
        // A right-to-left paragraph: runs from right to left, the space
        // between the number and the Latin words a run of its own.
        let rtl = direction_of(Some("ar"));
        let strands = [
            (50.0, reversed("رقم ")),
            (30.0, "2026".to_owned()),
            (26.0, " ".to_owned()),
            (0.0, "English word".to_owned()),
        ];
        assert_eq!(
            logical_line(&unmarked(&strands), rtl),
            "رقم 2026 English word"
        );
    }

    #[test]
    fn a_phone_number_in_brackets_ends_a_right_to_left_sentence() {
        // "للمساعدة اتصل بنا (+442079460000)." as typst shows it in an
        // Arabic paragraph: its runs in logical order from the right, each
        // run's glyphs left to right, the bracket runs (Latin font, right to
        // left) marked /ReversedChars, the "+" a run of one glyph, the
        // number a run of its own (digits are left to right).
        let rtl = direction_of(Some("ar"));
        let runs = [
            (365.9, reversed("للمساعدة "), false),
            (325.1, reversed("اتصل بنا"), false),
            (318.1, reversed(" ("), true),
            (310.9, "+".to_owned(), false),
            (223.1, "442079460000".to_owned(), false),
            (217.1, reversed(")."), true),
        ];
        let strands: Vec<Strand<'_>> = runs
            .iter()
            .map(|(left, text, reversed)| Strand {
                left: *left,
                text,
                reversed: *reversed,
                open: (0, 0),
            })
            .collect();
        let logical = "للمساعدة اتصل بنا (+442079460000).";
        assert_eq!(logical_line(&strands, rtl), logical);
        // The page is what the algorithm lays out for that sentence.
        let mut by_place = strands.clone();
        by_place.sort_by(|a, b| a.left.total_cmp(&b.left));
        let visual: String = by_place.iter().map(|strand| strand.text).collect();
        assert_eq!(reordered(logical, rtl), visual);
        // Unmarked, a bracket run is read either way; the order of the
        // runs on the page still puts "+" after the bracket and the full
        // stop after the closing one.
        let unmarked: Vec<Strand<'_>> = strands
            .iter()
            .map(|strand| Strand {
                reversed: false,
                ..*strand
            })
            .collect();
        assert_eq!(logical_line(&unmarked, rtl), logical);
        // A space number written out: "+44 20 7946 0000", each group a run.
        let runs = [
            (300.0, reversed("اتصل على "), false),
            (290.0, "+".to_owned(), false),
            (270.0, "44".to_owned(), false),
            (266.0, " ".to_owned(), false),
            (250.0, "20".to_owned(), false),
            (246.0, " ".to_owned(), false),
            (220.0, "7946".to_owned(), false),
            (216.0, " ".to_owned(), false),
            (190.0, "0000".to_owned(), false),
            (186.0, ".".to_owned(), false),
        ];
        let strands: Vec<Strand<'_>> = runs
            .iter()
            .map(|(left, text, reversed)| Strand {
                left: *left,
                text,
                reversed: *reversed,
                open: (0, 0),
            })
            .collect();
        assert_eq!(logical_line(&strands, rtl), "اتصل على +44 20 7946 0000.");
    }

    #[test]
    fn left_to_right_lines_quoting_arabic_keep_their_edge_punctuation() {
        let ltr = direction_of(Some("en"));
        let line = |text: String| logical_line(&unmarked(&[(0.0, text)]), ltr);
        // A paragraph's last line, an Arabic phrase and its full stop (of
        // the paragraph's direction, so right of the phrase).
        let visual = format!("{}.", reversed("في العيادة"));
        assert_eq!(line(visual), "في العيادة.");
        // The full stop of an Arabic phrase that the next line goes on
        // with: part of the phrase, so left of it, at the line's end.
        let visual = format!("Say .{} ", reversed("في العيادة"));
        assert_eq!(line(visual), "Say في العيادة. ");
        // A colon after a Hebrew word that the next line goes on with.
        let visual = format!("text: ]]> :{} ", reversed("בית"));
        assert_eq!(line(visual), "text: ]]> בית: ");
        // Read the algorithm's way where nothing is at the edge.
        let visual = format!("Say {} now.", reversed("مرحبا بكم"));
        assert_eq!(line(visual), "Say مرحبا بكم now.");
        // Swapped words stay swapped: the reading never reorders letters.
        let visual = format!("Say {} now.", reversed("بكم مرحبا"));
        assert_eq!(line(visual), "Say بكم مرحبا now.");
    }

    #[test]
    fn a_number_between_right_to_left_words_in_a_left_to_right_line() {
        // "Then say بگیرید +44 20 7946 0000 نوبت now." as typst shows it:
        // the algorithm makes the digits after a Persian word Arabic
        // numbers, so the words, the "+" and the spaces between the groups
        // are one right-to-left run with the groups inside it. Its parts
        // come in logical order, each left to right: "+ " marked reversed
        // and the word's glyphs one by one (moved up or down), each group,
        // each space, then " نوبت" (one pair of its glyphs marked).
        let ltr = direction_of(Some("en"));
        let word = reversed("بگیرید");
        let last = reversed("نوبت");
        let runs = [
            (62.36, "Then say ".to_owned(), false, (0, 0)),
            (238.77, format!("+ {word}"), true, (0, word.len())),
            (224.04, "44".to_owned(), false, (0, 0)),
            (220.68, " ".to_owned(), false, (0, 0)),
            (206.31, "20".to_owned(), false, (0, 0)),
            (202.95, " ".to_owned(), false, (0, 0)),
            (175.39, "7946".to_owned(), false, (0, 0)),
            (172.03, " ".to_owned(), false, (0, 0)),
            (140.93, "0000".to_owned(), false, (0, 0)),
            (112.33, format!("{last} "), true, (2, 3)),
            (277.52, " now.".to_owned(), false, (0, 0)),
        ];
        let strands: Vec<Strand<'_>> = runs
            .iter()
            .map(|(left, text, reversed, open)| Strand {
                left: *left,
                text,
                reversed: *reversed,
                open: *open,
            })
            .collect();
        let logical = "Then say بگیرید +44 20 7946 0000 نوبت now.";
        assert_eq!(logical_line(&strands, ltr), logical);
        // The same run with none of its glyphs marked: the page decides.
        let unmarked: Vec<Strand<'_>> = strands
            .iter()
            .map(|strand| Strand {
                reversed: false,
                open: (0, 0),
                ..*strand
            })
            .collect();
        assert_eq!(logical_line(&unmarked, ltr), logical);
        // A phrase marked reversed and the full stop after it shown on its
        // own: the stop may be the run's or the paragraph's; read last.
        let text = format!("{}.", reversed("في العيادة"));
        let strand = Strand {
            left: 0.0,
            text: &text,
            reversed: true,
            open: (0, 1),
        };
        assert_eq!(logical_line(&[strand], ltr), "في العيادة.");
    }

    #[test]
    fn a_bracket_paired_on_the_line_before_is_read_with_its_paragraph() {
        let ltr = Some(Level::ltr());
        let first = [(0.0, "Then as (ורשקתה ".to_owned())];
        let second = [(0.0, "רותה) םיימוי הפורת תוחפל ךלש means ".to_owned())];
        let lines = [
            line_readings(&unmarked(&first), ltr),
            line_readings(&unmarked(&second), ltr),
        ];
        assert_eq!(
            logical_paragraph(&lines, ltr),
            ["Then as (התקשרו ", "התור) שלך לפחות תרופה יומיים means "]
        );
    }

    #[test]
    fn left_to_right_text_is_untouched() {
        for text in ["", "a", "plain text, 3 < 4 > 2 (and) [more]", "αβγ жд"] {
            assert!(matches!(reordered(text, None), Cow::Borrowed(_)));
        }
    }
}
