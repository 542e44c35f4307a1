//! The parts of a candidature: OGs, ESSMS and their situation, the DUI solution, declared costs,
//! the project calendar, usage targets and the checklist. A leaf: the barème names a
//! [`Situation`] without depending on the dossier.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::category::Sector;
use crate::money::{iso_date, Amount};

/// An organisme gestionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Og {
    pub finess_ej: String,
    pub name: String,
    #[serde(default)]
    pub siren: String,
    #[serde(default)]
    pub siret: String,
    #[serde(default)]
    pub address: Address,
    /// INSEE code of its département; derived from the FINESS EJ when empty.
    #[serde(default)]
    pub departement: String,
    /// Number of ESSMS it manages in all, declared; defaults to its count in the grappe (D-TERRITORY).
    #[serde(default)]
    pub managed_essms: Option<u32>,
    #[serde(default)]
    pub legal_representative: Person,
    #[serde(default)]
    pub contact: Contact,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Address {
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub commune: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Person {
    #[serde(default)]
    pub name: String,
    /// Title or function (« Directeur général »…).
    #[serde(default)]
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

/// Where an ESSMS stands with its DUI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Situation {
    /// Acquires a new solution after competitive tendering.
    NewSolution,
    /// Already equipped, accelerates usage.
    AlreadyEquipped,
}

impl Situation {
    pub fn label(self) -> &'static str {
        match self {
            Situation::NewSolution => "Acquisition d'une nouvelle solution",
            Situation::AlreadyEquipped => "Déjà équipé",
        }
    }
}

/// An établissement or service social or médico-social of the grappe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Essms {
    /// FINESS ET (géographique). Empty when the ESSMS has none of its own (not eligible).
    pub finess_et: String,
    pub name: String,
    /// FINESS category code (`500` EHPAD, `183` IME…).
    pub category: String,
    /// Category label as in the FINESS file; the nomenclature's label is used when empty.
    #[serde(default)]
    pub category_label: String,
    /// Agrégat of the category as in the FINESS file (`4401`); empty when typed by hand. It
    /// decides what the establishment is when the nomenclature does not know its category
    /// (D-CATEGORY). Since `grappe-dossier/2`.
    #[serde(default)]
    pub category_agregat: String,
    /// Sector, as stated by the user or the FINESS file; derived from the category when absent.
    #[serde(default)]
    pub sector: Option<Sector>,
    /// INSEE code of its département; derived from the FINESS ET when empty.
    #[serde(default)]
    pub departement: String,
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub capacity: Option<u32>,
    /// FINESS EJ of its OG, one of the dossier's `ogs`.
    pub og: String,
    pub situation: Situation,
    /// Already received software funding (D-EXCLUSIONS: MOA lines only).
    #[serde(default)]
    pub software_already_funded: bool,
    /// Its SONS order is signed (D-EXCLUSIONS: MOA lines only).
    #[serde(default)]
    pub sons_order_signed: bool,
    /// Declared need for equipment and infrastructure (R-SMALL-EQUIP, capped per ESSMS).
    #[serde(default)]
    #[ts(type = "string | null")]
    pub equipment_need: Option<Amount>,
}

/// The DUI solution chosen.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Solution {
    pub editeur: String,
    pub name: String,
    #[serde(default)]
    pub version: String,
    /// Present when the solution is référencé Ségur.
    #[serde(default)]
    pub referencement: Option<Referencement>,
}

/// A Ségur référencement of a solution version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Referencement {
    pub identifier: String,
    /// The dispositif (`DUI MS1`…).
    #[serde(default)]
    pub dispositif: String,
    #[serde(with = "iso_date")]
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[serde(default, with = "iso_date::option")]
    #[ts(type = "string | null")]
    pub until: Option<NaiveDate>,
}

impl Referencement {
    /// D-REFERENCE-DATE: valid on `date` (bounds included).
    pub fn is_valid_on(&self, date: NaiveDate) -> bool {
        self.from <= date && self.until.is_none_or(|until| date <= until)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct DeclaredCosts {
    /// Cost of the AMOA piloting (R-SMALL-AMOA).
    #[serde(default)]
    #[ts(type = "string | null")]
    pub amoa: Option<Amount>,
    /// Cost of the support for the procurement (R-MARCHE).
    #[serde(default)]
    #[ts(type = "string | null")]
    pub marche: Option<Amount>,
}

/// The project's key dates; the payment tranches fall due on them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct ProjectCalendar {
    #[serde(default, with = "iso_date::option")]
    #[ts(type = "string | null")]
    pub project_start: Option<NaiveDate>,
    #[serde(default, with = "iso_date::option")]
    #[ts(type = "string | null")]
    pub usage_targets_deadline: Option<NaiveDate>,
}

/// A usage indicator of the call and the target the grappe commits to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct UsageTarget {
    pub indicator: String,
    /// The target value, as written in the call (free text: `80 %`, `1 200 documents`…).
    #[serde(default)]
    pub target: String,
}

/// One document to attach to the candidature.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub document: String,
    #[serde(default)]
    pub attached: bool,
}

/// Common usage indicators offered as a starting list; their targets are left for the user to
/// enter from their call (D-NO-INVENTION).
pub const COMMON_USAGE_INDICATORS: [&str; 4] = [
    "DUI actifs (part des usagers disposant d'un DUI alimenté)",
    "INS qualifiée (part des usagers dont l'INS est qualifiée)",
    "Messagerie sécurisée de santé (MSSanté) utilisée",
    "Documents envoyés à Mon espace santé",
];

/// The documents every candidature attaches (domain.md, « What a candidature dossier contains »).
pub const DEFAULT_CHECKLIST: [&str; 4] = [
    "Lettre d'engagement du porteur",
    "Convention de grappe",
    "Devis de l'éditeur",
    "Justification du choix de l'éditeur",
];
