//! How a dossier lies in the tables: its header row, its OG and ESSMS rows and the rows of its
//! follow-up (JSON data at a position), read and written one row at a time, and the summary
//! columns of the list.

use grappe_core::model::{Essms, Og};
use grappe_core::suivi::{standing, Deadline, Stage, Suivi};
use grappe_core::{evaluate, Bareme, Dossier};

use crate::bareme_set::Baremes;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::time::now;
use crate::StoredDossier;

/// A row of the store that history tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Entity {
    /// The dossier's header (every field but its OGs, ESSMS and follow-up).
    Dossier,
    Og,
    Essms,
    /// The follow-up's own fields (filing, award, settings), one row at most.
    Suivi,
    Payment,
    Expense,
    Indicator,
    Measurement,
}

/// Each entity's name in the history, label in messages and table.
const ENTITIES: [(Entity, &str, &str, &str); 8] = [
    (Entity::Dossier, "dossier", "dossier", "dossiers"),
    (Entity::Og, "og", "OG", "ogs"),
    (Entity::Essms, "essms", "ESSMS", "essms"),
    (Entity::Suivi, "suivi", "suivi", "suivi"),
    (Entity::Payment, "payment", "versement", "payments"),
    (Entity::Expense, "expense", "dépense", "expenses"),
    (Entity::Indicator, "indicator", "indicateur", "indicators"),
    (Entity::Measurement, "measurement", "mesure", "measurements"),
];

impl Entity {
    fn entry(self) -> (Entity, &'static str, &'static str, &'static str) {
        ENTITIES.into_iter().find(|e| e.0 == self).unwrap_or(ENTITIES[0])
    }

    pub(crate) fn name(self) -> &'static str {
        self.entry().1
    }

    /// How the entity is named in messages.
    pub(crate) fn label(self) -> &'static str {
        self.entry().2
    }

    pub(crate) fn parse(name: &str) -> Option<Entity> {
        ENTITIES.into_iter().find(|e| e.1 == name).map(|e| e.0)
    }
}

/// A row's content: its JSON data and, for OG and ESSMS rows, its position.
pub(crate) type RowValue = (String, Option<i64>);

pub(crate) fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The dossier's header: every field but its OGs, ESSMS and follow-up (stored as rows of their
/// own).
pub(crate) fn header_json(d: &Dossier) -> String {
    let mut v = serde_json::to_value(d).unwrap_or_default();
    v["ogs"] = serde_json::Value::Array(Vec::new());
    v["essms"] = serde_json::Value::Array(Vec::new());
    if let Some(fields) = v.as_object_mut() {
        fields.remove("suivi");
        fields.remove("bareme");
    }
    v.to_string()
}

/// The follow-up's own row: every field but its lists (stored as rows of their own).
pub(crate) fn suivi_json(s: &Suivi) -> String {
    json(&Suivi {
        payments: Vec::new(),
        expenses: Vec::new(),
        indicators: Vec::new(),
        measurements: Vec::new(),
        ..s.clone()
    })
}

/// The follow-up's rows: its own row, then each list's rows as (entity, JSON data).
pub(crate) fn suivi_rows(s: &Suivi) -> [(Entity, Vec<String>); 5] {
    [
        (Entity::Suivi, vec![suivi_json(s)]),
        (Entity::Payment, s.payments.iter().map(json).collect()),
        (Entity::Expense, s.expenses.iter().map(json).collect()),
        (Entity::Indicator, s.indicators.iter().map(json).collect()),
        (Entity::Measurement, s.measurements.iter().map(json).collect()),
    ]
}

/// Reads the current value of a row.
pub(crate) fn get_row(tx: &Transaction, dossier: i64, entity: Entity, row: i64) -> rusqlite::Result<Option<RowValue>> {
    match entity {
        Entity::Dossier => tx
            .query_row("SELECT header FROM dossiers WHERE id = ?1", [row], |r| {
                Ok((r.get(0)?, None))
            })
            .optional(),
        _ => tx
            .query_row(
                &format!(
                    "SELECT data, position FROM {} WHERE id = ?1 AND dossier_id = ?2",
                    table(entity)
                ),
                params![row, dossier],
                |r| Ok((r.get(0)?, Some(r.get(1)?))),
            )
            .optional(),
    }
}

