//! The référencé Ségur solutions: imported from CSV or XLSX (validated row by row, rejected rows
//! reported), entered and edited by hand.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::finess_import::RejectedLine;
use super::table_file::{read_rows, with_header, Cell};
use super::words::normalize;
use crate::{Store, StoreError};

/// A solution version référencée Ségur.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefSolution {
    /// Row id; `None` for a solution not yet saved.
    pub id: Option<i64>,
    pub editeur: String,
    pub solution: String,
    pub version: String,
    /// The référencement identifier.
    pub identifier: String,
    /// The dispositif (`DUI MS1`…).
    pub dispositif: String,
    pub referenced_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

impl RefSolution {
    /// Every problem of the solution, in French.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (value, what) in [
            (&self.editeur, "l'éditeur"),
            (&self.solution, "le nom de la solution"),
            (&self.version, "la version"),
            (&self.identifier, "l'identifiant de référencement"),
        ] {
            if value.trim().is_empty() {
                problems.push(format!("{what} manque"));
            }
        }
        if let Some(until) = self.valid_until {
            if until < self.referenced_on {
                problems.push(format!(
                    "la fin de validité ({}) précède la date de référencement ({})",
                    grappe_core::format_date(until),
                    grappe_core::format_date(self.referenced_on)
                ));
            }
        }
        problems
    }

    /// The solution as chosen in a dossier.
    pub fn to_model(&self) -> grappe_core::model::Solution {
        grappe_core::model::Solution {
            editeur: self.editeur.clone(),
            name: self.solution.clone(),
            version: self.version.clone(),
            referencement: Some(grappe_core::model::Referencement {
                identifier: self.identifier.clone(),
                dispositif: self.dispositif.clone(),
                from: self.referenced_on,
                until: self.valid_until,
            }),
        }
    }
}

/// What an import of solutions did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SolutionsImportReport {
    /// Rows added or updated.
    pub imported: u64,
    pub rejected: Vec<RejectedLine>,
}

/// The columns of a solutions list, found by their header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Editeur,
    Solution,
    Version,
    Identifier,
    Dispositif,
    ReferencedOn,
    ValidUntil,
}

const REQUIRED: [(Column, &str); 6] = [
    (Column::Editeur, "éditeur"),
    (Column::Solution, "solution"),
    (Column::Version, "version"),
    (Column::Identifier, "identifiant de référencement"),
    (Column::Dispositif, "dispositif"),
    (Column::ReferencedOn, "date de référencement"),
];

fn column_of(header: &str) -> Option<Column> {
    let h = normalize(header.trim());
    if h.contains("date") && h.contains("referencement") {
        Some(Column::ReferencedOn)
    } else if h.contains("fin") || h.contains("validite") || h.contains("expiration") {
        Some(Column::ValidUntil)
    } else if h.contains("identifiant") || h == "referencement" || h.contains("numero") {
        Some(Column::Identifier)
    } else if h.contains("editeur") {
        Some(Column::Editeur)
    } else if h.contains("dispositif") {
        Some(Column::Dispositif)
    } else if h.contains("version") {
        Some(Column::Version)
    } else if h.contains("solution") || h.contains("logiciel") {
        Some(Column::Solution)
    } else {
        None
    }
}

