//! Backups of the whole store: a consistent copy made while the app runs (SQLite's online backup,
//! every page in one step, into a temporary file beside the target, synced, then moved into
//! place — never over a file unasked),
//! its size and SHA-256; the check that a file is a healthy Grappe store of a known or older
//! schema; the restoration of one in place of the store (the current file set aside, never
//! deleted); and the automatic daily copies, kept in a bounded rotation.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::params;
use sha2::{Digest, Sha256};

use crate::open::{check_header, io_error, open_with, set_aside_as, validate_read_only};
use crate::schema_check;
use crate::time::now;
use crate::{Store, StoreError, SCHEMA_VERSION};

/// A backup written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub size: u64,
    pub sha256: String,
    /// When it was made, UTC.
    pub at: NaiveDateTime,
}

/// Automatic copies kept: the newest this many…
pub const DAILY_COPIES: usize = 7;
/// …and, older than those, the newest of each ISO week for this many weeks.
pub const WEEKLY_COPIES: usize = 4;

/// The SHA-256 of a file, read by blocks.
fn file_sha256(path: &Path) -> Result<String, StoreError> {
    let mut file = fs::File::open(path).map_err(|e| io_error(path, &e))?;
    let mut hasher = Sha256::new();
    let mut block = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut block).map_err(|e| io_error(path, &e))?;
        if n == 0 {
            break;
        }
        hasher.update(&block[..n]);
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Checks that `path` is a healthy Grappe store of this version's schema or an older one (read
/// only, nothing written). Returns its schema version.
pub fn check_backup(path: &Path) -> Result<i64, StoreError> {
    if path.is_dir() {
        return Err(StoreError::IsADirectory {
            path: path.display().to_string(),
        });
    }
    check_header(path)?;
    let found = validate_read_only(path)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.display().to_string(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let foreign = |detail: String| StoreError::Foreign {
        path: path.display().to_string(),
        detail,
    };
    if found < 1 {
        return Err(foreign(format!(
            "il se dit de la version de schéma {found}, que Grappe n'a jamais écrite"
        )));
    }
    let conn = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::sqlite(path, e))?;
    let differences = schema_check::differences(&conn, found).map_err(|e| StoreError::sqlite(path, e))?;
    if !differences.is_empty() {
        let shown: Vec<&str> = differences.iter().take(5).map(String::as_str).collect();
        let more = differences.len().saturating_sub(shown.len());
        return Err(foreign(format!(
            "sa structure n'est pas celle d'un magasin Grappe de schéma {found} : {}{}",
            shown.join(", "),
            if more > 0 {
                format!(" et {more} autre(s)")
            } else {
                String::new()
            }
        )));
    }
    Ok(found)
}

/// Puts the backup at `backup` in place of the store at `store` (which no connection holds
/// open: refused while its WAL file is there): the backup is checked first, and nothing changes
/// when it is refused; the current
/// store is set aside (renamed `<name>.avant-restauration-<time>`, never deleted) before the
/// copy takes its place. Returns where the previous store went (none when there was none).
/// The store opened next migrates the copy when its schema is older.
pub fn restore_backup(store: &Path, backup: &Path) -> Result<Option<PathBuf>, StoreError> {
    check_backup(backup)?;
    // A store some program still has open keeps its WAL file beside it: never switched under it.
    if PathBuf::from(format!("{}-wal", store.display())).exists() {
        return Err(StoreError::Busy);
    }
    let dir = crate::disk::folder_of(store);
    fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    // The copy first, beside the store (same file system): a failure leaves the store as it is.
    let copy = tempfile::Builder::new()
        .prefix(".grappe-restauration.")
        .tempfile_in(dir)
        .map_err(|e| io_error(dir, &e))?;
    crate::leftovers::hold(copy.as_file());
    fs::copy(backup, copy.path()).map_err(|e| io_error(backup, &e))?;
    // The copy opened and migrated as a copy, checked again: only a store that opens replaces
    // the current one. Closed, its journal is folded back into it.
    {
        let (conn, _) = open_with(copy.path(), SCHEMA_VERSION, false).map_err(|e| StoreError::Foreign {
            path: backup.display().to_string(),
            detail: format!("elle ne s'ouvre pas ({e})"),
        })?;
        let differences =
            schema_check::differences(&conn, SCHEMA_VERSION).map_err(|e| StoreError::sqlite(backup, e))?;
        if let Some(first) = differences.first() {
            return Err(StoreError::Foreign {
                path: backup.display().to_string(),
                detail: format!("une fois mise à jour, sa structure n'est pas celle d'un magasin Grappe : {first}"),
            });
        }
        // Le portefeuille's rows are worked out here, never taken from another file.
        conn.execute("DELETE FROM project_rows", [])
            .map_err(|e| StoreError::sqlite(backup, e))?;
        conn.pragma_update(None, "journal_mode", "DELETE")
            .map_err(|e| StoreError::sqlite(backup, e))?;
        conn.close().map_err(|(_, e)| StoreError::sqlite(backup, e))?;
    }
    copy.as_file().sync_all().map_err(|e| io_error(copy.path(), &e))?;
    let aside = if store.exists() {
        Some(set_aside_as(store, "avant-restauration")?)
    } else {
        None
    };
    copy.persist(store).map_err(|e| io_error(store, &e.error))?;
    Ok(aside)
}

