//! The desktop app's use cases, without Tauri: every command's body, run against the store and
//! files, so that they are tested in Rust on real temporary stores. The shell (`src-tauri/`)
//! only registers one `call` command that hands its name and arguments to [`commands::dispatch`]
//! on a blocking thread, and supplies a [`Host`] for what needs the desktop (the system viewer,
//! the documents folder, progress events).
//!
//! [`commands`] is the one table of commands: it deserialises the arguments, runs the use case,
//! and describes each command's TypeScript signature, from which `ui/src/commands.ts` is
//! generated (`typescript`).

pub mod backups;
pub mod baremes;
pub mod commands;
pub mod dossiers;
mod error;
pub mod fields;
mod files;
pub mod generation;
pub mod portfolio;
pub mod reference;
mod samples;
pub mod store_state;
pub mod suivi;
mod typescript;
pub mod variants;
pub mod view;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;

use chrono::NaiveDate;
use std::sync::Arc;

use grappe_core::{Bareme, Dossier};

pub use error::{AppError, ErrorCode};
/// Where the app keeps its files (named after its identifier), for the shell.
pub use grappe_store::app_folders;
pub use store_state::StoreProblem;

/// `ui/src/commands.ts`: the TypeScript wrappers of every command of the table.
pub fn typescript_wrappers() -> String {
    typescript::wrappers(&commands::signatures())
}

/// The state shared by every command: the store (being opened, open, or why it could not be)
/// with its barèmes.
#[derive(Debug)]
pub struct App {
    store: store_state::StoreSlot,
    /// The number of the latest search typed: an older one still waiting is skipped.
    search_seq: AtomicU64,
    store_path: PathBuf,
    /// The accounting export last read, while its file is unchanged: the preview is computed
    /// again at each change of the mapping without reading the file again.
    accounting_file: suivi::AccountingCache,
}

impl App {
    /// The app before its store is opened: commands that need the store wait for
    /// [`App::open_store`].
    pub fn new(store_path: PathBuf) -> App {
        App {
            store: store_state::StoreSlot::opening(),
            search_seq: AtomicU64::new(0),
            store_path,
            accounting_file: suivi::AccountingCache::default(),
        }
    }

    /// Opens (or creates, with the samples and the demo dossier) the store, and wakes the
    /// commands waiting for it. Opening checks the whole file: the shell runs it on a thread of
    /// its own while the window loads.
    pub fn open_store(&self) {
        let opened = store_state::open_store(&self.store_path);
        match &opened {
            Ok(_) => log::info!("Grappe démarré, magasin {}", self.store_path.display()),
            Err(e) => log::error!("magasin {} : {}", self.store_path.display(), e.message),
        }
        self.store.settle(opened);
    }

    /// Works out le portefeuille's rows at `day` that the store does not keep yet, so that the
    /// portfolio opens on rows ready (`Store::prepare_projects`). A slice of a few milliseconds
    /// at a time under the store's lock, then a pause that lets a waiting command in: no command
    /// waits for more than one slice. The shell runs it on a thread of its own after the start.
    pub fn prepare_portfolio(&self, day: NaiveDate) {
        const SLICE: std::time::Duration = std::time::Duration::from_millis(4);
        const PAUSE: std::time::Duration = std::time::Duration::from_millis(1);
        loop {
            let until = std::time::Instant::now() + SLICE;
            match self.store.with(|s| Ok(s.prepare_projects(day, until)?)) {
                Ok(true) => return,
                Ok(false) => std::thread::sleep(PAUSE),
                Err(e) => {
                    log::warn!("portefeuille non préparé : {}", e.message);
                    return;
                }
            }
        }
    }

    pub fn store_path(&self) -> &Path {
        &self.store_path
    }

    /// The app over a store already opened (the `grappe` command: a store named by `--store`,
    /// or a temporary one holding a dossier file for one command).
    pub fn over(store_path: PathBuf, store: grappe_store::Store) -> App {
        let app = App::new(store_path);
        app.store.settle(Ok(store));
        app
    }

    /// Runs `f` on the open store: for the `grappe` command, which has no other way in.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut grappe_store::Store) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        self.store.with(f)
    }
}

/// What the use cases need from the desktop around them.
pub trait Host {
    /// Progress of a long command, in percent.
    fn progress(&self, percent: u32);
    /// Opens a file with the system's viewer.
    fn open_path(&self, path: &Path) -> Result<(), String>;
    /// Where a save dialog starts (the user's documents folder).
    fn documents_dir(&self) -> PathBuf;
    /// Today, for new dossiers and generation dates.
    fn today(&self) -> NaiveDate {
        chrono::Local::now().date_naive()
    }
}

/// One command's context: the app and the host it runs in.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub app: &'a App,
    pub host: &'a dyn Host,
}

impl std::fmt::Debug for Ctx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ctx").field("app", self.app).finish_non_exhaustive()
    }
}

impl Ctx<'_> {
    /// Runs `f` on the open store (waiting while it is being opened); a failure is logged.
    pub(crate) fn with_store<T>(
        &self,
        f: impl FnOnce(&mut grappe_store::Store) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        self.app
            .store
            .with(|s| {
                s.sync_baremes()?;
                f(s)
            })
            .inspect_err(|e| log::warn!("{}: {}", e.code, e.message))
    }

    /// A stored dossier and the barème it is computed with.
    pub(crate) fn dossier_and_bareme(&self, id: i64) -> Result<(Dossier, Arc<Bareme>), AppError> {
        self.with_store(|s| {
            let dossier = s.load(id)?.dossier;
            let bareme = Arc::clone(s.baremes().of(&dossier.campaign));
            Ok((dossier, bareme))
        })
    }
}
