//! The print PDF on a print shop's press: black text on the black plate
//! alone, crop marks in the registration colour on every plate, and, with
//! the shop's CMYK profile (`--output-intent`), PDF/X-4 that is still
//! PDF/UA-1. Looked at with lopdf, PyPI's pdfua, poppler's pdftotext and
//! Ghostscript's `tiffsep` (the plates, through the same profile).
//!
//! The profile is Debian's libgs-common `default_cmyk.icc` (installed by
//! .ci/run; leafpress ships no profile); where it or a tool is missing the
//! test says so and passes, unless LEAFPRESS_REQUIRE_TOOLS is set.

mod common;

use std::path::{Path, PathBuf};

use common::{
    SEED_ID, copy_of_layouts, fixture, leafpress, missing_tool, scratch, seed_source, stdout, tool,
};
use leafpress::outputs::print_pdf::PrintPdf;
use lopdf::{Document, Object};

/// Debian's CMYK printer profile (libgs-common).
const CMYK_PROFILE: &str = "/usr/share/color/icc/ghostscript/default_cmyk.icc";
/// Debian's sRGB display profile (libgs-common): not a printer's.
const RGB_PROFILE: &str = "/usr/share/color/icc/ghostscript/srgb.icc";

/// A profile's path, if it is installed (else the test is skipped).
fn profile(path: &str) -> Option<PathBuf> {
    let path = PathBuf::from(path);
    if path.is_file() {
        Some(path)
    } else {
        missing_tool(&format!("{} (libgs-common)", path.display()));
        None
    }
}

/// Runs a build of the seed into `dir/out` with `extra` arguments.
fn run_seed_build(dir: &Path, extra: &[&str]) -> common::Run {
    let seed = seed_source();
    let mut args = vec!["build", seed.to_str().unwrap(), "--out", "out"];
    args.extend(extra);
    leafpress(dir, &args)
}

/// Builds the seed into `dir/out` with `extra` arguments; returns its
/// folder.
fn build_seed(dir: &Path, extra: &[&str]) -> PathBuf {
    let run = run_seed_build(dir, extra);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir.join("out").join(SEED_ID)
}

/// The seed built into `dir/out` with Debian's CMYK profile as its output
/// intent and `extra` arguments: its folder; `None` (skipped) without the
/// profile.
fn build_pdfx_seed(dir: &Path, extra: &[&str]) -> Option<PathBuf> {
    let cmyk = profile(CMYK_PROFILE)?;
    let mut args = vec!["--output-intent", cmyk.to_str().unwrap()];
    args.extend(extra);
    Some(build_seed(dir, &args))
}

/// `check` of the seed in `dir/out`.
fn check_seed(dir: &Path) -> common::Run {
    leafpress(
        dir,
        &["check", seed_source().to_str().unwrap(), "--out", "out"],
    )
}

/// Asserts that `run` failed (exit 1) saying `message` on stderr.
fn assert_failed_saying(run: &common::Run, message: &str) {
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(message),
        "{message:?} in {}",
        run.stderr
    );
}

/// The print PDF in a leaflet's folder.
fn print_pdf(folder: &Path) -> PathBuf {
    folder.join(format!("{SEED_ID}-print.pdf"))
}

/// The Info dictionary's text entry `key`, if any.
fn info_text(document: &Document, key: &[u8]) -> Option<String> {
    let info = document.trailer.get(b"Info").ok()?;
    let info = document.dereference(info).ok()?.1.as_dict().ok()?;
    lopdf::decode_text_string(info.get(key).ok()?).ok()
}

/// The XMP packet as text.
fn xmp(document: &Document) -> String {
    let stream = document
        .catalog()
        .unwrap()
        .get_deref(b"Metadata", document)
        .unwrap()
        .as_stream()
        .unwrap();
    String::from_utf8(
        stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone()),
    )
    .unwrap()
}

