//! Releasing verified leaflets on a thread of their own: each leaflet's
//! staged files are flushed to disk together and renamed into place while
//! typesetting goes on (the catalogue benchmark measured waiting on each
//! file as it was written as the largest cost beyond typst).

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::error::Error;
use crate::release;

/// A leaflet's verified files, staged beside their final paths, waiting to
/// be released.
pub struct Release {
    /// The leaflet's place in the run's outcomes.
    pub index: usize,
    /// Its files, the stamp last.
    pub staged: Vec<release::Staged>,
    /// Files of an earlier build that the new ones make wrong: removed once
    /// the new files are in place, unless they are among them.
    pub stale: Vec<PathBuf>,
    /// The leaflet's folder, if this build made it: removed again if the
    /// release fails, so no empty folder is left.
    pub new_folder: Option<PathBuf>,
}

impl Release {
    /// Flushes and renames the files into place ([`release::release_all`]),
    /// then removes the stale files; returns those it removed.
    pub fn run(self) -> Result<Vec<PathBuf>, Error> {
        let released: Vec<PathBuf> = self
            .staged
            .iter()
            .map(|file| file.final_path().to_owned())
            .collect();
        if let Err(error) = release::release_all(self.staged) {
            if let Some(folder) = &self.new_folder {
                let _ = std::fs::remove_dir_all(folder);
            }
            return Err(error);
        }
        let mut removed = Vec::new();
        for path in self
            .stale
            .into_iter()
            .filter(|path| !released.contains(path))
        {
            if std::fs::remove_file(&path).is_ok() {
                // A folder of files that are all gone (old proofs) goes too.
                if let Some(parent) = path.parent() {
                    let _ = std::fs::remove_dir(parent);
                }
                removed.push(path);
            }
        }
        Ok(removed)
    }
}

/// Where a leaflet's pipeline sends its release.
pub type ToRelease = Sender<Release>;

/// A channel to the releasing thread.
pub fn channel_to_releaser() -> (ToRelease, Receiver<Release>) {
    channel()
}

/// Runs every release that arrives, in order, until every sender is gone;
/// returns each leaflet's result by its place in the outcomes.
pub fn release_everything(
    releases: Receiver<Release>,
) -> Vec<(usize, Result<Vec<PathBuf>, Error>)> {
    releases
        .into_iter()
        .map(|release| (release.index, release.run()))
        .collect()
}
