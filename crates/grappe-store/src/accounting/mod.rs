//! Expenses from the accounts (D-ACCOUNTING): a FEC or a grand livre read as it is (`fec`,
//! `ledger`), previewed with the dossier's mapping (`grappe_core::suivi::accounting::preview`),
//! then imported — the mapping kept with the dossier for the next import — as one version.

mod fec;
mod ledger;

use std::path::Path;

use grappe_core::suivi::accounting::{preview, EntryLine, Preview};
use grappe_core::suivi::AccountingMapping;

use crate::open::io_error;
use crate::reference::table_file::read_rows;
use crate::text_encoding::{decode_owned, TextEncoding};
use crate::{RejectedLine, Store, StoreError, SuiviImportReport};

/// The largest accounting export read: a year of a large organisme's FEC is tens of Mo.
pub const MAX_ACCOUNTING_BYTES: u64 = 400 * 1024 * 1024;
/// The most entry lines read from one file.
pub const MAX_LINES: usize = 3_000_000;
/// The rejected lines listed one by one (the others are counted).
const MAX_REJECTED_LISTED: usize = 200;

/// What kind of accounting export a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountingKind {
    Fec,
    GrandLivre,
}

impl AccountingKind {
    pub fn label(self) -> &'static str {
        match self {
            AccountingKind::Fec => "fichier des écritures comptables (FEC)",
            AccountingKind::GrandLivre => "grand livre",
        }
    }
}

/// The lines read from an export, and those that could not be read. The lines' texts are ranges
/// of one text (the FEC as decoded; for a grand livre, its cells one after the other): a year of
/// a large organisme is not millions of small strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountingRead {
    text: String,
    raw: Vec<RawLine>,
    pub rejected: Vec<RejectedLine>,
    pub rejected_count: usize,
}

/// A line's texts as ranges of [`AccountingRead::text`], in the order of [`Field`], and its
/// figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawLine {
    pub line: u64,
    pub texts: [(u32, u32); 8],
    pub date: chrono::NaiveDate,
    pub piece_date: Option<chrono::NaiveDate>,
    pub debit: rust_decimal::Decimal,
    pub credit: rust_decimal::Decimal,
}

/// The texts of a line, by their place in [`RawLine::texts`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Field {
    Journal,
    Entry,
    Account,
    AccountLabel,
    ThirdCode,
    ThirdName,
    PieceRef,
    Label,
}

impl AccountingRead {
    /// A read over `text`, whose ranges the lines will name.
    pub(crate) fn over(text: String, capacity: usize) -> Self {
        AccountingRead {
            text,
            raw: Vec::with_capacity(capacity),
            ..AccountingRead::default()
        }
    }

    /// The range of `part`, a slice of this read's text.
    pub(crate) fn range_of(&self, part: &str) -> (u32, u32) {
        let start = (part.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        (start as u32, part.len() as u32)
    }

    /// Appends `value` to the text (a grand livre's cell) and returns its range.
    pub(crate) fn append(&mut self, value: &str) -> (u32, u32) {
        let start = self.text.len() as u32;
        self.text.push_str(value);
        (start, value.len() as u32)
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    pub(crate) fn push(&mut self, l: RawLine) {
        self.raw.push(l);
    }

    /// The lines read, all at once.
    pub(crate) fn set_lines(&mut self, lines: Vec<RawLine>) {
        self.raw = lines;
    }

    pub fn len(&self) -> usize {
        self.raw.len()
    }

    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The entry lines, their texts borrowed from this read.
    pub fn lines(&self) -> Vec<EntryLine<'_>> {
        let text = |r: (u32, u32)| self.text.get(r.0 as usize..(r.0 + r.1) as usize).unwrap_or("");
        self.raw
            .iter()
            .map(|l| EntryLine {
                line: l.line,
                journal: text(l.texts[Field::Journal as usize]),
                entry: text(l.texts[Field::Entry as usize]),
                date: l.date,
                account: text(l.texts[Field::Account as usize]),
                account_label: text(l.texts[Field::AccountLabel as usize]),
                third_code: text(l.texts[Field::ThirdCode as usize]),
                third_name: text(l.texts[Field::ThirdName as usize]),
                piece_ref: text(l.texts[Field::PieceRef as usize]),
                piece_date: l.piece_date,
                label: text(l.texts[Field::Label as usize]),
                debit: l.debit,
                credit: l.credit,
            })
            .collect()
    }

    pub(crate) fn reject(&mut self, line: u64, reason: String) {
        self.rejected_count += 1;
        if self.rejected.len() < MAX_REJECTED_LISTED {
            self.rejected.push(RejectedLine { line, reason });
        }
    }
}

/// An accounting export as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountingFile {
    pub kind: AccountingKind,
    /// The text encoding, for a text file.
    pub encoding: Option<TextEncoding>,
    pub read: AccountingRead,
}

