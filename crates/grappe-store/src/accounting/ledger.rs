//! A grand livre as accounting programs export it (CSV or workbook): a header row naming its
//! columns (date, journal, pièce, libellé, débit, crédit; the account either in a column or on
//! a line of its own before its entries), account header and total lines skipped.

use super::fec::amount;
use super::{AccountingRead, Field, RawLine, MAX_LINES};
use crate::reference::cell::Cell;
use crate::reference::words::normalize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Date,
    Journal,
    Piece,
    Label,
    Debit,
    Credit,
    Account,
    AccountLabel,
    Third,
}

fn column_of(header: &str) -> Option<Column> {
    let h = normalize(header.trim());
    let words: Vec<&str> = h
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    if has("debit") {
        Some(Column::Debit)
    } else if has("credit") {
        Some(Column::Credit)
    } else if has("date") {
        Some(Column::Date)
    } else if has("journal") || has("jnl") || has("jal") {
        Some(Column::Journal)
    } else if has("compte") && (has("libelle") || has("intitule")) {
        Some(Column::AccountLabel)
    } else if has("compte") || has("account") {
        Some(Column::Account)
    } else if has("piece") || has("reference") || has("ref") || has("facture") {
        Some(Column::Piece)
    } else if has("libelle") || has("intitule") || has("designation") {
        Some(Column::Label)
    } else if has("tiers") || has("auxiliaire") || has("fournisseur") {
        Some(Column::Third)
    } else {
        None
    }
}

/// The columns of the header row: the first of the first 30 rows that names a date, a debit
/// and a credit.
fn header(rows: &[Vec<Cell>]) -> Option<(usize, Vec<Option<Column>>)> {
    rows.iter().take(30).enumerate().find_map(|(k, row)| {
        let columns: Vec<Option<Column>> = row.iter().map(|c| column_of(&c.text())).collect();
        let has = |c: Column| columns.contains(&Some(c));
        (has(Column::Date) && has(Column::Debit) && has(Column::Credit)).then_some((k, columns))
    })
}

/// Whether rows look like a grand livre.
pub(crate) fn is_ledger(rows: &[Vec<Cell>]) -> bool {
    header(rows).is_some()
}

/// An account header line (« 615600 - Maintenance », « Compte 2183 Matériel informatique »):
/// the account and its label.
fn account_header(row: &[Cell]) -> Option<(String, String)> {
    let text = row
        .iter()
        .map(Cell::text)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let text = text.trim();
    let rest = text
        .strip_prefix("Compte ")
        .or_else(|| text.strip_prefix("compte "))
        .unwrap_or(text)
        .trim();
    let account: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    if account.len() < 3 || !account.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let label = rest[account.len()..].trim().trim_start_matches(['-', ':', '–']).trim();
    Some((account, label.to_string()))
}

/// Reads the entry lines of a grand livre's rows.
pub(crate) fn read(rows: &[Vec<Cell>]) -> Result<AccountingRead, String> {
    let Some((at, columns)) = header(rows) else {
        return Err("aucune ligne d'en-tête avec une date, un débit et un crédit".into());
    };
    let index = |c: Column| columns.iter().position(|x| *x == Some(c));
    let (date_col, debit_col, credit_col) = (index(Column::Date), index(Column::Debit), index(Column::Credit));
    let mut out = AccountingRead::over(String::new(), rows.len());
    let mut account: Option<(String, String)> = None;
    for (k, row) in rows.iter().enumerate().skip(at + 1) {
        let line = k as u64 + 1;
        let cell = |c: Option<usize>| c.and_then(|i| row.get(i)).cloned().unwrap_or(Cell::Empty);
        let text = |c: Column| cell(index(c)).text();
        if row.iter().all(|c| c.text().is_empty()) {
            continue;
        }
        if row.iter().any(|c| normalize(&c.text()).starts_with("total")) {
            continue;
        }
        let no_amount = cell(debit_col).text().is_empty() && cell(credit_col).text().is_empty();
        let date = match cell(date_col).date() {
            Ok(Some(d)) => d,
            // No date and no amount: an account's header line (or a title, skipped).
            _ if no_amount => {
                if let Some(found) = account_header(row) {
                    account = Some(found);
                }
                continue;
            }
            Ok(None) => {
                out.reject(line, "date manquante".into());
                continue;
            }
            Err(e) => {
                out.reject(line, e);
                continue;
            }
        };
        if out.len() >= MAX_LINES {
            return Err(format!(
                "le fichier compte plus de {MAX_LINES} lignes d'écritures : il n'est pas lu"
            ));
        }
        let (acc, acc_label) = match (text(Column::Account), &account) {
            (a, _) if !a.is_empty() => (
                a.split_whitespace().next().unwrap_or("").to_string(),
                text(Column::AccountLabel),
            ),
            (_, Some((a, l))) => (a.clone(), l.clone()),
            (_, None) => {
                out.reject(
                    line,
                    "compte inconnu : aucune ligne de compte avant cette écriture".into(),
                );
                continue;
            }
        };
        let (debit, credit) = match (amount(&cell(debit_col).text()), amount(&cell(credit_col).text())) {
            (Ok(d), Ok(c)) => (d, c),
            (Err(e), _) | (_, Err(e)) => {
                out.reject(line, e);
                continue;
            }
        };
        let piece = text(Column::Piece);
        let label = text(Column::Label);
        // A grand livre has no entry number: the lines of one piece are one entry.
        let entry = if piece.is_empty() {
            format!("{date}:{label}")
        } else {
            piece.clone()
        };
        let mut texts = [(0u32, 0u32); 8];
        for (field, value) in [
            (Field::Journal, text(Column::Journal)),
            (Field::Entry, entry),
            (Field::Account, acc),
            (Field::AccountLabel, acc_label),
            (Field::ThirdName, text(Column::Third)),
            (Field::PieceRef, piece),
            (Field::Label, label),
        ] {
            texts[field as usize] = out.append(&value);
        }
        out.push(RawLine {
            line,
            texts,
            date,
            piece_date: None,
            debit,
            credit,
        });
    }
    Ok(out)
}
