//! Arbitrary bytes as a PDF: the check's tagged-PDF reader must read them
//! or say why not, never panic, with no rules and with every rule.
#![no_main]

use libfuzzer_sys::fuzz_target;
use leafpress::outputs::pdf_read::{Legibility, read_tagged_pdf, read_tagged_pdf_unjudged};

fuzz_target!(|bytes: &[u8]| {
    let _ = read_tagged_pdf_unjudged(bytes);
    let _ = read_tagged_pdf(bytes, &Legibility::large_print(18.0));
});
