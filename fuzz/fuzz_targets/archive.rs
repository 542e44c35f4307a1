//! A dossier archive (zip: manifest, dossier, pieces) imported into a store: any bytes end in an
//! imported dossier or a French refusal with nothing written, and the store still answers.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod shared_store;

fuzz_target!(|data: &[u8]| {
    shared_store::with_store(|dir, store| {
        let path = dir.join("dossier.zip");
        std::fs::write(&path, data).expect("write");
        let before = store.list().expect("list").len();
        match store.import_archive(&path) {
            Ok(imported) => store.delete(imported.id).expect("delete"),
            Err(e) => {
                assert!(!e.to_string().is_empty());
                assert_eq!(store.list().expect("list").len(), before, "nothing written");
            }
        }
    });
});
