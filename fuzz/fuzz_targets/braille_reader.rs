//! Arbitrary bytes as a BRF: the check's braille reader must read them or
//! say why not, never panic.
#![no_main]

use leafpress::model::BrailleSettings;
use leafpress::outputs::braille::Braille;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = Braille.read_lines(bytes, BrailleSettings::default());
});
