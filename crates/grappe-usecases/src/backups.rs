//! Backups of the whole store, as the home screen uses them: a copy written where the user
//! chose (never over a file unasked), the restoration of a backup or of an automatic copy (the
//! current store set aside, never deleted; an older schema migrated), the automatic daily copies
//! made when the store opens, and the reminder when the last copy made elsewhere is old.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use grappe_dossier::Existing;
use serde::Serialize;

use crate::files::files_exist;
use crate::{AppError, Ctx};

/// Days after which the home screen reminds the user to copy the store elsewhere.
pub const REMINDER_DAYS: i64 = 30;

/// A backup, for display.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BackupRow {
    pub path: String,
    /// `23/11/2026` for an automatic copy, `23/11/2026 10:00` for a backup.
    pub at: String,
    /// `12,4 Mo`.
    pub size: String,
    pub sha256: String,
}

/// The backups as the home screen shows them.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BackupStatus {
    /// The last backup made to a place the user chose.
    pub last: Option<BackupRow>,
    /// The automatic copies, newest first, and their folder.
    pub automatic: Vec<BackupRow>,
    pub automatic_folder: String,
    /// Why the user should make a backup now, if they should.
    pub reminder: Option<String>,
}

/// What a restoration did.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Restored {
    /// Where the previous store was set aside.
    pub aside: Option<String>,
    /// The backup's schema, when it was older and migrated.
    #[ts(type = "number | null")]
    pub migrated_from: Option<i64>,
    pub dossiers: u32,
}

/// Where the automatic copies are kept: `sauvegardes/` beside the store.
pub fn automatic_folder(store: &Path) -> PathBuf {
    store.parent().unwrap_or(Path::new(".")).join("sauvegardes")
}

fn size_fr(bytes: u64) -> String {
    let tenths = (bytes * 10).div_ceil(1024 * 1024);
    format!("{},{}\u{a0}Mo", tenths / 10, tenths % 10)
}

fn row(info: &grappe_store::BackupInfo) -> BackupRow {
    BackupRow {
        path: info.path.display().to_string(),
        at: crate::view::local_time(info.at),
        size: size_fr(info.size),
        sha256: info.sha256.clone(),
    }
}

/// A copy of the whole store written to `path` while the app runs; an existing file is
/// replaced only with [`Existing::Replace`] (the UI asks first).
pub fn backup_store(ctx: &Ctx, path: PathBuf, existing: Existing) -> Result<BackupRow, AppError> {
    let replace = existing == Existing::Replace;
    if !replace && path.exists() {
        return Err(files_exist(&[path]));
    }
    let info = ctx.with_store(|s| Ok(s.backup_to(&path, replace)?))?;
    log::info!(
        "sauvegarde du magasin écrite : {} ({} octets)",
        info.path.display(),
        info.size
    );
    Ok(row(&info))
}

/// The backups made and the automatic copies, with the reminder when due (none while the store
/// holds only the samples of a first start).
pub fn backup_status(ctx: &Ctx) -> Result<BackupStatus, AppError> {
    let today = ctx.host.today();
    let (backups, only_samples) = ctx.with_store(|s| Ok((s.backups()?, crate::samples::only_samples(s)?)))?;
    let folder = automatic_folder(&ctx.app.store_path);
    let automatic = grappe_store::automatic_copies(&folder)
        .into_iter()
        .map(|(day, path)| BackupRow {
            size: size_fr(std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)),
            path: path.display().to_string(),
            at: grappe_core::format_date(day),
            sha256: String::new(),
        })
        .collect();
    let last = backups.first();
    let reminder = match last {
        None if only_samples => None,
        None => Some(
            "Aucune sauvegarde hors de cet ordinateur : sauvegardez le magasin sur une clé USB ou un partage."
                .to_string(),
        ),
        Some(b) if (today - b.at.date()).num_days() > REMINDER_DAYS => Some(format!(
            "Dernière sauvegarde hors de cet ordinateur le {} : il y a plus d'un mois. Sauvegardez le magasin.",
            grappe_core::format_date(b.at.date())
        )),
        Some(_) => None,
    };
    Ok(BackupStatus {
        last: last.map(row),
        automatic,
        automatic_folder: folder.display().to_string(),
        reminder,
    })
}

/// Restores a backup (or an automatic copy) in place of the store: checked first (a file that
/// is not a healthy Grappe store is refused and nothing changes), the current store set aside,
/// the store opened again (migrated when older).
pub fn restore_store_backup(ctx: &Ctx, path: PathBuf) -> Result<Restored, AppError> {
    let found = grappe_store::check_backup(&path)?;
    let store_path = ctx.app.store_path.clone();
    let aside = ctx
        .app
        .store
        .reopen_after(&store_path, || Ok(grappe_store::restore_backup(&store_path, &path)?))?;
    // The copy was migrated before it took the store's place.
    let migrated_from = (found < grappe_store::SCHEMA_VERSION).then_some(found);
    let dossiers = ctx.with_store(|s| Ok(s.list()?.len() as u32))?;
    log::warn!(
        "sauvegarde {} restaurée ; ancien magasin mis de côté : {:?}",
        path.display(),
        aside
    );
    Ok(Restored {
        aside: aside.map(|a| a.display().to_string()),
        migrated_from,
        dossiers,
    })
}

/// Today's automatic copy, made when the store opens (at most one a day), then the rotation.
pub(crate) fn automatic_backup(store: &grappe_store::Store, store_path: &Path, today: NaiveDate) {
    match store.automatic_backup(&automatic_folder(store_path), today) {
        Ok(Some(info)) => log::info!("copie automatique du magasin : {}", info.path.display()),
        Ok(None) => {}
        Err(e) => log::warn!("copie automatique du magasin impossible : {e}"),
    }
}
