//! A content stream cut into operations: the operands, then the operator
//! they belong to (PDF 32000-1:2008, 7.8.2).
//!
//! lopdf has a content parser too; the catalogue benchmark found it the
//! largest single cost of reading a PDF back (a third of the check), so the
//! reader cuts streams itself with this plain scanner. It yields lopdf's
//! [`Operation`] so the rest of the reader is unchanged, and says a stream
//! is damaged where the syntax is broken rather than guessing.

use lopdf::content::Operation;
use lopdf::{Dictionary, Object, StringFormat};

/// How deep arrays and dictionaries may nest in an operand.
const MAX_DEPTH: usize = 32;

/// A content stream's syntax is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Damaged;

/// The operations of a content stream, in order. After the first
/// [`Damaged`], it yields nothing more.
pub struct Operations<'a> {
    bytes: &'a [u8],
    at: usize,
    damaged: bool,
}

/// Cuts `content` into operations.
pub fn operations(content: &[u8]) -> Operations<'_> {
    Operations {
        bytes: content,
        at: 0,
        damaged: false,
    }
}

impl Iterator for Operations<'_> {
    type Item = Result<Operation, Damaged>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.damaged {
            return None;
        }
        let result = self.operation().transpose();
        self.damaged = matches!(result, Some(Err(_)));
        result
    }
}

