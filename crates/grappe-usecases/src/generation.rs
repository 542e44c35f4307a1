//! The dossier as PDF (and its annexes), written where the user chose, recorded in the store.

use std::path::{Path, PathBuf};

use grappe_dossier::Existing;
use serde::Serialize;

use crate::files::{files_exist, io, write_error};
use crate::ErrorCode;
use crate::{AppError, Ctx};

/// A document generated from the dossier.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DocumentRow {
    pub path: String,
    pub fingerprint: String,
    pub bareme_version: String,
    /// Local time, `23/11/2026 10:00:12`.
    pub generated_at: String,
}

/// What a generation wrote.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Generated {
    pub path: String,
    pub pages: usize,
    /// Blocking findings remain: the PDF is a draft (« BROUILLON »).
    pub draft: bool,
    pub fingerprint: String,
    pub total_fr: String,
    pub annexes: Vec<String>,
}

/// Where the save dialog starts: the documents folder, named after the grappe.
pub fn suggested_pdf_path(ctx: &Ctx, id: i64) -> Result<String, AppError> {
    let name = ctx.with_store(|s| Ok(s.load(id)?.dossier.name))?;
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || " -_'".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = if safe.trim().is_empty() {
        "grappe".to_string()
    } else {
        safe.trim().to_string()
    };
    let dir = ctx.host.documents_dir();
    Ok(dir
        .join(format!("{safe} - candidature ESMS numérique.pdf"))
        .display()
        .to_string())
}

/// Records a document generated from the dossier, so that it can be opened again.
pub(crate) fn record(ctx: &Ctx, id: i64, path: &Path, fingerprint: &str, bareme_version: &str) -> Result<(), AppError> {
    let record = grappe_store::DocumentRecord {
        file_name: path.display().to_string(),
        fingerprint: fingerprint.to_string(),
        bareme_version: bareme_version.to_string(),
        generated_at: chrono::Utc::now().naive_utc(),
    };
    ctx.with_store(|s| Ok(s.record_document(id, &record)?))
}

/// Generates the PDF at `path` (a draft while blocking findings remain) and, when asked, the
/// annexes (CSV and XLSX) in the same folder; records the document.
pub fn generate_dossier(
    ctx: &Ctx,
    id: i64,
    path: PathBuf,
    annexes: bool,
    existing: Existing,
    variants: Option<bool>,
) -> Result<Generated, AppError> {
    if path.as_os_str().is_empty() {
        return Err(AppError::field(
            ErrorCode::PathMissing,
            "choisissez où enregistrer le PDF",
            "path",
        ));
    }
    let path = if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
        path
    } else {
        path.with_extension("pdf")
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    // Never replace a user's file without asking: the UI asks, then calls again with `Replace`.
    let mut targets = vec![path.clone()];
    if annexes {
        targets.extend(grappe_dossier::annexes::paths(dir, &path));
    }
    grappe_dossier::check_free(&targets, existing).map_err(|found| files_exist(&found))?;
    let (dossier, bareme) = ctx.dossier_and_bareme(id)?;
    // The optional annex: the dossier and its variants side by side.
    let comparison = match variants {
        Some(true) => {
            let ids: Vec<i64> = ctx
                .with_store(|s| Ok(s.variants(id)?))?
                .into_iter()
                .map(|(v, _)| v)
                .take(3)
                .collect();
            if ids.is_empty() {
                None
            } else {
                Some(crate::variants::compare_dossiers(
                    ctx,
                    std::iter::once(id).chain(ids).collect(),
                )?)
            }
        }
        _ => None,
    };
    let pdf = grappe_dossier::generate_with(&dossier, &bareme, ctx.host.today(), comparison.as_ref());
    // The PDF and its annexes, all or nothing.
    let mut set = vec![(path.clone(), pdf.bytes.clone())];
    if annexes {
        let built = grappe_dossier::annexes::build(&dossier, &pdf.evaluation).map_err(io)?;
        set.extend(grappe_dossier::annexes::files(dir, &path, built).map_err(write_error)?);
    }
    grappe_dossier::write_set(&set, existing).map_err(write_error)?;
    let written: Vec<PathBuf> = set.into_iter().skip(1).map(|(p, _)| p).collect();
    record(ctx, id, &path, &pdf.fingerprint, &bareme.version)?;
    log::info!("dossier {id} généré : {}", path.display());
    Ok(Generated {
        path: path.display().to_string(),
        pages: pdf.pages,
        draft: pdf.draft,
        fingerprint: pdf.fingerprint,
        total_fr: pdf.evaluation.funding.total.fr(),
        annexes: written.iter().map(|p| p.display().to_string()).collect(),
    })
}

pub fn list_documents(ctx: &Ctx, id: i64) -> Result<Vec<DocumentRow>, AppError> {
    let docs = ctx.with_store(|s| Ok(s.documents(id)?))?;
    Ok(docs
        .into_iter()
        .map(|d| DocumentRow {
            path: d.file_name,
            fingerprint: d.fingerprint,
            bareme_version: d.bareme_version,
            generated_at: crate::view::local_time(d.generated_at),
        })
        .collect())
}

/// Opens a document generated from the dossier with the system's viewer. Only paths recorded
/// as the dossier's documents are opened.
pub fn open_document(ctx: &Ctx, id: i64, path: String) -> Result<(), AppError> {
    let known = ctx.with_store(|s| Ok(s.documents(id)?))?;
    if !known.iter().any(|d| d.file_name == path) {
        return Err(AppError::new(
            ErrorCode::DocumentUnknown,
            "ce document n'a pas été généré par Grappe",
        ));
    }
    if !Path::new(&path).exists() {
        return Err(AppError::new(
            ErrorCode::DocumentMissing,
            format!("« {path} » n'existe plus (déplacé ou supprimé ?)"),
        ));
    }
    ctx.host.open_path(Path::new(&path)).map_err(|e| {
        AppError::new(
            ErrorCode::OpenFailed,
            format!("« {path} » n'a pas pu être ouvert ({e})"),
        )
    })
}
