//! Benchmark of the follow-up (issue 12) on a 500-ESSMS dossier with 5 000 expenses and 20 000
//! measurements: the follow-up computations (`follow`) against merely loading the same rows
//! with a bare rusqlite SELECT (target: under 2× the load; reading and parsing them into the
//! dossier printed too), and one expense recorded with the dashboard recomputed, the dossier
//! kept in memory as the Suivi screen has it (target: median under 20 ms).
//! Prints figures; never fails on timing. Run: `cargo bench -p grappe-store --bench suivi`
//! (`GRAPPE_BENCH_SUIVI=essms,expenses,measurements` to change the sizes).

#![allow(clippy::float_arithmetic, clippy::expect_used)] // timings, not money

#[path = "timing.rs"]
mod timing;

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use grappe_core::suivi::follow;
use grappe_core::{demo, Bareme};
use grappe_store::Store;
use timing::{median, ms, suivi_sizes, verdict};

fn main() {
    let (essms, expenses, measurements) = suivi_sizes();
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("bench.sqlite");
    let mut store = Store::open(&path).expect("store");
    let bareme = Bareme::default_bareme();
    let day = NaiveDate::from_ymd_opt(2026, 6, 30).expect("date");
    let id = store
        .create(&demo::synthetic_followed(essms, expenses, measurements))
        .expect("create");
    let runs = 11;

    // Baseline: the same rows read by a bare SELECT, their JSON not even parsed.
    let conn = rusqlite::Connection::open(&path).expect("bare connection");
    let bare = median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                let mut bytes = 0usize;
                for table in [
                    "ogs",
                    "essms",
                    "suivi",
                    "payments",
                    "expenses",
                    "indicators",
                    "measurements",
                ] {
                    let mut stmt = conn
                        .prepare_cached(&format!(
                            "SELECT data FROM {table} WHERE dossier_id = ?1 ORDER BY position"
                        ))
                        .expect("select");
                    let rows = stmt.query_map([id], |r| r.get::<_, String>(0)).expect("rows");
                    for r in rows {
                        bytes += r.expect("row").len();
                    }
                }
                black_box(bytes);
                start.elapsed()
            })
            .collect(),
    );
    // Reading and parsing the rows, then the computations, each timed on its own.
    let read = median(
        (0..runs)
            .map(|_| {
                let reader = Store::open(&path).expect("store");
                let start = Instant::now();
                black_box(reader.load(id).expect("load"));
                start.elapsed()
            })
            .collect(),
    );
    let dossier = store.load(id).expect("load").dossier;
    let computed = median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                black_box(follow(&dossier, &bareme, day));
                start.elapsed()
            })
            .collect(),
    );
    let ratio = computed.as_secs_f64() / bare.as_secs_f64();
    println!(
        "follow-up of a {essms}-ESSMS dossier with {expenses} expenses and {measurements} measurements: computations {:.1} ms | bare rusqlite SELECT of the same rows {:.1} ms (baseline) | {ratio:.2}× — target under 2×: {} (reading and parsing the rows into the dossier: {:.1} ms)",
        ms(computed),
        ms(bare),
        verdict(ratio < 2.0),
        ms(read)
    );

    // One expense recorded, then the dashboard recomputed, as the Suivi screen does: the
    // dossier kept in memory since the screen opened, one row written.
    let recorded = median(
        (0..runs)
            .map(|n| {
                let start = Instant::now();
                let mut suivi = store
                    .with_loaded(id, |s| s.dossier.suivi.clone().expect("suivi"))
                    .expect("load");
                let mut expense = suivi.expenses[0].clone();
                expense.reference = format!("BENCH-{n}");
                suivi.expenses.push(expense);
                store
                    .save_suivi(id, Some(suivi.clone()), "Dépense ajoutée")
                    .expect("save");
                store
                    .with_loaded(id, |s| black_box(follow(&s.dossier, &bareme, day)))
                    .expect("follow");
                start.elapsed()
            })
            .collect(),
    );
    println!(
        "one expense recorded and the dashboard recomputed (median of {runs}): {:.1} ms — target median under 20 ms: {}",
        ms(recorded),
        verdict(ms(recorded) < 20.0)
    );
}
