//! Builders of small dossiers for the rule tests: valid FINESS numbers, one rule at a time.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::NaiveDate;
use grappe_core::finess::with_key;
use grappe_core::model::{Essms, Og, ProjectCalendar, Referencement, Situation, Solution};
use grappe_core::{evaluate, Amount, Bareme, Dossier, Evaluation, Severity};
use rust_decimal::Decimal;

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The filing date used unless a test says otherwise: inside the 2024 regional and national windows.
pub fn filing() -> NaiveDate {
    date(2024, 4, 2)
}

/// An OG numbered `n` in département `dep` (2 characters: `59`, `2A`, or `97` + territory digit
/// handled by `og_overseas`).
pub fn og(dep: &str, n: usize, managed: Option<u32>) -> Og {
    let stem = format!("{dep}{:06}", 900_000 + n);
    Og {
        finess_ej: with_key(&stem).unwrap().to_string(),
        name: format!("OG {n}"),
        managed_essms: managed,
        ..Og::default()
    }
}

/// A FINESS ET in département `dep` (`59`, `2A`, `971`…), numbered `n`.
pub fn et(dep: &str, n: usize) -> String {
    let stem = match dep {
        "971" => format!("9701{:04}", n),
        "972" => format!("9702{:04}", n),
        "973" => format!("9703{:04}", n),
        "974" => format!("9704{:04}", n),
        "976" => format!("980{:05}", n),
        d => format!("{d}{:06}", n),
    };
    with_key(&stem).unwrap().to_string()
}

pub fn essms(dep: &str, n: usize, og: &Og, situation: Situation) -> Essms {
    Essms {
        finess_et: et(dep, n),
        name: format!("ESSMS {dep}-{n}"),
        category: "500".into(),
        category_label: String::new(),
        category_agregat: String::new(),
        sector: None,
        departement: String::new(),
        commune: String::new(),
        capacity: Some(50),
        og: og.finess_ej.clone(),
        situation,
        software_already_funded: false,
        sons_order_signed: false,
        equipment_need: None,
    }
}

/// A dossier with one OG (not small: it declares 100 ESSMS) holding `count` ESSMS of one
/// situation in département `dep`, filed on `filing()`, with a non-référencé solution.
pub fn grappe(dep: &str, count: usize, situation: Situation) -> Dossier {
    let mut d = Dossier::new("Test", "2023-2025", filing());
    let o = og("59", 1, Some(100));
    d.porteur = o.finess_ej.clone();
    for i in 0..count {
        d.essms.push(essms(dep, i, &o, situation));
    }
    d.ogs.push(o);
    d.solution = Some(Solution {
        editeur: "Éditeur".into(),
        name: "DUI".into(),
        version: "1".into(),
        referencement: None,
    });
    d.choice_justification = "Mise en concurrence de trois éditeurs.".into();
    d.calendar = ProjectCalendar {
        project_start: Some(date(2024, 9, 1)),
        usage_targets_deadline: Some(date(2026, 6, 30)),
    };
    d
}

pub fn referenced(d: &mut Dossier, from: NaiveDate, until: Option<NaiveDate>) {
    d.solution.as_mut().unwrap().referencement = Some(Referencement {
        identifier: "REF-1".into(),
        dispositif: "DUI MS1".into(),
        from,
        until,
    });
}

pub fn eval(d: &Dossier) -> Evaluation {
    evaluate(d, &Bareme::default_bareme())
}

pub fn euros(n: i64) -> Decimal {
    Decimal::from(n)
}

pub fn amount(n: u64) -> Amount {
    Amount::euros(n)
}

/// Sum of the lines of one rule whose label contains `label_part`.
pub fn sum(e: &Evaluation, rule: &str, label_part: &str) -> Decimal {
    e.funding
        .lines
        .iter()
        .filter(|l| l.rule == rule && l.label.contains(label_part))
        .map(|l| l.amount.value())
        .sum()
}

pub fn total(e: &Evaluation) -> Decimal {
    e.funding.total.value()
}

pub fn has_finding(e: &Evaluation, severity: Severity, rule: &str) -> bool {
    e.findings.iter().any(|f| f.severity == severity && f.rule == rule)
}

pub fn blocking(e: &Evaluation) -> Vec<String> {
    e.findings
        .iter()
        .filter(|f| f.severity == Severity::Blocking)
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect()
}
