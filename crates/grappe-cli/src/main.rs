//! `grappe`: the command line of Grappe, for consultants and scripts. Every message is French.
//!
//! Exit codes: 0 success (and, for `check`/`compute`, nothing blocks); 1 the dossier has
//! blocking findings, or the barème checked is invalid; 2 a file cannot be read or written,
//! or the command line is wrong.

// Every line the command prints goes through `safe_text::for_terminal`: a dossier's name with a
// terminal escape or a right-to-left mark is shown, not obeyed. These shadow the standard
// macros in every module below.
macro_rules! println {
    () => { ::std::println!() };
    ($($arg:tt)*) => { ::std::println!("{}", ::grappe_core::safe_text::for_terminal(&format!($($arg)*))) };
}
macro_rules! print {
    ($($arg:tt)*) => { ::std::print!("{}", ::grappe_core::safe_text::for_terminal(&format!($($arg)*))) };
}
macro_rules! eprintln {
    () => { ::std::eprintln!() };
    ($($arg:tt)*) => { ::std::eprintln!("{}", ::grappe_core::safe_text::for_terminal(&format!($($arg)*))) };
}

mod advice_cmd;
mod bareme_cmd;
mod docs_cmd;
mod files;
mod portfolio_cmd;
mod reference_cmd;
mod report;
mod store_cmd;
mod suivi_cmd;
mod suivi_record;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{ArgAction, Parser, Subcommand};
use grappe_core::{dossier_file, evaluate, Dossier, Evaluation, FileError};

