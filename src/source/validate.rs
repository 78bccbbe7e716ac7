//! Checking every value of a source file and building the model from it.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use serde::de::IntoDeserializer;
use toml::Spanned;
use toml::de::DeTable;

use super::diagnostic::Diagnostic;
use super::duplicates;
use super::markup::{
    fold_text, forbidden_character, forbidden_hint, is_line_break, parse_body, unbalanced_isolate,
};
use super::position::SourceText;
use super::schema::{
    BrailleTable, LabelsTable, LargePrintTable, LeafletTable, PrintTable, SectionTable, SourceFile,
};
use super::structure;
use super::toml_string::StringMap;
use super::{Day, Loaded};
use crate::labels::{self, DatePattern, Given, Labels, Placeholder};
use crate::model::{
    Binding, BrailleSettings, LargePrintSettings, Leaflet, PrintSettings, ReviewDate, Section,
    TrimSize, days_in_month,
};

/// Parses the TOML and checks its shape and every value, collecting every
/// problem.
pub fn validate(
    path: &Path,
    source: SourceText,
    today: Day,
    source_sha256: String,
) -> Result<Loaded, Vec<Diagnostic>> {
    // Control characters typed straight into the file: each is reported
    // here, in words, and blanked out (same number of bytes, so positions
    // hold) so that the TOML parser does not stop at the first one.
    let forbidden: Vec<(usize, char, &str)> = source
        .text()
        .char_indices()
        .filter_map(|(at, c)| Some((at, c, forbidden_character(c)?)))
        .collect();
    let blanked: String;
    let text = if forbidden.is_empty() {
        source.text()
    } else {
        blanked = blank_forbidden_characters(source.text());
        &blanked
    };
    let raw_errors: Vec<Diagnostic> = forbidden
        .iter()
        .map(|&(at, c, kind)| {
            Diagnostic::error(
                path,
                source.position(at),
                format!("the file holds the {kind} U+{:04X}", c as u32),
            )
            .with_hint(forbidden_hint(kind))
        })
        .collect();
    let mut document = match DeTable::parse(text) {
        Ok(document) => document,
        Err(error) => {
            let mut errors = raw_errors;
            errors.push(toml_error(path, &source, text, &error));
            return Err(errors);
        }
    };
    let shape_problems = structure::check(&mut document);
    let file = match SourceFile::deserialize(document.into_deserializer()) {
        Ok(file) => file,
        Err(error) => return Err(vec![toml_error(path, &source, text, &error)]),
    };
    let mut checker = Checker {
        path,
        source: &source,
        errors: Vec::new(),
        next_review_at: 0,
        id_at: 0,
        misspelt: Vec::new(),
        labels_warning: None,
    };
    checker.errors.extend(raw_errors);
    for problem in shape_problems {
        if let Some(misspelt) = problem.stands_for {
            checker.misspelt.push(misspelt);
        }
        checker.error_at(problem.offset, problem.message, problem.hint);
    }
    let leaflet = checker.leaflet(file);
    checker
        .errors
        .sort_by_key(|error| (error.position.line, error.position.column));
    // One message per problem: `<b>bold</b>` is one piece of raw HTML to
    // the author, though the parser meets two tags.
    checker
        .errors
        .dedup_by(|a, b| a.position.line == b.position.line && a.message == b.message);
    match leaflet {
        Some(leaflet) if checker.errors.is_empty() => {
            let warnings = checker
                .review_warning(&leaflet, today)
                .into_iter()
                .chain(checker.labels_warning.take())
                .collect();
            let id_position = source.position(checker.id_at);
            Ok(Loaded {
                leaflet,
                warnings,
                id_position,
                source_sha256,
            })
        }
        _ => Err(checker.errors),
    }
}

/// Turns a TOML syntax error (or, should the shape check and the schema
/// ever disagree, a serde error) into a diagnostic. `text` is what was
/// parsed: the source with any forbidden characters blanked out.
fn toml_error(path: &Path, source: &SourceText, text: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().trim_end_matches('.').to_owned();
    if let (true, Some(span)) = (message == "duplicate key", error.span()) {
        return duplicate_error(path, source, text, span);
    }
    let offset = error.span().map_or(0, |span| span.start);
    let hint = if message.contains("duplicate key") {
        "write each key once per table"
    } else {
        "this is not valid TOML: strings go in quotes, each key = value on a line of its own; see the source format in the README"
    };
    Diagnostic::error(path, source.position(offset), message).with_hint(hint)
}

