//! Variants and the advisor as the wizard shows them: the variants of a dossier (or the dossier
//! a variant comes from), a new variant, 2 to 4 of them compared side by side, one adopted (the
//! version before returned, to undo it), and the advisor's suggestions with their effect.

use grappe_core::advisor::{advise, AdviceKind};
use grappe_core::comparison::{compare, Comparison};
use grappe_core::evaluate;
use serde::Serialize;

use crate::ErrorCode;
use crate::{AppError, Ctx};

/// A dossier in the variants panel.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct VariantRow {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub total_fr: String,
    pub essms_count: u32,
}

/// The variants panel of a dossier.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct VariantsView {
    /// The dossier the open one is a variant of (then it has no variants of its own).
    pub origin: Option<VariantRow>,
    pub variants: Vec<VariantRow>,
}

/// A variant adopted: the dossier's version before, to restore to undo it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AdoptedVariant {
    #[ts(type = "number")]
    pub version_before: i64,
}

/// One suggestion of the advisor.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SuggestionView {
    pub kind: AdviceKind,
    pub rule: String,
    pub title: String,
    pub detail: String,
    /// « +12 000,00 € ».
    pub effect_fr: String,
    /// The change brings money (else it costs, or only lifts a finding).
    pub gain: bool,
    pub total_after_fr: String,
    pub eligible_after: bool,
}

fn row(ctx: &Ctx, id: i64) -> Result<VariantRow, AppError> {
    let (dossier, bareme) = ctx.dossier_and_bareme(id)?;
    let e = evaluate(&dossier, &bareme);
    Ok(VariantRow {
        id,
        name: dossier.name,
        total_fr: e.funding.total.fr(),
        essms_count: e.grappe.essms_count,
    })
}

pub fn list_variants(ctx: &Ctx, id: i64) -> Result<VariantsView, AppError> {
    let (origin, ids) = ctx.with_store(|s| {
        let origin = s.variant_of(id)?;
        let ids: Vec<i64> = match origin {
            Some(_) => Vec::new(),
            None => s.variants(id)?.into_iter().map(|(v, _)| v).collect(),
        };
        Ok((origin, ids))
    })?;
    Ok(VariantsView {
        origin: origin.map(|o| row(ctx, o)).transpose()?,
        variants: ids.into_iter().map(|v| row(ctx, v)).collect::<Result<_, _>>()?,
    })
}

/// A new variant of the dossier, named `name`; returns its id.
pub fn make_variant(ctx: &Ctx, id: i64, name: String) -> Result<i64, AppError> {
    ctx.with_store(|s| Ok(s.create_variant(id, &name)?))
}

/// 2 to 4 stored dossiers side by side, each under its own barème.
pub fn compare_dossiers(ctx: &Ctx, ids: Vec<i64>) -> Result<Comparison, AppError> {
    grappe_core::comparison::check_count(ids.len()).map_err(|m| AppError::new(ErrorCode::CompareCount, m))?;
    let mut loaded = Vec::new();
    for id in ids {
        let (dossier, bareme) = ctx.dossier_and_bareme(id)?;
        let evaluation = evaluate(&dossier, &bareme);
        loaded.push((dossier, evaluation));
    }
    let versions: Vec<_> = loaded.iter().map(|(d, e)| (d.name.as_str(), d, e)).collect();
    Ok(compare(&versions))
}

/// Makes the variant's candidature the dossier's content (one new version).
pub fn adopt_variant(ctx: &Ctx, id: i64, variant: i64) -> Result<AdoptedVariant, AppError> {
    let version_before = ctx.with_store(|s| Ok(s.adopt_variant(id, variant)?))?;
    Ok(AdoptedVariant { version_before })
}

/// The advisor's suggestions for the stored dossier, the largest gain first.
pub fn advise_dossier(ctx: &Ctx, id: i64) -> Result<Vec<SuggestionView>, AppError> {
    let (dossier, bareme) = ctx.dossier_and_bareme(id)?;
    let now = evaluate(&dossier, &bareme);
    Ok(advise(&dossier, &bareme, &now)
        .into_iter()
        .map(|s| SuggestionView {
            kind: s.kind,
            gain: s.effect > rust_decimal::Decimal::ZERO,
            effect_fr: s.effect_fr(),
            total_after_fr: s.total_after.fr(),
            eligible_after: s.eligible_after,
            rule: s.rule,
            title: s.title,
            detail: s.detail,
        })
        .collect())
}
