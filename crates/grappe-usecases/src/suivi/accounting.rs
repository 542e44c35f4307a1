//! Expenses from the accounts (D-ACCOUNTING) as the Dépenses tab uses them: a FEC or a grand
//! livre previewed with a mapping (the dossier's own until the user changes it) — the spending
//! accounts the file holds, what would be taken on each enveloppe, what is left out and why —,
//! then imported with that mapping, which the dossier keeps for the next import.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use grappe_core::format_date;
use grappe_core::money::format_eur;
use grappe_core::suivi::accounting::Preview;
use grappe_core::suivi::{AccountingMapping, EnveloppeKey};
use grappe_store::accounting::{read_accounting, AccountingFile};
use rust_decimal::Decimal;
use serde::Serialize;

use super::actions::import_report;
use crate::reference::{rejected, ImportReport, RejectedRow};
use crate::{AppError, Ctx};

/// A file read, with what identifies its state: path, modification time and length.
#[derive(Debug)]
struct Cached {
    path: PathBuf,
    modified: Option<SystemTime>,
    len: u64,
    file: Arc<AccountingFile>,
}

/// The last accounting export read.
#[derive(Debug, Default)]
pub struct AccountingCache(Mutex<Option<Cached>>);

impl AccountingCache {
    fn read(&self, path: &Path) -> Result<Arc<AccountingFile>, AppError> {
        let meta = std::fs::metadata(path).ok();
        let state = (
            meta.as_ref().and_then(|m| m.modified().ok()),
            meta.as_ref().map_or(0, |m| m.len()),
        );
        let mut slot = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = slot.as_ref() {
            if c.path == path && (c.modified, c.len) == state && c.modified.is_some() {
                return Ok(c.file.clone());
            }
        }
        let file = Arc::new(read_accounting(path)?);
        *slot = Some(Cached {
            path: path.to_path_buf(),
            modified: state.0,
            len: state.1,
            file: file.clone(),
        });
        Ok(file)
    }
}

/// A spending account of the file (classes 2 and 6) and where the mapping puts it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AccountRow {
    pub account: String,
    pub label: String,
    #[ts(type = "number")]
    pub lines: usize,
    /// Débit − crédit, French style.
    pub amount_fr: String,
}

/// What would be taken on one enveloppe.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TakenRow {
    pub enveloppe: EnveloppeKey,
    #[ts(type = "number")]
    pub expenses: usize,
    pub amount_fr: String,
}

/// One expense that would be added (the first ones, for the user to check).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TakenExpense {
    #[ts(type = "number")]
    pub line: u64,
    pub date: String,
    pub supplier: String,
    pub reference: String,
    /// Negative for an avoir.
    pub amount_fr: String,
    pub enveloppe: EnveloppeKey,
}

/// Spending lines left out, for one reason, on one account.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct LeftOutRow {
    pub account: String,
    pub label: String,
    pub reason: String,
    #[ts(type = "number")]
    pub lines: usize,
    pub amount_fr: String,
    #[ts(type = "number")]
    pub first_line: u64,
}

/// The preview of an accounting import.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AccountingPreview {
    pub file_name: String,
    /// « fichier des écritures comptables (FEC) » or « grand livre », and the text's encoding.
    pub kind: String,
    pub encoding: Option<String>,
    #[ts(type = "number")]
    pub lines_read: usize,
    #[ts(type = "number")]
    pub rejected_count: usize,
    pub rejected: Vec<RejectedRow>,
    /// The mapping used: the one sent, else the dossier's, else none.
    pub mapping: AccountingMapping,
    pub accounts: Vec<AccountRow>,
    pub taken: Vec<TakenRow>,
    #[ts(type = "number")]
    pub taken_count: usize,
    pub taken_total_fr: String,
    pub first_taken: Vec<TakenExpense>,
    #[ts(type = "number")]
    pub already: usize,
    pub left_out: Vec<LeftOutRow>,
    #[ts(type = "number")]
    pub other_lines: usize,
}

/// How many expenses the preview lists one by one.
pub const FIRST_TAKEN: usize = 30;

