//! The braille proofs (`--proofs`, `proofs/ID-braille-page-N.png`): one
//! PNG a page of the braille file, its cells drawn as dots, which the check
//! reads back from the pixels. Made for the seed and passing its check,
//! byte for byte the same on a rebuild; damaged on purpose (a dot flipped,
//! a proof missing, a proof of a page that is not there), each caught by
//! `leafpress check`; none for a leaflet with no braille file.

mod common;

use std::path::{Path, PathBuf};

use common::{SEED_ID, leaflet_source, leafpress, scratch, seed_source, write_source};

/// The braille proofs' geometry as the module note of
/// `src/outputs/proofs/braille_geometry.rs` gives it, in pixels: the
/// margin, a cell's and a line's pitch, and dot 1's centre in its cell
/// (the square flipped round it, 9 px, stays inside the 10 px between
/// dots).
const MARGIN: u32 = 20;
const CELL: u32 = 24;
const LINE: u32 = 40;
const DOT_1: (u32, u32) = (7, 10);

fn proof(dir: &Path, id: &str, page: usize) -> PathBuf {
    dir.join(format!("out/{id}/proofs/{id}-braille-page-{page}.png"))
}

/// Builds `source` with `--proofs` into `dir/out`, asserting it passed.
fn build_with_proofs(dir: &Path, source: &Path) {
    let run = leafpress(
        dir,
        &[
            "build",
            source.to_str().unwrap(),
            "--out",
            "out",
            "--proofs",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// `leafpress check` of `source` in `dir/out`: its exit code and stderr.
fn check(dir: &Path, source: &Path) -> (i32, String) {
    let run = leafpress(dir, &["check", source.to_str().unwrap(), "--out", "out"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    (run.code, run.stderr)
}

/// Asserts that `leafpress check` of `source` fails, saying `what`.
fn check_fails_saying(dir: &Path, source: &Path, what: &str) {
    let (code, stderr) = check(dir, source);
    assert_eq!(code, 1, "the damage went unnoticed:\n{stderr}");
    assert!(stderr.contains(what), "{stderr}");
}

/// How many pages the seed's BRF has (a form feed ends each).
fn brf_pages(dir: &Path) -> usize {
    let brf = std::fs::read(dir.join(format!("out/{SEED_ID}/{SEED_ID}.brf"))).unwrap();
    brf.iter().filter(|&&byte| byte == 0x0c).count()
}

/// A grey PNG's size and pixels.
fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    (info.width, info.height, pixels)
}

fn encode(width: u32, height: u32, pixels: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(pixels).unwrap();
    writer.finish().unwrap();
    bytes
}

/// The proof with dot 1 of `cell` on `line` (from 0) flipped: raised if it
/// was flat, flat if it was raised.
fn flip_dot(bytes: &[u8], line: u32, cell: u32) -> Vec<u8> {
    let (width, height, mut pixels) = decode(bytes);
    let (x, y) = (
        MARGIN + cell * CELL + DOT_1.0,
        MARGIN + line * LINE + DOT_1.1,
    );
    let raised = pixels[(y * width + x) as usize] < 128;
    let shade = if raised { 255 } else { 0 };
    for yy in y - 4..=y + 4 {
        for xx in x - 4..=x + 4 {
            pixels[(yy * width + xx) as usize] = shade;
        }
    }
    encode(width, height, &pixels)
}

#[test]
fn every_braille_page_of_the_seed_has_a_proof_that_passes_and_rebuilds_the_same() {
    let dir = scratch();
    let seed = seed_source();
    build_with_proofs(dir.path(), &seed);
    let pages = brf_pages(dir.path());
    assert!(pages >= 2, "the seed's braille runs to {pages} pages");
    for page in 1..=pages {
        let bytes = std::fs::read(proof(dir.path(), SEED_ID, page)).unwrap();
        let (width, height, _) = decode(&bytes);
        // 40 cells of 6 mm and 25 lines of 10 mm at 4 px/mm, 5 mm margins.
        assert_eq!((width, height), (1000, 1040), "page {page}");
    }
    assert!(!proof(dir.path(), SEED_ID, pages + 1).exists());
    let (code, stderr) = check(dir.path(), &seed);
    assert_eq!(code, 0, "{stderr}");

    let again = scratch();
    build_with_proofs(again.path(), &seed);
    for page in 1..=pages {
        assert_eq!(
            std::fs::read(proof(dir.path(), SEED_ID, page)).unwrap(),
            std::fs::read(proof(again.path(), SEED_ID, page)).unwrap(),
            "page {page} is drawn the same every time"
        );
    }
}

#[test]
fn a_braille_proof_with_a_dot_flipped_fails_the_check_naming_page_line_and_cell() {
    let dir = scratch();
    let seed = seed_source();
    build_with_proofs(dir.path(), &seed);
    let path = proof(dir.path(), SEED_ID, 2);
    let kept = std::fs::read(&path).unwrap();
    // Line 3, cell 4 (from 1); whether raised or flat there, it changes.
    std::fs::write(&path, flip_dot(&kept, 2, 3)).unwrap();
    check_fails_saying(
        dir.path(),
        &seed,
        &format!("{SEED_ID}-braille-page-2.png: page 2: line 3, cell 4: the proof shows"),
    );
    std::fs::write(&path, &kept).unwrap();
    assert_eq!(check(dir.path(), &seed).0, 0);
}

#[test]
fn a_braille_proof_missing_or_of_a_page_that_is_not_there_fails_the_check() {
    let dir = scratch();
    let seed = seed_source();
    build_with_proofs(dir.path(), &seed);
    let pages = brf_pages(dir.path());
    let first = proof(dir.path(), SEED_ID, 1);
    let kept = std::fs::read(&first).unwrap();
    std::fs::remove_file(&first).unwrap();
    check_fails_saying(
        dir.path(),
        &seed,
        "braille-page-1.png: the proof of page 1 is missing",
    );
    std::fs::write(&first, &kept).unwrap();
    let extra = proof(dir.path(), SEED_ID, pages + 1);
    std::fs::write(&extra, &kept).unwrap();
    check_fails_saying(
        dir.path(),
        &seed,
        "a proof of a page the braille file does not have",
    );
    std::fs::remove_file(&extra).unwrap();
    std::fs::write(&first, b"not a picture").unwrap();
    check_fails_saying(dir.path(), &seed, "braille-page-1.png: page 1: not a PNG");
}

#[test]
fn a_leaflet_with_no_braille_file_gets_no_braille_proofs_and_passes() {
    let dir = scratch();
    let text = leaflet_source(
        "transport-hopital",
        "Le transport vers l'hôpital",
        &[("aller", "Comment venir", "Appelez le service de transport.")],
    )
    .replace("language = \"en-GB\"", "language = \"fr\"");
    let source = write_source(dir.path(), "fr.toml", &text);
    build_with_proofs(dir.path(), &source);
    let folder = dir.path().join("out/transport-hopital/proofs");
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.is_empty() && names.iter().all(|name| !name.contains("braille")));
    assert_eq!(check(dir.path(), &source).0, 0);

    // A braille proof where no braille is made is a proof of nothing.
    let stray = proof(dir.path(), "transport-hopital", 1);
    std::fs::copy(folder.join(&names[0]), &stray).unwrap();
    check_fails_saying(
        dir.path(),
        &source,
        "a proof of a page the braille file does not have",
    );
}
