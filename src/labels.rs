//! leafpress's own words in a leaflet: the furniture every output carries
//! around the author's text ("Notes", "Published by", "Last reviewed",
//! "Next review due", the EPUB's navigation titles) and the way dates are
//! written out (month names, and the order of day, month and year).
//!
//! They are in the leaflet's language. English and Welsh are built in,
//! chosen by the primary language subtag (`cy`, `cy-GB` are Welsh; `en-*`
//! is English). For any other language the source's `[labels]` table gives
//! them; whatever it does not give (or every label, when there is no table)
//! is English, tagged `en` ([`Label::lang`]) so that a screen reader says it
//! in English, and the source check warns naming the labels that are missing.
//!
//! The job ticket and job sheet are for the print shop and stay English:
//! they use [`crate::model::ReviewDate::for_people`], not these labels.

use serde::Serialize;

use crate::model::ReviewDate;

/// The language tag that marks the English words used where a leaflet's
/// language has none of its own.
pub const FALLBACK_LANGUAGE: &str = "en";

/// A word or phrase of leafpress's own, and the language it is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// The words.
    pub text: String,
    /// `None` when the words are in the leaflet's language; otherwise the
    /// language they are in (always [`FALLBACK_LANGUAGE`]), which each
    /// output marks on them: `lang` in the EPUB, `text(lang:)` in typst.
    pub lang: Option<String>,
}

impl Label {
    /// Words in the leaflet's own language.
    pub fn own(text: impl Into<String>) -> Label {
        Label {
            text: text.into(),
            lang: None,
        }
    }

    /// Words in `lang`, which is not the leaflet's language.
    fn tagged(text: impl Into<String>, lang: Option<&str>) -> Label {
        Label {
            text: text.into(),
            lang: lang.map(str::to_owned),
        }
    }
}

/// A line made of pieces that may be in different languages: `Adolygwyd
/// ddiwethaf`, `: `, `1 Mehefin 2026`. Its text is the pieces joined.
///
/// The line is in the language of its first piece, its label ([`lang`]:
/// `None` for the leaflet's), so that a line of English labels in an Arabic
/// leaflet is a left-to-right paragraph, as it is read. A piece in another
/// language than the line's says which ([`Label::lang`]: `en`, or the
/// leaflet's own tag for a Polish date in a line whose label fell back to
/// English); a piece in the line's language has none, nor has a separator
/// without letters (`: `).
///
/// [`lang`]: LabelledLine::lang
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelledLine {
    /// The line's language, when it is not the leaflet's.
    pub lang: Option<String>,
    /// The pieces, in reading order.
    pub pieces: Vec<Label>,
}

impl LabelledLine {
    /// A line of `pieces` (each `lang` relative to the leaflet, whose tag is
    /// `language`), in the language of the first.
    pub fn new(pieces: Vec<Label>, language: &str) -> LabelledLine {
        let lang = pieces.first().and_then(|piece| piece.lang.clone());
        let pieces = pieces
            .into_iter()
            .map(|piece| Label {
                // A separator (`: `) has no language: it takes the line's.
                lang: if piece.lang == lang || !piece.text.chars().any(char::is_alphabetic) {
                    None
                } else {
                    Some(piece.lang.unwrap_or_else(|| language.to_owned()))
                },
                text: piece.text,
            })
            .collect();
        LabelledLine { lang, pieces }
    }

    /// The line's words, as a reader reads them.
    pub fn text(&self) -> String {
        self.pieces
            .iter()
            .map(|piece| piece.text.as_str())
            .collect()
    }
}

/// The furniture of one leaflet, each label in the leaflet's language or
/// tagged English. The layouts receive these (as `leaflet.labels`); the
/// date words stay in Rust, which writes every date out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Labels {
    /// The heading of a Notes page in the print PDF.
    pub notes: Label,
    /// Before the publisher's name: `Published by Riverside Clinic`.
    pub published_by: Label,
    /// Before the last review date.
    pub last_reviewed: Label,
    /// Before the next review date.
    pub next_review_due: Label,
    /// The EPUB's table of contents: its heading and the nav document's title.
    pub contents: Label,
    /// The heading of the EPUB's landmarks.
    pub landmarks: Label,
    /// The heading of the EPUB's page-list of the print edition.
    pub pages: Label,
    /// How dates are written out.
    #[serde(skip)]
    pub dates: DateWords,
}

