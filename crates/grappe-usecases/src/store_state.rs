//! The store as the use cases see it. It is opened on a thread of its own while the window loads
//! (opening checks the whole file); commands that need it wait until it is open. When it cannot
//! be opened (damaged, from a newer Grappe, unreadable folder), the app still starts, says why in
//! French, and lets the user start a new store: the old file is set aside under a new name,
//! never deleted.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use std::ops::ControlFlow;
use std::path::Path;

use grappe_store::Store;

use crate::samples::{SAMPLE_FINESS, SAMPLE_FINESS_NAME, SAMPLE_SOLUTIONS, SAMPLE_SOLUTIONS_NAME};
use crate::ErrorCode;
use crate::{AppError, Ctx};

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

impl StoreSlot {
    pub fn opening() -> StoreSlot {
        StoreSlot {
            slot: Mutex::new(Slot::Opening),
            settled: Condvar::new(),
        }
    }

    /// Records the outcome of opening the store and wakes the waiting commands.
    pub fn settle(&self, opened: Result<Store, StoreProblem>) {
        *self.slot.lock().unwrap_or_else(PoisonError::into_inner) = match opened {
            Ok(store) => Slot::Open(Box::new(store)),
            Err(problem) => Slot::Failed(problem),
        };
        self.settled.notify_all();
    }

    /// The slot once the store is open or known unreadable. A lock poisoned by a command that
    /// panicked is taken over: the store is still consistent (the panic rolled its transaction
    /// back), so one failed command never makes the next ones fail.
    fn settled(&self) -> MutexGuard<'_, Slot> {
        let slot = self.slot.lock().unwrap_or_else(PoisonError::into_inner);
        self.settled
            .wait_while(slot, |s| matches!(s, Slot::Opening))
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on the open store (waiting while it is being opened). Should `f` panic, the
    /// panic is turned into an error (its transaction rolled back) and the store stays usable.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, AppError>) -> Result<T, AppError> {
        match &mut *self.settled() {
            Slot::Open(store) => catch_unwind(AssertUnwindSafe(|| f(store))).unwrap_or_else(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                log::error!("erreur interne pendant une commande : {what}");
                Err(AppError::internal())
            }),
            Slot::Failed(problem) => Err(AppError::new(ErrorCode::StoreUnreadable, problem.message.clone())),
            Slot::Opening => Err(AppError::new(
                ErrorCode::StoreClosed,
                "le magasin de données n'est pas ouvert",
            )),
        }
    }

    /// Closes the store, runs `f` on its file (a restoration), then opens it again — whatever
    /// `f` returned; no command runs meanwhile.
    pub fn reopen_after<T>(&self, path: &Path, f: impl FnOnce() -> Result<T, AppError>) -> Result<T, AppError> {
        let mut slot = self.settled();
        // The connection is closed here: its WAL file checkpointed and removed.
        *slot = Slot::Opening;
        let result = f();
        *slot = match open_store(path) {
            Ok(store) => Slot::Open(Box::new(store)),
            Err(problem) => Slot::Failed(problem),
        };
        self.settled.notify_all();
        result
    }

    /// Why the store could not be opened (waiting while it is being opened).
    pub fn problem(&self) -> Result<Option<StoreProblem>, AppError> {
        Ok(match &*self.settled() {
            Slot::Failed(problem) => Some(problem.clone()),
            _ => None,
        })
    }
}

/// Why the store could not be opened, if it could not (waiting while it is being opened).
pub fn store_problem(ctx: &Ctx) -> Result<Option<StoreProblem>, AppError> {
    ctx.app.store.problem()
}

