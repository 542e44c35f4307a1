//! A dossier archive (zip: manifest, dossier, pieces) imported into a store: any bytes end in an
//! imported dossier or a French refusal with nothing written, and the store still answers.
#![no_main]

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
    let path = dir.path().join("dossier.zip");
    std::fs::write(&path, data).expect("write");
    let before = store.list().expect("list").len();
    match store.import_archive(&path) {
        Ok(imported) => {
            store.delete(imported.id).expect("delete");
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            assert_eq!(store.list().expect("list").len(), before, "nothing written");
        }
    }
});
