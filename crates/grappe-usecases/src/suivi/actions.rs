//! Each action of the Suivi screens — filing, the award, a payment, an expense and its piece, a
//! measurable target, a measurement, the review, an explanation, an import — saved as one
//! version of the dossier's history.

use std::path::PathBuf;

use chrono::NaiveDate;
use grappe_core::suivi::enveloppes::NOT_AWARDED_ENVELOPPE;
use grappe_core::suivi::{
    Award, EnveloppeKey, Expense, Filing, Indicator, LineKey, Measurement, ReceivedPayment, Scope, Suivi, Unit,
};
use grappe_core::{format_date, Dossier};
use grappe_store::Baremes;
use rust_decimal::Decimal;

use super::input::{
    amount_field, number_field, DecisionInput, ExpenseInput, IndicatorInput, MeasurementInput, PaymentInput,
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
        Ok(s.with_loaded(id, |stored| viewed(stored, s.baremes(), today))?)
    })
}

fn awarded(suivi: &mut Suivi) -> Result<&mut Award, AppError> {
    suivi.award.as_mut().ok_or_else(|| {
        AppError::new(
            ErrorCode::NotAwarded,
            "enregistrez d'abord l'attribution (décision et convention)",
        )
    })
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

/// Records the decision and the convention, every requested line granted as requested.
pub fn award_as_requested(ctx: &Ctx, id: i64, decision: DecisionInput) -> Result<SuiviView, AppError> {
    let DecisionInput {
        decision_reference,
        decision_date,
        convention_reference,
        convention_date,
    } = decision;
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
        suivi.award = Some(Award {
            decision_reference: decision_reference.trim().to_string(),
            decision_date,
            convention_reference: convention_reference.trim().to_string(),
            convention_date,
            ..Award::as_requested(&requested)
        });
        Ok(())
    })
}

/// The amount granted for one line, as notified.
pub fn set_award_line(ctx: &Ctx, id: i64, line: LineKey, granted: String) -> Result<SuiviView, AppError> {
    let amount = amount_field(&granted, "granted")?;
    change(
        ctx,
        id,
        &format!("Attribution de « {} » : {}", line.label, amount.fr()),
        |_, _, suivi| {
            let award = awarded(suivi)?;
            let found = award.lines.iter_mut().find(|l| l.line == line).ok_or_else(|| {
                AppError::new(
                    ErrorCode::LineUnknown,
                    format!("« {} » n'est pas une ligne de l'attribution", line.label),
                )
            })?;
            found.granted = amount;
            Ok(())
        },
    )
}

/// A payment received by an OG.
pub fn add_payment(ctx: &Ctx, id: i64, payment: PaymentInput) -> Result<SuiviView, AppError> {
    let PaymentInput {
        date,
        amount,
        reference,
        og,
        tranche,
    } = payment;
    let amount = amount_field(&amount, "amount")?;
    change(
        ctx,
        id,
        &format!("Versement de {} reçu", amount.fr()),
        |_, _, suivi| {
            awarded(suivi)?;
            suivi.payments.push(ReceivedPayment {
                date,
                amount,
                reference: reference.trim().to_string(),
                og: grappe_core::file_format::compact(&og),
                tranche,
            });
            Ok(())
        },
    )
}

/// An expense against an enveloppe.
pub fn add_expense(ctx: &Ctx, id: i64, expense: ExpenseInput) -> Result<SuiviView, AppError> {
    let ExpenseInput {
        date,
        supplier,
        reference,
        amount,
        enveloppe,
        essms,
    } = expense;
    let amount = amount_field(&amount, "amount")?;
    change(
        ctx,
        id,
        &format!("Dépense « {} » ajoutée", reference.trim()),
        |_, _, suivi| {
            let award = awarded(suivi)?;
            let Some(enveloppe) = enveloppe.filter(|e| award.grants(e)) else {
                return Err(AppError::field(
                    ErrorCode::EnveloppeUnknown,
                    NOT_AWARDED_ENVELOPPE,
                    "enveloppe",
                ));
            };
            suivi.expenses.push(Expense {
                date,
                supplier: supplier.trim().to_string(),
                reference: reference.trim().to_string(),
                amount,
                enveloppe,
                essms: essms
                    .map(|e| grappe_core::file_format::compact(&e))
                    .filter(|e| !e.is_empty()),
                piece: None,
            });
            Ok(())
        },
    )
}

fn expense_at(suivi: &mut Suivi, index: usize) -> Result<&mut Expense, AppError> {
    suivi.expenses.get_mut(index).ok_or_else(|| {
        AppError::new(
            ErrorCode::ExpenseUnknown,
            format!("dépense n°{} introuvable", index + 1),
        )
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

/// A measurement of a usage target, at its scope.
pub fn add_measurement(ctx: &Ctx, id: i64, measurement: MeasurementInput) -> Result<SuiviView, AppError> {
    let MeasurementInput {
        indicator,
        essms,
        date,
        value,
        source,
    } = measurement;
    let value = number_field(&value, "value")?;
    change(ctx, id, &format!("Mesure de « {indicator} »"), |_, _, suivi| {
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
        suivi.measurements.push(Measurement {
            indicator,
            essms,
            date,
            value,
            source: source.trim().to_string(),
        });
        Ok(())
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
