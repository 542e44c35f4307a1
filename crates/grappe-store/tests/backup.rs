//! Backups of the whole store, on real files: a copy made while another connection writes opens,
//! passes `integrity_check` and holds every dossier committed before it; a backup of an older
//! schema is restored and migrated, the current store set aside; a foreign SQLite file, a
//! truncated file and a text file are refused with the current store byte-identical; the
//! automatic copies keep exactly what the rotation promises across simulated days.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::{Days, NaiveDate};
use grappe_core::demo;
use grappe_store::{automatic_copies, check_backup, restore_backup, Store, StoreError, SCHEMA_VERSION};

/// A file's content, summed up (equal contents, equal digests).
fn digest(path: &Path) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn integrity(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_backup_made_while_another_connection_writes_is_whole_and_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    let mut store = Store::open(&path).unwrap();
    for _ in 0..20 {
        store.create(&demo::demo_followed()).unwrap();
    }
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (path, stop) = (path.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut other = Store::open(&path).unwrap();
            let mut written = 0;
            while !stop.load(Ordering::Relaxed) {
                other.create(&demo::demo_dossier()).unwrap();
                written += 1;
            }
            written
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(50));
    let committed = store.list().unwrap().len();
    let target = dir.path().join("clé USB").join("grappe-sauvegarde.sqlite");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let info = store.backup_to(&target, false).unwrap();
    stop.store(true, Ordering::Relaxed);
    assert!(writer.join().unwrap() > 0, "l'autre connexion a écrit");
    assert_eq!(integrity(&target), "ok");
    assert_eq!(info.size, std::fs::metadata(&target).unwrap().len());
    assert_eq!(info.sha256.len(), 64);
    assert_eq!(check_backup(&target).unwrap(), SCHEMA_VERSION);
    let copy = Store::open(&target).unwrap();
    let listed = copy.list().unwrap();
    assert!(listed.len() >= committed, "{} < {committed}", listed.len());
    for d in &listed {
        copy.load(d.id).unwrap();
    }
    drop(copy);
    // Recorded for the reminder; never written over a file unasked.
    assert_eq!(store.backups().unwrap()[0].sha256, info.sha256);
    let before = digest(&target);
    assert!(store
        .backup_to(&target, false)
        .unwrap_err()
        .to_string()
        .contains("existe déjà"));
    assert_eq!(digest(&target), before);
    store.backup_to(&target, true).unwrap();
    // No temporary file left beside it.
    let left: Vec<_> = std::fs::read_dir(target.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[test]
fn a_backup_of_an_older_schema_is_restored_migrated_and_the_current_store_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    {
        let mut store = Store::open(&path).unwrap();
        store.create(&demo::demo_dossier()).unwrap();
    }
    let current = digest(&path);
    let backup = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-v5.sqlite");
    let aside = restore_backup(&path, &backup).unwrap().unwrap();
    assert!(aside
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("grappe.sqlite.avant-restauration-"));
    assert_eq!(digest(&aside), current, "l'ancien magasin est gardé tel quel");
    // The copy was migrated before taking the store's place; the backup itself is untouched.
    assert_eq!(check_backup(&backup).unwrap(), 5);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.opened().migrated_from, None);
    assert_eq!(check_backup(&path).unwrap(), SCHEMA_VERSION);
    let names: Vec<String> = store.list().unwrap().into_iter().map(|d| d.name).collect();
    assert!(names.contains(&"Grappe suivie".to_string()), "{names:?}");
    // While a program has the store open, it is not switched under it.
    assert!(matches!(restore_backup(&path, &backup), Err(StoreError::Busy)));
}

#[test]
fn a_file_that_is_not_a_healthy_grappe_store_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    let good = dir.path().join("bonne.sqlite");
    {
        let mut store = Store::open(&path).unwrap();
        store.create(&demo::demo_dossier()).unwrap();
        store.backup_to(&good, false).unwrap();
    }
    let current = digest(&path);
    let foreign = dir.path().join("autre.sqlite");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    let truncated = dir.path().join("tronquée.sqlite");
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "Ceci n'est pas une sauvegarde.\n").unwrap();
    for (file, expected) in [
        (&foreign, "n'est pas un magasin Grappe"),
        (&truncated, ""),
        (&text, "n'est pas un magasin Grappe"),
    ] {
        let e = restore_backup(&path, file).unwrap_err().to_string();
        assert!(e.contains(expected), "{}: {e}", file.display());
        assert_eq!(digest(&path), current, "{}", file.display());
        let others: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.contains("avant-restauration") || n.starts_with(".grappe"))
            .collect();
        assert!(others.is_empty(), "{others:?}");
    }
}

/// A backup of the store at `store`, then `sql` run on it (as another program would).
fn tampered(dir: &Path, store: &mut Store, name: &str, sql: &str) -> std::path::PathBuf {
    let file = dir.join(name);
    store.backup_to(&file, false).unwrap();
    rusqlite::Connection::open(&file).unwrap().execute_batch(sql).unwrap();
    file
}