/// How dates are written out in a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateWords {
    /// A date with a day: `{day} {month} {year}`, `{year}年{month}{day}日`.
    pub date: DatePattern,
    /// A date without a day (`2028-06`): `{month} {year}`.
    pub month_date: DatePattern,
    /// January to December, as a date with a day writes them (`1 czerwca
    /// 2026`).
    pub months: [String; 12],
    /// January to December, as a date without a day writes them, where a
    /// language's names differ there (Polish `czerwiec 2028`).
    pub months_alone: [String; 12],
    /// The language the dates are in: `None` for the leaflet's language.
    pub lang: Option<String>,
}

impl DateWords {
    /// A review date written out: `1 Mehefin 2026`, `Mehefin 2028`, `2028`
    /// (a year alone is its number, in every language).
    pub fn write(&self, date: &ReviewDate) -> Label {
        let text = match (date.month, date.day) {
            (Some(month), day) => {
                let (pattern, months) = if day.is_some() {
                    (&self.date, &self.months)
                } else {
                    (&self.month_date, &self.months_alone)
                };
                pattern.fill(date.year, &months[usize::from(month.clamp(1, 12)) - 1], day)
            }
            _ => date.year.to_string(),
        };
        Label::tagged(text, self.lang.as_deref())
    }
}

/// One of the three placeholders of a date pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// `{day}`: the day of the month, in digits without a leading zero.
    Day,
    /// `{month}`: the month's name.
    Month,
    /// `{year}`: the year, in digits.
    Year,
}

impl Placeholder {
    /// The placeholder as written in a pattern.
    pub fn written(self) -> &'static str {
        match self {
            Placeholder::Day => "{day}",
            Placeholder::Month => "{month}",
            Placeholder::Year => "{year}",
        }
    }
}

/// A piece of a date pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternPiece {
    /// Text written as it is (`年`, ` `, `, `).
    Text(String),
    /// Where a part of the date goes.
    Placeholder(Placeholder),
}

/// The order a date is written in, as placeholders and the text between
/// them (`{day} {month} {year}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatePattern {
    pieces: Vec<PatternPiece>,
}

/// Why a date pattern is refused, and at which byte of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternProblem {
    /// The byte offset in the pattern.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

