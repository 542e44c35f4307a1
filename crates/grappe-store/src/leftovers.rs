//! Temporary files of Grappe's own that an interrupted process left behind (a backup killed
//! mid-copy leaves `.grappe-sauvegarde.XXXX/copie.sqlite`, as large as the store; a restoration
//! `.grappe-restauration.XXXX`; a PDF, an annex or an archive being written
//! `.<nom>.XXXXXX.partiel`), found and removed when a store opens: in the store's folder, its
//! automatic copies' and the folders of the documents and backups it recorded. Each is locked
//! (`flock`) by the process writing it for as long as it works, so one still in use by another
//! Grappe is never touched; a killed process holds no lock.

use std::fs::File;
use std::path::{Path, PathBuf};

/// The prefixes of Grappe's temporary files in the store's folder and its `sauvegardes/`.
const PREFIXES: [&str; 2] = [".grappe-sauvegarde.", ".grappe-restauration."];

/// The file a temporary folder is locked through.
pub(crate) const LOCK: &str = "verrou";

/// Locks `file` for as long as it is open (a lock another process holds is not waited for: the
/// temporary file is new and ours).
pub(crate) fn hold(file: &File) {
    let _ = fs4::FileExt::try_lock(file);
}

/// A temporary folder of Grappe's, locked through its `verrou` file while `File` lives.
pub(crate) fn locked_dir(dir: &Path) -> std::io::Result<File> {
    let lock = File::create(dir.join(LOCK))?;
    hold(&lock);
    Ok(lock)
}

fn is_free(path: &Path) -> bool {
    let lock = if path.is_dir() {
        path.join(LOCK)
    } else {
        path.to_path_buf()
    };
    match File::open(&lock) {
        // A folder without its lock file: its process died before taking it.
        Err(_) => path.is_dir(),
        Ok(f) => fs4::FileExt::try_lock(&f).is_ok(),
    }
}

/// Removes the leftovers in `folders`; returns what was removed.
pub(crate) fn sweep(folders: &[PathBuf]) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            let partial = name.starts_with('.') && name.ends_with(".partiel");
            if !partial && !PREFIXES.iter().any(|p| name.starts_with(p)) {
                continue;
            }
            let path = entry.path();
            // SQLite's files beside a copy being restored go with it, never before it.
            let main = ["-wal", "-shm", "-journal"]
                .iter()
                .find_map(|s| name.strip_suffix(s))
                .map(|m| path.with_file_name(m));
            let owner = main.as_deref().filter(|m| m.exists()).unwrap_or(&path);
            if !is_free(owner) {
                continue;
            }
            let gone = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            if gone.is_ok() {
                removed.push(path);
            }
        }
    }
    removed
}

/// The folders swept for the store at `store`: its own, its automatic copies', and those of the
/// last documents and backups it recorded (written where the user chose).
pub(crate) fn folders_of(store: &Path, conn: &rusqlite::Connection) -> Vec<PathBuf> {
    let dir = crate::disk::folder_of(store);
    let mut folders = vec![dir.to_path_buf(), dir.join("sauvegardes")];
    let recorded: Vec<String> = conn
        .prepare(
            "SELECT file_name FROM (SELECT file_name, generated_at AS at FROM documents
               UNION ALL SELECT path, at FROM backups) ORDER BY at DESC LIMIT 50",
        )
        .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_default();
    for file in recorded {
        if let Some(parent) = Path::new(&file).parent().filter(|p| !p.as_os_str().is_empty()) {
            if !folders.iter().any(|f| f == parent) {
                folders.push(parent.to_path_buf());
            }
        }
    }
    folders
}
