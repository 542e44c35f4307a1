//! The documents of the follow-up (D-ETAT-CONSO, D-CRF, D-SOLDE), in French, with the same
//! engine as the dossier: deterministic (the same dossier, barème, date of the point and
//! generation date give the same bytes), fingerprinted, the exact figures of
//! [`grappe_core::suivi::follow`].
//!
//! - the *état de consommation des enveloppes* at a date: per enveloppe and OG, awarded,
//!   received, spent, remaining, % consumed, with the user's explanations; PDF and XLSX;
//! - the *compte rendu financier*, after the CERFA n° 15059*02 ([`crate::compte_rendu`]):
//!   identification, the qualitative review, the charges by nature and the produits prévu /
//!   réalisé / écart (€ and %), the annex, the attestation; PDF and XLSX;
//! - the *demande de versement du solde*, with the evidence of each usage target (PDF): a draft
//!   while a target is not reached.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use grappe_core::money::{format_eur, format_number, format_percent_or_dash};
use grappe_core::suivi::{follow, FollowUp, Scope, Unit};
use grappe_core::{format_date, Bareme, Dossier, Severity};
use sha2::{Digest, Sha256};

use crate::annexes::{text, Cell, Table};
use crate::layout::{Column, Layout, Weight, ACCENT, INK, MUTED};
use crate::{author, finish_pdf, fonts, Meta};

/// Which follow-up document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    EtatConsommation,
    CompteRendu,
    DemandeSolde,
}

impl Kind {
    pub fn title(self) -> &'static str {
        match self {
            Kind::EtatConsommation => "État de consommation des enveloppes de subventions",
            Kind::CompteRendu => "Compte rendu financier de subvention",
            Kind::DemandeSolde => "Demande de versement du solde",
        }
    }

    /// The files a document written at `pdf` makes: the PDF and, for the état and the compte
    /// rendu, its workbook of the same name (`.xlsx`).
    pub fn files(self, pdf: &Path) -> Vec<PathBuf> {
        let mut files = vec![pdf.to_path_buf()];
        if self != Kind::DemandeSolde {
            files.push(pdf.with_extension("xlsx"));
        }
        files
    }

    /// How the file is named after the dossier.
    pub fn file_suffix(self) -> &'static str {
        match self {
            Kind::EtatConsommation => "état de consommation",
            Kind::CompteRendu => "compte rendu financier",
            Kind::DemandeSolde => "demande de solde",
        }
    }
}

/// A generated follow-up document.
#[derive(Debug, Clone)]
pub struct SuiviPdf {
    pub bytes: Vec<u8>,
    pub fingerprint: String,
    pub pages: usize,
    /// A draft: the solde cannot be claimed yet, or the compte rendu has unexplained gaps.
    pub draft: bool,
    pub followup: FollowUp,
}

/// SHA-256 of the document's kind, the dossier file, the barème and the date of the point.
fn fingerprint(kind: Kind, dossier: &Dossier, bareme: &Bareme, as_of: NaiveDate) -> String {
    let mut hasher = Sha256::new();
    hasher.update(kind.title().as_bytes());
    hasher.update(grappe_core::dossier_file::to_json(dossier).as_bytes());
    hasher.update(bareme.to_json().as_bytes());
    hasher.update(as_of.to_string().as_bytes());
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".into()
    } else {
        text.trim().to_string()
    }
}

/// The project, the decision and the convention, as every document opens.
fn identification(l: &mut Layout, dossier: &Dossier, up: &FollowUp) {
    let suivi = dossier.suivi.clone().unwrap_or_default();
    let award = suivi.award.unwrap_or_default();
    let porteur = dossier.og(&dossier.porteur).map_or_else(
        || or_dash(&dossier.porteur),
        |o| format!("{} (FINESS EJ {})", o.name, o.finess_ej),
    );
    let dated = |reference: &str, date: Option<NaiveDate>| match date {
        Some(d) => format!("{} du {}", or_dash(reference), format_date(d)),
        None => or_dash(reference),
    };
    let end = suivi.project_end.or(dossier.calendar.usage_targets_deadline);
    l.key_values(&[
        ("Projet", dossier.name.clone()),
        ("Porteur", porteur),
        ("Campagne", dossier.campaign.clone()),
        (
            "Dépôt",
            suivi
                .filing
                .as_ref()
                .map_or_else(|| "—".into(), |f| format_date(f.filed_on)),
        ),
        ("Décision", dated(&award.decision_reference, award.decision_date)),
        ("Convention", dated(&award.convention_reference, award.convention_date)),
        (
            "Période du projet",
            format!(
                "du {} au {}",
                dossier.calendar.project_start.map_or_else(|| "—".into(), format_date),
                end.map_or_else(|| "—".into(), format_date)
            ),
        ),
        ("Montant attribué", format_eur(up.total.awarded.value())),
        ("Situation au", format_date(up.as_of)),
    ]);
}

