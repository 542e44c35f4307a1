//! The follow-up of a dossier as the screens show it, and the expenses by page.

use chrono::NaiveDate;
use grappe_core::money::{format_eur, format_number, format_percent_or_dash};
use grappe_core::suivi::follow;
use grappe_core::suivi::{EnveloppeKey, FollowUp, LineKey, Measurement, PaymentSplit, Scope, Suivi, Unit};
use grappe_core::{format_date, Amount, Dossier};
use grappe_store::Store;
use rust_decimal::Decimal;

use super::input::as_of;
use super::views::{
    AwardLineView, AwardView, DeadlineView, EnveloppeView, GapView, MeasurementRow, PaymentRow, SoldeView, SuiviView,
    TargetView, TotalView, TrancheView, CHART_DATES, RECENT_MEASUREMENTS,
};
use crate::view::FindingView;
use crate::{AppError, Ctx};

/// The follow-up of a stored dossier at `day`, computed with its barème, with the dossier's
/// last change (to name and undo it).
pub(super) fn viewed(s: &Store, id: i64, day: NaiveDate) -> Result<SuiviView, AppError> {
    let mut view = s.with_loaded(id, |stored| {
        let bareme = s.baremes().of(&stored.dossier.campaign);
        let mut view = view(&follow(&stored.dossier, bareme, day), &stored.dossier);
        view.version = stored.version;
        view
    })?;
    view.last_change = s
        .last_change(id)?
        .filter(|last| last.version == view.version)
        .map(|last| last.description);
    Ok(view)
}

/// The follow-up at a date (today when none).
pub fn suivi_view(ctx: &Ctx, id: i64, date: Option<NaiveDate>) -> Result<SuiviView, AppError> {
    let day = as_of(ctx, date);
    ctx.with_store(|s| viewed(s, id, day))
}

/// The follow-up of a dossier (a file's, not in the store) at `day`, computed with `bareme`:
/// what the Suivi screens show, and what `grappe suivi statut --json` writes.
pub fn view_of(dossier: &Dossier, bareme: &grappe_core::Bareme, day: NaiveDate) -> SuiviView {
    view(&follow(dossier, bareme, day), dossier)
}

/// See [`EnveloppeView::short`]; a trailing parenthesis (« (AAP régional) ») is dropped.
fn short_label(key: &EnveloppeKey, all: &[grappe_core::suivi::EnveloppeStatus]) -> String {
    let parts = |label: &str| -> Vec<String> {
        label
            .split(" — ")
            .map(|p| p.split(" (").next().unwrap_or(p).trim().to_string())
            .collect()
    };
    let mine = parts(&key.label);
    let first = mine.first().cloned().unwrap_or_default();
    let shared = all
        .iter()
        .filter(|e| e.key.og == key.og && e.key != *key)
        .any(|e| parts(&e.key.label).first() == Some(&first));
    match mine.get(1) {
        Some(second) if shared => format!("{first} ({second})"),
        _ => first,
    }
}

/// « 40 000,00 € sur 1re tranche, 40 000,00 € sur 2e tranche ; 5 000,00 € de plus que ce qui
/// restait attendu ».
fn split_text(split: &PaymentSplit) -> String {
    let parts: Vec<String> = split
        .parts
        .iter()
        .map(|(label, amount)| format!("{} sur {label}", amount.fr()))
        .collect();
    let mut text = parts.join(", ");
    if split.excess != Amount::ZERO {
        if !text.is_empty() {
            text.push_str(" ; ");
        }
        text.push_str(&format!("{} de plus que ce qui restait attendu", split.excess.fr()));
    }
    text
}

fn opt_date(d: Option<NaiveDate>) -> Option<String> {
    d.map(format_date)
}

/// An OG's name, by its FINESS EJ (the number itself when it is not in the dossier).
pub(super) fn og_name(dossier: &Dossier, og: &str) -> String {
    dossier
        .ogs
        .iter()
        .find(|o| grappe_core::file_format::compact_cow(&o.finess_ej) == og)
        .map_or_else(|| og.to_string(), |o| o.name.clone())
}

