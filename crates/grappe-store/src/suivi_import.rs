//! Imports for consultants (issue 12): expenses from an accounting export and measurements of
//! the usage targets, from CSV or a workbook, added to a dossier's follow-up as one version.
//! Valid rows are added, the others reported with their line and reason; a row already in the
//! follow-up (the same export imported twice) is counted, not added again.

use std::collections::HashMap;
use std::path::Path;

use grappe_core::file_format::compact;
use grappe_core::suivi::naming::{find_enveloppe, find_one};
use grappe_core::suivi::{ColumnMatch, EnveloppeKey, Expense, Measurement, Scope, Suivi};
use grappe_core::{Amount, Dossier};
use rust_decimal::Decimal;

use crate::reference::table_file::{read_rows, with_header, Cell};
use crate::reference::words::normalize;
use crate::{RejectedLine, Store, StoreError};

/// What a follow-up import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuiviImportReport {
    pub imported: usize,
    /// Rows already in the follow-up, not added again.
    pub already_there: usize,
    pub rejected: Vec<RejectedLine>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Date,
    Supplier,
    Reference,
    Amount,
    Enveloppe,
    Og,
    Essms,
    Indicator,
    Value,
    Source,
}

fn column_of(header: &str) -> Option<Column> {
    let h = normalize(header.trim());
    let has = |w: &str| h.split(|c: char| !c.is_alphanumeric()).any(|x| x == w);
    if has("date") {
        Some(Column::Date)
    } else if has("fournisseur") || has("tiers") || has("prestataire") {
        Some(Column::Supplier)
    } else if has("reference") || has("piece") || has("facture") {
        Some(Column::Reference)
    } else if has("montant") || has("ttc") || has("debit") {
        Some(Column::Amount)
    } else if has("enveloppe") || has("ligne") || has("poste") {
        Some(Column::Enveloppe)
    } else if has("ej") || has("og") || has("gestionnaire") {
        Some(Column::Og)
    } else if has("et") || has("essms") || has("etablissement") {
        Some(Column::Essms)
    } else if has("indicateur") || has("cible") {
        Some(Column::Indicator)
    } else if has("valeur") || has("mesure") {
        Some(Column::Value)
    } else if has("source") || has("origine") {
        Some(Column::Source)
    } else {
        None
    }
}

fn reject(report: &mut SuiviImportReport, line: u64, reason: String) {
    report.rejected.push(RejectedLine { line, reason });
}

fn value_of(cell: &Cell) -> Result<Decimal, String> {
    grappe_core::money::parse_number(&cell.text()).ok_or_else(|| format!("valeur « {} » illisible", cell.text()))
}

/// The fields of an expense a table can hold: its name in a [`ColumnMatch`], its French label,
/// whether it is required.
pub const EXPENSE_FIELDS: [(&str, &str, bool); 7] = [
    ("date", "Date", true),
    ("montant", "Montant", true),
    ("enveloppe", "Enveloppe", true),
    ("fournisseur", "Fournisseur", false),
    ("reference", "Référence de la facture", false),
    ("og", "FINESS EJ de l'organisme", false),
    ("essms", "FINESS ET de l'ESSMS", false),
];

fn expense_column(field: &str) -> Option<Column> {
    Some(match field {
        "date" => Column::Date,
        "montant" => Column::Amount,
        "enveloppe" => Column::Enveloppe,
        "fournisseur" => Column::Supplier,
        "reference" => Column::Reference,
        "og" => Column::Og,
        "essms" => Column::Essms,
        _ => return None,
    })
}

/// The column of a header: the user's match when there is one, else what its words say.
fn expense_column_of(matches: &[ColumnMatch]) -> impl Fn(&str) -> Option<Column> + '_ {
    move |header| match matches.iter().find(|m| m.header.trim() == header.trim()) {
        Some(m) => expense_column(&m.field),
        // A header matched to nothing by the user, or one the user did not match.
        None if matches.iter().any(|m| expense_column(&m.field) == column_of(header)) => None,
        None => column_of(header),
    }
}

/// The headers of a table of expenses and, for each field, the header it would be read from
/// (the user's matches first, else what the headers' words say).
pub fn expense_columns(path: &Path, matches: &[ColumnMatch]) -> Result<(Vec<String>, Vec<Option<String>>), StoreError> {
    let rows = read_rows(path)?;
    let headers: Vec<String> = rows
        .first()
        .map(|r| r.iter().map(Cell::text).collect())
        .unwrap_or_default();
    let of = expense_column_of(matches);
    let found = EXPENSE_FIELDS
        .iter()
        .map(|(field, _, _)| {
            headers
                .iter()
                .find(|h| !h.is_empty() && of(h) == expense_column(field))
                .cloned()
        })
        .collect();
    Ok((headers, found))
}

