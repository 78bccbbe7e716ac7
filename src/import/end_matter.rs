//! Recognising a document's end matter: "Published by …", "Last reviewed:
//! April 2015", "Next review 2017", "Review date: …".
//!
//! A leaflet's source keeps these as keys, and every output writes them out
//! again; an imported document has them as lines of text, usually at its
//! end. A line is end matter only when it starts with one of the labels
//! below (in English, or in the document's language where leafpress has its
//! words) and holds nothing else but what follows the label: a line that
//! merely mentions a review is text.

use crate::labels::{Given, resolve};

/// What one line of end matter says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndMatter {
    /// The publisher's name.
    Publisher(String),
    /// The last review.
    Reviewed(Written),
    /// The next review.
    NextReview(Written),
}

/// A date as a document writes it, and what leafpress read from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The words after the label, as the document has them.
    pub text: String,
    /// The date as the source format writes it (`2015-04`, `2017`), or
    /// `None` when the words are not a date leafpress can read.
    pub date: Option<String>,
}

/// The labels that start a line of end matter, lowercase, longest first so
/// that "next review due" wins over "next review".
fn labels(language: &str) -> Vec<(String, Kind)> {
    let mut labels: Vec<(String, Kind)> = [
        ("published by", Kind::Publisher),
        ("produced by", Kind::Publisher),
        ("publisher", Kind::Publisher),
        ("last reviewed", Kind::Reviewed),
        ("date of last review", Kind::Reviewed),
        ("last review", Kind::Reviewed),
        ("reviewed", Kind::Reviewed),
        ("next review due", Kind::NextReview),
        ("next review date", Kind::NextReview),
        ("date of next review", Kind::NextReview),
        ("next review", Kind::NextReview),
        ("review due", Kind::NextReview),
        ("review date", Kind::NextReview),
        ("due for review", Kind::NextReview),
    ]
    .into_iter()
    .map(|(label, kind)| (label.to_owned(), kind))
    .collect();
    let own = resolve(language, &Given::default()).labels;
    for (label, kind) in [
        (own.published_by.text, Kind::Publisher),
        (own.last_reviewed.text, Kind::Reviewed),
        (own.next_review_due.text, Kind::NextReview),
    ] {
        labels.push((label.to_lowercase(), kind));
    }
    labels.sort_by_key(|(label, _)| std::cmp::Reverse(label.chars().count()));
    labels.dedup();
    labels
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Publisher,
    Reviewed,
    NextReview,
}

/// The most a line of end matter holds: a label and a name or a date, or
/// two of them on one line.
const MAX_LINE_CHARS: usize = 200;

/// The words end matter is read in for one language: its labels and its
/// month names, worked out once for a document's lines.
#[derive(Debug, Clone)]
pub struct EndMatterWords {
    labels: Vec<(String, Kind)>,
    months: Vec<(String, u8)>,
}

impl EndMatterWords {
    /// The labels and months of `language` (and English's).
    pub fn new(language: &str) -> Self {
        Self {
            labels: labels(language),
            months: month_names(language),
        }
    }

    /// What a line says, if it is end matter: one line may say several
    /// things ("Last reviewed: April 2015. Next review: April 2017.").
    /// `None` when any part of it is not end matter, so that no words are
    /// lost.
    pub fn read_line(&self, line: &str) -> Option<Vec<EndMatter>> {
        read_line(self, line)
    }

    /// Reads a date as people write it, into the source format's form:
    /// `April 2015` and `Apr 2015` → `2015-04`; `1 April 2015`, `April 1,
    /// 2015`, `01/04/2015` (day first, as in the UK) and `2015-04-01` →
    /// `2015-04-01`; `04/2015` and `2015-04` → `2015-04`; `2015` → `2015`.
    /// Month names are English or the language's own where leafpress has
    /// them.
    pub fn read_date(&self, text: &str) -> Option<String> {
        read_date(&self.months, text)
    }

    fn written(&self, text: &str) -> Written {
        Written {
            text: text.to_owned(),
            date: self.read_date(text),
        }
    }
}

