//! The dossier file: exact round trip, and a clear French message naming the place for every
//! kind of bad input.

#![allow(clippy::unwrap_used)] // tests may fail loudly

use grappe_core::{demo, dossier_file};

fn demo_json() -> String {
    dossier_file::to_json(&demo::demo_dossier())
}

fn error_of(text: &str) -> String {
    dossier_file::from_json(text).unwrap_err().to_string()
}

/// The demo file with one JSON edit applied.
fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(&demo_json()).unwrap();
    edit(&mut v);
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn round_trip_is_exact() {
    let text = demo_json();
    let dossier = dossier_file::from_json(&text).unwrap();
    assert_eq!(dossier, demo::demo_dossier());
    assert_eq!(dossier_file::to_json(&dossier), text);
    let big = demo::synthetic_dossier(2_000);
    let text = dossier_file::to_json(&big);
    assert_eq!(dossier_file::from_json(&text).unwrap(), big);
}

#[test]
fn the_file_is_readable_json_with_money_as_strings_and_iso_dates() {
    let text = demo_json();
    assert!(text.starts_with("{\n  \"format\": \"grappe-dossier/6\",\n  \"name\": \"Grappe numérique des Flandres\""));
    assert!(text.contains("\"filing_date\": \"2024-04-02\""));
    assert!(text.contains("\"amoa\": \"85000.00\""));
    assert!(text.contains("\"equipment_need\": \"15000.00\""));
}

#[test]
fn a_version_4_followed_file_still_reads_and_the_fields_of_version_5_round_trip() {
    use grappe_core::suivi::{AccountRule, AccountingMapping, AmountBasis, ColumnMatch};
    let followed = demo::demo_followed();
    let mut v: serde_json::Value = serde_json::from_str(&dossier_file::to_json(&followed)).unwrap();
    v["format"] = "grappe-dossier/4".into();
    let back = dossier_file::from_json(&serde_json::to_string(&v).unwrap()).unwrap();
    assert_eq!(back, followed);

    let mut with = followed.clone();
    let suivi = with.suivi.as_mut().unwrap();
    suivi.solde_requested_on = chrono::NaiveDate::from_ymd_opt(2026, 3, 2);
    suivi.payments[0].excess_understood = true;
    suivi.expenses[0].credit_note = true;
    suivi.expenses[0].entry = Some("fec:AC:000123:2".into());
    let enveloppe = suivi.expenses[0].enveloppe.clone();
    suivi.accounting = Some(AccountingMapping {
        rules: vec![AccountRule {
            account: "6156".into(),
            journal: "AC".into(),
            third_party: String::new(),
            label_words: "maintenance DUI".into(),
            enveloppe,
            essms: None,
        }],
        basis: AmountBasis::Ht,
        columns: vec![ColumnMatch {
            field: "date".into(),
            header: "Date pièce".into(),
        }],
    });
    let text = dossier_file::to_json(&with);
    for field in [
        "\"solde_requested_on\": \"2026-03-02\"",
        "\"excess_understood\": true",
        "\"credit_note\": true",
        "\"basis\": \"ht\"",
    ] {
        assert!(text.contains(field), "{field}");
    }
    assert_eq!(dossier_file::from_json(&text).unwrap(), with);
    // Without them, none is written.
    let plain = dossier_file::to_json(&followed);
    assert!(!plain.contains("credit_note") && !plain.contains("accounting") && !plain.contains("excess_understood"));
}

