//! D-CRF, D-SOLDE and D-DEADLINES: the compte rendu's prévu / réalisé / écart by enveloppe,
//! whether the solde can be claimed, and what is due next.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::enveloppes::Enveloppe;
use super::expenses::percent;
use super::indicators::TargetStatus;
use super::payments::{TrancheState, TrancheStatus};
use crate::bareme::{Due, SuiviRules};
use crate::findings::Findings;
use crate::model::suivi::{EnveloppeKey, Suivi};
use crate::money::{format_date, format_percent, Amount};

/// One line of the compte rendu financier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapLine {
    pub enveloppe: EnveloppeKey,
    pub og_name: String,
    /// Awarded.
    pub prevu: Amount,
    /// Spent.
    pub realise: Amount,
    /// Réalisé minus prévu (negative when less was spent).
    pub ecart: Decimal,
    /// The gap in percent of the prévu, to one decimal; none when nothing was awarded.
    pub ecart_percent: Option<Decimal>,
    /// The gap is over the dossier's threshold: it needs an explanation.
    pub over_threshold: bool,
    pub explanation: Option<String>,
}

/// The compte rendu's lines; once the project has ended, a gap over the threshold without an
/// explanation is a finding.
pub fn gaps(
    suivi: &Suivi,
    gap_threshold: Decimal,
    enveloppes: &[Enveloppe],
    spent: &[Amount],
    ended: bool,
    findings: &mut Findings,
) -> Vec<GapLine> {
    enveloppes
        .iter()
        .zip(spent)
        .map(|(e, &realise)| {
            let ecart = realise.value() - e.awarded.value();
            let ecart_percent = percent(ecart, e.awarded.value());
            let over_threshold = ecart_percent.is_some_and(|p| p.abs() > gap_threshold);
            let explanation = suivi
                .explanations
                .iter()
                .find(|x| x.enveloppe == e.key && !x.text.trim().is_empty())
                .map(|x| x.text.clone());
            if ended && over_threshold && explanation.is_none() {
                findings.warning(
                    "D-CRF",
                    "suivi.explanations".to_string(),
                    format!(
                        "« {} » ({}) : écart de {} entre le réalisé et le prévu, au-delà du seuil de {} : expliquez-le pour le compte rendu financier.",
                        e.key.label,
                        e.og_name,
                        format_percent(ecart_percent.unwrap_or_default()),
                        format_percent(gap_threshold)
                    ),
                );
            }
            GapLine {
                enveloppe: e.key.clone(),
                og_name: e.og_name.clone(),
                prevu: e.awarded,
                realise,
                ecart,
                ecart_percent,
                over_threshold,
                explanation,
            }
        })
        .collect()
}

/// Whether the second tranches can be claimed (D-SOLDE), and why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solde {
    pub ready: bool,
    /// What is claimed: what remains to be paid of the tranches due on the usage targets.
    pub amount: Amount,
    /// In French, what is missing; empty when ready.
    pub missing: Vec<String>,
}

pub fn solde(missing: Vec<String>, tranches: &[TrancheStatus]) -> Solde {
    let amount = Amount::checked_sum(
        tranches
            .iter()
            .filter(|t| t.due_on == Due::UsageTargets)
            .map(|t| t.outstanding),
    )
    .unwrap_or(Amount::MAX);
    Solde {
        ready: missing.is_empty(),
        amount,
        missing,
    }
}

/// What is missing, in French, before the solde can be claimed: every usage target reached.
pub fn missing(targets: &[TargetStatus]) -> Vec<String> {
    let mut missing = Vec::new();
    if targets.is_empty() {
        missing.push("le dossier n'a aucune cible d'usage".to_string());
    }
    for t in targets {
        match &t.measurable {
            None => missing.push(format!("« {} » n'est pas mesurable", t.indicator)),
            Some(_) if t.reached => {}
            Some(_) if !t.essms_missing.is_empty() => missing.push(format!(
                "« {} » : {} ESSMS sans mesure",
                t.indicator,
                t.essms_missing.len()
            )),
            Some(_) if !t.essms_below.is_empty() => missing.push(format!(
                "« {} » : {} ESSMS sous la cible",
                t.indicator,
                t.essms_below.len()
            )),
            Some(_) if t.latest.is_none() => missing.push(format!("« {} » : aucune mesure", t.indicator)),
            Some(_) => missing.push(format!("« {} » : cible non atteinte", t.indicator)),
        }
    }
    missing
}

