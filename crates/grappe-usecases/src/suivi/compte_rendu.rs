//! The compte rendu financier's table (CERFA n° 15059*02) as the Documents tab shows it, with
//! what the user entered for it.

use grappe_core::money::{format_eur, format_percent_or_dash};
use grappe_core::suivi::cerfa::CerfaRow;
use grappe_core::suivi::{FollowUp, Nature, ResourceKind, Suivi};
use grappe_core::Amount;

use super::views::{CerfaRowView, CerfaView, CompteRenduInput, NatureView, ResourceInput};

fn row_view(r: &CerfaRow, total: bool) -> CerfaRowView {
    CerfaRowView {
        code: r.code.clone(),
        label: r.label.clone(),
        prevu_fr: format_eur(r.prevu),
        realise_fr: format_eur(r.realise),
        ecart_fr: format_eur(r.ecart),
        ecart_percent_fr: format_percent_or_dash(r.ecart_percent),
        total,
    }
}

/// A field's decimal string, empty for zero.
fn field(a: Amount) -> String {
    if a.is_zero() {
        String::new()
    } else {
        a.value().to_string()
    }
}

pub(super) fn cerfa_view(up: &FollowUp, suivi: &Suivi) -> CerfaView {
    let c = &up.cerfa;
    let rows = |all: Vec<&CerfaRow>, lines: usize| -> Vec<CerfaRowView> {
        all.into_iter()
            .enumerate()
            .map(|(k, r)| row_view(r, k >= lines && r.code.is_empty()))
            .collect()
    };
    let inputs = &suivi.compte_rendu;
    CerfaView {
        model: grappe_core::suivi::CERFA.into(),
        charges: rows(c.charge_rows().collect(), c.charges.len()),
        products: rows(c.product_rows().collect(), c.products.len()),
        classified: c.classified(),
        natures: c
            .natures
            .iter()
            .map(|n| NatureView {
                enveloppe: n.enveloppe.clone(),
                og_name: n.og_name.clone(),
                nature: n.nature,
                chosen: n.chosen,
            })
            .collect(),
        nature_options: Nature::ALL
            .iter()
            .map(|n| (*n, format!("{} – {}", n.code(), n.label())))
            .collect(),
        resource_options: ResourceKind::ALL
            .iter()
            .map(|k| {
                let code = k.code();
                let label = if code.is_empty() {
                    k.label().to_string()
                } else {
                    format!("{code} – {}", k.label())
                };
                (*k, label)
            })
            .collect(),
        input: CompteRenduInput {
            natures: inputs.natures.clone(),
            resources: inputs
                .resources
                .iter()
                .map(|r| ResourceInput {
                    kind: r.kind,
                    label: r.label.clone(),
                    prevu: field(r.prevu),
                    realise: field(r.realise),
                })
                .collect(),
            indirect_prevu: field(inputs.indirect_prevu),
            indirect_realise: field(inputs.indirect_realise),
            indirect_rule: inputs.indirect_rule.clone(),
            contributions_note: inputs.contributions_note.clone(),
        },
    }
}