impl DatePattern {
    /// Reads a pattern that must hold each of `wanted` exactly once and no
    /// other placeholder; a `{` or `}` that is not part of one is refused.
    pub fn parse(written: &str, wanted: &[Placeholder]) -> Result<DatePattern, PatternProblem> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut rest = written;
        let mut at = 0;
        while let Some(c) = rest.chars().next() {
            if c == '}' {
                return Err(PatternProblem {
                    at,
                    message: "holds a `}` that closes no placeholder".into(),
                });
            }
            if c != '{' {
                text.push(c);
                rest = &rest[c.len_utf8()..];
                at += c.len_utf8();
                continue;
            }
            let Some(end) = rest.find('}') else {
                return Err(PatternProblem {
                    at,
                    message: "holds a `{` that is never closed".into(),
                });
            };
            let name = &rest[..=end];
            let placeholder = [Placeholder::Day, Placeholder::Month, Placeholder::Year]
                .into_iter()
                .find(|placeholder| placeholder.written() == name)
                .filter(|placeholder| wanted.contains(placeholder));
            let Some(placeholder) = placeholder else {
                return Err(PatternProblem {
                    at,
                    message: format!(
                        "holds the placeholder `{name}`; the ones allowed here are {}",
                        written_list(wanted)
                    ),
                });
            };
            if pieces.contains(&PatternPiece::Placeholder(placeholder)) {
                return Err(PatternProblem {
                    at,
                    message: format!("holds `{name}` twice"),
                });
            }
            if !text.is_empty() {
                pieces.push(PatternPiece::Text(std::mem::take(&mut text)));
            }
            pieces.push(PatternPiece::Placeholder(placeholder));
            rest = &rest[end + 1..];
            at += end + 1;
        }
        if !text.is_empty() {
            pieces.push(PatternPiece::Text(text));
        }
        let missing: Vec<Placeholder> = wanted
            .iter()
            .copied()
            .filter(|placeholder| !pieces.contains(&PatternPiece::Placeholder(*placeholder)))
            .collect();
        if !missing.is_empty() {
            return Err(PatternProblem {
                at: 0,
                message: format!(
                    "has no {}; it must hold {}",
                    written_list(&missing),
                    written_list(wanted)
                ),
            });
        }
        Ok(DatePattern { pieces })
    }

    /// The pattern for a date without a day, from this one: `{day}` taken
    /// out with the text that joins it to the next placeholder, or, when it
    /// is the last placeholder, with the text before it and after it.
    /// `{day} {month} {year}` gives `{month} {year}`; `{month} {day},
    /// {year}` gives `{month} {year}`; `{day} de {month} de {year}` gives
    /// `{month} de {year}`; `{year}年{month}{day}日` gives `{year}年{month}`.
    pub fn without_day(&self) -> DatePattern {
        let pieces = &self.pieces;
        let day = PatternPiece::Placeholder(Placeholder::Day);
        let Some(at) = pieces.iter().position(|piece| *piece == day) else {
            return self.clone();
        };
        let is_placeholder = |piece: &PatternPiece| matches!(piece, PatternPiece::Placeholder(_));
        let last = !pieces[at + 1..].iter().any(is_placeholder);
        let mut kept = pieces.clone();
        if last {
            kept.truncate(at);
            if matches!(kept.last(), Some(PatternPiece::Text(_))) && kept.len() > 1 {
                kept.pop();
            }
        } else {
            let joined_by_text = matches!(pieces.get(at + 1), Some(PatternPiece::Text(_)));
            kept.drain(at..at + 1 + usize::from(joined_by_text));
        }
        DatePattern { pieces: kept }
    }

    /// The date written in this pattern; a `{day}` with no day is left out.
    pub fn fill(&self, year: u16, month: &str, day: Option<u8>) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                PatternPiece::Text(text) => out.push_str(text),
                PatternPiece::Placeholder(Placeholder::Day) => {
                    if let Some(day) = day {
                        out.push_str(&day.to_string());
                    }
                }
                PatternPiece::Placeholder(Placeholder::Month) => out.push_str(month),
                PatternPiece::Placeholder(Placeholder::Year) => out.push_str(&year.to_string()),
            }
        }
        out
    }
}

