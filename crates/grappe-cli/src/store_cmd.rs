//! `grappe store …`: the dossiers of the local store.

use std::path::{Path, PathBuf};

use chrono::{Local, TimeZone};
use clap::Subcommand;
use grappe_store::Store;

use crate::{files, Failure};

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Liste les dossiers du magasin
    #[command(help_template = crate::HELP_TEMPLATE)]
    List,
    /// Exporte un dossier vers un fichier dossier (.json), ou avec ses pièces jointes vers une
    /// archive (.zip)
    #[command(help_template = crate::HELP_TEMPLATE)]
    Export {
        /// Numéro du dossier (voir grappe store list)
        id: i64,
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Remplace le fichier s'il existe déjà
        #[arg(long)]
        force: bool,
    },
    /// Importe un fichier dossier, comme nouveau dossier ou à la place d'un dossier existant ;
    /// ou une archive (.zip) d'un dossier avec ses pièces jointes, comme nouveau dossier
    #[command(help_template = crate::HELP_TEMPLATE)]
    Import {
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Remplace le contenu de ce dossier (l'ancien contenu reste restaurable)
        #[arg(long, value_name = "NUMÉRO")]
        replace: Option<i64>,
    },
    /// Sauvegarde tout le magasin dans un fichier (copie cohérente, même pendant que
    /// l'application s'en sert)
    #[command(help_template = crate::HELP_TEMPLATE)]
    Backup {
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Remplace le fichier s'il existe déjà
        #[arg(long)]
        force: bool,
    },
    /// Restaure une sauvegarde à la place du magasin (l'actuel est renommé, jamais supprimé ;
    /// fermez d'abord l'application)
    #[command(name = "restore-backup", help_template = crate::HELP_TEMPLATE)]
    RestoreBackup {
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
    },
    /// Liste les versions d'un dossier
    #[command(help_template = crate::HELP_TEMPLATE)]
    History {
        /// Numéro du dossier
        id: i64,
    },
    /// Restaure une version d'un dossier (la restauration est elle-même une nouvelle version)
    #[command(help_template = crate::HELP_TEMPLATE)]
    Restore {
        /// Numéro du dossier
        id: i64,
        /// Version à restaurer (voir grappe store history)
        version: i64,
    },
}

fn local(at: chrono::NaiveDateTime) -> String {
    Local.from_utc_datetime(&at).format("%d/%m/%Y %H:%M").to_string()
}

/// Whether a store that does not exist may be created: at the default place, or when asked
/// with `--create`.
static MAY_CREATE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

pub fn may_create(yes: bool) {
    MAY_CREATE.store(yes, std::sync::atomic::Ordering::Relaxed);
}

/// A store named with `--store` that is not there: an error naming the path, never a new
/// empty store that would look like lost dossiers.
fn require_existing(path: &Path) -> Result<(), Failure> {
    if MAY_CREATE.load(std::sync::atomic::Ordering::Relaxed) || path.exists() {
        return Ok(());
    }
    Err(Failure::Input(format!(
        "le magasin « {} » n'existe pas : vérifiez le chemin donné à --store (ajoutez --create pour créer un magasin neuf à cet endroit)",
        path.display()
    )))
}

pub fn open(path: &Path) -> Result<Store, Failure> {
    require_existing(path)?;
    Store::open(path).map_err(|e| {
        let hint = if e.can_start_fresh() {
            "\n  Le fichier n'a pas été modifié. Déplacez-le ou renommez-le pour repartir d'un magasin neuf, ou indiquez un autre magasin avec --store."
        } else {
            ""
        };
        Failure::Input(format!("{e}{hint}"))
    })
}

