//! A table file (a list of ESSMS or of solutions, expenses, measurements): the first byte picks
//! how it is named (CSV, XLSX or ODS), the rest is the file. Any input ends in rows or a French
//! refusal: never a panic, never an allocation the file did not earn.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else { return };
    let extension = ["csv", "xlsx", "ods"][usize::from(kind) % 3];
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join(format!("liste.{extension}"));
    std::fs::write(&path, bytes).expect("write");
    if let Err(e) = grappe_store::reference::read_table(&path) {
        assert!(!e.to_string().is_empty());
    }
});
