//! The expenses of a dossier by page, filtered by OG and enveloppe, newest first.

use grappe_core::format_date;
use grappe_core::money::format_eur;
use grappe_core::suivi::{EnveloppeKey, Expense};
use rust_decimal::Decimal;

use super::view::og_name;
use super::views::{ExpensePage, ExpenseRow, EXPENSES_PER_PAGE};
use crate::{AppError, Ctx};

/// A page of the expenses (`page` from 0), filtered by OG (FINESS EJ) and by enveloppe.
pub fn suivi_expenses(
    ctx: &Ctx,
    id: i64,
    og: Option<String>,
    enveloppe: Option<EnveloppeKey>,
    page: u32,
) -> Result<ExpensePage, AppError> {
    let og = og
        .map(|o| grappe_core::file_format::compact(&o))
        .filter(|o| !o.is_empty());
    ctx.with_store(|s| {
        let pieces = s.piece_names(id)?;
        Ok(s.with_loaded(id, |stored| {
            let dossier = &stored.dossier;
            let all = dossier.suivi.as_ref().map_or(&[][..], |x| &x.expenses[..]);
            let matching: Vec<(usize, &Expense)> = all
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, x)| og.as_ref().is_none_or(|o| x.enveloppe.og == *o))
                .filter(|(_, x)| enveloppe.as_ref().is_none_or(|e| x.enveloppe == *e))
                .collect();
            // An avoir counts negative.
            let amount: Decimal = matching.iter().map(|(_, x)| x.signed()).sum();
            let pages = matching.len().div_ceil(EXPENSES_PER_PAGE).max(1);
            let page = (page as usize).min(pages - 1);
            ExpensePage {
                rows: matching
                    .iter()
                    .skip(page * EXPENSES_PER_PAGE)
                    .take(EXPENSES_PER_PAGE)
                    .map(|&(index, x)| ExpenseRow {
                        index,
                        date: format_date(x.date),
                        date_iso: x.date.to_string(),
                        supplier: x.supplier.clone(),
                        reference: x.reference.clone(),
                        amount: x.amount.to_string(),
                        amount_fr: format_eur(x.signed()),
                        credit_note: x.credit_note,
                        enveloppe: x.enveloppe.clone(),
                        og_name: og_name(dossier, &x.enveloppe.og),
                        essms: x.essms.clone(),
                        piece: x.piece.clone(),
                        piece_name: x.piece.as_ref().and_then(|sha| pieces.get(sha).cloned()),
                    })
                    .collect(),
                count: matching.len() as u32,
                amount_fr: format_eur(amount),
                all: all.len() as u32,
                page: page as u32,
                pages: pages as u32,
            }
        })?)
    })
}
