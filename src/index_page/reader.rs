//! Reads a catalogue page back as a browser would parse it (html5ever,
//! through `scraper`), knowing nothing of how it was written: the date its
//! review marks are as of, and each leaflet's entry with its title, its
//! language, its next review date, whether it is marked overdue, and its
//! links with the sizes their text gives.

use scraper::{ElementRef, Html, Selector};

use crate::source::Day;

/// What the reader found in a catalogue page.
#[derive(Debug, Clone, Default)]
pub struct ReadIndex {
    /// The day the page says its review marks are as of.
    pub as_of: Option<Day>,
    /// Each leaflet's entry, in page order.
    pub leaflets: Vec<ReadLeaflet>,
    /// Where the page breaks the rules of its shape.
    pub flaws: Vec<String>,
}

/// One leaflet's entry.
#[derive(Debug, Clone, Default)]
pub struct ReadLeaflet {
    /// The leaflet's id, from the entry's `id` (`leaflet-ID`).
    pub id: String,
    /// The title, as its heading's text.
    pub title: String,
    /// The heading's `lang`.
    pub lang: Option<String>,
    /// The next review date's `datetime`, as written (`2017`).
    pub next_review: Option<String>,
    /// The last day that next review date covers.
    pub due_by: Option<Day>,
    /// Whether the entry says its review is overdue.
    pub overdue: bool,
    /// Its links.
    pub links: Vec<ReadLink>,
}

/// A link to one of a leaflet's files.
#[derive(Debug, Clone, Default)]
pub struct ReadLink {
    /// The `href`, as written.
    pub href: String,
    /// The link's text.
    pub text: String,
    /// The smallest and largest file size, in bytes, that the size its text
    /// gives stands for (`412 kB`: 411,001 to 412,000).
    pub size: Option<(u64, u64)>,
}

/// Reads the page in `html`.
pub fn read(html: &str) -> ReadIndex {
    let document = Html::parse_document(html);
    let mut page = ReadIndex::default();
    let headings = document.select(&selector("h1")).count();
    if headings != 1 {
        page.flaws
            .push(format!("it has {headings} <h1> headings, not one"));
    }
    page.as_of = document
        .select(&selector(".as-of time"))
        .next()
        .and_then(|time| time.value().attr("datetime"))
        .and_then(day_of);
    if page.as_of.is_none() {
        page.flaws
            .push("it does not say the date its review marks are as of".to_owned());
    }
    for article in document.select(&selector("article")) {
        match read_leaflet(article) {
            Ok(leaflet) => page.leaflets.push(leaflet),
            Err(flaw) => page.flaws.push(flaw),
        }
    }
    page
}

/// A selector the reader's own code spells.
fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("the reader's selectors are valid")
}

/// One `<article>`: a leaflet's entry.
fn read_leaflet(article: ElementRef<'_>) -> Result<ReadLeaflet, String> {
    let id = article
        .value()
        .attr("id")
        .and_then(|id| id.strip_prefix("leaflet-"))
        .ok_or("an entry has no `id` of the form `leaflet-ID`")?
        .to_owned();
    let heading = article
        .select(&selector("h2"))
        .next()
        .ok_or_else(|| format!("the entry of `{id}` has no <h2> title"))?;
    let next_review = article
        .select(&selector(".next-review time"))
        .next()
        .and_then(|time| time.value().attr("datetime"))
        .map(str::to_owned);
    let links = article
        .select(&selector("a[href]"))
        .map(|link| {
            let text = words(link);
            ReadLink {
                href: link.value().attr("href").unwrap_or_default().to_owned(),
                size: size_range(&text),
                text,
            }
        })
        .collect();
    Ok(ReadLeaflet {
        title: words(heading),
        lang: heading.value().attr("lang").map(str::to_owned),
        due_by: next_review.as_deref().and_then(last_day_of),
        next_review,
        overdue: article
            .select(&selector(".overdue"))
            .any(|mark| words(mark).starts_with("Review overdue")),
        links,
        id,
    })
}

/// An element's text, its white space run together.
fn words(element: ElementRef<'_>) -> String {
    let text: String = element.text().collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `YYYY-MM-DD` as a day.
fn day_of(written: &str) -> Option<Day> {
    let date: jiff::civil::Date = written.parse().ok()?;
    Some((date.year() as u16, date.month() as u8, date.day() as u8))
}

/// The last day `YYYY`, `YYYY-MM` or `YYYY-MM-DD` covers.
fn last_day_of(written: &str) -> Option<Day> {
    let numbers: Vec<i16> = written
        .split('-')
        .map(|part| part.parse().ok())
        .collect::<Option<_>>()?;
    let (year, month, day) = match numbers.as_slice() {
        [year] => (*year, 12, None),
        [year, month] => (*year, *month, None),
        [year, month, day] => (*year, *month, Some(*day)),
        _ => return None,
    };
    let first = jiff::civil::Date::new(year, i8::try_from(month).ok()?, 1).ok()?;
    let last = match day {
        Some(day) => first.with().day(i8::try_from(day).ok()?).build().ok()?,
        None => first.last_of_month(),
    };
    Some((last.year() as u16, last.month() as u8, last.day() as u8))
}

/// The sizes a link's text stands for: from the last `(FORMAT, SIZE)` in
/// it, `SIZE` being a number and `bytes`, `byte`, `kB` or `MB`, rounded up
/// to the digits it shows (`9 kB`: 8,001 to 9,000 bytes).
fn size_range(text: &str) -> Option<(u64, u64)> {
    let facts = text.rsplit_once('(')?.1.strip_suffix(')')?;
    let size = facts.rsplit_once(", ")?.1;
    let (number, unit) = size.split_once(' ')?;
    let (whole, decimals) = number.split_once('.').unwrap_or((number, ""));
    let scale: u64 = match unit {
        "byte" | "bytes" if decimals.is_empty() => 1,
        "kB" if decimals.is_empty() => 1_000,
        "MB" if decimals.len() <= 1 => 1_000_000,
        _ => return None,
    };
    let step = scale / 10u64.pow(decimals.len() as u32);
    let steps: u64 = format!("{whole}{decimals}").parse().ok()?;
    let most = steps.checked_mul(step)?;
    let least = if step == 1 {
        most
    } else {
        most.saturating_sub(step) + 1
    };
    Some((least, most))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_size_stands_for_the_sizes_that_round_up_to_it() {
        assert_eq!(
            size_range("Print PDF (PDF, 412 kB)"),
            Some((411_001, 412_000))
        );
        assert_eq!(size_range("Braille (BRF, 980 bytes)"), Some((980, 980)));
        assert_eq!(
            size_range("EPUB (EPUB, 1.2 MB)"),
            Some((1_100_001, 1_200_000))
        );
        assert_eq!(size_range("EPUB (EPUB, 1.25 MB)"), None);
        assert_eq!(size_range("Plain text (TXT)"), None);
    }

    #[test]
    fn a_review_date_lasts_to_its_last_day() {
        assert_eq!(last_day_of("2017"), Some((2017, 12, 31)));
        assert_eq!(last_day_of("2024-02"), Some((2024, 2, 29)));
        assert_eq!(last_day_of("2026-06-03"), Some((2026, 6, 3)));
        assert_eq!(last_day_of("2026-13"), None);
    }
}
