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
    let v = s.ok("suivi_view", json!({ "id": id }));
    let line = v["requested"]
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
    // One table, saved once: the decision, the convention and the line lowered.
    s.ok(
        "record_award",
        json!({ "id": id, "award": { "decisionReference": "ARS-HDF-2024-117", "decisionDate": "2024-07-10",
                "conventionReference": "CONV-2024-117", "conventionDate": "2024-09-20",
                "granted": [{ "line": line, "granted": "33 333,33 €" }] } }),
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
        s.err("record_award", json!({ "id": id, "award": { "decisionReference": "", "decisionDate": null, "conventionReference": "", "conventionDate": null, "granted": [] } })).code,
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
        json!({ "id": id, "payment": { "date": "2024-10-15", "amount": "80000", "reference": "FMIS-42", "og": "620991026", "tranche": null, "duplicateOk": false } }),
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
                "amount": "18 000,00", "enveloppe": editeur(), "essms": null, "duplicateOk": false } }),
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
                "enveloppe": editeur(), "essms": null, "duplicateOk": false } }),
    );
    assert_eq!(
        (e.code.to_string().as_str(), e.field.as_deref()),
        ("bad_amount", Some("amount"))
    );
    assert!(e.message.contains("au plus 2 décimales"), "{}", e.message);
    let e = s.err(
        "add_expense",
        json!({ "id": id, "expense": { "date": "2025-02-31", "supplier": "", "reference": "F-313", "amount": "10",
                "enveloppe": editeur(), "essms": null, "duplicateOk": false } }),
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
                "enveloppe": unknown, "essms": null, "duplicateOk": false } }),
    );
    assert_eq!(e.code, "enveloppe_unknown");
    // None chosen: the same refusal, from the same rule, on the same field.
    let e = s.err(
        "add_expense",
        json!({ "id": id, "expense": { "date": "2024-11-04", "supplier": "", "reference": "F-315", "amount": "10",
                "enveloppe": null, "essms": null, "duplicateOk": false } }),
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
    assert_eq!(target["points"], json!([["31/03/2025", "38.5"]]));
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
                    "amount": "10,01", "enveloppe": enveloppe, "essms": null, "duplicateOk": false } }),
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

    // The compte rendu (CERFA n° 15059*02): another funder must be named, nothing saved before.
    let cerfa_input = |funder: &str| {
        json!({ "id": id, "input": {
            "natures": [{ "enveloppe": editeur(), "nature": "61" }],
            "resources": [
                { "kind": "subvention", "label": funder, "prevu": "10 000,00", "realise": "8 000" },
                { "kind": "contributions_volontaires", "label": "Bénévolat", "prevu": "", "realise": "1 500,50" }
            ],
            "indirectPrevu": "3 000", "indirectRealise": "2 750,25",
            "indirectRule": "  Au prorata du temps passé. ", "contributionsNote": ""
        } })
    };
    let e = s.err("set_compte_rendu", cerfa_input(" "));
    assert_eq!(e.code, "funder_missing");
    assert_eq!(e.field.as_deref(), Some("resources[0].label"));
    let v = s.ok("set_compte_rendu", cerfa_input("Conseil départemental du Nord"));
    assert_eq!(v["last_change"], "Compte rendu financier complété");
    let cerfa = &v["cerfa"];
    assert_eq!(cerfa["model"], "CERFA n° 15059*02");
    let row = |side: &str, label: &str| {
        cerfa[side]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["label"].as_str().unwrap().starts_with(label))
            .unwrap_or_else(|| panic!("{label}"))
            .clone()
    };
    // The éditeur enveloppe's typed expenses now counted as 61, its award prévu there too.
    assert_ne!(row("charges", "Services extérieurs")["realise_fr"], "0,00\u{a0}€");
    assert_eq!(
        row("charges", "Charges indirectes")["realise_fr"],
        "2\u{202f}750,25\u{a0}€"
    );
    assert_eq!(
        row("products", "Subvention : Conseil départemental du Nord")["ecart_percent_fr"],
        "-20,0\u{202f}%"
    );
    assert_eq!(
        row("charges", "Emplois des contributions volontaires")["realise_fr"],
        "1\u{202f}500,50\u{a0}€"
    );
    assert_eq!(row("products", "Total des produits")["total"], true);
    assert!(cerfa["natures"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["enveloppe"] == editeur() && n["nature"] == "61" && n["chosen"] == true));
    // The form gets back what was typed, amounts as decimal strings, the rule trimmed.
    let input = &cerfa["input"];
    assert_eq!(
        (
            input["resources"][0]["prevu"].as_str(),
            input["resources"][1]["prevu"].as_str(),
            input["indirectRule"].as_str()
        ),
        (Some("10000.00"), Some(""), Some("Au prorata du temps passé."))
    );
}

