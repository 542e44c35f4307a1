//! Territories: metropolitan France, Corse, and each overseas territory (D-TERRITORY).

use serde::{Deserialize, Serialize};

/// Where an ESSMS or an OG is, as far as the barème's thresholds are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Territory {
    Metropole,
    Corse,
    Guadeloupe,
    Martinique,
    Guyane,
    Reunion,
    SaintPierreEtMiquelon,
    Mayotte,
}

impl Territory {
    /// Corse and the overseas territories share the reduced thresholds (R-GRAPPE, R-SMALL-EQUIP).
    pub fn is_corse_or_outre_mer(self) -> bool {
        self != Territory::Metropole
    }

    /// French name, as shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Territory::Metropole => "France métropolitaine",
            Territory::Corse => "Corse",
            Territory::Guadeloupe => "Guadeloupe",
            Territory::Martinique => "Martinique",
            Territory::Guyane => "Guyane",
            Territory::Reunion => "La Réunion",
            Territory::SaintPierreEtMiquelon => "Saint-Pierre-et-Miquelon",
            Territory::Mayotte => "Mayotte",
        }
    }

    /// The territory of an INSEE département code (`01`, `2A`, `971`…).
    pub fn of_departement(code: &str) -> Option<Territory> {
        match code {
            "2A" | "2B" => Some(Territory::Corse),
            "971" => Some(Territory::Guadeloupe),
            "972" => Some(Territory::Martinique),
            "973" => Some(Territory::Guyane),
            "974" => Some(Territory::Reunion),
            "975" => Some(Territory::SaintPierreEtMiquelon),
            "976" => Some(Territory::Mayotte),
            c if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_digit()) && c != "00" && c != "20" && c < "96" => {
                Some(Territory::Metropole)
            }
            _ => None,
        }
    }
}

/// Converts a département code of the FINESS open-data file (`01`, `2A`, `9A`…`9F`) to its
/// INSEE code (`01`, `2A`, `971`…`976`). Returns `None` for an unknown code.
pub fn departement_from_finess_file(code: &str) -> Option<&str> {
    let insee = match code {
        "9A" => "971",
        "9B" => "972",
        "9C" => "973",
        "9D" => "974",
        "9E" => "975",
        "9F" => "976",
        other => other,
    };
    Territory::of_departement(insee).map(|_| insee)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d_territory_finess_file_codes() {
        let cases = [
            ("01", "01", Territory::Metropole),
            ("95", "95", Territory::Metropole),
            ("2A", "2A", Territory::Corse),
            ("2B", "2B", Territory::Corse),
            ("9A", "971", Territory::Guadeloupe),
            ("9B", "972", Territory::Martinique),
            ("9C", "973", Territory::Guyane),
            ("9D", "974", Territory::Reunion),
            ("9E", "975", Territory::SaintPierreEtMiquelon),
            ("9F", "976", Territory::Mayotte),
        ];
        for (file_code, insee, territory) in cases {
            assert_eq!(departement_from_finess_file(file_code), Some(insee));
            assert_eq!(Territory::of_departement(insee), Some(territory));
        }
        for bad in ["20", "00", "96", "9G", "XX", ""] {
            assert_eq!(departement_from_finess_file(bad), None, "{bad}");
        }
    }

    #[test]
    fn d_territory_reduced_threshold_territories() {
        assert!(!Territory::Metropole.is_corse_or_outre_mer());
        for t in [
            Territory::Corse,
            Territory::Guadeloupe,
            Territory::Martinique,
            Territory::Guyane,
            Territory::Reunion,
            Territory::SaintPierreEtMiquelon,
            Territory::Mayotte,
        ] {
            assert!(t.is_corse_or_outre_mer(), "{t:?}");
        }
    }
}
