//! D-ACCOUNTING: expenses taken from the accounts. The lines of an accounting export (a FEC or
//! a grand livre, read by the store) are placed on enveloppes by the dossier's mapping — the
//! most specific rule wins, a tie between enveloppes is left out, never guessed —, with their
//! TTC amount (the charge line plus its share of the entry's deductible VAT) unless the user
//! chose HT. A credit (an avoir) reduces what was spent; a line already taken (its journal,
//! entry and place in the entry) is never taken twice. Nothing here writes: [`preview`] says
//! what an import would take and what it leaves out, and why.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::suivi::{AccountRule, AccountingMapping, AmountBasis, Award, EnveloppeKey, Expense};
use crate::money::Amount;

/// One line of an accounting export, as read: its texts borrowed from the file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EntryLine<'a> {
    /// Its line in the file, for messages.
    pub line: u64,
    pub journal: &'a str,
    /// The entry it belongs to (`EcritureNum`; in a grand livre, its piece).
    pub entry: &'a str,
    pub date: NaiveDate,
    pub account: &'a str,
    pub account_label: &'a str,
    /// The third party's code and name (`CompAuxNum`, `CompAuxLib`).
    pub third_code: &'a str,
    pub third_name: &'a str,
    pub piece_ref: &'a str,
    pub piece_date: Option<NaiveDate>,
    pub label: &'a str,
    pub debit: Decimal,
    pub credit: Decimal,
}

impl EntryLine<'_> {
    fn signed(&self) -> Decimal {
        self.debit - self.credit
    }

    /// A charge (class 6) or a fixed asset (class 2): what a project spends.
    pub fn is_spending(&self) -> bool {
        self.account.starts_with('2') || self.account.starts_with('6')
    }

    /// Deductible VAT (44562 on fixed assets, 44566 on other goods and services, 44563
    /// transferred).
    fn is_deductible_vat(&self) -> bool {
        ["44562", "44563", "44566"].iter().any(|p| self.account.starts_with(p))
    }

    /// A supplier's account (401, 404 for fixed assets).
    fn is_supplier(&self) -> bool {
        self.account.starts_with("40")
    }
}

/// What an import would take, and what it leaves out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Preview {
    /// Every expense it would add, in the file's order, with its line.
    pub taken: Vec<(u64, Expense)>,
    /// Lines taken by an earlier import: not taken again.
    pub already: usize,
    /// Spending lines (classes 2 and 6) left out, grouped by reason and account.
    pub left_out: Vec<LeftOut>,
    /// Lines of other accounts (suppliers, VAT, bank…): the other side of the entries.
    pub other_lines: usize,
    pub lines_read: usize,
    /// The spending accounts of the file (classes 2 and 6), by number: what the mapping places.
    pub accounts: Vec<AccountTotal>,
}

/// A spending account of the file: its lines and their débit − crédit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountTotal {
    pub account: String,
    pub label: String,
    pub lines: usize,
    pub amount: Decimal,
}

/// The spending accounts of `lines`, by number.
fn spending_accounts(lines: &[EntryLine]) -> Vec<AccountTotal> {
    let mut out: Vec<AccountTotal> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for l in lines.iter().filter(|l| l.is_spending()) {
        match index.get(l.account) {
            Some(&k) => {
                out[k].lines += 1;
                out[k].amount += l.signed();
            }
            None => {
                index.insert(l.account, out.len());
                out.push(AccountTotal {
                    account: l.account.to_string(),
                    label: l.account_label.to_string(),
                    lines: 1,
                    amount: l.signed(),
                });
            }
        }
    }
    out.sort_by(|a, b| a.account.cmp(&b.account));
    out
}

/// Spending lines left out for one reason, on one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub reason: String,
    pub account: String,
    pub account_label: String,
    pub lines: usize,
    /// Débit − crédit of those lines.
    pub amount: Decimal,
    /// The first of them, for the user to find it.
    pub first_line: u64,
}

/// The reasons a spending line is left out.
pub const NOT_MAPPED: &str = "compte non affecté à une enveloppe";
pub const NOT_AWARDED: &str = "règle vers une enveloppe qui n'est pas dans l'attribution";

/// The key of a line taken: journal, entry and its place among the entry's lines.
pub fn entry_key(journal: &str, entry: &str, ordinal: usize) -> String {
    format!("{journal}/{entry}/{ordinal}")
}

/// Folded words (accents and case ignored).
fn folded(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}

