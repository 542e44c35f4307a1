//! Reference data on real files: the FINESS extract in its real format (both variants, both
//! encodings), bad input of every kind, search, référencé solutions from CSV and XLSX.

#![allow(clippy::unwrap_used)] // tests may fail loudly

use std::fs;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use grappe_core::category::Sector;
use grappe_store::reference::finess_file::{parse_line, split_fields, Line};
use grappe_store::reference::samples::{finess_extract, finess_extract_with_rows, SampleEncoding, Variant};
use grappe_store::{RefSolution, SearchFilters, Store, StoreError};

fn go(_: grappe_store::Progress) -> ControlFlow<()> {
    ControlFlow::Continue(())
}

fn store(dir: &Path) -> Store {
    Store::open(&dir.join("grappe.sqlite")).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

fn import(store: &mut Store, path: &Path) -> Result<grappe_store::FinessImportReport, StoreError> {
    store.import_finess(path, &mut go)
}

#[test]
fn a_100000_line_extract_imports_with_every_field_right() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let extract = finess_extract_with_rows(100_000, 7, Variant::Cs1100502, SampleEncoding::Windows1252);
    let path = write(dir.path(), "etalab-cs1100502-stock-20261031.csv", &extract.bytes);
    let mut calls = 0;
    let report = s
        .import_finess(&path, &mut |p| {
            calls += 1;
            assert!(p.percent() <= 100 && p.lines > 0);
            ControlFlow::Continue(())
        })
        .unwrap();
    assert_eq!(
        (report.lines, report.etablissements, report.rejected_count),
        (100_001, 100_000, 0),
        "{:?}",
        report.rejected
    );
    assert_eq!(report.encoding, "Windows-1252");
    assert_eq!(report.extract_date.to_string(), "2026-10-31");
    assert!(calls >= 20, "progress reported {calls} times");
    assert!(report.entites >= 20_000);
    let info = s.finess_extract().unwrap().unwrap();
    assert_eq!(
        (info.file_name.as_str(), info.etablissements),
        ("etalab-cs1100502-stock-20261031.csv", 100_000)
    );

    // Spot checks: 20 lines, among them doubled quotes (i % 97 == 13), Corse and overseas.
    let picks = [
        0, 1, 13, 40, 45, 50, 55, 110, 207, 401, 594, 1_000, 9_999, 12_345, 33_333, 50_000, 67_913, 77_777, 99_998,
        99_999,
    ];
    let mut kinds = std::collections::BTreeSet::new();
    for i in picks {
        let row = &extract.rows[i];
        let e = s
            .etablissement(&row[1])
            .unwrap()
            .unwrap_or_else(|| panic!("line {} missing", i + 2));
        let (postcode, town) = row[15].split_once(' ').unwrap();
        assert_eq!(
            (&e.finess_et, &e.finess_ej, &e.name, &e.long_name),
            (&row[1], &row[2], &row[3], &row[4]),
            "line {}",
            i + 2
        );
        assert_eq!(
            (e.postcode.as_str(), e.commune.as_str()),
            (postcode, town),
            "line {}",
            i + 2
        );
        assert_eq!(
            (
                &e.category,
                &e.category_label,
                &e.aggregate,
                &e.aggregate_label,
                &e.siret
            ),
            (&row[18], &row[19], &row[20], &row[21], &row[22])
        );
        let insee = match row[13].as_str() {
            "9A" => "971",
            "9D" => "974",
            "9F" => "976",
            d => d,
        };
        assert_eq!(e.departement, insee);
        if row[3].contains('"') {
            kinds.insert("quotes");
        }
        if !row[4].is_ascii() {
            kinds.insert("accents");
        }
        kinds.insert(match insee {
            "2A" | "2B" => "corse",
            "971" | "974" | "976" => "outre-mer",
            _ => "metropole",
        });
    }
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["accents", "corse", "metropole", "outre-mer", "quotes"]
    );
}

#[test]
fn both_variants_and_encodings() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let geo = write(
        dir.path(),
        "cs1100507.csv",
        &finess_extract(300, 1, Variant::Cs1100507, SampleEncoding::Utf8),
    );
    let report = import(&mut s, &geo).unwrap();
    assert_eq!(
        (report.etablissements, report.skipped, report.rejected_count),
        (300, 300, 0)
    );
    assert_eq!(report.encoding, "UTF-8");
    // A second import replaces the first.
    let small = write(
        dir.path(),
        "cs1100502.csv",
        &finess_extract(50, 2, Variant::Cs1100502, SampleEncoding::Windows1252),
    );
    assert_eq!(import(&mut s, &small).unwrap().etablissements, 50);
    assert_eq!(s.finess_extract().unwrap().unwrap().etablissements, 50);
}

/// A valid extract whose lines `edit` changes, with the line numbers it reports.
fn edited_extract(dir: &Path, name: &str, edit: impl Fn(usize, &mut Vec<u8>)) -> PathBuf {
    let bytes = finess_extract(100, 3, Variant::Cs1100502, SampleEncoding::Windows1252);
    let mut out = Vec::new();
    for (i, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        let mut line = line.to_vec();
        edit(i + 1, &mut line);
        out.extend(line);
    }
    write(dir, name, &out)
}