impl Store {
    /// Adds the expenses of a table (columns date, fournisseur, référence, montant, enveloppe;
    /// OG and ESSMS when useful) to the dossier's follow-up; `matches` say which header holds a
    /// field when its words do not (kept with the dossier when the import takes something).
    pub fn import_expenses(
        &mut self,
        id: i64,
        path: &Path,
        matches: &[ColumnMatch],
    ) -> Result<SuiviImportReport, StoreError> {
        let stored = self.load(id)?;
        let (suivi, enveloppes) = awarded(&stored.dossier, path)?;
        let rows = read_rows(path)?;
        let (columns, data) = with_header(
            &rows,
            path,
            &[
                (Column::Date, "date"),
                (Column::Amount, "montant"),
                (Column::Enveloppe, "enveloppe"),
            ],
            expense_column_of(matches),
        )?;
        let mut report = SuiviImportReport {
            imported: 0,
            already_there: 0,
            rejected: Vec::new(),
        };
        let mut suivi = suivi;
        let mut before: HashMap<Alike, usize> = HashMap::new();
        for x in &suivi.expenses {
            *before.entry(alike(x)).or_insert(0) += 1;
        }
        let mut seen_in_file: HashMap<Alike, usize> = HashMap::new();
        for (k, row) in data.iter().enumerate() {
            let line = k as u64 + 2;
            if row.iter().all(|c| c.text().is_empty()) {
                continue;
            }
            let cell = |c| columns.cell(row, c);
            let Some(date) = date_of(&cell(Column::Date), &mut report, line) else {
                continue;
            };
            // A negative amount is a credit note (avoir): it reduces what was spent.
            let typed = cell(Column::Amount).text();
            let credit_note = typed.trim_start().starts_with('-');
            let amount = match Amount::parse(typed.trim_start().trim_start_matches('-')) {
                Ok(a) => a,
                Err(e) => {
                    reject(&mut report, line, format!("montant : {e}"));
                    continue;
                }
            };
            let og = compact(&cell(Column::Og).text());
            let named = find_enveloppe(
                &cell(Column::Enveloppe).text(),
                Some(og.as_str()).filter(|o| !o.is_empty()),
                &enveloppes,
            );
            let enveloppe = match named {
                Ok(e) => e,
                Err(reason) => {
                    let hint = if og.is_empty() {
                        " (précisez l'OG, colonne « FINESS EJ »)"
                    } else {
                        ""
                    };
                    reject(&mut report, line, format!("{reason}{hint}"));
                    continue;
                }
            };
            let essms = Some(compact(&cell(Column::Essms).text())).filter(|e| !e.is_empty());
            let expense = Expense {
                date,
                supplier: cell(Column::Supplier).text(),
                reference: cell(Column::Reference).text(),
                amount,
                enveloppe,
                essms,
                piece: None,
                credit_note,
                entry: None,
                account: None,
            };
            // Two lines of one invoice may be alike: the file's n-th such line is already there
            // only when the follow-up held n of them before this import.
            let seen = seen_in_file.entry(alike(&expense)).or_insert(0);
            *seen += 1;
            if *seen <= before.get(&alike(&expense)).copied().unwrap_or(0) {
                report.already_there += 1;
            } else {
                suivi.expenses.push(expense);
                report.imported += 1;
            }
        }
        if !matches.is_empty() {
            suivi.accounting.get_or_insert_with(Default::default).columns = matches.to_vec();
        }
        self.save_imported(id, suivi, &report, path, "dépense(s)")?;
        Ok(report)
    }

