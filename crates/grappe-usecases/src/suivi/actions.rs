//! Each action of the Suivi screens — filing, the award, a payment, an expense and its piece, a
//! measurable target, a measurement, the review, an explanation, an import — saved as one
//! version of the dossier's history.

use std::path::PathBuf;

use chrono::NaiveDate;
use grappe_core::suivi::enveloppes::NOT_AWARDED_ENVELOPPE;
use grappe_core::suivi::{
    Award, EnveloppeKey, Expense, Filing, Indicator, LineKey, Measurement, ReceivedPayment, Scope, Suivi, Unit,
};
use grappe_core::{format_date, Amount, Dossier};
use grappe_store::Baremes;
use rust_decimal::Decimal;

use super::input::{
    amount_field, number_field, AwardInput, ExpenseInput, GrantedLine, IndicatorInput, MeasurementInput, PaymentInput,
};
use super::view::viewed;
use super::views::SuiviView;
use crate::reference::ImportReport;
use crate::ErrorCode;
use crate::{AppError, Ctx};

/// The dossier with its follow-up, changed by `change` and saved as one version.
fn change(
    ctx: &Ctx,
    id: i64,
    description: &str,
    change: impl FnOnce(&Dossier, &Baremes, &mut Suivi) -> Result<(), AppError>,
) -> Result<SuiviView, AppError> {
    let today = ctx.host.today();
    ctx.with_store(|s| {
        let suivi = s.with_loaded(id, |stored| {
            let mut suivi = stored.dossier.suivi.clone().unwrap_or_default();
            change(&stored.dossier, s.baremes(), &mut suivi).map(|()| suivi)
        })??;
        s.save_suivi(id, Some(suivi), description)?;
        viewed(s, id, today)
    })
}

fn not_awarded() -> AppError {
    AppError::new(
        ErrorCode::NotAwarded,
        "enregistrez d'abord l'attribution (décision et convention)",
    )
}

fn awarded(suivi: &mut Suivi) -> Result<&mut Award, AppError> {
    suivi.award.as_mut().ok_or_else(not_awarded)
}

/// Marks the dossier filed on a date: its candidature, as it is, is frozen in the follow-up.
pub fn mark_filed(ctx: &Ctx, id: i64, filed_on: NaiveDate) -> Result<SuiviView, AppError> {
    let day = filed_on;
    change(
        ctx,
        id,
        &format!("Dossier déposé le {}", format_date(day)),
        |dossier, baremes, suivi| {
            let bareme = baremes.of(&dossier.campaign);
            if suivi.filing.is_some() {
                return Err(AppError::new(ErrorCode::AlreadyFiled, "le dossier est déjà déposé"));
            }
            let mut filed = dossier.clone();
            filed.suivi = None;
            suivi.filing = Some(Filing {
                filed_on: day,
                fingerprint: grappe_dossier::fingerprint(&filed, bareme),
                bareme_version: bareme.version.clone(),
                dossier: Box::new(filed),
            });
            Ok(())
        },
    )
}

/// Records the award: the decision, the convention, and each line granted as typed (as
/// requested when not named), in one version.
pub fn record_award(ctx: &Ctx, id: i64, award: AwardInput) -> Result<SuiviView, AppError> {
    let AwardInput {
        decision_reference,
        decision_date,
        convention_reference,
        convention_date,
        granted,
    } = award;
    let granted = granted_amounts(granted)?;
    change(ctx, id, "Attribution enregistrée", |_, baremes, suivi| {
        let Some(filing) = &suivi.filing else {
            return Err(AppError::new(
                ErrorCode::NotFiled,
                "indiquez d'abord la date de dépôt du dossier",
            ));
        };
        let requested = grappe_core::evaluate(&filing.dossier, baremes.of(&filing.dossier.campaign))
            .funding
            .lines;
        let mut award = Award {
            decision_reference: decision_reference.trim().to_string(),
            decision_date,
            convention_reference: convention_reference.trim().to_string(),
            convention_date,
            ..Award::as_requested(&requested)
        };
        grant(&mut award, &granted)?;
        suivi.award = Some(award);
        Ok(())
    })
}

/// The amounts granted for lines of the award, as notified, in one version.
pub fn set_award_lines(ctx: &Ctx, id: i64, lines: Vec<GrantedLine>) -> Result<SuiviView, AppError> {
    let granted = granted_amounts(lines)?;
    let description = match &granted[..] {
        [(line, amount)] => format!("Attribution de « {} » : {}", line.label, amount.fr()),
        _ => format!("Attribution : {} lignes modifiées", granted.len()),
    };
    change(ctx, id, &description, |_, _, suivi| grant(awarded(suivi)?, &granted))
}

