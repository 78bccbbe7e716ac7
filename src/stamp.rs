//! Incremental builds: a record, beside a leaflet's outputs, of what they
//! were built from and what they are.
//!
//! After a leaflet's outputs pass their check and are released, leafpress
//! writes `out/ID/.leafpress.json`: the leafpress version, a SHA-256
//! of everything the outputs depend on (the source file, the layouts and
//! bundled fonts, the output intent's profile, the `--font-path` folders,
//! the files' date, the outputs asked for), the SHA-256 of every file,
//! which output made which files, the SHA-256 of each `--font-path` font
//! file the leaflet's PDFs used, and what the print PDF was made as
//! ([`PrintMade`]: PDF/X-4 for which profile, leafpress's layout or a house
//! style), which `check` holds it to.
//! The next build skips the leaflet when all of that still holds: the same
//! inputs, every output still on disk exactly as it was verified, and every
//! font file it used still in the folders as it was. Anything else (an
//! edited source, a new house style, a changed font, a newer leafpress, an
//! output deleted or damaged) rebuilds it; so does `--force`. A font added
//! to a folder that the leaflet does not use changes nothing, and the font
//! folders are never scanned for the comparison: only the files the stamp
//! names are read.
//!
//! The stamp also describes the leaflet ([`Described`]: its title,
//! language, summary and review dates), so that the catalogue page
//! (`DIR/index.html`, [`crate::index_page`]) can list every verified
//! leaflet in the folder without reading a source the run was not given.
//! A stamp without that description (from an earlier leafpress) is not up
//! to date: the leaflet's next build rebuilds it, and until then the
//! catalogue leaves it out.
//!
//! The stamp is written last, after the release; a build killed before that
//! leaves the old stamp, whose output hashes no longer match, so the next
//! build rebuilds.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::{Leaflet, ReviewDate};
use crate::typeset::font_path::FontPath;
use crate::verify::PrintPromise;
use sha2::{Digest, Sha256};

/// The stamp's file name in a leaflet's output folder.
pub const STAMP_FILE: &str = ".leafpress.json";

/// What a leaflet's released outputs were built from, and their hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// The leafpress version that built them.
    pub leafpress: String,
    /// The SHA-256 of everything the outputs depend on ([`Inputs`]).
    pub inputs: String,
    /// Each released file's name (relative to the leaflet's folder) and
    /// SHA-256.
    pub outputs: BTreeMap<String, String>,
    /// The outputs built, by registry key, each with the files it made
    /// (none for an imposed PDF of a leaflet that is not a booklet):
    /// `check` checks these and fails on a listed file that is missing.
    #[serde(default)]
    pub entries: BTreeMap<String, Vec<String>>,
    /// The `--font-path` font files the leaflet's PDFs used, by absolute
    /// path, each with its SHA-256 (none when it used only bundled fonts).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fonts: BTreeMap<String, String>,
    /// The leaflet the files are of, as the catalogue page shows it
    /// (`None` in a stamp of an earlier leafpress).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaflet: Option<Described>,
    /// What the print PDF was made as, for `check` to hold it to.
    #[serde(default)]
    pub print: PrintMade,
}

/// What the catalogue page shows of a leaflet, recorded in its stamp.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Described {
    /// The title, in the leaflet's language.
    pub title: String,
    /// The leaflet's language tag (`en-GB`, `ar`).
    pub language: String,
    /// The summary, when the source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// When it was last reviewed, as the source writes it (`2015-04`).
    #[serde(with = "iso_date")]
    pub reviewed: ReviewDate,
    /// When its next review is due, as the source writes it (`2017`).
    #[serde(with = "iso_date")]
    pub next_review: ReviewDate,
}

impl Described {
    /// The description of `leaflet`.
    pub fn of(leaflet: &Leaflet) -> Described {
        Described {
            title: leaflet.title.clone(),
            language: leaflet.language.clone(),
            summary: leaflet.summary.clone(),
            reviewed: leaflet.reviewed,
            next_review: leaflet.next_review,
        }
    }
}

/// A review date in a stamp: the ISO 8601 string the source wrote.
mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

    use crate::model::ReviewDate;

    /// Writes the date as `2017`, `2015-04` or `2015-04-03`.
    pub fn serialize<S: Serializer>(date: &ReviewDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(date)
    }

    /// Reads a date written as the source writes it.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<ReviewDate, D::Error> {
        let written = String::deserialize(deserializer)?;
        crate::source::review_date(&written)
            .ok_or_else(|| D::Error::custom(format!("`{written}` is not a review date")))
    }
}

