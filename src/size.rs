//! File sizes for people, as the catalogue page and the web page write them
//! in their links ("Print PDF (PDF, 412 KB)"): decimal units, as GOV.UK's
//! attachments and most operating systems show them. Writers use this;
//! readers parse what was written on their own.

/// `bytes` for people: `1 byte`, `980 bytes`, `412 KB` (whole kilobytes of
/// 1000 bytes, rounded), `1.2 MB` (one decimal under 10 MB), `12 MB`.
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1000;
    const MB: u64 = 1000 * KB;
    match bytes {
        1 => "1 byte".to_owned(),
        0..KB => format!("{bytes} bytes"),
        // Up to 999.5 KB: rounding must not write `1000 KB`.
        _ if bytes < MB - KB / 2 => format!("{} KB", (bytes + KB / 2) / KB),
        _ => {
            let megabytes = bytes as f64 / MB as f64;
            if megabytes < 9.95 {
                format!("{megabytes:.1} MB")
            } else {
                format!("{megabytes:.0} MB")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_are_written_in_the_largest_unit_that_keeps_them_short() {
        let written: Vec<String> = [
            0,
            1,
            999,
            1000,
            1499,
            1500,
            412_345,
            999_499,
            999_500,
            1_234_567,
            9_949_999,
            9_950_000,
            123_456_789,
        ]
        .into_iter()
        .map(human_size)
        .collect();
        assert_eq!(
            written,
            [
                "0 bytes",
                "1 byte",
                "999 bytes",
                "1 KB",
                "1 KB",
                "2 KB",
                "412 KB",
                "999 KB",
                "1.0 MB",
                "1.2 MB",
                "9.9 MB",
                "10 MB",
                "123 MB"
            ]
        );
    }
}
