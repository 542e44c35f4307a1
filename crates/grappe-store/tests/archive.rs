//! A dossier with its pieces as one archive, on real files: exported and imported into another
//! store exactly, every piece checked; a damaged, incomplete, newer or foreign archive refused
//! with a French message, and nothing written.
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use grappe_core::demo;
use grappe_store::{Store, StoreError, ARCHIVE_FORMAT, MAX_PIECE};

/// A store holding the followed demo dossier, an invoice attached to its first expense and a
/// proof kept beside; and the archive of it.
fn exported(dir: &Path) -> (Store, i64, PathBuf) {
    let mut store = Store::open(&dir.join("source.sqlite")).unwrap();
    let id = store.create(&demo::demo_followed()).unwrap();
    let invoice = store
        .add_piece(id, "Facture F-2024-311.pdf", b"%PDF-1.7 facture 311")
        .unwrap();
    store
        .add_piece(id, "capture/MES 03-2025.png", &[0x89, b'P', b'N', b'G', 0, 1, 2])
        .unwrap();
    let mut suivi = store.load(id).unwrap().dossier.suivi.unwrap();
    suivi.expenses[0].piece = Some(invoice);
    store.save_suivi(id, Some(suivi), "Facture jointe").unwrap();
    let archive = dir.join("dossier.zip");
    let pieces = store
        .export_archive(id, std::fs::File::create(&archive).unwrap())
        .unwrap();
    assert_eq!(pieces, 2);
    (store, id, archive)
}

/// The archive rewritten, each entry passed through `change` (`None` leaves it out).
fn rezip(source: &Path, target: &Path, change: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(source).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(target).unwrap());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if let Some(bytes) = change(&name, bytes) {
            out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            out.write_all(&bytes).unwrap();
        }
    }
    out.finish().unwrap();
}

fn refused(store: &mut Store, archive: &Path) -> String {
    let before = store.list().unwrap().len();
    let e: StoreError = store.import_archive(archive).unwrap_err();
    assert_eq!(store.list().unwrap().len(), before, "rien n'est importé");
    let message = e.to_string();
    assert!(message.contains("rien n'a été importé"), "{message}");
    message
}

#[test]
fn a_followed_dossier_and_its_pieces_travel_in_one_archive_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let (source, id, archive) = exported(dir.path());
    let mut other = Store::open(&dir.path().join("other.sqlite")).unwrap();
    let imported = other.import_archive(&archive).unwrap();
    assert_eq!(imported.pieces, 2);
    let original = source.load(id).unwrap().dossier;
    assert_eq!(other.load(imported.id).unwrap().dossier, original);
    let sha = original.suivi.unwrap().expenses[0].piece.clone().unwrap();
    let piece = other.piece(imported.id, &sha).unwrap();
    assert_eq!(
        (piece.name.as_str(), piece.content.as_slice()),
        ("Facture F-2024-311.pdf", &b"%PDF-1.7 facture 311"[..])
    );
    // The manifest says what the archive holds.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
    let mut manifest = String::new();
    zip.by_name("manifest.json")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    assert!(
        manifest.contains(ARCHIVE_FORMAT) && manifest.contains(&sha),
        "{manifest}"
    );
    assert!(zip.by_name(&format!("pieces/{sha}/Facture F-2024-311.pdf")).is_ok());
}

