//! Reads a plain-text leaflet back: every line that is not blank is a block,
//! as a screen reader reads it. Where the file is not the plain text this
//! output promises (no byte-order mark, LF line ends, a final newline, no
//! tabs, no soft hyphens; see `mod.rs` and `writer.rs` beside this file),
//! the reader says so: a screen reader would stumble on it. Text that is not
//! UTF-8 cannot be read at all.

use crate::error::Error;
use crate::outputs::ReadBack;

/// The blocks of a plain-text file, in order.
pub fn read(bytes: &[u8]) -> Result<ReadBack, Error> {
    if bytes.is_empty() {
        return Err(Error::Read("the file is empty".into()));
    }
    let text = std::str::from_utf8(bytes).map_err(|error| {
        Error::Read(format!(
            "it is not UTF-8 text (invalid byte at offset {})",
            error.valid_up_to()
        ))
    })?;
    let flaws = [
        (
            text.starts_with('\u{feff}'),
            "it starts with a byte-order mark",
        ),
        (text.contains('\r'), "it has CR line ends"),
        (!text.ends_with('\n'), "it does not end with a newline"),
        (text.contains('\t'), "it holds tabs"),
        (text.contains('\u{ad}'), "it holds soft hyphens"),
    ]
    .into_iter()
    .filter(|(found, _)| *found)
    .map(|(_, flaw)| flaw.to_owned())
    .collect();
    let blocks = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect();
    Ok(ReadBack {
        unseen: Vec::new(),
        blocks,
        flaws,
        printed: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_blocks() {
        let read = read(b"Title\n\n1. Heading\n\n- one\n2. two\n").unwrap();
        assert_eq!(read.blocks, ["Title", "1. Heading", "- one", "2. two"]);
    }

    #[test]
    fn damaged_files_are_reported_not_panicked_on() {
        assert!(read(b"").is_err());
        assert!(read(b"\xff\xfe\x00x\n").is_err());
        for flawed in [
            &b"\xef\xbb\xbfTitle\n"[..],
            b"Title\r\n",
            b"Title",
            b"Ti\ttle\n",
            "Treat\u{ad}ment\n".as_bytes(),
        ] {
            assert_eq!(read(flawed).unwrap().flaws.len(), 1, "{flawed:?}");
        }
    }
}
