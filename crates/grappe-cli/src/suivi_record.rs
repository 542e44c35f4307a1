//! `grappe suivi depot|attribution|versement|depense|…`: what the Suivi screens record, from the
//! command line, with the app's own use cases (the same checks, the same messages). On a store
//! dossier (`--id`, with `--store`) each command is one version of its history; on a dossier
//! file, the file is read into a temporary store, changed there, and written back in place,
//! atomically (its `format` the current one).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};
use grappe_core::bareme::Due;
use grappe_core::suivi::naming::{find_enveloppe, find_one};
use grappe_core::suivi::{AccountRule, AmountBasis, EnveloppeKey, Scope, Unit};
use grappe_store::Store;
use grappe_usecases::suivi::{self as uc, SuiviView};
use grappe_usecases::{App, AppError, Ctx, Host};

use crate::{files, Failure, HELP_TEMPLATE};

/// Which dossier a command records into.
#[derive(Debug, clap::Args)]
pub struct Target {
    /// Fichier dossier (.json), complété sur place ; ou --id pour un dossier du magasin
    #[arg(value_name = "FICHIER", required_unless_present = "id")]
    file: Option<PathBuf>,
    /// Numéro du dossier dans le magasin (grappe store list), au lieu d'un fichier
    #[arg(long, value_name = "N", conflicts_with = "file")]
    id: Option<i64>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TrancheArg {
    /// Au démarrage du projet
    Demarrage,
    /// À l'atteinte des cibles d'usage
    Cibles,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum UnitArg {
    Pourcent,
    Nombre,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ScopeArg {
    Grappe,
    Essms,
}

#[derive(Debug, Subcommand)]
pub enum RecordCommand {
    /// Enregistre le dépôt du dossier à une date : la candidature est figée
    #[command(help_template = HELP_TEMPLATE)]
    Depot {
        #[command(flatten)]
        target: Target,
        /// Date du dépôt (JJ/MM/AAAA ou AAAA-MM-JJ)
        #[arg(long)]
        date: String,
    },
    /// Liste les lignes demandées (numérotées pour --ligne) et les enveloppes (avec leur identifiant)
    #[command(help_template = HELP_TEMPLATE)]
    Lignes {
        #[command(flatten)]
        target: Target,
    },
    /// Enregistre l'attribution : décision, convention, et les lignes accordées autrement que demandé
    #[command(help_template = HELP_TEMPLATE)]
    Attribution {
        #[command(flatten)]
        target: Target,
        #[arg(long, value_name = "RÉFÉRENCE")]
        decision: String,
        #[arg(long = "date-decision", value_name = "DATE")]
        decision_date: Option<String>,
        #[arg(long, value_name = "RÉFÉRENCE")]
        convention: String,
        #[arg(long = "date-convention", value_name = "DATE")]
        convention_date: Option<String>,
        /// Une ligne accordée autrement que demandé : son numéro (grappe suivi lignes) et le
        /// montant, « 3=33 333,33 » ; répétable
        #[arg(long = "ligne", value_name = "N=MONTANT")]
        lines: Vec<String>,
    },
    /// Enregistre un versement reçu par un organisme
    #[command(help_template = HELP_TEMPLATE)]
    Versement {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        date: String,
        #[arg(long, value_name = "MONTANT")]
        montant: String,
        /// FINESS EJ de l'organisme qui l'a reçu
        #[arg(long, value_name = "FINESS_EJ")]
        og: String,
        #[arg(long, default_value = "")]
        reference: String,
        #[arg(long, value_enum)]
        tranche: Option<TrancheArg>,
        /// Enregistre même si un versement identique existe déjà
        #[arg(long)]
        doublon: bool,
    },
    /// Enregistre une dépense sur une enveloppe (son identifiant ou des mots de son libellé)
    #[command(help_template = HELP_TEMPLATE)]
    Depense {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        date: String,
        #[arg(long, value_name = "MONTANT")]
        montant: String,
        #[arg(long)]
        enveloppe: String,
        /// FINESS EJ, pour choisir parmi les enveloppes de cet organisme
        #[arg(long, value_name = "FINESS_EJ")]
        og: Option<String>,
        #[arg(long, default_value = "")]
        fournisseur: String,
        #[arg(long, default_value = "")]
        reference: String,
        #[arg(long, value_name = "FINESS_ET")]
        essms: Option<String>,
        /// Un avoir : son montant réduit la dépense
        #[arg(long)]
        avoir: bool,
        #[arg(long)]
        doublon: bool,
    },
    /// Affecte un compte (ou un préfixe) à une enveloppe pour les imports comptables ; gardé avec le dossier
    #[command(help_template = HELP_TEMPLATE)]
    Affectation {
        #[command(flatten)]
        target: Target,
        /// Numéro de compte ou préfixe (2051, 6156…)
        #[arg(long)]
        compte: String,
        #[arg(long)]
        enveloppe: String,
        #[arg(long, value_name = "FINESS_EJ")]
        og: Option<String>,
        #[arg(long, default_value = "")]
        journal: String,
        #[arg(long, default_value = "")]
        tiers: String,
        /// Mots que le libellé de l'écriture doit contenir
        #[arg(long, default_value = "")]
        libelle: String,
        #[arg(long, value_name = "FINESS_ET")]
        essms: Option<String>,
        /// Reprend les montants HT (TTC par défaut)
        #[arg(long)]
        ht: bool,
    },
    /// Importe des dépenses : un FEC ou un grand livre (avec l'affectation du dossier), ou un tableau
    #[command(name = "import-depenses", help_template = HELP_TEMPLATE)]
    ImportDepenses {
        #[command(flatten)]
        target: Target,
        /// L'export comptable (FEC .txt, grand livre .csv/.xlsx/.ods) ou le tableau de dépenses
        #[arg(long = "depuis", value_name = "EXPORT")]
        export: PathBuf,
        /// Montre ce qui serait repris, sans rien enregistrer
        #[arg(long)]
        apercu: bool,
    },
    /// Rend une cible d'usage mesurable : valeur, unité, périmètre
    #[command(help_template = HELP_TEMPLATE)]
    Cible {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        indicateur: String,
        #[arg(long)]
        valeur: String,
        #[arg(long, value_enum)]
        unite: UnitArg,
        #[arg(long, value_enum)]
        perimetre: ScopeArg,
    },
    /// Enregistre une mesure d'une cible
    #[command(help_template = HELP_TEMPLATE)]
    Mesure {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        indicateur: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        valeur: String,
        #[arg(long, value_name = "FINESS_ET")]
        essms: Option<String>,
        #[arg(long, default_value = "")]
        source: String,
    },
    /// Importe des mesures d'un tableau (indicateur, date, valeur ; FINESS ET ; source)
    #[command(name = "import-mesures", help_template = HELP_TEMPLATE)]
    ImportMesures {
        #[command(flatten)]
        target: Target,
        /// Le tableau des mesures (.csv, .xlsx, .ods)
        #[arg(long = "depuis", value_name = "TABLEAU")]
        table: PathBuf,
    },
    /// Explique l'écart d'une enveloppe (compte rendu financier)
    #[command(help_template = HELP_TEMPLATE)]
    Explication {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        enveloppe: String,
        #[arg(long, value_name = "FINESS_EJ")]
        og: Option<String>,
        #[arg(long)]
        texte: String,
    },
    /// Enregistre la date d'envoi de la demande de versement du solde
    #[command(name = "solde-envoye", help_template = HELP_TEMPLATE)]
    SoldeEnvoye {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        date: String,
    },
}

/// The host of the use cases when run from the command line.
struct Terminal;

impl Host for Terminal {
    fn progress(&self, _percent: u32) {}
    fn open_path(&self, path: &Path) -> Result<(), String> {
        Err(format!("ouvrez « {} » vous-même", path.display()))
    }
    fn documents_dir(&self) -> PathBuf {
        PathBuf::from(".")
    }
}

fn failed(e: AppError) -> Failure {
    match e.field {
        Some(field) => Failure::Input(format!("{} ({field})", e.message)),
        None => Failure::Input(e.message),
    }
}

/// A date typed JJ/MM/AAAA or AAAA-MM-JJ; a year of two digits refused.
fn day(text: &str, what: &str) -> Result<NaiveDate, Failure> {
    let t = text.trim();
    grappe_core::money::iso_date::parse(t)
        .ok()
        .or_else(|| {
            let parts: Vec<&str> = t.split('/').collect();
            (parts.len() == 3 && parts[2].len() == 4)
                .then(|| NaiveDate::parse_from_str(t, "%d/%m/%Y").ok())
                .flatten()
        })
        .ok_or_else(|| {
            Failure::Input(format!(
                "--{what} : « {t} » n'est pas une date (JJ/MM/AAAA ou AAAA-MM-JJ)"
            ))
        })
}

/// Runs `f` on the dossier named by `target`; a file is written back when `f` changed it.
fn on_dossier<T>(
    target: &Target,
    store_path: &Path,
    f: impl FnOnce(&Ctx, i64) -> Result<T, AppError>,
) -> Result<T, Failure> {
    let host = Terminal;
    match (&target.file, target.id) {
        (_, Some(id)) => {
            let store = Store::open(store_path).map_err(|e| Failure::Input(e.to_string()))?;
            let app = App::over(store_path.to_path_buf(), store);
            f(&Ctx { app: &app, host: &host }, id).map_err(failed)
        }
        (Some(file), None) => {
            let text = files::read_text(file).map_err(|e| Failure::Input(e.to_string()))?;
            let dir = tempfile::tempdir().map_err(|e| Failure::Input(format!("dossier temporaire : {e}")))?;
            let path = dir.path().join("grappe.sqlite");
            let mut store = Store::open(&path).map_err(|e| Failure::Input(e.to_string()))?;
            let id = store
                .import(&text, None)
                .map_err(|e| Failure::Input(format!("{} : {e}", file.display())))?;
            let version = store.load(id).map_err(|e| Failure::Input(e.to_string()))?.version;
            let app = App::over(path, store);
            let out = f(&Ctx { app: &app, host: &host }, id).map_err(failed)?;
            let changed = app
                .with_store(|s| Ok((s.load(id)?.version != version).then(|| s.export(id)).transpose()?))
                .map_err(failed)?;
            if let Some(text) = changed {
                files::write_atomic(file, text.as_bytes(), true).map_err(|e| Failure::Input(e.to_string()))?;
            }
            Ok(out)
        }
        (None, None) => Err(Failure::Input("indiquez un fichier dossier ou --id".into())),
    }
}

/// Says what was recorded, and the new points of attention about it.
fn said(view: &SuiviView) {
    if let Some(change) = &view.last_change {
        println!("Enregistré : {change}.");
    }
    let warnings = view.findings.iter().filter(|f| f.severity != "info").count();
    if warnings > 0 {
        println!("{warnings} point(s) d'attention : grappe suivi statut pour les voir.");
    }
}

/// The award's enveloppes with the name shown for each (« label (OG) »).
fn enveloppes(view: &SuiviView) -> Vec<(EnveloppeKey, String)> {
    view.enveloppes
        .iter()
        .map(|e| (e.key.clone(), format!("{} ({})", e.key.label, e.og_name)))
        .collect()
}

fn enveloppe(ctx: &Ctx, id: i64, typed: &str, og: Option<&str>) -> Result<EnveloppeKey, AppError> {
    let view = uc::suivi_view(ctx, id, None)?;
    find_enveloppe(typed, og, &enveloppes(&view))
        .map_err(|m| AppError::field(grappe_usecases::ErrorCode::EnveloppeUnknown, m, "enveloppe"))
}

/// The usage target a user named by words of its indicator.
fn indicator(ctx: &Ctx, id: i64, typed: &str) -> Result<String, AppError> {
    let view = uc::suivi_view(ctx, id, None)?;
    find_one(typed, &view.targets, |t| &t.indicator, "indicateur")
        .map(|t| t.indicator.clone())
        .map_err(|m| AppError::new(grappe_usecases::ErrorCode::TargetUnknown, m))
}

pub fn run(command: RecordCommand, store: &Path) -> Result<(), Failure> {
    use RecordCommand as C;
    match command {
        C::Depot { target, date } => {
            let filed_on = day(&date, "date")?;
            said(&on_dossier(&target, store, |ctx, id| {
                uc::mark_filed(ctx, id, filed_on)
            })?);
        }
        C::Lignes { target } => {
            let view = on_dossier(&target, store, |ctx, id| uc::suivi_view(ctx, id, None))?;
            println!("Lignes demandées");
            for (n, l) in view.requested.iter().enumerate() {
                println!(
                    "  {:>3}  {} — {} ({}) : {}",
                    n + 1,
                    l.line.rule,
                    l.line.label,
                    l.og_name,
                    l.requested_fr
                );
            }
            let keys: Vec<EnveloppeKey> = view.enveloppes.iter().map(|e| e.key.clone()).collect();
            if !keys.is_empty() {
                println!("Enveloppes");
                for e in &view.enveloppes {
                    println!("  {}  {} — {}", e.key.id(&keys), e.og_name, e.short);
                }
            }
        }
        C::Attribution {
            target,
            decision,
            decision_date,
            convention,
            convention_date,
            lines,
        } => {
            let decision_date = decision_date.map(|d| day(&d, "date-decision")).transpose()?;
            let convention_date = convention_date.map(|d| day(&d, "date-convention")).transpose()?;
            let view = on_dossier(&target, store, |ctx, id| {
                let requested = uc::suivi_view(ctx, id, None)?.requested;
                let mut granted = Vec::new();
                for l in &lines {
                    let (n, amount) = l.split_once('=').ok_or_else(|| {
                        AppError::new(
                            grappe_usecases::ErrorCode::BadNumber,
                            format!("--ligne « {l} » : N=MONTANT attendu"),
                        )
                    })?;
                    let line = n
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .and_then(|n| requested.get(n.wrapping_sub(1)))
                        .ok_or_else(|| {
                            AppError::new(
                                grappe_usecases::ErrorCode::BadNumber,
                                format!("--ligne « {l} » : pas de ligne n°{} (grappe suivi lignes)", n.trim()),
                            )
                        })?;
                    granted.push(uc::GrantedLine {
                        line: line.line.clone(),
                        granted: amount.trim().to_string(),
                    });
                }
                uc::record_award(
                    ctx,
                    id,
                    uc::AwardInput {
                        decision_reference: decision,
                        decision_date,
                        convention_reference: convention,
                        convention_date,
                        granted,
                    },
                )
            })?;
            said(&view);
        }
        C::Versement {
            target,
            date,
            montant,
            og,
            reference,
            tranche,
            doublon,
        } => {
            let date = day(&date, "date")?;
            let view = on_dossier(&target, store, |ctx, id| {
                uc::add_payment(
                    ctx,
                    id,
                    uc::PaymentInput {
                        date,
                        amount: montant,
                        reference,
                        og,
                        tranche: tranche.map(|t| match t {
                            TrancheArg::Demarrage => Due::ProjectStart,
                            TrancheArg::Cibles => Due::UsageTargets,
                        }),
                        duplicate_ok: doublon,
                    },
                )
            })?;
            said(&view);
            if let Some(p) = view.payments.last() {
                println!("Réparti : {}.", p.split);
            }
        }
        C::Depense {
            target,
            date,
            montant,
            enveloppe: typed,
            og,
            fournisseur,
            reference,
            essms,
            avoir,
            doublon,
        } => {
            let date = day(&date, "date")?;
            said(&on_dossier(&target, store, |ctx, id| {
                let key = enveloppe(ctx, id, &typed, og.as_deref())?;
                uc::add_expense(
                    ctx,
                    id,
                    uc::ExpenseInput {
                        date,
                        supplier: fournisseur,
                        reference,
                        amount: montant,
                        enveloppe: Some(key),
                        essms,
                        credit_note: Some(avoir),
                        duplicate_ok: doublon,
                    },
                )
            })?);
        }
        C::Affectation {
            target,
            compte,
            enveloppe: typed,
            og,
            journal,
            tiers,
            libelle,
            essms,
            ht,
        } => {
            said(&on_dossier(&target, store, |ctx, id| {
                let key = enveloppe(ctx, id, &typed, og.as_deref())?;
                let mut mapping = uc::accounting_mapping(ctx, id)?;
                let rule = AccountRule {
                    account: compte.trim().to_string(),
                    journal,
                    third_party: tiers,
                    label_words: libelle,
                    enveloppe: key,
                    essms,
                };
                // The same conditions again: the rule is replaced, not added twice.
                mapping.rules.retain(|r| {
                    (&r.account, &r.journal, &r.third_party, &r.label_words)
                        != (&rule.account, &rule.journal, &rule.third_party, &rule.label_words)
                });
                mapping.rules.push(rule);
                mapping.basis = if ht { AmountBasis::Ht } else { AmountBasis::Ttc };
                uc::set_accounting_mapping(ctx, id, mapping)
            })?);
        }
        C::ImportDepenses { target, export, apercu } => {
            let report = on_dossier(&target, store, |ctx, id| {
                let accounting = grappe_store::accounting::read_accounting(&export);
                match accounting {
                    Err(grappe_store::StoreError::Import { message, .. }) if message.starts_with("ni un FEC") => {
                        if apercu {
                            return Ok((
                                "Aperçu : un tableau de dépenses est importé tel quel.".to_string(),
                                Vec::new(),
                            ));
                        }
                        let r = uc::import_expenses(ctx, id, export.clone(), None)?;
                        Ok((r.summary, r.rejected.into_iter().map(|r| (r.line, r.reason)).collect()))
                    }
                    Err(e) => Err(e.into()),
                    Ok(_) => {
                        let mapping = uc::accounting_mapping(ctx, id)?;
                        if mapping.rules.is_empty() {
                            return Err(AppError::new(
                                grappe_usecases::ErrorCode::EnveloppeUnknown,
                                "aucun compte n'est encore affecté à une enveloppe : grappe suivi affectation --compte … --enveloppe …",
                            ));
                        }
                        let p = uc::accounting_preview(ctx, id, export.clone(), Some(mapping.clone()))?;
                        if apercu {
                            let mut lines: Vec<(u64, String)> = p
                                .left_out
                                .iter()
                                .map(|x| {
                                    (
                                        x.first_line,
                                        format!(
                                            "compte {} : {} — {} ligne(s), {}",
                                            x.account, x.reason, x.lines, x.amount_fr
                                        ),
                                    )
                                })
                                .collect();
                            lines.insert(
                                0,
                                (
                                    0,
                                    format!(
                                        "{} dépense(s) seraient reprises pour {}, {} déjà importée(s).",
                                        p.taken_count, p.taken_total_fr, p.already
                                    ),
                                ),
                            );
                            return Ok((
                                format!("Aperçu de « {} » ({}) : rien n'est enregistré.", p.file_name, p.kind),
                                lines,
                            ));
                        }
                        let r = uc::import_accounting(ctx, id, export.clone(), mapping)?;
                        Ok((r.summary, r.rejected.into_iter().map(|r| (r.line, r.reason)).collect()))
                    }
                }
            })?;
            println!("{}", report.0);
            for (line, reason) in report.1 {
                if line == 0 {
                    println!("  {reason}");
                } else {
                    println!("  ligne {line} : {reason}");
                }
            }
        }
        C::Cible {
            target,
            indicateur,
            valeur,
            unite,
            perimetre,
        } => {
            said(&on_dossier(&target, store, |ctx, id| {
                let indicator = indicator(ctx, id, &indicateur)?;
                uc::set_indicator(
                    ctx,
                    id,
                    uc::IndicatorInput {
                        indicator,
                        target: valeur,
                        unit: match unite {
                            UnitArg::Pourcent => Unit::Percent,
                            UnitArg::Nombre => Unit::Count,
                        },
                        scope: match perimetre {
                            ScopeArg::Grappe => Scope::Grappe,
                            ScopeArg::Essms => Scope::Essms,
                        },
                    },
                )
            })?);
        }
        C::Mesure {
            target,
            indicateur,
            date,
            valeur,
            essms,
            source,
        } => {
            let date = day(&date, "date")?;
            said(&on_dossier(&target, store, |ctx, id| {
                let indicator = indicator(ctx, id, &indicateur)?;
                uc::add_measurement(
                    ctx,
                    id,
                    uc::MeasurementInput {
                        indicator,
                        essms,
                        date,
                        value: valeur,
                        source,
                    },
                )
            })?);
        }
        C::ImportMesures { target, table } => {
            let r = on_dossier(&target, store, |ctx, id| uc::import_measurements(ctx, id, table))?;
            println!("{}", r.summary);
            for x in r.rejected {
                println!("  ligne {} : {}", x.line, x.reason);
            }
        }
        C::Explication {
            target,
            enveloppe: typed,
            og,
            texte,
        } => {
            said(&on_dossier(&target, store, |ctx, id| {
                let key = enveloppe(ctx, id, &typed, og.as_deref())?;
                uc::set_explanation(ctx, id, key, texte)
            })?);
        }
        C::SoldeEnvoye { target, date } => {
            let sent = day(&date, "date")?;
            said(&on_dossier(&target, store, |ctx, id| {
                uc::set_solde_requested(ctx, id, Some(sent))
            })?);
        }
    }
    Ok(())
}
