//! The barèmes of the store: each dossier computed with its own, carried by its file, edited
//! with the dossiers following, never deleted while used.

#![allow(clippy::unwrap_used)] // tests may fail loudly

use grappe_core::{demo, evaluate, Amount, Bareme};
use grappe_store::{Adoption, Store};
use rust_decimal::Decimal;

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("grappe.sqlite")).unwrap();
    (dir, store)
}

/// The default with another campaign and the first line (R-REG-NEW, regional, new solution)
/// paying `amount` euros per ESSMS.
fn custom(campaign: &str, amount: i64) -> Bareme {
    let mut b = Bareme::default_bareme();
    b.campaign = campaign.into();
    b.version = format!("{campaign}.1");
    b.title = format!("Appel {campaign}");
    b.lines[0].amount = Decimal::new(amount * 100, 2);
    b
}

fn total_in_list(store: &Store, id: i64) -> Amount {
    store.list().unwrap().into_iter().find(|s| s.id == id).unwrap().total
}

#[test]
fn a_dossier_exported_with_its_barème_gives_the_same_total_in_a_fresh_store() {
    let (_d1, mut here) = store();
    let b2026 = custom("2026", 13_000);
    here.save_bareme(&b2026, None).unwrap();
    let mut dossier = demo::demo_dossier();
    dossier.campaign = "2026".into();
    let id = here.create(&dossier).unwrap();
    let total = total_in_list(&here, id);
    assert_eq!(total, evaluate(&dossier, &b2026).funding.total);
    assert_ne!(total, evaluate(&dossier, &Bareme::default_bareme()).funding.total);
    let file = here.export(id).unwrap();
    assert!(file.contains("\"format\": \"grappe-dossier/6\""));

    let (_d2, mut there) = store();
    let (copy, adoption) = there.import_noting(&file, None).unwrap();
    assert_eq!(adoption, Adoption::Imported { id: "2026".into() });
    assert_eq!(total_in_list(&there, copy), total);
    assert_eq!(there.baremes().get("2026").unwrap().fingerprint(), b2026.fingerprint());
    // The stored dossier does not hold the carried barème; exported again, it carries it again.
    assert!(there.load(copy).unwrap().dossier.bareme.is_none());
    assert_eq!(there.export(copy).unwrap(), file);
    // A second import finds the barème known.
    assert_eq!(there.import_noting(&file, None).unwrap().1, Adoption::Known);
}

#[test]
fn a_carried_barème_that_differs_from_the_receiver_s_is_imported_under_a_new_name() {
    let (_d1, mut here) = store();
    here.save_bareme(&custom("2026", 13_000), None).unwrap();
    let mut dossier = demo::demo_dossier();
    dossier.campaign = "2026".into();
    let id = here.create(&dossier).unwrap();
    let file = here.export(id).unwrap();
    let total = total_in_list(&here, id);

    let (_d2, mut there) = store();
    there.save_bareme(&custom("2026", 14_000), None).unwrap();
    let (copy, adoption) = there.import_noting(&file, None).unwrap();
    let Adoption::Renamed { from, id: new_id } = &adoption else {
        panic!("{adoption:?}")
    };
    assert_eq!(from, "2026");
    assert!(new_id.starts_with("2026 ("), "{new_id}");
    assert!(adoption.notice().unwrap().contains(new_id.as_str()));
    assert_eq!(there.load(copy).unwrap().dossier.campaign, *new_id);
    assert_eq!(total_in_list(&there, copy), total);
    // Their own barème is untouched.
    assert_eq!(
        there.baremes().get("2026").unwrap().lines[0].amount,
        Decimal::new(1_400_000, 2)
    );
}

#[test]
fn a_carried_barème_altered_in_the_file_is_refused_and_nothing_is_written() {
    let (_d1, mut here) = store();
    here.save_bareme(&custom("2026", 13_000), None).unwrap();
    let mut dossier = demo::demo_dossier();
    dossier.campaign = "2026".into();
    let id = here.create(&dossier).unwrap();
    let file = here.export(id).unwrap().replacen("\"13000.00\"", "\"19000.00\"", 1);
    let (_d2, mut there) = store();
    let err = there.import(&file, None).unwrap_err();
    assert!(err.to_string().contains("empreinte"), "{err}");
    assert!(there.list().unwrap().is_empty());
    assert!(there.baremes().get("2026").is_none());
}

