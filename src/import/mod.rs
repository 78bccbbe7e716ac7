//! `leafpress import`: a leaflet written in Word (`.docx`) or Markdown turned
//! into a source file that builds, with a warning for everything the file
//! held that the source could not carry.
//!
//! One module a stage, as for the outputs: a reader a file format
//! ([`docx`], [`markdown`]) makes a [`document::Document`], which knows
//! nothing of the source format.

pub mod document;
pub mod docx;

/// Why a file could not be imported at all: it is not a document leafpress
/// can read, or it holds no text. Nothing is written for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// What is wrong, as a sentence for a person.
    pub message: String,
    /// What to do about it, where something helps.
    pub hint: Option<String>,
}

impl Unreadable {
    /// A problem with no hint.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: None,
        }
    }

    /// The same problem with what to do about it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

mod body_markup;
mod end_matter;
pub mod markdown;
mod shape;
mod slug;
mod source_file;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

pub use shape::{Wanted, Warning};

use crate::source::Day;

/// The largest document file read: a leaflet in Word with its images is a
/// few megabytes.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// What an import is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder the source files go in (created if missing).
    pub out: PathBuf,
    /// Replace a source file that is already there.
    pub force: bool,
    /// `--id` and `--language`.
    pub wanted: Wanted,
    /// The day, for the source checks (a next review that has passed).
    pub today: Day,
}

/// How one file's import ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Written, and it passes the source checks: it builds.
    Written,
    /// Written with `# TODO` comments: the person must finish it to build.
    Todo,
    /// Nothing written.
    Refused,
}

/// A problem that stopped a file's import.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

/// What importing one file did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileReport {
    /// The document imported.
    pub file: PathBuf,
    /// How it ended.
    pub status: Status,
    /// The source file written, unless refused.
    pub source: Option<PathBuf>,
    /// The leaflet's id, once known.
    pub id: Option<String>,
    /// The leaflet's title, when the document has one.
    pub title: Option<String>,
    /// How many sections the source has.
    pub sections: usize,
    /// What the source could not carry, and where it was.
    pub warnings: Vec<Warning>,
    /// What the person must finish, as the `# TODO` comments say it.
    pub todos: Vec<String>,
    /// Why nothing was written, when nothing was.
    pub errors: Vec<Problem>,
}

impl FileReport {
    fn refused(file: &Path, problem: Problem) -> Self {
        Self {
            file: file.to_owned(),
            status: Status::Refused,
            source: None,
            id: None,
            title: None,
            sections: 0,
            warnings: Vec::new(),
            todos: Vec::new(),
            errors: vec![problem],
        }
    }
}

/// Imports each file in turn into `options.out`. A file that cannot be
/// imported is refused with nothing written; the others go on. Two files
/// that would make one id: the second is refused.
pub fn import_files(files: &[PathBuf], options: &Options) -> Vec<FileReport> {
    let mut ids: HashMap<String, PathBuf> = HashMap::new();
    // The folder's sources are read once for the run, not once a file.
    let in_folder = ids_in_folder(&options.out);
    let mut reports = Vec::new();
    for file in files {
        let report = match import_file(file, options, &ids, &in_folder) {
            Ok(report) => report,
            Err(problem) => FileReport::refused(file, problem),
        };
        if let (Some(id), Status::Written | Status::Todo) = (&report.id, report.status) {
            ids.insert(id.clone(), file.clone());
        }
        reports.push(report);
    }
    reports
}

/// The kinds of file import reads, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Docx,
    Markdown,
}

fn kind_of(file: &Path) -> Result<Kind, Problem> {
    let extension = file
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("docx") => Ok(Kind::Docx),
        Some("md" | "markdown") => Ok(Kind::Markdown),
        Some("doc") => Err(problem(
            "this is an old Word 97–2003 document (.doc): leafpress reads .docx",
            Some("open it in Word or LibreOffice and save it as a Word document (.docx)"),
        )),
        _ => Err(problem(
            "leafpress imports Word documents (.docx) and Markdown (.md), and this is neither by its name",
            Some("save the document as .docx, or give a .md file"),
        )),
    }
}

fn problem(message: impl Into<String>, hint: Option<&str>) -> Problem {
    Problem {
        message: message.into(),
        hint: hint.map(str::to_owned),
    }
}

