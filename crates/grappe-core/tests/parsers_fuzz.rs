//! Property tests over the dossier and barème parsers and the evaluation: whatever the input,
//! no panic, and a dossier that reads always evaluates with totals that add up.
//! Bounded: PROPTEST_CASES (default 256) cases per property.

#![allow(clippy::unwrap_used)] // tests may fail loudly

use grappe_core::model::{Essms, Og, Situation};
use grappe_core::{bareme::DEFAULT_BAREME_JSON, demo, dossier_file, evaluate, Amount, Bareme};
use proptest::prelude::*;

fn demo_json() -> String {
    dossier_file::to_json(&demo::demo_dossier())
}

/// An edit of a text: delete a range, insert a snippet, or replace one character.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    Replace(usize, char),
}

fn edit() -> impl Strategy<Value = Edit> {
    let snippets = prop_oneof![
        Just("\"".to_string()),
        Just("-".to_string()),
        Just("1e400".to_string()),
        Just("null".to_string()),
        Just("{}".to_string()),
        Just(",".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("é".to_string()),
        "[ -~]{0,8}",
    ];
    prop_oneof![
        (any::<usize>(), 0usize..40).prop_map(|(a, n)| Edit::Delete(a, n)),
        (any::<usize>(), snippets).prop_map(|(a, s)| Edit::Insert(a, s)),
        (any::<usize>(), any::<char>()).prop_map(|(a, c)| Edit::Replace(a, c)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let len = chars.len().max(1);
        match e {
            Edit::Delete(at, n) => {
                let start = at % len;
                let end = (start + n).min(chars.len());
                chars.drain(start.min(chars.len())..end);
            }
            Edit::Insert(at, s) => {
                let at = (at % len).min(chars.len());
                for (k, c) in s.chars().enumerate() {
                    chars.insert(at + k, c);
                }
            }
            Edit::Replace(at, c) => {
                if !chars.is_empty() {
                    let at = at % chars.len();
                    chars[at] = *c;
                }
            }
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #[test]
    fn any_text_never_panics_the_parsers(text in any::<String>()) {
        let dossier = dossier_file::from_json(&text);
        let bareme = Bareme::from_json(&text);
        // Random text is never a valid file, and the message is never empty.
        prop_assert!(dossier.is_err() && bareme.is_err());
        prop_assert!(!dossier.unwrap_err().to_string().is_empty());
    }

    #[test]
    fn edited_dossier_files_read_or_fail_cleanly(edits in prop::collection::vec(edit(), 1..4)) {
        let text = apply(&demo_json(), &edits);
        match dossier_file::from_json(&text) {
            Ok(dossier) => {
                let e = evaluate(&dossier, &Bareme::default_bareme());
                let per_og: Amount = e.funding.per_og.iter().map(|s| s.amount).sum();
                prop_assert_eq!(per_og, e.funding.total);
                let again = dossier_file::to_json(&dossier);
                prop_assert_eq!(dossier_file::from_json(&again).unwrap(), dossier);
            }
            Err(err) => prop_assert!(!err.problems.is_empty() && !err.problems[0].message.is_empty()),
        }
    }

    #[test]
    fn edited_bareme_files_load_valid_or_list_their_problems(edits in prop::collection::vec(edit(), 1..4)) {
        let text = apply(DEFAULT_BAREME_JSON, &edits);
        match Bareme::from_json(&text) {
            Ok(bareme) => {
                prop_assert!(bareme.validate().is_empty());
                let e = evaluate(&demo::demo_dossier(), &bareme);
                let schedule: Amount = e.funding.schedule.iter().map(|p| p.amount).sum();
                prop_assert_eq!(schedule, e.funding.total);
            }
            Err(err) => prop_assert!(err.problems.iter().all(|p| !p.message.is_empty())),
        }
    }

    #[test]
    fn any_grappe_evaluates_and_its_totals_add_up(
        essms in prop::collection::vec(
            (0usize..4, "[0-9AB ]{0,10}", prop::sample::select(vec!["500", "183", "355", "999", "246", ""]),
             any::<bool>(), any::<bool>(), any::<bool>(), prop::option::of(0u64..40_000)),
            0..60),
        managed in prop::collection::vec(prop::option::of(0u32..30), 4),
        amoa in prop::option::of(0u64..200_000),
        centrale in any::<bool>(),
    ) {
        let mut d = demo::demo_dossier();
        d.ogs = (0..4)
            .map(|k| Og {
                finess_ej: grappe_core::finess::with_key(&format!("{}90000{k}", ["59", "2A", "69", "98"][k])).unwrap().to_string(),
                name: format!("OG {k}"),
                managed_essms: managed[k],
                ..Og::default()
            })
            .collect();
        d.essms = essms
            .iter()
            .enumerate()
            .map(|(i, (og, number, cat, new, funded, sons, need))| Essms {
                finess_et: if i % 3 == 0 { number.clone() } else { grappe_core::finess::with_key(&format!("59{:06}", i % 40)).unwrap().to_string() },
                name: format!("E{i}"),
                category: cat.to_string(),
                category_label: String::new(),
                category_agregat: String::new(),
                sector: None,
                departement: String::new(),
                commune: String::new(),
                capacity: None,
                og: d.ogs[*og].finess_ej.clone(),
                situation: if *new { Situation::NewSolution } else { Situation::AlreadyEquipped },
                software_already_funded: *funded,
                sons_order_signed: *sons,
                equipment_need: need.map(Amount::euros),
            })
            .collect();
        d.porteur = d.ogs[0].finess_ej.clone();
        d.declared_costs.amoa = amoa.map(Amount::euros);
        d.centrale_achat = centrale;
        let e = evaluate(&d, &Bareme::default_bareme());
        let lines: Amount = e.funding.lines.iter().map(|l| l.amount).sum();
        let per_og: Amount = e.funding.per_og.iter().map(|s| s.amount).sum();
        let schedule: Amount = e.funding.schedule.iter().map(|p| p.amount).sum();
        prop_assert_eq!(lines, e.funding.total);
        prop_assert_eq!(per_og, e.funding.total);
        prop_assert_eq!(schedule, e.funding.total);
        prop_assert_eq!(e.grappe.essms_count + e.grappe.excluded_count, d.essms.len() as u32);
        prop_assert_eq!(e.eligible, !e.findings.iter().any(|f| f.severity == grappe_core::Severity::Blocking));
        for l in &e.funding.lines {
            prop_assert!(l.amount <= l.unit_amount * l.quantity);
        }
    }
}
