//! Reference data: its state, search as you type, ESSMS from the FINESS file or from a user's
//! list, and the imports with their reports.

use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use grappe_core::category::Sector;
use grappe_core::model::{Essms, Situation, Solution};
use grappe_store::{RefEtablissement, SearchFilters};
use serde::Serialize;

use crate::ErrorCode;
use crate::{AppError, Ctx};

/// The state of the reference data, for the home screen.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ReferenceStatus {
    /// Date of the FINESS extract (`23/11/2026`), if one was imported.
    pub finess_date: Option<String>,
    #[ts(type = "number")]
    pub etablissements: u64,
    #[ts(type = "number")]
    pub solutions: usize,
    /// The FINESS data is the fictitious sample of a first start, not a real extract.
    pub finess_sample: bool,
}

pub fn reference_status(ctx: &Ctx) -> Result<ReferenceStatus, AppError> {
    ctx.with_store(|store| {
        let extract = store.finess_extract()?;
        Ok(ReferenceStatus {
            finess_date: extract.as_ref().map(|e| grappe_core::format_date(e.extract_date)),
            finess_sample: extract
                .as_ref()
                .is_some_and(|e| e.file_name == crate::samples::SAMPLE_FINESS_NAME),
            etablissements: extract.map_or(0, |e| e.etablissements),
            solutions: store.solutions()?.len(),
        })
    })
}

/// An establishment of the FINESS file, as a search result.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RefRow {
    pub finess_et: String,
    pub finess_ej: String,
    pub name: String,
    pub commune: String,
    pub postcode: String,
    pub departement: String,
    pub category: String,
    pub category_label: String,
    /// An ESSMS (social or medico-social sector), as opposed to a health establishment.
    pub essms: bool,
}

impl From<&RefEtablissement> for RefRow {
    fn from(e: &RefEtablissement) -> Self {
        RefRow {
            finess_et: e.finess_et.clone(),
            finess_ej: e.finess_ej.clone(),
            name: e.display_name(),
            commune: e.commune.clone(),
            postcode: e.postcode.clone(),
            departement: e.departement.clone(),
            category: e.category.clone(),
            category_label: e.category_label.clone(),
            essms: e.is_essms(),
        }
    }
}

/// Search as you type: words of the name or commune, FINESS numbers, postcodes. Returns null
/// for a search overtaken by a newer one before it could run (the user typed on): only the
/// latest query costs time.
pub fn search_finess(
    ctx: &Ctx,
    text: String,
    departement: Option<String>,
    sector: Option<Sector>,
    limit: Option<usize>,
) -> Result<Option<Vec<RefRow>>, AppError> {
    let mine = ctx.app.search_seq.fetch_add(1, Ordering::SeqCst) + 1;
    let filters = SearchFilters {
        departement: departement.filter(|d| !d.trim().is_empty()),
        sector,
    };
    let found = ctx.with_store(|s| {
        if ctx.app.search_seq.load(Ordering::SeqCst) != mine {
            return Ok(None);
        }
        Ok(Some(s.search(&text, &filters, limit.unwrap_or(30).min(200))?))
    })?;
    Ok(found.map(|rows| rows.iter().map(RefRow::from).collect()))
}

/// Every establishment of an entité juridique (to add all the ESSMS of an OG).
pub fn etablissements_of_ej(ctx: &Ctx, finess_ej: String) -> Result<Vec<RefRow>, AppError> {
    let found = ctx.with_store(|s| Ok(s.etablissements_of_ej(finess_ej.trim())?))?;
    Ok(found.iter().map(RefRow::from).collect())
}

/// New ESSMS of a dossier, filled from the FINESS file.
pub fn essms_from_reference(ctx: &Ctx, finess_ets: Vec<String>, situation: Situation) -> Result<Vec<Essms>, AppError> {
    ctx.with_store(|s| {
        let mut out = Vec::with_capacity(finess_ets.len());
        for number in &finess_ets {
            let found = s.etablissement(number)?.ok_or_else(|| {
                AppError::new(
                    ErrorCode::FinessUnknown,
                    format!("FINESS « {number} » absent du fichier FINESS importé"),
                )
            })?;
            out.push(found.to_essms(situation));
        }
        Ok(out)
    })
}

/// A user's list of ESSMS, read against the FINESS file: what can be added and what cannot.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct EssmsListView {
    pub found: Vec<RefRow>,
    pub unknown: Vec<String>,
    pub rejected: Vec<RejectedRow>,
    pub duplicates: Vec<String>,
    /// « 3 numéros … ont retrouvé le zéro initial … », when a spreadsheet had dropped some.
    pub repaired: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RejectedRow {
    #[ts(type = "number")]
    pub line: u64,
    pub reason: String,
}

pub(crate) fn rejected(lines: &[grappe_store::RejectedLine]) -> Vec<RejectedRow> {
    lines
        .iter()
        .map(|r| RejectedRow {
            line: r.line,
            reason: r.reason.clone(),
        })
        .collect()
}

