//! The store on real SQLite files: saves, history and restore, exchange, opening safely,
//! migrations.

#![allow(clippy::unwrap_used)] // tests may fail loudly

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use grappe_core::model::CarriedBareme;
use grappe_core::{demo, dossier_file, Amount};
use grappe_store::{Store, StoreError, SCHEMA_VERSION};

fn store_in(dir: &Path) -> (Store, PathBuf) {
    let path = dir.join("grappe.sqlite");
    (Store::open(&path).unwrap(), path)
}

/// Number of rows the latest version of the dossier changed, per entity.
fn last_changes(path: &Path, dossier: i64) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT c.entity, c.row_id FROM changes c JOIN history h ON h.id = c.history_id
             WHERE h.dossier_id = ?1 AND h.version = (SELECT version FROM dossiers WHERE id = ?1) ORDER BY c.seq",
        )
        .unwrap();
    stmt.query_map([dossier], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_dossier_round_trips_and_is_listed_with_its_summary() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = store_in(dir.path());
    let demo = demo::demo_dossier();
    let id = store.create(&demo).unwrap();
    let stored = store.load(id).unwrap();
    assert_eq!(stored.dossier, demo);
    assert_eq!(
        (stored.og_ids.len(), stored.essms_ids.len(), stored.version),
        (3, 20, 1)
    );
    let list = store.list().unwrap();
    assert_eq!(list.len(), 1);
    let s = &list[0];
    assert_eq!(
        (
            s.id,
            s.name.as_str(),
            s.porteur.as_str(),
            s.campaign.as_str(),
            s.essms_count
        ),
        (
            id,
            "Grappe numérique des Flandres",
            "Association Les Tilleuls Solidaires",
            "2023-2025",
            20
        )
    );
    assert_eq!(s.total, Amount::euros(462_000));
}

#[test]
fn editing_one_essms_rewrites_that_essms_only() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, path) = store_in(dir.path());
    let id = store.create(&demo::demo_dossier()).unwrap();
    let stored = store.load(id).unwrap();
    let mut essms = stored.dossier.essms[5].clone();
    essms.capacity = Some(99);
    store.save_essms(id, stored.essms_ids[5], &essms).unwrap();
    assert_eq!(last_changes(&path, id), [("essms".to_string(), stored.essms_ids[5])]);
    let after = store.load(id).unwrap();
    assert_eq!(after.dossier.essms[5].capacity, Some(99));
    assert_eq!(after.essms_ids, stored.essms_ids);
    // The summary follows: an equipped ESSMS changed to new solution adds 12 000 + 2 500 + 7 000 − 5 000.
    essms.situation = grappe_core::model::Situation::NewSolution;
    store.save_essms(id, stored.essms_ids[5], &essms).unwrap();
    assert_eq!(store.list().unwrap()[0].total, Amount::euros(462_000 + 16_500));
}

#[test]
fn history_lists_versions_and_restore_is_a_new_version() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = store_in(dir.path());
    let id = store.create(&demo::demo_dossier()).unwrap();
    let v1 = store.load(id).unwrap();
    // v2: rename; v3: delete two ESSMS; v4: add one; v5: header.
    let mut e = v1.dossier.essms[0].clone();
    e.name = "EHPAD renommé".into();
    store.save_essms(id, v1.essms_ids[0], &e).unwrap();
    let v2 = store.load(id).unwrap();
    store.delete_essms(id, &v1.essms_ids[3..5]).unwrap();
    let mut added = v1.dossier.essms[0].clone();
    added.finess_et = "599011996".into();
    store.add_essms(id, &[added]).unwrap();
    let mut header = store.load(id).unwrap().dossier;
    header.name = "Nouveau nom".into();
    store.save_header(id, &header).unwrap();

    let history = store.history(id).unwrap();
    let descriptions: Vec<_> = history.iter().map(|v| (v.version, v.description.as_str())).collect();
    assert_eq!(
        descriptions,
        [
            (5, "Informations du dossier modifiées"),
            (4, "ESSMS « EHPAD Les Tilleuls » ajouté"),
            (3, "2 ESSMS supprimé(s)"),
            (2, "ESSMS « EHPAD renommé » modifié"),
            (1, "Création du dossier")
        ]
    );

    // Back to v2: the deleted ESSMS come back with their ids, the added one goes, the name too.
    assert_eq!(store.restore(id, 2).unwrap(), 6);
    let restored = store.load(id).unwrap();
    assert_eq!(restored.dossier, v2.dossier);
    assert_eq!(restored.essms_ids, v2.essms_ids);
    // The restore itself can be undone: back to v5.
    store.restore(id, 5).unwrap();
    assert_eq!(store.load(id).unwrap().dossier.name, "Nouveau nom");
    assert_eq!(store.load(id).unwrap().dossier.essms.len(), 19);
    // And to the creation.
    store.restore(id, 1).unwrap();
    assert_eq!(store.load(id).unwrap().dossier, v1.dossier);
}

