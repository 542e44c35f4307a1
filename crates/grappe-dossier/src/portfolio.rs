//! The état de consommation des enveloppes de subventions **par projet** (D-PORTFOLIO): the
//! projects shown in the portfolio at a date, with the filters used and the totals, as a PDF
//! (the look of the other documents) and a workbook (one sheet for the projects, one for their
//! enveloppes, one for the situation). The figures are each project's own follow-up.

use chrono::NaiveDate;
use grappe_core::format_date;
use grappe_core::money::{format_eur, format_percent_or_dash};
use grappe_core::portfolio::{totals, ProjectRow};
use sha2::{Digest, Sha256};

use crate::annexes::{text, Cell, Table};
use crate::layout::{Column, Layout, Weight, MUTED};
use crate::{finish_pdf, fonts, Meta};

pub const TITLE: &str = "État de consommation des enveloppes de subventions par projet";

/// The PDF and its workbook.
#[derive(Debug, Clone)]
pub struct PortfolioDocument {
    pub pdf: Vec<u8>,
    pub workbook: Vec<u8>,
    pub pages: usize,
    pub fingerprint: String,
}

/// SHA-256 of what the document shows: the date, the filters, each project's figures.
fn fingerprint(projects: &[&ProjectRow], filters: &[(String, String)], as_of: NaiveDate) -> String {
    let mut h = Sha256::new();
    h.update(TITLE.as_bytes());
    h.update(as_of.to_string().as_bytes());
    for (k, v) in filters {
        h.update(format!("{k}={v};").as_bytes());
    }
    for p in projects {
        h.update(
            format!(
                "{}|{}|{}|{}|{}|{}|{}|{}|{};",
                p.name,
                p.client,
                p.stage.label(),
                p.requested,
                p.awarded,
                p.received,
                p.spent,
                p.targets_reached,
                p.late.len()
            )
            .as_bytes(),
        );
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The next deadline's date and how many are late (their labels are listed below the table).
fn deadline_text(p: &ProjectRow) -> String {
    let next = p.next_deadline.as_ref().map_or_else(
        || "—".to_string(),
        |n| n.date.map_or_else(|| "date à fixer".into(), format_date),
    );
    if p.late.is_empty() {
        next
    } else {
        format!("{next} ({} en retard)", p.late.len())
    }
}

/// The PDF and the workbook of `projects` at `as_of`; `filters` names what was kept in view
/// (« Client » → « … »), empty when every project is shown.
pub fn generate(
    projects: &[&ProjectRow],
    filters: &[(String, String)],
    as_of: NaiveDate,
    generated_on: NaiveDate,
) -> Result<PortfolioDocument, String> {
    let fingerprint = fingerprint(projects, filters, as_of);
    let t = totals(projects.iter().copied());
    let mut l = Layout::new(fonts());
    crate::content::document_head(&mut l, TITLE, None);
    let shown = if filters.is_empty() {
        "aucun : tous les projets".to_string()
    } else {
        filters
            .iter()
            .map(|(k, v)| format!("{k} : {v}"))
            .collect::<Vec<_>>()
            .join(" ; ")
    };
    l.key_values(&[
        ("Situation au", format_date(as_of)),
        ("Projets", t.projects.to_string()),
        ("Filtres", shown),
        ("Attribué", format_eur(t.awarded)),
        ("Reçu", format_eur(t.received)),
        ("Dépensé", format_eur(t.spent)),
        ("Consommé", format_percent_or_dash(t.consumed_percent)),
        (
            "En retard",
            format!(
                "{} projet(s), {} de versements",
                t.late_projects,
                format_eur(t.late_amount)
            ),
        ),
    ]);
    l.subheading("Consommation par projet");
    let mut rows: Vec<Vec<String>> = projects
        .iter()
        .map(|p| {
            vec![
                format!("{} ({})", p.name, p.client),
                p.stage.label().into(),
                format_eur(p.awarded),
                format_eur(p.received),
                format_eur(p.spent),
                format_eur(p.remaining),
                format_percent_or_dash(p.consumed_percent),
                format!("{} / {}", p.targets_reached, p.targets),
                deadline_text(p),
            ]
        })
        .collect();
    rows.push(vec![
        "TOTAL".to_string(),
        String::new(),
        format_eur(t.awarded),
        format_eur(t.received),
        format_eur(t.spent),
        format_eur(t.remaining),
        format_percent_or_dash(t.consumed_percent),
        format!("{} / {}", t.targets_reached, t.targets),
        String::new(),
    ]);
    l.table(
        &[
            Column::left("Projet (client)", 24.0),
            Column::left("Étape", 8.0),
            Column::right("Attribué", 11.0),
            Column::right("Reçu", 10.0),
            Column::right("Dépensé", 10.0),
            Column::right("Reste", 10.0),
            Column::right("Consommé", 7.0),
            Column::right("Cibles", 6.0),
            Column::left("Échéance", 14.0),
        ],
        &rows,
    );
    let late: Vec<Vec<String>> = projects
        .iter()
        .flat_map(|p| p.late.iter().map(move |what| vec![p.name.clone(), what.clone()]))
        .collect();
    if !late.is_empty() {
        l.subheading("Ce qui est en retard");
        l.paragraph(
            "Les échéances passées et non tenues de chaque projet, telles que son suivi les indique.",
            Weight::Regular,
            9.0,
            MUTED,
        );
        l.table(&[Column::left("Projet", 30.0), Column::left("En retard", 70.0)], &late);
    }
    crate::content::document_foot(&mut l, generated_on);
    let (pdf, pages) = finish_pdf(
        l,
        &format!("{TITLE} au {}", format_date(as_of)),
        false,
        &Meta {
            title: TITLE,
            author: "Grappe",
            subject: &format!("{TITLE} au {}", format_date(as_of)),
            fingerprint: &fingerprint,
            generated_on,
        },
    );
    Ok(PortfolioDocument {
        workbook: workbook(projects, filters, as_of)?,
        pdf,
        pages,
        fingerprint,
    })
}

fn workbook(projects: &[&ProjectRow], filters: &[(String, String)], as_of: NaiveDate) -> Result<Vec<u8>, String> {
    let t = totals(projects.iter().copied());
    let mut rows: Vec<Vec<Cell>> = projects
        .iter()
        .map(|p| {
            vec![
                text(p.name.clone()),
                text(p.client.clone()),
                text(p.funder.clone()),
                text(p.campaign.clone()),
                text(p.stage.label()),
                Cell::Euros(p.requested),
                Cell::Euros(p.awarded),
                Cell::Euros(p.received),
                Cell::Euros(p.spent),
                Cell::Euros(p.remaining),
                Cell::Percent(p.consumed_percent),
                Cell::Count(p.targets_reached as u32),
                Cell::Count(p.targets as u32),
                Cell::Date(p.next_deadline.as_ref().and_then(|n| n.date)),
                text(p.next_deadline.as_ref().map(|n| n.label.clone()).unwrap_or_default()),
                text(p.late.join(" ; ")),
                Cell::Euros(p.late_amount),
            ]
        })
        .collect();
    rows.push(vec![
        text("Total"),
        text(""),
        text(""),
        text(""),
        text(""),
        Cell::Euros(t.requested),
        Cell::Euros(t.awarded),
        Cell::Euros(t.received),
        Cell::Euros(t.spent),
        Cell::Euros(t.remaining),
        Cell::Percent(t.consumed_percent),
        Cell::Count(t.targets_reached as u32),
        Cell::Count(t.targets as u32),
        Cell::Date(None),
        text(""),
        text(format!("{} projet(s) en retard", t.late_projects)),
        Cell::Euros(t.late_amount),
    ]);
    let projects_sheet = Table {
        sheet: "Projets",
        header: vec![
            "Projet",
            "Client",
            "Financeur",
            "Campagne",
            "Étape",
            "Demandé",
            "Attribué",
            "Reçu",
            "Dépensé",
            "Reste",
            "Consommé (%)",
            "Cibles atteintes",
            "Cibles",
            "Prochaine échéance",
            "Échéance",
            "En retard",
            "Versements en retard",
        ],
        rows,
    };
    let enveloppes = Table {
        sheet: "Enveloppes",
        header: vec![
            "Projet",
            "Organisme",
            "FINESS EJ",
            "Règle",
            "Enveloppe",
            "Attribué",
            "Reçu",
            "Dépensé",
            "Reste",
            "Consommé (%)",
        ],
        rows: projects
            .iter()
            .flat_map(|p| {
                p.enveloppes.iter().map(move |e| {
                    vec![
                        text(p.name.clone()),
                        text(e.og_name.clone()),
                        crate::annexes::id(e.key.og.clone()),
                        text(e.key.rule.clone()),
                        text(e.key.label.clone()),
                        Cell::Euros(e.awarded.value()),
                        Cell::Euros(e.received.value()),
                        Cell::Euros(e.spent.value()),
                        Cell::Euros(e.remaining),
                        Cell::Percent(e.consumed_percent),
                    ]
                })
            })
            .collect(),
    };
    let mut situation = vec![
        vec![text("Document"), text(TITLE)],
        vec![text("Situation au"), Cell::Date(Some(as_of))],
        vec![text("Projets"), Cell::Count(t.projects as u32)],
    ];
    situation.extend(
        filters
            .iter()
            .map(|(k, v)| vec![text(format!("Filtre : {k}")), text(v.clone())]),
    );
    let situation = Table {
        sheet: "Situation",
        header: vec!["Rubrique", "Valeur"],
        rows: situation,
    };
    crate::annexes::workbook(&[&projects_sheet, &enveloppes, &situation])
        .map_err(|e| format!("classeur Excel impossible à produire ({e})"))
}