#[test]
fn bad_lines_are_reported_with_their_number_and_valid_lines_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let path = edited_extract(dir.path(), "quelques-erreurs.csv", |n, line| match n {
        // Cut in the middle (truncated line).
        5 => {
            line.truncate(60);
            line.push(b'\n');
        }
        // One field too many.
        9 => {
            line.pop();
            line.extend(b";en trop\n");
        }
        // A wrong FINESS key: the ET's last digit changed.
        17 => {
            let s = String::from_utf8_lossy(line).to_string();
            let et = &s[12..21];
            let wrong = format!("{}{}", &et[..8], (et.as_bytes()[8] - b'0' + 1) % 10);
            *line = s.replacen(et, &wrong, 1).into_bytes();
        }
        _ => {}
    });
    let report = import(&mut s, &path).unwrap();
    assert_eq!((report.etablissements, report.rejected_count), (97, 3));
    let reasons: Vec<(u64, &str)> = report.rejected.iter().map(|r| (r.line, r.reason.as_str())).collect();
    assert_eq!(reasons[0].0, 5);
    assert!(reasons[0].1.contains("champs au lieu de 32"), "{reasons:?}");
    assert_eq!(
        reasons[1],
        (9, "33 champs au lieu de 32 (ligne tronquée ou mal découpée)")
    );
    assert_eq!(reasons[2].0, 17);
    assert!(reasons[2].1.contains("clé de contrôle incorrecte"), "{reasons:?}");
}

#[test]
fn mixed_encodings_are_decoded_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let extract = finess_extract_with_rows(60, 4, Variant::Cs1100502, SampleEncoding::Windows1252);
    let utf8 = String::from_utf8(finess_extract(60, 4, Variant::Cs1100502, SampleEncoding::Utf8)).unwrap();
    // Lines 1–30 in Windows-1252, the rest in UTF-8.
    let cp: Vec<&[u8]> = extract.bytes.split_inclusive(|&b| b == b'\n').collect();
    let u8lines: Vec<&str> = utf8.split_inclusive('\n').collect();
    let mut bytes = Vec::new();
    for i in 0..cp.len() {
        bytes.extend_from_slice(if i <= 30 { cp[i] } else { u8lines[i].as_bytes() });
    }
    let path = write(dir.path(), "mixte.csv", &bytes);
    let report = import(&mut s, &path).unwrap();
    assert_eq!((report.etablissements, report.rejected_count), (60, 0));
    assert_eq!(report.encoding, "mixte (UTF-8 et Windows-1252)");
    for i in [3, 50] {
        let row = &extract.rows[i];
        assert_eq!(s.etablissement(&row[1]).unwrap().unwrap().long_name, row[4]);
    }
}

#[test]
fn files_that_are_not_extracts_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let good = write(
        dir.path(),
        "bon.csv",
        &finess_extract(40, 5, Variant::Cs1100502, SampleEncoding::Utf8),
    );
    import(&mut s, &good).unwrap();

    let other_csv = write(dir.path(), "autre.csv", b"nom;prenom;ville\nDupont;Marie;Lille\n");
    let empty = write(dir.path(), "vide.csv", b"");
    let only_header = write(dir.path(), "entete.csv", b"finess;etalab;111;2026-10-31\n");
    // 30 % of the lines broken: refused as a whole.
    let mostly_bad = edited_extract(dir.path(), "abime.csv", |n, line| {
        if n > 1 && n % 3 == 0 {
            line.truncate(40);
            line.push(b'\n');
        }
    });
    let cases: [(&Path, &str); 4] = [
        (&other_csv, "n'est pas celle d'un extrait FINESS"),
        (&empty, "le fichier est vide (0 octet)"),
        (&only_header, "aucun établissement valide"),
        (&mostly_bad, "33 lignes rejetées sur 101 lues"),
    ];
    for (path, expected) in cases {
        let err = import(&mut s, path).unwrap_err();
        assert_eq!(err.code(), "import_refused", "{err}");
        assert!(err.to_string().contains(expected), "{}: {err}", path.display());
        assert_eq!(s.finess_extract().unwrap().unwrap().file_name, "bon.csv");
    }
    assert_eq!(s.finess_extract().unwrap().unwrap().etablissements, 40);
}

#[test]
fn cancelling_keeps_the_previous_reference_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let first = write(
        dir.path(),
        "premier.csv",
        &finess_extract(30, 8, Variant::Cs1100502, SampleEncoding::Utf8),
    );
    import(&mut s, &first).unwrap();
    let big = write(
        dir.path(),
        "gros.csv",
        &finess_extract(20_000, 9, Variant::Cs1100502, SampleEncoding::Utf8),
    );
    let err = s
        .import_finess(&big, &mut |p| {
            if p.lines > 8_000 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Cancelled));
    assert!(err
        .to_string()
        .contains("données de référence précédentes sont conservées"));
    let info = s.finess_extract().unwrap().unwrap();
    assert_eq!((info.file_name.as_str(), info.etablissements), ("premier.csv", 30));
}

