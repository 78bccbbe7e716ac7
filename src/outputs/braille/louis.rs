//! A small hand-written binding to liblouis, the braille translator
//! (Debian's `liblouis20`), dynamically linked so that the LGPL library
//! stays a system library the user can replace.
//!
//! Only five functions are used: `lou_version`, `lou_charSize`,
//! `lou_translateString`, `lou_backTranslateString` and `lou_free`.
//! liblouis's `widechar` is 2 or 4 bytes depending on how the library was
//! built (Debian builds it with 4); [`char_size`] asks the library, and the
//! text is passed as UTF-16 code units or as code points to match. With
//! 2-byte widechars, characters beyond the Basic Multilingual Plane cannot
//! be passed and are an error.
//!
//! liblouis compiles tables lazily into global state and is not
//! thread-safe while doing so: every call goes through one global lock.
//!
//! The braille comes back through a display table (`en-us-brf.dis`) as
//! North American ASCII braille. BRF files keep to 0x20–0x5F, where
//! 0x60–0x7F are only lower-case duplicates of 0x40–0x5F; [`translate`]
//! folds them, so that its result is always in 0x20–0x5F when the display
//! table is an ASCII braille one.

use std::ffi::{CStr, CString, c_char, c_int, c_ushort};
use std::sync::Mutex;

#[link(name = "louis")]
unsafe extern "C" {
    fn lou_version() -> *const c_char;
    fn lou_charSize() -> c_int;
    fn lou_translateString(
        table_list: *const c_char,
        inbuf: *const u8,
        inlen: *mut c_int,
        outbuf: *mut u8,
        outlen: *mut c_int,
        typeform: *mut c_ushort,
        spacing: *mut c_char,
        mode: c_int,
    ) -> c_int;
    fn lou_backTranslateString(
        table_list: *const c_char,
        inbuf: *const u8,
        inlen: *mut c_int,
        outbuf: *mut u8,
        outlen: *mut c_int,
        typeform: *mut c_ushort,
        spacing: *mut c_char,
        mode: c_int,
    ) -> c_int;
    fn lou_free();
}

/// The one lock around every call into liblouis.
static LOUIS: Mutex<()> = Mutex::new(());

/// The tables for contracted Unified English Braille (grade 2) as North
/// American ASCII braille.
pub const UEB_GRADE_2: &str = "en-us-brf.dis,en-ueb-g2.ctb";

/// The tables for uncontracted Unified English Braille (grade 1) as North
/// American ASCII braille.
pub const UEB_GRADE_1: &str = "en-us-brf.dis,en-ueb-g1.ctb";

/// The typeform of italic text (liblouis's `emph_1`; UEB's tables name
/// their first emphasis class `italic`).
pub const ITALIC: u16 = 0x0001;

/// The typeform of bold text (liblouis's `emph_3`, UEB's `bold` class).
pub const BOLD: u16 = 0x0004;

/// Why liblouis could not translate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The table list names a table liblouis cannot find or compile, or
    /// the translation failed for another reason liblouis does not say.
    Failed {
        /// The table list as given.
        tables: String,
    },
    /// The text holds a character the library cannot be given (a NUL, or
    /// one beyond U+FFFF for a 2-byte widechar build).
    Unpassable(char),
    /// The library reports a widechar size leafpress does not know.
    CharSize(i32),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Failed { tables } => write!(
                f,
                "liblouis could not translate with the tables `{tables}` \
                 (are they installed? Debian: liblouis-data)"
            ),
            Error::Unpassable(c) => write!(
                f,
                "liblouis cannot be given the character U+{:04X}",
                u32::from(*c)
            ),
            Error::CharSize(size) => write!(f, "liblouis reports a widechar of {size} bytes"),
        }
    }
}

impl std::error::Error for Error {}

/// The version of the liblouis in use (`3.24.0`).
pub fn version() -> String {
    let _guard = LOUIS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // SAFETY: lou_version returns a pointer to a static NUL-terminated string.
    unsafe { CStr::from_ptr(lou_version()) }
        .to_string_lossy()
        .into_owned()
}

/// The size of liblouis's `widechar` in bytes: 2 or 4.
pub fn char_size() -> i32 {
    // SAFETY: lou_charSize takes nothing and returns an int.
    unsafe { lou_charSize() }
}

