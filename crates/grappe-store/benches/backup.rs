//! Benchmark of the backup of the whole store (issue 15): a store holding 100 000 FINESS rows and
//! 500 dossiers, backed up while open (SQLite's online backup into a temporary file, synced,
//! moved, its SHA-256 computed) against a plain copy of the same file (target: under 3×).
//! Prints figures; never fails on timing. Run: `cargo bench -p grappe-store --bench backup`.

#![allow(clippy::float_arithmetic, clippy::expect_used)] // timings, not money

#[path = "timing.rs"]
mod timing;

use std::ops::ControlFlow;
use std::time::Instant;

use grappe_store::reference::samples::{finess_extract_with_rows, SampleEncoding, Variant};
use grappe_store::Store;
use timing::{median, ms, verdict};

fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let extract = finess_extract_with_rows(100_000, 42, Variant::Cs1100502, SampleEncoding::Windows1252);
    let file = dir.path().join("extract.csv");
    std::fs::write(&file, &extract.bytes).expect("extract");
    let path = dir.path().join("grappe.sqlite");
    let mut store = Store::open(&path).expect("store");
    store
        .import_finess(&file, &mut |_| ControlFlow::Continue(()))
        .expect("import");
    let demo = grappe_core::demo::demo_dossier();
    for _ in 0..500 {
        store.create(&demo).expect("create");
    }
    let runs = 3;
    let copies = median(
        (0..runs)
            .map(|n| {
                let target = dir.path().join(format!("copie-{n}.sqlite"));
                let start = Instant::now();
                std::fs::copy(&path, &target).expect("copy");
                std::fs::File::open(&target).and_then(|f| f.sync_all()).expect("sync");
                start.elapsed()
            })
            .collect(),
    );
    let mut size = 0;
    let backups = median(
        (0..runs)
            .map(|n| {
                let target = dir.path().join(format!("sauvegarde-{n}.sqlite"));
                let start = Instant::now();
                size = store.backup_to(&target, false).expect("backup").size;
                start.elapsed()
            })
            .collect(),
    );
    let ratio = backups.as_secs_f64() / copies.as_secs_f64();
    println!(
        "backup of a store of 100 000 FINESS rows and 500 dossiers ({:.0} MB), median of {runs}: {:.0} ms (online backup, synced, SHA-256) | plain file copy, synced {:.0} ms (baseline) | {ratio:.2}× — target under 3×: {}",
        size as f64 / 1_048_576.0,
        ms(backups),
        ms(copies),
        verdict(ratio < 3.0)
    );
}
