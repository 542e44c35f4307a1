//! The advisor: the changes near a dossier that move its funding — the ESSMS missing to reach
//! the grappe threshold (R-GRAPPE), the regional/national switch (R-ROUTE), an OG's declared
//! size around the small-OG threshold (D-SMALL-LINES), a référencement that does not cover the
//! filing date (D-REFERENCE-DATE), a filing date outside the call's windows (R-CALENDAR), the
//! ESSMS left out for a FINESS number to correct. Each suggestion is computed by evaluating the
//! modified dossier: its effect is the difference of the two totals, never an invented figure.
//! Pure: no IO; never applied by itself.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::bareme::{Channel, WindowChannel};
use crate::eligibility::og_in_corse_or_outre_mer;
use crate::finess::{with_key, Finess};
use crate::model::Essms;
use crate::money::{format_date, format_signed_eur};
use crate::{evaluate, Amount, Bareme, Dossier, Evaluation};

/// How far from a threshold a dossier must be for the advisor to look across it.
const NEAR: u32 = 5;
/// How many ESSMS left out the advisor evaluates, at most.
const MAX_EXCLUDED: usize = 8;

/// What a suggestion is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum AdviceKind {
    Threshold,
    Route,
    SmallOg,
    Referencement,
    Window,
    Exclusion,
}

/// One change near the dossier, with its effect computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub kind: AdviceKind,
    /// The rule the effect comes from (`R-ROUTE`).
    pub rule: String,
    /// What would change, in French.
    pub title: String,
    /// Why, and what to check, in French.
    pub detail: String,
    /// Total after the change minus total now (signed).
    pub effect: Decimal,
    pub total_after: Amount,
    /// The dossier would have no blocking finding after the change.
    pub eligible_after: bool,
}

impl Suggestion {
    /// « +12 000,00 € ».
    pub fn effect_fr(&self) -> String {
        format_signed_eur(self.effect)
    }
}

