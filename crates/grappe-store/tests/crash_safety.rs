//! Crash safety: a child process saves continuously and is killed with SIGKILL at random
//! moments, 100 times. After every kill the store opens, `PRAGMA integrity_check` says ok, and
//! the last save the child reported as committed is there.
//!
//! This test binary is its own child: run with `GRAPPE_CRASH_CHILD=<store>` it is the saver.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may fail loudly

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use grappe_store::Store;
use rand::{Rng, SeedableRng};

const KILLS: usize = 100;
const PREFIX: &str = "sauvegarde n°";

fn main() {
    if let Ok(path) = std::env::var("GRAPPE_CRASH_CHILD") {
        child(&path);
        return;
    }
    let started = Instant::now();
    match parent() {
        Ok(summary) => {
            println!("crash safety: {summary}");
            println!(
                "test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in {:.2}s",
                started.elapsed().as_secs_f32()
            );
        }
        Err(message) => {
            println!("crash safety FAILED: {message}");
            println!("test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out");
            std::process::exit(101);
        }
    }
}

/// Saves forever: alternately an ESSMS edit, a new ESSMS and a header edit, each counted; the
/// counter is printed only once the save has returned (committed).
fn child(path: &str) {
    let mut store = Store::open(std::path::Path::new(path)).expect("the child opens the store");
    let id = store.list().expect("list")[0].id;
    let stored = store.load(id).expect("load");
    let mut counter = counter_of(&stored.dossier).unwrap_or(0);
    let mut essms = stored.dossier.essms[0].clone();
    let mut header = stored.dossier.clone();
    let stdout = std::io::stdout();
    loop {
        counter += 1;
        let name = format!("{PREFIX}{counter}");
        match counter % 10 {
            3 => {
                let mut added = essms.clone();
                added.name = format!("ajout {counter}");
                store.add_essms(id, &[added]).expect("add");
                essms.name = name;
                store.save_essms(id, stored.essms_ids[0], &essms).expect("save");
            }
            7 => {
                header.choice_justification = name.clone();
                store.save_header(id, &header).expect("header");
                essms.name = name;
                store.save_essms(id, stored.essms_ids[0], &essms).expect("save");
            }
            _ => {
                essms.name = name;
                store.save_essms(id, stored.essms_ids[0], &essms).expect("save");
            }
        }
        let mut out = stdout.lock();
        writeln!(out, "{counter}").and_then(|_| out.flush()).expect("report");
    }
}

fn counter_of(dossier: &grappe_core::Dossier) -> Option<u64> {
    dossier.essms.first()?.name.strip_prefix(PREFIX)?.parse().ok()
}

fn parent() -> Result<String, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = dir.path().join("grappe.sqlite");
    let mut store = Store::open(&path).map_err(|e| e.to_string())?;
    store
        .create(&grappe_core::demo::demo_dossier())
        .map_err(|e| e.to_string())?;
    drop(store);

    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x6772_6170_7065);
    let mut total_reported = 0;
    let mut kills_after_a_save = 0;
    for kill in 1..=KILLS {
        let mut child = Command::new(&exe)
            .env("GRAPPE_CRASH_CHILD", &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| e.to_string())?;
        let reported = Arc::new(AtomicU64::new(0));
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let seen = Arc::clone(&reported);
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(n) = line.trim().parse() {
                    seen.store(n, Ordering::SeqCst);
                }
            }
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(5..80)));
        child.kill().map_err(|e| e.to_string())?; // SIGKILL
        child.wait().map_err(|e| e.to_string())?;
        reader.join().map_err(|_| "reader thread")?;
        let reported = reported.load(Ordering::SeqCst);

        let store = Store::open(&path).map_err(|e| format!("kill {kill}: the store does not open: {e}"))?;
        store
            .integrity_check()
            .map_err(|e| format!("kill {kill}: integrity check failed: {e}"))?;
        let id = store.list().map_err(|e| e.to_string())?[0].id;
        let dossier = store.load(id).map_err(|e| format!("kill {kill}: {e}"))?.dossier;
        let stored = counter_of(&dossier).unwrap_or(0);
        if stored < reported {
            return Err(format!(
                "kill {kill}: save {reported} was reported committed, the store holds {stored}"
            ));
        }
        if reported > 0 {
            kills_after_a_save += 1;
            total_reported = reported;
        }
    }
    if kills_after_a_save < KILLS / 2 {
        return Err(format!(
            "only {kills_after_a_save} kills came after a save: the test did not test"
        ));
    }
    Ok(format!(
        "{KILLS} kills ({kills_after_a_save} after at least one save), {total_reported} saves committed in all, every reported save found, integrity ok"
    ))
}