#[test]
fn search_by_words_finess_commune_postcode_with_filters() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let extract = finess_extract_with_rows(2_000, 11, Variant::Cs1100502, SampleEncoding::Windows1252);
    let path = write(dir.path(), "extrait.csv", &extract.bytes);
    import(&mut s, &path).unwrap();
    let all = SearchFilters::default();

    // Words in any order, prefixes, accents and case ignored.
    let hits = s.search("tilleul ehp", &all, 50).unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|e| e.name.contains("TILLEULS") && e.name.starts_with("EHPAD")),
        "{hits:?}"
    );
    // œ folded: « oeillets » finds « LES ŒILLETS ».
    let hits = s.search("oeillets", &all, 50).unwrap();
    assert!(
        !hits.is_empty() && hits.iter().all(|e| e.long_name.contains("Les Œillets")),
        "{hits:?}"
    );
    assert!(hits.iter().any(|e| e.name.contains("LES ŒILLETS")));
    assert_eq!(s.search("ŒILLETS", &all, 50).unwrap(), hits);
    // Commune, with or without accents, and postcode.
    let hits = s.search("bethune", &all, 20).unwrap();
    assert!(!hits.is_empty() && hits.iter().all(|e| e.commune == "BÉTHUNE-LA-FACTICE"));
    let row = &extract.rows[123];
    let postcode = row[15].split(' ').next().unwrap();
    assert!(s
        .search(postcode, &all, 100)
        .unwrap()
        .iter()
        .any(|e| e.finess_et == row[1]));
    // FINESS ET or EJ, with or without spaces.
    let et = &row[1];
    let spaced = format!("{} {} {} {}", &et[..2], &et[2..5], &et[5..8], &et[8..]);
    assert_eq!(s.search(&spaced, &all, 5).unwrap()[0].finess_et, *et);
    let of_ej = s.search(&row[2], &all, 50).unwrap();
    assert!(of_ej.len() >= 2 && of_ej.iter().all(|e| e.finess_ej == row[2]));
    assert_eq!(of_ej.len(), s.etablissements_of_ej(&row[2]).unwrap().len());
    // Filters: département (Corse, overseas) and sector.
    let corse = SearchFilters {
        departement: Some("2A".into()),
        sector: None,
    };
    let hits = s.search("ehpad", &corse, 100).unwrap();
    assert!(!hits.is_empty() && hits.iter().all(|e| e.departement == "2A"));
    let reunion_ph = SearchFilters {
        departement: Some("974".into()),
        sector: Some(Sector::PersonnesHandicapees),
    };
    let hits = s.search("les", &reunion_ph, 100).unwrap();
    assert!(
        !hits.is_empty()
            && hits
                .iter()
                .all(|e| e.departement == "974" && e.sector == Some(Sector::PersonnesHandicapees))
    );
    // Hospitals have no sector; nothing found is an empty list.
    assert!(s
        .search("centre hospitalier", &all, 100)
        .unwrap()
        .iter()
        .all(|e| e.sector.is_none()));
    assert!(s.search("zzzzzz", &all, 10).unwrap().is_empty());
    assert!(s.search("  ", &all, 10).unwrap().is_empty());
}

#[test]
fn solutions_from_csv_and_xlsx_with_rejected_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let csv = format!(
        "{}{}",
        grappe_store::reference::samples::solutions_csv(),
        "Éditeur sans date;Solution;1;ID-9;DUI MS1;;\n;Sans éditeur;1;ID-10;DUI MS1;01/01/2024;\nÉditeur;Dates inversées;1;ID-11;DUI MS1;01/06/2024;01/01/2024\nÉditeur;Date fausse;1;ID-12;DUI MS1;31/02/2024;\n"
    );
    let path = write(dir.path(), "solutions.csv", csv.as_bytes());
    let report = s.import_solutions(&path).unwrap();
    assert_eq!(report.imported, 7);
    let reasons: Vec<(u64, String)> = report.rejected.iter().map(|r| (r.line, r.reason.clone())).collect();
    assert_eq!(
        reasons,
        [
            (9, "date de référencement manquante".to_string()),
            (10, "l'éditeur manque".to_string()),
            (
                11,
                "la fin de validité (01/01/2024) précède la date de référencement (01/06/2024)".to_string()
            ),
            (
                12,
                "date de référencement : date « 31/02/2024 » illisible (JJ/MM/AAAA attendu)".to_string()
            ),
        ]
    );
    let horizon = s
        .solutions()
        .unwrap()
        .into_iter()
        .find(|x| x.identifier == "DEMO-DUI-MS1-0031")
        .unwrap();
    assert_eq!(horizon.valid_until, chrono::NaiveDate::from_ymd_opt(2024, 5, 31));
    // Importing again updates, not duplicates.
    assert_eq!(s.import_solutions(&path).unwrap().imported, 7);
    assert_eq!(s.solutions().unwrap().len(), 7);

    // XLSX with real date cells, a comma list in Windows-1252 with other header words.
    let xlsx = dir.path().join("solutions.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in [
        "Editeur",
        "Nom de la solution",
        "Version",
        "Identifiant",
        "Dispositif",
        "Date de référencement",
        "Fin de validité",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["Éditeur Tableur (fictif)", "DUI Classeur", "1.0", "XLSX-1", "DUI MS1"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    let d = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 3, 15).unwrap();
    ws.write_datetime_with_format(1, 5, &d, &date_format).unwrap();
    wb.save(&xlsx).unwrap();
    let report = s.import_solutions(&xlsx).unwrap();
    assert_eq!((report.imported, report.rejected.len()), (1, 0));
    let x = s
        .solutions()
        .unwrap()
        .into_iter()
        .find(|x| x.identifier == "XLSX-1")
        .unwrap();
    assert_eq!(
        (x.referenced_on, x.valid_until),
        (chrono::NaiveDate::from_ymd_opt(2024, 3, 15).unwrap(), None)
    );

    let missing = write(dir.path(), "colonnes.csv", b"Editeur;Solution\nA;B\n");
    let err = s.import_solutions(&missing).unwrap_err();
    assert!(
        err.to_string()
            .contains("colonnes manquantes : version, identifiant de référencement, dispositif, date de référencement"),
        "{err}"
    );
}

