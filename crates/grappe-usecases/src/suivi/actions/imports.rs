//! Expenses and measurements imported from a file, one version each.

use std::path::PathBuf;

use crate::reference::ImportReport;
use crate::{AppError, Ctx};

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

pub fn import_expenses(ctx: &Ctx, id: i64, path: PathBuf) -> Result<ImportReport, AppError> {
    let report = ctx.with_store(|s| Ok(s.import_expenses(id, &path)?))?;
    Ok(import_report(report, "dépense(s)"))
}

pub fn import_measurements(ctx: &Ctx, id: i64, path: PathBuf) -> Result<ImportReport, AppError> {
    let report = ctx.with_store(|s| Ok(s.import_measurements(id, &path)?))?;
    Ok(import_report(report, "mesure(s)"))
}
