//! The dossier file: any text ends in a dossier (which then evaluates and round-trips) or a
//! French problem with its place.
#![no_main]

use grappe_core::{dossier_file, evaluate, Bareme};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match dossier_file::from_json(text) {
        Ok(dossier) => {
            let _ = evaluate(&dossier, &Bareme::default_bareme());
            let again = dossier_file::from_json(&dossier_file::to_json(&dossier)).expect("what was read is written back readable");
            assert_eq!(again, dossier);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
