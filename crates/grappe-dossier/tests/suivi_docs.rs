//! The follow-up documents as their readers get them (`pdftotext`, `qpdf --check`, the
//! workbook read back): the état de consommation, the compte rendu financier and the demande de
//! solde of the demo's follow-up.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader};
use chrono::NaiveDate;
use grappe_core::suivi::{Explanation, Measurement};
use grappe_core::{demo, Bareme, Dossier};
use grappe_dossier::suivi::{generate, workbook, Kind};
use rust_decimal::Decimal;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The document's text, spaces normalised, and its structure checked by qpdf.
fn text(kind: Kind, dossier: &Dossier, as_of: NaiveDate, dir: &Path) -> (String, grappe_dossier::suivi::SuiviPdf) {
    let pdf = generate(kind, dossier, &Bareme::default_bareme(), as_of, as_of);
    let path = dir.join(format!("{}.pdf", kind.file_suffix()));
    std::fs::write(&path, &pdf.bytes).unwrap();
    let check = Command::new("qpdf").arg("--check").arg(&path).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).replace(['\u{202F}', '\u{00A0}'], " "),
        pdf,
    )
}

#[test]
fn the_etat_de_consommation_shows_each_enveloppe_at_the_date_in_pdf_and_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = demo::demo_followed();
    let (pdf_text, pdf) = text(Kind::EtatConsommation, &dossier, date(2025, 4, 30), dir.path());
    // Signed by the porteur's legal representative.
    assert!(
        pdf_text.contains("certifie exact le présent état de consommation")
            && pdf_text.contains("Représentant légal :")
            && pdf_text.contains("Signature et cachet"),
        "{pdf_text}"
    );
    assert!(!pdf.draft);
    for expected in [
        "État de consommation des enveloppes de subventions",
        "Situation au",
        "30/04/2025",
        "CONV-2024-117 du 20/09/2024",
        "460 333,33 €",
        // The Fondation's éditeur enveloppe: 36 000 awarded and received, 30 450,50 spent.
        "30 450,50 €",
        "84,6 %",
        "en retard",
    ] {
        assert!(pdf_text.contains(expected), "« {expected} » manque :\n{pdf_text}");
    }
    // The same inputs give the same bytes.
    let again = generate(
        Kind::EtatConsommation,
        &dossier,
        &Bareme::default_bareme(),
        date(2025, 4, 30),
        date(2025, 4, 30),
    );
    assert_eq!(again.bytes, pdf.bytes);
    // The workbook holds numbers a spreadsheet sums.
    let bytes = workbook(Kind::EtatConsommation, &dossier, &pdf.followup)
        .unwrap()
        .unwrap();
    let path = dir.path().join("etat.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let mut wb = calamine::open_workbook_auto(&path).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let row = range
        .rows()
        .find(|r| {
            r[0] == Data::String("Fondation Horizon Handicap".into())
                && r[3].to_string().starts_with("Éditeur — acquisition")
        })
        .unwrap()
        .to_vec();
    assert_eq!(
        (row[4].clone(), row[6].clone()),
        (Data::Float(36000.0), Data::Float(30450.5))
    );
    // 84,6 % is the number 0.846 with a percent format: it computes as one.
    assert_eq!(row[8], Data::Float(0.846));
    // The total row equals the PDF's total; the situation's date is a date cell; the tranches
    // are there with their due dates as dates.
    let total = range
        .rows()
        .find(|r| r[0] == Data::String("Total".into()))
        .unwrap()
        .to_vec();
    assert_eq!(
        total[4],
        Data::Float(pdf.followup.total.awarded.value().try_into().unwrap())
    );
    assert_eq!(
        wb.sheet_names(),
        ["État de consommation", "Points d'attention", "Versements", "Situation"]
    );
    // The points of attention of the PDF, one per row.
    let points = wb.worksheet_range("Points d'attention").unwrap();
    let listed = pdf
        .followup
        .findings
        .iter()
        .filter(|f| f.severity != grappe_core::Severity::Info)
        .count();
    assert!(listed > 0);
    assert_eq!(points.rows().count(), listed + 1);
    let situation = wb.worksheet_range("Situation").unwrap();
    let day = situation
        .rows()
        .find(|r| r[0] == Data::String("Situation au".into()))
        .unwrap()
        .to_vec();
    assert!(matches!(day[1], Data::DateTime(_)), "{:?}", day[1]);
    let tranches = wb.worksheet_range("Versements").unwrap();
    assert_eq!(tranches.rows().count(), pdf.followup.tranches.len() + 1);
    assert!(tranches.rows().skip(1).any(|r| matches!(r[3], Data::DateTime(_))));
}

