//! The EPUB 3 (`ID.epub`) for e-readers, phones and screen readers:
//! semantic XHTML in the leaflet's language, a navigation document with
//! every section, landmarks and a page-list of the print edition's pages,
//! EPUB Accessibility 1.1 metadata, and a stylesheet in relative units that
//! neither justifies nor hyphenates, so the reader's own settings win.
//!
//! The whole leaflet is one XHTML document: leaflets are short, one file
//! keeps the reading order trivially right, and a print page that starts in
//! the middle of a section needs no split. The nav links into it by id.
//!
//! The writer is leafpress's own, on the `zip` crate, rather than
//! `epub-builder`: see the README ("Why not epub-builder") for what was
//! measured. The reader (`reader.rs`) unzips the file, follows
//! `META-INF/container.xml` to the package, and walks the spine's XHTML in
//! order, sharing no code with the writer.

mod package;
mod reader;
mod xhtml;

use super::{Output, ReadBack, ReadError, RenderContext, RenderError, Rendered};
use crate::model::LinkAddresses;

/// The EPUB 3 output.
#[derive(Debug, Clone, Copy, Default)]
pub struct Epub;

impl Output for Epub {
    fn name(&self) -> &'static str {
        "EPUB"
    }

    fn file_name(&self, leaflet_id: &str) -> String {
        format!("{leaflet_id}.epub")
    }

    fn link_addresses(&self) -> LinkAddresses {
        LinkAddresses::Omitted
    }

    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, RenderError> {
        let edition = context.print_edition()?;
        let mut warnings = Vec::new();
        if edition.pagination.is_none() {
            warnings.push(
                "the print layout places no anchors (layouts/README.md): the EPUB has no page-list"
                    .to_owned(),
            );
        }
        let bytes = package::write(context.leaflet, edition.pagination.as_ref(), context.date)
            .map_err(|error| RenderError(format!("cannot write the EPUB: {error}")))?;
        Ok(Rendered {
            bytes,
            warnings,
            extra_files: Vec::new(),
        })
    }

    fn read_back(&self, bytes: &[u8]) -> Result<ReadBack, ReadError> {
        reader::read(bytes)
    }
}

/// The `dir` of text in a language: `rtl` or `ltr`.
pub fn direction(language: &str) -> &'static str {
    if is_right_to_left(language) {
        "rtl"
    } else {
        "ltr"
    }
}

/// Whether a language is written right to left, from its BCP 47 tag: its
/// script subtag when it has one (`az-Arab`, `pa-Arab-PK`), otherwise its
/// language (`ar`, `fa-IR`). The script is the 4-letter subtag after the
/// language and any extended language subtags; extensions and private use
/// (`he-x-test`, `fa-u-nu-latn`) are not scripts.
fn is_right_to_left(language: &str) -> bool {
    const RTL_SCRIPTS: [&str; 8] = [
        "arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "samr",
    ];
    const RTL_LANGUAGES: [&str; 27] = [
        "ar", "arc", "arz", "azb", "bal", "bqi", "ckb", "dv", "fa", "glk", "he", "iw", "khw", "ks",
        "lrc", "mzn", "nqo", "pnb", "prs", "ps", "sd", "skr", "syr", "ug", "ur", "yi", "ydd",
    ];
    let subtags: Vec<String> = language.split('-').map(str::to_ascii_lowercase).collect();
    let primary = subtags.first().map(String::as_str).unwrap_or_default();
    let script = subtags
        .iter()
        .skip(1)
        // Extended language subtags are 3 letters; the script follows them.
        .find(|subtag| !(subtag.len() == 3 && subtag.chars().all(|c| c.is_ascii_alphabetic())))
        .filter(|subtag| subtag.len() == 4 && subtag.chars().all(|c| c.is_ascii_alphabetic()));
    match script {
        Some(script) => RTL_SCRIPTS.contains(&script.as_str()),
        None => RTL_LANGUAGES.contains(&primary),
    }
}

#[cfg(test)]
mod tests {
    use super::is_right_to_left;

    #[test]
    fn direction_follows_the_script_then_the_language() {
        assert!(is_right_to_left("ar"));
        assert!(is_right_to_left("fa-IR"));
        assert!(is_right_to_left("az-Arab"));
        assert!(!is_right_to_left("en-GB"));
        assert!(!is_right_to_left("ku-Latn"));
        assert!(!is_right_to_left("cy"));
        assert!(is_right_to_left("he-x-test"));
        assert!(is_right_to_left("fa-u-nu-latn"));
        assert!(is_right_to_left("pnb"));
        assert!(!is_right_to_left("zh-Hant-TW"));
        assert!(!is_right_to_left("sr-Latn"));
    }
}
