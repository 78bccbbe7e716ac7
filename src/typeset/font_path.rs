//! Fonts from `--font-path DIR`: folders searched recursively for `.ttf`,
//! `.otf`, `.ttc` and `.otc` files (every face of a collection), added
//! after the bundled fonts as fallbacks for the scripts those lack.
//!
//! Nothing is read until a leaflet is typeset: a no-change rebuild, whose
//! stamps say every leaflet is current, never scans the folders. The first
//! typesetting of a run scans them once (each file memory-mapped, only its
//! font tables touched, to learn its faces' names and coverage), and a
//! face's bytes are read only when typst asks for that face. This is the
//! scheme of typst-kit's `FontSearcher`, kept here rather than taken as a
//! dependency: typst-kit also searches the system's fonts (fontdb) and
//! embeds typst's own, neither of which a leaflet may depend on, and
//! leafpress must know which file each face came from (a leaflet's stamp
//! hashes the font files its PDFs used: see [`crate::stamp`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};

use crate::error::Error;

/// The folders of `--font-path`, and the faces found in them once asked.
pub struct FontPath {
    /// Each folder, made absolute, in the order given.
    folders: Vec<PathBuf>,
    /// Every face in the folders, found on first use.
    faces: OnceLock<Vec<Face>>,
    /// The SHA-256 of font files, by path, worked out once per run.
    hashes: Mutex<HashMap<PathBuf, Option<String>>>,
}

/// One face of a font file in the folders.
pub struct Face {
    /// The file it is in.
    pub path: PathBuf,
    /// Its index in the file (0 unless a collection).
    pub index: u32,
    /// What typst chooses it by.
    pub info: FontInfo,
    /// The face, loaded when typst first asks for it (`None`: it did not
    /// load).
    font: OnceLock<Option<Font>>,
}

impl Face {
    /// The face itself, reading its file the first time.
    pub fn font(&self) -> Option<Font> {
        self.font
            .get_or_init(|| {
                let bytes = std::fs::read(&self.path).ok()?;
                Font::new(Bytes::new(bytes), self.index)
            })
            .clone()
    }

    /// The face, if it was loaded.
    pub fn loaded(&self) -> Option<&Font> {
        self.font.get().and_then(Option::as_ref)
    }
}

/// Whether a file is a font by its name: `.ttf`, `.otf`, `.ttc`, `.otc`.
pub fn is_font_file(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| {
            matches!(
                ext.to_ascii_lowercase().as_str(),
                "ttf" | "otf" | "ttc" | "otc"
            )
        })
}

impl FontPath {
    /// The folders of `--font-path`, in order; a folder that does not exist
    /// is a usage error. Nothing in them is read yet.
    pub fn new(folders: &[PathBuf]) -> Result<FontPath, Error> {
        let folders = folders
            .iter()
            .map(|folder| {
                std::fs::canonicalize(folder)
                    .ok()
                    .filter(|folder| folder.is_dir())
                    .ok_or_else(|| {
                        Error::Usage(format!("--font-path {}: no such folder", folder.display()))
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(FontPath {
            folders,
            faces: OnceLock::new(),
            hashes: Mutex::new(HashMap::new()),
        })
    }

    /// The folders, absolute, in order.
    pub fn folders(&self) -> &[PathBuf] {
        &self.folders
    }

    /// Every face in the folders: each folder's font files in the order of
    /// their paths, each file's faces in order. Scanned on the first call.
    pub fn faces(&self) -> &[Face] {
        self.faces.get_or_init(|| scan(&self.folders))
    }

    /// Whether the folders have been scanned (a no-change rebuild never
    /// scans them).
    pub fn scanned(&self) -> bool {
        self.faces.get().is_some()
    }

    /// Whether `path` is a font file inside one of the folders.
    pub fn holds(&self, path: &Path) -> bool {
        is_font_file(path) && self.folders.iter().any(|folder| path.starts_with(folder))
    }

    /// The SHA-256 of a font file's bytes as it is now, once per run
    /// (`None` when it cannot be read).
    pub fn sha256(&self, path: &Path) -> Option<String> {
        let mut hashes = self
            .hashes
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        hashes
            .entry(path.to_owned())
            .or_insert_with(|| {
                std::fs::read(path)
                    .ok()
                    .map(|bytes| crate::stamp::sha256(&bytes))
            })
            .clone()
    }
}

impl std::fmt::Debug for FontPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontPath")
            .field("folders", &self.folders)
            .field("faces", &self.faces.get().map(Vec::len))
            .finish()
    }
}

/// Every face of every font file below `folders`, in order.
fn scan(folders: &[PathBuf]) -> Vec<Face> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    for folder in folders {
        let mut found: Vec<PathBuf> = walkdir::WalkDir::new(folder)
            .follow_links(true)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file() && is_font_file(entry.path()))
            .map(walkdir::DirEntry::into_path)
            .collect();
        found.sort();
        files.extend(found);
    }
    // Reading each file's tables is the work; the files are independent.
    files
        .par_iter()
        .map(|path| faces_of(path))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

/// The faces of one font file, read through a memory map (only the tables
/// the font's description needs are touched); a file that cannot be read
/// or is not a font has none.
fn faces_of(path: &Path) -> Vec<Face> {
    let Ok(file) = std::fs::File::open(path) else {
        return Vec::new();
    };
    // SAFETY: the map is only read while this function runs; a font file
    // changed under it gives wrong font descriptions at worst, which the
    // stamp's hash of the fonts a leaflet used catches on the next build.
    let Ok(map) = (unsafe { memmap2::Mmap::map(&file) }) else {
        return Vec::new();
    };
    let count = ttf_parser::fonts_in_collection(&map).unwrap_or(1);
    (0..count)
        .filter_map(|index| {
            Some(Face {
                path: path.to_owned(),
                index,
                info: FontInfo::new(&map, index)?,
                font: OnceLock::new(),
            })
        })
        .collect()
}
