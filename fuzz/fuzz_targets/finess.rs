//! The national FINESS extract, imported into a store: any bytes end in a report or a French
//! refusal, and the store still answers.
#![no_main]

use std::ops::ControlFlow;

use libfuzzer_sys::fuzz_target;

mod shared_store;

fuzz_target!(|data: &[u8]| {
    shared_store::with_store(|dir, store| {
        let path = dir.join("etalab-cs1100502-stock-20261031.csv");
        std::fs::write(&path, data).expect("write");
        if let Err(e) = store.import_finess(&path, &mut |_| ControlFlow::Continue(())) {
            assert!(!e.to_string().is_empty());
        }
        store.finess_extract().expect("the store still answers");
    });
});
