//! D-EXPENSES: expenses consume enveloppes. Consumption is spent ÷ awarded; an enveloppe over
//! 100 % is flagged on the expense that takes it over; one far below at the end of the project
//! is a reclaim risk.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use super::enveloppes::Enveloppe;
use crate::findings::Findings;
use crate::model::suivi::{Award, Expense};
use crate::model::Dossier;
use crate::money::{format_date, Amount};

const RULE: &str = "D-EXPENSES";

/// Spent on each enveloppe (same order) by the expenses dated up to `as_of`.
pub fn spend(
    dossier: &Dossier,
    award: &Award,
    enveloppes: &[Enveloppe],
    expenses: &[Expense],
    as_of: NaiveDate,
    findings: &mut Findings,
) -> Vec<Amount> {
    let mut spent = vec![Decimal::ZERO; enveloppes.len()];
    let index: std::collections::HashMap<&crate::model::suivi::EnveloppeKey, usize> =
        enveloppes.iter().enumerate().map(|(k, e)| (&e.key, k)).collect();
    let known_essms: std::collections::HashSet<String> = dossier
        .essms
        .iter()
        .map(|e| crate::file_format::compact(&e.finess_et))
        .collect();
    let mut order: Vec<usize> = (0..expenses.len()).collect();
    order.sort_by_key(|&i| (expenses[i].date, i));
    for i in order {
        let x = &expenses[i];
        // The field path, written only for a finding.
        let path = || format!("suivi.expenses[{i}]");
        let Some(&k) = index.get(&x.enveloppe) else {
            findings.blocking(
                RULE,
                format!("{}.enveloppe", path()),
                format!(
                    "Dépense « {} » du {} : l'enveloppe « {} » n'a pas été attribuée à l'OG « {} ».",
                    x.reference,
                    format_date(x.date),
                    x.enveloppe.label,
                    x.enveloppe.og
                ),
            );
            continue;
        };
        if let Some(signed) = award.convention_date.filter(|c| x.date < *c) {
            findings.warning(
                RULE,
                format!("{}.date", path()),
                format!(
                    "Dépense « {} » du {} : antérieure à la convention du {} ; vérifiez qu'elle est éligible.",
                    x.reference,
                    format_date(x.date),
                    format_date(signed)
                ),
            );
        }
        if let Some(et) = &x.essms {
            if !known_essms.contains(&crate::file_format::compact(et)) {
                findings.warning(
                    RULE,
                    format!("{}.essms", path()),
                    format!(
                        "Dépense « {} » : l'ESSMS « {et} » n'est pas dans la grappe.",
                        x.reference
                    ),
                );
            }
        }
        if x.date > as_of {
            continue;
        }
        let before = spent[k];
        // A credit note (avoir) takes back part of what was spent; the sums stay far below the
        // decimal range (each amount at most `Amount::MAX`).
        spent[k] = before.saturating_add(x.signed());
        let awarded = enveloppes[k].awarded.value();
        if before <= awarded && spent[k] > awarded {
            findings.warning(
                RULE,
                format!("{}.amount", path()),
                format!(
                    "L'enveloppe « {} » ({}) est surconsommée depuis la dépense « {} » du {} : {} dépensés pour {} attribués.",
                    enveloppes[k].key.label,
                    enveloppes[k].og_name,
                    x.reference,
                    format_date(x.date),
                    crate::money::format_eur(spent[k]),
                    enveloppes[k].awarded.fr()
                ),
            );
        }
    }
    spent
        .into_iter()
        .zip(enveloppes)
        .map(|(d, e)| {
            Amount::new(d).unwrap_or_else(|_| {
                findings.warning(
                    RULE,
                    None,
                    format!(
                        "« {} » ({}) : les avoirs ({}) dépassent les dépenses ; vérifiez les avoirs importés.",
                        e.key.label,
                        e.og_name,
                        crate::money::format_eur(d)
                    ),
                );
                Amount::ZERO
            })
        })
        .collect()
}

/// `part ÷ whole`, in percent, to one decimal; `None` when nothing was awarded.
pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    part.checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(whole)
        .map(|p| p.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero))
}
