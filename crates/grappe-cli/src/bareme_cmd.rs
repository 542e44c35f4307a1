//! `grappe bareme …`: the shipped barème, a barème file checked, and the barèmes of the store
//! (list, import, export); and which barème `compute`, `check`, `dossier` and `suivi` use.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use grappe_core::model::CarriedError;
use grappe_core::{Bareme, Dossier};

use crate::{file_error, files, store_cmd, write, Failure, HELP_TEMPLATE};

#[derive(Debug, Subcommand)]
pub enum BaremeCommand {
    /// Affiche le barème par défaut (à enregistrer pour l'adapter)
    #[command(help_template = HELP_TEMPLATE)]
    Show {
        /// Écrit le barème dans ce fichier plutôt qu'à l'écran
        #[arg(short = 'o', long = "output", value_name = "FICHIER")]
        output: Option<PathBuf>,
        /// Remplace le fichier s'il existe déjà
        #[arg(long)]
        force: bool,
    },
    /// Vérifie un fichier de barème et liste tous ses problèmes
    #[command(help_template = HELP_TEMPLATE)]
    Check {
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
    },
    /// Liste les barèmes du magasin (identifiant, version, empreinte, dossiers qui l'utilisent)
    #[command(help_template = HELP_TEMPLATE)]
    List,
    /// Ajoute un fichier de barème aux barèmes du magasin
    #[command(help_template = HELP_TEMPLATE)]
    Import {
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Remplace le barème du magasin de même campagne (ses dossiers sont recalculés)
        #[arg(long)]
        replace: bool,
    },
    /// Écrit un barème du magasin dans un fichier
    #[command(help_template = HELP_TEMPLATE)]
    Export {
        /// Identifiant du barème (sa campagne, voir grappe bareme list)
        #[arg(value_name = "BARÈME")]
        id: String,
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Remplace le fichier s'il existe déjà
        #[arg(long)]
        force: bool,
    },
}

pub fn run(command: BaremeCommand, store: &Path) -> Result<(), Failure> {
    let fail = |e: grappe_store::StoreError| Failure::Input(e.to_string());
    match command {
        BaremeCommand::Show { output, force } => {
            let text = Bareme::default_bareme().to_json();
            match output {
                Some(path) => {
                    write(&path, text.as_bytes(), force)?;
                    println!("Barème par défaut écrit dans {}.", path.display());
                }
                None => print!("{text}"),
            }
            Ok(())
        }
        BaremeCommand::Check { file } => {
            let text = files::read_text(&file).map_err(|e| Failure::Input(e.to_string()))?;
            match Bareme::from_json(&text) {
                Ok(b) => {
                    println!(
                        "Barème valide : {} (campagne {}, {} lignes, empreinte {}).",
                        b.version,
                        b.campaign,
                        b.lines.len(),
                        b.fingerprint()
                    );
                    Ok(())
                }
                Err(err) => {
                    println!("Barème invalide ({} problème(s)) :", err.problems.len());
                    for p in &err.problems {
                        println!("  {p}");
                    }
                    Err(Failure::Blocking)
                }
            }
        }
        BaremeCommand::List => {
            let store = store_cmd::open(store)?;
            for b in store.bareme_list().map_err(fail)? {
                let used = match b.used_by.len() {
                    0 => "aucun dossier".to_string(),
                    1 => "1 dossier".to_string(),
                    n => format!("{n} dossiers"),
                };
                let builtin = if b.builtin { " (livré avec Grappe)" } else { "" };
                println!(
                    "{}  version {}  {}{builtin}  {}  sha256 {}",
                    b.id, b.version, b.title, used, b.sha256
                );
            }
            Ok(())
        }
        BaremeCommand::Import { file, replace } => {
            let text = files::read_text(&file).map_err(|e| Failure::Input(e.to_string()))?;
            let mut store = store_cmd::open(store)?;
            let id = store
                .import_bareme(&text, replace)
                .map_err(|e| Failure::Input(format!("{} : {e}", file.display())))?;
            println!("Barème « {id} » ajouté au magasin.");
            Ok(())
        }
        BaremeCommand::Export { id, file, force } => {
            let store = store_cmd::open(store)?;
            let text = store.export_bareme(&id).map_err(fail)?;
            write(&file, text.as_bytes(), force)?;
            println!("Barème « {id} » écrit dans {}.", file.display());
            Ok(())
        }
    }
}

/// The barème to evaluate `dossier` with: `--bareme` (a file, or the identifier of a barème of
/// the store); else the barème its file carries (checked against its fingerprint); else the
/// shipped one.
pub fn resolve(arg: Option<&str>, dossier: &Dossier, store: &Path) -> Result<Bareme, Failure> {
    if let Some(arg) = arg {
        let path = Path::new(arg);
        if path.is_file() {
            let text = files::read_text(path).map_err(|e| Failure::Input(e.to_string()))?;
            return Bareme::from_json(&text).map_err(|e| Failure::Input(file_error(path, "barème invalide", &e)));
        }
        let unknown = || {
            Failure::Input(format!(
                "« {arg} » n'est ni un fichier de barème ni un barème du magasin (voir grappe bareme list)"
            ))
        };
        if !store.is_file() {
            return Err(unknown());
        }
        let store = store_cmd::open(store)?;
        return store.baremes().get(arg).map(|b| Bareme::clone(b)).ok_or_else(unknown);
    }
    let checked = match &dossier.bareme {
        Some(carried) => carried.check(&dossier.campaign).map_err(|e| match e {
            CarriedError::Unknown { .. } => Failure::Input(format!("{e} : indiquez-le avec --bareme")),
            e => Failure::Input(e.to_string()),
        })?,
        None => None,
    };
    Ok(checked.unwrap_or_else(Bareme::default_bareme))
}
