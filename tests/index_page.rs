//! The catalogue page, `out/index.html`: every verified leaflet in the
//! output folder, whatever the run built; untouched by a run that verifies
//! none; the same bytes for the same date; overdue marks by the build's
//! date; titles in their language and direction; and `check` failing a
//! page that has lost a leaflet or links to a file that is not there.

mod common;

use std::path::{Path, PathBuf};

use common::{Run, fixture, leafpress_with_env, scratch, seed_source, write_source};

/// 2026-05-28, a day after the seed's review was due and before the
/// transport leaflet's.
const IN_2026: &str = "1780000000";

/// 2014-05-13, before the seed's next review was due.
const IN_2014: &str = "1400000000";

/// The second leaflet: next reviewed in 2099.
fn transport_source() -> PathBuf {
    fixture("valid/hospital-transport.toml")
}

/// `leafpress build SOURCES --out out` in `dir` with `SOURCE_DATE_EPOCH`
/// at `epoch`.
fn build(dir: &Path, sources: &[&Path], epoch: &str) -> Run {
    run(dir, "build", sources, &[("SOURCE_DATE_EPOCH", epoch)])
}

/// `leafpress check SOURCES --out out` in `dir`.
fn check(dir: &Path, sources: &[&Path]) -> Run {
    run(dir, "check", sources, &[])
}

/// `leafpress COMMAND SOURCES --out out` in `dir` with `env`.
fn run(dir: &Path, command: &str, sources: &[&Path], env: &[(&str, &str)]) -> Run {
    let sources: Vec<String> = sources
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    let mut args = vec![command];
    args.extend(sources.iter().map(String::as_str));
    args.extend(["--out", "out"]);
    leafpress_with_env(dir, &args, env)
}

/// The page in `dir/out`.
fn index(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("out/index.html")).expect("out/index.html")
}

/// The seed and the transport leaflet built into `dir/out` in 2026.
fn both_built(dir: &Path) {
    let run = build(dir, &[&seed_source(), &transport_source()], IN_2026);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// The page's entry of leaflet `id`, from its `<article>` to its end.
fn entry<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<article class=\"leaflet\" id=\"leaflet-{id}\""))
        .unwrap_or_else(|| panic!("no entry of {id} in {page}"));
    let length = page[start..].find("</article>").unwrap() + "</article>".len();
    &page[start..start + length]
}