impl Store {
    /// Imports a list of référencé solutions (CSV or XLSX); rows already known (same éditeur,
    /// solution, version and identifier) are updated. Valid rows are kept, rejected rows
    /// reported; a file without the needed columns changes nothing.
    pub fn import_solutions(&mut self, path: &Path) -> Result<SolutionsImportReport, StoreError> {
        let rows = read_rows(path)?;
        let (columns, data) = with_header(&rows, path, &REQUIRED, column_of)?;
        let cell = |row: &[Cell], column: Column| columns.cell(row, column);
        let mut report = SolutionsImportReport {
            imported: 0,
            rejected: Vec::new(),
        };
        self.write_tx(|w| {
            let sql = |e| w.err(e);
            let tx = &w.tx;
            for (k, row) in data.iter().enumerate() {
                let line = k as u64 + 2;
                if row.iter().all(|c| c.text().is_empty()) {
                    continue;
                }
                let referenced_on = match cell(row, Column::ReferencedOn).date() {
                    Ok(Some(d)) => d,
                    Ok(None) => {
                        report.rejected.push(RejectedLine {
                            line,
                            reason: "date de référencement manquante".into(),
                        });
                        continue;
                    }
                    Err(reason) => {
                        report.rejected.push(RejectedLine {
                            line,
                            reason: format!("date de référencement : {reason}"),
                        });
                        continue;
                    }
                };
                let valid_until = match cell(row, Column::ValidUntil).date() {
                    Ok(d) => d,
                    Err(reason) => {
                        report.rejected.push(RejectedLine {
                            line,
                            reason: format!("fin de validité : {reason}"),
                        });
                        continue;
                    }
                };
                let solution = RefSolution {
                    id: None,
                    editeur: cell(row, Column::Editeur).text(),
                    solution: cell(row, Column::Solution).text(),
                    version: cell(row, Column::Version).text(),
                    identifier: cell(row, Column::Identifier).text(),
                    dispositif: cell(row, Column::Dispositif).text(),
                    referenced_on,
                    valid_until,
                };
                let problems = solution.problems();
                if !problems.is_empty() {
                    report.rejected.push(RejectedLine {
                        line,
                        reason: problems.join(" ; "),
                    });
                    continue;
                }
                tx.execute(
                    "INSERT INTO ref_solutions (editeur, solution, version, identifier, dispositif, referenced_on, valid_until)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (editeur, solution, version, identifier)
                     DO UPDATE SET dispositif = excluded.dispositif, referenced_on = excluded.referenced_on,
                                   valid_until = excluded.valid_until",
                    params![
                        solution.editeur,
                        solution.solution,
                        solution.version,
                        solution.identifier,
                        solution.dispositif,
                        iso(solution.referenced_on),
                        solution.valid_until.map(iso)
                    ],
                )
                .map_err(sql)?;
                report.imported += 1;
            }
            Ok(report)
        })
    }

    /// Every référencé solution, by éditeur, solution and version.
    pub fn solutions(&self) -> Result<Vec<RefSolution>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, editeur, solution, version, identifier, dispositif, referenced_on, valid_until
                 FROM ref_solutions ORDER BY editeur, solution, version",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_map([], |r| {
            let date = |s: String| NaiveDate::parse_from_str(&s, "%Y-%m-%d").unwrap_or_default();
            Ok(RefSolution {
                id: Some(r.get(0)?),
                editeur: r.get(1)?,
                solution: r.get(2)?,
                version: r.get(3)?,
                identifier: r.get(4)?,
                dispositif: r.get(5)?,
                referenced_on: date(r.get(6)?),
                valid_until: r.get::<_, Option<String>>(7)?.map(date),
            })
        })
        .and_then(|rows| rows.collect())
        .map_err(|e| self.err(e))
    }

    /// Saves a solution entered or edited by hand (new when `id` is `None`). Returns its id.
    pub fn save_solution(&mut self, solution: &RefSolution) -> Result<i64, StoreError> {
        let problems = solution.problems();
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems.join(" ; ")));
        }
        let values = params![
            solution.editeur.trim(),
            solution.solution.trim(),
            solution.version.trim(),
            solution.identifier.trim(),
            solution.dispositif.trim(),
            iso(solution.referenced_on),
            solution.valid_until.map(iso)
        ];
        self.write_tx(|w| {
            let result = match solution.id {
                None => w
                    .tx
                    .execute(
                        "INSERT INTO ref_solutions (editeur, solution, version, identifier, dispositif, referenced_on, valid_until)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        values,
                    )
                    .map(|_| w.tx.last_insert_rowid()),
                Some(id) => {
                    let mut all: Vec<&dyn rusqlite::ToSql> = values.to_vec();
                    all.push(&id);
                    w.tx.execute(
                        "UPDATE ref_solutions SET editeur = ?1, solution = ?2, version = ?3, identifier = ?4,
                           dispositif = ?5, referenced_on = ?6, valid_until = ?7 WHERE id = ?8",
                        all.as_slice(),
                    )
                    .map(|_| id)
                }
            };
            result.map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => {
                    StoreError::Invalid("cette solution (éditeur, nom, version, identifiant) existe déjà".into())
                }
                _ => w.err(e),
            })
        })
    }

    /// Deletes a solution.
    pub fn delete_solution(&mut self, id: i64) -> Result<(), StoreError> {
        self.write_tx(|w| {
            w.tx.execute("DELETE FROM ref_solutions WHERE id = ?1", [id])
                .map_err(|e| w.err(e))?;
            Ok(())
        })
    }
}

fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}