/// The suggestions for `dossier` under `bareme`, the largest gain first; `now` is its
/// evaluation (computed by the caller, who usually has it).
pub fn advise(dossier: &Dossier, bareme: &Bareme, now: &Evaluation) -> Vec<Suggestion> {
    let mut out = Vec::new();
    let mut consider = |kind: AdviceKind, rule: &str, title: String, detail: String, changed: &Dossier| {
        let after = evaluate(changed, bareme);
        let effect = after.funding.total.value() - now.funding.total.value();
        let unblocks = after.eligible && !now.eligible;
        // A filing outside the windows is said even when the euros do not move.
        if effect != Decimal::ZERO || unblocks || kind == AdviceKind::Window {
            out.push(Suggestion {
                kind,
                rule: rule.to_string(),
                title,
                detail,
                effect,
                total_after: after.funding.total,
                eligible_after: after.eligible,
            });
        }
    };
    let g = &now.grappe;
    let th = &bareme.thresholds;
    let count = g.essms_count;
    let template = g.eligible.last().map(|&i| &dossier.essms[i]);

    // R-GRAPPE: the ESSMS missing to reach the threshold.
    if let Some(t) = template {
        if !g.size_reached && g.min_essms > count {
            let missing = g.min_essms - count;
            let changed = with_more(dossier, t, missing);
            consider(
                AdviceKind::Threshold,
                &th.grappe_min_essms.rule,
                format!("Atteindre le seuil de {} ESSMS : {} de plus", g.min_essms, plural(missing, "ESSMS")),
                format!(
                    "Avec {} comparable(s) à « {} » ({}), la grappe atteint le seuil du financement de la transformation.",
                    plural(missing, "ESSMS éligible"),
                    t.name,
                    t.situation.label().to_lowercase()
                ),
                &changed,
            );
        }
    }

    // R-ROUTE: the regional/national switch.
    let national = th.national_from_essms.value;
    if let Some(t) = template {
        if count < national && national - count <= NEAR {
            let missing = national - count;
            consider(
                AdviceKind::Route,
                &th.national_from_essms.rule,
                format!("Passer à l'AAP national : {} de plus (à partir de {national})", plural(missing, "ESSMS")),
                format!(
                    "À {national} ESSMS éligibles ou plus, la grappe dépose à l'AAP national, aux montants du national ; calculé avec {} comparable(s) à « {} ».",
                    plural(missing, "ESSMS"),
                    t.name
                ),
                &with_more(dossier, t, missing),
            );
        }
    }
    if count >= national && count - national < NEAR {
        let extra = count - national + 1;
        let left: Vec<usize> = g.eligible.iter().rev().take(extra as usize).copied().collect();
        let names: Vec<String> = left
            .iter()
            .rev()
            .map(|&i| format!("« {} »", dossier.essms[i].name))
            .collect();
        let mut changed = dossier.clone();
        for i in left.iter().copied() {
            changed.essms.remove(i);
        }
        consider(
            AdviceKind::Route,
            &th.national_from_essms.rule,
            format!("Rester à l'AAP régional : {} de moins (moins de {national})", plural(extra, "ESSMS")),
            format!(
                "Sous {national} ESSMS éligibles, la grappe dépose à l'AAP régional de son ARS, aux montants du régional ; calculé sans {}.",
                names.join(", ")
            ),
            &changed,
        );
    }

    // D-SMALL-LINES: an OG's declared size next to the small-OG threshold.
    for (i, og) in dossier.ogs.iter().enumerate() {
        let Some(managed) = og.managed_essms else { continue };
        let below = th.small_og_below.for_territory(og_in_corse_or_outre_mer(og));
        let (declared, what) = if managed >= below && managed - below < NEAR {
            (below - 1, "serait un petit OG")
        } else if managed < below && below - managed == 1 {
            (below, "ne serait plus un petit OG")
        } else {
            continue;
        };
        let mut changed = dossier.clone();
        changed.ogs[i].managed_essms = Some(declared);
        consider(
            AdviceKind::SmallOg,
            &th.small_og_below.rule,
            format!("« {} » déclaré à {declared} ESSMS au lieu de {managed}", og.name),
            format!(
                "Un OG qui gère moins de {below} ESSMS est un petit OG : déclaré à {declared}, il {what}. Vérifiez le nombre d'ESSMS qu'il gère réellement : c'est lui qui compte."
            ),
            &changed,
        );
    }

    // D-REFERENCE-DATE: a référencement that does not cover the filing date.
    if let Some(r) = dossier.solution.as_ref().and_then(|s| s.referencement.as_ref()) {
        let date = dossier.filing_date;
        let target = match (r.from, r.until) {
            (from, _) if from > date => Some((from, format!("le référencement commence le {}", format_date(from)))),
            (_, Some(until)) if until < date => {
                Some((until, format!("le référencement a pris fin le {}", format_date(until))))
            }
            _ => None,
        };
        if let Some((day, why)) = target {
            let mut changed = dossier.clone();
            changed.filing_date = day;
            consider(
                AdviceKind::Referencement,
                "D-REFERENCE-DATE",
                format!("Déposer le {} plutôt que le {}", format_date(day), format_date(date)),
                format!("La solution est référencée Ségur à la date de dépôt seulement : {why}."),
                &changed,
            );
        }
    }

    // R-CALENDAR: a filing date outside the windows of its channel.
    let channel = match now.channel {
        Channel::Regional => WindowChannel::Regional,
        Channel::National => WindowChannel::National,
    };
    if crate::calendar::open_window(bareme, channel, dossier.filing_date).is_none() {
        if let Some((day, label)) = nearest_window_day(bareme, channel, dossier.filing_date) {
            let mut changed = dossier.clone();
            changed.filing_date = day;
            consider(
                AdviceKind::Window,
                "R-CALENDAR",
                format!("Déposer le {} dans la fenêtre « {label} »", format_date(day)),
                format!(
                    "Le dépôt du {} est hors des fenêtres de l'appel connues du barème ; vérifiez le calendrier de votre appel.",
                    format_date(dossier.filing_date)
                ),
                &changed,
            );
        }
    }

    // ESSMS left out for a FINESS ET to correct, the costliest first.
    let og_of = |e: &Essms| {
        dossier
            .ogs
            .iter()
            .find(|o| crate::file_format::compact(&o.finess_ej) == crate::file_format::compact(&e.og))
    };
    let mut excluded: Vec<Suggestion> = Vec::new();
    for (i, e) in dossier.essms.iter().enumerate() {
        if excluded.len() >= MAX_EXCLUDED || g.essms_finess.get(i).is_some_and(Option::is_some) {
            continue;
        }
        let Some(valid) = og_of(e)
            .and_then(|o| Finess::parse(&o.finess_ej).ok())
            .and_then(|f| spare_number(dossier, &f, i))
        else {
            continue;
        };
        let mut changed = dossier.clone();
        changed.essms[i].finess_et = valid;
        let after = evaluate(&changed, bareme);
        let effect = after.funding.total.value() - now.funding.total.value();
        if effect > Decimal::ZERO {
            excluded.push(Suggestion {
                kind: AdviceKind::Exclusion,
                rule: "D-EXCLUSIONS".into(),
                title: format!("Corriger le FINESS ET de « {} »", e.name),
                detail: format!(
                    "« {} » est écarté : son numéro FINESS ET « {} » est absent ou invalide. Avec un numéro valide, il compterait dans la grappe.",
                    e.name,
                    e.finess_et.trim()
                ),
                effect,
                total_after: after.funding.total,
                eligible_after: after.eligible,
            });
        }
    }
    excluded.sort_by_key(|s| std::cmp::Reverse(s.effect));
    out.extend(excluded.into_iter().take(3));

    out.sort_by_key(|s| std::cmp::Reverse(s.effect));
    out
}