/// Placeholders as a message lists them: `{day}, {month} and {year}`.
fn written_list(placeholders: &[Placeholder]) -> String {
    let names: Vec<&str> = placeholders.iter().map(|p| p.written()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The words of a language leafpress knows.
struct Words {
    notes: &'static str,
    published_by: &'static str,
    last_reviewed: &'static str,
    next_review_due: &'static str,
    contents: &'static str,
    landmarks: &'static str,
    pages: &'static str,
    date: &'static str,
    months: [&'static str; 12],
}

const ENGLISH: Words = Words {
    notes: "Notes",
    published_by: "Published by",
    last_reviewed: "Last reviewed",
    next_review_due: "Next review due",
    contents: "Contents",
    landmarks: "Landmarks",
    pages: "Pages",
    date: "{day} {month} {year}",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
};

const WELSH: Words = Words {
    notes: "Nodiadau",
    published_by: "Cyhoeddwyd gan",
    last_reviewed: "Adolygwyd ddiwethaf",
    next_review_due: "Adolygiad nesaf",
    contents: "Cynnwys",
    landmarks: "Tirnodau",
    pages: "Tudalennau",
    date: "{day} {month} {year}",
    months: [
        "Ionawr",
        "Chwefror",
        "Mawrth",
        "Ebrill",
        "Mai",
        "Mehefin",
        "Gorffennaf",
        "Awst",
        "Medi",
        "Hydref",
        "Tachwedd",
        "Rhagfyr",
    ],
};

/// The languages whose labels are built in, by primary language subtag.
pub const BUILT_IN: [&str; 2] = ["en", "cy"];

/// The built-in words for a language tag, by its primary subtag.
fn built_in(language: &str) -> Option<&'static Words> {
    let primary = language.split('-').next().unwrap_or_default();
    if primary.eq_ignore_ascii_case("en") {
        Some(&ENGLISH)
    } else if primary.eq_ignore_ascii_case("cy") {
        Some(&WELSH)
    } else {
        None
    }
}

/// Whether leafpress has a language's labels built in (`cy-GB`, `en-US`).
pub fn is_built_in(language: &str) -> bool {
    built_in(language).is_some()
}

/// The English date words: what the job ticket, the job sheet and
/// leafpress's own messages use, whatever the leaflet's language.
pub fn english_dates() -> DateWords {
    dates_of(&ENGLISH, None)
}

fn dates_of(words: &Words, lang: Option<&str>) -> DateWords {
    let date = DatePattern::parse(
        words.date,
        &[Placeholder::Day, Placeholder::Month, Placeholder::Year],
    )
    .expect("a built-in date pattern is valid");
    DateWords {
        month_date: date.without_day(),
        date,
        months: words.months.map(str::to_owned),
        months_alone: words.months.map(str::to_owned),
        lang: lang.map(str::to_owned),
    }
}

/// What a source's `[labels]` table gives, each value already checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Given {
    /// `notes`.
    pub notes: Option<String>,
    /// `published_by`.
    pub published_by: Option<String>,
    /// `last_reviewed`.
    pub last_reviewed: Option<String>,
    /// `next_review_due`.
    pub next_review_due: Option<String>,
    /// `contents`.
    pub contents: Option<String>,
    /// `landmarks`.
    pub landmarks: Option<String>,
    /// `pages`.
    pub pages: Option<String>,
    /// `date`.
    pub date: Option<DatePattern>,
    /// `month_date`.
    pub month_date: Option<DatePattern>,
    /// `months`.
    pub months: Option<[String; 12]>,
    /// `months_alone`.
    pub months_alone: Option<[String; 12]>,
}

/// A leaflet's labels, and the `[labels]` keys that fell back to English
/// (in the order the source format lists them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The labels.
    pub labels: Labels,
    /// Keys that fell back to English, tagged `en`.
    pub missing: Vec<&'static str>,
}

/// The labels of a leaflet in `language`: what `given` says, the rest from
/// the language's built-in words, or English tagged `en` where it has none.
/// A date with a day is written with `months` in the `date` order (a date
/// without one in `month_date`, by default `date` without its day); without
/// `months`, dates are written in English whatever `date` says. A date
/// without a day takes its month's name from `months_alone`, by default
/// `months`.
pub fn resolve(language: &str, given: &Given) -> Resolved {
    let (base, base_lang) = match built_in(language) {
        Some(words) => (words, None),
        None => (&ENGLISH, Some(FALLBACK_LANGUAGE)),
    };
    let mut missing = Vec::new();
    let mut label = |key: &'static str, given: &Option<String>, base: &str| match given {
        Some(text) => Label::own(text.clone()),
        None => {
            if base_lang.is_some() {
                missing.push(key);
            }
            Label::tagged(base, base_lang)
        }
    };
    let notes = label("notes", &given.notes, base.notes);
    let published_by = label("published_by", &given.published_by, base.published_by);
    let last_reviewed = label("last_reviewed", &given.last_reviewed, base.last_reviewed);
    let next_review_due = label(
        "next_review_due",
        &given.next_review_due,
        base.next_review_due,
    );
    let contents = label("contents", &given.contents, base.contents);
    let landmarks = label("landmarks", &given.landmarks, base.landmarks);
    let pages = label("pages", &given.pages, base.pages);
    let dates = match &given.months {
        Some(months) => {
            let fallback = dates_of(base, None);
            let date = given.date.clone().unwrap_or_else(|| {
                if base_lang.is_some() {
                    missing.push("date");
                }
                fallback.date
            });
            DateWords {
                month_date: given
                    .month_date
                    .clone()
                    .unwrap_or_else(|| date.without_day()),
                date,
                months: months.clone(),
                months_alone: given.months_alone.clone().unwrap_or_else(|| months.clone()),
                lang: None,
            }
        }
        None => {
            if base_lang.is_some() {
                if given.date.is_none() {
                    missing.push("date");
                }
                missing.push("months");
                dates_of(base, base_lang)
            } else {
                // A built-in language: its own months, in the order given.
                let own = dates_of(base, None);
                let date = given.date.clone().unwrap_or(own.date);
                DateWords {
                    month_date: given
                        .month_date
                        .clone()
                        .unwrap_or_else(|| date.without_day()),
                    date,
                    months_alone: given
                        .months_alone
                        .clone()
                        .unwrap_or_else(|| own.months_alone.clone()),
                    ..own
                }
            }
        }
    };
    Resolved {
        labels: Labels {
            notes,
            published_by,
            last_reviewed,
            next_review_due,
            contents,
            landmarks,
            pages,
            dates,
        },
        missing,
    }
}

