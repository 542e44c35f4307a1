//! D-AWARD and D-ENVELOPE: the award checked against the requested lines of the filed dossier,
//! and the enveloppes it makes — the awarded lines of one barème line and one OG — with the
//! payments they are expected to bring (each awarded line split by its barème schedule, to the
//! cent, the remainder on the last tranche as in D-TRACE).

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::bareme::{Bareme, Due};
use crate::findings::Findings;
use crate::funding::{split, FundingLine};
use crate::model::suivi::{Award, AwardLine, EnveloppeKey, LineKey};
use crate::model::Dossier;
use crate::money::Amount;

impl EnveloppeKey {
    /// The enveloppe a requested or awarded line belongs to (D-ENVELOPE): its OG, rule and label.
    pub fn of(line: &LineKey) -> EnveloppeKey {
        EnveloppeKey {
            og: line.og.clone(),
            rule: line.rule.clone(),
            label: line.label.clone(),
        }
    }
}

/// Why an expense is refused on an enveloppe the award does not grant (D-EXPENSES).
pub const NOT_AWARDED_ENVELOPPE: &str = "choisissez une enveloppe de l'attribution";

impl Award {
    /// Every requested line granted as requested: the usual first step, then a line is adjusted.
    pub fn as_requested(requested: &[FundingLine]) -> Award {
        Award {
            lines: requested
                .iter()
                .map(|l| AwardLine {
                    line: LineKey::of(l),
                    granted: l.amount,
                })
                .collect(),
            ..Award::default()
        }
    }

    /// The award's enveloppes, each once, in the order of its lines (D-ENVELOPE).
    pub fn enveloppe_keys(&self) -> Vec<EnveloppeKey> {
        let mut keys: Vec<EnveloppeKey> = Vec::new();
        for l in &self.lines {
            let key = EnveloppeKey::of(&l.line);
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys
    }

    /// Whether an expense may be put on `key`: one of the award's enveloppes (D-EXPENSES).
    pub fn grants(&self, key: &EnveloppeKey) -> bool {
        self.lines.iter().any(|l| EnveloppeKey::of(&l.line) == *key)
    }
}

impl LineKey {
    pub fn of(line: &FundingLine) -> LineKey {
        LineKey {
            rule: line.rule.clone(),
            label: line.label.clone(),
            og: line.og.clone(),
            essms: line.essms.clone(),
        }
    }
}

/// One enveloppe and what it is expected to bring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enveloppe {
    pub key: EnveloppeKey,
    pub og_name: String,
    pub requested: Amount,
    pub awarded: Amount,
    /// What the award makes due, by moment, in the schedule's order.
    pub tranches: Vec<ExpectedTranche>,
    /// Indices in `award.lines` of its lines.
    pub award_lines: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedTranche {
    pub due_on: Due,
    pub label: String,
    /// From the convention date (start) or the project calendar (usage targets).
    pub due: Option<NaiveDate>,
    pub amount: Amount,
}

/// When an expected tranche falls due: the start tranches when the convention is signed (else
/// at the project's start), the others at the usage targets deadline.
pub fn due_date(dossier: &Dossier, award: &Award, due: Due) -> Option<NaiveDate> {
    match due {
        Due::ProjectStart => award.convention_date.or(dossier.calendar.project_start),
        Due::UsageTargets => dossier.calendar.usage_targets_deadline,
    }
}

const RULE: &str = "D-AWARD";

/// The enveloppes of the award, by OG (in the dossier's order), then in the order of the
/// requested lines; every problem of the award is a finding on its line.
pub fn enveloppes(
    dossier: &Dossier,
    requested: &[FundingLine],
    award: &Award,
    bareme: &Bareme,
    findings: &mut Findings,
) -> Vec<Enveloppe> {
    let by_key: HashMap<LineKey, &FundingLine> = requested.iter().map(|l| (LineKey::of(l), l)).collect();
    let mut granted: HashMap<&LineKey, (usize, Amount)> = HashMap::new();
    for (i, line) in award.lines.iter().enumerate() {
        let path = format!("suivi.award.lines[{i}]");
        let Some(asked) = by_key.get(&line.line) else {
            findings.blocking(
                RULE,
                format!("{path}.line"),
                format!(
                    "« {} » ({}) n'a pas été demandé dans le dossier déposé : une ligne non demandée ne peut pas être attribuée.",
                    line.line.label, line.line.og
                ),
            );
            continue;
        };
        if granted.insert(&line.line, (i, line.granted)).is_some() {
            findings.blocking(
                RULE,
                format!("{path}.line"),
                format!(
                    "« {} » est attribué deux fois : gardez une seule ligne.",
                    line.line.label
                ),
            );
            continue;
        }
        if line.granted > asked.amount {
            findings.warning(
                RULE,
                format!("{path}.granted"),
                format!(
                    "« {} » : {} attribués pour {} demandés ; vérifiez la notification (une attribution dépasse rarement la demande).",
                    line.line.label,
                    line.granted.fr(),
                    asked.amount.fr()
                ),
            );
        }
    }
    let mut out: Vec<Enveloppe> = Vec::new();
    for asked in requested {
        let key = LineKey::of(asked);
        let Some(&(index, amount)) = granted.get(&key) else {
            // Before the award nothing is granted yet: a line left out is news only in an award.
            if award.lines.is_empty() {
                continue;
            }
            findings.info(
                RULE,
                None,
                format!(
                    "« {} » ({}) : demandé {}, rien d'attribué.",
                    asked.label,
                    asked.og_name,
                    asked.amount.fr()
                ),
            );
            continue;
        };
        let envelope_key = EnveloppeKey::of(&key);
        let position = match out.iter().position(|e| e.key == envelope_key) {
            Some(p) => p,
            None => {
                out.push(Enveloppe {
                    key: envelope_key,
                    og_name: asked.og_name.clone(),
                    requested: Amount::ZERO,
                    awarded: Amount::ZERO,
                    tranches: Vec::new(),
                    award_lines: Vec::new(),
                });
                out.len() - 1
            }
        };
        let e = &mut out[position];
        // Amounts read from files are at most Amount::MAX: these sums stay in range.
        e.requested = e.requested.checked_add(asked.amount).unwrap_or(Amount::MAX);
        e.awarded = e.awarded.checked_add(amount).unwrap_or(Amount::MAX);
        e.award_lines.push(index);
        let Some(schedule) = bareme.schedule(&asked.payment) else {
            continue;
        };
        let parts = split(amount, schedule.tranches.iter().map(|t| t.share)).unwrap_or_default();
        for (t, part) in schedule.tranches.iter().zip(parts) {
            match e.tranches.iter_mut().find(|x| x.due_on == t.due) {
                Some(x) => x.amount = x.amount.checked_add(part).unwrap_or(Amount::MAX),
                None => e.tranches.push(ExpectedTranche {
                    due_on: t.due,
                    label: t.label.clone(),
                    due: due_date(dossier, award, t.due),
                    amount: part,
                }),
            }
        }
    }
    // Each OG's rank worked out once, not at each comparison of the sort.
    let mut rank: std::collections::HashMap<std::borrow::Cow<'_, str>, usize> = std::collections::HashMap::new();
    for (i, o) in dossier.ogs.iter().enumerate() {
        rank.entry(crate::file_format::compact_cow(&o.finess_ej)).or_insert(i);
    }
    out.sort_by_key(|e| rank.get(e.key.og.as_str()).copied().unwrap_or(usize::MAX));
    out
}
