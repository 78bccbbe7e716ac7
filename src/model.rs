//! The one shape of a leaflet that every output reads.
//!
//! The model is plain data: [`crate::source`] builds it, every writer in
//! [`crate::outputs`] reads it, and [`crate::verify`] compares what each reader
//! got back with it. No output reaches back into parsing. The model is also
//! what the typst layouts receive, serialised as JSON, so its field names are
//! part of the layouts' interface.

use std::fmt;
use std::path::PathBuf;
use std::time::SystemTime;

use jiff::civil::Date;
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use crate::labels::{Label, LabelledLine, Labels};

/// One patient-information leaflet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leaflet {
    /// Names the output files: `[a-z0-9]+(-[a-z0-9]+)*`.
    pub id: String,
    /// The leaflet's title, one line.
    pub title: String,
    /// BCP 47 language tag, as written (`en-GB`).
    pub language: String,
    /// Who publishes the leaflet, when given.
    pub publisher: Option<String>,
    /// One or two sentences saying what the leaflet is about, when given.
    pub summary: Option<String>,
    /// When the leaflet was last reviewed.
    pub reviewed: ReviewDate,
    /// When the leaflet is next due for review.
    pub next_review: ReviewDate,
    /// Settings for the print PDF.
    pub print: PrintSettings,
    /// Settings for the large-print PDF.
    pub large_print: LargePrintSettings,
    /// Settings for the braille file.
    pub braille: BrailleSettings,
    /// The sections, in reading order; never empty.
    pub sections: Vec<Section>,
    /// leafpress's own words around the sections, in the leaflet's language
    /// or tagged English ([`crate::labels`]).
    pub labels: Labels,
    /// The source file the leaflet was read from.
    #[serde(skip)]
    pub source_path: PathBuf,
}

/// One section: a heading and its body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Unique within the leaflet; same pattern as the leaflet id.
    pub id: String,
    /// The section heading, one line.
    pub heading: String,
    /// The body, in reading order; never empty.
    pub blocks: Vec<Block>,
}

/// A block of body text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Block {
    /// A paragraph.
    Paragraph {
        /// The paragraph's text.
        content: Vec<Inline>,
    },
    /// A bulleted list, one level only.
    BulletList {
        /// The items, in order.
        items: Vec<ListItem>,
    },
    /// A numbered list, one level only.
    NumberedList {
        /// The number of the first item (usually 1).
        start: u64,
        /// The items, in order.
        items: Vec<ListItem>,
    },
}

/// One item of a list: a run of inline text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListItem {
    /// The item's text.
    pub content: Vec<Inline>,
}

/// A run of text inside a block.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Inline {
    /// Plain characters, never markup in any output. Runs of white space are
    /// already folded to one space.
    Text {
        /// The characters.
        text: String,
    },
    /// Strong importance: bold in every output that has type.
    Strong {
        /// What is strong.
        content: Vec<Inline>,
    },
    /// Emphasis: italic in print, bold in large print.
    Emphasis {
        /// What is emphasised.
        content: Vec<Inline>,
    },
    /// A link to a web page, an email address or a phone number.
    Link {
        /// The link text.
        content: Vec<Inline>,
        /// The address as written (`https:`, `http:`, `mailto:` or `tel:`).
        url: String,
        /// The address as printed after the link text in print and plain
        /// text, or `None` when the link text already says it.
        written_address: Option<String>,
    },
}

impl Inline {
    /// A link, with the address that print and plain text write after its text.
    pub fn link(content: Vec<Inline>, url: String) -> Inline {
        let address = url_for_people(&url);
        // An autolink (`<mailto:a@b.org>`) says its address in its text
        // already, and so does a phone link whose text is the number, however
        // it is spaced (`[0808 800 6000](tel:08088006000)`).
        let text = plain_text(&content, LinkAddresses::Omitted);
        let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
        let says_the_number = url.to_ascii_lowercase().starts_with("tel:")
            && !digits(&text).is_empty()
            && digits(&text) == digits(address);
        let written_address =
            (text != address && text != url && !says_the_number).then(|| address.to_owned());
        Inline::Link {
            content,
            url,
            written_address,
        }
    }
}

/// The address of a link as people write it: `mailto:` and `tel:` dropped.
fn url_for_people(url: &str) -> &str {
    ["mailto:", "tel:"]
        .iter()
        .find_map(|scheme| {
            url.get(..scheme.len())
                .filter(|prefix| prefix.eq_ignore_ascii_case(scheme))
                .map(|_| &url[scheme.len()..])
        })
        .unwrap_or(url)
}

