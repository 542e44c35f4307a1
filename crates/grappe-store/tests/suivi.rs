//! The follow-up in the store, on real SQLite files: saved and read back exactly, one version
//! per save with only the changed rows, restorable; a store of the release before the
//! follow-up migrates with its dossiers intact; pieces kept whole and checked.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use grappe_core::{demo, dossier_file, Amount};
use grappe_store::{RowDetail, Store, StoreError, MAX_PIECE, SCHEMA_VERSION};

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
    let mut read = dossier_file::from_json(&text).unwrap();
    assert_eq!(
        read.bareme.take().unwrap().sha256,
        grappe_core::Bareme::default_bareme().fingerprint()
    );
    assert_eq!(read, followed);
}

#[test]
fn each_follow_up_save_is_one_version_of_its_changed_rows_and_restorable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    let mut store = Store::open(&path).unwrap();
    let id = store.create(&demo::demo_dossier()).unwrap();
    let followed = demo::demo_followed();
    let mut suivi = followed.suivi.clone().unwrap();
    store
        .save_suivi(id, Some(suivi.clone()), "Dépôt et attribution")
        .unwrap();
    let before = store.load(id).unwrap().version;

    // One more expense: one row written.
    let mut extra = suivi.expenses[0].clone();
    extra.reference = "F-2025-101".into();
    extra.amount = Amount::euros(1_200);
    suivi.expenses.push(extra);
    store.save_suivi(id, Some(suivi.clone()), "Dépense ajoutée").unwrap();
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
    store.save_suivi(demo_row.id, Some(suivi.clone()), "Dépôt").unwrap();
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

