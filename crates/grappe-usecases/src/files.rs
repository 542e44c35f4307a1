//! Files the user picks: read whole with French messages, written atomically without replacing
//! one unasked.

use std::path::{Path, PathBuf};

use crate::AppError;
use crate::ErrorCode;

/// Files users pick are read whole; anything larger is not a dossier or a list.
const MAX_FILE: u64 = grappe_core::dossier_file::MAX_FILE_BYTES;

/// Reads a text file the user chose, with French messages.
pub(crate) fn read_text(path: &Path) -> Result<String, AppError> {
    let io = |e: std::io::Error| {
        AppError::new(
            ErrorCode::Io,
            format!("« {} » : lecture impossible ({e})", path.display()),
        )
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE {
        return Err(AppError::new(
            ErrorCode::FileTooLarge,
            format!(
                "« {} » est trop gros ({} Mo) pour être un dossier Grappe",
                path.display(),
                size >> 20
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    String::from_utf8(bytes).map_err(|_| {
        AppError::new(
            ErrorCode::NotUtf8,
            format!(
                "« {} » n'est pas un fichier texte UTF-8 : ce n'est pas un dossier Grappe",
                path.display()
            ),
        )
    })
}

/// Reads a file the user chose to attach (an invoice, a proof), at most `max` bytes.
pub(crate) fn read_bytes(path: &Path, max: usize) -> Result<Vec<u8>, AppError> {
    let io = |e: std::io::Error| {
        AppError::new(
            ErrorCode::Io,
            format!("« {} » : lecture impossible ({e})", path.display()),
        )
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > max as u64 {
        return Err(AppError::new(
            ErrorCode::FileTooLarge,
            format!(
                "« {} » est trop gros ({} Mo) : une pièce jointe fait au plus {} Mo",
                path.display(),
                size.div_ceil(1024 * 1024),
                max / (1024 * 1024)
            ),
        ));
    }
    std::fs::read(path).map_err(io)
}

pub(crate) fn io(e: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::Io, e.to_string())
}

/// Files that exist and would be replaced: the UI asks before writing again with `replace`.
pub(crate) fn files_exist(found: &[PathBuf]) -> AppError {
    let names: Vec<String> = found.iter().map(|p| format!("« {} »", p.display())).collect();
    let message = if names.len() == 1 {
        format!("{} existe déjà.", names[0])
    } else {
        format!("Ces fichiers existent déjà : {}.", names.join(", "))
    };
    AppError::field(ErrorCode::FileExists, message, "path")
}

/// A write that failed; a file that appeared meanwhile is reported like one found before.
pub(crate) fn write_error(e: grappe_dossier::WriteError) -> AppError {
    if e.exists {
        files_exist(&[PathBuf::from(&e.path)])
    } else {
        io(e)
    }
}
