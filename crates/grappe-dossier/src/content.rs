//! The sections of the candidature dossier (domain.md, « What a candidature dossier contains »),
//! in French.

use chrono::NaiveDate;
use grappe_core::bareme::{Bareme, Channel, WindowChannel};
use grappe_core::category::{display_label, Sector};
use grappe_core::eligibility::essms_departement;
use grappe_core::findings::Severity;
use grappe_core::funding::due_text;
use grappe_core::model::{Dossier, Situation};
use grappe_core::{format_date, format_eur, Evaluation};

use crate::layout::{Column, Layout, Weight, ACCENT, INK, MUTED};

/// Everything a section may need.
#[derive(Debug)]
pub struct Context<'a> {
    pub dossier: &'a Dossier,
    pub evaluation: &'a Evaluation,
    pub bareme: &'a Bareme,
    pub generated_on: NaiveDate,
    pub fingerprint: &'a str,
}

fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".into()
    } else {
        text.trim().to_string()
    }
}

fn og_name(ctx: &Context, finess_ej: &str) -> String {
    ctx.dossier
        .og(finess_ej)
        .map_or_else(|| finess_ej.to_string(), |o| o.name.clone())
}

fn channel_text(ctx: &Context) -> String {
    match (ctx.evaluation.channel, &ctx.evaluation.ars) {
        (Channel::Regional, Some(ars)) => format!("Appel à projets régional — {ars}"),
        (Channel::Regional, None) => "Appel à projets régional".into(),
        (Channel::National, _) => "Appel à projets national — CNSA et Délégation au numérique en santé".into(),
    }
}

