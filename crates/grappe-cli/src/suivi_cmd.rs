//! `grappe suivi …`: the follow-up of a filed dossier, from its file.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use grappe_core::funding::due_text;
use grappe_core::money::{format_eur, format_number, format_percent_or_dash};
use grappe_core::suivi::{follow, FollowUp, Scope, Unit};
use grappe_core::{format_date, Severity};

use grappe_dossier::suivi::Kind;

use crate::bareme_cmd::resolve;
use crate::{files, load_dossier, report, Failure, HELP_TEMPLATE};

/// The shape of `grappe suivi statut --json`: `{format, dossier, suivi}` where `suivi` is what
/// the Suivi screens show (`SuiviView`); a field removed or changed means a new version.
pub const STATUT_FORMAT: &str = "grappe-suivi-statut/1";

#[derive(Debug, Subcommand)]
pub enum SuiviCommand {
    /// Où en est le projet à une date : enveloppes (attribué, reçu, dépensé, reste), versements
    /// attendus et reçus, cibles d'usage, solde, écarts du compte rendu, échéances
    #[command(help_template = HELP_TEMPLATE)]
    Statut {
        /// Fichier dossier (.json) avec son suivi
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Date du point (AAAA-MM-JJ, aujourd'hui par défaut)
        #[arg(long, value_name = "AAAA-MM-JJ")]
        date: Option<String>,
        /// Barème du dépôt : un fichier ou l'identifiant d'un barème du magasin ; sinon celui
        /// que porte le dossier, ou le barème livré avec Grappe
        #[arg(long, value_name = "FICHIER|BARÈME")]
        bareme: Option<String>,
        /// Écrit le suivi en JSON (format « grappe-suivi-statut/1 », décrit dans le README) :
        /// les mêmes chiffres que l'onglet Suivi de l'application
        #[arg(long)]
        json: bool,
    },
    /// L'état de consommation des enveloppes à une date, en PDF et en Excel (même nom, .xlsx)
    #[command(help_template = HELP_TEMPLATE)]
    Etat {
        #[command(flatten)]
        document: DocumentArgs,
    },
    /// Le compte rendu financier (CERFA n° 15059*02 : bilan, charges par nature et produits
    /// prévus / réalisés / écarts, annexe, attestation), en PDF et en Excel (même nom, .xlsx)
    #[command(name = "compte-rendu", help_template = HELP_TEMPLATE)]
    CompteRendu {
        #[command(flatten)]
        document: DocumentArgs,
    },
    /// La demande de versement du solde, avec les preuves de l'atteinte de chaque cible (PDF)
    #[command(help_template = HELP_TEMPLATE)]
    Solde {
        #[command(flatten)]
        document: DocumentArgs,
    },
    #[command(flatten)]
    Record(crate::suivi_record::RecordCommand),
}

/// A follow-up document to write.
#[derive(Debug, clap::Args)]
pub struct DocumentArgs {
    /// Fichier dossier (.json) avec son suivi
    #[arg(value_name = "FICHIER")]
    file: PathBuf,
    /// Fichier PDF à écrire
    #[arg(short = 'o', long = "output", value_name = "FICHIER.pdf")]
    output: PathBuf,
    /// Date du point (AAAA-MM-JJ, aujourd'hui par défaut) ; imprimée aussi comme date
    /// d'établissement, pour un document reproductible
    #[arg(long, value_name = "AAAA-MM-JJ")]
    date: Option<String>,
    /// Barème du dépôt : un fichier ou l'identifiant d'un barème du magasin ; sinon celui que
    /// porte le dossier, ou le barème livré avec Grappe
    #[arg(long, value_name = "FICHIER|BARÈME")]
    bareme: Option<String>,
    /// Remplace les fichiers s'ils existent déjà
    #[arg(long)]
    force: bool,
}

fn document(kind: Kind, args: &DocumentArgs, store: &Path) -> Result<(), Failure> {
    let dossier = load_dossier(&args.file)?;
    let bareme = resolve(args.bareme.as_deref(), &dossier, store)?;
    let as_of = crate::parse_date(args.date.as_deref())?;
    let xlsx = args.output.with_extension("xlsx");
    let existing = files::existing(args.force);
    files::check_free(&kind.files(&args.output), existing)?;
    let pdf = grappe_dossier::suivi::generate(kind, &dossier, &bareme, as_of, as_of);
    // The PDF and its workbook, all or nothing.
    let mut set = vec![(args.output.clone(), pdf.bytes.clone())];
    if let Some(bytes) = grappe_dossier::suivi::workbook(kind, &dossier, &pdf.followup).map_err(Failure::Input)? {
        set.push((xlsx, bytes));
    }
    grappe_dossier::write_set(&set, existing).map_err(|e| Failure::Input(files::FileIoError::from(e).to_string()))?;
    let state = if pdf.draft { "BROUILLON" } else { "définitif" };
    println!(
        "{} écrit : {}, {state}, {} page(s), empreinte {}.",
        args.output.display(),
        kind.title(),
        pdf.pages,
        pdf.fingerprint
    );
    for (path, _) in set.iter().skip(1) {
        println!("{} écrit.", path.display());
    }
    Ok(())
}

pub fn run(command: SuiviCommand, store: &Path) -> Result<(), Failure> {
    match command {
        SuiviCommand::Statut {
            file,
            date,
            bareme,
            json,
        } => {
            let dossier = load_dossier(&file)?;
            let bareme = resolve(bareme.as_deref(), &dossier, store)?;
            let as_of = crate::parse_date(date.as_deref())?;
            if json {
                let view = grappe_usecases::suivi::view_of(&dossier, &bareme, as_of);
                let out = serde_json::json!({ "format": STATUT_FORMAT, "dossier": dossier.name, "suivi": view });
                let text = serde_json::to_string_pretty(&out)
                    .map_err(|e| Failure::Input(format!("sortie JSON impossible : {e}")))?;
                println!("{text}");
                return Ok(());
            }
            let up = follow(&dossier, &bareme, as_of);
            print!("{}", status(&dossier.name, &up));
            print!("{}", report::findings(&up.findings));
            if up.findings.iter().any(|f| f.severity == Severity::Blocking) {
                return Err(Failure::Blocking);
            }
            Ok(())
        }
        SuiviCommand::Etat { document: args } => document(Kind::EtatConsommation, &args, store),
        SuiviCommand::CompteRendu { document: args } => document(Kind::CompteRendu, &args, store),
        SuiviCommand::Solde { document: args } => document(Kind::DemandeSolde, &args, store),
        SuiviCommand::Record(command) => crate::suivi_record::run(command, store),
    }
}

/// The follow-up as text tables.
pub fn status(name: &str, up: &FollowUp) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "{name} — suivi au {} : {}", format_date(up.as_of), up.stage.label());
    let _ = writeln!(w);
    let _ = writeln!(w, "Enveloppes");
    let _ = writeln!(
        w,
        "{:<58} {:>15} {:>15} {:>15} {:>15} {:>9}",
        "", "Attribué", "Reçu", "Dépensé", "Reste", "Consommé"
    );
    for e in &up.enveloppes {
        let _ = writeln!(w, "{} — {}", e.og_name, e.key.label);
        let _ = writeln!(
            w,
            "{:<58} {:>15} {:>15} {:>15} {:>15} {:>9}",
            "",
            e.awarded.fr(),
            e.received.fr(),
            e.spent.fr(),
            format_eur(e.remaining),
            format_percent_or_dash(e.consumed_percent)
        );
    }
    let t = &up.total;
    let _ = writeln!(
        w,
        "{:<58} {:>15} {:>15} {:>15} {:>15} {:>9}",
        "TOTAL",
        t.awarded.fr(),
        t.received.fr(),
        t.spent.fr(),
        format_eur(t.remaining),
        format_percent_or_dash(t.consumed_percent)
    );
    let _ = writeln!(w);
    let _ = writeln!(w, "Versements");
    for p in &up.tranches {
        let when = match p.due {
            Some(d) => format!("dû le {}", format_date(d)),
            None => due_text(None, p.due_on),
        };
        let late = match p.state.remark() {
            "" => String::new(),
            _ if p.overdue => " — EN RETARD".to_string(),
            remark => format!(" — {remark}"),
        };
        let _ = writeln!(
            w,
            "  {} — {} ({when}) : attendu {}, reçu {}, reste {}{late}",
            p.og_name,
            p.label,
            p.expected.fr(),
            p.received.fr(),
            p.outstanding.fr()
        );
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "Cibles d'usage");
    for c in &up.targets {
        let state = match &c.measurable {
            None => "non mesurable (à compléter)".to_string(),
            Some(m) => {
                let unit = match m.unit {
                    Unit::Percent => " %",
                    Unit::Count => "",
                };
                let scope = match m.scope {
                    Scope::Grappe => "grappe",
                    Scope::Essms => "chaque ESSMS",
                };
                let reached = if c.reached { "atteinte" } else { "non atteinte" };
                let latest = c
                    .latest
                    .map(|(d, v)| format!(", dernière mesure {}{unit} le {}", format_number(v), format_date(d)))
                    .unwrap_or_default();
                format!("cible {}{unit} ({scope}) : {reached}{latest}", format_number(m.target))
            }
        };
        let _ = writeln!(w, "  {} : {state}", c.indicator);
    }
    let _ = writeln!(w);
    if up.solde.ready {
        let _ = writeln!(w, "Solde : peut être demandé ({}).", up.solde.amount.fr());
    } else {
        let _ = writeln!(
            w,
            "Solde ({}) : pas encore — {}.",
            up.solde.amount.fr(),
            up.solde.missing.join(" ; ")
        );
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "Compte rendu financier (prévu / réalisé / écart)");
    for g in &up.compte_rendu {
        let flag = match (g.over_threshold, &g.explanation) {
            (true, None) => " — écart à expliquer",
            (true, Some(_)) => " — écart expliqué",
            _ => "",
        };
        let _ = writeln!(
            w,
            "  {} — {} : {} / {} / {} ({}){flag}",
            g.og_name,
            g.enveloppe.label,
            g.prevu.fr(),
            g.realise.fr(),
            format_eur(g.ecart),
            format_percent_or_dash(g.ecart_percent)
        );
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "Échéances");
    for d in &up.deadlines {
        let date = d.date.map(format_date).unwrap_or_else(|| "date à fixer".into());
        let late = if d.overdue { " — dépassée" } else { "" };
        let _ = writeln!(w, "  {date} : {}{late}", d.label);
    }
    let _ = writeln!(w);
    out
}