fn read_document(file: &Path) -> Result<(Kind, document::Document), Problem> {
    let kind = kind_of(file)?;
    let metadata = std::fs::metadata(file)
        .map_err(|error| problem(format!("cannot read the file: {error}"), None))?;
    if !metadata.is_file() {
        return Err(problem(
            "this is not a regular file",
            Some("give the path of a .docx or .md file"),
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|handle| handle.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|error| problem(format!("cannot read the file: {error}"), None))?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(problem(
            format!(
                "the file is over {} MiB, more than a leaflet",
                MAX_DOCUMENT_BYTES >> 20
            ),
            None,
        ));
    }
    let unreadable = |error: Unreadable| Problem {
        message: error.message,
        hint: error.hint,
    };
    let document = match kind {
        Kind::Docx => docx::read(&bytes).map_err(unreadable)?,
        Kind::Markdown => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let text = std::str::from_utf8(bytes).map_err(|error| {
                problem(
                    format!(
                        "the file is not UTF-8 text (at byte {})",
                        error.valid_up_to()
                    ),
                    Some("save the Markdown with the UTF-8 encoding"),
                )
            })?;
            markdown::read(text).map_err(unreadable)?
        }
    };
    if document.blocks.iter().all(document::Block::is_blank) {
        return Err(problem(
            "the document has no text",
            Some("check that this is the leaflet, and that its text is not all in images"),
        ));
    }
    Ok((kind, document))
}

fn import_file(
    file: &Path,
    options: &Options,
    ids: &HashMap<String, PathBuf>,
    in_folder: &HashMap<String, Vec<PathBuf>>,
) -> Result<FileReport, Problem> {
    if let Some(id) = &options.wanted.id
        && !slug::is_id(id)
    {
        return Err(problem(
            format!(
                "`{id}` is not an id: an id is lowercase letters and digits in words joined by `-`"
            ),
            Some("give --id as, say, `hospital-transport`"),
        ));
    }
    let (kind, document) = read_document(file)?;
    let stem = file
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut draft = shape::shape(&document, &options.wanted, &stem);
    if let Some(earlier) = ids.get(&draft.id) {
        return Err(problem(
            format!(
                "its id would be `{}`, the id of {} imported before it",
                draft.id,
                earlier.display()
            ),
            Some("import it on its own with --id ID"),
        ));
    }
    let target = options.out.join(format!("{}.toml", draft.id));
    let holder = in_folder
        .get(&draft.id)
        .and_then(|holders| holders.iter().find(|holder| **holder != target));
    if let Some(holder) = holder {
        return Err(problem(
            format!(
                "{} already has the leaflet id `{}`",
                holder.display(),
                draft.id
            ),
            Some("import it with --id ID for another id"),
        ));
    }
    if target.exists() && !options.force {
        return Err(problem(
            format!("{} is already there", target.display()),
            Some("give --force to replace it, or --id ID to write another"),
        ));
    }

    // The bodies, each read back by the source format's own parser.
    let mut bodies = Vec::new();
    for section in &draft.sections {
        let written = body_markup::write_body(&section.body).map_err(|message| {
            problem(
                format!("leafpress could not write a section's text as markup: {message}"),
                Some("this is a fault in leafpress: please report it with the document"),
            )
        })?;
        for &index in &written.unstyled {
            let words: String = section.body[index]
                .spans()
                .iter()
                .map(|span| span.text.as_str())
                .collect();
            draft.warnings.push(Warning {
                outside: None,
                at: usize::MAX,
                heading: section.heading.clone(),
                words: shape::first_words(&words),
                message:
                    "its bold, italic or links could not be written as markup: it became plain text"
                        .into(),
                text: String::new(),
            });
        }
        bodies.push(written.markup);
    }

    let kind_name = match kind {
        Kind::Docx => "Word document",
        Kind::Markdown => "Markdown file",
    };
    let name = file
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut header = vec![format!(
        "Imported by leafpress from the {kind_name} {name}."
    )];
    if !draft.warnings.is_empty() {
        header.push(String::new());
        header.push("What the document held that this file does not hold as it was:".into());
        for warning in &draft.warnings {
            header.push(format!("- {}", warning.describe()));
        }
    }
    let mut source = source_file::write(&draft, &bodies, &header);

    // The source checks, on what was written: each problem a TODO.
    let mut warnings = draft.warnings.clone();
    match crate::source::parse(
        &target,
        source.text_without_todos().as_bytes(),
        options.today,
    ) {
        Ok(loaded) => {
            // The source is the person's; the fonts are the build's. Text
            // leafpress's own fonts cannot show builds only with
            // `--font-path`: said, not a TODO, since the file is right.
            let layouts = crate::typeset::layouts::Layouts::shared_built_in();
            if let Some(unshown) =
                crate::typeset::coverage::refusal(&loaded.leaflet, "", layouts, true)
            {
                let mut message = format!("with leafpress's own fonts, {}", unshown.message);
                if let Some(hint) = &unshown.hint {
                    message.push_str(&format!(" ({hint})"));
                }
                warnings.push(Warning::about_the_document(message));
            }
            for warning in loaded.warnings {
                warnings.push(Warning::about_the_document(warning.message));
            }
        }
        Err(diagnostics) => {
            for diagnostic in diagnostics {
                let mut todo = diagnostic.message.clone();
                if let Some(hint) = &diagnostic.hint {
                    todo.push_str(&format!(" ({hint})"));
                }
                if diagnostic.is_error() {
                    source.add_todo_at_line(diagnostic.position.line, todo);
                }
            }
        }
    }
    let todos = source.todos();
    write_source(
        &options.out,
        &target,
        source.text().as_bytes(),
        options.force,
    )?;
    Ok(FileReport {
        file: file.to_owned(),
        status: if todos.is_empty() {
            Status::Written
        } else {
            Status::Todo
        },
        source: Some(target),
        id: Some(draft.id.clone()),
        title: draft.title.clone(),
        sections: draft.sections.len(),
        warnings,
        todos,
        errors: Vec::new(),
    })
}

