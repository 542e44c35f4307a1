//! The first sheet of a workbook (XLSX or ODS), read within bounds: a file from elsewhere is
//! hostile until read. The container is inflated once to count its bytes (`zip_bounds`), then
//! the sheet is read cell by cell — never as the rectangle it declares, which a formatted row
//! or a repeated column can make billions of cells wide — and only the cells that hold a value
//! are kept. The table given back starts at the first row and column used, as spreadsheet
//! programs show it, and is refused when it would be larger than `MAX_CELLS`.

use std::io::{BufReader, Read, Seek};
use std::path::Path;

use calamine::{Data, DataRef, Reader, Xlsx};
use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::cell::Cell;
use crate::zip_bounds::{self, ZipBounds};

/// What a workbook may inflate to: lists of solutions or ESSMS weigh kilobytes.
const WORKBOOK_BOUNDS: ZipBounds = ZipBounds {
    entries: 10_000,
    entry_bytes: 200 * 1024 * 1024,
    total_bytes: 400 * 1024 * 1024,
};
/// Cells of the table given back, empty ones within it included (rows are cut after their last
/// value): 2 million is forty times the largest list a user has reason to bring.
pub(crate) const MAX_CELLS: u64 = 2_000_000;
/// The largest sheet a spreadsheet program makes (Excel's limits, which LibreOffice shares).
const MAX_ROW: u64 = 1_048_576;
const MAX_COLUMN: u64 = 16_384;
/// Characters of one cell (Excel's limit).
const MAX_CELL_CHARS: usize = 32_767;

/// The cells that hold a value, in reading order, with their position.
#[derive(Default)]
struct Sparse {
    cells: Vec<(u32, u32, Cell)>,
}

impl Sparse {
    fn push(&mut self, row: u64, column: u64, cell: Cell) -> Result<(), String> {
        if matches!(cell, Cell::Empty) {
            return Ok(());
        }
        if row >= MAX_ROW || column >= MAX_COLUMN {
            return Err(format!(
                "une valeur est placée au-delà de la ligne {MAX_ROW} ou de la colonne {MAX_COLUMN}, les limites d'un tableur"
            ));
        }
        if self.cells.len() as u64 >= MAX_CELLS {
            return Err(too_many());
        }
        self.cells.push((row as u32, column as u32, cell));
        Ok(())
    }

    /// The rows from the first used to the last, each cut after its last value.
    fn into_rows(mut self) -> Result<Vec<Vec<Cell>>, String> {
        let Some(first_row) = self.cells.iter().map(|c| c.0).min() else {
            return Ok(Vec::new());
        };
        let first_column = self.cells.iter().map(|c| c.1).min().unwrap_or(0);
        let last_row = self.cells.iter().map(|c| c.0).max().unwrap_or(first_row);
        let height = u64::from(last_row - first_row) + 1;
        // Each row's width, to size the table before allocating it.
        let mut widths = std::collections::BTreeMap::<u32, u64>::new();
        for &(r, c, _) in &self.cells {
            let w = widths.entry(r).or_default();
            *w = (*w).max(u64::from(c - first_column) + 1);
        }
        if height + widths.values().sum::<u64>() > MAX_CELLS {
            return Err(too_many());
        }
        self.cells.sort_by_key(|c| (c.0, c.1));
        let mut rows: Vec<Vec<Cell>> = (0..height).map(|_| Vec::new()).collect();
        for (r, c, cell) in self.cells {
            let row = &mut rows[(r - first_row) as usize];
            let at = (c - first_column) as usize;
            if row.len() <= at {
                row.resize(at + 1, Cell::Empty);
            }
            row[at] = cell;
        }
        Ok(rows)
    }
}

fn too_many() -> String {
    format!("la feuille compte plus de {MAX_CELLS} cellules : une liste aussi grande n'est pas lue (est-ce le bon fichier ?)")
}

fn cell_of(data: Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::DateTime(dt) => dt.as_datetime().map_or(Cell::Empty, |d| Cell::Date(d.date())),
        Data::DateTimeIso(t) => iso_date(&t),
        other => Cell::Text(other.to_string()),
    }
}

fn iso_date(t: &str) -> Cell {
    NaiveDate::parse_from_str(t.get(..10).unwrap_or(t), "%Y-%m-%d")
        .map_or_else(|_| Cell::Text(t.to_string()), Cell::Date)
}