#[test]
fn a_version_5_file_still_reads_and_the_compte_rendu_inputs_of_version_6_round_trip() {
    use grappe_core::suivi::{EnveloppeNature, Nature, Resource, ResourceKind};
    use grappe_core::Amount;
    let followed = demo::demo_followed();
    let mut v: serde_json::Value = serde_json::from_str(&dossier_file::to_json(&followed)).unwrap();
    v["format"] = "grappe-dossier/5".into();
    let back = dossier_file::from_json(&serde_json::to_string(&v).unwrap()).unwrap();
    assert_eq!(back, followed);

    let mut with = followed.clone();
    let suivi = with.suivi.as_mut().unwrap();
    suivi.expenses[0].account = Some("2051".into());
    let enveloppe = suivi.expenses[0].enveloppe.clone();
    let inputs = &mut suivi.compte_rendu;
    inputs.natures = vec![EnveloppeNature {
        enveloppe,
        nature: Nature::ChargesDePersonnel,
    }];
    inputs.resources = vec![Resource {
        kind: ResourceKind::FondsPropres,
        label: "Réserves".into(),
        prevu: Amount::parse("1000.50").unwrap(),
        realise: Amount::parse("999.99").unwrap(),
    }];
    inputs.indirect_prevu = Amount::parse("300").unwrap();
    inputs.indirect_rule = "Au prorata des heures du chef de projet.".into();
    inputs.contributions_note = "Aucune.".into();
    let text = dossier_file::to_json(&with);
    for field in [
        "\"account\": \"2051\"",
        "\"nature\": \"64\"",
        "\"kind\": \"fonds_propres\"",
        "\"realise\": \"999.99\"",
        "\"indirect_prevu\": \"300.00\"",
    ] {
        assert!(text.contains(field), "{field}");
    }
    assert_eq!(dossier_file::from_json(&text).unwrap(), with);
    // Without them, none is written.
    let plain = dossier_file::to_json(&followed);
    assert!(!plain.contains("compte_rendu\"") && !plain.contains("\"account\""));
}

#[test]
fn a_version_3_file_still_reads_and_a_carried_bareme_round_trips() {
    let v3 = edited(|v| v["format"] = "grappe-dossier/3".into());
    let dossier = dossier_file::from_json(&v3).unwrap();
    assert_eq!(dossier, demo::demo_dossier());
    assert_eq!(dossier_file::to_json(&dossier), demo_json());

    let mut custom = grappe_core::Bareme::default_bareme();
    custom.campaign = "2026".into();
    custom.lines[0].amount = rust_decimal::Decimal::new(1234550, 2);
    let mut with = demo::demo_dossier();
    with.campaign = "2026".into();
    with.bareme = Some(grappe_core::model::CarriedBareme::of(&custom, false));
    let text = dossier_file::to_json(&with);
    assert!(text.contains("\"sha256\": \""), "{text}");
    let back = dossier_file::from_json(&text).unwrap();
    assert_eq!(back, with);
    let carried = back.bareme.unwrap();
    assert_eq!(carried.sha256, custom.fingerprint());
    assert_eq!(*carried.content.unwrap(), custom);
    // The embedded default travels as its fingerprint only.
    let default = grappe_core::model::CarriedBareme::of(&grappe_core::Bareme::default_bareme(), true);
    assert!(default.content.is_none());
}

#[test]
fn a_version_1_file_still_reads_and_is_written_as_version_3() {
    // A file written by the previous version: format 1, no `category_agregat`.
    let v1 = edited(|v| {
        v["format"] = "grappe-dossier/1".into();
        for e in v["essms"].as_array_mut().unwrap() {
            e.as_object_mut().unwrap().remove("category_agregat");
        }
    });
    assert!(!v1.contains("category_agregat"));
    let dossier = dossier_file::from_json(&v1).unwrap();
    assert_eq!(dossier, demo::demo_dossier());
    assert_eq!(dossier_file::to_json(&dossier), demo_json());
}

#[test]
fn a_version_2_file_still_reads_and_is_written_as_version_3() {
    let v2 = edited(|v| v["format"] = "grappe-dossier/2".into());
    let dossier = dossier_file::from_json(&v2).unwrap();
    assert_eq!(dossier, demo::demo_dossier());
    assert_eq!(dossier_file::to_json(&dossier), demo_json());
}

/// The demo, filed on 02/04/2024 and awarded as requested, with a payment, an expense, a
/// measurable target and a measurement.
fn followed() -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(&demo_json()).unwrap();
    let filed = v.clone();
    v["suivi"] = serde_json::json!({
        "filing": { "filed_on": "2024-04-02", "fingerprint": "3f2a", "bareme_version": "2023-2025.2", "dossier": filed },
        "award": {
            "decision_reference": "ARS-HDF-2024-117", "decision_date": "2024-07-10",
            "convention_reference": "CONV-2024-117", "convention_date": "2024-09-20",
            "lines": [{ "line": { "rule": "R-MARCHE", "label": "Accompagnement de la procédure de marché (centrale d'achat mandatée par la CNSA)", "og": "590991014", "essms": null }, "granted": "11000.00" }]
        },
        "payments": [{ "date": "2024-10-15", "amount": "11000.00", "reference": "FMIS-1", "og": "590991014", "tranche": "project_start" }],
        "expenses": [{ "date": "2024-11-02", "supplier": "Cabinet Conseil", "reference": "F-2024-12", "amount": "4800.50",
            "enveloppe": { "og": "590991014", "rule": "R-MARCHE", "label": "Accompagnement de la procédure de marché (centrale d'achat mandatée par la CNSA)" },
            "essms": null, "piece": "9b1c" }],
        "indicators": [{ "indicator": "Documents envoyés à Mon espace santé", "target": "1200", "unit": "count", "scope": "grappe" }],
        "measurements": [{ "indicator": "Documents envoyés à Mon espace santé", "essms": null, "date": "2025-06-30", "value": "640", "source": "DMP" }],
        "gap_threshold": "15",
        "explanations": [],
        "review": "Déploiement conforme au calendrier.",
        "project_end": "2026-06-30"
    });
    v
}

