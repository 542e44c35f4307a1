//! What the user enters for the compte rendu financier (CERFA n° 15059*02): each enveloppe's
//! nature, the other resources, the indirect charges and their rule, the contributions
//! volontaires — checked, then saved as one version.

use grappe_core::suivi::{CompteRenduInputs, EnveloppeNature, Resource, ResourceKind, Suivi};
use grappe_core::Amount;

use super::change;
use crate::suivi::input::amount_field;
use crate::suivi::views::{CompteRenduInput, SuiviView};
use crate::{AppError, Ctx, ErrorCode};

/// An amount typed in a field, empty as zero.
fn typed(text: &str, field: &str) -> Result<Amount, AppError> {
    if text.trim().is_empty() {
        Ok(Amount::ZERO)
    } else {
        amount_field(text, field)
    }
}

fn inputs_of(input: CompteRenduInput, suivi: &Suivi) -> Result<CompteRenduInputs, AppError> {
    let mut resources = Vec::with_capacity(input.resources.len());
    for (k, r) in input.resources.into_iter().enumerate() {
        let label = r.label.trim().to_string();
        if r.kind == ResourceKind::Subvention && label.is_empty() {
            return Err(AppError::field(
                ErrorCode::FunderMissing,
                format!("ressource n°{} : nommez le financeur de cette subvention", k + 1),
                &format!("resources[{k}].label"),
            ));
        }
        resources.push(Resource {
            kind: r.kind,
            label,
            prevu: typed(&r.prevu, &format!("resources[{k}].prevu"))?,
            realise: typed(&r.realise, &format!("resources[{k}].realise"))?,
        });
    }
    // Only the natures of enveloppes the award has, each once, the last choice kept.
    let awarded = suivi.award.as_ref().map(|a| a.enveloppe_keys()).unwrap_or_default();
    let mut natures: Vec<EnveloppeNature> = Vec::new();
    for n in input.natures.into_iter().rev() {
        if awarded.contains(&n.enveloppe) && !natures.iter().any(|m| m.enveloppe == n.enveloppe) {
            natures.push(n);
        }
    }
    natures.reverse();
    Ok(CompteRenduInputs {
        natures,
        resources,
        indirect_prevu: typed(&input.indirect_prevu, "indirectPrevu")?,
        indirect_realise: typed(&input.indirect_realise, "indirectRealise")?,
        indirect_rule: input.indirect_rule.trim().to_string(),
        contributions_note: input.contributions_note.trim().to_string(),
    })
}

/// The compte rendu's inputs, saved as one version.
pub fn set_compte_rendu(ctx: &Ctx, id: i64, input: CompteRenduInput) -> Result<SuiviView, AppError> {
    change(ctx, id, "Compte rendu financier complété", |_, _, suivi| {
        suivi.compte_rendu = inputs_of(input, suivi)?;
        Ok(())
    })
}
