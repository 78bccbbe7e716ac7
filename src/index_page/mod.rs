//! The catalogue page, `DIR/index.html`: every verified leaflet in the
//! output folder, with its title (in its language), summary and review
//! dates, and a link to each of its files; a leaflet whose next review has
//! passed is marked so.
//!
//! The page lists what the folder holds, not what the run built: each
//! leaflet folder whose stamp ([`crate::stamp`]) describes its leaflet and
//! whose listed files are all there. So an incremental build of one source
//! keeps the page whole, and no source the run was not given is read.
//! "Overdue" is judged on the build's date (`SOURCE_DATE_EPOCH`'s day when
//! set), which the page states, so rebuilds give the same bytes.
//!
//! [`writer`] makes the page; [`reader`], which shares no code with it,
//! parses it as HTML5 and [`check`] compares what it found with the folder.
//! A build refreshes the page ([`refresh`]) after its releases, while it
//! holds the folder's lock, only when it verified a leaflet: staged beside
//! `index.html`, checked there, then renamed into place.

pub mod reader;
pub mod writer;

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::registry::Registry;
use crate::release;
use crate::source::Day;
use crate::stamp::{self, Described};

/// The catalogue page's file name in the output folder.
pub const INDEX_FILE: &str = "index.html";

/// A verified leaflet in the output folder, as its stamp records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The leaflet's id: its folder's name.
    pub id: String,
    /// What the stamp says of the leaflet.
    pub about: Described,
    /// Its files, in the registry's order of outputs.
    pub files: Vec<ListedFile>,
}

/// One of a leaflet's files, as the page links to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedFile {
    /// Its path relative to the leaflet's folder (`ID-print.pdf`).
    pub name: String,
    /// What it is, for people (`Print PDF`; `Proofs: ID-print-page-1.png`
    /// for one of an output's several files).
    pub kind: String,
    /// Its size in bytes.
    pub bytes: u64,
}

/// Every verified leaflet in `out`, by id.
pub fn list(out: &Path, registry: &Registry) -> Vec<Listed> {
    let Ok(entries) = std::fs::read_dir(out) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = entries
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| !name.starts_with('.'))
        .collect();
    ids.sort();
    ids.into_iter()
        .filter_map(|id| listed(registry, &out.join(&id), id))
        .collect()
}

/// The leaflet in `folder`, if its stamp describes it and every file the
/// stamp lists is there.
fn listed(registry: &Registry, folder: &Path, id: String) -> Option<Listed> {
    let stamp = stamp::recorded(folder)?;
    let about = stamp.leaflet?;
    let mut files = Vec::new();
    for (name, several, names) in outputs_in_order(registry, &stamp.entries) {
        for file in names {
            let bytes = std::fs::metadata(folder.join(file)).ok()?.len();
            let kind = if several {
                format!("{name}: {file}")
            } else {
                name.clone()
            };
            files.push(ListedFile {
                name: file.clone(),
                kind,
                bytes,
            });
        }
    }
    Some(Listed { id, about, files })
}

/// The stamp's outputs in the registry's order (any it does not know
/// last, by key), each with its name for people, whether it made several
/// files, and its files.
fn outputs_in_order<'a>(
    registry: &Registry,
    entries: &'a std::collections::BTreeMap<String, Vec<String>>,
) -> Vec<(String, bool, &'a Vec<String>)> {
    let known = registry
        .outputs()
        .filter_map(|output| Some((output.name(), entries.get(output.key())?)));
    let unknown = entries
        .iter()
        .filter(|(key, _)| registry.get(key).is_none())
        .map(|(key, files)| (key.as_str(), files));
    known
        .chain(unknown)
        .map(|(name, files)| (capitalised(name), files.len() > 1, files))
        .collect()
}

/// `print PDF` as it starts a link: `Print PDF`.
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Rewrites `out/index.html` from what `out` holds, with review marks as
/// of `today`: staged beside it, checked there, and only then renamed into
/// place. A failed check leaves the page as it was.
pub fn refresh(out: &Path, registry: &Registry, today: Day) -> Result<(), Error> {
    let listed = list(out, registry);
    let page = writer::write(&listed, today);
    let path = out.join(INDEX_FILE);
    let staged =
        release::stage(&path, page.as_bytes()).map_err(|error| Error::io("write", &path, error))?;
    let problems = problems_in(staged.path(), out, &listed)?;
    if !problems.is_empty() {
        return Err(failure(&problems, "it was not replaced"));
    }
    release::release_all(vec![staged])
}

