//! The follow-up of a dossier at a date: [`follow`] (every figure) and [`standing`] (its stage
//! and deadlines, without the expenses, cheap enough for each save).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::enveloppes::{self, Enveloppe};
use super::expenses;
use super::indicators::{self, TargetStatus};
use super::payments::{self, PaymentSplit, TrancheStatus};
use super::report::{self, Deadline, GapLine, Solde};
use crate::bareme::Bareme;
use crate::evaluate::evaluate;
use crate::file_format::compact;
use crate::findings::{Finding, Findings};
use crate::funding::FundingLine;
use crate::model::suivi::{Award, EnveloppeKey, Suivi};
use crate::model::Dossier;
use crate::money::Amount;

/// Where a dossier is in its life (shown in the home list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Stage {
    /// Being prepared.
    Brouillon,
    /// Filed, waiting for the decision.
    Depose,
    /// Awarded: payments, expenses and targets are followed.
    Attribue,
    /// Everything awarded has been received.
    Solde,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Brouillon => "brouillon",
            Stage::Depose => "déposé",
            Stage::Attribue => "attribué",
            Stage::Solde => "soldé",
        }
    }
}

/// One enveloppe at a date (D-ETAT-CONSO).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EnveloppeStatus {
    pub key: EnveloppeKey,
    pub og_name: String,
    pub requested: Amount,
    pub awarded: Amount,
    pub received: Amount,
    pub spent: Amount,
    /// Awarded minus spent: negative when over-consumed.
    pub remaining: Decimal,
    /// Spent ÷ awarded, in percent to one decimal.
    pub consumed_percent: Option<Decimal>,
}

/// Sums of enveloppes: one OG's, or the whole dossier's.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Totals {
    /// FINESS EJ and name of the OG; empty for the dossier's total.
    pub og: String,
    pub og_name: String,
    pub requested: Amount,
    pub awarded: Amount,
    pub received: Amount,
    pub spent: Amount,
    pub remaining: Decimal,
    pub consumed_percent: Option<Decimal>,
}

/// The follow-up of a dossier at a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub as_of: NaiveDate,
    /// Who funds it: the ARS of a regional candidature, else the national call.
    pub funder: String,
    /// The requested lines the award answers: the filed version's (or the dossier's own while
    /// it is not filed), evaluated once with its barème.
    pub requested: Vec<FundingLine>,
    /// The gap above which the compte rendu requires an explanation, in percent: the dossier's
    /// own, else its barème's.
    pub gap_threshold: Decimal,
    pub stage: Stage,
    pub enveloppes: Vec<EnveloppeStatus>,
    /// By OG, in the enveloppes' order; they sum to `total`.
    pub per_og: Vec<Totals>,
    pub total: Totals,
    /// Expected and received by OG and due moment.
    pub tranches: Vec<TrancheStatus>,
    /// How each payment was settled (same order as the payments).
    pub payment_splits: Vec<PaymentSplit>,
    pub targets: Vec<TargetStatus>,
    pub solde: Solde,
    /// The compte rendu financier's lines (prévu / réalisé / écart), by enveloppe.
    pub compte_rendu: Vec<GapLine>,
    /// The compte rendu's table of charges by nature and produits (CERFA n° 15059*02).
    pub cerfa: super::cerfa::Cerfa,
    pub deadlines: Vec<Deadline>,
    pub findings: Vec<Finding>,
}

