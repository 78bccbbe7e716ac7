//! Braille (`ID.brf`): contracted Unified English Braille (UEB grade 2) as
//! North American ASCII braille (the BRF embossers and braille displays
//! read), translated by liblouis ([`louis`]) and laid out in pages by
//! leafpress ([`writer`]'s module note gives the layout and the guidance it
//! follows).
//!
//! Only languages whose liblouis tables have been tried on real text get a
//! BRF ([`tables_for`]): English at grade 2, and Welsh at grade 1 with a
//! warning that a transcriber should review it (liblouis's Welsh tables
//! say in their own headers that nobody has verified them). Any other
//! language gets no BRF and a warning; the build then neither makes one
//! nor records one in the stamp, so `check` expects none
//! ([`Output::not_made_for`]).
//!
//! # The check
//!
//! The file is read back by [`reader`], which shares no code with the
//! writer: pages, lines, cells, ASCII braille only, page numbers present
//! and in sequence. Then every unit of the model ([`crate::verify::units`]:
//! the title, each heading, sentence and list item, each line of the end
//! matter) is translated forward on its own with the same tables, and must
//! be found in the file's lines, in order, each after the one before.
//! Back-translation is no proof (liblouis 3.24's UEB back-translation is
//! lossy: `https://` comes back as `httpscc//`); it only shows, in a
//! failure, what the file holds where the missing unit should be.
//!
//! Braille written in context differs from a unit translated alone in
//! indicators only, so these are taken out of both before comparing:
//!
//! - capital indicators (dot 6, `,`: letter, word `,,` and passage `,,,`)
//!   and the capitals terminator (`,'`): a passage of capitals crosses
//!   sentence edges, and the unit's first word may or may not open one;
//! - grade 1 indicators (dots 5-6, `;`: symbol, word `;;`, passage `;;;`)
//!   and their terminator (`;'`): whether a letter after a number needs one
//!   depends on what came before;
//! - emphasis indicators (italic `.`, bold `^`, underline `_`, script `@`,
//!   each followed by `2` symbol, `1` word, `7` passage or `'` terminator):
//!   the model's units are plain text, the file marks strong text bold and
//!   emphasis italic, and a passage may start in an earlier sentence;
//! - runs of blank cells count as one, and a line end counts as a blank
//!   cell or as nothing (a word wider than a line goes on at the next
//!   line's start without one).
//!
//! As `,` and `;` also begin some contractions (`,N` "ation", `;N`
//! "tion"), taking them out makes such pairs compare as their letter
//! alone, on both sides alike: the comparison is a little weaker there,
//! never wrong. The price of these rules, said plainly: a file that lost
//! only indicators (its capitals, its emphasis) still passes; a file that
//! lost or changed any other cell, line or page does not. Soft hyphens, tabs and line breaks are taken out of a unit
//! as the writer takes them out of the text.
//!
//! A title or heading must fill its lines, starting at a line's start and
//! ending at a line's end; a list item must start a line.

pub mod dots;
pub mod louis;
mod reader;
mod writer;

use super::{Output, ReadBack, RenderContext, Rendered};
use crate::error::Error;
use crate::model::{BrailleSettings, Leaflet, LinkAddresses};
use crate::verify::{self, CheckContext, FileAt, Item, OutputReport, Problem, ProblemKind, Unit};

/// The braille output.
#[derive(Debug, Clone, Copy, Default)]
pub struct Braille;

/// The liblouis tables for a language, and what to say of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tables {
    /// The table list liblouis is given (`en-us-brf.dis,en-ueb-g2.ctb`).
    pub list: &'static str,
    /// What the build warns of the braille, if anything.
    pub warning: Option<&'static str>,
    /// Whether strong text and emphasis are marked with the tables'
    /// emphasis indicators. The Welsh table's are not UEB's and mark the
    /// wrong letters (tried: a bold word came out `D..DAU ... 4.'`), so
    /// Welsh braille marks none.
    pub emphasis: bool,
}