fn granted_amounts(lines: Vec<GrantedLine>) -> Result<Vec<(LineKey, Amount)>, AppError> {
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| Ok((l.line, amount_field(&l.granted, &format!("granted[{i}]"))?)))
        .collect()
}

fn grant(award: &mut Award, granted: &[(LineKey, Amount)]) -> Result<(), AppError> {
    for (line, amount) in granted {
        let found = award.lines.iter_mut().find(|l| l.line == *line).ok_or_else(|| {
            AppError::new(
                ErrorCode::LineUnknown,
                format!("« {} » n'est pas une ligne de l'attribution", line.label),
            )
        })?;
        found.granted = *amount;
    }
    Ok(())
}

/// Item `index` of a follow-up list (a payment, an expense, a measurement), or the French
/// refusal naming it (« dépense n°3 introuvable »).
fn item<'a, T>(list: &'a mut [T], index: usize, code: ErrorCode, what: &str) -> Result<&'a mut T, AppError> {
    list.get_mut(index)
        .ok_or_else(|| AppError::new(code, format!("{what} n°{} introuvable", index + 1)))
}

fn payment_at(suivi: &mut Suivi, index: usize) -> Result<&mut ReceivedPayment, AppError> {
    item(&mut suivi.payments, index, ErrorCode::PaymentUnknown, "versement")
}

fn expense_at(suivi: &mut Suivi, index: usize) -> Result<&mut Expense, AppError> {
    item(&mut suivi.expenses, index, ErrorCode::ExpenseUnknown, "dépense")
}

fn measurement_at(suivi: &mut Suivi, index: usize) -> Result<&mut Measurement, AppError> {
    item(&mut suivi.measurements, index, ErrorCode::MeasurementUnknown, "mesure")
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
    })
}

