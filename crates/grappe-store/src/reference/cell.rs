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
            Cell::Text(t) => {
                let t = t.trim();
                NaiveDate::parse_from_str(t, "%d/%m/%Y")
                    .or_else(|_| NaiveDate::parse_from_str(t, "%Y-%m-%d"))
                    .map(Some)
                    .map_err(|_| format!("date « {t} » illisible (JJ/MM/AAAA attendu)"))
            }
        }
    }
}
