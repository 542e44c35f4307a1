//! The Suivi screens' commands, called by name as the UI calls them, on a real store: the demo
//! dossier filed, awarded with a line lowered, paid, spent, measured, and its documents.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::NaiveDate;
use common::Session;
use serde_json::{json, Value};

/// A session on the demo dossier, on 30/04/2025.
fn session() -> (Session, i64) {
    let mut s = Session::new();
    s.desktop.today = NaiveDate::from_ymd_opt(2025, 4, 30).unwrap();
    let id = s.demo();
    (s, id)
}

/// Filed and awarded as requested, but the Fondation's MOA nouvelle solution lowered.
fn awarded(s: &Session, id: i64) -> Value {
    s.ok("mark_filed", json!({ "id": id, "filedOn": "2024-04-02" }));
    let v = s.ok(
        "award_as_requested",
        json!({ "id": id, "decision": { "decisionReference": "ARS-HDF-2024-117", "decisionDate": "2024-07-10",
                "conventionReference": "CONV-2024-117", "conventionDate": "2024-09-20" } }),
    );
    let line = v["award"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| {
            l["line"]["og"] == "620991026"
                && l["line"]["label"]
                    .as_str()
                    .unwrap()
                    .starts_with("Maîtrise d'ouvrage — nouvelle")
        })
        .unwrap()["line"]
        .clone();
    s.ok(
        "set_award_line",
        json!({ "id": id, "line": line, "granted": "33 333,33 €" }),
    )
}

fn editeur() -> Value {
    json!({ "og": "620991026", "rule": "R-REG-NEW", "label": "Éditeur — acquisition d'une nouvelle solution (AAP régional)" })
}

#[test]
fn filing_then_the_award_then_a_payment_show_the_follow_up_to_the_cent() {
    let (s, id) = session();
    let v = s.ok("suivi_view", json!({ "id": id }));
    assert_eq!(v["stage"], "brouillon");
    // Awarding needs the filing first.
    assert_eq!(
        s.err("award_as_requested", json!({ "id": id, "decision": { "decisionReference": "", "decisionDate": null, "conventionReference": "", "conventionDate": null } })).code,
        "not_filed"
    );
    let v = awarded(&s, id);
    assert_eq!(v["stage"], "attribué");
    assert_eq!(v["filed_on"], "02/04/2024");
    assert_eq!(v["total"]["awarded_fr"], "460\u{202f}333,33\u{a0}€");
    assert_eq!(
        s.err("mark_filed", json!({ "id": id, "filedOn": "2024-04-03" })).code,
        "already_filed"
    );
    // 80 000,00 received by the Fondation: its start tranche and 9 833,33 of the next.
    let v = s.ok(
        "add_payment",
        json!({ "id": id, "payment": { "date": "2024-10-15", "amount": "80000", "reference": "FMIS-42", "og": "620991026", "tranche": null } }),
    );
    let targets = v["tranches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| {
            t["og_name"] == "Fondation Horizon Handicap" && t["label"].as_str().unwrap().starts_with("Sur preuve")
        })
        .unwrap()
        .clone();
    assert_eq!(targets["received_fr"], "9\u{202f}833,33\u{a0}€");
    assert_eq!(targets["outstanding_fr"], "16\u{202f}833,33\u{a0}€");
    assert!(v["tranches"].as_array().unwrap().iter().any(|t| t["overdue"] == true));
    assert_eq!(v["payments"][0]["og_name"], "Fondation Horizon Handicap");
    // The home list shows the stage and what is due next: the porteur's start tranche, late.
    let list = s.ok("list_dossiers", json!({}));
    let row = list.as_array().unwrap().iter().find(|d| d["id"] == id).unwrap();
    assert_eq!(row["stage"], "attribué");
    assert!(
        row["next_deadline"]
            .as_str()
            .unwrap()
            .starts_with("20/09/2024 — Versement en retard : Association Les Tilleuls Solidaires"),
        "{row}"
    );
    assert_eq!(row["next_deadline_late"], true);
    // Each action is a version of the dossier's history.
    let history = s.ok("dossier_history", json!({ "id": id }));
    let descriptions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["description"].as_str().unwrap())
        .collect();
    assert!(
        descriptions.contains(&"Dossier déposé le 02/04/2024"),
        "{descriptions:?}"
    );
    assert!(
        descriptions.iter().any(|d| d.starts_with("Versement de 80")),
        "{descriptions:?}"
    );
}

