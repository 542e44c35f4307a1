//! The PDF as its readers get it, checked with the real tools: `pdftotext` for the text,
//! `qpdf --check` for the structure, `pdffonts` for the embedded font, `pdfinfo` for metadata.

#![allow(clippy::unwrap_used, clippy::float_arithmetic)] // tests may fail loudly

use std::fs;
use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use grappe_core::{demo, format_eur, Bareme, Dossier};
use grappe_dossier::{annexes, generate, write_atomic, Existing};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed (poppler-utils, qpdf): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// The PDF's text, spaces normalised (pdftotext prints U+202F and U+00A0 as plain spaces).
fn text_of(path: &Path) -> String {
    tool("pdftotext", &["-layout", path.to_str().unwrap(), "-"]).replace(['\u{202F}', '\u{00A0}'], " ")
}

fn fr(amount: grappe_core::Amount) -> String {
    format_eur(amount.value()).replace(['\u{202F}', '\u{00A0}'], " ")
}

fn write_pdf(dir: &Path, name: &str, dossier: &Dossier) -> (std::path::PathBuf, grappe_dossier::DossierPdf) {
    let pdf = generate(dossier, &Bareme::default_bareme(), day());
    let path = dir.join(name);
    write_atomic(&path, &pdf.bytes, Existing::Replace).unwrap();
    (path, pdf)
}

#[test]
fn the_demo_dossier_holds_every_finess_every_line_and_the_exact_total() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = demo::demo_dossier();
    let (path, pdf) = write_pdf(dir.path(), "demo.pdf", &dossier);
    assert!(!pdf.draft);
    let text = text_of(&path);
    for e in &dossier.essms {
        assert!(text.contains(&e.finess_et), "FINESS {} missing", e.finess_et);
    }
    for og in &dossier.ogs {
        assert!(text.contains(&og.finess_ej), "FINESS EJ {} missing", og.finess_ej);
    }
    // Every funding line: its rule and its amount on one row.
    for line in &pdf.evaluation.funding.lines {
        let amount = fr(line.amount);
        assert!(
            text.lines().any(|l| l.contains(&line.rule) && l.contains(&amount)),
            "line {} {} missing",
            line.rule,
            amount
        );
    }
    assert!(text.contains("Total de la candidature : 462 000,00 €"), "{text}");
    for section in [
        "Candidature au programme ESMS",
        "1. Synthèse",
        "2. Porteur et organismes gestionnaires membres",
        "3. Établissements et services de la grappe",
        "4. Solution de dossier usager informatisé",
        "5. Plan de financement",
        "Répartition par organisme gestionnaire",
        "Échéancier des versements",
        "6. Calendrier du projet",
        "7. Cibles d'usage et engagements",
        "8. Pièces jointes",
        "9. Signatures",
    ] {
        assert!(text.contains(section), "section « {section} » missing");
    }
    // French typography survives: accents, œ, « », the fingerprint on the cover and the footers.
    for s in [
        "œ",
        "é",
        "è",
        "ç",
        "«",
        "»",
        "€",
        "ARS Hauts-de-France",
        "02/09/2024",
        "30/06/2026",
    ] {
        assert!(text.contains(s), "« {s} » missing");
    }
    let grouped: String = pdf
        .fingerprint
        .as_bytes()
        .chunks(8)
        .map(|c| String::from_utf8_lossy(c).to_string())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains(&grouped), "fingerprint on the cover");
    assert_eq!(
        text.matches(&format!("empreinte {}…", &pdf.fingerprint[..16])).count(),
        pdf.pages
    );
    assert!(text.contains(&format!("Page 1 / {}", pdf.pages)) && text.contains(&format!("Page {0} / {0}", pdf.pages)));
    assert!(!text.contains("BROUILLON"));
}

