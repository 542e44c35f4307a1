//! The dossiers: the home screen's list and actions, and the wizard's open/save/history.

use std::path::PathBuf;
use std::sync::Arc;

use grappe_core::model::Dossier;
use grappe_core::{dossier_file, evaluate};
use grappe_dossier::Existing;
use serde::Serialize;

use crate::files::{read_text, write_error};
use crate::view::EvaluationView;
use crate::ErrorCode;
use crate::{AppError, Ctx};

/// One dossier of the home screen's list, amounts French-formatted for display.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DossierRow {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub porteur: String,
    pub campaign: String,
    pub essms_count: u32,
    /// Decimal string (`"462000.00"`).
    pub total: String,
    pub total_fr: String,
    /// `23/11/2026 10:00` for display, and ISO for sorting.
    pub updated_at: String,
    pub updated_iso: String,
    /// « brouillon », « déposé », « attribué » or « soldé ».
    pub stage: String,
    /// What is due next for a followed dossier (`30/06/2026 — Compte rendu financier`), and
    /// whether it is late.
    pub next_deadline: Option<String>,
    pub next_deadline_late: bool,
    /// The name of the dossier this one is a variant of.
    pub variant_of: Option<String>,
    /// The demo dossier of a first start (fictitious data).
    pub sample: bool,
}

pub fn list_dossiers(ctx: &Ctx) -> Result<Vec<DossierRow>, AppError> {
    let today = ctx.host.today();
    let rows = ctx.with_store(|s| Ok(s.list_on(today)?))?;
    let names: std::collections::HashMap<i64, String> = rows.iter().map(|d| (d.id, d.name.clone())).collect();
    Ok(rows
        .into_iter()
        .map(|d| DossierRow {
            sample: d.name == grappe_core::demo::DEMO_NAME,
            variant_of: d.variant_of.and_then(|o| names.get(&o).cloned()),
            id: d.id,
            name: d.name,
            porteur: d.porteur,
            campaign: d.campaign,
            essms_count: d.essms_count,
            total: d.total.to_string(),
            total_fr: d.total.fr(),
            updated_at: d.updated_at.format("%d/%m/%Y %H:%M").to_string(),
            updated_iso: d.updated_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            stage: d.stage,
            next_deadline_late: d.next_deadline.as_ref().is_some_and(|n| n.overdue),
            next_deadline: d.next_deadline.map(|n| {
                format!(
                    "{} — {}",
                    n.date.map(grappe_core::format_date).unwrap_or_default(),
                    n.label
                )
            }),
        })
        .collect())
}

/// A dossier opened in the wizard, with its evaluation.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct OpenedDossier {
    #[ts(type = "number")]
    pub id: i64,
    pub dossier: Dossier,
    pub evaluation: EvaluationView,
    /// The filing date (`dd/mm/yyyy`) once the dossier is filed: the wizard is then read only.
    pub filed_on: Option<String>,
}

fn opened(ctx: &Ctx, id: i64) -> Result<OpenedDossier, AppError> {
    let (dossier, bareme) = ctx.dossier_and_bareme(id)?;
    Ok(OpenedDossier {
        id,
        evaluation: EvaluationView::from(&evaluate(&dossier, &bareme)),
        filed_on: dossier
            .suivi
            .as_ref()
            .and_then(|s| s.filing.as_ref())
            .map(|f| grappe_core::format_date(f.filed_on)),
        dossier,
    })
}

/// A new, empty dossier for the current campaign, filed today.
pub fn new_dossier(ctx: &Ctx) -> Result<i64, AppError> {
    let today = ctx.host.today();
    ctx.with_store(|s| {
        let campaign = s.baremes().for_date(today).id().to_string();
        Ok(s.create(&Dossier::new("Nouvelle grappe", &campaign, today))?)
    })
}

pub fn open_dossier(ctx: &Ctx, id: i64) -> Result<OpenedDossier, AppError> {
    opened(ctx, id)
}

