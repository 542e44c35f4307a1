//! Dossiers, their OGs and their ESSMS: one row each, every write one transaction and one
//! history version.

use grappe_core::model::{Essms, Og};
use grappe_core::suivi::report::next_deadline;
use grappe_core::suivi::Deadline;
use grappe_core::{dossier_file, Amount, Dossier};
use rusqlite::{params, OptionalExtension};

use crate::baremes::Adoption;
use crate::history::{put_list, put_row, Version};
use crate::rows::{
    get_row, header_json, json, next_position, refresh_summary, refresh_summary_of, row_value, suivi_rows, Entity,
};
use crate::time::now;
use crate::write::Writer;
use crate::{DocumentRecord, DossierSummary, Store, StoreError};

impl Store {
    /// Runs `write` in one transaction as one new version of `dossier`, then refreshes its
    /// summary. Nothing is written if anything fails.
    pub(crate) fn write<T>(
        &mut self,
        dossier: i64,
        description: &str,
        write: impl FnOnce(&mut Version) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.write_as(dossier, description, None, write)
    }

    /// [`Store::write`] when the dossier as it will be is in hand (`after`): its summary is
    /// computed from it, not read back.
    pub(crate) fn write_as<T>(
        &mut self,
        dossier: i64,
        description: &str,
        after: Option<&Dossier>,
        write: impl FnOnce(&mut Version) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.write_tx(|w| {
            let mut v = Version::begin(&w.tx, dossier, description)
                .map_err(|e| w.err(e))?
                .ok_or(StoreError::DossierNotFound(dossier))?;
            let result = write(&mut v)?;
            v.finish().map_err(|e| w.err(e))?;
            match after {
                Some(d) => refresh_summary_of(&w.tx, dossier, d, w.baremes),
                None => refresh_summary(&w.tx, dossier, w.baremes),
            }
            .map_err(|e| w.err(e))?;
            Ok(result)
        })
    }