#[test]
fn expenses_pieces_targets_and_measurements_with_french_refusals_naming_the_field() {
    let (s, id) = session();
    awarded(&s, id);
    let v = s.ok(
        "add_expense",
        json!({ "id": id, "expense": { "date": "2024-11-04", "supplier": "Éditions Logicielles du Nord", "reference": "F-311",
                "amount": "18 000,00", "enveloppe": editeur(), "essms": null } }),
    );
    assert_eq!(v["expense_count"], 1);
    let page = s.ok(
        "suivi_expenses",
        json!({ "id": id, "og": null, "enveloppe": null, "page": 0 }),
    );
    assert_eq!(page["rows"][0]["amount_fr"], "18\u{202f}000,00\u{a0}€");
    let e = s.err(
        "add_expense",
        json!({ "id": id, "expense": { "date": "2024-11-04", "supplier": "", "reference": "F-312", "amount": "18000,001",
                "enveloppe": editeur(), "essms": null } }),
    );
    assert_eq!(
        (e.code.to_string().as_str(), e.field.as_deref()),
        ("bad_amount", Some("amount"))
    );
    assert!(e.message.contains("au plus 2 décimales"), "{}", e.message);
    let e = s.err(
        "add_expense",
        json!({ "id": id, "expense": { "date": "2025-02-31", "supplier": "", "reference": "F-313", "amount": "10",
                "enveloppe": editeur(), "essms": null } }),
    );
    // Dates cross the IPC as ISO, checked as typed by the interface: a bad one is refused
    // whole, naming the value, never dropped.
    assert_eq!(e.code, "bad_arguments");
    assert!(e.message.contains("« expense.date »"), "{}", e.message);
    assert_eq!(s.ok("suivi_view", json!({ "id": id }))["expense_count"], 1);
    let mut unknown = editeur();
    unknown["rule"] = "R-MARCHE".into();
    let e = s.err(
        "add_expense",
        json!({ "id": id, "expense": { "date": "2024-11-04", "supplier": "", "reference": "F-314", "amount": "10",
                "enveloppe": unknown, "essms": null } }),
    );
    assert_eq!(e.code, "enveloppe_unknown");
    // None chosen: the same refusal, from the same rule, on the same field.
    let e = s.err(
        "add_expense",
        json!({ "id": id, "expense": { "date": "2024-11-04", "supplier": "", "reference": "F-315", "amount": "10",
                "enveloppe": null, "essms": null } }),
    );
    assert_eq!(
        (e.code.to_string().as_str(), e.field.as_deref(), e.message.as_str()),
        (
            "enveloppe_unknown",
            Some("enveloppe"),
            "choisissez une enveloppe de l'attribution"
        )
    );

    // The invoice attached: kept in the store.
    let invoice = s.dir.path().join("F-311.pdf");
    std::fs::write(&invoice, b"%PDF-1.7 facture").unwrap();
    s.ok("attach_piece", json!({ "id": id, "index": 0, "path": invoice }));
    let page = s.ok(
        "suivi_expenses",
        json!({ "id": id, "og": null, "enveloppe": null, "page": 0 }),
    );
    assert_eq!(page["rows"][0]["piece"].as_str().unwrap().len(), 64);
    let big = s.dir.path().join("scan.tiff");
    std::fs::write(&big, vec![0u8; grappe_store::MAX_PIECE + 1]).unwrap();
    assert_eq!(
        s.err("attach_piece", json!({ "id": id, "index": 0, "path": big })).code,
        "file_too_large"
    );

    // A target made measurable, measured for the grappe.
    let name = "Documents envoyés à Mon espace santé";
    let e = s.err(
        "set_indicator",
        json!({ "id": id, "indicator": { "indicator": name, "target": "150", "unit": "percent", "scope": "grappe" } }),
    );
    assert_eq!(e.field.as_deref(), Some("target"));
    s.ok(
        "set_indicator",
        json!({ "id": id, "indicator": { "indicator": name, "target": "50", "unit": "percent", "scope": "grappe" } }),
    );
    let e = s.err(
        "add_measurement",
        json!({ "id": id, "measurement": { "indicator": name, "essms": "599011004", "date": "2025-03-31", "value": "38", "source": "" } }),
    );
    assert_eq!(e.field.as_deref(), Some("essms"));
    let v = s.ok(
        "add_measurement",
        json!({ "id": id, "measurement": { "indicator": name, "essms": null, "date": "2025-03-31", "value": "38,5 %", "source": "Export MES" } }),
    );
    let target = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["indicator"] == name)
        .unwrap()
        .clone();
    assert_eq!(
        (target["status"].as_str(), target["reached"].as_bool()),
        (Some("38,5 % le 31/03/2025"), Some(false))
    );
    assert_eq!(target["points"], json!([["2025-03-31", "38.5"]]));
    assert!(!v["solde"]["ready"].as_bool().unwrap());
    // Deleting the expense.
    let v = s.ok("delete_expense", json!({ "id": id, "index": 0 }));
    assert_eq!(v["expense_count"], 0);
}

