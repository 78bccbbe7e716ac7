//! The layouts folder: typst files a designer edits, and the fonts they use.
//!
//! The project's `layouts/` is built into the binary, so leafpress works from
//! any folder; `--layouts DIR` replaces it with a folder on disk holding files
//! of the same names (a house style). Fonts come from the folder's `fonts/`
//! (or, when a house style brings none, the built-in ones), are loaded once
//! per process and are shared by every leaflet of a run. Fonts of
//! `--font-path` folders ([`FontPath`]) come after them, as fallbacks, and
//! are scanned only when a leaflet is typeset.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use typst::diag::FileResult;
use typst::foundations::Bytes;
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};

use super::font_path::FontPath;
use super::output_intent::{HOUSE_STYLE_FILE, OutputIntent};
use crate::error::Error;

/// The built-in layouts: the project's `layouts/` as it was at build time.
const BUILT_IN: &[(&str, &[u8])] = &[
    ("print.typ", include_bytes!("../../layouts/print.typ")),
    (
        "large-print.typ",
        include_bytes!("../../layouts/large-print.typ"),
    ),
    ("common.typ", include_bytes!("../../layouts/common.typ")),
    (
        "job-sheet.typ",
        include_bytes!("../../layouts/job-sheet.typ"),
    ),
];

/// The built-in fonts, with their licences beside them in `layouts/fonts/`.
const BUILT_IN_FONTS: &[(&str, &[u8])] = &[
    (
        "AtkinsonHyperlegible-Regular.ttf",
        include_bytes!("../../layouts/fonts/AtkinsonHyperlegible-Regular.ttf"),
    ),
    (
        "AtkinsonHyperlegible-Bold.ttf",
        include_bytes!("../../layouts/fonts/AtkinsonHyperlegible-Bold.ttf"),
    ),
    (
        "AtkinsonHyperlegible-Italic.ttf",
        include_bytes!("../../layouts/fonts/AtkinsonHyperlegible-Italic.ttf"),
    ),
    (
        "AtkinsonHyperlegible-BoldItalic.ttf",
        include_bytes!("../../layouts/fonts/AtkinsonHyperlegible-BoldItalic.ttf"),
    ),
    // Fallbacks for letters Atkinson Hyperlegible lacks: Welsh ŵ and ŷ,
    // Greek, Cyrillic, Vietnamese (Noto Sans), Arabic and Hebrew script,
    // and emoji.
    (
        "NotoSans-Variable.ttf",
        include_bytes!("../../layouts/fonts/NotoSans-Variable.ttf"),
    ),
    (
        "NotoSansArabic-Variable.ttf",
        include_bytes!("../../layouts/fonts/NotoSansArabic-Variable.ttf"),
    ),
    (
        "NotoSansHebrew-Regular.ttf",
        include_bytes!("../../layouts/fonts/NotoSansHebrew-Regular.ttf"),
    ),
    (
        "NotoSansHebrew-Bold.ttf",
        include_bytes!("../../layouts/fonts/NotoSansHebrew-Bold.ttf"),
    ),
    (
        "NotoColorEmoji.ttf",
        include_bytes!("../../layouts/fonts/NotoColorEmoji.ttf"),
    ),
];

/// Every file under `folder` (a few levels deep), by its path inside it,
/// in a fixed order; files that cannot be read are hashed as their error.
fn files_below(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut folders = vec![(folder.to_owned(), 0)];
    while let Some((current, depth)) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && depth < 8 {
                folders.push((path, depth + 1));
            } else if path.is_file() {
                let name = path
                    .strip_prefix(folder)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .into_owned();
                let bytes =
                    std::fs::read(&path).unwrap_or_else(|error| error.to_string().into_bytes());
                files.push((name, bytes));
            }
        }
    }
    files.sort();
    files
}

/// Where the layouts come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the binary from the project's `layouts/`.
    BuiltIn,
    /// A folder on disk (`--layouts DIR`).
    Folder(PathBuf),
}