    /// Whether the dossier was filed (or awarded): read from its summary's stage, without
    /// loading it — the wizard asks before each save.
    pub fn is_filed(&self, dossier: i64) -> Result<bool, StoreError> {
        let stage: Option<String> = self
            .conn
            .query_row("SELECT stage FROM dossiers WHERE id = ?1", [dossier], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))?;
        let stage = stage.ok_or(StoreError::DossierNotFound(dossier))?;
        Ok(stage != grappe_core::suivi::Stage::Brouillon.label())
    }

    pub(crate) fn require(&self, dossier: i64) -> Result<(), StoreError> {
        let found: Option<i64> = self
            .conn
            .query_row("SELECT id FROM dossiers WHERE id = ?1", [dossier], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))?;
        found.map(|_| ()).ok_or(StoreError::DossierNotFound(dossier))
    }

    /// Every dossier, most recently changed first, with what is due next at today's date.
    pub fn list(&self) -> Result<Vec<DossierSummary>, StoreError> {
        self.list_on(chrono::Local::now().date_naive())
    }

    /// [`Store::list`] with what is due next at `today`.
    pub fn list_on(&self, today: chrono::NaiveDate) -> Result<Vec<DossierSummary>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, name, porteur_name, campaign, essms_count, total, updated_at, stage, deadlines, variant_of
                 FROM dossiers ORDER BY updated_at DESC, id DESC",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map([], |r| {
            let deadlines: Vec<Deadline> = serde_json::from_str(r.get_ref(8)?.as_str()?).unwrap_or_default();
            Ok(DossierSummary {
                id: r.get(0)?,
                name: r.get(1)?,
                porteur: r.get(2)?,
                campaign: r.get(3)?,
                essms_count: r.get(4)?,
                total: Amount::parse(&r.get::<_, String>(5)?).unwrap_or_default(),
                updated_at: r.get::<_, chrono::NaiveDateTime>(6)?,
                stage: r.get(7)?,
                next_deadline: next_deadline(&deadlines, today),
                variant_of: r.get(9)?,
            })
        })
        .and_then(|rows| rows.collect())
        .map_err(|e| self.err(e))
    }

    /// Stores a new dossier (version 1). Returns its id.
    pub fn create(&mut self, dossier: &Dossier) -> Result<i64, StoreError> {
        self.write_tx(|w| create_in(w, dossier))
    }

    /// Creates a dossier read from a file, with the barème it carries taken in (see
    /// [`Store::adopt_bareme`]) in the same transaction: both or neither.
    pub fn create_adopting(&mut self, dossier: &mut Dossier) -> Result<(i64, Adoption), StoreError> {
        self.write_adopting(dossier, create_in)
    }

    /// Saves the dossier's own fields (name, dates, porteur, solution, costs, targets,
    /// checklist…); its OGs and ESSMS are left as stored.
    pub fn save_header(&mut self, id: i64, dossier: &Dossier) -> Result<i64, StoreError> {
        let header = header_json(dossier);
        let path = self.path.clone();
        self.write(id, "Informations du dossier modifiées", |v| {
            put_row(v, Entity::Dossier, Some(id), Some((header, None))).map_err(|e| StoreError::sqlite(&path, e))?;
            Ok(v.number)
        })
    }

    /// Adds OGs at the end of the dossier. Returns their row ids.
    pub fn add_ogs(&mut self, id: i64, ogs: &[Og]) -> Result<Vec<i64>, StoreError> {
        let description = match ogs {
            [one] => format!("OG « {} » ajouté", one.name),
            many => format!("{} OG ajoutés", many.len()),
        };
        self.add_rows(id, Entity::Og, ogs.iter().map(json).collect(), &description)
    }

    /// Saves one OG (its row only).
    pub fn save_og(&mut self, id: i64, og_id: i64, og: &Og) -> Result<i64, StoreError> {
        self.save_row(id, Entity::Og, og_id, json(og), &format!("OG « {} » modifié", og.name))
    }

    /// Adds ESSMS at the end of the dossier. Returns their row ids.
    pub fn add_essms(&mut self, id: i64, essms: &[Essms]) -> Result<Vec<i64>, StoreError> {
        let description = match essms {
            [one] => format!("ESSMS « {} » ajouté", one.name),
            many => format!("{} ESSMS ajoutés", many.len()),
        };
        self.add_rows(id, Entity::Essms, essms.iter().map(json).collect(), &description)
    }

    /// Appends rows (their JSON data) after the dossier's last row of `entity`, as one version.
    fn add_rows(
        &mut self,
        id: i64,
        entity: Entity,
        rows: Vec<String>,
        description: &str,
    ) -> Result<Vec<i64>, StoreError> {
        let path = self.path.clone();
        self.write(id, description, |v| {
            let sql = |e| StoreError::sqlite(&path, e);
            let start = next_position(v.tx, id, entity).map_err(sql)?;
            rows.into_iter()
                .enumerate()
                .map(|(k, data)| put_row(v, entity, None, Some((data, Some(start + k as i64)))).map_err(sql))
                .collect()
        })
    }

    /// Saves one ESSMS: only its row is rewritten.
    pub fn save_essms(&mut self, id: i64, essms_id: i64, essms: &Essms) -> Result<i64, StoreError> {
        self.save_row(
            id,
            Entity::Essms,
            essms_id,
            json(essms),
            &format!("ESSMS « {} » modifié", essms.name),
        )
    }

    /// Saves several ESSMS at once (bulk edit), as one version.
    pub fn save_essms_many(&mut self, id: i64, edits: &[(i64, Essms)]) -> Result<i64, StoreError> {
        let path = self.path.clone();
        self.write(id, &format!("{} ESSMS modifiés", edits.len()), |v| {
            for (row, e) in edits {
                let position = current_position(v, Entity::Essms, *row)?;
                put_row(v, Entity::Essms, Some(*row), Some((json(e), Some(position))))
                    .map_err(|e| StoreError::sqlite(&path, e))?;
            }
            Ok(v.number)
        })
    }

    /// Deletes OG rows (their ESSMS stay, and are reported by the checks until reassigned).
    pub fn delete_ogs(&mut self, id: i64, og_ids: &[i64]) -> Result<i64, StoreError> {
        self.delete_rows(id, Entity::Og, og_ids, &format!("{} OG supprimé(s)", og_ids.len()))
    }

    /// Deletes ESSMS rows.
    pub fn delete_essms(&mut self, id: i64, essms_ids: &[i64]) -> Result<i64, StoreError> {
        self.delete_rows(
            id,
            Entity::Essms,
            essms_ids,
            &format!("{} ESSMS supprimé(s)", essms_ids.len()),
        )
    }

    /// Replaces the candidature of a dossier (the wizard's save, an import over an existing
    /// one), as one version. Its follow-up is left as it is: it is saved by
    /// [`Store::save_suivi`].
    pub fn replace(&mut self, id: i64, dossier: &Dossier, description: &str) -> Result<i64, StoreError> {
        let path = self.path.clone();
        let header = header_json(dossier);
        self.write(id, description, |v| {
            let sql = |e| StoreError::sqlite(&path, e);
            put_row(v, Entity::Dossier, Some(id), Some((header, None))).map_err(sql)?;
            put_list(v, Entity::Og, dossier.ogs.iter().map(json).collect()).map_err(sql)?;
            put_list(v, Entity::Essms, dossier.essms.iter().map(json).collect()).map_err(sql)?;
            Ok(v.number)
        })
    }

    /// Deletes a dossier, its rows, history and documents.
    pub fn delete(&mut self, id: i64) -> Result<(), StoreError> {
        self.write_tx(|w| {
            let deleted =
                w.tx.execute("DELETE FROM dossiers WHERE id = ?1", [id])
                    .map_err(|e| w.err(e))?;
            if deleted == 0 {
                return Err(StoreError::DossierNotFound(id));
            }
            Ok(())
        })
    }

    /// Copies a dossier as a new one, named « copie ». Returns the new id.
    pub fn duplicate(&mut self, id: i64) -> Result<i64, StoreError> {
        let mut dossier = self.load(id)?.dossier;
        dossier.name = format!("{} (copie)", dossier.name);
        self.create(&dossier)
    }

    /// The dossier as a dossier file (`grappe-dossier/6`), carrying its barème.
    pub fn export(&self, id: i64) -> Result<String, StoreError> {
        let mut dossier = self.load(id)?.dossier;
        dossier.bareme = self.carried(&dossier.campaign);
        Ok(dossier_file::to_json(&dossier))
    }

    /// Imports a dossier file as a new dossier, or over `replace` (as a new version of it, so
    /// the replaced content stays restorable). Returns the dossier id.
    pub fn import(&mut self, text: &str, replace: Option<i64>) -> Result<i64, StoreError> {
        self.import_noting(text, replace).map(|(id, _)| id)
    }

    /// [`Store::import`], saying what became of the barème the file carried.
    pub fn import_noting(&mut self, text: &str, replace: Option<i64>) -> Result<(i64, Adoption), StoreError> {
        let mut dossier = dossier_file::from_json(text)?;
        if let Some(id) = replace {
            self.require(id)?;
        }
        let Some(id) = replace else {
            return self.create_adopting(&mut dossier);
        };
        let adoption = self.adopt_bareme(&mut dossier)?;
        self.replace(id, &dossier, "Remplacé par un fichier importé")?;
        Ok((id, adoption))
    }

    /// Records a document generated from the dossier.
    pub fn record_document(&mut self, id: i64, doc: &DocumentRecord) -> Result<(), StoreError> {
        self.require(id)?;
        self.write_tx(|w| {
            w.tx.execute(
                "INSERT INTO documents (dossier_id, file_name, fingerprint, bareme_version, generated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, doc.file_name, doc.fingerprint, doc.bareme_version, doc.generated_at],
            )
            .map_err(|e| w.err(e))?;
            Ok(())
        })
    }

    /// The documents generated from the dossier, newest first.
    pub fn documents(&self, id: i64) -> Result<Vec<DocumentRecord>, StoreError> {
        self.require(id)?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT file_name, fingerprint, bareme_version, generated_at FROM documents
                 WHERE dossier_id = ?1 ORDER BY generated_at DESC, id DESC",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map([id], |r| {
            Ok(DocumentRecord {
                file_name: r.get(0)?,
                fingerprint: r.get(1)?,
                bareme_version: r.get(2)?,
                generated_at: r.get::<_, chrono::NaiveDateTime>(3)?,
            })
        })
        .and_then(|rows| rows.collect())
        .map_err(|e| self.err(e))
    }

    fn save_row(
        &mut self,
        id: i64,
        entity: Entity,
        row: i64,
        data: String,
        description: &str,
    ) -> Result<i64, StoreError> {
        let path = self.path.clone();
        self.write(id, description, |v| {
            let position = current_position(v, entity, row)?;
            put_row(v, entity, Some(row), Some((data, Some(position)))).map_err(|e| StoreError::sqlite(&path, e))?;
            Ok(v.number)
        })
    }

    fn delete_rows(&mut self, id: i64, entity: Entity, rows: &[i64], description: &str) -> Result<i64, StoreError> {
        let path = self.path.clone();
        self.write(id, description, |v| {
            for &row in rows {
                current_position(v, entity, row)?;
                put_row(v, entity, Some(row), None).map_err(|e| StoreError::sqlite(&path, e))?;
            }
            Ok(v.number)
        })
    }
}

