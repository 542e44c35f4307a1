//! Benchmark: funding of a 5 000-ESSMS grappe, parse included, against merely parsing the same
//! file (the baseline of the foundation issue); and the advisor on a 500-ESSMS dossier against
//! one evaluation of it (issue 14: under 20× and under 50 ms). Prints figures; never fails on
//! timing.
//!
//! Run: `cargo bench -p grappe-core --bench funding`

#![allow(clippy::float_arithmetic)] // timings, not money

use std::hint::black_box;
use std::time::{Duration, Instant};

use grappe_core::model::Referencement;
use grappe_core::{advisor, demo, dossier_file, evaluate, Bareme};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn measure(runs: usize, mut f: impl FnMut()) -> Duration {
    for _ in 0..3 {
        f();
    }
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

fn main() {
    let bareme = Bareme::default_bareme();
    for essms in [500, 5_000] {
        let text = dossier_file::to_json(&demo::synthetic_dossier(essms));
        let runs = if essms > 1_000 { 31 } else { 101 };
        let parse = measure(runs, || {
            black_box(dossier_file::from_json(black_box(&text)).expect("valid"));
        });
        let full = measure(runs, || {
            let dossier = dossier_file::from_json(black_box(&text)).expect("valid");
            black_box(evaluate(&dossier, &bareme));
        });
        let dossier = dossier_file::from_json(&text).expect("valid");
        let funding_only = measure(runs, || {
            black_box(evaluate(black_box(&dossier), &bareme));
        });
        let ratio = full.as_secs_f64() / parse.as_secs_f64();
        println!(
            "funding of {essms} ESSMS ({} KB): parse only {:.2} ms (baseline) | parse + funding {:.2} ms ({ratio:.2}× the parse) | funding alone {:.2} ms",
            text.len() / 1024,
            ms(parse),
            ms(full),
            ms(funding_only),
        );
        if essms == 5_000 {
            let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
            println!(
                "targets for 5 000 ESSMS: under 2× the parse: {} ; under 1.5× the parse (issue 28): {} ; under 50 ms: {}",
                verdict(ratio < 2.0),
                verdict(ratio < 1.5),
                verdict(ms(full) < 50.0)
            );
        }
    }

    advisor_bench(&bareme);
}

/// The advisor with most kinds of suggestion to evaluate: a 500-ESSMS dossier with ten ESSMS
/// without FINESS ET (eight evaluated), an OG declared at the small-OG threshold, a
/// référencement starting the day after filing, a filing after the window.
fn advisor_bench(bareme: &Bareme) {
    let mut d = demo::synthetic_dossier(500);
    for e in d.essms.iter_mut().step_by(50) {
        e.finess_et = String::new();
    }
    d.ogs[0].managed_essms = Some(bareme.thresholds.small_og_below.metropole);
    if let Some(s) = d.solution.as_mut() {
        s.referencement = Some(Referencement {
            from: d.filing_date.succ_opt().unwrap_or(d.filing_date),
            ..s.referencement.clone().unwrap_or_else(|| Referencement {
                identifier: "REF".into(),
                dispositif: "DUI MS1".into(),
                from: d.filing_date,
                until: None,
            })
        });
    }
    d.filing_date = chrono::NaiveDate::from_ymd_opt(2024, 10, 1).unwrap_or(d.filing_date);
    let runs = 51;
    let one = measure(runs, || {
        black_box(evaluate(black_box(&d), bareme));
    });
    let now = evaluate(&d, bareme);
    let mut count = 0;
    let advice = measure(runs, || {
        count = black_box(advisor::advise(black_box(&d), bareme, &now)).len();
    });
    let ratio = advice.as_secs_f64() / one.as_secs_f64();
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    println!(
        "advisor on a 500-ESSMS dossier ({count} suggestions): {:.2} ms | one evaluation of it {:.2} ms (baseline) | {ratio:.1}× — targets under 20×: {} ; under 50 ms: {}",
        ms(advice),
        ms(one),
        verdict(ratio < 20.0),
        verdict(ms(advice) < 50.0)
    );
}
