//! Thin async commands: lock the store, call it, map the error.

use serde::Serialize;
use tauri::State;

use crate::{AppError, AppState};

fn store<'a>(state: &'a State<'_, AppState>) -> Result<std::sync::MutexGuard<'a, grappe_store::Store>, AppError> {
    state.store.lock().map_err(|_| AppError {
        code: "store_poisoned".into(),
        message: "le magasin est indisponible après une erreur : redémarrez Grappe".into(),
        field: None,
    })
}

/// One dossier of the home screen's list, amounts French-formatted for display.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DossierRow {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub porteur: String,
    pub campaign: String,
    pub essms_count: u32,
    /// Decimal string (`"462000.00"`).
    pub total: String,
    pub total_fr: String,
    pub updated_at: String,
}

#[tauri::command]
pub async fn list_dossiers(state: State<'_, AppState>) -> Result<Vec<DossierRow>, AppError> {
    let rows = store(&state)?.list()?;
    Ok(rows
        .into_iter()
        .map(|d| DossierRow {
            id: d.id,
            name: d.name,
            porteur: d.porteur,
            campaign: d.campaign,
            essms_count: d.essms_count,
            total: d.total.to_string(),
            total_fr: d.total.fr(),
            updated_at: d.updated_at.format("%d/%m/%Y %H:%M").to_string(),
        })
        .collect())
}

/// The state of the reference data, for the home screen.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ReferenceStatus {
    /// Date of the FINESS extract (`23/11/2026`), if one was imported.
    pub finess_date: Option<String>,
    #[ts(type = "number")]
    pub etablissements: u64,
    #[ts(type = "number")]
    pub solutions: usize,
}

#[tauri::command]
pub async fn reference_status(state: State<'_, AppState>) -> Result<ReferenceStatus, AppError> {
    let store = store(&state)?;
    let extract = store.finess_extract()?;
    Ok(ReferenceStatus {
        finess_date: extract.as_ref().map(|e| grappe_core::format_date(e.extract_date)),
        etablissements: extract.map_or(0, |e| e.etablissements),
        solutions: store.solutions()?.len(),
    })
}