#[test]
fn the_seed_print_pdf_sets_its_text_in_100_k_and_its_marks_in_all() {
    let dir = scratch();
    let folder = build_seed(dir.path(), &[]);
    let bytes = std::fs::read(print_pdf(&folder)).unwrap();
    let read = PrintPdf.read_back(&bytes).expect("the print PDF reads");
    let printed = read.printed.unwrap().unwrap();
    assert!(printed.plates.text_runs > 100, "{:?}", printed.plates);
    assert_eq!(printed.plates.text_not_black, Vec::<String>::new());
    // Two marks in each corner of each page.
    assert_eq!(printed.plates.marks, 8 * printed.pages);
    assert_eq!(printed.plates.marks_not_registration, Vec::<String>::new());
    assert!(!printed.colour, "registration is no colour");
    // Without a profile the file is not called PDF/X.
    let document = Document::load_mem(&bytes).unwrap();
    assert_eq!(printed.pdfx.claimed, None);
    assert_eq!(info_text(&document, b"GTS_PDFXVersion"), None);
    assert!(!xmp(&document).contains("pdfxid"));
    assert!(!document.catalog().unwrap().has(b"OutputIntents"));
    let ticket = std::fs::read_to_string(folder.join(format!("{SEED_ID}-job.json"))).unwrap();
    assert!(!ticket.contains("pdf_x"), "{ticket}");
    assert!(ticket.contains("\"colour\": \"black only\""), "{ticket}");
}

