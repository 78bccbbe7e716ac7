//! How the bytes of a string shown in a PDF become Unicode text and glyph
//! advances: a font's `/ToUnicode` CMap (the code space ranges that say how
//! many bytes make one code, and the `bfchar` and `bfrange` maps from codes
//! to text), with the font's own encoding as a fallback for simple fonts that
//! have no CMap; and the font's widths, so that the reader can tell where
//! shown text ends and measure the gap to the next.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Encoding, Object};

use super::objects::number;
use super::streams::inflate_at_most;

/// The most bytes a `/ToUnicode` map, or a font's `/Encoding` CMap, may
/// inflate to: a map is parsed into tokens, each many times the size of its
/// text, so it is held to less than [`super::MAX_STREAM_BYTES`].
const MAX_CMAP_BYTES: usize = 4 << 20;

/// A parsed `/ToUnicode` CMap.
#[derive(Debug, Default)]
pub struct ToUnicode {
    /// `(lowest, highest)` codes of each code space range, byte by byte.
    code_spaces: Vec<(Vec<u8>, Vec<u8>)>,
    /// Single codes, keyed by `(length in bytes, code)`.
    chars: HashMap<(usize, u32), String>,
    /// Ranges of codes, searched in order after `chars`.
    ranges: Vec<CodeRange>,
}

/// One `bfrange` line.
#[derive(Debug)]
struct CodeRange {
    length: usize,
    first: u32,
    last: u32,
    target: RangeTarget,
}

/// What a `bfrange` maps its codes to.
#[derive(Debug)]
enum RangeTarget {
    /// The first code's UTF-16 text; each next code adds one to its last unit.
    Incrementing(Vec<u16>),
    /// One text per code, in order.
    Listed(Vec<String>),
}

/// A piece of CMap syntax.
#[derive(Debug, PartialEq)]
enum Token {
    Bytes(Vec<u8>),
    Word(Vec<u8>),
    Open,
    Close,
}

impl ToUnicode {
    /// Parses the text of a CMap, skipping whatever it does not understand.
    pub fn parse(data: &[u8]) -> ToUnicode {
        let tokens = tokenise(data);
        let mut cmap = ToUnicode::default();
        let mut at = 0;
        while let Some(token) = tokens.get(at) {
            at += 1;
            let Token::Word(word) = token else { continue };
            at = match word.as_slice() {
                b"begincodespacerange" => cmap.read_code_spaces(&tokens, at),
                b"beginbfchar" => cmap.read_chars(&tokens, at),
                b"beginbfrange" => cmap.read_ranges(&tokens, at),
                _ => at,
            };
        }
        cmap
    }

    fn read_code_spaces(&mut self, tokens: &[Token], mut at: usize) -> usize {
        while let [Token::Bytes(low), Token::Bytes(high), ..] = &tokens[at.min(tokens.len())..] {
            if low.len() == high.len() && !low.is_empty() && low.len() <= 4 {
                self.code_spaces.push((low.clone(), high.clone()));
            }
            at += 2;
        }
        at
    }

    fn read_chars(&mut self, tokens: &[Token], mut at: usize) -> usize {
        while let [Token::Bytes(code), target, ..] = &tokens[at.min(tokens.len())..] {
            if let (Some(key), Some(text)) = (code_key(code), target_text(target)) {
                self.chars.insert(key, text);
            }
            at += 2;
        }
        at
    }

    fn read_ranges(&mut self, tokens: &[Token], mut at: usize) -> usize {
        while let [Token::Bytes(low), Token::Bytes(high), rest @ ..] =
            &tokens[at.min(tokens.len())..]
        {
            at += 2;
            let target = match rest {
                [Token::Bytes(bytes), ..] => {
                    at += 1;
                    RangeTarget::Incrementing(utf16_units(bytes))
                }
                [Token::Open, ..] => {
                    let listed = tokens[at + 1..]
                        .iter()
                        .take_while(|token| **token != Token::Close)
                        .collect::<Vec<_>>();
                    at += listed.len() + 2;
                    RangeTarget::Listed(listed.into_iter().filter_map(target_text).collect())
                }
                _ => break,
            };
            if let (Some((length, first)), Some((_, last))) = (code_key(low), code_key(high))
                && low.len() == high.len()
                && first <= last
            {
                self.ranges.push(CodeRange {
                    length,
                    first,
                    last,
                    target,
                });
            }
        }
        at
    }

    /// How many bytes the code at the start of `bytes` takes: the length of
    /// the first code space range it falls in, else `default`.
    pub fn code_length(&self, bytes: &[u8], default: usize) -> usize {
        self.code_spaces
            .iter()
            .find(|(low, high)| {
                bytes.len() >= low.len()
                    && (0..low.len()).all(|i| low[i] <= bytes[i] && bytes[i] <= high[i])
            })
            .map_or(default, |(low, _)| low.len())
    }