#[test]
fn the_compte_rendu_is_a_draft_until_every_gap_over_the_threshold_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let mut dossier = demo::demo_followed();
    let after = date(2026, 12, 31);
    let (pdf_text, pdf) = text(Kind::CompteRendu, &dossier, after, dir.path());
    assert!(pdf.draft);
    for expected in [
        "Compte rendu financier de subvention",
        "1. Bilan qualitatif de l'action",
        "2. Tableau de synthèse : charges et produits de l'action",
        "-5 549,50 €",
        "-15,4 %",
        "À EXPLIQUER",
        "au plus tard le 30/06/2027",
    ] {
        assert!(pdf_text.contains(expected), "« {expected} » manque :\n{pdf_text}");
    }
    let suivi = dossier.suivi.as_mut().unwrap();
    suivi.review = "Le DUI est déployé dans les vingt ESSMS.".into();
    for g in &pdf.followup.compte_rendu {
        if g.over_threshold {
            suivi.explanations.push(Explanation {
                enveloppe: g.enveloppe.clone(),
                text: "Dépense reportée sur 2027.".into(),
            });
        }
    }
    let (pdf_text, pdf) = text(Kind::CompteRendu, &dossier, after, dir.path());
    assert!(!pdf.draft);
    assert!(pdf_text.contains("Le DUI est déployé dans les vingt ESSMS."));
    assert!(pdf_text.contains("Dépense reportée sur 2027.") && !pdf_text.contains("À EXPLIQUER"));
}

/// The row of a table whose line starts with `code` then `label` (pdftotext -layout keeps a row
/// on one line), its amounts in order.
fn amounts_of(pdf_text: &str, code: &str, label: &str) -> Vec<String> {
    let line = pdf_text
        .lines()
        .find(|l| {
            let mut words = l.split_whitespace();
            words.next() == Some(code) && l.contains(label)
        })
        .unwrap_or_else(|| panic!("« {code} {label} » manque :\n{pdf_text}"));
    let after = &line[line.find(label).unwrap() + label.len()..];
    after
        .split(" €")
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty() && a.chars().any(|c| c.is_ascii_digit()) && !a.contains('%'))
        .collect()
}

#[test]
fn the_compte_rendu_is_the_cerfa_15059_02_in_full_charges_by_nature_and_produits_to_the_cent() {
    use grappe_core::suivi::{Resource, ResourceKind};
    use grappe_core::Amount;
    let dir = tempfile::tempdir().unwrap();
    let mut dossier = demo::demo_followed();
    let suivi = dossier.suivi.as_mut().unwrap();
    suivi.review = "Le DUI est déployé.".into();
    let inputs = &mut suivi.compte_rendu;
    inputs.resources = vec![
        Resource {
            kind: ResourceKind::Subvention,
            label: "Conseil départemental du Nord".into(),
            prevu: Amount::parse("10000").unwrap(),
            realise: Amount::parse("8000").unwrap(),
        },
        Resource {
            kind: ResourceKind::FondsPropres,
            label: "Réserves".into(),
            prevu: Amount::parse("2500").unwrap(),
            realise: Amount::parse("2500").unwrap(),
        },
        Resource {
            kind: ResourceKind::ContributionsVolontaires,
            label: "Bénévolat des administrateurs".into(),
            prevu: Amount::parse("1200").unwrap(),
            realise: Amount::parse("900").unwrap(),
        },
    ];
    inputs.indirect_prevu = Amount::parse("3000").unwrap();
    inputs.indirect_realise = Amount::parse("2750.25").unwrap();
    inputs.indirect_rule = "Au prorata du temps du chef de projet.".into();
    let after = date(2026, 12, 31);
    let (pdf_text, pdf) = text(Kind::CompteRendu, &dossier, after, dir.path());
    for expected in [
        "CERFA n° 15059*02",
        "1. Bilan qualitatif de l'action",
        "2. Tableau de synthèse : charges et produits de l'action",
        "3. Annexe",
        "Règle de répartition des charges indirectes affectées à l'action",
        "Au prorata du temps du chef de projet.",
        "Explication des écarts supérieurs à 10,0 %",
        "Contributions volontaires en nature",
        "Bénévolat des administrateurs",
        "Je soussigné(e), Claire Martin, représentant(e) légal(e) de Association Les Tilleuls Solidaires,",
        "certifie exactes les informations du présent compte rendu.",
        "Signature et cachet",
    ] {
        assert!(pdf_text.contains(expected), "« {expected} » manque :\n{pdf_text}");
    }
    let up = &pdf.followup;
    let spent = grappe_core::money::format_eur(up.total.spent.value()).replace(['\u{202F}', '\u{00A0}'], " ");
    // The demo's expenses are typed (no account): the Fondation's éditeur spending is in 60.
    assert_eq!(amounts_of(&pdf_text, "60", "Achats")[1], spent.trim_end_matches(" €"));
    for code in ["61", "62", "63", "64", "65", "66", "67", "68"] {
        let label = grappe_core::suivi::Nature::ALL
            .iter()
            .find(|n| n.code() == code)
            .unwrap()
            .label();
        assert_eq!(amounts_of(&pdf_text, code, label)[1], "0,00", "{code}");
    }
    // Total des charges: what was spent and the indirect charges; 86 as 87.
    let total = &up.cerfa.total_charges;
    assert_eq!(total.realise, up.total.spent.value() + Decimal::new(275025, 2));
    assert_eq!(
        amounts_of(&pdf_text, "86", "Emplois des contributions volontaires")[1],
        "900,00"
    );
    assert_eq!(
        amounts_of(&pdf_text, "87", "Contributions volontaires en nature")[0],
        "1 200,00"
    );
    // The produits: this subsidy (awarded, received), the other funder.
    let this = amounts_of(&pdf_text, "74", "Présente subvention ESMS numérique");
    assert_eq!(this[..2], ["460 333,33".to_string(), "80 000,00".to_string()]);
    let other = amounts_of(&pdf_text, "74", "Subvention : Conseil départemental du Nord");
    assert_eq!(other, ["10 000,00", "8 000,00", "-2 000,00"]);
    assert!(pdf_text.contains("Fonds propres de l'organisme"));
    // The workbook: the same table, its totals equal to the PDF's.
    let bytes = workbook(Kind::CompteRendu, &dossier, up).unwrap().unwrap();
    let path = dir.path().join("crf.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let mut wb = calamine::open_workbook_auto(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Compte rendu financier",
            "Charges et produits",
            "Autres ressources",
            "Versements",
            "Situation"
        ]
    );
    let resources = wb.worksheet_range("Autres ressources").unwrap();
    assert_eq!(resources.rows().count(), 4);
    let sheet = wb.worksheet_range("Charges et produits").unwrap();
    let find = |side: &str, label: &str| {
        sheet
            .rows()
            .find(|r| r[0] == Data::String(side.into()) && r[2] == Data::String(label.into()))
            .unwrap_or_else(|| panic!("{side} {label}"))
            .to_vec()
    };
    let as_float = |d: Decimal| Data::Float(d.try_into().unwrap());
    assert_eq!(find("Charges", "Total des charges")[4], as_float(total.realise));
    assert_eq!(
        find("Produits", "Total des produits")[3],
        as_float(up.cerfa.total_products.prevu)
    );
    assert_eq!(find("Charges", "Achats")[1], Data::String("60".into()));
    assert!(
        matches!(find("Produits", "Subvention : Conseil départemental du Nord")[6], Data::Float(f) if (f + 0.2).abs() < 1e-9)
    );
}

