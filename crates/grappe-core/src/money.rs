//! Money and dates as users read and write them.
//!
//! Money is an exact [`Decimal`], never a float. In files it is a decimal *string*
//! (`"12500.00"`): a JSON number goes through `f64` and may lose cents, so it is refused.
//! Shown to users in French format: `12 500,00 €` (U+202F between groups, U+00A0 before €).

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A non-negative amount of euros, exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(Decimal);

/// Why a text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("« {0} » n'est pas un montant (exemple : 12 500,00)")]
    NotANumber(String),
    #[error("« {0} » : un montant doit être positif ou nul")]
    Negative(String),
    #[error("« {0} » : un montant a au plus 2 décimales (centimes)")]
    TooPrecise(String),
    #[error("« {0} » : montant trop élevé (au plus 1 000 000 000 000,00 €)")]
    TooLarge(String),
}

impl Amount {
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// The largest amount Grappe accepts from a user or a file: a thousand billion euros. Far
    /// above any grant, and far below what the decimal arithmetic holds, so that sums of
    /// amounts read from files cannot overflow.
    pub const MAX: Amount = Amount(Decimal::from_parts(3_567_587_328, 232, 0, false, 0));

    /// Builds an amount from a decimal; negative, sub-cent and too large values are refused.
    pub fn new(value: Decimal) -> Result<Amount, AmountError> {
        Self::checked(value, value.to_string())
    }

    fn checked(value: Decimal, text: String) -> Result<Amount, AmountError> {
        if value.is_sign_negative() && !value.is_zero() {
            return Err(AmountError::Negative(text));
        }
        if value.normalize().scale() > 2 {
            return Err(AmountError::TooPrecise(text));
        }
        if value > Self::MAX.0 {
            return Err(AmountError::TooLarge(text));
        }
        Ok(Amount(value))
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Whole euros, for code that builds amounts from counts.
    pub fn euros(value: u64) -> Amount {
        Amount(Decimal::from(value))
    }

    /// Parses `12500`, `12500.00`, and also the French `12 500,00` and `12 500,00 €`.
    pub fn parse(text: &str) -> Result<Amount, AmountError> {
        let cleaned: String = text
            .trim()
            .trim_end_matches('€')
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{00A0}' && *c != '\u{202F}')
            .map(|c| if c == ',' { '.' } else { c })
            .collect();
        let value: Decimal = cleaned.parse().map_err(|_| AmountError::NotANumber(text.to_string()))?;
        Self::checked(value, text.to_string())
    }

    /// The sum, or `None` when it would leave the decimal range (never panics).
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }

    /// The product by a count, or `None` when it would leave the decimal range.
    pub fn checked_mul(self, count: u32) -> Option<Amount> {
        self.0.checked_mul(Decimal::from(count)).map(Amount)
    }

    /// The sum of amounts, or `None` when it would leave the decimal range.
    pub fn checked_sum<I: IntoIterator<Item = Amount>>(amounts: I) -> Option<Amount> {
        amounts.into_iter().try_fold(Amount::ZERO, Amount::checked_add)
    }

    pub fn value(self) -> Decimal {
        self.0
    }

    /// The amount rounded to the cent (half away from zero), for display and files.
    pub fn to_cents(self) -> Decimal {
        self.0.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    }

    /// French display: `12 500,00 €`.
    pub fn fr(self) -> String {
        format_eur(self.0)
    }

    pub fn min(self, other: Amount) -> Amount {
        if other < self {
            other
        } else {
            self
        }
    }
}

impl std::ops::Add for Amount {
    type Output = Amount;
    fn add(self, rhs: Amount) -> Amount {
        Amount(self.0 + rhs.0)
    }
}

impl std::ops::AddAssign for Amount {
    fn add_assign(&mut self, rhs: Amount) {
        self.0 += rhs.0;
    }
}

impl std::ops::Mul<u32> for Amount {
    type Output = Amount;
    fn mul(self, rhs: u32) -> Amount {
        Amount(self.0 * Decimal::from(rhs))
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.to_cents())
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Amount, D::Error> {
        deserializer.deserialize_any(TextOnly(|v: &str| Amount::parse(v).map_err(|e| e.to_string())))
    }
}

/// Deserialises an exact value from a JSON string with `parse`; a JSON number is refused,
/// since it went through `f64` and may have lost digits.
struct TextOnly<F>(F);

impl<T, F: FnOnce(&str) -> Result<T, String>> Visitor<'_> for TextOnly<F> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("un nombre décimal écrit entre guillemets, par exemple \"12500.00\"")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.0)(v).map_err(E::custom)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        Err(number_refused(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Err(number_refused(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Err(number_refused(v))
    }
}

fn number_refused<E: de::Error>(v: impl fmt::Display) -> E {
    E::custom(format!(
        "{v} est écrit comme un nombre JSON : écrivez-le entre guillemets (\"{v}\") pour qu'il reste exact au centime"
    ))
}