pub(crate) fn table(entity: Entity) -> &'static str {
    entity.entry().3
}

pub(crate) fn next_position(tx: &Transaction, dossier: i64, entity: Entity) -> rusqlite::Result<i64> {
    tx.query_row(
        &format!(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM {} WHERE dossier_id = ?1",
            table(entity)
        ),
        [dossier],
        |r| r.get(0),
    )
}

/// Where a row lies: its id and position.
pub(crate) type Placed = (i64, i64);

/// Where the rows of a follow-up lie, in the order of [`suivi_rows`]: its own row, then its
/// payments, expenses, measurable targets and measurements.
pub(crate) type SuiviRows = [Vec<Placed>; 5];

/// Reads the rows of one entity of a dossier, in order, with where they lie; a row that does
/// not read is reported in `problem`.
fn load_rows<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    entity: Entity,
    dossier: i64,
    problem: &mut Option<String>,
) -> rusqlite::Result<(Vec<Placed>, Vec<T>)> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, position, data FROM {} WHERE dossier_id = ?1 ORDER BY position, id",
        table(entity)
    ))?;
    let mut rows = stmt.query([dossier])?;
    let (mut placed, mut values) = (Vec::new(), Vec::new());
    while let Some(r) = rows.next()? {
        let row_id: i64 = r.get(0)?;
        let data = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        match serde_json::from_str::<T>(data) {
            Ok(value) => {
                placed.push((row_id, r.get(1)?));
                values.push(value);
            }
            Err(e) => *problem = Some(format!("{} n°{row_id} illisible : {e}", entity.label())),
        }
    }
    Ok((placed, values))
}

fn ids(placed: Vec<Placed>) -> Vec<i64> {
    placed.into_iter().map(|(id, _)| id).collect()
}

/// Reads the follow-up of a dossier with where its rows lie: none when it has no row.
fn load_suivi(
    conn: &Connection,
    id: i64,
    problem: &mut Option<String>,
) -> rusqlite::Result<Option<(Suivi, SuiviRows)>> {
    let (own_rows, own) = load_rows::<Suivi>(conn, Entity::Suivi, id, problem)?;
    let Some(mut suivi) = own.into_iter().next() else {
        return Ok(None);
    };
    let mut rows = SuiviRows::default();
    rows[0] = own_rows;
    (rows[1], suivi.payments) = load_rows(conn, Entity::Payment, id, problem)?;
    (rows[2], suivi.expenses) = load_rows(conn, Entity::Expense, id, problem)?;
    (rows[3], suivi.indicators) = load_rows(conn, Entity::Indicator, id, problem)?;
    (rows[4], suivi.measurements) = load_rows(conn, Entity::Measurement, id, problem)?;
    Ok(Some((suivi, rows)))
}

/// A dossier as read: where its follow-up's rows lie, and what did not read.
pub(crate) struct Read {
    pub stored: StoredDossier,
    pub suivi_rows: SuiviRows,
    pub problem: Option<String>,
}