#[test]
fn structure_fonts_and_metadata_are_sound() {
    let dir = tempfile::tempdir().unwrap();
    let (path, pdf) = write_pdf(dir.path(), "demo.pdf", &demo::demo_dossier());
    check_structure(&path, pdf.pages);
    let info = tool("pdfinfo", &[path.to_str().unwrap()]);
    assert!(
        info.contains("Title:           Candidature ESMS numérique — Grappe numérique des Flandres"),
        "{info}"
    );
    assert!(info.contains("Author:          Association Les Tilleuls Solidaires"));
    // A long dossier is rendered in two halves on two threads, then merged: same checks.
    let (long, long_pdf) = write_pdf(dir.path(), "long.pdf", &demo::synthetic_dossier(400));
    assert!(long_pdf.pages > 30);
    check_structure(&long, long_pdf.pages);
    let text = text_of(&long);
    for page in [1, long_pdf.pages / 2, long_pdf.pages / 2 + 1, long_pdf.pages] {
        assert!(
            text.contains(&format!("Page {page} / {}", long_pdf.pages)),
            "page {page}"
        );
    }
}

fn check_structure(path: &Path, pages: usize) {
    let p = path.to_str().unwrap();
    assert!(tool("qpdf", &["--check", p]).contains("No syntax or stream encoding errors"));
    let fonts = tool("pdffonts", &[p]);
    let embedded: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(embedded.len(), 2, "{fonts}");
    assert!(
        embedded
            .iter()
            .all(|l| l.split_whitespace().rev().nth(4) == Some("yes")),
        "every font embedded: {fonts}"
    );
    let info = tool("pdfinfo", &[p]);
    assert!(
        info.contains("Title:           Candidature ESMS numérique — "),
        "{info}"
    );
    assert!(info.contains("Subject:         Dossier de candidature ESMS numérique, campagne 2023-2025"));
    assert!(info.contains("CreationDate:") && info.contains("2026"), "{info}");
    assert!(info.contains("x 841.89 pts (A4)"), "{info}");
    assert!(info.contains(&format!("Pages:           {pages}")));
}

#[test]
fn same_inputs_give_the_same_bytes() {
    let dossier = demo::demo_dossier();
    let bareme = Bareme::default_bareme();
    let a = generate(&dossier, &bareme, day());
    let b = generate(&dossier, &bareme, day());
    assert!(a.bytes == b.bytes, "two generations in one process must be identical");
    let other_day = generate(&dossier, &bareme, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    assert!(other_day.bytes != a.bytes);
    assert_eq!(
        other_day.fingerprint, a.fingerprint,
        "the fingerprint is of the data, not the date"
    );
    // Also when the pages are rendered on two threads.
    let long = demo::synthetic_dossier(400);
    assert!(generate(&long, &bareme, day()).bytes == generate(&long, &bareme, day()).bytes);
    let mut changed = dossier.clone();
    changed.essms[0].capacity = Some(85);
    assert_ne!(generate(&changed, &bareme, day()).fingerprint, a.fingerprint);
}

#[test]
fn blocking_findings_give_a_draft_with_them_on_the_first_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut dossier = demo::demo_dossier();
    dossier.essms[3].finess_et = "599011005".into();
    dossier.essms[7].category = "362".into();
    let (path, pdf) = write_pdf(dir.path(), "brouillon.pdf", &dossier);
    assert!(pdf.draft);
    let first = tool(
        "pdftotext",
        &["-layout", "-f", "1", "-l", "1", path.to_str().unwrap(), "-"],
    )
    .replace(['\u{202F}', '\u{00A0}'], " ");
    assert!(
        first.contains("BROUILLON") && first.contains("Ce dossier ne peut pas être déposé en l'état."),
        "{first}"
    );
    assert!(first.contains("FINESS « 599011005 » : clé de contrôle"), "{first}");
    assert!(first.contains("établissement de santé"));
    assert!(first.contains("essms[3].finess_et") && first.contains("essms[7].category"));
    // The watermark is on every page (rotated: pdftotext gives its letters one by one).
    let raw = tool("pdftotext", &["-raw", path.to_str().unwrap(), "-"]);
    let pages: Vec<String> = raw
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.split_whitespace().collect())
        .collect();
    assert_eq!(pages.len(), pdf.pages);
    assert!(pages.iter().all(|p| p.contains("BROUILLON")), "watermark on every page");
    let info = tool("pdfinfo", &[path.to_str().unwrap()]);
    assert!(info.contains("— BROUILLON"));
}

