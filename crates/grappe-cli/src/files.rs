//! Reading input files and writing output files, with French messages; writes are atomic
//! (temporary file in the same folder, then rename), so a failed write never leaves half a file.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A file that could not be read or written.
#[derive(Debug, thiserror::Error)]
#[error("{path} : {message}")]
pub struct FileIoError {
    pub path: String,
    pub message: String,
}

fn io_message(err: &io::Error, writing: bool) -> String {
    match err.kind() {
        io::ErrorKind::NotFound if writing => "le dossier de destination n'existe pas".into(),
        io::ErrorKind::NotFound => "fichier introuvable".into(),
        io::ErrorKind::PermissionDenied if writing => {
            "écriture refusée (droits insuffisants ou dossier en lecture seule)".into()
        }
        io::ErrorKind::PermissionDenied => "lecture refusée (droits insuffisants)".into(),
        io::ErrorKind::IsADirectory => "c'est un dossier, pas un fichier".into(),
        io::ErrorKind::StorageFull => "le disque est plein".into(),
        io::ErrorKind::AlreadyExists => "le fichier existe déjà".into(),
        io::ErrorKind::InvalidData => "ce n'est pas un fichier texte (UTF-8 attendu)".into(),
        _ => format!("erreur d'entrée-sortie ({err})"),
    }
}

/// Reads a whole text file.
pub fn read_text(path: &Path) -> Result<String, FileIoError> {
    let fail = |message: String| FileIoError {
        path: path.display().to_string(),
        message,
    };
    if path.is_dir() {
        return Err(fail("c'est un dossier, pas un fichier".into()));
    }
    let bytes = fs::read(path).map_err(|e| fail(io_message(&e, false)))?;
    String::from_utf8(bytes).map_err(|_| fail("ce n'est pas un fichier texte (UTF-8 attendu)".into()))
}

/// Writes `contents` to `path` atomically. Refuses to replace an existing file unless `replace`.
pub fn write_atomic(path: &Path, contents: &[u8], replace: bool) -> Result<(), FileIoError> {
    let fail = |message: String| FileIoError {
        path: path.display().to_string(),
        message,
    };
    if path.is_dir() {
        return Err(fail("c'est un dossier, pas un fichier".into()));
    }
    if !replace && path.exists() {
        return Err(fail(
            "le fichier existe déjà (ajoutez --force pour le remplacer)".into(),
        ));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(fail(io_message(&e, true)));
    }
    Ok(())
}