#[test]
fn the_demande_de_solde_shows_the_evidence_and_is_final_once_every_target_is_reached() {
    let dir = tempfile::tempdir().unwrap();
    let mut dossier = demo::demo_followed();
    let day = date(2026, 5, 15);
    let (pdf_text, pdf) = text(Kind::DemandeSolde, &dossier, day, dir.path());
    assert!(
        pdf_text.contains("certifie exactes les informations de la présente demande")
            && pdf_text.contains("Signature et cachet"),
        "{pdf_text}"
    );
    assert!(pdf.draft);
    assert!(pdf_text.contains("Le solde ne peut pas encore être demandé"));
    // Every target measured and reached.
    let essms: Vec<String> = dossier.essms.iter().map(|e| e.finess_et.clone()).collect();
    let suivi = dossier.suivi.as_mut().unwrap();
    let indicators = suivi.indicators.clone();
    for ind in &indicators {
        let measure = |essms: Option<String>| Measurement {
            indicator: ind.indicator.clone(),
            essms,
            date: date(2026, 4, 30),
            value: ind.target + Decimal::ONE,
            source: "Export du DUI au 30/04/2026".into(),
        };
        match ind.scope {
            grappe_core::suivi::Scope::Grappe => suivi.measurements.push(measure(None)),
            grappe_core::suivi::Scope::Essms => suivi
                .measurements
                .extend(essms.iter().map(|e| measure(Some(e.clone())))),
        }
    }
    let (pdf_text, pdf) = text(Kind::DemandeSolde, &dossier, day, dir.path());
    assert!(!pdf.draft, "{:?}", pdf.followup.solde.missing);
    for expected in [
        "Demande de versement du solde",
        // The targets tranches, less the 9 833,33 the Fondation already received.
        "51 333,33 €",
        "cible 80 %",
        "599011004",
        "81 %",
        "Export du DUI au 30/04/2026",
    ] {
        assert!(pdf_text.contains(expected), "« {expected} » manque :\n{pdf_text}");
    }
    assert!(!pdf_text.contains("NON ATTEINTE"));
    assert!(workbook(Kind::DemandeSolde, &dossier, &pdf.followup).unwrap().is_none());
}
