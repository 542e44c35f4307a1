//! Writes the reference samples shipped in `samples/`: a generated FINESS extract of a few
//! hundred lines in the real format (Windows-1252, fictitious names, valid keys, several
//! départements including Corse and overseas) and a sample list of référencé solutions.
//! `cargo run -p grappe-store --example make_samples -- samples`

use grappe_store::reference::samples::{finess_extract, solutions_csv, SampleEncoding, Variant};

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "samples".into()));
    std::fs::create_dir_all(&dir)?;
    let extract = dir.join("etalab-cs1100502-stock-exemple-fictif.csv");
    std::fs::write(
        &extract,
        finess_extract(400, 2026, Variant::Cs1100502, SampleEncoding::Windows1252),
    )?;
    let solutions = dir.join("solutions-referencees-exemple-fictif.csv");
    std::fs::write(&solutions, solutions_csv())?;
    println!("{}\n{}", extract.display(), solutions.display());
    Ok(())
}