/// Reads the first sheet of the workbook at `path` (XLSX, XLSM or ODS).
pub(crate) fn read_first_sheet(path: &Path, ods: bool) -> Result<Vec<Vec<Cell>>, String> {
    let open = || std::fs::File::open(path).map_err(|e| format!("lecture impossible ({e})"));
    let mut zip = ZipArchive::new(BufReader::new(open()?)).map_err(|e| format!("classeur illisible ({e})"))?;
    zip_bounds::check(&mut zip, WORKBOOK_BOUNDS)?;
    let sparse = if ods {
        ods_sheet(&mut zip)?
    } else {
        drop(zip);
        xlsx_sheet(BufReader::new(open()?))?
    };
    sparse.into_rows()
}

fn xlsx_sheet<R: Read + Seek>(reader: R) -> Result<Sparse, String> {
    let mut book = Xlsx::new(reader).map_err(|e| format!("classeur illisible ({e})"))?;
    let first = book
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(|| "le classeur n'a aucune feuille".to_string())?;
    let mut cells = book
        .worksheet_cells_reader(&first)
        .map_err(|e| format!("feuille illisible ({e})"))?;
    let mut sparse = Sparse::default();
    while let Some(cell) = cells.next_cell().map_err(|e| format!("feuille illisible ({e})"))? {
        let (row, column) = cell.get_position();
        let value = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::SharedString(s) => Data::String((*s).to_string()),
            other => Data::from(other.clone()),
        };
        sparse.push(u64::from(row), u64::from(column), cell_of(value))?;
    }
    Ok(sparse)
}

const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// The first `table:table` of an OpenDocument spreadsheet's `content.xml`, read as a stream:
/// repeated empty rows and cells only move the position; repeated values count against the
/// bound before they are copied.
fn ods_sheet<R: Read + Seek>(zip: &mut ZipArchive<R>) -> Result<Sparse, String> {
    {
        let mut mime = Vec::new();
        let entry = zip
            .by_name("mimetype")
            .map_err(|_| "ce n'est pas un classeur OpenDocument (mimetype absent)".to_string())?;
        entry
            .take(ODS_MIMETYPE.len() as u64 + 1)
            .read_to_end(&mut mime)
            .map_err(|e| format!("classeur illisible ({e})"))?;
        if mime != ODS_MIMETYPE {
            return Err("ce n'est pas un classeur OpenDocument de tableur".into());
        }
    }
    let content = zip
        .by_name("content.xml")
        .map_err(|_| "classeur illisible (content.xml absent)".to_string())?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut sparse = Sparse::default();
    let mut buf = Vec::new();
    let mut in_table = false;
    let mut row: u64 = 0;
    let xml_error = |e: quick_xml::Error| format!("classeur illisible ({e})");
    loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf).map_err(xml_error)?;
        match event {
            Event::Start(e) if e.name().as_ref() == "table:table" => in_table = true,
            Event::Empty(e) if in_table && e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(repeat(&e, "table:number-rows-repeated")?);
            }
            Event::Start(e) if in_table && e.name().as_ref() == "table:table-row" => {
                let repeated = repeat(&e, "table:number-rows-repeated")?;
                let cells = ods_row(&mut xml)?;
                if !cells.is_empty() {
                    for r in 0..repeated {
                        for (column, cell) in &cells {
                            sparse.push(row.saturating_add(r), *column, cell.clone())?;
                        }
                    }
                }
                row = row.saturating_add(repeated);
            }
            Event::End(e) if e.name().as_ref() == "table:table" => break,
            Event::Eof => {
                if in_table {
                    return Err("classeur illisible (feuille inachevée)".into());
                }
                break;
            }
            _ => {}
        }
    }
    Ok(sparse)
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, String> {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| Some(v.into_owned()))
            .map_err(|e| format!("classeur illisible ({e})")),
        Ok(None) => Ok(None),
        Err(e) => Err(format!("classeur illisible ({e})")),
    }
}

fn repeat(e: &BytesStart<'_>, name: &str) -> Result<u64, String> {
    match attribute(e, name)? {
        None => Ok(1),
        Some(v) => v
            .trim()
            .parse::<u64>()
            .map(|n| n.max(1))
            .map_err(|_| format!("classeur illisible (répétition « {v} »)")),
    }
}

/// The cells of one row that hold a value, by column.
fn ods_row<B: std::io::BufRead>(xml: &mut quick_xml::Reader<B>) -> Result<Vec<(u64, Cell)>, String> {
    let mut cells = Vec::new();
    let mut column: u64 = 0;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| format!("classeur illisible ({e})"))?;
        match event {
            Event::Empty(e) if is_cell(&e) => {
                let repeated = repeat(&e, "table:number-columns-repeated")?;
                let value = attribute_value(&e)?;
                column = place(&mut cells, column, repeated, value)?;
            }
            Event::Start(e) if is_cell(&e) => {
                let repeated = repeat(&e, "table:number-columns-repeated")?;
                let value = match attribute_value(&e)? {
                    Some(v) => {
                        skip_to_end(xml, &e)?;
                        Some(v)
                    }
                    None => {
                        let is_string = attribute(&e, "office:value-type")?.as_deref() == Some("string");
                        let text = cell_text(xml)?;
                        (is_string && !text.trim().is_empty()).then_some(Cell::Text(text))
                    }
                };
                column = place(&mut cells, column, repeated, value)?;
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => return Ok(cells),
            Event::Eof => return Err("classeur illisible (ligne inachevée)".into()),
            _ => {}
        }
    }
}