#[test]
fn a_damaged_incomplete_newer_or_foreign_archive_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, archive) = exported(dir.path());
    let mut other = Store::open(&dir.path().join("other.sqlite")).unwrap();
    let bad = dir.path().join("abîmée.zip");

    // A piece whose content changed on the way.
    rezip(&archive, &bad, |name, mut bytes| {
        if name.ends_with("Facture F-2024-311.pdf") {
            bytes[0] = b'#';
        }
        Some(bytes)
    });
    let message = refused(&mut other, &bad);
    assert!(
        message.contains("« Facture F-2024-311.pdf » ne correspond pas à son empreinte SHA-256"),
        "{message}"
    );

    // The invoice of an expense left out.
    rezip(&archive, &bad, |name, bytes| {
        let manifest = String::from_utf8(bytes.clone()).unwrap_or_default();
        match name {
            "manifest.json" => {
                let mut m: serde_json::Value = serde_json::from_str(&manifest).unwrap();
                m["pieces"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|p| p["name"] != "Facture F-2024-311.pdf");
                Some(m.to_string().into_bytes())
            }
            _ if name.ends_with(".pdf") => None,
            _ => Some(bytes),
        }
    });
    let message = refused(&mut other, &bad);
    assert!(
        message.contains("la pièce jointe de la dépense « F-2024-311 » manque"),
        "{message}"
    );

    // A piece over the size limit.
    rezip(&archive, &bad, |name, bytes| {
        if name.ends_with(".png") {
            Some(vec![0; MAX_PIECE + 1])
        } else {
            Some(bytes)
        }
    });
    assert!(refused(&mut other, &bad).contains("dépasse 20 Mo"));

    // An archive of a newer Grappe.
    rezip(&archive, &bad, |name, bytes| {
        if name == "manifest.json" {
            Some(
                String::from_utf8(bytes)
                    .unwrap()
                    .replace(ARCHIVE_FORMAT, "grappe-archive/9")
                    .into_bytes(),
            )
        } else {
            Some(bytes)
        }
    });
    assert!(refused(&mut other, &bad).contains("plus récent que cette version de Grappe"));

    // Another zip file, and a file that is not a zip at all.
    rezip(&archive, &bad, |name, bytes| (name != "manifest.json").then_some(bytes));
    assert!(refused(&mut other, &bad).contains("« manifest.json » manque dans l'archive"));
    std::fs::write(&bad, "Date;Montant\n").unwrap();
    assert!(refused(&mut other, &bad).contains("n'est pas une archive de dossier Grappe lisible"));
}

/// The archive with its manifest's pieces passed through `change`.
fn with_manifest(source: &Path, target: &Path, change: impl Fn(&mut Vec<serde_json::Value>)) {
    rezip(source, target, |name, bytes| {
        if name != "manifest.json" {
            return Some(bytes);
        }
        let mut m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        change(m["pieces"].as_array_mut().unwrap());
        Some(m.to_string().into_bytes())
    });
}

#[test]
fn an_archive_made_to_hold_the_store_or_fill_the_disk_is_refused_before_anything_is_read_at_length() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, archive) = exported(dir.path());
    let mut other = Store::open(&dir.path().join("other.sqlite")).unwrap();
    let bad = dir.path().join("piège.zip");

    // One piece listed twice (the shape of one listed 100 000 times): refused, never hashed twice.
    with_manifest(&archive, &bad, |pieces| {
        let first = pieces[0].clone();
        pieces.push(first);
    });
    let message = refused(&mut other, &bad);
    assert!(message.contains("figure deux fois dans le manifeste"), "{message}");
    with_manifest(&archive, &bad, |pieces| {
        let first = pieces[0].clone();
        pieces.extend(std::iter::repeat_n(first, 100_000));
    });
    let started = std::time::Instant::now();
    let message = refused(&mut other, &bad);
    assert!(message.contains("« manifest.json » dépasse 8 Mo"), "{message}");
    assert!(started.elapsed().as_secs() < 10, "refusé sans tout lire");
    with_manifest(&archive, &bad, |pieces| {
        pieces.extend(
            (0..10_000).map(|i| serde_json::json!({"sha256": format!("{i:064x}"), "name": "", "size": 0, "path": ""})),
        );
    });
    let message = refused(&mut other, &bad);
    assert!(message.contains("pièces : plus de 10000 n'est pas lu"), "{message}");

    // A manifest of 200 000 entries (its text alone is larger than a manifest can be; the
    // 1.2 million of a 1 Mo zipped manifest are refused at the same point).
    with_manifest(&archive, &bad, |pieces| {
        pieces.extend(
            (0..200_000).map(|i| serde_json::json!({"sha256": format!("{i:064x}"), "name": "", "size": 0, "path": ""})),
        );
    });
    let message = refused(&mut other, &bad);
    assert!(message.contains("« manifest.json » dépasse 8 Mo"), "{message}");

    // Pieces that would add more than the bound once inflated (declared sizes, checked before
    // reading any of them).
    with_manifest(&archive, &bad, |pieces| {
        for (i, p) in pieces.iter_mut().enumerate() {
            p["size"] = serde_json::json!(MAX_PIECE - i);
        }
        let template = pieces[1].clone();
        for i in 0..210 {
            let mut p = template.clone();
            p["sha256"] = serde_json::json!(format!("{i:064x}"));
            p["path"] = serde_json::json!(format!("pieces/{i}/x"));
            p["size"] = serde_json::json!(MAX_PIECE);
            pieces.push(p);
        }
    });
    // Each listed piece is in the archive (empty ones here): only the total is wrong.
    let listed = bad.with_extension("complete.zip");
    rezip(&bad, &listed, |_, b| Some(b));
    {
        let mut zip = zip::ZipWriter::new_append(
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(&listed)
                .unwrap(),
        )
        .unwrap();
        for i in 0..210 {
            zip.start_file(format!("pieces/{i}/x"), zip::write::SimpleFileOptions::default())
                .unwrap();
        }
        zip.finish().unwrap();
    }
    let message = refused(&mut other, &listed);
    assert!(message.contains("plus de 4096 Mo n'est pas importé"), "{message}");

    assert_eq!(other.list().unwrap().len(), 0);
}

