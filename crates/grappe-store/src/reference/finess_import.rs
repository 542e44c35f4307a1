//! Importing the FINESS extract into the store's reference tables, in one transaction: the
//! previous reference data stays until the new one is complete, and stays if the import is
//! cancelled or refused. User dossiers are never touched.
//!
//! Policy for bad lines: valid lines are kept and every rejected line is reported (line number
//! and reason), unless the file is not a FINESS extract (first line), holds no establishment,
//! or more than 10 % of its lines (and more than 10) are rejected — then nothing changes.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Read};
use std::ops::ControlFlow;
use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

use super::etablissement::sector_name;
use super::finess_file::{
    date_in_file_name, decode, next_line, parse_first_line, parse_line, Encoding, FirstLine, Line, RawLine,
    MAX_LINE_BYTES,
};
use super::search_index::{record_folding, IndexEntry};
use crate::open::io_error;
use crate::time::now;
use crate::{Store, StoreError};

/// Rejected lines reported in detail (all are counted).
pub const REJECTED_DETAILS: usize = 200;

/// Where an import stands, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub lines: u64,
    pub rows_per_second: u64,
}

impl Progress {
    /// Share done, 0 to 100.
    pub fn percent(&self) -> u64 {
        (self.bytes_done * 100)
            .checked_div(self.bytes_total)
            .unwrap_or(100)
            .min(100)
    }
}

/// A line that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectedLine {
    /// 1-based line number in the file.
    pub line: u64,
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinessImportReport {
    pub file_name: String,
    pub extract_date: NaiveDate,
    pub lines: u64,
    pub etablissements: u64,
    pub entites: u64,
    /// Lines of known kinds without an establishment (`geolocalisation`…).
    pub skipped: u64,
    pub rejected_count: u64,
    /// The first [`REJECTED_DETAILS`] rejected lines.
    pub rejected: Vec<RejectedLine>,
    /// Numbers and codes a spreadsheet had changed and that were restored with certainty
    /// (FINESS numbers that got their leading zero back, département codes `1`…`9`).
    pub repaired: u64,
    /// Lines kept with a field that could not be restored, or what had to be guessed (the
    /// first [`REJECTED_DETAILS`]).
    pub warnings: Vec<RejectedLine>,
    /// `ASCII`, `UTF-8`, `Windows-1252`, or `mixte (UTF-8 et Windows-1252)`.
    pub encoding: String,
    pub duration_ms: u64,
}

/// The extract the reference data comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtractInfo {
    pub file_name: String,
    pub extract_date: NaiveDate,
    pub imported_at: chrono::NaiveDateTime,
    pub etablissements: u64,
}

/// The day a file was last modified (today when unknown).
fn modified_date(path: &Path) -> NaiveDate {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .map(|t| chrono::DateTime::<chrono::Local>::from(t).date_naive())
        .unwrap_or_else(|_| chrono::Local::now().date_naive())
}

fn refused(path: &Path, message: impl Into<String>) -> StoreError {
    StoreError::Import {
        path: path.display().to_string(),
        message: message.into(),
    }
}

