//! The follow-up of a dossier in the store: saved as one history version (its own row and one
//! row per payment, expense, measurable target and measurement, only the changed rows
//! written), and the pieces attached to it (invoices, proofs), kept whole with their SHA-256.

use grappe_core::suivi::Suivi;
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::history::put_list;
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

impl Store {
    /// Saves the dossier's follow-up (`None` removes it) as one version.
    pub fn save_suivi(&mut self, id: i64, suivi: Option<&Suivi>, description: &str) -> Result<i64, StoreError> {
        let path = self.path.clone();
        self.write(id, description, |v| {
            let sql = |e| StoreError::sqlite(&path, e);
            match suivi {
                Some(s) => {
                    for (entity, rows) in suivi_rows(s) {
                        put_list(v, entity, rows).map_err(sql)?;
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
                        put_list(v, entity, Vec::new()).map_err(sql)?;
                    }
                }
            }
            Ok(v.number)
        })
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
        let sha256 = hex(&Sha256::digest(content));
        self.write_tx(|w| {
            w.tx.execute(
                "INSERT OR IGNORE INTO pieces (dossier_id, sha256, name, size, content, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, sha256, name, content.len() as i64, content, now()],
            )
            .map_err(|e| w.err(e))?;
            Ok(())
        })?;
        Ok(sha256)
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
        if hex(&Sha256::digest(&content)) != sha256 {
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