/// The wizard's save: the whole candidature as one version (only the rows that changed are
/// written), and its new evaluation. A filed candidature is read only: it is changed through a
/// variant or a copy, never by the wizard.
pub fn save_dossier(ctx: &Ctx, id: i64, dossier: Dossier, description: String) -> Result<EvaluationView, AppError> {
    let bareme = ctx.with_store(|s| {
        if s.is_filed(id)? {
            return Err(AppError::new(
                ErrorCode::FiledReadOnly,
                "la candidature est déposée : elle ne se modifie plus ; pour la changer, faites-en une variante ou une copie",
            ));
        }
        s.replace(id, &dossier, &description)?;
        Ok(Arc::clone(s.baremes().of(&dossier.campaign)))
    })?;
    Ok(EvaluationView::from(&evaluate(&dossier, &bareme)))
}

pub fn duplicate_dossier(ctx: &Ctx, id: i64) -> Result<i64, AppError> {
    ctx.with_store(|s| Ok(s.duplicate(id)?))
}

pub fn delete_dossier(ctx: &Ctx, id: i64) -> Result<(), AppError> {
    ctx.with_store(|s| Ok(s.delete(id)?))
}

/// A dossier imported, and what became of the barème its file carried.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ImportedDossier {
    #[ts(type = "number")]
    pub id: i64,
    /// In French, when the file's barème was added to the store.
    pub notice: Option<String>,
}

/// Imports a dossier file (`grappe-dossier/6`, or an older version) as a new dossier, with the
/// barème it carries.
pub fn import_dossier(ctx: &Ctx, path: PathBuf) -> Result<ImportedDossier, AppError> {
    if is_archive(&path) {
        let imported = ctx.with_store(|s| Ok(s.import_archive(&path)?))?;
        return Ok(ImportedDossier {
            id: imported.id,
            notice: imported.bareme.notice(),
        });
    }
    let text = read_text(&path)?;
    let mut dossier = dossier_file::from_json(&text).map_err(|e| {
        AppError::new(
            ErrorCode::DossierUnreadable,
            format!("« {} » n'est pas un dossier Grappe lisible : {e}", path.display()),
        )
    })?;
    ctx.with_store(|s| {
        let (id, adoption) = s.create_adopting(&mut dossier)?;
        Ok(ImportedDossier {
            id,
            notice: adoption.notice(),
        })
    })
}

/// A zip file (an archive of a dossier with its pieces), by its first bytes.
fn is_archive(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| magic == *b"PK\x03\x04")
}

/// Writes the dossier file atomically — or, to a `.zip` path, the archive of the dossier with
/// its pieces; an existing file is replaced only with [`Existing::Replace`] (the UI asks first).
pub fn export_dossier(ctx: &Ctx, id: i64, path: PathBuf, existing: Existing) -> Result<(), AppError> {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")) {
        // Written into the temporary file while the store is read; a store error (a piece
        // that no longer matches its SHA-256) stops it, its French message kept.
        return ctx.with_store(|s| {
            grappe_dossier::write_atomic_with(&path, existing, |file| {
                s.export_archive(id, file).map(drop).map_err(std::io::Error::other)
            })
            .map_err(write_error)
        });
    }
    let text = ctx.with_store(|s| Ok(s.export(id)?))?;
    grappe_dossier::write_atomic(&path, text.as_bytes(), existing).map_err(write_error)
}

/// One version of the dossier's history.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct VersionRow {
    #[ts(type = "number")]
    pub version: i64,
    /// Local time, `23/11/2026 10:00:12`.
    pub at: String,
    pub description: String,
}

pub fn dossier_history(ctx: &Ctx, id: i64) -> Result<Vec<VersionRow>, AppError> {
    let versions = ctx.with_store(|s| Ok(s.history(id)?))?;
    Ok(versions
        .into_iter()
        .map(|v| VersionRow {
            version: v.version,
            at: crate::view::local_time(v.at),
            description: v.description,
        })
        .collect())
}

/// Brings back a version (itself recorded as a new version) and reopens the dossier.
pub fn restore_version(ctx: &Ctx, id: i64, version: i64) -> Result<OpenedDossier, AppError> {
    ctx.with_store(|s| Ok(s.restore(id, version)?))?;
    opened(ctx, id)
}
