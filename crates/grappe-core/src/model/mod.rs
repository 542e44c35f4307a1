//! The candidature model: the dossier that holds the grappe (`grappe`: OGs, ESSMS, DUI solution…)
//! and its follow-up (`suivi`: filing, award, payments, expenses, targets). The dossier and its
//! follow-up are one recursive type — the filing freezes a dossier — so they live in one folder.
//!
//! Identifiers are kept as typed (strings), not as validated [`crate::Finess`] values: a dossier
//! is filled over days and must hold half-typed input without losing it. The checks of
//! [`crate::evaluate`] report every invalid value as a finding.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::file_format::Tag;
use crate::money::iso_date;

mod grappe;
pub mod suivi;

pub use grappe::{
    Address, ChecklistItem, Contact, DeclaredCosts, Essms, Og, Person, ProjectCalendar, Referencement, Situation,
    Solution, UsageTarget, COMMON_USAGE_INDICATORS, DEFAULT_CHECKLIST,
};

/// Format tag of the dossier file: `"grappe-dossier/6"` (version 2 added
/// `essms[].category_agregat`, version 3 the follow-up `suivi`, version 4 the barème it was
/// computed with, `bareme`, version 5 the demande de solde's date, understood excess payments,
/// credit notes, the accounting line of an expense and the accounts' mapping, version 6 the
/// account of an expense and the compte rendu's inputs; versions 1 to 5
/// are still read).
pub const DOSSIER_FORMAT: &str = "grappe-dossier/6";

/// One candidature and its follow-up: the file consultants and directors exchange
/// (`grappe-dossier/6`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Dossier {
    #[ts(type = "string")]
    pub format: Tag<DossierTag>,
    /// Name of the grappe / project.
    pub name: String,
    /// The campaign the candidature is for (e.g. `2023-2025`): the identifier of the barème it
    /// is computed with (D-BAREME-DATA).
    pub campaign: String,
    /// The date the candidature is filed; every date-dependent rule is evaluated at it.
    #[serde(with = "iso_date")]
    #[ts(type = "string")]
    pub filing_date: NaiveDate,
    /// FINESS EJ of the porteur OG, one of `ogs`.
    pub porteur: String,
    pub ogs: Vec<Og>,
    pub essms: Vec<Essms>,
    #[serde(default)]
    pub solution: Option<Solution>,
    /// Why this solution was chosen after competitive tendering (R-REG-NEW, R-NAT-NEW).
    #[serde(default)]
    pub choice_justification: String,
    /// Declared costs of the small-OG per-project lines (D-SMALL-LINES).
    #[serde(default)]
    pub declared_costs: DeclaredCosts,
    /// The grappe runs its procurement through the purchasing centre mandated by the CNSA (R-MARCHE).
    #[serde(default)]
    pub centrale_achat: bool,
    #[serde(default)]
    pub calendar: ProjectCalendar,
    /// The usage indicators and targets of the call, as entered by the user (D-NO-INVENTION).
    #[serde(default)]
    pub usage_targets: Vec<UsageTarget>,
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
    /// The follow-up, once the dossier is filed (D-AWARD … D-DEADLINES). Saved apart from the
    /// candidature: the wizard never changes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(skip)]
    pub suivi: Option<suivi::Suivi>,
    /// In an exchanged file, the barème the dossier was computed with (format 4): its version
    /// and fingerprint, and its content unless it is the embedded default. A store keeps its
    /// barèmes apart and never holds this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(skip)]
    pub bareme: Option<CarriedBareme>,
}

/// The barème a dossier file carries (`Dossier::bareme`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarriedBareme {
    pub version: String,
    /// [`crate::Bareme::fingerprint`] of the barème.
    pub sha256: String,
    /// The barème itself; absent when it is the embedded default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Box<crate::Bareme>>,
}

