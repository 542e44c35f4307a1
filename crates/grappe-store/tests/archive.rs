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