fn read_line(words: &EndMatterWords, line: &str) -> Option<Vec<EndMatter>> {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > MAX_LINE_CHARS {
        return None;
    }
    let labels = &words.labels;
    let lower = line.to_lowercase();
    // Where each label starts, at word starts only; the line must start with one.
    let mut starts: Vec<(usize, usize, Kind)> = Vec::new();
    let mut taken_until = 0;
    for (at, _) in lower.char_indices() {
        if at < taken_until || !starts_word(&lower, at) {
            continue;
        }
        if let Some((label, kind)) = labels.iter().find(|(label, _)| {
            lower[at..].starts_with(label.as_str()) && ends_word(&lower, at + label.len())
        }) {
            starts.push((at, at + label.len(), *kind));
            taken_until = at + label.len();
        }
    }
    if starts.first().map(|(at, _, _)| *at) != Some(0) {
        return None;
    }
    // `lower` and `line` may differ in length (a few letters change length
    // when lowered): only trust offsets when they do not.
    if lower.len() != line.len() {
        return None;
    }
    let mut said = Vec::new();
    for (index, &(_, value_start, kind)) in starts.iter().enumerate() {
        let value_end = starts
            .get(index + 1)
            .map_or(line.len(), |(next, _, _)| *next);
        let value = clean_value(&line[value_start..value_end]);
        if value.is_empty() {
            return None;
        }
        said.push(match kind {
            Kind::Publisher => EndMatter::Publisher(value),
            Kind::Reviewed => EndMatter::Reviewed(words.written(&value)),
            Kind::NextReview => EndMatter::NextReview(words.written(&value)),
        });
    }
    // A date label followed by words that are not a date is a sentence
    // ("Review date is set by your nurse", "Reviewed by the breast care
    // team"), not end matter; so is a long "publisher".
    let sentence = said.iter().any(|said| match said {
        EndMatter::Reviewed(written) | EndMatter::NextReview(written) => written.date.is_none(),
        EndMatter::Publisher(name) => !is_name(name),
    });
    (!sentence).then_some(said)
}

/// Whether the words after "Published by" read as a name, not a sentence
/// ("Published by the time you read this, guidance may change"): a few
/// words, one clause, and a capital at its start or a name's ("the Royal
/// Marsden").
fn is_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let one_clause = !name.contains(". ") && !name.contains("; ") && !name.contains(": ");
    let capitalised = words
        .iter()
        .take(2)
        .any(|word| word.chars().next().is_some_and(|c| !c.is_lowercase()));
    // After a comma, a name goes on with a place or a number ("Riverside
    // Trust, Leeds"), not a lowercase clause.
    let comma_clause = name.split(", ").skip(1).any(|rest| {
        rest.chars().next().is_some_and(char::is_lowercase) && rest.split_whitespace().count() > 2
    });
    !words.is_empty() && words.len() <= 10 && one_clause && capitalised && !comma_clause
}

fn starts_word(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

fn ends_word(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// The value after a label: without the colon or dash that follows the
/// label, and without the full stop or separator that ends it.
fn clean_value(value: &str) -> String {
    let value = value.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '=')
    });
    let value = value.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ',' | ';' | '|' | '·' | '•' | '–' | '—')
    });
    value.to_owned()
}

fn read_date(month_names: &[(String, u8)], text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|word| !word.is_empty())
        .map(|word| word.trim_end_matches('.').to_lowercase())
        .collect();
    let month_of = |word: &str| -> Option<u8> {
        month_names.iter().find_map(|(name, month)| {
            let short = name.chars().take(3).collect::<String>();
            (word == name || (word.chars().count() >= 3 && word == short)).then_some(*month)
        })
    };
    let year_of = |word: &str| -> Option<u16> {
        (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
            .then(|| word.parse().ok())
            .flatten()
            .filter(|year| (1900..=2200).contains(year))
    };
    let day_of = |word: &str| -> Option<u8> {
        let digits = word.trim_end_matches(|c: char| c.is_alphabetic());
        let suffix = &word[digits.len()..];
        let ordinal = ["", "st", "nd", "rd", "th"].contains(&suffix);
        (ordinal && !digits.is_empty() && digits.len() <= 2)
            .then(|| digits.parse().ok())
            .flatten()
            .filter(|day| (1..=31).contains(day))
    };
    let date = match words.as_slice() {
        [year] => {
            if let Some(year) = year_of(year) {
                return Some(year.to_string());
            }
            return numeric_date(year);
        }
        [month, year] => (year_of(year)?, month_of(month)?, None),
        [day, month, year] => match (day_of(day), month_of(month)) {
            (Some(day), Some(month)) => (year_of(year)?, month, Some(day)),
            _ => (year_of(year)?, month_of(day)?, Some(day_of(month)?)),
        },
        _ => return None,
    };
    format_date(date)
}