impl CarriedBareme {
    /// What a file carries for `bareme`: its fingerprint, and its content unless `embedded`.
    pub fn of(bareme: &crate::Bareme, embedded: bool) -> CarriedBareme {
        CarriedBareme {
            version: bareme.version.clone(),
            sha256: bareme.fingerprint(),
            content: (!embedded).then(|| Box::new(bareme.clone())),
        }
    }

    /// The carried barème, checked for a dossier of `campaign`: `Ok(None)` when it is the
    /// shipped barème (of this release or an earlier one); `Ok(Some(b))` when its content
    /// matches its fingerprint, names the campaign and is valid. The one check of the store's
    /// imports and of the `grappe` command.
    pub fn check(&self, campaign: &str) -> Result<Option<crate::Bareme>, CarriedError> {
        let Some(content) = &self.content else {
            return if crate::Bareme::is_shipped_fingerprint(&self.sha256) {
                Ok(None)
            } else {
                Err(CarriedError::Unknown {
                    campaign: campaign.trim().to_string(),
                    version: self.version.clone(),
                })
            };
        };
        if content.fingerprint() != self.sha256 || content.id() != campaign.trim() {
            return Err(CarriedError::Altered);
        }
        match content.validate().into_iter().next() {
            Some(problem) => Err(CarriedError::Invalid(problem)),
            None => Ok(Some(crate::Bareme::clone(content))),
        }
    }
}

/// Why the barème a dossier file carries cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CarriedError {
    /// Its content does not match its fingerprint: the file was edited.
    Altered,
    /// It does not hold the rules of a valid barème.
    Invalid(crate::file_format::Problem),
    /// Without its content, it is not the shipped barème: a barème of another installation.
    Unknown { campaign: String, version: String },
}

impl std::fmt::Display for CarriedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CarriedError::Altered => {
                f.write_str("le barème joint au dossier ne correspond pas à son empreinte : le fichier a été modifié")
            }
            CarriedError::Invalid(p) => write!(f, "le barème joint au dossier est invalide : {} — {}", p.path, p.message),
            CarriedError::Unknown { campaign, version } => write!(
                f,
                "le dossier a été calculé avec le barème « {campaign} » version {version} d'une autre installation de Grappe, qui n'est pas joint au fichier"
            ),
        }
    }
}

/// Marker for the dossier file's format tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DossierTag;

impl crate::file_format::FormatName for DossierTag {
    const NAME: &'static str = DOSSIER_FORMAT;
    const READS: &'static [&'static str] = &[
        "grappe-dossier/1",
        "grappe-dossier/2",
        "grappe-dossier/3",
        "grappe-dossier/4",
        "grappe-dossier/5",
    ];
    const WHAT: &'static str = "dossier Grappe";
}

impl Dossier {
    /// A new, empty dossier with the common indicators (no target) and the default checklist.
    pub fn new(name: &str, campaign: &str, filing_date: NaiveDate) -> Dossier {
        Dossier {
            format: Tag::default(),
            name: name.to_string(),
            campaign: campaign.to_string(),
            filing_date,
            porteur: String::new(),
            ogs: Vec::new(),
            essms: Vec::new(),
            solution: None,
            choice_justification: String::new(),
            declared_costs: DeclaredCosts::default(),
            centrale_achat: false,
            calendar: ProjectCalendar::default(),
            usage_targets: COMMON_USAGE_INDICATORS
                .iter()
                .map(|i| UsageTarget {
                    indicator: i.to_string(),
                    target: String::new(),
                })
                .collect(),
            suivi: None,
            bareme: None,
            checklist: DEFAULT_CHECKLIST
                .iter()
                .map(|d| ChecklistItem {
                    document: d.to_string(),
                    attached: false,
                })
                .collect(),
        }
    }

    /// The OG with this FINESS EJ (as typed, spaces ignored).
    pub fn og(&self, finess_ej: &str) -> Option<&Og> {
        let key = crate::file_format::compact(finess_ej);
        self.ogs
            .iter()
            .find(|o| crate::file_format::compact(&o.finess_ej) == key)
    }
}
