//! Benchmark of a barème edit (issue 13): the 500 dossiers of the list computed with it are
//! evaluated again and their totals rewritten, in one transaction, against listing them
//! (target: under 10× the list, and under 1 s). Prints figures; never fails on timing.
//! Run: `cargo bench -p grappe-store --bench baremes`

#![allow(clippy::float_arithmetic, clippy::expect_used)] // timings, not money

#[path = "timing.rs"]
mod timing;

use std::hint::black_box;
use std::time::Instant;

use grappe_core::{demo, Bareme};
use grappe_store::Store;
use rust_decimal::Decimal;
use timing::{median, ms, verdict};

fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut store = Store::open(&dir.path().join("bench.sqlite")).expect("store");
    let mut bareme = Bareme::default_bareme();
    bareme.campaign = "2026".into();
    store.save_bareme(&bareme, None).expect("barème");
    let mut dossier = demo::demo_dossier();
    dossier.campaign = "2026".into();
    for _ in 0..500 {
        store.create(&dossier).expect("create");
    }
    let runs = 21;
    let list = median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                let list = store.list().expect("list");
                assert_eq!(black_box(list).len(), 500);
                start.elapsed()
            })
            .collect(),
    );
    let runs = 11;
    let edit = median(
        (0..runs)
            .map(|n| {
                bareme.lines[0].amount = Decimal::new(1_200_000 + i64::from(n) * 100, 2);
                let start = Instant::now();
                let count = store.save_bareme(&bareme, Some("2026")).expect("save");
                assert_eq!(count, 500);
                start.elapsed()
            })
            .collect(),
    );
    let first = store.list().expect("list")[0].total;
    assert_eq!(first, grappe_core::evaluate(&dossier, &bareme).funding.total);
    println!(
        "barème edited, its 500 dossiers evaluated again: {:.3} ms (median of {runs}) | listing them {:.3} ms (baseline) | {:.1}× | target under 10× and under 1 s: {}",
        ms(edit),
        ms(list),
        ms(edit) / ms(list),
        verdict(ms(edit) < 10.0 * ms(list) && ms(edit) < 1000.0)
    );
}