    /// The text of one code of `length` bytes, if the CMap maps it.
    pub fn lookup(&self, length: usize, code: u32) -> Option<String> {
        if let Some(text) = self.chars.get(&(length, code)) {
            return Some(text.clone());
        }
        let range = self
            .ranges
            .iter()
            .find(|range| range.length == length && range.first <= code && code <= range.last)?;
        let offset = code - range.first;
        match &range.target {
            RangeTarget::Incrementing(units) => {
                let mut units = units.clone();
                let last = units.last_mut()?;
                *last = last.wrapping_add(u16::try_from(offset).ok()?);
                Some(String::from_utf16_lossy(&units))
            }
            RangeTarget::Listed(texts) => texts.get(usize::try_from(offset).ok()?).cloned(),
        }
    }
}

/// Splits CMap text into hex strings, literal strings, arrays and words.
fn tokenise(data: &[u8]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut at = 0;
    while let Some(&byte) = data.get(at) {
        at += 1;
        match byte {
            b'%' => {
                at += data[at..]
                    .iter()
                    .take_while(|b| !matches!(b, b'\n' | b'\r'))
                    .count()
            }
            b'[' => tokens.push(Token::Open),
            b']' => tokens.push(Token::Close),
            b'<' if data.get(at) == Some(&b'<') => at += 1,
            b'>' => {}
            b'<' => {
                let hex = data[at..].iter().take_while(|b| **b != b'>').count();
                tokens.push(Token::Bytes(hex_bytes(&data[at..at + hex])));
                at += hex + 1;
            }
            b'(' => {
                let (bytes, used) = literal_string(&data[at..]);
                tokens.push(Token::Bytes(bytes));
                at += used;
            }
            _ if byte.is_ascii_whitespace() => {}
            _ => {
                let length = data[at..]
                    .iter()
                    .take_while(|b| !b.is_ascii_whitespace() && !b"[]<>()/%".contains(b))
                    .count();
                tokens.push(Token::Word(data[at - 1..at + length].to_vec()));
                at += length;
            }
        }
    }
    tokens
}

/// The bytes of a hex string's digits; other characters are skipped and an
/// odd last digit is padded with 0, as PDF says.
fn hex_bytes(digits: &[u8]) -> Vec<u8> {
    let nibbles: Vec<u8> = digits
        .iter()
        .filter_map(|digit| (*digit as char).to_digit(16))
        .map(|nibble| nibble as u8)
        .collect();
    nibbles
        .chunks(2)
        .map(|pair| pair[0] << 4 | pair.get(1).copied().unwrap_or(0))
        .collect()
}

/// A literal string after its `(`, and how many bytes it used: nested
/// brackets balance and a backslash keeps the next byte as it is.
fn literal_string(data: &[u8]) -> (Vec<u8>, usize) {
    let (mut bytes, mut depth, mut at) = (Vec::new(), 0_usize, 0);
    while let Some(&byte) = data.get(at) {
        at += 1;
        match byte {
            b'\\' => {
                bytes.extend(data.get(at));
                at += 1;
            }
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            _ => {}
        }
        if byte != b'\\' {
            bytes.push(byte);
        }
    }
    (bytes, at.min(data.len()))
}

/// A code of one to four bytes as `(length, value)`.
fn code_key(bytes: &[u8]) -> Option<(usize, u32)> {
    (1..=4).contains(&bytes.len()).then(|| {
        let value = bytes
            .iter()
            .fold(0_u32, |value, byte| value << 8 | u32::from(*byte));
        (bytes.len(), value)
    })
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|pair| u16::from_be_bytes([pair[0], pair.get(1).copied().unwrap_or(0)]))
        .collect()
}

/// The text a `bfchar` or listed `bfrange` target stands for: UTF-16BE bytes.
fn target_text(token: &Token) -> Option<String> {
    match token {
        Token::Bytes(bytes) => Some(String::from_utf16_lossy(&utf16_units(bytes))),
        _ => None,
    }
}

/// One code of a shown string.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Its text; U+FFFD where the font does not say.
    pub text: String,
    /// Its advance for a font size of 1.
    pub width: f64,
    /// Whether it is the one-byte code 32, which word spacing widens.
    pub word_space: bool,
}

/// How to turn one font's string bytes into text and advances.
pub struct FontText<'a> {
    to_unicode: Option<ToUnicode>,
    /// The font's own encoding, for simple fonts without a `/ToUnicode`.
    encoding: Option<Encoding<'a>>,
    /// Bytes per code where no code space range says otherwise.
    code_bytes: usize,
    widths: Widths,
}