#[test]
fn a_refused_archive_leaves_no_barème_behind_and_the_report_counts_what_was_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut source = Store::open(&dir.path().join("source.sqlite")).unwrap();
    let mut bareme = grappe_core::Bareme::default_bareme();
    bareme.campaign = "2026".into();
    bareme.version = "2026.1".into();
    source.save_bareme(&bareme, None).unwrap();
    let mut dossier = demo::demo_followed();
    dossier.campaign = "2026".into();
    let id = source.create(&dossier).unwrap();
    source.add_piece(id, "Facture.pdf", b"%PDF-1.7 facture").unwrap();
    let archive = dir.path().join("dossier.zip");
    source
        .export_archive(id, std::fs::File::create(&archive).unwrap())
        .unwrap();

    let mut other = Store::open(&dir.path().join("other.sqlite")).unwrap();
    let ids = |s: &Store| s.bareme_list().unwrap().into_iter().map(|b| b.id).collect::<Vec<_>>();
    let before = ids(&other);
    let bad = dir.path().join("abîmée.zip");
    rezip(&archive, &bad, |name, mut bytes| {
        if name.ends_with("Facture.pdf") {
            bytes[0] = b'#';
        }
        Some(bytes)
    });
    refused(&mut other, &bad);
    assert_eq!(ids(&other), before, "le barème du dossier refusé n'est pas resté");
    assert!(other.baremes().get("2026").is_none());

    let imported = other.import_archive(&archive).unwrap();
    assert_eq!(imported.pieces, 1);
    assert!(other.baremes().get("2026").is_some());
}

#[test]
fn pieces_named_for_one_system_only_are_written_under_names_every_system_extracts() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("source.sqlite")).unwrap();
    let id = store.create(&demo::demo_followed()).unwrap();
    let names = ["CON", "x:y*?.pdf", "facture.", "facture\u{202E}fdp.exe", "nul.txt"];
    let shas: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, name)| store.add_piece(id, name, format!("pièce {i}").as_bytes()).unwrap())
        .collect();
    let archive = dir.path().join("dossier.zip");
    store
        .export_archive(id, std::fs::File::create(&archive).unwrap())
        .unwrap();
    let zip = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
    let entries: Vec<String> = zip
        .file_names_raw()
        .map(|n| String::from_utf8(n.to_vec()).unwrap())
        .collect();
    for entry in entries.iter().filter(|e| e.starts_with("pieces/")) {
        let file = entry.rsplit('/').next().unwrap();
        assert!(!file.contains([':', '*', '?', '\u{202E}']), "{entry}");
        assert!(!file.ends_with('.'), "{entry}");
        let stem = file.split('.').next().unwrap().to_ascii_uppercase();
        assert!(!["CON", "NUL"].contains(&stem.as_str()), "{entry}");
    }
    // The names as given come back on import, from the manifest.
    let mut other = Store::open(&dir.path().join("other.sqlite")).unwrap();
    let imported = other.import_archive(&archive).unwrap();
    assert_eq!(imported.pieces, names.len());
    for (sha, name) in shas.iter().zip(names) {
        assert_eq!(other.piece(imported.id, sha).unwrap().name, name);
    }
}
