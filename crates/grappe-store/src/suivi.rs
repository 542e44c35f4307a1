//! The follow-up of a dossier in the store: saved as one history version (its own row and one
//! row per payment, expense, measurable target and measurement, only the changed rows
//! written), and the pieces attached to it (invoices, proofs), kept whole with their SHA-256.

use grappe_core::suivi::Suivi;
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::history::{put_list, Version};
use crate::loaded::put_suivi_changes;
use crate::rows::{suivi_rows, Entity};
use crate::time::now;
use crate::{Store, StoreError};

/// The largest piece kept in the store: a scanned invoice or a spreadsheet, not a video.
pub const MAX_PIECE: usize = 20 * 1024 * 1024;

/// A piece attached to a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub sha256: String,
    pub name: String,
    pub content: Vec<u8>,
}

/// Writes the whole follow-up (`None` removes it), each list compared with its rows in the file.
fn put_whole(v: &mut Version, suivi: Option<&Suivi>) -> rusqlite::Result<i64> {
    match suivi {
        Some(s) => {
            for (entity, rows) in suivi_rows(s) {
                put_list(v, entity, rows)?;
            }
        }
        None => {
            for entity in [
                Entity::Suivi,
                Entity::Payment,
                Entity::Expense,
                Entity::Indicator,
                Entity::Measurement,
            ] {
                put_list(v, entity, Vec::new())?;
            }
        }
    }
    Ok(v.number)
}

impl Store {
    /// Saves the dossier's follow-up (`None` removes it) as one version. When the dossier was
    /// last read or saved here and has not changed since, only the rows that differ from it are
    /// written; otherwise each list is compared with its rows in the file.
    pub fn save_suivi(&mut self, id: i64, suivi: Option<Suivi>, description: &str) -> Result<i64, StoreError> {
        let path = self.path.clone();
        let sql = |e| StoreError::sqlite(&path, e);
        let Some(mut loaded) = self.loaded.take(id) else {
            return self.write(id, description, |v| put_whole(v, suivi.as_ref()).map_err(sql));
        };
        let kept = loaded.stored.version;
        let before = std::mem::replace(&mut loaded.stored.dossier.suivi, suivi);
        let dossier = &loaded.stored.dossier;
        let (number, rows) = self.write_as(id, description, Some(dossier), |v| {
            match (before.as_ref(), dossier.suivi.as_ref()) {
                // The kept dossier is the one in the file: compare with it.
                (Some(before), Some(after)) if v.number == kept + 1 => Ok((
                    v.number,
                    Some(put_suivi_changes(v, &loaded.suivi_rows, before, after).map_err(sql)?),
                )),
                (_, after) => put_whole(v, after).map_err(sql).map(|n| (n, None)),
            }
        })?;
        if let Some(rows) = rows {
            loaded.stored.version = number;
            loaded.suivi_rows = rows;
            self.loaded.keep(loaded);
        }
        Ok(number)
    }

    /// Keeps a piece of the dossier (an invoice, a proof); returns its SHA-256, by which an
    /// expense or a measurement names it. The same content is kept once.
    pub fn add_piece(&mut self, id: i64, name: &str, content: &[u8]) -> Result<String, StoreError> {
        if content.len() > MAX_PIECE {
            return Err(StoreError::Invalid(format!(
                "« {name} » est trop gros ({} Mo) : une pièce jointe fait au plus {} Mo",
                content.len().div_ceil(1024 * 1024),
                MAX_PIECE / (1024 * 1024)
            )));
        }
        self.require(id)?;
        let sha256 = sha256_hex(content);
        self.write_tx(|w| insert_piece(&w.tx, id, &sha256, name, content).map_err(|e| w.err(e)))?;
        Ok(sha256)
    }

    /// The names of the dossier's pieces, by SHA-256 (without their content).
    pub fn piece_names(&self, id: i64) -> Result<std::collections::HashMap<String, String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT sha256, name FROM pieces WHERE dossier_id = ?1")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect::<Result<_, _>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// A piece of the dossier, checked against its SHA-256.
    pub fn piece(&self, id: i64, sha256: &str) -> Result<Piece, StoreError> {
        let found: Option<(String, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT name, content FROM pieces WHERE dossier_id = ?1 AND sha256 = ?2",
                params![id, sha256],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((name, content)) = found else {
            return Err(StoreError::Invalid(format!(
                "pièce jointe « {sha256} » introuvable dans le dossier n°{id}"
            )));
        };
        if sha256_hex(&content) != sha256 {
            return Err(StoreError::Corrupted {
                path: self.path.display().to_string(),
                detail: format!("la pièce jointe « {name} » ne correspond plus à son empreinte"),
            });
        }
        Ok(Piece {
            sha256: sha256.to_string(),
            name,
            content,
        })
    }
}

/// Keeps a piece whose SHA-256 is known (the same content is kept once).
pub(crate) fn insert_piece(
    tx: &rusqlite::Transaction,
    id: i64,
    sha256: &str,
    name: &str,
    content: &[u8],
) -> rusqlite::Result<usize> {
    tx.execute(
        "INSERT OR IGNORE INTO pieces (dossier_id, sha256, name, size, content, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, sha256, name, content.len() as i64, content, now()],
    )
}

/// The SHA-256 of a content, in lowercase hexadecimal.
pub(crate) fn sha256_hex(content: &[u8]) -> String {
    hex(&Sha256::digest(content))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
