//! Writes a store of schema version 1 holding the demo dossier and a few edits: the fixture of
//! the migration test (`tests/fixtures/store-v1.sqlite`, committed). Kept so the fixture can be
//! made again from the first schema:
//! `cargo run -p grappe-store --example make_v1_fixture -- crates/grappe-store/tests/fixtures/store-v1.sqlite`

use grappe_store::Store;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: make_v1_fixture <fichier>")?;
    let path = std::path::Path::new(&path);
    if path.exists() {
        std::fs::remove_file(path)?;
    }
    let mut store = Store::open_at_schema(path, 1)?;
    let demo = grappe_core::demo::demo_dossier();
    let id = store.create(&demo)?;
    let stored = store.load(id)?;
    let mut essms = stored.dossier.essms[2].clone();
    essms.name = "EHPAD La Roseraie (renommé)".into();
    store.save_essms(id, stored.essms_ids[2], &essms)?;
    let mut second = grappe_core::demo::synthetic_dossier(30);
    second.name = "Deuxième dossier".into();
    store.create(&second)?;
    drop(store);
    println!("{}", path.display());
    Ok(())
}