fn explanation(dossier: &Dossier, key: &grappe_core::suivi::EnveloppeKey) -> String {
    dossier
        .suivi
        .as_ref()
        .and_then(|s| s.explanations.iter().find(|x| x.enveloppe == *key))
        .map(|x| x.text.clone())
        .unwrap_or_default()
}

fn etat(l: &mut Layout, dossier: &Dossier, up: &FollowUp) {
    l.subheading("Consommation par enveloppe");
    let rows: Vec<Vec<String>> = up
        .enveloppes
        .iter()
        .map(|e| {
            vec![
                e.og_name.clone(),
                e.key.label.clone(),
                format_eur(e.awarded.value()),
                format_eur(e.received.value()),
                format_eur(e.spent.value()),
                format_eur(e.remaining),
                format_percent_or_dash(e.consumed_percent),
                explanation(dossier, &e.key),
            ]
        })
        .chain(up.per_og.iter().chain(std::iter::once(&up.total)).map(|t| {
            vec![
                if t.og.is_empty() {
                    "TOTAL".into()
                } else {
                    format!("Total {}", t.og_name)
                },
                String::new(),
                format_eur(t.awarded.value()),
                format_eur(t.received.value()),
                format_eur(t.spent.value()),
                format_eur(t.remaining),
                format_percent_or_dash(t.consumed_percent),
                String::new(),
            ]
        }))
        .collect();
    l.table(
        &[
            Column::left("Organisme", 14.0),
            Column::left("Enveloppe", 25.0),
            Column::right("Attribué", 10.5),
            Column::right("Reçu", 10.0),
            Column::right("Dépensé", 10.5),
            Column::right("Reste", 10.5),
            Column::right("Consommé", 8.5),
            Column::left("Explication", 11.0),
        ],
        &rows,
    );
    l.subheading("Versements");
    let rows: Vec<Vec<String>> = up
        .tranches
        .iter()
        .map(|t| {
            vec![
                t.og_name.clone(),
                t.label.clone(),
                t.due.map_or_else(|| "date à fixer".into(), format_date),
                format_eur(t.expected.value()),
                format_eur(t.received.value()),
                format_eur(t.outstanding.value()),
                t.state.remark().into(),
            ]
        })
        .collect();
    l.table(
        &[
            Column::left("Organisme", 18.0),
            Column::left("Tranche", 20.0),
            Column::left("Échéance", 10.0),
            Column::right("Attendu", 13.0),
            Column::right("Reçu", 13.0),
            Column::right("Reste", 13.0),
            Column::left("État", 13.0),
        ],
        &rows,
    );
}

fn demande_solde(l: &mut Layout, up: &FollowUp) {
    l.subheading("Montant demandé");
    let rows: Vec<Vec<String>> = up
        .tranches
        .iter()
        .filter(|t| t.due_on == grappe_core::bareme::Due::UsageTargets)
        .map(|t| {
            vec![
                t.og_name.clone(),
                t.label.clone(),
                format_eur(t.expected.value()),
                format_eur(t.received.value()),
                format_eur(t.outstanding.value()),
            ]
        })
        .collect();
    l.table(
        &[
            Column::left("Organisme", 26.0),
            Column::left("Tranche", 30.0),
            Column::right("Attribué", 15.0),
            Column::right("Déjà reçu", 14.0),
            Column::right("Demandé", 15.0),
        ],
        &rows,
    );
    l.paragraph(
        &format!(
            "Solde demandé au titre de l'atteinte des cibles d'usage : {}",
            format_eur(up.solde.amount.value())
        ),
        Weight::Bold,
        11.0,
        ACCENT,
    );
    l.subheading("Atteinte des cibles d'usage");
    for t in &up.targets {
        l.ensure(40.0);
        let Some(m) = &t.measurable else {
            l.paragraph(
                &format!("{} : cible non mesurable.", t.indicator),
                Weight::Bold,
                10.0,
                INK,
            );
            continue;
        };
        let unit = if m.unit == Unit::Percent { " %" } else { "" };
        let scope = if m.scope == Scope::Grappe {
            "pour la grappe"
        } else {
            "pour chaque ESSMS"
        };
        let state = if t.reached { "atteinte" } else { "NON ATTEINTE" };
        l.paragraph(
            &format!(
                "{} — cible {}{unit} {scope} : {state}",
                t.indicator,
                format_number(m.target)
            ),
            Weight::Bold,
            10.0,
            INK,
        );
        let rows: Vec<Vec<String>> = t
            .evidence
            .iter()
            .map(|e| {
                vec![
                    e.essms.clone().unwrap_or_else(|| "grappe".into()),
                    format!("{}{unit}", format_number(e.value)),
                    format_date(e.date),
                    or_dash(&e.source),
                ]
            })
            .collect();
        if !rows.is_empty() {
            l.table(
                &[
                    Column::left("Périmètre (FINESS ET)", 28.0),
                    Column::right("Mesure", 16.0),
                    Column::left("Date", 16.0),
                    Column::left("Source", 40.0),
                ],
                &rows,
            );
        }
        for (what, list) in [("sans mesure", &t.essms_missing), ("sous la cible", &t.essms_below)] {
            if !list.is_empty() {
                l.paragraph(
                    &format!("ESSMS {what} : {}", list.join(", ")),
                    Weight::Regular,
                    9.0,
                    MUTED,
                );
            }
        }
    }
}

