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
//! guessing: marked `/ReversedChars` it is right to left; the algorithm
//! gives each run one level, so a run with Arabic or Hebrew letters is
//! right to left and one with Latin letters or digits is left to right
//! (digits are, even in a right-to-left paragraph). Only a strand of
//! neutral characters that is not marked, or one holding both directions
//! (a producer that shows a whole line in visual order), has more than
//! one reading; then the reading whose visual order under the algorithm is
//! the one on the page is kept. The text a font gives one glyph (a
//! ligature's letters) or an `/ActualText` gives a run is already logical,
//! so it is put in visual order first, to come back whole.

use std::borrow::Cow;

use unicode_bidi::{BidiClass, BidiInfo, Level, bidi_class};

/// The most readings of a line's strands tried against its visual order.
const MAX_READINGS: usize = 256;
/// The most characters reordered, over all readings, to choose a line's.
const MAX_READING_WORK: usize = 1 << 20;

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
    /// Whether the file says its characters are reversed: every string of
    /// it with some width was shown inside `/ReversedChars` marked content.
    pub reversed: bool,
}

/// A line's text in logical order, from its strands in logical order, for
/// paragraphs of `direction`. Each strand is read as the run it is
/// ([`readings_of`]); where that leaves one reading per strand, the line is
/// those readings in order. Otherwise the first combination of readings
/// that the algorithm lays out as the strands lie on the page is kept;
/// failing one, each strand is read its likeliest way and a space put
/// between strands that have none.
pub fn logical_line(strands: &[Strand<'_>], direction: Option<Level>) -> String {
    let strands = trailing_space_last(strands, direction);
    let strands = strands.as_slice();
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
        return readings
            .iter()
            .filter_map(|options| options.first())
            .map(AsRef::as_ref)
            .collect();
    }
    if count.is_some_and(|count| count <= most) {
        let mut by_place: Vec<&Strand<'_>> = strands.iter().collect();
        by_place.sort_by(|a, b| a.left.total_cmp(&b.left));
        let visual: String = by_place.iter().map(|strand| strand.text).collect();
        let mut choice = vec![0; readings.len()];
        loop {
            let logical: String = choice
                .iter()
                .zip(&readings)
                .filter_map(|(chosen, options)| options.get(*chosen))
                .map(AsRef::as_ref)
                .collect();
            if reordered(&logical, direction) == visual {
                return logical;
            }
            if !next_choice(&mut choice, &readings) {
                break;
            }
        }
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
    line
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
    if strand.reversed || (holds.right_to_left && !holds.left_to_right && !holds.digits) {
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
            })
            .collect();
        assert_eq!(logical_line(&strands, rtl), "اتصل على +44 20 7946 0000.");
    }

    #[test]
    fn left_to_right_text_is_untouched() {
        for text in ["", "a", "plain text, 3 < 4 > 2 (and) [more]", "αβγ жд"] {
            assert!(matches!(reordered(text, None), Cow::Borrowed(_)));
        }
    }
}
