//! Two to four versions of a grappe side by side (variants): the total, per OG, per rule, the
//! channel and ARS, the threshold, the ESSMS counted, and per ESSMS what changes. Each value is
//! French text; a row whose values differ is marked. Pure: the caller evaluates each dossier.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::file_format::compact;
use crate::money::format_eur;
use crate::{Amount, Dossier, Evaluation};

/// The comparison: one column per version, in the order given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Comparison {
    pub columns: Vec<String>,
    pub rows: Vec<ComparisonRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ComparisonRow {
    /// « Synthèse », « Par OG », « Par règle », « Par ESSMS ».
    pub section: String,
    pub label: String,
    /// One value per column.
    pub values: Vec<String>,
    /// The values are not all the same.
    pub differs: bool,
}

/// How many versions are compared side by side: 2 to 4.
pub const COMPARED: std::ops::RangeInclusive<usize> = 2..=4;

/// Whether `count` versions can be compared; the French reason when they cannot.
pub fn check_count(count: usize) -> Result<(), String> {
    if COMPARED.contains(&count) {
        Ok(())
    } else {
        Err(format!(
            "de {} à {} versions se comparent côte à côte ({count} choisie(s))",
            COMPARED.start(),
            COMPARED.end()
        ))
    }
}

/// Compares versions of a grappe, each with its evaluation (under its own barème).
pub fn compare(versions: &[(&str, &Dossier, &Evaluation)]) -> Comparison {
    let mut rows = Vec::new();
    let mut push = |section: &str, label: String, values: Vec<String>| {
        let differs = values.windows(2).any(|w| w[0] != w[1]);
        rows.push(ComparisonRow {
            section: section.to_string(),
            label,
            values,
            differs,
        });
    };
    let each = |f: &dyn Fn(&Dossier, &Evaluation) -> String| -> Vec<String> {
        versions.iter().map(|(_, d, e)| f(d, e)).collect()
    };

    const SUMMARY: &str = "Synthèse";
    push(SUMMARY, "Financement total".into(), each(&|_, e| e.funding.total.fr()));
    push(SUMMARY, "Canal".into(), each(&|_, e| e.channel.label().to_string()));
    push(
        SUMMARY,
        "ARS".into(),
        each(&|_, e| e.ars.clone().unwrap_or_else(|| "—".into())),
    );
    push(
        SUMMARY,
        "ESSMS comptés".into(),
        each(&|_, e| e.grappe.essms_count.to_string()),
    );
    push(
        SUMMARY,
        "ESSMS écartés".into(),
        each(&|_, e| e.grappe.excluded_count.to_string()),
    );
    push(
        SUMMARY,
        "Seuil de la grappe".into(),
        each(&|_, e| {
            let reached = if e.grappe.size_reached {
                "atteint"
            } else {
                "non atteint"
            };
            format!("{} ({reached})", e.grappe.min_essms)
        }),
    );
    push(SUMMARY, "Barème".into(), each(&|_, e| e.bareme_version.clone()));
    push(
        SUMMARY,
        "Points bloquants".into(),
        each(&|_, e| {
            e.findings
                .iter()
                .filter(|f| f.severity == crate::Severity::Blocking)
                .count()
                .to_string()
        }),
    );

    // Per OG and per rule: the union over the versions, in first-seen order.
    let sums = |key: &dyn Fn(&crate::funding::FundingLine) -> (String, String)| -> Vec<(String, Vec<String>)> {
        let mut order: Vec<String> = Vec::new();
        let mut labels: BTreeMap<String, String> = BTreeMap::new();
        let mut per: Vec<BTreeMap<String, Amount>> = Vec::new();
        for (_, _, e) in versions {
            let mut mine: BTreeMap<String, Amount> = BTreeMap::new();
            for l in &e.funding.lines {
                let (k, label) = key(l);
                if !labels.contains_key(&k) {
                    order.push(k.clone());
                    labels.insert(k.clone(), label);
                }
                *mine.entry(k).or_insert(Amount::ZERO) += l.amount;
            }
            per.push(mine);
        }
        order
            .into_iter()
            .map(|k| {
                let values = per
                    .iter()
                    .map(|m| {
                        m.get(&k)
                            .map_or_else(|| format_eur(rust_decimal::Decimal::ZERO), |a| a.fr())
                    })
                    .collect();
                (labels.remove(&k).unwrap_or_default(), values)
            })
            .collect()
    };
    for (label, values) in sums(&|l| (compact(&l.og), l.og_name.clone())) {
        push("Par OG", label, values);
    }
    for (label, values) in sums(&|l| (format!("{} {}", l.rule, l.label), format!("{} — {}", l.rule, l.label))) {
        push("Par règle", label, values);
    }

    // Per ESSMS: counted, left out or absent, and its situation.
    let mut order: Vec<(String, String)> = Vec::new();
    for (_, d, _) in versions {
        for e in &d.essms {
            let key = compact(&e.finess_et);
            if !order.iter().any(|(k, _)| *k == key) {
                order.push((key, e.name.clone()));
            }
        }
    }
    for (key, name) in order {
        let values = each(
            &|d, e| match d.essms.iter().position(|x| compact(&x.finess_et) == key) {
                None => "absent".into(),
                Some(i) => {
                    let counted = if e.grappe.eligible.contains(&i) {
                        "compté"
                    } else {
                        "écarté"
                    };
                    let situation = match d.essms[i].situation {
                        crate::model::Situation::NewSolution => "nouvelle solution",
                        crate::model::Situation::AlreadyEquipped => "déjà équipé",
                    };
                    format!("{counted}, {situation}")
                }
            },
        );
        push("Par ESSMS", format!("{name} ({key})"), values);
    }
    Comparison {
        columns: versions.iter().map(|(name, _, _)| name.to_string()).collect(),
        rows,
    }
}