/// `text` translated forward with `tables`, as ASCII braille folded into
/// 0x20–0x5F (see the module's note).
pub fn translate(tables: &str, text: &str) -> Result<String, Error> {
    translate_with_typeforms(tables, text, None)
}

/// [`translate`], with a typeform for each `char` of `text` (0, or
/// [`ITALIC`] or [`BOLD`]): liblouis then adds UEB's emphasis indicators.
///
/// # Panics
/// If `typeforms` is given with a length other than `text`'s characters.
pub fn translate_with_typeforms(
    tables: &str,
    text: &str,
    typeforms: Option<&[u16]>,
) -> Result<String, Error> {
    if let Some(forms) = typeforms {
        assert_eq!(forms.len(), text.chars().count(), "one typeform per char");
    }
    let braille = call(Direction::Forward, tables, text, typeforms)?;
    Ok(fold_to_brf(&braille))
}

/// ASCII braille `braille` translated back to print with `tables`: lossy
/// for UEB in liblouis 3.24, so only ever used to show a reader words.
pub fn back_translate(tables: &str, braille: &str) -> Result<String, Error> {
    call(Direction::Back, tables, braille, None)
}

/// Releases liblouis's compiled tables (they are compiled again on the
/// next call).
pub fn free() {
    let _guard = LOUIS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // SAFETY: lou_free takes nothing; the lock keeps other calls out.
    unsafe { lou_free() }
}

/// Lower-case ASCII braille (0x60–0x7F) as the upper-case characters of
/// the same cells.
fn fold_to_brf(braille: &str) -> String {
    braille
        .chars()
        .map(|c| match c {
            '\u{60}'..='\u{7f}' => char::from(c as u8 - 0x20),
            _ => c,
        })
        .collect()
}

#[derive(Clone, Copy)]
enum Direction {
    Forward,
    Back,
}

/// One translation, in either direction, through buffers of the library's
/// widechar size; the output buffer grows until all the input is taken.
fn call(
    direction: Direction,
    tables: &str,
    text: &str,
    typeforms: Option<&[u16]>,
) -> Result<String, Error> {
    let failed = || Error::Failed {
        tables: tables.to_owned(),
    };
    let table_list = CString::new(tables).map_err(|_| failed())?;
    if let Some(c) = text.chars().find(|&c| c == '\0') {
        return Err(Error::Unpassable(c));
    }
    let size = char_size();
    let units: Vec<u32> = match size {
        4 => text.chars().map(u32::from).collect(),
        2 => {
            if let Some(c) = text.chars().find(|&c| u32::from(c) > 0xFFFF) {
                return Err(Error::Unpassable(c));
            }
            text.chars().map(u32::from).collect()
        }
        other => return Err(Error::CharSize(other)),
    };
    if units.is_empty() {
        return Ok(String::new());
    }
    let width = size as usize;
    let inbuf = encode(&units, width);
    let in_count = c_int::try_from(units.len()).map_err(|_| failed())?;
    let mut capacity = units.len() * 4 + 64;
    loop {
        let mut inlen = in_count;
        let mut outlen = c_int::try_from(capacity).map_err(|_| failed())?;
        let mut outbuf = vec![0u8; capacity * width];
        // liblouis may write into the typeform buffer: give it a copy as
        // long as the output buffer.
        let mut forms: Option<Vec<c_ushort>> = typeforms.map(|forms| {
            let mut copy = forms.to_vec();
            copy.resize(capacity.max(forms.len()), 0);
            copy
        });
        let forms_ptr = forms
            .as_mut()
            .map_or(std::ptr::null_mut(), |forms| forms.as_mut_ptr());
        let done = {
            let _guard = LOUIS
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            // SAFETY: the buffers hold `inlen` and `outlen` widechars of the
            // library's own size, the typeform buffer (when given) at least
            // as many entries as either, and the table list is
            // NUL-terminated; the lock keeps other threads out of liblouis.
            unsafe {
                match direction {
                    Direction::Forward => lou_translateString(
                        table_list.as_ptr(),
                        inbuf.as_ptr(),
                        &mut inlen,
                        outbuf.as_mut_ptr(),
                        &mut outlen,
                        forms_ptr,
                        std::ptr::null_mut(),
                        0,
                    ),
                    Direction::Back => lou_backTranslateString(
                        table_list.as_ptr(),
                        inbuf.as_ptr(),
                        &mut inlen,
                        outbuf.as_mut_ptr(),
                        &mut outlen,
                        forms_ptr,
                        std::ptr::null_mut(),
                        0,
                    ),
                }
            }
        };
        if done == 0 {
            return Err(failed());
        }
        let written = usize::try_from(outlen).unwrap_or(0).min(capacity);
        if inlen >= in_count || capacity > units.len() * 64 + 4096 {
            return Ok(decode(&outbuf[..written * width], width));
        }
        capacity *= 2;
    }
}

