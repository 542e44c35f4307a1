//! Reference data and dossiers: an ESSMS added from the FINESS file takes its values; after a
//! newer file is imported it keeps them until the user chooses to refresh it.

use grappe_core::model::{Essms, Situation};
use serde::Serialize;

use super::etablissement::RefEtablissement;
use crate::{Store, StoreError};

impl RefEtablissement {
    /// A new ESSMS of a dossier, filled from the reference data.
    pub fn to_essms(&self, situation: Situation) -> Essms {
        let mut essms = Essms {
            finess_et: self.finess_et.clone(),
            name: String::new(),
            category: String::new(),
            category_label: String::new(),
            category_agregat: String::new(),
            sector: None,
            departement: String::new(),
            commune: String::new(),
            capacity: None,
            og: self.finess_ej.clone(),
            situation,
            software_already_funded: false,
            sons_order_signed: false,
            equipment_need: None,
        };
        self.refresh(&mut essms);
        essms
    }

    /// Updates the fields that come from the FINESS file; the user's own (situation, flags,
    /// capacity, needs, OG, and the sector they stated where the file gives none) are kept.
    pub fn refresh(&self, essms: &mut Essms) {
        essms.name = self.display_name();
        essms.category = self.category.clone();
        essms.category_label = self.category_label.clone();
        essms.category_agregat = self.aggregate.clone();
        if self.sector.is_some() {
            essms.sector = self.sector;
        }
        essms.departement = self.departement.clone();
        essms.commune = self.commune.clone();
    }

    /// The long name when there is one (it is written in mixed case), else the name.
    pub fn display_name(&self) -> String {
        if self.long_name.trim().is_empty() {
            self.name.clone()
        } else {
            self.long_name.clone()
        }
    }
}

/// An ESSMS of a dossier whose values differ from the current reference data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefreshCandidate {
    /// Row id of the ESSMS in the dossier.
    pub essms_id: i64,
    pub finess_et: String,
    /// (field, value in the dossier, value in the FINESS file).
    pub changes: Vec<(String, String, String)>,
}

impl Store {
    /// The ESSMS of a dossier whose FINESS-file values changed since they were added.
    pub fn refresh_candidates(&self, dossier: i64) -> Result<Vec<RefreshCandidate>, StoreError> {
        let stored = self.load(dossier)?;
        let mut out = Vec::new();
        for (essms, &id) in stored.dossier.essms.iter().zip(&stored.essms_ids) {
            let Some(reference) = self.etablissement(&essms.finess_et)? else {
                continue;
            };
            let mut refreshed = essms.clone();
            reference.refresh(&mut refreshed);
            let text = |s: Option<grappe_core::category::Sector>| s.map(|s| s.label().to_string()).unwrap_or_default();
            let pairs = [
                ("nom", essms.name.clone(), refreshed.name.clone()),
                ("catégorie", essms.category.clone(), refreshed.category.clone()),
                (
                    "libellé de catégorie",
                    essms.category_label.clone(),
                    refreshed.category_label.clone(),
                ),
                (
                    "agrégat de catégorie",
                    essms.category_agregat.clone(),
                    refreshed.category_agregat.clone(),
                ),
                ("secteur", text(essms.sector), text(refreshed.sector)),
                ("département", essms.departement.clone(), refreshed.departement.clone()),
                ("commune", essms.commune.clone(), refreshed.commune.clone()),
            ];
            let changes: Vec<(String, String, String)> = pairs
                .into_iter()
                .filter(|(_, old, new)| old != new)
                .map(|(f, old, new)| (f.to_string(), old, new))
                .collect();
            if !changes.is_empty() {
                out.push(RefreshCandidate {
                    essms_id: id,
                    finess_et: essms.finess_et.clone(),
                    changes,
                });
            }
        }
        Ok(out)
    }
}