/// « 1 ESSMS », « 3 ESSMS éligibles ».
fn plural(n: u32, word: &str) -> String {
    if n > 1 && !word.ends_with('S') {
        format!("{n} {word}s")
    } else {
        format!("{n} {word}")
    }
}

/// The dossier with `n` more ESSMS like `template` (same OG, situation, category, département),
/// numbered with valid FINESS numbers no ESSMS of the dossier has.
fn with_more(dossier: &Dossier, template: &Essms, n: u32) -> Dossier {
    let mut changed = dossier.clone();
    let Ok(base) = Finess::parse(&template.finess_et) else {
        return changed;
    };
    let mut next = 0;
    for k in 0..n {
        let Some(number) = spare_from(&changed, &base, &mut next) else {
            break;
        };
        changed.essms.push(Essms {
            finess_et: number,
            name: format!("ESSMS supplémentaire {} (hypothèse)", k + 1),
            software_already_funded: false,
            sons_order_signed: false,
            ..template.clone()
        });
    }
    changed
}

/// A valid FINESS number of the same département as `like`, used by no ESSMS of the dossier
/// but the one at `skip`.
fn spare_number(dossier: &Dossier, like: &Finess, skip: usize) -> Option<String> {
    let mut others = dossier.clone();
    others.essms.remove(skip);
    spare_from(&others, like, &mut 0)
}

fn spare_from(dossier: &Dossier, like: &Finess, next: &mut u32) -> Option<String> {
    let prefix: String = like.as_str().chars().take(4).collect();
    while *next < 10_000 {
        let stem = format!("{prefix}{:04}", 9_999 - *next);
        *next += 1;
        if let Some(f) = with_key(&stem) {
            let taken = dossier
                .essms
                .iter()
                .any(|e| crate::file_format::compact(&e.finess_et) == f.as_str());
            if !taken && f.departement_code() == like.departement_code() {
                return Some(f.to_string());
            }
        }
    }
    None
}

/// The day of a window of `channel` nearest to `date` (its opening when the window is later,
/// its last day when it is earlier), with the window's label.
fn nearest_window_day(bareme: &Bareme, channel: WindowChannel, date: NaiveDate) -> Option<(NaiveDate, String)> {
    bareme
        .windows
        .iter()
        .filter(|w| w.channel == channel)
        .map(|w| {
            let day = if date < w.opens() { w.opens() } else { w.to };
            ((day - date).num_days().abs(), day, w.label.clone())
        })
        .min_by_key(|(distance, _, _)| *distance)
        .map(|(_, day, label)| (day, label))
}
