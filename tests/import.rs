//! `leafpress import`: Word and Markdown documents in, leaflet sources out.
//!
//! The fixtures are in `tests/import/` (see `make_fixtures.sh` and
//! `make_docx.py` for what each holds). Every fixture is imported, the
//! source it writes is built, and the build's plain text is compared with
//! what pandoc, an independent reader, reads in the same document: every
//! word pandoc reads must be in ours, in order, except the words of the
//! passages import says (in its JSON warnings) that the leaflet does not
//! hold where the document had them.

mod common;

use std::path::{Path, PathBuf};

use common::{Run, leafpress, missing_tool, repo, scratch};
use leafpress::model::{Block, Inline, Leaflet, LinkAddresses, plain_text};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

/// A day after every fixture's last review and before every next review.
const TODAY: leafpress::source::Day = (2026, 6, 1);

fn import_dir() -> PathBuf {
    repo().join("tests/import")
}

/// What one fixture must import as.
struct Expected {
    /// The file, relative to `tests/import/`.
    file: &'static str,
    /// Extra arguments to `import` (`--language` for Markdown).
    args: &'static [&'static str],
    /// 0 (written and valid) or 3 (written with `# TODO`s).
    status: i32,
    title: &'static str,
    language: &'static str,
    summary: Option<&'static str>,
    publisher: Option<&'static str>,
    /// As written in the source (`2025-04`), `None` when the document has none.
    reviewed: Option<&'static str>,
    next_review: Option<&'static str>,
    /// The section headings, in order.
    headings: &'static [&'static str],
    /// How many bullet lists and numbered lists the sections hold.
    lists: (usize, usize),
    /// Every link address the leaflet must hold.
    links: &'static [&'static str],
    /// Text that must be bold and italic.
    strong: &'static [&'static str],
    emphasis: &'static [&'static str],
    /// At least this many warnings.
    warnings: usize,
    /// How many `todos` (for a status 3): one a value to finish.
    todos: usize,
    /// Words each of which some warning's message must hold, in any case:
    /// what the warnings must be about ("table", "comment").
    warned_about: &'static [&'static str],
    /// Passages that some warning's `text` must hold (what was dropped or
    /// moved).
    warned_texts: &'static [&'static str],
    /// Words the plain text must hold that pandoc does not read (a text box).
    holds: &'static [&'static str],
    /// Words the plain text must not hold (deleted text, comments, headers).
    lacks: &'static [&'static str],
}

const NONE: Expected = Expected {
    file: "",
    args: &[],
    status: 0,
    title: "",
    language: "en-GB",
    summary: None,
    publisher: None,
    reviewed: None,
    next_review: None,
    headings: &[],
    lists: (0, 0),
    links: &[],
    strong: &[],
    emphasis: &[],
    warnings: 0,
    todos: 0,
    warned_about: &[],
    warned_texts: &[],
    holds: &[],
    lacks: &[],
};

const FIXTURES: &[Expected] = &[
    Expected {
        file: "docx/full.docx",
        title: "Looking after your wound at home",
        summary: Some("How to keep your wound clean while it heals, and when to call us."),
        publisher: Some("Riverside Community Nursing"),
        reviewed: Some("2025-04"),
        next_review: Some("2027-04"),
        // Heading 2 and 3 become sections of their own.
        headings: &[
            "Keeping the wound clean",
            "Changing the dressing",
            "If the dressing sticks",
            "Signs to look out for",
            "Contact us",
        ],
        lists: (2, 1),
        links: &[
            "https://example.org/wounds",
            "mailto:wounds@example.org",
            "tel:+441234567890",
        ],
        strong: &["before and after"],
        emphasis: &["dry"],
        // The deeper headings, the nested bullet, the table, the footnote,
        // the image.
        warnings: 5,
        warned_about: &["heading", "list", "table", "footnote", "image"],
        holds: &[
            "green or yellow discharge",
            "Stitches coming apart",
            "A drawing of a dressing over a wound on the forearm",
            "A pink rim a few millimetres wide is part of healing",
        ],
        ..NONE
    },
    Expected {
        file: "docx/welsh.docx",
        title: "Gofalu am eich clwyf gartref",
        language: "cy-GB",
        summary: Some("Sut i gadw eich clwyf yn lân wrth iddo wella."),
        publisher: Some("Bwrdd Iechyd Prifysgol Glan yr Afon"),
        reviewed: Some("2026-03"),
        next_review: Some("2028-03"),
        headings: &["Cadw’r clwyf yn lân", "Cysylltu â ni"],
        lists: (1, 0),
        links: &["tel:+441234567890", "mailto:clwyfau@example.org"],
        strong: &["cyn ac ar ôl"],
        emphasis: &["sych"],
        ..NONE
    },
    Expected {
        file: "docx/no-dates.docx",
        status: 3,
        // reviewed and next_review.
        todos: 2,
        title: "Your hearing test",
        summary: Some("What happens at a hearing test, and how long it takes."),
        publisher: Some("Riverside Audiology"),
        headings: &["Before the test", "During the test"],
        strong: &["twenty minutes"],
        ..NONE
    },
    Expected {
        file: "docx/simple.docx",
        // pandoc's own reference document says en-US.
        language: "en-US",
        title: "Taking your blood pressure at home",
        summary: Some("How to measure your blood pressure and write it down for your nurse."),
        publisher: Some("Riverside Surgery"),
        reviewed: Some("2026-01-12"),
        next_review: Some("2028"),
        headings: &["Before you start", "Taking the reading"],
        lists: (0, 1),
        links: &["mailto:nurse@example.org"],
        strong: &["Monday"],
        emphasis: &["five minutes"],
        ..NONE
    },
    Expected {
        file: "md/simple.md",
        args: &["--language", "en-GB"],
        title: "Taking your blood pressure at home",
        summary: Some("How to measure your blood pressure and write it down for your nurse."),
        publisher: Some("Riverside Surgery"),
        reviewed: Some("2026-01-12"),
        next_review: Some("2028"),
        headings: &["Before you start", "Taking the reading"],
        lists: (0, 1),
        links: &["mailto:nurse@example.org"],
        strong: &["Monday"],
        emphasis: &["five minutes"],
        ..NONE
    },
    // The Markdown with front matter (title, lang), imported as it is.
    Expected {
        file: "md/welsh.md",
        title: "Gofalu am eich clwyf gartref",
        language: "cy-GB",
        summary: Some("Sut i gadw eich clwyf yn lân wrth iddo wella."),
        publisher: Some("Bwrdd Iechyd Prifysgol Glan yr Afon"),
        reviewed: Some("2026-03"),
        next_review: Some("2028-03"),
        headings: &["Cadw'r clwyf yn lân", "Cysylltu â ni"],
        lists: (1, 0),
        links: &["tel:+441234567890", "mailto:clwyfau@example.org"],
        strong: &["cyn ac ar ôl"],
        emphasis: &["sych"],
        ..NONE
    },
    Expected {
        file: "md/no-dates.md",
        status: 3,
        todos: 2,
        title: "Your hearing test",
        summary: Some("What happens at a hearing test, and how long it takes."),
        publisher: Some("Riverside Audiology"),
        headings: &["Before the test", "During the test"],
        strong: &["twenty minutes"],
        ..NONE
    },
    Expected {
        file: "docx/word-styles.docx",
        title: "Getting ready for your colonoscopy",
        summary: Some("What to eat, which medicines to stop and what to bring on the day."),
        publisher: Some("Riverside Endoscopy Unit"),
        reviewed: Some("2026-03-03"),
        next_review: Some("2028-03"),
        headings: &[
            "The week before",
            "Medicines to stop",
            "On the day",
            "Contact us",
        ],
        lists: (1, 2),
        links: &[
            "https://example.org/colonoscopy",
            "mailto:endoscopy@example.org",
            "tel:+441234500600",
        ],
        strong: &["low-fibre food"],
        emphasis: &["plenty of clear fluids"],
        // Heading 2, the second list level, the file: link.
        warnings: 3,
        warned_about: &["heading", "list", "link"],
        holds: &["Mix it with one litre of water", "the diet sheet"],
        lacks: &["file:", "C:/Leaflets"],
        ..NONE
    },
    Expected {
        file: "docx/tracked-changes.docx",
        // python-docx's template says en-US in docDefaults.
        language: "en-US",
        title: "Coming in for a day operation",
        summary: Some("What to do before, on and after the day of your operation."),
        publisher: Some("Riverside Day Surgery Unit"),
        reviewed: Some("2026-01"),
        next_review: Some("2028-01"),
        headings: &["Before you come in", "On the day", "After your operation"],
        // Tracked changes, the comment, the DATE field, the text box, the
        // table, the header and the footer.
        warnings: 6,
        warned_about: &[
            "tracked", "comment", "field", "text box", "table", "header", "footer",
        ],
        warned_texts: &[
            "fried or fatty food",
            "Check the fasting time with the anaesthetist",
            "Riverside Day Surgery Unit patient information",
            "Leaflet DS-14 page",
        ],
        holds: &[
            "anything at all",
            "1 March 2026",
            "Your appointment letter and a list of your medicines",
            "Arrive at the ward",
            "drive you home and stay with you",
        ],
        lacks: &[
            "fried",
            "fasting time",
            "patient information",
            "DS-14",
            "DATE",
        ],
        ..NONE
    },
    Expected {
        file: "docx/french.docx",
        title: "Votre prise de sang",
        language: "fr-FR",
        summary: Some("Comment se passe une prise de sang et combien de temps elle dure."),
        publisher: Some("Laboratoire de la Rivière"),
        reviewed: Some("2026-02"),
        next_review: Some("2028"),
        headings: &["Avant la prise de sang", "Après la prise de sang"],
        strong: &["normalement"],
        ..NONE
    },
];

