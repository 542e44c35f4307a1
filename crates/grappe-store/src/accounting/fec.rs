//! The FEC (fichier des écritures comptables, article A47 A-1 of the Livre des procédures
//! fiscales) as every French accounting program exports it: a header naming its 18 columns
//! (`JournalCode … Idevise`), tab or `|` separated, no quoting, dates `AAAAMMJJ`, amounts with a
//! decimal comma in `Debit` and `Credit` (or `Montant` and `Sens`, which the text also allows).

use grappe_core::suivi::accounting::EntryLine;
use rust_decimal::Decimal;

use super::{AccountingRead, Shared, MAX_LINES};
use crate::reference::cell::parse_date;
use crate::RejectedLine;

/// Whether a text's first line is a FEC header.
pub(crate) fn is_fec(first_line: &str) -> bool {
    let l = first_line.to_ascii_lowercase();
    l.contains("journalcode") && l.contains("ecriturenum") && l.contains("comptenum")
}

#[derive(Default)]
struct Columns {
    journal: Option<usize>,
    entry: Option<usize>,
    date: Option<usize>,
    account: Option<usize>,
    account_label: Option<usize>,
    third_code: Option<usize>,
    third_name: Option<usize>,
    piece_ref: Option<usize>,
    piece_date: Option<usize>,
    label: Option<usize>,
    debit: Option<usize>,
    credit: Option<usize>,
    amount: Option<usize>,
    direction: Option<usize>,
}

impl Columns {
    fn of(header: &[&str]) -> Columns {
        let mut c = Columns::default();
        for (i, name) in header.iter().enumerate() {
            let slot = match name.trim().trim_start_matches('\u{FEFF}').to_ascii_lowercase().as_str() {
                "journalcode" => &mut c.journal,
                "ecriturenum" => &mut c.entry,
                "ecrituredate" => &mut c.date,
                "comptenum" => &mut c.account,
                "comptelib" => &mut c.account_label,
                "compauxnum" => &mut c.third_code,
                "compauxlib" => &mut c.third_name,
                "pieceref" => &mut c.piece_ref,
                "piecedate" => &mut c.piece_date,
                "ecriturelib" => &mut c.label,
                "debit" => &mut c.debit,
                "credit" => &mut c.credit,
                "montant" => &mut c.amount,
                "sens" => &mut c.direction,
                _ => continue,
            };
            slot.get_or_insert(i);
        }
        c
    }

    fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        for (column, name) in [
            (self.journal, "JournalCode"),
            (self.entry, "EcritureNum"),
            (self.date, "EcritureDate"),
            (self.account, "CompteNum"),
        ] {
            if column.is_none() {
                missing.push(name);
            }
        }
        if (self.debit.is_none() || self.credit.is_none()) && (self.amount.is_none() || self.direction.is_none()) {
            missing.push("Debit et Credit (ou Montant et Sens)");
        }
        missing
    }
}

/// An amount of the FEC: decimal comma or point, spaces between thousands; empty is zero.
pub(crate) fn amount(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(Decimal::ZERO);
    }
    if let Some(d) = plain_amount(t) {
        return Ok(d);
    }
    grappe_core::money::parse_number(t)
        .filter(|d| d.scale() <= 2 || d.normalize().scale() <= 2)
        .ok_or_else(|| format!("montant « {t} » illisible"))
}

/// The common shape of an amount, read without allocating: digits, then a comma or a point and
/// at most two digits (`1234,56`, `-80.5`).
fn plain_amount(t: &str) -> Option<Decimal> {
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (int, frac) = match digits.find([',', '.']) {
        Some(k) => (&digits[..k], &digits[k + 1..]),
        None => (digits, ""),
    };
    if int.is_empty() || int.len() > 15 || frac.len() > 2 {
        return None;
    }
    let mut mantissa: i64 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa * 10 + i64::from(b - b'0');
    }
    let value = Decimal::new(mantissa, frac.len() as u32);
    Some(if negative { -value } else { value })
}

/// Reads the lines of a FEC already decoded to text.
pub(crate) fn read(text: &str) -> Result<AccountingRead, String> {
    // The FEC has no quoting (the text of the article): a line is split at its separator, the
    // fields borrowed from the text already decoded.
    let mut rows = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let first = rows.next().unwrap_or("");
    let delimiter = if first.contains('\t') { '\t' } else { '|' };
    let header: Vec<&str> = first.split(delimiter).collect();
    let c = Columns::of(&header);
    let missing = c.missing();
    if !missing.is_empty() {
        return Err(format!("colonnes du FEC manquantes : {}", missing.join(", ")));
    }
    // One line of the file is at most one entry line: room for them at once, not by doubling.
    let mut out = AccountingRead {
        lines: Vec::with_capacity(text.bytes().filter(|&b| b == b'\n').count().min(MAX_LINES)),
        ..AccountingRead::default()
    };
    let mut record: Vec<&str> = Vec::with_capacity(header.len());
    let mut shared = Shared::default();
    let mut line: u64 = 1;
    for row in rows {
        line += 1;
        if row.trim().is_empty() {
            continue;
        }
        if out.lines.len() >= MAX_LINES {
            return Err(format!(
                "le fichier compte plus de {MAX_LINES} lignes d'écritures : il n'est pas lu (exportez une seule année)"
            ));
        }
        record.clear();
        record.extend(row.split(delimiter));
        let get = |c: Option<usize>| c.and_then(|i| record.get(i)).copied().unwrap_or("").trim();
        let read = (|| -> Result<EntryLine, String> {
            let date = parse_date(get(c.date)).map_err(|e| format!("EcritureDate : {e}"))?;
            let piece_date = match get(c.piece_date) {
                "" => None,
                t => Some(parse_date(t).map_err(|e| format!("PieceDate : {e}"))?),
            };
            let (debit, credit) = match (c.debit, c.credit) {
                (Some(_), Some(_)) => (amount(get(c.debit))?, amount(get(c.credit))?),
                _ => {
                    let value = amount(get(c.amount))?;
                    match get(c.direction).to_ascii_uppercase().as_str() {
                        "D" | "+1" | "1" => (value, Decimal::ZERO),
                        "C" | "-1" => (Decimal::ZERO, value),
                        other => return Err(format!("Sens « {other} » : D ou C attendu")),
                    }
                }
            };
            Ok(EntryLine {
                line,
                journal: shared.text(0, get(c.journal)),
                entry: shared.text(1, get(c.entry)),
                date,
                account: shared.account(get(c.account)),
                account_label: shared.account(get(c.account_label)),
                third_code: shared.text(2, get(c.third_code)),
                third_name: shared.text(3, get(c.third_name)),
                piece_ref: shared.text(4, get(c.piece_ref)),
                piece_date,
                label: shared.text(5, get(c.label)),
                debit,
                credit,
            })
        })();
        match read {
            Ok(l) => out.lines.push(l),
            Err(reason) => out.reject(line, reason),
        }
    }
    Ok(out)
}

impl AccountingRead {
    pub(crate) fn reject(&mut self, line: u64, reason: String) {
        self.rejected_count += 1;
        if self.rejected.len() < super::MAX_REJECTED_LISTED {
            self.rejected.push(RejectedLine { line, reason });
        }
    }
}
