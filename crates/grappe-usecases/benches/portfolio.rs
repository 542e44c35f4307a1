//! Benchmark of the portfolio (issue 27): 500 followed dossiers of a store at a date, each from
//! its own follow-up, filtered and totalled as the Portefeuille screen gets it, against the home
//! list of the same store in the same run (targets: under 10× the list, under 150 ms). Prints
//! figures; never fails on timing. Run: `cargo bench -p grappe-usecases --bench portfolio`
//! (`GRAPPE_BENCH_PORTFOLIO=n` to change the number of dossiers).

#![allow(clippy::float_arithmetic, clippy::expect_used, clippy::unwrap_used)] // timings, not money

#[path = "../../grappe-store/benches/timing.rs"]
mod timing;

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use grappe_core::demo;
use grappe_usecases::portfolio::{projects, view_of, PortfolioFilter};
use timing::{median, ms, verdict};

fn main() {
    let count: usize = std::env::var("GRAPPE_BENCH_PORTFOLIO")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(500);
    let dir = tempfile::tempdir().expect("dir");
    let mut store = grappe_store::Store::open(&dir.path().join("grappe.sqlite")).expect("store");
    let followed = demo::demo_followed();
    for i in 0..count {
        let mut d = followed.clone();
        d.name = format!("Projet {i:04}");
        let suivi = d.suivi.as_mut().unwrap();
        suivi.expenses.truncate(i % 4);
        store.create(&d).expect("create");
    }
    let day = NaiveDate::from_ymd_opt(2025, 4, 30).unwrap();
    let runs = 7;
    let list = median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                black_box(store.list_on(day).expect("list"));
                start.elapsed()
            })
            .collect(),
    );
    let filter = PortfolioFilter::default();
    let portfolio = median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                let all = projects(&store, day).expect("portfolio");
                black_box(serde_json::to_string(&view_of(&all, day, &filter)).expect("json"));
                start.elapsed()
            })
            .collect(),
    );
    let ratio = ms(portfolio) / ms(list).max(1e-6);
    println!(
        "portfolio of {count} followed dossiers at a date, serialised for the window (median of {runs}): {:.1} ms | the home list of the same store {:.2} ms (baseline) | {ratio:.1}× — targets under 10×: {} ; under 150 ms: {}",
        ms(portfolio),
        ms(list),
        verdict(ratio < 10.0),
        verdict(ms(portfolio) < 150.0)
    );
}
