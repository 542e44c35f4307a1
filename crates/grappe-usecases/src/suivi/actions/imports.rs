//! Expenses and measurements imported from a file, one version each.

use std::path::PathBuf;

use grappe_core::suivi::ColumnMatch;
use grappe_store::EXPENSE_FIELDS;
use serde::Serialize;

use crate::reference::ImportReport;
use crate::{AppError, Ctx, ErrorCode};

pub(in crate::suivi) fn import_report(report: grappe_store::SuiviImportReport, what: &str) -> ImportReport {
    ImportReport {
        summary: format!(
            "{} {what} importée(s), {} déjà présente(s), {} ligne(s) rejetée(s).",
            report.imported,
            report.already_there,
            report.rejected.len()
        ),
        rejected_count: report.rejected.len() as u64,
        rejected: crate::reference::rejected(&report.rejected),
        warnings: Vec::new(),
    }
}

/// A table's headers and, for each field of an expense, the header it would be read from:
/// what the column-matching step shows.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ExpenseColumns {
    pub headers: Vec<String>,
    pub fields: Vec<FieldColumn>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FieldColumn {
    /// Its name in a `ColumnMatch` (`date`, `montant`…) and in French.
    pub field: String,
    pub label: String,
    pub required: bool,
    /// The header it is read from, when one is found or was matched.
    pub header: Option<String>,
}

/// The dossier's matches of a table's columns (the last the user made), else none.
fn saved_matches(ctx: &Ctx, id: i64) -> Result<Vec<ColumnMatch>, AppError> {
    ctx.with_store(|s| {
        Ok(s.with_loaded(id, |stored| {
            stored
                .dossier
                .suivi
                .as_ref()
                .and_then(|x| x.accounting.as_ref())
                .map(|m| m.columns.clone())
                .unwrap_or_default()
        })?)
    })
}

/// The columns of a table of expenses, read with the dossier's matches.
pub fn expense_columns(ctx: &Ctx, id: i64, path: PathBuf) -> Result<ExpenseColumns, AppError> {
    let matches = saved_matches(ctx, id)?;
    let (headers, found) = grappe_store::expense_columns(&path, &matches)?;
    Ok(ExpenseColumns {
        headers,
        fields: EXPENSE_FIELDS
            .iter()
            .zip(found)
            .map(|(&(field, label, required), header)| FieldColumn {
                field: field.into(),
                label: label.into(),
                required,
                header,
            })
            .collect(),
    })
}

/// Imports a table of expenses. Its columns are read with `columns` (the user's matches; the
/// dossier's last ones when none); when a required one is still missing, nothing is imported
/// and the user is asked to match them (`columns_unmatched`).
pub fn import_expenses(
    ctx: &Ctx,
    id: i64,
    path: PathBuf,
    columns: Option<Vec<ColumnMatch>>,
) -> Result<ImportReport, AppError> {
    let matches = match columns {
        Some(c) => c,
        None => saved_matches(ctx, id)?,
    };
    let (_, found) = grappe_store::expense_columns(&path, &matches)?;
    let missing: Vec<&str> = EXPENSE_FIELDS
        .iter()
        .zip(&found)
        .filter(|((_, _, required), header)| *required && header.is_none())
        .map(|((_, label, _), _)| *label)
        .collect();
    if !missing.is_empty() {
        // An export of the accounts is read as it is, by its own import.
        if let Ok(file) = grappe_store::accounting::read_accounting(&path) {
            return Err(AppError::new(
                ErrorCode::ImportRefused,
                format!(
                    "ce fichier est un {} : importez-le avec « Importer depuis la comptabilité », qui affecte chaque compte à une enveloppe",
                    file.kind.label()
                ),
            ));
        }
        return Err(AppError::new(
            ErrorCode::ColumnsUnmatched,
            format!(
                "colonnes non reconnues : {} ; indiquez quelle colonne du fichier les contient",
                missing.join(", ").to_lowercase()
            ),
        ));
    }
    let report = ctx.with_store(|s| Ok(s.import_expenses(id, &path, &matches)?))?;
    Ok(import_report(report, "dépense(s)"))
}

pub fn import_measurements(ctx: &Ctx, id: i64, path: PathBuf) -> Result<ImportReport, AppError> {
    let report = ctx.with_store(|s| Ok(s.import_measurements(id, &path)?))?;
    Ok(import_report(report, "mesure(s)"))
}