/// Whether a link's address is written out after its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkAddresses {
    /// Print and plain text: `text (address)`.
    WrittenOut,
    /// EPUB: the address lives in the link itself.
    Omitted,
}

/// The words of inline content without any styling, as a reader hears them.
pub fn plain_text(content: &[Inline], links: LinkAddresses) -> String {
    let mut out = String::new();
    push_plain_text(content, links, &mut out);
    out
}

fn push_plain_text(content: &[Inline], links: LinkAddresses, out: &mut String) {
    for inline in content {
        match inline {
            Inline::Text { text } => out.push_str(text),
            Inline::Strong { content } | Inline::Emphasis { content } => {
                push_plain_text(content, links, out)
            }
            Inline::Link {
                content,
                written_address,
                ..
            } => {
                push_plain_text(content, links, out);
                if let (LinkAddresses::WrittenOut, Some(address)) = (links, written_address) {
                    out.push_str(" (");
                    out.push_str(address);
                    out.push(')');
                }
            }
        }
    }
}

/// A review date as written in the source: a year, a month, or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewDate {
    /// The year.
    pub year: u16,
    /// The month, 1 to 12, when given.
    pub month: Option<u8>,
    /// The day of the month, when given (only with a month).
    pub day: Option<u8>,
}

impl ReviewDate {
    /// The first day the date covers, as (year, month, day).
    pub fn first_day(&self) -> (u16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day the date covers, as (year, month, day): `2017` lasts
    /// until 31 December 2017, `2017-02` until 28 February 2017.
    pub fn last_day(&self) -> (u16, u8, u8) {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        (self.year, month, day)
    }

    /// The date for people, in British English: `2017`, `April 2015`,
    /// `3 April 2015`. What the job ticket and sheet and leafpress's own
    /// messages write; the outputs write dates in the leaflet's language
    /// ([`crate::labels::DateWords::write`]).
    pub fn for_people(&self) -> String {
        crate::labels::english_dates().write(self).text
    }
}

/// ISO 8601 as in the source: `2017`, `2015-04`, `2015-04-03`.
impl fmt::Display for ReviewDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

/// Review dates travel to the layouts both as written and for people.
impl Serialize for ReviewDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut date = serializer.serialize_struct("ReviewDate", 2)?;
        date.serialize_field("iso", &self.to_string())?;
        date.serialize_field("for_people", &self.for_people())?;
        date.end()
    }
}

/// Days in a month of the Gregorian calendar, `month` from 1 to 12 (any
/// other month counts 31 days). Any year: the calendar repeats every 400
/// years, so the year is taken into the range jiff holds.
pub fn days_in_month(year: u16, month: u8) -> u8 {
    let same_calendar = 2000 + (year % 400) as i16;
    i8::try_from(month)
        .ok()
        .and_then(|month| Date::new(same_calendar, month, 1).ok())
        .map_or(31, |first| first.days_in_month() as u8)
}

/// The date and time written into every output's metadata (the PDFs'
/// creation date, the EPUB's modified date, its ZIP entries' times), in
/// UTC. Fixed, never the clock, so that a rebuild gives the same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileDate {
    /// The year.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month.
    pub day: u8,
    /// Hours, minutes and seconds.
    pub time: (u8, u8, u8),
}

impl FileDate {
    /// Midnight on the first day of the leaflet's `reviewed` date: what a
    /// leaflet's files carry unless `SOURCE_DATE_EPOCH` says otherwise.
    pub fn of_leaflet(leaflet: &Leaflet) -> FileDate {
        let (year, month, day) = leaflet.reviewed.first_day();
        FileDate {
            year,
            month,
            day,
            time: (0, 0, 0),
        }
    }

    /// A time in seconds since 1970-01-01 UTC (a `SOURCE_DATE_EPOCH`);
    /// `None` before 1970 or after 9999.
    pub fn from_unix_seconds(seconds: i64) -> Option<FileDate> {
        if seconds < 0 {
            return None;
        }
        // Civil arithmetic, not a `Timestamp`: jiff's timestamps stop a day
        // short of 9999-12-31 (room for any offset), and UTC needs none.
        let time = UNIX_EPOCH
            .at(0, 0, 0, 0)
            .checked_add(SignedDuration::from_secs(seconds))
            .ok()?;
        Some(FileDate {
            year: time.year() as u16,
            month: time.month() as u8,
            day: time.day() as u8,
            time: (time.hour() as u8, time.minute() as u8, time.second() as u8),
        })
    }
}