#[test]
fn solutions_entered_and_edited_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let mut sol = RefSolution {
        id: None,
        editeur: "Éditeur manuel".into(),
        solution: "DUI Main".into(),
        version: "2".into(),
        identifier: "MAN-1".into(),
        dispositif: "DUI MS1".into(),
        referenced_on: chrono::NaiveDate::from_ymd_opt(2024, 1, 10).unwrap(),
        valid_until: None,
    };
    let id = s.save_solution(&sol).unwrap();
    sol.id = Some(id);
    sol.version = "2.1".into();
    assert_eq!(s.save_solution(&sol).unwrap(), id);
    assert_eq!(s.solutions().unwrap(), [sol.clone()]);
    assert_eq!(sol.to_model().referencement.unwrap().identifier, "MAN-1");
    let mut bad = sol.clone();
    bad.editeur = " ".into();
    bad.valid_until = chrono::NaiveDate::from_ymd_opt(2023, 1, 1);
    let err = s.save_solution(&bad).unwrap_err().to_string();
    assert!(
        err.contains("l'éditeur manque") && err.contains("précède la date de référencement"),
        "{err}"
    );
    let mut copy = sol.clone();
    copy.id = None;
    assert!(s.save_solution(&copy).unwrap_err().to_string().contains("existe déjà"));
    s.delete_solution(id).unwrap();
    assert!(s.solutions().unwrap().is_empty());
}

#[test]
fn the_shipped_samples_import_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let report = import(&mut s, &root.join("etalab-cs1100502-stock-exemple-fictif.csv")).unwrap();
    assert_eq!(
        (report.etablissements, report.rejected_count, report.encoding.as_str()),
        (400, 0, "Windows-1252")
    );
    // The shipped files are exactly what the generator makes.
    assert_eq!(
        fs::read(root.join("etalab-cs1100502-stock-exemple-fictif.csv")).unwrap(),
        finess_extract(400, 2026, Variant::Cs1100502, SampleEncoding::Windows1252)
    );
    let report = s
        .import_solutions(&root.join("solutions-referencees-exemple-fictif.csv"))
        .unwrap();
    assert_eq!((report.imported, report.rejected.len()), (7, 0));
}

mod line_parser {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_line_parses_or_is_rejected_without_panic(line in any::<String>()) {
            let _ = parse_line(&line);
            let _ = split_fields(&line);
        }

        #[test]
        fn quoted_fields_split_back_exactly(fields in prop::collection::vec("[^\n\r]{0,12}", 1..40)) {
            let line: Vec<String> = fields
                .iter()
                .map(|f| if f.contains([';', '"']) || f.starts_with('"') { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.clone() })
                .collect();
            prop_assert_eq!(split_fields(&line.join(";")).unwrap(), fields);
        }

        #[test]
        fn establishment_lines_with_a_changed_field_never_panic(i in 0usize..32, value in ".{0,20}") {
            let extract = finess_extract_with_rows(1, 1, Variant::Cs1100502, SampleEncoding::Utf8);
            let mut row = extract.rows[0].clone();
            row[i] = value;
            let line = row.iter().map(|f| format!("\"{}\"", f.replace('"', "\"\""))).collect::<Vec<_>>().join(";");
            match parse_line(&line) {
                Line::Etablissement(e, _) => prop_assert!(grappe_core::Finess::is_valid(&e.finess_et)),
                Line::Rejected(reason) => prop_assert!(!reason.is_empty()),
                Line::Skipped => prop_assert!(i == 0),
            }
        }
    }
}

#[test]
fn dossiers_keep_their_values_until_the_user_refreshes_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let extract = finess_extract_with_rows(50, 12, Variant::Cs1100502, SampleEncoding::Utf8);
    let first = write(dir.path(), "octobre.csv", &extract.bytes);
    import(&mut s, &first).unwrap();

    // A dossier with the 5 establishments of one EJ, added in one click.
    let ej = extract.rows[0][2].clone();
    let refs = s.etablissements_of_ej(&ej).unwrap();
    assert_eq!(refs.len(), 5);
    let mut dossier = grappe_core::Dossier::new(
        "Grappe",
        "2023-2025",
        chrono::NaiveDate::from_ymd_opt(2024, 4, 2).unwrap(),
    );
    dossier.essms = refs
        .iter()
        .map(|r| r.to_essms(grappe_core::model::Situation::NewSolution))
        .collect();
    assert_eq!(dossier.essms[0].og, ej);
    assert!(!dossier.essms[0].name.is_empty() && !dossier.essms[0].category.is_empty());
    let id = s.create(&dossier).unwrap();
    assert!(s.refresh_candidates(id).unwrap().is_empty());

    // A newer extract renames one establishment: the dossier is not touched…
    let renamed_et = refs[2].finess_et.clone();
    let newer = String::from_utf8(extract.bytes.clone())
        .unwrap()
        .replace(&refs[2].long_name, "EHPAD Nouveau Nom de Test");
    let second = write(dir.path(), "novembre.csv", newer.as_bytes());
    import(&mut s, &second).unwrap();
    let before = s.load(id).unwrap();
    assert_eq!(before.dossier, dossier);
    // …until the user refreshes it from the candidates listed.
    let candidates = s.refresh_candidates(id).unwrap();
    assert_eq!(candidates.len(), 1);
    assert_eq!(candidates[0].finess_et, renamed_et);
    assert_eq!(
        candidates[0].changes,
        [(
            "nom".to_string(),
            refs[2].long_name.clone(),
            "EHPAD Nouveau Nom de Test".to_string()
        )]
    );
    let mut essms = before.dossier.essms[2].clone();
    s.etablissement(&renamed_et).unwrap().unwrap().refresh(&mut essms);
    s.save_essms(id, candidates[0].essms_id, &essms).unwrap();
    assert!(s.refresh_candidates(id).unwrap().is_empty());
}