/// The layouts and fonts every PDF of a run is typeset with.
pub struct Layouts {
    origin: Origin,
    built_in: HashMap<&'static str, Bytes>,
    /// The bundled fonts (or the house style's): first in the font book.
    fonts: Vec<Font>,
    /// The `--font-path` folders, whose faces follow `fonts` in the book.
    font_path: Option<Arc<FontPath>>,
    /// The print shop's profile, when the print PDF is to be PDF/X-4
    /// (`--output-intent`, or the house style's `output-intent.icc`).
    output_intent: Option<Arc<OutputIntent>>,
    /// The font book, made on first use (which scans `font_path`).
    book: OnceLock<LazyHash<FontBook>>,
    library: LazyHash<Library>,
    /// A hash of every layout file and font, worked out when first asked.
    digest: OnceLock<String>,
    /// The built-in layouts with this run's `--font-path`, for the job
    /// sheet, made on first use.
    job_sheet: OnceLock<Box<Layouts>>,
    /// Layout files read so far: each is read once per run, so every
    /// leaflet of a run is typeset from the same bytes.
    read: Mutex<HashMap<String, Bytes>>,
    /// Layout files parsed so far. Sharing them across leaflets lets typst
    /// reuse what it worked out from them (its memo cache keys on them).
    parsed: Mutex<HashMap<FileId, Source>>,
}

/// The layouts every layouts folder must have: one per PDF.
const LAYOUT_FILES: [&str; 2] = ["print.typ", "large-print.typ"];

impl Layouts {
    /// The layouts built into the binary.
    pub fn built_in() -> Layouts {
        let fonts = load_fonts(BUILT_IN_FONTS.iter().map(|(_, data)| Bytes::new(*data)));
        Layouts::new(Origin::BuiltIn, fonts)
    }

    /// The built-in layouts and fonts with the fonts of `font_path` after
    /// them (the bundled fonts are shared with [`Layouts::shared_built_in`]).
    pub fn built_in_with(font_path: Arc<FontPath>) -> Layouts {
        let shared = Layouts::shared_built_in();
        Layouts::new(Origin::BuiltIn, shared.fonts.clone()).with_font_path(font_path)
    }

    /// These layouts with the fonts of `font_path` after their own, as
    /// fallbacks. The folders are not read until a leaflet is typeset.
    pub fn with_font_path(mut self, font_path: Arc<FontPath>) -> Layouts {
        self.font_path = Some(font_path);
        self.book = OnceLock::new();
        self.digest = OnceLock::new();
        self.job_sheet = OnceLock::new();
        self
    }

    /// The layouts, making the print PDF PDF/X-4 for `intent` (in place of
    /// a house style's own `output-intent.icc`).
    pub fn with_output_intent(mut self, intent: Arc<OutputIntent>) -> Layouts {
        self.output_intent = Some(intent);
        self.digest = OnceLock::new();
        self
    }

    /// The built-in layouts with this run's `--font-path` (if any) and
    /// output intent: what a run with `--output-intent` and no house style
    /// typesets with.
    pub fn built_in_for(font_path: Option<Arc<FontPath>>, intent: Arc<OutputIntent>) -> Layouts {
        let layouts = match font_path {
            Some(font_path) => Layouts::built_in_with(font_path),
            None => Layouts::new(Origin::BuiltIn, Layouts::shared_built_in().fonts.clone()),
        };
        layouts.with_output_intent(intent)
    }

    /// The print shop's profile the print PDF is made PDF/X-4 for, if any.
    pub fn output_intent(&self) -> Option<&OutputIntent> {
        self.output_intent.as_deref()
    }

    /// Whether these are a house style (`--layouts`), not leafpress's own.
    pub fn is_house_style(&self) -> bool {
        matches!(self.origin, Origin::Folder(_))
    }

    /// The layouts the job sheet is typeset with: always the built-in ones
    /// (it is leafpress's form, not the house style's), with this run's
    /// `--font-path` fonts, since it shows the leaflet's title.
    pub fn for_job_sheet(&self) -> &Layouts {
        match (&self.font_path, &self.origin) {
            (None, _) => Layouts::shared_built_in(),
            (Some(_), Origin::BuiltIn) => self,
            (Some(font_path), Origin::Folder(_)) => self
                .job_sheet
                .get_or_init(|| Box::new(Layouts::built_in_with(font_path.clone()))),
        }
    }

