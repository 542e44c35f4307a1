//! D-INDICATORS and D-SOLDE: each usage target made measurable (a number, a unit, a scope), its
//! measurements checked, its status at a date; the solde can be claimed when every target is
//! reached. A target at the grappe's scope is reached when its latest measurement meets it; at
//! the ESSMS' scope, when the latest measurement of every eligible ESSMS does. Grappe never
//! averages percentages; for a count, the sum of the ESSMS' latest counts is offered.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::file_format::compact_cow;
use crate::findings::Findings;
use crate::model::suivi::{Indicator, Measurement, Scope, Unit};
use crate::model::Dossier;
use crate::money::format_date;

/// The measurable form a target written in the call suggests: its first number (French
/// style, digits grouped by spaces: « 1 200 documents », « 72,5 % ») and a percentage when it
/// says « % », a count otherwise. None when it holds no number.
pub fn suggested(written: &str) -> Option<(Decimal, Unit)> {
    let start = written.find(|c: char| c.is_ascii_digit())?;
    let rest = &written[start..];
    let end = rest
        .char_indices()
        .find(|&(i, c)| {
            let grouping = matches!(c, ' ' | '\u{A0}' | '\u{202F}')
                && rest[i + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit());
            !(c.is_ascii_digit() || c == ',' || c == '.' || grouping)
        })
        .map_or(rest.len(), |(i, _)| i);
    let value = crate::money::parse_number(rest[..end].trim_end_matches([',', '.']))?;
    let unit = if written.contains('%') {
        Unit::Percent
    } else {
        Unit::Count
    };
    Some((value, unit))
}

/// Where a usage target stands at a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetStatus {
    /// The usage target's indicator (`usage_targets[i].indicator`).
    pub indicator: String,
    /// Its measurable form, when the user gave one.
    pub measurable: Option<Indicator>,
    pub reached: bool,
    /// The latest measurement at the grappe's scope, with its date.
    pub latest: Option<(NaiveDate, Decimal)>,
    /// Per ESSMS: those without a measurement, and those below the target (FINESS ET).
    pub essms_missing: Vec<String>,
    pub essms_below: Vec<String>,
    /// For a count measured per ESSMS: the sum of their latest counts (offered for the grappe).
    pub essms_sum: Option<Decimal>,
    /// The measurements the status rests on: the grappe's latest, or each ESSMS's latest.
    pub evidence: Vec<Measurement>,
}

const RULE: &str = "D-INDICATORS";

/// The status of every usage target of the dossier, and the checks of the measurements.
/// `eligible` holds the FINESS ET (compact) of the grappe's eligible ESSMS.
pub fn targets(
    dossier: &Dossier,
    eligible: &[String],
    indicators: &[Indicator],
    measurements: &[Measurement],
    as_of: NaiveDate,
    findings: &mut Findings,
) -> Vec<TargetStatus> {
    for (i, ind) in indicators.iter().enumerate() {
        let path = format!("suivi.indicators[{i}]");
        if !dossier.usage_targets.iter().any(|t| t.indicator == ind.indicator) {
            findings.warning(
                RULE,
                format!("{path}.indicator"),
                format!("« {} » n'est pas une cible d'usage du dossier.", ind.indicator),
            );
        }
        if let Some(problem) = value_problem(ind.unit, ind.target) {
            findings.blocking(
                RULE,
                format!("{path}.target"),
                format!("« {} » : cible {problem}.", ind.indicator),
            );
        }
    }
    let eligible_set: HashSet<&str> = eligible.iter().map(String::as_str).collect();
    // The latest measurement of each (indicator, ESSMS or grappe) up to `as_of`, in one pass.
    let mut latest: Latest = HashMap::with_hasher(foldhash::fast::RandomState::default());
    for (i, m) in measurements.iter().enumerate() {
        // The field path, written only for a finding.
        let path = || format!("suivi.measurements[{i}]");
        let essms = m.essms.as_deref().map(compact_cow);
        if m.date <= as_of {
            let slot = latest.entry((m.indicator.as_str(), essms.clone())).or_insert(m);
            if slot.date <= m.date {
                *slot = m;
            }
        }
        let Some(ind) = indicators.iter().find(|x| x.indicator == m.indicator) else {
            findings.blocking(
                RULE,
                format!("{}.indicator", path()),
                format!(
                    "Mesure du {} : l'indicateur « {} » n'a pas de forme mesurable.",
                    format_date(m.date),
                    m.indicator
                ),
            );
            continue;
        };
        if m.date > as_of {
            findings.warning(
                RULE,
                format!("{}.date", path()),
                format!(
                    "Mesure de « {} » datée du {} : une date à venir.",
                    m.indicator,
                    format_date(m.date)
                ),
            );
        }
        if let Some(problem) = value_problem(ind.unit, m.value) {
            findings.blocking(
                RULE,
                format!("{}.value", path()),
                format!("Mesure de « {} » : valeur {problem}.", m.indicator),
            );
        }
        match (ind.scope, &m.essms) {
            (Scope::Grappe, Some(_)) => findings.blocking(
                RULE,
                format!("{}.essms", path()),
                format!(
                    "« {} » se mesure pour la grappe entière : la mesure ne doit pas nommer d'ESSMS.",
                    m.indicator
                ),
            ),
            (Scope::Essms, None) => findings.blocking(
                RULE,
                format!("{}.essms", path()),
                format!("« {} » se mesure par ESSMS : indiquez l'ESSMS mesuré.", m.indicator),
            ),
            (Scope::Essms, Some(et)) if !essms.as_deref().is_some_and(|e| eligible_set.contains(e)) => findings
                .blocking(
                    RULE,
                    format!("{}.essms", path()),
                    format!(
                        "Mesure de « {} » : l'ESSMS « {et} » n'est pas un ESSMS éligible de la grappe.",
                        m.indicator
                    ),
                ),
            _ => {}
        }
    }
    dossier
        .usage_targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let measurable = indicators.iter().find(|x| x.indicator == t.indicator).cloned();
            if measurable.is_none() {
                findings.warning(
                    RULE,
                    format!("usage_targets[{i}]"),
                    format!(
                        "« {} » : rendez la cible mesurable (valeur, unité, périmètre) pour suivre son atteinte.",
                        t.indicator
                    ),
                );
            }
            status(&t.indicator, measurable, eligible, &latest)
        })
        .collect()
}

