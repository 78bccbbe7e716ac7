//! Writes a leaflet as a BRF: ASCII braille laid out in pages by leafpress
//! itself (liblouis translates; it breaks no lines).
//!
//! The layout follows UKAAF's guidance on presenting braille, and BANA's
//! Braille Formats (2016) where UKAAF leaves a choice open:
//!
//! - every line ends CR LF, and a form feed ends every page, the last too;
//!   a page holds at most `lines_per_page` lines of at most
//!   `cells_per_line` cells;
//! - the braille page number (the number sign and the digits as the
//!   letters a to j) stands at the right end of each page's first line,
//!   after at least three blank cells; a first line too full for it is
//!   left shorter;
//! - the title comes first, then a blank line; each heading has a blank
//!   line before it (not at the top of a page) and after it, and starts a
//!   new page rather than end one (it keeps with its first line);
//! - paragraphs are blocked, starting in cell 1, with a blank line between
//!   them;
//! - each list item starts a new line in cell 1, its runover lines in cell
//!   3 (BANA's 1-3 list format); a numbered item keeps its number, a
//!   bulleted item has no bullet (BANA: the layout shows the list);
//! - no word is divided across lines, except one wider than a line (a long
//!   address), which fills the line and goes on at the start of the next;
//! - links are written out as in the plain text, `text (address)`;
//! - strong text is bold and emphasis italic, with UEB's indicators, which
//!   liblouis adds from the typeforms given it (not in Welsh: see
//!   [`Tables::emphasis`]);
//! - the end matter comes last, a line each, after a blank line.

use super::Tables;
use super::louis::{self, BOLD, ITALIC};
use crate::model::{Block, BrailleSettings, Inline, Leaflet, end_matter};

/// What kind of block a run of braille is, for its layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Title,
    Heading,
    Paragraph,
    ListItem,
    EndMatter,
}

/// The leaflet as a BRF, translated with `tables` (its emphasis marked if
/// they mark it).
pub fn write(
    leaflet: &Leaflet,
    tables: Tables,
    page: BrailleSettings,
) -> Result<Vec<u8>, louis::Error> {
    let blocks = blocks(leaflet, tables)?;
    let mut layout = Layout::new(page);
    for (kind, braille) in &blocks {
        layout.block(*kind, braille);
    }
    Ok(layout.finish().into_bytes())
}

/// The leaflet's blocks in reading order, each translated.
fn blocks(leaflet: &Leaflet, tables: Tables) -> Result<Vec<(Kind, String)>, louis::Error> {
    let mut blocks = Vec::new();
    let mut push = |kind: Kind, mut styled: Styled| -> Result<(), louis::Error> {
        if !tables.emphasis {
            styled.forms.fill(0);
        }
        if !styled.text.trim().is_empty() {
            blocks.push((kind, styled.translate(tables.list)?));
        }
        Ok(())
    };
    push(Kind::Title, Styled::plain(&leaflet.title))?;
    if let Some(summary) = &leaflet.summary {
        push(Kind::Paragraph, Styled::plain(summary))?;
    }
    for section in &leaflet.sections {
        push(Kind::Heading, Styled::plain(&section.heading))?;
        for block in &section.blocks {
            match block {
                Block::Paragraph { content } => push(Kind::Paragraph, Styled::of(content))?,
                Block::BulletList { items } => {
                    for item in items {
                        push(Kind::ListItem, Styled::of(&item.content))?;
                    }
                }
                Block::NumberedList { start, items } => {
                    for (number, item) in (*start..).zip(items) {
                        let mut styled = Styled::plain(&format!("{number}. "));
                        styled.inlines(&item.content, 0);
                        push(Kind::ListItem, styled)?;
                    }
                }
            }
        }
    }
    for line in end_matter(leaflet) {
        push(Kind::EndMatter, Styled::plain(&line.text()))?;
    }
    Ok(blocks)
}

/// Text with a liblouis typeform for each character.
struct Styled {
    text: String,
    forms: Vec<u16>,
}

impl Styled {
    fn plain(text: &str) -> Styled {
        let mut styled = Styled {
            text: String::new(),
            forms: Vec::new(),
        };
        styled.push(text, 0);
        styled
    }

    fn of(content: &[Inline]) -> Styled {
        let mut styled = Styled::plain("");
        styled.inlines(content, 0);
        styled
    }

    /// Adds `text` in `form`, cleaned as the plain text is: no soft
    /// hyphens, tabs or line breaks. A no-break space (U+00A0, U+202F),
    /// which the braille tables pass through as it is and BRF cannot hold,
    /// is a blank cell like any space.
    fn push(&mut self, text: &str, form: u16) {
        for c in text.chars().filter(|&c| c != '\u{ad}') {
            let c = if matches!(c, '\t' | '\n' | '\r' | '\u{a0}' | '\u{202f}') {
                ' '
            } else {
                c
            };
            self.text.push(c);
            self.forms.push(form);
        }
    }