/// The points of attention the état lists: severity, rule, message.
fn points(up: &FollowUp) -> impl Iterator<Item = [String; 3]> + '_ {
    up.findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| [f.severity.label().to_string(), f.rule.clone(), f.message.clone()])
}

/// Lays out and renders a follow-up document of `dossier` at `as_of`.
pub fn generate(kind: Kind, dossier: &Dossier, bareme: &Bareme, as_of: NaiveDate, generated_on: NaiveDate) -> SuiviPdf {
    let up = follow(dossier, bareme, as_of);
    let fingerprint = fingerprint(kind, dossier, bareme, as_of);
    let draft = match kind {
        Kind::EtatConsommation => false,
        Kind::CompteRendu => up
            .compte_rendu
            .iter()
            .any(|g| g.over_threshold && g.explanation.is_none()),
        Kind::DemandeSolde => !up.solde.ready,
    };
    let mut l = Layout::new(fonts());
    let model = (kind == Kind::CompteRendu).then_some(grappe_core::suivi::CERFA);
    crate::content::document_head(&mut l, kind.title(), model);
    if draft {
        let why = match kind {
            Kind::DemandeSolde => format!("Le solde ne peut pas encore être demandé : {}.", up.solde.missing.join(" ; ")),
            _ => "Des écarts dépassent le seuil sans explication : complétez l'annexe avant de transmettre ce compte rendu.".into(),
        };
        l.paragraph(&format!("BROUILLON — {why}"), Weight::Bold, 10.0, (0.70, 0.12, 0.12));
    }
    identification(&mut l, dossier, &up);
    match kind {
        Kind::EtatConsommation => etat(&mut l, dossier, &up),
        Kind::CompteRendu => crate::compte_rendu::pdf(&mut l, dossier, &up),
        Kind::DemandeSolde => demande_solde(&mut l, &up),
    }
    let points: Vec<Vec<String>> = points(&up).map(|p| p.to_vec()).collect();
    if !points.is_empty() && kind == Kind::EtatConsommation {
        l.subheading("Points d'attention");
        l.table(
            &[
                Column::left("", 12.0),
                Column::left("Règle", 14.0),
                Column::left("Point", 74.0),
            ],
            &points,
        );
    }
    // The porteur's legal representative signs the état and the demande de solde.
    let statement = match kind {
        Kind::EtatConsommation => Some("Le représentant légal soussigné certifie exact le présent état de consommation des enveloppes."),
        Kind::DemandeSolde => Some("Le représentant légal soussigné certifie exactes les informations de la présente demande et sollicite le versement du solde."),
        Kind::CompteRendu => None,
    };
    if let (Some(statement), Some(og)) = (statement, dossier.og(&dossier.porteur)) {
        l.subheading("Signature");
        l.paragraph(statement, Weight::Regular, 9.5, INK);
        crate::content::signature_block(&mut l, og);
    }
    crate::content::document_foot(&mut l, generated_on);
    let (bytes, page_count) = finish_pdf(
        l,
        &format!("{} — {}", dossier.name, kind.title()),
        draft,
        &Meta {
            title: &format!("{} — {}", kind.title(), dossier.name),
            author: &author(dossier),
            subject: &format!("{} au {}", kind.title(), format_date(as_of)),
            fingerprint: &fingerprint,
            generated_on,
        },
    );
    SuiviPdf {
        bytes,
        fingerprint,
        pages: page_count,
        draft,
        followup: up,
    }
}

