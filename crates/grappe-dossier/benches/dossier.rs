//! Benchmark: generating the dossier PDF for 50 and 1 000 ESSMS, against LibreOffice headless
//! converting the same tables, exported as XLSX, to PDF (the baseline of the dossier issue;
//! targets: at least 20× faster, and 1 000 ESSMS under 1 s); and the compte rendu financier of
//! a followed 500-ESSMS dossier (5 000 expenses, 20 000 measurements) against LibreOffice
//! converting its workbook (the follow-up issue; target: at least 20× faster). Prints figures;
//! never fails on timing. Run: `cargo bench -p grappe-dossier --bench dossier` (LibreOffice
//! optional).

#![allow(clippy::float_arithmetic, clippy::expect_used)] // timings, not money

use std::path::Path;
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

/// LibreOffice headless converting a workbook to PDF: the median of 3 runs after a warm-up (the
/// first start creates its profile); `None` when it fails.
fn libreoffice(cmd: &str, profile: &str, dir: &Path, name: &str, workbook: &[u8]) -> Option<Duration> {
    let xlsx = dir.join(name);
    std::fs::write(&xlsx, workbook).expect("xlsx");
    let convert = || {
        let start = Instant::now();
        let ok = Command::new(cmd)
            .args([profile, "--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir)
            .arg(&xlsx)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| start.elapsed())
    };
    convert()?;
    let runs: Option<Vec<Duration>> = (0..3).map(|_| convert()).collect();
    runs.map(median)
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
            libreoffice(
                cmd,
                &profile,
                dir.path(),
                &format!("tables-{n}.xlsx"),
                &annexes.workbook,
            )
        });
        match baseline {
            Some(base) => {
                let speedup = base.as_secs_f64() / ours.as_secs_f64();
                let target = if n == 1_000 {
                    format!(
                        " ; 1 000 ESSMS under 1 s: {} ; at least 25× (issue 28): {}",
                        if ms(ours) < 1_000.0 { "met" } else { "NOT met" },
                        if speedup >= 25.0 { "met" } else { "NOT met" }
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

    // The compte rendu financier of a followed dossier, against LibreOffice converting its workbook.
    let followed = demo::synthetic_followed(500, 5_000, 20_000);
    let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).expect("date");
    let kind = grappe_dossier::suivi::Kind::CompteRendu;
    let mut pages = 0;
    let mut workbook = Vec::new();
    let ours = median(
        (0..5)
            .map(|_| {
                let start = Instant::now();
                let pdf = grappe_dossier::suivi::generate(kind, &followed, &bareme, as_of, day);
                pages = pdf.pages;
                let elapsed = start.elapsed();
                workbook = grappe_dossier::suivi::workbook(kind, &followed, &pdf.followup)
                    .expect("workbook")
                    .expect("a compte rendu has a workbook");
                elapsed
            })
            .collect(),
    );
    match office.and_then(|cmd| libreoffice(cmd, &profile, dir.path(), "compte-rendu.xlsx", &workbook)) {
        Some(base) => {
            let speedup = base.as_secs_f64() / ours.as_secs_f64();
            println!(
                "compte rendu financier PDF of a 500-ESSMS dossier with 5000 expenses and 20000 measurements ({pages} pages): grappe {:.0} ms | LibreOffice headless XLSX → PDF {:.0} ms (baseline) | {speedup:.0}× faster — target 20×: {}",
                ms(ours),
                ms(base),
                if speedup >= 20.0 { "met" } else { "NOT met" }
            );
        }
        None => println!(
            "compte rendu financier PDF ({pages} pages): grappe {:.0} ms | LibreOffice not available, no baseline",
            ms(ours)
        ),
    }
}