#[test]
fn the_expenses_come_by_page_the_latest_first_filtered_by_og_and_enveloppe() {
    let (s, id) = session();
    let v = awarded(&s, id);
    let horizon = v["enveloppes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"]["og"] != "620991026")
        .unwrap()["key"]
        .clone();
    for n in 0..230 {
        let enveloppe = if n % 10 == 0 { horizon.clone() } else { editeur() };
        s.ok(
            "add_expense",
            json!({ "id": id, "expense": { "date": "2024-11-04", "supplier": "Fournisseur", "reference": format!("F-{n:03}"),
                    "amount": "10,01", "enveloppe": enveloppe, "essms": null } }),
        );
    }
    let page = |og: Value, enveloppe: Value, page: u32| {
        s.ok(
            "suivi_expenses",
            json!({ "id": id, "og": og, "enveloppe": enveloppe, "page": page }),
        )
    };
    let first = page(Value::Null, Value::Null, 0);
    assert_eq!(
        (first["count"].clone(), first["all"].clone(), first["pages"].clone()),
        (json!(230), json!(230), json!(3))
    );
    assert_eq!(first["rows"].as_array().unwrap().len(), 100);
    assert_eq!(first["rows"][0]["reference"], "F-229");
    assert_eq!(first["amount_fr"], "2\u{202f}302,30\u{a0}€");
    let last = page(Value::Null, Value::Null, 7);
    assert_eq!(
        (last["page"].clone(), last["rows"].as_array().unwrap().len()),
        (json!(2), 30)
    );
    assert_eq!(last["rows"][29]["reference"], "F-000");
    // By OG: the Fondation Horizon Handicap's 207 expenses; by enveloppe: the 23 of the other OG's.
    let fondation = page(json!("620 991 026"), Value::Null, 0);
    assert_eq!(
        (fondation["count"].clone(), fondation["all"].clone()),
        (json!(207), json!(230))
    );
    let other = page(Value::Null, horizon, 0);
    assert_eq!(other["count"], 23);
    assert_eq!(other["amount_fr"], "230,23\u{a0}€");
    assert!(other["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["og_name"] != "Fondation Horizon Handicap"));
    assert!(fondation["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["og_name"] == "Fondation Horizon Handicap"));
}

#[test]
fn imports_and_documents_of_the_follow_up() {
    let (s, id) = session();
    awarded(&s, id);
    let export = s.dir.path().join("grand-livre.csv");
    std::fs::write(
        &export,
        "Date;Fournisseur;Référence;Montant;Enveloppe;FINESS EJ\n05/03/2025;Éditions;F-44;12 000,00;acquisition;620991026\n06/03/2025;X;F-45;1,00;inconnue;620991026\n",
    )
    .unwrap();
    let report = s.ok("import_expenses", json!({ "id": id, "path": export }));
    assert_eq!(
        report["summary"],
        "1 dépense(s) importée(s), 0 déjà présente(s), 1 ligne(s) rejetée(s)."
    );
    assert_eq!(report["rejected"][0]["line"], 3);

    let pdf = s.dir.path().join("etat");
    let generated = s.ok(
        "generate_suivi_document",
        json!({ "id": id, "request": { "document": "etat_consommation", "path": pdf, "date": "2025-04-30", "existing": "keep" } }),
    );
    assert!(std::fs::read(s.dir.path().join("etat.pdf"))
        .unwrap()
        .starts_with(b"%PDF-"));
    assert!(s.dir.path().join("etat.xlsx").exists());
    assert_eq!(generated["draft"], false);
    let e = s.err(
        "generate_suivi_document",
        json!({ "id": id, "request": { "document": "etat_consommation", "path": s.dir.path().join("etat.pdf"), "date": null, "existing": "keep" } }),
    );
    assert_eq!(e.code, "file_exists");
    let solde = s.ok(
        "generate_suivi_document",
        json!({ "id": id, "request": { "document": "demande_solde", "path": s.dir.path().join("solde.pdf"), "date": null, "existing": "keep" } }),
    );
    assert_eq!(
        (solde["draft"].as_bool(), solde["annexes"].as_array().unwrap().len()),
        (Some(true), 0)
    );
    // The compte rendu's review and an explained gap.
    s.ok("set_review", json!({ "id": id, "review": "Le DUI est déployé." }));
    let v = s.ok(
        "set_explanation",
        json!({ "id": id, "enveloppe": editeur(), "text": "Remise de l'éditeur." }),
    );
    assert_eq!(v["review"], "Le DUI est déployé.");
    let gap = v["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["enveloppe"] == editeur())
        .unwrap()
        .clone();
    assert_eq!(gap["explanation"], "Remise de l'éditeur.");
    let documents = s.ok("list_documents", json!({ "id": id }));
    assert_eq!(documents.as_array().unwrap().len(), 2);
}

#[test]
fn a_followed_dossier_travels_with_its_invoices_as_one_archive() {
    let (s, id) = session();
    awarded(&s, id);
    s.ok(
        "add_expense",
        json!({ "id": id, "expense": { "date": "2024-11-04", "supplier": "Éditions Logicielles du Nord", "reference": "F-311",
                "amount": "18 000,00", "enveloppe": editeur(), "essms": null } }),
    );
    let invoice = s.dir.path().join("F-311.pdf");
    std::fs::write(&invoice, b"%PDF-1.7 facture").unwrap();
    s.ok("attach_piece", json!({ "id": id, "index": 0, "path": invoice }));
    let archive = s.desktop.documents.join("Flandres avec pièces.zip");
    s.ok(
        "export_dossier",
        json!({ "id": id, "path": archive, "existing": "keep" }),
    );
    assert_eq!(
        s.err(
            "export_dossier",
            json!({ "id": id, "path": archive, "existing": "keep" })
        )
        .code,
        "file_exists"
    );
    let copy = s.ok("import_dossier", json!({ "path": archive }))["id"]
        .as_i64()
        .unwrap();
    assert_ne!(copy, id);
    let page = s.ok(
        "suivi_expenses",
        json!({ "id": copy, "og": null, "enveloppe": null, "page": 0 }),
    );
    assert_eq!(page["rows"][0]["reference"], "F-311");
    assert_eq!(page["rows"][0]["piece"].as_str().unwrap().len(), 64);
    assert_eq!(
        s.ok("suivi_view", json!({ "id": copy }))["total"],
        s.ok("suivi_view", json!({ "id": id }))["total"]
    );
    // A damaged archive: refused in French, nothing imported.
    let mut bytes = std::fs::read(&archive).unwrap();
    let at = bytes.windows(9).position(|w| w == b"%PDF-1.7 ").unwrap();
    bytes[at] = b'#';
    let damaged = s.dir.path().join("abîmée.zip");
    std::fs::write(&damaged, bytes).unwrap();
    let before = s.ok("list_dossiers", json!({})).as_array().unwrap().len();
    let e = s.err("import_dossier", json!({ "path": damaged }));
    assert!(
        e.message
            .contains("F-311.pdf » est abîmé dans l'archive (somme de contrôle fausse) ; rien n'a été importé"),
        "{}",
        e.message
    );
    assert_eq!(s.ok("list_dossiers", json!({})).as_array().unwrap().len(), before);
}
