//! Dossier files and archives in a folder a team shares (a network folder), shown in le
//! portefeuille beside the store's projects, **read only**: each file is read with the bounds
//! of an import (its size, an archive's manifest and entries) and followed with the barème it
//! carries, and nothing is written — not to the store, not to the folder. A file that does not
//! read is listed with its reason; the others are shown.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use grappe_core::model::CarriedError;
use grappe_core::portfolio::ProjectRow;
use grappe_core::{Bareme, Dossier};
use grappe_store::Baremes;
use serde::Serialize;

/// The files of one folder read at most: a team's dossiers number in the tens or hundreds.
pub const MAX_SHARED_FILES: usize = 1000;

/// A file of the folder that was not shown, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct UnreadFile {
    pub file: String,
    pub reason: String,
}

/// What a shared folder holds at a date.
#[derive(Debug, Clone, Default)]
pub struct SharedRead {
    /// Each dossier read, by file, in the order of their names.
    pub projects: Vec<(PathBuf, ProjectRow)>,
    pub unread: Vec<UnreadFile>,
}

/// Whether Grappe reads `path` as a dossier: a dossier file (`.json`, `.grappe`) or an
/// archive with its pieces (`.zip`); hidden files and office lock files are not.
fn is_candidate(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    !name.starts_with('.') && !name.starts_with("~$") && ["json", "grappe", "zip"].contains(&ext.as_str())
}

/// The dossier files and archives of `folder` (not its sub-folders) at `day`.
pub fn read(folder: &Path, baremes: &Baremes, day: NaiveDate) -> SharedRead {
    let mut out = SharedRead::default();
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) => {
            out.unread.push(UnreadFile {
                file: folder.display().to_string(),
                reason: format!("le dossier partagé ne se lit pas ({e})"),
            });
            return out;
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_candidate(p))
        .collect();
    files.sort();
    if files.len() > MAX_SHARED_FILES {
        out.unread.push(UnreadFile {
            file: folder.display().to_string(),
            reason: format!(
                "{} fichiers de dossier : seuls les {MAX_SHARED_FILES} premiers (par nom) sont lus",
                files.len()
            ),
        });
        files.truncate(MAX_SHARED_FILES);
    }
    for path in files {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        match dossier_of(&path).and_then(|d| Ok((bareme_for(&d, baremes)?, d))) {
            Ok((bareme, dossier)) => out.projects.push((path, ProjectRow::of(&dossier, &bareme, day))),
            Err(reason) => out.unread.push(UnreadFile { file, reason }),
        }
    }
    out
}

/// The dossier of a file: an archive's, or a dossier file's.
fn dossier_of(path: &Path) -> Result<Dossier, String> {
    let zip = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if zip {
        return grappe_store::archive_dossier(path).map_err(|e| e.to_string());
    }
    let text = crate::files::read_text(path).map_err(|e| e.message)?;
    grappe_core::dossier_file::from_json(&text).map_err(|e| format!("ce n'est pas un dossier Grappe lisible : {e}"))
}

/// The barème the dossier is followed with: the one its file carries (checked), else the
/// store's barème of its campaign — as an import would take it, without adopting anything.
fn bareme_for(d: &Dossier, baremes: &Baremes) -> Result<Arc<Bareme>, String> {
    let Some(carried) = &d.bareme else {
        return Ok(Arc::clone(baremes.of(&d.campaign)));
    };
    match carried.check(&d.campaign) {
        Ok(Some(b)) => Ok(Arc::new(b)),
        Ok(None) => Ok(Arc::clone(baremes.default_bareme())),
        Err(CarriedError::Unknown { .. })
            if baremes
                .get(&d.campaign)
                .is_some_and(|b| b.fingerprint() == carried.sha256) =>
        {
            Ok(Arc::clone(baremes.of(&d.campaign)))
        }
        Err(e) => Err(e.to_string()),
    }
}
