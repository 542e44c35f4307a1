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
use std::collections::{HashMap, HashSet};
use std::time::Instant;

use chrono::NaiveDate;
use grappe_core::portfolio::{ProjectRow, Span};
use grappe_core::suivi::EnveloppeStatus;
use rusqlite::OptionalExtension;

use crate::rows::load_in;
use crate::{Store, StoreError};

/// What a project's row carries: the portfolio's table and agenda need only its figures; the
/// état par projet also its enveloppes, most of a row, read only then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowDetail {
    Figures,
    WithEnveloppes,
}

/// A row's enveloppes: as worked out here, or left in the store until asked for.
#[derive(Debug, Clone)]
enum Enveloppes {
    Worked(Vec<EnveloppeStatus>),
    InStore,
}

/// A row worked out, with what it was worked out from (its `row` without its enveloppes).
#[derive(Debug, Clone)]
struct Kept {
    version: i64,
    bareme: String,
    span: Span,
    row: ProjectRow,
    enveloppes: Enveloppes,
}

impl Kept {
    fn new(version: i64, bareme: String, span: Span, mut row: ProjectRow) -> Kept {
        let enveloppes = Enveloppes::Worked(std::mem::take(&mut row.enveloppes));
        Kept {
            version,
            bareme,
            span,
            row,
            enveloppes,
        }
    }

    fn holds(&self, version: i64, bareme: &str, day: NaiveDate) -> bool {
        self.version == version && self.bareme == bareme && self.span.holds(day)
    }
}

/// A dossier as the portfolio lists it: id, version, campaign.
type Listed = (i64, i64, String);

/// The columns of a kept row that [`kept_from`] reads.
const KEPT_ROW: &str = "SELECT dossier_id, version, bareme, span_from, span_until, row";

/// A kept row as the store has it (its enveloppes left there); none when any of it does not read.
fn kept_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Option<Kept>)> {
    let read = || -> Option<Kept> {
        let row: String = r.get(5).ok()?;
        Some(Kept {
            version: r.get(1).ok()?,
            bareme: r.get(2).ok()?,
            span: Span {
                from: r.get(3).ok()?,
                until: r.get(4).ok()?,
            },
            row: serde_json::from_str(&row).ok()?,
            enveloppes: Enveloppes::InStore,
        })
    };
    Ok((r.get(0)?, read()))
}

/// The rows worked out, by dossier id (the store is used by one thread at a time), and those
/// not yet written to the store: a preparation writes them once it is done, in one transaction.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    rows: RefCell<HashMap<i64, Kept>>,
    unwritten: RefCell<HashSet<i64>>,
}

impl Store {
    /// Every dossier's project at `day`, in the order of the list (last changed first).
    pub fn projects_on(&self, day: NaiveDate, detail: RowDetail) -> Result<Vec<(i64, ProjectRow)>, StoreError> {
        let listed = self.work_out(day, None)?.0;
        let memo = self.projects.rows.borrow();
        let mut out = Vec::with_capacity(listed.len());
        for (id, _, campaign) in listed {
            let kept = memo.get(&id);
            let enveloppes = match (detail, kept.map(|k| &k.enveloppes)) {
                (RowDetail::Figures, _) => Some(Vec::new()),
                (RowDetail::WithEnveloppes, Some(Enveloppes::Worked(e))) => Some(e.clone()),
                (RowDetail::WithEnveloppes, _) => kept.and_then(|k| self.kept_enveloppes(id, k)),
            };
            let row = match (kept, enveloppes) {
                (Some(k), Some(enveloppes)) => ProjectRow {
                    enveloppes,
                    ..k.row.clone()
                },
                _ => self.read_project(id, self.baremes().of(&campaign), day)?.0,
            };
            out.push((id, row));
        }
        Ok(out)
    }

    /// Works out, while `until` allows, the projects at `day` not kept yet, so that the
    /// portfolio opens on rows ready: the app does it in the background after its start, a
    /// little at a time between the commands. Returns whether every project is ready.
    pub fn prepare_projects(&self, day: NaiveDate, until: Instant) -> Result<bool, StoreError> {
        Ok(self.work_out(day, Some(until))?.1)
    }