#[test]
fn a_followed_dossier_travels_with_its_invoices_as_one_archive() {
    let (s, id) = session();
    awarded(&s, id);
    s.ok(
        "add_expense",
        json!({ "id": id, "expense": { "date": "2024-11-04", "supplier": "Éditions Logicielles du Nord", "reference": "F-311",
                "amount": "18 000,00", "enveloppe": editeur(), "essms": null, "duplicateOk": false } }),
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

fn payment(og: &str, date: &str, amount: &str, duplicate_ok: bool) -> Value {
    json!({ "date": date, "amount": amount, "reference": "FMIS-42", "og": og, "tranche": null, "duplicateOk": duplicate_ok })
}

#[test]
fn a_director_sees_corrects_deletes_and_undoes_what_was_recorded() {
    let (s, id) = session();
    // The targets as the director typed them in the wizard.
    let mut dossier = s.ok("open_dossier", json!({ "id": id }))["dossier"].clone();
    for (t, written) in dossier["usage_targets"].as_array_mut().unwrap().iter_mut().zip([
        "80 %",
        "au moins 90 %",
        "1 200 messages par an",
        "tous",
    ]) {
        t["target"] = written.into();
    }
    s.ok(
        "save_dossier",
        json!({ "id": id, "dossier": dossier, "description": "Modification : Cibles d'usage" }),
    );
    // What Grappe knows is offered: the filing date of step 1, each written target's value.
    let v = s.ok("suivi_view", json!({ "id": id }));
    assert_eq!(v["planned_filing"], "2024-04-02");
    assert_eq!(v["requested"].as_array().unwrap().len(), 23);
    let suggested: Vec<(Value, Value)> = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["suggested_target"].clone(), t["suggested_unit"].clone()))
        .collect();
    assert_eq!(
        suggested,
        [
            (json!("80"), json!("percent")),
            (json!("90"), json!("percent")),
            (json!("1200"), json!("count")),
            (Value::Null, Value::Null)
        ]
    );
    awarded(&s, id);
    let lowered = s.ok("suivi_view", json!({ "id": id }))["award"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["granted_fr"] == "33\u{202f}333,33\u{a0}€")
        .count();
    assert_eq!(lowered, 1);

    // A payment without its organisme: refused on that field, nothing recorded.
    let e = s.err(
        "add_payment",
        json!({ "id": id, "payment": payment("", "2024-10-15", "80 000,00", false) }),
    );
    assert_eq!(
        (e.code.to_string().as_str(), e.field.as_deref()),
        ("og_missing", Some("og"))
    );
    assert!(s.ok("suivi_view", json!({ "id": id }))["payments"]
        .as_array()
        .unwrap()
        .is_empty());
    // Recorded, listed, and how it was split is said at once.
    let v = s.ok(
        "add_payment",
        json!({ "id": id, "payment": payment("620991026", "2024-10-15", "80 000,00", false) }),
    );
    let row = &v["payments"][0];
    assert_eq!(
        (row["index"].clone(), row["date_iso"].clone(), row["amount"].clone()),
        (json!(0), json!("2024-10-15"), json!("80000.00"))
    );
    let split = row["split"].as_str().unwrap();
    assert!(split.contains("9\u{202f}833,33\u{a0}€ sur Sur preuve"), "{split}");
    assert_eq!(split.matches(" sur ").count(), 2, "{split}");
    // The same payment again is asked about; recorded when the user confirms.
    let e = s.err(
        "add_payment",
        json!({ "id": id, "payment": payment("620 991 026", "2024-10-15", "80000", false) }),
    );
    assert_eq!(e.code, "likely_duplicate");
    assert!(e.message.contains("déjà enregistré"), "{}", e.message);
    let v = s.ok(
        "add_payment",
        json!({ "id": id, "payment": payment("620991026", "2024-10-15", "80000", true) }),
    );
    assert_eq!(v["payments"].as_array().unwrap().len(), 2);
    // Corrected, then deleted.
    let v = s.ok(
        "update_payment",
        json!({ "id": id, "index": 1, "payment": payment("620991026", "2024-12-01", "5 000,00", false) }),
    );
    assert_eq!(v["payments"][1]["amount_fr"], "5\u{202f}000,00\u{a0}€");
    assert_eq!(v["last_change"], "Versement corrigé");
    let v = s.ok("delete_payment", json!({ "id": id, "index": 1 }));
    assert_eq!(v["payments"].as_array().unwrap().len(), 1);
    assert_eq!(v["last_change"], "Versement supprimé");

    // Undo names and undoes the last change: the payment is back, the candidature untouched.
    let targets_before = s.ok("open_dossier", json!({ "id": id }))["dossier"]["usage_targets"].clone();
    let stale = v["version"].as_i64().unwrap() - 1;
    assert_eq!(
        s.err("undo_last_change", json!({ "id": id, "version": stale })).code,
        "changed_since"
    );
    let v = s.ok("undo_last_change", json!({ "id": id, "version": v["version"] }));
    assert_eq!(v["payments"].as_array().unwrap().len(), 2);
    assert_eq!(v["last_change"], "Annulation : Versement supprimé");
    assert_eq!(
        s.ok("open_dossier", json!({ "id": id }))["dossier"]["usage_targets"],
        targets_before
    );

    // Filed, the candidature is read only for the wizard.
    let opened = s.ok("open_dossier", json!({ "id": id }));
    let e = s.err(
        "save_dossier",
        json!({ "id": id, "dossier": opened["dossier"], "description": "Modification : Grappe" }),
    );
    assert_eq!(e.code, "filed_read_only");

    // An expense with a reference already there is asked about; corrected, its piece kept and
    // named; the piece opened with the system's viewer under its own name.
    let expense = |reference: &str, amount: &str, duplicate_ok: bool| {
        json!({ "date": "2024-11-04", "supplier": "Éditions Logicielles du Nord", "reference": reference,
                "amount": amount, "enveloppe": editeur(), "essms": null, "duplicateOk": duplicate_ok })
    };
    s.ok(
        "add_expense",
        json!({ "id": id, "expense": expense("F-2025-007", "18 000,00", false) }),
    );
    let e = s.err(
        "add_expense",
        json!({ "id": id, "expense": expense("F-2025-007", "1 000,00", false) }),
    );
    assert_eq!(e.code, "likely_duplicate");
    assert!(
        e.message
            .contains("même référence (F-2025-007) est déjà enregistrée : 18\u{202f}000,00\u{a0}€ le 04/11/2024"),
        "{}",
        e.message
    );
    let invoice = s.dir.path().join("Facture F-2025-007.pdf");
    std::fs::write(&invoice, b"%PDF-1.7 facture").unwrap();
    s.ok("attach_piece", json!({ "id": id, "index": 0, "path": invoice }));
    s.ok(
        "update_expense",
        json!({ "id": id, "index": 0, "expense": expense("F-2025-007", "17 500,00", false) }),
    );
    let page = s.ok(
        "suivi_expenses",
        json!({ "id": id, "og": null, "enveloppe": null, "page": 0 }),
    );
    let row = &page["rows"][0];
    assert_eq!(
        (
            row["amount_fr"].as_str(),
            row["piece_name"].as_str(),
            row["date_iso"].as_str()
        ),
        (
            Some("17\u{202f}500,00\u{a0}€"),
            Some("Facture F-2025-007.pdf"),
            Some("2024-11-04")
        )
    );
    s.ok("open_piece", json!({ "id": id, "sha256": row["piece"] }));
    let opened = s.desktop.opened.borrow().last().cloned().unwrap();
    assert_eq!(opened.file_name().unwrap(), "Facture F-2025-007.pdf");
    assert_eq!(std::fs::read(&opened).unwrap(), b"%PDF-1.7 facture");

    // Measurements listed under their target, the latest first, and deleted.
    let name = "Documents envoyés à Mon espace santé";
    s.ok(
        "set_indicator",
        json!({ "id": id, "indicator": { "indicator": name, "target": "50", "unit": "percent", "scope": "grappe" } }),
    );
    for (date, value) in [("2025-01-31", "30"), ("2025-03-31", "38,5")] {
        s.ok(
            "add_measurement",
            json!({ "id": id, "measurement": { "indicator": name, "essms": null, "date": date, "value": value, "source": "Export MES" } }),
        );
    }
    let target = |v: &Value| {
        v["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["indicator"] == name)
            .unwrap()
            .clone()
    };
    let t = target(&s.ok("suivi_view", json!({ "id": id })));
    assert_eq!(t["recent"][0]["value_fr"], "38,5 %");
    assert_eq!(t["recent"][0]["date"], "31/03/2025");
    // Corrected: 38,5 was 36,5.
    let index = t["recent"][0]["index"].clone();
    let t = target(&s.ok(
        "update_measurement",
        json!({ "id": id, "index": index, "measurement": { "indicator": name, "essms": null, "date": "2025-03-31", "value": "36,5", "source": "Export MES" } }),
    ));
    assert_eq!(
        (t["recent"][0]["value_fr"].as_str(), t["status"].as_str()),
        (Some("36,5 %"), Some("36,5 % le 31/03/2025"))
    );
    let t = target(&s.ok("delete_measurement", json!({ "id": id, "index": index })));
    assert_eq!(t["recent"].as_array().unwrap().len(), 1);
    assert_eq!(t["status"], "30 % le 31/01/2025");
}

#[test]
fn right_after_filing_the_points_of_attention_do_not_list_every_line_as_not_granted() {
    let (s, id) = session();
    let v = s.ok("mark_filed", json!({ "id": id, "filedOn": "2024-04-02" }));
    let messages: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(!messages.iter().any(|m| m.contains("rien d'attribué")), "{messages:?}");
}

#[test]
fn a_fec_is_previewed_with_a_mapping_made_once_then_imported_and_reimported_with_the_dossiers_mapping() {
    let (s, id) = session();
    let v = awarded(&s, id);
    let key = v["enveloppes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"]["og"] == "620991026")
        .unwrap()["key"]
        .clone();
    let fec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../grappe-store/tests/fixtures/fec-flandres.txt");
    // Without a mapping yet: every spending account listed, none taken, each left out and why.
    // Taken for a table of expenses, it is sent to the accounting import.
    let e = s.err("import_expenses", json!({ "id": id, "path": fec }));
    assert!(e.message.starts_with("ce fichier est un fichier des écritures comptables (FEC) : importez-le avec « Importer depuis la comptabilité »"), "{}", e.message);
    let p = s.ok("accounting_preview", json!({ "id": id, "path": fec }));
    assert_eq!(p["kind"], "fichier des écritures comptables (FEC)");
    let accounts: Vec<&str> = p["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["account"].as_str().unwrap())
        .collect();
    assert_eq!(accounts, ["205100", "218300", "606100", "615600", "622600"]);
    assert_eq!(p["taken_count"], 0);
    assert_eq!(p["left_out"].as_array().unwrap().len(), 5);
    // A mapping: the software licence on the first enveloppe.
    let mapping = json!({ "rules": [{ "account": "2051", "enveloppe": key }], "basis": "ttc", "columns": [] });
    let p = s.ok(
        "accounting_preview",
        json!({ "id": id, "path": fec, "mapping": mapping }),
    );
    assert_eq!(p["taken_count"], 1);
    assert_eq!(p["taken"][0]["amount_fr"], "12\u{202f}000,00\u{a0}€");
    assert_eq!(p["first_taken"][0]["supplier"], "Éditeur Sud Œuvres");
    let report = s.ok(
        "import_accounting",
        json!({ "id": id, "path": fec, "mapping": mapping }),
    );
    assert!(
        report["summary"]
            .as_str()
            .unwrap()
            .starts_with("1 dépense(s) importée(s), 0 déjà présente(s)"),
        "{report}"
    );
    // The dossier keeps the mapping: the next preview uses it, and takes nothing twice.
    let p = s.ok("accounting_preview", json!({ "id": id, "path": fec }));
    assert_eq!(p["mapping"]["rules"][0]["account"], "2051");
    assert_eq!((p["taken_count"].as_u64(), p["already"].as_u64()), (Some(0), Some(1)));
    // Maintenance too: its avoir is listed negative and counted so in the page's sum.
    let mapping = json!({ "rules": [{ "account": "2051", "enveloppe": key }, { "account": "6156", "enveloppe": key }], "basis": "ttc", "columns": [] });
    s.ok(
        "import_accounting",
        json!({ "id": id, "path": fec, "mapping": mapping }),
    );
    let page = s.ok(
        "suivi_expenses",
        json!({ "id": id, "og": null, "enveloppe": key, "page": 0 }),
    );
    assert_eq!(page["amount_fr"], "13\u{202f}080,00\u{a0}€", "{page}");
    let avoir = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["credit_note"] == true)
        .unwrap();
    assert_eq!(avoir["amount_fr"], "-120,00\u{a0}€");
}

