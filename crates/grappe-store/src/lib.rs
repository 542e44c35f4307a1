//! Grappe's local store: many dossiers in one SQLite file.
//!
//! - Every write is one immediate transaction (`write.rs`, the only write path; another Grappe
//!   process writing the same file is waited for), and one version in the dossier's history: what changed
//!   (each row before and after) and when. Any of the last 50 versions can be restored, and a
//!   restore is itself a new version.
//! - Saves are fine-grained: editing one ESSMS rewrites that ESSMS's row, not the dossier.
//! - Opening never writes to a file it has not recognised as a healthy Grappe store of a schema
//!   it knows; an older schema is backed up, then migrated.
//! - No rusqlite type appears in the public API.

pub mod accounting;
pub mod app_folders;
mod archive;
mod backup;
mod bareme_set;
mod baremes;
mod disk;
mod dossiers;
mod error;
mod history;
mod leftovers;
mod loaded;
mod open;
mod projects;
pub mod reference;
mod rows;
mod schema_check;
mod suivi;
mod suivi_import;
pub mod text_encoding;
mod time;
mod variants;
mod write;
mod zip_bounds;

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use grappe_core::Amount;
use rusqlite::Connection;
use serde::Serialize;

pub use archive::{archive_dossier, ArchiveImport, ARCHIVE_FORMAT};
pub use backup::{automatic_copies, check_backup, kept, restore_backup, BackupInfo, DAILY_COPIES, WEEKLY_COPIES};
pub use bareme_set::Baremes;
pub use baremes::{Adoption, BaremeInfo};
pub use error::StoreError;
pub use open::{set_aside, Opened, APPLICATION_ID, SCHEMA_VERSION};
pub use projects::RowDetail;
pub use reference::essms_list::EssmsListReport;
pub use reference::etablissement::RefEtablissement;
pub use reference::finess_import::{ExtractInfo, FinessImportReport, Progress, RejectedLine};
pub use reference::refresh::RefreshCandidate;
pub use reference::search::SearchFilters;
pub use reference::solutions::{RefSolution, SolutionsImportReport};
pub use suivi::{Piece, MAX_PIECE};
pub use suivi_import::{expense_columns, SuiviImportReport, EXPENSE_FIELDS};

#[doc(hidden)]
pub use open::create_at_schema;

/// Versions kept restorable per dossier.
pub const HISTORY_DEPTH: i64 = 50;

/// The store file and its open connection.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The barèmes: each dossier's totals are computed with its campaign's.
    baremes: bareme_set::Baremes,
    opened: Opened,
    /// The dossier last read or saved.
    loaded: loaded::Slot,
    /// Every dossier's project at a date, as last worked out.
    projects: projects::Memo,
}

/// One dossier in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DossierSummary {
    pub id: i64,
    pub name: String,
    /// Name of the porteur OG.
    pub porteur: String,
    pub campaign: String,
    pub essms_count: u32,
    /// Total funding, with the dossier's barème.
    pub total: Amount,
    /// Last change, UTC.
    pub updated_at: NaiveDateTime,
    /// « brouillon », « déposé », « attribué » or « soldé ».
    pub stage: String,
    /// What is due next for a followed dossier, at today's date: the first late, or else the
    /// first to come.
    pub next_deadline: Option<grappe_core::suivi::Deadline>,
    /// The dossier this one is a variant of.
    pub variant_of: Option<i64>,
}

/// A dossier as stored, with the ids of its rows (for fine-grained saves).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDossier {
    pub id: i64,
    pub dossier: grappe_core::Dossier,
    /// Row id of each OG, in the order of `dossier.ogs`.
    pub og_ids: Vec<i64>,
    /// Row id of each ESSMS, in the order of `dossier.essms`.
    pub essms_ids: Vec<i64>,
    /// The dossier's latest version.
    pub version: i64,
}

/// One version of a dossier in its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionInfo {
    pub version: i64,
    /// When it was saved, UTC.
    pub at: NaiveDateTime,
    /// What changed, in French.
    pub description: String,
}

/// A document generated from a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRecord {
    pub file_name: String,
    pub fingerprint: String,
    pub bareme_version: String,
    pub generated_at: NaiveDateTime,
}

impl Store {
    /// Opens the store at `path`, creating it (and its folder) when it does not exist. See
    /// [`StoreError::can_start_fresh`] for what to do when it cannot be opened.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_at_schema(path, SCHEMA_VERSION)
    }

    #[doc(hidden)]
    pub fn open_at_schema(path: &Path, schema: i64) -> Result<Store, StoreError> {
        let (conn, opened) = open::open(path, schema)?;
        // What an interrupted backup, restoration or export left behind goes.
        leftovers::sweep(&leftovers::folders_of(path, &conn));
        let baremes = bareme_set::Baremes::load(&conn, schema).map_err(|e| StoreError::sqlite(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            baremes,
            opened,
            loaded: loaded::Slot::default(),
            projects: projects::Memo::default(),
        };
        // The followed dossiers of a store from before the deadlines in the list get theirs.
        if schema >= 6 && store.opened.migrated_from.is_some_and(|from| from < 6) {
            store.write_tx(|w| rows::refresh_followed(&w.tx, w.baremes).map_err(|e| w.err(e)))?;
        }
        // A search index built with an older word folding is rebuilt, once.
        if schema >= 4 && reference::search_index::outdated(&store.conn).map_err(|e| store.err(e))? {
            store.write_tx(|w| reference::search_index::ensure_current(&w.tx).map_err(|e| w.err(e)))?;
        }
        Ok(store)
    }

    /// Sets an unusable store aside (renamed, never deleted) and opens a fresh one in its place.
    /// Returns the store and where the old file now is.
    pub fn start_fresh(path: &Path) -> Result<(Store, PathBuf), StoreError> {
        let aside = set_aside(path)?;
        Ok((Store::open(path)?, aside))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What opening did (created, migrated, backup written).
    pub fn opened(&self) -> &Opened {
        &self.opened
    }

    /// Runs SQLite's full integrity check; `Ok(())` when the store is sound.
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        let result: String = self
            .conn
            .pragma_query_value(None, "integrity_check", |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if result == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupted {
                path: self.path.display().to_string(),
                detail: result,
            })
        }
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::sqlite(&self.path, e)
    }
}
