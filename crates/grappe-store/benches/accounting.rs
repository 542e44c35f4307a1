//! Benchmark of the accounting import (issue 25): a FEC of 200 000 lines (a year of a large
//! organisme) read, mapped to enveloppes and previewed, against the same file merely parsed by
//! the `csv` crate (target: under 3× that parse and under 2 s).
//! Prints figures; never fails on timing. Run: `cargo bench -p grappe-store --bench accounting`
//! (`GRAPPE_BENCH_FEC_LINES=n` to change the size).

#![allow(clippy::float_arithmetic, clippy::expect_used)] // timings, not money

#[path = "timing.rs"]
mod timing;

use std::fmt::Write;
use std::hint::black_box;
use std::time::Instant;

use grappe_core::demo;
use grappe_core::suivi::accounting::preview;
use grappe_core::suivi::{AccountRule, AccountingMapping};
use grappe_store::accounting::read_accounting;
use timing::{median, ms, verdict};

/// A FEC of about `lines` lines: purchase entries (a charge or a fixed asset, its VAT, the
/// supplier), now and then two charges on one invoice, and bank payments.
fn fec(lines: usize) -> String {
    let accounts = [
        ("205100", "Logiciels"),
        ("218300", "Matériel informatique"),
        ("615600", "Maintenance"),
        ("622600", "Honoraires"),
        ("606100", "Fournitures non stockables"),
        ("606400", "Fournitures administratives"),
        ("613500", "Locations mobilières"),
        ("625100", "Voyages et déplacements"),
    ];
    let mut out = String::with_capacity(lines * 190);
    out.push_str("JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\r\n");
    let mut n = 0usize;
    let mut entry = 0usize;
    while n < lines {
        entry += 1;
        let day = format!("2025{:02}{:02}", entry % 12 + 1, entry % 28 + 1);
        let (account, label) = accounts[entry % accounts.len()];
        let ht = 100 + (entry * 37) % 9_000;
        let supplier = format!("Fournisseur Œuvres {}", entry % 500);
        let mut line = |acc: &str, lib: &str, aux: &str, auxlib: &str, text: &str, d: String, c: String| {
            let _ = write!(
                out,
                "AC\tAchats\t{entry:06}\t{day}\t{acc}\t{lib}\t{aux}\t{auxlib}\tFA-{entry}\t{day}\t{text}\t{d}\t{c}\t\t\t{day}\t\t\r\n"
            );
            n += 1;
        };
        let two = entry % 7 == 0;
        let charge = if two { ht / 2 } else { ht };
        line(account, label, "", "", "Facture", format!("{charge},00"), "0,00".into());
        if two {
            line(
                account,
                label,
                "",
                "",
                "Facture",
                format!("{},00", ht - charge),
                "0,00".into(),
            );
        }
        line(
            "445660",
            "TVA déductible",
            "",
            "",
            "TVA",
            format!("{},00", ht / 5),
            "0,00".into(),
        );
        let aux = format!("401F{}", entry % 500);
        line(
            "401000",
            "Fournisseurs",
            &aux,
            &supplier,
            &supplier,
            "0,00".into(),
            format!("{},00", ht + ht / 5),
        );
    }
    out
}

fn main() {
    let lines: usize = std::env::var("GRAPPE_BENCH_FEC_LINES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("FEC.txt");
    std::fs::write(&path, fec(lines)).expect("write");
    let followed = demo::demo_followed();
    let suivi = followed.suivi.as_ref().expect("followed");
    let award = suivi.award.as_ref().expect("awarded");
    let keys = award.enveloppe_keys();
    let rule = |account: &str, k: usize| AccountRule {
        account: account.into(),
        journal: String::new(),
        third_party: String::new(),
        label_words: String::new(),
        enveloppe: keys[k].clone(),
        essms: None,
    };
    let mapping = AccountingMapping {
        rules: vec![rule("2051", 0), rule("2183", 2), rule("6156", 2), rule("6226", 3)],
        ..AccountingMapping::default()
    };
    let runs = 5;

    // Baseline: the file read and parsed by the csv crate, each record visited.
    let bare = median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                let bytes = std::fs::read(&path).expect("read");
                let mut reader = csv::ReaderBuilder::new()
                    .delimiter(b'\t')
                    .quoting(false)
                    .flexible(true)
                    .from_reader(&bytes[..]);
                let mut record = csv::StringRecord::new();
                let mut fields = 0usize;
                while reader.read_record(&mut record).expect("record") {
                    fields += record.len();
                }
                black_box(fields);
                start.elapsed()
            })
            .collect(),
    );
    let mut taken = 0;
    let ours = median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                let file = read_accounting(&path).expect("read");
                let p = preview(&file.read.lines(), &mapping, award, &suivi.expenses);
                taken = p.taken.len();
                black_box(&p);
                start.elapsed()
            })
            .collect(),
    );
    let file = read_accounting(&path).expect("read");
    let read_only = median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                black_box(read_accounting(&path).expect("read"));
                start.elapsed()
            })
            .collect(),
    );
    let preview_only = median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                black_box(preview(&file.read.lines(), &mapping, award, &suivi.expenses));
                start.elapsed()
            })
            .collect(),
    );
    let ratio = ms(ours) / ms(bare);
    println!("  FEC de {lines} lignes, {taken} dépenses reprises");
    println!("  lu par le crate csv seul (référence) : {:>8.1} ms", ms(bare));
    println!(
        "  lu, affecté et prévisualisé par Grappe : {:>8.1} ms (lecture {:.1} ms, affectation et aperçu {:.1} ms)",
        ms(ours),
        ms(read_only),
        ms(preview_only)
    );
    println!(
        "  rapport {ratio:.2}× (cible < 3×) : {} ; sous 2 s : {}",
        verdict(ratio < 3.0),
        verdict(ms(ours) < 2_000.0)
    );
}
