//! The app's commands as the UI calls them (by name, with JSON arguments keyed as the generated
//! wrappers key them), against real stores and files in temporary folders: what was reachable
//! only through the end-to-end tests before.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::Session;
use serde_json::{json, Value};

#[test]
fn a_first_start_has_the_demo_dossier_and_the_sample_reference_data() {
    let s = Session::new();
    let list = s.ok("list_dossiers", json!({}));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["name"], "Grappe numérique des Flandres");
    assert_eq!(list[0]["essms_count"], 20);
    let status = s.ok("reference_status", json!({}));
    assert_eq!(status["finess_date"], "31/10/2026");
    assert_eq!(status["etablissements"], 400);
    assert_eq!(status["solutions"], 7);
    assert_eq!(s.ok("store_problem", json!({})), Value::Null);
    // The samples were written next to the store only to be imported.
    let left: Vec<_> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn commands_sent_while_the_store_opens_wait_for_it() {
    let s = Session::unopened();
    let app = Arc::clone(&s.app);
    let opener = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(100));
        app.open_store();
    });
    // Sent before the store is open: answered once it is, not refused.
    let list = s.ok("list_dossiers", json!({}));
    assert_eq!(list.as_array().unwrap().len(), 1);
    opener.join().unwrap();
}

#[test]
fn a_damaged_store_is_explained_and_set_aside_never_deleted() {
    let s = Session::unopened();
    let damaged = b"ceci n'est pas une base SQLite, mais le fichier d'un utilisateur".repeat(100);
    std::fs::write(s.path("grappe.sqlite"), &damaged).unwrap();
    s.app.open_store();
    let problem = s.ok("store_problem", json!({}));
    assert_eq!(problem["can_start_fresh"], true, "{problem}");
    assert!(!problem["message"].as_str().unwrap().is_empty());
    // Every command that needs the store says why it cannot run.
    let e = s.err("list_dossiers", json!({}));
    assert_eq!(e.code, "store_unreadable");
    assert_eq!(e.message, problem["message"]);
    // Starting fresh keeps the old file under a new name, and the new store works.
    let aside = PathBuf::from(s.ok("start_fresh", json!({})).as_str().unwrap());
    assert_eq!(std::fs::read(&aside).unwrap(), damaged);
    assert_eq!(s.ok("store_problem", json!({})), Value::Null);
    assert_eq!(s.ok("list_dossiers", json!({})).as_array().unwrap().len(), 1);
    // An open store is never set aside.
    assert_eq!(s.err("start_fresh", json!({})).code, "store_open");
}

#[test]
fn a_dossier_is_created_saved_duplicated_restored_and_deleted() {
    let s = Session::new();
    let id = s.ok("new_dossier", json!({})).as_i64().unwrap();
    let opened = s.ok("open_dossier", json!({ "id": id }));
    assert_eq!(opened["dossier"]["name"], "Nouvelle grappe");
    assert_eq!(opened["dossier"]["filing_date"], "2026-11-26");
    assert_eq!(opened["evaluation"]["eligible"], false);

    // A save returns the new evaluation (the demo's content: eligible, its total).
    let mut dossier = s.ok("open_dossier", json!({ "id": s.demo() }))["dossier"].clone();
    dossier["name"] = json!("Grappe copiée");
    let evaluation = s.ok(
        "save_dossier",
        json!({ "id": id, "dossier": dossier, "description": "grappe copiée" }),
    );
    assert_eq!(evaluation["eligible"], true, "{}", evaluation["findings"]);
    assert!(evaluation["total_fr"].as_str().unwrap().ends_with("\u{a0}€"));
    let rows = s.ok("list_dossiers", json!({}));
    let row = rows.as_array().unwrap().iter().find(|r| r["id"] == id).unwrap();
    assert_eq!(row["name"], "Grappe copiée");
    assert_eq!(row["total"], evaluation["total"]);

    // History, restore (itself a new version).
    let history = s.ok("dossier_history", json!({ "id": id }));
    let versions = history.as_array().unwrap();
    assert!(versions.len() >= 2, "{history}");
    assert_eq!(versions[0]["description"], "grappe copiée");
    let first = versions.last().unwrap()["version"].as_i64().unwrap();
    let restored = s.ok("restore_version", json!({ "id": id, "version": first }));
    assert_eq!(restored["dossier"]["name"], "Nouvelle grappe");
    assert_eq!(
        s.ok("dossier_history", json!({ "id": id })).as_array().unwrap().len(),
        versions.len() + 1
    );

    let copy = s.ok("duplicate_dossier", json!({ "id": id })).as_i64().unwrap();
    assert_ne!(copy, id);
    assert_eq!(s.ok("list_dossiers", json!({})).as_array().unwrap().len(), 3);
    s.ok("delete_dossier", json!({ "id": copy }));
    assert_eq!(s.err("open_dossier", json!({ "id": copy })).code, "dossier_not_found");
    assert_eq!(s.ok("list_dossiers", json!({})).as_array().unwrap().len(), 2);
}