#[test]
fn with_an_output_intent_the_print_pdf_is_pdfx_4_and_still_pdf_ua_1() {
    let Some(cmyk) = profile(CMYK_PROFILE) else {
        return;
    };
    let dir = scratch();
    let folder = build_seed(
        dir.path(),
        &["--output-intent", cmyk.to_str().unwrap(), "--impose"],
    );
    let pdf = print_pdf(&folder);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.6"), "PDF/X-4 is PDF 1.6");
    // The imposed sheets keep no OutputIntent, so they are not PDF/X.
    let imposed = Document::load(folder.join(format!("{SEED_ID}-print-imposed.pdf"))).unwrap();
    assert_eq!(info_text(&imposed, b"GTS_PDFXVersion"), None);
    let document = Document::load_mem(&bytes).unwrap();
    assert_eq!(
        info_text(&document, b"GTS_PDFXVersion").as_deref(),
        Some("PDF/X-4")
    );
    let xmp = xmp(&document);
    for part in [
        "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>",
        "<pdf:Trapped>False</pdf:Trapped>",
        "<pdfuaid:part>1</pdfuaid:part>",
        "<xmpMM:DocumentID>",
        "<xmpMM:VersionID>",
        "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>",
    ] {
        assert!(xmp.contains(part), "{part} in {xmp}");
    }
    let catalog = document.catalog().unwrap();
    let intents = catalog
        .get_deref(b"OutputIntents", &document)
        .unwrap()
        .as_array()
        .unwrap();
    assert_eq!(intents.len(), 1);
    let intent = document
        .dereference(&intents[0])
        .unwrap()
        .1
        .as_dict()
        .unwrap();
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
    let embedded = intent
        .get_deref(b"DestOutputProfile", &document)
        .unwrap()
        .as_stream()
        .unwrap()
        .decompressed_content()
        .unwrap();
    assert_eq!(embedded, std::fs::read(&cmyk).unwrap());
    // The reader finds every checkable rule kept, and text and marks as
    // without the profile.
    let read = PrintPdf.read_back(&bytes).unwrap();
    assert_eq!(read.flaws, Vec::<String>::new());
    let printed = read.printed.unwrap().unwrap();
    assert_eq!(printed.pdfx.claimed.as_deref(), Some("PDF/X-4"));
    assert!(printed.plates.text_not_black.is_empty());
    assert!(printed.plates.marks_not_registration.is_empty());
    // The job files say so.
    let ticket = std::fs::read_to_string(folder.join(format!("{SEED_ID}-job.json"))).unwrap();
    assert!(ticket.contains("\"pdf_x\": \"PDF/X-4\""), "{ticket}");
    assert!(
        ticket.contains("\"output_intent\": \"Artifex CMYK SWOP Profile\""),
        "{ticket}"
    );
    let sheet = folder.join(format!("{SEED_ID}-job-sheet.pdf"));
    if let Some(text) = tool("pdftotext", &[sheet.to_str().unwrap(), "-"]) {
        let text = stdout(&text);
        assert!(
            text.contains("PDF/X-4, for Artifex CMYK SWOP Profile"),
            "{text}"
        );
    }
    // Still PDF/UA-1, as far as pdfua checks.
    if let Some(output) = tool("pdfua", &["check", pdf.to_str().unwrap()]) {
        assert!(
            output.status.success(),
            "pdfua check failed\n{}\n{}",
            stdout(&output),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // `check` learns from the stamp that PDF/X is expected, and passes.
    let run = check_seed(dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_profile_that_is_not_a_cmyk_printers_is_refused_and_nothing_is_written() {
    let Some(rgb) = profile(RGB_PROFILE) else {
        return;
    };
    let dir = scratch();
    let run = run_seed_build(dir.path(), &["--output-intent", rgb.to_str().unwrap()]);
    assert_failed_saying(
        &run,
        "srgb.icc: a PDF/X-4 output intent must be a CMYK printer profile \
         (class `prtr`, colour space `CMYK`); this profile is class `mntr` in `RGB`",
    );
    assert!(!dir.path().join("out").exists(), "nothing is written");
}

#[test]
fn a_pdfx_print_pdf_without_its_output_intent_fails_check_naming_the_rule() {
    let dir = scratch();
    let Some(folder) = build_pdfx_seed(dir.path(), &[]) else {
        return;
    };
    let pdf = print_pdf(&folder);
    let mut document = Document::load(&pdf).unwrap();
    document.catalog_mut().unwrap().remove(b"OutputIntents");
    document.save(&pdf).unwrap();
    let run = check_seed(dir.path());
    let named = format!(
        "{}: PDF/X-4 (output intent): the file has no GTS_PDFX OutputIntent",
        Path::new("out")
            .join(SEED_ID)
            .join(format!("{SEED_ID}-print.pdf"))
            .display()
    );
    assert_failed_saying(&run, &named);

    // With every PDF/X mark gone too, the stamp still knows it was PDF/X.
    let mut document = Document::load(&pdf).unwrap();
    let info = document
        .trailer
        .get(b"Info")
        .unwrap()
        .as_reference()
        .unwrap();
    let info = document
        .get_object_mut(info)
        .unwrap()
        .as_dict_mut()
        .unwrap();
    info.remove(b"GTS_PDFXVersion");
    let metadata = document
        .catalog()
        .unwrap()
        .get(b"Metadata")
        .unwrap()
        .as_reference()
        .unwrap();
    let stream = document
        .get_object_mut(metadata)
        .unwrap()
        .as_stream_mut()
        .unwrap();
    let xmp = String::from_utf8(stream.content.clone()).unwrap().replace(
        "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>",
        "",
    );
    stream.set_content(xmp.into_bytes());
    document.save(&pdf).unwrap();
    let run = check_seed(dir.path());
    assert_failed_saying(&run, "PDF/X-4 (identification): the build made it PDF/X-4");
}

#[test]
fn a_house_style_names_its_output_intent_and_may_not_use_rgb_under_pdfx() {
    let Some(cmyk) = profile(CMYK_PROFILE) else {
        return;
    };
    let dir = scratch();
    let layouts = copy_of_layouts(dir.path());
    std::fs::copy(&cmyk, layouts.join("output-intent.icc")).unwrap();
    let layouts_arg = layouts.to_str().unwrap().to_owned();
    let folder = build_seed(dir.path(), &["--layouts", &layouts_arg]);
    let bytes = std::fs::read(print_pdf(&folder)).unwrap();
    let document = Document::load_mem(&bytes).unwrap();
    assert_eq!(
        info_text(&document, b"GTS_PDFXVersion").as_deref(),
        Some("PDF/X-4")
    );

    // An RGB colour in the house style is refused, not converted.
    let print = layouts.join("print.typ");
    let layout = std::fs::read_to_string(&print).unwrap();
    std::fs::write(
        &print,
        layout.replace("fill: black-ink,", "fill: rgb(\"#1a1a1a\"),"),
    )
    .unwrap();
    let run = run_seed_build(dir.path(), &["--layouts", &layouts_arg]);
    assert_failed_saying(&run, "is in RGB; a PDF/X-4 print PDF");
}

#[test]
fn grey_text_passes_in_a_house_style_and_fails_leafpress_s_own_layout() {
    let dir = scratch();
    let layouts = copy_of_layouts(dir.path());
    let print = layouts.join("print.typ");
    let layout = std::fs::read_to_string(&print).unwrap();
    assert!(layout.contains("fill: black-ink,"));
    std::fs::write(
        &print,
        layout.replace("fill: black-ink,", "fill: luma(10%),"),
    )
    .unwrap();
    let layouts_arg = layouts.to_str().unwrap().to_owned();
    // A house style may use any inks: the job ticket says black only
    // (a grey is a tint of black) and the build passes.
    let folder = build_seed(dir.path(), &["--layouts", &layouts_arg]);
    let ticket = std::fs::read_to_string(folder.join(format!("{SEED_ID}-job.json"))).unwrap();
    assert!(ticket.contains("\"colour\": \"black only\""), "{ticket}");
    let bytes = std::fs::read(print_pdf(&folder)).unwrap();
    let printed = PrintPdf
        .read_back(&bytes)
        .unwrap()
        .printed
        .unwrap()
        .unwrap();
    assert!(
        printed
            .plates
            .text_not_black
            .contains(&"page 1: ICC-based grey".to_owned()),
        "{:?}",
        printed.plates
    );
    // The same file, said by the stamp to be from leafpress's own layout,
    // fails: its text would print on four plates.
    let stamp_path = folder.join(".leafpress.json");
    let stamp = std::fs::read_to_string(&stamp_path).unwrap();
    assert!(stamp.contains("\"house_style\": true"), "{stamp}");
    std::fs::write(
        &stamp_path,
        stamp.replace("\"house_style\": true", "\"house_style\": false"),
    )
    .unwrap();
    let run = check_seed(dir.path());
    assert_failed_saying(
        &run,
        "text is not 100 % K, and would print on more than the black plate (page 1: ICC-based grey)",
    );
}

/// One 8-bit plate of a page, as Ghostscript's `tiffsep` writes it
/// uncompressed: ink per pixel, 0 none to 255 full (the file stores it
/// the other way round).
struct Plate {
    width: usize,
    height: usize,
    ink: Vec<u8>,
}

/// Reads an uncompressed 8-bit grey TIFF (baseline TIFF 6.0: one IFD,
/// its strips in order).
fn read_plate(path: &Path) -> Plate {
    let bytes = std::fs::read(path).unwrap();
    let little = match &bytes[0..2] {
        b"II" => true,
        b"MM" => false,
        _ => panic!("{} is not a TIFF", path.display()),
    };
    let u16_at = |at: usize| {
        let pair = [bytes[at], bytes[at + 1]];
        if little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    };
    let u32_at = |at: usize| {
        let quad = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]];
        if little {
            u32::from_le_bytes(quad)
        } else {
            u32::from_be_bytes(quad)
        }
    };
    let ifd = u32_at(4) as usize;
    let mut values = std::collections::HashMap::new();
    for index in 0..u16_at(ifd) as usize {
        let entry = ifd + 2 + 12 * index;
        let (tag, kind, count) = (u16_at(entry), u16_at(entry + 2), u32_at(entry + 4) as usize);
        let size = if kind == 3 { 2 } else { 4 };
        let start = if size * count <= 4 {
            entry + 8
        } else {
            u32_at(entry + 8) as usize
        };
        let list: Vec<usize> = (0..count)
            .map(|n| {
                if kind == 3 {
                    u16_at(start + 2 * n) as usize
                } else {
                    u32_at(start + 4 * n) as usize
                }
            })
            .collect();
        values.insert(tag, list);
    }
    assert_eq!(values[&259], [1], "uncompressed");
    assert_eq!(values[&258], [8], "8 bits a pixel");
    let (width, height) = (values[&256][0], values[&257][0]);
    let mut ink = Vec::with_capacity(width * height);
    for (offset, length) in values[&273].iter().zip(&values[&279]) {
        ink.extend(
            bytes[*offset..offset + length]
                .iter()
                .map(|value| 255 - value),
        );
    }
    assert_eq!(ink.len(), width * height);
    Plate { width, height, ink }
}

#[test]
fn ghostscript_finds_the_text_on_the_black_plate_alone_and_ink_under_300_percent() {
    let dir = scratch();
    let Some(folder) = build_pdfx_seed(dir.path(), &[]) else {
        return;
    };
    let cmyk = PathBuf::from(CMYK_PROFILE);
    let pdf = print_pdf(&folder);
    let plates = dir.path().join("plates");
    std::fs::create_dir_all(&plates).unwrap();
    let Some(output) = tool(
        "gs",
        &[
            "-q",
            "-dSAFER",
            "-dBATCH",
            "-dNOPAUSE",
            "-sDEVICE=tiffsep",
            "-sCompression=none",
            "-r72",
            "-dFirstPage=1",
            "-dLastPage=1",
            &format!("-sOutputICCProfile={}", cmyk.display()),
            &format!("-sOutputFile={}", plates.join("page%d.tif").display()),
            pdf.to_str().unwrap(),
        ],
    ) else {
        return;
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let plate = |name: &str| read_plate(&plates.join(format!("page1({name}).tif")));
    let (cyan, magenta, yellow, black) = (
        plate("Cyan"),
        plate("Magenta"),
        plate("Yellow"),
        plate("Black"),
    );
    // At 72 dpi a pixel is a point; the TIFF's rows run down from the top.
    let document = Document::load(&pdf).unwrap();
    let page = document.page_iter().next().unwrap();
    let number = |object: &Object| {
        object
            .as_float()
            .map(f64::from)
            .or_else(|_| object.as_i64().map(|n| n as f64))
            .unwrap()
    };
    let rect = |key: &[u8]| -> Vec<f64> {
        let page = document.get_dictionary(page).unwrap();
        page.get(key)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(number)
            .collect()
    };
    let (media, trim) = (rect(b"MediaBox"), rect(b"TrimBox"));
    assert_eq!(
        (black.width, black.height),
        (media[2].round() as usize, media[3].round() as usize)
    );
    let inside = |x: usize, y: usize| {
        let (x, y) = (x as f64 + 0.5, media[3] - (y as f64 + 0.5));
        x > trim[0] + 1.0 && x < trim[2] - 1.0 && y > trim[1] + 1.0 && y < trim[3] - 1.0
    };
    let (mut black_inside, mut most_inside, mut most_outside) = (0usize, 0u32, 0u32);
    for y in 0..black.height {
        for x in 0..black.width {
            let at = y * black.width + x;
            let inks = [cyan.ink[at], magenta.ink[at], yellow.ink[at], black.ink[at]];
            let total: u32 = inks.iter().map(|&ink| u32::from(ink)).sum();
            if inside(x, y) {
                assert_eq!(
                    &inks[..3],
                    &[0, 0, 0],
                    "colour ink inside the trim at ({x}, {y})"
                );
                black_inside += usize::from(inks[3] > 0);
                most_inside = most_inside.max(total);
            } else {
                most_outside = most_outside.max(total);
            }
        }
    }
    assert!(black_inside > 1000, "the text is on the black plate");
    assert!(
        most_inside < 3 * 255,
        "total ink inside the trim under 300 % ({most_inside})"
    );
    assert_eq!(
        most_outside,
        4 * 255,
        "the registration marks are on all four plates"
    );
}

#[test]
fn the_print_pdf_carries_no_link_annotations_but_the_large_print_does() {
    // On paper a link is its written-out address, so no annotation lies in
    // the printed area (as PDF/X asks).
    let dir = scratch();
    let source = fixture("valid/hospital-transport.toml");
    let run = leafpress(
        dir.path(),
        &["build", source.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let folder = dir.path().join("out/hospital-transport");
    let annotations = |name: &str| {
        let document = Document::load(folder.join(name)).unwrap();
        document
            .page_iter()
            .filter(|page| document.get_dictionary(*page).unwrap().has(b"Annots"))
            .count()
    };
    assert_eq!(annotations("hospital-transport-print.pdf"), 0);
    assert!(annotations("hospital-transport-large-print.pdf") > 0);
}

#[test]
fn order_with_the_same_profile_keeps_the_pdfx_print_pdf() {
    let dir = scratch();
    let Some(folder) = build_pdfx_seed(dir.path(), &[]) else {
        return;
    };
    let before = std::fs::read(print_pdf(&folder)).unwrap();
    let seed = seed_source();
    let run = leafpress(
        dir.path(),
        &[
            "order",
            seed.to_str().unwrap(),
            "--out",
            "out",
            "--copies",
            "100",
            "--output-intent",
            CMYK_PROFILE,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read(print_pdf(&folder)).unwrap(),
        before,
        "not rebuilt"
    );
}
