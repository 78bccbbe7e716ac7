//! Arbitrary bytes as plain text: the check's text reader must read them or
//! say why not, never panic.
#![no_main]

use leafpress::outputs::Output;
use leafpress::outputs::text::PlainText;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = PlainText.read_back(bytes);
});
