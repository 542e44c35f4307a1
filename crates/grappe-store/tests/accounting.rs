//! Expenses from the accounts (D-ACCOUNTING), on real files: a FEC of a real shape (tab and `|`,
//! UTF-8 and ISO-8859-15 with « Œ » and « € »; accounts 2051, 2183, 6156, 6226, 401, 44566, 512;
//! an avoir; two identical lines of one invoice) and a grand livre of the same entries, imported
//! into the right enveloppes to the cent, TTC and HT, a second import adding nothing.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use grappe_core::demo;
use grappe_core::suivi::accounting::NOT_MAPPED;
use grappe_core::suivi::{AccountRule, AccountingMapping, AmountBasis, EnveloppeKey};
use grappe_store::accounting::{read_accounting, AccountingKind};
use grappe_store::text_encoding::TextEncoding;
use grappe_store::Store;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The demo dossier, awarded, without its expenses; its enveloppes.
fn awarded_store(dir: &Path) -> (Store, i64, Vec<EnveloppeKey>) {
    let mut store = Store::open(&dir.join("grappe.sqlite")).unwrap();
    let mut followed = demo::demo_followed();
    let suivi = followed.suivi.as_mut().unwrap();
    suivi.expenses.clear();
    let keys: Vec<EnveloppeKey> = suivi
        .award
        .as_ref()
        .unwrap()
        .enveloppe_keys()
        .into_iter()
        .filter(|k| k.og == "620991026")
        .collect();
    let id = store.create(&followed).unwrap();
    (store, id, keys)
}

fn rule(account: &str, enveloppe: &EnveloppeKey) -> AccountRule {
    AccountRule {
        account: account.into(),
        journal: String::new(),
        third_party: String::new(),
        label_words: String::new(),
        enveloppe: enveloppe.clone(),
        essms: None,
    }
}

fn mapping(keys: &[EnveloppeKey], basis: AmountBasis) -> AccountingMapping {
    AccountingMapping {
        rules: vec![
            rule("2051", &keys[0]),
            rule("2183", &keys[2]),
            rule("6156", &keys[2]),
            rule("6226", &keys[3]),
        ],
        basis,
        columns: Vec::new(),
    }
}

/// (reference, supplier, signed amount, enveloppe index) of the expenses.
fn expenses(store: &mut Store, id: i64, keys: &[EnveloppeKey]) -> Vec<(String, String, Decimal, usize)> {
    let dossier = store.load(id).unwrap().dossier;
    dossier
        .suivi
        .unwrap()
        .expenses
        .iter()
        .map(|x| {
            (
                x.reference.clone(),
                x.supplier.clone(),
                x.signed(),
                keys.iter().position(|k| *k == x.enveloppe).unwrap(),
            )
        })
        .collect()
}

fn expected(ttc: bool) -> Vec<(String, String, Decimal, usize)> {
    let rows = [
        ("FA-2025-0101", "Éditeur Sud Œuvres", dec!(12000.00), dec!(10000.00), 0),
        ("FA-2025-0102", "Info Santé Nord", dec!(3600.00), dec!(3000.00), 2),
        ("FA-2025-0102", "Info Santé Nord", dec!(600.00), dec!(500.00), 2),
        ("H-77", "Conseil & Territoires", dec!(1800.00), dec!(1500.00), 3),
        ("FA-2025-0140", "Info Santé Nord", dec!(300.00), dec!(250.00), 2),
        ("FA-2025-0140", "Info Santé Nord", dec!(300.00), dec!(250.00), 2),
        ("AV-2025-0007", "Info Santé Nord", dec!(-120.00), dec!(-100.00), 2),
    ];
    rows.iter()
        .map(|(r, s, t, h, k)| (r.to_string(), s.to_string(), if ttc { *t } else { *h }, *k))
        .collect()
}