impl Default for Labels {
    /// English, as for an English leaflet.
    fn default() -> Self {
        resolve("en", &Given::default()).labels
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Placeholder; 3] = [Placeholder::Day, Placeholder::Month, Placeholder::Year];

    fn pattern(written: &str) -> DatePattern {
        DatePattern::parse(written, &ALL).unwrap()
    }

    fn date(year: u16, month: Option<u8>, day: Option<u8>) -> ReviewDate {
        ReviewDate { year, month, day }
    }

    #[test]
    fn welsh_is_built_in_by_its_primary_subtag() {
        for tag in ["cy", "cy-GB", "CY-gb"] {
            let resolved = resolve(tag, &Given::default());
            assert_eq!(resolved.missing, Vec::<&str>::new());
            let labels = resolved.labels;
            assert_eq!(labels.notes, Label::own("Nodiadau"));
            assert_eq!(labels.landmarks, Label::own("Tirnodau"));
            assert_eq!(
                labels.dates.write(&date(2026, Some(6), Some(1))),
                Label::own("1 Mehefin 2026")
            );
            assert_eq!(
                labels.dates.write(&date(2028, Some(6), None)).text,
                "Mehefin 2028"
            );
        }
        assert!(is_built_in("en-US") && !is_built_in("cym") && !is_built_in("pl"));
    }

    #[test]
    fn a_line_is_in_its_labels_language_and_marks_the_pieces_that_differ() {
        let en = |text: &str| Label::tagged(text, Some("en"));
        let line = LabelledLine::new(
            vec![
                en("Next review due"),
                Label::own(": "),
                Label::own("marzec 2099"),
            ],
            "pl-PL",
        );
        assert_eq!(line.lang.as_deref(), Some("en"));
        assert_eq!(line.pieces[0], Label::own("Next review due"));
        assert_eq!(line.pieces[1], Label::own(": "));
        assert_eq!(line.pieces[2], Label::tagged("marzec 2099", Some("pl-PL")));
        assert_eq!(line.text(), "Next review due: marzec 2099");
        let line = LabelledLine::new(
            vec![Label::own("Ostatnia"), Label::own(": "), en("March 2026")],
            "pl",
        );
        assert_eq!(line.lang, None);
        assert_eq!(line.pieces[2], en("March 2026"));
    }

    #[test]
    fn a_language_without_labels_gets_english_tagged_en() {
        let resolved = resolve("pl", &Given::default());
        assert_eq!(
            resolved.missing,
            [
                "notes",
                "published_by",
                "last_reviewed",
                "next_review_due",
                "contents",
                "landmarks",
                "pages",
                "date",
                "months"
            ]
        );
        let labels = resolved.labels;
        assert_eq!(labels.contents.lang.as_deref(), Some("en"));
        assert_eq!(
            labels.dates.write(&date(2026, Some(6), Some(1))),
            Label::tagged("1 June 2026", Some("en"))
        );
    }

