//! FINESS establishment categories (D-CATEGORY): which are ESSMS (and of which sector), which
//! are health establishments (not eligible, D-EXCLUSIONS), which are outside both.
//!
//! The nomenclature is data, not code: `data/finess-categories.json` transcribes the ANS
//! terminologies `TRE_R66-CategorieEtablissement` (codes and labels), `TRE_R65` (agrégats) and
//! `ASS_X10` (the agrégat of each category), and records the versions it was taken from. What
//! each agrégat means for Grappe (`kind`, `sector`) is a product decision written in the same
//! file. An establishment taken from an imported FINESS file is judged by the agrégat that file
//! gives it, so that a category newer than the nomenclature is still recognised.

use std::sync::LazyLock;

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

    /// The sector an agrégat's label names (`… pour Personnes Âgées`), if any: for agrégats
    /// the nomenclature does not know yet.
    pub fn from_agregat_label(label: &str) -> Option<Sector> {
        let l = deunicode::deunicode(label).to_lowercase();
        if l.contains("agee") {
            Some(Sector::PersonnesAgees)
        } else if l.contains("handicap") {
            Some(Sector::PersonnesHandicapees)
        } else if l.contains("difficulte") || l.contains("addict") {
            Some(Sector::DifficultesSpecifiques)
        } else if l.contains("enfance") || l.contains("aide sociale") {
            Some(Sector::ProtectionEnfance)
        } else {
            None
        }
    }
}

/// What a category is, for eligibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryKind {
    /// A social or medico-social establishment or service, of this sector when its agrégat
    /// names one.
    Essms(Option<Sector>),
    /// A health establishment (hospital, USLD…): not eligible (D-EXCLUSIONS).
    Sante,
    /// Neither (administration, teaching, training): the user says what it is.
    HorsChamp,
}

/// One FINESS category of the nomenclature.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub code: String,
    pub label: String,
    /// Its agrégat (`TRE_R65` code); none for the few categories created for the ROR only.
    pub agregat: Option<String>,
    /// Closed in the nomenclature; establishments created before may still carry it.
    pub closed: bool,
    /// The sector of the category itself, where its agrégat serves several.
    #[serde(default)]
    pub sector: Option<Sector>,
    /// Other names it is known by, as search words (acronyms, usual names: « EHPAD », « MECS »).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// One agrégat of categories, and what Grappe makes of it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agregat {
    pub code: String,
    pub label: String,
    kind: AgregatKind,
    #[serde(default)]
    sector: Option<Sector>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum AgregatKind {
    Essms,
    Sante,
    HorsChamp,
}

impl Agregat {
    pub fn kind(&self) -> CategoryKind {
        match self.kind {
            AgregatKind::Essms => CategoryKind::Essms(self.sector),
            AgregatKind::Sante => CategoryKind::Sante,
            AgregatKind::HorsChamp => CategoryKind::HorsChamp,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Nomenclature {
    #[allow(dead_code)]
    format: String,
    #[allow(dead_code)]
    title: String,
    sources: Vec<String>,
    #[allow(dead_code)]
    decisions: Vec<String>,
    agregats: Vec<Agregat>,
    categories: Vec<Category>,
}

const NOMENCLATURE_JSON: &str = include_str!("../data/finess-categories.json");

static NOMENCLATURE: LazyLock<Nomenclature> = LazyLock::new(|| {
    // Checked by the test `nomenclature_is_consistent`; the file is part of the binary.
    serde_json::from_str(NOMENCLATURE_JSON).expect("the embedded FINESS nomenclature is valid")
});

/// Every category of the nomenclature, by code.
pub fn categories() -> &'static [Category] {
    &NOMENCLATURE.categories
}

/// Where the nomenclature was transcribed from (terminologies and their versions).
pub fn sources() -> &'static [String] {
    &NOMENCLATURE.sources
}

/// The category with this FINESS code.
pub fn category(code: &str) -> Option<&'static Category> {
    let code = code.trim();
    let list = categories();
    list.binary_search_by(|c| c.code.as_str().cmp(code))
        .ok()
        .map(|i| &list[i])
}

/// The agrégat with this code.
pub fn agregat(code: &str) -> Option<&'static Agregat> {
    let code = code.trim();
    let list = &NOMENCLATURE.agregats;
    list.binary_search_by(|a| a.code.as_str().cmp(code))
        .ok()
        .map(|i| &list[i])
}

impl Category {
    /// What the category is, from its agrégat (its own sector first).
    pub fn kind(&self) -> Option<CategoryKind> {
        Some(match agregat(self.agregat.as_deref()?)?.kind() {
            CategoryKind::Essms(sector) => CategoryKind::Essms(self.sector.or(sector)),
            other => other,
        })
    }
}

