//! A usage target made measurable, and its measurements added, corrected, deleted.

use grappe_core::suivi::{Indicator, Measurement, Scope, Suivi, Unit};
use rust_decimal::Decimal;

use super::{change, item};
use crate::suivi::input::{number_field, IndicatorInput, MeasurementInput};
use crate::suivi::views::SuiviView;
use crate::ErrorCode;
use crate::{AppError, Ctx};

fn measurement_at(suivi: &mut Suivi, index: usize) -> Result<&mut Measurement, AppError> {
    item(&mut suivi.measurements, index, ErrorCode::MeasurementUnknown, "mesure")
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
