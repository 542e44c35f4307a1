//! D-PAYMENTS: the payments received, settled against what the award makes due. A payment
//! settles its OG's tranches in the order they fall due (its own tranche first when it names
//! one), and within a tranche the OG's enveloppes in order, so that every euro received is
//! attached to one enveloppe; what exceeds everything still due is reported, never spread.
//! A tranche paid on proof of the usage targets is conditional: « sous condition » until they
//! are reached, due once the solde can be claimed, late only after the demande de solde was
//! sent and the barème's delay has passed. A payment larger than what its OG had due at its date
//! is a warning naming the excess until the user says it is understood.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::enveloppes::Enveloppe;
use crate::bareme::Due;
use crate::findings::Findings;
use crate::model::suivi::ReceivedPayment;
use crate::money::Amount;

/// Expected and received for one OG and one due moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrancheStatus {
    pub og: String,
    pub og_name: String,
    pub due_on: Due,
    pub label: String,
    pub due: Option<NaiveDate>,
    pub expected: Amount,
    pub received: Amount,
    /// Expected minus received.
    pub outstanding: Amount,
    /// Where it stands at the date; `Late` is the only state a funder is chased for.
    pub state: TrancheState,
    /// Outstanding after its due date (`state` is `Late`).
    pub overdue: bool,
}

/// Where a tranche stands at a date (D-PAYMENTS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum TrancheState {
    /// Everything expected was received.
    Paid,
    /// Its date has not come (or is not known yet).
    Upcoming,
    /// Paid on proof of the usage targets, which are not all reached: not owed yet.
    Conditional,
    /// Owed, not late: the targets are reached and the solde is to be claimed, or the claim's
    /// delay runs.
    Due,
    /// Unpaid after its date (for a conditional tranche: after the claim and its delay).
    Late,
}

impl TrancheState {
    pub fn label(self) -> &'static str {
        match self {
            TrancheState::Paid => "versé",
            TrancheState::Upcoming => "à venir",
            TrancheState::Conditional => "sous condition",
            TrancheState::Due => "dû",
            TrancheState::Late => "en retard",
        }
    }

    /// What a table of tranches says beside one: nothing for one still to come.
    pub fn remark(self) -> &'static str {
        match self {
            TrancheState::Upcoming => "",
            other => other.label(),
        }
    }
}

/// What decides the conditional tranches at a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conditions {
    /// Every usage target is reached.
    pub targets_reached: bool,
    /// The demande de versement du solde was sent that day…
    pub solde_requested_on: Option<NaiveDate>,
    /// …and its payment is expected by that day (the barème's delay after it).
    pub solde_expected: Option<NaiveDate>,
}

/// What the payments settle, at a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    /// By OG (in the enveloppes' order), then by due moment.
    pub tranches: Vec<TrancheStatus>,
    /// Received by each enveloppe (same order as the enveloppes).
    pub received: Vec<Amount>,
    /// How each payment (same order as the payments) was settled: the amount taken by each due
    /// moment, in the order taken, then what was left over. Empty for a payment not counted.
    pub splits: Vec<PaymentSplit>,
}

/// How one payment was settled against its OG's tranches.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PaymentSplit {
    /// The tranche's label and the amount it took, in the order taken.
    pub parts: Vec<(String, Amount)>,
    /// More than everything still due for the OG.
    pub excess: Amount,
    /// More than what the OG had due at the payment's date (an advance, or an error), the part
    /// beyond everything included; it still settles the next tranches.
    pub ahead: Amount,
    /// The user said that `ahead` is understood: no warning.
    pub understood: bool,
}

const RULE: &str = "D-PAYMENTS";

