//! How a dossier lies in the tables: its header row, its OG and ESSMS rows and the rows of its
//! follow-up (JSON data at a position), read and written one row at a time, and the summary
//! columns of the list.

use grappe_core::model::{Essms, Og};
use grappe_core::suivi::{follow, Stage, Suivi};
use grappe_core::{evaluate, Bareme, Dossier};
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

/// Reads the OG or ESSMS rows of a dossier, in order, with their ids; a row that does not
/// read is reported in `problem`.
fn load_rows<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    entity: Entity,
    dossier: i64,
    problem: &mut Option<String>,
) -> rusqlite::Result<(Vec<i64>, Vec<T>)> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, data FROM {} WHERE dossier_id = ?1 ORDER BY position, id",
        table(entity)
    ))?;
    let mut rows = stmt.query([dossier])?;
    let (mut ids, mut values) = (Vec::new(), Vec::new());
    while let Some(r) = rows.next()? {
        let row_id: i64 = r.get(0)?;
        match serde_json::from_str::<T>(&r.get::<_, String>(1)?) {
            Ok(value) => {
                ids.push(row_id);
                values.push(value);
            }
            Err(e) => *problem = Some(format!("{} n°{row_id} illisible : {e}", entity.label())),
        }
    }
    Ok((ids, values))
}

/// Reads the follow-up of a dossier: none when it has no row.
fn load_suivi(conn: &Connection, id: i64, problem: &mut Option<String>) -> rusqlite::Result<Option<Suivi>> {
    let (_, own) = load_rows::<Suivi>(conn, Entity::Suivi, id, problem)?;
    let Some(mut suivi) = own.into_iter().next() else {
        return Ok(None);
    };
    suivi.payments = load_rows(conn, Entity::Payment, id, problem)?.1;
    suivi.expenses = load_rows(conn, Entity::Expense, id, problem)?.1;
    suivi.indicators = load_rows(conn, Entity::Indicator, id, problem)?.1;
    suivi.measurements = load_rows(conn, Entity::Measurement, id, problem)?.1;
    Ok(Some(suivi))
}

/// What of a dossier to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// The candidature: header, OGs, ESSMS.
    Candidature,
    /// And its follow-up.
    Whole,
}

/// Reads a dossier.
pub(crate) fn load_in(
    conn: &Connection,
    id: i64,
    part: Part,
) -> rusqlite::Result<Option<(StoredDossier, Option<String>)>> {
    let Some((header, version)): Option<(String, i64)> = conn
        .query_row("SELECT header, version FROM dossiers WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
    else {
        return Ok(None);
    };
    let mut problem = None;
    let mut dossier: Dossier = match serde_json::from_str(&header) {
        Ok(d) => d,
        Err(e) => {
            problem = Some(format!("en-tête du dossier n°{id} illisible : {e}"));
            return Ok(Some((
                StoredDossier {
                    id,
                    dossier: Dossier::new("", "", chrono::NaiveDate::default()),
                    og_ids: Vec::new(),
                    essms_ids: Vec::new(),
                    version,
                },
                problem,
            )));
        }
    };
    let (og_ids, ogs) = load_rows::<Og>(conn, Entity::Og, id, &mut problem)?;
    let (essms_ids, essms) = load_rows::<Essms>(conn, Entity::Essms, id, &mut problem)?;
    dossier.ogs = ogs;
    dossier.essms = essms;
    if part == Part::Whole {
        dossier.suivi = load_suivi(conn, id, &mut problem)?;
    }
    Ok(Some((
        StoredDossier {
            id,
            dossier,
            og_ids,
            essms_ids,
            version,
        },
        problem,
    )))
}

/// Where the dossier is in its life: from its follow-up's own row and payments (its expenses
/// and measurements do not change it), at today's date.
fn stage_of(conn: &Connection, id: i64, dossier: &Dossier, bareme: &Bareme) -> rusqlite::Result<&'static str> {
    let mut problem = None;
    let (_, own) = load_rows::<Suivi>(conn, Entity::Suivi, id, &mut problem)?;
    let Some(mut suivi) = own.into_iter().next() else {
        return Ok(Stage::Brouillon.label());
    };
    suivi.payments = load_rows(conn, Entity::Payment, id, &mut problem)?.1;
    let mut followed = dossier.clone();
    followed.suivi = Some(suivi);
    Ok(follow(&followed, bareme, chrono::Local::now().date_naive())
        .stage
        .label())
}

/// Recomputes the columns shown in the list of dossiers.
pub(crate) fn refresh_summary(tx: &Transaction, id: i64, bareme: &Bareme) -> rusqlite::Result<()> {
    let Some((stored, _)) = load_in(tx, id, Part::Candidature)? else {
        return Ok(());
    };
    let d = &stored.dossier;
    let stage = stage_of(tx, id, d, bareme)?;
    let evaluation = evaluate(d, bareme);
    let porteur = d.og(&d.porteur).map(|o| o.name.clone()).unwrap_or_default();
    tx.execute(
        "UPDATE dossiers SET name = ?2, campaign = ?3, porteur_name = ?4, essms_count = ?5, total = ?6, updated_at = ?7,
         stage = ?8 WHERE id = ?1",
        params![
            id,
            d.name,
            d.campaign,
            porteur,
            d.essms.len() as i64,
            evaluation.funding.total.to_string(),
            now(),
            stage
        ],
    )?;
    Ok(())
}

/// An OG or ESSMS row's value: its JSON data at a position.
pub(crate) fn row_value<T: Serialize>(value: &T, position: usize) -> RowValue {
    (json(value), Some(position as i64))
}
