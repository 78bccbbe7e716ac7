//! Reads a braille proof back, sharing nothing with its drawing but where
//! the dots go ([`super::braille_geometry`]): the PNG is decoded, and each
//! dot position counts as raised where the pixel at its centre is darker
//! than mid-grey. The cells read must be the braille file's as it is on
//! disk, its pages split at form feeds and its lines at CR LF.

use std::io::Cursor;

use super::braille_geometry::{self, dot_centre};
use crate::model::BrailleSettings;
use crate::outputs::braille::dots::{describe, dots_of};

/// A page of braille as dot masks, line by line and cell by cell (bit 0
/// dot 1 ... bit 5 dot 6), every line the page's cells long.
pub type Cells = Vec<Vec<u8>>;

/// A pixel darker than this (0 black, 255 white) is a raised dot.
const DARK: u16 = 128;

/// The cells a proof shows for a page of `page`'s cells and lines, or what
/// stops it being read: not a PNG the decoder takes, or not the page's
/// size in pixels.
pub fn read_proof(bytes: &[u8], page: BrailleSettings) -> Result<Cells, String> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let undecodable = |error: png::DecodingError| format!("the PNG cannot be decoded: {error}");
    let mut reader = decoder.read_info().map_err(undecodable)?;
    let mut buffer = vec![0; reader.output_buffer_size().ok_or("the PNG is too large")?];
    let info = reader.next_frame(&mut buffer).map_err(undecodable)?;
    let wanted = braille_geometry::size(page);
    if (info.width, info.height) != wanted {
        return Err(format!(
            "{} x {} pixels, where the braille page makes {} x {}",
            info.width, info.height, wanted.0, wanted.1
        ));
    }
    let channels = info.color_type.samples();
    let dark = |(x, y): (u32, u32)| {
        let at = (y as usize * info.line_size) + x as usize * channels;
        lightness(&buffer[at..at + channels]) < DARK
    };
    let (cells, lines) = braille_geometry::cells_and_lines(page);
    Ok((0..lines)
        .map(|line| {
            (0..cells)
                .map(|cell| {
                    (0..6)
                        .filter(|&dot| dark(dot_centre(line, cell, dot)))
                        .fold(0, |mask, dot| mask | 1 << dot)
                })
                .collect()
        })
        .collect())
}

/// A pixel's lightness from its 8-bit samples (grey or RGB, with or without
/// alpha, which is taken as lying on white paper).
fn lightness(samples: &[u8]) -> u16 {
    let colour: &[u8] = if samples.len() >= 3 {
        &samples[..3]
    } else {
        &samples[..1]
    };
    let value = colour.iter().map(|&s| u16::from(s)).sum::<u16>() / colour.len() as u16;
    match samples.len() {
        2 | 4 => {
            let alpha = u16::from(samples[samples.len() - 1]);
            (value * alpha + 255 * (255 - alpha)) / 255
        }
        _ => value,
    }
}

/// The BRF's pages, each its lines (split at form feeds, then at CR LF;
/// nothing after the last form feed counts as a page when it is empty).
pub fn brf_pages(brf: &[u8]) -> Vec<Vec<&[u8]>> {
    let mut pages: Vec<&[u8]> = brf.split(|&byte| byte == 0x0c).collect();
    if pages.last().is_some_and(|last| last.is_empty()) {
        pages.pop();
    }
    pages
        .into_iter()
        .map(|page| {
            let body = page.strip_suffix(b"\r\n").unwrap_or(page);
            let mut lines = Vec::new();
            let mut rest = body;
            while let Some(end) = rest.windows(2).position(|pair| pair == b"\r\n") {
                lines.push(&rest[..end]);
                rest = &rest[end + 2..];
            }
            lines.push(rest);
            lines
        })
        .collect()
}

/// A BRF page's lines as the cells of a page of `page`'s cells and lines
/// (blank beyond its text), or where it cannot be: a byte that is not ASCII
/// braille, a line or a page too long.
pub fn page_cells(lines: &[&[u8]], page: BrailleSettings) -> Result<Cells, String> {
    if lines.len() > page.lines_per_page {
        return Err(format!(
            "{} lines, where a page holds {}",
            lines.len(),
            page.lines_per_page
        ));
    }
    let mut cells = vec![vec![0; page.cells_per_line]; page.lines_per_page];
    for (number, line) in lines.iter().enumerate() {
        if line.len() > page.cells_per_line {
            return Err(format!(
                "line {}: {} cells, where a line holds {}",
                number + 1,
                line.len(),
                page.cells_per_line
            ));
        }
        for (at, &byte) in line.iter().enumerate() {
            cells[number][at] = dots_of(byte).ok_or_else(|| {
                format!(
                    "line {}, cell {}: byte 0x{byte:02X} is not ASCII braille",
                    number + 1,
                    at + 1
                )
            })?;
        }
    }
    Ok(cells)
}

/// Where the cells a proof shows first differ from the braille file's:
/// the line and cell (from 1), and both cells' dots.
pub fn first_difference(shown: &Cells, filed: &Cells) -> Option<String> {
    shown
        .iter()
        .zip(filed)
        .enumerate()
        .find_map(|(line, (shown, filed))| {
            let cell = shown.iter().zip(filed).position(|(a, b)| a != b)?;
            Some(format!(
                "line {}, cell {}: the proof shows {}, where the braille file has {}",
                line + 1,
                cell + 1,
                describe(shown[cell]),
                describe(filed[cell])
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_brf_splits_into_pages_at_form_feeds_and_lines_at_cr_lf() {
        let pages = brf_pages(b"AB   #A\r\n\r\nC\r\n\x0cD   #B\r\n\x0c");
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0], [&b"AB   #A"[..], b"", b"C"]);
        assert_eq!(pages[1], [&b"D   #B"[..]]);
    }

    #[test]
    fn a_page_s_cells_are_its_bytes_dots_and_blank_beyond() {
        let page = BrailleSettings {
            cells_per_line: 28,
            lines_per_page: 20,
        };
        let cells = page_cells(&[b"A,", b"#"], page).unwrap();
        assert_eq!((cells.len(), cells[0].len()), (20, 28));
        assert_eq!(cells[0][..3], [0b000001, 0b100000, 0]);
        assert_eq!(cells[1][0], 0b111100);
        assert!(page_cells(&[b"a"], page).unwrap_err().contains("0x61"));
        let long = [b'A'; 29];
        assert!(page_cells(&[&long], page).unwrap_err().contains("29 cells"));
        let mut other = cells.clone();
        other[1][4] = 0b000011;
        assert_eq!(
            first_difference(&other, &cells).unwrap(),
            "line 2, cell 5: the proof shows dots 1-2, where the braille file has no dots"
        );
        assert_eq!(first_difference(&cells, &cells), None);
    }

    #[test]
    fn lightness_lays_alpha_on_white() {
        assert_eq!(lightness(&[30]), 30);
        assert_eq!(lightness(&[0, 0, 0, 0]), 255);
        assert_eq!(lightness(&[30, 60, 90]), 60);
    }
}
