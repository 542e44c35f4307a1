//! The FEC (fichier des écritures comptables, article A47 A-1 of the Livre des procédures
//! fiscales) as every French accounting program exports it: a header naming its 18 columns
//! (`JournalCode … Idevise`), tab or `|` separated, no quoting, dates `AAAAMMJJ`, amounts with a
//! decimal comma in `Debit` and `Credit` (or `Montant` and `Sens`, which the text also allows).

use rust_decimal::Decimal;

use super::{AccountingRead, Field, RawLine, MAX_LINES};
use crate::reference::cell::parse_date;

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

/// Reads the lines of a FEC already decoded to text: the header, then the lines in two halves
/// on two threads (a year of a large organisme is hundreds of thousands of lines).
pub(crate) fn read(text: String) -> Result<AccountingRead, String> {
    let mut out = AccountingRead::over(text, 0);
    let all = out.text();
    let (first, body) = all.split_once('\n').unwrap_or((all, ""));
    let first = first.strip_suffix('\r').unwrap_or(first);
    let delimiter = if first.contains('\t') { '\t' } else { '|' };
    let header: Vec<&str> = first.split(delimiter).collect();
    let c = Columns::of(&header);
    let missing = c.missing();
    if !missing.is_empty() {
        return Err(format!("colonnes du FEC manquantes : {}", missing.join(", ")));
    }
    // The halves meet at a line's end; the second half's lines are numbered once the first's
    // are counted.
    let middle = body[body.len() / 2..]
        .find('\n')
        .map_or(body.len(), |k| body.len() / 2 + k + 1);
    let (one, two) = body.split_at(middle);
    let (a, b) = std::thread::scope(|scope| {
        let second = scope.spawn(|| lines_of(&out, two, delimiter, &c));
        let first = lines_of(&out, one, delimiter, &c);
        (first, second.join())
    });
    let b = b.map_err(|_| "lecture du FEC interrompue".to_string())?;
    let ((mut read, mut rejected, rows_one), (read_two, rejected_two, _)) = (a?, b?);
    // `one` ends with its last line's end: the empty piece after it is `two`'s first line.
    let rows_one = if one.ends_with('\n') { rows_one - 1 } else { rows_one };
    if read.len() + read_two.len() > MAX_LINES {
        return Err(format!(
            "le fichier compte plus de {MAX_LINES} lignes d'écritures : il n'est pas lu (exportez une seule année)"
        ));
    }
    // Line 1 is the header.
    for l in &mut read {
        l.line += 1;
    }
    read.extend(read_two.into_iter().map(|mut l| {
        l.line += 1 + rows_one;
        l
    }));
    for r in &mut rejected.rejected {
        r.line += 1;
    }
    rejected.rejected_count += rejected_two.rejected_count - rejected_two.rejected.len();
    for r in rejected_two.rejected {
        rejected.reject(r.line + 1 + rows_one, r.reason);
    }
    out.set_lines(read);
    out.rejected = rejected.rejected;
    out.rejected_count = rejected.rejected_count;
    Ok(out)
}

/// The lines of `part` of the FEC that `out` holds as its text, numbered from 1 in `part`, and
/// how many rows `part` has.
fn lines_of(
    out: &AccountingRead,
    part: &str,
    delimiter: char,
    c: &Columns,
) -> Result<(Vec<RawLine>, AccountingRead, u64), String> {
    // The FEC has no quoting (the text of the article): a line is split at its separator, the
    // fields borrowed from the text already decoded.
    let mut read: Vec<RawLine> = Vec::with_capacity(part.len() / 120);
    let mut rejected = AccountingRead::default();
    let mut record: Vec<&str> = Vec::with_capacity(18);
    let mut line = 0;
    for row in part.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)) {
        line += 1;
        if row.trim().is_empty() {
            continue;
        }
        if read.len() >= MAX_LINES {
            return Err(format!(
                "le fichier compte plus de {MAX_LINES} lignes d'écritures : il n'est pas lu (exportez une seule année)"
            ));
        }
        record.clear();
        record.extend(row.split(delimiter));
        let get = |c: Option<usize>| c.and_then(|i| record.get(i)).copied().unwrap_or("").trim();
        let parsed = (|| -> Result<RawLine, String> {
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
            let mut texts = [(0u32, 0u32); 8];
            for (field, column) in [
                (Field::Journal, c.journal),
                (Field::Entry, c.entry),
                (Field::Account, c.account),
                (Field::AccountLabel, c.account_label),
                (Field::ThirdCode, c.third_code),
                (Field::ThirdName, c.third_name),
                (Field::PieceRef, c.piece_ref),
                (Field::Label, c.label),
            ] {
                texts[field as usize] = out.range_of(get(column));
            }
            Ok(RawLine {
                line,
                texts,
                date,
                piece_date,
                debit,
                credit,
            })
        })();
        match parsed {
            Ok(l) => read.push(l),
            Err(reason) => rejected.reject(line, reason),
        }
    }
    Ok((read, rejected, line))
}
