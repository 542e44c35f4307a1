//! What the user records after filing (D-AWARD … D-CRF): the filing, the award line by line,
//! payments received, expenses, measurable targets and their measurements, the explanations
//! of the compte rendu. Values as typed and kept; the checks of [`crate::suivi::follow`] report every
//! problem as a finding with the path of its field (`suivi.expenses[3].enveloppe`).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Dossier;
use crate::bareme::Due;
use crate::money::{decimal_str, iso_date, Amount};

/// The follow-up of one dossier.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suivi {
    /// The dossier was filed (déposé): its requested lines are frozen.
    #[serde(default)]
    pub filing: Option<Filing>,
    #[serde(default)]
    pub award: Option<Award>,
    #[serde(default)]
    pub payments: Vec<ReceivedPayment>,
    #[serde(default)]
    pub expenses: Vec<Expense>,
    /// The measurable form of the dossier's usage targets (D-INDICATORS).
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub measurements: Vec<Measurement>,
    /// The gap, in percent of the awarded amount, above which the compte rendu requires an
    /// explanation (D-CRF), when the dossier sets its own; else the barème's
    /// ([`Suivi::gap_threshold`]).
    #[serde(
        default,
        rename = "gap_threshold",
        skip_serializing_if = "Option::is_none",
        with = "decimal_str::option"
    )]
    pub own_gap_threshold: Option<Decimal>,
    /// The user's explanation of an enveloppe's gap.
    #[serde(default)]
    pub explanations: Vec<Explanation>,
    /// The qualitative review of the compte rendu financier, typed by the user.
    #[serde(default)]
    pub review: String,
    /// The end of the project; the usage targets deadline when not set.
    #[serde(default, with = "iso_date::option")]
    pub project_end: Option<NaiveDate>,
}

impl Suivi {
    /// The gap above which the compte rendu requires an explanation: the dossier's own, else the
    /// barème's (D-CRF).
    pub fn gap_threshold(&self, bareme: &crate::bareme::Bareme) -> Decimal {
        self.own_gap_threshold
            .unwrap_or_else(|| bareme.suivi_rules().gap_threshold)
    }
}

/// The dossier as filed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filing {
    #[serde(with = "iso_date")]
    pub filed_on: NaiveDate,
    /// Fingerprint of the filed version (the PDF's document ID).
    pub fingerprint: String,
    /// The barème the filed version was evaluated with.
    pub bareme_version: String,
    /// The candidature as filed, frozen: its requested lines are what the award answers.
    pub dossier: Box<Dossier>,
}

/// The decision and the convention, and what they grant line by line (D-AWARD).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Award {
    #[serde(default)]
    pub decision_reference: String,
    #[serde(default, with = "iso_date::option")]
    pub decision_date: Option<NaiveDate>,
    #[serde(default)]
    pub convention_reference: String,
    /// The start tranches fall due when the convention is signed.
    #[serde(default, with = "iso_date::option")]
    pub convention_date: Option<NaiveDate>,
    pub lines: Vec<AwardLine>,
}

/// Which requested line: its rule, label, the OG it is paid to and, for a line of one ESSMS,
/// that ESSMS.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct LineKey {
    pub rule: String,
    pub label: String,
    /// FINESS EJ of the OG.
    pub og: String,
    #[serde(default)]
    pub essms: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwardLine {
    pub line: LineKey,
    pub granted: Amount,
}

/// A payment received by an OG (D-PAYMENTS). Without a tranche, it settles the OG's tranches
/// in the order they fall due; with one, that tranche first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceivedPayment {
    #[serde(with = "iso_date")]
    pub date: NaiveDate,
    pub amount: Amount,
    #[serde(default)]
    pub reference: String,
    /// FINESS EJ of the OG that received it.
    pub og: String,
    #[serde(default)]
    pub tranche: Option<Due>,
}

/// An expense against an enveloppe (D-EXPENSES).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expense {
    #[serde(with = "iso_date")]
    pub date: NaiveDate,
    #[serde(default)]
    pub supplier: String,
    /// The invoice's reference.
    #[serde(default)]
    pub reference: String,
    pub amount: Amount,
    pub enveloppe: EnveloppeKey,
    /// FINESS ET of the ESSMS it concerns, if one.
    #[serde(default)]
    pub essms: Option<String>,
    /// SHA-256 of the attached piece (the invoice), kept in the store.
    #[serde(default)]
    pub piece: Option<String>,
}

/// An enveloppe (D-ENVELOPE): what the award grants for one purpose (a barème line) to one OG.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct EnveloppeKey {
    /// FINESS EJ of the OG.
    pub og: String,
    pub rule: String,
    pub label: String,
}

/// The measurable form of a usage target (D-INDICATORS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// The usage target's indicator, as in the dossier's `usage_targets`.
    pub indicator: String,
    #[serde(with = "decimal_str")]
    pub target: Decimal,
    pub unit: Unit,
    pub scope: Scope,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A percentage, 0 to 100.
    Percent,
    /// A count (documents, users…).
    Count,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The grappe as a whole: one value for all.
    Grappe,
    /// Each ESSMS: every ESSMS must reach the target.
    Essms,
}

/// A dated value of an indicator, at its scope, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    pub indicator: String,
    /// FINESS ET of the ESSMS (per-ESSMS indicators); none for the grappe.
    #[serde(default)]
    pub essms: Option<String>,
    #[serde(with = "iso_date")]
    pub date: NaiveDate,
    #[serde(with = "decimal_str")]
    pub value: Decimal,
    #[serde(default)]
    pub source: String,
}

/// Why an enveloppe's spending differs from its award (D-CRF, D-ETAT-CONSO).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explanation {
    pub enveloppe: EnveloppeKey,
    pub text: String,
}