#[test]
fn an_accounting_export_adds_its_expenses_and_reports_the_rows_it_cannot_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("grappe.sqlite")).unwrap();
    let id = store.create(&demo::demo_followed()).unwrap();
    let export = dir.path().join("grand-livre.csv");
    std::fs::write(
        &export,
        "Date;Fournisseur;N° facture;Montant TTC;Enveloppe;FINESS EJ;FINESS ET\n\
         05/03/2025;Éditions Logicielles du Nord;F-2025-044;12 000,00;acquisition;620991026;\n\
         06/03/2025;Cabinet Conseil;C-17;4 800,50;MOA déjà équipé;590991014;\n\
         07/03/2025;Cabinet Marchés;M-3;2500.00;marché;;\n\
         08/03/2025;Éditions Logicielles du Nord;F-2025-045;1 000,00;Éditeur;620991026;\n\
         09/03/2025;Inconnu;X-1;100,00;formation;620991026;\n\
         10/03/2025;Éditions Logicielles du Nord;F-2025-046;12,345;acquisition;620991026;\n\
         31/02/2025;Éditions Logicielles du Nord;F-2025-047;10,00;acquisition;620991026;\n",
    )
    .unwrap();
    let report = store.import_expenses(id, &export, &[]).unwrap();
    assert_eq!((report.imported, report.already_there), (3, 0));
    let reasons: Vec<(u64, &str)> = report.rejected.iter().map(|r| (r.line, r.reason.as_str())).collect();
    assert_eq!(reasons.len(), 4, "{reasons:?}");
    assert_eq!(reasons[0].0, 5);
    assert!(
        reasons[0].1.starts_with("enveloppe « Éditeur » ambigu(ë)"),
        "{}",
        reasons[0].1
    );
    assert!(
        reasons[1].1.contains("enveloppe « formation » inconnu(e)"),
        "{}",
        reasons[1].1
    );
    assert!(
        reasons[2]
            .1
            .contains("montant : « 12,345 » : un montant a au plus 2 décimales"),
        "{}",
        reasons[2].1
    );
    assert!(
        reasons[3].1.contains("date « 31/02/2025 » illisible"),
        "{}",
        reasons[3].1
    );
    let suivi = store.load(id).unwrap().dossier.suivi.unwrap();
    assert_eq!(suivi.expenses.len(), 5);
    let added = &suivi.expenses[2];
    assert_eq!(
        (added.enveloppe.og.as_str(), added.amount),
        ("620991026", Amount::euros(12_000))
    );
    assert_eq!(suivi.expenses[4].enveloppe.rule, "R-MARCHE");
    // The same export again adds nothing.
    let again = store.import_expenses(id, &export, &[]).unwrap();
    assert_eq!((again.imported, again.already_there), (0, 3));
    // Two alike lines of one invoice are two expenses; an avoir (negative) reduces what was
    // spent; a year of two digits is refused, never read as the year 0025; an ambiguous
    // enveloppe names the OGs. Imported again: nothing added.
    let more = dir.path().join("suite.csv");
    std::fs::write(
        &more,
        "Date;Fournisseur;N° facture;Montant TTC;Enveloppe;FINESS EJ\n\
         12/03/2025;Formateurs Associés;F-88;250,00;MOA déjà équipé;590991014\n\
         12/03/2025;Formateurs Associés;F-88;250,00;MOA déjà équipé;590991014\n\
         20/03/2025;Formateurs Associés;AV-3;-100,00;MOA déjà équipé;590991014\n\
         05/03/25;Formateurs Associés;F-89;10,00;MOA déjà équipé;590991014\n\
         21/03/2025;Formateurs Associés;F-90;10,00;MOA déjà équipé;\n",
    )
    .unwrap();
    let report = store.import_expenses(id, &more, &[]).unwrap();
    assert_eq!((report.imported, report.already_there), (3, 0), "{:?}", report.rejected);
    assert!(
        report.rejected[0].reason.contains("quatre chiffres"),
        "{:?}",
        report.rejected
    );
    assert!(
        report.rejected[1].reason.contains("(AAP régional) (Association Les Tilleuls Solidaires) », « Maîtrise d'ouvrage — ESSMS déjà équipé (AAP régional) (Fondation Horizon Handicap) »"),
        "{:?}",
        report.rejected[1]
    );
    let suivi = store.load(id).unwrap().dossier.suivi.unwrap();
    let avoir = suivi.expenses.iter().find(|x| x.reference == "AV-3").unwrap();
    assert!(avoir.credit_note && avoir.signed() == rust_decimal::Decimal::from(-100));
    assert_eq!(suivi.expenses.iter().filter(|x| x.reference == "F-88").count(), 2);
    let again = store.import_expenses(id, &more, &[]).unwrap();
    assert_eq!((again.imported, again.already_there), (0, 3));

    // A file without the needed columns changes nothing.
    let wrong = dir.path().join("autre.csv");
    std::fs::write(&wrong, "Nom;Prénom\nMartin;Claire\n").unwrap();
    let e = store.import_expenses(id, &wrong, &[]).unwrap_err();
    assert!(
        e.to_string().contains("colonnes manquantes : date, montant, enveloppe"),
        "{e}"
    );
}

#[test]
fn measurements_come_from_a_workbook_at_their_targets_scope() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("grappe.sqlite")).unwrap();
    let id = store.create(&demo::demo_followed()).unwrap();
    let path = dir.path().join("mesures.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 9, 30).unwrap();
    for (c, h) in ["FINESS ET", "Indicateur", "Date", "Valeur", "Source"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows: [(&str, &str, f64); 4] = [
        ("599011004", "DUI actifs", 86.5),
        ("", "Mon espace santé", 55.0),
        ("", "DUI actifs", 90.0),          // per ESSMS: no FINESS ET
        ("599011004", "Messagerie", 70.0), // the grappe: a FINESS ET given
    ];
    for (r, (et, indicator, value)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *et).unwrap();
        sheet.write_string(r, 1, *indicator).unwrap();
        sheet.write_datetime_with_format(r, 2, &day, &date_format).unwrap();
        sheet.write_number(r, 3, *value).unwrap();
        sheet.write_string(r, 4, "export du DUI").unwrap();
    }
    wb.save(&path).unwrap();
    let report = store.import_measurements(id, &path).unwrap();
    assert_eq!(report.imported, 2, "{:?}", report.rejected);
    let lines: Vec<u64> = report.rejected.iter().map(|r| r.line).collect();
    assert_eq!(lines, [4, 5]);
    let suivi = store.load(id).unwrap().dossier.suivi.unwrap();
    let added = &suivi.measurements[2];
    assert_eq!(added.essms.as_deref(), Some("599011004"));
    assert_eq!(added.value.to_string(), "86.5");
    assert_eq!(added.date, chrono::NaiveDate::from_ymd_opt(2025, 9, 30).unwrap());
}