/// French display of an exact amount: `12 500,00 €` (rounded to the cent, half away from zero).
pub fn format_eur(value: Decimal) -> String {
    format!("{}\u{00A0}€", format_decimal_fr(value))
}

/// French display of a number with two decimals: `12 500,00`.
/// A difference in euros, signed: « +12 000,00 € », « −3 500,00 € », « 0,00 € ».
pub fn format_signed_eur(value: Decimal) -> String {
    if value > Decimal::ZERO {
        format!("+{}", format_eur(value))
    } else if value < Decimal::ZERO {
        format!("−{}", format_eur(-value))
    } else {
        format_eur(value)
    }
}

pub fn format_decimal_fr(value: Decimal) -> String {
    format_fixed(value, 2)
}

/// French display of a percentage to one decimal: `106,7 %` (U+202F before the sign).
pub fn format_percent(value: Decimal) -> String {
    format!("{}\u{202F}%", format_fixed(value, 1))
}

/// `format_percent`, or `—` when there is no percentage (nothing to divide by).
pub fn format_percent_or_dash(value: Option<Decimal>) -> String {
    value.map(format_percent).unwrap_or_else(|| "—".into())
}

/// Where a chart's percent axis ends: at 100, or at the largest value when one is above.
pub fn percent_axis_end(values: impl IntoIterator<Item = Decimal>) -> Decimal {
    values.into_iter().fold(Decimal::ONE_HUNDRED, Decimal::max)
}

/// A number as people type or export it: `72,5`, `1 200`, `80 %`, `72.5`; `None` when it is
/// not one.
pub fn parse_number(text: &str) -> Option<Decimal> {
    let t = text.trim().replace(['\u{202F}', '\u{00A0}', ' '], "").replace(',', ".");
    t.trim_end_matches('%').parse::<Decimal>().ok()
}

/// French display of a measured value or a target, with the decimals it has: `80`, `72,5`,
/// `1 200`.
pub fn format_number(value: Decimal) -> String {
    let v = value.normalize();
    format_fixed(v, v.scale())
}

/// `value` rounded half away from zero to `dp` decimals, digits grouped by three.
fn format_fixed(value: Decimal, dp: u32) -> String {
    let rounded = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{:.*}", dp as usize, rounded.abs());
    let (int_part, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push('\u{202F}');
        }
        grouped.push(ch);
    }
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

/// French display of a date: `23/11/2026`.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Exact decimals in files (shares, barème amounts): a decimal *string*, never a JSON number.
/// Sign and precision are checked by the caller, which reports every problem at once.
pub mod decimal_str {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(value)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(TextOnly(|v: &str| {
            v.trim()
                .parse()
                .map_err(|_| format!("« {v} » n'est pas un nombre décimal (exemple attendu : \"12000.00\")"))
        }))
    }

    /// An optional decimal string, absent when `None` (with `skip_serializing_if`).
    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
            match value {
                Some(v) => super::serialize(v, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
            super::deserialize(d).map(Some)
        }
    }
}

/// Dates in files: ISO `YYYY-MM-DD`, with a French message when they are not. Read and written
/// without allocating: a big follow-up holds tens of thousands of them, read at each opening and
/// written at each save.
pub mod iso_date {
    use super::*;

    /// `date` as `AAAA-MM-JJ` (chrono's `%Y-%m-%d`, which it equals for years 0 to 9999).
    #[derive(Debug, Clone, Copy)]
    pub struct Iso(pub NaiveDate);