    fn inlines(&mut self, content: &[Inline], form: u16) {
        for inline in content {
            match inline {
                Inline::Text { text } => self.push(text, form),
                Inline::Strong { content } => self.inlines(content, form | BOLD),
                Inline::Emphasis { content } => self.inlines(content, form | ITALIC),
                Inline::Link {
                    content,
                    written_address,
                    ..
                } => {
                    self.inlines(content, form);
                    if let Some(address) = written_address {
                        self.push(" (", form);
                        self.push(address, 0);
                        self.push(")", form);
                    }
                }
            }
        }
    }

    fn translate(&self, tables: &str) -> Result<String, louis::Error> {
        if self.forms.iter().all(|&form| form == 0) {
            louis::translate(tables, &self.text)
        } else {
            louis::translate_with_typeforms(tables, &self.text, Some(&self.forms))
        }
    }
}

/// The braille number of a page: the number sign, then the digits as the
/// letters a to j (1 is `A`, 0 is `J`).
fn page_number(number: usize) -> String {
    let digits: String = number
        .to_string()
        .bytes()
        .map(|digit| match digit {
            b'0' => 'J',
            d => char::from(b'A' + (d - b'1')),
        })
        .collect();
    format!("#{digits}")
}

/// Pages being filled, line by line.
struct Layout {
    page: BrailleSettings,
    /// Finished pages, each its lines.
    pages: Vec<Vec<String>>,
    /// The page being filled.
    lines: Vec<String>,
    /// The kind of the last block laid out.
    last: Option<Kind>,
}

/// Blank cells at least between a first line's text and its page number.
const BEFORE_PAGE_NUMBER: usize = 3;

impl Layout {
    fn new(page: BrailleSettings) -> Layout {
        Layout {
            page,
            pages: Vec::new(),
            lines: Vec::new(),
            last: None,
        }
    }

    /// The cells the next line may hold: fewer on a page's first line,
    /// which ends with the page number.
    fn width(&self) -> usize {
        if self.lines.is_empty() {
            let number = page_number(self.pages.len() + 1);
            self.page.cells_per_line - BEFORE_PAGE_NUMBER - number.len()
        } else {
            self.page.cells_per_line
        }
    }

    fn lines_left(&self) -> usize {
        self.page.lines_per_page - self.lines.len()
    }

    fn new_page(&mut self) {
        let lines = std::mem::take(&mut self.lines);
        self.pages.push(lines);
    }

    fn push_line(&mut self, line: String) {
        if self.lines_left() == 0 {
            self.new_page();
        }
        self.lines.push(line);
    }

    /// A blank line, except at the top of a page, after another (or where
    /// it would be the page's last line, which a blank line would only
    /// waste).
    fn blank(&mut self) {
        if self.lines.last().is_some_and(String::is_empty) {
            return;
        }
        if !self.lines.is_empty() && self.lines_left() > 1 {
            self.lines.push(String::new());
        } else if self.lines_left() <= 1 && !self.lines.is_empty() {
            self.new_page();
        }
    }

    fn block(&mut self, kind: Kind, braille: &str) {
        match kind {
            Kind::Title => {}
            Kind::Heading => {
                self.blank();
                // A heading, the blank line after it and a line of text must
                // fit, or the heading starts the next page.
                if self.lines_left() < 3 {
                    self.new_page();
                }
            }
            Kind::Paragraph => self.blank(),
            Kind::ListItem if self.last != Some(Kind::ListItem) => self.blank(),
            Kind::EndMatter if self.last != Some(Kind::EndMatter) => self.blank(),
            Kind::ListItem | Kind::EndMatter => {}
        }
        let runover = if kind == Kind::ListItem { 2 } else { 0 };
        self.words(braille, runover);
        if matches!(kind, Kind::Title | Kind::Heading) {
            self.blank();
        }
        self.last = Some(kind);
    }

