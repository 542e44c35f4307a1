//! Benchmarks of the store, each against a bare rusqlite statement on the same rows and the
//! same settings (WAL, synchronous=FULL): one ESSMS edit saved in a 2 000-ESSMS dossier
//! (target: median under 20 ms) and listing 500 dossiers (target: under 50 ms).
//! Prints figures; never fails on timing. Run: `cargo bench -p grappe-store --bench store`

#![allow(clippy::float_arithmetic, clippy::expect_used)] // timings, not money

#[path = "timing.rs"]
mod timing;

use std::hint::black_box;
use std::time::Instant;

use grappe_core::demo;
use grappe_store::Store;
use timing::{median, ms, verdict};

fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("bench.sqlite");
    let mut store = Store::open(&path).expect("store");

    // One ESSMS edit in a 2 000-ESSMS dossier.
    let id = store.create(&demo::synthetic_dossier(2_000)).expect("create");
    let stored = store.load(id).expect("load");
    let row = stored.essms_ids[1_000];
    let mut essms = stored.dossier.essms[1_000].clone();
    let runs = 51;
    let edit = median(
        (0..runs)
            .map(|n| {
                essms.capacity = Some(n);
                let start = Instant::now();
                store.save_essms(id, row, &essms).expect("save");
                start.elapsed()
            })
            .collect(),
    );

    // Baseline: the same row written by a bare UPDATE in a transaction, same settings.
    let mut conn = rusqlite::Connection::open(&path).expect("bare connection");
    conn.pragma_update(None, "synchronous", "FULL").expect("pragma");
    let data = serde_json::to_string(&essms).expect("json");
    let bare_edit = median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                let tx = conn.transaction().expect("tx");
                tx.execute("UPDATE essms SET data = ?2 WHERE id = ?1", rusqlite::params![row, data])
                    .expect("update");
                tx.commit().expect("commit");
                start.elapsed()
            })
            .collect(),
    );
    println!(
        "one ESSMS edit in a 2 000-ESSMS dossier: store {:.3} ms (median of {runs}) | bare rusqlite UPDATE {:.3} ms (baseline) | target median under 20 ms: {}",
        ms(edit),
        ms(bare_edit),
        verdict(ms(edit) < 20.0)
    );

    // Listing 500 dossiers.
    store.delete(id).expect("delete");
    let dossier = demo::demo_dossier();
    for _ in 0..500 {
        store.create(&dossier).expect("create");
    }
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
    let bare_list = median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                let mut stmt = conn
                    .prepare_cached(
                        "SELECT id, name, porteur_name, campaign, essms_count, total, updated_at FROM dossiers
                         ORDER BY updated_at DESC, id DESC",
                    )
                    .expect("prepare");
                let rows: Vec<(i64, String, String, String, i64, String, String)> = stmt
                    .query_map([], |r| {
                        Ok((
                            r.get(0)?,
                            r.get(1)?,
                            r.get(2)?,
                            r.get(3)?,
                            r.get(4)?,
                            r.get(5)?,
                            r.get(6)?,
                        ))
                    })
                    .expect("query")
                    .collect::<Result<_, _>>()
                    .expect("rows");
                assert_eq!(black_box(rows).len(), 500);
                start.elapsed()
            })
            .collect(),
    );
    println!(
        "listing 500 dossiers: store {:.3} ms | bare rusqlite SELECT {:.3} ms (baseline) | target under 50 ms: {}",
        ms(list),
        ms(bare_list),
        verdict(ms(list) < 50.0)
    );
}
