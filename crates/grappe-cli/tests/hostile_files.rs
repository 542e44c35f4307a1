//! Files from strangers, through the real `grappe` binary run under a 1 GB address-space limit
//! (`ulimit -v`): each of the small hostile files of `fixtures/hostile/` (made by
//! `scripts/make-hostile-fixtures.py`) ends in a French refusal or a clean reading — exit 0
//! or 2, never the abort (134) of an allocation that failed. Also: a mistyped `--store` is an
//! error, and names are printed without their terminal escapes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may fail loudly

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

/// `grappe args…` with at most 1 GB of address space.
fn limited(args: &[&str]) -> Output {
    Command::new("bash")
        .arg("-c")
        .arg("ulimit -v 1048576 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_grappe"))
        .args(args)
        .output()
        .expect("bash runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).replace(['\u{202F}', '\u{00A0}'], " ")
}

#[test]
fn hostile_workbooks_are_refused_in_french_within_a_gigabyte() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("grappe.sqlite");
    let s = store.to_str().unwrap();
    let cases = [
        // The two-cell sheet is read as the two cells it holds: the header lacks the columns.
        ("deux-cellules.xlsx", "colonnes manquantes"),
        ("gonfle.xlsx", "se décompresse en plus de 200 Mo"),
        ("repetitions.ods", "plus de 2000000 cellules"),
        ("espaces.ods", "plus de 32767 caractères"),
    ];
    // The lists of ESSMS and the expenses and measurements of le suivi are read by the same
    // reader as the solutions.
    for (name, expected) in cases {
        let file = fixture(name);
        let out = limited(&["import", "solutions", file.to_str().unwrap(), "--store", s, "--create"]);
        let message = stderr(&out);
        assert_ne!(
            out.status.code(),
            Some(134),
            "{name} : abandon sur allocation\n{message}"
        );
        assert_eq!(out.status.code(), Some(2), "{name} : {message}");
        assert!(message.contains(expected), "{name} : {message}");
    }
    let old = dir.path().join("ancien.xls");
    std::fs::write(&old, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).unwrap();
    let out = limited(&["import", "solutions", old.to_str().unwrap(), "--store", s]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("enregistrez-le au format .xlsx, .ods ou .csv"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_mistyped_store_is_an_error_naming_it_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("Dossiers").join("grape.sqlite");
    let out = limited(&["store", "list", "--store", typo.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(
        message.contains("grape.sqlite") && message.contains("n'existe pas"),
        "{message}"
    );
    assert!(
        !typo.exists() && !typo.parent().unwrap().exists(),
        "aucun dossier ni magasin créé"
    );
    // Asked for, it is created.
    let out = limited(&["store", "list", "--store", typo.to_str().unwrap(), "--create"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(typo.exists());
}

#[test]
fn names_with_terminal_escapes_or_bidirectional_marks_are_printed_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.json");
    assert!(limited(&["demo", file.to_str().unwrap()]).status.success());
    let text = std::fs::read_to_string(&file).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["name"] = serde_json::json!("Démo \u{1b}]0;piège\u{7}\u{1b}[2J effacé \u{202E}fdp.exe");
    std::fs::write(&file, value.to_string()).unwrap();
    let store = dir.path().join("grappe.sqlite");
    let s = store.to_str().unwrap();
    let out = limited(&["store", "import", file.to_str().unwrap(), "--store", s, "--create"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = limited(&["store", "list", "--store", s]);
    let listed = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        !listed.contains('\u{1b}') && !listed.contains('\u{7}') && !listed.contains('\u{202E}'),
        "{listed:?}"
    );
    assert!(
        listed.contains("Démo \\u001b]0;piège\\u0007\\u001b[2J effacé \\u202efdp.exe"),
        "{listed}"
    );
}

#[test]
fn a_dossier_of_more_essms_than_france_has_is_refused_within_a_gigabyte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.json");
    assert!(limited(&["demo", file.to_str().unwrap()]).status.success());
    let mut value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    // Close to the largest file read (128 Mo): some 450 000 ESSMS.
    let one = serde_json::to_string(&value["essms"][0]).unwrap();
    let count = 120_000_000 / (one.len() + 1);
    value["essms"] = serde_json::json!([]);
    let text = value.to_string();
    let (head, tail) = text.split_at(text.find("\"essms\":[]").unwrap() + "\"essms\":[".len());
    let mut big = String::with_capacity(130_000_000);
    big.push_str(head);
    for i in 0..count {
        if i > 0 {
            big.push(',');
        }
        big.push_str(&one);
    }
    big.push_str(tail);
    let huge = dir.path().join("enorme.json");
    std::fs::write(&huge, big).unwrap();
    let out = limited(&["compute", huge.to_str().unwrap()]);
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{message}");
    assert!(message.contains("ESSMS : plus de 100000 n'est pas lu"), "{message}");
}

/// A store holding the followed demo, and its archive exported by the command.
fn exported_archive(dir: &Path) -> (PathBuf, PathBuf) {
    let file = dir.join("suivi.json");
    assert!(limited(&["demo", file.to_str().unwrap(), "--suivi"]).status.success());
    let store = dir.join("source.sqlite");
    let s = store.to_str().unwrap();
    assert!(
        limited(&["store", "import", file.to_str().unwrap(), "--store", s, "--create"])
            .status
            .success()
    );
    let archive = dir.join("dossier.zip");
    let out = limited(&["store", "export", "1", archive.to_str().unwrap(), "--store", s]);
    assert!(out.status.success(), "{}", stderr(&out));
    (store, archive)
}

#[test]
fn an_archive_listing_one_piece_a_hundred_thousand_times_is_refused_at_once_within_a_gigabyte() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let (_, archive) = exported_archive(dir.path());
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
    let bad = dir.path().join("piège.zip");
    let mut out = zip::ZipWriter::new(std::fs::File::create(&bad).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = String::from_utf8(entry.name_raw().to_vec()).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "manifest.json" {
            let mut m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            let piece = serde_json::json!({"sha256": "0".repeat(64), "name": "facture.pdf", "size": 20_000_000, "path": "pieces/x/facture.pdf"});
            m["pieces"] = serde_json::Value::Array(vec![piece; 100_000]);
            bytes = m.to_string().into_bytes();
        }
        out.start_file(name, options).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
    let store = dir.path().join("autre.sqlite");
    let started = std::time::Instant::now();
    let out = limited(&[
        "store",
        "import",
        bad.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
        "--create",
    ]);
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{message}");
    assert!(message.contains("rien n'a été importé"), "{message}");
    assert!(
        started.elapsed().as_secs() < 20,
        "refusé sans lire 100 000 fois la pièce"
    );
}

#[test]
fn a_backup_carrying_a_trigger_is_refused_by_the_command_and_the_store_stays() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = exported_archive(dir.path());
    let s = store.to_str().unwrap();
    let backup = dir.path().join("sauvegarde.sqlite");
    assert!(limited(&["store", "backup", backup.to_str().unwrap(), "--store", s])
        .status
        .success());
    rusqlite::Connection::open(&backup)
        .unwrap()
        .execute_batch("CREATE TRIGGER pirate AFTER INSERT ON dossiers BEGIN DELETE FROM history; END;")
        .unwrap();
    let before = std::fs::read(&store).unwrap();
    let out = limited(&["store", "restore-backup", backup.to_str().unwrap(), "--store", s]);
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{message}");
    assert!(
        message.contains("déclencheur « pirate »") && message.contains("le magasin actuel reste en place"),
        "{message}"
    );
    assert_eq!(std::fs::read(&store).unwrap(), before);
}
