//! History: each save is a version holding every row it changed, before and after. Restoring a
//! version writes back, for each row changed since, its value at that version — as a new
//! version, so that nothing is ever lost.

use std::collections::HashSet;

use rusqlite::{params, OptionalExtension, Transaction};

use crate::rows::{self, Entity, RowValue};
use crate::time::now;
use crate::{Store, StoreError, VersionInfo, HISTORY_DEPTH};

/// A version being written inside a transaction.
pub(crate) struct Version<'t, 'c> {
    pub(crate) tx: &'t Transaction<'c>,
    pub(crate) dossier: i64,
    pub(crate) number: i64,
    history_id: i64,
    seq: i64,
}

/// Sets a row to `value` (`None` deletes it; `row` `None` inserts a new row) and records the
/// change in the version. Returns the row id.
pub(crate) fn put_row(
    v: &mut Version,
    entity: Entity,
    row: Option<i64>,
    value: Option<RowValue>,
) -> rusqlite::Result<i64> {
    let before = match row {
        Some(id) => rows::get_row(v.tx, v.dossier, entity, id)?,
        None => None,
    };
    put_known(v, entity, row, before, value)
}

/// [`put_row`] when the row's current value is already known.
fn put_known(
    v: &mut Version,
    entity: Entity,
    row: Option<i64>,
    before: Option<RowValue>,
    value: Option<RowValue>,
) -> rusqlite::Result<i64> {
    if before == value {
        return Ok(row.unwrap_or_default());
    }
    let id = match (entity, row, &value) {
        (Entity::Dossier, Some(id), Some((header, _))) => {
            v.tx.execute("UPDATE dossiers SET header = ?2 WHERE id = ?1", params![id, header])?;
            id
        }
        (Entity::Dossier, _, _) => return Ok(row.unwrap_or_default()),
        (_, Some(id), None) => {
            v.tx.execute(&format!("DELETE FROM {} WHERE id = ?1", rows::table(entity)), [id])?;
            id
        }
        (_, Some(id), Some((data, position))) if before.is_some() => {
            v.tx.execute(
                &format!(
                    "UPDATE {} SET data = ?2, position = ?3 WHERE id = ?1",
                    rows::table(entity)
                ),
                params![id, data, position.unwrap_or_default()],
            )?;
            id
        }
        (_, id, Some((data, position))) => {
            v.tx.execute(
                &format!(
                    "INSERT INTO {} (id, dossier_id, position, data) VALUES (?1, ?2, ?3, ?4)",
                    rows::table(entity)
                ),
                params![id, v.dossier, position.unwrap_or_default(), data],
            )?;
            v.tx.last_insert_rowid()
        }
        (_, None, None) => return Ok(0),
    };
    v.record(entity, id, before.as_ref(), value.as_ref())?;
    Ok(id)
}

/// Sets a list of rows (OGs, ESSMS, expenses…) to `values`, in order: row k keeps its id when
/// it still exists, so the history shows what changed; rows beyond the new list are deleted.
pub(crate) fn put_list(v: &mut Version, entity: Entity, values: Vec<String>) -> rusqlite::Result<()> {
    // The current rows, read at once: only the rows that change are written (a follow-up holds
    // thousands of expenses and measurements, and one of them changes at a time).
    let existing: Vec<(i64, RowValue)> = {
        let mut stmt = v.tx.prepare_cached(&format!(
            "SELECT id, data, position FROM {} WHERE dossier_id = ?1 ORDER BY position, id",
            rows::table(entity)
        ))?;
        let found = stmt
            .query_map([v.dossier], |r| Ok((r.get(0)?, (r.get(1)?, Some(r.get(2)?)))))?
            .collect::<rusqlite::Result<_>>()?;
        found
    };
    let count = values.len().max(existing.len());
    let mut values = values.into_iter();
    let mut existing = existing.into_iter();
    for k in 0..count {
        let value = values.next().map(|data| (data, Some(k as i64)));
        match existing.next() {
            Some((id, before)) => put_known(v, entity, Some(id), Some(before), value)?,
            None => put_known(v, entity, None, None, value)?,
        };
    }
    Ok(())
}

impl<'t, 'c> Version<'t, 'c> {
    /// Starts the next version of `dossier` (which must exist).
    pub(crate) fn begin(tx: &'t Transaction<'c>, dossier: i64, description: &str) -> rusqlite::Result<Option<Self>> {
        let Some(latest): Option<i64> = tx
            .query_row("SELECT version FROM dossiers WHERE id = ?1", [dossier], |r| r.get(0))
            .optional()?
        else {
            return Ok(None);
        };
        Version::begin_at(tx, dossier, latest + 1, description).map(Some)
    }

    /// Starts version `number` of `dossier` (the first one, at creation).
    pub(crate) fn begin_at(
        tx: &'t Transaction<'c>,
        dossier: i64,
        number: i64,
        description: &str,
    ) -> rusqlite::Result<Self> {
        tx.execute(
            "INSERT INTO history (dossier_id, version, at, description) VALUES (?1, ?2, ?3, ?4)",
            params![dossier, number, now(), description],
        )?;
        let history_id = tx.last_insert_rowid();
        Ok(Version {
            tx,
            dossier,
            number,
            history_id,
            seq: 0,
        })
    }