/// The fingerprint in groups of 8, as printed.
pub fn grouped(fingerprint: &str) -> String {
    fingerprint
        .as_bytes()
        .chunks(8)
        .map(|c| String::from_utf8_lossy(c).to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first page of a draft: the blocking findings that remain.
pub fn blocking_page(l: &mut Layout, ctx: &Context) {
    l.space(10.0);
    l.paragraph("BROUILLON", Weight::Bold, 22.0, (0.70, 0.12, 0.12));
    l.paragraph("Ce dossier ne peut pas être déposé en l'état.", Weight::Bold, 11.0, INK);
    l.paragraph(
        "Les points bloquants ci-dessous doivent être corrigés ; le dossier définitif ne sera produit qu'une fois tous corrigés.",
        Weight::Regular,
        10.0,
        INK,
    );
    let rows: Vec<Vec<String>> = ctx
        .evaluation
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Blocking)
        .map(|f| vec![f.rule.clone(), f.message.clone(), f.field.clone().unwrap_or_default()])
        .collect();
    l.table(
        &[
            Column::left("Règle", 16.0),
            Column::left("Point bloquant", 62.0),
            Column::left("Champ", 22.0),
        ],
        &rows,
    );
    l.new_page();
}

pub fn cover(l: &mut Layout, ctx: &Context) {
    let d = ctx.dossier;
    l.space(120.0);
    l.paragraph("Candidature au programme ESMS numérique", Weight::Bold, 22.0, ACCENT);
    l.paragraph(
        "Ségur du numérique en santé — financement du dossier usager informatisé",
        Weight::Regular,
        12.0,
        MUTED,
    );
    l.space(20.0);
    l.paragraph(&d.name, Weight::Bold, 18.0, INK);
    l.space(10.0);
    let porteur = d.og(&d.porteur).map_or_else(
        || or_dash(&d.porteur),
        |o| format!("{} (FINESS EJ {})", o.name, o.finess_ej),
    );
    l.key_values(&[
        ("Campagne", format!("{} — {}", d.campaign, ctx.bareme.title)),
        ("Canal de dépôt", channel_text(ctx)),
        ("Porteur", porteur),
        (
            "Grappe",
            format!(
                "{} ESSMS de {} organisme(s) gestionnaire(s)",
                ctx.evaluation.grappe.essms_count,
                d.ogs.len()
            ),
        ),
        ("Date de dépôt", format_date(d.filing_date)),
        ("Document généré le", format_date(ctx.generated_on)),
        ("Barème", format!("version {}", ctx.bareme.version)),
    ]);
    l.space(30.0);
    l.paragraph(
        "Empreinte du document (SHA-256 des données du dossier et du barème)",
        Weight::Bold,
        9.0,
        MUTED,
    );
    l.paragraph(&grouped(ctx.fingerprint), Weight::Regular, 9.0, INK);
    l.new_page();
}

pub fn synthesis(l: &mut Layout, ctx: &Context) {
    let e = ctx.evaluation;
    l.heading("1. Synthèse");
    let blocking = e.findings.iter().filter(|f| f.severity == Severity::Blocking).count();
    let verdict = if e.eligible {
        "Éligible : aucun point bloquant.".to_string()
    } else {
        format!("Non éligible en l'état : {blocking} point(s) bloquant(s) à corriger (voir la première page).")
    };
    l.paragraph(
        &verdict,
        Weight::Bold,
        11.0,
        if e.eligible { ACCENT } else { (0.70, 0.12, 0.12) },
    );
    l.key_values(&[
        ("Financement demandé", format_eur(e.funding.total.value())),
        ("Canal", channel_text(ctx)),
        (
            "ESSMS",
            format!(
                "{} éligibles (seuil de la grappe : {}){}",
                e.grappe.essms_count,
                e.grappe.min_essms,
                if e.grappe.excluded_count > 0 {
                    format!(", {} écarté(s)", e.grappe.excluded_count)
                } else {
                    String::new()
                }
            ),
        ),
    ]);
    l.subheading("Motifs");
    let reasons: Vec<Vec<String>> = e
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Warning)
        .map(|f| vec![f.severity.label().to_string(), f.rule.clone(), f.message.clone()])
        .collect();
    l.table(
        &[
            Column::left("Nature", 14.0),
            Column::left("Règle", 16.0),
            Column::left("Constat", 70.0),
        ],
        &reasons,
    );
    l.subheading("ESSMS par situation et par secteur");
    let mut rows = Vec::new();
    for s in [Situation::NewSolution, Situation::AlreadyEquipped] {
        rows.push(vec![
            "Situation".to_string(),
            s.label().to_string(),
            e.grappe.by_situation.get(&s).copied().unwrap_or(0).to_string(),
        ]);
    }
    for s in Sector::ALL {
        if let Some(n) = e.grappe.by_sector.get(&s) {
            rows.push(vec!["Secteur".to_string(), s.label().to_string(), n.to_string()]);
        }
    }
    l.table(
        &[
            Column::left("Répartition", 20.0),
            Column::left("", 60.0),
            Column::right("ESSMS", 20.0),
        ],
        &rows,
    );
    let warnings: Vec<Vec<String>> = e
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .map(|f| vec![f.rule.clone(), f.message.clone()])
        .collect();
    if !warnings.is_empty() {
        l.subheading("Points à vérifier");
        l.table(
            &[Column::left("Règle", 18.0), Column::left("Point à vérifier", 82.0)],
            &warnings,
        );
    }
}

pub fn organisations(l: &mut Layout, ctx: &Context) {
    let d = ctx.dossier;
    l.heading("2. Porteur et organismes gestionnaires membres");
    for og in &d.ogs {
        let role = if grappe_core::file_format::compact(&og.finess_ej) == grappe_core::file_format::compact(&d.porteur)
        {
            " — porteur"
        } else {
            ""
        };
        l.subheading(&format!("{}{role}", og.name));
        let address = [
            og.address.street.as_str(),
            &format!("{} {}", og.address.postcode, og.address.commune),
        ]
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
        let person = |name: &str, extra: &[&str]| {
            let parts: Vec<&str> = std::iter::once(name)
                .chain(extra.iter().copied())
                .filter(|s| !s.trim().is_empty())
                .collect();
            or_dash(&parts.join(", "))
        };
        l.key_values(&[
            ("FINESS EJ", or_dash(&og.finess_ej)),
            (
                "SIREN / SIRET",
                format!("{} / {}", or_dash(&og.siren), or_dash(&og.siret)),
            ),
            ("Adresse", or_dash(&address)),
            (
                "ESSMS gérés",
                og.managed_essms
                    .map_or_else(|| "non déclaré (compté dans la grappe)".into(), |n| n.to_string()),
            ),
            (
                "Représentant légal",
                person(&og.legal_representative.name, &[&og.legal_representative.role]),
            ),
            (
                "Contact",
                person(&og.contact.name, &[&og.contact.email, &og.contact.phone]),
            ),
        ]);
    }
}

