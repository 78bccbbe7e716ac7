//! The print shop's output intent (`--output-intent PROFILE.icc`, or
//! `output-intent.icc` in a house style): the ICC profile of the press the
//! print PDF is made for, which makes it PDF/X-4.
//!
//! Only what leafpress needs of the profile is read, from the ICC header
//! and tag table (ICC.1:2010, section 7): the profile/device class (bytes
//! 12..16, `prtr` for an output device) and the colour space of its data
//! (bytes 16..20, `CMYK`), which together say it describes a CMYK printer,
//! and the profile's description (the `desc` tag: `desc` in a version 2
//! profile, `mluc` in a version 4 one), for the job ticket and the PDF's
//! OutputIntent. Anything else is refused before any leaflet is read.

use std::path::Path;

use crate::error::Error;
use crate::stamp::sha256;

/// The file a house style names its output intent by.
pub const HOUSE_STYLE_FILE: &str = "output-intent.icc";

/// The ICC header's length: the tag table follows it.
const HEADER_BYTES: usize = 128;

/// A CMYK printer profile, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputIntent {
    /// The profile's bytes, embedded whole in the print PDF.
    pub profile: Vec<u8>,
    /// The profile's description (`desc` tag), when it has one.
    pub description: Option<String>,
    /// The SHA-256 of the profile, in hex: the stamp records it.
    pub sha256: String,
}

impl OutputIntent {
    /// Reads the profile at `path`, refusing what is not a CMYK printer
    /// profile; the error names the file.
    pub fn load(path: &Path) -> Result<OutputIntent, Error> {
        let bytes = std::fs::read(path)
            .map_err(|error| Error::Layouts(format!("{}: {error}", path.display())))?;
        OutputIntent::from_profile(bytes)
            .map_err(|why| Error::Layouts(format!("{}: {why}", path.display())))
    }

    /// The output intent of a profile's bytes; `Err` says why it cannot be
    /// one.
    pub fn from_profile(profile: Vec<u8>) -> Result<OutputIntent, String> {
        if profile.len() < HEADER_BYTES + 4 || &profile[36..40] != b"acsp" {
            return Err("not an ICC profile (no `acsp` signature in its header)".into());
        }
        let class = &profile[12..16];
        let space = &profile[16..20];
        if class != b"prtr" || space != b"CMYK" {
            return Err(format!(
                "a PDF/X-4 output intent must be a CMYK printer profile \
                 (class `prtr`, colour space `CMYK`); this profile is class `{}` in `{}`",
                printable(class),
                printable(space)
            ));
        }
        let description = description(&profile);
        Ok(OutputIntent {
            sha256: sha256(&profile),
            description,
            profile,
        })
    }
}

/// A four-byte signature as text, trailing spaces trimmed.
fn printable(signature: &[u8]) -> String {
    signature
        .iter()
        .map(|&byte| {
            if byte.is_ascii_graphic() || byte == b' ' {
                byte as char
            } else {
                '?'
            }
        })
        .collect::<String>()
        .trim_end()
        .to_owned()
}

/// A big-endian `u32` at `at`, if the bytes reach.
fn be32(bytes: &[u8], at: usize) -> Option<usize> {
    let word = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes(word.try_into().ok()?) as usize)
}

/// The profile's description: the `desc` tag's text, from a version 2
/// `desc` (textDescriptionType: its ASCII part) or a version 4 `mluc`
/// (multiLocalizedUnicodeType: its first record, UTF-16BE).
fn description(profile: &[u8]) -> Option<String> {
    let tags = be32(profile, HEADER_BYTES)?;
    let (offset, length) = (0..tags.min(1024)).find_map(|index| {
        let entry = HEADER_BYTES + 4 + 12 * index;
        (profile.get(entry..entry + 4)? == b"desc")
            .then(|| Some((be32(profile, entry + 4)?, be32(profile, entry + 8)?)))
            .flatten()
    })?;
    let tag = profile.get(offset..offset.checked_add(length)?)?;
    let text = match tag.get(0..4)? {
        b"desc" => {
            let count = be32(tag, 8)?;
            let ascii = tag.get(12..12usize.checked_add(count)?)?;
            String::from_utf8_lossy(ascii.split(|&byte| byte == 0).next()?).into_owned()
        }
        b"mluc" => {
            let (size, at) = (be32(tag, 20)?, be32(tag, 24)?);
            let units: Vec<u16> = tag
                .get(at..at.checked_add(size)?)?
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => return None,
    };
    let text = text.trim_matches(char::from(0)).trim().to_owned();
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal profile of `class` in `space` with one `desc` tag.
    fn profile(class: &[u8; 4], space: &[u8; 4], desc: &[u8]) -> Vec<u8> {
        let mut bytes = vec![0u8; HEADER_BYTES];
        bytes[12..16].copy_from_slice(class);
        bytes[16..20].copy_from_slice(space);
        bytes[36..40].copy_from_slice(b"acsp");
        bytes.extend(1u32.to_be_bytes());
        let offset = (HEADER_BYTES + 4 + 12) as u32;
        bytes.extend(b"desc");
        bytes.extend(offset.to_be_bytes());
        bytes.extend((desc.len() as u32).to_be_bytes());
        bytes.extend(desc);
        bytes
    }

    #[test]
    fn a_cmyk_printer_profile_is_read_with_its_description() {
        let mut v2 = b"desc\0\0\0\0".to_vec();
        v2.extend(6u32.to_be_bytes());
        v2.extend(b"Press\0");
        let intent = OutputIntent::from_profile(profile(b"prtr", b"CMYK", &v2)).unwrap();
        assert_eq!(intent.description.as_deref(), Some("Press"));
        let mut v4 = b"mluc\0\0\0\0".to_vec();
        v4.extend(1u32.to_be_bytes());
        v4.extend(12u32.to_be_bytes());
        v4.extend(b"enUS");
        v4.extend(4u32.to_be_bytes());
        v4.extend(28u32.to_be_bytes());
        v4.extend([0, b'P', 0, b'4']);
        let intent = OutputIntent::from_profile(profile(b"prtr", b"CMYK", &v4)).unwrap();
        assert_eq!(intent.description.as_deref(), Some("P4"));
    }

    #[test]
    fn any_other_profile_is_refused() {
        let error = OutputIntent::from_profile(profile(b"mntr", b"RGB ", b"")).unwrap_err();
        assert!(error.contains("class `mntr` in `RGB`"), "{error}");
        assert!(OutputIntent::from_profile(profile(b"prtr", b"GRAY", b"")).is_err());
        assert!(OutputIntent::from_profile(b"not a profile".to_vec()).is_err());
        // A damaged tag table loses the description, not the profile.
        let mut damaged = profile(b"prtr", b"CMYK", b"desc");
        damaged.truncate(HEADER_BYTES + 10);
        assert_eq!(
            OutputIntent::from_profile(damaged).unwrap().description,
            None
        );
    }
}