#[test]
fn the_page_count_grows_with_the_grappe() {
    let dir = tempfile::tempdir().unwrap();
    let mut counts = Vec::new();
    for n in [20, 200, 1_000] {
        let dossier = demo::synthetic_dossier(n);
        let (path, pdf) = write_pdf(dir.path(), &format!("{n}.pdf"), &dossier);
        let text = text_of(&path);
        for e in dossier.essms.iter().step_by(97) {
            assert!(text.contains(&e.finess_et), "{n} ESSMS: {} missing", e.finess_et);
        }
        assert!(text.contains(&fr(pdf.evaluation.funding.total)));
        // Tables that break keep their header on every page.
        let headed = text
            .split('\u{c}')
            .filter(|page| page.contains("FINESS ET") || page.contains("Montant unitaire"))
            .count();
        assert!(headed >= 2, "{n}: table headers repeated");
        counts.push(pdf.pages);
    }
    // The ESSMS table and the per-ESSMS equipment lines grow linearly: 10× the ESSMS, many times the pages.
    assert!(counts[0] < counts[1] && counts[1] < counts[2], "{counts:?}");
    assert!(counts[2] >= 4 * counts[1] && counts[2] <= 6 * counts[1], "{counts:?}");
}

#[test]
fn an_unwritable_destination_is_a_clear_error_and_the_previous_file_stays() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dossier.pdf");
    fs::write(&path, b"version precedente").unwrap();
    let pdf = generate(&demo::demo_dossier(), &Bareme::default_bareme(), day());
    let err = write_atomic(
        &dir.path().join("absent").join("dossier.pdf"),
        &pdf.bytes,
        Existing::Keep,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("le dossier de destination n'existe pas"),
        "{err}"
    );
    let err = write_atomic(dir.path(), &pdf.bytes, Existing::Replace).unwrap_err();
    assert!(err.to_string().contains("c'est un dossier, pas un fichier"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"version precedente");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no partial file left: {leftovers:?}");
    write_atomic(&path, &pdf.bytes, Existing::Replace).unwrap();
    assert_eq!(fs::read(&path).unwrap(), pdf.bytes);
}

#[test]
fn annexes_open_as_excel_in_france_expects() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = demo::demo_dossier();
    let pdf = generate(&dossier, &Bareme::default_bareme(), day());
    let built = annexes::build(&dossier, &pdf.evaluation).unwrap();
    let folder = dir.path().join("annexes");
    let pdf_path = dir.path().join("Grappe des Flandres.pdf");
    let set = annexes::files(&folder, &pdf_path, built).unwrap();
    let paths: Vec<_> = set.iter().map(|(p, _)| p.clone()).collect();
    grappe_dossier::write_set(&set, Existing::Keep).unwrap();
    // Named after the PDF they belong to: the annexes of two dossiers never collide.
    let names: Vec<_> = paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "Grappe des Flandres - annexe ESSMS.csv",
            "Grappe des Flandres - annexe financement.csv",
            "Grappe des Flandres - annexes.xlsx"
        ]
    );
    // Existing annexes are not replaced unless asked, and nothing is written then.
    fs::write(&paths[2], b"classeur de l'utilisateur").unwrap();
    fs::remove_file(&paths[0]).unwrap();
    let err = grappe_dossier::write_set(&set, Existing::Keep).unwrap_err();
    assert!(
        err.exists && err.to_string().contains("le fichier existe déjà"),
        "{err}"
    );
    assert_eq!(fs::read(&paths[2]).unwrap(), b"classeur de l'utilisateur");
    assert!(!paths[0].exists());
    grappe_dossier::write_set(&set, Existing::Replace).unwrap();

    let essms = fs::read(&paths[0]).unwrap();
    assert!(essms.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let essms = String::from_utf8(essms).unwrap();
    let lines: Vec<&str> = essms.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 21);
    assert!(lines[0]
        .trim_start_matches('\u{FEFF}')
        .starts_with("FINESS ET;Nom;Catégorie;"));
    // Identifiers after a tab, so that a spreadsheet keeps them as text (leading zeros too).
    assert!(lines[1]
        .starts_with("\"\t599011004\";EHPAD Les Tilleuls;500;Etablissement d'hébergement pour personnes âgées dépendantes;59;Lille;\"\t590991014\";Association Les Tilleuls Solidaires;"), "{}", lines[1]);

    let funding = String::from_utf8(fs::read(&paths[1]).unwrap()).unwrap();
    assert!(funding.contains("R-REG-NEW;Éditeur — acquisition d'une nouvelle solution (AAP régional);\"\t590991014\";Association Les Tilleuls Solidaires;;5;12000,00;;60000,00;60000,00;02/09/2024;;"), "{funding}");
    assert!(funding.contains("TOTAL;;;;;;;;462000,00;"));

    use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(&paths[2]).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["ESSMS", "Financement", "Répartition par OG", "Échéancier"]
    );
    let sheet = wb.worksheet_range("Financement").unwrap();
    let total_row = sheet.rows().find(|r| r[0] == Data::String("TOTAL".into())).unwrap();
    assert_eq!(total_row[8], Data::Float(462_000.0), "a real number, not text");
    // The due dates are date cells a spreadsheet sorts and filters.
    assert!(
        sheet.rows().skip(1).any(|r| matches!(r[10], Data::DateTime(_))),
        "a date cell"
    );
    assert!(
        !sheet
            .rows()
            .skip(1)
            .any(|r| matches!(&r[10], Data::String(t) if t.contains('/'))),
        "no date as text"
    );
    let og = wb.worksheet_range("Répartition par OG").unwrap();
    let sum: f64 = og.rows().skip(1).filter_map(|r| r[2].as_f64()).sum();
    assert_eq!(sum, 462_000.0);
    let essms_sheet = wb.worksheet_range("ESSMS").unwrap();
    assert_eq!(essms_sheet.rows().count(), 21);
}

