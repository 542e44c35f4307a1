//! Variants of a dossier: linked copies, adopted as a new version, undone by restoring.

#![allow(clippy::unwrap_used)] // tests may fail loudly

use grappe_core::demo;
use grappe_store::Store;

#[test]
fn a_variant_without_one_og_is_adopted_then_undone() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("grappe.sqlite")).unwrap();
    let original = demo::demo_dossier();
    let id = s.create(&original).unwrap();
    let v = s.create_variant(id, "Sans le CCAS").unwrap();
    assert_eq!(s.variants(id).unwrap(), vec![(v, "Sans le CCAS".to_string())]);
    assert_eq!(s.variant_of(v).unwrap(), Some(id));
    assert!(s.create_variant(v, "variante de variante").is_err());
    let listed = s.list().unwrap();
    assert_eq!(listed.iter().find(|d| d.id == v).unwrap().variant_of, Some(id));

    // The variant edited: one OG and its ESSMS out.
    let mut changed = s.load(v).unwrap().dossier;
    let gone = changed.ogs.pop().unwrap();
    changed.essms.retain(|e| e.og != gone.finess_ej);
    s.replace(v, &changed, "Sans le CCAS").unwrap();

    // Adopted: the dossier's candidature is the variant's, its name kept, as one new version.
    let before = s.adopt_variant(id, v).unwrap();
    let now = s.load(id).unwrap();
    assert_eq!(now.dossier.name, original.name);
    assert_eq!(now.dossier.essms, changed.essms);
    assert_eq!(now.version, before + 1);
    assert!(s.history(id).unwrap()[0]
        .description
        .contains("Variante « Sans le CCAS » adoptée"));
    // Undone: the version before restored.
    s.restore(id, before).unwrap();
    assert_eq!(s.load(id).unwrap().dossier, original);
    // Only a variant of this dossier can be adopted.
    let other = s.create(&original).unwrap();
    assert!(s.adopt_variant(other, v).is_err());
    // Deleting the original leaves the variant, no longer linked.
    s.delete(id).unwrap();
    assert_eq!(s.variant_of(v).unwrap(), None);
}
