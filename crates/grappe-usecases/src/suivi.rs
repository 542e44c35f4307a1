//! Le suivi, as the app's screens use it: the follow-up of a dossier at a date (every amount
//! formatted in Rust), and each action the user takes — filing, the award, a payment, an
//! expense and its piece, a measurable target, a measurement, an import — saved as one version.
//! What the user typed arrives as text and is refused with a French message naming the field.

use std::path::PathBuf;

use chrono::NaiveDate;
use grappe_core::bareme::Due;
use grappe_core::money::{format_eur, format_number, format_percent_or_dash, iso_date};
use grappe_core::suivi::{
    follow, Award, EnveloppeKey, Expense, Filing, FollowUp, Indicator, LineKey, Measurement, ReceivedPayment, Scope,
    Suivi, Unit,
};
use grappe_core::{format_date, Amount, Dossier};
use grappe_store::Baremes;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::files::{files_exist, write_error};
use crate::reference::ImportReport;
use crate::view::FindingView;
use crate::{AppError, Ctx};

/// The follow-up of a dossier at a date, for the Suivi screens.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SuiviView {
    /// « brouillon », « déposé », « attribué », « soldé ».
    pub stage: String,
    /// `dd/mm/yyyy`, and ISO for the date field.
    pub as_of: String,
    pub as_of_iso: String,
    pub filed_on: Option<String>,
    pub award: Option<AwardView>,
    pub enveloppes: Vec<EnveloppeView>,
    pub total: TotalView,
    pub tranches: Vec<TrancheView>,
    pub payments: Vec<PaymentRow>,
    /// How many expenses and measurements there are (their rows come by page: a follow-up can
    /// hold thousands).
    pub expense_count: u32,
    pub measurement_count: u32,
    pub targets: Vec<TargetView>,
    pub solde: SoldeView,
    /// The compte rendu's lines (prévu, réalisé, écart), with their explanations.
    pub gaps: Vec<GapView>,
    /// The qualitative review of the compte rendu, as typed.
    pub review: String,
    /// The gap threshold, in percent (`10`).
    pub gap_threshold: String,
    pub deadlines: Vec<DeadlineView>,
    pub findings: Vec<FindingView>,
    /// The OGs with an enveloppe (FINESS EJ, name), for the payment form.
    pub ogs: Vec<(String, String)>,
    /// The ESSMS of the dossier (FINESS ET, name), for the measurement form.
    pub essms: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AwardView {
    pub decision_reference: String,
    pub decision_date: Option<String>,
    pub convention_reference: String,
    pub convention_date: Option<String>,
    pub lines: Vec<AwardLineView>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AwardLineView {
    pub line: LineKey,
    pub og_name: String,
    pub requested_fr: String,
    /// Decimal string, for the field, and French display.
    pub granted: String,
    pub granted_fr: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct EnveloppeView {
    pub key: EnveloppeKey,
    pub og_name: String,
    /// The label's first part (« Éditeur », « Maîtrise d'ouvrage »), with its second part when
    /// another enveloppe of the OG starts the same: for charts.
    pub short: String,
    /// Decimal strings, for charts.
    pub awarded: String,
    pub spent: String,
    pub awarded_fr: String,
    pub received_fr: String,
    pub spent_fr: String,
    pub remaining_fr: String,
    /// `84,6 %`, or `—` when nothing was awarded.
    pub consumed_fr: String,
    pub over_consumed: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TotalView {
    pub awarded_fr: String,
    pub received_fr: String,
    pub spent_fr: String,
    pub remaining_fr: String,
    pub consumed_fr: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TrancheView {
    pub og_name: String,
    pub label: String,
    pub due: String,
    pub expected_fr: String,
    pub received_fr: String,
    pub outstanding_fr: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PaymentRow {
    pub date: String,
    pub amount_fr: String,
    pub reference: String,
    pub og_name: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ExpenseRow {
    /// Its place in the follow-up, to delete it or attach its piece.
    #[ts(type = "number")]
    pub index: usize,
    pub date: String,
    pub supplier: String,
    pub reference: String,
    pub amount_fr: String,
    pub enveloppe: EnveloppeKey,
    pub og_name: String,
    pub essms: Option<String>,
    /// SHA-256 of the attached piece, when there is one.
    pub piece: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TargetView {
    pub indicator: String,
    /// The target as the call wrote it.
    pub written: String,
    /// The measurable form, when given: the value (decimal string), unit, scope.
    pub target: Option<String>,
    pub unit: Option<Unit>,
    pub scope: Option<Scope>,
    pub reached: bool,
    /// « 64 le 31/03/2025 », « 18 ESSMS sur 20 » …
    pub status: String,
    /// For charts: the measurements at the grappe's scope (ISO date, decimal string) of the
    /// last [`CHART_DATES`] dates, one per date (the last entered on a tie), in date order; or
    /// each ESSMS's latest.
    pub points: Vec<(String, String)>,
}

/// A page of the expenses matching the Dépenses tab's filters, the latest entered first.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ExpensePage {
    pub rows: Vec<ExpenseRow>,
    /// The expenses matching the filters, and their sum.
    pub count: u32,
    pub amount_fr: String,
    /// Every expense of the follow-up.
    pub all: u32,
    /// From 0, and how many pages there are (at least 1).
    pub page: u32,
    pub pages: u32,
}

/// Dates shown on a target's chart at the grappe's scope.
pub const CHART_DATES: usize = 24;

/// Expenses shown per page.
pub const EXPENSES_PER_PAGE: usize = 100;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SoldeView {
    pub ready: bool,
    pub amount_fr: String,
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct GapView {
    pub enveloppe: EnveloppeKey,
    pub og_name: String,
    pub prevu_fr: String,
    pub realise_fr: String,
    pub ecart_fr: String,
    pub ecart_percent_fr: String,
    pub over_threshold: bool,
    pub explanation: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DeadlineView {
    pub date: String,
    pub label: String,
    pub overdue: bool,
}

/// A follow-up document to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum SuiviDocument {
    EtatConsommation,
    CompteRendu,
    DemandeSolde,
}

impl From<SuiviDocument> for grappe_dossier::suivi::Kind {
    fn from(d: SuiviDocument) -> Self {
        match d {
            SuiviDocument::EtatConsommation => Self::EtatConsommation,
            SuiviDocument::CompteRendu => Self::CompteRendu,
            SuiviDocument::DemandeSolde => Self::DemandeSolde,
        }
    }
}

fn date_field(text: &str, field: &str) -> Result<NaiveDate, AppError> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%d/%m/%Y")
        .or_else(|_| iso_date::parse(t).map_err(|_| ()))
        .map_err(|_| AppError::field("bad_date", format!("« {t} » n'est pas une date (JJ/MM/AAAA)"), field))
}

fn optional_date(text: &str, field: &str) -> Result<Option<NaiveDate>, AppError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        date_field(text, field).map(Some)
    }
}

fn amount_field(text: &str, field: &str) -> Result<Amount, AppError> {
    Amount::parse(text).map_err(|e| AppError::field("bad_amount", e.to_string(), field))
}

fn number_field(text: &str, field: &str) -> Result<Decimal, AppError> {
    grappe_core::money::parse_number(text)
        .filter(|v| !v.is_sign_negative() || v.is_zero())
        .ok_or_else(|| {
            AppError::field(
                "bad_number",
                format!("« {} » n'est pas un nombre positif", text.trim()),
                field,
            )
        })
}

fn as_of(ctx: &Ctx, text: Option<String>) -> Result<NaiveDate, AppError> {
    match text.filter(|t| !t.trim().is_empty()) {
        Some(t) => date_field(&t, "as_of"),
        None => Ok(ctx.host.today()),
    }
}

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

/// The follow-up of a stored dossier at `day`, computed with its barème.
fn viewed(stored: &grappe_store::StoredDossier, baremes: &Baremes, day: NaiveDate) -> SuiviView {
    let bareme = baremes.of(&stored.dossier.campaign);
    view(&follow(&stored.dossier, bareme, day), &stored.dossier, bareme)
}

fn awarded(suivi: &mut Suivi) -> Result<&mut Award, AppError> {
    suivi.award.as_mut().ok_or_else(|| {
        AppError::new(
            "not_awarded",
            "enregistrez d'abord l'attribution (décision et convention)",
        )
    })
}

/// The follow-up at a date (today when none).
pub fn suivi_view(ctx: &Ctx, id: i64, date: Option<String>) -> Result<SuiviView, AppError> {
    let day = as_of(ctx, date)?;
    ctx.with_store(|s| Ok(s.with_loaded(id, |stored| viewed(stored, s.baremes(), day))?))
}

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
            let amount = matching
                .iter()
                .fold(Amount::ZERO, |t, (_, x)| t.checked_add(x.amount).unwrap_or(Amount::MAX));
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
                        supplier: x.supplier.clone(),
                        reference: x.reference.clone(),
                        amount_fr: x.amount.fr(),
                        enveloppe: x.enveloppe.clone(),
                        og_name: og_name(dossier, &x.enveloppe.og),
                        essms: x.essms.clone(),
                        piece: x.piece.clone(),
                    })
                    .collect(),
                count: matching.len() as u32,
                amount_fr: amount.fr(),
                all: all.len() as u32,
                page: page as u32,
                pages: pages as u32,
            }
        })?)
    })
}

