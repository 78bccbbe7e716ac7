//! The web pages in a real browser: Debian's chromium, driven by
//! playwright-core with axe-core (`tests/browser/pages.mjs`), on every
//! leaflet's page and on the catalogue. No axe violation (WCAG 2.0, 2.1 and
//! 2.2 A and AA, and best practices) in light or dark; no sideways
//! scrolling at 320 CSS px, at 200 % zoom, or with WCAG's text spacing; no
//! request for anything but the page; and the text the browser renders,
//! on screen and printed, holds every unit of the leaflet in order.
//!
//! The browser's modules come from `LEAFPRESS_BROWSER_MODULES`, or from
//! where `.ci/run` installs them (`~/.cache/leafpress-browser`). Without
//! them, or without chromium, the tests say loudly that they were skipped
//! (and fail under `LEAFPRESS_REQUIRE_TOOLS`, as in CI).

mod common;

use std::path::{Path, PathBuf};

use common::generated::generated_leaflet;
use common::property::{Rng, env_number};
use common::*;
use leafpress::model::LinkAddresses;
use leafpress::verify::Item;
use serde_json::{Value, json};

/// The node_modules folder holding playwright-core and axe-core, if there
/// is one, with chromium beside it.
fn browser_modules() -> Option<PathBuf> {
    let modules = match std::env::var_os("LEAFPRESS_BROWSER_MODULES") {
        Some(path) => PathBuf::from(path),
        None => {
            PathBuf::from(std::env::var_os("HOME")?).join(".cache/leafpress-browser/node_modules")
        }
    };
    let complete = ["playwright-core", "axe-core"]
        .iter()
        .all(|module| modules.join(module).join("package.json").exists());
    (complete && Path::new("/usr/bin/chromium").exists()).then_some(modules)
}

/// One page for the browser: its file and the units its rendered text must
/// hold, in order.
struct Page {
    file: PathBuf,
    units: Vec<String>,
}

/// A page's file, and the problems the browser found on it.
type Found = (String, Vec<String>);

/// The script's exit code and what the browser found on each page (`None`:
/// the browser is not here, and the test was skipped, loudly).
fn browse(pages: &[Page]) -> Option<(i32, Vec<Found>)> {
    let Some(modules) = browser_modules() else {
        missing_tool("playwright-core and axe-core (npm) with Debian's chromium");
        return None;
    };
    let job = json!({
        "pages": pages
            .iter()
            .map(|page| json!({"file": page.file, "units": page.units}))
            .collect::<Vec<_>>(),
    });
    let dir = scratch();
    let job_file = dir.path().join("job.json");
    std::fs::write(&job_file, serde_json::to_vec(&job).unwrap()).unwrap();
    let script = repo().join("tests/browser/pages.mjs");
    let output = tool_with_env(
        "node",
        &[script.to_str().unwrap(), job_file.to_str().unwrap()],
        &[("LEAFPRESS_BROWSER_MODULES", modules.to_str().unwrap())],
    )?;
    let code = output.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "the browser could not be run ({code}):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|page| {
            let problems = page["problems"]
                .as_array()
                .unwrap()
                .iter()
                .map(|problem| problem.as_str().unwrap().to_owned())
                .collect();
            (page["file"].as_str().unwrap().to_owned(), problems)
        })
        .collect();
    Some((code, found))
}

/// Asserts the browser found nothing wrong on any page.
fn assert_clean(pages: &[Page]) {
    let Some((code, found)) = browse(pages) else {
        return;
    };
    let failed: Vec<String> = found
        .iter()
        .filter(|(_, problems)| !problems.is_empty())
        .map(|(file, problems)| format!("{file}:\n  {}", problems.join("\n  ")))
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    assert_eq!(code, 0);
    assert_eq!(found.len(), pages.len());
}

/// The units of the leaflet in `source`, as a reader of a page that keeps
/// link addresses in its links hears them: each with whether it is a
/// heading.
fn units_of(source: &Path) -> Vec<(bool, String)> {
    let bytes = std::fs::read(source).unwrap();
    let loaded = leafpress::source::parse(source, &bytes, (2026, 6, 1))
        .unwrap_or_else(|diagnostics| panic!("{}: {diagnostics:?}", source.display()));
    leafpress::verify::Expected::new(&loaded.leaflet)
        .units(LinkAddresses::Omitted)
        .iter()
        .map(|unit| (unit.item == Item::Heading, unit.text.clone()))
        .collect()
}

/// The texts of `units`.
fn texts(units: &[(bool, String)]) -> Vec<String> {
    units.iter().map(|(_, text)| text.clone()).collect()
}

/// The `*.toml` files of a fixtures folder.
fn fixtures(folder: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/fixtures").join(folder))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    files
}

/// The leaflet id a source file declares.
fn id_of(source: &Path) -> String {
    let text = std::fs::read_to_string(source).unwrap();
    let table: toml::Table = text.parse().unwrap();
    table["leaflet"]["id"].as_str().unwrap().to_owned()
}

