//! The Barèmes screen's commands, and a dossier pinned to its barème, as the UI calls them.
#![allow(clippy::unwrap_used)]

mod common;

use common::Session;
use serde_json::{json, Value};

/// The default barème as the editor receives it, with the campaign « 2026 », the first line
/// paying 13 000 € and the regional 2024 window closing on 31/03/2024.
fn edited_2026(s: &Session) -> Value {
    let mut b = s.ok("get_bareme", json!({ "id": "2023-2025" }));
    b["campaign"] = "2026".into();
    b["version"] = "2026.1".into();
    b["title"] = "ESMS numérique — appel 2026".into();
    b["lines"][0]["amount"] = "13000.00".into();
    let w = b["windows"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|w| w["label"] == "AAP régionaux 2024")
        .unwrap();
    w["to"] = "2024-03-31".into();
    b
}

fn total_of(s: &Session, id: i64) -> String {
    let list = s.ok("list_dossiers", json!({}));
    let row = list.as_array().unwrap().iter().find(|d| d["id"] == id).unwrap().clone();
    row["total_fr"].as_str().unwrap().to_string()
}

#[test]
fn a_barème_made_from_the_default_is_checked_saved_compared_and_pinned() {
    let s = Session::new();
    let demo = s.demo();
    let list = s.ok("list_baremes", json!({ "date": "2024-04-02" }));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["builtin"], true);
    assert_eq!(list[0]["used_by"], json!(["Grappe numérique des Flandres"]));
    let open: Vec<&Value> = list[0]["windows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["contains"] == true)
        .collect();
    assert!(
        open.iter()
            .any(|w| w["label"] == "AAP régionaux 2024" && w["from_fr"] == "15/01/2024"),
        "{open:?}"
    );

    // An invalid edit shows every problem at its field and is not saved.
    let mut bad = edited_2026(&s);
    bad["lines"][0]["amount"] = "12000.555".into();
    bad["schedules"][0]["tranches"][0]["share"] = "0.2".into();
    let check = s.ok("check_bareme", json!({ "bareme": bad }));
    let paths: Vec<&str> = check["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"lines[0].amount"), "{paths:?}");
    assert!(
        paths.iter().any(|p| p.starts_with("schedules[0].tranches")),
        "{paths:?}"
    );
    assert_eq!(check["demo_total_fr"], Value::Null);
    let e = s.err("save_bareme", json!({ "bareme": bad, "previous": null }));
    assert_eq!(e.code, "bareme_invalid");
    assert!(paths.contains(&e.field.as_deref().unwrap()), "{e:?}");
    assert_eq!(
        s.ok("list_baremes", json!({ "date": null })).as_array().unwrap().len(),
        1
    );

    // The valid edit: its preview, then saved.
    let b2026 = edited_2026(&s);
    let check = s.ok("check_bareme", json!({ "bareme": b2026 }));
    assert_eq!(check["problems"], json!([]));
    assert_ne!(check["demo_total_fr"], check["demo_default_total_fr"]);
    let saved = s.ok("save_bareme", json!({ "bareme": b2026, "previous": null }));
    assert_eq!(saved["id"], "2026");
    assert_eq!(saved["reevaluated"], 0);

    // Compared before switching: the first line's 6 new ESSMS at +1 000 € each, the window lost.
    let before = total_of(&s, demo);
    let cmp = s.ok("compare_bareme", json!({ "id": demo, "to": "2026" }));
    assert_eq!(cmp["total_before_fr"], before);
    assert!(
        cmp["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["rule"] == "R-REG-NEW"),
        "{cmp}"
    );
    assert!(cmp["difference_fr"].as_str().unwrap().starts_with('+'), "{cmp}");
    assert!(
        cmp["findings_added"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f.as_str().unwrap().contains("fenêtre")),
        "{cmp}"
    );
    assert_eq!(total_of(&s, demo), before, "comparing changes nothing");

    // Pinned: the wizard's evaluation and the list's total follow the dossier's barème.
    let mut dossier = s.ok("open_dossier", json!({ "id": demo }))["dossier"].clone();
    dossier["campaign"] = "2026".into();
    let evaluation = s.ok(
        "save_dossier",
        json!({ "id": demo, "dossier": dossier, "description": "Barème 2026" }),
    );
    assert_eq!(evaluation["total_fr"], cmp["total_after_fr"]);
    assert_eq!(evaluation["bareme_version"], "2026.1");
    assert_eq!(total_of(&s, demo), cmp["total_after_fr"].as_str().unwrap());
    assert_eq!(
        s.ok("open_dossier", json!({ "id": demo }))["evaluation"]["total_fr"],
        cmp["total_after_fr"]
    );

    // Deleting it is refused while the dossier uses it.
    let e = s.err("delete_bareme", json!({ "id": "2026" }));
    assert!(e.message.contains("Grappe numérique des Flandres"), "{}", e.message);

    // The PDF names the barème and its version.
    let pdf = s.path("dossier.pdf");
    s.ok(
        "generate_dossier",
        json!({ "id": demo, "path": pdf, "annexes": false, "existing": "keep" }),
    );
    let out = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ESMS numérique — appel 2026"), "{text}");
    assert!(text.contains("2026.1"), "{text}");
}

#[test]
fn a_dossier_file_brings_its_barème_to_a_fresh_store_and_the_same_total() {
    let here = Session::new();
    let demo = here.demo();
    here.ok("save_bareme", json!({ "bareme": edited_2026(&here), "previous": null }));
    let mut dossier = here.ok("open_dossier", json!({ "id": demo }))["dossier"].clone();
    dossier["campaign"] = "2026".into();
    here.ok(
        "save_dossier",
        json!({ "id": demo, "dossier": dossier, "description": "2026" }),
    );
    let file = here.path("flandres.json");
    here.ok(
        "export_dossier",
        json!({ "id": demo, "path": file, "existing": "keep" }),
    );
    let total = total_of(&here, demo);

    let there = Session::new();
    let imported = there.ok("import_dossier", json!({ "path": file }));
    assert!(imported["notice"].as_str().unwrap().contains("« 2026 »"), "{imported}");
    assert_eq!(total_of(&there, imported["id"].as_i64().unwrap()), total);

    // The barème file itself goes out and comes back exactly.
    let bfile = here.path("2026.json");
    here.ok(
        "export_bareme",
        json!({ "id": "2026", "path": bfile, "existing": "keep" }),
    );
    let e = here.err(
        "export_bareme",
        json!({ "id": "2026", "path": bfile, "existing": "keep" }),
    );
    assert!(!e.message.is_empty());
    let third = Session::new();
    assert_eq!(
        third.ok("import_bareme", json!({ "path": bfile, "existing": "keep" })),
        "2026"
    );
    assert_eq!(
        third.ok("get_bareme", json!({ "id": "2026" })),
        here.ok("get_bareme", json!({ "id": "2026" }))
    );
    let e = third.err(
        "import_bareme",
        json!({ "path": here.path("absent.json"), "existing": "keep" }),
    );
    assert!(!e.message.is_empty());
}