    /// Lays out `braille`'s words, starting a new line, its runover lines
    /// indented `runover` cells.
    fn words(&mut self, braille: &str, runover: usize) {
        let mut line = String::new();
        let mut indent = 0;
        for word in braille.split(' ').filter(|word| !word.is_empty()) {
            let mut word = word;
            loop {
                // A full page is closed before the next line is measured: a
                // page's first line is shorter, for its number.
                if self.lines_left() == 0 {
                    self.new_page();
                }
                let width = self.width();
                let used = indent + line.len();
                let needed = if line.is_empty() {
                    word.len()
                } else {
                    word.len() + 1
                };
                if used + needed <= width {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                    break;
                }
                if line.is_empty() {
                    // Wider than a whole line: fill it, go on on the next.
                    // ASCII braille is a byte a cell; a cut never splits a
                    // character even so.
                    let room = width - indent;
                    let cut = word
                        .char_indices()
                        .nth(room)
                        .map_or(word.len(), |(at, _)| at);
                    line.push_str(&word[..cut]);
                    word = &word[cut..];
                }
                self.push_line(format!("{}{line}", " ".repeat(indent)));
                line.clear();
                indent = runover;
                if word.is_empty() {
                    break;
                }
            }
        }
        if !line.is_empty() {
            self.push_line(format!("{}{line}", " ".repeat(indent)));
        }
    }

    /// The pages as BRF text: each line ending CR LF, each page a form
    /// feed, its first line with the page number at the right.
    fn finish(mut self) -> String {
        if !self.lines.is_empty() || self.pages.is_empty() {
            self.new_page();
        }
        let cells = self.page.cells_per_line;
        let mut text = String::new();
        for (index, mut lines) in self.pages.into_iter().enumerate() {
            // A blank line left at the foot of a page is nothing to emboss.
            while lines.last().is_some_and(String::is_empty) && lines.len() > 1 {
                lines.pop();
            }
            if lines.is_empty() {
                lines.push(String::new());
            }
            let number = page_number(index + 1);
            let first = lines.first().cloned().unwrap_or_default();
            let gap = cells - first.len() - number.len();
            lines[0] = format!("{first}{}{number}", " ".repeat(gap));
            for line in lines {
                text.push_str(&line);
                text.push_str("\r\n");
            }
            text.push('\x0c');
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(cells: usize, lines: usize) -> BrailleSettings {
        BrailleSettings {
            cells_per_line: cells,
            lines_per_page: lines,
        }
    }

    #[test]
    fn page_numbers_are_braille_digits() {
        assert_eq!(page_number(1), "#A");
        assert_eq!(page_number(10), "#AJ");
        assert_eq!(page_number(29), "#BI");
    }

    #[test]
    fn words_are_never_divided_and_pages_are_numbered() {
        let mut layout = Layout::new(page(28, 20));
        let words = "ABCDE ".repeat(200);
        layout.block(Kind::Paragraph, words.trim());
        let text = layout.finish();
        let pages: Vec<&str> = text.split('\x0c').filter(|p| !p.is_empty()).collect();
        assert!(pages.len() > 2);
        for (index, page) in pages.iter().enumerate() {
            let lines: Vec<&str> = page.split("\r\n").filter(|l| !l.is_empty()).collect();
            assert!(lines.len() <= 20);
            assert!(lines[0].ends_with(&format!("   {}", page_number(index + 1))));
            for line in &lines {
                assert!(line.len() <= 28, "{line:?}");
                assert!(
                    line.split(' ')
                        .all(|w| w.is_empty() || w == "ABCDE" || w.starts_with('#'))
                );
            }
        }
    }

    #[test]
    fn a_word_wider_than_a_line_is_cut_at_the_line_end() {
        let mut layout = Layout::new(page(28, 20));
        let long = "X".repeat(50);
        layout.block(Kind::Paragraph, &format!("A {long} B"));
        let text = layout.finish();
        let lines: Vec<&str> = text.trim_end_matches('\x0c').split("\r\n").collect();
        assert_eq!(lines[0], format!("A{}#A", " ".repeat(25)));
        assert_eq!(lines[1], "X".repeat(28));
        assert_eq!(lines[2], format!("{} B", "X".repeat(22)));
    }

    #[test]
    fn a_heading_never_ends_a_page() {
        for filler in 15..=24 {
            let mut layout = Layout::new(page(40, 25));
            for _ in 0..filler {
                layout.block(Kind::EndMatter, "LINE");
            }
            layout.block(Kind::Heading, "HEADING");
            layout.block(Kind::Paragraph, "TEXT");
            let text = layout.finish();
            for page in text.split('\x0c') {
                let lines: Vec<&str> = page.split("\r\n").filter(|l| !l.is_empty()).collect();
                assert_ne!(lines.last(), Some(&"HEADING"), "after {filler} lines");
                assert!(lines.len() <= 25);
            }
        }
    }

    #[test]
    fn list_items_start_lines_and_run_over_in_cell_3() {
        let mut layout = Layout::new(page(28, 20));
        layout.block(Kind::Title, "TITLE");
        layout.block(Kind::ListItem, &"AB ".repeat(12));
        layout.block(Kind::ListItem, "CD");
        let text = layout.finish();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[1], "");
        assert!(lines[2].starts_with("AB AB"));
        assert!(lines[3].starts_with("  AB"));
        assert_eq!(lines[4], "CD");
    }
}
