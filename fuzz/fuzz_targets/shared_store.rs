//! One store for all the runs of a target (opening one per input would be most of the time).

use std::path::Path;
use std::sync::Mutex;

static STORE: Mutex<Option<(tempfile::TempDir, grappe_store::Store)>> = Mutex::new(None);

/// Calls `f` with the target's store and its folder.
pub fn with_store(f: impl FnOnce(&Path, &mut grappe_store::Store)) {
    let mut slot = STORE.lock().unwrap_or_else(|e| e.into_inner());
    let (dir, store) = slot.get_or_insert_with(|| {
        let dir = tempfile::tempdir().expect("temporary folder");
        let store = grappe_store::Store::open(&dir.path().join("grappe.sqlite")).expect("store");
        (dir, store)
    });
    f(dir.path(), store);
}