/// Code points as native-endian widechars of `width` bytes.
fn encode(units: &[u32], width: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(units.len() * width);
    for &unit in units {
        if width == 4 {
            bytes.extend_from_slice(&unit.to_ne_bytes());
        } else {
            bytes.extend_from_slice(&(unit as u16).to_ne_bytes());
        }
    }
    bytes
}

/// Native-endian widechars of `width` bytes as text; a unit that is not a
/// character becomes U+FFFD.
fn decode(bytes: &[u8], width: usize) -> String {
    bytes
        .chunks_exact(width)
        .map(|chunk| {
            let unit = if width == 4 {
                u32::from_ne_bytes([chunk[0], chunk[1], chunk[2], chunk[3]])
            } else {
                u32::from(u16::from_ne_bytes([chunk[0], chunk[1]]))
            };
            char::from_u32(unit).unwrap_or('\u{fffd}')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_library_answers() {
        assert!(version().starts_with('3'), "{}", version());
        assert!(matches!(char_size(), 2 | 4));
    }

    #[test]
    fn the_is_one_contracted_sign() {
        // UEB's wordsign for "the" is dots 2-3-4-6, `!` in ASCII braille.
        assert_eq!(translate(UEB_GRADE_2, "the").unwrap(), "!");
    }

    #[test]
    fn a_sentence_is_contracted_with_its_capital() {
        // ",": capital indicator (dot 6); "7" the grade-2 sign for "with"
        // is `)`; "you" `Y`; "and" `&`.
        let braille = translate(UEB_GRADE_2, "Come with you and the children.").unwrap();
        assert_eq!(braille, ",COME ) Y & ! *N4");
        assert!(braille.bytes().all(|b| (0x20..=0x5f).contains(&b)));
    }

    #[test]
    fn an_address_is_translated_in_ascii_braille() {
        let braille = translate(UEB_GRADE_2, "https://example.org/transport").unwrap();
        assert!(
            braille.bytes().all(|b| (0x20..=0x5f).contains(&b)),
            "{braille}"
        );
        assert!(braille.len() > 10, "{braille}");
        let email = translate(UEB_GRADE_2, "help@example.org").unwrap();
        assert!(email.contains('@') || email.contains("`A"), "{email}");
    }

    #[test]
    fn emphasis_adds_indicators() {
        let text = "take it";
        let plain = translate(UEB_GRADE_2, text).unwrap();
        let bold = translate_with_typeforms(UEB_GRADE_2, text, Some(&[BOLD; 7])).unwrap();
        assert_ne!(plain, bold);
        assert!(bold.len() > plain.len(), "{plain} / {bold}");
    }

    #[test]
    fn grade_1_is_longer_than_grade_2() {
        let text = "The children should come with their parents to the appointment.";
        let g1 = translate(UEB_GRADE_1, text).unwrap();
        let g2 = translate(UEB_GRADE_2, text).unwrap();
        assert!(g2.len() < g1.len(), "{g1} / {g2}");
    }

    #[test]
    fn back_translation_gives_letters() {
        let braille = translate(UEB_GRADE_2, "the children").unwrap();
        assert_eq!(
            back_translate(UEB_GRADE_2, &braille).unwrap(),
            "the children"
        );
    }

    #[test]
    fn a_missing_table_is_an_error() {
        assert!(matches!(
            translate("en-us-brf.dis,no-such-table.ctb", "the"),
            Err(Error::Failed { .. })
        ));
    }

    #[test]
    fn long_text_is_translated_whole() {
        let text = "a ".repeat(3000);
        let braille = translate(UEB_GRADE_1, &text).unwrap();
        assert_eq!(braille.trim_end().len(), text.trim_end().len());
    }
}
