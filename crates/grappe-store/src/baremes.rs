//! The barèmes of the store (D-BAREME-DATA): the embedded default plus every barème imported or
//! made by the user, one per identifier (its campaign), each kept as its file with its version
//! and fingerprint. A dossier names its barème by its campaign; the list's totals, and every
//! evaluation of the app, use that barème.

use std::collections::BTreeMap;
use std::sync::Arc;

use grappe_core::model::{CarriedBareme, CarriedError};
use grappe_core::{Bareme, Dossier};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::bareme_set::Baremes;
use crate::rows::refresh_total;
use crate::time::now;
use crate::write::Writer;
use crate::{Store, StoreError};

/// One barème in the list of the Barèmes screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaremeInfo {
    pub id: String,
    pub version: String,
    pub title: String,
    pub sha256: String,
    /// The embedded default: read only.
    pub builtin: bool,
    /// Names of the dossiers that use it.
    pub used_by: Vec<String>,
}

/// What became of the barème a dossier file carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Adoption {
    /// The file carried none, or one the store has already.
    Known,
    /// The store lacked it: imported.
    Imported { id: String },
    /// The store has another barème of that identifier: the carried one is imported under
    /// `id` and the dossier pinned to it.
    Renamed { from: String, id: String },
}

impl Adoption {
    /// What to tell the user, in French.
    pub fn notice(&self) -> Option<String> {
        match self {
            Adoption::Known => None,
            Adoption::Imported { id } => Some(format!("le barème « {id} » du dossier a été ajouté à vos barèmes")),
            Adoption::Renamed { from, id } => Some(format!(
                "le dossier a été calculé avec un barème « {from} » différent du vôtre : il a été ajouté sous le nom « {id} » et le dossier l'utilise"
            )),
        }
    }
}

impl Store {
    /// The store's barèmes.
    pub fn baremes(&self) -> &Baremes {
        &self.baremes
    }