    /// The built-in layouts, loaded once per process and shared: the job
    /// sheet is always leafpress's own, whatever the house style.
    pub fn shared_built_in() -> &'static Layouts {
        static SHARED: OnceLock<Layouts> = OnceLock::new();
        SHARED.get_or_init(Layouts::built_in)
    }

    /// A house style: the layouts in `folder`, with the fonts of its `fonts/`
    /// (or the built-in fonts when it has no `fonts/`).
    pub fn from_folder(folder: &Path) -> Result<Layouts, Error> {
        if !folder.is_dir() {
            return Err(Error::Layouts(format!(
                "{}: the layouts folder does not exist",
                folder.display()
            )));
        }
        let missing: Vec<&str> = LAYOUT_FILES
            .iter()
            .copied()
            .filter(|name| !folder.join(name).is_file())
            .collect();
        if !missing.is_empty() {
            return Err(Error::Layouts(format!(
                "{}: the layouts folder has no {} (a layouts folder needs {}; see layouts/README.md)",
                folder.display(),
                missing.join(" and "),
                LAYOUT_FILES.join(" and ")
            )));
        }
        let font_folder = folder.join("fonts");
        let fonts = if font_folder.is_dir() {
            let mut paths: Vec<PathBuf> = std::fs::read_dir(&font_folder)
                .map_err(|error| Error::Layouts(format!("{}: {error}", font_folder.display())))?
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| super::font_path::is_font_file(path))
                .collect();
            paths.sort();
            let mut data = Vec::with_capacity(paths.len());
            for path in &paths {
                let bytes = std::fs::read(path)
                    .map_err(|error| Error::Layouts(format!("{}: {error}", path.display())))?;
                data.push(Bytes::new(bytes));
            }
            let fonts = load_fonts(data.into_iter());
            if fonts.is_empty() {
                return Err(Error::Layouts(format!(
                    "{}: the folder holds no font typst can read",
                    font_folder.display()
                )));
            }
            fonts
        } else {
            load_fonts(BUILT_IN_FONTS.iter().map(|(_, data)| Bytes::new(*data)))
        };
        let mut layouts = Layouts::new(Origin::Folder(folder.to_owned()), fonts);
        let intent = folder.join(HOUSE_STYLE_FILE);
        if intent.is_file() {
            layouts.output_intent = Some(Arc::new(OutputIntent::load(&intent)?));
        }
        Ok(layouts)
    }

    fn new(origin: Origin, fonts: Vec<Font>) -> Layouts {
        Layouts {
            origin,
            built_in: BUILT_IN
                .iter()
                .map(|(name, data)| (*name, Bytes::new(*data)))
                .collect(),
            fonts,
            font_path: None,
            output_intent: None,
            book: OnceLock::new(),
            library: LazyHash::new(Library::builder().build()),
            digest: OnceLock::new(),
            job_sheet: OnceLock::new(),
            read: Mutex::new(HashMap::new()),
            parsed: Mutex::new(HashMap::new()),
        }
    }

    /// A SHA-256 of everything a PDF can depend on here: every layout file
    /// (built in, or every file under the folder), every bundled font, and
    /// the `--font-path` folders by name (not their fonts: those a
    /// leaflet's PDFs used are hashed into its stamp, so that a no-change
    /// rebuild reads no font folder). Two runs with the same digest and the
    /// same fonts typeset alike; incremental builds rely on it.
    pub fn digest(&self) -> &str {
        self.digest.get_or_init(|| {
            let mut inputs = crate::stamp::Inputs::new();
            if let Some(font_path) = &self.font_path {
                for folder in font_path.folders() {
                    inputs.add("font path", folder.to_string_lossy().as_bytes());
                }
            }
            if let Some(intent) = &self.output_intent {
                inputs.add("output intent", intent.sha256.as_bytes());
            }
            // The bundled fonts and layouts are hashed once per process.
            if self.origin == Origin::BuiltIn
                && (self.font_path.is_some() || self.output_intent.is_some())
            {
                inputs.add("layouts", Layouts::shared_built_in().digest().as_bytes());
                return inputs.finish();
            }
            match &self.origin {
                Origin::BuiltIn => {
                    for (name, data) in BUILT_IN {
                        inputs.add(name, data);
                    }
                }
                Origin::Folder(folder) => {
                    for (name, bytes) in files_below(folder) {
                        inputs.add(&name, &bytes);
                    }
                }
            }
            for font in &self.fonts {
                inputs.add("font", font.data());
            }
            inputs.finish()
        })
    }

    /// The bytes of a file of the layouts, by its path inside the folder
    /// (`print.typ`, `parts/header.typ`).
    pub fn file(&self, name: &str) -> std::io::Result<Bytes> {
        let folder = match &self.origin {
            Origin::BuiltIn => {
                return self.built_in.get(name).cloned().ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::NotFound, "not a built-in layout file")
                });
            }
            Origin::Folder(folder) => folder,
        };
        if let Some(bytes) = lock(&self.read).get(name) {
            return Ok(bytes.clone());
        }
        let bytes = Bytes::new(std::fs::read(folder.join(name))?);
        lock(&self.read).insert(name.to_owned(), bytes.clone());
        Ok(bytes)
    }

    /// A layout file parsed as typst source, parsed once per run: `parse`
    /// makes it from the file the first time it is asked for.
    pub fn source(
        &self,
        id: FileId,
        parse: impl FnOnce() -> FileResult<Source>,
    ) -> FileResult<Source> {
        if let Some(source) = lock(&self.parsed).get(&id) {
            return Ok(source.clone());
        }
        let source = parse()?;
        lock(&self.parsed).insert(id, source.clone());
        Ok(source)
    }

    /// How a layout file is named in messages: its path on disk, or where the
    /// built-in copy came from.
    pub fn describe(&self, name: &str) -> String {
        match &self.origin {
            Origin::BuiltIn => format!("layouts/{name} (built in)"),
            Origin::Folder(folder) => folder.join(name).display().to_string(),
        }
    }

    /// The bundled fonts (or the house style's), first in the font book.
    pub fn fonts(&self) -> &[Font] {
        &self.fonts
    }

    /// The `--font-path` folders, if any.
    pub fn font_path(&self) -> Option<&FontPath> {
        self.font_path.as_deref()
    }

    /// The font book typst chooses fonts from: the bundled fonts, then
    /// every face of the `--font-path` folders (scanned on the first call).
    pub fn book(&self) -> &LazyHash<FontBook> {
        self.book.get_or_init(|| {
            let mut book = FontBook::from_fonts(&self.fonts);
            for face in self.font_path.iter().flat_map(|path| path.faces()) {
                book.push(face.info.clone());
            }
            LazyHash::new(book)
        })
    }

    /// The font at `index` of the font book, loading a `--font-path` face
    /// the first time it is asked for.
    pub fn font(&self, index: usize) -> Option<Font> {
        if let Some(font) = self.fonts.get(index) {
            return Some(font.clone());
        }
        let faces = self.font_path.as_ref()?.faces();
        faces.get(index - self.fonts.len())?.font()
    }

    /// The `--font-path` file a font that typst used came from (`None` for
    /// a bundled font).
    pub fn font_file(&self, font: &Font) -> Option<&Path> {
        let faces = self.font_path.as_ref()?.faces();
        faces
            .iter()
            .find(|face| {
                face.loaded().is_some_and(|loaded| {
                    loaded.index() == font.index() && loaded.data().as_ptr() == font.data().as_ptr()
                })
            })
            .map(|face| face.path.as_path())
    }

    /// Whether some font of the book can show `c`: a character that shows
    /// nothing (white space, a control or default-ignorable character)
    /// needs none.
    pub fn can_show(&self, c: char) -> bool {
        if c.is_whitespace() || c.is_control() || typst::text::is_default_ignorable(c) {
            return true;
        }
        let covers = |info: &typst::text::FontInfo| info.coverage.contains(c as u32);
        // The bundled fonts first: most text is theirs, and the font
        // folders need not be scanned for it.
        if self.fonts.iter().any(|font| covers(font.info())) {
            return true;
        }
        self.font_path
            .iter()
            .flat_map(|path| path.faces())
            .any(|face| covers(&face.info))
    }

    /// typst's standard library.
    pub fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
}

impl fmt::Debug for Layouts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Layouts")
            .field("origin", &self.origin)
            .field("fonts", &self.fonts.len())
            .field("font_path", &self.font_path)
            .finish()
    }
}

/// A lock on a cache; a thread that panicked holding it left it whole
/// (every insert is one call), so its contents are still good.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poison| poison.into_inner())
}

/// Every face of every font file, in order.
fn load_fonts(data: impl Iterator<Item = Bytes>) -> Vec<Font> {
    data.flat_map(Font::iter).collect()
}
