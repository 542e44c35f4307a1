//! Variants and the advisor as the wizard calls them.
#![allow(clippy::unwrap_used)]

mod common;

use common::Session;
use serde_json::{json, Value};

#[test]
fn a_variant_without_one_og_compared_adopted_and_undone() {
    let s = Session::new();
    let demo = s.demo();
    let original = s.ok("open_dossier", json!({ "id": demo }))["dossier"].clone();
    let v = s
        .ok("make_variant", json!({ "id": demo, "name": "Sans le CCAS" }))
        .as_i64()
        .unwrap();
    let panel = s.ok("list_variants", json!({ "id": demo }));
    assert_eq!(panel["origin"], Value::Null);
    assert_eq!(panel["variants"][0]["name"], "Sans le CCAS");
    assert_eq!(s.ok("list_variants", json!({ "id": v }))["origin"]["id"], demo);
    let list = s.ok("list_dossiers", json!({}));
    let row = list.as_array().unwrap().iter().find(|d| d["id"] == v).unwrap().clone();
    assert_eq!(row["variant_of"], "Grappe numérique des Flandres");

    // The variant edited in the wizard: the last OG and its ESSMS out.
    let mut d = s.ok("open_dossier", json!({ "id": v }))["dossier"].clone();
    let gone = d["ogs"].as_array_mut().unwrap().pop().unwrap();
    d["essms"]
        .as_array_mut()
        .unwrap()
        .retain(|e| e["og"] != gone["finess_ej"]);
    let after = s.ok(
        "save_dossier",
        json!({ "id": v, "dossier": d, "description": "Sans le CCAS" }),
    );

    let c = s.ok("compare_dossiers", json!({ "ids": [demo, v] }));
    assert_eq!(c["columns"], json!(["Grappe numérique des Flandres", "Sans le CCAS"]));
    let total = c["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == "Financement total")
        .unwrap();
    assert_eq!(total["differs"], true);
    assert_eq!(total["values"][1], after["total_fr"]);
    assert_eq!(
        s.err("compare_dossiers", json!({ "ids": [demo] })).code,
        "compare_count"
    );

    let adopted = s.ok("adopt_variant", json!({ "id": demo, "variant": v }));
    let now = s.ok("open_dossier", json!({ "id": demo }));
    assert_eq!(now["dossier"]["name"], "Grappe numérique des Flandres");
    assert_eq!(now["evaluation"]["total_fr"], after["total_fr"]);
    let back = s.ok(
        "restore_version",
        json!({ "id": demo, "version": adopted["version_before"] }),
    );
    assert_eq!(back["dossier"], original);
}

#[test]
fn the_advisor_of_a_stored_dossier() {
    let s = Session::new();
    let demo = s.demo();
    let mut d = s.ok("open_dossier", json!({ "id": demo }))["dossier"].clone();
    d["essms"].as_array_mut().unwrap().truncate(14);
    s.ok(
        "save_dossier",
        json!({ "id": demo, "dossier": d, "description": "14 ESSMS" }),
    );
    let advice = s.ok("advise_dossier", json!({ "id": demo }));
    let first = &advice[0];
    assert_eq!(first["kind"], "threshold");
    assert_eq!(first["rule"], "R-GRAPPE");
    assert_eq!(first["gain"], true);
    assert!(first["effect_fr"].as_str().unwrap().starts_with('+'), "{first}");
}
