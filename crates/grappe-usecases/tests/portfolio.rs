//! Le portefeuille through the command table, on a real store of 30 dossiers at different
//! stages: each row equals its dossier's own Suivi to the cent, the totals equal their sums, the
//! filters keep what they say.
#![allow(clippy::unwrap_used)]

mod common;

use common::Session;
use grappe_core::{demo, dossier_file, Dossier};
use serde_json::{json, Value};

/// 30 projects for 3 clients: a third being prepared, a third filed, a third followed with
/// fewer and fewer payments and expenses.
fn dossiers() -> Vec<Dossier> {
    (0..30)
        .map(|i| {
            let mut d = match i % 3 {
                0 => demo::demo_dossier(),
                1 => {
                    let mut d = demo::demo_followed();
                    let suivi = d.suivi.as_mut().unwrap();
                    suivi.award = None;
                    suivi.payments.clear();
                    suivi.expenses.clear();
                    d
                }
                _ => {
                    let mut d = demo::demo_followed();
                    let suivi = d.suivi.as_mut().unwrap();
                    suivi.payments.truncate(i % 4);
                    suivi.expenses.truncate(i % 5);
                    d
                }
            };
            d.name = format!("Projet {i:02}");
            let porteur = d.porteur.clone();
            let og = d.ogs.iter_mut().find(|o| o.finess_ej == porteur).unwrap();
            og.name = format!("Client {}", i % 3 + 1);
            d
        })
        .collect()
}

fn portfolio(s: &Session, filter: Value) -> Value {
    s.ok("portfolio", json!({ "date": "2025-04-30", "filter": filter }))
}

fn all() -> Value {
    json!({ "client": "", "funder": "", "campaign": "", "stage": "", "lateOnly": false, "search": "" })
}

/// A session whose store holds the 30 projects of [`dossiers`] (and nothing else).
fn thirty() -> Session {
    let s = Session::new();
    let demo_id = s.demo();
    s.ok("delete_dossier", json!({ "id": demo_id }));
    for (i, d) in dossiers().iter().enumerate() {
        let path = s.path(&format!("projet-{i}.json"));
        std::fs::write(&path, dossier_file::to_json(d)).unwrap();
        s.ok("import_dossier", json!({ "path": path }));
    }
    s
}

/// Each row of portfolio `p` at `date` has the figures of its dossier's own Suivi.
fn assert_rows_are_their_suivis(s: &Session, p: &Value, date: &str) {
    for r in p["rows"].as_array().unwrap() {
        let v = s.ok("suivi_view", json!({ "id": r["id"], "date": date }));
        for (ours, theirs) in [
            ("awarded_fr", "awarded_fr"),
            ("received_fr", "received_fr"),
            ("spent_fr", "spent_fr"),
            ("remaining_fr", "remaining_fr"),
            ("consumed_fr", "consumed_fr"),
        ] {
            assert_eq!(r[ours], v["total"][theirs], "{} {ours}", r["name"]);
        }
        assert_eq!(r["stage"], v["stage"], "{}", r["name"]);
    }
}

