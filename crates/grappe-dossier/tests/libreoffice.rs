//! Every workbook Grappe writes (the candidature's annexes, the état de consommation, the compte
//! rendu financier, the état par projet of the portfolio), opened by LibreOffice headless and saved as OpenDocument: LibreOffice reads
//! each cell as Grappe typed it — dates are date cells, percentages and amounts numbers of the
//! same value (so the totals equal the PDFs'), text stays text. The cells' types are read from
//! the file LibreOffice wrote.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, DataType, Reader};
use chrono::NaiveDate;
use grappe_core::{demo, evaluate, Bareme};
use grappe_dossier::suivi::{generate, workbook, Kind};

/// What a cell is, whatever the file format says of it.
#[derive(Debug, Clone, PartialEq)]
enum Typed {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

fn typed(d: &Data) -> Typed {
    match d {
        Data::Empty => Typed::Empty,
        Data::String(s) if s.is_empty() => Typed::Empty,
        Data::String(s) => Typed::Text(s.clone()),
        Data::Float(f) => Typed::Number(*f),
        Data::Int(i) => Typed::Number(*i as f64),
        Data::DateTime(_) | Data::DateTimeIso(_) => Typed::Date(d.as_date().unwrap()),
        other => panic!("cellule inattendue : {other:?}"),
    }
}

fn sheets(path: &Path) -> Vec<(String, Vec<Vec<Typed>>)> {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    wb.sheet_names()
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let rows = range.rows().map(|r| r.iter().map(typed).collect()).collect();
            (name, rows)
        })
        .collect()
}

/// The workbooks converted to OpenDocument by LibreOffice, in `out`.
fn converted_by_libreoffice(files: &[PathBuf], out: &Path, profile: &Path) -> Vec<PathBuf> {
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("LibreOffice (soffice) est requis : scripts/test.sh l'installe");
    let status = Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "ods", "--outdir"])
        .arg(out)
        .args(files)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    files
        .iter()
        .map(|f| out.join(f.with_extension("ods").file_name().unwrap()))
        .collect()
}

#[test]
fn libreoffice_reads_every_cell_of_every_workbook_as_grappe_typed_it() {
    let dir = tempfile::tempdir().unwrap();
    let day = NaiveDate::from_ymd_opt(2025, 4, 30).unwrap();
    let bareme = Bareme::default_bareme();
    let candidature = demo::demo_dossier();
    let annexes = grappe_dossier::annexes::build(&candidature, &evaluate(&candidature, &bareme)).unwrap();
    let followed = demo::demo_followed();
    let mut files = vec![(dir.path().join("annexes.xlsx"), annexes.workbook)];
    for (kind, name) in [(Kind::EtatConsommation, "etat.xlsx"), (Kind::CompteRendu, "crf.xlsx")] {
        let up = generate(kind, &followed, &bareme, day, day).followup;
        files.push((dir.path().join(name), workbook(kind, &followed, &up).unwrap().unwrap()));
    }
    let projects: Vec<grappe_core::portfolio::ProjectRow> = [followed.clone(), candidature.clone()]
        .iter()
        .map(|d| grappe_core::portfolio::ProjectRow::of(d, &bareme, day))
        .collect();
    let shown: Vec<&grappe_core::portfolio::ProjectRow> = projects.iter().collect();
    let portfolio = grappe_dossier::portfolio::generate(&shown, &[], day, day).unwrap();
    files.push((dir.path().join("portefeuille.xlsx"), portfolio.workbook));
    for (path, bytes) in &files {
        std::fs::write(path, bytes).unwrap();
    }
    let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    let out = dir.path().join("ods");
    let converted = converted_by_libreoffice(&paths, &out, &dir.path().join("profile"));
    let (mut dates, mut percents) = (0, 0);
    for (ours, theirs) in paths.iter().zip(&converted) {
        let ours = sheets(ours);
        let theirs = sheets(theirs);
        assert_eq!(
            ours.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            theirs.iter().map(|(n, _)| n).collect::<Vec<_>>()
        );
        for ((name, a), (_, b)) in ours.iter().zip(&theirs) {
            assert_eq!(a.len(), b.len(), "{name}");
            for (k, (x, y)) in a.iter().zip(b).enumerate() {
                for (c, (p, q)) in x.iter().zip(y).enumerate() {
                    match (p, q) {
                        (Typed::Number(p), Typed::Number(q)) => {
                            assert!((p - q).abs() < 1e-9, "{name} L{}C{} : {p} ≠ {q}", k + 1, c + 1)
                        }
                        _ => assert_eq!(p, q, "{name} L{}C{}", k + 1, c + 1),
                    }
                    if matches!(q, Typed::Date(_)) {
                        dates += 1;
                    }
                    // A percentage: the header says so, the value a number (0,846 for 84,6 %).
                    if a[0]
                        .get(c)
                        .is_some_and(|h| matches!(h, Typed::Text(t) if t.contains("(%)")))
                        && matches!(q, Typed::Number(_))
                    {
                        percents += 1;
                    }
                }
            }
        }
    }
    eprintln!("LibreOffice : {dates} dates, {percents} pourcentages");
    assert!(dates >= 10 && percents >= 10, "{dates} dates, {percents} pourcentages");
}