#[test]
fn an_export_never_replaces_a_file_unasked_and_imports_back_as_a_new_dossier() {
    let s = Session::new();
    let id = s.demo();
    let path = s.path("flandres.grappe.json");
    std::fs::write(&path, "le fichier d'un utilisateur").unwrap();
    let e = s.err("export_dossier", json!({ "id": id, "path": path, "existing": "keep" }));
    assert_eq!(
        (e.code.to_string().as_str(), e.field.as_deref()),
        ("file_exists", Some("path"))
    );
    assert!(e.message.contains("flandres.grappe.json"), "{}", e.message);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "le fichier d'un utilisateur");
    s.ok(
        "export_dossier",
        json!({ "id": id, "path": path, "existing": "replace" }),
    );
    let copy = s.ok("import_dossier", json!({ "path": path }))["id"].as_i64().unwrap();
    assert_eq!(
        s.ok("open_dossier", json!({ "id": copy }))["dossier"],
        s.ok("open_dossier", json!({ "id": id }))["dossier"]
    );
}

#[test]
fn a_file_that_is_not_a_dossier_is_refused_in_french_and_nothing_is_added() {
    let s = Session::new();
    let cases: [(&str, &[u8], &str); 3] = [
        ("image.png", b"\x89PNG\r\n\x1a\n\xff\xfe", "not_utf8"),
        (
            "notes.json",
            b"{\"format\": \"grappe-dossier/2\", \"name\": 3}",
            "dossier_unreadable",
        ),
        ("vide.json", b"", "dossier_unreadable"),
    ];
    for (name, bytes, code) in cases {
        let path = s.path(name);
        std::fs::write(&path, bytes).unwrap();
        let e = s.err("import_dossier", json!({ "path": path }));
        assert_eq!(e.code, code, "{name}: {}", e.message);
        assert!(e.message.contains(name), "{}", e.message);
    }
    let e = s.err("import_dossier", json!({ "path": s.path("absent.json") }));
    assert_eq!(e.code, "io");
    assert_eq!(s.ok("list_dossiers", json!({})).as_array().unwrap().len(), 1);
}

#[test]
fn search_finds_the_sample_establishments_with_their_filters() {
    let s = Session::new();
    let found = s.ok("search_finess", json!({ "text": "coquelicots marchiennes" }));
    assert_eq!(found[0]["finess_et"], "590000006", "{found}");
    assert_eq!(found[0]["category"], "448");
    assert_eq!(found[0]["essms"], true);
    // A blank département is no filter; a limit is honoured (and bounded).
    let any = s.ok(
        "search_finess",
        json!({ "text": "ehpad", "departement": " ", "limit": 3 }),
    );
    assert_eq!(any.as_array().unwrap().len(), 3);
    let elsewhere = s.ok("search_finess", json!({ "text": "coquelicots", "departement": "2A" }));
    assert_eq!(elsewhere, json!([]));
    let all = s.ok("search_finess", json!({ "text": "59", "limit": 100_000 }));
    assert!(all.as_array().unwrap().len() <= 200);
}

#[test]
fn essms_come_from_the_finess_file_and_an_unknown_number_is_named() {
    let s = Session::new();
    let ej = s.ok("etablissements_of_ej", json!({ "finessEj": " 599999992 " }));
    assert!(ej.as_array().unwrap().len() >= 2, "{ej}");
    let essms = s.ok(
        "essms_from_reference",
        json!({ "finessEts": ["590000006"], "situation": "new_solution" }),
    );
    assert_eq!(essms[0]["finess_et"], "590000006");
    assert_eq!(essms[0]["category"], "448");
    let e = s.err(
        "essms_from_reference",
        json!({ "finessEts": ["590000006", "590999991"], "situation": "new_solution" }),
    );
    assert_eq!(e.code, "finess_unknown");
    assert!(e.message.contains("590999991"), "{}", e.message);
}