impl<'a> FontText<'a> {
    /// Reads what is needed from a font dictionary.
    pub fn new(document: &'a Document, font: &'a Dictionary) -> FontText<'a> {
        let subtype = font
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let composite = subtype == b"Type0";
        let to_unicode = font
            .get_deref(b"ToUnicode", document)
            .and_then(Object::as_stream)
            .ok()
            .and_then(|stream| inflate_at_most(stream, MAX_CMAP_BYTES).ok())
            .map(|data| ToUnicode::parse(&data));
        let encoding = (!composite && to_unicode.is_none())
            .then(|| {
                font.get_font_encoding_with_limit(document, MAX_CMAP_BYTES)
                    .ok()
            })
            .flatten();
        FontText {
            to_unicode,
            encoding,
            code_bytes: if composite { 2 } else { 1 },
            widths: Widths::new(document, font, subtype),
        }
    }

    /// The glyphs of a shown string. Sets `unmapped` if the font gives some
    /// code no text.
    pub fn glyphs(&self, bytes: &[u8], unmapped: &mut bool) -> Vec<Glyph> {
        let mut glyphs = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let rest = &bytes[at..];
            let length = match &self.to_unicode {
                Some(cmap) => cmap.code_length(rest, self.code_bytes),
                None => self.code_bytes,
            }
            .clamp(1, rest.len());
            let (length, code) = code_key(&rest[..length]).unwrap_or((1, 0));
            let text = self.text_of(&rest[..length], code).unwrap_or_else(|| {
                *unmapped = true;
                "\u{fffd}".into()
            });
            glyphs.push(Glyph {
                text,
                width: self.widths.of(code),
                word_space: length == 1 && code == 32,
            });
            at += length;
        }
        glyphs
    }

    fn text_of(&self, bytes: &[u8], code: u32) -> Option<String> {
        match (&self.to_unicode, &self.encoding) {
            (Some(cmap), _) => cmap.lookup(bytes.len(), code),
            (None, Some(encoding)) => encoding.bytes_to_string(bytes).ok(),
            (None, None) => None,
        }
    }
}

/// A font's glyph advances.
struct Widths {
    /// Advance of codes not listed, in glyph units.
    default: f64,
    listed: HashMap<u32, f64>,
    /// Wide `first last width` ranges of a CID font's `/W`.
    ranges: Vec<(u32, u32, f64)>,
    /// Glyph units to text units: 1/1000, or a Type 3 font's matrix.
    scale: f64,
}

impl Widths {
    fn new(document: &Document, font: &Dictionary, subtype: &[u8]) -> Widths {
        let number_in = |dictionary: &Dictionary, key: &[u8]| {
            dictionary.get_deref(key, document).ok().and_then(number)
        };
        let array_in = |dictionary: &Dictionary, key: &[u8]| -> Vec<Object> {
            match dictionary
                .get_deref(key, document)
                .and_then(Object::as_array)
            {
                Ok(items) => items
                    .iter()
                    .take(1 << 20)
                    .map(|item| resolved(document, item))
                    .collect(),
                Err(_) => Vec::new(),
            }
        };
        let mut widths = Widths {
            default: 500.0,
            listed: HashMap::new(),
            ranges: Vec::new(),
            scale: 0.001,
        };
        if subtype == b"Type0" {
            let Some(Object::Dictionary(cid_font)) =
                array_in(font, b"DescendantFonts").into_iter().next()
            else {
                return widths;
            };
            widths.default = number_in(&cid_font, b"DW").unwrap_or(1000.0);
            widths.read_cid_widths(&array_in(&cid_font, b"W"));
            return widths;
        }
        if subtype == b"Type3" {
            widths.scale = array_in(font, b"FontMatrix")
                .first()
                .and_then(number)
                .unwrap_or(0.001);
        }
        let descriptor = font
            .get_deref(b"FontDescriptor", document)
            .and_then(Object::as_dict);
        if let Some(missing) = descriptor.ok().and_then(|d| number_in(d, b"MissingWidth")) {
            widths.default = missing;
        }
        let first = number_in(font, b"FirstChar").unwrap_or(0.0).max(0.0) as u32;
        for (code, width) in (first..=u32::MAX).zip(array_in(font, b"Widths")) {
            widths
                .listed
                .extend(number(&width).map(|width| (code, width)));
        }
        widths
    }

