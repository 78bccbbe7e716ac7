//! Reads a plain-text leaflet back: each line that is not blank is a block,
//! with a leading list marker (`- `, `1. `) taken off.

use crate::outputs::{ReadBack, ReadError};

/// The blocks of a plain-text file, in order.
pub fn read(bytes: &[u8]) -> Result<ReadBack, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError("the file is empty".into()));
    }
    let text = std::str::from_utf8(bytes).map_err(|error| {
        ReadError(format!(
            "the file is not UTF-8 text (invalid byte at offset {})",
            error.valid_up_to()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let blocks = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| without_list_marker(line).to_owned())
        .collect();
    Ok(ReadBack { blocks })
}

/// `- item` and `12. item` become `item`.
fn without_list_marker(line: &str) -> &str {
    if let Some(item) = line.strip_prefix("- ") {
        return item;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    match line[digits..].strip_prefix(". ") {
        Some(item) if digits > 0 => item,
        _ => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_blocks_without_list_markers() {
        let read = read(b"Title\n\nHeading\n\n- one\n2. two\r\n3.5 stays\n").unwrap();
        assert_eq!(read.blocks, ["Title", "Heading", "one", "two", "3.5 stays"]);
    }

    #[test]
    fn damaged_files_are_reported_not_panicked_on() {
        assert!(read(b"").is_err());
        assert!(read(b"\xff\xfe\x00x").is_err());
    }
}