/// Reads a FEC (text, tab or `|`) or a grand livre (CSV or workbook); anything else is
/// refused with what was found.
pub fn read_accounting(path: &Path) -> Result<AccountingFile, StoreError> {
    let refused = |message: String| StoreError::Import {
        path: path.display().to_string(),
        message,
    };
    let size = std::fs::metadata(path).map_err(|e| io_error(path, &e))?.len();
    if size > MAX_ACCOUNTING_BYTES {
        return Err(refused(format!(
            "le fichier fait {} Mo : un export comptable de plus de {} Mo n'est pas lu (exportez une seule année)",
            size / (1024 * 1024),
            MAX_ACCOUNTING_BYTES / (1024 * 1024)
        )));
    }
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !matches!(extension.as_str(), "xlsx" | "xlsm" | "ods" | "xls") {
        let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
        let (text, encoding) = decode_owned(bytes);
        if fec::is_fec(text.lines().next().unwrap_or("")) {
            return Ok(AccountingFile {
                kind: AccountingKind::Fec,
                encoding: Some(encoding),
                read: fec::read(text).map_err(refused)?,
            });
        }
    }
    let rows = read_rows(path)?;
    if !ledger::is_ledger(&rows) {
        let first: Vec<String> = rows
            .first()
            .map(|r| r.iter().map(|c| c.text()).filter(|t| !t.is_empty()).take(12).collect())
            .unwrap_or_default();
        return Err(refused(format!(
            "ni un FEC (en-tête JournalCode, EcritureNum, CompteNum…) ni un grand livre (colonnes date, débit, crédit) ; première ligne : {}",
            if first.is_empty() {
                "vide".to_string()
            } else {
                first.join(" | ")
            }
        )));
    }
    Ok(AccountingFile {
        kind: AccountingKind::GrandLivre,
        encoding: None,
        read: ledger::read(&rows).map_err(refused)?,
    })
}

impl Store {
    /// What importing `file` into the dossier's expenses with `mapping` would do.
    pub fn preview_accounting(
        &mut self,
        id: i64,
        file: &AccountingFile,
        mapping: &AccountingMapping,
    ) -> Result<Preview, StoreError> {
        self.with_loaded(id, |stored| {
            let suivi = stored.dossier.suivi.as_ref();
            let award = suivi.and_then(|s| s.award.as_ref());
            award.map(|award| {
                preview(
                    &file.read.lines(),
                    mapping,
                    award,
                    suivi.map_or(&[][..], |s| &s.expenses[..]),
                )
            })
        })?
        .ok_or_else(|| StoreError::Import {
            path: String::new(),
            message: "le dossier n'a pas encore d'attribution : enregistrez-la avant d'importer des dépenses".into(),
        })
    }

    /// Imports what [`Store::preview_accounting`] shows, and keeps `mapping` with the dossier,
    /// as one version (nothing written when nothing is taken and the mapping is unchanged).
    pub fn import_accounting(
        &mut self,
        id: i64,
        path: &Path,
        file: &AccountingFile,
        mapping: &AccountingMapping,
    ) -> Result<SuiviImportReport, StoreError> {
        let shown = self.preview_accounting(id, file, mapping)?;
        let stored = self.load(id)?;
        let mut suivi = stored.dossier.suivi.clone().unwrap_or_default();
        let unchanged = suivi.accounting.as_ref() == Some(mapping);
        let imported = shown.taken.len();
        suivi.expenses.extend(shown.taken.into_iter().map(|(_, x)| x));
        suivi.accounting = Some(mapping.clone());
        let mut rejected = file.read.rejected.clone();
        rejected.extend(shown.left_out.iter().map(|x| RejectedLine {
            line: x.first_line,
            reason: format!(
                "compte {} ({}) : {} — {} ligne(s)",
                x.account,
                if x.account_label.is_empty() {
                    "sans libellé"
                } else {
                    &x.account_label
                },
                x.reason,
                x.lines
            ),
        }));
        if imported > 0 || !unchanged {
            self.save_suivi(
                id,
                Some(suivi),
                &format!(
                    "{imported} dépense(s) importée(s) de la comptabilité « {} »",
                    crate::suivi_import::file_name(path)
                ),
            )?;
        }
        Ok(SuiviImportReport {
            imported,
            already_there: shown.already,
            rejected,
        })
    }
}
