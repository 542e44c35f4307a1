//! A payment received by an OG: added, corrected, deleted (a likely duplicate asked about).

use chrono::NaiveDate;
use grappe_core::format_date;
use grappe_core::suivi::{ReceivedPayment, Suivi};

use super::{change, item, not_awarded, unless_duplicate};
use crate::suivi::input::{amount_field, PaymentInput};
use crate::suivi::views::SuiviView;
use crate::ErrorCode;
use crate::{AppError, Ctx};

fn payment_at(suivi: &mut Suivi, index: usize) -> Result<&mut ReceivedPayment, AppError> {
    item(&mut suivi.payments, index, ErrorCode::PaymentUnknown, "versement")
}

/// A payment as typed, checked: its amount, an award, and an OG with a line in it.
fn payment_of(input: PaymentInput, suivi: &Suivi) -> Result<ReceivedPayment, AppError> {
    let amount = amount_field(&input.amount, "amount")?;
    let og = grappe_core::file_format::compact(&input.og);
    if og.is_empty() {
        return Err(AppError::field(
            ErrorCode::OgMissing,
            "choisissez l'organisme qui a reçu le versement",
            "og",
        ));
    }
    let award = suivi.award.as_ref().ok_or_else(not_awarded)?;
    if !award.lines.iter().any(|l| l.line.og == og) {
        return Err(AppError::field(
            ErrorCode::OgMissing,
            "cet organisme n'a aucune ligne dans l'attribution",
            "og",
        ));
    }
    Ok(ReceivedPayment {
        date: input.date,
        amount,
        reference: input.reference.trim().to_string(),
        og,
        tranche: input.tranche,
        excess_understood: false,
    })
}

fn same_payment(suivi: &Suivi, p: &ReceivedPayment, except: Option<usize>) -> Option<String> {
    suivi
        .payments
        .iter()
        .enumerate()
        .find(|&(i, q)| Some(i) != except && q.og == p.og && q.date == p.date && q.amount == p.amount)
        .map(|_| {
            format!(
                "un versement de {} reçu le {} par cet organisme est déjà enregistré",
                p.amount.fr(),
                format_date(p.date)
            )
        })
}

/// A payment received by an OG.
pub fn add_payment(ctx: &Ctx, id: i64, payment: PaymentInput) -> Result<SuiviView, AppError> {
    let duplicate_ok = payment.duplicate_ok;
    let description = format!("Versement de {} reçu", amount_field(&payment.amount, "amount")?.fr());
    change(ctx, id, &description, |_, _, suivi| {
        let p = payment_of(payment, suivi)?;
        unless_duplicate(duplicate_ok, same_payment(suivi, &p, None))?;
        suivi.payments.push(p);
        Ok(())
    })
}

/// A payment corrected.
pub fn update_payment(ctx: &Ctx, id: i64, index: usize, payment: PaymentInput) -> Result<SuiviView, AppError> {
    let duplicate_ok = payment.duplicate_ok;
    change(ctx, id, "Versement corrigé", |_, _, suivi| {
        payment_at(suivi, index)?;
        let p = payment_of(payment, suivi)?;
        unless_duplicate(duplicate_ok, same_payment(suivi, &p, Some(index)))?;
        *payment_at(suivi, index)? = p;
        Ok(())
    })
}

pub fn delete_payment(ctx: &Ctx, id: i64, index: usize) -> Result<SuiviView, AppError> {
    change(ctx, id, "Versement supprimé", |_, _, suivi| {
        payment_at(suivi, index)?;
        suivi.payments.remove(index);
        Ok(())
    })
}

/// The user says that what a payment brought beyond the tranche due at its date is understood
/// (an advance): the warning goes, the settlement is the same.
pub fn acknowledge_excess(ctx: &Ctx, id: i64, index: usize, understood: bool) -> Result<SuiviView, AppError> {
    let description = if understood {
        "Versement au-delà de la tranche : compris"
    } else {
        "Versement au-delà de la tranche : à vérifier"
    };
    change(ctx, id, description, |_, _, suivi| {
        payment_at(suivi, index)?.excess_understood = understood;
        Ok(())
    })
}

/// The day the demande de versement du solde was sent (none: not sent).
pub fn set_solde_requested(ctx: &Ctx, id: i64, sent_on: Option<NaiveDate>) -> Result<SuiviView, AppError> {
    let description = match sent_on {
        Some(day) => format!("Demande de solde envoyée le {}", format_date(day)),
        None => "Envoi de la demande de solde retiré".to_string(),
    };
    change(ctx, id, &description, |_, _, suivi| {
        suivi.solde_requested_on = sent_on;
        Ok(())
    })
}
