//! Writing a [`Draft`] as a source file, formatted as a person would write
//! it: a `[leaflet]` table, then a `[[section]]` table a section with its
//! body in a `"""` string, and a `# TODO` comment above every value the
//! person must finish.

use std::collections::BTreeMap;

use super::shape::Draft;

/// A source file's text, and where each value is.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceText {
    /// The lines of the file, without line ends.
    lines: Vec<String>,
    /// Each value's first and last line (0-based), for a problem found in
    /// it to be put above it.
    entries: Vec<(usize, usize)>,
    /// The TODO comments to put above an entry, by its first line.
    todos: BTreeMap<usize, Vec<String>>,
}

impl SourceText {
    /// The file as written so far, TODOs included.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for (index, line) in self.lines.iter().enumerate() {
            for todo in self.todos.get(&index).into_iter().flatten() {
                for (n, part) in wrap(todo, 78).into_iter().enumerate() {
                    text.push_str(if n == 0 { "# TODO: " } else { "#   " });
                    text.push_str(&part);
                    text.push('\n');
                }
            }
            text.push_str(line);
            text.push('\n');
        }
        text
    }

    /// The file without its TODO comments: the lines that
    /// [`SourceText::add_todo_at_line`] counts.
    pub fn text_without_todos(&self) -> String {
        let mut text = self.lines.join("\n");
        text.push('\n');
        text
    }

    /// Every TODO, in the order of the file.
    pub fn todos(&self) -> Vec<String> {
        self.todos.values().flatten().cloned().collect()
    }

    /// Puts a TODO above the value that holds `line` (1-based, in the text
    /// without TODOs), unless that value has one already.
    pub fn add_todo_at_line(&mut self, line: usize, todo: String) {
        let index = line.saturating_sub(1);
        let start = self
            .entries
            .iter()
            .find(|(first, last)| (*first..=*last).contains(&index))
            .map_or(index, |(first, _)| *first);
        self.todos.entry(start).or_default();
        let todos = self.todos.get_mut(&start).expect("just made");
        if todos.is_empty() {
            todos.push(todo);
        }
    }

    fn push(&mut self, line: impl Into<String>) {
        self.lines.push(line.into());
    }

    /// A value of one or more lines, with a TODO above it when one is given.
    fn entry(&mut self, text: &str, todo: Option<String>) {
        let first = self.lines.len();
        for line in text.split('\n') {
            self.push(line);
        }
        self.entries.push((first, self.lines.len() - 1));
        if let Some(todo) = todo {
            self.todos.insert(first, vec![todo]);
        }
    }
}

/// Writes the draft, each section with the body markup given for it.
/// `header` is the comment the file starts with.
pub fn write(draft: &Draft, bodies: &[String], header: &[String]) -> SourceText {
    let mut file = SourceText {
        lines: Vec::new(),
        entries: Vec::new(),
        todos: BTreeMap::new(),
    };
    for line in header {
        file.push(if line.is_empty() {
            "#".to_owned()
        } else {
            format!("# {line}")
        });
    }
    if !header.is_empty() {
        file.push("");
    }
    file.push("[leaflet]");
    file.entry(&format!("id = {}", basic(&draft.id)), None);
    let title_todo = draft.title.is_none().then(|| {
        "the document has no title (no paragraph in the Title style and no heading): write it here"
            .to_owned()
    });
    file.entry(
        &format!("title = {}", basic(draft.title.as_deref().unwrap_or(""))),
        title_todo,
    );
    let language_todo = draft.language.is_none().then(|| {
        "the document does not say its language: write its BCP 47 tag here (en-GB, cy, fr), or import again with --language".to_owned()
    });
    file.entry(
        &format!(
            "language = {}",
            basic(draft.language.as_deref().unwrap_or(""))
        ),
        language_todo,
    );
    if let Some(publisher) = &draft.publisher {
        file.entry(&format!("publisher = {}", basic(publisher)), None);
    }
    if let Some(summary) = &draft.summary {
        file.entry(&format!("summary = {}", basic(summary)), None);
    }
    let (reviewed, reviewed_todo) = match &draft.reviewed {
        Some(written) => match &written.date {
            Some(date) if date.len() > 4 => (date.clone(), None),
            _ => (
                written.date.clone().unwrap_or_default(),
                Some(format!(
                    "the document says it was last reviewed “{}”: write the month too, as YYYY-MM",
                    written.text
                )),
            ),
        },
        None => (
            "YYYY-MM".to_owned(),
            Some("the document has no “Last reviewed” line with a date leafpress can read (such as “Last reviewed: April 2015”): write the month of its last review, as YYYY-MM".to_owned()),
        ),
    };
    file.entry(&format!("reviewed = {}", basic(&reviewed)), reviewed_todo);
    let (next_review, next_todo) = match draft.next_review.as_ref().and_then(|w| w.date.clone()) {
        Some(date) => (date, None),
        None => (
            "YYYY-MM".to_owned(),
            Some("the document has no “Next review” line with a date leafpress can read (such as “Next review: April 2017”): write when it is next due for review, as YYYY, YYYY-MM or YYYY-MM-DD".to_owned()),
        ),
    };
    file.entry(&format!("next_review = {}", basic(&next_review)), next_todo);

    for (section, body) in draft.sections.iter().zip(bodies) {
        file.push("");
        file.push("[[section]]");
        file.entry(&format!("id = {}", basic(&section.id)), None);
        let heading_todo = section.heading.is_none().then(|| {
            "this text came before the document's first heading and is more than a one-paragraph summary: give it a heading (or make the first paragraph the `summary`)".to_owned()
        });
        file.entry(
            &format!(
                "heading = {}",
                basic(section.heading.as_deref().unwrap_or(""))
            ),
            heading_todo,
        );
        file.entry(&format!("body = \"\"\"\n{}\"\"\"", multi_line(body)), None);
    }
    file
}

/// A TOML basic string: `"…"`, with what must be escaped escaped.
pub fn basic(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The inside of a TOML multi-line basic string: backslashes doubled, a
/// quote escaped only where it would make `"""`, other control characters
/// as escapes.
fn multi_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = None;
    for c in text.chars() {
        match c {
            '"' if previous == Some('"') => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push('\n'),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
        // An escaped quote ends a run of quotes.
        previous = if c == '"' && previous == Some('"') {
            None
        } else {
            Some(c)
        };
    }
    out
}

/// Words wrapped to lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_read_back_as_written() {
        for text in [
            "plain",
            "a \"quote\"",
            "back\\slash",
            "tab\tand\u{7}bell",
            "\"\"\"",
            "é ✓",
        ] {
            let toml_text = format!(
                "a = {}\nb = \"\"\"\n{}\n\"\"\"\n",
                basic(text),
                multi_line(text)
            );
            let table: toml::Table = toml::from_str(&toml_text).unwrap();
            assert_eq!(table["a"].as_str(), Some(text), "{toml_text}");
            assert_eq!(
                table["b"].as_str(),
                Some(format!("{text}\n").as_str()),
                "{toml_text}"
            );
        }
        let ends_in_quotes = format!("b = \"\"\"\n{}\"\"\"\n", multi_line("say \"\"\n"));
        let table: toml::Table = toml::from_str(&ends_in_quotes).unwrap();
        assert_eq!(table["b"].as_str(), Some("say \"\"\n"));
    }
}
