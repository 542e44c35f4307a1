//! Where the desktop app and the `grappe` command keep their files: a folder named after the
//! app's identifier in each of the platform's data, local data, configuration and (macOS) log
//! folders. The identifier changed from `fr.grappe.app` — which ends like a macOS application
//! bundle — to `fr.grappe.desktop`; the first start of this release (the app or the command)
//! moves what the old folders hold: the store and its automatic copies, the logs, the window's
//! remembered place. Nothing is ever replaced: what both folders hold stays where it is, named.

use std::path::{Path, PathBuf};

/// The app's identifier (`tauri.conf.json`), and the name of its folders.
pub const IDENTIFIER: &str = "fr.grappe.desktop";
/// The identifier of the releases before it.
pub const OLD_IDENTIFIER: &str = "fr.grappe.app";
/// The store's file name in the app's data folder.
pub const STORE_FILE: &str = "grappe.sqlite";

/// The platform folders that hold the app's own: data (the store, its copies; the logs on
/// Linux), local data (the logs on Windows), configuration (the window's place), and the logs'
/// folder of macOS. Each once (they are the same folder on some systems).
pub fn platform_folders() -> Vec<PathBuf> {
    let mut bases: Vec<PathBuf> = [dirs::data_dir(), dirs::data_local_dir(), dirs::config_dir()]
        .into_iter()
        .flatten()
        .collect();
    if cfg!(target_os = "macos") {
        bases.extend(dirs::home_dir().map(|h| h.join("Library").join("Logs")));
    }
    bases.sort();
    bases.dedup();
    bases
}

/// Where the store is when none is named: `<data>/fr.grappe.desktop/grappe.sqlite`, shared by
/// the desktop app and the `grappe` command.
pub fn default_store_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(IDENTIFIER)
        .join(STORE_FILE)
}

/// What moving the old folders did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Moved {
    /// The whole old folder became the new one.
    Folder { from: PathBuf, to: PathBuf },
    /// One entry of the old folder, which the new one lacked.
    Entry { from: PathBuf, to: PathBuf },
    /// Left where it was: the new folder holds an entry of that name, or the move failed.
    Kept { path: PathBuf, reason: String },
}

impl std::fmt::Display for Moved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Moved::Folder { from, to } | Moved::Entry { from, to } => {
                write!(f, "« {} » déplacé vers « {} »", from.display(), to.display())
            }
            Moved::Kept { path, reason } => write!(f, "« {} » laissé en place : {reason}", path.display()),
        }
    }
}

/// In each of `bases`, moves the old identifier's folder to the new identifier's: whole when
/// the new one does not exist yet, else entry by entry, each only where the new folder has
/// none of that name (then the old folder, once empty, goes). Safe to call at every start:
/// without an old folder it does nothing. Renames within one parent folder, so nothing is
/// copied and nothing is half-moved.
pub fn move_old_folders(bases: &[PathBuf]) -> Vec<Moved> {
    let mut done = Vec::new();
    for base in bases {
        let (old, new) = (base.join(OLD_IDENTIFIER), base.join(IDENTIFIER));
        if !old.is_dir() {
            continue;
        }
        if !new.exists() {
            match std::fs::rename(&old, &new) {
                Ok(()) => done.push(Moved::Folder { from: old, to: new }),
                Err(e) => done.push(kept(&old, &e)),
            }
            continue;
        }
        let entries = match std::fs::read_dir(&old) {
            Ok(entries) => entries,
            Err(e) => {
                done.push(kept(&old, &e));
                continue;
            }
        };
        // A store's journal (`-wal`, `-shm`) belongs to it: beside another store it would be
        // read as that store's.
        let store_here = new.join(STORE_FILE).exists();
        for entry in entries.flatten() {
            let (from, to) = (entry.path(), new.join(entry.file_name()));
            let name = entry.file_name().to_string_lossy().to_string();
            let taken = if to.exists() {
                Some(to.clone())
            } else if store_here && name.starts_with(STORE_FILE) {
                Some(new.join(STORE_FILE))
            } else {
                None
            };
            if let Some(taken) = taken {
                done.push(Moved::Kept {
                    path: from,
                    reason: format!("« {} » existe déjà", taken.display()),
                });
                continue;
            }
            match std::fs::rename(&from, &to) {
                Ok(()) => done.push(Moved::Entry { from, to }),
                Err(e) => done.push(kept(&from, &e)),
            }
        }
        // Gone once emptied; kept (with what it still holds) otherwise.
        let _ = std::fs::remove_dir(&old);
    }
    done
}

fn kept(path: &Path, e: &std::io::Error) -> Moved {
    Moved::Kept {
        path: path.to_path_buf(),
        reason: format!("déplacement impossible : {}", crate::open::io_error(path, e)),
    }
}