    /// Makes the memo hold every listed dossier's row at `day` (or as many as `until` allows):
    /// rows kept in memory, else in the store, else worked out (and then kept in both). Gives
    /// the dossiers (id, version, campaign) in the order of the list, and whether all were done.
    fn work_out(&self, day: NaiveDate, until: Option<Instant>) -> Result<(Vec<Listed>, bool), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, version, campaign FROM dossiers ORDER BY updated_at DESC, id DESC")
            .map_err(|e| self.err(e))?;
        let listed: Vec<Listed> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))?;
        drop(stmt);
        let mut fingerprints: HashMap<String, String> = HashMap::new();
        let mut fingerprint = |campaign: &str| {
            fingerprints
                .entry(campaign.to_string())
                .or_insert_with(|| self.baremes().of(campaign).fingerprint())
                .clone()
        };
        let mut memo = self.projects.rows.borrow_mut();
        let present: HashSet<i64> = listed.iter().map(|(id, _, _)| *id).collect();
        memo.retain(|id, _| present.contains(id));
        let missing: Vec<&Listed> = listed
            .iter()
            .filter(|(id, version, campaign)| {
                !memo
                    .get(id)
                    .is_some_and(|k| k.holds(*version, &fingerprint(campaign), day))
            })
            .collect();
        // The store's rows read at once for a whole portfolio, one by one for a slice.
        let mut table = (until.is_none() && missing.len() > 1).then(|| self.kept_rows());
        let mut unwritten = self.projects.unwritten.borrow_mut();
        let mut done = true;
        for (id, version, campaign) in missing {
            if until.is_some_and(|u| Instant::now() >= u) {
                done = false;
                break;
            }
            let fp = fingerprint(campaign);
            let stored = match &mut table {
                Some(t) => t.remove(id),
                None => self.kept_row(*id),
            };
            if let Some(k) = stored.filter(|k| k.holds(*version, &fp, day)) {
                memo.insert(*id, k);
                continue;
            }
            let (row, span, read_version) = self.read_project(*id, self.baremes().of(campaign), day)?;
            memo.insert(*id, Kept::new(read_version, fp, span, row));
            unwritten.insert(*id);
        }
        if done && !unwritten.is_empty() {
            self.keep_rows(unwritten.drain().filter_map(|id| Some((id, memo.get(&id)?))));
        }
        Ok((listed, done))
    }

    /// The rows the store keeps, without their enveloppes; those that do not read are left out.
    fn kept_rows(&self) -> HashMap<i64, Kept> {
        let Ok(mut stmt) = self.conn.prepare_cached(&format!("{KEPT_ROW} FROM project_rows")) else {
            return HashMap::new();
        };
        stmt.query_map([], kept_from)
            .map(|rows| rows.flatten().filter_map(|(id, k)| Some((id, k?))).collect())
            .unwrap_or_default()
    }

    /// The row the store keeps for dossier `id`, if one reads.
    fn kept_row(&self, id: i64) -> Option<Kept> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{KEPT_ROW} FROM project_rows WHERE dossier_id = ?1"))
            .ok()?;
        stmt.query_row([id], kept_from).optional().ok()??.1
    }

    /// The enveloppes the store keeps with `kept`, if they are still those of that row.
    fn kept_enveloppes(&self, id: i64, kept: &Kept) -> Option<Vec<EnveloppeStatus>> {
        let text: String = self
            .conn
            .query_row(
                "SELECT enveloppes FROM project_rows WHERE dossier_id = ?1 AND version = ?2 AND bareme = ?3
                 AND span_from IS ?4 AND span_until IS ?5",
                rusqlite::params![id, kept.version, kept.bareme, kept.span.from, kept.span.until],
                |r| r.get(0),
            )
            .optional()
            .ok()??;
        serde_json::from_str(&text).ok()
    }

    /// Keeps the rows worked out in the store, when it can at once; else not at all.
    fn keep_rows<'a>(&self, rows: impl Iterator<Item = (i64, &'a Kept)>) {
        let _ = self.conn.busy_timeout(std::time::Duration::ZERO);
        let kept = (|| -> rusqlite::Result<()> {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            let written = (|| {
                let mut stmt = self.conn.prepare_cached(
                    "INSERT OR REPLACE INTO project_rows (dossier_id, version, bareme, span_from, span_until, row, enveloppes)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?;
                for (id, k) in rows {
                    let Enveloppes::Worked(enveloppes) = &k.enveloppes else {
                        continue;
                    };
                    let (Ok(row), Ok(enveloppes)) = (serde_json::to_string(&k.row), serde_json::to_string(enveloppes))
                    else {
                        continue;
                    };
                    stmt.execute(rusqlite::params![
                        id,
                        k.version,
                        k.bareme,
                        k.span.from,
                        k.span.until,
                        row,
                        enveloppes
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
