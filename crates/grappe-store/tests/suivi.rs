//! The follow-up in the store, on real SQLite files: saved and read back exactly, one version
//! per save with only the changed rows, restorable; a store of the release before the
//! follow-up migrates with its dossiers intact; pieces kept whole and checked.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use grappe_core::{demo, dossier_file, Amount};
use grappe_store::{Store, StoreError, MAX_PIECE, SCHEMA_VERSION};

fn last_changes(path: &Path, dossier: i64) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT c.entity FROM changes c JOIN history h ON h.id = c.history_id
             WHERE h.dossier_id = ?1 AND h.version = (SELECT version FROM dossiers WHERE id = ?1) ORDER BY c.seq",
        )
        .unwrap();
    stmt.query_map([dossier], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_followed_dossier_round_trips_through_the_store_and_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("grappe.sqlite")).unwrap();
    let followed = demo::demo_followed();
    let id = store.create(&followed).unwrap();
    assert_eq!(store.load(id).unwrap().dossier, followed);
    let text = store.export(id).unwrap();
    assert!(text.contains("\"suivi\""));
    let copy = store.import(&text, None).unwrap();
    assert_eq!(store.load(copy).unwrap().dossier, followed);
    assert_eq!(dossier_file::from_json(&text).unwrap(), followed);
}

#[test]
fn each_follow_up_save_is_one_version_of_its_changed_rows_and_restorable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    let mut store = Store::open(&path).unwrap();
    let id = store.create(&demo::demo_dossier()).unwrap();
    let followed = demo::demo_followed();
    let mut suivi = followed.suivi.clone().unwrap();
    store.save_suivi(id, Some(&suivi), "Dépôt et attribution").unwrap();
    let before = store.load(id).unwrap().version;

    // One more expense: one row written.
    let mut extra = suivi.expenses[0].clone();
    extra.reference = "F-2025-101".into();
    extra.amount = Amount::euros(1_200);
    suivi.expenses.push(extra);
    store.save_suivi(id, Some(&suivi), "Dépense ajoutée").unwrap();
    assert_eq!(last_changes(&path, id), ["expense"]);
    assert_eq!(store.load(id).unwrap().dossier.suivi.unwrap().expenses.len(), 3);

    // The wizard's save of the candidature leaves the follow-up as it is.
    let mut candidature = store.load(id).unwrap().dossier;
    candidature.name = "Grappe renommée".into();
    candidature.suivi = None;
    store.replace(id, &candidature, "Nom").unwrap();
    assert_eq!(store.load(id).unwrap().dossier.suivi.unwrap().expenses.len(), 3);

    // Restoring the earlier version brings back two expenses, as a new version.
    store.restore(id, before).unwrap();
    let restored = store.load(id).unwrap().dossier;
    assert_eq!(restored.suivi.unwrap().expenses, followed.suivi.unwrap().expenses);
    assert_eq!(restored.name, "Grappe numérique des Flandres");
}

#[test]
fn a_store_of_the_release_before_the_follow_up_migrates_with_its_dossiers_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-v4.sqlite");
    std::fs::copy(&fixture, &path).unwrap();
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.opened().migrated_from, Some(4));
    assert_eq!(SCHEMA_VERSION, 5);
    let list = store.list().unwrap();
    assert_eq!(list.len(), 2);
    let demo_row = list.iter().find(|s| s.name == "Grappe numérique des Flandres").unwrap();
    assert_eq!(demo_row.total, Amount::euros(462_000));
    let stored = store.load(demo_row.id).unwrap();
    assert_eq!(stored.dossier.essms[2].name, "EHPAD La Roseraie (renommé)");
    assert!(stored.dossier.suivi.is_none());
    assert_eq!(store.documents(demo_row.id).unwrap().len(), 1);
    assert!(store.history(demo_row.id).unwrap().len() >= 2);
    // The migrated store takes a follow-up.
    let suivi = demo::demo_followed().suivi.unwrap();
    store.save_suivi(demo_row.id, Some(&suivi), "Dépôt").unwrap();
    assert_eq!(store.load(demo_row.id).unwrap().dossier.suivi, Some(suivi));
}

#[test]
fn pieces_are_kept_whole_once_checked_and_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    let mut store = Store::open(&path).unwrap();
    let id = store.create(&demo::demo_dossier()).unwrap();
    let invoice = b"%PDF-1.7 facture F-2024-311".to_vec();
    let sha = store.add_piece(id, "facture F-2024-311.pdf", &invoice).unwrap();
    assert_eq!(sha.len(), 64);
    assert_eq!(store.add_piece(id, "copie.pdf", &invoice).unwrap(), sha);
    let piece = store.piece(id, &sha).unwrap();
    assert_eq!(
        (piece.name.as_str(), piece.content.as_slice()),
        ("facture F-2024-311.pdf", invoice.as_slice())
    );
    // Too large: refused in French, nothing kept.
    let big = vec![0u8; MAX_PIECE + 1];
    let e = store.add_piece(id, "scan.tiff", &big).unwrap_err();
    assert!(e.to_string().contains("« scan.tiff » est trop gros (21 Mo)"), "{e}");
    // A piece altered in the file is detected.
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE pieces SET content = x'00' WHERE sha256 = ?1", [&sha])
        .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert!(matches!(store.piece(id, &sha), Err(StoreError::Corrupted { .. })));
    assert!(store.piece(id, "0000").is_err());
}
