//! The Tauri shell: app state (the store), thin async commands, one error contract. The
//! commands parse, call the crates and map the error; no domain logic lives here.

mod commands;
mod error;
mod first_start;

use std::sync::Mutex;

use tauri::Manager;

pub use error::AppError;

/// The state shared by the commands: the open store.
#[derive(Debug)]
pub struct AppState {
    pub store: Mutex<grappe_store::Store>,
}

/// Starts the app: opens (or creates) the store in the platform's app data folder, loads the
/// sample reference data and the demo dossier on first start, and opens the main window.
pub fn run() {
    let result = tauri::Builder::default()
        .setup(|app| {
            let dir = app.path().app_data_dir()?;
            let store = first_start::open_store(&dir.join("grappe.sqlite"))?;
            app.manage(AppState {
                store: Mutex::new(store),
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::list_dossiers,
            commands::reference_status
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Grappe n'a pas pu démarrer : {e}");
        std::process::exit(1);
    }
}
