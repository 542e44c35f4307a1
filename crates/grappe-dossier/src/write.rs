//! Atomic writes: a temporary file (`tempfile`) in the destination folder, synced, then moved onto the
//! target. A failure leaves no partial file and the previous file intact. A user's file is
//! replaced only when the caller says so ([`Existing::Replace`]): otherwise the temporary file is
//! linked to the target name, which fails if a file appeared there meanwhile.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// A file that could not be written, in French.
#[derive(Debug, thiserror::Error)]
#[error("« {path} » : {message}")]
pub struct WriteError {
    pub path: String,
    pub message: String,
    /// The file exists and was kept (the caller may ask the user, then write again with
    /// [`Existing::Replace`]).
    pub exists: bool,
}

/// What to do when the file to write already exists (the IPC's `"keep"` or `"replace"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Existing {
    /// Keep it: the write fails with [`WriteError::exists`].
    Keep,
    /// Replace it (the user was asked, or asked for it with `--force`).
    Replace,
}

impl WriteError {
    fn io(path: &Path, err: &std::io::Error) -> WriteError {
        // Say what became of the destination: kept as it was, or never written.
        let kept = if path.exists() {
            "le fichier existant n'a pas été modifié"
        } else {
            "aucun fichier n'a été écrit"
        };
        WriteError {
            path: path.display().to_string(),
            message: match err.kind() {
                ErrorKind::NotFound => "le dossier de destination n'existe pas".into(),
                ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
                    format!("écriture impossible : dossier en lecture seule ou droits insuffisants ; {kept}")
                }
                ErrorKind::StorageFull => format!("le disque est plein ; {kept}"),
                ErrorKind::IsADirectory => "c'est un dossier, pas un fichier".into(),
                _ => format!("écriture impossible ({err}) ; {kept}"),
            },
            exists: false,
        }
    }

    /// The file exists and is kept.
    pub fn exists(path: &Path) -> WriteError {
        WriteError {
            path: path.display().to_string(),
            message: "le fichier existe déjà ; il n'a pas été remplacé".into(),
            exists: true,
        }
    }
}

/// Writes `bytes` to `path` atomically; an existing file is replaced only with
/// [`Existing::Replace`].
pub fn write_atomic(path: &Path, bytes: &[u8], existing: Existing) -> Result<(), WriteError> {
    write_atomic_with(path, existing, |file| file.write_all(bytes))
}

/// [`write_atomic`] for content written piece by piece (an archive of many files) by `write`,
/// into the temporary file.
pub fn write_atomic_with(
    path: &Path,
    existing: Existing,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    if existing == Existing::Keep && path.exists() {
        return Err(WriteError::exists(path));
    }
    let tmp = stage(path, write)?;
    place(tmp, path, existing).map_err(|e| placed_error(path, &e))
}

/// Checks, before anything is computed, that a set of documents can be written: with
/// [`Existing::Keep`], none of `paths` may exist. `Err` lists every file in the way (the user is
/// asked once for all of them, then the set is written again with [`Existing::Replace`]).
pub fn check_free(paths: &[PathBuf], existing: Existing) -> Result<(), Vec<PathBuf>> {
    if existing == Existing::Replace {
        return Ok(());
    }
    let found = existing_files(paths);
    if found.is_empty() {
        Ok(())
    } else {
        Err(found)
    }
}

/// The files among `paths` that exist (to ask the user before replacing them).
pub fn existing_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths.iter().filter(|p| p.exists()).cloned().collect()
}

