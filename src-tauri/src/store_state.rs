//! The store as the commands see it. It is opened on a thread of its own while the window loads
//! (opening checks the whole file); commands that need it wait until it is open. When it cannot
//! be opened (damaged, from a newer Grappe, unreadable folder), the app still starts, says why in
//! French, and lets the user start a new store: the old file is set aside under a new name,
//! never deleted.

use std::sync::{Condvar, Mutex};

use grappe_store::Store;
use tauri::{AppHandle, State};

use crate::{AppError, AppState};

/// Why the store could not be opened, if it could not; `can_start_fresh` says whether setting
/// it aside and starting a new one is offered.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct StoreProblem {
    pub message: String,
    pub can_start_fresh: bool,
}

#[derive(Debug)]
enum Slot {
    Opening,
    Open(Box<Store>),
    Failed(StoreProblem),
}

/// The store, once opened, behind one lock.
#[derive(Debug)]
pub struct StoreSlot {
    slot: Mutex<Slot>,
    settled: Condvar,
}

fn unavailable() -> AppError {
    AppError::new(
        "store_poisoned",
        "le magasin est indisponible après une erreur : redémarrez Grappe",
    )
}

impl StoreSlot {
    pub fn opening() -> StoreSlot {
        StoreSlot {
            slot: Mutex::new(Slot::Opening),
            settled: Condvar::new(),
        }
    }

    /// Records the outcome of opening the store and wakes the waiting commands.
    pub fn settle(&self, opened: Result<Store, StoreProblem>) {
        if let Ok(mut slot) = self.slot.lock() {
            *slot = match opened {
                Ok(store) => Slot::Open(Box::new(store)),
                Err(problem) => Slot::Failed(problem),
            };
        }
        self.settled.notify_all();
    }

    fn settled(&self) -> Result<std::sync::MutexGuard<'_, Slot>, AppError> {
        let slot = self.slot.lock().map_err(|_| unavailable())?;
        self.settled
            .wait_while(slot, |s| matches!(s, Slot::Opening))
            .map_err(|_| unavailable())
    }

    /// Runs `f` on the open store (waiting while it is being opened).
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, AppError>) -> Result<T, AppError> {
        match &mut *self.settled()? {
            Slot::Open(store) => f(store),
            Slot::Failed(problem) => Err(AppError::new("store_unreadable", problem.message.clone())),
            Slot::Opening => Err(AppError::new("store_closed", "le magasin de données n'est pas ouvert")),
        }
    }

    /// Why the store could not be opened (waiting while it is being opened).
    pub fn problem(&self) -> Result<Option<StoreProblem>, AppError> {
        Ok(match &*self.settled()? {
            Slot::Failed(problem) => Some(problem.clone()),
            _ => None,
        })
    }
}

#[tauri::command]
pub async fn store_problem(state: State<'_, AppState>) -> Result<Option<StoreProblem>, AppError> {
    state.store.problem()
}

/// Sets the unreadable store aside and starts a new one (with the samples and the demo).
/// Returns where the old file now is.
#[tauri::command]
pub async fn start_fresh(app: AppHandle, state: State<'_, AppState>) -> Result<String, AppError> {
    if state.store.problem()?.is_none() {
        return Err(AppError::new(
            "store_open",
            "le magasin est ouvert : rien à mettre de côté",
        ));
    }
    let path = crate::store_path(&app).map_err(|e| AppError::new("io", e.to_string()))?;
    let aside = grappe_store::set_aside(&path)?;
    let store = crate::first_start::open_store(&path).map_err(|p| AppError::new("store_unreadable", p.message))?;
    state.store.settle(Ok(store));
    log::warn!("magasin illisible mis de côté : {}", aside.display());
    Ok(aside.display().to_string())
}