impl Store {
    /// Imports a FINESS extract, replacing the reference establishments. `progress` is called
    /// regularly; returning `Break` cancels (nothing changes).
    pub fn import_finess(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<FinessImportReport, StoreError> {
        let started = Instant::now();
        let file = File::open(path).map_err(|e| io_error(path, &e))?;
        let bytes_total = file.metadata().map_err(|e| io_error(path, &e))?.len();
        if bytes_total == 0 {
            return Err(refused(
                path,
                "le fichier est vide (0 octet) : ce n'est pas un extrait FINESS",
            ));
        }
        let mut reader = BufReader::with_capacity(256 * 1024, file);

        // The metadata line, read within a bound: garbage is refused at once.
        let mut first = Vec::new();
        (&mut reader)
            .take(MAX_LINE_BYTES as u64)
            .read_until_newline(&mut first)
            .map_err(|e| io_error(path, &e))?;
        if !first.ends_with(b"\n") && first.len() >= MAX_LINE_BYTES {
            return Err(refused(
                path,
                "la première ligne est démesurée : ce fichier n'est pas un extrait FINESS",
            ));
        }
        let mut bytes_done = first.len() as u64;
        let (first_text, _) = decode(first.strip_suffix(b"\n").unwrap_or(&first));
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let mut warnings = Vec::new();
        let extract_date = match parse_first_line(first_text.trim_end_matches('\r')).map_err(|m| refused(path, m))? {
            FirstLine::Metadata(date) => date,
            // A spreadsheet put column names instead of the metadata line: the date from the
            // file's name, else its modification date, said in the report.
            FirstLine::ColumnNames => {
                let (date, from) = match date_in_file_name(&file_name) {
                    Some(d) => (d, "le nom du fichier"),
                    None => (modified_date(path), "la date de modification du fichier"),
                };
                warnings.push(RejectedLine {
                    line: 1,
                    reason: format!(
                        "des noms de colonnes au lieu de la ligne d'en-tête de l'extrait (fichier réenregistré par un tableur ?) : date de l'extrait prise dans {from} ({})",
                        date.format("%d/%m/%Y")
                    ),
                });
                date
            }
        };

        let (mut report, utf8, cp1252) = self.write_tx(|w| {
            let sql = |e| w.err(e);
            let tx = &w.tx;
            // Bulk load: indexes dropped and rebuilt at the end (a sort, much faster than 100 000
            // insertions), duplicates found in memory, a larger page cache for the duration.
            tx.execute_batch(
                "PRAGMA cache_size = -131072;
                 DROP INDEX IF EXISTS ref_etablissements_by_et;
                 DROP INDEX IF EXISTS ref_etablissements_by_ej;
                 DROP INDEX IF EXISTS ref_etablissements_by_postcode;
                 DELETE FROM ref_etablissements; DELETE FROM ref_entites;
                 INSERT INTO ref_search (ref_search) VALUES ('delete-all');",
            )
            .map_err(sql)?;
            let mut seen: HashSet<String> = HashSet::new();
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO ref_etablissements (finess_et, finess_ej, name, long_name, commune, postcode, departement,
                       category, category_label, aggregate, aggregate_label, sector, siret)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )
                .map_err(sql)?;
            let mut index = tx
                .prepare_cached("INSERT INTO ref_search (rowid, words, about) VALUES (?1, ?2, ?3)")
                .map_err(sql)?;

            let mut report = FinessImportReport {
                file_name,
                extract_date,
                lines: 1,
                etablissements: 0,
                entites: 0,
                skipped: 0,
                rejected_count: 0,
                rejected: Vec::new(),
                repaired: 0,
                warnings,
                encoding: String::new(),
                duration_ms: 0,
            };
            let (mut utf8, mut cp1252) = (false, false);
            let reject = |report: &mut FinessImportReport, line: u64, reason: String| {
                report.rejected_count += 1;
                if report.rejected.len() < REJECTED_DETAILS {
                    report.rejected.push(RejectedLine { line, reason });
                }
            };
            let mut buf = Vec::new();
            let mut entry = IndexEntry::default();
            while let Some((raw, consumed)) = next_line(&mut reader, &mut buf).map_err(|e| io_error(path, &e))? {
                report.lines += 1;
                bytes_done += consumed as u64;
                let n = report.lines;
                match raw {
                    RawLine::TooLong => reject(&mut report, n, format!("ligne de plus de {MAX_LINE_BYTES} octets")),
                    RawLine::Line(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => report.skipped += 1,
                    RawLine::Line(bytes) => {
                        let (text, encoding) = decode(&bytes);
                        utf8 |= encoding == Encoding::Utf8;
                        cp1252 |= encoding == Encoding::Windows1252;
                        match parse_line(&text) {
                            Line::Skipped => report.skipped += 1,
                            Line::Rejected(reason) => reject(&mut report, n, reason),
                            Line::Etablissement(e, _) if !seen.insert(e.finess_et.clone()) => {
                                reject(
                                    &mut report,
                                    n,
                                    format!("FINESS ET {} déjà présent plus haut dans le fichier", e.finess_et),
                                );
                            }
                            Line::Etablissement(e, repairs) => {
                                report.repaired += u64::from(repairs.restored());
                                if let Some(lost) = repairs.siret_lost {
                                    if report.warnings.len() < REJECTED_DETAILS {
                                        report.warnings.push(RejectedLine {
                                            line: n,
                                            reason: format!("SIRET « {lost} » écrit en notation scientifique par un tableur : ses chiffres sont perdus, le champ est laissé vide (l'établissement est gardé)"),
                                        });
                                    }
                                }
                                insert
                                    .execute(params![
                                        e.finess_et,
                                        e.finess_ej,
                                        e.name,
                                        e.long_name,
                                        e.commune,
                                        e.postcode,
                                        e.departement,
                                        e.category,
                                        e.category_label,
                                        e.aggregate,
                                        e.aggregate_label,
                                        e.sector.map(sector_name),
                                        e.siret
                                    ])
                                    .map_err(sql)?;
                                {
                                    let (words, about) = entry.columns(&e);
                                    index.execute(params![tx.last_insert_rowid(), words, about]).map_err(sql)?;
                                    report.etablissements += 1;
                                }
                            }
                        }
                    }
                }
                // Garbage after a valid first line: stop early rather than read it all.
                if n == 1_000 && report.rejected_count > 500 {
                    return Err(refused(path, too_many(&report)));
                }
                if n % 4_096 == 0 {
                    let p = progress_at(bytes_done, bytes_total, n, &started);
                    if progress(p).is_break() {
                        return Err(StoreError::Cancelled);
                    }
                }
            }
            if progress(progress_at(bytes_done, bytes_total, report.lines, &started)).is_break() {
                return Err(StoreError::Cancelled);
            }
            if report.etablissements == 0 {
                return Err(refused(
                    path,
                    format!(
                        "aucun établissement valide dans le fichier ; {}",
                        first_reasons(&report)
                    ),
                ));
            }
            let candidates = report.etablissements + report.rejected_count;
            if report.rejected_count > 10 && report.rejected_count * 10 > candidates {
                return Err(refused(path, too_many(&report)));
            }
            drop(insert);
            drop(index);
            tx.execute_batch(
                "CREATE UNIQUE INDEX ref_etablissements_by_et ON ref_etablissements(finess_et);
                 CREATE INDEX ref_etablissements_by_ej ON ref_etablissements(finess_ej);
                 CREATE INDEX ref_etablissements_by_postcode ON ref_etablissements(postcode);
                 PRAGMA cache_size = -2000;",
            )
            .map_err(sql)?;
            report.entites = tx
                .execute(
                    "INSERT INTO ref_entites (finess_ej, etablissements)
                     SELECT finess_ej, COUNT(*) FROM ref_etablissements GROUP BY finess_ej",
                    [],
                )
                .map_err(sql)? as u64;
            tx.execute(
                "INSERT OR REPLACE INTO ref_extract (id, file_name, extract_date, imported_at, lines) VALUES (1, ?1, ?2, ?3, ?4)",
                params![
                    report.file_name,
                    extract_date.format("%Y-%m-%d").to_string(),
                    now(),
                    report.etablissements as i64
                ],
            )
            .map_err(sql)?;
            record_folding(tx).map_err(sql)?;
            Ok((report, utf8, cp1252))
        })?;
        report.encoding = match (utf8, cp1252) {
            (true, true) => "mixte (UTF-8 et Windows-1252)",
            (true, false) => "UTF-8",
            (false, true) => "Windows-1252",
            (false, false) => "ASCII",
        }
        .to_string();
        report.duration_ms = started.elapsed().as_millis() as u64;
        Ok(report)
    }

    /// The extract the reference data comes from, if one was imported.
    pub fn finess_extract(&self) -> Result<Option<ExtractInfo>, StoreError> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row(
                "SELECT file_name, extract_date, imported_at, lines FROM ref_extract WHERE id = 1",
                [],
                |r| {
                    Ok(ExtractInfo {
                        file_name: r.get(0)?,
                        extract_date: NaiveDate::parse_from_str(&r.get::<_, String>(1)?, "%Y-%m-%d")
                            .unwrap_or_default(),
                        imported_at: r.get::<_, chrono::NaiveDateTime>(2)?,
                        etablissements: r.get::<_, i64>(3)? as u64,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }
}

fn progress_at(bytes_done: u64, bytes_total: u64, lines: u64, started: &Instant) -> Progress {
    let ms = started.elapsed().as_millis().max(1) as u64;
    Progress {
        bytes_done,
        bytes_total,
        lines,
        rows_per_second: lines * 1_000 / ms,
    }
}

fn first_reasons(report: &FinessImportReport) -> String {
    let shown: Vec<String> = report
        .rejected
        .iter()
        .take(3)
        .map(|r| format!("ligne {} : {}", r.line, r.reason))
        .collect();
    if shown.is_empty() {
        "le fichier ne contient que la ligne d'en-tête".into()
    } else {
        shown.join(" ; ")
    }
}

fn too_many(report: &FinessImportReport) -> String {
    format!(
        "{} lignes rejetées sur {} lues : ce fichier ne semble pas être un extrait FINESS valide, rien n'a été importé ({})",
        report.rejected_count,
        report.lines,
        first_reasons(report)
    )
}

/// `read_until` for a bounded reader.
trait ReadUntilNewline {
    fn read_until_newline(&mut self, buf: &mut Vec<u8>) -> std::io::Result<usize>;
}

impl<R: Read> ReadUntilNewline for std::io::Take<R> {
    fn read_until_newline(&mut self, buf: &mut Vec<u8>) -> std::io::Result<usize> {
        let mut byte = [0u8; 1];
        let mut n = 0;
        while self.read(&mut byte)? == 1 {
            buf.push(byte[0]);
            n += 1;
            if byte[0] == b'\n' {
                break;
            }
        }
        Ok(n)
    }
}