/// The demo's first late deadline: the porteur's start tranche, due on 20/09/2024.
fn assert_start_tranche_late(due: &grappe_core::suivi::Deadline) {
    assert!(
        due.overdue
            && due
                .label
                .starts_with("Versement en retard : Association Les Tilleuls Solidaires — Au démarrage"),
        "{due:?}"
    );
    assert_eq!(due.date, chrono::NaiveDate::from_ymd_opt(2024, 9, 20));
}

#[test]
fn the_list_shows_where_each_dossier_is_in_its_life() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("grappe.sqlite")).unwrap();
    let draft = store.create(&demo::demo_dossier()).unwrap();
    let followed = demo::demo_followed();
    let awarded = store.create(&followed).unwrap();
    let stage = |store: &Store, id: i64| store.list().unwrap().into_iter().find(|s| s.id == id).unwrap().stage;
    assert_eq!(stage(&store, draft), "brouillon");
    assert_eq!(stage(&store, awarded), "attribué");
    // What is due next: the start tranches, late since 20/09/2024 (the porteur's first); nothing
    // for a draft.
    let later = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    let next = |store: &Store, id: i64| {
        store
            .list_on(later)
            .unwrap()
            .into_iter()
            .find(|s| s.id == id)
            .unwrap()
            .next_deadline
    };
    assert_eq!(next(&store, draft), None);
    let due = next(&store, awarded).unwrap();
    assert_start_tranche_late(&due);
    let mut suivi = followed.suivi.clone().unwrap();
    suivi.award = None;
    store
        .save_suivi(awarded, Some(suivi.clone()), "Attribution retirée")
        .unwrap();
    assert_eq!(stage(&store, awarded), "déposé");
    // Everything awarded received: soldé.
    let mut suivi = followed.suivi.unwrap();
    suivi.payments.clear();
    for (og, euros) in [("590991014", 285_000), ("620991026", 96_833), ("590991030", 78_500)] {
        let mut p = demo::demo_followed().suivi.unwrap().payments[0].clone();
        p.og = og.into();
        p.amount = Amount::euros(euros);
        suivi.payments.push(p);
    }
    let mut cents = suivi.payments[1].clone();
    cents.amount = Amount::parse("0.33").unwrap();
    suivi.payments.push(cents);
    store.save_suivi(awarded, Some(suivi.clone()), "Solde reçu").unwrap();
    assert_eq!(stage(&store, awarded), "soldé");
    // Every payment in: what is due next is the targets' deadline, past in 2030.
    let due = next(&store, awarded).unwrap();
    assert_eq!((due.label.as_str(), due.overdue), ("Atteinte des cibles d'usage", true));
}

#[test]
fn a_store_of_the_release_with_the_follow_up_migrates_and_its_list_shows_what_is_due() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-v5.sqlite");
    std::fs::copy(&fixture, &path).unwrap();
    let before: Vec<_> = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let mut stmt = conn.prepare("SELECT id, updated_at FROM dossiers ORDER BY id").unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows
    };
    let store = Store::open(&path).unwrap();
    assert_eq!(store.opened().migrated_from, Some(5));
    assert_eq!(SCHEMA_VERSION, 9);
    let list = store
        .list_on(chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap())
        .unwrap();
    assert_eq!(list.len(), 3);
    let followed = list.iter().find(|s| s.name == "Grappe suivie").unwrap();
    assert_eq!(followed.stage, "attribué");
    let due = followed.next_deadline.clone().unwrap();
    assert_start_tranche_late(&due);
    // That release wrote the gap threshold it had by default (10 %), now the barème's: kept as
    // the dossier's own.
    let mut expected = demo::demo_followed().suivi.unwrap();
    expected.own_gap_threshold = Some(rust_decimal::Decimal::TEN);
    assert_eq!(store.load(followed.id).unwrap().dossier.suivi, Some(expected));
    // The other dossiers untouched, and none moved in the list by the migration.
    assert!(list
        .iter()
        .filter(|s| s.id != followed.id)
        .all(|s| s.next_deadline.is_none()));
    for (id, updated_at) in before {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let now: String = conn
            .query_row("SELECT updated_at FROM dossiers WHERE id = ?1", [id], |r| r.get(0))
            .unwrap();
        assert_eq!(now, updated_at);
    }
}

