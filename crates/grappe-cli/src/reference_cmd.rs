//! `grappe import …` and `grappe search`: the reference data of the local store.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use grappe_core::category::Sector;
use grappe_store::SearchFilters;

use crate::{store_cmd, Failure};

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Importe l'extrait national FINESS (etalab-cs1100502 ou cs1100507) ; remplace le précédent
    #[command(help_template = crate::HELP_TEMPLATE)]
    Finess {
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
    },
    /// Importe une liste de solutions référencées Ségur (CSV ou XLSX)
    #[command(help_template = crate::HELP_TEMPLATE)]
    Solutions {
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
    },
}

/// Sectors as typed on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SectorArg {
    #[value(name = "personnes-agees")]
    PersonnesAgees,
    #[value(name = "personnes-handicapees")]
    PersonnesHandicapees,
    #[value(name = "difficultes-specifiques")]
    DifficultesSpecifiques,
    #[value(name = "protection-enfance")]
    ProtectionEnfance,
}

impl From<SectorArg> for Sector {
    fn from(s: SectorArg) -> Sector {
        match s {
            SectorArg::PersonnesAgees => Sector::PersonnesAgees,
            SectorArg::PersonnesHandicapees => Sector::PersonnesHandicapees,
            SectorArg::DifficultesSpecifiques => Sector::DifficultesSpecifiques,
            SectorArg::ProtectionEnfance => Sector::ProtectionEnfance,
        }
    }
}

fn print_rejected(rejected: &[grappe_store::RejectedLine], count: u64) {
    for r in rejected {
        println!("  ligne {} : {}", r.line, r.reason);
    }
    if count > rejected.len() as u64 {
        println!("  … et {} autres lignes rejetées", count - rejected.len() as u64);
    }
}

pub fn import(command: ImportCommand, store_path: &Path) -> Result<(), Failure> {
    let mut store = store_cmd::open(store_path)?;
    match command {
        ImportCommand::Finess { file } => {
            let mut stderr = std::io::stderr();
            let mut progress = |p: grappe_store::Progress| {
                let done = (p.percent() / 4) as usize;
                let _ = write!(
                    stderr,
                    "\r[{}{}] {:>3} %  {} lignes, {} lignes/s ",
                    "#".repeat(done),
                    " ".repeat(25 - done),
                    p.percent(),
                    p.lines,
                    p.rows_per_second
                );
                ControlFlow::Continue(())
            };
            let result = store.import_finess(&file, &mut progress);
            eprintln!();
            let report = result.map_err(|e| Failure::Input(e.to_string()))?;
            println!(
                "Extrait FINESS du {} importé : {} établissements, {} entités juridiques ({} lignes lues, encodage {}, {} ms).",
                grappe_core::format_date(report.extract_date),
                report.etablissements,
                report.entites,
                report.lines,
                report.encoding,
                report.duration_ms
            );
            if let Some(sentence) = grappe_store::reference::finess_file::repaired_sentence(report.repaired) {
                println!("{sentence}");
            }
            if !report.warnings.is_empty() {
                println!("À vérifier :");
                print_rejected(&report.warnings, report.warnings.len() as u64);
            }
            if report.rejected_count > 0 {
                println!(
                    "{} ligne(s) rejetée(s), les autres sont importées :",
                    report.rejected_count
                );
                print_rejected(&report.rejected, report.rejected_count);
            }
        }
        ImportCommand::Solutions { file } => {
            let report = store
                .import_solutions(&file)
                .map_err(|e| Failure::Input(e.to_string()))?;
            println!(
                "{} solution(s) référencée(s) importée(s) ou mise(s) à jour.",
                report.imported
            );
            if !report.rejected.is_empty() {
                println!(
                    "{} ligne(s) rejetée(s), les autres sont importées :",
                    report.rejected.len()
                );
                print_rejected(&report.rejected, report.rejected.len() as u64);
            }
        }
    }
    Ok(())
}

/// `grappe liste`: what a list of ESSMS (CSV, XLSX, ODS) gives against the reference data, the
/// report the app shows. Nothing is written.
pub fn list(file: &Path, store_path: &Path) -> Result<(), Failure> {
    let store = store_cmd::open(store_path)?;
    if store
        .finess_extract()
        .map_err(|e| Failure::Input(e.to_string()))?
        .is_none()
    {
        return Err(Failure::Input(
            "aucun fichier FINESS n'a été importé : lancez d'abord grappe import finess <fichier>".into(),
        ));
    }
    let report = store.essms_list(file).map_err(|e| Failure::Input(e.to_string()))?;
    println!(
        "{} ESSMS trouvé(s) dans le fichier FINESS ; {} numéro(s) inconnu(s) ; {} ligne(s) rejetée(s) ; {} doublon(s).",
        report.found.len(),
        report.unknown.len(),
        report.rejected.len(),
        report.duplicates.len()
    );
    if let Some(sentence) = grappe_store::reference::finess_file::repaired_sentence(u64::from(report.repaired)) {
        println!("{sentence}");
    }
    for e in &report.found {
        println!("  {}  {}  {} {}", e.finess_et, e.display_name(), e.postcode, e.commune);
    }
    if !report.unknown.is_empty() {
        println!(
            "Inconnus du fichier FINESS (à saisir à la main) : {}",
            report.unknown.join(", ")
        );
    }
    if !report.rejected.is_empty() {
        println!("Lignes rejetées :");
        print_rejected(&report.rejected, report.rejected.len() as u64);
    }
    if !report.duplicates.is_empty() {
        println!("Listés deux fois (gardés une fois) : {}", report.duplicates.join(", "));
    }
    Ok(())
}

pub fn search(
    text: &str,
    departement: Option<String>,
    secteur: Option<SectorArg>,
    limit: usize,
    store_path: &Path,
) -> Result<(), Failure> {
    let store = store_cmd::open(store_path)?;
    let extract = store.finess_extract().map_err(|e| Failure::Input(e.to_string()))?;
    if extract.is_none() {
        return Err(Failure::Input(
            "aucun fichier FINESS n'a été importé : lancez d'abord grappe import finess <fichier>".into(),
        ));
    }
    let filters = SearchFilters {
        departement,
        sector: secteur.map(Sector::from),
    };
    let hits = store
        .search(text, &filters, limit)
        .map_err(|e| Failure::Input(e.to_string()))?;
    if hits.is_empty() {
        println!("Aucun établissement trouvé pour « {text} ».");
    }
    for e in hits {
        let sector = e.sector.map(|s| s.label()).unwrap_or("hors ESSMS");
        println!(
            "{}  {:<45} {:<6} {:<28} {} {}  (EJ {}, {sector})",
            e.finess_et,
            e.name,
            e.category,
            e.category_label.chars().take(28).collect::<String>(),
            e.postcode,
            e.commune,
            e.finess_ej
        );
    }
    Ok(())
}
