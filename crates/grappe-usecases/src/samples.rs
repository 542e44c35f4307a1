//! The fictitious samples of a first start (a FINESS extract, a list of référencées solutions,
//! the demo dossier), and whether a store holds nothing else yet.

use grappe_store::{Store, StoreError};

/// The file name of the fictitious FINESS sample, kept as the extract's name in the store.
pub(crate) const SAMPLE_FINESS_NAME: &str = "etalab-cs1100502-stock-exemple-fictif.csv";
pub(crate) const SAMPLE_FINESS: &[u8] = include_bytes!("../../../samples/etalab-cs1100502-stock-exemple-fictif.csv");
pub(crate) const SAMPLE_SOLUTIONS_NAME: &str = "solutions-referencees-exemple-fictif.csv";
pub(crate) const SAMPLE_SOLUTIONS: &[u8] = include_bytes!("../../../samples/solutions-referencees-exemple-fictif.csv");

/// The FINESS data is the fictitious sample, not a real extract.
pub(crate) fn finess_is_sample(store: &Store) -> Result<bool, StoreError> {
    Ok(store
        .finess_extract()?
        .is_some_and(|e| e.file_name == SAMPLE_FINESS_NAME))
}

/// Nothing of the user's yet: the FINESS sample, and no dossier but the demo.
pub(crate) fn only_samples(store: &Store) -> Result<bool, StoreError> {
    Ok(finess_is_sample(store)? && store.list()?.iter().all(|d| d.name == grappe_core::demo::DEMO_NAME))
}