/// `2015-04`, `2015-04-01`, `04/2015`, `01/04/2015`.
fn numeric_date(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let number = |part: &str| -> Option<u16> {
        (!part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let numbers: Vec<u16> = parts
        .iter()
        .map(|part| number(part))
        .collect::<Option<_>>()?;
    let first_is_year = parts.first().is_some_and(|part| part.len() == 4);
    let date = match (numbers.as_slice(), first_is_year) {
        ([year, month], true) | ([month, year], false) => (*year, u8::try_from(*month).ok()?, None),
        ([year, month, day], true) | ([day, month, year], false) => (
            *year,
            u8::try_from(*month).ok()?,
            Some(u8::try_from(*day).ok()?),
        ),
        _ => return None,
    };
    if !(1900..=2200).contains(&date.0) {
        return None;
    }
    format_date(date)
}

fn format_date((year, month, day): (u16, u8, Option<u8>)) -> Option<String> {
    if !(1..=12).contains(&month) {
        return None;
    }
    let written = match day {
        Some(day) => format!("{year:04}-{month:02}-{day:02}"),
        None => format!("{year:04}-{month:02}"),
    };
    // The source format's own reading decides whether the day exists.
    crate::source::review_date(&written).map(|_| written)
}

fn month_names(language: &str) -> Vec<(String, u8)> {
    let english = crate::labels::english_dates();
    let own = resolve(language, &Given::default()).labels.dates;
    let mut names = Vec::new();
    for words in [&own, &english] {
        for (index, name) in words.months.iter().chain(&words.months_alone).enumerate() {
            names.push((name.to_lowercase(), (index % 12) as u8 + 1));
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_line(line: &str, language: &str) -> Option<Vec<EndMatter>> {
        EndMatterWords::new(language).read_line(line)
    }

    fn read_date(text: &str, language: &str) -> Option<String> {
        EndMatterWords::new(language).read_date(text)
    }

    fn date(text: &str) -> Option<String> {
        read_date(text, "en-GB")
    }

    #[test]
    fn dates_as_people_write_them() {
        assert_eq!(date("April 2015").as_deref(), Some("2015-04"));
        assert_eq!(date("Apr 2015").as_deref(), Some("2015-04"));
        assert_eq!(date("1 April 2015").as_deref(), Some("2015-04-01"));
        assert_eq!(date("1st April 2015").as_deref(), Some("2015-04-01"));
        assert_eq!(date("April 1, 2015").as_deref(), Some("2015-04-01"));
        assert_eq!(date("01/04/2015").as_deref(), Some("2015-04-01"));
        assert_eq!(date("04/2015").as_deref(), Some("2015-04"));
        assert_eq!(date("2015-04").as_deref(), Some("2015-04"));
        assert_eq!(date("2017").as_deref(), Some("2017"));
        assert_eq!(date("31 February 2015"), None);
        assert_eq!(date("soon"), None);
        assert_eq!(date("13/2015"), None);
        assert_eq!(read_date("Mehefin 2026", "cy").as_deref(), Some("2026-06"));
    }

    #[test]
    fn lines_of_end_matter() {
        let read = |line: &str| read_line(line, "en-GB");
        assert_eq!(
            read("Published by Breast Cancer Care."),
            Some(vec![EndMatter::Publisher("Breast Cancer Care".into())])
        );
        assert_eq!(
            read("Last reviewed: April 2015. Next review: April 2017"),
            Some(vec![
                EndMatter::Reviewed(Written {
                    text: "April 2015".into(),
                    date: Some("2015-04".into())
                }),
                EndMatter::NextReview(Written {
                    text: "April 2017".into(),
                    date: Some("2017-04".into())
                }),
            ])
        );
        assert_eq!(
            read("Next review 2017"),
            Some(vec![EndMatter::NextReview(Written {
                text: "2017".into(),
                date: Some("2017".into())
            })])
        );
        // Sentences that mention a review are text.
        assert_eq!(read("We reviewed your results with the team."), None);
        assert_eq!(read("Review date is set by your nurse at the clinic"), None);
        assert_eq!(read("Your last review was fine"), None);
        assert_eq!(read("Reviewed by the breast care team"), None);
        assert_eq!(
            read("Published by the time you read this, guidance may change."),
            None
        );
        assert_eq!(
            read(
                "Published by Riverside Trust, registered charity 12345. Call 0800 123 for copies."
            ),
            None
        );
        assert_eq!(
            read("Published by the Royal Marsden NHS Foundation Trust"),
            Some(vec![EndMatter::Publisher(
                "the Royal Marsden NHS Foundation Trust".into()
            )])
        );
        assert_eq!(
            read("Adolygwyd ddiwethaf: Mehefin 2026").map(|said| said.len()),
            None,
            "English labels only when the language is English"
        );
        assert_eq!(
            read_line("Adolygwyd ddiwethaf: Mehefin 2026", "cy"),
            Some(vec![EndMatter::Reviewed(Written {
                text: "Mehefin 2026".into(),
                date: Some("2026-06".into())
            })])
        );
    }
}