#[test]
fn the_last_50_versions_are_restorable() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = store_in(dir.path());
    let id = store.create(&demo::demo_dossier()).unwrap();
    let stored = store.load(id).unwrap();
    let mut e = stored.dossier.essms[0].clone();
    for n in 2..=70 {
        e.capacity = Some(n);
        store.save_essms(id, stored.essms_ids[0], &e).unwrap();
    }
    // Version n has capacity n; the latest is 70.
    let history = store.history(id).unwrap();
    assert_eq!(history.len(), 51);
    assert_eq!((history[0].version, history[50].version), (70, 20));
    let err = store.restore(id, 19).unwrap_err();
    assert!(matches!(err, StoreError::VersionNotFound { .. }));
    assert!(err.to_string().contains("seules les 50 dernières versions"), "{err}");
    store.restore(id, 20).unwrap();
    assert_eq!(store.load(id).unwrap().dossier.essms[0].capacity, Some(20));
}

#[test]
fn export_import_export_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = store_in(dir.path());
    for mut dossier in [demo::demo_dossier(), demo::synthetic_dossier(2_000)] {
        // An exported file carries its barème (here the shipped one, by its fingerprint).
        dossier.bareme = Some(CarriedBareme::of(&grappe_core::Bareme::default_bareme(), true));
        let text = dossier_file::to_json(&dossier);
        let id = store.import(&text, None).unwrap();
        let exported = store.export(id).unwrap();
        assert_eq!(exported, text);
        let again = store.import(&exported, None).unwrap();
        assert_eq!(store.export(again).unwrap(), text);
    }
}

#[test]
fn import_replacing_keeps_the_old_content_restorable() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = store_in(dir.path());
    let id = store.create(&demo::demo_dossier()).unwrap();
    let before = store.export(id).unwrap();
    let mut other = demo::synthetic_dossier(40);
    other.bareme = Some(CarriedBareme::of(&grappe_core::Bareme::default_bareme(), true));
    let other = dossier_file::to_json(&other);
    assert_eq!(store.import(&other, Some(id)).unwrap(), id);
    assert_eq!(store.export(id).unwrap(), other);
    assert_eq!(store.list().unwrap().len(), 1);
    store.restore(id, 1).unwrap();
    assert_eq!(store.export(id).unwrap(), before);
    // A bad file changes nothing and says why.
    let err = store
        .import("{\"format\": \"grappe-dossier/9\"}", Some(id))
        .unwrap_err();
    assert!(err.to_string().contains("grappe-dossier/9"), "{err}");
    assert_eq!(store.export(id).unwrap(), before);
}

#[test]
fn documents_duplicates_and_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = store_in(dir.path());
    let id = store.create(&demo::demo_dossier()).unwrap();
    let doc = grappe_store::DocumentRecord {
        file_name: "candidature.pdf".into(),
        fingerprint: "ab".repeat(32),
        bareme_version: "2023-2025.2".into(),
        generated_at: chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap(),
    };
    store.record_document(id, &doc).unwrap();
    assert_eq!(store.documents(id).unwrap(), [doc]);
    let copy = store.duplicate(id).unwrap();
    assert_eq!(
        store.load(copy).unwrap().dossier.name,
        "Grappe numérique des Flandres (copie)"
    );
    store.delete(id).unwrap();
    assert!(matches!(store.load(id), Err(StoreError::DossierNotFound(_))));
    assert_eq!(store.list().unwrap().len(), 1);
}

fn assert_refused_unchanged(path: &Path, expected_code: &str, expected_text: &str) {
    let before = fs::read(path).unwrap();
    let err = Store::open(path).unwrap_err();
    assert_eq!(err.code(), expected_code, "{err}");
    assert!(err.to_string().contains(expected_text), "{err}");
    assert_eq!(fs::read(path).unwrap(), before, "the file must be left byte for byte");
}

#[test]
fn bad_files_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("vide.sqlite");
    fs::write(&empty, b"").unwrap();
    assert_refused_unchanged(&empty, "store_empty_file", "est un fichier vide");

    let text = dir.path().join("texte.sqlite");
    fs::write(&text, "Ceci est une liste de courses.\n".repeat(20)).unwrap();
    assert_refused_unchanged(&text, "store_not_a_store", "n'est pas un magasin Grappe");

    // A SQLite database of another program.
    let other = dir.path().join("autre.sqlite");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    assert_refused_unchanged(&other, "store_not_a_store", "n'est pas un magasin Grappe");

    // A store cut in the middle.
    let (mut store, good) = store_in(dir.path());
    store.create(&demo::synthetic_dossier(300)).unwrap();
    drop(store);
    let bytes = fs::read(&good).unwrap();
    let truncated = dir.path().join("tronque.sqlite");
    fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    assert_refused_unchanged(&truncated, "store_corrupted", "est endommagé");

    // A store written by a future version.
    let future = dir.path().join("futur.sqlite");
    fs::copy(&good, &future).unwrap();
    let conn = rusqlite::Connection::open(&future).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    drop(conn);
    assert_refused_unchanged(&future, "store_too_new", "version plus récente de Grappe");
    assert!(!Store::open(&future).unwrap_err().can_start_fresh());
}