#[test]
fn follow_up_saves_from_the_dossier_kept_in_memory_read_back_exactly_and_never_hide_another_programs_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    let mut app = Store::open(&path).unwrap();
    let followed = demo::demo_followed();
    let id = app.create(&followed).unwrap();
    let mut suivi = app.load(id).unwrap().dossier.suivi.unwrap();
    // What another program (a fresh connection) reads is what the app saved, edit after edit:
    // an expense added, one changed in the middle, the first deleted (every later one moves up),
    // a measurement added, the review typed.
    let fresh = |expected: &grappe_core::suivi::Suivi| {
        let other = Store::open(&path).unwrap();
        assert_eq!(other.load(id).unwrap().dossier.suivi.as_ref(), Some(expected));
    };
    let mut extra = suivi.expenses[0].clone();
    extra.reference = "F-2025-101".into();
    suivi.expenses.push(extra);
    app.save_suivi(id, Some(suivi.clone()), "Dépense ajoutée").unwrap();
    assert_eq!(last_changes(&path, id), ["expense"]);
    fresh(&suivi);
    suivi.expenses[1].amount = Amount::euros(999);
    app.save_suivi(id, Some(suivi.clone()), "Dépense modifiée").unwrap();
    assert_eq!(last_changes(&path, id), ["expense"]);
    fresh(&suivi);
    suivi.expenses.remove(0);
    app.save_suivi(id, Some(suivi.clone()), "Dépense supprimée").unwrap();
    fresh(&suivi);
    suivi.measurements.push(suivi.measurements[0].clone());
    suivi.review = "Déploiement terminé dans les délais.".into();
    app.save_suivi(id, Some(suivi.clone()), "Mesure et bilan").unwrap();
    assert_eq!(last_changes(&path, id), ["suivi", "measurement"]);
    fresh(&suivi);
    assert_eq!(app.load(id).unwrap().dossier.suivi.as_ref(), Some(&suivi));

    // Another program adds an expense: the app reads it, it does not show what it kept.
    let mut other = Store::open(&path).unwrap();
    let mut theirs = other.load(id).unwrap().dossier.suivi.unwrap();
    let mut cabling = theirs.expenses[0].clone();
    cabling.reference = "CÂBLAGE-7".into();
    theirs.expenses.push(cabling);
    other
        .save_suivi(id, Some(theirs.clone()), "Dépense ajoutée ailleurs")
        .unwrap();
    assert_eq!(app.load(id).unwrap().dossier.suivi.as_ref(), Some(&theirs));

    // And a save made from what the app read before that change is compared with the file,
    // not with what the app kept: the file ends as saved, the other change restorable.
    let mine = app.load(id).unwrap().dossier.suivi.unwrap();
    other
        .save_suivi(
            id,
            Some(grappe_core::suivi::Suivi {
                review: "Changé ailleurs.".into(),
                ..theirs.clone()
            }),
            "Bilan modifié ailleurs",
        )
        .unwrap();
    let mut stale = mine;
    stale.expenses.pop();
    app.save_suivi(id, Some(stale.clone()), "Dépense retirée").unwrap();
    fresh(&stale);
    let versions = app.history(id).unwrap();
    let restored = app.restore(id, versions[1].version).unwrap();
    assert!(restored > versions[0].version);
    assert_eq!(app.load(id).unwrap().dossier.suivi.unwrap().review, "Changé ailleurs.");
}