/// The error fixtures, each refused (exit 1) with nothing written.
const ERROR_FIXTURES: &[&str] = &[
    "docx/errors/empty.docx",
    "docx/errors/truncated.docx",
    "docx/errors/not-word.docx",
    "docx/errors/not-word-zip.docx",
    "docx/errors/password.docx",
];

// ---------------------------------------------------------------------
// Words, and the in-order comparison.

/// The words of `text` for comparison: NFKC, lower case, split at every
/// character that is not a letter or a digit.
fn words(text: &str) -> Vec<String> {
    let text: String = text.nfkc().collect::<String>().to_lowercase();
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Where `wanted` first fails to be a subsequence of `have`: the index in
/// `wanted` of the first word not found (after the earlier ones), and how
/// far into `have` the match had got.
fn first_missing(wanted: &[String], have: &[String]) -> Option<(usize, usize)> {
    let mut at = 0;
    for (i, word) in wanted.iter().enumerate() {
        match have[at..].iter().position(|w| w == word) {
            Some(found) => at += found + 1,
            None => return Some((i, at)),
        }
    }
    None
}

/// `words` with every contiguous run of `passage`'s words taken out (the
/// first run only; a passage pandoc does not read takes nothing out).
fn without_passage(words_in: Vec<String>, passage: &[String]) -> Vec<String> {
    if passage.is_empty() || passage.len() > words_in.len() {
        return words_in;
    }
    match words_in.windows(passage.len()).position(|w| w == passage) {
        Some(start) => {
            let mut out = words_in;
            out.drain(start..start + passage.len());
            out
        }
        None => words_in,
    }
}

/// The comparison: `Err` with the first missing word and its context on
/// both sides, when `reference` (pandoc's words) is not an in-order
/// subsequence of `ours`.
fn compare(reference: &[String], ours: &[String]) -> Result<(), String> {
    match first_missing(reference, ours) {
        None => Ok(()),
        Some((i, at)) => {
            let before = &reference[i.saturating_sub(8)..i];
            let after = &reference[i + 1..(i + 8).min(reference.len())];
            let ours_context = &ours[at.saturating_sub(8)..(at + 12).min(ours.len())];
            Err(format!(
                "the word {:?} that pandoc reads is missing from ours\n  pandoc: … {} [{}] {} …\n  ours, where the match stopped: … {} …",
                reference[i],
                before.join(" "),
                reference[i],
                after.join(" "),
                ours_context.join(" ")
            ))
        }
    }
}

/// pandoc's plain text made ready for the comparison: footnote marks
/// (`[1]`) taken out, and the lines import reads as the leaflet's metadata
/// (publisher, review dates) cut down to the publisher's name, since every
/// output writes those lines in the leaflet's language (checked against the
/// source instead).
fn pandoc_words(plain: &str) -> Vec<String> {
    let mut kept = String::new();
    for line in plain.lines() {
        let trimmed = line.trim();
        if let Some(publisher) = trimmed.strip_prefix("Published by ") {
            kept.push_str(publisher);
        } else if ["Last reviewed", "Next review", "Review date"]
            .iter()
            .any(|label| trimmed.starts_with(label))
        {
            continue;
        } else {
            kept.push_str(&strip_footnote_marks(without_list_marker(line)));
        }
        kept.push('\n');
    }
    words(&kept)
}

/// A line of pandoc's plain text without its list marker (`1.`, `a.`,
/// `iv)`): the numbers are pandoc's, and ours are not the same words when
/// import joins a deeper level into the list (`a.` becomes `2.`).
fn without_list_marker(line: &str) -> &str {
    let trimmed = line.trim_start();
    let Some((marker, rest)) = trimmed.split_once(' ') else {
        return line;
    };
    let Some(label) = marker
        .strip_suffix('.')
        .or_else(|| marker.strip_suffix(')'))
    else {
        return line;
    };
    let number = !label.is_empty() && label.len() <= 3 && label.chars().all(|c| c.is_ascii_digit());
    let letter = label.len() == 1 && label.chars().all(|c| c.is_ascii_lowercase());
    let roman = !label.is_empty() && label.len() <= 4 && label.chars().all(|c| "ivx".contains(c));
    if number || letter || roman {
        rest
    } else {
        line
    }
}

/// `text` without `[1]`, `[23]`: pandoc's footnote marks.
fn strip_footnote_marks(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(']') {
            out.push_str(&rest[..open]);
            rest = &after[digits + 1..];
        } else {
            out.push_str(&rest[..=open]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// What pandoc reads in `document` as plain text (`--track-changes`
/// `accept` or `all`), or `None` after a loud SKIPPED without pandoc.
fn pandoc_plain(document: &Path, track_changes: &str) -> Option<String> {
    let from = match document.extension().and_then(|e| e.to_str()) {
        Some("md") => "markdown-smart",
        _ => "docx",
    };
    let output = common::tool(
        "pandoc",
        &[
            "--standalone",
            "--from",
            from,
            "--to",
            "plain",
            "--wrap=none",
            &format!("--track-changes={track_changes}"),
            document.to_str().unwrap(),
        ],
    )?;
    assert!(
        output.status.success(),
        "pandoc could not read {}: {}",
        document.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    Some(common::stdout(&output))
}

// ---------------------------------------------------------------------
// Running import.

/// One `import --json` run: the exit status, the messages and the report.
struct Import {
    run: Run,
    report: Value,
}

fn import(dir: &Path, args: &[&str]) -> Import {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    all.push("--json");
    let run = leafpress(dir, &all);
    let report = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "import --json printed no JSON ({e}); exit {}\nstdout:\n{}\nstderr:\n{}",
            run.code, run.stdout, run.stderr
        )
    });
    Import { run, report }
}

impl Import {
    fn files(&self) -> &Vec<Value> {
        self.report["files"]
            .as_array()
            .unwrap_or_else(|| panic!("no \"files\" array in {}", self.report))
    }
}

/// Checks one file entry of the report against the contract's shape.
fn assert_entry_shape(entry: &Value) {
    let context = || entry.to_string();
    assert!(entry["file"].is_string(), "file: {}", context());
    let status = entry["status"].as_str().unwrap_or_default();
    assert!(
        ["written", "todo", "refused"].contains(&status),
        "status: {}",
        context()
    );
    let refused = status == "refused";
    for key in ["source", "id"] {
        assert!(
            if refused {
                entry[key].is_null()
            } else {
                entry[key].is_string()
            },
            "{key} for a {status} file: {}",
            context()
        );
    }
    assert!(entry.get("title").is_some(), "title missing: {}", context());
    assert!(entry["sections"].is_u64(), "sections: {}", context());
    for warning in entry["warnings"].as_array().expect("warnings array") {
        assert!(
            warning["heading"].is_string() || warning["heading"].is_null(),
            "warning heading: {warning}"
        );
        for key in ["words", "message", "text"] {
            assert!(warning[key].is_string(), "warning {key}: {warning}");
        }
    }
    for todo in entry["todos"].as_array().expect("todos array") {
        assert!(todo.is_string(), "todo: {todo}");
    }
    for error in entry["errors"].as_array().expect("errors array") {
        assert!(error["message"].is_string(), "error message: {error}");
        assert!(
            error["hint"].is_string() || error["hint"].is_null(),
            "error hint: {error}"
        );
    }
    match status {
        "refused" => assert!(
            !entry["errors"].as_array().unwrap().is_empty(),
            "a refused file says why: {}",
            context()
        ),
        "todo" => assert!(
            !entry["todos"].as_array().unwrap().is_empty(),
            "a todo file lists its todos: {}",
            context()
        ),
        _ => {}
    }
}

/// The warnings' `text` passages of one report entry.
fn warned_texts(entry: &Value) -> Vec<String> {
    entry["warnings"]
        .as_array()
        .map(|warnings| {
            warnings
                .iter()
                .filter_map(|w| w["text"].as_str())
                .filter(|t| !t.trim().is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn load(path: &Path) -> Leaflet {
    match leafpress::source::load(path, TODAY) {
        Ok(loaded) => loaded.leaflet,
        Err(problems) => panic!(
            "{} does not load: {problems:?}\n{}",
            path.display(),
            std::fs::read_to_string(path).unwrap_or_default()
        ),
    }
}

/// Each `# TODO:` comment stands right above the `key = value` it is
/// about: the first line after the comment is a key the comment names
/// (`next_review` as "next review").
fn todos_above_their_values(name: &str, written: &str) -> Result<(), String> {
    let lines: Vec<&str> = written.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].starts_with("# TODO") {
            i += 1;
            continue;
        }
        let start = i;
        let mut comment = String::new();
        while i < lines.len() && lines[i].starts_with('#') {
            comment.push_str(lines[i]);
            comment.push(' ');
            i += 1;
        }
        let next = lines.get(i).copied().unwrap_or_default();
        let key = next.split_once(" = ").map(|(key, _)| key.trim());
        let named = key.is_some_and(|key| {
            comment
                .to_lowercase()
                .replace('_', " ")
                .contains(&key.replace('_', " "))
        });
        if !named {
            return Err(format!(
                "{name}: the # TODO at line {} is not above the value it is about (the line after it: {next:?}):\n{written}",
                start + 1
            ));
        }
    }
    Ok(())
}

/// A source import left `# TODO`s in, finished as a person would: the
/// review dates written where import left a placeholder (`"YYYY-MM"`) or
/// nothing.
fn finish_todos(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let table: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("{} is not TOML: {e}\n{text}", path.display()));
    let leaflet = table["leaflet"].as_table().expect("a [leaflet] table");
    let mut finished = text.clone();
    let mut missing = String::new();
    for (key, date) in [("reviewed", "2026-01"), ("next_review", "2099-01")] {
        match leaflet.get(key).and_then(|v| v.as_str()) {
            Some(value) if value.contains('Y') || value.contains('M') => {
                let written = format!("{key} = \"{value}\"");
                assert!(finished.contains(&written), "{written} in\n{text}");
                finished = finished.replacen(&written, &format!("{key} = \"{date}\""), 1);
            }
            Some(_) => {}
            None => missing.push_str(&format!("{key} = \"{date}\"\n")),
        }
    }
    let finished = finished.replacen("[leaflet]\n", &format!("[leaflet]\n{missing}"), 1);
    std::fs::write(path, finished).unwrap();
}

// ---------------------------------------------------------------------
// Check (a): one fixture, end to end.

/// Imports `document` into a scratch folder, checks the report and the
/// source against `expected`, builds it and compares the plain text with
/// pandoc's reading. `Err` says what is wrong.
fn check_fixture(document: &Path, expected: &Expected) -> Result<(), String> {
    let name = document.display().to_string();
    let dir = scratch();
    let mut args = vec![document.to_str().unwrap(), "--out", "imported"];
    args.extend_from_slice(expected.args);
    let import = import(dir.path(), &args);
    let stderr = &import.run.stderr;
    if import.run.code != expected.status {
        return Err(format!(
            "{name}: import exited {} (expected {})\n{stderr}\n{}",
            import.run.code, expected.status, import.report
        ));
    }
    let files = import.files();
    if files.len() != 1 {
        return Err(format!("{name}: {} report entries", files.len()));
    }
    let entry = &files[0];
    assert_entry_shape(entry);
    let status = if expected.status == 3 {
        "todo"
    } else {
        "written"
    };
    if entry["status"] != status {
        return Err(format!(
            "{name}: status {} (expected {status})",
            entry["status"]
        ));
    }
    let warnings = entry["warnings"].as_array().unwrap();
    if warnings.len() < expected.warnings {
        return Err(format!(
            "{name}: {} warnings, expected at least {}: {warnings:#?}",
            warnings.len(),
            expected.warnings
        ));
    }
    if entry["file"] != document.to_str().unwrap() {
        return Err(format!("{name}: the report's file is {}", entry["file"]));
    }
    // Each warning is on stderr too: `FILE: warning: under “HEADING”, at
    // “first words…”: MESSAGE`.
    let file_name = document.file_name().unwrap().to_str().unwrap();
    for warning in warnings {
        let message = warning["message"].as_str().unwrap();
        let heading = warning["heading"].as_str().map(|h| format!("under “{h}”"));
        let on_stderr = stderr.lines().any(|line| {
            line.contains(file_name)
                && line.contains("warning:")
                && line.contains(message)
                && heading.as_ref().is_none_or(|h| line.contains(h.as_str()))
        });
        if !on_stderr {
            return Err(format!(
                "{name}: the warning {warning} is not on stderr as `FILE: warning: under “HEADING”, at “words…”: MESSAGE`:\n{stderr}"
            ));
        }
    }
    for about in expected.warned_about {
        let said = warnings.iter().any(|w| {
            w["message"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains(about)
        });
        if !said {
            return Err(format!(
                "{name}: no warning is about {about:?}: {warnings:#?}"
            ));
        }
    }
    let texts = warned_texts(entry);
    for passage in expected.warned_texts {
        let passage_words = words(passage);
        let said = texts.iter().any(|t| {
            let w = words(t);
            w.windows(passage_words.len()).any(|x| x == passage_words)
        });
        if !said {
            return Err(format!(
                "{name}: no warning's text holds {passage:?}; the texts: {texts:?}"
            ));
        }
    }

    let source = dir.path().join(entry["source"].as_str().unwrap());
    let id = entry["id"].as_str().unwrap().to_owned();
    if source != dir.path().join("imported").join(format!("{id}.toml")) {
        return Err(format!(
            "{name}: source {} is not imported/{id}.toml",
            source.display()
        ));
    }
    let written = std::fs::read_to_string(&source)
        .map_err(|e| format!("{name}: {} not readable: {e}", source.display()))?;
    if expected.status == 3 {
        if !written.contains("# TODO") {
            return Err(format!(
                "{name}: exit 3 but no # TODO in the source:\n{written}"
            ));
        }
        todos_above_their_values(&name, &written)?;
        let todos = entry["todos"].as_array().unwrap().len();
        if todos != expected.todos {
            return Err(format!(
                "{name}: {todos} TODOs for {} values to finish: {:#?}\n{written}",
                expected.todos, entry["todos"]
            ));
        }
        finish_todos(&source);
    }
    let leaflet = load(&source);
    check_leaflet(&name, &leaflet, expected, entry)?;

    // Build it, and read the plain text.
    let run = leafpress(
        dir.path(),
        &["build", source.to_str().unwrap(), "--out", "out"],
    );
    if run.code != 0 {
        return Err(format!(
            "{name}: the imported source does not build (exit {}):\n{}\n{written}",
            run.code, run.stderr
        ));
    }
    let text_path = dir.path().join(format!("out/{id}/{id}.txt"));
    let ours = std::fs::read_to_string(&text_path)
        .map_err(|e| format!("{name}: no {}: {e}", text_path.display()))?;
    let ours_words = words(&ours);
    for phrase in expected.holds {
        let phrase_words = words(phrase);
        if !ours_words
            .windows(phrase_words.len())
            .any(|w| w == phrase_words)
        {
            return Err(format!("{name}: the plain text lacks {phrase:?}:\n{ours}"));
        }
    }
    for phrase in expected.lacks {
        if ours.contains(phrase) {
            return Err(format!(
                "{name}: the leaflet holds {phrase:?}, which the document does not show:\n{written}"
            ));
        }
    }

    // The independent reading.
    let Some(plain) = pandoc_plain(document, "accept") else {
        return Ok(());
    };
    let mut reference = pandoc_words(&plain);
    for text in &texts {
        reference = without_passage(reference, &words(text));
    }
    compare(&reference, &ours_words).map_err(|e| {
        format!("{name}: {e}\nwhat import wrote:\n{written}\nthe warnings' texts: {texts:?}")
    })
}

/// The source against the expectations: metadata, headings, lists, links,
/// styles.
fn check_leaflet(
    name: &str,
    leaflet: &Leaflet,
    expected: &Expected,
    entry: &Value,
) -> Result<(), String> {
    let mut problems = Vec::new();
    let mut same = |what: &str, got: String, want: String| {
        if got != want {
            problems.push(format!("{what}: {got:?}, expected {want:?}"));
        }
    };
    same("title", leaflet.title.clone(), expected.title.into());
    same(
        "language",
        leaflet.language.clone(),
        expected.language.into(),
    );
    same(
        "summary",
        format!("{:?}", leaflet.summary),
        format!("{:?}", expected.summary),
    );
    same(
        "publisher",
        format!("{:?}", leaflet.publisher),
        format!("{:?}", expected.publisher),
    );
    if let Some(reviewed) = expected.reviewed {
        same("reviewed", leaflet.reviewed.to_string(), reviewed.into());
    }
    if let Some(next) = expected.next_review {
        same("next_review", leaflet.next_review.to_string(), next.into());
    }
    let headings: Vec<&str> = leaflet
        .sections
        .iter()
        .map(|s| s.heading.as_str())
        .collect();
    same(
        "headings",
        format!("{headings:?}"),
        format!("{:?}", expected.headings),
    );
    same(
        "report title",
        entry["title"].as_str().unwrap_or_default().into(),
        expected.title.into(),
    );
    same(
        "report sections",
        entry["sections"].to_string(),
        leaflet.sections.len().to_string(),
    );
    same(
        "report id",
        entry["id"].as_str().unwrap_or_default().into(),
        leaflet.id.clone(),
    );
    let blocks = || leaflet.sections.iter().flat_map(|s| &s.blocks);
    let bullets = blocks()
        .filter(|b| matches!(b, Block::BulletList { .. }))
        .count();
    let numbered = blocks()
        .filter(|b| matches!(b, Block::NumberedList { .. }))
        .count();
    same(
        "(bullet lists, numbered lists)",
        format!("{:?}", (bullets, numbered)),
        format!("{:?}", expected.lists),
    );
    let mut found = Found::default();
    for block in blocks() {
        match block {
            Block::Paragraph { content } => found.walk(content),
            Block::BulletList { items } | Block::NumberedList { items, .. } => {
                for item in items {
                    found.walk(&item.content)
                }
            }
        }
    }
    for link in expected.links {
        if !found.links.iter().any(|l| l == link) {
            problems.push(format!("no link to {link}; links: {:?}", found.links));
        }
    }
    for text in expected.strong {
        if !found.strong.iter().any(|s| s.trim() == *text) {
            problems.push(format!(
                "{text:?} is not strong; strong: {:?}",
                found.strong
            ));
        }
    }
    for text in expected.emphasis {
        if !found.emphasis.iter().any(|s| s.trim() == *text) {
            problems.push(format!(
                "{text:?} is not emphasised; emphasis: {:?}",
                found.emphasis
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{name}:\n  {}", problems.join("\n  ")))
    }
}

/// Links and styled text found in a leaflet's inline content.
#[derive(Default)]
struct Found {
    links: Vec<String>,
    strong: Vec<String>,
    emphasis: Vec<String>,
}

impl Found {
    fn walk(&mut self, content: &[Inline]) {
        for inline in content {
            match inline {
                Inline::Text { .. } => {}
                Inline::Strong { content } => {
                    self.strong
                        .push(plain_text(content, LinkAddresses::Omitted));
                    self.walk(content);
                }
                Inline::Emphasis { content } => {
                    self.emphasis
                        .push(plain_text(content, LinkAddresses::Omitted));
                    self.walk(content);
                }
                Inline::Link { content, url, .. } => {
                    self.links.push(url.clone());
                    self.walk(content);
                }
            }
        }
    }
}

fn check_all(folder: &Path) {
    let mut failures = Vec::new();
    for expected in FIXTURES {
        let document = folder.join(expected.file);
        if let Err(problem) = check_fixture(&document, expected) {
            failures.push(problem);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n\n{}",
        failures.len(),
        FIXTURES.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_fixture_imports_builds_and_holds_what_pandoc_reads() {
    check_all(&import_dir());
}

// ---------------------------------------------------------------------
// Check (b): the scripts still make the committed fixtures.

fn have_python_modules() -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import docx, msoffcrypto"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        missing_tool("python3 with python-docx==1.2.0 and msoffcrypto-tool");
    }
    ok
}

fn regenerate(into: &Path) -> bool {
    if common::tool("pandoc", &["--version"]).is_none() || !have_python_modules() {
        return false;
    }
    let docx = into.join("docx");
    let script = import_dir().join("make_fixtures.sh");
    let run = std::process::Command::new("bash")
        .arg(&script)
        .arg(&docx)
        .output()
        .unwrap();
    assert!(run.status.success(), "make_fixtures.sh: {run:?}");
    let run = std::process::Command::new("python3")
        .arg(import_dir().join("make_docx.py"))
        .arg(&docx)
        .output()
        .unwrap();
    assert!(run.status.success(), "make_docx.py: {run:?}");
    // The Markdown fixtures are imported as they are.
    std::fs::create_dir_all(into.join("md")).unwrap();
    for entry in std::fs::read_dir(import_dir().join("md")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, into.join("md").join(path.file_name().unwrap())).unwrap();
    }
    true
}

#[test]
fn the_scripts_make_the_committed_fixtures() {
    let dir = scratch();
    if !regenerate(dir.path()) {
        return;
    }
    // What pandoc reads in each file is what it reads in the committed one.
    for expected in FIXTURES.iter().filter(|e| e.file.ends_with(".docx")) {
        let fresh = pandoc_plain(&dir.path().join(expected.file), "all").unwrap();
        let committed = pandoc_plain(&import_dir().join(expected.file), "all").unwrap();
        assert_eq!(
            fresh, committed,
            "{}: the committed file is not what the scripts make; run tests/import/make_fixtures.sh and make_docx.py",
            expected.file
        );
    }
    for error in ERROR_FIXTURES {
        let fresh = dir.path().join(error);
        let committed = import_dir().join(error);
        let (fresh, committed) = (
            std::fs::read(fresh).unwrap(),
            std::fs::read(committed).unwrap(),
        );
        if error.ends_with("password.docx") {
            // The salt is random: the same kind of file, near the same size.
            assert_eq!(fresh[..8], committed[..8], "{error}: an OLE compound file");
            assert_eq!(fresh.len(), committed.len(), "{error}");
        } else {
            assert_eq!(
                fresh, committed,
                "{error}: the committed file is not what make_docx.py makes"
            );
        }
    }
    check_all(dir.path());
    for error in ERROR_FIXTURES {
        check_refused(&dir.path().join(error));
    }
}

// ---------------------------------------------------------------------
// Check (c): the seed, through Markdown and Word, back into a source.

/// `text` with every ASCII punctuation character escaped for pandoc's
/// Markdown (all of them may be), so that it stays text.
fn escape_markdown(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn inline_markdown(content: &[Inline]) -> String {
    content
        .iter()
        .map(|inline| match inline {
            Inline::Text { text } => escape_markdown(text),
            Inline::Strong { content } => format!("**{}**", inline_markdown(content)),
            Inline::Emphasis { content } => format!("*{}*", inline_markdown(content)),
            Inline::Link { content, url, .. } => {
                format!("[{}](<{url}>)", inline_markdown(content))
            }
        })
        .collect()
}

/// The leaflet as pandoc Markdown: the title as metadata, the summary, a
/// `##` heading and body per section, then the publisher and review lines.
fn leaflet_markdown(leaflet: &Leaflet) -> String {
    let mut md = format!(
        "---\ntitle: {}\nlang: {}\n---\n\n",
        serde_json::to_string(&leaflet.title).unwrap(),
        leaflet.language
    );
    if let Some(summary) = &leaflet.summary {
        md.push_str(&format!("{}\n\n", escape_markdown(summary)));
    }
    for section in &leaflet.sections {
        md.push_str(&format!("## {}\n\n", escape_markdown(&section.heading)));
        for block in &section.blocks {
            match block {
                Block::Paragraph { content } => {
                    md.push_str(&inline_markdown(content));
                    md.push('\n');
                }
                Block::BulletList { items } => {
                    for item in items {
                        md.push_str(&format!("- {}\n", inline_markdown(&item.content)));
                    }
                }
                Block::NumberedList { start, items } => {
                    for (n, item) in items.iter().enumerate() {
                        md.push_str(&format!(
                            "{}. {}\n",
                            start + n as u64,
                            inline_markdown(&item.content)
                        ));
                    }
                }
            }
            md.push('\n');
        }
    }
    if let Some(publisher) = &leaflet.publisher {
        md.push_str(&format!("Published by {}\n\n", escape_markdown(publisher)));
    }
    md.push_str(&format!(
        "Last reviewed: {}\n\nNext review: {}\n",
        leaflet.reviewed.for_people(),
        leaflet.next_review.for_people()
    ));
    md
}

/// A section's body as sentences: each block's plain text (a list item is
/// a block of its own) split after `.`, `!` or `?` and a space.
fn sentences(blocks: &[Block]) -> Vec<String> {
    let mut texts = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph { content } => texts.push(plain_text(content, LinkAddresses::Omitted)),
            Block::BulletList { items } | Block::NumberedList { items, .. } => texts.extend(
                items
                    .iter()
                    .map(|item| plain_text(&item.content, LinkAddresses::Omitted)),
            ),
        }
    }
    let mut out = Vec::new();
    for text in texts {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut current = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            current.push(c);
            if matches!(c, '.' | '!' | '?') && chars.peek() == Some(&' ') {
                out.push(current.trim().to_owned());
                current.clear();
            }
        }
        if !current.trim().is_empty() {
            out.push(current.trim().to_owned());
        }
    }
    out
}

/// The seed's Markdown through pandoc into Word: pandoc reads back every
/// word of the title, summary, headings, sentences and publisher, in order
/// (the Markdown says what the source says, before import is involved).
#[test]
fn the_seed_markdown_says_what_the_seed_says() {
    let dir = scratch();
    for original in [
        common::seed_source(),
        common::fixture("valid/hospital-transport.toml"),
    ] {
        let leaflet = load(&original);
        let Some(docx) = word_file(dir.path(), &leaflet, "leaflet") else {
            return;
        };
        let read = pandoc_words(&pandoc_plain(&docx, "accept").unwrap());
        let mut said = vec![leaflet.title.clone()];
        said.extend(leaflet.summary.clone());
        for section in &leaflet.sections {
            said.push(section.heading.clone());
            said.extend(sentences(&section.blocks));
        }
        said.extend(leaflet.publisher.clone());
        let said = words(&said.join(" "));
        compare(&said, &read).unwrap_or_else(|e| panic!("{}: {e}", original.display()));
        // And nothing else: the same words, bar list numbers.
        let numbers = |w: &&String| !w.chars().all(|c| c.is_ascii_digit()) || said.contains(w);
        let read: Vec<_> = read.iter().filter(numbers).cloned().collect();
        assert_eq!(read, said, "{}", original.display());
    }
}

/// The leaflet as a Word file, `dir/NAME.docx`, written by pandoc from the
/// leaflet's Markdown (`None`, said loudly, when pandoc is missing).
fn word_file(dir: &Path, leaflet: &Leaflet, name: &str) -> Option<PathBuf> {
    let md = dir.join(format!("{name}.md"));
    std::fs::write(&md, leaflet_markdown(leaflet)).unwrap();
    let docx = dir.join(format!("{name}.docx"));
    let output = common::tool(
        "pandoc",
        &[
            "--from",
            "markdown-smart",
            "--to",
            "docx",
            "--output",
            docx.to_str().unwrap(),
            md.to_str().unwrap(),
        ],
    )?;
    assert!(output.status.success(), "pandoc: {output:?}");
    Some(docx)
}

#[test]
fn the_seed_comes_back_through_word() {
    let dir = scratch();
    let originals = [
        common::seed_source(),
        common::fixture("valid/hospital-transport.toml"),
    ];
    let mut documents = Vec::new();
    for original in &originals {
        let leaflet = load(original);
        let Some(docx) = word_file(dir.path(), &leaflet, &leaflet.id) else {
            return;
        };
        documents.push((leaflet, docx));
    }
    let mut failures = Vec::new();
    for (original, docx) in &documents {
        let out = format!("imported-{}", original.id);
        let import = import(dir.path(), &[docx.to_str().unwrap(), "--out", &out]);
        let entry = &import.files()[0];
        if import.run.code != 0 {
            failures.push(format!(
                "{}: import exited {}: {}\n{entry}",
                original.id, import.run.code, import.run.stderr
            ));
            continue;
        }
        let back = load(&dir.path().join(entry["source"].as_str().unwrap()));
        let mut problems = Vec::new();
        let mut same = |what: &str, a: String, b: String| {
            if a != b {
                problems.push(format!("{what}:\n    original {a}\n    imported {b}"));
            }
        };
        same("title", original.title.clone(), back.title.clone());
        same(
            "summary",
            format!("{:?}", original.summary),
            format!("{:?}", back.summary),
        );
        same(
            "publisher",
            format!("{:?}", original.publisher),
            format!("{:?}", back.publisher),
        );
        same(
            "reviewed",
            original.reviewed.to_string(),
            back.reviewed.to_string(),
        );
        same(
            "next_review",
            original.next_review.to_string(),
            back.next_review.to_string(),
        );
        same("language", original.language.clone(), back.language.clone());
        same(
            "number of sections",
            original.sections.len().to_string(),
            back.sections.len().to_string(),
        );
        let headings = |l: &Leaflet| {
            l.sections
                .iter()
                .map(|s| s.heading.clone())
                .collect::<Vec<_>>()
        };
        same(
            "headings",
            format!("{:?}", headings(original)),
            format!("{:?}", headings(&back)),
        );
        for (a, b) in original.sections.iter().zip(&back.sections) {
            same(
                &format!("sentences of {:?}", a.heading),
                format!("{:#?}", sentences(&a.blocks)),
                format!("{:#?}", sentences(&b.blocks)),
            );
        }
        if !problems.is_empty() {
            failures.push(format!("{}:\n  {}", original.id, problems.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

// ---------------------------------------------------------------------
// Check (d): what import refuses, and never overwrites.

/// Imports one error fixture: exit 1, a message naming the file, nothing
/// written.
fn check_refused(document: &Path) {
    let dir = scratch();
    std::fs::create_dir(dir.path().join("imported")).unwrap();
    let import = import(
        dir.path(),
        &[document.to_str().unwrap(), "--out", "imported"],
    );
    let name = document.display();
    assert_eq!(
        import.run.code, 1,
        "{name}: exit {}\n{}",
        import.run.code, import.run.stderr
    );
    let file_name = document.file_name().unwrap().to_str().unwrap();
    assert!(
        import.run.stderr.contains(file_name),
        "{name}: the message does not name the file:\n{}",
        import.run.stderr
    );
    let entry = &import.files()[0];
    assert_entry_shape(entry);
    assert_eq!(entry["status"], "refused", "{name}: {entry}");
    assert!(
        common::files_below(&dir.path().join("imported")).is_empty(),
        "{name}: refused, yet it wrote {:?}",
        common::files_below(&dir.path().join("imported"))
    );
    // Nothing beside it either.
    let stray: Vec<_> = common::files_below(dir.path());
    assert!(stray.is_empty(), "{name}: files left behind: {stray:?}");
}

#[test]
fn documents_that_cannot_be_read_are_refused_and_nothing_is_written() {
    for error in ERROR_FIXTURES {
        check_refused(&import_dir().join(error));
    }
}

#[test]
fn an_existing_source_is_kept_byte_for_byte_unless_forced() {
    let dir = scratch();
    let out = dir.path().join("source");
    std::fs::create_dir(&out).unwrap();
    let target = out.join("wound-care.toml");
    let before = b"# a hand-written leaflet that must survive\n[leaflet]\n";
    std::fs::write(&target, before).unwrap();
    let document = import_dir().join("docx/full.docx");
    let document = document.to_str().unwrap();

    // The default folder is source/, and the target is there.
    let refused = import(dir.path(), &[document, "--id", "wound-care"]);
    assert_eq!(refused.run.code, 1, "{}", refused.run.stderr);
    assert!(
        refused.run.stderr.contains("full.docx"),
        "{}",
        refused.run.stderr
    );
    assert_eq!(refused.files()[0]["status"], "refused");
    assert_eq!(std::fs::read(&target).unwrap(), before);
    assert_eq!(common::files_below(&out).len(), 1);

    let forced = import(dir.path(), &[document, "--id", "wound-care", "--force"]);
    assert_eq!(forced.run.code, 0, "{}", forced.run.stderr);
    let entry = &forced.files()[0];
    assert_eq!(entry["status"], "written");
    assert_eq!(entry["id"], "wound-care");
    assert_eq!(entry["source"], "source/wound-care.toml");
    let leaflet = load(&target);
    assert_eq!(leaflet.id, "wound-care");
    assert_eq!(leaflet.title, "Looking after your wound at home");
}

#[test]
fn the_out_folder_is_made_when_missing() {
    let dir = scratch();
    let document = import_dir().join("docx/simple.docx");
    let import = import(
        dir.path(),
        &[document.to_str().unwrap(), "--out", "new/folder"],
    );
    assert_eq!(import.run.code, 0, "{}", import.run.stderr);
    let source = import.files()[0]["source"].as_str().unwrap().to_owned();
    assert!(source.starts_with("new/folder/"), "{source}");
    load(&dir.path().join(source));
}

#[test]
fn a_second_document_with_the_same_title_is_refused_and_the_first_written() {
    let dir = scratch();
    let full = import_dir().join("docx/full.docx");
    for name in ["first.docx", "second.docx"] {
        std::fs::copy(&full, dir.path().join(name)).unwrap();
    }
    let import = import(dir.path(), &["first.docx", "second.docx", "--out", "out"]);
    assert_eq!(import.run.code, 1, "{}", import.run.stderr);
    assert!(
        import.run.stderr.contains("second.docx"),
        "{}",
        import.run.stderr
    );
    let files = import.files();
    assert_eq!(files.len(), 2, "{}", import.report);
    for entry in files {
        assert_entry_shape(entry);
    }
    assert_eq!(files[0]["status"], "written", "{}", import.report);
    assert_eq!(files[1]["status"], "refused", "{}", import.report);
    let written = common::files_below(&dir.path().join("out"));
    assert_eq!(written.len(), 1, "{written:?}");
    load(&dir.path().join(files[0]["source"].as_str().unwrap()));

    // Worst status wins: a todo and a refusal make 1; a todo alone 3.
    let dir = scratch();
    let import_two = self::import(
        dir.path(),
        &[
            import_dir().join("docx/no-dates.docx").to_str().unwrap(),
            import_dir()
                .join("docx/errors/not-word.docx")
                .to_str()
                .unwrap(),
            "--out",
            "out",
        ],
    );
    assert_eq!(import_two.run.code, 1, "{}", import_two.run.stderr);
    let statuses: Vec<_> = import_two
        .files()
        .iter()
        .map(|e| e["status"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(statuses, ["todo", "refused"]);
}

#[test]
fn an_id_is_for_one_file_only() {
    let dir = scratch();
    let a = import_dir().join("docx/full.docx");
    let b = import_dir().join("docx/simple.docx");
    let run = leafpress(
        dir.path(),
        &[
            "import",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--id",
            "both",
            "--out",
            "out",
        ],
    );
    assert_eq!(run.code, 2, "a usage error: {}", run.stderr);
    assert!(common::files_below(&dir.path().join("out")).is_empty());
}

// ---------------------------------------------------------------------
// Check (e): the comparison catches dropped words.

#[test]
fn the_comparison_reports_a_missing_word() {
    let have = words("Call the ward — at any time, day or night.");
    assert_eq!(compare(&words("call the ward at any time"), &have), Ok(()));
    assert_eq!(compare(&words("the WARD night"), &have), Ok(()));
    let missing = compare(&words("call the ward at every time"), &have).unwrap_err();
    assert!(missing.contains("\"every\""), "{missing}");
    assert!(missing.contains("[every]"), "{missing}");
    // In order: the right words in the wrong order are missing.
    let missing = compare(&words("night or day"), &have).unwrap_err();
    assert!(missing.contains("\"or\""), "{missing}");
    // NFKC and case: a ligature and a capital are the same word.
    assert_eq!(words("ﬁle Ward"), ["file", "ward"]);
    // A passage named in a warning is taken out once, contiguous only.
    let reference = words("a b c d b c");
    assert_eq!(
        without_passage(reference.clone(), &words("b c")),
        words("a d b c")
    );
    assert_eq!(
        without_passage(reference.clone(), &words("c b")),
        words("a b c d b c")
    );
}

#[test]
fn pandoc_marks_and_metadata_lines_are_prepared() {
    assert_eq!(
        strip_footnote_marks("normal.[1] Call [x] [12]"),
        "normal. Call [x] "
    );
    let plain = "Title\n\nSome redness is normal.[1] Call us.\n\n1.  Take it.\n    a.  Mix it.\n10. Dr. Who\n\nPublished by Riverside Clinic\n\nLast reviewed: April 2025\n\nNext review: 2027\n\n[1] A pink rim.\n";
    assert_eq!(
        pandoc_words(plain),
        words(
            "Title Some redness is normal. Call us. Take it. Mix it. Dr. Who Riverside Clinic A pink rim."
        )
    );
}

/// pandoc's reading of the committed fixtures, checked against what the
/// fixtures were written to hold: the helpers that feed the comparison
/// read what they must.
#[test]
fn pandoc_reads_the_fixtures_as_written() {
    let full = import_dir().join("docx/full.docx");
    let Some(plain) = pandoc_plain(&full, "accept") else {
        return;
    };
    let reference = pandoc_words(&plain);
    let expected = words(
        "Looking after your wound at home How to keep your wound clean while it heals \
         Keeping the wound clean Wash your hands before and after you touch the dressing \
         Take off the old dressing slowly If the dressing sticks \
         Some redness is normal Call us a discharge that smells green or yellow discharge \
         Sign What to do Bleeding that does not stop Press on it and call 999 \
         A drawing of a dressing over a wound on the forearm \
         our website email wounds example org Riverside Community Nursing \
         A pink rim a few millimetres wide is part of healing",
    );
    compare(&expected, &reference).unwrap();
    assert!(!reference.contains(&"reviewed".to_owned()), "{reference:?}");

    // Tracked changes: accepted, the deletion and the comment are gone;
    // read with every change, they are there.
    let tracked = import_dir().join("docx/tracked-changes.docx");
    let accepted = pandoc_words(&pandoc_plain(&tracked, "accept").unwrap());
    let all = pandoc_words(&pandoc_plain(&tracked, "all").unwrap());
    assert!(!accepted.contains(&"fried".to_owned()), "{accepted:?}");
    assert!(all.contains(&"fried".to_owned()), "{all:?}");
    compare(
        &words("do not eat anything at all for six hours"),
        &accepted,
    )
    .unwrap();
    // The comparison flags the deletion, unless a warning names it.
    let error = compare(&all, &accepted).unwrap_err();
    assert!(error.contains("\"fried\""), "{error}");
    let explained = without_passage(all, &words("fried or fatty food"));
    let error = compare(&explained, &accepted).unwrap_err();
    assert!(!error.contains("\"fried\""), "{error}");
}

/// For the fixture with tracked deletions and a comment: read with every
/// change shown, pandoc sees the deleted words; import's warnings must be
/// what explains their absence, so without the warnings' texts the
/// comparison flags them.
#[test]
fn without_the_warnings_the_deleted_words_are_flagged() {
    let tracked = import_dir().join("docx/tracked-changes.docx");
    let Some(all) = pandoc_plain(&tracked, "all") else {
        return;
    };
    let dir = scratch();
    let import = import(
        dir.path(),
        &[tracked.to_str().unwrap(), "--out", "imported"],
    );
    assert_eq!(import.run.code, 0, "{}", import.run.stderr);
    let entry = &import.files()[0];
    let id = entry["id"].as_str().unwrap();
    let source = dir.path().join(entry["source"].as_str().unwrap());
    let run = leafpress(
        dir.path(),
        &["build", source.to_str().unwrap(), "--out", "out"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ours =
        words(&std::fs::read_to_string(dir.path().join(format!("out/{id}/{id}.txt"))).unwrap());
    let reference = pandoc_words(&all);
    let error = compare(&reference, &ours).expect_err("the deleted words are not in ours");
    assert!(error.contains("\"fried\""), "{error}");
    // With the deletion's warning text taken out, the comparison gets past it.
    let mut explained = reference;
    for text in warned_texts(entry) {
        explained = without_passage(explained, &words(&text));
    }
    if let Err(error) = compare(&explained, &ours) {
        assert!(!error.contains("\"fried\""), "{error}");
    }
}