/// Gives `copy` the permissions of the store it copies (a store is readable by its owner only:
/// so are its backups).
fn same_permissions(store: &Path, copy: &Path) {
    if let Ok(meta) = fs::metadata(store) {
        let _ = fs::set_permissions(copy, meta.permissions());
    }
}

/// The automatic copies in `folder` (`grappe-AAAA-MM-JJ.sqlite`), newest first.
pub fn automatic_copies(folder: &Path) -> Vec<(NaiveDate, PathBuf)> {
    let mut found: Vec<(NaiveDate, PathBuf)> = fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().to_string();
            let day = name.strip_prefix("grappe-")?.strip_suffix(".sqlite")?;
            let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
            Some((day, entry.path()))
        })
        .collect();
    found.sort_by_key(|(day, _)| std::cmp::Reverse(*day));
    found
}

/// Which automatic copies the rotation keeps, from the dates of those there are: the newest
/// [`DAILY_COPIES`], then the newest of each older ISO week, for [`WEEKLY_COPIES`] weeks.
pub fn kept(days: &[NaiveDate]) -> Vec<NaiveDate> {
    let mut days = days.to_vec();
    days.sort_by_key(|d| std::cmp::Reverse(*d));
    days.dedup();
    let mut keep: Vec<NaiveDate> = days.iter().take(DAILY_COPIES).copied().collect();
    let mut weeks = Vec::new();
    for day in days.iter().skip(DAILY_COPIES) {
        let week = (day.iso_week().year(), day.iso_week().week());
        if keep.iter().any(|k| (k.iso_week().year(), k.iso_week().week()) == week) || weeks.contains(&week) {
            continue;
        }
        if weeks.len() == WEEKLY_COPIES {
            break;
        }
        weeks.push(week);
        keep.push(*day);
    }
    keep
}

impl Store {
    /// Writes a consistent copy of the whole store to `target` while it is in use; an existing
    /// file is replaced only with `replace`. Recorded in the store (the home screen's reminder).
    pub fn backup_to(&mut self, target: &Path, replace: bool) -> Result<BackupInfo, StoreError> {
        let info = self.copy_to(target, replace)?;
        self.write_tx(|w| {
            w.tx.execute(
                "INSERT INTO backups (at, path, size, sha256) VALUES (?1, ?2, ?3, ?4)",
                params![info.at, info.path.display().to_string(), info.size as i64, info.sha256],
            )
            .map_err(|e| w.err(e))
        })?;
        Ok(info)
    }