#[test]
fn a_conditional_tranche_is_sous_condition_and_an_advance_is_marked_understood_and_the_solde_claim_recorded() {
    let (s, id) = session();
    awarded(&s, id);
    let v = s.ok(
        "add_payment",
        json!({ "id": id, "payment": { "date": "2024-10-15", "amount": "80 000,00", "reference": "", "og": "620991026", "tranche": null, "duplicateOk": false } }),
    );
    let conditional: Vec<&Value> = v["tranches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["state"] == "conditional")
        .collect();
    assert!(!conditional.is_empty());
    assert!(conditional
        .iter()
        .all(|t| t["state_fr"] == "sous condition" && t["overdue"] == false));
    assert_eq!(v["payments"][0]["ahead_fr"], "9\u{202f}833,33\u{a0}€");
    let v = s.ok(
        "acknowledge_excess",
        json!({ "id": id, "index": 0, "understood": true }),
    );
    assert_eq!(v["payments"][0]["understood"], true);
    assert!(!v["findings"].as_array().unwrap().iter().any(|f| f["message"]
        .as_str()
        .unwrap()
        .contains("de plus que la tranche attendue")));
    let v = s.ok("set_solde_requested", json!({ "id": id, "sentOn": "2025-04-01" }));
    assert_eq!(v["solde"]["requested_on"], "01/04/2025");
    assert_eq!(v["last_change"], "Demande de solde envoyée le 01/04/2025");
}

#[test]
fn a_table_whose_columns_are_not_recognised_gets_a_matching_step_remembered_with_the_dossier() {
    let (s, id) = session();
    awarded(&s, id);
    let table = s.dir.path().join("export.csv");
    std::fs::write(
        &table,
        "Jour;Somme;Poste;Prestataire\n05/03/2025;1 200,00;620991026/R-REG-NEW/1;Éditions du Nord\n",
    )
    .unwrap();
    // Refused, nothing imported, the user asked to match the columns.
    let e = s.err("import_expenses", json!({ "id": id, "path": table }));
    assert_eq!(e.code, grappe_usecases::ErrorCode::ColumnsUnmatched);
    assert!(
        e.message.contains("colonnes non reconnues : date, montant ;"),
        "{}",
        e.message
    );
    let c = s.ok("expense_columns", json!({ "id": id, "path": table }));
    assert_eq!(c["headers"], json!(["Jour", "Somme", "Poste", "Prestataire"]));
    let fields: Vec<(&str, Value)> = c["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["header"].clone()))
        .collect();
    assert_eq!(fields[0], ("date", Value::Null));
    assert_eq!(fields[2], ("enveloppe", json!("Poste")));
    assert_eq!(fields[3], ("fournisseur", json!("Prestataire")));
    let columns = json!([{ "field": "date", "header": "Jour" }, { "field": "montant", "header": "Somme" }, { "field": "enveloppe", "header": "Poste" }]);
    let r = s.ok(
        "import_expenses",
        json!({ "id": id, "path": table, "columns": columns }),
    );
    assert!(
        r["summary"].as_str().unwrap().starts_with("1 dépense(s) importée(s)"),
        "{r}"
    );
    // The next export of the same shape: the matches are the dossier's.
    let r = s.ok("import_expenses", json!({ "id": id, "path": table }));
    assert!(
        r["summary"]
            .as_str()
            .unwrap()
            .starts_with("0 dépense(s) importée(s), 1 déjà présente(s)"),
        "{r}"
    );
    let c = s.ok("expense_columns", json!({ "id": id, "path": table }));
    assert_eq!(c["fields"][0]["header"], "Jour");
}

#[test]
fn an_avoir_typed_by_hand_reduces_what_was_spent_and_stays_one_when_corrected() {
    let (s, id) = session();
    let v = awarded(&s, id);
    let key = v["enveloppes"][0]["key"].clone();
    let expense = |amount: &str, reference: &str, credit: Option<bool>| {
        let mut e = json!({ "date": "2025-03-05", "supplier": "Éditions du Nord", "reference": reference, "amount": amount, "enveloppe": key, "essms": null, "duplicateOk": false });
        if let Some(c) = credit {
            e["creditNote"] = json!(c);
        }
        e
    };
    s.ok(
        "add_expense",
        json!({ "id": id, "expense": expense("1 000,00", "F-1", None) }),
    );
    let v = s.ok(
        "add_expense",
        json!({ "id": id, "expense": expense("250,00", "AV-1", Some(true)) }),
    );
    assert_eq!(v["enveloppes"][0]["spent_fr"], "750,00\u{a0}€");
    // Corrected by a form that does not say: still an avoir.
    s.ok(
        "update_expense",
        json!({ "id": id, "index": 1, "expense": expense("200,00", "AV-1", None) }),
    );
    let page = s.ok(
        "suivi_expenses",
        json!({ "id": id, "og": null, "enveloppe": null, "page": 0 }),
    );
    let avoir = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["reference"] == "AV-1")
        .unwrap();
    assert_eq!(
        (avoir["credit_note"].clone(), avoir["amount_fr"].clone()),
        (json!(true), json!("-200,00\u{a0}€"))
    );
    assert_eq!(page["amount_fr"], "800,00\u{a0}€");
}