pub(crate) const HELP_TEMPLATE: &str = "{about}\n\nUtilisation : {usage}\n\n{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "grappe",
    version,
    about = "Grappe : prépare les candidatures ESMS numérique (Ségur du numérique en santé), hors ligne.",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "Commandes",
    subcommand_value_name = "COMMANDE",
    disable_help_flag = true,
    disable_help_subcommand = true,
    disable_version_flag = true,
    after_help = "Codes de sortie : 0 réussite ; 1 points bloquants (ou barème invalide) ; 2 fichier illisible ou commande incorrecte.\n"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true, help = "Affiche l'aide")]
    help: Option<bool>,
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help = "Affiche la version")]
    version: Option<bool>,
    /// Magasin à utiliser (par défaut celui de l'application, dans le dossier de données de l'utilisateur)
    #[arg(long, value_name = "FICHIER", global = true)]
    store: Option<PathBuf>,
    /// Crée le magasin indiqué par --store s'il n'existe pas encore (sans cette option, un
    /// magasin introuvable est une erreur : un chemin mal tapé ne crée pas de magasin vide)
    #[arg(long, global = true)]
    create: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Écrit un dossier de démonstration (20 ESSMS de 3 OG, noms fictifs)
    #[command(help_template = HELP_TEMPLATE)]
    Demo {
        /// Fichier dossier à écrire (.json)
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Remplace le fichier s'il existe déjà
        #[arg(long)]
        force: bool,
        /// Avec un suivi de démonstration : dépôt, attribution, un versement, des dépenses, des
        /// cibles mesurées
        #[arg(long)]
        suivi: bool,
    },
    /// Vérifie un dossier et liste tous les points trouvés
    #[command(help_template = HELP_TEMPLATE)]
    Check {
        #[command(flatten)]
        input: Input,
    },
    /// Calcule le financement d'un dossier, ligne à ligne avec la règle qui l'accorde
    #[command(help_template = HELP_TEMPLATE)]
    Compute {
        #[command(flatten)]
        input: Input,
        /// Sortie JSON (montants en chaînes décimales)
        #[arg(long)]
        json: bool,
    },
    /// Les pistes qui changent le financement d'un dossier (seuil, AAP national ou régional,
    /// petit OG, référencement, fenêtre de dépôt, ESSMS écartés), chacune avec son effet en euros
    #[command(help_template = HELP_TEMPLATE)]
    Conseils {
        #[command(flatten)]
        input: Input,
    },
    /// Compare 2 à 4 versions d'une grappe côte à côte : total, par OG, par règle, canal, ARS,
    /// seuil, ESSMS comptés, et ce qui change pour chaque ESSMS
    #[command(help_template = HELP_TEMPLATE)]
    Compare {
        /// Fichiers dossier (.json), de 2 à 4
        #[arg(value_name = "FICHIER", required = true, num_args = grappe_core::comparison::COMPARED)]
        files: Vec<PathBuf>,
        /// Barème à utiliser pour tous : un fichier ou l'identifiant d'un barème du magasin ;
        /// sinon celui que porte chaque dossier, ou le barème livré avec Grappe
        #[arg(long, value_name = "FICHIER|BARÈME")]
        bareme: Option<String>,
        /// Sortie JSON
        #[arg(long)]
        json: bool,
    },
    /// Produit le dossier de candidature en PDF, et ses annexes en CSV et Excel
    #[command(help_template = HELP_TEMPLATE)]
    Dossier {
        #[command(flatten)]
        input: Input,
        /// Fichier PDF à écrire
        #[arg(short = 'o', long = "output", value_name = "FICHIER.pdf")]
        output: PathBuf,
        /// Dossier où écrire les annexes, nommées d'après le PDF (« <nom> - annexe ESSMS.csv »,
        /// « <nom> - annexe financement.csv », « <nom> - annexes.xlsx »)
        #[arg(long, value_name = "DOSSIER")]
        annexes: Option<PathBuf>,
        /// Date de génération imprimée sur le document (AAAA-MM-JJ, aujourd'hui par défaut)
        #[arg(long, value_name = "AAAA-MM-JJ")]
        date: Option<String>,
        /// Remplace le PDF et les annexes s'ils existent déjà
        #[arg(long)]
        force: bool,
    },
    /// Les barèmes : celui livré avec Grappe, un fichier vérifié, ceux du magasin (liste,
    /// import, export)
    #[command(help_template = HELP_TEMPLATE, subcommand_help_heading = "Commandes")]
    Bareme {
        #[command(subcommand)]
        command: bareme_cmd::BaremeCommand,
    },
    /// Les dossiers du magasin local : liste, export, import, historique, restauration
    #[command(help_template = HELP_TEMPLATE, subcommand_help_heading = "Commandes")]
    Store {
        #[command(subcommand)]
        command: store_cmd::StoreCommand,
    },
    /// Importe les données de référence : fichier FINESS national ou liste des solutions référencées
    #[command(help_template = HELP_TEMPLATE, subcommand_help_heading = "Commandes")]
    Import {
        #[command(subcommand)]
        command: reference_cmd::ImportCommand,
    },
    /// Lit une liste d'ESSMS (CSV, XLSX, ODS) et la compare au fichier FINESS importé : trouvés,
    /// inconnus, lignes rejetées, doublons, numéros réparés ; rien n'est écrit
    #[command(help_template = HELP_TEMPLATE)]
    Liste {
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
    },
    /// Le suivi d'un dossier déposé : attribution, versements, dépenses, cibles d'usage, solde
    #[command(help_template = HELP_TEMPLATE, subcommand_help_heading = "Commandes")]
    Suivi {
        #[command(subcommand)]
        command: suivi_cmd::SuiviCommand,
    },
    /// Le portefeuille : chaque dossier du magasin à une date (client, financeur, étape, attribué,
    /// reçu, dépensé, consommé, cibles, prochaine échéance, retards), avec les totaux
    #[command(help_template = HELP_TEMPLATE)]
    Portefeuille {
        #[command(flatten)]
        args: portfolio_cmd::PortfolioArgs,
    },
    /// Cherche un établissement dans le fichier FINESS importé (nom, commune, code postal, FINESS)
    #[command(help_template = HELP_TEMPLATE)]
    Search {
        /// Mots du nom, commune, code postal ou numéro FINESS (ET ou EJ)
        #[arg(value_name = "TEXTE", required = true, num_args = 1..)]
        text: Vec<String>,
        /// Limite la recherche à un département (59, 2A, 971…)
        #[arg(long, value_name = "CODE")]
        departement: Option<String>,
        /// Limite la recherche à un secteur
        #[arg(long, value_name = "SECTEUR", value_enum)]
        secteur: Option<reference_cmd::SectorArg>,
        /// Nombre maximal de résultats
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Écrit le script de complétion de la commande grappe pour un shell (bash, zsh, fish)
    #[command(help_template = HELP_TEMPLATE)]
    Completions {
        #[arg(value_name = "SHELL", value_enum)]
        shell: docs_cmd::Shell,
    },
    /// Écrit les pages de manuel (grappe.1, grappe-store.1…) dans un dossier
    #[command(help_template = HELP_TEMPLATE)]
    Manuel {
        #[arg(value_name = "DOSSIER")]
        dir: PathBuf,
    },
}

