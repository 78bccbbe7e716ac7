//! The print job's files: the job ticket and sheet match the real PDFs,
//! `order` follows the paper rules from the real page counts, and folding
//! the imposed PDF gives the pages in order. Page counts and text come from
//! poppler (`pdfinfo`, `pdftotext`), not from leafpress.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// A folder with the seed and a 40-section A4 leaflet as sources.
fn two_leaflets() -> (tempfile::TempDir, PathBuf) {
    let dir = scratch();
    let sources = dir.path().join("sources");
    std::fs::create_dir(&sources).unwrap();
    std::fs::copy(seed_source(), sources.join("seed.toml")).unwrap();
    let long = long_leaflet_source("long-a4", 40).replacen(
        "\n[[section]]",
        "\n[print]\nsize = \"A4\"\nstock = \"100 gsm recycled\"\n\n[[section]]",
        1,
    );
    write_source(&sources, "long.toml", &long);
    (dir, sources)
}

const IDS: [&str; 2] = [SEED_ID, "long-a4"];

fn build(dir: &Path, sources: &Path, extra: &[&str]) {
    let mut args = vec!["build", sources.to_str().unwrap(), "--out", "out"];
    args.extend(extra);
    let run = leafpress(dir, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// The page count poppler reads from a PDF.
fn pdfinfo_pages(pdf: &Path) -> Option<u64> {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()])?;
    stdout(&info)
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .map(|count| count.trim().parse().unwrap())
}