/// `path`'s content written by `write` into a temporary file of a unique name beside it
/// (`.<name>.XXXXXX.partiel`, removed whatever happens unless it is placed), synced.
fn stage(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<tempfile::NamedTempFile, WriteError> {
    if path.is_dir() {
        return Err(WriteError::io(path, &std::io::Error::from(ErrorKind::IsADirectory)));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let staged = (|| {
        let mut tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".partiel")
            .tempfile_in(dir)?;
        // Locked while written: one left by a killed process (no lock) is removed at the next
        // start of a store, one being written is not.
        let _ = fs4::FileExt::try_lock(tmp.as_file());
        write(tmp.as_file_mut())?;
        tmp.as_file().sync_all()?;
        Ok(tmp)
    })();
    staged.map_err(|e: std::io::Error| WriteError::io(path, &e))
}

fn placed_error(path: &Path, e: &std::io::Error) -> WriteError {
    if e.kind() == ErrorKind::AlreadyExists {
        WriteError::exists(path)
    } else {
        WriteError::io(path, e)
    }
}

/// Puts the written temporary file at `path`.
fn place(tmp: tempfile::NamedTempFile, path: &Path, existing: Existing) -> std::io::Result<()> {
    match existing {
        Existing::Replace => tmp.persist(path).map(drop).map_err(|e| e.error),
        // Never replaces a file: one created there since the check above is kept. Where
        // that cannot be done atomically (no hard links on some USB keys), the check above
        // stands.
        Existing::Keep => match tmp.persist_noclobber(path) {
            Ok(_) => Ok(()),
            Err(e) if e.error.kind() == ErrorKind::AlreadyExists => Err(e.error),
            Err(e) => e.file.persist(path).map(drop).map_err(|e| e.error),
        },
    }
}

/// Writes a set of documents (a PDF and its annexes) all or nothing: with [`Existing::Keep`]
/// nothing is written when one of them exists; each is written to its temporary file and
/// synced before any is put in place, so a full disk or any failure leaves none of them — and
/// a file this call had put in place before a later one failed is removed.
pub fn write_set(files: &[(PathBuf, Vec<u8>)], existing: Existing) -> Result<(), WriteError> {
    if existing == Existing::Keep {
        let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
        if let Some(first) = existing_files(&paths).first() {
            return Err(WriteError::exists(first));
        }
    }
    let mut staged_files = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let tmp = stage(path, |file| file.write_all(bytes))?;
        staged_files.push((path, tmp, path.exists()));
    }
    let mut placed: Vec<&Path> = Vec::new();
    for (path, tmp, existed) in staged_files {
        if let Err(e) = place(tmp, path, existing) {
            for done in placed {
                let _ = std::fs::remove_file(done);
            }
            return Err(placed_error(path, &e));
        }
        if !existed {
            placed.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use std::fs;

    #[test]
    fn an_existing_file_is_kept_unless_replacing_is_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dossier.pdf");
        write_atomic(&path, b"premier", Existing::Keep).unwrap();
        let err = write_atomic(&path, b"second", Existing::Keep).unwrap_err();
        assert!(
            err.exists && err.to_string().contains("le fichier existe déjà"),
            "{err}"
        );
        assert_eq!(fs::read(&path).unwrap(), b"premier");
        write_atomic(&path, b"second", Existing::Replace).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_set_of_documents_is_written_all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("dossier.pdf");
        // The second target cannot be written (its folder is a file): the first is not left.
        let blocker = dir.path().join("annexes");
        fs::write(&blocker, b"un fichier").unwrap();
        let set = vec![
            (pdf.clone(), b"pdf".to_vec()),
            (blocker.join("annexe.csv"), b"csv".to_vec()),
        ];
        assert!(write_set(&set, Existing::Keep).is_err());
        assert!(!pdf.exists());
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "aucun fichier temporaire laissé"
        );
        // One of them exists: nothing is written unless replacing is asked.
        let csv = dir.path().join("annexe.csv");
        fs::write(&csv, b"du client").unwrap();
        let set = vec![(pdf.clone(), b"pdf".to_vec()), (csv.clone(), b"csv".to_vec())];
        assert!(write_set(&set, Existing::Keep).unwrap_err().exists);
        assert!(!pdf.exists());
        write_set(&set, Existing::Replace).unwrap();
        assert_eq!(
            (fs::read(&pdf).unwrap(), fs::read(&csv).unwrap()),
            (b"pdf".to_vec(), b"csv".to_vec())
        );
    }
}