/// The follow-up as the screens show it.
fn view(up: &FollowUp, dossier: &Dossier) -> SuiviView {
    let empty = Suivi::default();
    let suivi = dossier.suivi.as_ref().unwrap_or(&empty);
    let og_name = |og: &str| og_name(dossier, og);
    let requested = &up.requested;
    let award = suivi.award.as_ref().map(|a| AwardView {
        decision_reference: a.decision_reference.clone(),
        decision_date: opt_date(a.decision_date),
        convention_reference: a.convention_reference.clone(),
        convention_date: opt_date(a.convention_date),
        lines: a
            .lines
            .iter()
            .map(|l| AwardLineView {
                line: l.line.clone(),
                og_name: og_name(&l.line.og),
                requested_fr: requested
                    .iter()
                    .find(|r| LineKey::of(r) == l.line)
                    .map_or_else(|| "—".into(), |r| r.amount.fr()),
                granted: l.granted.to_string(),
                granted_fr: l.granted.fr(),
            })
            .collect(),
    });
    let requested_lines = requested
        .iter()
        .map(|r| AwardLineView {
            line: LineKey::of(r),
            og_name: og_name(&r.og),
            requested_fr: r.amount.fr(),
            granted: r.amount.to_string(),
            granted_fr: r.amount.fr(),
        })
        .collect();
    let mut ogs: Vec<(String, String)> = Vec::new();
    for e in &up.enveloppes {
        if !ogs.iter().any(|(o, _)| *o == e.key.og) {
            ogs.push((e.key.og.clone(), e.og_name.clone()));
        }
    }
    let targets = up
        .targets
        .iter()
        .map(|t| {
            let written = dossier
                .usage_targets
                .iter()
                .find(|u| u.indicator == t.indicator)
                .map(|u| u.target.clone())
                .unwrap_or_default();
            let m = t.measurable.as_ref();
            let unit = |v: Decimal| match m.map(|m| m.unit) {
                Some(Unit::Percent) => format!("{} %", format_number(v)),
                _ => format_number(v),
            };
            let status = match m.map(|m| m.scope) {
                None => "à rendre mesurable".to_string(),
                Some(Scope::Grappe) => t.latest.map_or_else(
                    || "aucune mesure".into(),
                    |(d, v)| format!("{} le {}", unit(v), format_date(d)),
                ),
                Some(Scope::Essms) => {
                    let measured = t.evidence.len();
                    let at_target = measured - t.essms_below.len();
                    format!(
                        "{at_target} ESSMS à la cible sur {}{}",
                        measured + t.essms_missing.len(),
                        if t.essms_missing.is_empty() {
                            String::new()
                        } else {
                            format!(" ({} sans mesure)", t.essms_missing.len())
                        }
                    )
                }
            };
            let series: Vec<&Measurement> = match m.map(|m| m.scope) {
                Some(Scope::Grappe) => {
                    let mut by_date: std::collections::BTreeMap<NaiveDate, &Measurement> = Default::default();
                    for x in suivi
                        .measurements
                        .iter()
                        .filter(|x| x.indicator == t.indicator && x.essms.is_none() && x.date <= up.as_of)
                    {
                        by_date.insert(x.date, x);
                    }
                    let skip = by_date.len().saturating_sub(CHART_DATES);
                    by_date.into_values().skip(skip).collect()
                }
                _ => t.evidence.iter().collect(),
            };
            let suggested = grappe_core::suivi::suggested(&written);
            let essms_name = |et: &str| {
                dossier
                    .essms
                    .iter()
                    .find(|e| grappe_core::file_format::compact_cow(&e.finess_et) == et)
                    .map_or_else(|| et.to_string(), |e| e.name.clone())
            };
            let recent = suivi
                .measurements
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, x)| x.indicator == t.indicator)
                .take(RECENT_MEASUREMENTS)
                .map(|(index, x)| MeasurementRow {
                    index,
                    date: format_date(x.date),
                    date_iso: x.date.to_string(),
                    essms: x.essms.as_deref().map(essms_name).unwrap_or_default(),
                    essms_et: x.essms.clone(),
                    value: x.value.to_string(),
                    value_fr: unit(x.value),
                    source: x.source.clone(),
                })
                .collect();
            TargetView {
                indicator: t.indicator.clone(),
                suggested_target: suggested.map(|(v, _)| v.to_string()),
                suggested_unit: suggested.map(|(_, u)| u),
                recent,
                written,
                target: m.map(|m| m.target.to_string()),
                unit: m.map(|m| m.unit),
                scope: m.map(|m| m.scope),
                reached: t.reached,
                status,
                points: series
                    .iter()
                    .map(|x| {
                        (
                            x.essms.clone().unwrap_or_else(|| format_date(x.date)),
                            x.value.to_string(),
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    SuiviView {
        version: 0,
        last_change: None,
        stage: up.stage.label().to_string(),
        as_of: format_date(up.as_of),
        as_of_iso: up.as_of.to_string(),
        filed_on: suivi.filing.as_ref().map(|f| format_date(f.filed_on)),
        planned_filing: dossier.filing_date.to_string(),
        award,
        requested: requested_lines,
        enveloppes: up
            .enveloppes
            .iter()
            .map(|e| EnveloppeView {
                key: e.key.clone(),
                og_name: e.og_name.clone(),
                short: short_label(&e.key, &up.enveloppes),
                consumed_percent: e.consumed_percent.map(|p| p.to_string()),
                awarded_fr: e.awarded.fr(),
                received_fr: e.received.fr(),
                spent_fr: e.spent.fr(),
                remaining_fr: format_eur(e.remaining),
                consumed_fr: format_percent_or_dash(e.consumed_percent),
                over_consumed: e.remaining.is_sign_negative() && !e.remaining.is_zero(),
            })
            .collect(),
        consumption_max: grappe_core::money::percent_axis_end(up.enveloppes.iter().filter_map(|e| e.consumed_percent))
            .to_string(),
        total: TotalView {
            awarded_fr: up.total.awarded.fr(),
            received_fr: up.total.received.fr(),
            spent_fr: up.total.spent.fr(),
            remaining_fr: format_eur(up.total.remaining),
            consumed_fr: format_percent_or_dash(up.total.consumed_percent),
        },
        tranches: up
            .tranches
            .iter()
            .map(|t| TrancheView {
                og_name: t.og_name.clone(),
                label: t.label.clone(),
                due: t.due.map_or_else(|| "date à fixer".into(), format_date),
                expected_fr: t.expected.fr(),
                received_fr: t.received.fr(),
                outstanding_fr: t.outstanding.fr(),
                state: t.state,
                state_fr: t.state.label().into(),
                overdue: t.overdue,
            })
            .collect(),
        payments: suivi
            .payments
            .iter()
            .enumerate()
            .map(|(index, p)| {
                let split = up.payment_splits.get(index);
                PaymentRow {
                    index,
                    date: format_date(p.date),
                    date_iso: p.date.to_string(),
                    amount: p.amount.to_string(),
                    amount_fr: p.amount.fr(),
                    reference: p.reference.clone(),
                    og: p.og.clone(),
                    og_name: og_name(&p.og),
                    split: split.map(split_text).unwrap_or_default(),
                    excess: split.is_some_and(|s| s.excess != Amount::ZERO),
                    ahead_fr: split
                        .filter(|s| !s.ahead.is_zero())
                        .map(|s| s.ahead.fr())
                        .unwrap_or_default(),
                    understood: p.excess_understood,
                }
            })
            .collect(),
        expense_count: suivi.expenses.len() as u32,
        measurement_count: suivi.measurements.len() as u32,
        targets,
        solde: SoldeView {
            ready: up.solde.ready,
            amount_fr: up.solde.amount.fr(),
            missing: up.solde.missing.clone(),
            requested_on: opt_date(suivi.solde_requested_on),
            requested_on_iso: suivi.solde_requested_on.map(|d| d.to_string()),
        },
        gaps: up
            .compte_rendu
            .iter()
            .map(|g| GapView {
                enveloppe: g.enveloppe.clone(),
                og_name: g.og_name.clone(),
                prevu_fr: g.prevu.fr(),
                realise_fr: g.realise.fr(),
                ecart_fr: format_eur(g.ecart),
                ecart_percent_fr: format_percent_or_dash(g.ecart_percent),
                over_threshold: g.over_threshold,
                explanation: g.explanation.clone().unwrap_or_default(),
            })
            .collect(),
        review: suivi.review.clone(),
        gap_threshold: up.gap_threshold.to_string(),
        cerfa: super::compte_rendu::cerfa_view(up, suivi),
        deadlines: up
            .deadlines
            .iter()
            .map(|d| DeadlineView {
                date: d.date.map_or_else(|| "date à fixer".into(), format_date),
                label: d.label.clone(),
                overdue: d.overdue,
            })
            .collect(),
        findings: up.findings.iter().map(FindingView::from).collect(),
        ogs,
        essms: dossier
            .essms
            .iter()
            .map(|e| (grappe_core::file_format::compact(&e.finess_et), e.name.clone()))
            .collect(),
    }
}