/// Builds `sources` (copied into one folder) into `out/` with `extra`
/// flags, and gives each leaflet's page with its units, then the catalogue
/// with every title.
fn built_pages(dir: &Path, sources: &[PathBuf], extra: &[&str]) -> Vec<Page> {
    let folder = dir.join("sources");
    std::fs::create_dir_all(&folder).unwrap();
    for source in sources {
        std::fs::copy(source, folder.join(source.file_name().unwrap())).unwrap();
    }
    let mut args = vec!["build", folder.to_str().unwrap(), "--out", "out"];
    args.extend(extra);
    let run = leafpress(dir, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut pages: Vec<Page> = sources
        .iter()
        .map(|source| {
            let id = id_of(source);
            Page {
                file: dir.join("out").join(&id).join(format!("{id}.html")),
                units: texts(&units_of(source)),
            }
        })
        .collect();
    // The catalogue lists the leaflets in id order.
    let mut listed: Vec<(String, String)> = sources
        .iter()
        .zip(&pages)
        .map(|(source, page)| (id_of(source), page.units[0].clone()))
        .collect();
    listed.sort();
    let titles = listed.into_iter().map(|(_, title)| title).collect();
    pages.push(Page {
        file: dir.join("out/index.html"),
        units: titles,
    });
    pages
}

#[test]
fn the_seed_and_every_valid_fixture_and_their_catalogue_pass_in_a_browser() {
    let dir = scratch();
    let mut sources = vec![seed_source()];
    sources.extend(fixtures("valid"));
    sources.extend(fixtures("round-trip"));
    let pages = built_pages(dir.path(), &sources, &[]);
    assert_clean(&pages);
}

/// Generated leaflets, as `tests/braille_outside.rs` makes them: the
/// browser meets text the fixtures do not hold (long addresses, nested
/// emphasis, every kind of link, lists numbered from anywhere).
/// `LEAFPRESS_BROWSER_CASES` asks for more, `LEAFPRESS_BROWSER_SEED` for
/// others.
#[test]
fn generated_leaflets_pass_in_a_browser() {
    if browser_modules().is_none() {
        missing_tool("playwright-core and axe-core (npm) with Debian's chromium");
        return;
    }
    let cases = env_number("LEAFPRESS_BROWSER_CASES").unwrap_or(6) as usize;
    let mut rng = Rng(env_number("LEAFPRESS_BROWSER_SEED").unwrap_or(0x0018_b0c5_2026_1201));
    let dir = scratch();
    let generated = dir.path().join("generated");
    std::fs::create_dir_all(&generated).unwrap();
    let sources: Vec<PathBuf> = (0..cases)
        .map(|number| {
            let id = format!("generated-{number}");
            write_source(
                &generated,
                &format!("{id}.toml"),
                &generated_leaflet(&mut rng, &id),
            )
        })
        .collect();
    let pages = built_pages(dir.path(), &sources, &["--formats", "html"]);
    assert_clean(&pages);
}

#[test]
fn every_script_fixture_passes_in_a_browser() {
    let dir = scratch();
    let pages = built_pages(
        dir.path(),
        &fixtures("scripts"),
        &["--font-path", "/usr/share/fonts"],
    );
    assert_clean(&pages);
}

/// A section of `source` (its id and heading) whose heading no other of
/// its `units` holds.
fn unrepeated_section(source: &Path, units: &[(bool, String)]) -> (String, String) {
    let table: toml::Table = std::fs::read_to_string(source).unwrap().parse().unwrap();
    table["section"]
        .as_array()
        .unwrap()
        .iter()
        .map(|section| {
            let text = |key: &str| section[key].as_str().unwrap().to_owned();
            (text("id"), text("heading"))
        })
        .find(|(_, heading)| {
            let heading = heading.to_lowercase();
            units
                .iter()
                .filter(|(_, text)| text.to_lowercase().contains(&heading))
                .count()
                == 1
        })
        .expect("a section whose heading is not repeated")
}

#[test]
fn the_browser_test_catches_a_hidden_section_a_request_and_faint_text() {
    let dir = scratch();
    let pages = built_pages(dir.path(), &[seed_source()], &["--formats", "html"]);
    let page = &pages[0];
    let html = std::fs::read_to_string(&page.file).unwrap();
    // A section hidden by the page's own CSS (one whose heading no other
    // unit repeats, so that it cannot be found elsewhere), an image from
    // outside, and a paragraph too faint to read.
    let units = units_of(&seed_source());
    let (id, heading) = unrepeated_section(&seed_source(), &units);
    let damaged = html
        .replacen(
            "</style>",
            &format!("#section-{id} {{ display: none }} p:first-of-type {{ color: #ddd }}</style>"),
            1,
        )
        .replacen(
            "<main",
            "<img src=\"https://example.org/logo.png\" alt=\"Logo\"><main",
            1,
        );
    assert_ne!(damaged, html, "the page has a style and a main to damage");
    let file = dir.path().join("damaged.html");
    std::fs::write(&file, damaged).unwrap();
    let Some((code, found)) = browse(&[Page {
        file,
        units: page.units.clone(),
    }]) else {
        return;
    };
    assert_eq!(code, 1, "{found:?}");
    let problems = found[0].1.join("\n");
    let short: String = heading.chars().take(40).collect();
    assert!(
        problems.contains(&format!("rendered text (screen): \"{short}")),
        "the hidden section's heading {heading:?} is reported:\n{problems}"
    );
    assert!(problems.contains("rendered text (print)"), "{problems}");
    assert!(
        problems.contains("asked for https://example.org/logo.png"),
        "{problems}"
    );
    assert!(problems.contains("color-contrast"), "{problems}");
}

#[test]
fn the_browser_test_catches_a_page_too_wide_for_a_phone() {
    let dir = scratch();
    let pages = built_pages(dir.path(), &[seed_source()], &["--formats", "html"]);
    let html = std::fs::read_to_string(&pages[0].file).unwrap();
    let damaged = html.replacen("</style>", "main { min-width: 600px }</style>", 1);
    let file = dir.path().join("wide.html");
    std::fs::write(&file, damaged).unwrap();
    let Some((code, found)) = browse(&[Page {
        file,
        units: Vec::new(),
    }]) else {
        return;
    };
    assert_eq!(code, 1, "{found:?}");
    assert!(
        found[0].1.iter().any(|p| p.starts_with("at 320 CSS px")),
        "{:?}",
        found[0].1
    );
}
