//! The one list of everything a build makes, in the order it is made and
//! checked. Nothing else in leafpress knows the list: the build, the check,
//! the stamp and `--formats` all go through it, so that a new output is its
//! module and one line in [`Registry::standard`].
//!
//! Each entry is an [`Output`]. An entry that needs another (the job ticket
//! needs both PDFs and the braille file) says so in [`Output::needs`], and
//! comes after what it needs; asking for it asks for them too.

use std::collections::BTreeSet;

use crate::error::Error;
use crate::handoff::{ImposedPdf, JobSheet, JobTicketFile};
use crate::model::Leaflet;
use crate::outputs::Output;
use crate::outputs::braille::Braille;
use crate::outputs::epub::Epub;
use crate::outputs::html::WebPage;
use crate::outputs::large_print_pdf::LargePrintPdf;
use crate::outputs::print_pdf::PrintPdf;
use crate::outputs::proofs::Proofs;
use crate::outputs::text::PlainText;

/// The outputs a build can make, in the order they are made and checked.
pub struct Registry {
    outputs: Vec<Box<dyn Output>>,
}

impl Registry {
    /// Everything leafpress makes.
    pub fn standard() -> Registry {
        Registry::of(vec![
            Box::new(PrintPdf),
            Box::new(LargePrintPdf),
            Box::new(Epub),
            Box::new(PlainText),
            Box::new(Braille),
            Box::new(WebPage),
            Box::new(JobTicketFile),
            Box::new(JobSheet),
            Box::new(ImposedPdf),
            Box::new(Proofs),
        ])
    }

    /// A registry of `outputs`, in this order.
    ///
    /// # Panics
    /// If two outputs share a key, or one needs an output that does not
    /// come before it: the list is the program's own, not the user's.
    pub fn of(outputs: Vec<Box<dyn Output>>) -> Registry {
        let mut keys: Vec<&str> = Vec::new();
        for output in &outputs {
            assert!(
                !keys.contains(&output.key()),
                "two outputs have the key `{}`",
                output.key()
            );
            for need in output.needs() {
                assert!(
                    keys.contains(need),
                    "`{}` needs `{need}`, which must come before it",
                    output.key()
                );
            }
            keys.push(output.key());
        }
        Registry { outputs }
    }

    /// This registry with `output` in place of the one with its key (a test
    /// puts a deliberately broken writer behind the gate this way).
    ///
    /// # Panics
    /// If no output has its key.
    pub fn with(mut self, output: Box<dyn Output>) -> Registry {
        let place = self
            .outputs
            .iter()
            .position(|existing| existing.key() == output.key())
            .unwrap_or_else(|| panic!("no output has the key `{}`", output.key()));
        self.outputs[place] = output;
        self
    }

    /// Every output, in order.
    pub fn outputs(&self) -> impl Iterator<Item = &dyn Output> {
        self.outputs.iter().map(Box::as_ref)
    }

    /// The output with `key`.
    pub fn get(&self, key: &str) -> Option<&dyn Output> {
        self.outputs().find(|output| output.key() == key)
    }

    /// The formats `--formats` takes, in order, each once.
    pub fn formats(&self) -> Vec<&'static str> {
        let mut formats = Vec::new();
        for output in self.outputs().filter(|output| !output.on_request()) {
            if !formats.contains(&output.format()) {
                formats.push(output.format());
            }
        }
        formats
    }

    /// What `--formats` and `--help` say of each format: its name, and the
    /// formats it pulls in (`job (needs print, large-print, braille)`).
    pub fn describe_formats(&self) -> String {
        let mut described = Vec::new();
        for format in self.formats() {
            let selection = self.select(&[format], &[]).expect("a known format");
            let pulled: Vec<&str> = self
                .formats()
                .into_iter()
                .filter(|other| *other != format && selection.has_format(self, other))
                .collect();
            described.push(if pulled.is_empty() {
                format.to_owned()
            } else {
                format!("{format} (needs {})", pulled.join(", "))
            });
        }
        described.join(", ")
    }

    /// Every format a build makes by default, with nothing on request.
    pub fn default_selection(&self) -> Selection {
        let formats = self.formats();
        self.select(&formats, &[])
            .expect("the registry's own formats")
    }

    /// The outputs of `formats`, with the on-request outputs whose formats
    /// are in `requested` (`impose`, `proofs`), and everything they need.
    /// An unknown name is a usage error naming the known ones.
    pub fn select(&self, formats: &[&str], requested: &[&str]) -> Result<Selection, Error> {
        let known = self.formats();
        if let Some(unknown) = formats.iter().find(|format| !known.contains(format)) {
            let flag = self
                .outputs()
                .any(|output| output.on_request() && output.format() == *unknown);
            let what = if unknown.is_empty() {
                "an empty name is not a format (two commas?)".to_owned()
            } else if flag {
                format!("`{unknown}` is asked for with its own flag, --{unknown}")
            } else {
                format!("`{unknown}` is not a format")
            };
            return Err(Error::Usage(format!(
                "--formats: {what}; the formats are {}",
                self.describe_formats()
            )));
        }
        let mut keys = BTreeSet::new();
        for output in self.outputs() {
            let asked = if output.on_request() {
                requested.contains(&output.format())
            } else {
                formats.contains(&output.format())
            };
            if asked {
                self.add_with_needs(output, &mut keys);
            }
        }
        Ok(Selection { keys })
    }

    /// The outputs whose keys are `keys` (as a stamp records them), with
    /// what they need; keys this registry does not know are left out.
    pub fn select_keys<'k>(&self, keys: impl IntoIterator<Item = &'k str>) -> Selection {
        let mut selected = BTreeSet::new();
        for key in keys {
            if let Some(output) = self.get(key) {
                self.add_with_needs(output, &mut selected);
            }
        }
        Selection { keys: selected }
    }

    fn add_with_needs(&self, output: &dyn Output, keys: &mut BTreeSet<&'static str>) {
        if keys.insert(output.key()) {
            for need in output.needs() {
                if let Some(needed) = self.get(need) {
                    self.add_with_needs(needed, keys);
                }
            }
        }
    }
}

