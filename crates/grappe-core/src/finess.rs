//! FINESS numbers: parsing, validation (département prefix and Luhn key) and territory.
//!
//! A FINESS number has 9 characters: the département on positions 1–2 (`2A`/`2B` for Corse,
//! `97` overseas with the territory on position 4, `98` Mayotte) and a Luhn check digit on
//! position 9, computed over the 9 characters with `A`→1 and `B`→2.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::territory::Territory;

/// A validated FINESS number (ET or EJ), normalised: 9 characters, no spaces, upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Finess(String);

/// Why a FINESS number is not valid. Every message names the number as typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FinessError {
    #[error("numéro FINESS manquant")]
    Empty,
    #[error("FINESS « {number} » : 9 caractères attendus, {len} trouvés")]
    Length { number: String, len: usize },
    #[error("FINESS « {number} » : caractère « {ch} » non autorisé en position {position}")]
    Character { number: String, ch: char, position: usize },
    #[error("FINESS « {number} » : « {prefix} » n'est pas un code de département connu")]
    Departement { number: String, prefix: String },
    #[error("FINESS « {number} » : clé de contrôle incorrecte (le numéro contient probablement une faute de frappe)")]
    Key { number: String },
    #[error("FINESS « {number} » : 8 chiffres au lieu de 9, et même avec le zéro initial qu'un tableur a pu retirer, la clé de contrôle ne correspond pas")]
    LostZero { number: String },
}

impl Finess {
    /// Parses a number as a user types or pastes it: spaces (also non-breaking) are ignored,
    /// lower-case `a`/`b` accepted for Corse.
    pub fn parse(input: &str) -> Result<Finess, FinessError> {
        let number: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{00A0}' && *c != '\u{202F}')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if number.is_empty() {
            return Err(FinessError::Empty);
        }
        let typed = || input.trim().to_string();
        let len = number.chars().count();
        if len != 9 {
            return Err(FinessError::Length { number: typed(), len });
        }
        // Nine characters, all checked ASCII below: byte indexing is character indexing.
        for (i, ch) in number.chars().enumerate() {
            let corse_letter = i == 1 && number.starts_with('2') && (ch == 'A' || ch == 'B');
            if !ch.is_ascii_digit() && !corse_letter {
                return Err(FinessError::Character {
                    number: typed(),
                    ch,
                    position: i + 1,
                });
            }
        }
        let bytes = number.as_bytes();
        if territory_of(bytes).is_none() {
            return Err(FinessError::Departement {
                number: typed(),
                prefix: number[..2].to_string(),
            });
        }
        if !luhn_valid(bytes) {
            return Err(FinessError::Key { number: typed() });
        }
        Ok(Finess(number))
    }

    /// Parses a number read from a file that may have been through a spreadsheet, which turns
    /// `010000024` into `10000024`: eight digits whose form with a leading `0` passes the key are
    /// that number, and the repair is said (`true`). The key proves it: without a leading zero
    /// that passes it, the number stays refused (with its message saying what was tried).
    pub fn parse_restoring(input: &str) -> Result<(Finess, bool), FinessError> {
        let number: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        // A spreadsheet may also write a numeric cell with a decimal part (`10000024.0`).
        let number = number.strip_suffix(".0").unwrap_or(&number);
        if number.len() == 8 && number.chars().all(|c| c.is_ascii_digit()) {
            return match Finess::parse(&format!("0{number}")) {
                Ok(f) => Ok((f, true)),
                Err(_) => Err(FinessError::LostZero {
                    number: input.trim().to_string(),
                }),
            };
        }
        Finess::parse(number).map(|f| (f, false))
    }

    /// True when `input` parses as a valid FINESS number.
    pub fn is_valid(input: &str) -> bool {
        Finess::parse(input).is_ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The territory the number belongs to (from its prefix).
    pub fn territory(&self) -> Territory {
        // A Finess is only built by `parse`, which checked the prefix.
        territory_of(self.0.as_bytes()).unwrap_or(Territory::Metropole)
    }

    /// The INSEE code of the département encoded in the number (`01`, `2A`, `971`, `976`;
    /// `975` for Saint-Pierre-et-Miquelon, which is not a département).
    pub fn departement_code(&self) -> String {
        match self.territory() {
            Territory::Guadeloupe => "971".into(),
            Territory::Martinique => "972".into(),
            Territory::Guyane => "973".into(),
            Territory::Reunion => "974".into(),
            Territory::SaintPierreEtMiquelon => "975".into(),
            Territory::Mayotte => "976".into(),
            Territory::Metropole | Territory::Corse => self.0[..2].to_string(),
        }
    }

    /// The number grouped as users write it: `NN NNN NNN N`.
    pub fn display_grouped(&self) -> String {
        let s = &self.0;
        format!("{} {} {} {}", &s[..2], &s[2..5], &s[5..8], &s[8..])
    }
}

