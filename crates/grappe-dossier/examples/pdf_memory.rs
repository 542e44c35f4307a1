//! Prints the time and the peak resident memory of generating the dossier PDF of a synthetic
//! grappe of N ESSMS (`pdf_memory N`), for `scripts/bench.sh`: the PDF of the largest dossier a
//! file can hold (`dossier_file::MAX_ESSMS`) is laid out in memory, and this says how much.

#![allow(clippy::float_arithmetic, clippy::expect_used)] // timings, not money

use std::time::Instant;

use chrono::NaiveDate;
use grappe_core::{demo, Bareme};

/// The peak resident memory of this process, in megabytes (Linux's `VmHWM`).
fn peak_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let dossier = demo::synthetic_dossier(n);
    let before = peak_mb().unwrap_or(0);
    let start = Instant::now();
    let pdf = grappe_dossier::generate(
        &dossier,
        &Bareme::default_bareme(),
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
    );
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "PDF de {n} ESSMS : {} pages, {:.1} Mo, en {elapsed:.2} s ; mémoire résidente au plus haut {} Mo (dont {before} Mo pour le dossier lui-même)",
        pdf.pages,
        pdf.bytes.len() as f64 / 1e6,
        peak_mb().map_or("?".into(), |m| m.to_string()),
    );
}
