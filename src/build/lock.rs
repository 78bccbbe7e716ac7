//! One run at a time on an output folder. A build takes an exclusive
//! advisory lock (`flock`) on the output folder itself before any other
//! work, and a check a shared one, so that two builds never stage, clear or
//! release each other's files and a check never reads a leaflet half
//! released. A second run waits for the first (saying so on stderr), or,
//! told not to wait, stops at once with [`Error::FolderInUse`].
//!
//! The lock is on the folder, not on a lock file in it: a run that releases
//! nothing leaves nothing behind, not even a lock file, and the lock needs
//! no room on a full disk nor write access to a read-only one. The
//! standard library's [`File::lock`] is the whole mechanism (an `flock` on
//! the folder's descriptor on Linux), so no locking crate is needed; the
//! lock goes when the process does, however it ends.

use std::fs::{File, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// What a run does with the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// Writes into it: one at a time.
    Build,
    /// Only reads it: any number at once, but never during a build.
    Check,
}

/// A held lock on an output folder; released when dropped.
#[derive(Debug)]
pub struct FolderLock {
    /// The folder, open and locked; `None` for a check of a folder that
    /// does not exist.
    held: Option<File>,
    folder: PathBuf,
    /// The outermost folder this run made for it (the folder itself, or a
    /// missing parent of it), if it made any.
    created: Option<PathBuf>,
}

/// How often to start again when the folder was removed while waiting
/// (by the run that held it, having released nothing).
const ATTEMPTS: usize = 8;

impl FolderLock {
    /// Takes the lock on `folder` for `kind`, waiting for another run
    /// holding it when `wait` is set. A build makes the folder if it is
    /// missing; a check of a missing folder holds nothing.
    pub fn take(folder: &Path, kind: Lock, wait: bool) -> Result<FolderLock, Error> {
        for _ in 0..ATTEMPTS {
            let created = outermost_missing(folder);
            if kind == Lock::Check && created.is_some() {
                return Ok(FolderLock {
                    held: None,
                    folder: folder.to_owned(),
                    created: None,
                });
            }
            if !folder.is_dir() && folder.exists() && kind == Lock::Check {
                return Err(Error::Usage(format!(
                    "--out {}: not a folder",
                    folder.display()
                )));
            }
            if kind == Lock::Build {
                std::fs::create_dir_all(folder)
                    .map_err(|error| Error::io("create the output folder", folder, error))?;
            }
            let file = File::open(folder)
                .map_err(|error| Error::io("open the output folder", folder, error))?;
            let tried = match kind {
                Lock::Build => file.try_lock(),
                Lock::Check => file.try_lock_shared(),
            };
            match tried {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) if wait => {
                    let _ = writeln!(
                        std::io::stderr(),
                        "leafpress: waiting for another leafpress run to finish with {}",
                        folder.display()
                    );
                    let locked = match kind {
                        Lock::Build => file.lock(),
                        Lock::Check => file.lock_shared(),
                    };
                    locked.map_err(|error| Error::io("lock the output folder", folder, error))?;
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(Error::FolderInUse {
                        folder: folder.to_owned(),
                    });
                }
                Err(TryLockError::Error(error)) => {
                    return Err(Error::io("lock the output folder", folder, error));
                }
            }
            if same_folder(&file, folder) {
                return Ok(FolderLock {
                    held: Some(file),
                    folder: folder.to_owned(),
                    created,
                });
            }
            // The run we waited for removed the folder it had made: the
            // lock is on a folder that is gone. Start again.
        }
        Err(Error::FolderInUse {
            folder: folder.to_owned(),
        })
    }

    /// Releases the lock; first removes the folder if this run made it and
    /// left nothing in it, and the parents it made for it likewise.
    pub fn release_empty_folder(self) {
        let (Some(outermost), Some(_)) = (&self.created, &self.held) else {
            return;
        };
        let mut folder = self.folder.as_path();
        // Each removal fails, as it should, unless the folder is empty.
        while std::fs::remove_dir(folder).is_ok() && folder != outermost {
            match folder.parent() {
                Some(parent) => folder = parent,
                None => break,
            }
        }
    }
}

/// The outermost of `folder` and its parents that does not exist yet, if
/// any: what making `folder` would make.
fn outermost_missing(folder: &Path) -> Option<PathBuf> {
    let mut missing = None;
    for ancestor in folder.ancestors() {
        if ancestor.as_os_str().is_empty() || ancestor.exists() {
            break;
        }
        missing = Some(ancestor.to_owned());
    }
    missing
}

/// Whether the open `file` is still the folder at `path`.
#[cfg(unix)]
fn same_folder(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(now)) => open.dev() == now.dev() && open.ino() == now.ino(),
        _ => false,
    }
}

/// Elsewhere a folder cannot be removed while it is open.
#[cfg(not(unix))]
fn same_folder(_file: &File, path: &Path) -> bool {
    path.is_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_build_is_refused_while_the_first_holds_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let first = FolderLock::take(&out, Lock::Build, false).unwrap();
        let second = FolderLock::take(&out, Lock::Build, false).unwrap_err();
        assert!(second.is_usage());
        assert!(
            second
                .to_string()
                .contains("in use by another leafpress run")
        );
        let check = FolderLock::take(&out, Lock::Check, false).unwrap_err();
        assert!(matches!(check, Error::FolderInUse { .. }));
        drop(first);
        let again = FolderLock::take(&out, Lock::Build, false).unwrap();
        again.release_empty_folder();
    }

    #[test]
    fn checks_share_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let one = FolderLock::take(dir.path(), Lock::Check, false).unwrap();
        let two = FolderLock::take(dir.path(), Lock::Check, false).unwrap();
        assert!(FolderLock::take(dir.path(), Lock::Build, false).is_err());
        drop((one, two));
    }

    #[test]
    fn a_build_that_releases_nothing_leaves_no_folder_and_no_lock_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        FolderLock::take(&out, Lock::Build, false)
            .unwrap()
            .release_empty_folder();
        assert!(!out.exists());
        let kept = dir.path().join("kept");
        std::fs::create_dir(&kept).unwrap();
        FolderLock::take(&kept, Lock::Build, false)
            .unwrap()
            .release_empty_folder();
        assert!(kept.is_dir(), "a folder the run did not make stays");
        assert_eq!(std::fs::read_dir(&kept).unwrap().count(), 0);
        let deep = dir.path().join("deep/a/b");
        FolderLock::take(&deep, Lock::Build, false)
            .unwrap()
            .release_empty_folder();
        assert!(!dir.path().join("deep").exists(), "nor its parents");
    }
}