/// What a leaflet's print PDF was made as: PDF/X-4 for a profile, and with
/// leafpress's own print layout or a house style.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintMade {
    /// The SHA-256 of the output intent's profile, when the print PDF is
    /// PDF/X-4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_intent: Option<String>,
    /// Whether a house style (`--layouts`) laid it out.
    #[serde(default)]
    pub house_style: bool,
}

impl PrintMade {
    /// What the print PDF's check holds it to.
    pub fn promise(&self) -> PrintPromise {
        PrintPromise {
            pdfx: self.output_intent.is_some(),
            plates: !self.house_style,
        }
    }
}

/// Everything a leaflet's outputs depend on, hashed as it is added.
#[derive(Clone)]
pub struct Inputs(Sha256);

impl Inputs {
    /// Starts with the leafpress version.
    pub fn new() -> Inputs {
        let mut inputs = Inputs(Sha256::new());
        inputs.add("leafpress", env!("CARGO_PKG_VERSION").as_bytes());
        inputs
    }

    /// Adds a named part (`source`, `layouts`, `date`).
    pub fn add(&mut self, name: &str, bytes: &[u8]) {
        // Lengths first, so that no two different sets of parts hash alike.
        self.0.update((name.len() as u64).to_le_bytes());
        self.0.update(name.as_bytes());
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    /// The hash of everything added, in hex.
    pub fn finish(self) -> String {
        hex(&self.0.finalize())
    }
}

impl Default for Inputs {
    fn default() -> Self {
        Inputs::new()
    }
}

/// The SHA-256 of some bytes, in hex.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The stamp in `folder`, if there is one: `Ok(None)` when there is none,
/// an error when there is one that cannot be trusted (unreadable, not a
/// stamp, or naming a file outside the leaflet's folder).
pub fn read(folder: &Path) -> Result<Option<Stamp>, Error> {
    let path = folder.join(STAMP_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(Error::io("read", &path, error)),
    };
    let damaged = |why: String| {
        Error::Check(format!(
            "{} is damaged ({why}); rebuild the leaflet with --force",
            path.display()
        ))
    };
    let stamp: Stamp =
        serde_json::from_slice(&bytes).map_err(|error| damaged(error.to_string()))?;
    let names = stamp.outputs.keys().chain(stamp.entries.values().flatten());
    if let Some(name) = names.into_iter().find(|name| !is_inside(name)) {
        return Err(damaged(format!(
            "it names `{name}`, which is not a file in the leaflet's folder"
        )));
    }
    Ok(Some(stamp))
}

/// The stamp in `folder`, if there is one that can be trusted.
pub fn recorded(folder: &Path) -> Option<Stamp> {
    read(folder).ok().flatten()
}

/// Whether `name` is a plain relative path inside a folder: no root, no
/// `..`, nothing empty. Only such names are ever read or removed.
pub fn is_inside(name: &str) -> bool {
    let path = Path::new(name);
    !name.is_empty()
        && path
            .components()
            .all(|part| matches!(part, std::path::Component::Normal(_)))
}

/// Whether the outputs in `folder` are the ones a build from `inputs`
/// would make: the stamp says so, every output is still as it was, and
/// every `--font-path` font file the stamp names is still in `font_path`
/// as it was.
pub fn up_to_date(folder: &Path, inputs: &str, font_path: Option<&FontPath>) -> bool {
    let Some(stamp) = recorded(folder) else {
        return false;
    };
    stamp.leafpress == env!("CARGO_PKG_VERSION")
        && stamp.inputs == inputs
        && !stamp.outputs.is_empty()
        && stamp.leaflet.is_some()
        && stamp.fonts.iter().all(|(path, hash)| {
            let path = Path::new(path);
            font_path
                .is_some_and(|fonts| fonts.holds(path) && fonts.sha256(path).as_ref() == Some(hash))
        })
        && stamp.outputs.iter().all(|(name, hash)| {
            std::fs::read(folder.join(name)).is_ok_and(|bytes| sha256(&bytes) == *hash)
        })
}

impl Stamp {
    /// The stamp for outputs built from `inputs`: each file's name and its
    /// SHA-256 ([`sha256`]), and each output's key with its files.
    pub fn new(
        inputs: &str,
        outputs: BTreeMap<String, String>,
        entries: BTreeMap<String, Vec<String>>,
    ) -> Stamp {
        Stamp {
            leafpress: env!("CARGO_PKG_VERSION").to_owned(),
            inputs: inputs.to_owned(),
            outputs,
            entries,
            fonts: BTreeMap::new(),
            leaflet: None,
            print: PrintMade::default(),
        }
    }