/// D-CATEGORY: what an establishment of this category is. The agrégat given by the FINESS file
/// (`file_agregat`, empty when typed by hand) is believed first, then the nomenclature's;
/// `None` when neither knows the category.
pub fn classify(code: &str, file_agregat: &str) -> Option<CategoryKind> {
    let index = &*INDEX;
    let (code, file_agregat) = (code.trim(), file_agregat.trim());
    // The numeric codes (all of the nomenclature's) are looked up in tables built once: this
    // runs twice for every ESSMS of every evaluation.
    let (own_sector, kind) = match number(code, 3) {
        Some(n) => index.categories[n],
        None => category(code).map_or((None, None), |c| (c.sector, c.kind())),
    };
    let from_file = match number(file_agregat, 4) {
        Some(n) => index.agregats[n],
        None if file_agregat.is_empty() => None,
        None => agregat(file_agregat).map(Agregat::kind),
    };
    match from_file {
        Some(CategoryKind::Essms(sector)) => Some(CategoryKind::Essms(own_sector.or(sector))),
        Some(other) => Some(other),
        None => kind,
    }
}

/// `text` as a number of exactly `digits` ASCII digits.
fn number(text: &str, digits: usize) -> Option<usize> {
    (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
}

/// The nomenclature by number: (own sector, kind) of each category code 000–999, the kind of each
/// agrégat code 0000–9999.
struct Index {
    categories: Vec<(Option<Sector>, Option<CategoryKind>)>,
    agregats: Vec<Option<CategoryKind>>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut categories = vec![(None, None); 1000];
    for c in &NOMENCLATURE.categories {
        if let Some(n) = number(&c.code, 3) {
            categories[n] = (c.sector, c.kind());
        }
    }
    let mut agregats = vec![None; 10_000];
    for a in &NOMENCLATURE.agregats {
        if let Some(n) = number(&a.code, 4) {
            agregats[n] = Some(a.kind());
        }
    }
    Index { categories, agregats }
});

/// The label to show for a category: the FINESS file's when there is one, else the
/// nomenclature's, else the code alone.
pub fn display_label(code: &str, file_label: &str) -> String {
    let file_label = file_label.trim();
    if !file_label.is_empty() {
        return file_label.to_string();
    }
    category(code).map_or_else(|| code.trim().to_string(), |c| c.label.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use CategoryKind::{Essms, HorsChamp, Sante};
    use Sector::{
        DifficultesSpecifiques as Ds, PersonnesAgees as Pa, PersonnesHandicapees as Ph, ProtectionEnfance as Pe,
    };

    #[test]
    fn nomenclature_is_consistent() {
        let list = categories();
        assert_eq!(list.len(), 322, "TRE_R66 version 20260505120000 has 322 codes");
        assert!(list.windows(2).all(|w| w[0].code < w[1].code), "sorted by code, unique");
        let agregats = &NOMENCLATURE.agregats;
        assert!(
            agregats.windows(2).all(|w| w[0].code < w[1].code),
            "agrégats sorted by code, unique"
        );
        for c in list {
            assert!(!c.label.trim().is_empty(), "{}", c.code);
            if let Some(a) = &c.agregat {
                assert!(agregat(a).is_some(), "{} → unknown agrégat {a}", c.code);
            }
        }
        assert!(sources()
            .iter()
            .any(|s| s.contains("TRE_R66") && s.contains("20260505120000")));
    }

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
            // Categories of real grappes that the first table lacked (D-CATEGORY).
            ("437", Ph),
            ("382", Ph),
            ("252", Ph),
            ("246", Ph),
            ("395", Ph),
            ("214", Ds),
            ("177", Pe),
        ];
        for (code, sector) in cases {
            assert_eq!(classify(code, ""), Some(Essms(Some(sector))), "{code}");
        }
    }

    #[test]
    fn hospitals_and_usld_are_health_establishments() {
        for code in ["101", "106", "355", "362", "292"] {
            assert_eq!(classify(code, ""), Some(Sante), "{code}");
        }
        assert_eq!(classify("999", ""), None);
        assert_eq!(classify("273", ""), Some(HorsChamp), "IFSI: training");
    }

    #[test]
    fn the_file_agregat_is_believed_first() {
        // A category newer than the nomenclature, in an agrégat it knows.
        assert_eq!(classify("998", "4301"), Some(Essms(Some(Ph))));
        assert_eq!(classify("998", "1102"), Some(Sante));
        // An unknown agrégat leaves the nomenclature's verdict.
        assert_eq!(classify("500", "9999"), Some(Essms(Some(Pa))));
        // A category's own sector applies in a multi-clientèle agrégat.
        assert_eq!(classify("354", "4605"), Some(Essms(Some(Pa))));
        assert_eq!(classify("998", "4605"), Some(Essms(None)));
    }

    #[test]
    fn labels_prefer_the_file() {
        assert_eq!(display_label("500", "EHPAD"), "EHPAD");
        assert_eq!(
            display_label("500", " "),
            "Etablissement d'hébergement pour personnes âgées dépendantes"
        );
        assert_eq!(display_label("998", ""), "998");
    }

    #[test]
    fn sector_from_agregat_labels() {
        assert_eq!(
            Sector::from_agregat_label("Etablissements et Services pour Personnes Âgées"),
            Some(Pa)
        );
        assert_eq!(
            Sector::from_agregat_label("Etab. et Services pour Adultes Handicapés"),
            Some(Ph)
        );
        assert_eq!(Sector::from_agregat_label("Centres Hospitaliers"), None);
    }
}