#[test]
fn the_follow_up_round_trips_exactly() {
    let text = serde_json::to_string_pretty(&followed()).unwrap();
    let dossier = dossier_file::from_json(&text).unwrap();
    let suivi = dossier.suivi.as_ref().unwrap();
    assert_eq!(suivi.expenses[0].amount.to_string(), "4800.50");
    assert_eq!(
        suivi.filing.as_ref().unwrap().dossier.name,
        "Grappe numérique des Flandres"
    );
    let again = dossier_file::to_json(&dossier);
    assert_eq!(dossier_file::from_json(&again).unwrap(), dossier);
    assert_eq!(dossier_file::to_json(&dossier_file::from_json(&again).unwrap()), again);
}

#[test]
fn bad_follow_up_values_get_a_french_message_naming_the_place() {
    type Edit = fn(&mut serde_json::Value);
    let cases: [(&str, Edit, &str); 4] = [
        (
            "negative",
            |v| v["suivi"]["payments"][0]["amount"] = "-5.00".into(),
            "suivi.payments[0].amount : « -5.00 » : un montant doit être positif ou nul",
        ),
        (
            "sub-cent",
            |v| v["suivi"]["expenses"][0]["amount"] = "4800.505".into(),
            "suivi.expenses[0].amount : « 4800.505 » : un montant a au plus 2 décimales",
        ),
        (
            "bad date",
            |v| v["suivi"]["measurements"][0]["date"] = "30/06/2025".into(),
            "suivi.measurements[0].date : « 30/06/2025 » n'est pas une date valide",
        ),
        (
            "unknown unit",
            |v| v["suivi"]["indicators"][0]["unit"] = "pourcent".into(),
            "suivi.indicators[0].unit : valeur « pourcent » inconnue",
        ),
    ];
    for (what, edit, expected) in cases {
        let mut v = followed();
        edit(&mut v);
        let message = error_of(&serde_json::to_string(&v).unwrap());
        assert!(
            message.contains(expected),
            "{what}: « {message} » should contain « {expected} »"
        );
    }
}

#[test]
fn a_byte_order_mark_is_accepted() {
    assert!(dossier_file::from_json(&format!("\u{FEFF}{}", demo_json())).is_ok());
}

#[test]
fn a_minimal_file_with_only_the_required_fields_reads() {
    let text = r#"{"format":"grappe-dossier/1","name":"G","campaign":"2023-2025","filing_date":"2024-04-02",
        "porteur":"","ogs":[],"essms":[]}"#;
    let d = dossier_file::from_json(text).unwrap();
    assert!(d.essms.is_empty() && d.solution.is_none());
}