/// Which of a registry's outputs a run makes or checks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    keys: BTreeSet<&'static str>,
}

impl Selection {
    /// Whether the output with `key` is selected.
    pub fn contains(&self, key: &str) -> bool {
        self.keys.contains(key)
    }

    /// The selected outputs of `registry`, in its order.
    pub fn outputs<'r>(&self, registry: &'r Registry) -> impl Iterator<Item = &'r dyn Output> {
        registry
            .outputs()
            .filter(|output| self.keys.contains(output.key()))
    }

    /// The selected keys, in the registry's order (as the stamp records
    /// them).
    pub fn keys(&self, registry: &Registry) -> Vec<&'static str> {
        self.outputs(registry).map(Output::key).collect()
    }

    /// This selection without the outputs not made for `leaflet`
    /// ([`Output::not_made_for`]: a braille file for a language with no
    /// trusted tables), and the warnings saying why, each after its
    /// output's name.
    pub fn for_leaflet(&self, registry: &Registry, leaflet: &Leaflet) -> (Selection, Vec<String>) {
        let mut keys = self.keys.clone();
        let mut warnings = Vec::new();
        for output in self.outputs(registry) {
            if let Some(why) = output.not_made_for(leaflet) {
                keys.remove(output.key());
                warnings.push(format!("{}: {why}", output.name()));
            }
        }
        (Selection { keys }, warnings)
    }

    /// This selection and `other` together.
    pub fn union(&self, other: &Selection) -> Selection {
        Selection {
            keys: self.keys.union(&other.keys).copied().collect(),
        }
    }

    /// Whether any selected output is of `format`.
    fn has_format(&self, registry: &Registry, format: &str) -> bool {
        self.outputs(registry)
            .any(|output| output.format() == format)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_format_pulls_in_what_it_needs() {
        let registry = Registry::standard();
        let job = registry.select(&["job"], &[]).unwrap();
        assert_eq!(
            job.keys(&registry),
            ["print", "large-print", "braille", "job-ticket", "job-sheet"]
        );
        let epub = registry.select(&["epub", "text"], &[]).unwrap();
        assert_eq!(epub.keys(&registry), ["epub", "text"]);
        let imposed = registry.select(&["text"], &["impose"]).unwrap();
        assert_eq!(imposed.keys(&registry), ["print", "text", "imposed"]);
    }

    #[test]
    fn the_default_is_every_format_and_nothing_on_request() {
        let registry = Registry::standard();
        assert_eq!(
            registry.formats(),
            [
                "print",
                "large-print",
                "epub",
                "text",
                "braille",
                "html",
                "job"
            ]
        );
        let all = registry.default_selection();
        assert!(all.contains("job-sheet"));
        assert!(!all.contains("imposed"));
        assert!(!all.contains("proofs"));
    }

    #[test]
    fn an_unknown_format_is_a_usage_error_naming_the_known_ones() {
        let error = Registry::standard().select(&["pdf"], &[]).unwrap_err();
        assert!(error.is_usage());
        let message = error.to_string();
        assert!(message.contains("`pdf` is not a format"), "{message}");
        assert!(
            message.contains("job (needs print, large-print, braille)"),
            "{message}"
        );
    }

    #[test]
    #[should_panic(expected = "must come before it")]
    fn an_output_must_come_after_what_it_needs() {
        Registry::of(vec![Box::new(JobTicketFile), Box::new(PrintPdf)]);
    }
}
