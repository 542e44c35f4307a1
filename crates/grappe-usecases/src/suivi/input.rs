//! What the user typed, read: dates (JJ/MM/AAAA, or ISO), amounts and numbers, refused with a
//! French message naming the field.

use chrono::NaiveDate;
use grappe_core::money::iso_date;
use grappe_core::Amount;
use rust_decimal::Decimal;

use crate::ErrorCode;
use crate::{AppError, Ctx};

pub(super) fn date_field(text: &str, field: &str) -> Result<NaiveDate, AppError> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%d/%m/%Y")
        .or_else(|_| iso_date::parse(t).map_err(|_| ()))
        .map_err(|_| {
            AppError::field(
                ErrorCode::BadDate,
                format!("« {t} » n'est pas une date (JJ/MM/AAAA)"),
                field,
            )
        })
}

pub(super) fn optional_date(text: &str, field: &str) -> Result<Option<NaiveDate>, AppError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        date_field(text, field).map(Some)
    }
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

pub(super) fn as_of(ctx: &Ctx, text: Option<String>) -> Result<NaiveDate, AppError> {
    match text.filter(|t| !t.trim().is_empty()) {
        Some(t) => date_field(&t, "as_of"),
        None => Ok(ctx.host.today()),
    }
}