/// Sets the unreadable store aside and starts a new one (with the samples and the demo).
/// Returns where the old file now is.
pub fn start_fresh(ctx: &Ctx) -> Result<String, AppError> {
    if ctx.app.store.problem()?.is_none() {
        return Err(AppError::new(
            ErrorCode::StoreOpen,
            "le magasin est ouvert : rien à mettre de côté",
        ));
    }
    let path = &ctx.app.store_path;
    let aside = grappe_store::set_aside(path)?;
    let store = open_store(path).map_err(|p| AppError::new(ErrorCode::StoreUnreadable, p.message))?;
    ctx.app.store.settle(Ok(store));
    log::warn!("magasin illisible mis de côté : {}", aside.display());
    Ok(aside.display().to_string())
}

/// Opens the store; a new one (first start) gets the sample reference data shipped in
/// `samples/` and the demo dossier, so the app is useful at once.
pub fn open_store(path: &Path) -> Result<Store, StoreProblem> {
    let mut store = Store::open(path).map_err(|e| StoreProblem {
        message: e.to_string(),
        can_start_fresh: e.can_start_fresh(),
    })?;
    if store.opened().created {
        load_samples(&mut store, path).map_err(|e| StoreProblem {
            message: e.message,
            can_start_fresh: false,
        })?;
    }
    crate::backups::automatic_backup(&store, path, chrono::Local::now().date_naive());
    Ok(store)
}

fn load_samples(store: &mut Store, path: &Path) -> Result<(), AppError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let finess = dir.join(SAMPLE_FINESS_NAME);
    let solutions = dir.join(SAMPLE_SOLUTIONS_NAME);
    let write = |p: &Path, bytes: &[u8]| {
        std::fs::write(p, bytes).map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!("« {} » : écriture impossible ({e})", p.display()),
            )
        })
    };
    write(&finess, SAMPLE_FINESS)?;
    write(&solutions, SAMPLE_SOLUTIONS)?;
    store.import_finess(&finess, &mut |_| ControlFlow::Continue(()))?;
    store.import_solutions(&solutions)?;
    store.create(&grappe_core::demo::demo_dossier())?;
    let _ = std::fs::remove_file(finess);
    let _ = std::fs::remove_file(solutions);
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn open_slot(dir: &std::path::Path) -> StoreSlot {
        let slot = StoreSlot::opening();
        slot.settle(Ok(Store::open(&dir.join("grappe.sqlite")).unwrap()));
        slot
    }

    #[test]
    fn a_command_that_panics_midway_leaves_the_store_usable_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let slot = open_slot(dir.path());
        let demo = grappe_core::demo::demo_dossier();
        let id = slot.with(|s| Ok(s.create(&demo)?)).unwrap();
        // A forced failure inside a write: the dossier is half-changed in memory when it panics.
        let failed = slot.with(|s| -> Result<(), AppError> {
            let mut d = s.load(id)?.dossier;
            d.name = "jamais enregistré".into();
            d.essms.clear();
            panic!("échec forcé au milieu d'une commande");
        });
        assert_eq!(failed.unwrap_err().code, crate::ErrorCode::Internal);
        // The next commands work, and nothing of the failed one was written.
        let stored = slot.with(|s| Ok(s.load(id)?)).unwrap();
        assert_eq!(stored.dossier, demo);
        let mut renamed = demo.clone();
        renamed.name = "Grappe renommée".into();
        slot.with(|s| Ok(s.replace(id, &renamed, "test")?)).unwrap();
        assert_eq!(slot.with(|s| Ok(s.list()?)).unwrap()[0].name, "Grappe renommée");
    }

    #[test]
    fn a_command_that_fails_with_an_error_leaves_the_store_usable() {
        let dir = tempfile::tempdir().unwrap();
        let slot = open_slot(dir.path());
        let err = slot
            .with(|s| Ok(s.import("ceci n'est pas un dossier", None)?))
            .unwrap_err();
        assert!(err.message.contains("JSON invalide"), "{}", err.message);
        let id = slot
            .with(|s| {
                Ok(s.import(
                    &grappe_core::dossier_file::to_json(&grappe_core::demo::demo_dossier()),
                    None,
                )?)
            })
            .unwrap();
        assert_eq!(slot.with(|s| Ok(s.list()?)).unwrap()[0].id, id);
    }
}
