//! A cell of a table users bring, as read from CSV or a workbook.

use chrono::NaiveDate;

/// A cell as read from CSV or XLSX.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Text(String),
    Date(NaiveDate),
    Empty,
}

impl Cell {
    pub(crate) fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.trim().to_string(),
            Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
            Cell::Empty => String::new(),
        }
    }

    pub(crate) fn date(&self) -> Result<Option<NaiveDate>, String> {
        match self {
            Cell::Date(d) => Ok(Some(*d)),
            Cell::Empty => Ok(None),
            Cell::Text(t) if t.trim().is_empty() => Ok(None),
            Cell::Text(t) => parse_date(t).map(Some),
        }
    }
}

/// A date as written in a file: JJ/MM/AAAA (or with `-` or `.`), AAAA-MM-JJ or AAAAMMJJ (the
/// FEC's). A year of two digits is refused, never read as the year 0025.
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    // The FEC's AAAAMMJJ, read without allocating.
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let n = |r: std::ops::Range<usize>| t[r].parse::<u32>().unwrap_or(0);
        return NaiveDate::from_ymd_opt(n(0..4) as i32, n(4..6), n(6..8))
            .ok_or_else(|| format!("date « {t} » illisible (JJ/MM/AAAA attendu)"));
    }
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let parsed = match parts.as_slice() {
        [d, m, y] if digits(d) && digits(m) && digits(y) && d.len() <= 2 => {
            if y.len() != 4 {
                return Err(format!(
                    "date « {t} » : l'année doit s'écrire avec ses quatre chiffres (JJ/MM/AAAA)"
                ));
            }
            NaiveDate::from_ymd_opt(y.parse().unwrap_or(0), m.parse().unwrap_or(0), d.parse().unwrap_or(0))
        }
        [y, m, d] if digits(y) && y.len() == 4 && digits(m) && digits(d) => {
            NaiveDate::from_ymd_opt(y.parse().unwrap_or(0), m.parse().unwrap_or(0), d.parse().unwrap_or(0))
        }
        [ymd] if ymd.len() == 8 && digits(ymd) => NaiveDate::parse_from_str(ymd, "%Y%m%d").ok(),
        _ => None,
    };
    parsed.ok_or_else(|| format!("date « {t} » illisible (JJ/MM/AAAA attendu)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_shape_a_file_uses_and_never_a_two_digit_year() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 5);
        for t in [
            "05/03/2025",
            "5/3/2025",
            "2025-03-05",
            "20250305",
            "05.03.2025",
            " 05-03-2025 ",
        ] {
            assert_eq!(parse_date(t).ok(), day, "{t}");
        }
        let e = parse_date("05/03/25").unwrap_err();
        assert!(e.contains("quatre chiffres"), "{e}");
        for t in ["31/02/2025", "2025/13/01", "mars 2025", "20251305"] {
            assert!(parse_date(t).is_err(), "{t}");
        }
    }
}