/// The text poppler reads from page `page` of a PDF, optionally only from
/// the box `(x, y, width, height)` in points, white space squeezed.
fn pdftotext(pdf: &Path, page: u64, crop: Option<(f64, f64, f64, f64)>) -> Option<String> {
    let page = page.to_string();
    let mut args = vec!["-f".to_owned(), page.clone(), "-l".to_owned(), page];
    if let Some((x, y, width, height)) = crop {
        for (flag, value) in [("-x", x), ("-y", y), ("-W", width), ("-H", height)] {
            args.push(flag.to_owned());
            args.push(format!("{}", value.round() as i64));
        }
        args.extend(["-r".to_owned(), "72".to_owned()]);
    }
    args.extend([pdf.to_str().unwrap().to_owned(), "-".to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let text = stdout(&tool("pdftotext", &args)?);
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn ticket(dir: &Path, id: &str) -> Value {
    let path = dir.join("out").join(id).join(format!("{id}-job.json"));
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The paper rules, written out again here: P/4 sheets for a booklet,
/// ceil(P/2) for loose sheets.
fn sheets_per_copy(binding: &str, pages: u64) -> u64 {
    match binding {
        "saddle-stitch" => {
            assert_eq!(pages % 4, 0, "a booklet's pages are a multiple of 4");
            pages / 4
        }
        _ => pages.div_ceil(2),
    }
}

#[test]
fn the_job_ticket_and_sheet_give_the_real_page_counts_and_hashes() {
    let (dir, sources) = two_leaflets();
    build(dir.path(), &sources, &[]);
    for id in IDS {
        let folder = dir.path().join("out").join(id);
        let ticket = ticket(dir.path(), id);
        assert_eq!(ticket["id"], id);
        let outputs = ticket["outputs"].as_array().unwrap();
        assert_eq!(outputs.len(), 2);
        for (output, file) in outputs
            .iter()
            .zip([format!("{id}-print.pdf"), format!("{id}-large-print.pdf")])
        {
            assert_eq!(output["file"], file.as_str());
            let pdf = folder.join(&file);
            let bytes = std::fs::read(&pdf).unwrap();
            assert_eq!(output["sha256"], leafpress::stamp::sha256(&bytes).as_str());
            let pages = output["pages"].as_u64().unwrap();
            assert!(pages > 0);
            if let Some(poppler_pages) = pdfinfo_pages(&pdf) {
                assert_eq!(pages, poppler_pages, "{file}");
            }
            assert_eq!(
                output["sheets_per_copy"].as_u64().unwrap(),
                sheets_per_copy(output["binding"].as_str().unwrap(), pages),
                "{file}"
            );
        }
        // The braille file: its pages are its form feeds, one a page, and
        // it is embossed a page a sheet on braille paper for 40 cells.
        let braille = &ticket["braille"];
        let brf = std::fs::read(folder.join(format!("{id}.brf"))).unwrap();
        let form_feeds = brf.iter().filter(|&&byte| byte == 0x0c).count() as u64;
        assert_eq!(braille["file"], format!("{id}.brf").as_str());
        assert_eq!(braille["sha256"], leafpress::stamp::sha256(&brf).as_str());
        assert_eq!(braille["pages"].as_u64(), Some(form_feeds));
        assert_eq!(braille["sheets_per_copy"].as_u64(), Some(form_feeds));
        assert_eq!(
            (&braille["cells_per_line"], &braille["lines_per_page"]),
            (&Value::from(40), &Value::from(25))
        );
        assert_eq!(braille["sheet_size"]["width_mm"], 279.4);
        assert_eq!(braille["embossed"], "one side");
        let (print, large) = (&outputs[0], &outputs[1]);
        assert_eq!(large["binding"], "none");
        assert_eq!(large["sheet_size"]["name"], "A4");
        assert!(large["stock"].as_str().unwrap().contains("matt"));
        assert_eq!(large["colour"], "black only");
        if id == "long-a4" {
            assert_eq!(print["trim_size"], "A4");
            assert_eq!(print["sheet_size"]["name"], "A3");
            assert_eq!(print["stock"], "100 gsm recycled");
            assert_eq!(print["stock_from"], "source");
        } else {
            assert_eq!(print["trim_size"], "A5");
            assert_eq!(print["sheet_size"]["name"], "A4");
            assert_eq!(print["stock_from"], "default");
            assert_eq!(print["colour"], "black only");
        }

        // The job sheet, as poppler reads it, names the leaflet and its
        // page counts. In the content's order (`-raw`): poppler's guess at
        // the layout reads a table's labels and values as two columns or
        // as rows depending on how wide the values happen to be.
        let sheet = folder.join(format!("{id}-job-sheet.pdf"));
        assert_eq!(pdfinfo_pages(&sheet).unwrap_or(1), 1, "one page to pin up");
        let raw = tool("pdftotext", &["-raw", sheet.to_str().unwrap(), "-"]);
        if let Some(text) = raw.map(|raw| {
            stdout(&raw)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        }) {
            assert!(text.contains(id), "{text}");
            let title = ticket["title"].as_str().unwrap();
            assert!(text.contains(title), "{text}");
            for output in outputs {
                let pages = format!("Pages {}", output["pages"]);
                assert!(text.contains(&pages), "{pages} in {text}");
            }
            let braille = format!("{} pages of 40 cells × 25 lines", braille["pages"]);
            assert!(text.contains(&braille), "{braille} in {text}");
        }
    }
}

#[test]
fn an_order_follows_the_paper_rules_from_the_real_page_counts() {
    let (dir, sources) = two_leaflets();
    // Nothing is built yet: `order` builds first.
    let run = leafpress(
        dir.path(),
        &[
            "order",
            sources.to_str().unwrap(),
            "--out",
            "out",
            "--copies",
            "500",
            "--large-print-copies",
            "20",
            "--braille-copies",
            "3",
            "--json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let order: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(order["not_ordered"], Value::Array(Vec::new()));
    let leaflets = order["leaflets"].as_array().unwrap();
    let mut ids: Vec<&str> = leaflets.iter().map(|l| l["id"].as_str().unwrap()).collect();
    ids.sort();
    assert_eq!(ids, ["long-a4", SEED_ID]);
    let mut sheets_by_size_and_stock = std::collections::BTreeMap::new();
    for leaflet in leaflets {
        let id = leaflet["id"].as_str().unwrap();
        for output in leaflet["outputs"].as_array().unwrap() {
            let file = output["file"].as_str().unwrap();
            let path = dir.path().join("out").join(id).join(file);
            let per_copy = output["sheets_per_copy"].as_u64().unwrap();
            let copies = output["copies"].as_u64().unwrap();
            if file.ends_with(".brf") {
                // Braille: a page a sheet, its pages its form feeds.
                let brf = std::fs::read(&path).unwrap();
                let pages = brf.iter().filter(|&&byte| byte == 0x0c).count() as u64;
                assert_eq!(output["pages"].as_u64(), Some(pages), "{file}");
                assert_eq!((per_copy, copies), (pages, 3), "{file}");
                assert_eq!(output["output"], "braille");
            } else {
                let pages = match pdfinfo_pages(&path) {
                    Some(pages) => pages,
                    None => output["pages"].as_u64().unwrap(),
                };
                assert_eq!(output["pages"].as_u64().unwrap(), pages, "{file}");
                assert_eq!(
                    per_copy,
                    sheets_per_copy(output["binding"].as_str().unwrap(), pages),
                    "{file}"
                );
                let wanted = if file.ends_with("-large-print.pdf") {
                    20
                } else {
                    500
                };
                assert_eq!(copies, wanted);
            }
            let sheets = output["sheets"].as_u64().unwrap();
            assert!(sheets >= copies * per_copy, "{file}: {sheets} sheets");
            assert_eq!(output["reams"].as_u64().unwrap(), sheets.div_ceil(500));
            *sheets_by_size_and_stock
                .entry((portrait(&output["sheet_size"]), output["stock"].to_string()))
                .or_insert(0) += sheets;
        }
    }
    let totals = order["totals"].as_array().unwrap();
    assert_eq!(totals.len(), sheets_by_size_and_stock.len());
    for total in totals {
        let key = (portrait(&total["sheet_size"]), total["stock"].to_string());
        assert_eq!(
            total["sheets"].as_u64(),
            sheets_by_size_and_stock.get(&key).copied()
        );
    }

    // Without --json: a table for people, the same figures.
    let table = leafpress(
        dir.path(),
        &[
            "order",
            sources.to_str().unwrap(),
            "--out",
            "out",
            "--copies",
            "500",
        ],
    );
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(
        table.stdout.contains(&format!("{SEED_ID}-print.pdf")),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains("reams"), "{}", table.stdout);
    assert!(
        !table.stdout.contains("large-print"),
        "no large-print copies were asked for"
    );
    assert!(
        !table.stdout.contains(".brf"),
        "no braille copies were asked for"
    );

    let bad = leafpress(
        dir.path(),
        &[
            "order",
            sources.to_str().unwrap(),
            "--copies",
            "5",
            "--spoilage",
            "-3",
        ],
    );
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[test]
fn braille_copies_of_a_leaflet_with_no_braille_are_not_ordered_and_said_so() {
    let dir = scratch();
    let sources = dir.path().join("sources");
    std::fs::create_dir(&sources).unwrap();
    let french =
        long_leaflet_source("fr-leaflet", 2).replace("language = \"en-GB\"", "language = \"fr\"");
    assert!(french.contains("\"fr\""), "the leaflet is French");
    write_source(&sources, "fr.toml", &french);
    let run = leafpress(
        dir.path(),
        &[
            "order",
            sources.to_str().unwrap(),
            "--out",
            "out",
            "--copies",
            "10",
            "--braille-copies",
            "2",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("not ordered: fr-leaflet: no braille copies"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains(".brf"), "{}", run.stdout);
    let ticket = ticket(dir.path(), "fr-leaflet");
    assert!(ticket.get("braille").is_none(), "{ticket}");
}

#[test]
fn a_ticket_that_misstates_the_braille_fails_the_check_naming_the_field() {
    let (dir, sources) = two_leaflets();
    build(dir.path(), &sources, &["--formats", "job"]);
    let path = dir
        .path()
        .join("out")
        .join(SEED_ID)
        .join(format!("{SEED_ID}-job.json"));
    let mut ticket: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let pages = ticket["braille"]["pages"].as_u64().unwrap();
    ticket["braille"]["pages"] = Value::from(pages + 1);
    std::fs::write(&path, serde_json::to_vec_pretty(&ticket).unwrap()).unwrap();
    let check = leafpress(
        dir.path(),
        &["check", sources.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(check.code, 1, "{}", check.stderr);
    let wanted = format!("`braille.pages` is {}; the files give {pages}", pages + 1);
    assert!(check.stderr.contains(&wanted), "{}", check.stderr);
}

/// A sheet size (`{"name": "A4", "width_mm": 297, ...}`) as its name and its sides, shorter
/// first: a ream is the same paper whichever way a job runs it.
fn portrait(size: &Value) -> String {
    let mut sides = [&size["width_mm"], &size["height_mm"]].map(|side| side.as_f64().unwrap());
    sides.sort_by(f64::total_cmp);
    format!("{} {sides:?}", size["name"])
}

/// The print pages a booklet of `pages` pages shows on each sheet side, in
/// the order the sides are printed: for 8 pages, 8|1, 2|7, 6|3, 4|5.
fn booklet_sides(pages: u64) -> Vec<(u64, u64)> {
    (0..pages / 4)
        .flat_map(|sheet| {
            [
                (pages - 2 * sheet, 1 + 2 * sheet),
                (2 + 2 * sheet, pages - 1 - 2 * sheet),
            ]
        })
        .collect()
}

#[test]
fn folding_the_imposed_pdf_gives_the_pages_in_order() {
    let (dir, sources) = two_leaflets();
    build(dir.path(), &sources, &["--impose"]);
    for id in IDS {
        let folder = dir.path().join("out").join(id);
        let print = folder.join(format!("{id}-print.pdf"));
        let imposed = folder.join(format!("{id}-print-imposed.pdf"));
        let pages = ticket(dir.path(), id)["outputs"][0]["pages"]
            .as_u64()
            .unwrap();
        let sides = booklet_sides(pages);
        let Some(imposed_pages) = pdfinfo_pages(&imposed) else {
            return;
        };
        assert_eq!(imposed_pages, pages / 2, "two pages a side");
        // The sheet side is two trim pages wide.
        let info = stdout(&tool("pdfinfo", &[imposed.to_str().unwrap()]).unwrap());
        let size = info
            .lines()
            .find_map(|line| line.strip_prefix("Page size:"))
            .unwrap();
        let numbers: Vec<f64> = size
            .split_whitespace()
            .filter_map(|word| word.parse().ok())
            .collect();
        let (width, height) = (numbers[0], numbers[1]);
        let trim = if id == "long-a4" {
            (595.3, 841.9)
        } else {
            (419.5, 595.3)
        };
        assert!((width - 2.0 * trim.0).abs() < 1.5, "{id}: {size}");
        assert!((height - trim.1).abs() < 1.5, "{id}: {size}");
        for (side, (left, right)) in sides.iter().enumerate() {
            let side_page = side as u64 + 1;
            let halves = [
                (left, (0.0, 0.0, width / 2.0, height)),
                (right, (width / 2.0, 0.0, width / 2.0, height)),
            ];
            for (print_page, crop) in halves {
                let shown = pdftotext(&imposed, side_page, Some(crop)).unwrap();
                let wanted = pdftotext(&print, *print_page, None).unwrap();
                assert_eq!(
                    shown, wanted,
                    "{id}: side {side_page} should show print page {print_page}"
                );
            }
        }
    }
}

/// Rewrites a JSON file through `change`.
fn edit_json(path: &Path, change: impl FnOnce(&mut Value)) {
    let mut value: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    change(&mut value);
    std::fs::write(path, serde_json::to_vec_pretty(&value).unwrap()).unwrap();
}

#[test]
fn the_check_catches_a_ticket_that_does_not_match_its_pdfs() {
    let dir = built_seed();
    let folder = dir.path().join("out").join(SEED_ID);
    let ticket_path = folder.join(format!("{SEED_ID}-job.json"));
    let seed = seed_source();
    let check = || {
        leafpress(
            dir.path(),
            &["check", seed.to_str().unwrap(), "--out", "out"],
        )
    };
    assert_eq!(check().code, 0, "{}", check().stderr);

    let original = std::fs::read(&ticket_path).unwrap();
    edit_json(&ticket_path, |ticket| {
        let pages = ticket["outputs"][0]["pages"].as_u64().unwrap();
        ticket["outputs"][0]["pages"] = (pages + 4).into();
    });
    let run = check();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("outputs[0].pages"), "{}", run.stderr);
    assert!(run.stderr.contains("-job.json"), "{}", run.stderr);

    std::fs::write(&ticket_path, &original).unwrap();
    edit_json(&ticket_path, |ticket| {
        ticket["outputs"][1]["sha256"] = "0".repeat(64).into();
    });
    let run = check();
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("outputs[1].sha256"), "{}", run.stderr);

    // A job sheet that is some other PDF does not name the leaflet.
    std::fs::write(&ticket_path, &original).unwrap();
    std::fs::copy(
        folder.join(format!("{SEED_ID}-large-print.pdf")),
        folder.join(format!("{SEED_ID}-job-sheet.pdf")),
    )
    .unwrap();
    let run = check();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("the job sheet does not show"),
        "{}",
        run.stderr
    );

    // A print PDF cut short: the ticket's check says why it cannot judge.
    let print = folder.join(format!("{SEED_ID}-print.pdf"));
    let bytes = std::fs::read(&print).unwrap();
    std::fs::write(&print, &bytes[..bytes.len() / 2]).unwrap();
    let run = check();
    assert_eq!(run.code, 1);
    let ticket_line = run
        .stderr
        .lines()
        .find(|line| line.contains("-job.json"))
        .unwrap_or_else(|| panic!("no report for the ticket:\n{}", run.stderr));
    assert!(
        ticket_line.contains("cannot be parsed") && ticket_line.contains("cannot be checked"),
        "{ticket_line}"
    );
}

#[test]
fn the_check_catches_an_imposed_pdf_in_the_wrong_order_and_a_plain_build_removes_it() {
    let dir = scratch();
    let seed = seed_source();
    let run = leafpress(
        dir.path(),
        &["build", seed.to_str().unwrap(), "--out", "out", "--impose"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let imposed = dir
        .path()
        .join("out")
        .join(SEED_ID)
        .join(format!("{SEED_ID}-print-imposed.pdf"));
    let original = std::fs::read(&imposed).unwrap();

    // Swap the first two sheet sides in the page tree.
    std::fs::write(&imposed, swap_first_two_pages(&original)).unwrap();
    let check = leafpress(
        dir.path(),
        &["check", seed.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("-print-imposed.pdf: the sheet sides show"),
        "{}",
        check.stderr
    );

    // An imposed PDF the stamp lists must be there.
    std::fs::remove_file(&imposed).unwrap();
    let check = leafpress(
        dir.path(),
        &["check", seed.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stderr.contains("is missing"), "{}", check.stderr);
    std::fs::write(&imposed, &original).unwrap();

    // A build without --impose leaves no imposed PDF that no longer matches.
    let run = leafpress(
        dir.path(),
        &["build", seed.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!imposed.exists());
    let check = leafpress(
        dir.path(),
        &["check", seed.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn impose_passes_over_a_leaflet_that_is_not_a_booklet_with_a_warning() {
    let dir = scratch();
    let source = leaflet_source("loose", "Loose sheets", &[("one", "One", "Text.")]).replacen(
        "\n[[section]]",
        "\n[print]\nbinding = \"none\"\n\n[[section]]",
        1,
    );
    let path = write_source(dir.path(), "loose.toml", &source);
    let run = leafpress(
        dir.path(),
        &["build", path.to_str().unwrap(), "--out", "out", "--impose"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: loose: imposed print PDF: none made"),
        "{}",
        run.stderr
    );
    assert!(dir.path().join("out/loose/loose-job.json").exists());
    assert!(
        !dir.path()
            .join("out/loose/loose-print-imposed.pdf")
            .exists()
    );
}

#[test]
fn a_leaflet_with_colour_emoji_is_a_colour_job() {
    let dir = scratch();
    let source = fixture("valid/text-is-data.toml");
    let run = leafpress(
        dir.path(),
        &["build", source.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ticket = ticket(dir.path(), "text-is-data");
    for output in ticket["outputs"].as_array().unwrap() {
        assert_eq!(output["colour"], "colour", "{}", output["file"]);
    }
}

#[test]
fn a_house_style_printing_another_trim_size_fails_the_ticket_check() {
    let dir = scratch();
    let layouts = copy_of_layouts(dir.path());
    // A house style that lays every page out 10 mm wider than the leaflet
    // asks for: the ticket would tell the print shop the wrong trim.
    let print = std::fs::read_to_string(layouts.join("print.typ")).unwrap();
    let wider = print.replacen(
        "  width: page-spec.width_mm * mm,",
        "  width: page-spec.width_mm * mm + 10mm,",
        1,
    );
    assert_ne!(wider, print, "the layout sets the page width here");
    std::fs::write(layouts.join("print.typ"), wider).unwrap();
    let run = build_seed_with_layouts(dir.path(), &layouts);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("trim_width_mm"), "{}", run.stderr);
}

#[test]
fn an_order_keeps_the_imposed_pdf_and_rebuilds_nothing_that_is_current() {
    let dir = scratch();
    let seed = seed_source();
    let seed = seed.to_str().unwrap();
    let run = leafpress(dir.path(), &["build", seed, "--out", "out", "--impose"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = leafpress(
        dir.path(),
        &["order", seed, "--out", "out", "--copies", "10"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("1 up to date (skipped)"),
        "{}",
        run.stderr
    );
    let imposed = format!("out/{SEED_ID}/{SEED_ID}-print-imposed.pdf");
    assert!(dir.path().join(imposed).exists());
}

#[test]
fn a_right_to_left_booklet_is_imposed_to_open_from_the_right() {
    let dir = scratch();
    let source = "[leaflet]\nid = \"arabic\"\ntitle = \"علاج سرطان الثدي\"\nlanguage = \"ar\"\n\
                  reviewed = \"2026-03\"\nnext_review = \"2099-03\"\n\n[[section]]\nid = \"one\"\n\
                  heading = \"خيارات العلاج\"\nbody = \"سيتم تقديم علاجات تهدف إلى إبطاء نمو السرطان.\"\n";
    let path = write_source(dir.path(), "arabic.toml", source);
    let run = leafpress(
        dir.path(),
        &["build", path.to_str().unwrap(), "--out", "out", "--impose"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let folder = dir.path().join("out/arabic");
    let print = folder.join("arabic-print.pdf");
    let imposed = folder.join("arabic-print-imposed.pdf");
    let Some(pages) = pdfinfo_pages(&print) else {
        return;
    };
    let info = stdout(&tool("pdfinfo", &[imposed.to_str().unwrap()]).unwrap());
    let size: Vec<f64> = info
        .lines()
        .find_map(|line| line.strip_prefix("Page size:"))
        .unwrap()
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    let (width, height) = (size[0], size[1]);
    // Mirrored: the cover (page 1) on the left half of the first side, the
    // back (page P) on the right; the spine is on the right.
    let sides: Vec<(u64, u64)> = booklet_sides(pages)
        .into_iter()
        .map(|(left, right)| (right, left))
        .collect();
    assert_eq!(sides[0], (1, pages));
    for (side, (left, right)) in sides.iter().enumerate() {
        for (print_page, x) in [(left, 0.0), (right, width / 2.0)] {
            let shown = pdftotext(
                &imposed,
                side as u64 + 1,
                Some((x, 0.0, width / 2.0, height)),
            );
            let wanted = pdftotext(&print, *print_page, None);
            assert_eq!(
                shown,
                wanted,
                "side {} should show page {print_page}",
                side + 1
            );
        }
    }
}

/// A PNG of 4 × 4 pixels: grey levels in colour type 0 (grey) or 2 (RGB).
fn grey_png(colour_type: u8) -> Vec<u8> {
    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        let body = [kind, data].concat();
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
        out
    }
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let channels = if colour_type == 2 { 3 } else { 1 };
    let mut raw = Vec::new();
    for row in 0..4u8 {
        raw.push(0);
        raw.extend(std::iter::repeat_n(row * 60, 4 * channels));
    }
    // A stored (uncompressed) zlib stream.
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend((raw.len() as u16).to_le_bytes());
    zlib.extend((!(raw.len() as u16)).to_le_bytes());
    zlib.extend(&raw);
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend(((b << 16) | a).to_be_bytes());
    let header = [
        &4u32.to_be_bytes()[..],
        &4u32.to_be_bytes(),
        &[8, colour_type, 0, 0, 0],
    ]
    .concat();
    [
        b"\x89PNG\r\n\x1a\n".to_vec(),
        chunk(b"IHDR", &header),
        chunk(b"IDAT", &zlib),
        chunk(b"IEND", &[]),
    ]
    .concat()
}

#[test]
fn the_build_and_the_check_agree_on_colour_whatever_a_house_style_draws() {
    /// What the house style adds to the print layout, the colour the
    /// ticket must give, and a file the addition needs.
    type Case = (&'static str, &'static str, Option<(&'static str, Vec<u8>)>);
    let cases: [Case; 4] = [
        (
            "#rect(width: 2cm, height: 5mm, fill: rgb(\"#1f4e79\"))\n",
            "colour",
            None,
        ),
        (
            "#rect(width: 2cm, height: 5mm, fill: gradient.linear(luma(0), luma(200)))\n",
            "colour",
            None,
        ),
        (
            "#image(\"grey.png\", width: 1cm, alt: \"a grey square\")\n",
            "black only",
            Some(("grey.png", grey_png(0))),
        ),
        (
            "#image(\"grey.png\", width: 1cm, alt: \"a grey square\")\n",
            "colour",
            Some(("grey.png", grey_png(2))),
        ),
    ];
    for (addition, colour, file) in cases {
        let dir = scratch();
        let layouts = copy_of_layouts(dir.path());
        let print = std::fs::read_to_string(layouts.join("print.typ")).unwrap();
        std::fs::write(layouts.join("print.typ"), print + addition).unwrap();
        if let Some((name, bytes)) = file {
            std::fs::write(layouts.join(name), bytes).unwrap();
        }
        let run = build_seed_with_layouts(dir.path(), &layouts);
        assert_eq!(run.code, 0, "{addition}: {}", run.stderr);
        let ticket = ticket(dir.path(), SEED_ID);
        assert_eq!(ticket["outputs"][0]["colour"], colour, "{addition}");
    }
}