    /// The copy itself: the online backup into a new temporary file beside `target`, synced,
    /// moved.
    fn copy_to(&self, target: &Path, replace: bool) -> Result<BackupInfo, StoreError> {
        if target.is_dir() {
            return Err(StoreError::IsADirectory {
                path: target.display().to_string(),
            });
        }
        if !replace && target.exists() {
            return Err(StoreError::Io {
                path: target.display().to_string(),
                message: "le fichier existe déjà ; il n'a pas été remplacé".into(),
            });
        }
        let dir = crate::disk::folder_of(target);
        // A folder of our own beside the target, for a new file (same file system as the target).
        let work = tempfile::Builder::new()
            .prefix(".grappe-sauvegarde.")
            .tempdir_in(dir)
            .map_err(|e| io_error(dir, &e))?;
        let _lock = crate::leftovers::locked_dir(work.path()).map_err(|e| io_error(work.path(), &e))?;
        let copy = work.path().join("copie.sqlite");
        let sql = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull,
            _ => StoreError::sqlite(target, e),
        };
        {
            let mut to = rusqlite::Connection::open(&copy).map_err(sql)?;
            same_permissions(&self.path, &copy);
            // A new file of our own, synced once whole below: no journal of its own needed.
            to.pragma_update(None, "journal_mode", "OFF").map_err(sql)?;
            to.pragma_update(None, "synchronous", "OFF").map_err(sql)?;
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut to).map_err(sql)?;
            // Every page in one step: one read transaction, so one consistent state however
            // other connections write meanwhile (they wait for nothing: WAL).
            let mut tries = 0;
            loop {
                match backup.step(-1).map_err(sql)? {
                    rusqlite::backup::StepResult::Done => break,
                    rusqlite::backup::StepResult::More => {}
                    _ if tries < 500 => {
                        tries += 1;
                        std::thread::sleep(std::time::Duration::from_millis(10));
                    }
                    _ => return Err(StoreError::Busy),
                }
            }
        }
        // Synced and summed up at once, on two threads.
        let (synced, sha256) = std::thread::scope(|scope| {
            let sum = scope.spawn(|| file_sha256(&copy));
            let synced = fs::File::open(&copy).and_then(|f| f.sync_all());
            let summed = sum.join().unwrap_or_else(|_| {
                Err(StoreError::Io {
                    path: target.display().to_string(),
                    message: "empreinte SHA-256 de la copie impossible à calculer".into(),
                })
            });
            (synced, summed)
        });
        synced.map_err(|e| io_error(&copy, &e))?;
        let sha256 = sha256?;
        let size = fs::metadata(&copy).map_err(|e| io_error(&copy, &e))?.len();
        if replace {
            fs::rename(&copy, target).map_err(|e| io_error(target, &e))?;
        } else {
            // Linked, never over a file that appeared meanwhile.
            fs::hard_link(&copy, target).or_else(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    Err(StoreError::Io {
                        path: target.display().to_string(),
                        message: "le fichier existe déjà ; il n'a pas été remplacé".into(),
                    })
                } else if target.exists() {
                    Err(io_error(target, &e))
                } else {
                    fs::rename(&copy, target).map_err(|e| io_error(target, &e))
                }
            })?;
        }
        Ok(BackupInfo {
            path: target.to_path_buf(),
            size,
            sha256,
            at: now(),
        })
    }

    /// The backups made to a place the user chose, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT at, path, size, sha256 FROM backups ORDER BY at DESC, id DESC")
            .map_err(|e| self.err(e))?;
        stmt.query_map([], |r| {
            Ok(BackupInfo {
                at: r.get(0)?,
                path: PathBuf::from(r.get::<_, String>(1)?),
                size: r.get::<_, i64>(2)?.max(0) as u64,
                sha256: r.get(3)?,
            })
        })
        .and_then(|rows| rows.collect())
        .map_err(|e| self.err(e))
    }

    /// Today's automatic copy in `folder`, unless there is one already; then the rotation.
    /// Returns the copy made, if any.
    pub fn automatic_backup(&self, folder: &Path, today: NaiveDate) -> Result<Option<BackupInfo>, StoreError> {
        fs::create_dir_all(folder).map_err(|e| io_error(folder, &e))?;
        let copies = automatic_copies(folder);
        let made = if copies.iter().any(|(day, _)| *day == today) {
            None
        } else {
            let target = folder.join(format!("grappe-{}.sqlite", today.format("%Y-%m-%d")));
            Some(self.copy_to(&target, false)?)
        };
        let copies = automatic_copies(folder);
        let keep = kept(&copies.iter().map(|(d, _)| *d).collect::<Vec<_>>());
        for (day, path) in copies {
            if !keep.contains(&day) {
                fs::remove_file(&path).map_err(|e| io_error(&path, &e))?;
            }
        }
        Ok(made)
    }
}
