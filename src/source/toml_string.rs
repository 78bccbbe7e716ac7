//! Mapping positions inside a decoded TOML string back to the file.
//!
//! A body is a TOML string: the markup parser sees the decoded text, but a
//! problem must be reported where the author wrote it. [`StringMap`] re-reads
//! the string's token in the file (basic, literal, and their multi-line
//! forms, with every escape) and remembers where each decoded byte came from.

use std::ops::Range;

/// Where each byte of a decoded TOML string was written in the file.
#[derive(Debug, Clone)]
pub struct StringMap {
    /// `offsets[i]` is the file offset of decoded byte `i`; one extra entry
    /// maps the end of the string.
    offsets: Vec<usize>,
    /// The start of the token, used when the token could not be re-read.
    token_start: usize,
}

impl StringMap {
    /// Maps the string whose token spans `token` in `file`, given the value the
    /// TOML parser decoded. If re-reading the token does not give the same
    /// value, every position maps to the start of the token: a position that
    /// is less precise is better than a wrong one.
    pub fn new(file: &str, token: Range<usize>, decoded: &str) -> StringMap {
        let offsets = file
            .get(token.clone())
            .and_then(|raw| decode_with_offsets(raw, token.start))
            .filter(|(text, _)| text == decoded)
            .map(|(_, offsets)| offsets)
            .unwrap_or_default();
        StringMap {
            offsets,
            token_start: token.start,
        }
    }

    /// The file offset of a byte offset in the decoded string.
    pub fn file_offset(&self, decoded_offset: usize) -> usize {
        match self.offsets.get(decoded_offset) {
            Some(&offset) => offset,
            None => self.offsets.last().copied().unwrap_or(self.token_start),
        }
    }
}

/// Decodes a string token, returning the text and, for each byte of it (plus
/// one past the end), the file offset it came from.
fn decode_with_offsets(raw: &str, base: usize) -> Option<(String, Vec<usize>)> {
    let (delimiter, escapes) = [("\"\"\"", true), ("'''", false), ("\"", true), ("'", false)]
        .into_iter()
        .find(|(delimiter, _)| raw.starts_with(delimiter) && raw.len() >= 2 * delimiter.len())?;
    let multi_line = delimiter.len() == 3;
    let mut start = delimiter.len();
    let end = raw.len() - delimiter.len();
    // A newline right after the opening delimiter of a multi-line string is
    // not part of the string. Other line ends are kept as written (the toml
    // crate keeps CRLF as CRLF).
    if multi_line {
        if raw[start..].starts_with("\r\n") {
            start += 2;
        } else if raw[start..].starts_with('\n') {
            start += 1;
        }
    }
    let content = raw.get(start..end)?;
    let mut text = String::with_capacity(content.len());
    let mut offsets = Vec::with_capacity(content.len() + 1);
    let mut push = |c: char, at: usize, text: &mut String| {
        text.push(c);
        offsets.extend(std::iter::repeat_n(base + start + at, c.len_utf8()));
    };
    let mut chars = content.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '\\' || !escapes {
            push(c, at, &mut text);
            continue;
        }
        let (_, escape) = chars.next()?;
        let simple = match escape {
            'b' => Some('\u{8}'),
            't' => Some('\t'),
            'n' => Some('\n'),
            'f' => Some('\u{c}'),
            'r' => Some('\r'),
            'e' => Some('\u{1b}'),
            '"' => Some('"'),
            '\\' => Some('\\'),
            _ => None,
        };
        if let Some(decoded) = simple {
            push(decoded, at, &mut text);
            continue;
        }
        let digits = match escape {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            ' ' | '\t' | '\r' | '\n' if multi_line => {
                // A line-ending backslash swallows all white space up to the
                // next character that is not white space.
                while matches!(chars.peek(), Some((_, ' ' | '\t' | '\r' | '\n'))) {
                    chars.next();
                }
                continue;
            }
            _ => return None,
        };
        let hex: String = (0..digits)
            .filter_map(|_| chars.next().map(|(_, c)| c))
            .collect();
        let decoded = u32::from_str_radix(&hex, 16)
            .ok()
            .and_then(char::from_u32)?;
        push(decoded, at, &mut text);
    }
    offsets.push(base + end);
    Some((text, offsets))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Maps the first string token in `file` and returns the file text at the
    /// mapped offset of `needle` in the decoded value.
    fn file_text_at(file: &str, needle: &str) -> String {
        let value: toml::Value = toml::from_str(file).unwrap();
        let decoded = value["s"].as_str().unwrap();
        let token_start = file.find('=').unwrap() + 2;
        let map = StringMap::new(file, token_start..file.trim_end().len(), decoded);
        let offset = map.file_offset(decoded.find(needle).unwrap());
        file[offset..]
            .chars()
            .take(needle.chars().count())
            .collect()
    }

    #[test]
    fn positions_survive_every_kind_of_string() {
        assert_eq!(file_text_at("s = \"ab c\"", "c"), "c");
        assert_eq!(file_text_at("s = 'a\\b c'", "c"), "c");
        assert_eq!(
            file_text_at("s = \"\"\"\nline one\nline two\"\"\"", "two"),
            "two"
        );
        assert_eq!(file_text_at("s = '''\nx\\y\n# z'''", "# z"), "# z");
        assert_eq!(
            file_text_at("s = \"caf\\u00e9 \\\"q\\\" end\"", "end"),
            "end"
        );
        assert_eq!(file_text_at("s = \"\"\"\na \\\n   b\"\"\"", "b"), "b");
        assert_eq!(file_text_at("s = \"\"\"\r\none\r\ntwo\"\"\"", "two"), "two");
    }

    #[test]
    fn an_unreadable_token_maps_to_its_start() {
        let map = StringMap::new("s = 1", 4..5, "x");
        assert_eq!(map.file_offset(0), 4);
    }
}
