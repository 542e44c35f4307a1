//! The desktop app and the `grappe` command writing the same store at the same time: both
//! succeed (each waits its turn for the write lock), or one gets the clear French « occupé »
//! message with nothing written; nothing is lost.
//!
//! This test process plays the app: one long-lived store connection saving edits as fast as it
//! can. Meanwhile `grappe store import` runs again and again, each a process of its own, on the
//! same file. For a bounded time (`GRAPPE_CONCURRENT_SECONDS`, 3 s by default).

#![allow(clippy::unwrap_used)] // tests may fail loudly

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use grappe_store::{Store, StoreError};

const BUSY: &str = "le magasin est utilisé par un autre programme Grappe";

#[test]
fn the_app_and_the_command_line_write_the_same_store_at_once_and_nothing_is_lost() {
    let seconds: u64 = std::env::var("GRAPPE_CONCURRENT_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("grappe.sqlite");
    let file = dir.path().join("demo.json");
    let demo = grappe_core::demo::demo_dossier();
    std::fs::write(&file, grappe_core::dossier_file::to_json(&demo)).unwrap();

    let mut app = Store::open(&store_path).unwrap();
    let id = app.create(&demo).unwrap();
    let essms_id = app.load(id).unwrap().essms_ids[0];

    // The command line, in its own processes, importing the dossier file again and again.
    let stop = Arc::new(AtomicBool::new(false));
    let cli = {
        let (stop, store_path, file) = (stop.clone(), store_path.clone(), file.clone());
        std::thread::spawn(move || {
            let (mut imported, mut busy) = (0u32, 0u32);
            while !stop.load(Ordering::Relaxed) {
                let out = Command::new(env!("CARGO_BIN_EXE_grappe"))
                    .args(["store", "import"])
                    .arg(&file)
                    .arg("--store")
                    .arg(&store_path)
                    .output()
                    .unwrap();
                let stderr = String::from_utf8_lossy(&out.stderr);
                match out.status.code() {
                    Some(0) => imported += 1,
                    Some(2) if stderr.contains(BUSY) => busy += 1,
                    other => panic!("grappe store import: {other:?} {stderr}"),
                }
            }
            (imported, busy)
        })
    };

    // The app, saving an ESSMS edit after another, each as one version: every 10 ms, 25 times as
    // often as the app's editor saves (it coalesces keystrokes over 250 ms).
    let started = Instant::now();
    let (mut saved, mut busy, mut last_saved) = (0u32, 0u32, String::new());
    let mut essms = demo.essms[0].clone();
    while started.elapsed() < Duration::from_secs(seconds) {
        essms.name = format!("EHPAD Les Tilleuls — modification {}", saved + busy + 1);
        match app.save_essms(id, essms_id, &essms) {
            Ok(_) => {
                saved += 1;
                last_saved = essms.name.clone();
            }
            Err(StoreError::Busy) => busy += 1,
            Err(e) => panic!("app save: {e}"),
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    stop.store(true, Ordering::Relaxed);
    let (imported, cli_busy) = cli.join().unwrap();
    println!("app: {saved} saves ({busy} busy); command line: {imported} imports ({cli_busy} busy)");

    // Both wrote, and every write that was reported done is there.
    assert!(saved >= 10 && imported >= 2, "app {saved}, command line {imported}");
    let reopened = Store::open(&store_path).unwrap();
    reopened.integrity_check().unwrap();
    assert_eq!(reopened.list().unwrap().len() as u32, 1 + imported);
    let stored = reopened.load(id).unwrap();
    assert_eq!(
        stored.version,
        1 + i64::from(saved),
        "one version per save reported done"
    );
    assert_eq!(stored.dossier.essms[0].name, last_saved);
    for other in reopened.list().unwrap().iter().filter(|d| d.id != id) {
        assert_eq!(reopened.load(other.id).unwrap().dossier, demo);
    }
}