/// A rule as it is matched: folded once.
struct Matcher<'a> {
    rule: &'a AccountRule,
    account: String,
    journal: String,
    third: String,
    words: Vec<String>,
}

impl<'a> Matcher<'a> {
    fn of(rule: &'a AccountRule) -> Self {
        Matcher {
            rule,
            account: rule.account.split_whitespace().collect(),
            journal: folded(rule.journal.trim()),
            third: folded(rule.third_party.trim()),
            words: folded(&rule.label_words)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect(),
        }
    }

    fn matches(&self, line: &EntryLine, label: &Folded, third_code: &Folded, third_name: &Folded) -> bool {
        !self.account.is_empty()
            && line.account.starts_with(&self.account)
            && (self.journal.is_empty() || folded(line.journal) == self.journal)
            && (self.third.is_empty()
                || third_code.get().contains(&self.third)
                || third_name.get().contains(&self.third))
            && (self.words.is_empty() || {
                let label = label.get();
                self.words.iter().all(|w| label.contains(w.as_str()))
            })
    }

    /// Longer account prefixes first, then more conditions.
    fn specificity(&self) -> (usize, usize) {
        let conditions = usize::from(!self.journal.is_empty())
            + usize::from(!self.third.is_empty())
            + usize::from(!self.words.is_empty());
        (self.account.len(), conditions)
    }
}

/// A text folded only when a rule asks for it.
struct Folded<'t> {
    text: &'t str,
    folded: std::cell::OnceCell<String>,
}

impl<'t> Folded<'t> {
    fn new(text: &'t str) -> Self {
        Folded {
            text,
            folded: std::cell::OnceCell::new(),
        }
    }

    fn get(&self) -> &str {
        self.folded.get_or_init(|| folded(self.text))
    }
}