/// The follow-up of `dossier` at `as_of`: its requested lines are those of the filed version
/// (evaluated with `bareme`, the barème it was filed with), or of the dossier itself while it
/// is not filed; the calendar, usage targets and ESSMS are the dossier's own.
pub fn follow(dossier: &Dossier, bareme: &Bareme, as_of: NaiveDate) -> FollowUp {
    let empty = Suivi::default();
    let suivi = dossier.suivi.as_ref().unwrap_or(&empty);
    let mut findings = Findings::default();
    let mut target_findings = Findings::default();
    let Course {
        funder,
        requested,
        enveloppes,
        settlement,
        targets,
        solde,
        deadlines,
        stage,
    } = course(dossier, suivi, bareme, as_of, &mut findings, &mut target_findings);
    let empty = Award::default();
    let award = suivi.award.as_ref().unwrap_or(&empty);
    let spent = expenses::spend(dossier, award, &enveloppes, &suivi.expenses, as_of, &mut findings);
    let project_end = suivi.project_end.or(dossier.calendar.usage_targets_deadline);
    let gap_threshold = suivi.gap_threshold(bareme);

    let statuses: Vec<EnveloppeStatus> = enveloppes
        .iter()
        .zip(&settlement.received)
        .zip(&spent)
        .map(|((e, &received), &spent)| EnveloppeStatus {
            key: e.key.clone(),
            og_name: e.og_name.clone(),
            requested: e.requested,
            awarded: e.awarded,
            received,
            spent,
            remaining: e.awarded.value() - spent.value(),
            consumed_percent: expenses::percent(spent.value(), e.awarded.value()),
        })
        .collect();
    if let Some(end) = project_end.filter(|end| as_of >= *end) {
        let floor = Decimal::ONE_HUNDRED - gap_threshold;
        for s in statuses
            .iter()
            .filter(|s| s.consumed_percent.is_some_and(|p| p < floor))
        {
            findings.warning(
                "D-EXPENSES",
                None,
                format!(
                    "« {} » ({}) : {} consommés à la fin du projet ({}) : la part non utilisée peut être reprise.",
                    s.key.label,
                    s.og_name,
                    crate::money::format_percent(s.consumed_percent.unwrap_or_default()),
                    crate::money::format_date(end)
                ),
            );
        }
    }
    let mut per_og: Vec<Totals> = Vec::new();
    for s in &statuses {
        let at = match per_og.iter().position(|t| t.og == s.key.og) {
            Some(p) => p,
            None => {
                per_og.push(Totals {
                    og: s.key.og.clone(),
                    og_name: s.og_name.clone(),
                    ..Totals::default()
                });
                per_og.len() - 1
            }
        };
        add(&mut per_og[at], s);
    }
    let mut total = Totals::default();
    for s in &statuses {
        add(&mut total, s);
    }
    for t in per_og.iter_mut().chain(std::iter::once(&mut total)) {
        t.remaining = t.awarded.value() - t.spent.value();
        t.consumed_percent = expenses::percent(t.spent.value(), t.awarded.value());
    }
    findings.extend(target_findings);
    let ended = project_end.is_some_and(|end| as_of >= end);
    let compte_rendu = report::gaps(suivi, gap_threshold, &enveloppes, &spent, ended, &mut findings);
    let cerfa = super::cerfa::table(
        &suivi.compte_rendu,
        &enveloppes,
        total.received.value(),
        &suivi.expenses,
        as_of,
    );
    FollowUp {
        as_of,
        funder,
        requested,
        gap_threshold,
        stage,
        enveloppes: statuses,
        per_og,
        total,
        tranches: settlement.tranches,
        payment_splits: settlement.splits,
        targets,
        solde,
        compte_rendu,
        cerfa,
        deadlines,
        findings: findings.into_vec(),
    }
}

/// Where the dossier is in its life at a date and what is due, as [`follow`] gives them,
/// worked out without its expenses (which change neither): cheap enough for every save of a
/// big follow-up, for the list of dossiers.
pub fn standing(dossier: &Dossier, bareme: &Bareme, as_of: NaiveDate) -> (Stage, Vec<Deadline>) {
    let empty = Suivi::default();
    let suivi = dossier.suivi.as_ref().unwrap_or(&empty);
    let (mut ignored, mut also_ignored) = (Findings::default(), Findings::default());
    let c = course(dossier, suivi, bareme, as_of, &mut ignored, &mut also_ignored);
    (c.stage, c.deadlines)
}

/// What the award, the payments and the targets make of a dossier at a date.
struct Course {
    funder: String,
    requested: Vec<FundingLine>,
    enveloppes: Vec<Enveloppe>,
    settlement: payments::Settlement,
    targets: Vec<TargetStatus>,
    solde: Solde,
    deadlines: Vec<Deadline>,
    stage: Stage,
}