/// Marks the dossier filed on a date: its candidature, as it is, is frozen in the follow-up.
pub fn mark_filed(ctx: &Ctx, id: i64, filed_on: String) -> Result<SuiviView, AppError> {
    let day = date_field(&filed_on, "filed_on")?;
    change(
        ctx,
        id,
        &format!("Dossier déposé le {}", format_date(day)),
        |dossier, baremes, suivi| {
            let bareme = baremes.of(&dossier.campaign);
            if suivi.filing.is_some() {
                return Err(AppError::new("already_filed", "le dossier est déjà déposé"));
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
pub fn award_as_requested(
    ctx: &Ctx,
    id: i64,
    decision_reference: String,
    decision_date: String,
    convention_reference: String,
    convention_date: String,
) -> Result<SuiviView, AppError> {
    let decision_date = optional_date(&decision_date, "decision_date")?;
    let convention_date = optional_date(&convention_date, "convention_date")?;
    change(ctx, id, "Attribution enregistrée", |_, baremes, suivi| {
        let Some(filing) = &suivi.filing else {
            return Err(AppError::new(
                "not_filed",
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
                    "line_unknown",
                    format!("« {} » n'est pas une ligne de l'attribution", line.label),
                )
            })?;
            found.granted = amount;
            Ok(())
        },
    )
}

/// A payment received by an OG.
pub fn add_payment(
    ctx: &Ctx,
    id: i64,
    date: String,
    amount: String,
    reference: String,
    og: String,
    tranche: Option<Due>,
) -> Result<SuiviView, AppError> {
    let date = date_field(&date, "date")?;
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
#[allow(clippy::too_many_arguments)]
pub fn add_expense(
    ctx: &Ctx,
    id: i64,
    date: String,
    supplier: String,
    reference: String,
    amount: String,
    enveloppe: EnveloppeKey,
    essms: Option<String>,
) -> Result<SuiviView, AppError> {
    let date = date_field(&date, "date")?;
    let amount = amount_field(&amount, "amount")?;
    change(
        ctx,
        id,
        &format!("Dépense « {} » ajoutée", reference.trim()),
        |_, _, suivi| {
            let award = awarded(suivi)?;
            let known = award
                .lines
                .iter()
                .any(|l| l.line.og == enveloppe.og && l.line.rule == enveloppe.rule && l.line.label == enveloppe.label);
            if !known {
                return Err(AppError::field(
                    "enveloppe_unknown",
                    "choisissez une enveloppe de l'attribution",
                    "enveloppe",
                ));
            }
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
    suivi
        .expenses
        .get_mut(index)
        .ok_or_else(|| AppError::new("expense_unknown", format!("dépense n°{} introuvable", index + 1)))
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
pub fn set_indicator(
    ctx: &Ctx,
    id: i64,
    indicator: String,
    target: String,
    unit: Unit,
    scope: Scope,
) -> Result<SuiviView, AppError> {
    let value = number_field(&target, "target")?;
    if unit == Unit::Percent && value > Decimal::ONE_HUNDRED {
        return Err(AppError::field(
            "bad_number",
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
                    "target_unknown",
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
pub fn add_measurement(
    ctx: &Ctx,
    id: i64,
    indicator: String,
    essms: Option<String>,
    date: String,
    value: String,
    source: String,
) -> Result<SuiviView, AppError> {
    let date = date_field(&date, "date")?;
    let value = number_field(&value, "value")?;
    change(ctx, id, &format!("Mesure de « {indicator} »"), |_, _, suivi| {
        let Some(ind) = suivi.indicators.iter().find(|i| i.indicator == indicator) else {
            return Err(AppError::new(
                "target_unknown",
                format!("rendez d'abord « {indicator} » mesurable"),
            ));
        };
        let essms = essms
            .map(|e| grappe_core::file_format::compact(&e))
            .filter(|e| !e.is_empty());
        match (ind.scope, &essms) {
            (Scope::Essms, None) => return Err(AppError::field("essms_missing", "choisissez l'ESSMS mesuré", "essms")),
            (Scope::Grappe, Some(_)) => {
                return Err(AppError::field(
                    "essms_extra",
                    "cette cible se mesure pour la grappe entière",
                    "essms",
                ))
            }
            _ => {}
        }
        if ind.unit == Unit::Percent && value > Decimal::ONE_HUNDRED {
            return Err(AppError::field(
                "bad_number",
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

/// A follow-up document at a date, written where the user chose (with its workbook, same
/// name, for the état and the compte rendu); never over a file unasked.
pub fn generate_suivi_document(
    ctx: &Ctx,
    id: i64,
    document: SuiviDocument,
    path: PathBuf,
    date: Option<String>,
    replace: bool,
) -> Result<crate::generation::Generated, AppError> {
    let day = as_of(ctx, date)?;
    let kind = grappe_dossier::suivi::Kind::from(document);
    let path = if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
        path
    } else {
        path.with_extension("pdf")
    };
    let xlsx = path.with_extension("xlsx");
    let existing = if replace {
        grappe_dossier::Existing::Replace
    } else {
        grappe_dossier::Existing::Keep
    };
    if !replace {
        let mut targets = vec![path.clone()];
        if kind != grappe_dossier::suivi::Kind::DemandeSolde {
            targets.push(xlsx.clone());
        }
        let found = grappe_dossier::existing_files(&targets);
        if !found.is_empty() {
            return Err(files_exist(&found));
        }
    }
    let (dossier, bareme) = ctx.dossier_and_bareme(id)?;
    let pdf = grappe_dossier::suivi::generate(kind, &dossier, &bareme, day, ctx.host.today());
    // The PDF and its workbook, all or nothing.
    let mut set = vec![(path.clone(), pdf.bytes.clone())];
    let mut annexes = Vec::new();
    if let Some(bytes) = grappe_dossier::suivi::workbook(kind, &dossier, &pdf.followup).map_err(crate::files::io)? {
        set.push((xlsx.clone(), bytes));
        annexes.push(xlsx.display().to_string());
    }
    grappe_dossier::write_set(&set, existing).map_err(write_error)?;
    crate::generation::record(ctx, id, &path, &pdf.fingerprint, &bareme.version)?;
    Ok(crate::generation::Generated {
        path: path.display().to_string(),
        pages: pdf.pages,
        draft: pdf.draft,
        fingerprint: pdf.fingerprint,
        total_fr: pdf.followup.total.awarded.fr(),
        annexes,
    })
}

/// See [`EnveloppeView::short`]; a trailing parenthesis (« (AAP régional) ») is dropped.
fn short_label(key: &EnveloppeKey, all: &[grappe_core::suivi::EnveloppeStatus]) -> String {
    let parts = |label: &str| -> Vec<String> {
        label
            .split(" — ")
            .map(|p| p.split(" (").next().unwrap_or(p).trim().to_string())
            .collect()
    };
    let mine = parts(&key.label);
    let first = mine.first().cloned().unwrap_or_default();
    let shared = all
        .iter()
        .filter(|e| e.key.og == key.og && e.key != *key)
        .any(|e| parts(&e.key.label).first() == Some(&first));
    match mine.get(1) {
        Some(second) if shared => format!("{first} ({second})"),
        _ => first,
    }
}

fn opt_date(d: Option<NaiveDate>) -> Option<String> {
    d.map(format_date)
}

/// The follow-up as the screens show it.
/// An OG's name, by its FINESS EJ (the number itself when it is not in the dossier).
fn og_name(dossier: &Dossier, og: &str) -> String {
    dossier
        .ogs
        .iter()
        .find(|o| grappe_core::file_format::compact(&o.finess_ej) == og)
        .map_or_else(|| og.to_string(), |o| o.name.clone())
}

fn view(up: &FollowUp, dossier: &Dossier, bareme: &grappe_core::Bareme) -> SuiviView {
    let empty = Suivi::default();
    let suivi = dossier.suivi.as_ref().unwrap_or(&empty);
    let og_name = |og: &str| og_name(dossier, og);
    let requested = suivi
        .filing
        .as_ref()
        .map(|f| grappe_core::evaluate(&f.dossier, bareme).funding.lines)
        .unwrap_or_default();
    let award = suivi.award.as_ref().map(|a| AwardView {
        decision_reference: a.decision_reference.clone(),
        decision_date: opt_date(a.decision_date),
        convention_reference: a.convention_reference.clone(),
        convention_date: opt_date(a.convention_date),
        lines: a
            .lines
            .iter()
            .map(|l| AwardLineView {
                line: l.line.clone(),
                og_name: og_name(&l.line.og),
                requested_fr: requested
                    .iter()
                    .find(|r| LineKey::of(r) == l.line)
                    .map_or_else(|| "—".into(), |r| r.amount.fr()),
                granted: l.granted.to_string(),
                granted_fr: l.granted.fr(),
            })
            .collect(),
    });
    let mut ogs: Vec<(String, String)> = Vec::new();
    for e in &up.enveloppes {
        if !ogs.iter().any(|(o, _)| *o == e.key.og) {
            ogs.push((e.key.og.clone(), e.og_name.clone()));
        }
    }
    let targets = up
        .targets
        .iter()
        .map(|t| {
            let written = dossier
                .usage_targets
                .iter()
                .find(|u| u.indicator == t.indicator)
                .map(|u| u.target.clone())
                .unwrap_or_default();
            let m = t.measurable.as_ref();
            let unit = |v: Decimal| match m.map(|m| m.unit) {
                Some(Unit::Percent) => format!("{} %", format_number(v)),
                _ => format_number(v),
            };
            let status = match m.map(|m| m.scope) {
                None => "à rendre mesurable".to_string(),
                Some(Scope::Grappe) => t.latest.map_or_else(
                    || "aucune mesure".into(),
                    |(d, v)| format!("{} le {}", unit(v), format_date(d)),
                ),
                Some(Scope::Essms) => {
                    let measured = t.evidence.len();
                    let at_target = measured - t.essms_below.len();
                    format!(
                        "{at_target} ESSMS à la cible sur {}{}",
                        measured + t.essms_missing.len(),
                        if t.essms_missing.is_empty() {
                            String::new()
                        } else {
                            format!(" ({} sans mesure)", t.essms_missing.len())
                        }
                    )
                }
            };
            let series: Vec<&Measurement> = match m.map(|m| m.scope) {
                Some(Scope::Grappe) => {
                    let mut by_date: std::collections::BTreeMap<NaiveDate, &Measurement> = Default::default();
                    for x in suivi
                        .measurements
                        .iter()
                        .filter(|x| x.indicator == t.indicator && x.essms.is_none() && x.date <= up.as_of)
                    {
                        by_date.insert(x.date, x);
                    }
                    let skip = by_date.len().saturating_sub(CHART_DATES);
                    by_date.into_values().skip(skip).collect()
                }
                _ => t.evidence.iter().collect(),
            };
            TargetView {
                indicator: t.indicator.clone(),
                written,
                target: m.map(|m| m.target.to_string()),
                unit: m.map(|m| m.unit),
                scope: m.map(|m| m.scope),
                reached: t.reached,
                status,
                points: series
                    .iter()
                    .map(|x| {
                        (
                            x.essms.clone().unwrap_or_else(|| x.date.to_string()),
                            x.value.to_string(),
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    SuiviView {
        stage: up.stage.label().to_string(),
        as_of: format_date(up.as_of),
        as_of_iso: up.as_of.to_string(),
        filed_on: suivi.filing.as_ref().map(|f| format_date(f.filed_on)),
        award,
        enveloppes: up
            .enveloppes
            .iter()
            .map(|e| EnveloppeView {
                key: e.key.clone(),
                og_name: e.og_name.clone(),
                short: short_label(&e.key, &up.enveloppes),
                awarded: e.awarded.to_string(),
                spent: e.spent.to_string(),
                awarded_fr: e.awarded.fr(),
                received_fr: e.received.fr(),
                spent_fr: e.spent.fr(),
                remaining_fr: format_eur(e.remaining),
                consumed_fr: format_percent_or_dash(e.consumed_percent),
                over_consumed: e.remaining.is_sign_negative() && !e.remaining.is_zero(),
            })
            .collect(),
        total: TotalView {
            awarded_fr: up.total.awarded.fr(),
            received_fr: up.total.received.fr(),
            spent_fr: up.total.spent.fr(),
            remaining_fr: format_eur(up.total.remaining),
            consumed_fr: format_percent_or_dash(up.total.consumed_percent),
        },
        tranches: up
            .tranches
            .iter()
            .map(|t| TrancheView {
                og_name: t.og_name.clone(),
                label: t.label.clone(),
                due: t.due.map_or_else(|| "date à fixer".into(), format_date),
                expected_fr: t.expected.fr(),
                received_fr: t.received.fr(),
                outstanding_fr: t.outstanding.fr(),
                overdue: t.overdue,
            })
            .collect(),
        payments: suivi
            .payments
            .iter()
            .map(|p| PaymentRow {
                date: format_date(p.date),
                amount_fr: p.amount.fr(),
                reference: p.reference.clone(),
                og_name: og_name(&p.og),
            })
            .collect(),
        expense_count: suivi.expenses.len() as u32,
        measurement_count: suivi.measurements.len() as u32,
        targets,
        solde: SoldeView {
            ready: up.solde.ready,
            amount_fr: up.solde.amount.fr(),
            missing: up.solde.missing.clone(),
        },
        gaps: up
            .compte_rendu
            .iter()
            .map(|g| GapView {
                enveloppe: g.enveloppe.clone(),
                og_name: g.og_name.clone(),
                prevu_fr: g.prevu.fr(),
                realise_fr: g.realise.fr(),
                ecart_fr: format_eur(g.ecart),
                ecart_percent_fr: format_percent_or_dash(g.ecart_percent),
                over_threshold: g.over_threshold,
                explanation: g.explanation.clone().unwrap_or_default(),
            })
            .collect(),
        review: suivi.review.clone(),
        gap_threshold: suivi.gap_threshold.to_string(),
        deadlines: up
            .deadlines
            .iter()
            .map(|d| DeadlineView {
                date: d.date.map_or_else(|| "date à fixer".into(), format_date),
                label: d.label.clone(),
                overdue: d.overdue,
            })
            .collect(),
        findings: up.findings.iter().map(FindingView::from).collect(),
        ogs,
        essms: dossier
            .essms
            .iter()
            .map(|e| (grappe_core::file_format::compact(&e.finess_et), e.name.clone()))
            .collect(),
    }
}
