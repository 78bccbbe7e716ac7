//! Helpers of the property tests (`tests/round_trip.rs`, `tests/bidi.rs`):
//! a seeded PRNG, a number from the environment, and building many generated leaflets
//! in-process with what went wrong in each.

use std::path::{Path, PathBuf};

use leafpress::build::{self, Options};
use leafpress::source::{Day, Severity};

/// splitmix64: a small, fast PRNG, good enough to pick mutations and
/// words; the same seed gives the same cases on every run.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True one time in `n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

/// A number from the environment variable `name`, decimal or `0x` hex;
/// `None` when unset or not a number.
pub fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    let value = value.trim();
    match value.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => value.parse().ok(),
    }
}

/// Builds `sources` into `out` with every default format, as on `today`;
/// the message of each leaflet that did not build and pass every check.
pub fn build_all(sources: &[PathBuf], out: &Path, today: Day) -> Vec<(PathBuf, String)> {
    let mut options = Options::new(out.to_owned());
    options.today = today;
    let outcomes = build::build(sources, &options).expect("the build runs");
    outcomes
        .into_iter()
        .filter(|outcome| !outcome.succeeded())
        .map(|outcome| {
            let mut why: Vec<String> = outcome
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.severity == Severity::Error)
                .map(|diagnostic| diagnostic.display.clone())
                .collect();
            why.extend(outcome.error.clone());
            for report in outcome.outputs.iter().filter(|report| !report.passed()) {
                let output = &report.output;
                why.extend(report.error.iter().map(|e| format!("{output}: {e}")));
                why.extend(report.flaws.iter().map(|f| format!("{output}: {f}")));
                why.extend(report.problems.iter().map(|p| format!("{output}: {p}")));
            }
            (outcome.source, why.join("\n    "))
        })
        .collect()
}
