//! Telling people and tools what a run did: messages on stderr, or one JSON
//! report for `check --json`.

use std::time::Duration;

use serde::Serialize;

use crate::build::LeafletOutcome;

/// What the run was doing, for the summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    /// `leafpress build`.
    Build,
    /// `leafpress check`.
    Check,
}

/// Every message about the outcomes, one per line, in source order, ending
/// with a summary line.
pub fn messages(outcomes: &[LeafletOutcome], verb: Verb, elapsed: Duration) -> Vec<String> {
    let mut lines = Vec::new();
    for outcome in outcomes {
        lines.extend(outcome.diagnostics.iter().map(|d| d.display.clone()));
        let name = outcome
            .id
            .clone()
            .unwrap_or_else(|| outcome.source.display().to_string());
        for warning in &outcome.warnings {
            lines.push(format!("warning: {name}: {warning}"));
        }
        if let Some(error) = &outcome.error {
            lines.push(format!("error: {name}: {error}"));
        }
        for report in outcome.outputs.iter().filter(|report| !report.passed()) {
            let file = report.file.display();
            if let Some(error) = &report.error {
                lines.push(format!("error: {name}: {file}: {error}"));
            }
            for flaw in &report.flaws {
                lines.push(format!("error: {name}: {file}: {flaw}"));
            }
            for problem in &report.problems {
                lines.push(format!("error: {name}: {file}: {problem}"));
            }
        }
        let failed_check = outcome.outputs.iter().any(|report| !report.passed());
        if verb == Verb::Build && failed_check {
            lines.push(format!(
                "error: {name}: its outputs failed their check and were not released; any earlier outputs are untouched"
            ));
        }
    }
    lines.push(summary(outcomes, verb, elapsed));
    lines
}

/// The one-line summary: how many leaflets were built (or verified),
/// skipped as up to date, and failed, and how long it took.
fn summary(outcomes: &[LeafletOutcome], verb: Verb, elapsed: Duration) -> String {
    let failed = outcomes.iter().filter(|o| !o.succeeded()).count();
    let skipped = outcomes
        .iter()
        .filter(|o| o.skipped && o.succeeded())
        .count();
    let done = outcomes.len() - failed - skipped;
    let verb_done = match verb {
        Verb::Build => "built and verified",
        Verb::Check => "verified",
    };
    let noun = if done == 1 { "leaflet" } else { "leaflets" };
    let skipped = match (verb, skipped) {
        (Verb::Build, skipped) if skipped > 0 => format!(", {skipped} up to date (skipped)"),
        _ => String::new(),
    };
    format!(
        "leafpress: {done} {noun} {verb_done}{skipped}, {failed} failed, in {:.2} s",
        elapsed.as_secs_f64()
    )
}

/// The machine-readable report of `check --json`.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    /// Whether every leaflet passed.
    pub ok: bool,
    /// One entry per source file, in order.
    pub leaflets: &'a [LeafletOutcome],
}

/// The JSON report for a run.
pub fn json(outcomes: &[LeafletOutcome]) -> String {
    let report = JsonReport {
        ok: outcomes.iter().all(LeafletOutcome::succeeded),
        leaflets: outcomes,
    };
    // Reports are strings, numbers and paths written as text: serialising
    // them cannot fail, but a message beats a panic if it ever did.
    serde_json::to_string_pretty(&report)
        .unwrap_or_else(|error| format!("{{\"ok\": false, \"error\": \"{error}\"}}"))
}
