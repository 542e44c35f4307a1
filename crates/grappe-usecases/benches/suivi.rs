//! Benchmark of the Suivi screen (issue 12) on a 500-ESSMS dossier with 5 000 expenses and
//! 20 000 measurements, through the command table as the app calls it: one expense recorded,
//! saved as a version, and the dashboard recomputed and serialised for the window (target:
//! median under 20 ms); the screen opened (`suivi_view`). Prints figures; never fails on timing.
//! Run: `cargo bench -p grappe-usecases --bench suivi`
//! (`GRAPPE_BENCH_SUIVI=essms,expenses,measurements` to change the sizes).

#![allow(clippy::float_arithmetic, clippy::expect_used, clippy::unwrap_used)] // timings, not money

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../../grappe-store/benches/timing.rs"]
mod timing;

use std::hint::black_box;
use std::time::Instant;

use grappe_core::demo;
use serde_json::json;
use timing::{median, ms, suivi_sizes, verdict};

fn main() {
    let (essms, expenses, measurements) = suivi_sizes();
    let session = common::Session::unopened();
    let id = {
        let mut store = grappe_store::Store::open(&session.path("grappe.sqlite")).expect("store");
        store
            .create(&demo::synthetic_followed(essms, expenses, measurements))
            .expect("create")
    };
    session.app.open_store();
    let runs = 11;
    let view = |_| {
        let start = Instant::now();
        black_box(
            session
                .ok("suivi_view", json!({ "id": id, "date": "2026-06-30" }))
                .to_string(),
        );
        start.elapsed()
    };
    let opened = view(0);
    let again = median((0..runs).map(view).collect());
    let first = session.ok("suivi_view", json!({ "id": id }));
    let enveloppe = first["enveloppes"][0]["key"].clone();
    let recorded = median(
        (0..runs)
            .map(|n| {
                let start = Instant::now();
                black_box(
                    session
                        .ok(
                            "add_expense",
                            json!({ "id": id, "expense": { "date": "2025-11-04", "supplier": "Fournisseur", "reference": format!("BENCH-{n}"),
                                    "amount": "1 250,00", "enveloppe": enveloppe, "essms": null, "duplicateOk": false } }),
                        )
                        .to_string(),
                );
                start.elapsed()
            })
            .collect(),
    );
    println!(
        "Suivi screen of a {essms}-ESSMS dossier with {expenses} expenses and {measurements} measurements: opened {:.1} ms, opened again (median of {runs}) {:.1} ms — issue 28's target for the first opening under 40 ms: {}",
        ms(opened),
        ms(again),
        verdict(ms(opened) < 40.0)
    );
    println!(
        "one expense recorded, saved as a version, the dashboard recomputed and serialised (median of {runs}): {:.1} ms — target median under 20 ms: {}; issue 28's under 10 ms: {}",
        ms(recorded),
        verdict(ms(recorded) < 20.0),
        verdict(ms(recorded) < 10.0)
    );
}