#[test]
fn a_list_of_essms_from_csv_or_xlsx_is_looked_up_row_by_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    import(&mut s, &root.join("etalab-cs1100502-stock-exemple-fictif.csv")).unwrap();
    let known = s.search("ehpad", &SearchFilters::default(), 2).unwrap();
    let (a, b) = (&known[0].finess_et, &known[1].finess_et);
    let spaced = format!("{} {} {}", &b[..3], &b[3..6], &b[6..]);
    let unknown = grappe_core::finess::with_key("59099999").unwrap().as_str().to_string();
    assert!(s.etablissement(&unknown).unwrap().is_none());
    let mut typo = a.clone();
    typo.replace_range(8..9, if a.ends_with('0') { "1" } else { "0" });
    let csv = format!(
        "Établissement;FINESS ET\nEHPAD A;{a}\nEHPAD B;{spaced}\nEncore A;{a}\nInconnu;{unknown}\nFaute;{typo}\n\n"
    );
    let report = s.essms_list(&write(dir.path(), "liste.csv", csv.as_bytes())).unwrap();
    let found: Vec<&str> = report.found.iter().map(|e| e.finess_et.as_str()).collect();
    assert_eq!(found, [a.as_str(), b.as_str()]);
    assert_eq!(report.unknown, [unknown.as_str()]);
    assert_eq!(report.duplicates, [a.as_str()]);
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].line, 6);
    assert!(
        report.rejected[0].reason.contains("clé de contrôle"),
        "{}",
        report.rejected[0].reason
    );

    // The same list as a workbook, numbers typed as text in the second column.
    let xlsx = dir.path().join("liste.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, (name, finess)) in [("Nom", "FINESS"), ("A", a.as_str()), ("X", unknown.as_str())]
        .iter()
        .enumerate()
    {
        ws.write_string(r as u32, 0, *name).unwrap();
        ws.write_string(r as u32, 1, *finess).unwrap();
    }
    wb.save(&xlsx).unwrap();
    let report = s.essms_list(&xlsx).unwrap();
    assert_eq!(
        (report.found.len(), report.unknown.len(), report.rejected.len()),
        (1, 1, 0)
    );

    // A file that is not a table is refused with the file named.
    let err = s
        .essms_list(&write(dir.path(), "faux.xlsx", b"pas un classeur"))
        .unwrap_err();
    assert!(err.to_string().contains("faux.xlsx"), "{err}");
}

/// A code and its label, as the FINESS file gives them.
type CodeLabel = (&'static str, &'static str);

/// One establishment line of the national extract, in its real 32-field format.
#[allow(clippy::too_many_arguments)]
fn extract_line(
    et: &str,
    ej: &str,
    name: &str,
    dep: &str,
    acheminement: &str,
    category: (&str, &str),
    agregat: (&str, &str),
) -> String {
    let mut fields = vec![String::new(); 32];
    fields[0] = "structureet".into();
    fields[1] = et.into();
    fields[2] = ej.into();
    fields[3] = name.to_uppercase();
    fields[4] = name.into();
    fields[13] = dep.into();
    fields[15] = acheminement.into();
    fields[18] = category.0.into();
    fields[19] = category.1.into();
    fields[20] = agregat.0.into();
    fields[21] = agregat.1.into();
    fields.join(";")
}

