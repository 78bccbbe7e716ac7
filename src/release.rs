//! Getting a leaflet's files to their final paths whole, and all together or
//! not at all.
//!
//! Each file is first written to a hidden temporary file beside its final
//! path (same folder, so the final rename stays on one file system and is
//! atomic), and checked there. [`release_all`] flushes every file to disk
//! and only then renames them into place; if one rename fails, the files
//! already released are put back as they were, so a leaflet never ends up
//! half old and half new.
//!
//! Flushing: [`stage`] asks the kernel to start writing the file out at
//! once, so the disk works while the file is checked, and [`release_all`]
//! waits for all of a leaflet's files together: one journal commit for the
//! leaflet rather than one per file (the catalogue benchmark measured
//! waiting on each file as it was written as the largest cost beyond
//! typst).

use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::Error;

/// One file written beside its final path, not yet released.
#[derive(Debug)]
pub struct Staged {
    temporary: NamedTempFile,
    final_path: PathBuf,
}

impl Staged {
    /// Where the staged file is now.
    pub fn path(&self) -> &Path {
        self.temporary.path()
    }

    /// Where it goes on release.
    pub fn final_path(&self) -> &Path {
        &self.final_path
    }
}

/// Writes `bytes` to a new hidden temporary file beside `final_path`. Dropping
/// the result without releasing it deletes the file.
pub fn stage(final_path: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
    let folder = final_path.parent().unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".leafpress-").suffix(".partial");
    // Released files are read by others (a web server, a print shop's
    // upload): not the private 0600 of a temporary file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut temporary = builder.tempfile_in(folder)?;
    temporary.write_all(bytes)?;
    start_writing_out(temporary.as_file());
    Ok(Staged {
        temporary,
        final_path: final_path.to_owned(),
    })
}

/// Flushes every staged file to disk, then renames each into place, in
/// order. If any flush or rename fails, the files already renamed are
/// restored (or removed, where there was none before) and the error is
/// returned.
pub fn release_all(staged: Vec<Staged>) -> Result<(), Error> {
    for file in &staged {
        file.temporary
            .as_file()
            .sync_all()
            .map_err(|error| Error::io("write to disk", &file.final_path, error))?;
    }
    let mut released: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    for file in staged {
        let final_path = file.final_path.clone();
        let result = keep_previous(&final_path).and_then(|previous| {
            released.push((final_path.clone(), previous));
            file.temporary
                .persist(&final_path)
                .map(drop)
                .map_err(|error| error.error)
        });
        if let Err(error) = result {
            roll_back(&released);
            return Err(Error::io("move into place", &final_path, error));
        }
    }
    for (_, previous) in released {
        if let Some(previous) = previous {
            let _ = std::fs::remove_file(previous);
        }
    }
    Ok(())
}

/// Starts the kernel writing `file`'s data to disk, without waiting for it.
#[cfg(target_os = "linux")]
fn start_writing_out(file: &std::fs::File) {
    use std::os::fd::AsRawFd;
    // SAFETY: `file` is open for the whole call; the flag only starts
    // write-out. A failure here is not an error: `release_all` flushes.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
    }
}

/// Elsewhere the flush in `release_all` does all the work.
#[cfg(not(target_os = "linux"))]
fn start_writing_out(_file: &std::fs::File) {}

/// A hard link to the file now at `path`, if there is one, so that it can be
/// put back.
fn keep_previous(path: &Path) -> std::io::Result<Option<PathBuf>> {
    if !path.exists() {
        return Ok(None);
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let previous =
        path.with_file_name(format!(".leafpress-{}-{name}.previous", std::process::id()));
    let _ = std::fs::remove_file(&previous);
    std::fs::hard_link(path, &previous).or_else(|_| std::fs::copy(path, &previous).map(drop))?;
    Ok(Some(previous))
}

/// Removes what an interrupted build left in `folder`: staged files never
/// released and kept copies never cleared (`.leafpress-*.partial`,
/// `.leafpress-*.previous`). Nothing else is touched. Another run's staged
/// files are safe: a build holds the output folder's lock
/// ([`crate::build::lock`]).
pub fn remove_leftovers(folder: &Path) {
    remove_leftovers_in(folder, 1);
}

/// [`remove_leftovers`] in `folder` and its subfolders down to `depth`
/// more levels (an output's files may go in a folder of their own).
fn remove_leftovers_in(folder: &Path, depth: usize) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with(".leafpress-")
            && (name.ends_with(".partial") || name.ends_with(".previous"));
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if ours && kind.is_file() {
            let _ = std::fs::remove_file(entry.path());
        } else if kind.is_dir() && depth > 0 {
            remove_leftovers_in(&entry.path(), depth - 1);
        }
    }
}

fn roll_back(released: &[(PathBuf, Option<PathBuf>)]) {
    for (final_path, previous) in released.iter().rev() {
        let _ = match previous {
            Some(previous) => std::fs::rename(previous, final_path),
            None => std::fs::remove_file(final_path),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_release_puts_the_earlier_files_back() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("a.txt");
        let new_file = dir.path().join("b.txt");
        std::fs::write(&first, "old a").unwrap();
        let staged = vec![
            stage(&first, b"new a").unwrap(),
            stage(&new_file, b"new b").unwrap(),
            // A folder where a file should go: the rename fails.
            {
                let blocked = dir.path().join("c.txt");
                std::fs::create_dir(&blocked).unwrap();
                std::fs::write(blocked.join("keep"), "x").unwrap();
                stage(&blocked, b"new c").unwrap()
            },
        ];
        assert!(release_all(staged).is_err());
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "old a");
        assert!(!new_file.exists());
        let mut left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, ["a.txt", "c.txt"], "no temporary files left");
    }

    #[test]
    fn leftovers_of_an_interrupted_build_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            ".leafpress-abc123.partial",
            ".leafpress-42-a.pdf.previous",
            "a.pdf",
            ".leafpress-notes",
            "x.partial",
        ] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        remove_leftovers(dir.path());
        let mut left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, [".leafpress-notes", "a.pdf", "x.partial"]);
    }

    #[test]
    fn a_release_replaces_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "old").unwrap();
        release_all(vec![stage(&file, b"new").unwrap()]).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
