//! The Tauri shell: plugins, the window, and one command, `call`, that hands a command's name
//! and arguments to the use cases of `grappe-usecases` on a blocking thread (the store and PDF
//! work never holds an async worker). No logic a test would want to reach lives here: the
//! use cases are tested in their crate, without a webview.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use grappe_usecases::{commands, App, AppError, Ctx, Host};
use serde_json::Value;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_opener::OpenerExt;

/// How long after the store is open the portfolio's rows are prepared: once the window is up,
/// so that the first paint does not share the processor with them.
const PREPARE_PORTFOLIO_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

/// What the use cases need from the desktop: the system viewer, the documents folder, progress
/// sent on the call's channel.
struct TauriHost {
    app: AppHandle,
    progress: Channel<u32>,
}

impl Host for TauriHost {
    fn progress(&self, percent: u32) {
        let _ = self.progress.send(percent);
    }

    fn open_path(&self, path: &Path) -> Result<(), String> {
        self.app
            .opener()
            .open_path(path.display().to_string(), None::<&str>)
            .map_err(|e| e.to_string())
    }

    fn documents_dir(&self) -> PathBuf {
        let paths = self.app.path();
        paths
            .document_dir()
            .or_else(|_| paths.home_dir())
            .unwrap_or_else(|_| PathBuf::from("."))
    }
}

/// Every command of the UI: `command` is a name of the use cases' table, `args` its arguments,
/// `progress` where a long command reports its progress.
#[tauri::command]
async fn call(
    app: AppHandle,
    state: State<'_, Arc<App>>,
    command: String,
    args: Value,
    progress: Channel<u32>,
) -> Result<Value, AppError> {
    let usecases = Arc::clone(&state);
    let host = TauriHost { app, progress };
    tauri::async_runtime::spawn_blocking(move || {
        commands::dispatch(
            &Ctx {
                app: &usecases,
                host: &host,
            },
            &command,
            args,
        )
    })
    .await
    .unwrap_or_else(|e| {
        log::error!("commande interrompue : {e}");
        Err(AppError::internal())
    })
}

/// Starts the app: one instance (a second launch focuses the first window), window size and
/// position remembered, logs in the app's log folder; opens (or creates) the store in the app
/// data folder, with the sample reference data and the demo dossier on first start.
pub fn run() {
    // Before any plugin makes the new identifier's folders (logs, window state): the folders of
    // the releases before the identifier changed are moved to it, once.
    let moved = grappe_usecases::app_folders::move_old_folders(&grappe_usecases::app_folders::platform_folders());
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
        .setup(move |app| {
            for m in &moved {
                log::info!("changement d'identifiant de l'application : {m}");
            }
            // The store file, in the platform's app data folder (shared with the CLI's default).
            let path = app
                .path()
                .app_data_dir()?
                .join(grappe_usecases::app_folders::STORE_FILE);
            let usecases = Arc::new(App::new(path));
            app.manage(Arc::clone(&usecases));
            // Opened while the window loads; the commands wait for it. Then, once the window
            // is up, the portfolio's rows of today are worked out between the commands.
            std::thread::spawn(move || {
                usecases.open_store();
                std::thread::sleep(PREPARE_PORTFOLIO_AFTER);
                usecases.prepare_portfolio(chrono::Local::now().date_naive());
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![call])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Grappe n'a pas pu démarrer : {e}");
        std::process::exit(1);
    }
}