#[test]
fn a_users_list_of_essms_is_read_against_the_finess_file() {
    let s = Session::new();
    let path = s.path("liste.csv");
    std::fs::write(&path, "FINESS\n590000006\n590000006\n590999991\n").unwrap();
    let view = s.ok("read_essms_list", json!({ "path": path }));
    assert_eq!(view["found"].as_array().unwrap().len(), 1, "{view}");
    assert_eq!(view["duplicates"], json!(["590000006"]));
    assert_eq!(view["unknown"], json!(["590999991"]));
}

#[test]
fn a_finess_import_reports_its_progress_and_a_french_summary() {
    let s = Session::new();
    let extract = s.path("extrait.csv");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/etalab-cs1100502-stock-exemple-fictif.csv"),
        &extract,
    )
    .unwrap();
    let report = s.ok("import_finess", json!({ "path": extract }));
    assert!(
        report["summary"]
            .as_str()
            .unwrap()
            .starts_with("Fichier FINESS du 31/10/2026 importé : 400 établissements, 0 ligne(s) rejetée(s)."),
        "{report}"
    );
    let progress = s.desktop.progress.borrow();
    assert_eq!(progress.last(), Some(&100), "{progress:?}");
    assert!(progress.windows(2).all(|w| w[0] < w[1]), "{progress:?}");
    drop(progress);
    let e = s.err("import_finess", json!({ "path": s.path("absent.csv") }));
    assert!(!e.message.is_empty());
    assert_eq!(s.ok("reference_status", json!({}))["etablissements"], 400);
}

#[test]
fn a_solutions_import_reports_what_it_rejected() {
    let s = Session::new();
    let path = s.path("solutions.csv");
    std::fs::write(
        &path,
        "Éditeur;Solution;Version;Identifiant de référencement;Dispositif;Date de référencement;Fin de validité\n\
         Éditeur A;DUI A;1.0;ID-A-1;DUI MS1;01/06/2023;\n\
         Éditeur B;DUI B;2.0;ID-B-1;DUI MS1;pas une date;\n",
    )
    .unwrap();
    let report = s.ok("import_solutions", json!({ "path": path }));
    assert_eq!(report["summary"], "1 solution(s) importée(s), 1 ligne(s) rejetée(s).");
    assert_eq!(report["rejected"][0]["line"], 3);
    let solutions = s.ok("list_solutions", json!({}));
    assert!(solutions
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["label"] == "Éditeur A — DUI A 1.0"));
}