/// Something due, with its date when known.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Deadline {
    /// What it is, stable while its label changes with its state (« cibles », « solde »,
    /// « compte-rendu », « versement-<FINESS EJ>-<moment> »): an agenda entry is updated, not
    /// duplicated. Empty in the list's copies of earlier releases.
    #[serde(default)]
    pub key: String,
    pub label: String,
    #[serde(with = "crate::money::iso_date::option")]
    pub date: Option<NaiveDate>,
    /// Past its date and not done.
    pub overdue: bool,
    /// A date to know that is never late (the targets reached, the solde to claim).
    #[serde(default)]
    pub milestone: bool,
}

/// What the list of dossiers shows as next, at `today`, from the deadlines worked out on an
/// earlier day (by date, as [`deadlines`] gives them): the first late, or else the first still
/// to come. One dated before `today` is late now unless it is a milestone.
pub fn next_deadline(deadlines: &[Deadline], today: NaiveDate) -> Option<Deadline> {
    deadlines
        .iter()
        .filter_map(|d| d.date.map(|date| (date, d)))
        .map(|(date, d)| Deadline {
            overdue: d.overdue || (!d.milestone && date < today),
            ..d.clone()
        })
        .find(|d| d.overdue || d.date.is_some_and(|date| date >= today))
}

/// What is due next (D-DEADLINES), by date (undated last).
pub fn deadlines(
    project_end: Option<NaiveDate>,
    targets_deadline: Option<NaiveDate>,
    solde: &Solde,
    solde_requested_on: Option<NaiveDate>,
    tranches: &[TrancheStatus],
    rules: &SuiviRules,
    as_of: NaiveDate,
) -> Vec<Deadline> {
    let conditional_late = tranches
        .iter()
        .any(|t| t.due_on == Due::UsageTargets && t.state == TrancheState::Late);
    let solde_deadline = match solde_requested_on {
        // Claimed: its payment is expected by the end of the barème's delay (late is said by
        // the tranche's own line).
        Some(sent) if !conditional_late => Deadline {
            key: "solde".into(),
            label: format!(
                "Versement du solde attendu ({}, demandé le {})",
                solde.amount.fr(),
                format_date(sent)
            ),
            date: rules.solde_expected(sent),
            overdue: false,
            milestone: false,
        },
        Some(sent) => Deadline {
            key: "solde".into(),
            label: format!("Demande de versement du solde envoyée le {}", format_date(sent)),
            date: Some(sent),
            overdue: false,
            milestone: true,
        },
        None => Deadline {
            key: "solde".into(),
            label: format!("Demande de versement du solde ({})", solde.amount.fr()),
            date: targets_deadline,
            overdue: false,
            milestone: true,
        },
    };
    let compte_rendu_due = project_end.and_then(|end| rules.compte_rendu_due(end));
    let mut out = vec![
        Deadline {
            key: "cibles".into(),
            label: if solde.ready {
                "Cibles d'usage atteintes".into()
            } else {
                "Atteinte des cibles d'usage".into()
            },
            date: targets_deadline,
            overdue: !solde.ready && targets_deadline.is_some_and(|d| d < as_of),
            milestone: solde.ready,
        },
        solde_deadline,
        Deadline {
            key: "compte-rendu".into(),
            label: "Compte rendu financier".into(),
            date: compte_rendu_due,
            overdue: compte_rendu_due.is_some_and(|d| d < as_of),
            milestone: false,
        },
    ];
    for t in tranches.iter().filter(|t| t.state == TrancheState::Late) {
        out.push(Deadline {
            key: format!(
                "versement-{}-{}",
                t.og,
                match t.due_on {
                    Due::ProjectStart => "demarrage",
                    Due::UsageTargets => "cibles",
                }
            ),
            label: format!(
                "Versement en retard : {} — {} ({} attendus depuis le {})",
                t.og_name,
                t.label,
                t.outstanding.fr(),
                t.due.map(format_date).unwrap_or_default()
            ),
            date: t.due,
            overdue: true,
            milestone: false,
        });
    }
    out.sort_by_key(|d| (d.date.is_none(), d.date));
    out
}