    pub(crate) fn record(
        &mut self,
        entity: Entity,
        row: i64,
        before: Option<&RowValue>,
        after: Option<&RowValue>,
    ) -> rusqlite::Result<()> {
        self.seq += 1;
        self.tx.execute(
            "INSERT INTO changes (history_id, seq, entity, row_id, before, before_position, after, after_position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                self.history_id,
                self.seq,
                entity.name(),
                row,
                before.map(|b| &b.0),
                before.and_then(|b| b.1),
                after.map(|a| &a.0),
                after.and_then(|a| a.1),
            ],
        )?;
        Ok(())
    }

    /// Sets the dossier's version and forgets versions beyond the restorable depth.
    pub(crate) fn finish(self) -> rusqlite::Result<i64> {
        self.tx.execute(
            "UPDATE dossiers SET version = ?2 WHERE id = ?1",
            params![self.dossier, self.number],
        )?;
        self.tx.execute(
            "DELETE FROM history WHERE dossier_id = ?1 AND version <= ?2",
            params![self.dossier, self.number - HISTORY_DEPTH - 1],
        )?;
        Ok(self.number)
    }
}

impl Store {
    /// The dossier's versions, newest first: the current one and the last 50 before it.
    pub fn history(&self, dossier: i64) -> Result<Vec<VersionInfo>, StoreError> {
        self.require(dossier)?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT version, at, description FROM history WHERE dossier_id = ?1 ORDER BY version DESC")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([dossier], |r| {
                Ok(VersionInfo {
                    version: r.get(0)?,
                    at: r.get::<_, chrono::NaiveDateTime>(1)?,
                    description: r.get(2)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// The dossier's latest version: its number and what it changed.
    pub fn last_change(&self, dossier: i64) -> Result<Option<VersionInfo>, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT version, at, description FROM history WHERE dossier_id = ?1 ORDER BY version DESC LIMIT 1",
            )
            .and_then(|mut stmt| {
                stmt.query_row([dossier], |r| {
                    Ok(VersionInfo {
                        version: r.get(0)?,
                        at: r.get::<_, chrono::NaiveDateTime>(1)?,
                        description: r.get(2)?,
                    })
                })
                .optional()
            })
            .map_err(|e| self.err(e))
    }

    /// Brings the dossier back to `version`, as a new version. Returns the new version number.
    pub fn restore(&mut self, dossier: i64, version: i64) -> Result<i64, StoreError> {
        self.restore_as(dossier, version, &format!("Restauration de la version {version}"))
    }

    /// [`Store::restore`], the new version described as `description` (« Annulation : … »).
    pub fn restore_as(&mut self, dossier: i64, version: i64, description: &str) -> Result<i64, StoreError> {
        self.write_tx(|w| {
            let sql = |e| w.err(e);
            let tx = &w.tx;
            let Some(latest): Option<i64> = tx
                .query_row("SELECT version FROM dossiers WHERE id = ?1", [dossier], |r| r.get(0))
                .optional()
                .map_err(sql)?
            else {
                return Err(StoreError::DossierNotFound(dossier));
            };
            let oldest: i64 = tx
                .query_row(
                    "SELECT MIN(version) FROM history WHERE dossier_id = ?1",
                    [dossier],
                    |r| r.get::<_, Option<i64>>(0),
                )
                .map_err(sql)?
                // The versions listed are restorable: the oldest kept one and every one after it.
                .unwrap_or(latest);
            if version < oldest || version >= latest {
                return Err(StoreError::VersionNotFound {
                    dossier,
                    version,
                    oldest,
                    latest: latest - 1,
                });
            }
            // For each row changed after `version`, its value then: the `before` of its first change.
            let targets: Vec<(Entity, i64, Option<RowValue>)> = {
                let mut stmt = tx
                    .prepare(
                        "SELECT c.entity, c.row_id, c.before, c.before_position FROM changes c
                         JOIN history h ON h.id = c.history_id
                         WHERE h.dossier_id = ?1 AND h.version > ?2 ORDER BY h.version, c.seq",
                    )
                    .map_err(sql)?;
                let rows = stmt
                    .query_map(params![dossier, version], |r| {
                        let before: Option<String> = r.get(2)?;
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, i64>(1)?,
                            before.map(|b| (b, r.get(3).ok().flatten())),
                        ))
                    })
                    .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                    .map_err(sql)?;
                let mut seen = HashSet::new();
                rows.into_iter()
                    .filter_map(|(entity, row, before)| Entity::parse(&entity).map(|e| (e, row, before)))
                    .filter(|(entity, row, _)| seen.insert((*entity, *row)))
                    .collect()
            };
            let mut v = Version::begin(tx, dossier, description)
                .map_err(sql)?
                .ok_or(StoreError::DossierNotFound(dossier))?;
            for (entity, row, value) in targets {
                put_row(&mut v, entity, Some(row), value).map_err(sql)?;
            }
            let number = v.finish().map_err(sql)?;
            rows::refresh_summary(tx, dossier, w.baremes).map_err(sql)?;
            Ok(number)
        })
    }
}