#[test]
fn csv_annexes_hold_no_formula_and_keep_identifiers_as_text() {
    let mut dossier = demo::demo_dossier();
    let dangerous = [
        "=HYPERLINK(\"http://x\";\"clic\")",
        "+33 1 23",
        "-2+3",
        "@SUM(A1)",
        "\tcmd",
        "\r=1",
    ];
    for (e, name) in dossier.essms.iter_mut().zip(dangerous) {
        e.name = name.to_string();
    }
    dossier.essms[6].commune = "=1+1".into();
    let pdf = generate(&dossier, &Bareme::default_bareme(), day());
    let built = annexes::build(&dossier, &pdf.evaluation).unwrap();
    let essms = String::from_utf8(built.essms_csv).unwrap();
    // Read as a spreadsheet reads a CSV: every cell's text once unquoted.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(true)
        .from_reader(essms.trim_start_matches('\u{FEFF}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    for row in &rows {
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\r']),
                "a cell a spreadsheet would run: {cell:?}"
            );
            // A tab only before an identifier's letters and digits.
            if let Some(rest) = cell.strip_prefix('\t') {
                assert!(rest.chars().all(|c| c.is_ascii_alphanumeric()), "{cell:?}");
            }
        }
    }
    for (row, name) in rows.iter().zip(dangerous) {
        assert_eq!(&row[1], format!("'{name}"), "the name as typed, after an apostrophe");
        assert!(row[0].starts_with('\t') && row[0].len() == 10, "{:?}", &row[0]);
    }
    assert_eq!(&rows[6][5], "'=1+1");
    // The workbook holds them as text cells, not formulas.
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(built.workbook)).unwrap();
    let sheet = wb.worksheet_range("ESSMS").unwrap();
    assert_eq!(sheet.get((1, 1)), Some(&Data::String(dangerous[0].to_string())));
    assert_eq!(
        sheet.get((1, 0)),
        Some(&Data::String(dossier.essms[0].finess_et.clone()))
    );
    let formulas = wb.worksheet_formula("ESSMS").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula in the workbook"
    );
}

