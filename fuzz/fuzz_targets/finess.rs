//! The national FINESS extract, imported into a store: any bytes end in a report or a French
//! refusal, and the store still answers.
#![no_main]

use std::ops::ControlFlow;
use std::sync::Mutex;

use libfuzzer_sys::fuzz_target;

static STORE: Mutex<Option<(tempfile::TempDir, grappe_store::Store)>> = Mutex::new(None);

fuzz_target!(|data: &[u8]| {
    let mut slot = STORE.lock().unwrap_or_else(|e| e.into_inner());
    let (dir, store) = slot.get_or_insert_with(|| {
        let dir = tempfile::tempdir().expect("temporary folder");
        let store = grappe_store::Store::open(&dir.path().join("grappe.sqlite")).expect("store");
        (dir, store)
    });
    let path = dir.path().join("etalab-cs1100502-stock-20261031.csv");
    std::fs::write(&path, data).expect("write");
    if let Err(e) = store.import_finess(&path, &mut |_| ControlFlow::Continue(())) {
        assert!(!e.to_string().is_empty());
    }
    store.finess_extract().expect("the store still answers");
});