pub fn essms_list(l: &mut Layout, ctx: &Context) {
    let d = ctx.dossier;
    l.heading("3. Établissements et services de la grappe");
    let rows: Vec<Vec<String>> = d
        .essms
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let label = match display_label(&e.category, &e.category_label) {
                l if l == e.category.trim() => l,
                l => format!("{} {l}", e.category.trim()),
            };
            let mut situation = e.situation.label().to_string();
            if e.software_already_funded {
                situation.push_str(" ; logiciel déjà financé");
            }
            if e.sons_order_signed {
                situation.push_str(" ; bon de commande SONS signé");
            }
            vec![
                e.finess_et.clone(),
                e.name.clone(),
                label,
                essms_departement(d, i),
                og_name(ctx, &e.og),
                situation,
                e.capacity.map(|c| c.to_string()).unwrap_or_else(|| "—".into()),
            ]
        })
        .collect();
    l.table(
        &[
            Column::left("FINESS ET", 11.5),
            Column::left("Nom", 21.0),
            Column::left("Catégorie", 16.0),
            Column::left("Dép.", 6.0),
            Column::left("Organisme gestionnaire", 17.0),
            Column::left("Situation", 18.5),
            Column::right("Capacité", 10.0),
        ],
        &rows,
    );
}

pub fn solution(l: &mut Layout, ctx: &Context) {
    let d = ctx.dossier;
    l.heading("4. Solution de dossier usager informatisé");
    let Some(s) = &d.solution else {
        l.paragraph("Aucune solution n'est encore choisie.", Weight::Regular, 10.0, INK);
        return;
    };
    let status = match &s.referencement {
        None => "non référencée Ségur".to_string(),
        Some(r) => {
            let until = r.until.map(|u| format!(" au {}", format_date(u))).unwrap_or_default();
            let valid = if r.is_valid_on(d.filing_date) {
                "valide à la date de dépôt"
            } else {
                "NON valide à la date de dépôt"
            };
            format!(
                "référencée Ségur — {} {} — valide du {}{until} ; {valid}",
                r.identifier,
                or_dash(&r.dispositif),
                format_date(r.from)
            )
        }
    };
    l.key_values(&[
        ("Éditeur", or_dash(&s.editeur)),
        ("Solution", or_dash(&s.name)),
        ("Version", or_dash(&s.version)),
        ("Référencement", status),
    ]);
    l.subheading("Justification du choix après mise en concurrence");
    l.paragraph(&or_dash(&d.choice_justification), Weight::Regular, 9.5, INK);
    if s.referencement.is_some() {
        l.subheading("Système ouvert et non sélectif (SONS)");
        l.paragraph(
            "Pour une solution référencée Ségur, la prestation de mise à niveau financée par le SONS est payée directement par l'État à l'éditeur : elle n'entre pas dans le budget de cette candidature (R-SONS).",
            Weight::Regular,
            9.5,
            INK,
        );
    }
}