/// The rule for a line: the most specific one that matches; `Err` names the enveloppes when two
/// equally specific rules disagree, `Ok(None)` when none matches.
fn rule_for<'a>(
    matchers: &'a [Matcher<'a>],
    line: &EntryLine,
    third_code: &str,
    third_name: &str,
) -> Result<Option<&'a AccountRule>, String> {
    let (label, third_code, third_name) = (
        Folded::new(line.label),
        Folded::new(third_code),
        Folded::new(third_name),
    );
    let mut best: Vec<&Matcher> = Vec::new();
    for m in matchers
        .iter()
        .filter(|m| m.matches(line, &label, &third_code, &third_name))
    {
        match best.first().map(|b| b.specificity().cmp(&m.specificity())) {
            None | Some(std::cmp::Ordering::Equal) => best.push(m),
            Some(std::cmp::Ordering::Less) => best = vec![m],
            Some(std::cmp::Ordering::Greater) => {}
        }
    }
    let mut enveloppes: Vec<&EnveloppeKey> = best.iter().map(|m| &m.rule.enveloppe).collect();
    enveloppes.dedup();
    if enveloppes.len() > 1 {
        return Err(format!(
            "deux règles aussi précises mènent à des enveloppes différentes ({})",
            enveloppes
                .iter()
                .map(|e| format!("« {} »", e.label))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(best.first().map(|m| m.rule))
}

/// What an import of `lines` with `mapping` would take, against the award and the expenses
/// already recorded.
pub fn preview(lines: &[EntryLine], mapping: &AccountingMapping, award: &Award, existing: &[Expense]) -> Preview {
    let matchers: Vec<Matcher> = mapping.rules.iter().map(Matcher::of).collect();
    let taken_before: HashSet<&str> = existing.iter().filter_map(|x| x.entry.as_deref()).collect();
    let mut out = Preview {
        lines_read: lines.len(),
        accounts: spending_accounts(lines),
        ..Preview::default()
    };
    let entries = entries(lines);
    let mut left: Vec<LeftOut> = Vec::new();
    let mut leave =
        |reason: &str, l: &EntryLine| match left.iter_mut().find(|x| x.reason == reason && x.account == l.account) {
            Some(x) => {
                x.lines += 1;
                x.amount += l.signed();
            }
            None => left.push(LeftOut {
                reason: reason.to_string(),
                account: l.account.to_string(),
                account_label: l.account_label.to_string(),
                lines: 1,
                amount: l.signed(),
                first_line: l.line,
            }),
        };
    for entry in &entries {
        let entry_lines: Vec<&EntryLine<'_>> = entry.iter().map(|&i| &lines[i]).collect();
        let spending: Vec<usize> = (0..entry_lines.len())
            .filter(|&k| entry_lines[k].is_spending())
            .collect();
        out.other_lines += entry_lines.len() - spending.len();
        if spending.is_empty() {
            continue;
        }
        let ttc = ttc_amounts(&entry_lines, &spending);
        // The supplier: the line's own third party, else the supplier line's.
        let supplier_line = entry_lines.iter().find(|l| l.is_supplier());
        for (&k, &ttc) in spending.iter().zip(&ttc) {
            let l = entry_lines[k];
            let (third_code, third_name) = match supplier_line {
                Some(s) if l.third_code.is_empty() && l.third_name.is_empty() => (&s.third_code, &s.third_name),
                _ => (&l.third_code, &l.third_name),
            };
            let rule = match rule_for(&matchers, l, third_code, third_name) {
                Ok(Some(rule)) => rule,
                Ok(None) => {
                    leave(NOT_MAPPED, l);
                    continue;
                }
                Err(reason) => {
                    leave(&reason, l);
                    continue;
                }
            };
            if !award.grants(&rule.enveloppe) {
                leave(NOT_AWARDED, l);
                continue;
            }
            let key = entry_key(l.journal, l.entry, k + 1);
            if taken_before.contains(key.as_str()) {
                out.already += 1;
                continue;
            }
            let amount = match mapping.basis {
                AmountBasis::Ttc => ttc,
                AmountBasis::Ht => l.signed(),
            };
            let Ok(value) = Amount::new(amount.abs()) else {
                leave("montant hors limites", l);
                continue;
            };
            if value.is_zero() {
                continue;
            }
            let supplier = if !third_name.is_empty() {
                third_name.to_string()
            } else {
                supplier_line.map(|s| s.label.to_string()).unwrap_or_default()
            };
            out.taken.push((
                l.line,
                Expense {
                    date: l.piece_date.unwrap_or(l.date),
                    supplier,
                    reference: if l.piece_ref.is_empty() {
                        l.entry.to_string()
                    } else {
                        l.piece_ref.to_string()
                    },
                    amount: value,
                    enveloppe: rule.enveloppe.clone(),
                    essms: rule.essms.clone().filter(|e| !e.trim().is_empty()),
                    piece: None,
                    credit_note: amount.is_sign_negative(),
                    entry: Some(key),
                    account: Some(l.account.to_string()),
                },
            ));
        }
    }
    out.left_out = left;
    out
}

/// The lines of each entry (journal and entry number), in the order of their first line. An
/// export lists an entry's lines together: runs are taken as they come, and merged only when an
/// entry comes back later.
fn entries(lines: &[EntryLine]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    let mut current: Option<((&str, &str), usize)> = None;
    for (i, l) in lines.iter().enumerate() {
        let key = (l.journal, l.entry);
        let k = match current {
            Some((same, k)) if same == key => k,
            _ => *index.entry(key).or_insert_with(|| {
                out.push(Vec::new());
                out.len() - 1
            }),
        };
        current = Some((key, k));
        out[k].push(i);
    }
    out
}

/// The TTC amount of each spending line of an entry (same order as `spending`): its own amount
/// plus its share of the entry's deductible VAT, in proportion to the spending lines' amounts,
/// the cents of the rounding on the last line so that they add up to the entry's total.
fn ttc_amounts(entry: &[&EntryLine], spending: &[usize]) -> Vec<Decimal> {
    let vat: Decimal = entry.iter().filter(|l| l.is_deductible_vat()).map(|l| l.signed()).sum();
    let base: Decimal = spending.iter().map(|&k| entry[k].signed()).sum();
    if vat.is_zero() || base.is_zero() {
        return spending.iter().map(|&k| entry[k].signed()).collect();
    }
    let mut shared = Decimal::ZERO;
    let mut out = Vec::with_capacity(spending.len());
    for (n, &k) in spending.iter().enumerate() {
        let own = entry[k].signed();
        let share = if n + 1 == spending.len() {
            vat - shared
        } else {
            (vat * own / base).round_dp(2)
        };
        shared += share;
        out.push(own + share);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::suivi::{AwardLine, LineKey};
    use rust_decimal_macros::dec;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, d).unwrap_or_default()
    }

    fn line<'a>(entry: &'a str, account: &'a str, debit: Decimal, credit: Decimal) -> EntryLine<'a> {
        EntryLine {
            line: 0,
            journal: "AC",
            entry,
            date: day(10),
            account,
            label: "Maintenance DUI",
            debit,
            credit,
            ..EntryLine::default()
        }
    }

    fn key(label: &str) -> EnveloppeKey {
        EnveloppeKey {
            og: "620991026".into(),
            rule: "R-X".into(),
            label: label.into(),
        }
    }

    fn award(labels: &[&str]) -> Award {
        Award {
            lines: labels
                .iter()
                .map(|l| AwardLine {
                    line: LineKey {
                        rule: "R-X".into(),
                        label: (*l).into(),
                        og: "620991026".into(),
                        essms: None,
                    },
                    granted: Amount::euros(1000),
                })
                .collect(),
            ..Award::default()
        }
    }

    fn rule(account: &str, label: &str) -> AccountRule {
        AccountRule {
            account: account.into(),
            journal: String::new(),
            third_party: String::new(),
            label_words: String::new(),
            enveloppe: key(label),
            essms: None,
        }
    }

    #[test]
    fn two_lines_of_one_invoice_share_its_vat_to_the_cent_and_an_avoir_is_a_credit_note() {
        let mut lines = vec![
            line("12", "6156", dec!(100.00), dec!(0)),
            line("12", "6156", dec!(33.33), dec!(0)),
            line("12", "44566", dec!(26.67), dec!(0)),
            line("12", "401000", dec!(0), dec!(160.00)),
            line("13", "6156", dec!(0), dec!(50.00)),
            line("13", "44566", dec!(0), dec!(10.00)),
            line("13", "401000", dec!(60.00), dec!(0)),
        ];
        lines[3].third_name = "Éditeur Sud";
        let mapping = AccountingMapping {
            rules: vec![rule("615", "MOA")],
            ..AccountingMapping::default()
        };
        let p = preview(&lines, &mapping, &award(&["MOA"]), &[]);
        let amounts: Vec<(Decimal, bool)> = p.taken.iter().map(|(_, x)| (x.amount.value(), x.credit_note)).collect();
        // 26,67 shared 100 : 33,33 → 20,00 and 6,67: the two lines are the invoice's 160,00.
        assert_eq!(
            amounts,
            [(dec!(120.00), false), (dec!(40.00), false), (dec!(60.00), true)]
        );
        assert_eq!(p.taken[0].1.supplier, "Éditeur Sud");
        assert_eq!(p.taken[1].1.entry.as_deref(), Some("AC/12/2"));
        assert_eq!(p.other_lines, 4);
        // HT on request; a second import takes nothing again.
        let ht = AccountingMapping {
            basis: AmountBasis::Ht,
            ..mapping.clone()
        };
        let p2 = preview(&lines, &ht, &award(&["MOA"]), &[]);
        assert_eq!(p2.taken[0].1.amount.value(), dec!(100.00));
        let existing: Vec<Expense> = p.taken.iter().map(|(_, x)| x.clone()).collect();
        let again = preview(&lines, &mapping, &award(&["MOA"]), &existing);
        assert_eq!((again.taken.len(), again.already), (0, 3));
    }

    #[test]
    fn the_most_specific_rule_wins_a_tie_is_left_out_and_an_unmapped_account_is_said() {
        let lines = vec![
            line("1", "6156", dec!(10), dec!(0)),
            line("2", "2183", dec!(20), dec!(0)),
            line("3", "6226", dec!(30), dec!(0)),
        ];
        let mut specific = rule("6156", "Éditeur");
        specific.label_words = "maintenance dui".into();
        let mapping = AccountingMapping {
            rules: vec![
                rule("615", "MOA"),
                specific,
                rule("2183", "Équipement"),
                rule("2183", "MOA"),
            ],
            ..AccountingMapping::default()
        };
        let p = preview(&lines, &mapping, &award(&["MOA", "Éditeur", "Équipement"]), &[]);
        assert_eq!(p.taken.len(), 1);
        assert_eq!(p.taken[0].1.enveloppe.label, "Éditeur");
        let reasons: Vec<(&str, &str)> = p
            .left_out
            .iter()
            .map(|x| (x.account.as_str(), x.reason.as_str()))
            .collect();
        assert_eq!(reasons.len(), 2);
        assert!(reasons[0].0 == "2183" && reasons[0].1.contains("« Équipement », « MOA »"));
        assert_eq!(reasons[1], ("6226", NOT_MAPPED));
    }
}