#[test]
fn a_backup_with_a_trigger_a_view_or_an_odd_schema_version_is_refused_and_the_store_stays() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    let mut store = Store::open(&path).unwrap();
    store.create(&demo::demo_dossier()).unwrap();
    let cases = [
        (
            "pirate.sqlite",
            "CREATE TRIGGER pirate AFTER INSERT ON dossiers BEGIN UPDATE dossiers SET name = 'PIRATE ' || name; DELETE FROM history; END;",
            "déclencheur « pirate » que Grappe ne crée pas",
        ),
        ("vue.sqlite", "CREATE VIEW cachee AS SELECT id FROM dossiers;", "vue « cachee » que Grappe ne crée pas"),
        ("index.sqlite", "DROP INDEX ogs_by_dossier; CREATE INDEX autre ON dossiers(name);", "index « autre » que Grappe ne crée pas"),
        ("v0.sqlite", "PRAGMA user_version = 0;", "version de schéma 0"),
        ("v3.sqlite", "PRAGMA user_version = 3;", "n'est pas celle d'un magasin Grappe de schéma 3"),
        ("vmoins1.sqlite", "PRAGMA user_version = -1;", "version de schéma -1"),
    ];
    let files: Vec<_> = cases
        .iter()
        .map(|(name, sql, _)| tampered(dir.path(), &mut store, name, sql))
        .collect();
    drop(store);
    let current = digest(&path);
    for (file, (_, _, expected)) in files.iter().zip(cases) {
        let e = restore_backup(&path, file).unwrap_err();
        let message = e.to_string();
        assert!(matches!(e, StoreError::Foreign { .. }), "{message}");
        assert!(message.contains(expected), "{message}");
        assert!(message.contains("le magasin actuel reste en place"), "{message}");
        assert_eq!(digest(&path), current, "{}", file.display());
        assert!(check_backup(file).is_err());
    }
    // The store opens as it was, and a trigger never came into it.
    let mut store = Store::open(&path).unwrap();
    let id = store.create(&demo::demo_dossier()).unwrap();
    assert!(!store.load(id).unwrap().dossier.name.starts_with("PIRATE"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("avant-restauration") || n.starts_with(".grappe"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn what_killed_backups_left_is_removed_at_the_next_start_but_not_what_another_grappe_is_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    // A document generated into a folder of the user's: an export killed there leaves its
    // partial file.
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    {
        let mut store = Store::open(&path).unwrap();
        let id = store.create(&demo::demo_dossier()).unwrap();
        store
            .record_document(
                id,
                &grappe_store::DocumentRecord {
                    file_name: exports.join("dossier.pdf").display().to_string(),
                    fingerprint: "0".repeat(64),
                    bareme_version: "2023-2025.1".into(),
                    generated_at: chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
                        .unwrap()
                        .and_hms_opt(9, 0, 0)
                        .unwrap(),
                },
            )
            .unwrap();
    }
    let partial = exports.join(".dossier.pdf.Qr90St.partiel");
    std::fs::write(&partial, b"%PDF-1.7 inachev").unwrap();
    let copies = dir.path().join("sauvegardes");
    std::fs::create_dir(&copies).unwrap();
    // The shapes a killed backup, a killed automatic copy and a killed restoration leave.
    let killed = [
        dir.path().join(".grappe-sauvegarde.Ab12Cd"),
        copies.join(".grappe-sauvegarde.Ef34Gh"),
    ];
    for work in &killed {
        std::fs::create_dir(work).unwrap();
        std::fs::write(work.join("verrou"), b"").unwrap();
        std::fs::write(work.join("copie.sqlite"), vec![0u8; 1 << 20]).unwrap();
    }
    let restoring = dir.path().join(".grappe-restauration.Ij56Kl");
    std::fs::write(&restoring, b"SQLite format 3\0").unwrap();
    std::fs::write(dir.path().join(".grappe-restauration.Ij56Kl-wal"), b"").unwrap();
    // One another Grappe is writing now: it holds its lock.
    let busy = dir.path().join(".grappe-sauvegarde.Mn78Op");
    std::fs::create_dir(&busy).unwrap();
    let held = std::fs::File::create(busy.join("verrou")).unwrap();
    fs4::FileExt::try_lock(&held).unwrap();
    // The user's own files are never touched.
    let own = dir.path().join("grappe-notes.txt");
    std::fs::write(&own, "à garder").unwrap();

    drop(Store::open(&path).unwrap());
    for gone in killed.iter().chain([&restoring, &partial]) {
        assert!(!gone.exists(), "{} est resté", gone.display());
    }
    assert!(!dir.path().join(".grappe-restauration.Ij56Kl-wal").exists());
    assert!(busy.exists(), "une sauvegarde en cours d'écriture est retirée");
    assert!(own.exists());
    drop(held);
    drop(Store::open(&path).unwrap());
    assert!(!busy.exists());
}

#[cfg(unix)]
#[test]
fn the_store_and_its_backups_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    let mut store = Store::open(&path).unwrap();
    let copy = dir.path().join("copie.sqlite");
    store.backup_to(&copy, false).unwrap();
    for file in [&path, &copy] {
        let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }
}

#[test]
fn the_automatic_copies_keep_seven_days_and_four_weeks_across_simulated_days() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("grappe.sqlite")).unwrap();
    let folder = dir.path().join("sauvegardes");
    let start = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    // Sixty days with a start each, a second start on some days: one copy a day at most.
    for n in 0..60 {
        let today = start + Days::new(n);
        assert!(store.automatic_backup(&folder, today).unwrap().is_some());
        if n % 7 == 3 {
            assert!(store.automatic_backup(&folder, today).unwrap().is_none());
        }
    }
    let last = start + Days::new(59); // Friday 30/10/2026
    let kept: Vec<NaiveDate> = automatic_copies(&folder).into_iter().map(|(d, _)| d).collect();
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    assert_eq!(last, day(10, 30));
    // The seven newest (24 to 30 October: weeks 43 and 44), then the Sunday of each of the four
    // weeks before: 18, 11 and 4 October, 27 September.
    assert_eq!(
        kept,
        [
            day(10, 30),
            day(10, 29),
            day(10, 28),
            day(10, 27),
            day(10, 26),
            day(10, 25),
            day(10, 24),
            day(10, 18),
            day(10, 11),
            day(10, 4),
            day(9, 27),
        ]
    );
    for (_, path) in automatic_copies(&folder) {
        assert_eq!(integrity(&path), "ok");
    }
}
