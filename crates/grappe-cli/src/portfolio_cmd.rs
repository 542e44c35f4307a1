//! `grappe portefeuille`: every dossier of the store at a date (D-PORTFOLIO), one line each with
//! the totals, filtered as in the app's Portefeuille screen; `--json` writes the screen's view
//! (`grappe-portefeuille/2`).

use std::path::Path;

use grappe_usecases::portfolio::{agenda_of, document_of, gather, view_of, PortfolioFilter};

use crate::Failure;

/// The format tag of `grappe portefeuille --json`.
pub const PORTFOLIO_FORMAT: &str = "grappe-portefeuille/2";

/// What to keep in view.
#[derive(Debug, clap::Args)]
pub struct PortfolioArgs {
    /// La date de la situation (AAAA-MM-JJ, aujourd'hui par défaut)
    #[arg(long, value_name = "AAAA-MM-JJ")]
    date: Option<String>,
    /// Seulement les projets de ce client (organisme porteur, nom exact)
    #[arg(long, value_name = "NOM")]
    client: Option<String>,
    /// Seulement ce financeur (« ARS Hauts-de-France », « AAP national (CNSA) »)
    #[arg(long, value_name = "NOM")]
    financeur: Option<String>,
    /// Seulement cette campagne
    #[arg(long, value_name = "CAMPAGNE")]
    campagne: Option<String>,
    /// Seulement cette étape : brouillon, déposé, attribué, soldé
    #[arg(long, value_name = "ÉTAPE")]
    etape: Option<String>,
    /// Seulement les projets où quelque chose est en retard
    #[arg(long)]
    en_retard: bool,
    /// Mots du nom du projet ou du client
    #[arg(long, value_name = "MOTS")]
    recherche: Option<String>,
    /// Montre aussi, en lecture seule, les dossiers (.json, .grappe) et archives (.zip) de ce
    /// dossier partagé (un dossier réseau d'équipe) ; rien n'y est écrit
    #[arg(long, value_name = "DOSSIER")]
    partage: Option<std::path::PathBuf>,
    /// Sortie JSON (format grappe-portefeuille/2, décrit dans le README)
    #[arg(long)]
    json: bool,
    /// Écrit aussi les échéances des projets affichés dans un agenda iCalendar (.ics) qu'Outlook,
    /// Thunderbird ou un téléphone importe ; un nouvel export met à jour les mêmes événements
    #[arg(long, value_name = "FICHIER.ics")]
    ics: Option<std::path::PathBuf>,
    /// Écrit aussi l'état de consommation des enveloppes par projet en PDF, et son classeur Excel
    /// (même nom, .xlsx)
    #[arg(short = 'o', long = "sortie", value_name = "FICHIER.pdf")]
    output: Option<std::path::PathBuf>,
    /// Remplace les fichiers écrits (.ics, PDF, .xlsx) s'ils existent déjà
    #[arg(long)]
    force: bool,
}

pub fn run(args: PortfolioArgs, store: &Path) -> Result<(), Failure> {
    let day = crate::parse_date(args.date.as_deref())?;
    let stages = ["brouillon", "déposé", "attribué", "soldé"];
    if let Some(stage) = args.etape.as_deref().filter(|s| !stages.contains(s)) {
        return Err(Failure::Input(format!(
            "étape « {stage} » inconnue : brouillon, déposé, attribué ou soldé"
        )));
    }
    let filter = PortfolioFilter {
        client: args.client.unwrap_or_default(),
        funder: args.financeur.unwrap_or_default(),
        campaign: args.campagne.unwrap_or_default(),
        stage: args.etape.unwrap_or_default(),
        late_only: args.en_retard,
        search: args.recherche.unwrap_or_default(),
        shared_folder: args.partage.map(|p| p.display().to_string()).unwrap_or_default(),
    };
    if !filter.shared_folder.is_empty() && !Path::new(&filter.shared_folder).is_dir() {
        return Err(Failure::Input(format!(
            "« {} » n'est pas un dossier : indiquez le dossier partagé qui contient les fichiers de dossier",
            filter.shared_folder
        )));
    }
    let s = crate::store_cmd::open(store)?;
    // The enveloppes only for the état par projet.
    let detail = if args.output.is_some() {
        grappe_store::RowDetail::WithEnveloppes
    } else {
        grappe_store::RowDetail::Figures
    };
    let all = gather(&s, day, &filter, detail).map_err(|e| Failure::Input(e.message))?;
    let view = view_of(&all, day, &filter);
    for u in &view.unread {
        eprintln!("Non lu : {} — {}", u.file, u.reason);
    }
    if let Some(path) = &args.ics {
        let (text, projects) = agenda_of(&all, &filter, day);
        crate::write(path, text.as_bytes(), args.force)?;
        let said = format!(
            "{} écrit : {} échéance(s) de {} projet(s).",
            path.display(),
            text.matches("BEGIN:VEVENT").count(),
            projects
        );
        if args.json {
            eprintln!("{said}");
        } else {
            println!("{said}");
        }
    }
    if let Some(pdf) = &args.output {
        let doc = document_of(&all, &filter, day, chrono::Local::now().date_naive()).map_err(Failure::Input)?;
        let xlsx = pdf.with_extension("xlsx");
        grappe_dossier::write_set(
            &[(pdf.clone(), doc.pdf), (xlsx.clone(), doc.workbook)],
            crate::files::existing(args.force),
        )
        .map_err(|e| Failure::Input(crate::files::FileIoError::from(e).to_string()))?;
        let said = format!(
            "{} et {} écrits ({} page(s)).",
            pdf.display(),
            xlsx.display(),
            doc.pages
        );
        if args.json {
            eprintln!("{said}");
        } else {
            println!("{said}");
        }
    }
    if args.json {
        let out = serde_json::json!({ "format": PORTFOLIO_FORMAT, "portefeuille": view });
        let text =
            serde_json::to_string_pretty(&out).map_err(|e| Failure::Input(format!("sortie JSON impossible : {e}")))?;
        println!("{text}");
        return Ok(());
    }
    println!(
        "Portefeuille au {} : {} projet(s) sur {}{}.",
        view.as_of,
        view.totals.projects,
        view.all,
        if view.shared > 0 {
            format!(", dont {} du dossier partagé (lecture seule)", view.shared)
        } else {
            String::new()
        }
    );
    for r in &view.rows {
        let number = r.id.map_or_else(|| "part.".to_string(), |id| id.to_string());
        println!(
            "{:>5}  {:<32} {:<32} {:<22} {:<9} attribué {:>16}  reçu {:>16}  dépensé {:>16}  {:>8}  cibles {:>5}  {}{}",
            number,
            r.name,
            r.client,
            r.funder,
            r.stage,
            r.awarded_fr,
            r.received_fr,
            r.spent_fr,
            r.consumed_fr,
            r.targets_fr,
            r.next_deadline.as_deref().unwrap_or("—"),
            if r.late.is_empty() {
                String::new()
            } else {
                format!("  EN RETARD : {}", r.late.join(" ; "))
            }
        );
    }
    let t = &view.totals;
    println!(
        "TOTAL : demandé {}, attribué {}, reçu {}, dépensé {}, reste {}, consommé {}, cibles {}, {} projet(s) en retard ({} de versements en retard).",
        t.requested_fr,
        t.awarded_fr,
        t.received_fr,
        t.spent_fr,
        t.remaining_fr,
        t.consumed_fr,
        t.targets_fr,
        t.late_projects,
        t.late_amount_fr
    );
    Ok(())
}
