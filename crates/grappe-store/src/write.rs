//! The one way the store is written.
//!
//! Every write runs in one `IMMEDIATE` transaction: the write lock is taken at the start (not
//! at the first write, where SQLite could only fail at once when another process holds it), and
//! a writer that finds the lock taken waits for it up to the busy timeout set at opening. So the
//! app and the `grappe` command can write the same store at the same time: each waits its turn,
//! and past the timeout gets [`StoreError::Busy`] with nothing written. A write that fails, or
//! panics, is rolled back when its transaction is dropped: the store is never left half-written.

use std::path::Path;

use crate::bareme_set::Baremes;
use rusqlite::{Transaction, TransactionBehavior};

use crate::{Store, StoreError};

/// A write in progress: its transaction, and what it needs to map errors and recompute
/// summaries.
pub(crate) struct Writer<'a> {
    pub tx: Transaction<'a>,
    path: &'a Path,
    pub baremes: &'a Baremes,
}

impl Writer<'_> {
    /// A SQLite error met during this write, in French.
    pub fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::sqlite(self.path, e)
    }
}

impl Store {
    /// Runs `write` in one immediate transaction, committed when it returns `Ok`, rolled back
    /// otherwise.
    pub(crate) fn write_tx<T>(
        &mut self,
        write: impl FnOnce(&Writer<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.sync_baremes()?;
        self.write_tx_under(None, write)
    }

    /// [`Store::write_tx`] with summaries computed under `baremes` (the store's set with a
    /// barème this same transaction adds) rather than the store's own.
    pub(crate) fn write_tx_under<T>(
        &mut self,
        baremes: Option<&Baremes>,
        write: impl FnOnce(&Writer<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let path = &self.path;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| StoreError::sqlite(path, e))?;
        let writer = Writer {
            tx,
            path,
            baremes: baremes.unwrap_or(&self.baremes),
        };
        let result = write(&writer)?;
        writer.tx.commit().map_err(|e| StoreError::sqlite(path, e))?;
        Ok(result)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::panic::{catch_unwind, AssertUnwindSafe};

    use super::*;

    #[test]
    fn a_write_that_panics_midway_is_rolled_back_and_the_store_stays_usable() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("grappe.sqlite")).unwrap();
        let demo = grappe_core::demo::demo_dossier();
        let id = s.create(&demo).unwrap();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            s.write_tx(|w| -> Result<(), StoreError> {
                w.tx.execute("DELETE FROM dossiers WHERE id = ?1", [id]).unwrap();
                panic!("échec forcé au milieu d'une écriture");
            })
        }));
        assert!(outcome.is_err());
        assert_eq!(s.load(id).unwrap().dossier, demo);
        let mut renamed = demo.clone();
        renamed.name = "Après l'échec".into();
        s.replace(id, &renamed, "test").unwrap();
        assert_eq!(s.load(id).unwrap().dossier, renamed);
        s.integrity_check().unwrap();
    }

    #[test]
    fn a_write_that_fails_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("grappe.sqlite")).unwrap();
        let id = s.create(&grappe_core::demo::demo_dossier()).unwrap();
        let err = s
            .write_tx(|w| {
                w.tx.execute("DELETE FROM dossiers WHERE id = ?1", [id])
                    .map_err(|e| w.err(e))?;
                Err::<(), _>(StoreError::Invalid("refusé".into()))
            })
            .unwrap_err();
        assert_eq!(err.to_string(), "refusé");
        assert_eq!(s.list().unwrap().len(), 1);
    }
}