/// The leaflet ids of the source files in `folder`, each with the files
/// that have it: another source with an imported leaflet's id would stop
/// every build of the folder.
fn ids_in_folder(folder: &Path) -> HashMap<String, Vec<PathBuf>> {
    let mut ids: HashMap<String, Vec<PathBuf>> = HashMap::new();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return ids;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|extension| extension != "toml") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(table) = text.parse::<toml::Table>() else {
            continue;
        };
        if let Some(id) = table
            .get("leaflet")
            .and_then(|leaflet| leaflet.get("id"))
            .and_then(|value| value.as_str())
        {
            ids.entry(id.to_owned()).or_default().push(path);
        }
    }
    ids
}

/// Writes a source file whole or not at all: into a temporary file in the
/// folder, then renamed to its name (refusing to replace a file that
/// appeared meanwhile unless `force`).
fn write_source(folder: &Path, target: &Path, bytes: &[u8], force: bool) -> Result<(), Problem> {
    let failed = |error: std::io::Error| {
        problem(format!("cannot write {}: {error}", target.display()), None)
    };
    std::fs::create_dir_all(folder).map_err(failed)?;
    let mut staged = tempfile::Builder::new()
        .prefix(".leafpress-import-")
        .suffix(".toml")
        .tempfile_in(folder)
        .map_err(failed)?;
    staged.write_all(bytes).map_err(failed)?;
    staged.as_file().sync_all().map_err(failed)?;
    if force {
        staged
            .persist(target)
            .map_err(|error| failed(error.error))?;
    } else {
        staged.persist_noclobber(target).map_err(|error| {
            if error.error.kind() == std::io::ErrorKind::AlreadyExists {
                problem(
                    format!("{} appeared while importing", target.display()),
                    Some("give --force to replace it"),
                )
            } else {
                failed(error.error)
            }
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEAFLET: &str = "# Getting to your appointment\n\nHow to book transport.\n\n## Booking\n\nCall **the line**.\n\nLast reviewed: March 2026\n\nNext review: March 2028\n";

    fn options(out: &Path) -> Options {
        Options {
            out: out.to_owned(),
            force: false,
            wanted: Wanted {
                id: None,
                language: Some("en-GB".into()),
            },
            today: (2026, 12, 1),
        }
    }

    fn document(folder: &Path, name: &str, text: &str) -> PathBuf {
        let path = folder.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn a_document_that_passes_the_checks_is_written() {
        let folder = tempfile::tempdir().unwrap();
        let file = document(folder.path(), "a.md", LEAFLET);
        let out = folder.path().join("source");
        let reports = import_files(&[file], &options(&out));
        assert_eq!(reports[0].status, Status::Written, "{reports:?}");
        let written = out.join("getting-to-your-appointment.toml");
        let loaded = crate::source::load(&written, (2026, 12, 1)).unwrap();
        assert_eq!(loaded.leaflet.sections[0].heading, "Booking");
        assert_eq!(
            loaded.leaflet.summary.as_deref(),
            Some("How to book transport.")
        );
        // Nothing else in the folder: no temporary file left behind.
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    }

    #[test]
    fn what_the_checks_refuse_is_written_with_todos() {
        let folder = tempfile::tempdir().unwrap();
        let file = document(
            folder.path(),
            "a.md",
            "# Title\n\nOne.\n\nTwo.\n\n## Next\n\nText.\n",
        );
        let mut options = options(&folder.path().join("source"));
        options.wanted.language = None;
        let reports = import_files(&[file], &options);
        let report = &reports[0];
        assert_eq!(report.status, Status::Todo);
        let text = std::fs::read_to_string(report.source.as_ref().unwrap()).unwrap();
        for todo in [
            "# TODO: the document does not say its language",
            "# TODO: the document has no “Last reviewed” line",
            "# TODO: the document has no “Next review” line",
            "# TODO: this text came before the document's first heading",
        ] {
            assert!(text.contains(todo), "{todo} in\n{text}");
        }
        assert_eq!(report.todos.len(), 4, "{:?}", report.todos);
        assert!(crate::source::load(report.source.as_ref().unwrap(), (2026, 12, 1)).is_err());
    }

    #[test]
    fn an_existing_file_or_id_is_not_replaced() {
        let folder = tempfile::tempdir().unwrap();
        let out = folder.path().join("source");
        let first = document(folder.path(), "a.md", LEAFLET);
        let second = document(folder.path(), "b.md", LEAFLET);
        let reports = import_files(&[first.clone(), second], &options(&out));
        assert_eq!(reports[0].status, Status::Written);
        assert_eq!(reports[1].status, Status::Refused);
        assert!(reports[1].errors[0].message.contains("imported before it"));

        let target = out.join("getting-to-your-appointment.toml");
        std::fs::write(&target, "kept").unwrap();
        let again = import_files(std::slice::from_ref(&first), &options(&out));
        assert_eq!(again[0].status, Status::Refused);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept");
        let mut forced = options(&out);
        forced.force = true;
        assert_eq!(import_files(&[first], &forced)[0].status, Status::Written);
        assert_ne!(std::fs::read_to_string(&target).unwrap(), "kept");
    }

    #[test]
    fn another_source_with_the_id_refuses_the_file() {
        let folder = tempfile::tempdir().unwrap();
        let out = folder.path().join("source");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(
            out.join("other.toml"),
            "[leaflet]\nid = \"getting-to-your-appointment\"\n",
        )
        .unwrap();
        let file = document(folder.path(), "a.md", LEAFLET);
        let reports = import_files(&[file], &options(&out));
        assert_eq!(reports[0].status, Status::Refused);
        assert!(reports[0].errors[0].message.contains("other.toml"));
    }

    #[test]
    fn files_that_are_not_leaflets_are_refused_with_nothing_written() {
        let folder = tempfile::tempdir().unwrap();
        let out = folder.path().join("source");
        let files = [
            document(folder.path(), "empty.md", "  \n\n"),
            document(folder.path(), "notes.txt", "text"),
            document(folder.path(), "old.doc", "text"),
            document(folder.path(), "fake.docx", "this is text, not a zip"),
        ];
        std::fs::write(folder.path().join("latin1.md"), b"caf\xe9").unwrap();
        let mut all = files.to_vec();
        all.push(folder.path().join("latin1.md"));
        for report in import_files(&all, &options(&out)) {
            assert_eq!(report.status, Status::Refused, "{report:?}");
            assert!(!report.errors[0].message.is_empty());
        }
        assert!(!out.exists());
        let mut bad_id = options(&out);
        bad_id.wanted.id = Some("Bad Id".into());
        let file = document(folder.path(), "a.md", LEAFLET);
        assert_eq!(import_files(&[file], &bad_id)[0].status, Status::Refused);
        assert!(!out.exists());
    }
}