#[test]
fn a_fec_in_iso_8859_15_or_utf_8_tab_or_pipe_imports_into_the_enveloppes_to_the_cent_once() {
    let text = std::fs::read_to_string(fixture("fec-flandres.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let latin9 = dir.path().join("FEC-2025.txt");
    let (bytes, _, unmappable) = encoding_rs::ISO_8859_15.encode(&text);
    assert!(!unmappable);
    std::fs::write(&latin9, &bytes).unwrap();
    let piped = dir.path().join("fec-pipe.txt");
    std::fs::write(&piped, text.replace('\t', "|")).unwrap();

    for (path, encoding) in [(&latin9, TextEncoding::Iso8859_15), (&piped, TextEncoding::Utf8)] {
        let file = read_accounting(path).unwrap();
        assert_eq!((file.kind, file.encoding), (AccountingKind::Fec, Some(encoding)));
        assert_eq!((file.read.len(), file.read.rejected_count), (22, 0));
        let (mut store, id, keys) = awarded_store(dir.path().join(format!("{encoding:?}")).as_path().tap_mkdir());
        let map = mapping(&keys, AmountBasis::Ttc);
        // The preview writes nothing and says what it leaves out.
        let preview = store.preview_accounting(id, &file, &map).unwrap();
        assert_eq!(preview.taken.len(), 7);
        assert_eq!(preview.left_out.len(), 1);
        assert_eq!(
            (
                preview.left_out[0].account.as_str(),
                preview.left_out[0].reason.as_str()
            ),
            ("606100", NOT_MAPPED)
        );
        assert!(expenses(&mut store, id, &keys).is_empty());

        let report = store.import_accounting(id, path, &file, &map).unwrap();
        assert_eq!((report.imported, report.already_there), (7, 0));
        assert_eq!(expenses(&mut store, id, &keys), expected(true));
        // The mapping is kept with the dossier; a second import adds nothing.
        let kept = store.load(id).unwrap().dossier.suivi.unwrap().accounting.unwrap();
        assert_eq!(kept, map);
        let version = store.load(id).unwrap().version;
        let again = store.import_accounting(id, path, &file, &kept).unwrap();
        assert_eq!((again.imported, again.already_there), (0, 7));
        assert_eq!(store.load(id).unwrap().version, version);
    }

    // HT on request.
    let file = read_accounting(&latin9).unwrap();
    let (mut store, id, keys) = awarded_store(dir.path().join("ht").as_path().tap_mkdir());
    store
        .import_accounting(id, &latin9, &file, &mapping(&keys, AmountBasis::Ht))
        .unwrap();
    assert_eq!(expenses(&mut store, id, &keys), expected(false));
}

#[test]
fn a_grand_livre_imports_the_same_expenses_and_skips_account_and_total_lines() {
    let path = fixture("grand-livre-flandres.csv");
    let file = read_accounting(&path).unwrap();
    assert_eq!(file.kind, AccountingKind::GrandLivre);
    assert_eq!((file.read.len(), file.read.rejected_count), (22, 0));
    let dir = tempfile::tempdir().unwrap();
    let (mut store, id, keys) = awarded_store(dir.path());
    let report = store
        .import_accounting(id, &path, &file, &mapping(&keys, AmountBasis::Ttc))
        .unwrap();
    assert_eq!(report.imported, 7);
    let mut got = expenses(&mut store, id, &keys);
    let mut want = expected(true);
    got.sort();
    want.sort();
    assert_eq!(got, want);

    // The same grand livre as a workbook: real date cells, numbers as numbers.
    let text = std::fs::read_to_string(&path).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (r, row) in text.lines().enumerate() {
        for (c, cell) in row.split(';').enumerate() {
            let (r, c) = (r as u32, c as u16);
            let parts: Vec<&str> = cell.split('/').collect();
            if let [d, m, y] = parts[..] {
                if let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u8>(), m.parse::<u8>(), y.parse::<u16>()) {
                    let day = rust_xlsxwriter::ExcelDateTime::from_ymd(y, m, d).unwrap();
                    sheet.write_datetime_with_format(r, c, &day, &date_format).unwrap();
                    continue;
                }
            }
            match cell.replace(',', ".").parse::<f64>() {
                Ok(n) if c >= 4 => sheet.write_number(r, c, n).unwrap(),
                _ if cell.is_empty() => sheet,
                _ => sheet.write_string(r, c, cell).unwrap(),
            };
        }
    }
    let xlsx = dir.path().join("grand-livre.xlsx");
    book.save(&xlsx).unwrap();
    let file = read_accounting(&xlsx).unwrap();
    assert_eq!(
        (file.kind, file.read.len(), file.read.rejected_count),
        (AccountingKind::GrandLivre, 22, 0)
    );
    let (mut store, id, keys) = awarded_store(dir.path().join("xlsx").as_path().tap_mkdir());
    store
        .import_accounting(id, &xlsx, &file, &mapping(&keys, AmountBasis::Ttc))
        .unwrap();
    let mut got = expenses(&mut store, id, &keys);
    got.sort();
    assert_eq!(got, want);
}

#[test]
fn a_fec_line_with_a_two_digit_year_is_rejected_with_its_reason_and_another_file_is_refused() {
    let text = std::fs::read_to_string(fixture("fec-flandres.txt"))
        .unwrap()
        .replacen("20250310", "10/03/25", 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fec.txt");
    std::fs::write(&path, text).unwrap();
    let file = read_accounting(&path).unwrap();
    assert_eq!(file.read.rejected_count, 1);
    assert!(
        file.read.rejected[0].reason.contains("quatre chiffres"),
        "{:?}",
        file.read.rejected
    );
    assert_eq!(file.read.rejected[0].line, 2);
    // In a longer file (read in two halves), each line keeps its number.
    let text = std::fs::read_to_string(fixture("fec-flandres.txt")).unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    let mut long = format!("{header}\n");
    for _ in 0..10 {
        long.push_str(body);
    }
    let mut rows: Vec<String> = long.lines().map(str::to_string).collect();
    rows[180] = rows[180].replacen("2025", "25", 1);
    rows[30] = rows[30].replacen("2025", "25", 1);
    let long_path = dir.path().join("long.txt");
    std::fs::write(&long_path, rows.join("\r\n")).unwrap();
    let file = read_accounting(&long_path).unwrap();
    assert_eq!(file.read.len(), 218);
    let lines: Vec<u64> = file.read.rejected.iter().map(|r| r.line).collect();
    assert_eq!(lines, [31, 181]);
    let numbers: Vec<u64> = file.read.lines().iter().map(|l| l.line).collect();
    assert!(
        numbers.windows(2).all(|w| w[0] < w[1]) && numbers[0] == 2 && numbers[217] == 221,
        "{numbers:?}"
    );
    let other = dir.path().join("liste.csv");
    std::fs::write(&other, "Nom;Ville\nA;B\n").unwrap();
    let e = read_accounting(&other).unwrap_err().to_string();
    assert!(e.contains("ni un FEC") && e.contains("Nom | Ville"), "{e}");
}

trait Mkdir {
    fn tap_mkdir(self) -> Self;
}

impl Mkdir for &Path {
    fn tap_mkdir(self) -> Self {
        std::fs::create_dir_all(self).unwrap();
        self
    }
}
