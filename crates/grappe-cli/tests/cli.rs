//! The `grappe` binary as users run it: outputs, files written and exit codes.

#![allow(clippy::unwrap_used)] // tests may fail loudly

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// The command, run; a store named with `--store` is created on first use (`--create`), as
/// these tests each start from a new one.
fn grappe(args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_grappe"));
    command.args(args);
    if args.contains(&"--store") {
        command.arg("--create");
    }
    command.output().expect("the grappe binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).replace(['\u{202F}', '\u{00A0}'], " ")
}

fn demo(dir: &Path) -> String {
    let file = dir.join("demo.json").display().to_string();
    let out = grappe(&["demo", &file]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    file
}

#[test]
fn demo_check_and_compute() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let check = grappe(&["check", &file]);
    assert_eq!(check.status.code(), Some(0));
    assert!(text(&check.stdout).contains("Dossier éligible : aucun point bloquant"));

    let compute = grappe(&["compute", &file]);
    assert_eq!(compute.status.code(), Some(0));
    let out = text(&compute.stdout);
    assert!(out.contains("TOTAL DE LA CANDIDATURE"), "{out}");
    assert!(out.contains("462 000,00 €"), "{out}");
    assert!(out.contains("R-REG-NEW"));
    assert!(out.contains("ARS Hauts-de-France"));
    assert!(out.contains("Au démarrage du projet — 02/09/2024"));
}

#[test]
fn compute_json_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let out = grappe(&["compute", &file, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["eligible"], true);
    assert_eq!(v["channel"], "regional");
    assert_eq!(v["region"], "32");
    assert_eq!(v["total"], "462000.00");
    let finding = &v["findings"][0];
    for key in ["severity", "rule", "message"] {
        assert!(finding[key].is_string(), "{key}");
    }
    let line = &v["lines"][0];
    assert_eq!(line["rule"], "R-REG-NEW");
    assert_eq!(line["quantity"], 5);
    assert_eq!(line["unit_amount"], "12000.00");
    assert_eq!(line["amount"], "60000.00");
    assert!(line["cap"].is_null());
    assert_eq!(line["og"], v["per_og"][0]["og"]);
    assert_eq!(line["tranches"][0]["due"], "2024-09-02");
    assert_eq!(line["tranches"][0]["amount"], "60000.00");
    assert!(line["label"].is_string());
}

#[test]
fn demo_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    fs::write(&file, "mon travail").unwrap();
    let out = grappe(&["demo", &file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("le fichier existe déjà (ajoutez --force pour le remplacer)"));
    assert_eq!(fs::read_to_string(&file).unwrap(), "mon travail");
    assert_eq!(grappe(&["demo", &file, "--force"]).status.code(), Some(0));
}

#[test]
fn blocking_findings_exit_1_unreadable_files_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let mut v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    v["essms"][0]["finess_et"] = "599011005".into();
    let blocked = dir.path().join("blocked.json");
    fs::write(&blocked, v.to_string()).unwrap();
    let out = grappe(&["check", blocked.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("FINESS « 599011005 » : clé de contrôle incorrecte"),
        "{stdout}"
    );
    assert!(stdout.contains("[essms[0].finess_et]"));
    assert_eq!(grappe(&["compute", blocked.to_str().unwrap()]).status.code(), Some(1));

    let cases: [(&str, &[u8], &str); 4] = [
        ("vide.json", b"", "le fichier est vide"),
        ("texte.json", b"bonjour", "JSON invalide"),
        ("binaire.json", &[0xff, 0xfe, 0x00, 0x12], "ce n'est pas un fichier texte"),
        ("nombre.json", br#"{"format":"grappe-dossier/1","name":"x","campaign":"c","filing_date":"2024-01-01","porteur":"","ogs":[],"essms":[],"declared_costs":{"amoa":1000}}"#, "declared_costs.amoa"),
    ];
    for (name, contents, expected) in cases {
        let path = dir.path().join(name);
        fs::write(&path, contents).unwrap();
        for command in ["check", "compute"] {
            let out = grappe(&[command, path.to_str().unwrap()]);
            assert_eq!(out.status.code(), Some(2), "{command} {name}");
            assert!(
                text(&out.stderr).contains(expected),
                "{command} {name}: {}",
                text(&out.stderr)
            );
        }
    }
    let out = grappe(&["check", dir.path().join("absent.json").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("fichier introuvable"));
}

#[test]
fn bareme_show_check_and_use() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let bareme = dir.path().join("bareme.json");
    let out = grappe(&["bareme", "show", "-o", bareme.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let out = grappe(&["bareme", "check", bareme.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("Barème valide : 2023-2025.2"));
    // `bareme show` on the terminal prints the same file.
    assert_eq!(grappe(&["bareme", "show"]).stdout, fs::read(&bareme).unwrap());

    // An edited barème changes the funding: 12 000 → 13 000 per new ESSMS (regional),
    // 10 ESSMS receive it in the demo: + 10 000.
    let edited = fs::read_to_string(&bareme)
        .unwrap()
        .replacen("\"12000.00\"", "\"13000.00\"", 1);
    let custom = dir.path().join("custom.json");
    fs::write(&custom, edited).unwrap();
    let out = grappe(&["compute", &file, "--json", "--bareme", custom.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], "472000.00");

    // A barème with a negative and an overlapping line: every problem, exit 1; as --bareme, exit 2.
    let mut b: serde_json::Value = serde_json::from_str(&fs::read_to_string(&bareme).unwrap()).unwrap();
    b["lines"][3]["amount"] = "-5000.00".into();
    b["lines"][4] = b["lines"][0].clone();
    let broken = dir.path().join("broken.json");
    fs::write(&broken, b.to_string()).unwrap();
    let out = grappe(&["bareme", "check", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("lines[3].amount : doit être positif ou nul"),
        "{stdout}"
    );
    assert!(stdout.contains("lines[4] : recouvre lines[0]"), "{stdout}");
    let out = grappe(&["compute", &file, "--bareme", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("barème invalide"));
}

#[test]
fn usage_errors_are_french_and_exit_2() {
    let out = grappe(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("commande inconnue « frobnicate »"));
    let out = grappe(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("argument manquant"));
    let out = grappe(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("Utilisation : grappe"));
}

#[test]
fn an_unwritable_destination_is_a_clear_error_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("absent").join("demo.json");
    let out = grappe(&["demo", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("le dossier de destination n'existe pas"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn store_import_list_export_history_restore() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let store = dir.path().join("magasin.sqlite");
    let s = store.to_str().unwrap();
    let out = grappe(&["store", "import", &file, "--store", s]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("importé comme dossier n°1"));

    let list = text(&grappe(&["store", "list", "--store", s]).stdout);
    assert!(list.contains("Grappe numérique des Flandres"), "{list}");
    assert!(list.contains("Association Les Tilleuls Solidaires"));
    assert!(list.contains("20 ESSMS"));
    assert!(list.contains("462 000,00 €"));

    // Export gives back the imported file exactly, with the barème it was computed with.
    let exported = dir.path().join("export.json");
    assert_eq!(
        grappe(&["store", "export", "1", exported.to_str().unwrap(), "--store", s])
            .status
            .code(),
        Some(0)
    );
    let mut back = grappe_core::dossier_file::from_json(&fs::read_to_string(&exported).unwrap()).unwrap();
    let carried = back.bareme.take().unwrap();
    assert_eq!(carried.sha256, grappe_core::Bareme::default_bareme().fingerprint());
    assert_eq!(
        back,
        grappe_core::dossier_file::from_json(&fs::read_to_string(&file).unwrap()).unwrap()
    );

    // Replace with an edited file, then restore the first version.
    let edited = fs::read_to_string(&file)
        .unwrap()
        .replace("Grappe numérique des Flandres", "Grappe renommée");
    let edited_file = dir.path().join("modifie.json");
    fs::write(&edited_file, edited).unwrap();
    let out = grappe(&[
        "store",
        "import",
        edited_file.to_str().unwrap(),
        "--replace",
        "1",
        "--store",
        s,
    ]);
    assert_eq!(out.status.code(), Some(0));
    let history = text(&grappe(&["store", "history", "1", "--store", s]).stdout);
    assert!(
        history.contains("Remplacé par un fichier importé  (version actuelle)"),
        "{history}"
    );
    assert!(history.contains("Création du dossier"));
    let out = grappe(&["store", "restore", "1", "1", "--store", s]);
    assert!(text(&out.stdout).contains("version 1 restaurée (nouvelle version 3)"));
    assert!(text(&grappe(&["store", "list", "--store", s]).stdout).contains("Grappe numérique des Flandres"));

    // Errors: unknown dossier, unknown version, a broken import — exit 2, nothing changed.
    let out = grappe(&["store", "history", "7", "--store", s]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("dossier n°7 introuvable"));
    let out = grappe(&["store", "restore", "1", "99", "--store", s]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("version 99 introuvable"));
    let broken = dir.path().join("casse.json");
    fs::write(&broken, "{").unwrap();
    let out = grappe(&[
        "store",
        "import",
        broken.to_str().unwrap(),
        "--replace",
        "1",
        "--store",
        s,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("import impossible, rien n'a été modifié"));
    assert!(text(&grappe(&["store", "history", "1", "--store", s]).stdout).starts_with("   3"));
}

#[test]
fn a_file_that_is_not_a_store_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("pas-un-magasin.sqlite");
    fs::write(&bad, "liste de courses").unwrap();
    let out = grappe(&["store", "list", "--store", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("n'est pas un magasin Grappe"));
    assert!(text(&out.stderr).contains("Le fichier n'a pas été modifié"));
    assert_eq!(fs::read_to_string(&bad).unwrap(), "liste de courses");
}

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn import_reference_data_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("magasin.sqlite");
    let s = store.to_str().unwrap();
    let out = grappe(&["search", "ehpad", "--store", s]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("aucun fichier FINESS n'a été importé"));

    let out = grappe(&[
        "import",
        "finess",
        &sample("etalab-cs1100502-stock-exemple-fictif.csv"),
        "--store",
        s,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Extrait FINESS du 31/10/2026 importé : 400 établissements"),
        "{stdout}"
    );
    assert!(stdout.contains("encodage Windows-1252"));
    assert!(text(&out.stderr).contains("100 %"), "a progress bar");

    let out = grappe(&[
        "import",
        "solutions",
        &sample("solutions-referencees-exemple-fictif.csv"),
        "--store",
        s,
    ]);
    assert!(text(&out.stdout).contains("7 solution(s) référencée(s) importée(s)"));

    let out = grappe(&["search", "oeillets", "ehpad", "--store", s]);
    assert_eq!(out.status.code(), Some(0));
    let hits = text(&out.stdout);
    assert!(hits.contains("EHPAD LES ŒILLETS"), "{hits}");
    let out = grappe(&[
        "search",
        "les",
        "--departement",
        "2A",
        "--secteur",
        "personnes-handicapees",
        "--store",
        s,
    ]);
    let hits = text(&out.stdout);
    assert!(
        !hits.is_empty()
            && hits
                .lines()
                .all(|l| l.contains("Personnes handicapées") && l.starts_with("2A")),
        "{hits}"
    );
    let out = grappe(&["search", "introuvable", "--store", s]);
    assert!(text(&out.stdout).contains("Aucun établissement trouvé pour « introuvable »"));

    // A file that is not an extract: refused, the previous data kept.
    let out = grappe(&[
        "import",
        "finess",
        &sample("solutions-referencees-exemple-fictif.csv"),
        "--store",
        s,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("n'est pas celle d'un extrait FINESS"));
    assert!(text(&grappe(&["search", "oeillets", "--store", s]).stdout).contains("ŒILLETS"));

    // `grappe liste`: a list of ESSMS against the reference data, the app's report; a number
    // of the Ain that lost its zero in a spreadsheet gets it back, and it is said.
    let known = text(&grappe(&["search", "oeillets", "ehpad", "--store", s]).stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let ain = grappe_core::finess::with_key("01000002").unwrap().to_string();
    let list = dir.path().join("liste.csv");
    fs::write(
        &list,
        format!(
            "FINESS;Nom\r\n{known};EHPAD\r\n{};EHPAD de l'Ain\r\nabc;rien\r\n",
            &ain[1..]
        ),
    )
    .unwrap();
    let out = grappe(&["liste", list.to_str().unwrap(), "--store", s]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("1 ESSMS trouvé(s) dans le fichier FINESS ; 1 numéro(s) inconnu(s) ; 1 ligne(s) rejetée(s)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 numéro (FINESS ou code de département) a retrouvé le zéro initial"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("Inconnus du fichier FINESS (à saisir à la main) : {ain}")),
        "{stdout}"
    );
    assert!(stdout.contains("ligne 4 : aucun numéro FINESS valide"), "{stdout}");
}

#[test]
fn dossier_pdf_and_annexes() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let pdf = dir.path().join("candidature.pdf");
    let annexes = dir.path().join("annexes");
    // `grappe dossier <demo> -o candidature.pdf --annexes annexes/ <extra>`
    let dossier = |extra: &[&str]| {
        let mut a = vec![
            "dossier",
            &file,
            "-o",
            pdf.to_str().unwrap(),
            "--annexes",
            annexes.to_str().unwrap(),
        ];
        a.extend_from_slice(extra);
        grappe(&a)
    };
    let out = dossier(&["--date", "2026-11-23"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("dossier définitif") && stdout.contains("total 462 000,00 €"),
        "{stdout}"
    );
    assert!(fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    // The annexes are named after the PDF.
    for name in [
        "candidature - annexe ESSMS.csv",
        "candidature - annexe financement.csv",
        "candidature - annexes.xlsx",
    ] {
        assert!(annexes.join(name).is_file(), "{name}");
    }
    // Existing files are never replaced without --force, and nothing is written then.
    let workbook = annexes.join("candidature - annexes.xlsx");
    fs::write(&workbook, b"le classeur de l'utilisateur").unwrap();
    let out = dossier(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("le fichier existe déjà (ajoutez --force pour le remplacer)"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(fs::read(&workbook).unwrap(), b"le classeur de l'utilisateur");
    let out = dossier(&["--force", "--date", "2026-11-23"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(fs::read(&workbook).unwrap().starts_with(b"PK"));
    // Same inputs, same date: the same bytes.
    let again = dir.path().join("encore.pdf");
    grappe(&["dossier", &file, "-o", again.to_str().unwrap(), "--date", "2026-11-23"]);
    assert_eq!(fs::read(&again).unwrap(), fs::read(&pdf).unwrap());

    // Blocking findings: a draft, exit 1.
    let mut v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    v["essms"][0]["category"] = "355".into();
    let blocked = dir.path().join("bloque.json");
    fs::write(&blocked, v.to_string()).unwrap();
    let draft = dir.path().join("brouillon.pdf");
    let out = grappe(&["dossier", blocked.to_str().unwrap(), "-o", draft.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("BROUILLON"));
    assert!(text(&out.stdout).contains("seul un brouillon est produit"));

    // An unwritable destination: exit 2, the existing file untouched.
    let out = grappe(&[
        "dossier",
        &file,
        "-o",
        dir.path().join("absent/x.pdf").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("le dossier de destination n'existe pas"));
    let out = grappe(&["dossier", &file, "-o", pdf.to_str().unwrap(), "--date", "23/11/2026"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--date : « 23/11/2026 » n'est pas une date valide"));
    assert_eq!(fs::read(&again).unwrap(), fs::read(&pdf).unwrap());
}

#[test]
fn a_huge_file_is_refused_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("enorme.json");
    // 2 GB, sparse: no disk used, and never read.
    fs::File::create(&huge).unwrap().set_len(2 << 30).unwrap();
    let started = std::time::Instant::now();
    let out = grappe(&["check", huge.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("fichier de 2048 Mo : trop gros pour un dossier ou un barème"),
        "{}",
        text(&out.stderr)
    );
    assert!(started.elapsed().as_secs() < 5);
}

#[test]
fn suivi_statut_shows_the_follow_up_at_a_date_and_its_exit_code_says_what_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("suivi.json").display().to_string();
    assert_eq!(grappe(&["demo", "--suivi", &file]).status.code(), Some(0));
    let out = grappe(&["suivi", "statut", &file, "--date", "2025-04-30"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    for expected in [
        "Grappe numérique des Flandres — suivi au 30/04/2025 : attribué",
        // 462 000,00 requested, the Fondation's MOA line lowered by 1 666,67.
        "460 333,33 €",
        // The Fondation's 80 000,00: its start tranche, and 9 833,33 of the next.
        "Fondation Horizon Handicap — Sur preuve de l'atteinte des cibles d'usage (dû le 30/06/2026) : attendu 26 666,66 €, reçu 9 833,33 €, reste 16 833,33 €",
        "CCAS de Bois-Joli — Au démarrage du projet (dû le 20/09/2024) : attendu 69 000,00 €, reçu 0,00 €, reste 69 000,00 € — EN RETARD",
        "Documents envoyés à Mon espace santé : cible 50 % (grappe) : non atteinte, dernière mesure 38 % le 31/03/2025",
        // The targets tranches (61 166,66) less the 9 833,33 the Fondation already received.
        "Solde (51 333,33 €) : pas encore",
        "30/06/2027 : Compte rendu financier",
    ] {
        assert!(report.contains(expected), "« {expected} » manque :\n{report}");
    }
    // The same file, with an expense on an enveloppe never awarded: blocking, exit code 1.
    let mut v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    v["suivi"]["expenses"][0]["enveloppe"]["rule"] = "R-SMALL-AMOA".into();
    fs::write(&file, serde_json::to_string(&v).unwrap()).unwrap();
    let out = grappe(&["suivi", "statut", &file, "--date", "2025-04-30"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("[suivi.expenses[0].enveloppe]"));
    // A malformed amount: the file is refused, naming the field.
    v["suivi"]["expenses"][0]["amount"] = "18000.001".into();
    fs::write(&file, serde_json::to_string(&v).unwrap()).unwrap();
    let out = grappe(&["suivi", "statut", &file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("suivi.expenses[0].amount : « 18000.001 » : un montant a au plus 2 décimales"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn suivi_documents_are_written_reproducibly_and_never_over_a_file_unasked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("suivi.json").display().to_string();
    assert_eq!(grappe(&["demo", "--suivi", &file]).status.code(), Some(0));
    let pdf = dir.path().join("etat.pdf");
    let args = [
        "suivi",
        "etat",
        &file,
        "-o",
        pdf.to_str().unwrap(),
        "--date",
        "2025-04-30",
    ];
    let out = grappe(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("État de consommation des enveloppes de subventions, définitif"));
    let first = fs::read(&pdf).unwrap();
    assert!(dir.path().join("etat.xlsx").exists());
    // Again: refused, nothing touched; with --force, the same bytes.
    let out = grappe(&args);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("existe déjà"), "{}", text(&out.stderr));
    let mut forced = args.to_vec();
    forced.push("--force");
    assert_eq!(grappe(&forced).status.code(), Some(0));
    assert_eq!(fs::read(&pdf).unwrap(), first);
    for (command, name) in [("compte-rendu", "crf.pdf"), ("solde", "solde.pdf")] {
        let path = dir.path().join(name);
        let out = grappe(&[
            "suivi",
            command,
            &file,
            "-o",
            path.to_str().unwrap(),
            "--date",
            "2026-12-31",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("BROUILLON"), "{}", text(&out.stdout));
    }
    assert!(!dir.path().join("solde.xlsx").exists());
}

#[test]
fn store_export_to_a_zip_carries_the_pieces_and_import_checks_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("suivi.json").display().to_string();
    assert_eq!(grappe(&["demo", "--suivi", &file]).status.code(), Some(0));
    let store = dir.path().join("grappe.sqlite");
    let s = store.to_str().unwrap();
    assert_eq!(grappe(&["store", "import", &file, "--store", s]).status.code(), Some(0));
    // An invoice kept in the store for the first expense, as the app attaches it.
    let sha = {
        let mut st = grappe_store::Store::open(&store).unwrap();
        let sha = st.add_piece(1, "Facture F-2024-311.pdf", b"%PDF-1.7 facture").unwrap();
        let mut suivi = st.load(1).unwrap().dossier.suivi.unwrap();
        suivi.expenses[0].piece = Some(sha.clone());
        st.save_suivi(1, Some(suivi), "Facture jointe").unwrap();
        sha
    };
    let zip = dir.path().join("Flandres.zip");
    let z = zip.to_str().unwrap();
    let out = grappe(&["store", "export", "1", z, "--store", s]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("exporté avec ses pièces jointes"));
    let out = grappe(&["store", "export", "1", z, "--store", s]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--force"));
    let other = dir.path().join("autre.sqlite");
    let o = other.to_str().unwrap();
    let out = grappe(&["store", "import", z, "--store", o]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("avec 1 pièce(s) jointe(s) vérifiée(s)"));
    let piece = grappe_store::Store::open(&other).unwrap().piece(1, &sha).unwrap();
    assert_eq!(piece.content, b"%PDF-1.7 facture");
    let out = grappe(&["store", "import", z, "--replace", "1", "--store", o]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("une archive s'importe comme nouveau dossier"));
}

#[test]
fn store_backup_and_restore_backup_on_real_files() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let store = dir.path().join("grappe.sqlite");
    let s = store.to_str().unwrap();
    assert_eq!(grappe(&["store", "import", &file, "--store", s]).status.code(), Some(0));
    let backup = dir.path().join("sauvegarde.sqlite");
    let b = backup.to_str().unwrap();
    let out = grappe(&["store", "backup", b, "--store", s]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("SHA-256"));
    let out = grappe(&["store", "backup", b, "--store", s]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--force"), "{}", text(&out.stderr));
    // A second dossier, then the backup restored: one dossier again, the other store kept.
    assert_eq!(grappe(&["store", "import", &file, "--store", s]).status.code(), Some(0));
    let out = grappe(&["store", "restore-backup", b, "--store", s]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(": 1 dossier(s)"), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("avant-restauration"));
    // A file that is not a store: refused, nothing changed.
    let notes = dir.path().join("notes.txt");
    fs::write(&notes, "pas une sauvegarde").unwrap();
    let before = fs::read(&store).unwrap();
    let out = grappe(&["store", "restore-backup", notes.to_str().unwrap(), "--store", s]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("rien n'a été modifié"));
    assert!(fs::read(&store).unwrap() == before, "le magasin est inchangé");
}

#[test]
fn completions_and_manual_pages_come_from_the_commands_own_definition() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef grappe"),
        ("fish", "complete -c grappe"),
    ] {
        let out = grappe(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = text(&out.stdout);
        assert!(script.contains(marker) && script.contains("restore-backup"), "{shell}");
    }
    assert_eq!(grappe(&["completions", "tcsh"]).status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let out = grappe(&["manuel", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = fs::read_to_string(dir.path().join("grappe.1")).unwrap();
    assert!(
        page.contains(".TH GRAPPE 1") && page.contains("prépare les candidatures ESMS numérique"),
        "{page}"
    );
    let store = fs::read_to_string(dir.path().join("grappe-store-restore-backup.1")).unwrap();
    assert!(store.contains("Restaure une sauvegarde"), "{store}");
    assert!(dir.path().join("grappe-suivi-compte-rendu.1").exists());
}

#[test]
fn barèmes_of_the_store_list_import_export_and_evaluate_by_identifier() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("magasin.sqlite");
    let s = store.to_str().unwrap();
    let file = demo(dir.path());
    // A barème « 2026 » from the shipped one, the first line at 13 000 €.
    let shipped = text(&grappe(&["bareme", "show"]).stdout);
    let b2026 = shipped
        .replacen("\"campaign\": \"2023-2025\"", "\"campaign\": \"2026\"", 1)
        .replacen("\"amount\": \"12000.00\"", "\"amount\": \"13000.00\"", 1);
    let bfile = dir.path().join("2026.json");
    fs::write(&bfile, &b2026).unwrap();
    let out = grappe(&["bareme", "import", bfile.to_str().unwrap(), "--store", s]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let list = text(&grappe(&["bareme", "list", "--store", s]).stdout);
    assert!(
        list.contains("2023-2025") && list.contains("(livré avec Grappe)"),
        "{list}"
    );
    assert!(
        list.lines()
            .any(|l| l.starts_with("2026 ") && l.contains("aucun dossier")),
        "{list}"
    );

    // compute with the store's barème by its identifier: 10 new regional ESSMS funded (12 less
    // the 2 whose software is already funded or under SONS) × 1 000 € more.
    let default = text(&grappe(&["compute", &file]).stdout);
    assert!(default.contains("462 000,00 €"), "{default}");
    let out = grappe(&["compute", &file, "--bareme", "2026", "--store", s]);
    let with_2026 = text(&out.stdout);
    assert!(with_2026.contains("472 000,00 €"), "{with_2026}{}", text(&out.stderr));
    assert!(with_2026.contains("décrit la campagne « 2026 »"), "{with_2026}");
    let out = grappe(&["compute", &file, "--bareme", "2027", "--store", s]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("ni un fichier de barème ni un barème du magasin"));

    // Exported, it is the imported file; a second import of another content needs --replace.
    let back = dir.path().join("back.json");
    let out = grappe(&["bareme", "export", "2026", back.to_str().unwrap(), "--store", s]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        grappe_core::Bareme::from_json(&fs::read_to_string(&back).unwrap()).unwrap(),
        grappe_core::Bareme::from_json(&b2026).unwrap()
    );
    fs::write(&bfile, b2026.replacen("13000.00", "14000.00", 1)).unwrap();
    let out = grappe(&["bareme", "import", bfile.to_str().unwrap(), "--store", s]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("existe déjà"), "{}", text(&out.stderr));

    // A dossier of the store pinned to « 2026 », exported: its file carries the barème, so it
    // computes the same total anywhere, without the store.
    let pinned = dir.path().join("pinned.json");
    fs::write(
        &pinned,
        fs::read_to_string(&file)
            .unwrap()
            .replacen("\"campaign\": \"2023-2025\"", "\"campaign\": \"2026\"", 1),
    )
    .unwrap();
    assert_eq!(
        grappe(&["store", "import", pinned.to_str().unwrap(), "--store", s])
            .status
            .code(),
        Some(0)
    );
    let out_file = dir.path().join("out.json");
    grappe(&["store", "export", "1", out_file.to_str().unwrap(), "--store", s]);
    let elsewhere = text(
        &grappe(&[
            "compute",
            out_file.to_str().unwrap(),
            "--store",
            "/nonexistent/x.sqlite",
        ])
        .stdout,
    );
    assert!(elsewhere.contains("472 000,00 €"), "{elsewhere}");
    assert!(!elsewhere.contains("décrit la campagne"), "{elsewhere}");
}

#[test]
fn conseils_and_compare_on_dossier_files() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let text_of = |p: &std::path::Path| fs::read_to_string(p).unwrap();
    // The demo with only its first 14 ESSMS: one short of the threshold.
    let mut small: serde_json::Value = serde_json::from_str(&text_of(Path::new(&file))).unwrap();
    small["essms"].as_array_mut().unwrap().truncate(14);
    let small_file = dir.path().join("petite.json");
    fs::write(&small_file, serde_json::to_string_pretty(&small).unwrap()).unwrap();
    let out = grappe(&["conseils", small_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let advice = text(&out.stdout);
    assert!(
        advice.contains("Atteindre le seuil de 15 ESSMS : 1 ESSMS de plus"),
        "{advice}"
    );
    assert!(advice.contains("(R-GRAPPE)") && advice.contains('+'), "{advice}");

    // Side by side: the demo and a variant without its last OG.
    let mut variant: serde_json::Value = serde_json::from_str(&text_of(Path::new(&file))).unwrap();
    let gone = variant["ogs"].as_array_mut().unwrap().pop().unwrap();
    variant["essms"]
        .as_array_mut()
        .unwrap()
        .retain(|e| e["og"] != gone["finess_ej"]);
    let variant_file = dir.path().join("sans-ccas.json");
    fs::write(&variant_file, serde_json::to_string_pretty(&variant).unwrap()).unwrap();
    let out = grappe(&["compare", &file, variant_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(table.contains("sans-ccas"), "{table}");
    let total = table.lines().find(|l| l.contains("Financement total")).unwrap();
    assert!(total.starts_with('*') && total.contains("462 000,00 €"), "{total}");
    let og = table
        .lines()
        .find(|l| l.contains(gone["name"].as_str().unwrap()))
        .unwrap();
    assert!(og.starts_with('*') && og.contains("0,00 €"), "{og}");
    let json = text(&grappe(&["compare", &file, variant_file.to_str().unwrap(), "--json"]).stdout);
    let c: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(c["columns"].as_array().unwrap().len(), 2);
    assert_eq!(grappe(&["compare", &file]).status.code(), Some(2));
}

/// The lines of `grappe suivi lignes` output that name `words`, with their number.
fn line_number(listing: &str, words: &[&str]) -> String {
    listing
        .lines()
        .find(|l| words.iter().all(|w| l.contains(w)))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("{words:?} absent de :\n{listing}"))
        .to_string()
}

#[test]
fn the_whole_follow_up_runs_from_the_command_line_on_a_fresh_store_and_statut_json_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("grappe.sqlite").display().to_string();
    let file = demo(dir.path());
    let run = |args: &[&str]| -> String {
        let mut all = vec!["--store", store.as_str(), "suivi"];
        all.extend_from_slice(args);
        let out = grappe(&all);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}\n{}\n{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        text(&out.stdout)
    };
    let out = grappe(&["--store", &store, "store", "import", &file]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let id = "1";

    assert!(run(&["depot", "--id", id, "--date", "02/04/2024"]).contains("Enregistré : Dossier déposé le 02/04/2024"));
    let listing = run(&["lignes", "--id", id]);
    let moa = line_number(
        &listing,
        &["Maîtrise d'ouvrage — nouvelle solution", "Fondation Horizon Handicap"],
    );
    let out = run(&[
        "attribution",
        "--id",
        id,
        "--decision",
        "ARS-HDF-2024-117",
        "--date-decision",
        "10/07/2024",
        "--convention",
        "CONV-2024-117",
        "--date-convention",
        "20/09/2024",
        "--ligne",
        &format!("{moa}=33 333,33"),
    ]);
    assert!(out.contains("Enregistré"), "{out}");
    let out = run(&[
        "versement",
        "--id",
        id,
        "--date",
        "15/10/2024",
        "--montant",
        "80 000,00",
        "--og",
        "620991026",
    ]);
    assert!(
        out.contains("Réparti : 70 166,67 € sur Au démarrage du projet, 9 833,33 €"),
        "{out}"
    );
    // A payment again: refused as a likely duplicate, unless said.
    let mut again = vec![
        "--store",
        store.as_str(),
        "suivi",
        "versement",
        "--id",
        id,
        "--date",
        "15/10/2024",
    ];
    again.extend_from_slice(&["--montant", "80 000,00", "--og", "620991026"]);
    let out = grappe(&again);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("déjà enregistré"), "{}", text(&out.stderr));

    // The accounts: each account put once on an enveloppe (by identifier or by its words).
    let listing = run(&["lignes", "--id", id]);
    assert!(
        listing.contains(
            "620991026/R-REG-NEW/1  Fondation Horizon Handicap — Éditeur (acquisition d'une nouvelle solution)"
        ),
        "{listing}"
    );
    run(&[
        "affectation",
        "--id",
        id,
        "--compte",
        "2051",
        "--enveloppe",
        "620991026/R-REG-NEW/1",
    ]);
    run(&[
        "affectation",
        "--id",
        id,
        "--compte",
        "6156",
        "--enveloppe",
        "MOA nouvelle solution",
        "--og",
        "620991026",
    ]);
    let fec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../grappe-store/tests/fixtures/fec-flandres.txt");
    let fec = fec.to_str().unwrap();
    let preview = run(&["import-depenses", "--id", id, "--depuis", fec, "--apercu"]);
    assert!(
        preview.contains("rien n'est enregistré")
            && preview.contains("5 dépense(s) seraient reprises pour 13 080,00 €"),
        "{preview}"
    );
    let report = run(&["import-depenses", "--id", id, "--depuis", fec]);
    assert!(
        report.starts_with("5 dépense(s) importée(s), 0 déjà présente(s)"),
        "{report}"
    );
    let report = run(&["import-depenses", "--id", id, "--depuis", fec]);
    assert!(
        report.starts_with("0 dépense(s) importée(s), 5 déjà présente(s)"),
        "{report}"
    );

    // The targets made measurable for the grappe and reached; the solde claimed.
    for (indicator, target) in [
        ("DUI actifs", "80"),
        ("INS qualifiée", "70"),
        ("MSSanté", "50"),
        ("Mon espace santé", "50"),
    ] {
        run(&[
            "cible",
            "--id",
            id,
            "--indicateur",
            indicator,
            "--valeur",
            target,
            "--unite",
            "pourcent",
            "--perimetre",
            "grappe",
        ]);
        run(&[
            "mesure",
            "--id",
            id,
            "--indicateur",
            indicator,
            "--date",
            "31/03/2026",
            "--valeur",
            "90",
            "--source",
            "export du DUI",
        ]);
    }
    run(&[
        "explication",
        "--id",
        id,
        "--enveloppe",
        "620991026/R-REG-NEW/1",
        "--texte",
        "Licence payée en une fois.",
    ]);
    assert!(
        run(&["solde-envoye", "--id", id, "--date", "01/07/2026"]).contains("Demande de solde envoyée le 01/07/2026")
    );

    // Read back through the file and statut --json.
    let exported = dir.path().join("suivi.json").display().to_string();
    assert_eq!(
        grappe(&["--store", &store, "store", "export", id, &exported])
            .status
            .code(),
        Some(0)
    );
    let out = grappe(&["suivi", "statut", &exported, "--date", "2026-07-15", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "grappe-suivi-statut/1");
    assert_eq!(v["suivi"]["stage"], "attribué");
    assert_eq!(v["suivi"]["solde"]["ready"], true);
    assert_eq!(v["suivi"]["solde"]["requested_on"], "01/07/2026");
    assert_eq!(v["suivi"]["expense_count"], 5);
    let states: Vec<&str> = v["suivi"]["tranches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["label"].as_str().unwrap().contains("cibles"))
        .map(|t| t["state"].as_str().unwrap())
        .collect();
    assert!(!states.is_empty() && states.iter().all(|s| *s == "due"), "{states:?}");
    // The compte rendu (CERFA n° 15059*02) of the accounts' expenses: the four lines of 6156
    // by their account (61), the licence of 2051 by its enveloppe's nature (60).
    let crf = dir.path().join("crf.pdf");
    let out = grappe(&[
        "suivi",
        "compte-rendu",
        &exported,
        "-o",
        crf.to_str().unwrap(),
        "--date",
        "2026-07-15",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", crf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let pdf = text(&out.stdout).replace(['\u{202F}', '\u{00A0}'], " ");
    // A row's amounts: prévu, réalisé, écart.
    let row = |code: &str, label: &str| -> Vec<String> {
        let line = pdf
            .lines()
            .find(|l| l.split_whitespace().next() == Some(code) && l.contains(label))
            .unwrap_or_else(|| panic!("{code} {label} manque :\n{pdf}"));
        let after = &line[line.find(label).unwrap() + label.len()..];
        after.split('€').take(3).map(|a| a.trim().to_string()).collect()
    };
    assert_eq!(row("61", "Services extérieurs"), ["0,00", "1 080,00", "1 080,00"]);
    assert_eq!(row("60", "Achats")[1], "12 000,00");
    assert!(
        pdf.contains("Total des charges") && pdf.contains("13 080,00 €"),
        "{pdf}"
    );
    assert!(
        pdf.contains("CERFA n° 15059*02")
            && pdf.contains("Présente subvention ESMS numérique")
            && pdf.contains("4 charge(s) réalisée(s) classée(s) selon leur compte de la comptabilité, 1 selon la nature de leur enveloppe.")
            && pdf.contains("certifie exactes les informations du présent compte rendu"),
        "{pdf}"
    );
    // Past the barème's 60 days after the claim: late.
    let out = grappe(&["suivi", "statut", &exported, "--date", "2026-09-01", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["suivi"]["tranches"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["state"] == "late" && t["label"].as_str().unwrap().contains("cibles")));

    // On a dossier file: written back in place, in the current format.
    let out = grappe(&[
        "suivi",
        "versement",
        &exported,
        "--date",
        "2026-08-01",
        "--montant",
        "1 000,00",
        "--og",
        "590991014",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = fs::read_to_string(&exported).unwrap();
    assert!(written.contains("\"format\": \"grappe-dossier/6\"") && written.contains("\"amount\": \"1000.00\""));
}

#[test]
fn a_grand_livre_imports_into_a_dossier_file_with_the_mapping_it_keeps() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("suivi.json").display().to_string();
    assert_eq!(grappe(&["demo", "--suivi", &file]).status.code(), Some(0));
    let ledger = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../grappe-store/tests/fixtures/grand-livre-flandres.csv");
    let ledger = ledger.to_str().unwrap();
    // Without a mapping: said, nothing written.
    let before = fs::read_to_string(&file).unwrap();
    let out = grappe(&["suivi", "import-depenses", &file, "--depuis", ledger]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("grappe suivi affectation"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), before);
    let out = grappe(&[
        "suivi",
        "affectation",
        &file,
        "--compte",
        "2051",
        "--enveloppe",
        "620991026/R-REG-NEW/1",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = grappe(&["suivi", "import-depenses", &file, "--depuis", ledger]);
    assert!(
        text(&out.stdout).starts_with("1 dépense(s) importée(s), 0 déjà présente(s)"),
        "{}",
        text(&out.stdout)
    );
    let out = grappe(&["suivi", "import-depenses", &file, "--depuis", ledger]);
    assert!(
        text(&out.stdout).starts_with("0 dépense(s) importée(s), 1 déjà présente(s)"),
        "{}",
        text(&out.stdout)
    );
    let written = fs::read_to_string(&file).unwrap();
    assert!(written.contains("\"account\": \"2051\"") && written.contains("\"reference\": \"FA-2025-0101\""));
}

/// A store holding the followed demo (n°1) and the demo being prepared (n°2), made with the
/// command line; its path and the two dossier files.
fn portfolio_store(dir: &std::path::Path) -> (String, String, String) {
    let store = dir.join("grappe.sqlite").display().to_string();
    let followed = dir.join("suivi.json").display().to_string();
    let draft = dir.join("demo.json").display().to_string();
    assert_eq!(grappe(&["demo", "--suivi", &followed]).status.code(), Some(0));
    assert_eq!(grappe(&["demo", &draft]).status.code(), Some(0));
    for file in [&followed, &draft] {
        let out = grappe(&["--store", &store, "--create", "store", "import", file]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    (store, followed, draft)
}

#[test]
fn portefeuille_lists_every_dossier_of_the_store_with_totals_filters_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let (store, followed, draft) = portfolio_store(dir.path());
    let out = grappe(&["--store", &store, "portefeuille", "--date", "2025-04-30"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let listing = text(&out.stdout).replace(['\u{202F}', '\u{00A0}'], " ");
    assert!(
        listing.starts_with("Portefeuille au 30/04/2025 : 2 projet(s) sur 2."),
        "{listing}"
    );
    assert!(
        listing.contains("EN RETARD") && listing.contains("attribué     460 333,33 €"),
        "{listing}"
    );
    assert!(listing.contains("TOTAL : demandé"), "{listing}");
    // Late only, as JSON: the followed demo alone, its figures those of its statut.
    let out = grappe(&[
        "--store",
        &store,
        "portefeuille",
        "--date",
        "2025-04-30",
        "--en-retard",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "grappe-portefeuille/2");
    let rows = v["portefeuille"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    let statut = grappe(&["suivi", "statut", &followed, "--date", "2025-04-30", "--json"]);
    let s: serde_json::Value = serde_json::from_slice(&statut.stdout).unwrap();
    for field in ["awarded_fr", "received_fr", "spent_fr", "remaining_fr", "consumed_fr"] {
        assert_eq!(rows[0][field], s["suivi"]["total"][field], "{field}");
    }
    assert_eq!(v["portefeuille"]["totals"]["awarded_fr"], rows[0]["awarded_fr"]);
    // The état par projet: the PDF and its workbook, never over them unasked.
    let pdf = dir.path().join("etat-projets.pdf");
    let args = [
        "--store",
        &store,
        "portefeuille",
        "--date",
        "2025-04-30",
        "-o",
        pdf.to_str().unwrap(),
    ];
    let out = grappe(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.path().join("etat-projets.xlsx").exists());
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let pdf_text = text(&out.stdout).replace(['\u{202F}', '\u{00A0}'], " ");
    assert!(
        pdf_text.contains("État de consommation des enveloppes de subventions par projet")
            && pdf_text.contains("Ce qui est en retard")
            && pdf_text
                .lines()
                .any(|l| l.trim_start().starts_with("TOTAL") && l.contains("460 333,33 €")),
        "{pdf_text}"
    );
    assert_eq!(grappe(&args).status.code(), Some(2));
    // A team's shared folder: its dossier files shown beside the store's, read only; one
    // that does not read named on stderr; a folder that is not one refused.
    let shared = dir.path().join("partage");
    fs::create_dir(&shared).unwrap();
    fs::copy(&followed, shared.join("collegue.json")).unwrap();
    fs::write(shared.join("abime.json"), "{").unwrap();
    let out = grappe(&[
        "--store",
        &store,
        "portefeuille",
        "--date",
        "2025-04-30",
        "--partage",
        shared.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let listing = text(&out.stdout);
    assert!(
        listing
            .starts_with("Portefeuille au 30/04/2025 : 3 projet(s) sur 3, dont 1 du dossier partagé (lecture seule)."),
        "{listing}"
    );
    assert!(
        listing.lines().any(|l| l.trim_start().starts_with("part.")),
        "{listing}"
    );
    assert!(text(&out.stderr).contains("Non lu : abime.json — ce n'est pas un dossier Grappe lisible"));
    assert_eq!(fs::read_to_string(shared.join("abime.json")).unwrap(), "{");
    let out = grappe(&["--store", &store, "portefeuille", "--partage", &draft]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("n'est pas un dossier"),
        "{}",
        text(&out.stderr)
    );
    // A stage that does not exist: said, exit 2.
    let out = grappe(&["--store", &store, "portefeuille", "--etape", "fini"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("étape « fini » inconnue"),
        "{}",
        text(&out.stderr)
    );
}

/// The events of an iCalendar file as Python's `icalendar` (a maintained parser) reads them:
/// UID, start date, summary, and the alarm's trigger in days.
fn ics_events(path: &std::path::Path) -> Vec<(String, String, String, i64)> {
    let script = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
out = []
for e in cal.walk("VEVENT"):
    alarms = [a for a in e.walk("VALARM")]
    days = alarms[0].get("TRIGGER").dt.days if alarms else 0
    out.append([str(e.get("UID")), e.get("DTSTART").dt.isoformat(), str(e.get("SUMMARY")), days])
print(json.dumps(out))
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script, path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn portefeuille_writes_every_deadline_to_an_agenda_that_a_reexport_updates() {
    let dir = tempfile::tempdir().unwrap();
    let (store, followed, draft) = portfolio_store(dir.path());
    let ics = dir.path().join("echeances.ics");
    let export = |date: &str, force: bool| {
        let mut args = vec![
            "--store",
            store.as_str(),
            "portefeuille",
            "--date",
            date,
            "--ics",
            ics.to_str().unwrap(),
        ];
        if force {
            args.push("--force");
        }
        grappe(&args)
    };
    let out = export("2025-04-30", false);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("echeances.ics écrit :"),
        "{}",
        text(&out.stdout)
    );
    let events = ics_events(&ics);
    // Every dated deadline of each dossier's own statut, once, a week's alarm each.
    let mut expected = Vec::new();
    for (id, file) in [(1, &followed), (2, &draft)] {
        let out = grappe(&["suivi", "statut", file, "--date", "2025-04-30", "--json"]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for d in v["suivi"]["deadlines"].as_array().unwrap() {
            if d["date"] != "date à fixer" {
                expected.push((
                    id,
                    d["date"].as_str().unwrap().to_string(),
                    d["label"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    assert_eq!(events.len(), expected.len(), "{events:?}");
    for (id, date, label) in &expected {
        let iso = chrono::NaiveDate::parse_from_str(date, "%d/%m/%Y").unwrap().to_string();
        let project = format!(".{id}@grappe.desktop");
        let found: Vec<_> = events
            .iter()
            .filter(|e| e.0.ends_with(&project) && e.1 == iso && e.2.ends_with(label.as_str()))
            .collect();
        assert_eq!(found.len(), 1, "{date} {label} : {events:?}");
    }
    assert!(events.iter().all(|e| e.3 == -7), "{events:?}");
    let uids: std::collections::BTreeSet<&str> = events.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(uids.len(), events.len(), "UID en double : {events:?}");
    // Not over the file unasked; a re-export later keeps each deadline's UID (labels change).
    assert_eq!(export("2026-07-15", false).status.code(), Some(2));
    assert_eq!(export("2026-07-15", true).status.code(), Some(0));
    let later = ics_events(&ics);
    let again: std::collections::BTreeSet<&str> = later.iter().map(|e| e.0.as_str()).collect();
    for key in ["cibles.1@", "solde.1@", "compte-rendu.1@", "cibles.2@"] {
        let before = uids
            .iter()
            .find(|u| u.starts_with(key))
            .unwrap_or_else(|| panic!("{key} : {uids:?}"));
        assert!(again.contains(before), "{before} : {again:?}");
    }
}