/// Settles the payments received up to `as_of` (later ones are not counted yet).
pub fn settle(
    enveloppes: &[Enveloppe],
    payments: &[ReceivedPayment],
    as_of: NaiveDate,
    conditions: &Conditions,
    findings: &mut Findings,
) -> Settlement {
    // One slot per enveloppe and due moment: what is expected there, what is left to settle.
    struct Slot {
        enveloppe: usize,
        due_on: Due,
        left: Amount,
    }
    let mut slots: Vec<Slot> = enveloppes
        .iter()
        .enumerate()
        .flat_map(|(k, e)| {
            e.tranches.iter().map(move |t| Slot {
                enveloppe: k,
                due_on: t.due_on,
                left: t.amount,
            })
        })
        .collect();
    // Due moments first, then the enveloppes' order.
    slots.sort_by_key(|s| (s.due_on, s.enveloppe));
    let mut received = vec![Amount::ZERO; enveloppes.len()];
    let mut splits = vec![PaymentSplit::default(); payments.len()];
    let mut order: Vec<usize> = (0..payments.len()).collect();
    order.sort_by_key(|&i| (payments[i].date, i));
    for i in order {
        let p = &payments[i];
        let path = format!("suivi.payments[{i}]");
        if !enveloppes.iter().any(|e| e.key.og == p.og) {
            findings.blocking(
                RULE,
                format!("{path}.og"),
                format!(
                    "Versement du {} : l'OG « {} » n'a aucune enveloppe attribuée.",
                    crate::money::format_date(p.date),
                    p.og
                ),
            );
            continue;
        }
        if p.date > as_of {
            continue;
        }
        let mut left = p.amount.value();
        let own = |s: &Slot| enveloppes[s.enveloppe].key.og == p.og;
        // What the OG had due at the payment's date: its tranches dated by then (or not dated),
        // the conditional ones only once the targets are reached.
        let due_then = slots
            .iter()
            .filter(|s| own(s))
            .filter(|s| s.due_on != Due::UsageTargets || conditions.targets_reached)
            .filter(|s| due_date(&enveloppes[s.enveloppe], s.due_on).is_none_or(|d| d <= p.date))
            .fold(Decimal::ZERO, |t, s| t + s.left.value());
        let named: Vec<usize> = (0..slots.len())
            .filter(|&k| own(&slots[k]) && Some(slots[k].due_on) == p.tranche)
            .collect();
        let others: Vec<usize> = (0..slots.len())
            .filter(|&k| own(&slots[k]) && Some(slots[k].due_on) != p.tranche)
            .collect();
        for k in named.into_iter().chain(others) {
            let take = left.min(slots[k].left.value());
            if take.is_zero() {
                continue;
            }
            // `take` is at most what the slot has left: amounts stay exact and non-negative.
            let taken = Amount::new(take).unwrap_or_default();
            slots[k].left = Amount::new(slots[k].left.value() - take).unwrap_or_default();
            let e = slots[k].enveloppe;
            received[e] = received[e].checked_add(taken).unwrap_or(Amount::MAX);
            left -= take;
            let label = &enveloppes[e]
                .tranches
                .iter()
                .find(|t| t.due_on == slots[k].due_on)
                .map_or("", |t| t.label.as_str());
            let parts = &mut splits[i].parts;
            match parts.iter_mut().find(|(l, _)| l == label) {
                Some((_, a)) => *a = a.checked_add(taken).unwrap_or(Amount::MAX),
                None => parts.push((label.to_string(), taken)),
            }
        }
        splits[i].excess = Amount::new(left).unwrap_or_default();
        splits[i].ahead = Amount::new((p.amount.value() - due_then).max(Decimal::ZERO)).unwrap_or_default();
        splits[i].understood = p.excess_understood;
        if !splits[i].excess.is_zero() {
            findings.warning(
                RULE,
                format!("{path}.amount"),
                format!(
                    "Versement du {} ({}) : {} de plus que ce qui restait attendu pour cet OG ; vérifiez le montant ou l'attribution.",
                    crate::money::format_date(p.date),
                    p.amount.fr(),
                    crate::money::format_eur(left)
                ),
            );
        } else if !splits[i].ahead.is_zero() && !p.excess_understood {
            findings.warning(
                RULE,
                format!("{path}.amount"),
                format!(
                    "Versement du {} ({}) : {} de plus que la tranche attendue à cette date ; une avance ou une erreur ? Il compte sur la tranche suivante. Indiquez-le comme compris une fois vérifié.",
                    crate::money::format_date(p.date),
                    p.amount.fr(),
                    splits[i].ahead.fr()
                ),
            );
        }
    }
    // Per OG and due moment.
    let mut tranches: Vec<TrancheStatus> = Vec::new();
    for (k, e) in enveloppes.iter().enumerate() {
        for t in &e.tranches {
            let left = slots
                .iter()
                .find(|s| s.enveloppe == k && s.due_on == t.due_on)
                .map_or(Amount::ZERO, |s| s.left);
            let got = Amount::new(t.amount.value() - left.value()).unwrap_or_default();
            match tranches.iter_mut().find(|x| x.og == e.key.og && x.due_on == t.due_on) {
                Some(x) => {
                    x.expected = x.expected.checked_add(t.amount).unwrap_or(Amount::MAX);
                    x.received = x.received.checked_add(got).unwrap_or(Amount::MAX);
                    x.outstanding = x.outstanding.checked_add(left).unwrap_or(Amount::MAX);
                }
                None => tranches.push(TrancheStatus {
                    og: e.key.og.clone(),
                    og_name: e.og_name.clone(),
                    due_on: t.due_on,
                    label: t.label.clone(),
                    due: t.due,
                    expected: t.amount,
                    received: got,
                    outstanding: left,
                    state: TrancheState::Upcoming,
                    overdue: false,
                }),
            }
        }
    }
    for t in &mut tranches {
        if t.due_on == Due::UsageTargets {
            // Once claimed, the date to watch is when its payment is expected.
            t.due = conditions.solde_expected.or(t.due);
        }
        t.state = state(t, as_of, conditions);
        t.overdue = t.state == TrancheState::Late;
    }
    // By OG in order of first appearance, then by due moment.
    let ogs: Vec<String> = enveloppes
        .iter()
        .map(|e| e.key.og.clone())
        .fold(Vec::new(), |mut v, og| {
            if !v.contains(&og) {
                v.push(og);
            }
            v
        });
    tranches.sort_by_key(|t| (ogs.iter().position(|o| *o == t.og), t.due_on));
    Settlement {
        tranches,
        received,
        splits,
    }
}

/// The due date of an enveloppe's tranche.
fn due_date(e: &Enveloppe, due_on: Due) -> Option<NaiveDate> {
    e.tranches.iter().find(|t| t.due_on == due_on).and_then(|t| t.due)
}

/// Where a tranche stands at `as_of` (D-PAYMENTS).
fn state(t: &TrancheStatus, as_of: NaiveDate, conditions: &Conditions) -> TrancheState {
    if t.outstanding.is_zero() {
        return TrancheState::Paid;
    }
    if t.due_on == Due::UsageTargets {
        return match (conditions.targets_reached, conditions.solde_requested_on) {
            (false, _) => TrancheState::Conditional,
            (true, Some(_)) if conditions.solde_expected.is_some_and(|d| d < as_of) => TrancheState::Late,
            (true, _) => TrancheState::Due,
        };
    }
    match t.due {
        Some(d) if d < as_of => TrancheState::Late,
        _ => TrancheState::Upcoming,
    }
}
