//! Thin async commands: lock the store, call the crates, map the error. Grouped by screen.

pub mod dossiers;
pub mod fields;
pub mod generation;
pub mod reference;

use std::path::Path;

use tauri::State;

use crate::{AppError, AppState};

/// Runs `f` on the open store (waiting while it is being opened at start).
pub(crate) fn with_store<T>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&mut grappe_store::Store) -> Result<T, AppError>,
) -> Result<T, AppError> {
    state
        .store
        .with(f)
        .inspect_err(|e| log::warn!("{}: {}", e.code, e.message))
}

/// Files users pick are read whole; anything larger is not a dossier or a list.
const MAX_FILE: u64 = 256 * 1024 * 1024;

/// Reads a text file the user chose, with French messages.
pub(crate) fn read_text(path: &Path) -> Result<String, AppError> {
    let io = |e: std::io::Error| AppError::new("io", format!("« {} » : lecture impossible ({e})", path.display()));
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE {
        return Err(AppError::new(
            "file_too_large",
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
            "not_utf8",
            format!(
                "« {} » n'est pas un fichier texte UTF-8 : ce n'est pas un dossier Grappe",
                path.display()
            ),
        )
    })
}