/// Le portefeuille's rows are kept between two asks: each is, every time, the row worked out
/// afresh from the dossier as stored — after a save here, a save by another process, a barème
/// edited, and at another date.
/// How many portfolio rows the store at `path` keeps.
fn kept_rows(path: &Path) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM project_rows", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_projects_kept_are_always_those_of_the_dossiers_as_stored() {
    use grappe_core::portfolio::ProjectRow;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    let mut store = Store::open(&path).unwrap();
    let mut b2026 = grappe_core::Bareme::default_bareme();
    b2026.campaign = "2026".into();
    b2026.version = "2026.1".into();
    store.save_bareme(&b2026, None).unwrap();
    let followed = store.create(&demo::demo_followed()).unwrap();
    let mut draft = demo::demo_dossier();
    draft.campaign = "2026".into();
    let draft = store.create(&draft).unwrap();
    // In the list's order: the last changed first.
    let fresh = |store: &Store, day| -> Vec<(i64, ProjectRow)> {
        store
            .list()
            .unwrap()
            .iter()
            .map(|s| s.id)
            .map(|id| {
                let d = store.load(id).unwrap().dossier;
                (id, ProjectRow::of(&d, store.baremes().of(&d.campaign), day))
            })
            .collect()
    };
    // Every row as the état par projet gets it (enveloppes included), checked against the
    // rows the table gets (its figures only).
    let projects_on = |store: &Store, day| -> Vec<(i64, ProjectRow)> {
        let figures = store.projects_on(day, RowDetail::Figures).unwrap();
        let whole = store.projects_on(day, RowDetail::WithEnveloppes).unwrap();
        let without: Vec<_> = whole
            .iter()
            .cloned()
            .map(|(id, row)| {
                (
                    id,
                    ProjectRow {
                        enveloppes: Vec::new(),
                        ..row
                    },
                )
            })
            .collect();
        assert_eq!(figures, without);
        assert!(whole.iter().any(|(_, row)| !row.enveloppes.is_empty()));
        whole
    };
    let day = chrono::NaiveDate::from_ymd_opt(2025, 4, 30).unwrap();
    assert_eq!(projects_on(&store, day), fresh(&store, day));
    let before = projects_on(&store, day);
    let spent = |rows: &[(i64, ProjectRow)]| rows.iter().find(|(id, _)| *id == followed).unwrap().1.spent;

    // An expense recorded here.
    let mut suivi = store.load(followed).unwrap().dossier.suivi.unwrap();
    let mut more = suivi.expenses[0].clone();
    more.reference = "F-NOUVELLE".into();
    more.date = day;
    suivi.expenses.push(more.clone());
    store.save_suivi(followed, Some(suivi), "une dépense").unwrap();
    let after = projects_on(&store, day);
    assert_eq!(after, fresh(&store, day));
    assert_eq!(spent(&after), spent(&before) + more.amount.value());

    // The draft renamed by another Grappe on the same file.
    {
        let mut other = Store::open(&path).unwrap();
        let mut d = other.load(draft).unwrap().dossier;
        d.name = "Renommé ailleurs".into();
        other.save_header(draft, &d).unwrap();
    }
    let renamed = projects_on(&store, day);
    assert_eq!(renamed, fresh(&store, day));
    assert!(renamed.iter().any(|(_, r)| r.name == "Renommé ailleurs"));

    // The draft's barème edited: its requested amount follows.
    b2026.lines[0].amount += rust_decimal::Decimal::from(1000);
    store.save_bareme(&b2026, Some("2026")).unwrap();
    let edited = projects_on(&store, day);
    assert_eq!(edited, fresh(&store, day));
    assert_ne!(
        edited.iter().find(|(id, _)| *id == draft).unwrap().1.requested,
        renamed.iter().find(|(id, _)| *id == draft).unwrap().1.requested
    );

    // Another date: a year later, the follow-up has moved on.
    let later = chrono::Datelike::with_year(&day, 2026).unwrap();
    assert_eq!(projects_on(&store, later), fresh(&store, later));
    assert_eq!(projects_on(&store, day), fresh(&store, day));

    // Kept in the file for the next start, one row per dossier; a deleted dossier's goes.
    assert_eq!(kept_rows(&path), 2);
    drop(store);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(projects_on(&store, day), fresh(&store, day));

    // A backup whose kept rows were forged: restored, its rows are worked out again.
    let backup = dir.path().join("sauvegarde.sqlite");
    store.backup_to(&backup, false).unwrap();
    {
        let forged = rusqlite::Connection::open(&backup).unwrap();
        let row: String = forged
            .query_row("SELECT row FROM project_rows WHERE dossier_id = ?1", [followed], |r| {
                r.get(0)
            })
            .unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&row).unwrap();
        v["spent"] = serde_json::json!("0");
        forged
            .execute(
                "UPDATE project_rows SET row = ?1 WHERE dossier_id = ?2",
                rusqlite::params![v.to_string(), followed],
            )
            .unwrap();
    }
    drop(store);
    grappe_store::restore_backup(&path, &backup).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(kept_rows(&path), 0);
    let restored = projects_on(&store, day);
    assert_eq!(restored, fresh(&store, day));
    assert_eq!(spent(&restored), spent(&after));
    let mut store = store;
    store.delete(draft).unwrap();
    assert_eq!(kept_rows(&path), 1);

    // Another program writing the store: the rows are given all the same without waiting for
    // it, not kept; the store writes as before once it is done, and keeps what it works out.
    {
        let mut again = Store::open(&path).unwrap();
        let other = rusqlite::Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        other.execute("DELETE FROM project_rows", []).unwrap();
        assert_eq!(projects_on(&again, later), fresh(&again, later));
        other.execute_batch("COMMIT").unwrap();
        assert_eq!(kept_rows(&path), 0);
        let d = again.load(followed).unwrap().dossier;
        again.save_header(followed, &d).unwrap();
        assert_eq!(projects_on(&again, later), fresh(&again, later));
        assert_eq!(kept_rows(&path), 1);
    }
}

