//! The dots of each ASCII braille cell: the North American ASCII braille
//! table (the BRF's), the one liblouis's `en-us-brf.dis` displays with,
//! written once for the braille proofs to draw and read back.
//!
//! A cell's dots are a mask as Unicode braille patterns number them (the
//! character U+2800 plus the mask): dot 1 is bit 0, dot 2 bit 1 and so on
//! to dot 6, bit 5. Dots 1, 2, 3 run down the cell's left column, dots 4,
//! 5, 6 down its right.

/// Each cell's dots by dot numbers (`1245` is dots 1, 2, 4 and 5), for the
/// bytes 0x20 (space, no dot) to 0x5F (`_`) in order: North American ASCII
/// braille as liblouis's `en-us-brf.dis` has it.
const DOT_NUMBERS: [u32; 64] = [
    // space ! " # $ % & '
    0, 2346, 5, 3456, 1246, 146, 12346, 3, //
    // ( ) * + , - . /
    12356, 23456, 16, 346, 6, 36, 46, 34, //
    // 0 1 2 3 4 5 6 7
    356, 2, 23, 25, 256, 26, 235, 2356, //
    // 8 9 : ; < = > ?
    236, 35, 156, 56, 126, 123456, 345, 1456, //
    // @ A B C D E F G
    4, 1, 12, 14, 145, 15, 124, 1245, //
    // H I J K L M N O
    125, 24, 245, 13, 123, 134, 1345, 135, //
    // P Q R S T U V W
    1234, 12345, 1235, 234, 2345, 136, 1236, 2456, //
    // X Y Z [ \ ] ^ _
    1346, 13456, 1356, 246, 1256, 12456, 45, 456,
];

/// The first byte of ASCII braille: the blank cell.
const FIRST: u8 = 0x20;

/// The mask of dot numbers written as decimal digits (`146` is dots 1, 4
/// and 6: `0b101001`).
const fn mask_of(mut numbers: u32) -> u8 {
    let mut mask = 0;
    while numbers > 0 {
        mask |= 1 << (numbers % 10 - 1);
        numbers /= 10;
    }
    mask
}

/// Every cell's mask, worked out once from [`DOT_NUMBERS`].
const MASKS: [u8; 64] = {
    let mut masks = [0; 64];
    let mut i = 0;
    while i < 64 {
        masks[i] = mask_of(DOT_NUMBERS[i]);
        i += 1;
    }
    masks
};

/// The dots of the ASCII braille character `byte` as a mask (bit 0 dot 1
/// ... bit 5 dot 6), or `None` for a byte that is not ASCII braille (0x20
/// to 0x5F).
pub fn dots_of(byte: u8) -> Option<u8> {
    MASKS.get(usize::from(byte.checked_sub(FIRST)?)).copied()
}

/// The dot numbers of a mask, in words for a message (`dots 1-4-6`, or
/// `no dots` for a blank cell).
pub fn describe(mask: u8) -> String {
    let numbers: Vec<String> = (0..6)
        .filter(|dot| mask & (1 << dot) != 0)
        .map(|dot| (dot + 1).to_string())
        .collect();
    if numbers.is_empty() {
        "no dots".to_owned()
    } else {
        format!("dots {}", numbers.join("-"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_cells_have_their_dots() {
        assert_eq!(dots_of(b' '), Some(0));
        assert_eq!(dots_of(b'A'), Some(0b000001));
        assert_eq!(dots_of(b','), Some(0b100000));
        assert_eq!(dots_of(b'#'), Some(0b111100));
        assert_eq!(dots_of(b'='), Some(0b111111));
        assert_eq!(dots_of(b'L'), Some(0b000111));
        assert_eq!(dots_of(b'_'), Some(0b111000));
        assert_eq!(dots_of(b'a'), None);
        assert_eq!(dots_of(b'\r'), None);
        assert_eq!(describe(0b101001), "dots 1-4-6");
        assert_eq!(describe(0), "no dots");
    }

    #[test]
    fn every_cell_is_unique_as_unicode_braille_has_it() {
        let mut seen: Vec<u8> = (FIRST..=0x5f).filter_map(dots_of).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 64);
        // Unicode's braille patterns agree: `,` is U+2820, dots 6.
        assert_eq!(
            char::from_u32(0x2800 + u32::from(dots_of(b',').unwrap())),
            Some('⠠')
        );
        assert_eq!(
            char::from_u32(0x2800 + u32::from(dots_of(b'Y').unwrap())),
            Some('⠽')
        );
    }

    /// liblouis's display table, where Debian puts it.
    const LIBLOUIS_DISPLAY: &str = "/usr/share/liblouis/tables/en-us-brf.dis";

    /// The character of a `display` rule, with liblouis's escapes.
    fn display_character(field: &str) -> u8 {
        match field {
            "\\s" => b' ',
            "\\\\" => b'\\',
            _ if field.starts_with("\\x") => u8::from_str_radix(&field[2..], 16).unwrap(),
            _ => {
                assert_eq!(field.len(), 1, "an escape this test does not know: {field}");
                field.as_bytes()[0]
            }
        }
    }

    #[test]
    fn the_table_is_liblouis_s_en_us_brf() {
        let Ok(table) = std::fs::read_to_string(LIBLOUIS_DISPLAY) else {
            eprintln!("SKIPPED: {LIBLOUIS_DISPLAY} is not here (install liblouis-data)");
            return;
        };
        let mut rules = 0;
        for line in table.lines() {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let ["display", character, numbers, ..] = fields[..] else {
                continue;
            };
            let byte = display_character(character);
            let numbers: u32 = numbers.parse().unwrap();
            assert_eq!(dots_of(byte), Some(mask_of(numbers)), "{line}");
            rules += 1;
        }
        assert_eq!(rules, 64, "liblouis displays every ASCII braille cell");
    }
}