    /// The barèmes with the dossiers using each, the default first.
    pub fn bareme_list(&self) -> Result<Vec<BaremeInfo>, StoreError> {
        let mut users: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT campaign, name FROM dossiers ORDER BY name")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        for (campaign, name) in rows {
            let id = self.baremes.of(&campaign).id().to_string();
            users.entry(id).or_default().push(name);
        }
        Ok(self
            .baremes
            .all()
            .map(|b| BaremeInfo {
                id: b.id().to_string(),
                version: b.version.clone(),
                title: b.title.clone(),
                sha256: b.fingerprint(),
                builtin: self.baremes.is_builtin(b.id()),
                used_by: users.remove(b.id()).unwrap_or_default(),
            })
            .collect())
    }

    /// Saves a barème (new, or over `previous`, its identifier before the edit) after the core's
    /// validation; the dossiers using it are evaluated again, in the same transaction. Returns
    /// how many were.
    pub fn save_bareme(&mut self, bareme: &Bareme, previous: Option<&str>) -> Result<usize, StoreError> {
        if let Some(problem) = bareme.validate().into_iter().next() {
            return Err(StoreError::Invalid(format!(
                "barème invalide : {} — {}",
                problem.path, problem.message
            )));
        }
        let id = bareme.id().to_string();
        if self.baremes.is_builtin(&id) {
            return Err(StoreError::Invalid(format!(
                "« {id} » est le barème livré avec Grappe : il ne se modifie pas ; créez un nouveau barème à partir de lui"
            )));
        }
        let previous = previous.map(str::trim).filter(|p| !p.is_empty());
        let renamed_from = previous.filter(|p| *p != id);
        if (previous.is_none() || renamed_from.is_some()) && self.baremes.get(&id).is_some() {
            return Err(StoreError::Invalid(format!(
                "un barème « {id} » existe déjà : choisissez une autre campagne"
            )));
        }
        if let Some(from) = renamed_from {
            let used = self.dossiers_using(from)?;
            if !used.is_empty() {
                return Err(StoreError::Invalid(format!(
                    "le barème « {from} » est utilisé par {} : sa campagne ne peut pas changer",
                    names(&used)
                )));
            }
        }
        let mut next = self.baremes.clone();
        if let Some(from) = renamed_from {
            next.stored.remove(from);
        }
        next.stored.insert(id.clone(), Arc::new(bareme.clone()));
        let users = self.write_tx(|w| put_bareme_in(&w.tx, &next, bareme, renamed_from).map_err(|e| w.err(e)))?;
        self.baremes = next;
        Ok(users)
    }

    /// Deletes a barème no dossier uses; refused otherwise, naming them.
    pub fn delete_bareme(&mut self, id: &str) -> Result<(), StoreError> {
        if self.baremes.is_builtin(id) {
            return Err(StoreError::Invalid(
                "le barème livré avec Grappe ne peut pas être supprimé".into(),
            ));
        }
        if !self.baremes.stored.contains_key(id.trim()) {
            return Err(StoreError::Invalid(format!("barème « {id} » introuvable")));
        }
        let used = self.dossiers_using(id)?;
        if !used.is_empty() {
            return Err(StoreError::Invalid(format!(
                "le barème « {id} » est utilisé par {} : changez leur barème avant de le supprimer",
                names(&used)
            )));
        }
        self.write_tx(|w| {
            w.tx.execute("DELETE FROM baremes WHERE id = ?1", [id.trim()])
                .map_err(|e| w.err(e))?;
            Ok(())
        })?;
        self.baremes.stored.remove(id.trim());
        Ok(())
    }

    /// Imports a barème file. One identical to a stored one changes nothing; another of an
    /// identifier the store has is refused unless `replace`.
    pub fn import_bareme(&mut self, text: &str, replace: bool) -> Result<String, StoreError> {
        let bareme = Bareme::from_json(text)?;
        let id = bareme.id().to_string();
        match self.baremes.get(&id) {
            Some(known) if known.fingerprint() == bareme.fingerprint() => Ok(id),
            Some(_) if self.baremes.is_builtin(&id) || !replace => Err(StoreError::Invalid(format!(
                "un barème « {id} » différent existe déjà : changez la campagne du fichier, ou remplacez le vôtre"
            ))),
            Some(_) => self.save_bareme(&bareme, Some(&id)).map(|_| id),
            None => self.save_bareme(&bareme, None).map(|_| id),
        }
    }

    /// The barème as a file (`grappe-bareme/1`).
    pub fn export_bareme(&self, id: &str) -> Result<String, StoreError> {
        self.baremes
            .get(id)
            .map(|b| b.to_json())
            .ok_or_else(|| StoreError::Invalid(format!("barème « {id} » introuvable")))
    }

    /// What a dossier file of this campaign carries: the barème's fingerprint, and its content
    /// unless it is the embedded default.
    pub(crate) fn carried(&self, campaign: &str) -> Option<CarriedBareme> {
        self.baremes
            .get(campaign)
            .map(|b| CarriedBareme::of(b, self.baremes.is_builtin(b.id())))
    }

    /// Takes in the barème a dossier file carries, so that the dossier computes here the total it
    /// had where it was made: a barème the store lacks is imported; one whose identifier the
    /// store uses for another content is imported under a new identifier, and the dossier
    /// pinned to it. A carried barème whose content does not match its fingerprint is refused.
    pub fn adopt_bareme(&mut self, dossier: &mut Dossier) -> Result<Adoption, StoreError> {
        let (adoption, new) = self.plan_adoption(dossier)?;
        if let Some(bareme) = new {
            self.save_bareme(&bareme, None)?;
        }
        Ok(adoption)
    }

    /// [`Store::adopt_bareme`] and `write` in one transaction: the carried barème is written
    /// with what `write` writes (the imported dossier, its pieces), or not at all. `write`
    /// sees the dossier as adopted (its campaign possibly renamed) and summaries computed with
    /// the new barème.
    pub(crate) fn write_adopting<T>(
        &mut self,
        dossier: &mut Dossier,
        write: impl FnOnce(&Writer<'_>, &Dossier) -> Result<T, StoreError>,
    ) -> Result<(T, Adoption), StoreError> {
        self.sync_baremes()?;
        let (adoption, new) = self.plan_adoption(dossier)?;
        let Some(bareme) = new else {
            let done = self.write_tx_under(None, |w| write(w, dossier))?;
            return Ok((done, adoption));
        };
        let mut next = self.baremes.clone();
        next.stored.insert(bareme.id().to_string(), Arc::new(bareme.clone()));
        let dossier = &*dossier;
        let done = self.write_tx_under(Some(&next), |w| {
            put_bareme_in(&w.tx, &next, &bareme, None).map_err(|e| w.err(e))?;
            write(w, dossier)
        })?;
        self.baremes = next;
        Ok((done, adoption))
    }

    /// What adopting the barème `dossier` carries means: the adoption, and the barème to add
    /// (validated) if any. The dossier's campaign is renamed when the barème is.
    fn plan_adoption(&self, dossier: &mut Dossier) -> Result<(Adoption, Option<Bareme>), StoreError> {
        let Some(carried) = dossier.bareme.take() else {
            return Ok((Adoption::Known, None));
        };
        let campaign = dossier.campaign.trim().to_string();
        if let Some(known) = self.baremes.get(&campaign) {
            if known.fingerprint() == carried.sha256 {
                return Ok((Adoption::Known, None));
            }
        }
        let Some(mut bareme) = carried.check(&campaign).map_err(|e| match e {
            CarriedError::Unknown { .. } => StoreError::Invalid(format!("{e} : importez ce barème d'abord")),
            e => StoreError::Invalid(e.to_string()),
        })?
        else {
            // The shipped barème, of this release or an earlier one.
            return Ok((Adoption::Known, None));
        };
        if self.baremes.get(&campaign).is_none() {
            return Ok((Adoption::Imported { id: campaign }, Some(bareme)));
        }
        let short: String = carried.sha256.chars().take(8).collect();
        let mut id = format!("{campaign} ({short})");
        let mut n = 2;
        while let Some(known) = self.baremes.get(&id) {
            bareme.campaign = id.clone();
            if known.fingerprint() == bareme.fingerprint() {
                dossier.campaign = id.clone();
                return Ok((Adoption::Renamed { from: campaign, id }, None));
            }
            id = format!("{campaign} ({short}-{n})");
            n += 1;
        }
        bareme.campaign = id.clone();
        dossier.campaign = id.clone();
        Ok((Adoption::Renamed { from: campaign, id }, Some(bareme)))
    }

    /// Names of the dossiers computed with barème `id`.
    pub fn dossiers_using(&self, id: &str) -> Result<Vec<String>, StoreError> {
        let ids = using_in(&self.conn, &self.baremes, id).map_err(|e| self.err(e))?;
        let mut names = Vec::new();
        for dossier in ids {
            let name: Option<String> = self
                .conn
                .query_row("SELECT name FROM dossiers WHERE id = ?1", [dossier], |r| r.get(0))
                .optional()
                .map_err(|e| self.err(e))?;
            names.extend(name);
        }
        Ok(names)
    }
}

