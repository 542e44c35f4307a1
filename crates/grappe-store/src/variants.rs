//! Variants of a dossier (issue 14): copies linked to it, to try another grappe (without an OG,
//! another solution, other situations) and compare; adopting one makes its candidature the
//! dossier's content as a new version of the dossier — undone by restoring the version before.

use rusqlite::{params, OptionalExtension};

use crate::dossiers::create_in;
use crate::{Store, StoreError};

impl Store {
    /// A variant of dossier `id`: a copy of its candidature (not its follow-up) named `name`,
    /// linked to it. Returns the variant's id.
    pub fn create_variant(&mut self, id: i64, name: &str) -> Result<i64, StoreError> {
        let mut dossier = self.load(id)?.dossier;
        if let Some(parent) = self.variant_of(id)? {
            return Err(StoreError::Invalid(format!(
                "ce dossier est lui-même une variante (du dossier n°{parent}) : créez la variante depuis le dossier d'origine"
            )));
        }
        dossier.suivi = None;
        dossier.name = if name.trim().is_empty() {
            format!("{} (variante)", dossier.name)
        } else {
            name.trim().to_string()
        };
        // The copy and its link in one transaction: never an unlinked copy left behind.
        self.write_tx(|w| {
            let variant = create_in(w, &dossier)?;
            w.tx.execute(
                "UPDATE dossiers SET variant_of = ?2 WHERE id = ?1",
                params![variant, id],
            )
            .map_err(|e| w.err(e))?;
            Ok(variant)
        })
    }

    /// The dossier `id` is a variant of, if it is one.
    pub fn variant_of(&self, id: i64) -> Result<Option<i64>, StoreError> {
        self.require(id)?;
        self.conn
            .query_row("SELECT variant_of FROM dossiers WHERE id = ?1", [id], |r| {
                r.get::<_, Option<i64>>(0)
            })
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.err(e))
    }

    /// The variants of dossier `id`, oldest first: (id, name).
    pub fn variants(&self, id: i64) -> Result<Vec<(i64, String)>, StoreError> {
        self.require(id)?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name FROM dossiers WHERE variant_of = ?1 ORDER BY id")
            .map_err(|e| self.err(e))?;
        stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))
    }

    /// Makes the candidature of `variant` the content of dossier `id`, as one new version of
    /// it (its name, its follow-up and the variant itself are kept). Returns the dossier's
    /// version before, to restore for undoing it.
    pub fn adopt_variant(&mut self, id: i64, variant: i64) -> Result<i64, StoreError> {
        if self.variant_of(variant)? != Some(id) {
            return Err(StoreError::Invalid(format!(
                "le dossier n°{variant} n'est pas une variante du dossier n°{id}"
            )));
        }
        let current = self.load(id)?;
        let before = current.version;
        let chosen = self.load(variant)?.dossier;
        let adopted = grappe_core::Dossier {
            name: current.dossier.name.clone(),
            suivi: current.dossier.suivi.clone(),
            ..chosen.clone()
        };
        self.replace(id, &adopted, &format!("Variante « {} » adoptée", chosen.name))?;
        Ok(before)
    }
}