#[test]
fn every_pdf_tells_the_truth_about_itself_no_pdf_x_claim_a_language_and_xmp_matching_its_info() {
    use grappe_dossier::suivi::Kind;
    let dir = tempfile::tempdir().unwrap();
    let (candidature, _) = write_pdf(dir.path(), "candidature.pdf", &demo::demo_dossier());
    let followed = demo::demo_followed();
    let mut paths = vec![candidature];
    for (kind, name) in [
        (Kind::EtatConsommation, "etat.pdf"),
        (Kind::CompteRendu, "crf.pdf"),
        (Kind::DemandeSolde, "solde.pdf"),
    ] {
        let pdf = grappe_dossier::suivi::generate(kind, &followed, &Bareme::default_bareme(), day(), day());
        let path = dir.path().join(name);
        fs::write(&path, &pdf.bytes).unwrap();
        paths.push(path);
    }
    for path in &paths {
        let p = path.to_str().unwrap();
        let info = tool("pdfinfo", &[p]);
        assert!(!info.contains("PDF subtype"), "{info}");
        assert!(info.contains("Metadata Stream: yes"), "{info}");
        // The uncompressed objects, as a reader sees them.
        let qdf = path.with_extension("qdf");
        tool("qpdf", &["--qdf", "--object-streams=disable", p, qdf.to_str().unwrap()]);
        let raw = String::from_utf8_lossy(&fs::read(&qdf).unwrap()).to_string();
        assert!(!raw.contains("GTS_PDFX"), "{p}: a PDF/X claim");
        assert!(raw.contains("/Lang (fr-FR)"), "{p}: no language");
        // The XMP says what the info dictionary says.
        let xmp = tool("pdfinfo", &["-meta", p]);
        let title = info.lines().find_map(|l| l.strip_prefix("Title:")).unwrap().trim();
        let author = info.lines().find_map(|l| l.strip_prefix("Author:")).unwrap().trim();
        assert!(
            xmp.contains(&format!(
                "<rdf:li xml:lang=\"x-default\">{}</rdf:li>",
                title.replace('&', "&amp;")
            )),
            "{xmp}"
        );
        assert!(
            xmp.contains(&format!("<rdf:li>{}</rdf:li>", author.replace('&', "&amp;"))),
            "{xmp}"
        );
        assert!(
            xmp.contains("<pdf:Producer>Grappe (printpdf)</pdf:Producer>") && xmp.contains("<xmp:CreateDate>"),
            "{xmp}"
        );
    }
}

#[test]
fn no_table_cell_cuts_a_word_or_a_date_even_with_the_longest_labels_of_the_nomenclature() {
    let longest = [
        "Serv. d'éval de la minorité de l'isolement pour les pers. se déclarant mineures",
        "Etab. de mise à l'abri pour les pers. se déclarant mineures non accompagnées",
        "Groupement Régional d'Appui au Développement de la e-Santé (GRADeS)",
        "Etablissement d'hébergement pour personnes âgées dépendantes",
    ];
    let mut dossier = demo::demo_dossier();
    for (e, label) in dossier.essms.iter_mut().zip(longest.iter().cycle()) {
        e.category_label = label.to_string();
        e.name = format!("{} Établissement-Expérimental-Pluridisciplinaire", e.name);
    }
    let dir = tempfile::tempdir().unwrap();
    let (candidature, _) = write_pdf(dir.path(), "candidature.pdf", &dossier);
    let mut texts = vec![text_of(&candidature)];
    use grappe_dossier::suivi::Kind;
    let followed = demo::demo_followed();
    for kind in [Kind::EtatConsommation, Kind::CompteRendu, Kind::DemandeSolde] {
        let pdf = grappe_dossier::suivi::generate(kind, &followed, &Bareme::default_bareme(), day(), day());
        let path = dir.path().join("suivi.pdf");
        fs::write(&path, &pdf.bytes).unwrap();
        texts.push(text_of(&path));
    }
    let candidature = &texts[0];
    for word in longest
        .iter()
        .flat_map(|l| l.split(' '))
        .filter(|w| w.chars().count() >= 6)
    {
        assert!(candidature.contains(word), "« {word} » cut in the candidature");
    }
    assert!(candidature.contains("Établissement-Expérimental-Pluridisciplinaire"));
    // Every date of the follow-up's tables whole, every header word whole.
    for (k, text) in texts.iter().enumerate().skip(1) {
        for date in ["20/09/2024", "30/06/2026"] {
            assert!(text.contains(date), "document {k}: {date} cut");
        }
    }
    for header in ["Explication", "Consommé", "Échéance"] {
        assert!(texts[1].contains(header), "« {header} » cut in the état");
    }
}