/// Checks `out/index.html`, when there is one, against what `out` holds:
/// every verified leaflet listed with its title and a link to each of its
/// files, every link leading to a file of the size it says, and the
/// overdue marks right for the date the page states.
pub fn check(out: &Path, registry: &Registry) -> Result<(), Error> {
    let path = out.join(INDEX_FILE);
    if !path.is_file() {
        return Ok(());
    }
    let problems = problems_in(&path, out, &list(out, registry))?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(failure(&problems, "rebuild to remake it"))
    }
}

/// A failed check of the page, naming each problem (the run's report
/// names the page: see [`crate::build`]).
fn failure(problems: &[String], then: &str) -> Error {
    Error::Check(format!("{}; {then}", problems.join("; ")))
}

/// What is wrong with the page in `file` (staged or released), whose links
/// lead into `out`, given the leaflets `listed` there.
fn problems_in(file: &Path, out: &Path, listed: &[Listed]) -> Result<Vec<String>, Error> {
    let bytes = std::fs::read(file).map_err(|error| Error::io("read", file, error))?;
    let page = reader::read(&String::from_utf8_lossy(&bytes));
    Ok(compare(&page, listed, out))
}

/// Where what the reader found in the page differs from the leaflets in
/// `out`.
fn compare(page: &reader::ReadIndex, listed: &[Listed], out: &Path) -> Vec<String> {
    let mut problems = page.flaws.clone();
    for leaflet in listed {
        match page.leaflets.iter().find(|read| read.id == leaflet.id) {
            Some(read) => problems.extend(
                compare_leaflet(read, leaflet, page.as_of)
                    .into_iter()
                    .map(|problem| format!("leaflet `{}`: {problem}", leaflet.id)),
            ),
            None => problems.push(format!("leaflet `{}` is not listed", leaflet.id)),
        }
    }
    for read in &page.leaflets {
        if !listed.iter().any(|leaflet| leaflet.id == read.id) {
            problems.push(format!(
                "it lists `{}`, which is not a verified leaflet in {}",
                read.id,
                out.display()
            ));
        }
        problems.extend(
            read.links
                .iter()
                .filter_map(|link| broken_link(link, out))
                .map(|problem| format!("leaflet `{}`: {problem}", read.id)),
        );
    }
    problems
}

/// Where one leaflet's entry differs from its stamp.
fn compare_leaflet(
    read: &reader::ReadLeaflet,
    leaflet: &Listed,
    as_of: Option<Day>,
) -> Vec<String> {
    let about = &leaflet.about;
    let mut problems = Vec::new();
    if read.title != about.title {
        problems.push(format!(
            "its title reads `{}`, not `{}`",
            read.title, about.title
        ));
    }
    if read.lang.as_deref() != Some(about.language.as_str()) {
        problems.push(format!("its title is not marked as `{}`", about.language));
    }
    let next_review = about.next_review.to_string();
    if read.next_review.as_deref() != Some(next_review.as_str()) {
        problems.push(format!("its next review date is not {next_review}"));
    }
    if let (Some(due_by), Some(as_of)) = (read.due_by, as_of)
        && read.overdue != (due_by < as_of)
    {
        problems.push(if read.overdue {
            "it is marked overdue, but its review is not yet due".to_owned()
        } else {
            "its review is overdue, and it is not marked so".to_owned()
        });
    }
    for file in &leaflet.files {
        let href = format!("{}/{}", leaflet.id, file.name);
        if !read.links.iter().any(|link| link.href == href) {
            problems.push(format!("no link to {href}"));
        }
    }
    problems
}

/// Why a link is wrong, if it is: it leads outside `out` or to no file, or
/// says a size the file is not.
fn broken_link(link: &reader::ReadLink, out: &Path) -> Option<String> {
    if !stamp::is_inside(&link.href) {
        return Some(format!(
            "the link to `{}` leads outside {}",
            link.href,
            out.display()
        ));
    }
    let path: PathBuf = out.join(&link.href);
    let Ok(metadata) = std::fs::metadata(&path) else {
        return Some(format!("the link to {} leads to no file", link.href));
    };
    match link.size {
        None => Some(format!("the link to {} does not say its size", link.href)),
        Some((least, most)) if !(least..=most).contains(&metadata.len()) => Some(format!(
            "the link to {} says `{}`, but the file is {} bytes",
            link.href,
            link.text,
            metadata.len()
        )),
        Some(_) => None,
    }
}
