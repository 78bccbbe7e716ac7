//! Reads a BRF back as an embosser and a braille reader meet it, sharing
//! no code with the writer: it splits the file into pages at form feeds and
//! each page into lines at CR LF, holds every line to the page's cells and
//! every page to its lines, accepts only ASCII braille (0x20 to 0x5F: one
//! character a cell), finds each page's braille page number at the right
//! end of its first line (after at least three blank cells) or on a line of
//! its own, checks that the numbers run 1, 2, 3..., and gives back the
//! lines without them, blank lines dropped.

use crate::error::Error;

/// The most a page may hold, as the file's reader is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Cells on a line.
    pub cells: usize,
    /// Lines on a page.
    pub lines: usize,
}

/// What the reader found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Read {
    /// The lines of text, page by page in order, page numbers taken off,
    /// blank lines left out, each trimmed of its blank cells at either end.
    pub lines: Vec<String>,
    /// How many pages there are.
    pub pages: usize,
    /// Ways the file breaks the BRF's rules, in words.
    pub flaws: Vec<String>,
}

/// Reads `bytes` as a BRF of pages within `limits`.
pub fn read(bytes: &[u8], limits: Limits) -> Result<Read, Error> {
    if bytes.is_empty() {
        return Err(Error::Read("the file is empty".into()));
    }
    let mut read = Read::default();
    if let Some(at) = bytes
        .iter()
        .position(|&b| !(0x20..=0x5f).contains(&b) && !matches!(b, b'\r' | b'\n' | 0x0c))
    {
        read.flaws.push(format!(
            "byte 0x{:02X} at offset {at} is not ASCII braille (0x20 to 0x5F)",
            bytes[at]
        ));
    }
    // Only ASCII is left worth reading; anything else is already a flaw.
    let text: String = bytes.iter().map(|&b| char::from(b)).collect();
    if !text.ends_with('\x0c') {
        read.flaws
            .push("the last page does not end with a form feed".into());
    }
    let mut pages: Vec<&str> = text.split('\x0c').collect();
    if pages.last().is_some_and(|last| last.is_empty()) {
        pages.pop();
    }
    for (index, page) in pages.iter().enumerate() {
        let number = index + 1;
        if !page.is_empty() && !page.ends_with("\r\n") {
            read.flaws
                .push(format!("page {number}: its last line does not end CR LF"));
        }
        let body = page.strip_suffix("\r\n").unwrap_or(page);
        let lines: Vec<&str> = body.split("\r\n").collect();
        if lines.iter().any(|line| line.contains(['\r', '\n'])) {
            read.flaws.push(format!(
                "page {number}: a line ends with a lone CR or LF, not CR LF"
            ));
        }
        if lines.len() > limits.lines {
            read.flaws.push(format!(
                "page {number} has {} lines; a page holds {}",
                lines.len(),
                limits.lines
            ));
        }
        if let Some(long) = lines.iter().position(|line| line.len() > limits.cells) {
            read.flaws.push(format!(
                "page {number}, line {}: {} cells; a line holds {}",
                long + 1,
                lines[long].len(),
                limits.cells
            ));
        }
        let mut lines: Vec<String> = lines.iter().map(|line| line.to_string()).collect();
        match take_page_number(&mut lines) {
            Some(found) if found == number => {}
            Some(found) => read.flaws.push(format!(
                "page {number} is numbered {found}: the page numbers are out of sequence"
            )),
            None => read
                .flaws
                .push(format!("page {number} has no braille page number")),
        }
        read.lines.extend(
            lines
                .iter()
                .map(|line| line.trim_matches(' '))
                .filter(|line| !line.is_empty())
                .map(str::to_owned),
        );
    }
    read.pages = pages.len();
    if read.pages == 0 {
        return Err(Error::Read("the file holds no page".into()));
    }
    Ok(read)
}

/// Takes the page number off the page's first line (its right end, after
/// three blank cells or more) or off a line of its own, first or last;
/// gives its value.
fn take_page_number(lines: &mut Vec<String>) -> Option<usize> {
    let first = lines.first()?;
    let trimmed = first.trim_end_matches(' ');
    let (before, last_word) = match trimmed.rfind(' ') {
        Some(space) => (&trimmed[..space + 1], &trimmed[space + 1..]),
        None => ("", trimmed),
    };
    if let Some(value) = braille_number(last_word) {
        if before.trim().is_empty() {
            // On a line of its own.
            lines.remove(0);
            return Some(value);
        }
        if before.ends_with("   ") {
            let kept = before.trim_end_matches(' ').to_owned();
            lines[0] = kept;
            return Some(value);
        }
    }
    let last = lines.last()?.trim();
    if let Some(value) = braille_number(last) {
        lines.pop();
        return Some(value);
    }
    None
}

