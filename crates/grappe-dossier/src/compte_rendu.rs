//! The compte rendu financier after the official model, CERFA n° 15059*02 (D-CRF): (1) the
//! qualitative review, (2) the table of the action's charges by nature and its produits,
//! prévu / réalisé / écart in € and %, with this subsidy by enveloppe, (3) the annex — the rule
//! for the indirect charges, the gaps explained, the contributions volontaires — and the
//! attestation of the porteur's legal representative. The same table goes to the workbook.

use grappe_core::money::{format_eur, format_percent, format_percent_or_dash};
use grappe_core::suivi::cerfa::CerfaRow;
use grappe_core::suivi::{FollowUp, ResourceKind};
use grappe_core::{format_date, Dossier};

use crate::annexes::{text, Cell, Table};
use crate::layout::{Column, Layout, Weight, ACCENT, INK, MUTED};

fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".into()
    } else {
        text.trim().to_string()
    }
}

fn row(r: &CerfaRow) -> Vec<String> {
    vec![
        r.code.clone(),
        r.label.clone(),
        format_eur(r.prevu),
        format_eur(r.realise),
        format_eur(r.ecart),
        format_percent_or_dash(r.ecart_percent),
    ]
}

fn table<'a>(l: &mut Layout, side: &str, rows: impl Iterator<Item = &'a CerfaRow>) {
    let rows: Vec<Vec<String>> = rows.map(row).collect();
    l.table(
        &[
            Column::left("Compte", 7.0),
            Column::left(side, 44.0),
            Column::right("Prévu", 13.0),
            Column::right("Réalisé", 13.0),
            Column::right("Écart", 13.0),
            Column::right("Écart %", 10.0),
        ],
        &rows,
    );
}

