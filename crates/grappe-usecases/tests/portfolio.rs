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

#[test]
fn the_portfolio_of_30_dossiers_equals_each_suivi_to_the_cent_and_its_totals_their_sums() {
    let s = Session::new();
    let demo_id = s.demo();
    s.ok("delete_dossier", json!({ "id": demo_id }));
    for (i, d) in dossiers().iter().enumerate() {
        let path = s.path(&format!("projet-{i}.json"));
        std::fs::write(&path, dossier_file::to_json(d)).unwrap();
        s.ok("import_dossier", json!({ "path": path }));
    }
    let p = portfolio(&s, all());
    let rows = p["rows"].as_array().unwrap();
    assert_eq!((rows.len(), p["all"].as_u64()), (30, Some(30)));
    for r in rows {
        let v = s.ok("suivi_view", json!({ "id": r["id"], "date": "2025-04-30" }));
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
