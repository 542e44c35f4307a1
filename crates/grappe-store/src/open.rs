//! Opening a store safely: a file that is not a Grappe store, a corrupted one or one written by
//! a newer version is refused with a clear error *before anything is written to it*; a store of
//! an older schema is backed up next to itself, then migrated in one transaction.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::StoreError;

/// `PRAGMA application_id` of Grappe stores: "GRPP".
pub const APPLICATION_ID: i64 = 0x4752_5050;

/// The migrations, embedded in the binary; migration `n` brings the schema to version `n`.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/001_dossiers.sql"),
    include_str!("../migrations/002_documents.sql"),
    include_str!("../migrations/003_reference.sql"),
    include_str!("../migrations/004_search_words.sql"),
    include_str!("../migrations/005_suivi.sql"),
    include_str!("../migrations/006_deadlines_backups.sql"),
    include_str!("../migrations/007_baremes.sql"),
    include_str!("../migrations/008_project_rows.sql"),
    include_str!("../migrations/009_project_rows_enveloppes.sql"),
];

/// How long a write waits for another program's to end.
pub(crate) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// The schema version this code reads and writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// What opening did besides opening.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Opened {
    /// The store did not exist and was created.
    pub created: bool,
    /// The schema was migrated from this version; the backup written before is `backup`.
    pub migrated_from: Option<i64>,
    pub backup: Option<PathBuf>,
}

/// Opens (or creates) the store at `path`, up to schema version `target`.
pub(crate) fn open(path: &Path, target: i64) -> Result<(Connection, Opened), StoreError> {
    open_with(path, target, true)
}

/// [`open`], with the copy written beside an older store before migrating it only when
/// `keep_before_migration` (a restored backup is itself that copy).
pub(crate) fn open_with(
    path: &Path,
    target: i64,
    keep_before_migration: bool,
) -> Result<(Connection, Opened), StoreError> {
    let shown = || path.display().to_string();
    if path.is_dir() {
        return Err(StoreError::IsADirectory { path: shown() });
    }
    let mut opened = Opened::default();
    let existing = path.exists();
    if existing {
        check_header(path)?;
        let found = validate_read_only(path)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: shown(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
    } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    }

    let flags = if existing {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let sql = |e| StoreError::sqlite(path, e);
    let mut conn = Connection::open_with_flags(path, flags).map_err(sql)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
    if !existing {
        opened.created = true;
        owner_only(path);
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(sql)?;
    }
    conn.pragma_update(None, "journal_mode", "WAL").map_err(sql)?;
    conn.pragma_update(None, "synchronous", "FULL").map_err(sql)?;
    conn.pragma_update(None, "foreign_keys", true).map_err(sql)?;

    let current: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(sql)?;
    if current < target {
        if existing && current > 0 && keep_before_migration {
            opened.backup = Some(backup(&conn, path, current)?);
            opened.migrated_from = Some(current);
        }
        migrate(&mut conn, target).map_err(sql)?;
    }
    Ok((conn, opened))
}

/// A new store is readable and writable by its owner only (it holds a project's accounts).
fn owner_only(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// A SQLite file starts with this header; anything else is not a store.
pub(crate) fn check_header(path: &Path) -> Result<(), StoreError> {
    let shown = path.display().to_string();
    let mut file = fs::File::open(path).map_err(|e| io_error(path, &e))?;
    let len = file.metadata().map_err(|e| io_error(path, &e))?.len();
    if len == 0 {
        return Err(StoreError::EmptyFile { path: shown });
    }
    let mut header = [0u8; 16];
    if len < 100 || file.read_exact(&mut header).is_err() || &header != b"SQLite format 3\0" {
        return Err(StoreError::NotAStore { path: shown });
    }
    Ok(())
}

/// Reads the identity, schema version and integrity of an existing file without writing to it.
pub(crate) fn validate_read_only(path: &Path) -> Result<i64, StoreError> {
    let shown = || path.display().to_string();
    let sql = |e| StoreError::sqlite(path, e);
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(sql)?;
    let app_id: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(sql)?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotAStore { path: shown() });
    }
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(sql)?;
    let check: String = conn
        .pragma_query_value(None, "quick_check", |r| r.get(0))
        .map_err(sql)?;
    if check != "ok" {
        return Err(StoreError::Corrupted {
            path: shown(),
            detail: format!("contrôle d'intégrité : {check}"),
        });
    }
    Ok(version)
}

/// A file name next to `path` that does not exist yet: `<name>.<label>-<UTC time><suffix>`,
/// numbered when two are made in the same second.
fn free_sibling(path: &Path, label: &str, suffix: &str) -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut target = path.with_file_name(format!("{name}.{label}-{stamp}{suffix}"));
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = path.with_file_name(format!("{name}.{label}-{stamp}-{n}{suffix}"));
    }
    target
}

/// Writes a consistent copy of the store next to it, before a migration.
fn backup(conn: &Connection, path: &Path, version: i64) -> Result<PathBuf, StoreError> {
    let target = free_sibling(path, &format!("schema-v{version}"), ".sauvegarde");
    conn.execute("VACUUM INTO ?1", [target.to_string_lossy()])
        .map_err(|e| StoreError::sqlite(path, e))?;
    Ok(target)
}

/// Applies the migrations after the store's version up to `to`, all in one immediate
/// transaction. The version is read again under the write lock: another Grappe process opening
/// the same store at the same moment may have migrated it already.
pub(crate) fn migrate(conn: &mut Connection, to: i64) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let from: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate() {
        let version = i as i64 + 1;
        if version > from && version <= to {
            tx.execute_batch(sql)?;
        }
    }
    tx.pragma_update(None, "user_version", to)?;
    tx.commit()
}

/// Renames an unusable store (and its WAL files) aside, so a fresh one can be started; nothing
/// is deleted. Returns the new name of the store file.
pub fn set_aside(path: &Path) -> Result<PathBuf, StoreError> {
    set_aside_as(path, "inutilisable")
}

/// Renames the store (and its WAL files) to `<name>.<label>-<time>`; returns the new name.
pub(crate) fn set_aside_as(path: &Path, label: &str) -> Result<PathBuf, StoreError> {
    let target = free_sibling(path, label, "");
    fs::rename(path, &target).map_err(|e| io_error(path, &e))?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        if side.exists() {
            let moved = PathBuf::from(format!("{}{suffix}", target.display()));
            fs::rename(&side, &moved).map_err(|e| io_error(&side, &e))?;
        }
    }
    Ok(target)
}

pub(crate) fn io_error(path: &Path, err: &std::io::Error) -> StoreError {
    use std::io::ErrorKind;
    let shown = path.display().to_string();
    match err.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => StoreError::ReadOnly { path: shown },
        ErrorKind::StorageFull => StoreError::DiskFull,
        ErrorKind::IsADirectory => StoreError::IsADirectory { path: shown },
        _ => StoreError::Io {
            path: shown,
            message: err.to_string(),
        },
    }
}

/// Test support: creates a store at `path` with the schema of `version` only (used to build
/// the migration fixture and to test migrations).
#[doc(hidden)]
pub fn create_at_schema(path: &Path, version: i64) -> Result<Connection, StoreError> {
    open(path, version).map(|(c, _)| c)
}
