//! Arbitrary bytes as a PDF: the check's tagged-PDF reader must read them
//! or say why not, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = leafpress::outputs::pdf_read::read_tagged_pdf(bytes);
});