    /// The stamp, describing `leaflet` for the catalogue page.
    pub fn describing(mut self, leaflet: &Leaflet) -> Stamp {
        self.leaflet = Some(Described::of(leaflet));
        self
    }

    /// The stamp, saying what the print PDF was made as.
    pub fn with_print(mut self, print: PrintMade) -> Stamp {
        self.print = print;
        self
    }

    /// The stamp, naming the `--font-path` font files its PDFs used, each
    /// with its SHA-256.
    pub fn with_fonts(mut self, fonts: BTreeMap<String, String>) -> Stamp {
        self.fonts = fonts;
        self
    }

    /// The stamp as JSON.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("a stamp is plain data")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_holds_while_its_inputs_and_outputs_do() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "text").unwrap();
        let mut inputs = Inputs::new();
        inputs.add("source", b"[leaflet]");
        let inputs = inputs.finish();
        let mut stamp = Stamp::new(
            &inputs,
            [("a.txt".to_owned(), sha256(b"text"))].into(),
            [("text".to_owned(), vec!["a.txt".to_owned()])].into(),
        );
        std::fs::write(dir.path().join(STAMP_FILE), stamp.to_json()).unwrap();
        assert!(
            !up_to_date(dir.path(), &inputs, None),
            "a stamp that does not describe its leaflet rebuilds it"
        );
        stamp.leaflet = Some(described());
        std::fs::write(dir.path().join(STAMP_FILE), stamp.to_json()).unwrap();
        assert_eq!(read(dir.path()).unwrap(), Some(stamp));
        assert!(up_to_date(dir.path(), &inputs, None));
        assert!(!up_to_date(dir.path(), "another source", None));
        std::fs::write(dir.path().join("a.txt"), "damaged").unwrap();
        assert!(!up_to_date(dir.path(), &inputs, None));
        std::fs::remove_file(dir.path().join("a.txt")).unwrap();
        assert!(!up_to_date(dir.path(), &inputs, None));
    }

    /// A leaflet's description, as a stamp records it.
    fn described() -> Described {
        let date = |written| crate::source::review_date(written).unwrap();
        Described {
            title: "علاج".to_owned(),
            language: "ar".to_owned(),
            summary: None,
            reviewed: date("2015-04"),
            next_review: date("2017"),
        }
    }

    #[test]
    fn a_stamp_records_review_dates_as_the_source_writes_them() {
        let mut stamp = Stamp::new("x", [].into(), [].into());
        stamp.leaflet = Some(described());
        let json = String::from_utf8(stamp.to_json()).unwrap();
        assert!(json.contains(r#""reviewed": "2015-04""#), "{json}");
        assert!(json.contains(r#""next_review": "2017""#), "{json}");
        let bad = json.replace(r#""2017""#, r#""2017-13""#);
        assert!(serde_json::from_str::<Stamp>(&bad).is_err());
    }

    #[test]
    fn a_stamp_naming_a_file_outside_its_folder_is_damaged() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["../other.txt", "/etc/passwd", "", "a/../../b"] {
            let stamp = Stamp::new("x", [(name.to_owned(), sha256(b""))].into(), [].into());
            std::fs::write(dir.path().join(STAMP_FILE), stamp.to_json()).unwrap();
            let error = read(dir.path()).unwrap_err().to_string();
            assert!(error.contains("is damaged"), "{name}: {error}");
            assert!(recorded(dir.path()).is_none());
        }
        std::fs::write(dir.path().join(STAMP_FILE), "{").unwrap();
        assert!(read(dir.path()).is_err());
        std::fs::remove_file(dir.path().join(STAMP_FILE)).unwrap();
        assert_eq!(read(dir.path()).unwrap(), None);
        assert!(is_inside("proofs/a.png") && is_inside("a.txt"));
    }

    #[test]
    fn different_parts_hash_differently() {
        let hash = |parts: &[(&str, &[u8])]| {
            let mut inputs = Inputs::new();
            for (name, bytes) in parts {
                inputs.add(name, bytes);
            }
            inputs.finish()
        };
        assert_ne!(hash(&[("ab", b"c")]), hash(&[("a", b"bc")]));
        assert_eq!(hash(&[("a", b"b")]), hash(&[("a", b"b")]));
    }
}
