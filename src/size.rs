//! File sizes for people, as the catalogue page and the web page write them
//! in their links ("Print PDF (PDF, 412 kB)"): decimal units (GOV.UK's
//! attachments and most operating systems show them so), rounded up, so
//! that a file is never said to be smaller than it is. Writers use this;
//! readers parse what was written on their own.

/// `bytes` for people: `1 byte` and `640 bytes` below 1 kB; whole kB up to
/// 999 kB (`9 kB` for 8,001 to 9,000 bytes); then MB to one decimal
/// (`1.2 MB`), each rounded up.
pub fn human_size(bytes: u64) -> String {
    match bytes {
        1 => "1 byte".to_owned(),
        0..1_000 => format!("{bytes} bytes"),
        1_000..=999_000 => format!("{} kB", bytes.div_ceil(1_000)),
        _ => {
            let tenths = bytes.div_ceil(100_000);
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_are_rounded_up_in_decimal_units() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(1), "1 byte");
        assert_eq!(human_size(640), "640 bytes");
        assert_eq!(human_size(1_000), "1 kB");
        assert_eq!(human_size(8_001), "9 kB");
        assert_eq!(human_size(999_000), "999 kB");
        assert_eq!(human_size(999_001), "1.0 MB");
        assert_eq!(human_size(1_150_000), "1.2 MB");
        assert_eq!(human_size(12_000_000), "12.0 MB");
    }
}