/// A dossier file and the barème to evaluate it with.
#[derive(Debug, clap::Args)]
struct Input {
    /// Fichier dossier (.json)
    #[arg(value_name = "FICHIER")]
    file: PathBuf,
    /// Barème à utiliser : un fichier, ou l'identifiant d'un barème du magasin (voir grappe
    /// bareme list) ; sinon celui que porte le dossier, ou le barème livré avec Grappe
    #[arg(long, value_name = "FICHIER|BARÈME")]
    bareme: Option<String>,
}

impl Input {
    /// Reads the barème, then the dossier, and evaluates it.
    fn evaluate(&self, store: &Path) -> Result<(Dossier, Evaluation), Failure> {
        let dossier = load_dossier(&self.file)?;
        let bareme = bareme_cmd::resolve(self.bareme.as_deref(), &dossier, store)?;
        let evaluation = evaluate(&dossier, &bareme);
        Ok((dossier, evaluation))
    }
}

/// Why a command failed, with its exit code.
pub(crate) enum Failure {
    /// Blocking findings or an invalid barème: the message is already printed.
    Blocking,
    /// A file cannot be read or written.
    Input(String),
}

use grappe_store::app_folders;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    store_cmd::may_create(cli.store.is_none() || cli.create);
    let store = match cli.store {
        Some(store) => store,
        None => {
            // The folders of releases before the identifier changed come first to the new place.
            for moved in app_folders::move_old_folders(&app_folders::platform_folders()) {
                eprintln!("grappe : {moved}");
            }
            app_folders::default_store_path()
        }
    };
    match run(cli.command, &store) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Blocking) => ExitCode::from(1),
        Err(Failure::Input(message)) => {
            eprintln!("grappe : {message}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command, store: &Path) -> Result<(), Failure> {
    match command {
        Command::Completions { shell } => {
            docs_cmd::completions(shell);
            Ok(())
        }
        Command::Manuel { dir } => {
            let pages = docs_cmd::manual(&dir)?;
            println!("{pages} page(s) de manuel écrites dans {}.", dir.display());
            Ok(())
        }
        Command::Demo { file, force, suivi } => {
            let dossier = if suivi {
                grappe_core::demo::demo_followed()
            } else {
                grappe_core::demo::demo_dossier()
            };
            write(&file, dossier_file::to_json(&dossier).as_bytes(), force)?;
            println!(
                "Dossier de démonstration écrit dans {} ({} ESSMS, {} OG).",
                file.display(),
                dossier.essms.len(),
                dossier.ogs.len()
            );
            Ok(())
        }
        Command::Check { input } => {
            let (_, evaluation) = input.evaluate(store)?;
            print!("{}", report::findings(&evaluation.findings));
            println!("{}", report::verdict(&evaluation));
            blocking_exit(evaluation.eligible)
        }
        Command::Compute { input, json } => {
            let (dossier, evaluation) = input.evaluate(store)?;
            if json {
                let text = serde_json::to_string_pretty(&evaluation)
                    .map_err(|e| Failure::Input(format!("sortie JSON impossible : {e}")))?;
                println!("{text}");
            } else {
                print!("{}", report::funding(&dossier, &evaluation));
                println!();
                print!("{}", report::findings(&evaluation.findings));
                println!("{}", report::verdict(&evaluation));
            }
            blocking_exit(evaluation.eligible)
        }
        Command::Conseils { input } => advice_cmd::conseils(&input.file, input.bareme.as_deref(), store),
        Command::Compare { files, bareme, json } => advice_cmd::compare_files(&files, bareme.as_deref(), json, store),
        Command::Store { command } => store_cmd::run(command, store),
        Command::Suivi { command } => suivi_cmd::run(command, store),
        Command::Portefeuille { args } => portfolio_cmd::run(args, store),
        Command::Dossier {
            input,
            output,
            annexes,
            date,
            force,
        } => dossier_pdf(&input, &output, annexes.as_deref(), date.as_deref(), force, store),
        Command::Import { command } => reference_cmd::import(command, store),
        Command::Liste { file } => reference_cmd::list(&file, store),
        Command::Search {
            text,
            departement,
            secteur,
            limit,
        } => reference_cmd::search(&text.join(" "), departement, secteur, limit, store),
        Command::Bareme { command } => bareme_cmd::run(command, store),
    }
}

/// `grappe dossier`: the PDF (a draft while blocking findings remain) and the annexes.
fn dossier_pdf(
    input: &Input,
    output: &Path,
    annexes: Option<&Path>,
    date: Option<&str>,
    force: bool,
    store: &Path,
) -> Result<(), Failure> {
    let generated_on = parse_date(date)?;
    let dossier = load_dossier(&input.file)?;
    let bareme = bareme_cmd::resolve(input.bareme.as_deref(), &dossier, store)?;
    // Nothing is written when one of the files exists and --force is not given.
    let existing = files::existing(force);
    let mut targets = vec![output.to_path_buf()];
    if let Some(dir) = annexes {
        targets.extend(grappe_dossier::annexes::paths(dir, output));
    }
    files::check_free(&targets, existing)?;
    let pdf = grappe_dossier::generate(&dossier, &bareme, generated_on);
    let write_failed = |e| Failure::Input(files::FileIoError::from(e).to_string());
    // The PDF and its annexes, all or nothing.
    let mut set = vec![(output.to_path_buf(), pdf.bytes.clone())];
    if let Some(dir) = annexes {
        let built = grappe_dossier::annexes::build(&dossier, &pdf.evaluation).map_err(Failure::Input)?;
        set.extend(grappe_dossier::annexes::files(dir, output, built).map_err(write_failed)?);
    }
    grappe_dossier::write_set(&set, existing).map_err(write_failed)?;
    let kind = if pdf.draft { "BROUILLON" } else { "dossier définitif" };
    println!(
        "{} écrit : {kind}, {} pages, total {}, empreinte {}.",
        output.display(),
        pdf.pages,
        pdf.evaluation.funding.total.fr(),
        pdf.fingerprint
    );
    for (p, _) in set.iter().skip(1) {
        println!("{} écrit.", p.display());
    }
    if pdf.draft {
        println!("Des points bloquants restent à corriger (listés en première page) : seul un brouillon est produit.");
        print!(
            "{}",
            report::findings(
                &pdf.evaluation
                    .findings
                    .iter()
                    .filter(|f| f.severity == grappe_core::Severity::Blocking)
                    .cloned()
                    .collect::<Vec<_>>()
            )
        );
    }
    blocking_exit(pdf.evaluation.eligible)
}

fn blocking_exit(eligible: bool) -> Result<(), Failure> {
    if eligible {
        Ok(())
    } else {
        Err(Failure::Blocking)
    }
}

pub(crate) fn write(path: &Path, contents: &[u8], force: bool) -> Result<(), Failure> {
    files::write_atomic(path, contents, force).map_err(|e| Failure::Input(e.to_string()))
}

/// `--date`: an ISO date, today when absent.
pub(crate) fn parse_date(date: Option<&str>) -> Result<chrono::NaiveDate, Failure> {
    match date {
        Some(text) => grappe_core::money::iso_date::parse(text).map_err(|m| Failure::Input(format!("--date : {m}"))),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

pub(crate) fn load_dossier(path: &Path) -> Result<Dossier, Failure> {
    let text = files::read_text(path).map_err(|e| Failure::Input(e.to_string()))?;
    dossier_file::from_json(&text).map_err(|e| Failure::Input(file_error(path, "dossier illisible", &e)))
}

pub(crate) fn file_error(path: &Path, what: &str, err: &FileError) -> String {
    let mut text = format!("{} : {what}", path.display());
    for p in &err.problems {
        text.push_str("\n  ");
        text.push_str(&p.to_string());
    }
    text
}

/// Clap's own errors, in French.
fn usage_error(err: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ErrorKind};
    let context = |kind: ContextKind| err.get(kind).map(|v| v.to_string()).unwrap_or_default();
    let message = match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::DisplayVersion => {
            let _ = err.print();
            return if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
        ErrorKind::InvalidSubcommand => format!("commande inconnue « {} »", context(ContextKind::InvalidSubcommand)),
        ErrorKind::UnknownArgument => format!("option inconnue « {} »", context(ContextKind::InvalidArg)),
        ErrorKind::MissingRequiredArgument => format!("argument manquant : {}", context(ContextKind::InvalidArg)),
        ErrorKind::MissingSubcommand => "commande manquante".to_string(),
        ErrorKind::InvalidValue => format!(
            "valeur « {} » incorrecte pour {}",
            context(ContextKind::InvalidValue),
            context(ContextKind::InvalidArg)
        ),
        ErrorKind::TooManyValues => {
            format!("argument en trop : « {} »", context(ContextKind::InvalidValue))
        }
        ErrorKind::ArgumentConflict => format!("options incompatibles : {}", context(ContextKind::InvalidArg)),
        _ => "commande incorrecte".to_string(),
    };
    eprintln!("grappe : {message}\nAide : grappe --help");
    ExitCode::from(2)
}