    /// Reads a CID font's `/W`: `c [w1 w2 ...]` and `first last w` entries.
    fn read_cid_widths(&mut self, entries: &[Object]) {
        let mut at = 0;
        while let Some(first) = entries.get(at).and_then(number) {
            let first = first.max(0.0) as u32;
            match (entries.get(at + 1), entries.get(at + 2).and_then(number)) {
                (Some(Object::Array(list)), _) => {
                    for (cid, width) in (first..=u32::MAX).zip(list.iter().take(1 << 16)) {
                        self.listed.extend(number(width).map(|width| (cid, width)));
                    }
                    at += 2;
                }
                (Some(last), Some(width)) => {
                    let last = number(last).unwrap_or(0.0).max(0.0) as u32;
                    if last.saturating_sub(first) < 256 {
                        self.listed.extend((first..=last).map(|cid| (cid, width)));
                    } else {
                        self.ranges.push((first, last, width));
                    }
                    at += 3;
                }
                _ => break,
            }
        }
    }

    fn of(&self, code: u32) -> f64 {
        let width = self.listed.get(&code).copied().or_else(|| {
            self.ranges
                .iter()
                .find(|(first, last, _)| (*first..=*last).contains(&code))
                .map(|(_, _, width)| *width)
        });
        width.unwrap_or(self.default) * self.scale
    }
}

fn resolved(document: &Document, object: &Object) -> Object {
    document
        .dereference(object)
        .map_or(Object::Null, |(_, object)| object.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CMAP: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
        /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
        % a comment <0001>
        1 begincodespacerange <0000> <FFFF> endcodespacerange
        3 beginbfchar <0001> <0052> <0002> <00AD> <0003> <D83DDE00> endbfchar
        2 beginbfrange <0010> <0012> <0061>
        <0020> <0022> [<0066006C> <00E9> <0078>] endbfrange
        endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn bfchar_maps_single_codes() {
        let cmap = ToUnicode::parse(CMAP);
        assert_eq!(cmap.lookup(2, 1).as_deref(), Some("R"));
        assert_eq!(cmap.lookup(2, 2).as_deref(), Some("\u{ad}"));
        assert_eq!(cmap.lookup(2, 3).as_deref(), Some("😀"));
        assert_eq!(cmap.lookup(1, 1), None);
        assert_eq!(cmap.lookup(2, 4), None);
    }

    #[test]
    fn bfrange_maps_incrementing_and_listed_targets() {
        let cmap = ToUnicode::parse(CMAP);
        assert_eq!(cmap.lookup(2, 0x10).as_deref(), Some("a"));
        assert_eq!(cmap.lookup(2, 0x12).as_deref(), Some("c"));
        assert_eq!(cmap.lookup(2, 0x13), None);
        assert_eq!(cmap.lookup(2, 0x20).as_deref(), Some("fl"));
        assert_eq!(cmap.lookup(2, 0x21).as_deref(), Some("é"));
        assert_eq!(cmap.lookup(2, 0x22).as_deref(), Some("x"));
    }

    #[test]
    fn code_space_ranges_set_code_lengths() {
        let cmap = ToUnicode::parse(
            b"2 begincodespacerange <00> <80> <8140> <9FFC> endcodespacerange
              1 beginbfchar <41> <0041> endbfchar 1 beginbfchar <8140> <3000> endbfchar",
        );
        assert_eq!(cmap.code_length(b"\x41\x81", 2), 1);
        assert_eq!(cmap.code_length(b"\x81\x40", 1), 2);
        assert_eq!(cmap.code_length(b"\xff", 1), 1);
        let font = FontText {
            to_unicode: Some(cmap),
            encoding: None,
            code_bytes: 1,
            widths: Widths {
                default: 500.0,
                listed: HashMap::from([(0x41, 600.0)]),
                ranges: Vec::new(),
                scale: 0.001,
            },
        };
        let mut unmapped = false;
        let glyphs = font.glyphs(b"A\x81\x40A", &mut unmapped);
        let text: String = glyphs.iter().map(|glyph| glyph.text.as_str()).collect();
        assert_eq!(text, "A\u{3000}A");
        let width: f64 = glyphs.iter().map(|glyph| glyph.width).sum();
        assert!((width - 1.7).abs() < 1e-9);
        assert!(!unmapped);
        assert_eq!(font.glyphs(b"B", &mut unmapped)[0].text, "\u{fffd}");
        assert!(unmapped);
    }

    #[test]
    fn damaged_cmaps_do_not_panic() {
        for damaged in [
            &b"beginbfrange <00> <05> ["[..],
            b"beginbfchar <0001",
            b"begincodespacerange <00> endcodespacerange beginbfrange <10> <01> <41> endbfrange",
            b"(unbalanced \\",
            b"<<>> ] [ % end",
        ] {
            let cmap = ToUnicode::parse(damaged);
            assert_eq!(cmap.lookup(1, 0), None);
        }
    }
}