/// The tables for a leaflet's language, by its primary subtag: `en`
/// (UEB grade 2) and `cy` (Welsh grade 1, with a warning); `None` for any
/// other language, which gets no BRF.
pub fn tables_for(language: &str) -> Option<Tables> {
    let primary = language.split('-').next()?.to_ascii_lowercase();
    match primary.as_str() {
        "en" => Some(Tables {
            list: louis::UEB_GRADE_2,
            warning: None,
            emphasis: true,
        }),
        "cy" => Some(Tables {
            list: "en-us-brf.dis,cy-cy-g1.utb",
            warning: Some(
                "Welsh braille is uncontracted (grade 1) from liblouis's Welsh table, \
                 which its authors have not verified: have a braille transcriber review it \
                 before it is sent out",
            ),
            emphasis: false,
        }),
        _ => None,
    }
}

/// A leaflet's braille as the writer laid it out: made once by its
/// pipeline, for the BRF, the job files (its page count) and the proofs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrailleEdition {
    /// The BRF's bytes.
    pub brf: Vec<u8>,
    /// How many pages the writer laid out.
    pub pages: usize,
    /// The page the leaflet asked for.
    pub page: BrailleSettings,
    /// The tables it was translated with.
    pub tables: Tables,
}

/// Translates and lays out the context's leaflet: an error for a language
/// with no trusted tables (which no build asks for: see
/// [`Output::not_made_for`]) or when liblouis fails.
pub fn lay_out(leaflet: &Leaflet) -> Result<BrailleEdition, Error> {
    let render_error = |message: String| Error::Render {
        output: "braille",
        message,
    };
    let tables = tables_for(&leaflet.language)
        .ok_or_else(|| render_error(format!("no braille tables for `{}`", leaflet.language)))?;
    let brf = writer::write(leaflet, tables, leaflet.braille)
        .map_err(|error| render_error(error.to_string()))?;
    let pages = brf.iter().filter(|&&byte| byte == 0x0c).count();
    Ok(BrailleEdition {
        brf,
        pages,
        page: leaflet.braille,
        tables,
    })
}

impl Braille {
    /// The braille output's key in the registry.
    pub const KEY: &'static str = "braille";

    /// The page count of a BRF on disk, as its reader finds it (for the job
    /// files' check).
    pub fn pages(&self, bytes: &[u8], page: BrailleSettings) -> Result<usize, Error> {
        reader::read(
            bytes,
            reader::Limits {
                cells: page.cells_per_line,
                lines: page.lines_per_page,
            },
        )
        .map(|read| read.pages)
    }

    /// Reads a BRF back as lines of ASCII braille within `page`, page
    /// numbers taken off.
    pub fn read_lines(&self, bytes: &[u8], page: BrailleSettings) -> Result<ReadBack, Error> {
        let read = reader::read(
            bytes,
            reader::Limits {
                cells: page.cells_per_line,
                lines: page.lines_per_page,
            },
        )?;
        Ok(ReadBack {
            blocks: read.lines,
            flaws: read.flaws,
            printed: None,
            unseen: Vec::new(),
        })
    }
}

impl Output for Braille {
    fn key(&self) -> &'static str {
        Self::KEY
    }

    fn name(&self) -> &'static str {
        "braille"
    }

    fn file_name(&self, leaflet_id: &str) -> String {
        format!("{leaflet_id}.brf")
    }

    fn not_made_for(&self, leaflet: &Leaflet) -> Option<String> {
        match tables_for(&leaflet.language) {
            Some(_) => None,
            None => Some(format!(
                "no braille file: leafpress has no braille tables it trusts for `{}` \
                 (braille is made for English, and Welsh at grade 1)",
                leaflet.language
            )),
        }
    }

    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, Error> {
        let edition = context.braille_edition()?;
        let mut rendered = Rendered::file(self.file_name(&context.leaflet.id), edition.brf.clone());
        rendered
            .warnings
            .extend(edition.tables.warning.map(str::to_owned));
        Ok(rendered)
    }

    fn read_text(&self, bytes: &[u8]) -> Option<Result<ReadBack, Error>> {
        // Without the leaflet, the largest page the source format allows.
        let page = BrailleSettings {
            cells_per_line: *BrailleSettings::CELLS_PER_LINE.end(),
            lines_per_page: *BrailleSettings::LINES_PER_PAGE.end(),
        };
        Some(self.read_lines(bytes, page))
    }

    fn check(&self, files: &[FileAt], context: &CheckContext<'_>) -> OutputReport {
        let mut report = OutputReport::failed(self.name(), files);
        let leaflet = context.leaflet;
        let Some(tables) = tables_for(&leaflet.language) else {
            report.error = Some(format!(
                "no braille is made for `{}`, so none can be checked",
                leaflet.language
            ));
            return report;
        };
        let Some(file) = files.first() else {
            report.error = Some("no file to check".to_owned());
            return report;
        };
        let bytes = match verify::read_file(&file.path) {
            Ok(bytes) => bytes,
            Err(error) => {
                report.error = Some(error.to_string());
                return report;
            }
        };
        let read = match self.read_lines(&bytes, leaflet.braille) {
            Ok(read) => read,
            Err(error) => {
                report.error = Some(format!("the file is not valid BRF: {error}"));
                return report;
            }
        };
        report.flaws = read.flaws.clone();
        match compare(
            context.expected.units(LinkAddresses::WrittenOut),
            &read.blocks,
            tables.list,
        ) {
            Ok(problems) => report.problems = problems,
            Err(error) => report.error = Some(error.to_string()),
        }
        report.settle();
        report
    }
}

