//! Prepares a store for the desktop app's benchmark (scripts/bench-app.sh): a generated FINESS
//! extract of N lines imported as reference data, and one synthetic dossier of M ESSMS.
//! `cargo run --release -p grappe-store --example make_bench_store -- <store> <lines> <essms>`

use std::ops::ControlFlow;

use grappe_store::reference::samples::{finess_extract, SampleEncoding, Variant};
use grappe_store::Store;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage : make_bench_store <magasin> <lignes FINESS> <ESSMS>";
    let store_path = std::path::PathBuf::from(args.next().ok_or(usage)?);
    let lines: usize = args.next().ok_or(usage)?.parse()?;
    let essms: usize = args.next().ok_or(usage)?.parse()?;
    let mut store = Store::open(&store_path)?;
    let extract = store_path.with_extension("finess.csv");
    std::fs::write(
        &extract,
        finess_extract(lines, 7, Variant::Cs1100502, SampleEncoding::Windows1252),
    )?;
    let report = store.import_finess(&extract, &mut |_| ControlFlow::Continue(()))?;
    std::fs::remove_file(&extract)?;
    let id = store.create(&grappe_core::demo::synthetic_dossier(essms))?;
    println!(
        "{} établissements, dossier n°{id} de {essms} ESSMS",
        report.etablissements
    );
    Ok(())
}
