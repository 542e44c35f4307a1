//! When the store cannot be opened (damaged, from a newer Grappe, unreadable folder), the app
//! still starts, says why in French, and lets the user start a new store: the old file is set
//! aside under a new name, never deleted.

use tauri::{AppHandle, Manager, State};

use crate::{AppError, AppState};

/// Why the store could not be opened, if it could not; `can_start_fresh` says whether setting
/// it aside and starting a new one is offered.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct StoreProblem {
    pub message: String,
    pub can_start_fresh: bool,
}

#[tauri::command]
pub async fn store_problem(state: State<'_, AppState>) -> Result<Option<StoreProblem>, AppError> {
    Ok(state.open_error.lock().ok().and_then(|e| e.clone()))
}

/// Sets the unreadable store aside and starts a new one (with the samples and the demo).
/// Returns where the old file now is.
#[tauri::command]
pub async fn start_fresh(app: AppHandle, state: State<'_, AppState>) -> Result<String, AppError> {
    let path = app
        .path()
        .app_data_dir()
        .map_err(|e| AppError::new("io", e.to_string()))?
        .join("grappe.sqlite");
    let aside = grappe_store::set_aside(&path)?;
    let store = crate::first_start::open_store(&path).map_err(|p| AppError::new("store_unreadable", p.message))?;
    if let Ok(mut guard) = state.store.lock() {
        *guard = Some(store);
    }
    if let Ok(mut e) = state.open_error.lock() {
        *e = None;
    }
    log::warn!("magasin illisible mis de côté : {}", aside.display());
    Ok(aside.display().to_string())
}