    #[test]
    fn given_labels_win_and_the_rest_fall_back() {
        let given = Given {
            notes: Some("Notatki".into()),
            months: Some(
                [
                    "stycznia",
                    "lutego",
                    "marca",
                    "kwietnia",
                    "maja",
                    "czerwca",
                    "lipca",
                    "sierpnia",
                    "września",
                    "października",
                    "listopada",
                    "grudnia",
                ]
                .map(str::to_owned),
            ),
            ..Given::default()
        };
        let resolved = resolve("pl-PL", &given);
        assert_eq!(resolved.labels.notes, Label::own("Notatki"));
        assert_eq!(
            resolved.labels.pages,
            Label::tagged("Pages", Some(FALLBACK_LANGUAGE))
        );
        assert!(resolved.missing.contains(&"date") && !resolved.missing.contains(&"months"));
        assert_eq!(
            resolved.labels.dates.write(&date(2026, Some(6), Some(1))),
            Label::own("1 czerwca 2026")
        );
        let mut nominative = given.clone();
        nominative.months_alone = Some(std::array::from_fn(|i| {
            if i == 5 { "czerwiec" } else { "x" }.to_owned()
        }));
        let dates = resolve("pl", &nominative).labels.dates;
        assert_eq!(
            dates.write(&date(2028, Some(6), None)).text,
            "czerwiec 2028"
        );
        assert_eq!(
            dates.write(&date(2028, Some(6), Some(2))).text,
            "2 czerwca 2028"
        );
    }

    #[test]
    fn a_chinese_date_pattern_orders_year_month_day() {
        let months: [String; 12] = std::array::from_fn(|i| format!("{}月", i + 1));
        let given = Given {
            date: Some(pattern("{year}年{month}{day}日")),
            months: Some(months),
            ..Given::default()
        };
        let dates = resolve("zh-Hans", &given).labels.dates;
        assert_eq!(
            dates.write(&date(2026, Some(6), Some(1))).text,
            "2026年6月1日"
        );
        assert_eq!(dates.write(&date(2028, Some(6), None)).text, "2028年6月");
        assert_eq!(dates.write(&date(2028, None, None)).text, "2028");
    }

    #[test]
    fn the_pattern_without_a_day_drops_the_day_and_what_joins_it() {
        let without = |written: &str| pattern(written).without_day().fill(2028, "M", None);
        assert_eq!(without("{day} {month} {year}"), "M 2028");
        assert_eq!(without("{month} {day}, {year}"), "M 2028");
        assert_eq!(without("{day} de {month} de {year}"), "M de 2028");
        assert_eq!(without("{day}. {month} {year}"), "M 2028");
        assert_eq!(without("{year}. {month} {day}."), "2028. M");
        assert_eq!(without("{year}년 {month} {day}일"), "2028년 M");
        assert_eq!(without("{year}-{month}-{day}"), "2028-M");
    }

    #[test]
    fn a_pattern_needs_each_placeholder_once_and_nothing_else() {
        let problem = |written: &str| DatePattern::parse(written, &ALL).unwrap_err();
        assert_eq!(problem("{day} {monht} {year}").at, 6);
        assert!(
            problem("{day} {monht} {year}")
                .message
                .contains("`{monht}`")
        );
        assert_eq!(
            problem("{day} {month}").message,
            "has no {year}; it must hold {day}, {month} and {year}"
        );
        assert_eq!(problem("{day} {day} {month} {year}").at, 6);
        assert_eq!(problem("{day} {month} {year").at, 14);
        assert_eq!(problem("{day} }{month} {year}").at, 6);
        let month_year = [Placeholder::Month, Placeholder::Year];
        assert!(DatePattern::parse("{day} {month} {year}", &month_year).is_err());
        assert!(DatePattern::parse("{month} {year}", &month_year).is_ok());
    }
}
