//! The état de consommation des enveloppes par projet as its readers get it: the PDF through
//! `pdftotext` and `qpdf --check`, the workbook read back (real cells, totals equal the PDF's).
#![allow(clippy::unwrap_used)]

use std::process::Command;

use calamine::{Data, Reader};
use chrono::NaiveDate;
use grappe_core::portfolio::{totals, ProjectRow};
use grappe_core::{demo, Bareme};
use grappe_dossier::portfolio::generate;

#[test]
fn the_etat_par_projet_lists_each_project_with_the_totals_in_pdf_and_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let day = NaiveDate::from_ymd_opt(2025, 4, 30).unwrap();
    let bareme = Bareme::default_bareme();
    let mut second = demo::demo_followed();
    second.name = "Grappe du Hainaut".into();
    second.suivi.as_mut().unwrap().expenses.truncate(1);
    let rows: Vec<ProjectRow> = [demo::demo_followed(), second, demo::demo_dossier()]
        .iter()
        .map(|d| ProjectRow::of(d, &bareme, day))
        .collect();
    let shown: Vec<&ProjectRow> = rows.iter().collect();
    let filters = vec![("Client".to_string(), "Association Les Tilleuls Solidaires".to_string())];
    let doc = generate(&shown, &filters, day, day).unwrap();
    let pdf = dir.path().join("etat-par-projet.pdf");
    std::fs::write(&pdf, &doc.pdf).unwrap();
    assert!(Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .status()
        .unwrap()
        .success());
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).replace(['\u{202F}', '\u{00A0}'], " ");
    let t = totals(shown.iter().copied());
    let eur = |d| grappe_core::money::format_eur(d).replace(['\u{202F}', '\u{00A0}'], " ");
    for expected in [
        "État de consommation des enveloppes de subventions par projet",
        "Situation au",
        "30/04/2025",
        "Client : Association Les Tilleuls Solidaires",
        "Grappe numérique des Flandres",
        "Grappe du Hainaut",
        "TOTAL",
        "Ce qui est en retard",
    ] {
        assert!(text.contains(expected), "« {expected} » manque :\n{text}");
    }
    let total_line = text.lines().find(|l| l.trim_start().starts_with("TOTAL")).unwrap();
    assert!(
        total_line.contains(&eur(t.awarded)) && total_line.contains(&eur(t.spent)),
        "{total_line}"
    );
    // The same inputs give the same bytes.
    assert_eq!(generate(&shown, &filters, day, day).unwrap().pdf, doc.pdf);

    let xlsx = dir.path().join("etat-par-projet.xlsx");
    std::fs::write(&xlsx, &doc.workbook).unwrap();
    let mut wb = calamine::open_workbook_auto(&xlsx).unwrap();
    assert_eq!(wb.sheet_names(), ["Projets", "Enveloppes", "Situation"]);
    let projects = wb.worksheet_range("Projets").unwrap();
    let total = projects
        .rows()
        .find(|r| r[0] == Data::String("Total".into()))
        .unwrap()
        .to_vec();
    assert_eq!(total[6], Data::Float(t.awarded.try_into().unwrap()));
    assert_eq!(total[8], Data::Float(t.spent.try_into().unwrap()));
    let first = projects.rows().nth(1).unwrap().to_vec();
    assert!(matches!(first[13], Data::DateTime(_)), "{:?}", first[13]);
    assert!(matches!(first[10], Data::Float(_)), "{:?}", first[10]);
    let enveloppes = wb.worksheet_range("Enveloppes").unwrap();
    let count: usize = rows.iter().map(|r| r.enveloppes.len()).sum();
    assert_eq!(enveloppes.rows().count(), count + 1);
}