/// Reads a dossier with its follow-up.
pub(crate) fn load_in(conn: &Connection, id: i64) -> rusqlite::Result<Option<Read>> {
    let Some((header, version)): Option<(String, i64)> = conn
        .prepare_cached("SELECT header, version FROM dossiers WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
    else {
        return Ok(None);
    };
    let mut problem = None;
    let mut dossier: Dossier = match serde_json::from_str(&header) {
        Ok(d) => d,
        Err(e) => {
            return Ok(Some(Read {
                stored: StoredDossier {
                    id,
                    dossier: Dossier::new("", "", chrono::NaiveDate::default()),
                    og_ids: Vec::new(),
                    essms_ids: Vec::new(),
                    version,
                },
                suivi_rows: SuiviRows::default(),
                problem: Some(format!("en-tête du dossier n°{id} illisible : {e}")),
            }));
        }
    };
    let (og_rows, ogs) = load_rows::<Og>(conn, Entity::Og, id, &mut problem)?;
    let (essms_rows, essms) = load_rows::<Essms>(conn, Entity::Essms, id, &mut problem)?;
    dossier.ogs = ogs;
    dossier.essms = essms;
    let mut suivi_rows = SuiviRows::default();
    if let Some((suivi, rows)) = load_suivi(conn, id, &mut problem)? {
        dossier.suivi = Some(suivi);
        suivi_rows = rows;
    }
    Ok(Some(Read {
        stored: StoredDossier {
            id,
            dossier,
            og_ids: ids(og_rows),
            essms_ids: ids(essms_rows),
            version,
        },
        suivi_rows,
        problem,
    }))
}

/// Recomputes the columns shown in the list of dossiers.
pub(crate) fn refresh_summary(tx: &Transaction, id: i64, baremes: &Baremes) -> rusqlite::Result<()> {
    match load_in(tx, id)? {
        Some(read) => refresh_summary_of(tx, id, &read.stored.dossier, baremes),
        None => Ok(()),
    }
}

/// [`refresh_summary`] when the dossier, as it now is, is in hand. Its stage and deadlines are
/// taken at today's date.
pub(crate) fn refresh_summary_of(tx: &Transaction, id: i64, d: &Dossier, baremes: &Baremes) -> rusqlite::Result<()> {
    let bareme = baremes.of(&d.campaign);
    let (stage, deadlines) = where_in_life(d, bareme);
    let evaluation = evaluate(d, bareme);
    let porteur = d.og(&d.porteur).map(|o| o.name.clone()).unwrap_or_default();
    tx.prepare_cached(
        "UPDATE dossiers SET name = ?2, campaign = ?3, porteur_name = ?4, essms_count = ?5, total = ?6, updated_at = ?7,
         stage = ?8, deadlines = ?9 WHERE id = ?1",
    )?
    .execute(params![
            id,
            d.name,
            d.campaign,
            porteur,
            d.essms.len() as i64,
            evaluation.funding.total.to_string(),
            now(),
            stage.label(),
            json(&deadlines),
        ],
    )?;
    Ok(())
}

/// The total, stage and deadlines of a dossier evaluated again after an edit of its barème: its
/// content did not change, so neither does when it was last changed.
pub(crate) fn refresh_total(tx: &Transaction, id: i64, baremes: &Baremes) -> rusqlite::Result<()> {
    let Some(read) = load_in(tx, id)? else {
        return Ok(());
    };
    let d = &read.stored.dossier;
    let bareme = baremes.of(&d.campaign);
    let (stage, deadlines) = where_in_life(d, bareme);
    let total = evaluate(d, bareme).funding.total;
    tx.prepare_cached("UPDATE dossiers SET total = ?2, stage = ?3, deadlines = ?4 WHERE id = ?1")?
        .execute(params![id, total.to_string(), stage.label(), json(&deadlines)])?;
    Ok(())
}

/// Where the dossier is in its life, and what is due, at today's date.
fn where_in_life(d: &Dossier, bareme: &Bareme) -> (Stage, Vec<Deadline>) {
    match &d.suivi {
        Some(_) => standing(d, bareme, chrono::Local::now().date_naive()),
        None => (Stage::Brouillon, Vec::new()),
    }
}

/// Works out again the stage and deadlines of every followed dossier (after a migration),
/// leaving the rest of their summaries — and when they were last changed — as they are.
pub(crate) fn refresh_followed(tx: &Transaction, baremes: &Baremes) -> rusqlite::Result<()> {
    let ids: Vec<i64> = {
        let mut stmt = tx.prepare("SELECT dossier_id FROM suivi")?;
        let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        ids
    };
    for id in ids {
        if let Some(read) = load_in(tx, id)? {
            let d = &read.stored.dossier;
            let (stage, deadlines) = where_in_life(d, baremes.of(&d.campaign));
            tx.execute(
                "UPDATE dossiers SET stage = ?2, deadlines = ?3 WHERE id = ?1",
                params![id, stage.label(), json(&deadlines)],
            )?;
        }
    }
    Ok(())
}

/// An OG or ESSMS row's value: its JSON data at a position.
pub(crate) fn row_value<T: Serialize>(value: &T, position: usize) -> RowValue {
    (json(value), Some(position as i64))
}