fn is_cell(e: &BytesStart<'_>) -> bool {
    matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell")
}

/// Puts `value` in `repeated` columns from `column` (an empty one only moves the position).
fn place(cells: &mut Vec<(u64, Cell)>, column: u64, repeated: u64, value: Option<Cell>) -> Result<u64, String> {
    if let Some(value) = value {
        if column.saturating_add(repeated) > MAX_COLUMN {
            return Err(format!(
                "une ligne compte plus de {MAX_COLUMN} colonnes, la limite d'un tableur"
            ));
        }
        if cells.len() as u64 + repeated > MAX_CELLS {
            return Err(too_many());
        }
        for k in 0..repeated {
            cells.push((column + k, value.clone()));
        }
    }
    Ok(column.saturating_add(repeated))
}

/// A cell's value given by its attributes (numbers, dates, booleans, a string value).
fn attribute_value(e: &BytesStart<'_>) -> Result<Option<Cell>, String> {
    if let Some(v) = attribute(e, "office:date-value")? {
        return Ok(Some(iso_date(&v)));
    }
    if let Some(v) = attribute(e, "office:value")? {
        let cell = v
            .trim()
            .parse::<f64>()
            .map_or_else(|_| Cell::Text(v.clone()), |f| cell_of(Data::Float(f)));
        return Ok(Some(cell));
    }
    if let Some(v) = attribute(e, "office:boolean-value")? {
        return Ok(Some(cell_of(Data::Bool(v == "true" || v == "TRUE"))));
    }
    if let Some(v) = attribute(e, "office:string-value")? {
        return Ok((!v.trim().is_empty()).then_some(Cell::Text(v)));
    }
    Ok(None)
}

fn skip_to_end<B: std::io::BufRead>(xml: &mut quick_xml::Reader<B>, e: &BytesStart<'_>) -> Result<(), String> {
    let mut buf = Vec::new();
    xml.read_to_end_into(e.name(), &mut buf)
        .map(|_| ())
        .map_err(|e| format!("classeur illisible ({e})"))
}

/// The text of a cell's paragraphs (one line each; `text:s` spaces, tabs and line breaks),
/// annotations left out, at most `MAX_CELL_CHARS` characters.
fn cell_text<B: std::io::BufRead>(xml: &mut quick_xml::Reader<B>) -> Result<String, String> {
    let mut text = String::new();
    let mut paragraphs = 0;
    let mut annotation = 0;
    let mut buf = Vec::new();
    let error = |e: quick_xml::Error| format!("classeur illisible ({e})");
    let too_long = || format!("une cellule compte plus de {MAX_CELL_CHARS} caractères, la limite d'un tableur");
    loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf).map_err(error)?;
        match event {
            Event::Start(e) if e.name().as_ref() == "office:annotation" => annotation += 1,
            Event::End(e) if e.name().as_ref() == "office:annotation" => annotation -= 1,
            _ if annotation > 0 => {}
            Event::Start(e) if e.name().as_ref() == "text:p" => {
                if paragraphs > 0 {
                    text.push('\n');
                }
                paragraphs += 1;
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "text:s" => {
                let spaces = repeat(&e, "text:c")?;
                if text.len() as u64 + spaces > MAX_CELL_CHARS as u64 {
                    return Err(too_long());
                }
                text.extend(std::iter::repeat_n(' ', spaces as usize));
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "text:tab" => text.push('\t'),
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "text:line-break" => text.push('\n'),
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                if let Some(s) = quick_xml::escape::resolve_xml_entity(&name) {
                    text.push_str(s);
                } else if let Some(c) = r.resolve_char_ref().map_err(error)? {
                    text.push(c);
                } else {
                    return Err(format!("classeur illisible (entité « &{name}; » inconnue)"));
                }
            }
            Event::End(e) if is_cell_end(e.name().as_ref()) => return Ok(text),
            Event::Eof => return Err("classeur illisible (cellule inachevée)".into()),
            _ => {}
        }
        // Bytes, not characters, so that a long cell is not counted again at each event.
        if text.len() > MAX_CELL_CHARS * 4 {
            return Err(too_long());
        }
    }
}

fn is_cell_end(name: &str) -> bool {
    matches!(name, "table:table-cell" | "table:covered-table-cell")
}