/// A key or table written twice, reported at the second writing with the
/// line of the first (and its column, when both are on one line).
fn duplicate_error(
    path: &Path,
    source: &SourceText,
    text: &str,
    span: std::ops::Range<usize>,
) -> Diagnostic {
    let duplicate = duplicates::describe(text, span);
    let at = source.position(duplicate.offset);
    let what = duplicate.what;
    let message = match duplicate.first.map(|first| source.position(first)) {
        Some(first) if first.line == at.line => format!(
            "{what} is written twice; it was first written at line {}, column {}",
            first.line, first.column
        ),
        Some(first) => format!(
            "{what} is written twice; it was first written at line {}",
            first.line
        ),
        None => format!("{what} is written twice in the same table"),
    };
    Diagnostic::error(path, at, message).with_hint(duplicate.hint)
}

/// Text with every forbidden character (see [`forbidden_character`])
/// replaced by spaces of the same length in bytes, so that byte offsets, and
/// the positions reported from them, stay right.
fn blank_forbidden_characters(text: &str) -> String {
    text.chars()
        .map(|c| match forbidden_character(c) {
            Some(_) => " ".repeat(c.len_utf8()),
            None => c.to_string(),
        })
        .collect()
}

/// A number as a message shows it: short, whatever its size (`1e308`, not
/// 309 digits).
fn shown_number(value: f64) -> String {
    if value.is_finite() && value.abs() < 1e6 {
        format!("{value}")
    } else {
        format!("{value:e}")
    }
}

/// The longest id accepted: ids name files (`ID-large-print.pdf`) and
/// folders, and file systems refuse names over 255 bytes.
const MAX_ID_CHARS: usize = 100;

/// The longest paper name (`[print] stock`): it goes in a table cell of the
/// one-page job sheet.
const MAX_STOCK_CHARS: usize = 100;

/// Collects errors while building the model.
struct Checker<'a> {
    path: &'a Path,
    source: &'a SourceText,
    errors: Vec<Diagnostic>,
    /// Where `next_review` is written, for the warning when it has passed.
    next_review_at: usize,
    /// Where the leaflet id is written.
    id_at: usize,
    /// Known keys already reported (misspelt, or with a value of the wrong
    /// kind), by the start of their table: not reported missing as well.
    misspelt: Vec<(usize, &'static str)>,
    /// The warning that some of leafpress's own words fall back to English.
    labels_warning: Option<Diagnostic>,
}