    /// Adds measurements of the usage targets (columns indicateur, date, valeur; FINESS ET for
    /// a target measured per ESSMS; source) to the dossier's follow-up.
    pub fn import_measurements(&mut self, id: i64, path: &Path) -> Result<SuiviImportReport, StoreError> {
        let stored = self.load(id)?;
        let mut suivi = stored.dossier.suivi.clone().unwrap_or_default();
        if suivi.indicators.is_empty() {
            return Err(StoreError::Import {
                path: path.display().to_string(),
                message: "aucune cible d'usage n'est encore mesurable : donnez d'abord à chaque cible sa valeur, son unité et son périmètre".into(),
            });
        }
        let rows = read_rows(path)?;
        let (columns, data) = with_header(
            &rows,
            path,
            &[
                (Column::Indicator, "indicateur"),
                (Column::Date, "date"),
                (Column::Value, "valeur"),
            ],
            column_of,
        )?;
        let essms: Vec<String> = stored.dossier.essms.iter().map(|e| compact(&e.finess_et)).collect();
        let indicators = suivi.indicators.clone();
        let mut report = SuiviImportReport {
            imported: 0,
            already_there: 0,
            rejected: Vec::new(),
        };
        for (k, row) in data.iter().enumerate() {
            let line = k as u64 + 2;
            if row.iter().all(|c| c.text().is_empty()) {
                continue;
            }
            let cell = |c| columns.cell(row, c);
            let indicator = match find_one(
                &cell(Column::Indicator).text(),
                &indicators,
                |i| &i.indicator,
                "indicateur",
            ) {
                Ok(i) => i,
                Err(reason) => {
                    reject(&mut report, line, reason);
                    continue;
                }
            };
            let Some(date) = date_of(&cell(Column::Date), &mut report, line) else {
                continue;
            };
            let value = match value_of(&cell(Column::Value)) {
                Ok(v) => v,
                Err(e) => {
                    reject(&mut report, line, e);
                    continue;
                }
            };
            let et = compact(&cell(Column::Essms).text());
            let target_essms = match (indicator.scope, et.is_empty()) {
                (Scope::Grappe, true) => None,
                (Scope::Grappe, false) => {
                    reject(
                        &mut report,
                        line,
                        format!(
                            "« {} » se mesure pour la grappe entière : retirez le FINESS ET",
                            indicator.indicator
                        ),
                    );
                    continue;
                }
                (Scope::Essms, true) => {
                    reject(
                        &mut report,
                        line,
                        format!("« {} » se mesure par ESSMS : FINESS ET manquant", indicator.indicator),
                    );
                    continue;
                }
                (Scope::Essms, false) if !essms.contains(&et) => {
                    reject(&mut report, line, format!("l'ESSMS « {et} » n'est pas dans la grappe"));
                    continue;
                }
                (Scope::Essms, false) => Some(et),
            };
            let measurement = Measurement {
                indicator: indicator.indicator.clone(),
                essms: target_essms,
                date,
                value,
                source: cell(Column::Source).text(),
            };
            let same = |m: &Measurement| {
                (&m.indicator, &m.essms, m.date, m.value)
                    == (
                        &measurement.indicator,
                        &measurement.essms,
                        measurement.date,
                        measurement.value,
                    )
            };
            if suivi.measurements.iter().any(same) {
                report.already_there += 1;
            } else {
                suivi.measurements.push(measurement);
                report.imported += 1;
            }
        }
        self.save_imported(id, suivi, &report, path, "mesure(s)")?;
        Ok(report)
    }
}

impl Store {
    /// Saves the rows an import added, as one version.
    fn save_imported(
        &mut self,
        id: i64,
        suivi: Suivi,
        report: &SuiviImportReport,
        path: &Path,
        what: &str,
    ) -> Result<(), StoreError> {
        if report.imported == 0 {
            return Ok(());
        }
        let file = file_name(path);
        self.save_suivi(
            id,
            Some(suivi),
            &format!("{} {what} importée(s) de « {file} »", report.imported),
        )?;
        Ok(())
    }
}

/// The name of an imported file, for the history.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// What makes two expenses alike for an import: the same export imported twice.
type Alike = (chrono::NaiveDate, String, Amount, EnveloppeKey, bool);

fn alike(x: &Expense) -> Alike {
    (
        x.date,
        x.reference.clone(),
        x.amount,
        x.enveloppe.clone(),
        x.credit_note,
    )
}

/// The date of a row; a missing or unreadable one rejects the row.
fn date_of(cell: &Cell, report: &mut SuiviImportReport, line: u64) -> Option<chrono::NaiveDate> {
    match cell.date() {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            reject(report, line, "date manquante".into());
            None
        }
        Err(e) => {
            reject(report, line, e);
            None
        }
    }
}

/// The follow-up of an awarded dossier and its enveloppes (key, « OG — label »).
fn awarded(dossier: &Dossier, path: &Path) -> Result<(Suivi, Vec<(EnveloppeKey, String)>), StoreError> {
    let suivi = dossier.suivi.clone().unwrap_or_default();
    let Some(award) = &suivi.award else {
        return Err(StoreError::Import {
            path: path.display().to_string(),
            message: "le dossier n'a pas encore d'attribution : enregistrez-la avant d'importer des dépenses".into(),
        });
    };
    let enveloppes = award
        .enveloppe_keys()
        .into_iter()
        .map(|key| {
            let og = dossier.og(&key.og).map_or_else(|| key.og.clone(), |o| o.name.clone());
            let label = format!("{} ({og})", key.label);
            (key, label)
        })
        .collect();
    Ok((suivi, enveloppes))
}
