//! Benchmark: generating the dossier PDF for 50 and 1 000 ESSMS, against LibreOffice headless
//! converting the same tables, exported as XLSX, to PDF (the baseline of the dossier issue).
//! Targets: at least 20× faster, and 1 000 ESSMS under 1 s. Prints figures; never fails on
//! timing. Run: `cargo bench -p grappe-dossier --bench dossier` (LibreOffice optional).

#![allow(clippy::float_arithmetic, clippy::expect_used)] // timings, not money

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use grappe_core::{demo, evaluate, Bareme};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|cmd| {
        Command::new(cmd)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

fn main() {
    let bareme = Bareme::default_bareme();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let dir = tempfile::tempdir().expect("temporary folder");
    let office = soffice();
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.path().display());
    for n in [50, 1_000] {
        let dossier = demo::synthetic_dossier(n);
        let mut pages = 0;
        let ours = median(
            (0..5)
                .map(|_| {
                    let start = Instant::now();
                    let pdf = grappe_dossier::generate(&dossier, &bareme, day);
                    pages = pdf.pages;
                    start.elapsed()
                })
                .collect(),
        );
        let baseline = office.and_then(|cmd| {
            let evaluation = evaluate(&dossier, &bareme);
            let annexes = grappe_dossier::annexes::build(&dossier, &evaluation).expect("annexes");
            let xlsx = dir.path().join(format!("tables-{n}.xlsx"));
            std::fs::write(&xlsx, &annexes.workbook).expect("xlsx");
            let convert = || {
                let start = Instant::now();
                let ok = Command::new(cmd)
                    .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
                    .arg(dir.path())
                    .arg(&xlsx)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success());
                ok.then(|| start.elapsed())
            };
            convert()?; // warm-up: the first start creates LibreOffice's profile
            let runs: Option<Vec<Duration>> = (0..3).map(|_| convert()).collect();
            runs.map(median)
        });
        match baseline {
            Some(base) => {
                let speedup = base.as_secs_f64() / ours.as_secs_f64();
                let target = if n == 1_000 {
                    format!(
                        " ; 1 000 ESSMS under 1 s: {}",
                        if ms(ours) < 1_000.0 { "met" } else { "NOT met" }
                    )
                } else {
                    String::new()
                };
                println!(
                    "dossier PDF of {n} ESSMS ({pages} pages): grappe {:.0} ms | LibreOffice headless XLSX → PDF {:.0} ms (baseline) | {speedup:.0}× faster — target 20×: {}{target}",
                    ms(ours),
                    ms(base),
                    if speedup >= 20.0 { "met" } else { "NOT met" }
                );
            }
            None => println!(
                "dossier PDF of {n} ESSMS ({pages} pages): grappe {:.0} ms | LibreOffice not available, no baseline",
                ms(ours)
            ),
        }
    }
}