/// Refuses a likely duplicate unless the user said to record it anyway.
fn unless_duplicate(duplicate_ok: bool, same: Option<String>) -> Result<(), AppError> {
    match same {
        Some(message) if !duplicate_ok => Err(AppError::new(ErrorCode::LikelyDuplicate, message)),
        _ => Ok(()),
    }
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
        let piece = expense_at(suivi, index)?.piece.clone();
        let x = Expense {
            piece,
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

/// The measurable form of a usage target.
pub fn set_indicator(ctx: &Ctx, id: i64, input: IndicatorInput) -> Result<SuiviView, AppError> {
    let IndicatorInput {
        indicator,
        target,
        unit,
        scope,
    } = input;
    let value = number_field(&target, "target")?;
    if unit == Unit::Percent && value > Decimal::ONE_HUNDRED {
        return Err(AppError::field(
            ErrorCode::BadNumber,
            "un pourcentage ne dépasse pas 100",
            "target",
        ));
    }
    change(
        ctx,
        id,
        &format!("Cible « {indicator} » rendue mesurable"),
        |dossier, _, suivi| {
            if !dossier.usage_targets.iter().any(|t| t.indicator == indicator) {
                return Err(AppError::new(
                    ErrorCode::TargetUnknown,
                    format!("« {indicator} » n'est pas une cible d'usage du dossier"),
                ));
            }
            let measurable = Indicator {
                indicator: indicator.clone(),
                target: value,
                unit,
                scope,
            };
            match suivi.indicators.iter_mut().find(|i| i.indicator == indicator) {
                Some(i) => *i = measurable,
                None => suivi.indicators.push(measurable),
            }
            Ok(())
        },
    )
}

/// A measurement as typed, checked against its target's measurable form (scope, unit).
fn measurement_of(input: MeasurementInput, suivi: &Suivi) -> Result<Measurement, AppError> {
    let MeasurementInput {
        indicator,
        essms,
        date,
        value,
        source,
    } = input;
    let value = number_field(&value, "value")?;
    let Some(ind) = suivi.indicators.iter().find(|i| i.indicator == indicator) else {
        return Err(AppError::new(
            ErrorCode::TargetUnknown,
            format!("rendez d'abord « {indicator} » mesurable"),
        ));
    };
    let essms = essms
        .map(|e| grappe_core::file_format::compact(&e))
        .filter(|e| !e.is_empty());
    match (ind.scope, &essms) {
        (Scope::Essms, None) => {
            return Err(AppError::field(
                ErrorCode::EssmsMissing,
                "choisissez l'ESSMS mesuré",
                "essms",
            ))
        }
        (Scope::Grappe, Some(_)) => {
            return Err(AppError::field(
                ErrorCode::EssmsExtra,
                "cette cible se mesure pour la grappe entière",
                "essms",
            ))
        }
        _ => {}
    }
    if ind.unit == Unit::Percent && value > Decimal::ONE_HUNDRED {
        return Err(AppError::field(
            ErrorCode::BadNumber,
            "un pourcentage ne dépasse pas 100",
            "value",
        ));
    }
    Ok(Measurement {
        indicator,
        essms,
        date,
        value,
        source: source.trim().to_string(),
    })
}

/// A measurement of a usage target, at its scope.
pub fn add_measurement(ctx: &Ctx, id: i64, measurement: MeasurementInput) -> Result<SuiviView, AppError> {
    let description = format!("Mesure de « {} »", measurement.indicator);
    change(ctx, id, &description, |_, _, suivi| {
        let m = measurement_of(measurement, suivi)?;
        suivi.measurements.push(m);
        Ok(())
    })
}

/// A measurement corrected.
pub fn update_measurement(
    ctx: &Ctx,
    id: i64,
    index: usize,
    measurement: MeasurementInput,
) -> Result<SuiviView, AppError> {
    let description = format!("Mesure de « {} » corrigée", measurement.indicator);
    change(ctx, id, &description, |_, _, suivi| {
        measurement_at(suivi, index)?;
        let m = measurement_of(measurement, suivi)?;
        *measurement_at(suivi, index)? = m;
        Ok(())
    })
}

pub fn delete_measurement(ctx: &Ctx, id: i64, index: usize) -> Result<SuiviView, AppError> {
    change(ctx, id, "Mesure supprimée", |_, _, suivi| {
        measurement_at(suivi, index)?;
        suivi.measurements.remove(index);
        Ok(())
    })
}

/// Undoes the dossier's last change, `version` (the one the screen shows): the version before
/// it comes back, as a new version. Refused when another change came since.
pub fn undo_last_change(ctx: &Ctx, id: i64, version: i64) -> Result<SuiviView, AppError> {
    let today = ctx.host.today();
    ctx.with_store(|s| {
        let Some(last) = s.last_change(id)?.filter(|l| l.version == version) else {
            return Err(AppError::new(
                ErrorCode::ChangedSince,
                "le dossier a été modifié depuis : rien n'a été annulé ; voyez l'historique",
            ));
        };
        s.restore_as(id, version - 1, &format!("Annulation : {}", last.description))?;
        viewed(s, id, today)
    })
}

/// The qualitative review of the compte rendu financier.
pub fn set_review(ctx: &Ctx, id: i64, review: String) -> Result<SuiviView, AppError> {
    change(ctx, id, "Bilan qualitatif modifié", |_, _, suivi| {
        suivi.review = review.trim().to_string();
        Ok(())
    })
}

/// Why an enveloppe's spending differs from its award (empty: no explanation).
pub fn set_explanation(ctx: &Ctx, id: i64, enveloppe: EnveloppeKey, text: String) -> Result<SuiviView, AppError> {
    change(
        ctx,
        id,
        &format!("Écart de « {} » expliqué", enveloppe.label),
        |_, _, suivi| {
            suivi.explanations.retain(|x| x.enveloppe != enveloppe);
            if !text.trim().is_empty() {
                suivi.explanations.push(grappe_core::suivi::Explanation {
                    enveloppe,
                    text: text.trim().to_string(),
                });
            }
            Ok(())
        },
    )
}

fn import_report(report: grappe_store::SuiviImportReport, what: &str) -> ImportReport {
    ImportReport {
        summary: format!(
            "{} {what} importée(s), {} déjà présente(s), {} ligne(s) rejetée(s).",
            report.imported,
            report.already_there,
            report.rejected.len()
        ),
        rejected_count: report.rejected.len() as u64,
        rejected: crate::reference::rejected(&report.rejected),
        warnings: Vec::new(),
    }
}

pub fn import_expenses(ctx: &Ctx, id: i64, path: PathBuf) -> Result<ImportReport, AppError> {
    let report = ctx.with_store(|s| Ok(s.import_expenses(id, &path)?))?;
    Ok(import_report(report, "dépense(s)"))
}

pub fn import_measurements(ctx: &Ctx, id: i64, path: PathBuf) -> Result<ImportReport, AppError> {
    let report = ctx.with_store(|s| Ok(s.import_measurements(id, &path)?))?;
    Ok(import_report(report, "mesure(s)"))
}