#[test]
fn generation_writes_the_pdf_and_annexes_where_asked_and_never_replaces_unasked() {
    let s = Session::new();
    let id = s.demo();
    let suggested = s.ok("suggested_pdf_path", json!({ "id": id }));
    assert_eq!(
        PathBuf::from(suggested.as_str().unwrap()),
        s.desktop
            .documents
            .join("Grappe numérique des Flandres - candidature ESMS numérique.pdf")
    );
    let e = s.err(
        "generate_dossier",
        json!({ "id": id, "path": "", "annexes": false, "existing": "keep" }),
    );
    assert_eq!(
        (e.code.to_string().as_str(), e.field.as_deref()),
        ("path_missing", Some("path"))
    );

    // The extension is added; the annexes are named after the PDF.
    let chosen = s.path("flandres");
    let generated = s.ok(
        "generate_dossier",
        json!({ "id": id, "path": chosen, "annexes": true, "existing": "keep" }),
    );
    let pdf = s.path("flandres.pdf");
    assert_eq!(PathBuf::from(generated["path"].as_str().unwrap()), pdf);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    assert!(generated["pages"].as_u64().unwrap() >= 3);
    let annexes: Vec<PathBuf> = generated["annexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| PathBuf::from(p.as_str().unwrap()))
        .collect();
    assert!(annexes.len() >= 2 && annexes.iter().all(|p| p.exists()), "{annexes:?}");

    // Again: refused (files named), nothing touched, until the user says replace.
    let before = std::fs::metadata(&pdf).unwrap().modified().unwrap();
    let e = s.err(
        "generate_dossier",
        json!({ "id": id, "path": pdf, "annexes": true, "existing": "keep" }),
    );
    assert_eq!(e.code, "file_exists");
    assert!(e.message.starts_with("Ces fichiers existent déjà"), "{}", e.message);
    assert_eq!(std::fs::metadata(&pdf).unwrap().modified().unwrap(), before);
    s.ok(
        "generate_dossier",
        json!({ "id": id, "path": pdf, "annexes": true, "existing": "replace" }),
    );

    let documents = s.ok("list_documents", json!({ "id": id }));
    assert_eq!(documents.as_array().unwrap().len(), 2);
    assert_eq!(PathBuf::from(documents[0]["path"].as_str().unwrap()), pdf);
    assert_eq!(documents[0]["fingerprint"], generated["fingerprint"]);
}

#[test]
fn only_a_document_grappe_generated_and_still_there_is_opened() {
    let s = Session::new();
    let id = s.demo();
    let pdf = s.path("flandres.pdf");
    s.ok(
        "generate_dossier",
        json!({ "id": id, "path": pdf, "annexes": false, "existing": "keep" }),
    );
    let elsewhere = s.path("autre.pdf");
    std::fs::write(&elsewhere, b"%PDF-").unwrap();
    assert_eq!(
        s.err("open_document", json!({ "id": id, "path": elsewhere })).code,
        "document_unknown"
    );
    s.ok("open_document", json!({ "id": id, "path": pdf }));
    assert_eq!(*s.desktop.opened.borrow(), vec![pdf.clone()]);
    std::fs::remove_file(&pdf).unwrap();
    assert_eq!(
        s.err("open_document", json!({ "id": id, "path": pdf })).code,
        "document_missing"
    );
    assert_eq!(s.desktop.opened.borrow().len(), 1);
}

#[test]
fn typed_fields_are_checked_with_the_cores_french_messages() {
    let s = Session::new();
    assert_eq!(
        s.ok("check_finess", json!({ "text": "59 000 0006" }))["value"],
        "590000006"
    );
    let refused = s.ok("check_finess", json!({ "text": "590000007" }));
    assert_eq!(refused["value"], Value::Null);
    assert!(refused["message"].as_str().unwrap().contains("clé"), "{refused}");
    assert_eq!(
        s.ok("check_amount", json!({ "text": "12 500,00 €" }))["value"],
        "12500.00"
    );
    assert_eq!(
        s.ok("check_amount", json!({ "text": "  " })),
        json!({ "value": null, "message": null })
    );
    assert!(s.ok("check_amount", json!({ "text": "douze" }))["message"].is_string());
    let categories = s.ok("finess_categories", json!({}));
    let list = categories.as_array().unwrap();
    assert!(list.len() > 300);
    let first_closed = list.iter().position(|c| c["closed"] == true).unwrap();
    assert!(list[first_closed..].iter().all(|c| c["closed"] == true));
}

#[test]
fn an_unknown_command_or_bad_arguments_are_refused_in_french() {
    let s = Session::new();
    let e = s.err("supprimer_tout", json!({}));
    assert_eq!(e.code, "unknown_command");
    // What to do, without the internal name of a command.
    assert!(e.message.contains("réinstallez Grappe"), "{}", e.message);
    assert!(!e.message.contains("supprimer_tout"), "{}", e.message);
    let e = s.err("open_dossier", json!({ "id": "un" }));
    assert_eq!(e.code, "bad_arguments");
    // The value named, in French, without serde's English nor the command's internal name.
    assert!(e.message.contains("« id »"), "{}", e.message);
    assert!(
        !e.message.contains("open_dossier") && !e.message.contains("invalid type"),
        "{}",
        e.message
    );
    // A key the wrappers no longer send (snake_case instead of camelCase) is not ignored.
    assert_eq!(
        s.err("etablissements_of_ej", json!({ "finess_ej": "599999992" })).code,
        "bad_arguments"
    );
    assert_eq!(s.err("open_dossier", json!({})).code, "bad_arguments");
}