#[test]
fn the_projects_prepared_a_slice_at_a_time_are_those_worked_out_on_demand() {
    use grappe_core::portfolio::ProjectRow;
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    let mut store = Store::open(&path).unwrap();
    for i in 0..3 {
        let mut d = demo::demo_followed();
        d.name = format!("Projet {i}");
        store.create(&d).unwrap();
    }
    let day = chrono::NaiveDate::from_ymd_opt(2025, 4, 30).unwrap();
    // No time left: nothing worked out, not ready.
    assert!(!store.prepare_projects(day, Instant::now()).unwrap());
    assert_eq!(kept_rows(&path), 0);
    assert!(store
        .prepare_projects(day, Instant::now() + Duration::from_secs(60))
        .unwrap());
    assert_eq!(kept_rows(&path), 3);
    // Ready once prepared, and ready again the next time without working anything out.
    assert!(store.prepare_projects(day, Instant::now()).unwrap());
    let fresh = |store: &Store| -> Vec<(i64, ProjectRow)> {
        store
            .list()
            .unwrap()
            .iter()
            .map(|s| {
                let d = store.load(s.id).unwrap().dossier;
                (s.id, ProjectRow::of(&d, store.baremes().of(&d.campaign), day))
            })
            .collect()
    };
    assert_eq!(
        store.projects_on(day, RowDetail::WithEnveloppes).unwrap(),
        fresh(&store)
    );

    // After a restart, one dossier changed by another program: the others are ready from the
    // store, and the changed one is worked out again.
    drop(store);
    let id = {
        let mut other = Store::open(&path).unwrap();
        let id = other.list().unwrap()[1].id;
        let mut suivi = other.load(id).unwrap().dossier.suivi.unwrap();
        let mut more = suivi.expenses[0].clone();
        more.reference = "F-AILLEURS".into();
        suivi.expenses.push(more);
        other.save_suivi(id, Some(suivi), "une dépense").unwrap();
        id
    };
    let store = Store::open(&path).unwrap();
    assert!(!store.prepare_projects(day, Instant::now()).unwrap());
    assert!(store
        .prepare_projects(day, Instant::now() + Duration::from_secs(60))
        .unwrap());
    let rows = store.projects_on(day, RowDetail::WithEnveloppes).unwrap();
    assert_eq!(rows, fresh(&store));
    assert!(rows.iter().any(|(i, _)| *i == id));
}