/// 1970-01-01, the day Unix time counts from.
const UNIX_EPOCH: Date = Date::constant(1970, 1, 1);

/// Today's date in UTC from the system clock, as (year, month, day): the
/// [`crate::source::Day`] that decides whether a leaflet's next review has
/// passed. A clock set before 1970 counts as 1970-01-01.
pub fn today_utc() -> (u16, u8, u8) {
    let now = Timestamp::try_from(SystemTime::now()).unwrap_or(Timestamp::UNIX_EPOCH);
    day_in_utc(now.max(Timestamp::UNIX_EPOCH))
}

/// The calendar day an instant falls on in UTC.
fn day_in_utc(instant: Timestamp) -> (u16, u8, u8) {
    let date = Offset::UTC.to_datetime(instant).date();
    (date.year() as u16, date.month() as u8, date.day() as u8)
}

/// The words every output carries after the sections: who publishes the
/// leaflet and when it was and will be reviewed, labelled as the format spec
/// says, in the leaflet's language (each piece tagged where it falls back to
/// English). Every writer and the check share these lines, so the check
/// proves that the labels it expects are the ones written.
pub fn end_matter(leaflet: &Leaflet) -> Vec<LabelledLine> {
    let labels = &leaflet.labels;
    let mut lines = Vec::new();
    if let Some(publisher) = &leaflet.publisher {
        lines.push(LabelledLine::new(
            vec![
                labels.published_by.clone(),
                Label::own(format!(" {publisher}")),
            ],
            &leaflet.language,
        ));
    }
    for (label, date) in [
        (&labels.last_reviewed, &leaflet.reviewed),
        (&labels.next_review_due, &leaflet.next_review),
    ] {
        lines.push(LabelledLine::new(
            vec![label.clone(), Label::own(": "), labels.dates.write(date)],
            &leaflet.language,
        ));
    }
    lines
}

/// Settings for the print PDF (`[print]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrintSettings {
    /// Trim size.
    pub size: TrimSize,
    /// Bleed beyond the trim on every side, in millimetres (0 to 5).
    pub bleed_mm: f64,
    /// Whether crop marks are drawn outside the bleed.
    pub crop_marks: bool,
    /// How the printed pages are bound.
    pub binding: Binding,
    /// The paper the print shop should use (`[print] stock`), when the
    /// source names one; otherwise a default for the trim size
    /// ([`crate::handoff::paper`]).
    pub stock: Option<String>,
}

impl Default for PrintSettings {
    fn default() -> Self {
        PrintSettings {
            size: TrimSize::A5,
            bleed_mm: 3.0,
            crop_marks: true,
            binding: Binding::SaddleStitch,
            stock: None,
        }
    }
}

/// Trim sizes a leaflet can be printed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TrimSize {
    /// 210 x 297 mm.
    A4,
    /// 148 x 210 mm.
    A5,
    /// 105 x 148 mm.
    A6,
    /// 99 x 210 mm, a third of A4.
    DL,
}

impl TrimSize {
    /// Every trim size, with its name in the source format.
    pub const ALL: [(&'static str, TrimSize); 4] = [
        ("A4", TrimSize::A4),
        ("A5", TrimSize::A5),
        ("A6", TrimSize::A6),
        ("DL", TrimSize::DL),
    ];

    /// Width and height in millimetres, portrait.
    pub fn mm(self) -> (f64, f64) {
        match self {
            TrimSize::A4 => (210.0, 297.0),
            TrimSize::A5 => (148.0, 210.0),
            TrimSize::A6 => (105.0, 148.0),
            TrimSize::DL => (99.0, 210.0),
        }
    }
}

/// How the printed pages are bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Binding {
    /// Folded and stapled: the page count is padded to a multiple of 4.
    SaddleStitch,
    /// Loose or single sheets.
    None,
}

impl Binding {
    /// Every binding, with its name in the source format.
    pub const ALL: [(&'static str, Binding); 2] = [
        ("saddle-stitch", Binding::SaddleStitch),
        ("none", Binding::None),
    ];
}

/// Settings for the large-print PDF (`[large_print]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LargePrintSettings {
    /// Body text size in points (16 to 28).
    pub size_pt: f64,
}

impl Default for LargePrintSettings {
    fn default() -> Self {
        LargePrintSettings { size_pt: 18.0 }
    }
}

/// Settings for the braille file (`[braille]`): the embosser's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BrailleSettings {
    /// Cells on a line (28 to 42; 40 fills 11-inch-wide braille paper).
    pub cells_per_line: usize,
    /// Lines on a page (20 to 28; 25 fills 11.5-inch-long braille paper).
    pub lines_per_page: usize,
}

