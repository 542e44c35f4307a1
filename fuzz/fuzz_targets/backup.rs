//! A backup to restore: any bytes are checked (read only) and, when accepted, restored in place
//! of a store; a refusal leaves the store byte for byte as it was.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temporary folder");
    let backup = dir.path().join("sauvegarde.sqlite");
    std::fs::write(&backup, data).expect("write");
    let store = dir.path().join("grappe.sqlite");
    drop(grappe_store::Store::open(&store).expect("store"));
    let before = std::fs::read(&store).expect("read");
    match grappe_store::restore_backup(&store, &backup) {
        Ok(_) => {
            grappe_store::Store::open(&store).expect("a restored backup opens");
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            assert_eq!(std::fs::read(&store).expect("read"), before, "the store is untouched");
        }
    }
});