/// Ids of the dossiers computed with barème `id` (those of an unknown campaign use the default).
fn using_in(conn: &Connection, baremes: &Baremes, id: &str) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare("SELECT id, campaign FROM dossiers ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter(|(_, campaign)| baremes.of(campaign).id() == id.trim())
        .map(|(dossier, _)| dossier)
        .collect())
}

/// « les dossiers « A », « B » » in a message.
fn names(dossiers: &[String]) -> String {
    let quoted: Vec<String> = dossiers.iter().map(|n| format!("« {n} »")).collect();
    match quoted.len() {
        1 => format!("le dossier {}", quoted[0]),
        _ => format!("les dossiers {}", quoted.join(", ")),
    }
}

/// Writes `bareme` (over `renamed_from`, its identifier before an edit) and evaluates again the
/// dossiers using it under `next`, the set of barèmes with it. Returns how many were.
fn put_bareme_in(
    tx: &rusqlite::Transaction<'_>,
    next: &Baremes,
    bareme: &Bareme,
    renamed_from: Option<&str>,
) -> rusqlite::Result<usize> {
    let id = bareme.id();
    if let Some(from) = renamed_from {
        tx.execute("DELETE FROM baremes WHERE id = ?1", [from])?;
    }
    tx.execute(
        "INSERT INTO baremes (id, version, sha256, content, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO UPDATE SET version = ?2, sha256 = ?3, content = ?4, updated_at = ?5",
        params![id, bareme.version, bareme.fingerprint(), bareme.to_json(), now()],
    )?;
    let ids = using_in(tx, next, id)?;
    for dossier in &ids {
        refresh_total(tx, *dossier, next)?;
    }
    Ok(ids.len())
}