/// The value of a braille number: the number sign (`#`) then digits as the
/// letters `A` (1) to `I` (9) and `J` (0), no leading zero.
fn braille_number(word: &str) -> Option<usize> {
    let digits = word.strip_prefix('#')?;
    if digits.is_empty() || digits.starts_with('J') || digits.len() > 6 {
        return None;
    }
    let mut value = 0usize;
    for cell in digits.bytes() {
        let digit = match cell {
            b'A'..=b'I' => usize::from(cell - b'A' + 1),
            b'J' => 0,
            _ => return None,
        };
        value = value * 10 + digit;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        cells: 40,
        lines: 25,
    };

    #[test]
    fn pages_are_read_and_their_numbers_taken_off() {
        let file =
            b",TITLE                              #A\r\n\r\nONE LINE\r\n\x0cTWO       #B\r\n\x0c";
        let read = read(file, LIMITS).unwrap();
        assert_eq!(read.flaws, Vec::<String>::new());
        assert_eq!(read.lines, [",TITLE", "ONE LINE", "TWO"]);
        assert_eq!(read.pages, 2);
    }

    #[test]
    fn numbers_out_of_sequence_and_missing_are_flaws() {
        let file = b"A   #A\r\n\x0cB   #C\r\n\x0cC\r\n\x0c";
        let read = read(file, LIMITS).unwrap();
        assert_eq!(read.flaws.len(), 2, "{:?}", read.flaws);
        assert!(read.flaws[0].contains("numbered 3"));
        assert!(read.flaws[1].contains("no braille page number"));
    }

    #[test]
    fn a_number_on_its_own_line_counts() {
        let read = read(b"#A\r\nTEXT\r\n\x0c", LIMITS).unwrap();
        assert!(read.flaws.is_empty(), "{:?}", read.flaws);
        assert_eq!(read.lines, ["TEXT"]);
    }

    #[test]
    fn broken_pages_are_flaws_not_panics() {
        let long = format!("{}   #A\r\n\x0c", "X".repeat(40));
        let many = format!("X   #A\r\n{}\x0c", "X\r\n".repeat(30));
        for (file, flaw) in [
            (&b"a   #A\r\n\x0c"[..], "not ASCII braille"),
            (b"A   #A\r\n", "form feed"),
            (b"A   #A\n\x0c", "CR LF"),
            (long.as_bytes(), "cells"),
            (many.as_bytes(), "lines"),
            ("A   #A\u{e9}\r\n\x0c".as_bytes(), "not ASCII braille"),
        ] {
            let read = read(file, LIMITS).unwrap();
            assert!(
                read.flaws.iter().any(|f| f.contains(flaw)),
                "{file:?}: {:?}",
                read.flaws
            );
        }
        assert!(read(b"", LIMITS).is_err());
    }

    #[test]
    fn damaged_bytes_are_read_or_refused_never_panicked_on() {
        let good =
            b",TITLE                              #A\r\n\r\nONE LINE\r\n\x0cTWO       #B\r\n\x0c";
        // A fixed linear congruential generator: the same damage every run.
        let mut state: u64 = 0x1eaf_b7f0;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        for _ in 0..5000 {
            let mut bytes = good.to_vec();
            for _ in 0..1 + next() % 4 {
                let at = next() % (bytes.len() + 1);
                match next() % 3 {
                    0 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    1 => bytes.insert(at, (next() % 256) as u8),
                    _ if at < bytes.len() => bytes[at] = (next() % 256) as u8,
                    _ => {}
                }
            }
            let _ = read(&bytes, LIMITS);
        }
    }

    #[test]
    fn braille_numbers_are_read() {
        assert_eq!(braille_number("#A"), Some(1));
        assert_eq!(braille_number("#AJ"), Some(10));
        assert_eq!(braille_number("#BI"), Some(29));
        assert_eq!(braille_number("#JA"), None);
        assert_eq!(braille_number("#"), None);
        assert_eq!(braille_number("AB"), None);
    }
}
