//! Finding the source files a command names: files as given, folders as every
//! `*.toml` file in them (not in their subfolders), in name order.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// The folder read when no path is given.
pub const DEFAULT_SOURCE_DIR: &str = "source";

/// The source files named by `paths` (`source/` when there are none), each
/// once, in the order given, folders expanded in name order.
pub fn source_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let default = [PathBuf::from(DEFAULT_SOURCE_DIR)];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut files: Vec<PathBuf> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    for path in paths {
        for file in files_at(path)? {
            // `v.toml` and `./v.toml` are one leaflet, not two with one id.
            let identity = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
            if !seen.contains(&identity) {
                seen.push(identity);
                files.push(file);
            }
        }
    }
    Ok(files)
}

fn files_at(path: &Path) -> Result<Vec<PathBuf>, Error> {
    let metadata = std::fs::metadata(path).map_err(|error| {
        Error::Usage(format!(
            "{}: no such source file or folder ({error})",
            path.display()
        ))
    })?;
    if !metadata.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let entries = std::fs::read_dir(path).map_err(|error| {
        Error::Usage(format!(
            "{}: cannot list the folder ({error})",
            path.display()
        ))
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|file| file.extension().is_some_and(|ext| ext == "toml") && file.is_file())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::Usage(format!(
            "{}: the folder holds no leaflet sources (*.toml)",
            path.display()
        )));
    }
    Ok(files)
}