#[test]
fn the_index_lists_every_leaflet_with_a_link_to_each_of_its_files() {
    let dir = scratch();
    both_built(dir.path());
    let page = index(dir.path());
    let seed = entry(&page, common::SEED_ID);
    assert!(seed.contains(">Treating secondary breast cancer in the bone</h2>"));
    for file in [
        "-print.pdf",
        "-large-print.pdf",
        ".epub",
        ".txt",
        ".brf",
        "-job.json",
        "-job-sheet.pdf",
    ] {
        let href = format!("href=\"{0}/{0}{file}\"", common::SEED_ID);
        assert!(seed.contains(&href), "{href} in {seed}");
    }
    let size = std::fs::metadata(
        dir.path()
            .join(format!("out/{0}/{0}-print.pdf", common::SEED_ID)),
    )
    .unwrap()
    .len();
    let link = format!(
        ">Print PDF <span class=\"facts\">(PDF, {} kB)</span></a>",
        size.div_ceil(1000)
    );
    assert!(seed.contains(&link), "{link} in {seed}");
    let transport = entry(&page, "hospital-transport");
    assert!(transport.contains("How to book transport. Who can use it, and what to bring."));
    assert!(transport.contains(r#"<time datetime="2099-03-31">31 March 2099</time>"#));
    let run = check(dir.path(), &[&seed_source(), &transport_source()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn an_incremental_build_of_one_leaflet_keeps_the_index_whole() {
    let dir = scratch();
    both_built(dir.path());
    // A new date remakes the transport leaflet alone: the seed is not given.
    let run = build(dir.path(), &[&transport_source()], IN_2014);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = index(dir.path());
    entry(&page, common::SEED_ID);
    entry(&page, "hospital-transport");
    assert!(page.contains(r#"Review dates as of <time datetime="2014-05-13">13 May 2014</time>"#));
    let run = check(dir.path(), &[&transport_source()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_run_that_verifies_no_leaflet_leaves_the_index_as_it_was() {
    let dir = scratch();
    both_built(dir.path());
    let before = index(dir.path());
    let invalid = fixture("invalid/empty-title.toml");
    let run = build(dir.path(), &[&invalid], IN_2014);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(index(dir.path()), before);
    // Nor does a run that verifies none write a page where there was none.
    let empty = scratch();
    let run = build(empty.path(), &[&invalid], IN_2026);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!empty.path().join("out/index.html").exists());
}

#[test]
fn two_builds_with_the_same_source_date_epoch_give_the_same_index() {
    let first = scratch();
    let second = scratch();
    both_built(first.path());
    both_built(second.path());
    assert_eq!(index(first.path()), index(second.path()));
    let run = leafpress_with_env(
        first.path(),
        &[
            "build",
            seed_source().to_str().unwrap(),
            "--out",
            "out",
            "--force",
        ],
        &[("SOURCE_DATE_EPOCH", IN_2026)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(index(first.path()), index(second.path()));
}

#[test]
fn a_leaflet_whose_review_date_has_passed_is_marked_overdue_by_the_build_date() {
    let dir = scratch();
    both_built(dir.path());
    let page = index(dir.path());
    let overdue = "<strong>Review overdue:</strong> its next review was due by 2017.";
    assert!(entry(&page, common::SEED_ID).contains(overdue), "{page}");
    assert!(!entry(&page, "hospital-transport").contains("Review overdue"));
    // In 2014 the seed's review was not yet due.
    let run = build(dir.path(), &[&seed_source()], IN_2014);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!index(dir.path()).contains("Review overdue"));
}

#[test]
fn an_arabic_title_carries_its_language_and_direction() {
    let dir = scratch();
    let source = write_source(
        dir.path(),
        "ar.toml",
        "[leaflet]\nid = \"arabic\"\ntitle = \"الوصول إلى موعدك\"\nlanguage = \"ar\"\n\
         summary = \"كيف تحجز النقل\"\nreviewed = \"2026-03\"\nnext_review = \"2099-03\"\n\n\
         [[section]]\nid = \"booking\"\nheading = \"حجز النقل\"\nbody = \"اتصل بنا قبل موعدك بيومين.\"\n",
    );
    let run = build(dir.path(), &[&source], IN_2026);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = index(dir.path());
    assert!(
        page.starts_with("<!DOCTYPE html>\n<html lang=\"en\""),
        "{page}"
    );
    let arabic = entry(&page, "arabic");
    assert!(
        arabic.contains(r#"<h2 id="title-arabic" lang="ar" dir="rtl">الوصول إلى موعدك</h2>"#),
        "{arabic}"
    );
    assert!(arabic.contains(r#"<p class="summary" lang="ar" dir="rtl">كيف تحجز النقل</p>"#));
    assert!(arabic.contains(r#"href="arabic/arabic.txt" hreflang="ar""#));
}

#[test]
fn the_index_is_self_contained() {
    let dir = scratch();
    both_built(dir.path());
    let page = index(dir.path());
    assert_eq!(page.matches("<h1>").count(), 1);
    for outside in [
        "<script", "<link", "<img", "src=", "http:", "https:", "@import", "url(",
    ] {
        assert!(!page.contains(outside), "{outside} in the page");
    }
    assert!(page.contains("prefers-color-scheme: dark"));
    assert!(page.contains("@media print"));
    assert!(page.contains("overflow-wrap: anywhere"));
}

#[test]
fn check_names_the_leaflet_whose_entry_is_missing_from_the_index() {
    let dir = scratch();
    both_built(dir.path());
    let page = index(dir.path());
    let without = page.replace(entry(&page, "hospital-transport"), "");
    std::fs::write(dir.path().join("out/index.html"), without).unwrap();
    let run = check(dir.path(), &[&seed_source()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("index.html: leaflet `hospital-transport` is not listed"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_fails_a_link_to_a_missing_file_and_a_wrong_size() {
    let dir = scratch();
    both_built(dir.path());
    let page = index(dir.path());
    let damaged = page
        .replace(
            "hospital-transport/hospital-transport.epub",
            "hospital-transport/hospital-transport-gone.epub",
        )
        .replacen("(TXT, ", "(TXT, 9", 1);
    std::fs::write(dir.path().join("out/index.html"), damaged).unwrap();
    let run = check(dir.path(), &[&seed_source(), &transport_source()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in [
        "leaflet `hospital-transport`: the link to hospital-transport/hospital-transport-gone.epub leads to no file",
        "leaflet `hospital-transport`: no link to hospital-transport/hospital-transport.epub",
        "but the file is",
    ] {
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
    }
    // The next build puts the page right.
    let run = build(dir.path(), &[&transport_source()], IN_2026);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(index(dir.path()), page);
}

#[test]
fn check_fails_an_overdue_mark_that_does_not_match_the_dates() {
    let dir = scratch();
    both_built(dir.path());
    let page = index(dir.path());
    let unmarked = page.replace(
        "<p class=\"overdue\"><strong>Review overdue:</strong> its next review was due by 2017.</p>\n",
        "",
    );
    assert_ne!(unmarked, page);
    std::fs::write(dir.path().join("out/index.html"), unmarked).unwrap();
    let run = check(dir.path(), &[&seed_source()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "leaflet `{}`: its review is overdue, and it is not marked so",
            common::SEED_ID
        )),
        "{}",
        run.stderr
    );
}