#[test]
fn the_list_total_follows_each_dossier_s_barème_and_its_edits() {
    let (_d, mut s) = store();
    s.save_bareme(&custom("2026", 13_000), None).unwrap();
    let default_id = s.create(&demo::demo_dossier()).unwrap();
    let mut pinned = demo::demo_dossier();
    pinned.campaign = "2026".into();
    let pinned_id = s.create(&pinned).unwrap();
    let default_total = total_in_list(&s, default_id);
    assert_eq!(
        default_total,
        evaluate(&demo::demo_dossier(), &Bareme::default_bareme()).funding.total
    );
    let before = total_in_list(&s, pinned_id);
    assert_ne!(before, default_total);

    // The barème edited: the dossier using it is evaluated again, the other one is not.
    let edited = custom("2026", 15_000);
    assert_eq!(s.save_bareme(&edited, Some("2026")).unwrap(), 1);
    let after = total_in_list(&s, pinned_id);
    assert_eq!(after, evaluate(&pinned, &edited).funding.total);
    assert!(after > before);
    assert_eq!(total_in_list(&s, default_id), default_total);

    // Reopened, the store still knows it.
    let path = s.path().to_path_buf();
    drop(s);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.baremes().get("2026").unwrap().as_ref(), &edited);
}

#[test]
fn an_invalid_barème_or_the_shipped_one_is_never_saved() {
    let (_d, mut s) = store();
    let mut bad = custom("2026", 13_000);
    bad.lines[0].amount = Decimal::new(-5, 0);
    let err = s.save_bareme(&bad, None).unwrap_err();
    assert!(err.to_string().contains("lines[0].amount"), "{err}");
    assert!(s.baremes().get("2026").is_none());
    let err = s.save_bareme(&Bareme::default_bareme(), None).unwrap_err();
    assert!(err.to_string().contains("livré avec Grappe"), "{err}");
    // A second barème of a taken campaign is refused; renaming to it too.
    s.save_bareme(&custom("2026", 13_000), None).unwrap();
    s.save_bareme(&custom("2027", 13_000), None).unwrap();
    assert!(s.save_bareme(&custom("2026", 1), None).is_err());
    assert!(s.save_bareme(&custom("2026", 1), Some("2027")).is_err());
    assert_eq!(s.bareme_list().unwrap().len(), 3);
}

#[test]
fn deleting_a_used_barème_is_refused_with_the_dossiers_that_use_it() {
    let (_d, mut s) = store();
    s.save_bareme(&custom("2026", 13_000), None).unwrap();
    let mut pinned = demo::demo_dossier();
    pinned.campaign = "2026".into();
    pinned.name = "Grappe du Hainaut".into();
    let id = s.create(&pinned).unwrap();
    let err = s.delete_bareme("2026").unwrap_err();
    assert!(err.to_string().contains("« Grappe du Hainaut »"), "{err}");
    assert!(s.baremes().get("2026").is_some());
    let listed = s.bareme_list().unwrap();
    assert_eq!(listed[1].used_by, vec!["Grappe du Hainaut".to_string()]);
    assert!(listed[0].builtin && !listed[1].builtin);
    // Once the dossier moved back to the default, it goes.
    pinned.campaign = "2023-2025".into();
    s.replace(id, &pinned, "test").unwrap();
    s.delete_bareme("2026").unwrap();
    assert!(s.baremes().get("2026").is_none());
    assert!(s.delete_bareme("2023-2025").is_err());
}

#[test]
fn barème_files_import_and_export_exactly() {
    let (_d, mut s) = store();
    let b = custom("2026", 13_000);
    assert_eq!(s.import_bareme(&b.to_json(), false).unwrap(), "2026");
    assert_eq!(s.export_bareme("2026").unwrap(), b.to_json());
    // The same file again changes nothing; another content of that campaign needs `replace`.
    assert_eq!(s.import_bareme(&b.to_json(), false).unwrap(), "2026");
    let other = custom("2026", 14_000);
    assert!(s.import_bareme(&other.to_json(), false).is_err());
    s.import_bareme(&other.to_json(), true).unwrap();
    assert_eq!(s.export_bareme("2026").unwrap(), other.to_json());
    // A broken file is explained with its path.
    let err = s.import_bareme("{\"format\": \"grappe-bareme/1\"}", false).unwrap_err();
    assert!(err.to_string().contains("version"), "{err}");
}

#[test]
fn a_barème_another_program_saved_is_used_here_too() {
    // The app and the `grappe` command on one store: a barème imported by one is seen by the
    // other, and the other's saves compute their totals with it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    let mut app = Store::open(&path).unwrap();
    let mut cli = Store::open(&path).unwrap();
    let b = custom("2026", 13_000);
    cli.save_bareme(&b, None).unwrap();
    assert!(app.baremes().get("2026").is_none());
    app.sync_baremes().unwrap();
    assert_eq!(app.baremes().get("2026").unwrap().as_ref(), &b);
    // Edited by the command line again: the app's next save uses the new content.
    let edited = custom("2026", 15_000);
    cli.save_bareme(&edited, Some("2026")).unwrap();
    let mut dossier = demo::demo_dossier();
    dossier.campaign = "2026".into();
    let id = app.create(&dossier).unwrap();
    assert_eq!(total_in_list(&app, id), evaluate(&dossier, &edited).funding.total);
}