/// The three parts, the annex and the attestation.
pub(crate) fn pdf(l: &mut Layout, dossier: &Dossier, up: &FollowUp) {
    let suivi = dossier.suivi.clone().unwrap_or_default();
    let c = &up.cerfa;
    l.subheading("1. Bilan qualitatif de l'action");
    l.paragraph(&or_dash(&suivi.review), Weight::Regular, 10.0, INK);

    l.subheading("2. Tableau de synthèse : charges et produits de l'action");
    table(l, "Charges", c.charge_rows());
    l.paragraph(&c.classified(), Weight::Regular, 8.5, MUTED);
    table(l, "Produits", c.product_rows());

    l.subheading("Détail de la présente subvention par enveloppe");
    let rows: Vec<Vec<String>> = up
        .compte_rendu
        .iter()
        .zip(&c.natures)
        .map(|(g, n)| {
            vec![
                format!("{} — {}", g.og_name, g.enveloppe.label),
                n.nature.code().into(),
                format_eur(g.prevu.value()),
                format_eur(g.realise.value()),
                format_eur(g.ecart),
                format_percent_or_dash(g.ecart_percent),
            ]
        })
        .collect();
    l.table(
        &[
            Column::left("Enveloppe", 40.0),
            Column::left("Nature", 8.0),
            Column::right("Prévu", 14.0),
            Column::right("Réalisé", 14.0),
            Column::right("Écart", 13.0),
            Column::right("Écart %", 11.0),
        ],
        &rows,
    );

    l.subheading("3. Annexe");
    l.paragraph(
        "Règle de répartition des charges indirectes affectées à l'action",
        Weight::Bold,
        10.0,
        INK,
    );
    let rule = if suivi.compte_rendu.indirect_rule.trim().is_empty()
        && c.charges
            .last()
            .is_some_and(|r| r.realise.is_zero() && r.prevu.is_zero())
    {
        "Aucune charge indirecte n'est affectée à l'action.".to_string()
    } else {
        or_dash(&suivi.compte_rendu.indirect_rule)
    };
    l.paragraph(&rule, Weight::Regular, 10.0, INK);
    l.paragraph(
        &format!(
            "Explication des écarts supérieurs à {}",
            format_percent(up.gap_threshold)
        ),
        Weight::Bold,
        10.0,
        INK,
    );
    let gaps: Vec<Vec<String>> = up
        .compte_rendu
        .iter()
        .filter(|g| g.over_threshold)
        .map(|g| {
            vec![
                format!("{} — {}", g.og_name, g.enveloppe.label),
                format!("{} ({})", format_eur(g.ecart), format_percent_or_dash(g.ecart_percent)),
                g.explanation.clone().unwrap_or_else(|| "À EXPLIQUER".into()),
            ]
        })
        .collect();
    if gaps.is_empty() {
        l.paragraph("Aucun écart ne dépasse le seuil.", Weight::Regular, 10.0, INK);
    } else {
        l.table(
            &[
                Column::left("Poste", 36.0),
                Column::right("Écart", 22.0),
                Column::left("Explication", 42.0),
            ],
            &gaps,
        );
    }
    l.paragraph("Contributions volontaires en nature", Weight::Bold, 10.0, INK);
    let contributions: Vec<Vec<String>> = suivi
        .compte_rendu
        .resources
        .iter()
        .filter(|r| r.kind == ResourceKind::ContributionsVolontaires)
        .map(|r| vec![or_dash(&r.label), r.prevu.fr(), r.realise.fr()])
        .collect();
    if contributions.is_empty() && suivi.compte_rendu.contributions_note.trim().is_empty() {
        l.paragraph("Aucune contribution volontaire en nature.", Weight::Regular, 10.0, INK);
    } else {
        if !contributions.is_empty() {
            l.table(
                &[
                    Column::left("Contribution", 52.0),
                    Column::right("Prévu", 24.0),
                    Column::right("Réalisé", 24.0),
                ],
                &contributions,
            );
        }
        if !suivi.compte_rendu.contributions_note.trim().is_empty() {
            l.paragraph(suivi.compte_rendu.contributions_note.trim(), Weight::Regular, 10.0, INK);
        }
    }
    if let Some(due) = up
        .deadlines
        .iter()
        .find(|d| d.label == "Compte rendu financier")
        .and_then(|d| d.date)
    {
        l.paragraph(
            &format!("À transmettre au financeur au plus tard le {}.", format_date(due)),
            Weight::Bold,
            10.0,
            ACCENT,
        );
    }

    // The attestation and where to sign on one page.
    l.ensure(150.0);
    l.subheading("Attestation");
    let og = dossier.og(&dossier.porteur);
    let who = og.map_or_else(String::new, |o| o.legal_representative.name.trim().to_string());
    let of = og.map_or_else(|| or_dash(&dossier.porteur), |o| o.name.clone());
    l.paragraph(
        &format!(
            "Je soussigné(e), {}, représentant(e) légal(e) de {of}, certifie exactes les informations du présent compte rendu.",
            if who.is_empty() { "________________________".to_string() } else { who }
        ),
        Weight::Regular,
        10.0,
        INK,
    );
    if let Some(og) = og {
        crate::content::signature_block(l, og);
    }
}

fn cells(r: &CerfaRow, side: &str) -> Vec<Cell> {
    vec![
        text(side),
        text(r.code.clone()),
        text(r.label.clone()),
        Cell::Euros(r.prevu),
        Cell::Euros(r.realise),
        Cell::Euros(r.ecart),
        Cell::Percent(r.ecart_percent),
    ]
}

/// The CERFA's table as a sheet: the charges then the produits, each with its totals.
pub(crate) fn sheet(up: &FollowUp) -> Table {
    let c = &up.cerfa;
    let charges = c.charge_rows().map(|r| cells(r, "Charges"));
    let products = c.product_rows().map(|r| cells(r, "Produits"));
    Table {
        sheet: "Charges et produits",
        header: vec!["Côté", "Compte", "Poste", "Prévu", "Réalisé", "Écart", "Écart (%)"],
        rows: charges.chain(products).collect(),
    }
}

/// The resources the user entered (other funders, own funds, contributions volontaires…).
pub(crate) fn resources_sheet(dossier: &Dossier) -> Table {
    let inputs = dossier.suivi.as_ref().map(|s| &s.compte_rendu);
    Table {
        sheet: "Autres ressources",
        header: vec!["Compte", "Nature", "Précision", "Prévu", "Réalisé"],
        rows: inputs
            .into_iter()
            .flat_map(|i| &i.resources)
            .map(|r| {
                vec![
                    text(r.kind.code()),
                    text(r.kind.label()),
                    text(r.label.clone()),
                    Cell::Euros(r.prevu.value()),
                    Cell::Euros(r.realise.value()),
                ]
            })
            .collect(),
    }
}
