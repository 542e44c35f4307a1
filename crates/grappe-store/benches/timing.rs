//! What the store's benchmarks share: medians, milliseconds, the verdict against a target.
#![allow(dead_code, clippy::float_arithmetic)] // timings, not money

use std::time::Duration;

pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

pub fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "NOT met"
    }
}

/// The sizes of the follow-up benchmarks: ESSMS, expenses, measurements
/// (`GRAPPE_BENCH_SUIVI=essms,expenses,measurements`; 500, 5 000, 20 000 by default).
pub fn suivi_sizes() -> (usize, usize, usize) {
    let sizes: Vec<usize> = std::env::var("GRAPPE_BENCH_SUIVI")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .filter(|v: &Vec<usize>| v.len() == 3)
        .unwrap_or_else(|| vec![500, 5_000, 20_000]);
    (sizes[0], sizes[1], sizes[2])
}
