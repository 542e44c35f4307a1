//! The dossier last read or saved, kept in memory while its version is the store's.
//!
//! A follow-up holds thousands of expenses and measurements, and the Suivi screens act on one
//! at a time: the dossier is then not read and parsed again for each action, and saving its
//! follow-up writes only the rows that changed — found by comparing with the values kept here,
//! not by reading every row back. Every write of the dossier gives it a new version, and any
//! other process writing the file does too: a kept dossier whose version is no longer the
//! store's is read again.

use std::cell::RefCell;

use grappe_core::suivi::Suivi;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::history::{put_list, put_row, Version};
use crate::rows::{json, load_in, suivi_json, Entity, Placed, Read, SuiviRows};
use crate::{Store, StoreError, StoredDossier};

/// A dossier as last read or saved, with where its follow-up's rows lie.
pub(crate) struct Loaded {
    pub stored: StoredDossier,
    pub suivi_rows: SuiviRows,
}

/// The one dossier kept (the store is used by one thread at a time).
#[derive(Default)]
pub(crate) struct Slot(RefCell<Option<Loaded>>);

impl std::fmt::Debug for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.0.borrow().as_ref().map(|l| (l.stored.id, l.stored.version));
        f.debug_tuple("Slot").field(&kept).finish()
    }
}

impl Slot {
    /// Takes the kept dossier out when it is `id`'s.
    pub(crate) fn take(&self, id: i64) -> Option<Loaded> {
        let mut slot = self.0.borrow_mut();
        match slot.as_ref() {
            Some(l) if l.stored.id == id => slot.take(),
            _ => None,
        }
    }

    /// Runs `f` on the kept dossier when it is `id`'s, leaving it kept.
    pub(crate) fn with_kept<T>(&self, id: i64, f: impl FnOnce(&StoredDossier) -> T) -> Option<T> {
        self.0
            .borrow()
            .as_ref()
            .filter(|l| l.stored.id == id)
            .map(|l| f(&l.stored))
    }

    pub(crate) fn keep(&self, loaded: Loaded) {
        *self.0.borrow_mut() = Some(loaded);
    }
}

fn version_of(conn: &Connection, id: i64) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT version FROM dossiers WHERE id = ?1", [id], |r| r.get(0))
        .optional()
}

impl Store {
    /// The dossier's version in the file, none when it is not there.
    pub(crate) fn version_of(&self, id: i64) -> Result<Option<i64>, StoreError> {
        version_of(&self.conn, id).map_err(|e| self.err(e))
    }

    /// Reads a dossier with its follow-up.
    pub fn load(&self, id: i64) -> Result<StoredDossier, StoreError> {
        self.with_loaded(id, StoredDossier::clone)
    }

    /// Runs `f` on the dossier with its follow-up, read from the file only when it changed
    /// since it was last read or saved here.
    pub fn with_loaded<T>(&self, id: i64, f: impl FnOnce(&StoredDossier) -> T) -> Result<T, StoreError> {
        let version = version_of(&self.conn, id)
            .map_err(|e| self.err(e))?
            .ok_or(StoreError::DossierNotFound(id))?;
        if let Some(l) = self.loaded.0.borrow().as_ref() {
            if l.stored.id == id && l.stored.version == version {
                return Ok(f(&l.stored));
            }
        }
        let Read {
            stored,
            suivi_rows,
            problem,
        } = load_in(&self.conn, id)
            .map_err(|e| self.err(e))?
            .ok_or(StoreError::DossierNotFound(id))?;
        if let Some(detail) = problem {
            return Err(StoreError::Corrupted {
                path: self.path.display().to_string(),
                detail,
            });
        }
        let out = f(&stored);
        // Kept only when no other process wrote the dossier while it was being read.
        if version_of(&self.conn, id).map_err(|e| self.err(e))? == Some(stored.version) {
            self.loaded.keep(Loaded { stored, suivi_rows });
        }
        Ok(out)
    }
}

/// The follow-up's own fields (every one but its lists): named one by one, so that a field
/// added to [`Suivi`] must be added here.
fn own(s: &Suivi) -> impl PartialEq + '_ {
    let Suivi {
        filing,
        award,
        payments: _,
        expenses: _,
        indicators: _,
        measurements: _,
        own_gap_threshold,
        explanations,
        review,
        project_end,
        solde_requested_on,
        accounting,
        compte_rendu,
    } = s;
    (
        filing,
        award,
        own_gap_threshold,
        explanations,
        review,
        project_end,
        solde_requested_on,
        accounting,
        compte_rendu,
    )
}

/// Sets the rows of a list, lying at `rows` with the values `before`, to `after`: only the rows
/// whose value or position changes are written. Returns where the rows now lie.
fn put_changed<T: PartialEq + Serialize>(
    v: &mut Version,
    entity: Entity,
    rows: &[Placed],
    before: &[T],
    after: &[T],
) -> rusqlite::Result<Vec<Placed>> {
    let mut placed = Vec::with_capacity(after.len());
    for k in 0..rows.len().max(after.len()) {
        let position = k as i64;
        match (rows.get(k), after.get(k)) {
            (Some(&(id, at)), Some(value)) => {
                if at != position || before.get(k) != Some(value) {
                    put_row(v, entity, Some(id), Some((json(value), Some(position))))?;
                }
                placed.push((id, position));
            }
            (None, Some(value)) => {
                let id = put_row(v, entity, None, Some((json(value), Some(position))))?;
                placed.push((id, position));
            }
            (Some(&(id, _)), None) => {
                put_row(v, entity, Some(id), None)?;
            }
            (None, None) => {}
        }
    }
    Ok(placed)
}

/// Saves the follow-up `after` over `before`, whose rows lie at `rows`, in version `v`: only
/// the changed rows are written. Returns where the rows now lie.
pub(crate) fn put_suivi_changes(
    v: &mut Version,
    rows: &SuiviRows,
    before: &Suivi,
    after: &Suivi,
) -> rusqlite::Result<SuiviRows> {
    let own_rows = if rows[0].len() == 1 && own(before) == own(after) {
        rows[0].clone()
    } else {
        put_list(v, Entity::Suivi, vec![suivi_json(after)])?;
        let id: i64 =
            v.tx.query_row("SELECT id FROM suivi WHERE dossier_id = ?1", [v.dossier], |r| r.get(0))?;
        vec![(id, 0)]
    };
    Ok([
        own_rows,
        put_changed(v, Entity::Payment, &rows[1], &before.payments, &after.payments)?,
        put_changed(v, Entity::Expense, &rows[2], &before.expenses, &after.expenses)?,
        put_changed(v, Entity::Indicator, &rows[3], &before.indicators, &after.indicators)?,
        put_changed(
            v,
            Entity::Measurement,
            &rows[4],
            &before.measurements,
            &after.measurements,
        )?,
    ])
}
