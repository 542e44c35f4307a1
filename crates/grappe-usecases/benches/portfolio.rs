//! Benchmark of the portfolio (issue 27): 500 followed dossiers of a store at a date, each from
//! its own follow-up, filtered and totalled as the Portefeuille screen gets it, against the home
//! list of the same store in the same run (targets: under 10× the list, under 150 ms). Four
//! figures, the first three against the targets:
//! - the opening in the app: its rows prepared in the background after the start, as the app
//!   does (`App::prepare_portfolio`);
//! - the opening again after one expense was recorded in one dossier (what a consultant does
//!   between two looks), where only that dossier's row is worked out again;
//! - the first opening after the app started again, before any preparation: the rows read as
//!   the store keeps them;
//! - and the preparation's own work, every row worked out (a store never prepared: once, in
//!   the background, or on demand when the portfolio is opened before it is done).
//!
//! Prints figures; never fails on timing. Run: `cargo bench -p grappe-usecases --bench portfolio`
//! (`GRAPPE_BENCH_PORTFOLIO=n` to change the number of dossiers).

#![allow(clippy::float_arithmetic, clippy::expect_used, clippy::unwrap_used)] // timings, not money

#[path = "../../grappe-store/benches/timing.rs"]
mod timing;

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use grappe_core::demo;
use grappe_store::RowDetail;
use grappe_usecases::portfolio::{gather, view_of, PortfolioFilter};
use grappe_usecases::App;
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
    let open = |store: &grappe_store::Store| {
        let start = Instant::now();
        let all = gather(store, day, &filter, RowDetail::Figures).expect("portfolio");
        black_box(serde_json::to_string(&view_of(&all, day, &filter)).expect("json"));
        start.elapsed()
    };
    let path = dir.path().join("grappe.sqlite");
    drop(store);
    // The app: the store opened, its rows prepared in the background, then the Portefeuille.
    let app = App::over(path.clone(), grappe_store::Store::open(&path).expect("store"));
    let start = Instant::now();
    app.prepare_portfolio(day);
    let preparation = start.elapsed();
    let prepared = app.with_store(|store| Ok(open(store))).expect("portfolio");
    let again = app
        .with_store(|store| {
            let changed = store.list_on(day).expect("list")[count / 2].id;
            Ok(median(
                (0..runs)
                    .map(|n| {
                        let mut suivi = store.load(changed).expect("load").dossier.suivi.expect("suivi");
                        let mut expense = suivi.expenses[0].clone();
                        expense.reference = format!("F-{n}");
                        suivi.expenses.push(expense);
                        store.save_suivi(changed, Some(suivi), "une dépense").expect("save");
                        open(store)
                    })
                    .collect(),
            ))
        })
        .expect("again");
    drop(app);
    let restarted = median(
        (0..runs)
            .map(|_| open(&grappe_store::Store::open(&path).expect("store")))
            .collect(),
    );
    let ratio = |t| ms(t) / ms(list).max(1e-6);
    let said = |t| format!("{:.1} ms ({:.1}× the list)", ms(t), ratio(t));
    let met = |t| verdict(ratio(t) < 10.0 && ms(t) < 150.0);
    println!(
        "portfolio of {count} followed dossiers at a date, serialised for the window: opening in the app, its rows prepared after the start {} | again after one expense recorded (median of {runs}) {} | first opening after a restart, before any preparation (median of {runs}) {} | the home list of the same store {:.2} ms (baseline) — targets under 10× the list and under 150 ms: in the app {}, again {}, after a restart {} | the preparation in the background, every row worked out, {:.0} ms",
        said(prepared),
        said(again),
        said(restarted),
        ms(list),
        met(prepared),
        met(again),
        met(restarted),
        ms(preparation)
    );
}
