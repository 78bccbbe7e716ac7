//! Reading a run's sources: every source file in parallel, each into its
//! leaflet or its diagnostics, and two sources with one id refused.

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;

use super::{DiagnosticReport, LeafletOutcome, Options};
use crate::model::Leaflet;
use crate::source::{self, Diagnostic, Loaded, Severity};

/// A leaflet read from a valid source, ready to build or check.
pub struct Ready {
    /// Its outcome's place in the run's outcomes.
    pub index: usize,
    /// The leaflet.
    pub leaflet: Leaflet,
    /// The SHA-256 of the source bytes it was read from.
    pub source_sha256: String,
}

/// Reads every source; returns an outcome per source and the leaflets that
/// may go on.
pub fn load_all(sources: &[PathBuf], options: &Options) -> (Vec<LeafletOutcome>, Vec<Ready>) {
    let loaded: Vec<Result<Loaded, Vec<Diagnostic>>> = sources
        .par_iter()
        .map(|path| source::load(path, options.today))
        .collect();
    let mut outcomes: Vec<LeafletOutcome> =
        sources.iter().map(|s| LeafletOutcome::new(s)).collect();
    let mut leaflets = Vec::new();
    let mut first_with_id: HashMap<String, PathBuf> = HashMap::new();
    for (index, result) in loaded.into_iter().enumerate() {
        let outcome = &mut outcomes[index];
        let loaded = match result {
            Ok(loaded) => loaded,
            Err(diagnostics) => {
                outcome.diagnostics = diagnostics.iter().map(DiagnosticReport::from).collect();
                continue;
            }
        };
        let Loaded {
            leaflet,
            mut warnings,
            id_position,
            source_sha256,
        } = loaded;
        outcome.id = Some(leaflet.id.clone());
        if options.strict {
            for warning in &mut warnings {
                warning.severity = Severity::Error;
            }
        }
        if let Some(first) = first_with_id.get(&leaflet.id) {
            warnings.push(
                Diagnostic::error(
                    &leaflet.source_path,
                    id_position,
                    format!(
                        "the leaflet id `{}` is already used by {}; both would write the same files",
                        leaflet.id,
                        first.display()
                    ),
                )
                .with_hint("give every leaflet its own id"),
            );
        } else {
            first_with_id.insert(leaflet.id.clone(), leaflet.source_path.clone());
        }
        let stopped = warnings.iter().any(Diagnostic::is_error);
        outcome.diagnostics = warnings.iter().map(DiagnosticReport::from).collect();
        if !stopped {
            leaflets.push(Ready {
                index,
                leaflet,
                source_sha256,
            });
        }
    }
    (outcomes, leaflets)
}
