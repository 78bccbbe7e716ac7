//! Arbitrary bytes as a leaflet source: parsing and checking must give a
//! leaflet or diagnostics, never panic, whatever the bytes.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = leafpress::source::parse(Path::new("fuzz.toml"), bytes, (2026, 1, 1));
});