pub fn funding(l: &mut Layout, ctx: &Context) {
    let f = &ctx.evaluation.funding;
    l.heading("5. Plan de financement");
    l.paragraph(
        "Chaque ligne indique la règle du barème qui l'accorde, le montant unitaire, la quantité, le plafond appliqué le cas échéant, le montant, ses versements et l'organisme gestionnaire qui le reçoit.",
        Weight::Regular,
        9.0,
        MUTED,
    );
    let rows: Vec<Vec<String>> = f
        .lines
        .iter()
        .map(|line| {
            let payee = match &line.essms {
                Some(et) => format!("{} (ESSMS {et})", line.og_name),
                None => line.og_name.clone(),
            };
            // A single payment is the whole amount: its date says it all.
            let tranches = match line.tranches.as_slice() {
                [one] => due_text(one.due, one.due_on),
                many => many
                    .iter()
                    .map(|t| format!("{} : {}", due_text(t.due, t.due_on), format_eur(t.amount.value())))
                    .collect::<Vec<_>>()
                    .join("\n"),
            };
            vec![
                line.rule.clone(),
                line.label.clone(),
                payee,
                line.quantity.to_string(),
                format_eur(line.unit_amount.value()),
                line.cap.map(|c| format_eur(c.value())).unwrap_or_else(|| "—".into()),
                format_eur(line.amount.value()),
                tranches,
            ]
        })
        .collect();
    l.table(
        &[
            Column::left("Règle", 17.5),
            Column::left("Ligne", 16.5),
            Column::left("Versé à", 13.5),
            Column::right("Qté", 4.5),
            Column::right("Montant unitaire", 11.0),
            Column::right("Plafond appliqué", 10.5),
            Column::right("Montant", 11.5),
            Column::left("Versements", 17.5),
        ],
        &rows,
    );
    l.ensure(30.0);
    l.paragraph(
        &format!("Total de la candidature : {}", format_eur(f.total.value())),
        Weight::Bold,
        12.0,
        ACCENT,
    );

    l.subheading("Répartition par organisme gestionnaire");
    let rows: Vec<Vec<String>> = f
        .per_og
        .iter()
        .map(|s| vec![s.og.clone(), s.og_name.clone(), format_eur(s.amount.value())])
        .chain(std::iter::once(vec![
            String::new(),
            "Total".into(),
            format_eur(f.total.value()),
        ]))
        .collect();
    l.table(
        &[
            Column::left("FINESS EJ", 18.0),
            Column::left("Organisme gestionnaire", 57.0),
            Column::right("Montant", 25.0),
        ],
        &rows,
    );
    l.subheading("Échéancier des versements");
    let rows: Vec<Vec<String>> = f
        .schedule
        .iter()
        .map(|p| vec![p.label.clone(), due_text(p.due, p.due_on), format_eur(p.amount.value())])
        .chain(std::iter::once(vec![
            "Total".into(),
            String::new(),
            format_eur(f.total.value()),
        ]))
        .collect();
    l.table(
        &[
            Column::left("Versement", 50.0),
            Column::left("Date", 25.0),
            Column::right("Montant", 25.0),
        ],
        &rows,
    );
}

pub fn calendar(l: &mut Layout, ctx: &Context) {
    let d = ctx.dossier;
    l.heading("6. Calendrier du projet");
    let window_channel = match ctx.evaluation.channel {
        Channel::Regional => WindowChannel::Regional,
        Channel::National => WindowChannel::National,
    };
    let window = grappe_core::calendar::open_window(ctx.bareme, window_channel, d.filing_date).map_or_else(
        || "hors des fenêtres connues du barème : vérifier le calendrier de l'appel".to_string(),
        |w| match w.from {
            Some(from) => format!("{} (du {} au {})", w.label, format_date(from), format_date(w.to)),
            None => format!("{} (jusqu'au {})", w.label, format_date(w.to)),
        },
    );
    let date = |x: Option<NaiveDate>| x.map_or_else(|| "à fixer".to_string(), format_date);
    l.key_values(&[
        ("Dépôt de la candidature", format_date(d.filing_date)),
        ("Fenêtre de l'appel", window),
        ("Démarrage du projet", date(d.calendar.project_start)),
        ("Atteinte des cibles d'usage", date(d.calendar.usage_targets_deadline)),
    ]);
}

pub fn targets(l: &mut Layout, ctx: &Context) {
    let d = ctx.dossier;
    l.heading("7. Cibles d'usage et engagements");
    let rows: Vec<Vec<String>> = d
        .usage_targets
        .iter()
        .map(|t| {
            vec![
                or_dash(&t.indicator),
                if t.target.trim().is_empty() {
                    "à saisir depuis le cahier des charges de l'appel".into()
                } else {
                    t.target.clone()
                },
            ]
        })
        .collect();
    l.table(&[Column::left("Indicateur", 60.0), Column::left("Cible", 40.0)], &rows);
    l.paragraph(
        "Les indicateurs et cibles ci-dessus sont ceux fixés par le cahier des charges de l'appel à projets, tels que saisis par le porteur. Les organismes gestionnaires de la grappe s'engagent à les atteindre : la seconde moitié des financements de maîtrise d'ouvrage est versée sur preuve de leur atteinte (R-MOA-SPLIT).",
        Weight::Regular,
        9.5,
        INK,
    );
}

