//! What the Suivi forms send: one input struct per action with many fields (dates ISO, checked
//! by the interface as typed, as everywhere on the IPC), and the typed amounts and numbers,
//! refused with a French message naming the field.

use std::path::PathBuf;

use chrono::NaiveDate;
use grappe_core::bareme::Due;
use grappe_core::suivi::{EnveloppeKey, LineKey, Scope, Unit};
use grappe_core::Amount;
use grappe_dossier::Existing;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::views::SuiviDocument;
use crate::{AppError, Ctx, ErrorCode};

/// The award: the decision, the convention, and the amount granted for each line (a line not
/// named is granted as requested).
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AwardInput {
    pub decision_reference: String,
    pub decision_date: Option<NaiveDate>,
    pub convention_reference: String,
    pub convention_date: Option<NaiveDate>,
    pub granted: Vec<GrantedLine>,
}

/// The amount granted for one line of the award, as typed (« 33 333,33 »).
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GrantedLine {
    pub line: LineKey,
    pub granted: String,
}

/// A payment received by an OG.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PaymentInput {
    pub date: NaiveDate,
    /// As typed (« 80 000,00 »).
    pub amount: String,
    pub reference: String,
    /// FINESS EJ of the OG.
    pub og: String,
    pub tranche: Option<Due>,
    /// Recorded even though a payment of the same OG, date and amount is there already.
    pub duplicate_ok: bool,
}

/// An expense against an enveloppe.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExpenseInput {
    pub date: NaiveDate,
    pub supplier: String,
    pub reference: String,
    /// As typed (« 18 000,00 »).
    pub amount: String,
    /// One of the award's enveloppes; null when none was chosen (refused).
    pub enveloppe: Option<EnveloppeKey>,
    /// FINESS ET of the ESSMS it concerns, if one.
    pub essms: Option<String>,
    /// A credit note (avoir): its amount reduces what was spent.
    #[serde(default)]
    #[ts(optional)]
    pub credit_note: Option<bool>,
    /// Recorded even though an expense with the same reference, or the same date, amount and
    /// supplier, is there already.
    pub duplicate_ok: bool,
}

/// The measurable form of a usage target.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IndicatorInput {
    pub indicator: String,
    /// As typed (« 80 »).
    pub target: String,
    pub unit: Unit,
    pub scope: Scope,
}

/// A measurement of a usage target, at its scope.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MeasurementInput {
    pub indicator: String,
    pub essms: Option<String>,
    pub date: NaiveDate,
    /// As typed (« 84,5 »).
    pub value: String,
    pub source: String,
}

/// A follow-up document to produce.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DocumentRequest {
    pub document: SuiviDocument,
    pub path: PathBuf,
    /// The date of the situation; today when null.
    pub date: Option<NaiveDate>,
    pub existing: Existing,
}

pub(super) fn amount_field(text: &str, field: &str) -> Result<Amount, AppError> {
    Amount::parse(text).map_err(|e| AppError::field(ErrorCode::BadAmount, e.to_string(), field))
}

pub(super) fn number_field(text: &str, field: &str) -> Result<Decimal, AppError> {
    grappe_core::money::parse_number(text)
        .filter(|v| !v.is_sign_negative() || v.is_zero())
        .ok_or_else(|| {
            AppError::field(
                ErrorCode::BadNumber,
                format!("« {} » n'est pas un nombre positif", text.trim()),
                field,
            )
        })
}

pub(super) fn as_of(ctx: &Ctx, date: Option<NaiveDate>) -> NaiveDate {
    date.unwrap_or_else(|| ctx.host.today())
}