impl fmt::Display for Finess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Finess {
    type Error = FinessError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Finess::parse(&value)
    }
}

impl From<Finess> for String {
    fn from(value: Finess) -> Self {
        value.0
    }
}

/// The territory of a 9-character ASCII number, from its prefix.
fn territory_of(b: &[u8]) -> Option<Territory> {
    match (b[0], b[1]) {
        (b'2', b'A') | (b'2', b'B') => Some(Territory::Corse),
        (b'2', b'0') | (b'0', b'0') => None,
        (b'9', b'7') => match (b[2], b[3]) {
            (b'0', b'1') => Some(Territory::Guadeloupe),
            (b'0', b'2') => Some(Territory::Martinique),
            (b'0', b'3') => Some(Territory::Guyane),
            (b'0', b'4') => Some(Territory::Reunion),
            (b'0', b'5') => Some(Territory::SaintPierreEtMiquelon),
            _ => None,
        },
        (b'9', b'8') => Some(Territory::Mayotte),
        (b'9', b'6' | b'9') => None,
        (x, y) if x.is_ascii_digit() && y.is_ascii_digit() => Some(Territory::Metropole),
        _ => None,
    }
}

fn luhn_valid(b: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, ch) in b.iter().rev().enumerate() {
        let digit = match ch {
            b'A' => 1,
            b'B' => 2,
            c => u32::from(c.wrapping_sub(b'0')),
        };
        let value = if i % 2 == 1 {
            let d = digit * 2;
            if d > 9 {
                d - 9
            } else {
                d
            }
        } else {
            digit
        };
        sum += value;
    }
    sum % 10 == 0
}

