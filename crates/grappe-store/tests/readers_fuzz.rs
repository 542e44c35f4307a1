//! No user file panics a reader, and none leaves the store unusable: property tests over the
//! readers of the files users bring to the store — lists of ESSMS and of référencé solutions
//! (CSV, XLSX, ODS, XLS) and the FINESS extract. Each case must end in `Ok` or a French
//! `StoreError`, and the store must answer the next call. (The dossier and barème files are
//! covered in grappe-core's `parsers_fuzz`.) Bounded: a fixed number of cases per property.

#![allow(clippy::unwrap_used)] // tests may fail loudly

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use grappe_store::{Store, StoreError};
use proptest::prelude::*;

fn store(dir: &Path) -> Store {
    Store::open(&dir.join("grappe.sqlite")).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A French message, never an empty or English one.
fn check_error(e: &StoreError) {
    let message = e.to_string();
    assert!(!message.trim().is_empty());
    assert!(!message.contains("panicked"), "{message}");
}

/// Reading the file as a list of ESSMS and as a list of solutions ends cleanly, and the store
/// still answers afterwards.
fn read_both_ways(s: &mut Store, path: &Path) {
    if let Err(e) = s.essms_list(path) {
        check_error(&e);
    }
    if let Err(e) = s.import_solutions(path) {
        check_error(&e);
    }
    s.list().unwrap();
    s.solutions().unwrap();
}

/// A real workbook of solutions, as a spreadsheet program writes it.
fn xlsx() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let rows = [
            [
                "Éditeur",
                "Solution",
                "Version",
                "Identifiant",
                "Dispositif",
                "Date de référencement",
            ],
            [
                "Éditions du Nord",
                "DUI Horizon",
                "5.2",
                "DEMO-1",
                "DUI MS1",
                "01/06/2023",
            ],
            ["Logiciels d'Ici", "Accompagne", "3", "DEMO-2", "DUI MS1", "2024-02-15"],
        ];
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, *cell).unwrap();
            }
        }
        sheet.write_string(3, 0, "590000303").unwrap();
        book.save_to_buffer().unwrap()
    })
}

/// A real OpenDocument spreadsheet (the zip container, the manifest and the content).
fn ods() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        let files = [
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet".to_string()),
            (
                "META-INF/manifest.xml",
                r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#
                    .to_string(),
            ),
            (
                "content.xml",
                r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
 <office:body><office:spreadsheet><table:table table:name="Liste">
  <table:table-row><table:table-cell office:value-type="string"><text:p>FINESS ET</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Nom</text:p></table:table-cell></table:table-row>
  <table:table-row><table:table-cell office:value-type="string"><text:p>590000303</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>EHPAD Les Tilleuls</text:p></table:table-cell></table:table-row>
 </table:table></office:spreadsheet></office:body>
</office:document-content>"#
                    .to_string(),
            ),
        ];
        for (name, text) in files {
            zip.start_file(name, stored).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    })
}

/// Damage done to a file: bytes overwritten at positions (in ten-thousandths of the length),
/// then a truncation.
type Damage = (Vec<(usize, u8)>, Option<usize>);

fn damage() -> impl Strategy<Value = Damage> {
    (
        prop::collection::vec((0usize..10_000, any::<u8>()), 0..12),
        prop::option::of(0usize..10_000),
    )
}

fn damaged(base: &[u8], (edits, cut): &Damage) -> Vec<u8> {
    let mut bytes = base.to_vec();
    let at = |fraction: usize, len: usize| fraction * len / 10_000;
    for &(fraction, byte) in edits {
        let i = at(fraction, bytes.len());
        bytes[i] = byte;
    }
    if let Some(cut) = cut {
        bytes.truncate(at(*cut, bytes.len()));
    }
    bytes
}

#[test]
fn the_undamaged_workbooks_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let report = s
        .import_solutions(&write(dir.path(), "solutions.xlsx", xlsx()))
        .unwrap();
    assert_eq!(report.imported, 2, "{:?}", report.rejected);
    let list = s.essms_list(&write(dir.path(), "liste.ods", ods())).unwrap();
    assert_eq!(list.unknown, ["590000303"]);
}

#[test]
fn a_table_file_over_the_size_limit_is_refused_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let path = dir.path().join("enorme.csv");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(51 * 1024 * 1024).unwrap();
    let message = s.essms_list(&path).unwrap_err().to_string();
    assert!(
        message.contains("une liste de plus de 50 Mo n'est pas lue"),
        "{message}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_as_a_csv_list_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..3000)) {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        read_both_ways(&mut s, &write(dir.path(), "liste.csv", &bytes));
    }

    #[test]
    fn text_like_csv_lists_never_panic(text in "[A-Za-z0-9éÉ ;,\"\r\n\t/.-]{0,600}") {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        read_both_ways(&mut s, &write(dir.path(), "liste.csv", text.as_bytes()));
    }

    #[test]
    fn damaged_xlsx_never_panic(d in damage()) {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        read_both_ways(&mut s, &write(dir.path(), "liste.xlsx", &damaged(xlsx(), &d)));
    }

    #[test]
    fn damaged_ods_never_panic(d in damage()) {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        read_both_ways(&mut s, &write(dir.path(), "liste.ods", &damaged(ods(), &d)));
    }

    #[test]
    fn any_bytes_as_an_xls_never_panic(tail in prop::collection::vec(any::<u8>(), 0..4000)) {
        // The compound-file signature of the old Excel format, then anything.
        let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        bytes.extend(tail);
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        read_both_ways(&mut s, &write(dir.path(), "liste.xls", &bytes));
    }
}

proptest! {
    // Each case is an import transaction on a real store: fewer cases.
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_finess_extract_never_panics_and_leaves_the_store_usable(
        lines in prop::collection::vec("[a-z0-9A-Z;\"éà ]{0,80}|structureet;[0-9AB]{9};[0-9]{9};[^\n]{0,300}", 0..30),
        raw in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        let mut bytes = b"finess;etalab;111;2026-10-31\n".to_vec();
        bytes.extend(lines.join("\n").into_bytes());
        bytes.extend(raw);
        let path = write(dir.path(), "etalab-cs1100502-stock-20261031.csv", &bytes);
        if let Err(e) = s.import_finess(&path, &mut |_| ControlFlow::Continue(())) {
            check_error(&e);
        }
        s.finess_extract().unwrap();
        s.search("ehpad", &grappe_store::SearchFilters::default(), 5).unwrap();
        s.list().unwrap();
    }
}
