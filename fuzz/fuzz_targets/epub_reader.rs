//! Arbitrary bytes as an EPUB: the check's EPUB reader must read them or
//! say why not, never panic.
#![no_main]

use leafpress::outputs::Output;
use leafpress::outputs::epub::Epub;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = Epub.read_back(bytes);
});