    impl fmt::Display for Iso {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            use chrono::Datelike;
            let d = self.0;
            if (0..=9999).contains(&d.year()) {
                write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
            } else {
                write!(f, "{}", d.format("%Y-%m-%d"))
            }
        }
    }

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&Iso(*date))
    }

    /// Reads the text where it is (no copy), whether the reader lends it or not.
    struct DateText;

    impl<'de> Visitor<'de> for DateText {
        type Value = NaiveDate;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<NaiveDate, E> {
            parse(text).map_err(E::custom)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        d.deserialize_str(DateText)
    }

    /// Parses an ISO date, with a French message.
    pub fn parse(text: &str) -> Result<NaiveDate, String> {
        let text = text.trim();
        // The usual form at once; anything else (and an impossible day) through chrono.
        if let Some(date) = plain(text.as_bytes()) {
            return Ok(date);
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            format!("« {text} » n'est pas une date valide (format attendu AAAA-MM-JJ, par exemple 2026-11-23)")
        })
    }

    /// `AAAA-MM-JJ`, ten ASCII bytes, when it is a real day.
    fn plain(b: &[u8]) -> Option<NaiveDate> {
        let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *b else {
            return None;
        };
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n = |ds: &[u8]| ds.iter().fold(0u32, |acc, c| acc * 10 + u32::from(c - b'0'));
        NaiveDate::from_ymd_opt(n(&digits[..4]) as i32, n(&digits[4..6]), n(&digits[6..]))
    }

    /// The same for optional dates (`null` or absent).
    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
            match date {
                Some(d) => s.collect_str(&Iso(*d)),
                None => s.serialize_none(),
            }
        }

        struct MaybeDate;

        impl<'de> Visitor<'de> for MaybeDate {
            type Value = Option<NaiveDate>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("option")
            }

            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }

            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_str(DateText).map(Some)
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
            d.deserialize_option(MaybeDate)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn d_trace_french_format() {
        let cases = [
            (dec!(12500), "12\u{202F}500,00\u{00A0}€"),
            (dec!(681000.00), "681\u{202F}000,00\u{00A0}€"),
            (dec!(0), "0,00\u{00A0}€"),
            (dec!(999.995), "1\u{202F}000,00\u{00A0}€"),
            (dec!(0.005), "0,01\u{00A0}€"),
            (dec!(1234567.891), "1\u{202F}234\u{202F}567,89\u{00A0}€"),
            (dec!(-1500.5), "-1\u{202F}500,50\u{00A0}€"),
        ];
        for (value, expected) in cases {
            assert_eq!(format_eur(value), expected, "{value}");
        }
    }

    #[test]
    fn amounts_parse_from_strings_french_or_not() {
        assert_eq!(Amount::parse("12500.00").unwrap().value(), dec!(12500));
        assert_eq!(Amount::parse("12 500,50 €").unwrap().value(), dec!(12500.50));
        assert!(matches!(Amount::parse("-3"), Err(AmountError::Negative(_))));
        assert!(matches!(Amount::parse("1.001"), Err(AmountError::TooPrecise(_))));
        assert!(matches!(Amount::parse("douze"), Err(AmountError::NotANumber(_))));
        assert_eq!(Amount::MAX.value(), dec!(1_000_000_000_000));
        assert!(Amount::parse("1 000 000 000 000,00").is_ok());
        assert!(matches!(
            Amount::parse("1000000000000.01"),
            Err(AmountError::TooLarge(_))
        ));
        assert!(matches!(
            Amount::parse("79228162514264337593543950335"),
            Err(AmountError::TooLarge(_))
        ));
    }

    #[test]
    fn checked_arithmetic_never_panics() {
        let huge = Amount(Decimal::MAX);
        assert_eq!(huge.checked_add(Amount::euros(1)), None);
        assert_eq!(huge.checked_mul(2), None);
        assert_eq!(Amount::checked_sum([huge, huge]), None);
        assert_eq!(
            Amount::checked_sum([Amount::euros(2), Amount::euros(3)]),
            Some(Amount::euros(5))
        );
    }

    #[test]
    fn amounts_in_files_are_strings_never_numbers() {
        let a: Amount = serde_json::from_str("\"12500.00\"").unwrap();
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"12500.00\"");
        let err = serde_json::from_str::<Amount>("12500.5").unwrap_err().to_string();
        assert!(err.contains("entre guillemets"), "{err}");
        let err = serde_json::from_str::<Amount>("\"-10\"").unwrap_err().to_string();
        assert!(err.contains("positif ou nul"), "{err}");
    }

    #[test]
    fn dates_french_and_iso() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(format_date(d), "23/11/2026");
        assert_eq!(iso_date::parse("2026-11-23").unwrap(), d);
        assert!(iso_date::parse("23/11/2026").unwrap_err().contains("AAAA-MM-JJ"));
        assert!(iso_date::parse("2026-02-30").is_err());
        // The quick form and chrono agree, written and read, on every day of four years and
        // at the ends of the years written with four digits.
        let mut day = NaiveDate::from_ymd_opt(2023, 12, 25).unwrap();
        let far = [
            NaiveDate::from_ymd_opt(0, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
            NaiveDate::from_ymd_opt(10000, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(-1, 12, 31).unwrap(),
        ];
        while day < NaiveDate::from_ymd_opt(2028, 1, 3).unwrap() {
            let text = iso_date::Iso(day).to_string();
            assert_eq!(text, day.format("%Y-%m-%d").to_string());
            assert_eq!(iso_date::parse(&text).unwrap(), day);
            day = day.succ_opt().unwrap();
        }
        for d in far {
            assert_eq!(iso_date::Iso(d).to_string(), d.format("%Y-%m-%d").to_string());
        }
        assert_eq!(iso_date::parse(" 2026-11-23 ").unwrap(), d);
        assert_eq!(
            iso_date::parse("2026-1-5").ok(),
            NaiveDate::parse_from_str("2026-1-5", "%Y-%m-%d").ok()
        );
        assert!(iso_date::parse("2026-13-01").is_err() && iso_date::parse("2026-11-2x").is_err());
    }
}
