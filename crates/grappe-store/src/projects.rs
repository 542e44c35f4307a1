//! Every dossier's project at a date, for le portefeuille (D-PORTFOLIO), kept between two asks —
//! in memory, and in the store (`project_rows`) for the next start.
//!
//! A project's row is its whole follow-up at the date; worked out for 500 dossiers that is
//! reading and following each. The row of a dossier stays the same while neither the dossier
//! (its version), nor its barème (its fingerprint), nor the date leaves the days the row holds
//! for ([`grappe_core::portfolio::Span`]): such a row is reused, and the others are worked out
//! again and kept. Keeping them is never worth waiting for: when another program is writing
//! the store, or the disk refuses, they are simply not kept. The dossier the Suivi screen keeps
//! in memory is not replaced by those reads.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::NaiveDate;
use grappe_core::portfolio::{ProjectRow, Span};
use rusqlite::OptionalExtension;

use crate::rows::load_in;
use crate::{Store, StoreError};

/// A row worked out, with what it was worked out from.
#[derive(Debug, Clone)]
struct Kept {
    version: i64,
    bareme: String,
    span: Span,
    row: ProjectRow,
}

impl Kept {
    fn holds(&self, version: i64, bareme: &str, day: NaiveDate) -> bool {
        self.version == version && self.bareme == bareme && self.span.holds(day)
    }
}

/// The rows worked out, by dossier id (the store is used by one thread at a time).
#[derive(Debug, Default)]
pub(crate) struct Memo(RefCell<HashMap<i64, Kept>>);

impl Store {
    /// Every dossier's project at `day`, in the order of the list (last changed first).
    pub fn projects_on(&self, day: NaiveDate) -> Result<Vec<(i64, ProjectRow)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, version, campaign FROM dossiers ORDER BY updated_at DESC, id DESC")
            .map_err(|e| self.err(e))?;
        let listed: Vec<(i64, i64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))?;
        drop(stmt);
        let mut fingerprints: HashMap<String, String> = HashMap::new();
        let mut out = Vec::with_capacity(listed.len());
        let mut worked_out: Vec<(i64, Kept)> = Vec::new();
        let mut memo = self.projects.0.borrow_mut();
        let present: std::collections::HashSet<i64> = listed.iter().map(|(id, _, _)| *id).collect();
        memo.retain(|id, _| present.contains(id));
        for (id, version, campaign) in listed {
            let bareme = self.baremes().of(&campaign);
            let fingerprint = fingerprints
                .entry(campaign)
                .or_insert_with(|| bareme.fingerprint())
                .clone();
            if let Some(k) = memo.get(&id).filter(|k| k.holds(version, &fingerprint, day)) {
                out.push((id, k.row.clone()));
                continue;
            }
            if let Some(k) = self.kept_row(id).filter(|k| k.holds(version, &fingerprint, day)) {
                out.push((id, k.row.clone()));
                memo.insert(id, k);
                continue;
            }
            let (row, span, read_version) = self.read_project(id, bareme, day)?;
            if read_version == version {
                let k = Kept {
                    version,
                    bareme: fingerprint,
                    span,
                    row: row.clone(),
                };
                memo.insert(id, k.clone());
                worked_out.push((id, k));
            }
            out.push((id, row));
        }
        drop(memo);
        self.keep_rows(&worked_out);
        Ok(out)
    }

    /// The row the store keeps for dossier `id`, if any reads.
    fn kept_row(&self, id: i64) -> Option<Kept> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT version, bareme, span_from, span_until, row FROM project_rows WHERE dossier_id = ?1",
            )
            .ok()?;
        let (version, bareme, from, until, row): (i64, String, Option<NaiveDate>, Option<NaiveDate>, String) = stmt
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .optional()
            .ok()??;
        Some(Kept {
            version,
            bareme,
            span: Span { from, until },
            row: serde_json::from_str(&row).ok()?,
        })
    }

    /// Keeps the rows worked out in the store, when it can at once; else not at all.
    fn keep_rows(&self, rows: &[(i64, Kept)]) {
        if rows.is_empty() {
            return;
        }
        let _ = self.conn.busy_timeout(std::time::Duration::ZERO);
        let kept = (|| -> rusqlite::Result<()> {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            let written = (|| {
                let mut stmt = self.conn.prepare_cached(
                    "INSERT OR REPLACE INTO project_rows (dossier_id, version, bareme, span_from, span_until, row)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?;
                for (id, k) in rows {
                    let row = serde_json::to_string(&k.row).unwrap_or_default();
                    stmt.execute(rusqlite::params![
                        id,
                        k.version,
                        k.bareme,
                        k.span.from,
                        k.span.until,
                        row
                    ])?;
                }
                Ok(())
            })();
            // Whatever failed, the connection is left outside any transaction for the next write.
            written
                .and_then(|()| self.conn.execute_batch("COMMIT"))
                .inspect_err(|_| {
                    if !self.conn.is_autocommit() {
                        let _ = self.conn.execute_batch("ROLLBACK");
                    }
                })
        })();
        // Not kept: worked out again next time, nothing else depends on it.
        drop(kept);
        let _ = self.conn.busy_timeout(crate::open::BUSY_TIMEOUT);
    }

    /// One project worked out from the dossier as stored: the one kept in memory when it is
    /// still the store's, else read from the file without replacing it.
    fn read_project(
        &self,
        id: i64,
        bareme: &grappe_core::Bareme,
        day: NaiveDate,
    ) -> Result<(ProjectRow, Span, i64), StoreError> {
        if let Some(found) = self.loaded.with_kept(id, |stored| {
            let (row, span) = ProjectRow::with_span(&stored.dossier, bareme, day);
            (row, span, stored.version)
        }) {
            if self.version_of(id)? == Some(found.2) {
                return Ok(found);
            }
        }
        let read = load_in(&self.conn, id)
            .map_err(|e| self.err(e))?
            .ok_or(StoreError::DossierNotFound(id))?;
        if let Some(detail) = read.problem {
            return Err(StoreError::Corrupted {
                path: self.path.display().to_string(),
                detail,
            });
        }
        let (row, span) = ProjectRow::with_span(&read.stored.dossier, bareme, day);
        Ok((row, span, read.stored.version))
    }
}
