//! A bare Tauri window showing one static page: what Grappe's launch time and memory are
//! compared with (scripts/bench-app.sh).

fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("fenêtre nue : {e}");
        std::process::exit(1);
    }
}