impl Operations<'_> {
    /// The next operation, or `None` at the end (operands left without an
    /// operator at the very end are dropped, as readers do).
    fn operation(&mut self) -> Result<Option<Operation>, Damaged> {
        let mut operands = Vec::new();
        loop {
            self.skip_space();
            let Some(&byte) = self.bytes.get(self.at) else {
                return Ok(None);
            };
            if is_regular(byte) && !starts_number(byte) {
                let word = self.word();
                match word {
                    b"true" => operands.push(Object::Boolean(true)),
                    b"false" => operands.push(Object::Boolean(false)),
                    b"null" => operands.push(Object::Null),
                    b"BI" => {
                        self.skip_inline_image()?;
                        return Ok(Some(Operation::new("BI", Vec::new())));
                    }
                    operator => {
                        let operator = std::str::from_utf8(operator).map_err(|_| Damaged)?;
                        return Ok(Some(Operation::new(operator, operands)));
                    }
                }
            } else {
                operands.push(self.object(0)?);
            }
        }
    }

    /// One operand: a number, name, string, array or dictionary.
    fn object(&mut self, depth: usize) -> Result<Object, Damaged> {
        if depth > MAX_DEPTH {
            return Err(Damaged);
        }
        self.skip_space();
        let byte = *self.bytes.get(self.at).ok_or(Damaged)?;
        match byte {
            b'/' => {
                self.at += 1;
                Ok(Object::Name(self.name()?))
            }
            b'(' => {
                self.at += 1;
                Ok(Object::String(
                    self.literal_string()?,
                    StringFormat::Literal,
                ))
            }
            b'<' if self.bytes.get(self.at + 1) == Some(&b'<') => {
                self.at += 2;
                self.dictionary(depth)
            }
            b'<' => {
                self.at += 1;
                Ok(Object::String(
                    self.hex_string()?,
                    StringFormat::Hexadecimal,
                ))
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    match self.bytes.get(self.at) {
                        Some(b']') => {
                            self.at += 1;
                            return Ok(Object::Array(items));
                        }
                        Some(_) => items.push(self.object(depth + 1)?),
                        None => return Err(Damaged),
                    }
                }
            }
            _ if starts_number(byte) => self.number(),
            _ if is_regular(byte) => match self.word() {
                b"true" => Ok(Object::Boolean(true)),
                b"false" => Ok(Object::Boolean(false)),
                b"null" => Ok(Object::Null),
                // An operator inside an array or dictionary.
                _ => Err(Damaged),
            },
            _ => Err(Damaged),
        }
    }

    /// A dictionary, after its `<<`.
    fn dictionary(&mut self, depth: usize) -> Result<Object, Damaged> {
        let mut dictionary = Dictionary::new();
        loop {
            self.skip_space();
            match self.bytes.get(self.at..self.at + 2) {
                Some(b">>") => {
                    self.at += 2;
                    return Ok(Object::Dictionary(dictionary));
                }
                Some([b'/', _]) => {
                    self.at += 1;
                    let key = self.name()?;
                    let value = self.object(depth + 1)?;
                    dictionary.set(key, value);
                }
                _ => return Err(Damaged),
            }
        }
    }

    /// A name's characters, after its `/`, with `#xx` escapes decoded.
    fn name(&mut self) -> Result<Vec<u8>, Damaged> {
        let word = self.word();
        let mut name = Vec::with_capacity(word.len());
        let mut bytes = word.iter();
        while let Some(&byte) = bytes.next() {
            if byte == b'#' {
                let high = bytes.next().and_then(|&b| hex_value(b)).ok_or(Damaged)?;
                let low = bytes.next().and_then(|&b| hex_value(b)).ok_or(Damaged)?;
                name.push(high << 4 | low);
            } else {
                name.push(byte);
            }
        }
        Ok(name)
    }

    /// A literal string's bytes, after its `(`: balanced parentheses, the
    /// escapes of 7.3.4.2, and every end of line read as a line feed.
    fn literal_string(&mut self) -> Result<Vec<u8>, Damaged> {
        let mut text = Vec::new();
        let mut open = 0usize;
        loop {
            let byte = *self.bytes.get(self.at).ok_or(Damaged)?;
            self.at += 1;
            match byte {
                b'(' => {
                    open += 1;
                    text.push(byte);
                }
                b')' if open == 0 => return Ok(text),
                b')' => {
                    open -= 1;
                    text.push(byte);
                }
                b'\r' => {
                    self.skip_byte(b'\n');
                    text.push(b'\n');
                }
                b'\\' => self.escape(&mut text)?,
                _ => text.push(byte),
            }
        }
    }

    /// The character after a `\` in a literal string.
    fn escape(&mut self, text: &mut Vec<u8>) -> Result<(), Damaged> {
        let byte = *self.bytes.get(self.at).ok_or(Damaged)?;
        self.at += 1;
        match byte {
            b'n' => text.push(b'\n'),
            b'r' => text.push(b'\r'),
            b't' => text.push(b'\t'),
            b'b' => text.push(0x08),
            b'f' => text.push(0x0c),
            b'0'..=b'7' => {
                let mut value = u32::from(byte - b'0');
                for _ in 0..2 {
                    match self.bytes.get(self.at) {
                        Some(&digit @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(digit - b'0');
                            self.at += 1;
                        }
                        _ => break,
                    }
                }
                // A high-order overflow is ignored (7.3.4.2).
                text.push((value & 0xff) as u8);
            }
            // A backslash at the end of a line continues the string.
            b'\r' => self.skip_byte(b'\n'),
            b'\n' => {}
            // `\(`, `\)`, `\\`, and any other character stands for itself.
            other => text.push(other),
        }
        Ok(())
    }

    /// A hexadecimal string's bytes, after its `<`; an odd last digit is
    /// followed by 0 (7.3.4.3).
    fn hex_string(&mut self) -> Result<Vec<u8>, Damaged> {
        let mut text = Vec::new();
        let mut high: Option<u8> = None;
        loop {
            let byte = *self.bytes.get(self.at).ok_or(Damaged)?;
            self.at += 1;
            if byte == b'>' {
                if let Some(high) = high {
                    text.push(high << 4);
                }
                return Ok(text);
            }
            if is_space(byte) {
                continue;
            }
            let value = hex_value(byte).ok_or(Damaged)?;
            match high.take() {
                Some(high) => text.push(high << 4 | value),
                None => high = Some(value),
            }
        }
    }

    /// An integer or a real number (7.3.3): a sign, digits and at most one
    /// point.
    fn number(&mut self) -> Result<Object, Damaged> {
        let word = self.word();
        let text = std::str::from_utf8(word).map_err(|_| Damaged)?;
        let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
        let digits = unsigned.bytes().filter(u8::is_ascii_digit).count();
        let points = unsigned.bytes().filter(|&b| b == b'.').count();
        if digits == 0 || points > 1 || digits + points != unsigned.len() {
            return Err(Damaged);
        }
        if points == 0
            && let Ok(integer) = text.parse::<i64>()
        {
            return Ok(Object::Integer(integer));
        }
        let real: f64 = text.parse().map_err(|_| Damaged)?;
        Ok(Object::Real(real as f32))
    }

    /// Skips an inline image after its `BI`: the image dictionary up to
    /// `ID`, then the data up to `EI` standing alone.
    fn skip_inline_image(&mut self) -> Result<(), Damaged> {
        loop {
            self.skip_space();
            match self.bytes.get(self.at) {
                None => return Err(Damaged),
                Some(&byte) if is_regular(byte) && !starts_number(byte) => {
                    if self.word() == b"ID" {
                        break;
                    }
                }
                Some(_) => {
                    self.object(0)?;
                }
            }
        }
        // One white-space character, then the data.
        self.at += 1;
        let data = self.bytes.get(self.at..).ok_or(Damaged)?;
        let end = data
            .windows(4)
            .position(|w| is_space(w[0]) && &w[1..3] == b"EI" && is_space(w[3]))
            .map(|at| at + 4)
            .or_else(|| data.ends_with(b"EI").then_some(data.len()))
            .ok_or(Damaged)?;
        self.at += end;
        Ok(())
    }

    /// The run of regular characters here (a keyword, a number, a name's
    /// text).
    fn word(&mut self) -> &[u8] {
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(|&b| is_regular(b)) {
            self.at += 1;
        }
        &self.bytes[start..self.at]
    }

    /// Skips white space and comments.
    fn skip_space(&mut self) {
        while let Some(&byte) = self.bytes.get(self.at) {
            if is_space(byte) {
                self.at += 1;
            } else if byte == b'%' {
                while self
                    .bytes
                    .get(self.at)
                    .is_some_and(|&b| b != b'\n' && b != b'\r')
                {
                    self.at += 1;
                }
            } else {
                break;
            }
        }
    }

    fn skip_byte(&mut self, byte: u8) {
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
        }
    }
}