#[test]
fn an_unusable_store_is_set_aside_never_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    fs::write(&path, "pas une base").unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(err.can_start_fresh());
    let (mut store, aside) = Store::start_fresh(&path).unwrap();
    assert_eq!(fs::read_to_string(&aside).unwrap(), "pas une base");
    assert!(aside
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("grappe.sqlite.inutilisable-"));
    store.create(&demo::demo_dossier()).unwrap();
    assert_eq!(store.list().unwrap().len(), 1);
}

/// Makes `dir` read-only for this process, even as root (immutable attribute); panics if it
/// cannot, so the test never passes without testing.
struct ReadOnlyDir(PathBuf);

impl ReadOnlyDir {
    fn new(dir: &Path) -> ReadOnlyDir {
        let root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout == b"0\n")
            .unwrap_or(false);
        if root {
            let ok = Command::new("chattr")
                .arg("+i")
                .arg(dir)
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            assert!(ok, "chattr +i is needed to make a folder read-only as root");
        } else {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir, fs::Permissions::from_mode(0o555)).unwrap();
        }
        assert!(
            fs::write(dir.join("sonde"), b"x").is_err(),
            "{} is still writable",
            dir.display()
        );
        ReadOnlyDir(dir.to_path_buf())
    }
}

impl Drop for ReadOnlyDir {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(&self.0, fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn a_read_only_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("lecture-seule");
    fs::create_dir(&folder).unwrap();
    let existing = folder.join("grappe.sqlite");
    let mut store = Store::open(&existing).unwrap();
    store.create(&demo::demo_dossier()).unwrap();
    drop(store);
    let before = fs::read(&existing).unwrap();
    {
        let _guard = ReadOnlyDir::new(&folder);
        let err = Store::open(&folder.join("nouveau.sqlite")).unwrap_err();
        assert_eq!(err.code(), "store_read_only", "{err}");
        assert!(err.to_string().contains("lecture seule"), "{err}");
        let err = Store::open(&existing).unwrap_err();
        assert_eq!(err.code(), "store_read_only", "{err}");
        assert_eq!(fs::read(&existing).unwrap(), before);
    }
    assert_eq!(Store::open(&existing).unwrap().list().unwrap().len(), 1);
}

#[test]
fn a_first_schema_store_is_backed_up_then_migrated_with_all_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-v1.sqlite");
    fs::copy(&fixture, &path).unwrap();
    let original = fs::read(&path).unwrap();
    let store = Store::open(&path).unwrap();
    let opened = store.opened().clone();
    assert_eq!(opened.migrated_from, Some(1));
    let backup = opened.backup.expect("a backup before the migration");
    assert!(backup.exists());
    // The backup is a readable store of schema 1 with the same data.
    let conn = rusqlite::Connection::open(&backup).unwrap();
    let (version, count): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), COUNT(*) FROM dossiers",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((version, count), (1, 2));
    drop(conn);

    let list = store.list().unwrap();
    assert_eq!(list.len(), 2);
    let first = list.iter().find(|s| s.name == "Grappe numérique des Flandres").unwrap();
    assert_eq!((first.essms_count, first.total), (20, Amount::euros(462_000)));
    let stored = store.load(first.id).unwrap();
    assert_eq!(stored.dossier.essms[2].name, "EHPAD La Roseraie (renommé)");
    assert_eq!(store.history(first.id).unwrap().len(), 2);
    // The new schema's table works.
    assert!(store.documents(first.id).unwrap().is_empty());
    store.integrity_check().unwrap();
    drop(store);
    assert_ne!(fs::read(&path).unwrap(), original);
    // Opening again: nothing to migrate.
    assert_eq!(Store::open(&path).unwrap().opened().migrated_from, None);
}

#[test]
fn unknown_ids_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = store_in(dir.path());
    let id = store.create(&demo::demo_dossier()).unwrap();
    let essms = demo::demo_dossier().essms[0].clone();
    assert_eq!(
        store.save_essms(id, 999_999, &essms).unwrap_err().to_string(),
        format!("élément n°999999 introuvable dans le dossier n°{id}")
    );
    assert_eq!(store.load(42).unwrap_err().to_string(), "dossier n°42 introuvable");
    assert_eq!(store.history(42).unwrap_err().code(), "dossier_not_found");
    // A failed save leaves the dossier as it was, version included.
    assert_eq!(store.load(id).unwrap().version, 1);
}
