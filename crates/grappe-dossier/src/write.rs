//! Atomic writes: a temporary file in the destination folder, synced, then renamed over the
//! target. A failure leaves no partial file and the previous file intact.

use std::fs;
use std::io::Write;
use std::path::Path;

/// A file that could not be written, in French.
#[derive(Debug, thiserror::Error)]
#[error("« {path} » : {message}")]
pub struct WriteError {
    pub path: String,
    pub message: String,
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let fail = |err: &std::io::Error| {
        WriteError {
        path: path.display().to_string(),
        message: match err.kind() {
            std::io::ErrorKind::NotFound => "le dossier de destination n'existe pas".into(),
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                "écriture impossible : dossier en lecture seule ou droits insuffisants ; le fichier existant n'a pas été modifié".into()
            }
            std::io::ErrorKind::StorageFull => "le disque est plein ; le fichier existant n'a pas été modifié".into(),
            std::io::ErrorKind::IsADirectory => "c'est un dossier, pas un fichier".into(),
            _ => format!("écriture impossible ({err}) ; le fichier existant n'a pas été modifié"),
        },
    }
    };
    if path.is_dir() {
        return Err(fail(&std::io::Error::from(std::io::ErrorKind::IsADirectory)));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.partiel", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        fail(&e)
    })
}
