//! Variants side by side: what differs is marked, per OG, per rule and per ESSMS.

#![allow(clippy::unwrap_used)] // tests may fail loudly

use grappe_core::comparison::compare;
use grappe_core::{demo, evaluate, Bareme};

#[test]
fn the_demo_without_one_og_side_by_side_with_the_original() {
    let b = Bareme::default_bareme();
    let original = demo::demo_dossier();
    let mut variant = original.clone();
    let gone = variant.ogs.pop().unwrap();
    variant.essms.retain(|e| e.og != gone.finess_ej);
    let (eo, ev) = (evaluate(&original, &b), evaluate(&variant, &b));
    let c = compare(&[("Dossier", &original, &eo), ("Sans le CCAS", &variant, &ev)]);
    assert_eq!(c.columns, vec!["Dossier", "Sans le CCAS"]);
    let row = |label: &str| {
        c.rows
            .iter()
            .find(|r| r.label == label)
            .unwrap_or_else(|| panic!("{label}: {c:#?}"))
    };
    let total = row("Financement total");
    assert_eq!(total.values, vec![eo.funding.total.fr(), ev.funding.total.fr()]);
    assert!(total.differs);
    assert!(!row("Canal").differs);
    let og = row(&gone.name);
    assert_eq!(og.section, "Par OG");
    assert_eq!(og.values[1], "0,00\u{a0}€");
    assert!(og.differs);
    // Every ESSMS of the OG that left is « absent » in the variant; the others are unchanged.
    let essms: Vec<_> = c.rows.iter().filter(|r| r.section == "Par ESSMS").collect();
    assert_eq!(essms.len(), original.essms.len());
    let absent = essms.iter().filter(|r| r.values[1] == "absent").count();
    assert_eq!(absent, original.essms.len() - variant.essms.len());
    assert!(essms.iter().filter(|r| r.values[1] != "absent").all(|r| !r.differs));
}
