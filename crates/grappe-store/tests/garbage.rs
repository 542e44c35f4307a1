//! 2 GB of garbage: refused at once, or read through in bounded memory. Its own test binary,
//! so that the peak memory measured is this test's alone.

#![allow(clippy::unwrap_used)] // tests may fail loudly

use std::fs;
use std::io::Write;
use std::ops::ControlFlow;

use grappe_store::reference::samples::{finess_extract, SampleEncoding, Variant};
use grappe_store::Store;

fn peak_memory_kb() -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn two_gigabytes_of_garbage_are_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("grappe.sqlite")).unwrap();
    let good = dir.path().join("bon.csv");
    fs::write(&good, finess_extract(20, 6, Variant::Cs1100502, SampleEncoding::Utf8)).unwrap();
    let mut go = |_| ControlFlow::Continue(());
    s.import_finess(&good, &mut go).unwrap();
    let before = peak_memory_kb();
    // 2 GB of zero bytes (a sparse file: no disk used), without a single end of line.
    let garbage = dir.path().join("dechets.csv");
    fs::File::create(&garbage).unwrap().set_len(2 << 30).unwrap();
    let started = std::time::Instant::now();
    let err = s.import_finess(&garbage, &mut go).unwrap_err();
    assert!(err.to_string().contains("n'est pas un extrait FINESS"), "{err}");
    assert!(
        started.elapsed().as_secs() < 5,
        "refused at once, not after reading it all"
    );
    // 512 MB of garbage after a valid first line: read through, line by line, in bounded memory.
    let after_header = dir.path().join("entete-puis-dechets.csv");
    let mut f = fs::File::create(&after_header).unwrap();
    f.write_all(b"finess;etalab;111;2026-10-31\n").unwrap();
    f.set_len((512 << 20) + 29).unwrap();
    drop(f);
    let err = s.import_finess(&after_header, &mut go).unwrap_err();
    assert!(err.to_string().contains("aucun établissement valide"), "{err}");
    let growth = peak_memory_kb().saturating_sub(before);
    assert!(growth < 64 * 1024, "peak memory grew by {growth} kB");
    assert_eq!(s.finess_extract().unwrap().unwrap().file_name, "bon.csv");
}