fn value_problem(unit: Unit, value: Decimal) -> Option<&'static str> {
    if value.is_sign_negative() && !value.is_zero() {
        Some("négative")
    } else if unit == Unit::Percent && value > Decimal::ONE_HUNDRED {
        Some("au-delà de 100 %")
    } else {
        None
    }
}

/// The latest measurement (by date, the last entered on a tie) of each indicator, for an ESSMS
/// or the grappe, up to the date of the point. Hashed with foldhash: one look-up per measurement,
/// tens of thousands in a big follow-up, where the standard SipHash was half of the targets' time.
type Latest<'m> = HashMap<(&'m str, Option<Cow<'m, str>>), &'m Measurement, foldhash::fast::RandomState>;

fn status(indicator: &str, measurable: Option<Indicator>, eligible: &[String], latest: &Latest) -> TargetStatus {
    let mut out = TargetStatus {
        indicator: indicator.to_string(),
        measurable: measurable.clone(),
        reached: false,
        latest: None,
        essms_missing: Vec::new(),
        essms_below: Vec::new(),
        essms_sum: None,
        evidence: Vec::new(),
    };
    let Some(ind) = measurable else {
        return out;
    };
    match ind.scope {
        Scope::Grappe => {
            if let Some(m) = latest.get(&(indicator, None)) {
                out.latest = Some((m.date, m.value));
                out.reached = m.value >= ind.target;
                out.evidence.push((*m).clone());
            }
        }
        Scope::Essms => {
            let mut sum = Some(Decimal::ZERO);
            for et in eligible {
                match latest.get(&(indicator, Some(Cow::Borrowed(et.as_str())))) {
                    None => out.essms_missing.push(et.clone()),
                    Some(m) => {
                        if m.value < ind.target {
                            out.essms_below.push(et.clone());
                        }
                        sum = sum.and_then(|s| s.checked_add(m.value));
                        out.evidence.push((*m).clone());
                    }
                }
            }
            if ind.unit == Unit::Count {
                out.essms_sum = sum;
            }
            out.reached = !eligible.is_empty() && out.essms_missing.is_empty() && out.essms_below.is_empty();
        }
    }
    out
}

#[cfg(test)]
mod suggested_tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_written_target_suggests_its_number_and_unit() {
        assert_eq!(suggested("80 %"), Some((dec!(80), Unit::Percent)));
        assert_eq!(
            suggested("au moins 72,5 % des ESSMS"),
            Some((dec!(72.5), Unit::Percent))
        );
        assert_eq!(suggested("1 200 documents"), Some((dec!(1200), Unit::Count)));
        assert_eq!(
            suggested("1\u{202F}200 documents, 3 mois"),
            Some((dec!(1200), Unit::Count))
        );
        assert_eq!(suggested("tous les ESSMS"), None);
    }
}