pub fn read_essms_list(ctx: &Ctx, path: PathBuf) -> Result<EssmsListView, AppError> {
    let report = ctx.with_store(|s| Ok(s.essms_list(&path)?))?;
    Ok(EssmsListView {
        found: report.found.iter().map(RefRow::from).collect(),
        unknown: report.unknown,
        rejected: rejected(&report.rejected),
        duplicates: report.duplicates,
        repaired: grappe_store::reference::finess_file::repaired_sentence(u64::from(report.repaired)),
    })
}

/// What an import did, for its report.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ImportReport {
    /// One French sentence.
    pub summary: String,
    #[ts(type = "number")]
    pub rejected_count: u64,
    /// The first rejected lines, with their number and reason.
    pub rejected: Vec<RejectedRow>,
    /// Lines kept with something to check (a field a spreadsheet destroyed, a date guessed).
    pub warnings: Vec<RejectedRow>,
}

/// Imports a FINESS extract, sending its progress (percent) on `progress`.
pub fn import_finess(ctx: &Ctx, path: PathBuf) -> Result<ImportReport, AppError> {
    let mut last = u32::MAX;
    let report = ctx.with_store(|s| {
        Ok(s.import_finess(&path, &mut |p| {
            let percent = u32::try_from(p.percent()).unwrap_or(100);
            if percent != last {
                last = percent;
                ctx.host.progress(percent);
            }
            ControlFlow::Continue(())
        })?)
    })?;
    log::info!("FINESS importé depuis {}", path.display());
    let mut summary = format!(
        "Fichier FINESS du {} importé : {} établissements, {} ligne(s) rejetée(s).",
        grappe_core::format_date(report.extract_date),
        report.etablissements,
        report.rejected_count
    );
    if let Some(sentence) = grappe_store::reference::finess_file::repaired_sentence(report.repaired) {
        summary.push(' ');
        summary.push_str(&sentence);
    }
    Ok(ImportReport {
        summary,
        rejected_count: report.rejected_count,
        rejected: rejected(&report.rejected),
        warnings: rejected(&report.warnings),
    })
}

pub fn import_solutions(ctx: &Ctx, path: PathBuf) -> Result<ImportReport, AppError> {
    let report = ctx.with_store(|s| Ok(s.import_solutions(&path)?))?;
    Ok(ImportReport {
        summary: format!(
            "{} solution(s) importée(s), {} ligne(s) rejetée(s).",
            report.imported,
            report.rejected.len()
        ),
        rejected_count: report.rejected.len() as u64,
        rejected: rejected(&report.rejected),
        warnings: Vec::new(),
    })
}

/// A référencé solution, to pick in the wizard.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SolutionRow {
    pub label: String,
    pub dispositif: String,
    /// « du 15/03/2024 au 14/03/2027 » or « depuis le 15/03/2024 ».
    pub validity: String,
    pub solution: Solution,
}

pub fn list_solutions(ctx: &Ctx) -> Result<Vec<SolutionRow>, AppError> {
    let solutions = ctx.with_store(|s| Ok(s.solutions()?))?;
    Ok(solutions
        .iter()
        .map(|s| SolutionRow {
            label: format!("{} — {} {}", s.editeur, s.solution, s.version),
            dispositif: s.dispositif.clone(),
            validity: match s.valid_until {
                Some(until) => format!(
                    "du {} au {}",
                    grappe_core::format_date(s.referenced_on),
                    grappe_core::format_date(until)
                ),
                None => format!("depuis le {}", grappe_core::format_date(s.referenced_on)),
            },
            solution: s.to_model(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::path::{Path, PathBuf};
    use std::sync::atomic::Ordering;
    use std::sync::Arc;

    use crate::{App, Ctx, Host};

    struct NoDesktop;
    impl Host for NoDesktop {
        fn progress(&self, _: u32) {}
        fn open_path(&self, _: &Path) -> Result<(), String> {
            Err("pas de bureau".into())
        }
        fn documents_dir(&self) -> PathBuf {
            PathBuf::from(".")
        }
    }

    #[test]
    fn a_search_overtaken_by_a_newer_one_before_it_runs_returns_none() {
        let dir = tempfile::tempdir().unwrap();
        let app = Arc::new(App::new(dir.path().join("grappe.sqlite")));
        // Both searches wait for the store; by the time it is open, the first is outdated.
        let search = |text: &'static str, seq: u64| {
            let app2 = Arc::clone(&app);
            let handle = std::thread::spawn(move || {
                let ctx = Ctx {
                    app: &app2,
                    host: &NoDesktop,
                };
                super::search_finess(&ctx, text.into(), None, None, None).unwrap()
            });
            while app.search_seq.load(Ordering::SeqCst) < seq {
                std::thread::yield_now();
            }
            handle
        };
        let older = search("coq", 1);
        let newer = search("coquelicots marchiennes", 2);
        app.open_store();
        assert!(older.join().unwrap().is_none());
        assert_eq!(newer.join().unwrap().unwrap()[0].finess_et, "590000006");
    }
}