#[test]
fn a_real_grappe_of_mixed_categories_from_a_finess_extract_is_eligible_and_funded_exactly() {
    use grappe_core::finess::with_key;
    use grappe_core::model::{Og, Situation};
    const HEB_AH: (&str, &str) = ("4301", "Etab. et Services d'Hébergement pour Adultes Handicapés");
    // Categories as the FINESS file labels them, with their agrégats (D-CATEGORY).
    let a_categories: [(CodeLabel, CodeLabel); 8] = [
        (
            ("500", "Etab. hébergement pers. âgées dépendantes"),
            ("4401", "Etablissements d'Hébergement pour Personnes Âgées"),
        ),
        (
            ("437", "Foyer Accueil Médicalisé pour Adultes Handicapés (F.A.M.)"),
            HEB_AH,
        ),
        (("382", "Foyer de Vie pour Adultes Handicapés"), HEB_AH),
        (("252", "Foyer Hébergement Adultes Handicapés"), HEB_AH),
        (
            ("246", "Etablissement et Service d'Aide par le Travail (E.S.A.T.)"),
            ("4302", "Etab.et Services de Travail Protégé pour Adultes Handicapés"),
        ),
        (
            ("214", "Centre Hébergement & Réinsertion Sociale (C.H.R.S.)"),
            ("4601", "Etablissements pour Adultes et Familles en Difficulté"),
        ),
        (
            ("177", "Maison d'Enfants à Caractère Social"),
            ("4501", "Etablissements de l'Aide Sociale à l'Enfance"),
        ),
        (
            ("354", "Service de Soins Infirmiers A Domicile (S.S.I.A.D)"),
            ("4605", "Etablissements et services multi-clientèles"),
        ),
    ];
    let b_categories: [(CodeLabel, CodeLabel); 8] = [
        (
            ("500", "Etab. hébergement pers. âgées dépendantes"),
            ("4401", "Etablissements d'Hébergement pour Personnes Âgées"),
        ),
        (
            ("437", "Foyer Accueil Médicalisé pour Adultes Handicapés (F.A.M.)"),
            HEB_AH,
        ),
        (("382", "Foyer de Vie pour Adultes Handicapés"), HEB_AH),
        (
            ("395", "Etablissement d'Accueil Temporaire pour Adultes Handicapés"),
            HEB_AH,
        ),
        (
            ("448", "Etab.Acc.Médicalisé en tout ou partie personnes handicapées"),
            HEB_AH,
        ),
        (
            ("449", "Etab.Accueil Non Médicalisé pour personnes handicapées"),
            HEB_AH,
        ),
        (
            ("246", "Etablissement et Service d'Aide par le Travail (E.S.A.T.)"),
            ("4302", "Etab.et Services de Travail Protégé pour Adultes Handicapés"),
        ),
        (
            ("214", "Centre Hébergement & Réinsertion Sociale (C.H.R.S.)"),
            ("4601", "Etablissements pour Adultes et Familles en Difficulté"),
        ),
    ];
    let key = |stem: String| with_key(&stem).unwrap().to_string();
    let (ej_a, ej_b) = (key("59099900".into()), key("62099900".into()));
    let mut lines = vec!["finess;etalab;111;2026-10-31".to_string()];
    for (n, (category, agregat)) in a_categories.iter().enumerate() {
        let et = key(format!("590{n:05}"));
        lines.push(extract_line(
            &et,
            &ej_a,
            &format!("Établissement A{n}"),
            "59",
            "59000 LILLE",
            *category,
            *agregat,
        ));
    }
    for (n, (category, agregat)) in b_categories.iter().enumerate() {
        let et = key(format!("620{n:05}"));
        lines.push(extract_line(
            &et,
            &ej_b,
            &format!("Établissement B{n}"),
            "62",
            "62000 ARRAS",
            *category,
            *agregat,
        ));
    }
    // A category newer than Grappe's nomenclature, in a known agrégat: recognised by its agrégat.
    lines.push(extract_line(
        &key("59000100".into()),
        &ej_a,
        "Dispositif expérimental",
        "59",
        "59000 LILLE",
        ("998", "Dispositif intégré (nouvelle catégorie)"),
        HEB_AH,
    ));
    // A category and agrégat known to neither: counted, with a warning asking for the sector.
    lines.push(extract_line(
        &key("59000101".into()),
        &ej_a,
        "Structure inconnue",
        "59",
        "59000 LILLE",
        ("997", "Structure nouvelle"),
        ("9999", "Autres structures"),
    ));
    // A centre hospitalier of the second OG: excluded, with its reason.
    lines.push(extract_line(
        &key("62000100".into()),
        &ej_b,
        "Centre hospitalier d'Arras",
        "62",
        "62000 ARRAS",
        ("355", "Centre Hospitalier (C.H.)"),
        ("1102", "Centres Hospitaliers"),
    ));
    let text = lines.join("\r\n") + "\r\n";
    let bytes = encoding_rs::WINDOWS_1252.encode(&text).0.into_owned();

    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let path = write(dir.path(), "etalab-cs1100502-stock-20261031.csv", &bytes);
    let report = import(&mut s, &path).unwrap();
    assert_eq!(
        (report.etablissements, report.rejected_count),
        (19, 0),
        "{:?}",
        report.rejected
    );

    let mut dossier = grappe_core::Dossier::new(
        "Grappe réelle",
        "2023-2025",
        chrono::NaiveDate::from_ymd_opt(2024, 4, 2).unwrap(),
    );
    for (ej, name) in [(&ej_a, "Association A"), (&ej_b, "Association B")] {
        dossier.ogs.push(Og {
            finess_ej: ej.clone(),
            name: name.into(),
            managed_essms: Some(40),
            ..Og::default()
        });
        for r in s.etablissements_of_ej(ej).unwrap() {
            assert!(r.is_essms() || r.category == "355", "{}", r.category);
            dossier.essms.push(r.to_essms(Situation::AlreadyEquipped));
        }
    }
    dossier.porteur = ej_a.clone();
    let e = grappe_core::evaluate(&dossier, &grappe_core::Bareme::default_bareme());
    // 8 + 8 + the new category + the unknown one: 18 ESSMS × 5 000 € (R-REG-EQUIPPED).
    assert_eq!((e.grappe.essms_count, e.grappe.excluded_count), (18, 1));
    assert_eq!(e.funding.total, grappe_core::Amount::euros(90_000));
    let blocking: Vec<_> = e
        .findings
        .iter()
        .filter(|f| f.severity == grappe_core::Severity::Blocking)
        .collect();
    assert_eq!(blocking.len(), 1, "{blocking:#?}");
    assert!(
        blocking[0]
            .message
            .contains("établissement de santé (catégorie 355 « Centre Hospitalier (C.H.) »)"),
        "{}",
        blocking[0].message
    );
    let unknown = dossier.essms.iter().position(|e| e.category == "997").unwrap();
    let asks_sector = |e: &grappe_core::Evaluation| {
        e.findings
            .iter()
            .any(|f| f.rule == "D-CATEGORY" && f.field.as_deref() == Some(format!("essms[{unknown}].sector").as_str()))
    };
    assert!(asks_sector(&e));
    assert_eq!(e.grappe.by_sector[&Sector::PersonnesHandicapees], 11);

    // Without the hospital, and with the sector stated for the unknown one: eligible, no warning left on categories.
    dossier.essms.retain(|e| e.category != "355");
    let unknown = dossier.essms.iter().position(|e| e.category == "997").unwrap();
    dossier.essms[unknown].sector = Some(Sector::DifficultesSpecifiques);
    let e = grappe_core::evaluate(&dossier, &grappe_core::Bareme::default_bareme());
    assert!(e.eligible, "{:#?}", e.findings);
    assert!(!e.findings.iter().any(|f| f.rule == "D-CATEGORY"));
    assert_eq!(e.funding.total, grappe_core::Amount::euros(90_000));

    // The store keeps the file's agrégat with the dossier.
    let id = s.create(&dossier).unwrap();
    assert_eq!(s.load(id).unwrap().dossier, dossier);
    assert!(dossier.essms.iter().all(|e| !e.category_agregat.is_empty()));
}