pub fn checklist(l: &mut Layout, ctx: &Context) {
    l.heading("8. Pièces jointes");
    let rows: Vec<Vec<String>> = ctx
        .dossier
        .checklist
        .iter()
        .map(|c| {
            vec![
                c.document.clone(),
                if c.attached {
                    "Jointe".into()
                } else {
                    "À joindre".into()
                },
            ]
        })
        .collect();
    l.table(&[Column::left("Pièce", 75.0), Column::left("État", 25.0)], &rows);
}

pub fn signatures(l: &mut Layout, ctx: &Context) {
    let d = ctx.dossier;
    l.heading("9. Signatures");
    l.paragraph(
        "Les représentants légaux soussignés certifient l'exactitude des informations du présent dossier.",
        Weight::Regular,
        9.5,
        INK,
    );
    for og in &d.ogs {
        signature_block(l, og);
    }
}

/// How a follow-up or portfolio document opens: its title (and under it `model`, an official
/// form's number), then the programme.
pub(crate) fn document_head(l: &mut Layout, title: &str, model: Option<&str>) {
    l.paragraph(title, Weight::Bold, 18.0, ACCENT);
    if let Some(model) = model {
        l.paragraph(model, Weight::Bold, 10.0, INK);
    }
    l.paragraph(
        "Programme ESMS numérique — Ségur du numérique en santé",
        Weight::Regular,
        10.0,
        MUTED,
    );
    l.space(6.0);
}

/// How such a document ends: the day it was made.
pub(crate) fn document_foot(l: &mut Layout, generated_on: NaiveDate) {
    l.space(10.0);
    l.paragraph(
        &format!("Document établi le {} avec Grappe.", format_date(generated_on)),
        Weight::Regular,
        9.0,
        MUTED,
    );
}

/// Where an OG's legal representative signs: name and role, place and date, signature.
pub(crate) fn signature_block(l: &mut Layout, og: &grappe_core::model::Og) {
    l.ensure(90.0);
    l.space(6.0);
    l.paragraph(&og.name, Weight::Bold, 10.0, INK);
    let who = [og.legal_representative.name.trim(), og.legal_representative.role.trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    l.paragraph(
        &format!("Représentant légal : {}", or_dash(&who)),
        Weight::Regular,
        9.5,
        INK,
    );
    l.paragraph(
        "Fait à ______________________, le ____ / ____ / ________",
        Weight::Regular,
        9.5,
        INK,
    );
    l.paragraph("Signature et cachet :", Weight::Regular, 9.5, MUTED);
    l.space(30.0);
}

/// The optional annex: the dossier and the variants considered, side by side (issue 14). The
/// ESSMS that change are listed below the table rather than in it.
pub fn variants(l: &mut Layout, comparison: &grappe_core::comparison::Comparison) {
    l.heading("Annexe — Variantes étudiées");
    l.paragraph(
        "Versions de la grappe comparées avant le dépôt, chacune calculée avec son barème ; « * » marque ce qui diffère d'une version à l'autre.",
        Weight::Regular,
        9.5,
        INK,
    );
    let n = comparison.columns.len().max(1);
    let share = 60.0 / n as f32;
    let mut columns = vec![Column::left("Élément", 40.0)];
    // Text columns: a long value (« AAP national (CNSA et DNS) ») wraps in a narrow column.
    columns.extend(comparison.columns.iter().map(|c| Column::left(c, share)));
    let rows: Vec<Vec<String>> = comparison
        .rows
        .iter()
        .filter(|r| r.section != "Par ESSMS")
        .map(|r| {
            let mut row = vec![format!("{}{}", if r.differs { "* " } else { "" }, r.label)];
            row.extend(r.values.iter().cloned());
            row
        })
        .collect();
    l.table(&columns, &rows);
    let changed: Vec<String> = comparison
        .rows
        .iter()
        .filter(|r| r.section == "Par ESSMS" && r.differs)
        .map(|r| format!("{} : {}", r.label, r.values.join(" / ")))
        .collect();
    if !changed.is_empty() {
        l.subheading("ESSMS qui changent d'une version à l'autre");
        for line in changed {
            l.paragraph(&line, Weight::Regular, 9.0, INK);
        }
    }
}