impl Checker<'_> {
    fn error_at(&mut self, offset: usize, message: impl Into<String>, hint: impl Into<String>) {
        let position = self.source.position(offset);
        self.errors
            .push(Diagnostic::error(self.path, position, message).with_hint(hint));
    }

    /// A required key: reported when missing, at the start of its table.
    fn required<'f>(
        &mut self,
        field: &'f Option<Spanned<String>>,
        key: &str,
        table: &str,
        table_start: usize,
    ) -> Option<&'f Spanned<String>> {
        let reported = self
            .misspelt
            .iter()
            .any(|&(start, misspelt)| start == table_start && misspelt == key);
        if field.is_none() && !reported {
            self.error_at(
                table_start,
                format!("{table} has no `{key}`"),
                format!("add `{key} = ...` to this table: see the source format in the README"),
            );
        }
        field.as_ref()
    }

    fn leaflet(&mut self, file: SourceFile) -> Option<Leaflet> {
        let Some(leaflet) = file.leaflet else {
            // Unless `[leaflet]` was there, misspelt or of the wrong kind.
            if !self.misspelt.contains(&(0, "leaflet")) {
                self.error_at(
                0,
                "the file has no [leaflet] table",
                "add a [leaflet] table with id, title, language, reviewed and next_review: see the source format in the README",
            );
            }
            // The sections are still checked, for every problem at once.
            let _ = self.sections(&file.sections);
            return None;
        };
        let table_start = leaflet.span().start;
        let fields: LeafletTable = leaflet.into_inner();
        let mut required = |field: &Option<Spanned<String>>, key: &str| {
            self.required(field, key, "[leaflet]", table_start).cloned()
        };
        let id_field = required(&fields.id, "id");
        let title_field = required(&fields.title, "title");
        let language_field = required(&fields.language, "language");
        let reviewed_field = required(&fields.reviewed, "reviewed");
        let next_review_field = required(&fields.next_review, "next_review");
        let id = id_field.as_ref().and_then(|id| self.id(id, "leaflet"));
        self.id_at = id_field.as_ref().map_or(table_start, |id| id.span().start);
        let title = title_field
            .as_ref()
            .and_then(|title| self.one_line(title, "title"));
        let language = language_field
            .as_ref()
            .and_then(|language| self.language(language));
        let publisher = fields
            .publisher
            .as_ref()
            .and_then(|publisher| self.one_line(publisher, "publisher"));
        let summary = fields
            .summary
            .as_ref()
            .and_then(|summary| self.text(summary, "summary"));
        let reviewed = reviewed_field
            .as_ref()
            .and_then(|date| self.date(date, "reviewed", DatePrecision::Month));
        let next_review = next_review_field
            .as_ref()
            .and_then(|date| self.date(date, "next_review", DatePrecision::Year));
        if let Some(field) = &next_review_field {
            self.next_review_at = field.span().start;
        }
        if let (Some(reviewed), Some(next), Some(field)) =
            (reviewed, next_review, &next_review_field)
            && next.last_day() < reviewed.first_day()
        {
            self.error_at(
                field.span().start,
                format!("the next review ({next}) is before the last review ({reviewed})"),
                "next_review is when the leaflet must be reviewed again, after `reviewed`",
            );
        }
        let print = file
            .print
            .map(|table| self.print(table))
            .unwrap_or_default();
        let large_print = file
            .large_print
            .map(|table| self.large_print(table))
            .unwrap_or_default();
        let braille = file
            .braille
            .map(|table| self.braille(table))
            .unwrap_or_default();
        let sections_reported = self.misspelt.contains(&(0, "section"));
        if file.sections.is_empty() && !sections_reported {
            self.error_at(
                table_start,
                "the leaflet has no sections",
                "add at least one [[section]] with an id, a heading and a body",
            );
        }
        let sections = self.sections(&file.sections);
        let labels = self.labels(
            file.labels,
            language.as_deref(),
            language_field
                .as_ref()
                .map_or(table_start, |f| f.span().start),
            publisher.is_some(),
            print.binding,
        );
        Some(Leaflet {
            id: id?,
            title: title?,
            language: language?,
            publisher,
            summary,
            reviewed: reviewed?,
            next_review: next_review?,
            print,
            large_print,
            braille,
            sections: sections?,
            labels: labels?,
            source_path: self.path.to_owned(),
        })
    }

    /// An id that names output files and folders: `[a-z0-9]+(-[a-z0-9]+)*`,
    /// which also keeps it from reaching outside the output folder.
    fn id(&mut self, id: &Spanned<String>, what: &str) -> Option<String> {
        let value = id.get_ref();
        if value.chars().count() > MAX_ID_CHARS {
            self.error_at(
                id.span().start,
                format!(
                    "the {what} id is {} characters long; at most {MAX_ID_CHARS} are allowed",
                    value.chars().count()
                ),
                "use a short name: it names files and folders",
            );
            return None;
        }
        let valid = !value.is_empty()
            && value.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        if valid {
            return Some(value.clone());
        }
        let suggestion = slug(value);
        let hint = if suggestion.is_empty() {
            "use lower-case letters, digits and single hyphens, such as `hospital-transport`"
                .to_owned()
        } else {
            format!("use lower-case letters, digits and single hyphens, such as `{suggestion}`")
        };
        self.error_at(
            id.span().start,
            format!("the {what} id `{value}` is not lower-case letters and digits joined by single hyphens"),
            hint,
        );
        None
    }

    /// Text that must be one non-empty line: a title, a heading, a publisher.
    fn one_line(&mut self, field: &Spanned<String>, name: &str) -> Option<String> {
        let value = field.get_ref();
        if let Some(at) = value.find(is_line_break) {
            let offset = self.offset_in(field, at);
            self.error_at(
                offset,
                format!("`{name}` must be one line"),
                "write it on one line, without line breaks",
            );
            return None;
        }
        self.text(field, name)
    }

    /// Plain text: not empty, no control characters; white space folded.
    fn text(&mut self, field: &Spanned<String>, name: &str) -> Option<String> {
        if !self.no_control_characters(field, name) {
            return None;
        }
        if let Some(problem) = unbalanced_isolate(field.get_ref()) {
            let offset = self.offset_in(field, problem.offset);
            self.error_at(
                offset,
                format!("`{name}`: {}", problem.message),
                problem.hint,
            );
            return None;
        }
        let folded = fold_text(field.get_ref()).trim().to_owned();
        if !has_words(&folded) {
            self.error_at(
                field.span().start,
                format!("`{name}` is empty or has no words"),
                match name {
                    "publisher" | "summary" | "stock" | "notes" | "published_by"
                    | "last_reviewed" | "next_review_due" | "contents" | "landmarks" | "pages" => {
                        format!("write the {name}, or leave the key out")
                    }
                    _ => format!("write the {name}: it is required"),
                },
            );
            return None;
        }
        Some(folded)
    }

    /// Control characters other than line feed and tab have no place in any
    /// output, and some (form feed, escape) would break them; noncharacters
    /// cannot be written in XML at all. Each one is reported.
    fn no_control_characters(&mut self, field: &Spanned<String>, name: &str) -> bool {
        let value = field.get_ref();
        let mut clean = true;
        for (at, c) in value.char_indices() {
            let Some(kind) = forbidden_character(c) else {
                continue;
            };
            clean = false;
            let offset = self.offset_in(field, at);
            self.error_at(
                offset,
                format!("`{name}` holds the {kind} U+{:04X}", c as u32),
                forbidden_hint(kind),
            );
        }
        clean
    }

    /// The file offset of a byte offset inside a string value.
    fn offset_in(&self, field: &Spanned<String>, at: usize) -> usize {
        StringMap::new(self.source.text(), field.span(), field.get_ref()).file_offset(at)
    }

    fn language(&mut self, field: &Spanned<String>) -> Option<String> {
        let value = field.get_ref().as_str();
        match language_tag_problem(value) {
            Some(problem) => {
                self.error_at(field.span().start, problem, LANGUAGE_TAG_HINT);
                None
            }
            None => Some(value.to_owned()),
        }
    }

    fn date(
        &mut self,
        field: &Spanned<String>,
        name: &str,
        coarsest: DatePrecision,
    ) -> Option<ReviewDate> {
        match parse_date(field.get_ref(), coarsest) {
            Ok(date) => Some(date),
            Err(problem) => {
                let forms = match coarsest {
                    DatePrecision::Year => "YYYY, YYYY-MM or YYYY-MM-DD",
                    DatePrecision::Month => "YYYY-MM or YYYY-MM-DD",
                };
                self.error_at(
                    field.span().start,
                    format!("`{name}` {problem}"),
                    format!("write the date as {forms}, such as \"2026-03\""),
                );
                None
            }
        }
    }

    /// The leaflet's labels: `[labels]` checked key by key, the rest built
    /// in or English tagged `en`, with a warning naming the labels that
    /// fell back to English (leaving out `published_by` for a leaflet
    /// without a publisher and `notes` for one without Notes pages).
    /// `None` when a value in `[labels]` is refused.
    fn labels(
        &mut self,
        table: Option<Spanned<LabelsTable>>,
        language: Option<&str>,
        language_at: usize,
        has_publisher: bool,
        binding: Binding,
    ) -> Option<Labels> {
        let table_at = table.as_ref().map(|table| table.span().start);
        let mut valid = true;
        let mut given = Given::default();
        if let Some(table) = table {
            let table = table.into_inner();
            let mut word = |checker: &mut Self, field: &Option<Spanned<String>>, name: &str| {
                let word = field.as_ref().map(|field| checker.one_line(field, name));
                valid &= !matches!(word, Some(None));
                word.flatten()
            };
            given.notes = word(self, &table.notes, "notes");
            given.published_by = word(self, &table.published_by, "published_by");
            given.last_reviewed = word(self, &table.last_reviewed, "last_reviewed");
            given.next_review_due = word(self, &table.next_review_due, "next_review_due");
            given.contents = word(self, &table.contents, "contents");
            given.landmarks = word(self, &table.landmarks, "landmarks");
            given.pages = word(self, &table.pages, "pages");
            let all = [Placeholder::Day, Placeholder::Month, Placeholder::Year];
            let month_year = [Placeholder::Month, Placeholder::Year];
            if let Some(field) = &table.date {
                given.date = self.date_pattern(field, "date", &all);
                valid &= given.date.is_some();
            }
            if let Some(field) = &table.month_date {
                given.month_date = self.date_pattern(field, "month_date", &month_year);
                valid &= given.month_date.is_some();
            }
            if let Some(field) = &table.months {
                given.months = self.months(field, "months");
                valid &= given.months.is_some();
            }
            if let Some(field) = &table.months_alone {
                given.months_alone = self.months(field, "months_alone");
                valid &= given.months_alone.is_some();
            }
        }
        let language = language?;
        let resolved = labels::resolve(language, &given);
        let missing: Vec<&str> = resolved
            .missing
            .iter()
            .copied()
            .filter(|key| match *key {
                "published_by" => has_publisher,
                "notes" => binding == Binding::SaddleStitch,
                _ => true,
            })
            .collect();
        if !missing.is_empty() {
            let keys = missing
                .iter()
                .map(|key| format!("`{key}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let built_in = labels::BUILT_IN.join(", ");
            let warning = match table_at {
                None => Diagnostic::warning(
                    self.path,
                    self.source.position(language_at),
                    format!(
                        "leafpress has no labels built in for `{language}` and the file has no [labels] table: {keys} are written in English, tagged `en`"
                    ),
                )
                .with_hint(format!(
                    "add a [labels] table giving them in the leaflet's language (built in: {built_in}); see the source format in the README"
                )),
                Some(at) => Diagnostic::warning(
                    self.path,
                    self.source.position(at),
                    format!(
                        "[labels] does not give {keys}, and leafpress has none built in for `{language}`: they are written in English, tagged `en`"
                    ),
                )
                .with_hint("add them to [labels] in the leaflet's language; see the source format in the README"),
            };
            self.labels_warning = Some(warning);
        }
        valid.then_some(resolved.labels)
    }

    /// A date pattern (`[labels] date` or `month_date`): one line, holding
    /// each of `wanted` once and no other placeholder.
    fn date_pattern(
        &mut self,
        field: &Spanned<String>,
        name: &str,
        wanted: &[Placeholder],
    ) -> Option<DatePattern> {
        let folded = self.one_line(field, name)?;
        // Positions come from the value as written; the pattern is the
        // folded value (white space folded does not change placeholders).
        if let Err(problem) = DatePattern::parse(field.get_ref(), wanted) {
            let example = if wanted.contains(&Placeholder::Day) {
                "\"{day} {month} {year}\" or \"{year}年{month}{day}日\""
            } else {
                "\"{month} {year}\" or \"{year}年{month}\""
            };
            self.error_at(
                self.offset_in(field, problem.at),
                format!("`{name}` {}", problem.message),
                format!("write the order a date is written in, such as {example}"),
            );
            return None;
        }
        DatePattern::parse(&folded, wanted).ok()
    }

    /// `[labels] months` or `months_alone` (`key`): exactly 12 names,
    /// January to December, each one line with words.
    fn months(&mut self, field: &Spanned<Vec<Spanned<String>>>, key: &str) -> Option<[String; 12]> {
        let hint = "give the 12 month names, January to December, in the leaflet's language";
        let names = field.get_ref();
        let mut valid = true;
        if names.len() != 12 {
            self.error_at(
                field.span().start,
                format!(
                    "`{key}` has {} name{}; it must have 12, January to December",
                    names.len(),
                    if names.len() == 1 { "" } else { "s" }
                ),
                hint,
            );
            valid = false;
        }
        let mut months = Vec::with_capacity(12);
        for (index, name) in names.iter().enumerate() {
            let value = name.get_ref();
            if let Some(at) = value.find(is_line_break) {
                let offset = self.offset_in(name, at);
                self.error_at(
                    offset,
                    format!("month {} of `{key}` must be one line", index + 1),
                    "write each month's name on one line",
                );
                valid = false;
                continue;
            }
            if !self.no_control_characters(name, key) {
                valid = false;
                continue;
            }
            let folded = fold_text(value).trim().to_owned();
            if !has_words(&folded) {
                self.error_at(
                    name.span().start,
                    format!("month {} of `{key}` is empty or has no words", index + 1),
                    hint,
                );
                valid = false;
                continue;
            }
            months.push(folded);
        }
        if !valid {
            return None;
        }
        months.try_into().ok()
    }

    fn print(&mut self, table: PrintTable) -> PrintSettings {
        let defaults = PrintSettings::default();
        let size = table
            .size
            .as_ref()
            .and_then(|size| self.choice(size, "size", &TrimSize::ALL))
            .unwrap_or(defaults.size);
        let bleed_mm = table
            .bleed_mm
            .as_ref()
            .and_then(|bleed| self.number_in(bleed, "bleed_mm", 0.0..=5.0, "millimetres"))
            .unwrap_or(defaults.bleed_mm);
        let binding = table
            .binding
            .as_ref()
            .and_then(|binding| self.choice(binding, "binding", &Binding::ALL))
            .unwrap_or(defaults.binding);
        let stock = table
            .stock
            .as_ref()
            .and_then(|stock| self.one_line(stock, "stock"))
            .filter(|stock| {
                let long = stock.chars().count() > MAX_STOCK_CHARS;
                if long {
                    let at = table.stock.as_ref().map_or(0, |field| field.span().start);
                    self.error_at(
                        at,
                        format!(
                            "`stock` is {} characters long; at most {MAX_STOCK_CHARS} are allowed",
                            stock.chars().count()
                        ),
                        "name the paper as a print shop would, such as \"130 gsm silk\"",
                    );
                }
                !long
            });
        PrintSettings {
            size,
            bleed_mm,
            crop_marks: table.crop_marks.unwrap_or(defaults.crop_marks),
            binding,
            stock,
        }
    }

    fn large_print(&mut self, table: LargePrintTable) -> LargePrintSettings {
        let size_pt = table
            .size_pt
            .as_ref()
            .and_then(|size| self.number_in(size, "size_pt", 16.0..=28.0, "points"))
            .unwrap_or(LargePrintSettings::default().size_pt);
        LargePrintSettings { size_pt }
    }

    fn braille(&mut self, table: BrailleTable) -> BrailleSettings {
        let defaults = BrailleSettings::default();
        let cells_per_line = table
            .cells_per_line
            .as_ref()
            .and_then(|cells| {
                self.whole_number_in(
                    cells,
                    "cells_per_line",
                    BrailleSettings::CELLS_PER_LINE,
                    "cells",
                )
            })
            .unwrap_or(defaults.cells_per_line);
        let lines_per_page = table
            .lines_per_page
            .as_ref()
            .and_then(|lines| {
                self.whole_number_in(
                    lines,
                    "lines_per_page",
                    BrailleSettings::LINES_PER_PAGE,
                    "lines",
                )
            })
            .unwrap_or(defaults.lines_per_page);
        BrailleSettings {
            cells_per_line,
            lines_per_page,
        }
    }

    /// A whole number in `range`, or an error at the value.
    fn whole_number_in(
        &mut self,
        field: &Spanned<f64>,
        name: &str,
        range: std::ops::RangeInclusive<usize>,
        unit: &str,
    ) -> Option<usize> {
        let (start, end) = (*range.start() as f64, *range.end() as f64);
        let value = self.number_in(field, name, start..=end, unit)?;
        if value.fract() != 0.0 {
            self.error_at(
                field.span().start,
                format!(
                    "`{name}` is {}, not a whole number of {unit}",
                    shown_number(value)
                ),
                format!("choose a whole number from {start} to {end}"),
            );
            return None;
        }
        Some(value as usize)
    }

    fn choice<T: Copy>(
        &mut self,
        field: &Spanned<String>,
        name: &str,
        choices: &[(&str, T)],
    ) -> Option<T> {
        let value = field.get_ref();
        if let Some((_, choice)) = choices.iter().find(|(written, _)| written == value) {
            return Some(*choice);
        }
        let names: Vec<&str> = choices.iter().map(|(written, _)| *written).collect();
        let hint = match names.iter().find(|name| name.eq_ignore_ascii_case(value)) {
            Some(name) => format!("write `{name}`"),
            None => format!("choose one of: {}", names.join(", ")),
        };
        self.error_at(
            field.span().start,
            format!("`{value}` is not a {name} leafpress knows"),
            hint,
        );
        None
    }

    fn number_in(
        &mut self,
        field: &Spanned<f64>,
        name: &str,
        range: std::ops::RangeInclusive<f64>,
        unit: &str,
    ) -> Option<f64> {
        let value = *field.get_ref();
        if range.contains(&value) {
            return Some(value);
        }
        self.error_at(
            field.span().start,
            format!(
                "`{name}` is {}, outside {} to {} {unit}",
                shown_number(value),
                range.start(),
                range.end()
            ),
            format!("choose a number from {} to {}", range.start(), range.end()),
        );
        None
    }

    fn sections(&mut self, tables: &[Spanned<SectionTable>]) -> Option<Vec<Section>> {
        let mut first_seen: HashMap<&str, usize> = HashMap::new();
        let mut sections = Vec::with_capacity(tables.len());
        let mut all_valid = true;
        for table in tables {
            let fields = table.get_ref();
            let start = table.span().start;
            let id_field = self.required(&fields.id, "id", "[[section]]", start);
            let heading_field = self.required(&fields.heading, "heading", "[[section]]", start);
            let body_field = self.required(&fields.body, "body", "[[section]]", start);
            let id = id_field.and_then(|field| self.id(field, "section"));
            if let (Some(id), Some(field)) = (&id, id_field) {
                let line = self.source.position(field.span().start).line;
                if let Some(first_line) = first_seen.insert(field.get_ref(), line) {
                    self.error_at(
                        field.span().start,
                        format!("the section id `{id}` is used twice (first on line {first_line})"),
                        "give every section its own id",
                    );
                    first_seen.insert(field.get_ref(), first_line);
                }
            }
            let heading = heading_field.and_then(|field| self.one_line(field, "heading"));
            let blocks = body_field.and_then(|field| self.body(field));
            match (id, heading, blocks) {
                (Some(id), Some(heading), Some(blocks)) => sections.push(Section {
                    id,
                    heading,
                    blocks,
                }),
                _ => all_valid = false,
            }
        }
        (all_valid && !sections.is_empty()).then_some(sections)
    }

    fn body(&mut self, field: &Spanned<String>) -> Option<Vec<crate::model::Block>> {
        // Every forbidden character is reported, and the body is still read
        // (each one blanked out, its bytes kept so positions stay right) for
        // the problems after it.
        let clean = self.no_control_characters(field, "body");
        if !clean {
            let blanked = blank_forbidden_characters(field.get_ref());
            let _ = parse_body(&blanked).map_err(|errors| {
                let map = StringMap::new(self.source.text(), field.span(), field.get_ref());
                for error in errors {
                    self.error_at(map.file_offset(error.offset), error.message, error.hint);
                }
            });
            return None;
        }
        if field.get_ref().trim().is_empty() {
            self.error_at(
                field.span().start,
                "the body is empty",
                "write the section's text: paragraphs separated by blank lines, lists with `- ` or `1. `",
            );
            return None;
        }
        match parse_body(field.get_ref()) {
            Ok(blocks) if has_words(&blocks_text(&blocks)) => Some(blocks),
            Ok(_) => {
                self.error_at(
                    field.span().start,
                    "the body has no words",
                    "write the section's text: paragraphs separated by blank lines",
                );
                None
            }
            Err(errors) => {
                let map = StringMap::new(self.source.text(), field.span(), field.get_ref());
                for error in errors {
                    self.error_at(map.file_offset(error.offset), error.message, error.hint);
                }
                None
            }
        }
    }

    /// A warning when the next review date has passed: the leaflet is still
    /// built, but its readers may be getting stale advice.
    fn review_warning(&self, leaflet: &Leaflet, today: Day) -> Option<Diagnostic> {
        if leaflet.next_review.last_day() >= today {
            return None;
        }
        Some(
            Diagnostic::warning(
                self.path,
                self.source.position(self.next_review_at),
                format!(
                    "the next review was due by {} and that date has passed",
                    leaflet.next_review.for_people(),
                ),
            )
            .with_hint("review the leaflet, then update `reviewed` and `next_review`"),
        )
    }
}

/// How coarse a date may be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DatePrecision {
    /// `YYYY` is enough.
    Year,
    /// At least `YYYY-MM`.
    Month,
}

