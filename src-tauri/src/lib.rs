//! The Tauri shell: app state (the store), thin async commands, one error contract. The
//! commands parse, call the crates and map the error; no domain logic lives here.

mod commands;
mod error;
mod first_start;
mod store_state;
mod view;

use std::path::PathBuf;
use std::sync::atomic::AtomicU64;

use tauri::Manager;

pub use error::AppError;

/// The state shared by the commands.
#[derive(Debug)]
pub struct AppState {
    /// The store: being opened, open, or why it could not be.
    pub store: store_state::StoreSlot,
    /// The number of the latest search typed: an older one still waiting is skipped.
    pub search_seq: AtomicU64,
    /// The barème the wizard evaluates with.
    pub bareme: grappe_core::Bareme,
}

/// The store file, in the platform's app data folder.
pub(crate) fn store_path(app: &tauri::AppHandle) -> tauri::Result<PathBuf> {
    Ok(app.path().app_data_dir()?.join("grappe.sqlite"))
}

/// A UTC time from the store, as local time for display (`23/11/2026 10:00:12`).
pub(crate) fn local_time(at: chrono::NaiveDateTime) -> String {
    at.and_utc()
        .with_timezone(&chrono::Local)
        .format("%d/%m/%Y %H:%M:%S")
        .to_string()
}

/// Starts the app: one instance (a second launch focuses the first window), window size and
/// position remembered, logs in the app's log folder; opens (or creates) the store in the app
/// data folder, with the sample reference data and the demo dossier on first start.
pub fn run() {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(
            tauri_plugin_log::Builder::new()
                .level(log::LevelFilter::Info)
                .clear_targets()
                .target(tauri_plugin_log::Target::new(tauri_plugin_log::TargetKind::Stdout))
                .target(tauri_plugin_log::Target::new(tauri_plugin_log::TargetKind::LogDir {
                    file_name: Some("grappe".into()),
                }))
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            let path = store_path(app.handle())?;
            app.manage(AppState {
                store: store_state::StoreSlot::opening(),
                search_seq: AtomicU64::new(0),
                bareme: grappe_core::Bareme::default_bareme(),
            });
            // Opened while the window loads; the commands wait for it.
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                let opened = first_start::open_store(&path);
                match &opened {
                    Ok(_) => log::info!("Grappe démarré, magasin {}", path.display()),
                    Err(e) => log::error!("magasin {} : {}", path.display(), e.message),
                }
                handle.state::<AppState>().store.settle(opened);
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::dossiers::list_dossiers,
            commands::dossiers::new_dossier,
            commands::dossiers::open_dossier,
            commands::dossiers::save_dossier,
            commands::dossiers::duplicate_dossier,
            commands::dossiers::delete_dossier,
            commands::dossiers::import_dossier,
            commands::dossiers::export_dossier,
            commands::dossiers::dossier_history,
            commands::dossiers::restore_version,
            commands::reference::reference_status,
            commands::reference::search_finess,
            commands::reference::etablissements_of_ej,
            commands::reference::essms_from_reference,
            commands::reference::read_essms_list,
            commands::reference::import_finess,
            commands::reference::import_solutions,
            commands::reference::list_solutions,
            commands::fields::check_finess,
            commands::fields::check_amount,
            commands::fields::finess_categories,
            commands::generation::suggested_pdf_path,
            commands::generation::generate_dossier,
            commands::generation::list_documents,
            commands::generation::open_document,
            store_state::store_problem,
            store_state::start_fresh,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Grappe n'a pas pu démarrer : {e}");
        std::process::exit(1);
    }
}
