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

/// What to do when the file to write already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Keep it: the write fails with [`WriteError::exists`].
    Keep,
    /// Replace it (the user was asked, or asked for it with `--force`).
    Replace,
}

impl WriteError {
    fn io(path: &Path, err: &std::io::Error) -> WriteError {
        WriteError {
            path: path.display().to_string(),
            message: match err.kind() {
                ErrorKind::NotFound => "le dossier de destination n'existe pas".into(),
                ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
                    "écriture impossible : dossier en lecture seule ou droits insuffisants ; le fichier existant n'a pas été modifié".into()
                }
                ErrorKind::StorageFull => "le disque est plein ; le fichier existant n'a pas été modifié".into(),
                ErrorKind::IsADirectory => "c'est un dossier, pas un fichier".into(),
                _ => format!("écriture impossible ({err}) ; le fichier existant n'a pas été modifié"),
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
    if path.is_dir() {
        return Err(WriteError::io(path, &std::io::Error::from(ErrorKind::IsADirectory)));
    }
    if existing == Existing::Keep && path.exists() {
        return Err(WriteError::exists(path));
    }
    // A temporary file of a unique name next to the destination (tempfile), removed whatever
    // happens unless it is placed.
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let placed = (|| {
        let mut tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".partiel")
            .tempfile_in(dir)?;
        write(tmp.as_file_mut())?;
        tmp.as_file().sync_all()?;
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
    })();
    placed.map_err(|e| {
        if e.kind() == ErrorKind::AlreadyExists {
            WriteError::exists(path)
        } else {
            WriteError::io(path, &e)
        }
    })
}

/// The files among `paths` that exist (to ask the user before replacing them).
pub fn existing_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths.iter().filter(|p| p.exists()).cloned().collect()
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
}
