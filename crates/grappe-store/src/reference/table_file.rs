//! Tables users bring (solutions lists, lists of ESSMS): CSV (`;` or `,`, UTF-8 or
//! Windows-1252) or the first sheet of a workbook, read as rows of cells.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use chrono::NaiveDate;

use crate::open::io_error;
use crate::StoreError;

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

/// Reads the rows of a CSV (`;` or `,`, UTF-8 or Windows-1252) or of the first sheet of an XLSX.
pub(crate) fn read_rows(path: &Path) -> Result<Vec<Vec<Cell>>, StoreError> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let refused = |message: String| StoreError::Import {
        path: path.display().to_string(),
        message,
    };
    if matches!(extension.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
        let mut workbook = open_workbook_auto(path).map_err(|e| refused(format!("classeur illisible ({e})")))?;
        let range = workbook
            .worksheet_range_at(0)
            .ok_or_else(|| refused("le classeur n'a aucune feuille".into()))?
            .map_err(|e| refused(format!("feuille illisible ({e})")))?;
        return Ok(range
            .rows()
            .map(|row| {
                row.iter()
                    .map(|c| match c {
                        Data::Empty => Cell::Empty,
                        Data::DateTime(dt) => dt.as_datetime().map_or(Cell::Empty, |d| Cell::Date(d.date())),
                        Data::DateTimeIso(t) => NaiveDate::parse_from_str(&t[..t.len().min(10)], "%Y-%m-%d")
                            .map_or_else(|_| Cell::Text(t.clone()), Cell::Date),
                        other => Cell::Text(other.to_string()),
                    })
                    .collect()
            })
            .collect());
    }
    let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t.trim_start_matches('\u{FEFF}').to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(&bytes)
            .0
            .into_owned(),
    };
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() >= first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            r.map(|rec| {
                rec.iter()
                    .map(|c| {
                        if c.trim().is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(c.to_string())
                        }
                    })
                    .collect()
            })
            .map_err(|e| refused(format!("CSV illisible ({e})")))
        })
        .collect()
}
