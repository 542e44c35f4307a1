//! First start: the store is created with the sample reference data (shipped in `samples/`)
//! and one demo dossier, so the app is useful at once.

use std::ops::ControlFlow;
use std::path::Path;

use grappe_store::Store;

use crate::store_state::StoreProblem;

const SAMPLE_FINESS: &[u8] = include_bytes!("../../samples/etalab-cs1100502-stock-exemple-fictif.csv");
const SAMPLE_SOLUTIONS: &[u8] = include_bytes!("../../samples/solutions-referencees-exemple-fictif.csv");

/// Opens the store; a new one gets the samples and the demo dossier.
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
    Ok(store)
}

fn load_samples(store: &mut Store, path: &Path) -> Result<(), crate::AppError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let finess = dir.join("etalab-cs1100502-stock-exemple-fictif.csv");
    let solutions = dir.join("solutions-referencees-exemple-fictif.csv");
    let write = |p: &Path, bytes: &[u8]| {
        std::fs::write(p, bytes).map_err(|e| crate::AppError {
            code: "io".into(),
            message: format!("« {} » : écriture impossible ({e})", p.display()),
            field: None,
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