/// The part of [`follow`] that the expenses do not change; the findings of the award and the
/// payments go to `findings`, those of the targets to `target_findings`.
fn course(
    dossier: &Dossier,
    suivi: &Suivi,
    bareme: &Bareme,
    as_of: NaiveDate,
    findings: &mut Findings,
    target_findings: &mut Findings,
) -> Course {
    let filed: &Dossier = suivi.filing.as_ref().map_or(dossier, |f| &f.dossier);
    let evaluation = evaluate(filed, bareme);
    if suivi.filing.is_none() && suivi.award.is_some() {
        findings.blocking(
            "D-AWARD",
            "suivi.filing".to_string(),
            "Une attribution est enregistrée sans dépôt : indiquez la date de dépôt du dossier.".into(),
        );
    }
    let empty = Award::default();
    let award = suivi.award.as_ref().unwrap_or(&empty);
    let enveloppes = enveloppes::enveloppes(dossier, &evaluation.funding.lines, award, bareme, findings);
    let project_end = suivi.project_end.or(dossier.calendar.usage_targets_deadline);
    let eligible: Vec<String> = evaluation
        .grappe
        .eligible
        .iter()
        .map(|&i| compact(&filed.essms[i].finess_et))
        .collect();
    let targets = indicators::targets(
        dossier,
        &eligible,
        &suivi.indicators,
        &suivi.measurements,
        as_of,
        target_findings,
    );
    let missing = report::missing(&targets);
    let rules = bareme.suivi_rules();
    let conditions = payments::Conditions {
        targets_reached: missing.is_empty(),
        solde_requested_on: suivi.solde_requested_on,
        solde_expected: suivi.solde_requested_on.and_then(|d| rules.solde_expected(d)),
    };
    let settlement = payments::settle(&enveloppes, &suivi.payments, as_of, &conditions, findings);
    let solde = report::solde(missing, &settlement.tranches);
    let deadlines = report::deadlines(
        project_end,
        dossier.calendar.usage_targets_deadline,
        &solde,
        suivi.solde_requested_on,
        &settlement.tranches,
        &rules,
        as_of,
    );
    let sum = |amounts: &mut dyn Iterator<Item = Amount>| {
        amounts.fold(Amount::ZERO, |t, a| t.checked_add(a).unwrap_or(Amount::MAX))
    };
    let stage = settled(
        stage_before_money(suivi),
        sum(&mut enveloppes.iter().map(|e| e.awarded)),
        sum(&mut settlement.received.iter().copied()),
    );
    Course {
        funder: match evaluation.channel {
            crate::bareme::Channel::National => "AAP national (CNSA)".to_string(),
            crate::bareme::Channel::Regional => evaluation.ars.clone().unwrap_or_else(|| "ARS".into()),
        },
        requested: evaluation.funding.lines,
        enveloppes,
        settlement,
        targets,
        solde,
        deadlines,
        stage,
    }
}

/// The stage from the filing and the award alone.
fn stage_before_money(suivi: &Suivi) -> Stage {
    match (&suivi.filing, &suivi.award) {
        (None, None) => Stage::Brouillon,
        (Some(_), None) => Stage::Depose,
        (_, Some(_)) => Stage::Attribue,
    }
}

/// An awarded dossier is soldé once everything awarded was received.
fn settled(before: Stage, awarded: Amount, received: Amount) -> Stage {
    if before == Stage::Attribue && awarded > Amount::ZERO && received >= awarded {
        Stage::Solde
    } else {
        before
    }
}

/// Adds an enveloppe to a sum. Amounts read from files are at most [`Amount::MAX`] each, far
/// below the decimal range: the sums saturate rather than fail.
fn add(t: &mut Totals, s: &EnveloppeStatus) {
    t.requested = t.requested.checked_add(s.requested).unwrap_or(Amount::MAX);
    t.awarded = t.awarded.checked_add(s.awarded).unwrap_or(Amount::MAX);
    t.received = t.received.checked_add(s.received).unwrap_or(Amount::MAX);
    t.spent = t.spent.checked_add(s.spent).unwrap_or(Amount::MAX);
}