/// A review date as the source writes it (`YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD`), if it is one that exists: how a leaflet's stamp records
/// its dates ([`crate::stamp::Described`]).
pub fn review_date(written: &str) -> Option<ReviewDate> {
    parse_date(written, DatePrecision::Year).ok()
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking that the date exists.
fn parse_date(written: &str, coarsest: DatePrecision) -> Result<ReviewDate, String> {
    let malformed = || match coarsest {
        DatePrecision::Year => {
            format!("`{written}` is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        }
        DatePrecision::Month => {
            format!("`{written}` is not a date of the form YYYY-MM or YYYY-MM-DD")
        }
    };
    let parts: Vec<&str> = written.split('-').collect();
    let widths: Vec<usize> = parts.iter().map(|part| part.len()).collect();
    let shape_ok = matches!(widths.as_slice(), [4] | [4, 2] | [4, 2, 2])
        && parts
            .iter()
            .all(|part| part.bytes().all(|b| b.is_ascii_digit()));
    if !shape_ok || (coarsest == DatePrecision::Month && parts.len() == 1) {
        return Err(malformed());
    }
    let number = |i: usize| parts.get(i).map(|part| part.parse::<u16>().unwrap_or(0));
    let year = number(0).unwrap_or(0);
    let month = number(1).map(|m| m as u8);
    let day = number(2).map(|d| d as u8);
    if year == 0 {
        return Err(format!("`{written}` has no year 0000"));
    }
    if let Some(month) = month
        && !(1..=12).contains(&month)
    {
        return Err(format!(
            "`{written}` is not a real date: there is no month {month}"
        ));
    }
    if let (Some(month), Some(day)) = (month, day) {
        let days = days_in_month(year, month);
        if day == 0 {
            return Err(format!("`{written}` is not a real date: there is no day 0"));
        }
        if !(1..=days).contains(&day) {
            return Err(format!(
                "`{written}` is not a real date: {} has {days} days",
                ReviewDate {
                    year,
                    month: Some(month),
                    day: None
                }
                .for_people()
            ));
        }
    }
    Ok(ReviewDate { year, month, day })
}

/// Whether text has at least one letter or digit, in any script: something a
/// reader can read and the check can find.
fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// All the words of a body, for [`has_words`].
fn blocks_text(blocks: &[crate::model::Block]) -> String {
    use crate::model::{Block, LinkAddresses, plain_text};
    blocks
        .iter()
        .flat_map(|block| match block {
            Block::Paragraph { content } => vec![plain_text(content, LinkAddresses::Omitted)],
            Block::BulletList { items } | Block::NumberedList { items, .. } => items
                .iter()
                .map(|item| plain_text(&item.content, LinkAddresses::Omitted))
                .collect(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A suggestion for an id: lower-case, with anything else turned into single
/// hyphens.
fn slug(value: &str) -> String {
    let lowered: String = value
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    lowered
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// What to write instead of a language tag the source format refuses.
pub const LANGUAGE_TAG_HINT: &str = "write a tag such as en-GB, cy-GB, fr or pa-Guru-IN";

/// Why `value` is not a language tag a leaflet may have, or `None` when it
/// is one: BCP 47's grammar, with a primary language of 2 or 3 letters.
pub fn language_tag_problem(value: &str) -> Option<String> {
    match oxilangtag::LanguageTag::parse(value) {
        // BCP 47's grammar allows primary subtags of 4 to 8 letters, but
        // none is registered: `english` is a mistake, not a language.
        Ok(tag) if !(2..=3).contains(&tag.primary_language().len()) => Some(format!(
            "`{value}` is not a BCP 47 language tag (the language part must be a 2- or 3-letter code)"
        )),
        Ok(_) => None,
        Err(error) => Some(format!("`{value}` is not a BCP 47 language tag ({error})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist_and_be_precise_enough() {
        assert!(parse_date("2015-04", DatePrecision::Month).is_ok());
        assert!(parse_date("2024-02-29", DatePrecision::Month).is_ok());
        assert!(parse_date("2017", DatePrecision::Year).is_ok());
        for bad in [
            "2017",
            "2015-13",
            "2023-02-29",
            "2015-4",
            "April 2015",
            "2015/04",
            "",
        ] {
            assert!(parse_date(bad, DatePrecision::Month).is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs_suggest_a_valid_id() {
        assert_eq!(slug("My Leaflet_2"), "my-leaflet-2");
        assert_eq!(slug("../x"), "x");
    }
}
