//! FINESS establishment categories: which are ESSMS (and of which sector), which are health
//! establishments (not eligible, D-EXCLUSIONS).

use serde::{Deserialize, Serialize};

/// The sector of an ESSMS, from its category's agrégat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    PersonnesAgees,
    PersonnesHandicapees,
    DifficultesSpecifiques,
    ProtectionEnfance,
}

impl Sector {
    pub const ALL: [Sector; 4] = [
        Sector::PersonnesAgees,
        Sector::PersonnesHandicapees,
        Sector::DifficultesSpecifiques,
        Sector::ProtectionEnfance,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Sector::PersonnesAgees => "Personnes âgées",
            Sector::PersonnesHandicapees => "Personnes handicapées",
            Sector::DifficultesSpecifiques => "Difficultés spécifiques",
            Sector::ProtectionEnfance => "Protection de l'enfance",
        }
    }
}

/// What a category is, for eligibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryKind {
    /// A social or medico-social establishment or service, of this sector.
    Essms(Sector),
    /// A health establishment (hospital, USLD…): not eligible (D-EXCLUSIONS).
    Sante,
}

/// One FINESS category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    pub code: &'static str,
    pub label: &'static str,
    pub kind: CategoryKind,
}

use CategoryKind::{Essms, Sante};
use Sector::{DifficultesSpecifiques as Ds, PersonnesAgees as Pa, PersonnesHandicapees as Ph, ProtectionEnfance as Pe};

/// The categories Grappe knows. An ESSMS whose category is not listed here is reported.
pub const CATEGORIES: &[Category] = &[
    // Personnes âgées
    cat("500", "EHPAD", Essms(Pa)),
    cat("501", "EHPA percevant des crédits d'assurance maladie", Essms(Pa)),
    cat("502", "EHPA ne percevant pas de crédits d'assurance maladie", Essms(Pa)),
    cat("202", "Résidence autonomie", Essms(Pa)),
    cat("207", "Centre de jour pour personnes âgées", Essms(Pa)),
    cat("381", "Établissement expérimental pour personnes âgées", Essms(Pa)),
    cat("354", "SSIAD", Essms(Pa)),
    cat("209", "SAAS", Essms(Pa)),
    cat("460", "SAA", Essms(Pa)),
    // Personnes handicapées
    cat("182", "SESSAD", Essms(Ph)),
    cat("183", "IME", Essms(Ph)),
    cat("186", "ITEP", Essms(Ph)),
    cat(
        "188",
        "Établissement pour enfants ou adolescents polyhandicapés",
        Essms(Ph),
    ),
    cat("189", "CMPP", Essms(Ph)),
    cat("190", "CAMSP", Essms(Ph)),
    cat("192", "Établissement pour déficients moteurs", Essms(Ph)),
    cat("194", "Institut pour déficients visuels", Essms(Ph)),
    cat("195", "Institut pour déficients auditifs", Essms(Ph)),
    cat("196", "Institut d'éducation sensorielle sourds-aveugles", Essms(Ph)),
    cat("238", "Centre d'accueil familial spécialisé", Essms(Ph)),
    cat("246", "ESAT", Essms(Ph)),
    cat("249", "Centre de rééducation professionnelle", Essms(Ph)),
    cat("252", "Foyer d'hébergement pour adultes handicapés", Essms(Ph)),
    cat("253", "Foyer d'accueil polyvalent pour adultes handicapés", Essms(Ph)),
    cat("255", "MAS", Essms(Ph)),
    cat("377", "Établissement expérimental pour l'enfance handicapée", Essms(Ph)),
    cat("379", "Établissement expérimental pour adultes handicapés", Essms(Ph)),
    cat("445", "SAMSAH", Essms(Ph)),
    cat("446", "SAVS", Essms(Ph)),
    cat("448", "EAM", Essms(Ph)),
    cat("449", "EANM", Essms(Ph)),
    // Difficultés spécifiques
    cat("165", "Appartement de coordination thérapeutique (ACT)", Essms(Ds)),
    cat("178", "CAARUD", Essms(Ds)),
    cat("180", "Lits halte soins santé (LHSS)", Essms(Ds)),
    cat("197", "CSAPA", Essms(Ds)),
    // Protection de l'enfance and lieux de vie
    cat("175", "Foyer de l'enfance", Essms(Pe)),
    cat("177", "Maison d'enfants à caractère social (MECS)", Essms(Pe)),
    cat("462", "Lieu de vie et d'accueil", Essms(Pe)),
    // Health establishments: not ESSMS
    cat("101", "Centre hospitalier régional", Sante),
    cat("106", "Centre hospitalier (ex-hôpital local)", Sante),
    cat("109", "Établissement de santé privé autorisé en SSR", Sante),
    cat("114", "Hôpital des armées", Sante),
    cat("128", "Établissement de soins chirurgicaux", Sante),
    cat("129", "Établissement de soins médicaux", Sante),
    cat("131", "Centre de lutte contre le cancer", Sante),
    cat("292", "Centre hospitalier spécialisé en psychiatrie", Sante),
    cat("355", "Centre hospitalier", Sante),
    cat("362", "Unité de soins de longue durée (USLD)", Sante),
    cat("365", "Établissement de soins pluridisciplinaire", Sante),
];

const fn cat(code: &'static str, label: &'static str, kind: CategoryKind) -> Category {
    Category { code, label, kind }
}

/// The category with this FINESS code.
pub fn category(code: &str) -> Option<&'static Category> {
    let code = code.trim();
    CATEGORIES.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_categories_are_known_with_their_sector() {
        let cases = [
            ("500", Pa),
            ("183", Ph),
            ("182", Ph),
            ("186", Ph),
            ("189", Ph),
            ("255", Ph),
            ("354", Pa),
            ("445", Ph),
            ("446", Ph),
            ("448", Ph),
            ("449", Ph),
            ("209", Pa),
            ("460", Pa),
            ("462", Pe),
        ];
        for (code, sector) in cases {
            assert_eq!(category(code).unwrap().kind, Essms(sector), "{code}");
        }
    }

    #[test]
    fn hospitals_and_usld_are_health_establishments() {
        for code in ["101", "355", "362"] {
            assert_eq!(category(code).unwrap().kind, Sante, "{code}");
        }
        assert!(category("999").is_none());
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<_> = CATEGORIES.iter().map(|c| c.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), CATEGORIES.len());
    }
}