#[test]
fn bad_input_gets_a_french_message_naming_the_place() {
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "not JSON",
            "ceci n'est pas du JSON".into(),
            "JSON invalide (valeur attendue) (ligne 1, colonne 1)",
        ),
        ("empty", String::new(), "le fichier est vide"),
        (
            "truncated",
            demo_json()[..400].to_string(),
            "le fichier s'arrête avant la fin (tronqué ?)",
        ),
        ("trailing", format!("{} x", demo_json()), "caractères en trop"),
        ("an array", "[1, 2]".into(), "un objet JSON est attendu"),
        (
            "future version",
            edited(|v| v["format"] = "grappe-dossier/7".into()),
            "format : format « grappe-dossier/7 » inconnu : cette version de Grappe lit le format « grappe-dossier/6 »",
        ),
        (
            "another file",
            grappe_core::bareme::DEFAULT_BAREME_JSON.to_string(),
            "format : format « grappe-bareme/2 » inconnu : ce fichier n'est pas un dossier Grappe",
        ),
        (
            "no format",
            edited(|v| {
                v.as_object_mut().unwrap().remove("format");
            }),
            "format : champ obligatoire manquant",
        ),
        (
            "missing field",
            edited(|v| {
                v["essms"][3].as_object_mut().unwrap().remove("situation");
            }),
            "essms[3].situation : champ obligatoire manquant",
        ),
        (
            "misspelt field",
            edited(|v| {
                let e = v["essms"][2].as_object_mut().unwrap();
                let x = e.remove("finess_et").unwrap();
                e.insert("finness_et".into(), x);
            }),
            "essms[2].finness_et : champ inconnu (faute de frappe ?)",
        ),
        (
            "money as a number",
            edited(|v| v["declared_costs"]["amoa"] = serde_json::json!(85000.5)),
            "declared_costs.amoa : 85000.5 est écrit comme un nombre JSON : écrivez-le entre guillemets",
        ),
        (
            "negative money",
            edited(|v| v["essms"][1]["equipment_need"] = "-100.00".into()),
            "essms[1].equipment_need : « -100.00 » : un montant doit être positif ou nul",
        ),
        (
            "sub-cent money",
            edited(|v| v["essms"][1]["equipment_need"] = "10.001".into()),
            "essms[1].equipment_need : « 10.001 » : un montant a au plus 2 décimales",
        ),
        (
            "bad date",
            edited(|v| v["calendar"]["project_start"] = "02/09/2024".into()),
            "calendar.project_start : « 02/09/2024 » n'est pas une date valide (format attendu AAAA-MM-JJ",
        ),
        (
            "unknown situation",
            edited(|v| v["essms"][0]["situation"] = "nouvelle".into()),
            "essms[0].situation : valeur « nouvelle » inconnue ; valeurs possibles : new_solution ou already_equipped",
        ),
        (
            "wrong type",
            edited(|v| v["essms"][0]["capacity"] = "84".into()),
            "essms[0].capacity : le texte \"84\" trouvé, un nombre entier positif attendu",
        ),
        (
            "negative count",
            edited(|v| v["ogs"][0]["managed_essms"] = serde_json::json!(-3)),
            "ogs[0].managed_essms : valeur incorrecte : le nombre -3 trouvé, un nombre entier positif attendu",
        ),
        (
            "boolean as text",
            edited(|v| v["centrale_achat"] = "oui".into()),
            "centrale_achat : le texte \"oui\" trouvé, true ou false attendu",
        ),
    ];
    for (what, text, expected) in cases {
        let message = error_of(&text);
        assert!(
            message.contains(expected),
            "{what}: « {message} » should contain « {expected} »"
        );
    }
}

#[test]
fn duplicated_essms_and_unknown_categories_are_findings_with_their_place() {
    // Structurally valid files whose content is wrong are read, and the checks say what is wrong.
    let text = edited(|v| {
        let copy = v["essms"][0].clone();
        v["essms"].as_array_mut().unwrap().push(copy);
        v["essms"][4]["category"] = "999".into();
    });
    let d = dossier_file::from_json(&text).unwrap();
    let e = grappe_core::evaluate(&d, &grappe_core::Bareme::default_bareme());
    let of = |severity| -> Vec<(String, String)> {
        e.findings
            .iter()
            .filter(|f| f.severity == severity && f.field.as_deref().is_some_and(|p| p.starts_with("essms[")))
            .map(|f| (f.field.clone().unwrap(), f.message.clone()))
            .collect()
    };
    let blocking = of(grappe_core::Severity::Blocking);
    assert_eq!(blocking.len(), 1, "{blocking:#?}");
    assert_eq!(blocking[0].0, "essms[20].finess_et");
    assert!(blocking[0].1.contains("listé deux fois (déjà en essms[0])"));
    // D-CATEGORY: an unknown category is a warning asking for the sector, never a block.
    let warnings = of(grappe_core::Severity::Warning);
    assert!(
        warnings
            .iter()
            .any(|(p, m)| p == "essms[4].sector"
                && m.contains("catégorie FINESS « 999 » n'est pas dans la nomenclature")),
        "{warnings:#?}"
    );
}