/// Creates a dossier inside a write: its first version.
pub(crate) fn create_in(w: &Writer<'_>, dossier: &Dossier) -> Result<i64, StoreError> {
    let sql = |e| w.err(e);
    let tx = &w.tx;
    let stamp = now();
    tx.execute(
        "INSERT INTO dossiers (header, name, campaign, porteur_name, essms_count, total, created_at, updated_at, version)
         VALUES (?1, '', '', '', 0, '0.00', ?2, ?2, 1)",
        params![header_json(dossier), stamp],
    )
    .map_err(sql)?;
    let id = tx.last_insert_rowid();
    let mut v = Version::begin_at(tx, id, 1, "Création du dossier").map_err(sql)?;
    let header = get_row(tx, id, Entity::Dossier, id).map_err(sql)?;
    v.record(Entity::Dossier, id, None, header.as_ref()).map_err(sql)?;
    for (i, og) in dossier.ogs.iter().enumerate() {
        put_row(&mut v, Entity::Og, None, Some(row_value(og, i))).map_err(sql)?;
    }
    for (i, e) in dossier.essms.iter().enumerate() {
        put_row(&mut v, Entity::Essms, None, Some(row_value(e, i))).map_err(sql)?;
    }
    if let Some(suivi) = &dossier.suivi {
        for (entity, rows) in suivi_rows(suivi) {
            put_list(&mut v, entity, rows).map_err(sql)?;
        }
    }
    v.finish().map_err(sql)?;
    refresh_summary(tx, id, w.baremes).map_err(sql)?;
    Ok(id)
}

/// The position of an existing row of the dossier, or `RowNotFound`.
fn current_position(v: &Version, entity: Entity, row: i64) -> Result<i64, StoreError> {
    get_row(v.tx, v.dossier, entity, row)
        .map_err(|e| StoreError::Database(e.to_string()))?
        .and_then(|(_, position)| position)
        .ok_or(StoreError::RowNotFound {
            dossier: v.dossier,
            id: row,
        })
}