/// PDF white space (7.2.2).
fn is_space(byte: u8) -> bool {
    matches!(byte, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Neither white space nor a delimiter (7.2.2).
fn is_regular(byte: u8) -> bool {
    !is_space(byte)
        && !matches!(
            byte,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
        )
}

fn starts_number(byte: u8) -> bool {
    byte.is_ascii_digit() || matches!(byte, b'+' | b'-' | b'.')
}

fn hex_value(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|value| value as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(content: &[u8]) -> Vec<(String, Vec<Object>)> {
        operations(content)
            .map(|operation| {
                let operation = operation.expect("well-formed");
                (operation.operator, operation.operands)
            })
            .collect()
    }

    #[test]
    fn operands_come_before_their_operator() {
        let ops = cut(b"q 1 0 0 -1 0 841.89 cm BT /F1 12 Tf\n(Hi) Tj ET Q");
        let names: Vec<&str> = ops.iter().map(|(op, _)| op.as_str()).collect();
        assert_eq!(names, ["q", "cm", "BT", "Tf", "Tj", "ET", "Q"]);
        assert_eq!(ops[1].1[5], Object::Real(841.89));
        assert_eq!(ops[1].1[0], Object::Integer(1));
        assert_eq!(
            ops[3].1,
            [Object::Name(b"F1".to_vec()), Object::Integer(12)]
        );
    }

    #[test]
    fn strings_read_as_the_standard_says() {
        let ops = cut(b"(a\\(b\\)c (nested) \\101\\0612 \\\n d\r\ne\\q) Tj <48 65 6c6C 6> Tj");
        assert_eq!(
            ops[0].1[0],
            Object::String(b"a(b)c (nested) A12  d\neq".to_vec(), StringFormat::Literal)
        );
        assert_eq!(
            ops[1].1[0],
            Object::String(b"Hell\x60".to_vec(), StringFormat::Hexadecimal)
        );
    }

    #[test]
    fn arrays_dictionaries_and_names_nest() {
        let ops = cut(
            b"[(A) -250 (B) 12.5] TJ /Span <</MCID 3 /ActualText (x) /Alt#20Name [1 2]>> BDC EMC",
        );
        assert_eq!(
            ops[0].1[0],
            Object::Array(vec![
                Object::String(b"A".to_vec(), StringFormat::Literal),
                Object::Integer(-250),
                Object::String(b"B".to_vec(), StringFormat::Literal),
                Object::Real(12.5),
            ])
        );
        let Object::Dictionary(properties) = &ops[1].1[1] else {
            panic!("a dictionary");
        };
        assert_eq!(properties.get(b"MCID").unwrap(), &Object::Integer(3));
        assert!(properties.has(b"Alt Name"));
        assert_eq!(ops[2].0, "EMC");
    }

    #[test]
    fn comments_and_inline_images_are_passed_over() {
        let ops = cut(b"% a comment (not a string\nBI /W 2 /H 1 /BPC 8 ID \x00EI)\xff EI Q");
        let names: Vec<&str> = ops.iter().map(|(op, _)| op.as_str()).collect();
        assert_eq!(names, ["BI", "Q"]);
    }

    #[test]
    fn numbers_take_every_form_the_standard_allows() {
        let ops = cut(b"+17 -98 0 34.5 -3.62 +123.6 4. -.002 .5 n");
        assert_eq!(ops[0].1.len(), 9);
        assert_eq!(ops[0].1[7], Object::Real(-0.002));
    }

    #[test]
    fn broken_syntax_is_damage_not_a_guess() {
        for broken in [
            &b"(never closed Tj"[..],
            b"<4G> Tj",
            b"[1 2 Tj",
            b"<</A 1 2>> BDC",
            b"1.2.3 Tw",
            b"- Tw",
            b") Tj",
            b"BI /W 1 ID nodata",
            b"/Bad#zz Tf",
        ] {
            let last = operations(broken).last().map(|result| result.err());
            assert_eq!(
                last,
                Some(Some(Damaged)),
                "{}",
                String::from_utf8_lossy(broken)
            );
        }
        let deep = format!("{}{} Tj", "[".repeat(100), "]".repeat(100));
        assert!(operations(deep.as_bytes()).any(|r| r.is_err()));
    }
}
