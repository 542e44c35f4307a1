//! The 101 départements with their region and ARS (INSEE codes and names).
//!
//! Reference data that changes only with a territorial reform, so it lives in code, not in
//! the barème.

/// A region and its agence régionale de santé.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// INSEE region code (`11`, `84`, `01`…).
    pub code: &'static str,
    pub name: &'static str,
    pub ars: &'static str,
}

/// A département, with the INSEE code of its region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Departement {
    /// INSEE code (`01`, `2A`, `971`).
    pub code: &'static str,
    pub name: &'static str,
    pub region: &'static str,
}

macro_rules! regions {
    ($(($code:literal, $name:literal)),* $(,)?) => {
        /// The 18 regions (13 metropolitan, 5 overseas), each with one ARS.
        pub const REGIONS: &[Region] = &[
            $(Region { code: $code, name: $name, ars: concat!("ARS ", $name) }),*
        ];
    };
}

regions![
    ("01", "Guadeloupe"),
    ("02", "Martinique"),
    ("03", "Guyane"),
    ("04", "La Réunion"),
    ("06", "Mayotte"),
    ("11", "Île-de-France"),
    ("24", "Centre-Val de Loire"),
    ("27", "Bourgogne-Franche-Comté"),
    ("28", "Normandie"),
    ("32", "Hauts-de-France"),
    ("44", "Grand Est"),
    ("52", "Pays de la Loire"),
    ("53", "Bretagne"),
    ("75", "Nouvelle-Aquitaine"),
    ("76", "Occitanie"),
    ("84", "Auvergne-Rhône-Alpes"),
    ("93", "Provence-Alpes-Côte d'Azur"),
    ("94", "Corse"),
];

macro_rules! departements {
    ($(($code:literal, $name:literal, $region:literal)),* $(,)?) => {
        /// The 101 départements (96 metropolitan, 5 overseas).
        pub const DEPARTEMENTS: &[Departement] = &[
            $(Departement { code: $code, name: $name, region: $region }),*
        ];
    };
}