/// The way directors type meets the way the real file writes (issue: search that finds real
/// FINESS establishments): each (query, expected establishment) must be in the first five.
#[test]
fn search_finds_real_names_the_way_people_type_them() {
    use grappe_core::finess::with_key;
    let key = |stem: &str| with_key(stem).unwrap().to_string();
    // (FINESS ET stem, raison sociale, département of the file, routing line, category, label, agrégat)
    let lines: [(&str, &str, &str, &str, &str, &str, &str); 9] = [
        (
            "59000001",
            "E.H.P.A.D. LES TILLEULS",
            "59",
            "59000 LILLE",
            "500",
            "Etab. hébergement pers. âgées dépendantes",
            "4401",
        ),
        (
            "97040001",
            "RESIDENCE LES FILAOS",
            "9D",
            "97437 ST BENOIT",
            "500",
            "Etab. hébergement pers. âgées dépendantes",
            "4401",
        ),
        (
            "59000002",
            "S.M.J.P.M UDAF DU NORD",
            "59",
            "59000 LILLE",
            "340",
            "Service mandataire judiciaire à la protection des majeurs",
            "4608",
        ),
        (
            "62000001",
            "FOYER D'ACCUEIL LES GENETS",
            "62",
            "62000 ARRAS",
            "382",
            "Foyer de Vie pour Adultes Handicapés",
            "4301",
        ),
        (
            "62000002",
            "M.E.C.S. LA PASSERELLE",
            "62",
            "62100 CALAIS",
            "177",
            "Maison d'Enfants à Caractère Social",
            "4501",
        ),
        (
            "97040002",
            "SSIAD DE L'EST",
            "9D",
            "97400 SAINT-DENIS",
            "354",
            "Service de Soins Infirmiers A Domicile",
            "4605",
        ),
        (
            "2A000001",
            "INSTITUT MEDICO EDUCATIF A MARIPOSA",
            "2A",
            "20000 AJACCIO",
            "183",
            "Institut Médico-Educatif (I.M.E.)",
            "4101",
        ),
        (
            "97030001",
            "MAISON DE RETRAITE DU FLEUVE",
            "9C",
            "97300 CAYENNE",
            "500",
            "Etab. hébergement pers. âgées dépendantes",
            "4401",
        ),
        (
            "59000003",
            "EHPAD DU FLEUVE",
            "59",
            "59000 LILLE",
            "500",
            "Etab. hébergement pers. âgées dépendantes",
            "4401",
        ),
    ];
    let ej = key("59099900");
    let mut text = vec!["finess;etalab;111;2026-10-31".to_string()];
    for (stem, name, dep, routing, category, label, agregat) in lines {
        text.push(extract_line(
            &key(stem),
            &ej,
            name,
            dep,
            routing,
            (category, label),
            (agregat, ""),
        ));
    }
    let bytes = encoding_rs::WINDOWS_1252
        .encode(&(text.join("\r\n") + "\r\n"))
        .0
        .into_owned();
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let report = import(&mut s, &write(dir.path(), "extrait.csv", &bytes)).unwrap();
    assert_eq!(report.etablissements, 9, "{:?}", report.rejected);

    let cases: [(&str, &str); 22] = [
        // Dotted, spaced and plain acronyms.
        ("ehpad tilleuls", "59000001"),
        ("e.h.p.a.d. tilleuls", "59000001"),
        ("E H P A D les tilleuls", "59000001"),
        ("smjpm", "59000002"),
        ("S.M.J.P.M", "59000002"),
        ("mecs passerelle", "62000002"),
        // Postal abbreviations of the routing line.
        ("saint benoit", "97040001"),
        ("st benoit filaos", "97040001"),
        ("saint-denis ssiad", "97040002"),
        // Elisions and apostrophes.
        ("daccueil genets", "62000001"),
        ("d'accueil genets", "62000001"),
        ("foyer d’accueil", "62000001"),
        ("ssiad de l'est", "97040002"),
        // The category's usual names, though the name does not carry them.
        ("ehpad filaos", "97040001"),
        ("foyer de vie genets", "62000001"),
        ("ime mariposa", "2A000001"),
        ("mandataire udaf", "59000002"),
        // The département's name.
        ("ehpad guyane", "97030001"),
        ("ime corse", "2A000001"),
        ("ehpad reunion", "97040001"),
        ("ssiad reunion", "97040002"),
        // Accents and case.
        ("RÉSIDENCE filaos", "97040001"),
    ];
    let all = SearchFilters::default();
    for (query, stem) in cases {
        let expected = key(stem);
        let hits = s.search(query, &all, 5).unwrap();
        assert!(
            hits.iter().any(|e| e.finess_et == expected),
            "« {query} » should find {expected}: {:?}",
            hits.iter().map(|e| &e.name).collect::<Vec<_>>()
        );
    }
    // A name that carries the word ranks before one whose category only does.
    let hits = s.search("ehpad fleuve", &all, 5).unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].finess_et, key("59000003"), "{hits:?}");
    // The exact FINESS number first.
    assert_eq!(
        s.search(&key("62000002"), &all, 5).unwrap()[0].finess_et,
        key("62000002")
    );
}

#[test]
fn a_store_indexed_with_an_older_folding_is_reindexed_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grappe.sqlite");
    {
        let mut s = Store::open(&path).unwrap();
        let extract = finess_extract_with_rows(300, 5, Variant::Cs1100502, SampleEncoding::Utf8);
        import(&mut s, &write(dir.path(), "extrait.csv", &extract.bytes)).unwrap();
    }
    let found_before = Store::open(&path)
        .unwrap()
        .search("ehpad", &SearchFilters::default(), 50)
        .unwrap();
    assert!(!found_before.is_empty());
    // As a store of the previous version left it: an index built with an older folding.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "INSERT INTO ref_search (ref_search) VALUES ('delete-all'); UPDATE ref_search_state SET folding = 1;",
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.search("ehpad", &SearchFilters::default(), 50).unwrap(), found_before);
}

