//! The identifier's change: the folders of the releases before it (`fr.grappe.app`) moved to
//! the new identifier's, with a store of this release, its copies, the logs and the window's
//! place; never over what the new folders already hold.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use grappe_core::demo;
use grappe_store::app_folders::{move_old_folders, Moved, IDENTIFIER, OLD_IDENTIFIER, STORE_FILE};
use grappe_store::{check_backup, Store};

/// A data folder as a release with the old identifier left it: the store with the demo
/// dossier, an automatic copy, a log; and its configuration folder with the window's place.
fn old_release(data: &Path, config: &Path) -> i64 {
    let old = data.join(OLD_IDENTIFIER);
    let mut store = Store::open(&old.join(STORE_FILE)).unwrap();
    let id = store.create(&demo::demo_dossier()).unwrap();
    std::fs::create_dir_all(old.join("sauvegardes")).unwrap();
    store
        .backup_to(&old.join("sauvegardes").join("grappe-auto.sqlite"), false)
        .unwrap();
    drop(store);
    std::fs::create_dir_all(old.join("logs")).unwrap();
    std::fs::write(old.join("logs").join("grappe.log"), "démarrage\n").unwrap();
    std::fs::create_dir_all(config.join(OLD_IDENTIFIER)).unwrap();
    std::fs::write(config.join(OLD_IDENTIFIER).join(".window-state.json"), "{}").unwrap();
    id
}

#[test]
fn the_folders_of_the_old_identifier_become_the_new_ones_with_a_working_store() {
    let dir = tempfile::tempdir().unwrap();
    let (data, config) = (dir.path().join("share"), dir.path().join("config"));
    let id = old_release(&data, &config);

    let moved = move_old_folders(&[data.clone(), config.clone()]);
    assert_eq!(
        moved,
        vec![
            Moved::Folder {
                from: data.join(OLD_IDENTIFIER),
                to: data.join(IDENTIFIER)
            },
            Moved::Folder {
                from: config.join(OLD_IDENTIFIER),
                to: config.join(IDENTIFIER)
            },
        ]
    );
    assert!(!data.join(OLD_IDENTIFIER).exists() && !config.join(OLD_IDENTIFIER).exists());
    let new = data.join(IDENTIFIER);
    // The store opens where the app now looks, with its dossier; its copy is still a backup.
    let store = Store::open(&new.join(STORE_FILE)).unwrap();
    assert!(store.opened().migrated_from.is_none());
    assert_eq!(store.list().unwrap().iter().map(|d| d.id).collect::<Vec<_>>(), vec![id]);
    assert_eq!(store.load(id).unwrap().dossier, demo::demo_dossier());
    check_backup(&new.join("sauvegardes").join("grappe-auto.sqlite")).unwrap();
    assert_eq!(
        std::fs::read_to_string(new.join("logs").join("grappe.log")).unwrap(),
        "démarrage\n"
    );
    assert!(config.join(IDENTIFIER).join(".window-state.json").is_file());
    // At the next start there is nothing left to move.
    assert_eq!(move_old_folders(&[data, config]), vec![]);
}

#[test]
fn what_the_new_folder_already_holds_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let (data, config) = (dir.path().join("share"), dir.path().join("config"));
    old_release(&data, &config);
    // A store already made under the new identifier (the command run first, say).
    let new = data.join(IDENTIFIER);
    let mut fresh = Store::open(&new.join(STORE_FILE)).unwrap();
    fresh.create(&demo::demo_dossier()).unwrap();
    drop(fresh);
    let before = std::fs::read(new.join(STORE_FILE)).unwrap();
    // The old store's journal, left by a Grappe that stopped without closing it.
    std::fs::write(data.join(OLD_IDENTIFIER).join("grappe.sqlite-wal"), b"journal").unwrap();

    let moved = move_old_folders(std::slice::from_ref(&data));
    let old = data.join(OLD_IDENTIFIER);
    assert!(moved.contains(&Moved::Kept {
        path: old.join(STORE_FILE),
        reason: format!("« {} » existe déjà", new.join(STORE_FILE).display()),
    }));
    assert!(moved.contains(&Moved::Entry {
        from: old.join("sauvegardes"),
        to: new.join("sauvegardes")
    }));
    assert!(moved.contains(&Moved::Entry {
        from: old.join("logs"),
        to: new.join("logs")
    }));
    // The new store untouched, the old one still there (with the message naming it).
    assert_eq!(std::fs::read(new.join(STORE_FILE)).unwrap(), before);
    assert!(old.join(STORE_FILE).is_file());
    // Its journal stays with it: beside the new store it would be read as the new store's.
    assert!(old.join("grappe.sqlite-wal").is_file() && !new.join("grappe.sqlite-wal").exists());
    Store::open(&new.join(STORE_FILE)).unwrap();
    assert!(moved
        .iter()
        .any(|m| m.to_string().contains("laissé en place") && m.to_string().contains("existe déjà")));
}