/// An archive of a dossier with its pieces: named `.zip`.
fn is_zip(file: &Path) -> bool {
    file.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

pub fn run(command: StoreCommand, path: &Path) -> Result<(), Failure> {
    let fail = |e: grappe_store::StoreError| Failure::Input(e.to_string());
    if let StoreCommand::RestoreBackup { file } = &command {
        require_existing(path)?;
        let found = grappe_store::check_backup(file).ok();
        let aside = grappe_store::restore_backup(path, file).map_err(|e| {
            Failure::Input(format!(
                "{} : restauration impossible, rien n'a été modifié\n  {e}",
                file.display()
            ))
        })?;
        let store = open(path)?;
        if let Some(aside) = aside {
            println!("Magasin précédent conservé sous {}.", aside.display());
        }
        if let Some(from) = found.filter(|v| *v < grappe_store::SCHEMA_VERSION) {
            println!("Sauvegarde au schéma {from}, mise à jour.");
        }
        println!(
            "{} restauré dans {} : {} dossier(s).",
            file.display(),
            path.display(),
            store.list().map_err(fail)?.len()
        );
        return Ok(());
    }
    let mut store = open(path)?;
    match command {
        StoreCommand::RestoreBackup { .. } => {}
        StoreCommand::Backup { file, force } => {
            let info = store.backup_to(&file, force).map_err(|e| {
                let hint = if file.exists() && !force {
                    " (ajoutez --force pour le remplacer)"
                } else {
                    ""
                };
                Failure::Input(format!("{e}{hint}"))
            })?;
            println!(
                "Magasin sauvegardé dans {} ({} octets, SHA-256 {}).",
                info.path.display(),
                info.size,
                info.sha256
            );
        }
        StoreCommand::List => {
            let list = store.list().map_err(fail)?;
            if list.is_empty() {
                println!("Aucun dossier dans {}.", path.display());
            }
            for d in list {
                println!(
                    "{:>4}  {:<40} {:<36} {:<10} {:>5} ESSMS {:>18}  modifié le {}",
                    d.id,
                    d.name,
                    d.porteur,
                    d.campaign,
                    d.essms_count,
                    d.total.fr(),
                    local(d.updated_at)
                );
            }
        }
        StoreCommand::Export { id, file, force } if is_zip(&file) => {
            grappe_dossier::write_atomic_with(&file, files::existing(force), |out| {
                store.export_archive(id, out).map(drop).map_err(std::io::Error::other)
            })
            .map_err(|e| Failure::Input(files::FileIoError::from(e).to_string()))?;
            println!(
                "Dossier n°{id} exporté avec ses pièces jointes dans {}.",
                file.display()
            );
        }
        StoreCommand::Export { id, file, force } => {
            let text = store.export(id).map_err(fail)?;
            files::write_atomic(&file, text.as_bytes(), force).map_err(|e| Failure::Input(e.to_string()))?;
            println!("Dossier n°{id} exporté dans {}.", file.display());
        }
        StoreCommand::Import { file, replace: None } if is_zip(&file) => {
            let imported = store.import_archive(&file).map_err(fail)?;
            println!(
                "{} importé comme dossier n°{}, avec {} pièce(s) jointe(s) vérifiée(s).",
                file.display(),
                imported.id,
                imported.pieces
            );
        }
        StoreCommand::Import { file, replace: Some(_) } if is_zip(&file) => {
            return Err(Failure::Input(format!(
                "{} : une archive s'importe comme nouveau dossier (sans --replace) ; rien n'a été modifié",
                file.display()
            )));
        }
        StoreCommand::Import { file, replace } => {
            let text = files::read_text(&file).map_err(|e| Failure::Input(e.to_string()))?;
            let id = store.import(&text, replace).map_err(|e| {
                Failure::Input(format!(
                    "{} : import impossible, rien n'a été modifié\n  {e}",
                    file.display()
                ))
            })?;
            match replace {
                Some(_) => println!(
                    "Dossier n°{id} remplacé par {} (l'ancien contenu reste restaurable).",
                    file.display()
                ),
                None => println!("{} importé comme dossier n°{id}.", file.display()),
            }
        }
        StoreCommand::History { id } => {
            for (i, v) in store.history(id).map_err(fail)?.iter().enumerate() {
                let current = if i == 0 { "  (version actuelle)" } else { "" };
                println!("{:>4}  {}  {}{current}", v.version, local(v.at), v.description);
            }
        }
        StoreCommand::Restore { id, version } => {
            let new = store.restore(id, version).map_err(fail)?;
            println!("Dossier n°{id} : version {version} restaurée (nouvelle version {new}).");
        }
    }
    Ok(())
}