impl BrailleSettings {
    /// The cells a line may hold, as the source may set them.
    pub const CELLS_PER_LINE: std::ops::RangeInclusive<usize> = 28..=42;
    /// The lines a page may hold, as the source may set them.
    pub const LINES_PER_PAGE: std::ops::RangeInclusive<usize> = 20..=28;
}

impl Default for BrailleSettings {
    fn default() -> Self {
        BrailleSettings {
            cells_per_line: 40,
            lines_per_page: 25,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_date_epoch_becomes_a_file_date() {
        let date = FileDate::from_unix_seconds(1_700_000_000).unwrap();
        assert_eq!((date.year, date.month, date.day), (2023, 11, 14));
        assert_eq!(date.time, (22, 13, 20));
        assert_eq!(FileDate::from_unix_seconds(-1), None);
        let epoch = FileDate::from_unix_seconds(0).unwrap();
        assert_eq!(
            (epoch.year, epoch.month, epoch.day, epoch.time),
            (1970, 1, 1, (0, 0, 0))
        );
        // The last second of 9999 is a file date; the one after is not.
        let last = FileDate::from_unix_seconds(253_402_300_799).unwrap();
        assert_eq!(
            (last.year, last.month, last.day, last.time),
            (9999, 12, 31, (23, 59, 59))
        );
        assert_eq!(FileDate::from_unix_seconds(253_402_300_800), None);
        assert_eq!(FileDate::from_unix_seconds(i64::MAX), None);
    }

    #[test]
    fn today_is_a_day_in_utc() {
        let day = |seconds| day_in_utc(Timestamp::from_second(seconds).unwrap());
        assert_eq!(day(0), (1970, 1, 1));
        assert_eq!(day(1_709_164_799), (2024, 2, 28));
        assert_eq!(day(1_709_164_800), (2024, 2, 29));
        let (year, month, day) = today_utc();
        assert!(year >= 2025 && (1..=12).contains(&month));
        assert_eq!(day, day.clamp(1, days_in_month(year, month)));
    }

    #[test]
    fn months_have_their_gregorian_lengths() {
        let lengths = |year| {
            (1..=12)
                .map(|month| days_in_month(year, month))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            lengths(2023),
            [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        );
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(1, 2), 28);
        assert_eq!(days_in_month(9999, 12), 31);
        assert_eq!(days_in_month(10_000, 2), 29);
        assert_eq!(days_in_month(65_535, 2), 28);
        assert_eq!(days_in_month(2023, 0), 31);
        assert_eq!(days_in_month(2023, 13), 31);
    }

    fn date(year: u16, month: Option<u8>, day: Option<u8>) -> ReviewDate {
        ReviewDate { year, month, day }
    }

    #[test]
    fn dates_are_written_out_for_people() {
        assert_eq!(date(2015, Some(4), None).for_people(), "April 2015");
        assert_eq!(date(2017, None, None).for_people(), "2017");
        assert_eq!(date(2026, Some(3), Some(1)).for_people(), "1 March 2026");
    }

    #[test]
    fn a_date_covers_its_whole_period() {
        assert_eq!(date(2017, None, None).last_day(), (2017, 12, 31));
        assert_eq!(date(2024, Some(2), None).last_day(), (2024, 2, 29));
        assert_eq!(date(2023, Some(2), None).last_day(), (2023, 2, 28));
        assert_eq!(date(2015, Some(4), None).first_day(), (2015, 4, 1));
    }

    #[test]
    fn link_addresses_are_written_for_people_and_not_repeated() {
        let text = |t: &str| vec![Inline::Text { text: t.into() }];
        let Inline::Link {
            written_address, ..
        } = Inline::link(text("our website"), "https://example.org/t".into())
        else {
            unreachable!()
        };
        assert_eq!(written_address.as_deref(), Some("https://example.org/t"));
        let Inline::Link {
            written_address, ..
        } = Inline::link(text("help@example.org"), "mailto:help@example.org".into())
        else {
            unreachable!()
        };
        assert_eq!(written_address, None);
        let Inline::Link {
            written_address, ..
        } = Inline::link(text("the helpline"), "tel:08088006000".into())
        else {
            unreachable!()
        };
        assert_eq!(written_address.as_deref(), Some("08088006000"));
        let Inline::Link {
            written_address, ..
        } = Inline::link(text("0808 800 6000"), "tel:08088006000".into())
        else {
            unreachable!()
        };
        assert_eq!(written_address, None, "the number is not written twice");
    }
}
