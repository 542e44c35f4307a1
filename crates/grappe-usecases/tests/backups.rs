//! Backups from the home screen, called by name as the UI calls them, on a real store: a copy
//! written where the user chose, a dossier deleted then found again by restoring it (the store
//! set aside beside the restored one), a file that is not a store refused with nothing changed,
//! the automatic copy of the day, and the reminder.
#![allow(clippy::unwrap_used)]

mod common;

use common::Session;
use serde_json::json;

fn names(s: &Session) -> Vec<String> {
    s.ok("list_dossiers", json!({}))
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_backup_restored_brings_back_a_deleted_dossier_and_keeps_the_store_it_replaces() {
    let s = Session::new();
    // First start: the day's automatic copy is made; no reminder while there are only the
    // fictitious samples.
    let status = s.ok("backup_status", json!({}));
    assert_eq!(status["automatic"].as_array().unwrap().len(), 1);
    assert!(status["reminder"].is_null());
    // A dossier of the user's: the reminder says no backup exists.
    s.ok("duplicate_dossier", json!({ "id": s.demo() }));
    let status = s.ok("backup_status", json!({}));
    assert!(status["reminder"].as_str().unwrap().contains("Aucune sauvegarde"));

    let target = s.desktop.documents.join("grappe-sauvegarde.sqlite");
    let done = s.ok("backup_store", json!({ "path": target, "existing": "keep" }));
    assert_eq!(done["sha256"].as_str().unwrap().len(), 64);
    assert!(done["size"].as_str().unwrap().ends_with("\u{a0}Mo"));
    let status = s.ok("backup_status", json!({}));
    assert!(status["reminder"].is_null());
    assert_eq!(status["last"]["path"], target.display().to_string());
    assert_eq!(
        s.err("backup_store", json!({ "path": target, "existing": "keep" }))
            .code,
        "file_exists"
    );

    let demo = s.demo();
    s.ok("delete_dossier", json!({ "id": demo }));
    assert!(!names(&s).contains(&"Grappe numérique des Flandres".to_string()));
    let restored = s.ok("restore_store_backup", json!({ "path": target }));
    assert!(names(&s).contains(&"Grappe numérique des Flandres".to_string()));
    let aside = std::path::PathBuf::from(restored["aside"].as_str().unwrap());
    assert!(aside.exists());
    assert_eq!(aside.parent(), s.path("grappe.sqlite").parent());
    assert_eq!(restored["dossiers"], names(&s).len());

    // A text file is refused, nothing changes.
    let notes = s.dir.path().join("notes.txt");
    std::fs::write(&notes, "pas une sauvegarde").unwrap();
    let e = s.err("restore_store_backup", json!({ "path": notes }));
    assert!(e.message.contains("n'est pas un magasin Grappe"), "{}", e.message);
    assert!(names(&s).contains(&"Grappe numérique des Flandres".to_string()));
}
