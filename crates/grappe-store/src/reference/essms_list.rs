//! A list of ESSMS brought by the user (CSV or XLSX, as consultants keep them): each row's
//! FINESS ET is looked up in the reference data. Rows are never dropped silently: each one is
//! found, kept as an unknown FINESS, or reported with its line and reason.

use std::path::Path;

use grappe_core::Finess;
use serde::Serialize;

use super::etablissement::RefEtablissement;
use super::finess_import::RejectedLine;
use super::table_file::read_rows;
use crate::{Store, StoreError};

/// What reading a list of ESSMS found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EssmsListReport {
    /// Rows whose FINESS ET is in the reference data, in the file's order.
    pub found: Vec<RefEtablissement>,
    /// Valid FINESS numbers missing from the reference data (to be entered by hand).
    pub unknown: Vec<String>,
    /// Rows without a valid FINESS number.
    pub rejected: Vec<RejectedLine>,
    /// Numbers listed twice (kept once).
    pub duplicates: Vec<String>,
    /// Numbers that got back the leading zero a spreadsheet had dropped (the key proves it).
    pub repaired: u32,
}

impl Store {
    /// Reads a list of ESSMS: in each row, the first cell holding a valid FINESS number is the
    /// ESSMS (a first row without one is taken as the header). Nothing is written.
    pub fn essms_list(&self, path: &Path) -> Result<EssmsListReport, StoreError> {
        let rows = read_rows(path)?;
        let mut report = EssmsListReport {
            found: Vec::new(),
            unknown: Vec::new(),
            rejected: Vec::new(),
            duplicates: Vec::new(),
            repaired: 0,
        };
        let mut seen = std::collections::HashSet::new();
        for (index, row) in rows.iter().enumerate() {
            let texts: Vec<String> = row.iter().map(|c| c.text()).filter(|t| !t.is_empty()).collect();
            if texts.is_empty() {
                continue;
            }
            let Some((finess, restored)) = texts.iter().find_map(|t| Finess::parse_restoring(t).ok()) else {
                if index > 0 {
                    // The reason given is the one of the cell that looks most like a number.
                    let closest = texts
                        .iter()
                        .max_by_key(|t| t.chars().filter(char::is_ascii_digit).count())
                        .map_or("", String::as_str);
                    let reason = Finess::parse_restoring(closest)
                        .err()
                        .map_or_else(String::new, |e| e.to_string());
                    report.rejected.push(RejectedLine {
                        line: index as u64 + 1,
                        reason: format!("aucun numéro FINESS valide ({reason})"),
                    });
                }
                continue;
            };
            report.repaired += u32::from(restored);
            let number = finess.as_str().to_string();
            if !seen.insert(number.clone()) {
                report.duplicates.push(number);
                continue;
            }
            match self.etablissement(&number)? {
                Some(found) => report.found.push(found),
                None => report.unknown.push(number),
            }
        }
        Ok(report)
    }
}
