//! How a dossier lies in the tables: its header row and its OG and ESSMS rows (JSON data at a
//! position), read and written one row at a time, and the summary columns of the list.

use grappe_core::model::{Essms, Og};
use grappe_core::{evaluate, Bareme, Dossier};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::time::now;
use crate::StoredDossier;

/// A row of the store that history tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Entity {
    /// The dossier's header (every field but its OGs and ESSMS).
    Dossier,
    Og,
    Essms,
}

impl Entity {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Entity::Dossier => "dossier",
            Entity::Og => "og",
            Entity::Essms => "essms",
        }
    }

    /// How the entity is named in messages.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Entity::Dossier => "dossier",
            Entity::Og => "OG",
            Entity::Essms => "ESSMS",
        }
    }

    pub(crate) fn parse(name: &str) -> Option<Entity> {
        match name {
            "dossier" => Some(Entity::Dossier),
            "og" => Some(Entity::Og),
            "essms" => Some(Entity::Essms),
            _ => None,
        }
    }
}

/// A row's content: its JSON data and, for OG and ESSMS rows, its position.
pub(crate) type RowValue = (String, Option<i64>);

pub(crate) fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The dossier's header: every field but its OGs and ESSMS (stored as rows of their own).
pub(crate) fn header_json(d: &Dossier) -> String {
    let mut v = serde_json::to_value(d).unwrap_or_default();
    v["ogs"] = serde_json::Value::Array(Vec::new());
    v["essms"] = serde_json::Value::Array(Vec::new());
    v.to_string()
}

/// Reads the current value of a row.
pub(crate) fn get_row(tx: &Transaction, dossier: i64, entity: Entity, row: i64) -> rusqlite::Result<Option<RowValue>> {
    match entity {
        Entity::Dossier => tx
            .query_row("SELECT header FROM dossiers WHERE id = ?1", [row], |r| {
                Ok((r.get(0)?, None))
            })
            .optional(),
        Entity::Og | Entity::Essms => tx
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
    match entity {
        Entity::Dossier => "dossiers",
        Entity::Og => "ogs",
        Entity::Essms => "essms",
    }
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

/// Reads a whole dossier.
pub(crate) fn load_in(conn: &Connection, id: i64) -> rusqlite::Result<Option<(StoredDossier, Option<String>)>> {
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

/// Recomputes the columns shown in the list of dossiers.
pub(crate) fn refresh_summary(tx: &Transaction, id: i64, bareme: &Bareme) -> rusqlite::Result<()> {
    let Some((stored, _)) = load_in(tx, id)? else {
        return Ok(());
    };
    let d = &stored.dossier;
    let evaluation = evaluate(d, bareme);
    let porteur = d.og(&d.porteur).map(|o| o.name.clone()).unwrap_or_default();
    tx.execute(
        "UPDATE dossiers SET name = ?2, campaign = ?3, porteur_name = ?4, essms_count = ?5, total = ?6, updated_at = ?7
         WHERE id = ?1",
        params![
            id,
            d.name,
            d.campaign,
            porteur,
            d.essms.len() as i64,
            evaluation.funding.total.to_string(),
            now()
        ],
    )?;
    Ok(())
}

/// An OG or ESSMS row's value: its JSON data at a position.
pub(crate) fn row_value<T: Serialize>(value: &T, position: usize) -> RowValue {
    (json(value), Some(position as i64))
}
