//! The one `World` typst compiles a leaflet in: the layouts' files, the
//! shared fonts and library, the leaflet as a virtual `/data.json`, and a
//! fixed clock.

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::layouts::Layouts;

/// The path at which a layout reads the leaflet: `json("/data.json")`.
pub const DATA_PATH: &str = "/data.json";

/// A file id in the layouts folder, such as `/print.typ`.
pub fn file_id(path: &str) -> Option<FileId> {
    let path = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, path).intern())
}

/// One compilation of one layout for one leaflet.
pub struct LeafletWorld<'a> {
    layouts: &'a Layouts,
    main: FileId,
    data_id: Option<FileId>,
    data: Bytes,
    /// Files leafpress made for this compile ([`LeafletWorld::attach`]).
    attachments: Vec<(FileId, Bytes)>,
    today: Datetime,
}

impl<'a> LeafletWorld<'a> {
    /// A world whose main file is `layout` (`print.typ`), serving `data` as
    /// `/data.json`. The clock reads `today`, so a rebuild is identical.
    pub fn new(layouts: &'a Layouts, main: FileId, data: String, today: Datetime) -> Self {
        LeafletWorld {
            layouts,
            main,
            data_id: file_id(DATA_PATH),
            data: Bytes::from_string(data),
            attachments: Vec::new(),
            today,
        }
    }

    /// Serves `bytes` as the file `id` (a thumbnail for the job sheet).
    pub fn attach(&mut self, id: FileId, bytes: Vec<u8>) {
        self.attachments.push((id, Bytes::new(bytes)));
    }

    /// The layouts this world reads.
    pub fn layouts(&self) -> &Layouts {
        self.layouts
    }

    fn bytes(&self, id: FileId) -> FileResult<Bytes> {
        if Some(id) == self.data_id {
            return Ok(self.data.clone());
        }
        if let Some((_, bytes)) = self
            .attachments
            .iter()
            .find(|(attached, _)| *attached == id)
        {
            return Ok(bytes.clone());
        }
        match id.root() {
            VirtualRoot::Project => {
                let name = id.vpath().get_without_slash();
                self.layouts
                    .file(name)
                    .map_err(|error| FileError::from_io(error, std::path::Path::new(name)))
            }
            VirtualRoot::Package(spec) => Err(FileError::Other(Some(
                format!("packages are not available to layouts ({spec}): bundle the file in the layouts folder").into(),
            ))),
        }
    }
}

impl World for LeafletWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.layouts.library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.layouts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let parse = || {
            let bytes = self.bytes(id)?;
            let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
            Ok(Source::new(
                id,
                text.trim_start_matches('\u{feff}').to_owned(),
            ))
        };
        // The leaflet's data differs from world to world; the layout files
        // do not, and are parsed once per run.
        if Some(id) == self.data_id {
            return parse();
        }
        self.layouts.source(id, parse)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.bytes(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.layouts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
