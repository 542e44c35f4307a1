//! Writes a store of an older schema holding the demo dossier and a few edits: the fixtures of
//! the migration tests (`tests/fixtures/store-v<N>.sqlite`, committed). A fixture is made by the
//! release of its schema (the code of a later one writes columns an older schema lacks): check
//! that release out, then
//! `cargo run -p grappe-store --example make_fixture -- crates/grappe-store/tests/fixtures/store-v<N>.sqlite <N>`
//! (`store-v4.sqlite`: the release before the follow-up, with a generated document;
//! `store-v5.sqlite`: the release of 6071b7a, with a followed dossier too).

use grappe_store::Store;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let usage = "usage: make_fixture <fichier> <version du schéma>";
    let path = std::env::args().nth(1).ok_or(usage)?;
    let schema: i64 = std::env::args().nth(2).ok_or(usage)?.parse()?;
    let path = std::path::Path::new(&path);
    if path.exists() {
        std::fs::remove_file(path)?;
    }
    let mut store = Store::open_at_schema(path, schema)?;
    let demo = grappe_core::demo::demo_dossier();
    let id = store.create(&demo)?;
    let stored = store.load(id)?;
    let mut essms = stored.dossier.essms[2].clone();
    essms.name = "EHPAD La Roseraie (renommé)".into();
    store.save_essms(id, stored.essms_ids[2], &essms)?;
    let mut second = grappe_core::demo::synthetic_dossier(30);
    second.name = "Deuxième dossier".into();
    store.create(&second)?;
    if schema >= 2 {
        store.record_document(
            id,
            &grappe_store::DocumentRecord {
                file_name: "/home/moi/flandres.pdf".into(),
                fingerprint: "0123456789abcdef".into(),
                bareme_version: "2023-2025.2".into(),
                generated_at: chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
                    .and_then(|d| d.and_hms_opt(10, 0, 0))
                    .ok_or("date")?,
            },
        )?;
    }
    if schema >= 5 {
        let mut followed = grappe_core::demo::demo_followed();
        followed.name = "Grappe suivie".into();
        store.create(&followed)?;
    }
    drop(store);
    println!("{}", path.display());
    Ok(())
}
