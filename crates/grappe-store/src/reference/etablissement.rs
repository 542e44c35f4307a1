//! An establishment of the reference data, as read from the FINESS extract and as stored, and
//! how its row is read.

use grappe_core::category::Sector;
use rusqlite::Row;
use serde::Serialize;

/// An establishment of the reference data (as read from the FINESS extract and as stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefEtablissement {
    pub finess_et: String,
    pub finess_ej: String,
    pub name: String,
    pub long_name: String,
    pub commune: String,
    pub postcode: String,
    /// INSEE code of the département (`01`, `2A`, `971`…).
    pub departement: String,
    pub category: String,
    pub category_label: String,
    pub aggregate: String,
    pub aggregate_label: String,
    /// The ESSMS sector, from the category, else from the agrégat's label; `None` for health
    /// establishments and others.
    pub sector: Option<Sector>,
    pub siret: String,
}

impl RefEtablissement {
    /// What the establishment is (D-CATEGORY): its agrégat in the file first, then the
    /// nomenclature; `None` when neither knows.
    pub fn kind(&self) -> Option<grappe_core::category::CategoryKind> {
        grappe_core::category::classify(&self.category, &self.aggregate)
    }

    /// Not known to be a health establishment or outside the medico-social field: it can
    /// join a grappe.
    pub fn is_essms(&self) -> bool {
        use grappe_core::category::CategoryKind;
        !matches!(self.kind(), Some(CategoryKind::Sante | CategoryKind::HorsChamp))
    }
}

pub(crate) fn sector_name(sector: Sector) -> &'static str {
    match sector {
        Sector::PersonnesAgees => "personnes_agees",
        Sector::PersonnesHandicapees => "personnes_handicapees",
        Sector::DifficultesSpecifiques => "difficultes_specifiques",
        Sector::ProtectionEnfance => "protection_enfance",
    }
}

pub(crate) fn sector_of(name: &str) -> Option<Sector> {
    Sector::ALL.into_iter().find(|s| sector_name(*s) == name)
}

/// The columns [`read`] reads, in its order.
pub(crate) const COLUMNS: &str = "e.finess_et, e.finess_ej, e.name, e.long_name, e.commune, e.postcode, e.departement,
    e.category, e.category_label, e.aggregate, e.aggregate_label, e.sector, e.siret";

/// How many columns [`COLUMNS`] holds.
pub(crate) const COLUMN_COUNT: usize = 13;

pub(crate) fn read(r: &Row) -> rusqlite::Result<RefEtablissement> {
    Ok(RefEtablissement {
        finess_et: r.get(0)?,
        finess_ej: r.get(1)?,
        name: r.get(2)?,
        long_name: r.get(3)?,
        commune: r.get(4)?,
        postcode: r.get(5)?,
        departement: r.get(6)?,
        category: r.get(7)?,
        category_label: r.get(8)?,
        aggregate: r.get(9)?,
        aggregate_label: r.get(10)?,
        sector: r.get::<_, Option<String>>(11)?.as_deref().and_then(sector_of),
        siret: r.get(12)?,
    })
}
