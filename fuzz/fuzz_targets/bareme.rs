//! The barème file: any text ends in a barème (validated, fingerprinted) or a French problem.
#![no_main]

use grappe_core::Bareme;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Bareme::from_json(text) {
        Ok(bareme) => {
            let _ = bareme.validate();
            let _ = bareme.fingerprint();
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