#[test]
fn the_portfolio_of_30_dossiers_equals_each_suivi_to_the_cent_and_its_totals_their_sums() {
    let s = thirty();
    let p = portfolio(&s, all());
    let rows = p["rows"].as_array().unwrap();
    assert_eq!((rows.len(), p["all"].as_u64()), (30, Some(30)));
    assert_rows_are_their_suivis(&s, &p, "2025-04-30");
    // The totals are the sums of the rows, to the cent.
    let sum = |field: &str| -> rust_decimal::Decimal {
        rows.iter()
            .map(|r| r[field].as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap())
            .sum()
    };
    let fr = |d: rust_decimal::Decimal| grappe_core::money::format_eur(d);
    for field in ["requested", "awarded", "received", "spent", "remaining"] {
        assert_eq!(p["totals"][format!("{field}_fr")], fr(sum(field)), "{field}");
    }
    assert_eq!(p["totals"]["projects"], 30);
    assert_eq!(p["clients"], json!(["Client 1", "Client 2", "Client 3"]));
    assert_eq!(p["funders"], json!(["ARS Hauts-de-France"]));

    // Filters: one client, a stage, late only, words.
    let with = |change: Value| {
        let mut f = all();
        for (k, v) in change.as_object().unwrap() {
            f[k] = v.clone();
        }
        portfolio(&s, f)
    };
    let client = with(json!({ "client": "Client 2" }));
    assert_eq!(client["rows"].as_array().unwrap().len(), 10);
    assert!(client["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["client"] == "Client 2"));
    let drafts = with(json!({ "stage": "brouillon" }));
    assert_eq!(drafts["totals"]["projects"], 10);
    assert_eq!(drafts["totals"]["awarded_fr"], fr(rust_decimal::Decimal::ZERO));
    let late = with(json!({ "lateOnly": true }));
    let late_rows = late["rows"].as_array().unwrap();
    assert!(!late_rows.is_empty() && late_rows.iter().all(|r| !r["late"].as_array().unwrap().is_empty()));
    assert_eq!(late["totals"]["late_projects"], late_rows.len());
    let one = with(json!({ "search": "projet 07" }));
    assert_eq!(one["rows"][0]["name"], "Projet 07");
    assert_eq!(one["rows"].as_array().unwrap().len(), 1);

    // The agenda of the late ones: one event per dated deadline, never over a file unasked.
    let ics = s.path("echeances.ics");
    let late_only = json!({ "client": "", "funder": "", "campaign": "", "stage": "", "lateOnly": true, "search": "" });
    let written = s.ok(
        "export_agenda",
        json!({ "date": "2025-04-30", "filter": late_only, "path": ics, "existing": "keep" }),
    );
    assert_eq!(written["projects"], late_rows.len());
    let text = std::fs::read_to_string(&ics).unwrap();
    assert_eq!(
        text.matches("BEGIN:VEVENT").count() as u64,
        written["events"].as_u64().unwrap()
    );
    assert!(text.contains("BEGIN:VALARM") && text.contains("UID:compte-rendu."));
    let e = s.err(
        "export_agenda",
        json!({ "date": "2025-04-30", "filter": late_only, "path": ics, "existing": "keep" }),
    );
    assert_eq!(e.code, "file_exists");
    // The état par projet of the late ones: its PDF and workbook, together.
    let pdf = s.path("etat-par-projet.pdf");
    let g = s.ok(
        "portfolio_document",
        json!({ "date": "2025-04-30", "filter": late_only, "path": pdf, "existing": "keep" }),
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    assert!(s.path("etat-par-projet.xlsx").exists());
    assert_eq!(g["annexes"].as_array().unwrap().len(), 1);
    let e = s.err(
        "portfolio_document",
        json!({ "date": "2025-04-30", "filter": late_only, "path": pdf, "existing": "keep" }),
    );
    assert_eq!(e.code, "file_exists");
}

#[test]
fn the_portfolio_prepared_in_the_background_while_commands_run_is_each_suivi_s() {
    let s = thirty();
    let day = chrono::NaiveDate::from_ymd_opt(2025, 9, 15).unwrap();
    let app = std::sync::Arc::clone(&s.app);
    let preparing = std::thread::spawn(move || app.prepare_portfolio(day));
    // Meanwhile the user works: the list, the portfolio, a Suivi and a dossier are answered.
    let id = s.ok("list_dossiers", json!({}))[0]["id"].clone();
    for _ in 0..5 {
        assert_eq!(portfolio(&s, all())["rows"].as_array().unwrap().len(), 30);
    }
    assert!(s.ok("suivi_view", json!({ "id": id, "date": "2025-09-15" }))["stage"].is_string());
    assert!(s.ok("open_dossier", json!({ "id": id })).is_object());
    preparing.join().unwrap();
    let kept: i64 = rusqlite::Connection::open(s.path("grappe.sqlite"))
        .unwrap()
        .query_row("SELECT COUNT(*) FROM project_rows", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 30);
    let p = s.ok("portfolio", json!({ "date": "2025-09-15", "filter": all() }));
    assert_eq!(p["rows"].as_array().unwrap().len(), 30);
    assert_rows_are_their_suivis(&s, &p, "2025-09-15");
}

/// Every file of `dir` (not its folders) with its bytes.
fn files_of(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// A team's network folder: its dossier files and archives are shown beside the store's
/// projects, each followed with the barème its file carries, read only — nothing is written to
/// the store or to the folder —, the files that do not read listed with their reason, and the
/// agenda and the état par projet take them in too.
#[test]
fn a_shared_folder_s_dossiers_are_shown_beside_the_store_s_read_only() {
    let s = Session::new();
    let demo_id = s.demo();
    let shared = s.path("Partage équipe");
    std::fs::create_dir_all(shared.join("archives anciennes")).unwrap();
    // An archive with its pieces, exported from the store, of the followed demo.
    let mut followed = demo::demo_followed();
    followed.name = "Projet partagé en archive".into();
    let file = s.path("suivi.json");
    std::fs::write(&file, dossier_file::to_json(&followed)).unwrap();
    let followed_id = s.ok("import_dossier", json!({ "path": file }))["id"].as_i64().unwrap();
    s.ok(
        "export_dossier",
        json!({ "id": followed_id, "path": shared.join("Suivi Flandres.zip"), "existing": "keep" }),
    );
    s.ok("delete_dossier", json!({ "id": followed_id }));
    // A dossier file computed with a barème of another installation, carried in the file.
    let mut other = grappe_core::Bareme::default_bareme();
    other.campaign = "2031".into();
    other.version = "2031.1".into();
    other.lines[0].amount += rust_decimal::Decimal::from(1000);
    let mut carried = demo::demo_dossier();
    carried.name = "Projet d'un collègue".into();
    carried.campaign = "2031".into();
    carried.bareme = Some(grappe_core::model::CarriedBareme::of(&other, false));
    std::fs::write(shared.join("collègue.grappe"), dossier_file::to_json(&carried)).unwrap();
    // What does not read, what is not a dossier, what is not looked at.
    std::fs::write(
        shared.join("abîmé.json"),
        "{\"format\": \"grappe-dossier/6\", \"name\": ",
    )
    .unwrap();
    std::fs::write(shared.join("photos.zip"), b"PK\x03\x04 pas une archive").unwrap();
    std::fs::write(shared.join(".verrou.json"), "{}").unwrap();
    std::fs::write(shared.join("notes.txt"), "à voir").unwrap();
    std::fs::write(
        shared.join("archives anciennes").join("vieux.json"),
        dossier_file::to_json(&carried),
    )
    .unwrap();
    let before = files_of(&shared);
    let baremes_before = s.ok("list_baremes", json!({}));

    let mut filter = all();
    filter["sharedFolder"] = json!(shared);
    let p = portfolio(&s, filter.clone());
    let rows = p["rows"].as_array().unwrap();
    assert_eq!((p["all"].as_u64(), p["shared"].as_u64()), (Some(3), Some(2)), "{p}");
    let row = |name: &str| rows.iter().find(|r| r["name"] == name).unwrap().clone();
    assert_eq!(row("Grappe numérique des Flandres")["id"], demo_id);
    // The archive's project: read only (no number), its figures those of its own follow-up.
    let archived = row("Projet partagé en archive");
    assert!(archived["id"].is_null());
    assert!(archived["file"].as_str().unwrap().ends_with("Suivi Flandres.zip"));
    let day = chrono::NaiveDate::from_ymd_opt(2025, 4, 30).unwrap();
    let expected = grappe_core::portfolio::ProjectRow::of(&followed, &grappe_core::Bareme::default_bareme(), day);
    assert_eq!(archived["spent"], expected.spent.to_string());
    assert_eq!(archived["awarded"], expected.awarded.to_string());
    // The colleague's: requested with the barème its file carries, not the store's default.
    let colleague = row("Projet d'un collègue");
    assert_eq!(
        colleague["requested"],
        grappe_core::evaluate(&carried, &other)
            .funding
            .total
            .value()
            .to_string()
    );
    assert_ne!(
        colleague["requested"],
        row("Grappe numérique des Flandres")["requested"]
    );
    // The files that do not read, each with its reason; the others are not even named.
    let unread: Vec<String> = p["unread"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| format!("{} — {}", u["file"].as_str().unwrap(), u["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(unread.len(), 2, "{unread:?}");
    assert!(
        unread[0].starts_with("abîmé.json — ce n'est pas un dossier Grappe lisible"),
        "{unread:?}"
    );
    assert!(unread[1].starts_with("photos.zip — "), "{unread:?}");
    // Read only: the folder as it was, the store's dossiers and barèmes as they were.
    assert_eq!(files_of(&shared), before);
    assert_eq!(s.ok("list_baremes", json!({})), baremes_before);
    assert_eq!(s.ok("list_dossiers", json!({})).as_array().unwrap().len(), 1);

    // The agenda and the état par projet of what is shown take the folder's projects in.
    let ics = s.path("echeances.ics");
    let written = s.ok(
        "export_agenda",
        json!({ "date": "2025-04-30", "filter": filter, "path": ics, "existing": "keep" }),
    );
    assert_eq!(written["projects"], 3);
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.contains(&format!("UID:compte-rendu.{demo_id}@")), "{text}");
    assert!(text.contains("UID:compte-rendu.partage-Suivi_Flandres_zip@"), "{text}");
    let pdf = s.path("etat.pdf");
    s.ok(
        "portfolio_document",
        json!({ "date": "2025-04-30", "filter": filter, "path": pdf, "existing": "keep" }),
    );
    let workbook = std::fs::read(s.path("etat.xlsx")).unwrap();
    assert!(workbook.len() > 1000);

    // A folder that is not there: said, and the store's projects still shown.
    filter["sharedFolder"] = json!(s.path("absent"));
    let p = portfolio(&s, filter);
    assert_eq!(p["all"], 1);
    assert!(p["unread"][0]["reason"]
        .as_str()
        .unwrap()
        .starts_with("le dossier partagé ne se lit pas"));
}