departements![
    ("01", "Ain", "84"),
    ("02", "Aisne", "32"),
    ("03", "Allier", "84"),
    ("04", "Alpes-de-Haute-Provence", "93"),
    ("05", "Hautes-Alpes", "93"),
    ("06", "Alpes-Maritimes", "93"),
    ("07", "Ardèche", "84"),
    ("08", "Ardennes", "44"),
    ("09", "Ariège", "76"),
    ("10", "Aube", "44"),
    ("11", "Aude", "76"),
    ("12", "Aveyron", "76"),
    ("13", "Bouches-du-Rhône", "93"),
    ("14", "Calvados", "28"),
    ("15", "Cantal", "84"),
    ("16", "Charente", "75"),
    ("17", "Charente-Maritime", "75"),
    ("18", "Cher", "24"),
    ("19", "Corrèze", "75"),
    ("2A", "Corse-du-Sud", "94"),
    ("2B", "Haute-Corse", "94"),
    ("21", "Côte-d'Or", "27"),
    ("22", "Côtes-d'Armor", "53"),
    ("23", "Creuse", "75"),
    ("24", "Dordogne", "75"),
    ("25", "Doubs", "27"),
    ("26", "Drôme", "84"),
    ("27", "Eure", "28"),
    ("28", "Eure-et-Loir", "24"),
    ("29", "Finistère", "53"),
    ("30", "Gard", "76"),
    ("31", "Haute-Garonne", "76"),
    ("32", "Gers", "76"),
    ("33", "Gironde", "75"),
    ("34", "Hérault", "76"),
    ("35", "Ille-et-Vilaine", "53"),
    ("36", "Indre", "24"),
    ("37", "Indre-et-Loire", "24"),
    ("38", "Isère", "84"),
    ("39", "Jura", "27"),
    ("40", "Landes", "75"),
    ("41", "Loir-et-Cher", "24"),
    ("42", "Loire", "84"),
    ("43", "Haute-Loire", "84"),
    ("44", "Loire-Atlantique", "52"),
    ("45", "Loiret", "24"),
    ("46", "Lot", "76"),
    ("47", "Lot-et-Garonne", "75"),
    ("48", "Lozère", "76"),
    ("49", "Maine-et-Loire", "52"),
    ("50", "Manche", "28"),
    ("51", "Marne", "44"),
    ("52", "Haute-Marne", "44"),
    ("53", "Mayenne", "52"),
    ("54", "Meurthe-et-Moselle", "44"),
    ("55", "Meuse", "44"),
    ("56", "Morbihan", "53"),
    ("57", "Moselle", "44"),
    ("58", "Nièvre", "27"),
    ("59", "Nord", "32"),
    ("60", "Oise", "32"),
    ("61", "Orne", "28"),
    ("62", "Pas-de-Calais", "32"),
    ("63", "Puy-de-Dôme", "84"),
    ("64", "Pyrénées-Atlantiques", "75"),
    ("65", "Hautes-Pyrénées", "76"),
    ("66", "Pyrénées-Orientales", "76"),
    ("67", "Bas-Rhin", "44"),
    ("68", "Haut-Rhin", "44"),
    ("69", "Rhône", "84"),
    ("70", "Haute-Saône", "27"),
    ("71", "Saône-et-Loire", "27"),
    ("72", "Sarthe", "52"),
    ("73", "Savoie", "84"),
    ("74", "Haute-Savoie", "84"),
    ("75", "Paris", "11"),
    ("76", "Seine-Maritime", "28"),
    ("77", "Seine-et-Marne", "11"),
    ("78", "Yvelines", "11"),
    ("79", "Deux-Sèvres", "75"),
    ("80", "Somme", "32"),
    ("81", "Tarn", "76"),
    ("82", "Tarn-et-Garonne", "76"),
    ("83", "Var", "93"),
    ("84", "Vaucluse", "93"),
    ("85", "Vendée", "52"),
    ("86", "Vienne", "75"),
    ("87", "Haute-Vienne", "75"),
    ("88", "Vosges", "44"),
    ("89", "Yonne", "27"),
    ("90", "Territoire de Belfort", "27"),
    ("91", "Essonne", "11"),
    ("92", "Hauts-de-Seine", "11"),
    ("93", "Seine-Saint-Denis", "11"),
    ("94", "Val-de-Marne", "11"),
    ("95", "Val-d'Oise", "11"),
    ("971", "Guadeloupe", "01"),
    ("972", "Martinique", "02"),
    ("973", "Guyane", "03"),
    ("974", "La Réunion", "04"),
    ("976", "Mayotte", "06"),
];

/// The département with this INSEE code.
pub fn departement(code: &str) -> Option<&'static Departement> {
    DEPARTEMENTS.iter().find(|d| d.code == code)
}

/// The region with this INSEE code.
pub fn region(code: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.code == code)
}

/// The region of a département.
pub fn region_of_departement(code: &str) -> Option<&'static Region> {
    departement(code).and_then(|d| region(d.region))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_101_departements_in_18_regions() {
        assert_eq!(DEPARTEMENTS.len(), 101);
        assert_eq!(REGIONS.len(), 18);
        let overseas = REGIONS.iter().filter(|r| r.code < "10").count();
        assert_eq!(overseas, 5);
        for d in DEPARTEMENTS {
            assert!(region(d.region).is_some(), "{} has an unknown region", d.code);
        }
        for r in REGIONS {
            assert!(
                DEPARTEMENTS.iter().any(|d| d.region == r.code),
                "{} has no département",
                r.name
            );
        }
        let mut codes: Vec<_> = DEPARTEMENTS.iter().map(|d| d.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 101, "département codes are unique");
    }

    #[test]
    fn regions_and_ars_of_some_departements() {
        let cases = [
            ("59", "32", "ARS Hauts-de-France"),
            ("2A", "94", "ARS Corse"),
            ("75", "11", "ARS Île-de-France"),
            ("974", "04", "ARS La Réunion"),
            ("976", "06", "ARS Mayotte"),
            ("90", "27", "ARS Bourgogne-Franche-Comté"),
        ];
        for (dep, region_code, ars) in cases {
            let r = region_of_departement(dep).unwrap();
            assert_eq!(r.code, region_code, "{dep}");
            assert_eq!(r.ars, ars, "{dep}");
        }
        assert!(departement("975").is_none());
        assert!(departement("20").is_none());
    }
}
