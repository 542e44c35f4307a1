//! An expense against an enveloppe: added, corrected, deleted (a likely duplicate asked about), its piece attached.

use std::path::PathBuf;

use grappe_core::format_date;
use grappe_core::suivi::enveloppes::NOT_AWARDED_ENVELOPPE;
use grappe_core::suivi::{Expense, Suivi};

use super::{change, item, not_awarded, unless_duplicate};
use crate::suivi::input::{amount_field, ExpenseInput};
use crate::suivi::views::SuiviView;
use crate::ErrorCode;
use crate::{AppError, Ctx};

fn expense_at(suivi: &mut Suivi, index: usize) -> Result<&mut Expense, AppError> {
    item(&mut suivi.expenses, index, ErrorCode::ExpenseUnknown, "dépense")
}

/// An expense as typed, checked: its amount and an enveloppe of the award. Its piece is kept.
fn expense_of(input: ExpenseInput, suivi: &Suivi) -> Result<Expense, AppError> {
    let amount = amount_field(&input.amount, "amount")?;
    let award = suivi.award.as_ref().ok_or_else(not_awarded)?;
    let Some(enveloppe) = input.enveloppe.filter(|e| award.grants(e)) else {
        return Err(AppError::field(
            ErrorCode::EnveloppeUnknown,
            NOT_AWARDED_ENVELOPPE,
            "enveloppe",
        ));
    };
    Ok(Expense {
        date: input.date,
        supplier: input.supplier.trim().to_string(),
        reference: input.reference.trim().to_string(),
        amount,
        enveloppe,
        essms: input
            .essms
            .map(|e| grappe_core::file_format::compact(&e))
            .filter(|e| !e.is_empty()),
        piece: None,
        credit_note: input.credit_note.unwrap_or(false),
        entry: None,
        account: None,
    })
}

fn same_expense(suivi: &Suivi, x: &Expense, except: Option<usize>) -> Option<String> {
    let others = || {
        suivi
            .expenses
            .iter()
            .enumerate()
            .filter(move |&(i, _)| Some(i) != except)
    };
    if !x.reference.is_empty() {
        if let Some((_, y)) = others().find(|(_, y)| y.reference == x.reference) {
            return Some(format!(
                "une dépense de même référence ({}) est déjà enregistrée : {} le {}, {}",
                x.reference,
                y.amount.fr(),
                format_date(y.date),
                if y.supplier.is_empty() {
                    "sans fournisseur"
                } else {
                    &y.supplier
                }
            ));
        }
    }
    // Two invoices with their own references are two invoices, however alike.
    others()
        .filter(|(_, y)| x.reference.is_empty() || y.reference.is_empty())
        .find(|(_, y)| y.date == x.date && y.amount == x.amount && y.supplier == x.supplier)
        .map(|_| {
            format!(
                "une dépense de {} du {} chez ce fournisseur est déjà enregistrée",
                x.amount.fr(),
                format_date(x.date)
            )
        })
}

/// An expense against an enveloppe.
pub fn add_expense(ctx: &Ctx, id: i64, expense: ExpenseInput) -> Result<SuiviView, AppError> {
    let duplicate_ok = expense.duplicate_ok;
    let description = format!("Dépense « {} » ajoutée", expense.reference.trim());
    change(ctx, id, &description, |_, _, suivi| {
        let x = expense_of(expense, suivi)?;
        unless_duplicate(duplicate_ok, same_expense(suivi, &x, None))?;
        suivi.expenses.push(x);
        Ok(())
    })
}

/// An expense corrected; its piece stays attached.
pub fn update_expense(ctx: &Ctx, id: i64, index: usize, expense: ExpenseInput) -> Result<SuiviView, AppError> {
    let duplicate_ok = expense.duplicate_ok;
    let description = format!("Dépense « {} » corrigée", expense.reference.trim());
    change(ctx, id, &description, |_, _, suivi| {
        let kept = expense_at(suivi, index)?.clone();
        // What the form does not say stays: its piece, its accounting line and account, whether it is an
        // avoir (unless the form says).
        let credit_note = expense.credit_note.unwrap_or(kept.credit_note);
        let x = Expense {
            piece: kept.piece,
            credit_note,
            entry: kept.entry,
            account: kept.account,
            ..expense_of(expense, suivi)?
        };
        unless_duplicate(duplicate_ok, same_expense(suivi, &x, Some(index)))?;
        *expense_at(suivi, index)? = x;
        Ok(())
    })
}

pub fn delete_expense(ctx: &Ctx, id: i64, index: usize) -> Result<SuiviView, AppError> {
    change(ctx, id, "Dépense supprimée", |_, _, suivi| {
        expense_at(suivi, index)?;
        suivi.expenses.remove(index);
        Ok(())
    })
}

/// Attaches a file (the invoice) to an expense: kept in the store with its SHA-256.
pub fn attach_piece(ctx: &Ctx, id: i64, index: usize, path: PathBuf) -> Result<SuiviView, AppError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let bytes = crate::files::read_bytes(&path, grappe_store::MAX_PIECE)?;
    let sha = ctx.with_store(|s| Ok(s.add_piece(id, &name, &bytes)?))?;
    change(ctx, id, &format!("Pièce « {name} » jointe"), |_, _, suivi| {
        expense_at(suivi, index)?.piece = Some(sha);
        Ok(())
    })
}