/// Completes an 8-character FINESS stem with its Luhn key (used by the demo and test
/// generators, which need valid numbers).
pub fn with_key(stem: &str) -> Option<Finess> {
    (0..=9)
        .map(|k| format!("{stem}{k}"))
        .find_map(|n| Finess::parse(&n).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real numbers of domain.md (FINESS identifiers section).
    const REAL: [&str; 8] = [
        "010000024",
        "010780054",
        "590799730",
        "970102018",
        "970302287",
        "980501506",
        "2A0000170",
        "2B0000020",
    ];

    #[test]
    fn real_numbers_validate() {
        for n in REAL {
            assert!(Finess::parse(n).is_ok(), "{n} should validate");
        }
    }

    #[test]
    fn changing_any_digit_of_a_real_number_is_rejected_with_its_number() {
        for n in REAL {
            let chars: Vec<char> = n.chars().collect();
            for pos in 0..9 {
                // A digit becomes any other digit; a Corse letter the other letter. (`A` → `1`
                // keeps the key by construction: `210000170` is a valid Côte-d'Or number.)
                let replacements = if chars[pos].is_ascii_digit() {
                    "0123456789"
                } else {
                    "AB"
                };
                for replacement in replacements.chars() {
                    if replacement == chars[pos] {
                        continue;
                    }
                    let mut changed = chars.clone();
                    changed[pos] = replacement;
                    let changed: String = changed.into_iter().collect();
                    let err = Finess::parse(&changed).expect_err(&format!("{changed} (from {n}) must be rejected"));
                    assert!(
                        err.to_string().contains(&changed),
                        "message « {err} » must name {changed}"
                    );
                }
            }
        }
    }

    #[test]
    fn pasted_spaces_are_stripped() {
        let f = Finess::parse("59 079 973 0").unwrap();
        assert_eq!(f.as_str(), "590799730");
        assert_eq!(f.display_grouped(), "59 079 973 0");
        assert_eq!(Finess::parse("2a0000170").unwrap().as_str(), "2A0000170");
        assert_eq!(
            Finess::parse("\u{202F}01\u{00A0}000 002 4 ").unwrap().as_str(),
            "010000024"
        );
    }

    #[test]
    fn territory_and_departement_from_the_number() {
        let cases = [
            ("010000024", Territory::Metropole, "01"),
            ("590799730", Territory::Metropole, "59"),
            ("2A0000170", Territory::Corse, "2A"),
            ("2B0000020", Territory::Corse, "2B"),
            ("970102018", Territory::Guadeloupe, "971"),
            ("970302287", Territory::Guyane, "973"),
            ("980501506", Territory::Mayotte, "976"),
        ];
        for (n, territory, dep) in cases {
            let f = Finess::parse(n).unwrap();
            assert_eq!(f.territory(), territory, "{n}");
            assert_eq!(f.departement_code(), dep, "{n}");
        }
    }

    #[test]
    fn malformed_numbers_get_a_french_reason() {
        let cases = [
            ("", "manquant"),
            ("01000002", "9 caractères attendus, 8 trouvés"),
            ("0100000245", "9 caractères attendus, 10 trouvés"),
            ("01000002X", "caractère « X » non autorisé en position 9"),
            ("200000000", "« 20 » n'est pas un code de département"),
            ("3A0000000", "caractère « A » non autorisé en position 2"),
            ("979000000", "« 97 » n'est pas un code de département"),
            ("010000025", "clé de contrôle incorrecte"),
        ];
        for (input, expected) in cases {
            let msg = Finess::parse(input).unwrap_err().to_string();
            assert!(msg.contains(expected), "{input}: « {msg} »");
        }
    }

    #[test]
    fn with_key_completes_a_stem() {
        assert_eq!(with_key("01000002").unwrap().as_str(), "010000024");
        assert_eq!(with_key("2A000017").unwrap().as_str(), "2A0000170");
    }

    #[test]
    fn a_lost_leading_zero_is_restored_only_when_the_key_proves_it() {
        assert_eq!(
            Finess::parse_restoring("10000024").unwrap(),
            (Finess::parse("010000024").unwrap(), true)
        );
        assert_eq!(Finess::parse_restoring("10780054.0").unwrap().0.as_str(), "010780054");
        assert_eq!(
            Finess::parse_restoring("590799730").unwrap(),
            (Finess::parse("590799730").unwrap(), false)
        );
        // 8 digits whose restored form fails the key: refused, saying what was tried.
        let err = Finess::parse_restoring("10000025").unwrap_err().to_string();
        assert!(err.contains("même avec le zéro initial"), "{err}");
        assert!(Finess::parse_restoring("2A0000170").is_ok());
    }

    proptest::proptest! {
        /// Any valid FINESS of the départements 01 to 09, its zero stripped by a spreadsheet, reads
        /// back as the original.
        #[test]
        fn stripping_the_leading_zero_and_reading_back_gives_the_original(dep in 1u32..10, rest in 0u32..1_000_000) {
            let original = with_key(&format!("0{dep}{rest:06}")).unwrap();
            let stripped = &original.as_str()[1..];
            proptest::prop_assert_eq!(Finess::parse_restoring(stripped).unwrap(), (original, true));
        }
    }
}