/// The workbook of the état de consommation or of the compte rendu (numeric euro cells);
/// `None` for the demande de solde, which has none.
pub fn workbook(kind: Kind, dossier: &Dossier, up: &FollowUp) -> Result<Option<Vec<u8>>, String> {
    let table = match kind {
        Kind::EtatConsommation => Table {
            sheet: "État de consommation",
            header: vec![
                "Organisme",
                "FINESS EJ",
                "Règle",
                "Enveloppe",
                "Attribué",
                "Reçu",
                "Dépensé",
                "Reste",
                "Consommé (%)",
                "Explication",
            ],
            rows: up
                .enveloppes
                .iter()
                .map(|e| {
                    vec![
                        text(e.og_name.clone()),
                        crate::annexes::id(e.key.og.clone()),
                        text(e.key.rule.clone()),
                        text(e.key.label.clone()),
                        Cell::Euros(e.awarded.value()),
                        Cell::Euros(e.received.value()),
                        Cell::Euros(e.spent.value()),
                        Cell::Euros(e.remaining),
                        Cell::Percent(e.consumed_percent),
                        text(explanation(dossier, &e.key)),
                    ]
                })
                .collect(),
        },
        Kind::CompteRendu => Table {
            sheet: "Compte rendu financier",
            header: vec![
                "Organisme",
                "FINESS EJ",
                "Règle",
                "Poste",
                "Prévu",
                "Réalisé",
                "Écart",
                "Écart (%)",
                "Au-delà du seuil",
                "Explication",
            ],
            rows: up
                .compte_rendu
                .iter()
                .map(|g| {
                    vec![
                        text(g.og_name.clone()),
                        crate::annexes::id(g.enveloppe.og.clone()),
                        text(g.enveloppe.rule.clone()),
                        text(g.enveloppe.label.clone()),
                        Cell::Euros(g.prevu.value()),
                        Cell::Euros(g.realise.value()),
                        Cell::Euros(g.ecart),
                        Cell::Percent(g.ecart_percent),
                        text(if g.over_threshold { "oui" } else { "non" }),
                        text(g.explanation.clone().unwrap_or_default()),
                    ]
                })
                .collect(),
        },
        Kind::DemandeSolde => return Ok(None),
    };
    let mut table = table;
    // The total row, as in the PDF.
    let t = &up.total;
    table.rows.push(match kind {
        Kind::EtatConsommation => vec![
            text("Total"),
            text(""),
            text(""),
            text(""),
            Cell::Euros(t.awarded.value()),
            Cell::Euros(t.received.value()),
            Cell::Euros(t.spent.value()),
            Cell::Euros(t.remaining),
            Cell::Percent(t.consumed_percent),
            text(""),
        ],
        _ => {
            let ecart = t.spent.value() - t.awarded.value();
            vec![
                text("Total"),
                text(""),
                text(""),
                text(""),
                Cell::Euros(t.awarded.value()),
                Cell::Euros(t.spent.value()),
                Cell::Euros(ecart),
                Cell::Percent(grappe_core::suivi::expenses::percent(ecart, t.awarded.value())),
                text(""),
                text(""),
            ]
        }
    });
    let tranches = Table {
        sheet: "Versements",
        header: vec![
            "Organisme",
            "FINESS EJ",
            "Tranche",
            "Échéance",
            "Attendu",
            "Reçu",
            "Reste",
            "État",
        ],
        rows: up
            .tranches
            .iter()
            .map(|t| {
                vec![
                    text(t.og_name.clone()),
                    crate::annexes::id(t.og.clone()),
                    text(t.label.clone()),
                    Cell::Date(t.due),
                    Cell::Euros(t.expected.value()),
                    Cell::Euros(t.received.value()),
                    Cell::Euros(t.outstanding.value()),
                    text(t.state.label()),
                ]
            })
            .collect(),
    };
    let situation = Table {
        sheet: "Situation",
        header: vec!["Rubrique", "Valeur"],
        rows: vec![
            vec![text("Document"), text(kind.title())],
            vec![text("Dossier"), text(dossier.name.clone())],
            vec![text("Situation au"), Cell::Date(Some(up.as_of))],
            vec![text("Étape"), text(up.stage.label())],
        ],
    };
    // Every table of the PDF: the compte rendu's charges and produits and the resources entered,
    // the état's points of attention.
    let extra: Vec<Table> = match kind {
        Kind::CompteRendu => vec![
            crate::compte_rendu::sheet(up),
            crate::compte_rendu::resources_sheet(dossier),
        ],
        _ => vec![Table {
            sheet: "Points d'attention",
            header: vec!["Gravité", "Règle", "Point"],
            rows: points(up).map(|p| p.map(text).to_vec()).collect(),
        }],
    };
    let sheets: Vec<&Table> = std::iter::once(&table)
        .chain(&extra)
        .chain([&tranches, &situation])
        .collect();
    crate::annexes::workbook(&sheets)
        .map(Some)
        .map_err(|e| format!("classeur Excel impossible à produire ({e})"))
}