fn signed_fr(amount: Decimal) -> String {
    format_eur(amount)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// The dossier's mapping of its accounts (empty when none was made yet).
pub fn accounting_mapping(ctx: &Ctx, id: i64) -> Result<AccountingMapping, AppError> {
    mapping_of(ctx, id, None)
}

/// The mapping to use: the one sent, else the dossier's own.
fn mapping_of(ctx: &Ctx, id: i64, sent: Option<AccountingMapping>) -> Result<AccountingMapping, AppError> {
    match sent {
        Some(m) => Ok(m),
        None => ctx.with_store(|s| {
            Ok(s.with_loaded(id, |stored| {
                stored
                    .dossier
                    .suivi
                    .as_ref()
                    .and_then(|x| x.accounting.clone())
                    .unwrap_or_default()
            })?)
        }),
    }
}

/// What importing `path` with `mapping` (the dossier's own when none) would add.
pub fn accounting_preview(
    ctx: &Ctx,
    id: i64,
    path: PathBuf,
    mapping: Option<AccountingMapping>,
) -> Result<AccountingPreview, AppError> {
    let file = ctx.app.accounting_file.read(&path)?;
    let mapping = mapping_of(ctx, id, mapping)?;
    let preview = ctx.with_store(|s| Ok(s.preview_accounting(id, &file, &mapping)?))?;
    Ok(view(&path, &file, mapping, &preview))
}

/// Imports `path` with `mapping`, kept with the dossier: one version.
pub fn import_accounting(
    ctx: &Ctx,
    id: i64,
    path: PathBuf,
    mapping: AccountingMapping,
) -> Result<ImportReport, AppError> {
    let file = ctx.app.accounting_file.read(&path)?;
    let report = ctx.with_store(|s| Ok(s.import_accounting(id, &path, &file, &mapping)?))?;
    let mut out = import_report(report, "dépense(s)");
    out.rejected_count += file.read.rejected_count.saturating_sub(file.read.rejected.len()) as u64;
    Ok(out)
}

fn view(path: &Path, file: &AccountingFile, mapping: AccountingMapping, p: &Preview) -> AccountingPreview {
    let mut taken: Vec<(EnveloppeKey, usize, Decimal)> = Vec::new();
    for (_, x) in &p.taken {
        match taken.iter_mut().find(|t| t.0 == x.enveloppe) {
            Some(t) => {
                t.1 += 1;
                t.2 += x.signed();
            }
            None => taken.push((x.enveloppe.clone(), 1, x.signed())),
        }
    }
    let total: Decimal = taken.iter().map(|t| t.2).sum();
    AccountingPreview {
        file_name: file_name(path),
        kind: file.kind.label().to_string(),
        encoding: file.encoding.map(|e| e.name().to_string()),
        lines_read: file.read.len(),
        rejected_count: file.read.rejected_count,
        rejected: rejected(&file.read.rejected),
        mapping,
        accounts: p
            .accounts
            .iter()
            .map(|a| AccountRow {
                account: a.account.clone(),
                label: a.label.clone(),
                lines: a.lines,
                amount_fr: signed_fr(a.amount),
            })
            .collect(),
        taken: taken
            .into_iter()
            .map(|(enveloppe, expenses, amount)| TakenRow {
                enveloppe,
                expenses,
                amount_fr: signed_fr(amount),
            })
            .collect(),
        taken_count: p.taken.len(),
        taken_total_fr: signed_fr(total),
        first_taken: p
            .taken
            .iter()
            .take(FIRST_TAKEN)
            .map(|(line, x)| TakenExpense {
                line: *line,
                date: format_date(x.date),
                supplier: x.supplier.clone(),
                reference: x.reference.clone(),
                amount_fr: signed_fr(x.signed()),
                enveloppe: x.enveloppe.clone(),
            })
            .collect(),
        already: p.already,
        left_out: p
            .left_out
            .iter()
            .map(|x| LeftOutRow {
                account: x.account.clone(),
                label: x.account_label.clone(),
                reason: x.reason.clone(),
                lines: x.lines,
                amount_fr: signed_fr(x.amount),
                first_line: x.first_line,
            })
            .collect(),
        other_lines: p.other_lines,
    }
}

/// Keeps `mapping` with the dossier (the next import starts from it): one version.
pub fn set_accounting_mapping(ctx: &Ctx, id: i64, mapping: AccountingMapping) -> Result<super::SuiviView, AppError> {
    super::actions::change(ctx, id, "Affectation des comptes modifiée", |_, _, suivi| {
        suivi.accounting = Some(mapping);
        Ok(())
    })
}
