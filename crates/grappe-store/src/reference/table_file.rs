//! Tables users bring (solutions lists, lists of ESSMS): CSV (`;` or `,`, UTF-8,
//! Windows-1252 or ISO-8859-15) or the first sheet of a workbook, read as rows of cells.

use std::path::Path;

use super::workbook;
use crate::open::io_error;
use crate::StoreError;

pub(crate) use super::cell::Cell;

/// The largest table file read: lists of solutions or ESSMS weigh kilobytes; a bigger file is
/// not one of them. (What a file *decodes* to is bounded too: `workbook::MAX_CELLS`.)
pub(crate) const MAX_TABLE_BYTES: u64 = 50 * 1024 * 1024;

/// Reads the rows of a CSV (`;` or `,`, UTF-8, Windows-1252 or ISO-8859-15) or of the first sheet of a
/// workbook (XLSX, XLS, ODS). A file too big, or that the workbook reader cannot make sense of
/// (even one crafted to make it fail), is refused with a French message.
pub(crate) fn read_rows(path: &Path) -> Result<Vec<Vec<Cell>>, StoreError> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let refused = |message: String| StoreError::Import {
        path: path.display().to_string(),
        message,
    };
    let size = std::fs::metadata(path).map_err(|e| io_error(path, &e))?.len();
    if size > MAX_TABLE_BYTES {
        return Err(refused(format!(
            "le fichier fait {} Mo : une liste de plus de {} Mo n'est pas lue (est-ce le bon fichier ?)",
            size / (1024 * 1024),
            MAX_TABLE_BYTES / (1024 * 1024)
        )));
    }
    if extension == "xls" {
        // The old Excel format is read by a parser that builds each sheet as the whole rectangle
        // its cells span, whatever it holds: no bound can be put on it before reading.
        return Err(refused(
            "les classeurs Excel 97-2003 (.xls) ne sont pas lus : enregistrez-le au format .xlsx, .ods ou .csv depuis votre tableur".into(),
        ));
    }
    if matches!(extension.as_str(), "xlsx" | "xlsm" | "ods") {
        // The workbook reader is a large parser of a complex format: should it ever panic on a
        // damaged file, the panic stays here and becomes a refusal.
        let read = std::panic::catch_unwind(|| workbook::read_first_sheet(path, extension == "ods"));
        return match read {
            Ok(rows) => rows.map_err(refused),
            Err(_) => Err(refused(
                "classeur illisible (fichier endommagé ou d'un format inattendu)".into(),
            )),
        };
    }
    let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
    let (text, _) = crate::text_encoding::decode(&bytes);
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
    // A line of separators only is as many cells: bounded like a workbook's.
    let mut cells: u64 = 0;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| refused(format!("CSV illisible ({e})")))?;
        cells += record.len() as u64 + 1;
        if cells > workbook::MAX_CELLS {
            return Err(refused(format!(
                "le fichier compte plus de {} cellules : une liste aussi grande n'est pas lue (est-ce le bon fichier ?)",
                workbook::MAX_CELLS
            )));
        }
        rows.push(
            record
                .iter()
                .map(|c| {
                    if c.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(c.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(rows)
}

/// The header of a table read from `path` (its first row) and its data rows: refused, with
/// nothing changed, when the table is empty or lacks one of the `required` columns (named).
pub(crate) fn with_header<'r, C: Copy + PartialEq>(
    rows: &'r [Vec<Cell>],
    path: &Path,
    required: &[(C, &str)],
    column_of: impl Fn(&str) -> Option<C>,
) -> Result<(Columns<C>, &'r [Vec<Cell>]), StoreError> {
    let refused = |message: String| StoreError::Import {
        path: path.display().to_string(),
        message,
    };
    let Some((header, data)) = rows.split_first() else {
        return Err(refused("le fichier est vide".into()));
    };
    let columns = Columns::of(header, column_of);
    let missing = columns.missing(required);
    if !missing.is_empty() {
        return Err(refused(format!(
            "colonnes manquantes : {} (la première ligne doit nommer les colonnes)",
            missing.join(", ")
        )));
    }
    Ok((columns, data))
}

/// The columns of a table, found by their header (the first row).
pub(crate) struct Columns<C>(Vec<Option<C>>);

impl<C: Copy + PartialEq> Columns<C> {
    pub(crate) fn of(header: &[Cell], column_of: impl Fn(&str) -> Option<C>) -> Self {
        Columns(header.iter().map(|c| column_of(&c.text())).collect())
    }

    /// The names of the `required` columns the header lacks.
    pub(crate) fn missing<'a>(&self, required: &[(C, &'a str)]) -> Vec<&'a str> {
        required
            .iter()
            .filter(|(c, _)| !self.0.contains(&Some(*c)))
            .map(|(_, name)| *name)
            .collect()
    }

    /// The cell of `row` in `column` (empty when the row is short or the column absent).
    pub(crate) fn cell(&self, row: &[Cell], column: C) -> Cell {
        self.0
            .iter()
            .position(|c| *c == Some(column))
            .and_then(|i| row.get(i).cloned())
            .unwrap_or(Cell::Empty)
    }
}
