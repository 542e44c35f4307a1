//! Reading input files and writing output files, with French messages; writes are atomic
//! (temporary file in the same folder, then rename), so a failed write never leaves half a file.

use std::fs;
use std::io;
use std::path::Path;

/// A file that could not be read or written.
#[derive(Debug, thiserror::Error)]
#[error("{path} : {message}")]
pub struct FileIoError {
    pub path: String,
    pub message: String,
}

fn io_message(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "fichier introuvable".into(),
        io::ErrorKind::PermissionDenied => "lecture refusée (droits insuffisants)".into(),
        io::ErrorKind::IsADirectory => "c'est un dossier, pas un fichier".into(),
        io::ErrorKind::InvalidData => "ce n'est pas un fichier texte (UTF-8 attendu)".into(),
        _ => format!("erreur d'entrée-sortie ({err})"),
    }
}

/// The largest dossier or barème file read (a 5 000-ESSMS dossier is about 2 MB).
const MAX_TEXT_FILE: u64 = grappe_core::dossier_file::MAX_FILE_BYTES;

/// Reads a whole text file (dossier, barème, solutions list), refusing files too large to be one.
pub fn read_text(path: &Path) -> Result<String, FileIoError> {
    let fail = |message: String| FileIoError {
        path: path.display().to_string(),
        message,
    };
    if path.is_dir() {
        return Err(fail("c'est un dossier, pas un fichier".into()));
    }
    let size = fs::metadata(path).map_err(|e| fail(io_message(&e)))?.len();
    if size > MAX_TEXT_FILE {
        return Err(fail(format!(
            "fichier de {} Mo : trop gros pour un dossier ou un barème (au plus {} Mo) ; ce n'est sans doute pas le bon fichier",
            size >> 20,
            MAX_TEXT_FILE >> 20
        )));
    }
    let bytes = fs::read(path).map_err(|e| fail(io_message(&e)))?;
    String::from_utf8(bytes).map_err(|_| fail("ce n'est pas un fichier texte (UTF-8 attendu)".into()))
}

/// Writes `contents` to `path` atomically (see `grappe_dossier::write_atomic`). Refuses to
/// replace an existing file unless `force`.
pub fn write_atomic(path: &Path, contents: &[u8], force: bool) -> Result<(), FileIoError> {
    grappe_dossier::write_atomic(path, contents, existing(force)).map_err(FileIoError::from)
}

/// `--force` replaces existing files; without it they are kept.
pub fn existing(force: bool) -> grappe_dossier::Existing {
    if force {
        grappe_dossier::Existing::Replace
    } else {
        grappe_dossier::Existing::Keep
    }
}

/// [`grappe_dossier::check_free`], the first file in the way as the command's error.
pub fn check_free(paths: &[std::path::PathBuf], existing: grappe_dossier::Existing) -> Result<(), crate::Failure> {
    grappe_dossier::check_free(paths, existing).map_err(|found| {
        let first = found.first().map_or(Path::new(""), |p| p.as_path());
        crate::Failure::Input(FileIoError::from(grappe_dossier::WriteError::exists(first)).to_string())
    })
}

impl From<grappe_dossier::WriteError> for FileIoError {
    fn from(e: grappe_dossier::WriteError) -> Self {
        let message = if e.exists {
            "le fichier existe déjà (ajoutez --force pour le remplacer)".into()
        } else {
            e.message
        };
        FileIoError { path: e.path, message }
    }
}
