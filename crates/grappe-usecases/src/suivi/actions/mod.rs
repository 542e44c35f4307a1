//! Each action of the Suivi screens — filing, the award, a payment, an expense and its piece, a
//! measurable target, a measurement, the review, an explanation, an import — saved as one
//! version of the dossier's history. One file per kind of record; what they share is here.

mod compte_rendu;
mod expenses;
mod imports;
mod measurements;
mod payments;

pub use compte_rendu::set_compte_rendu;
pub use expenses::{add_expense, attach_piece, delete_expense, update_expense};
pub(super) use imports::import_report;
pub use imports::{expense_columns, import_expenses, import_measurements, ExpenseColumns, FieldColumn};
pub use measurements::{add_measurement, delete_measurement, set_indicator, update_measurement};
pub use payments::{acknowledge_excess, add_payment, delete_payment, set_solde_requested, update_payment};

use chrono::NaiveDate;
use grappe_core::suivi::{Award, EnveloppeKey, Filing, LineKey, Suivi};
use grappe_core::{format_date, Amount, Dossier};
use grappe_store::Baremes;

use super::input::{amount_field, AwardInput, GrantedLine};
use super::view::viewed;
use super::views::SuiviView;
use crate::ErrorCode;
use crate::{AppError, Ctx};

/// The dossier with its follow-up, changed by `change` and saved as one version.
pub(super) fn change(
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

/// Refuses a likely duplicate unless the user said to record it anyway.
fn unless_duplicate(duplicate_ok: bool, same: Option<String>) -> Result<(), AppError> {
    match same {
        Some(message) if !duplicate_ok => Err(AppError::new(ErrorCode::LikelyDuplicate, message)),
        _ => Ok(()),
    }
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