/// A FINESS number of département `dep` (2 digits), as a spreadsheet writes it: without its
/// leading zero.
fn stripped(number: &str) -> String {
    number.trim_start_matches('0').to_string()
}

#[test]
fn an_extract_re_saved_by_a_spreadsheet_imports_with_every_number_restored_and_counted() {
    use grappe_core::finess::with_key;
    let key = |stem: &str| with_key(stem).unwrap().to_string();
    let (ej_ain, ej_hautes_alpes) = (key("01099900"), key("05099900"));
    // What a spreadsheet does: column names instead of the metadata line, zeros dropped from
    // numbers and département codes, a SIRET in scientific notation; Windows-1252 and CRLF.
    let mut lines = vec![
        "nofinesset;nofinessej;rs;rslongue;complrs;compldistrib;numvoie;typvoie;voie;compvoie;lieuditbp;commune;departement;libdepartement;ligneacheminement;telephone;telecopie;categetab;libcategetab;categagretab;libcategagretab;siret;codeape;codemft;libmft;codesph;libsph;dateouv;dateautor;datemaj;numuai".to_string(),
    ];
    let mut expected = Vec::new();
    for n in 0..6 {
        let (ej, dep, routing) = if n % 2 == 0 {
            (&ej_ain, "1", "01000 BOURG-EN-BRESSE")
        } else {
            (&ej_hautes_alpes, "5", "05000 GAP")
        };
        let et = key(&format!("0{}0000{n:02}", &ej[1..2]));
        let mut fields = vec![String::new(); 32];
        fields[0] = "structureet".into();
        fields[1] = stripped(&et);
        fields[2] = stripped(ej);
        fields[3] = format!("EHPAD NUMERO {n}");
        fields[13] = dep.into();
        fields[15] = routing.into();
        fields[18] = "500".into();
        fields[19] = "Etab. hébergement pers. âgées dépendantes".into();
        fields[20] = "4401".into();
        fields[22] = if n == 3 {
            "2,601E+13".into()
        } else {
            format!("{:014}", 26_010_000_000_000u64 + n)
        };
        lines.push(fields.join(";"));
        expected.push(et);
    }
    // Eight digits whose restored form fails the key: rejected, with its line.
    let mut bad = vec![String::new(); 32];
    bad[0] = "structureet".into();
    bad[1] = "10000025".into();
    bad[2] = stripped(&ej_ain);
    bad[3] = "EHPAD DOUTEUX".into();
    bad[13] = "1".into();
    lines.push(bad.join(";"));
    let text = lines.join("\r\n") + "\r\n";
    let bytes = encoding_rs::WINDOWS_1252.encode(&text).0.into_owned();

    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let report = import(
        &mut s,
        &write(dir.path(), "etalab-cs1100502-stock-20261031.csv", &bytes),
    )
    .unwrap();
    assert_eq!(
        (report.etablissements, report.rejected_count),
        (6, 1),
        "{:?}",
        report.rejected
    );
    // Every number restored and counted: 6 ET + 6 EJ + 6 département codes.
    assert_eq!(report.repaired, 18);
    assert_eq!(report.extract_date.to_string(), "2026-10-31");
    assert_eq!(report.rejected[0].line, 8);
    assert!(
        report.rejected[0].reason.contains("même avec le zéro initial"),
        "{}",
        report.rejected[0].reason
    );
    let warnings: Vec<String> = report
        .warnings
        .iter()
        .map(|w| format!("{} {}", w.line, w.reason))
        .collect();
    assert!(
        warnings[0].starts_with("1 des noms de colonnes") && warnings[0].contains("le nom du fichier"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].starts_with("5 SIRET « 2,601E+13 »") && warnings[1].contains("laissé vide"),
        "{warnings:?}"
    );
    for et in &expected {
        let found = s.etablissement(et).unwrap().unwrap();
        assert!(found.departement == "01" || found.departement == "05", "{found:?}");
        assert!([ej_ain.as_str(), ej_hautes_alpes.as_str()].contains(&found.finess_ej.as_str()));
    }
    assert_eq!(s.etablissement(&expected[3]).unwrap().unwrap().siret, "");
    assert_eq!(s.etablissements_of_ej(&ej_ain).unwrap().len(), 3);

    // A list of ESSMS in XLSX whose FINESS are numeric cells (the zero gone): read exactly.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "FINESS").unwrap();
    for (r, et) in expected.iter().enumerate() {
        sheet.write_number(r as u32 + 1, 0, et.parse::<f64>().unwrap()).unwrap();
    }
    let list = write(dir.path(), "liste.xlsx", &book.save_to_buffer().unwrap());
    let report = s.essms_list(&list).unwrap();
    assert_eq!(
        report.found.iter().map(|e| e.finess_et.clone()).collect::<Vec<_>>(),
        expected
    );
    assert_eq!(report.repaired, 6);
    assert!(report.rejected.is_empty() && report.unknown.is_empty());
    // The same list as CSV text, re-saved by a spreadsheet.
    let csv: String = std::iter::once("FINESS;Nom".to_string())
        .chain(expected.iter().map(|et| format!("{};EHPAD", stripped(et))))
        .collect::<Vec<_>>()
        .join("\r\n");
    let report = s.essms_list(&write(dir.path(), "liste.csv", csv.as_bytes())).unwrap();
    assert_eq!((report.found.len(), report.repaired), (6, 6));
}

#[test]
fn a_file_that_is_not_an_extract_says_to_use_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let path = write(dir.path(), "export.csv", b"Nom;Ville\r\nEHPAD;Lille\r\n");
    let message = import(&mut s, &path).unwrap_err().to_string();
    assert!(
        message.contains("réenregistré dans un tableur, utilisez le fichier d'origine"),
        "{message}"
    );
}
