//! A full disk loses nothing: the store and the PDF export on a 1 MB file system that fills
//! up. This test binary re-runs itself inside a private user and mount namespace
//! (`unshare -rm`, no privilege needed) where it mounts that small tmpfs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may fail loudly

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn grappe(args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_grappe"));
    command.args(args);
    if args.contains(&"--store") {
        command.arg("--create");
    }
    command.output().expect("the grappe binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn main() {
    if let Ok(dir) = std::env::var("GRAPPE_DISK_FULL_CHILD") {
        child(Path::new(&dir));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("unshare")
        .args(["-rm"])
        .arg(std::env::current_exe().unwrap())
        .env("GRAPPE_DISK_FULL_CHILD", dir.path())
        .output()
        .expect("unshare (util-linux) is needed to mount a small file system");
    print!("{}", String::from_utf8_lossy(&out.stdout));
    if out.status.success() {
        println!("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
    } else {
        println!("disk full FAILED: {}", stderr(&out));
        println!("test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out");
        std::process::exit(101);
    }
}

fn child(dir: &Path) {
    let demo = dir.join("demo.json");
    assert!(grappe(&["demo", demo.to_str().unwrap()]).status.success());
    let full = dir.join("plein");
    fs::create_dir(&full).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&full)
        .status()
        .is_ok_and(|s| s.success());
    assert!(mounted, "mounting a tmpfs in the private namespace failed");

    // The store: import the demo dossier until the disk is full.
    let store = full.join("grappe.sqlite");
    let s = store.to_str().unwrap();
    let mut imported = 0;
    let failure = loop {
        let out = grappe(&["store", "import", demo.to_str().unwrap(), "--store", s]);
        if !out.status.success() {
            break out;
        }
        imported += 1;
        assert!(imported < 200, "the disk never filled up");
    };
    assert_eq!(failure.status.code(), Some(2));
    assert!(stderr(&failure).contains("le disque est plein"), "{}", stderr(&failure));
    // Nothing was lost: the store opens, holds every dossier imported before, each whole.
    let list = grappe(&["store", "list", "--store", s]);
    assert!(list.status.success(), "{}", stderr(&list));
    let listed = String::from_utf8_lossy(&list.stdout)
        .lines()
        .filter(|l| l.contains("462"))
        .count();
    assert_eq!(listed, imported, "{}", String::from_utf8_lossy(&list.stdout));
    println!(
        "disk full: {imported} dossiers imported, the next one refused « le disque est plein », all {imported} intact"
    );

    // The PDF: an existing export is kept when the new one does not fit.
    fs::remove_file(&store).unwrap();
    let _ = fs::remove_file(full.join("grappe.sqlite-wal"));
    let _ = fs::remove_file(full.join("grappe.sqlite-shm"));
    let pdf = full.join("dossier.pdf");
    fs::write(&pdf, b"export precedent").unwrap();
    fs::write(full.join("remplissage"), vec![0u8; 950 * 1024]).unwrap();
    let out = grappe(&[
        "dossier",
        demo.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--date",
        "2026-11-23",
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("le disque est plein ; le fichier existant n'a pas été modifié"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(&pdf).unwrap(), b"export precedent");
    let names: Vec<String> = fs::read_dir(&full)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("partiel")),
        "no partial file left: {names:?}"
    );
    println!("disk full: the PDF export was refused « le disque est plein », the previous file intact");

    // The PDF and its annexes: all or nothing (the PDF fits, the set does not).
    fs::remove_file(&pdf).unwrap();
    fs::remove_file(full.join("remplissage")).unwrap();
    // The sizes of the set, written elsewhere first; the small disk then left with room for
    // the PDF and half of the annexes.
    let elsewhere = dir.join("ailleurs");
    fs::create_dir(&elsewhere).unwrap();
    let out = grappe(&[
        "dossier",
        demo.to_str().unwrap(),
        "-o",
        elsewhere.join("candidature.pdf").to_str().unwrap(),
        "--annexes",
        elsewhere.to_str().unwrap(),
        "--date",
        "2026-11-23",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let size = |p: &Path| fs::metadata(p).unwrap().len().div_ceil(4096) * 4096;
    let pdf_size = size(&elsewhere.join("candidature.pdf"));
    let all: u64 = fs::read_dir(&elsewhere)
        .unwrap()
        .map(|e| size(&e.unwrap().path()))
        .sum();
    let room = pdf_size + (all - pdf_size) / 2;
    let free = fs4::available_space(&full).unwrap();
    assert!(free > room, "{free} {room}");
    fs::write(full.join("remplissage"), vec![0u8; (free - room) as usize]).unwrap();
    let set_pdf = full.join("candidature.pdf");
    let out = grappe(&[
        "dossier",
        demo.to_str().unwrap(),
        "-o",
        set_pdf.to_str().unwrap(),
        "--annexes",
        full.to_str().unwrap(),
        "--date",
        "2026-11-23",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("le disque est plein ; aucun fichier n'a été écrit"),
        "{}",
        stderr(&out)
    );
    let names: Vec<String> = fs::read_dir(&full)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(
        names,
        ["remplissage"],
        "ni PDF ni annexe ni fichier partiel : {names:?}"
    );
    println!("disk full: the PDF and its annexes were refused together, none written");

    // A store on a disk filled to the last byte: listed, or refused with the disk-full message.
    fs::remove_file(full.join("remplissage")).unwrap();
    let store = full.join("grappe.sqlite");
    let s = store.to_str().unwrap();
    assert!(grappe(&["store", "import", demo.to_str().unwrap(), "--store", s])
        .status
        .success());
    let mut filler = fs::File::create(full.join("remplissage")).unwrap();
    let block = vec![0u8; 4096];
    while std::io::Write::write_all(&mut filler, &block).is_ok() {}
    let _ = std::io::Write::write_all(&mut filler, &[0]);
    drop(filler);
    for args in [
        vec!["store", "list", "--store", s],
        vec!["search", "ehpad", "--store", s],
    ] {
        let out = grappe(&args);
        let err = stderr(&out);
        assert!(
            out.status.success() || err.contains("le disque est plein"),
            "{args:?} : {err}"
        );
        assert!(
            !err.contains("erreur inattendue") && !err.contains("disk I/O"),
            "{args:?} : {err}"
        );
    }
    println!("disk full: store list and search on a full disk answer or say the disk is full");

    // A backup onto the full disk: refused, nothing left of it.
    let outside = dir.join("magasin.sqlite");
    let o = outside.to_str().unwrap();
    assert!(grappe(&["store", "import", demo.to_str().unwrap(), "--store", o])
        .status
        .success());
    let backup = full.join("sauvegarde.sqlite");
    let out = grappe(&["store", "backup", backup.to_str().unwrap(), "--store", o]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("le disque est plein"), "{}", stderr(&out));
    let names: Vec<String> = fs::read_dir(&full)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".grappe") || n.starts_with("sauvegarde"))
        .collect();
    assert!(names.is_empty(), "rien ne reste de la sauvegarde : {names:?}");
    println!("disk full: a backup onto the full disk was refused, nothing left of it");

    // An archive into a store whose disk has not room for it: refused before anything is
    // written (its free space is checked first), the store as it was.
    fs::remove_file(full.join("remplissage")).unwrap();
    let archive = dir.join("dossier.zip");
    let out = grappe(&["store", "export", "1", archive.to_str().unwrap(), "--store", o]);
    assert!(out.status.success(), "{}", stderr(&out));
    let before = String::from_utf8_lossy(&grappe(&["store", "list", "--store", s]).stdout).to_string();
    let out = grappe(&["store", "import", archive.to_str().unwrap(), "--store", s]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("le disque du magasin n'a plus que") && stderr(&out).contains("rien n'a été importé"),
        "{}",
        stderr(&out)
    );
    let after = String::from_utf8_lossy(&grappe(&["store", "list", "--store", s]).stdout).to_string();
    assert_eq!(after, before);
    println!("disk full: an archive too large for the store's disk was refused before anything was written");
}