/// A line end in the compared stream: a blank cell or nothing.
const LINE_END: char = '\n';

/// Braille with the indicators context adds or drops taken out, and runs of
/// blank cells made one (see the module note).
fn normalise(braille: &str) -> String {
    let cells: Vec<char> = braille.chars().collect();
    let mut out = String::with_capacity(cells.len());
    let mut i = 0;
    while i < cells.len() {
        let c = cells[i];
        let next = cells.get(i + 1).copied();
        match (c, next) {
            ('.' | '^' | '_' | '@', Some('2' | '1' | '7' | '\'')) => i += 2,
            (',' | ';', Some('\'')) => i += 2,
            (',' | ';', _) => i += 1,
            (' ', _) => {
                if !out.ends_with([' ', LINE_END]) && !out.is_empty() {
                    out.push(' ');
                }
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out.trim_end_matches(' ').to_owned()
}

/// A unit's text as the writer gives it to liblouis.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| c != '\u{ad}')
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Where `unit` (normalised braille, no line ends) is found in `stream`
/// at or after `from`: the index of its first and one past its last
/// character. A line end in the stream matches a blank cell or nothing.
fn find(stream: &[char], unit: &[char], from: usize) -> Option<(usize, usize)> {
    if unit.is_empty() {
        return None;
    }
    (from..stream.len()).find_map(|start| {
        let (mut s, mut u) = (start, 0);
        while u < unit.len() {
            match stream.get(s) {
                Some(&c) if c == unit[u] => {
                    s += 1;
                    u += 1;
                }
                Some(&LINE_END) if u > 0 => {
                    s += 1;
                    if unit[u] == ' ' {
                        u += 1;
                    }
                }
                _ => return None,
            }
        }
        Some((start, s))
    })
}

/// The units the lines fail to hold, in order.
fn compare(units: &[Unit], lines: &[String], tables: &str) -> Result<Vec<Problem>, louis::Error> {
    let joined: String = lines
        .iter()
        .map(|line| normalise(line))
        .collect::<Vec<_>>()
        .join(&LINE_END.to_string());
    let stream: Vec<char> = joined.chars().collect();
    let mut problems = Vec::new();
    let mut cursor = 0;
    for unit in units {
        let text = match &unit.number {
            Some(number) => format!("{number}. {}", unit.text),
            None => unit.text.clone(),
        };
        let wanted: Vec<char> = normalise(&louis::translate(tables, &clean(&text))?)
            .chars()
            .collect();
        let mut found = find(&stream, &wanted, cursor);
        // Where a unit must stand on its own, look on for a place where it
        // does before calling it run in.
        let mut run_in = false;
        if unit.item.stands_alone() {
            let alone = |(start, end): (usize, usize)| {
                let starts = start == 0 || stream[start - 1] == LINE_END;
                let ends = end == stream.len() || stream[end] == LINE_END;
                starts && (unit.item == Item::ListItem || ends)
            };
            let mut at = found;
            while let Some(place) = at {
                if alone(place) {
                    break;
                }
                at = find(&stream, &wanted, place.0 + 1);
            }
            match at {
                Some(place) => found = Some(place),
                None => run_in = found.is_some(),
            }
        }
        match found {
            Some((_, end)) if !run_in => cursor = end,
            Some((_, end)) => {
                problems.push(problem(ProblemKind::NotStandingAlone, unit, None, tables));
                cursor = end;
            }
            None => {
                let kind = if find(&stream, &wanted, 0).is_some() {
                    ProblemKind::OutOfOrder
                } else {
                    ProblemKind::Missing
                };
                let here: String = stream[cursor.min(stream.len())..].iter().collect();
                problems.push(problem(kind, unit, Some(&here), tables));
            }
        }
    }
    Ok(problems)
}

/// A problem with `unit`, its first words from the source, and for one not
/// found, what the file holds where it should be, back-translated.
fn problem(kind: ProblemKind, unit: &Unit, here: Option<&str>, tables: &str) -> Problem {
    let first: Vec<&str> = unit.text.split_whitespace().take(8).collect();
    let reads = here.map(|here| {
        let words: Vec<&str> = here
            .split([' ', LINE_END])
            .filter(|w| !w.is_empty())
            .take(8)
            .collect();
        if words.is_empty() {
            "nothing more".to_owned()
        } else {
            louis::back_translate(tables, &words.join(" ")).unwrap_or_else(|_| words.join(" "))
        }
    });
    Problem {
        kind,
        section: unit.section.clone(),
        item: unit.item,
        first_words: first.join(" "),
        why: None,
        reads,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicators_are_taken_out_and_blank_cells_made_one() {
        assert_eq!(normalise(",CALL  ,,NHS ^1TWO"), "CALL NHS TWO");
        assert_eq!(normalise(";B .7A B.'"), "B A B");
    }

    #[test]
    fn a_line_end_is_a_blank_cell_or_nothing() {
        let stream: Vec<char> = "AB\nCD EF\nGH".chars().collect();
        let unit: Vec<char> = "AB CD".chars().collect();
        assert_eq!(find(&stream, &unit, 0), Some((0, 5)));
        let cut: Vec<char> = "EFGH".chars().collect();
        assert_eq!(find(&stream, &cut, 0), Some((6, 11)));
        assert_eq!(find(&stream, &unit, 1), None);
    }

    fn unit(item: Item, text: &str) -> Unit {
        Unit {
            section: Some("s".to_owned()),
            item,
            text: text.to_owned(),
            words: vec![text.to_owned()],
            number: None,
        }
    }

    fn lines(braille: &[&str]) -> Vec<String> {
        braille.iter().map(|line| line.to_string()).collect()
    }

    #[test]
    fn units_are_found_in_order_across_line_ends() {
        let units = [
            unit(Item::Heading, "The children"),
            unit(Item::Text, "Come with you and the children."),
        ];
        let read = lines(&[",! *N", ",COME ) Y &", "! *N4"]);
        assert_eq!(compare(&units, &read, louis::UEB_GRADE_2).unwrap(), []);
    }

    #[test]
    fn a_missing_unit_is_named_with_what_the_braille_reads_there() {
        let units = [
            unit(Item::Heading, "The children"),
            unit(Item::Text, "Come with you."),
        ];
        let read = lines(&[",! *N", ",G ) Y4"]);
        let problems = compare(&units, &read, louis::UEB_GRADE_2).unwrap();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].kind, ProblemKind::Missing);
        assert_eq!(problems[0].first_words, "Come with you.");
        // Indicators are out of the compared braille: no capital comes back.
        assert_eq!(problems[0].reads.as_deref(), Some("go with you."));
    }

    #[test]
    fn units_out_of_order_and_headings_run_in_are_problems() {
        let units = [
            unit(Item::Text, "Come with you."),
            unit(Item::Text, "The children."),
        ];
        let read = lines(&[",! *N4", ",COME ) Y4"]);
        let problems = compare(&units, &read, louis::UEB_GRADE_2).unwrap();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].kind, ProblemKind::OutOfOrder);
        let heading = [unit(Item::Heading, "The children")];
        let run_in = lines(&[",! *N ,COME ) Y4"]);
        let problems = compare(&heading, &run_in, louis::UEB_GRADE_2).unwrap();
        assert_eq!(problems[0].kind, ProblemKind::NotStandingAlone);
    }

    #[test]
    fn english_and_welsh_have_tables_and_others_none() {
        assert_eq!(tables_for("en-GB").unwrap().list, louis::UEB_GRADE_2);
        assert!(tables_for("cy").unwrap().warning.is_some());
        assert!(tables_for("fr").is_none());
        // The Welsh table translates as ASCII braille.
        let welsh = louis::translate(tables_for("cy").unwrap().list, "Croeso i Gymru").unwrap();
        assert!(welsh.bytes().all(|b| (0x20..=0x5f).contains(&b)), "{welsh}");
    }
}
