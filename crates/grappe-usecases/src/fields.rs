//! Live validation of what the user types, with the core's French messages.

use grappe_core::category::Category;
use grappe_core::{Amount, Finess};

use crate::{AppError, Ctx};
use serde::Serialize;

/// The outcome of checking one typed value: its normalised form, or why it is refused.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FieldCheck {
    pub value: Option<String>,
    pub message: Option<String>,
}

impl<T: ToString, E: ToString> From<Result<T, E>> for FieldCheck {
    fn from(r: Result<T, E>) -> Self {
        match r {
            Ok(v) => FieldCheck {
                value: Some(v.to_string()),
                message: None,
            },
            Err(e) => FieldCheck {
                value: None,
                message: Some(e.to_string()),
            },
        }
    }
}

/// A FINESS number as typed (spaces allowed).
pub fn check_finess(_: &Ctx, text: String) -> Result<FieldCheck, AppError> {
    Ok(Finess::parse(&text).map(|f| f.as_str().to_string()).into())
}

/// An amount as typed (`12 500,00 €` or `12500.00`); an empty text is no amount.
pub fn check_amount(_: &Ctx, text: String) -> Result<FieldCheck, AppError> {
    if text.trim().is_empty() {
        return Ok(FieldCheck {
            value: None,
            message: None,
        });
    }
    Ok(Amount::parse(&text).map(|a| a.value().to_string()).into())
}

/// The FINESS categories of the nomenclature (D-CATEGORY), offered when a category is typed by
/// hand: the open ones first, each with its label.
pub fn finess_categories(_: &Ctx) -> Result<Vec<Category>, AppError> {
    let mut list = grappe_core::category::categories().to_vec();
    list.sort_by_key(|c| c.closed);
    Ok(list)
}
