//! What the use-case tests share: the desktop around the commands (progress and opened files
//! recorded, today fixed) and a session on a real store in a temporary folder, calling the
//! commands by name as the UI does.
#![allow(dead_code, clippy::unwrap_used)]

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use grappe_usecases::{commands, App, AppError, Ctx, Host};
use serde_json::{json, Value};

/// The desktop around the commands: progress and opened files are recorded, today is fixed.
pub struct Desktop {
    pub documents: PathBuf,
    pub progress: RefCell<Vec<u32>>,
    pub opened: RefCell<Vec<PathBuf>>,
    pub today: NaiveDate,
}

impl Desktop {
    pub fn new(documents: PathBuf) -> Desktop {
        Desktop {
            documents,
            progress: RefCell::new(Vec::new()),
            opened: RefCell::new(Vec::new()),
            today: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        }
    }
}

impl Host for Desktop {
    fn progress(&self, percent: u32) {
        self.progress.borrow_mut().push(percent);
    }
    fn open_path(&self, path: &Path) -> Result<(), String> {
        self.opened.borrow_mut().push(path.to_path_buf());
        Ok(())
    }
    fn documents_dir(&self) -> PathBuf {
        self.documents.clone()
    }
    fn today(&self) -> NaiveDate {
        self.today
    }
}

pub struct Session {
    pub dir: tempfile::TempDir,
    pub app: Arc<App>,
    pub desktop: Desktop,
}

impl Session {
    /// A first start: a new store, with the samples and the demo dossier.
    pub fn new() -> Session {
        let session = Session::unopened();
        session.app.open_store();
        session
    }

    /// The app before its store is opened (its file may be prepared first).
    pub fn unopened() -> Session {
        let dir = tempfile::tempdir().unwrap();
        let documents = dir.path().join("Documents");
        std::fs::create_dir(&documents).unwrap();
        let app = Arc::new(App::new(dir.path().join("grappe.sqlite")));
        Session {
            dir,
            app,
            desktop: Desktop::new(documents),
        }
    }

    pub fn call(&self, name: &str, args: Value) -> Result<Value, AppError> {
        commands::dispatch(
            &Ctx {
                app: &self.app,
                host: &self.desktop,
            },
            name,
            args,
        )
    }

    pub fn ok(&self, name: &str, args: Value) -> Value {
        self.call(name, args)
            .unwrap_or_else(|e| panic!("{name} : {} ({})", e.message, e.code))
    }

    pub fn err(&self, name: &str, args: Value) -> AppError {
        match self.call(name, args) {
            Ok(v) => panic!("{name} aurait dû échouer, a rendu {v}"),
            Err(e) => e,
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The demo dossier's id (the dossier of a first start).
    pub fn demo(&self) -> i64 {
        let list = self.ok("list_dossiers", json!({}));
        let demo = list
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == "Grappe numérique des Flandres");
        demo.unwrap()["id"].as_i64().unwrap()
    }
}
