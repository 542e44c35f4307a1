//! The annexes: the list of ESSMS and the funding plan, as CSV that Excel in France opens as
//! it is (UTF-8 with BOM, `;`, decimal comma) and as one XLSX workbook with real numeric cells
//! formatted in euros, one sheet per table.

use std::path::{Path, PathBuf};

use chrono::Datelike;
use grappe_core::category::display_label;
use grappe_core::eligibility::essms_departement;
use grappe_core::{format_date, Dossier, Evaluation};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::write::WriteError;

/// What the annex files are called after the PDF they belong to (`<PDF name><suffix>`), so
/// that the annexes of two dossiers in one folder never overwrite each other.
pub const ESSMS_CSV: &str = " - annexe ESSMS.csv";
pub const FUNDING_CSV: &str = " - annexe financement.csv";
pub const WORKBOOK: &str = " - annexes.xlsx";

/// The annex files of the PDF `pdf`, in `dir`: `Dossier X.pdf` → `Dossier X - annexe ESSMS.csv`,
/// `Dossier X - annexe financement.csv`, `Dossier X - annexes.xlsx`.
pub fn paths(dir: &Path, pdf: &Path) -> [PathBuf; 3] {
    let stem = pdf
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "dossier".into());
    [ESSMS_CSV, FUNDING_CSV, WORKBOOK].map(|suffix| dir.join(format!("{stem}{suffix}")))
}

/// The annexes of a dossier, as bytes.
#[derive(Debug, Clone)]
pub struct Annexes {
    pub essms_csv: Vec<u8>,
    pub funding_csv: Vec<u8>,
    pub workbook: Vec<u8>,
}

/// A cell of a table: text, a whole number, money (signed: a gap may be negative), or a
/// percentage.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Text(String),
    /// An identifier (FINESS, SIRET): text, its leading zero kept by a spreadsheet.
    Id(String),
    Count(u32),
    Euros(Decimal),
    /// In percent (`84.6` for 84,6 %): a number with a percent format in the workbook.
    Percent(Option<Decimal>),
    /// A date cell in the workbook (JJ/MM/AAAA), the same text in a CSV.
    Date(Option<chrono::NaiveDate>),
}

/// A table of an annex: one CSV file, one sheet of the workbook.
pub(crate) struct Table {
    pub sheet: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

pub(crate) fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

pub(crate) fn id(s: impl Into<String>) -> Cell {
    Cell::Id(s.into())
}

/// The characters that make a spreadsheet read a cell as a formula when they start it (OWASP,
/// CSV injection).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text as a CSV cell that no spreadsheet runs: one starting like a formula is written after
/// an apostrophe, as OWASP advises for CSV injection.
pub(crate) fn neutralised(text: &str) -> String {
    if text.starts_with(FORMULA_START) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// An identifier as a CSV cell that a spreadsheet keeps as text (`010000024`, not 10000024):
/// after a tab, which neither Excel nor LibreOffice reads as part of a number. Only letters and
/// digits follow it — nothing a spreadsheet could run.
fn identifier(id: &str) -> String {
    if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()) {
        format!("\t{id}")
    } else {
        neutralised(id)
    }
}

fn essms_table(d: &Dossier) -> Table {
    let rows = d
        .essms
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let label = display_label(&e.category, &e.category_label);
            let og = d.og(&e.og).map_or(String::new(), |o| o.name.clone());
            vec![
                id(&e.finess_et),
                text(&e.name),
                text(&e.category),
                text(label),
                text(essms_departement(d, i)),
                text(&e.commune),
                id(&e.og),
                text(og),
                text(e.situation.label()),
                e.capacity.map_or_else(|| text(""), Cell::Count),
                text(if e.software_already_funded { "oui" } else { "non" }),
                text(if e.sons_order_signed { "oui" } else { "non" }),
            ]
        })
        .collect();
    Table {
        sheet: "ESSMS",
        header: vec![
            "FINESS ET",
            "Nom",
            "Catégorie",
            "Libellé de catégorie",
            "Département",
            "Commune",
            "FINESS EJ de l'OG",
            "Organisme gestionnaire",
            "Situation",
            "Capacité",
            "Logiciel déjà financé",
            "Bon de commande SONS signé",
        ],
        rows,
    }
}

fn funding_table(e: &Evaluation) -> Table {
    let rows = e
        .funding
        .lines
        .iter()
        .map(|l| {
            let tranche = |k: usize| l.tranches.get(k);
            let due = |k: usize| tranche(k).and_then(|t| t.due);
            vec![
                text(&l.rule),
                text(&l.label),
                id(&l.og),
                text(&l.og_name),
                id(l.essms.clone().unwrap_or_default()),
                Cell::Count(l.quantity),
                Cell::Euros(l.unit_amount.value()),
                l.cap.map_or_else(|| text(""), |c| Cell::Euros(c.value())),
                Cell::Euros(l.amount.value()),
                tranche(0).map_or_else(|| text(""), |t| Cell::Euros(t.amount.value())),
                Cell::Date(due(0)),
                tranche(1).map_or_else(|| text(""), |t| Cell::Euros(t.amount.value())),
                Cell::Date(due(1)),
            ]
        })
        .chain(std::iter::once(vec![
            text("TOTAL"),
            text(""),
            text(""),
            text(""),
            text(""),
            text(""),
            text(""),
            text(""),
            Cell::Euros(e.funding.total.value()),
            text(""),
            text(""),
            text(""),
            text(""),
        ]))
        .collect();
    Table {
        sheet: "Financement",
        header: vec![
            "Règle",
            "Ligne",
            "FINESS EJ versé à",
            "Organisme gestionnaire",
            "FINESS ET (ligne par ESSMS)",
            "Quantité",
            "Montant unitaire",
            "Plafond appliqué",
            "Montant",
            "Premier versement",
            "Date du premier versement",
            "Second versement",
            "Date du second versement",
        ],
        rows,
    }
}

fn per_og_table(e: &Evaluation) -> Table {
    Table {
        sheet: "Répartition par OG",
        header: vec!["FINESS EJ", "Organisme gestionnaire", "Montant"],
        rows: e
            .funding
            .per_og
            .iter()
            .map(|s| vec![id(&s.og), text(&s.og_name), Cell::Euros(s.amount.value())])
            .collect(),
    }
}

fn schedule_table(e: &Evaluation) -> Table {
    Table {
        sheet: "Échéancier",
        header: vec!["Versement", "Date", "Montant"],
        rows: e
            .funding
            .schedule
            .iter()
            .map(|p| vec![text(&p.label), Cell::Date(p.due), Cell::Euros(p.amount.value())])
            .collect(),
    }
}

/// `12500.5` → `12500,50`: what Excel in France reads as a number.
fn french_decimal(value: Decimal) -> String {
    let sign = if value.is_sign_negative() && !value.is_zero() {
        "-"
    } else {
        ""
    };
    let digits = grappe_core::Amount::new(value.abs())
        .map(|a| a.to_string())
        .unwrap_or_else(|_| value.abs().to_string())
        .replace('.', ",");
    format!("{sign}{digits}")
}

pub(crate) fn csv(table: &Table) -> Vec<u8> {
    let field = |s: &str| {
        if s.contains([';', '"', '\n', '\r', '\t']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = String::from("\u{FEFF}");
    out.push_str(
        &table
            .header
            .iter()
            .map(|h| field(&neutralised(h)))
            .collect::<Vec<_>>()
            .join(";"),
    );
    out.push_str("\r\n");
    for row in &table.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(t) => field(&neutralised(t)),
                Cell::Id(t) => field(&identifier(t)),
                Cell::Count(n) => n.to_string(),
                Cell::Euros(d) => french_decimal(*d),
                Cell::Percent(p) => p.map(|p| p.to_string().replace('.', ",")).unwrap_or_default(),
                Cell::Date(d) => d.map(format_date).unwrap_or_default(),
            })
            .collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// How wide a cell's text is, in characters (a column is fitted to its widest cell).
fn width_of(cell: &Cell) -> usize {
    match cell {
        Cell::Text(t) | Cell::Id(t) => t.chars().count(),
        Cell::Count(n) => n.to_string().len(),
        Cell::Euros(d) => french_decimal(*d).len() + 4,
        Cell::Percent(_) => 8,
        Cell::Date(_) => 10,
    }
}

fn sheet(ws: &mut Worksheet, table: &Table) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold().set_background_color("DCE6F0").set_text_wrap();
    let euros = Format::new().set_num_format("#,##0.00\\ \"€\"");
    let percent = Format::new().set_num_format("0.0%");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.set_name(table.sheet)?;
    for (c, h) in table.header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
        // Fitted to the widest cell of the column, its header's longest word at least.
        let header = h.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
        let widest = table
            .rows
            .iter()
            .filter_map(|r| r.get(c))
            .map(width_of)
            .max()
            .unwrap_or(0)
            .max(header);
        ws.set_column_width(c as u16, (widest as f64 + 2.0).clamp(8.0, 60.0))?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(t) | Cell::Id(t) => {
                    ws.write_string(r, c, t)?;
                }
                Cell::Count(n) => {
                    ws.write_number(r, c, f64::from(*n))?;
                }
                // Excel stores numbers as binary doubles: exact to the cent far beyond any budget.
                Cell::Euros(d) => {
                    ws.write_number_with_format(r, c, d.to_f64().unwrap_or_default(), &euros)?;
                }
                // 84,6 % is the number 0.846 shown as a percentage: it computes as one.
                Cell::Percent(Some(p)) => {
                    let ratio = (*p / Decimal::ONE_HUNDRED).to_f64().unwrap_or_default();
                    ws.write_number_with_format(r, c, ratio, &percent)?;
                }
                Cell::Percent(None) | Cell::Date(None) => {}
                Cell::Date(Some(d)) => {
                    let day =
                        rust_xlsxwriter::ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(r, c, &day, &date)?;
                }
            }
        }
    }
    // Printed as the PDF is: landscape when wide, the header on every page, one page wide.
    if table.header.len() > 6 {
        ws.set_landscape();
    }
    ws.set_paper_size(9);
    ws.set_repeat_rows(0, 0)?;
    ws.set_print_fit_to_pages(1, 0);
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(
        0,
        0,
        table.rows.len() as u32,
        table.header.len().saturating_sub(1) as u16,
    )?;
    Ok(())
}

pub(crate) fn workbook(tables: &[&Table]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    for table in tables {
        sheet(wb.add_worksheet(), table)?;
    }
    wb.save_to_buffer()
}

/// Builds the annexes of an evaluated dossier.
pub fn build(dossier: &Dossier, evaluation: &Evaluation) -> Result<Annexes, String> {
    let essms = essms_table(dossier);
    let funding = funding_table(evaluation);
    let per_og = per_og_table(evaluation);
    let schedule = schedule_table(evaluation);
    Ok(Annexes {
        essms_csv: csv(&essms),
        funding_csv: csv(&funding),
        workbook: workbook(&[&essms, &funding, &per_og, &schedule])
            .map_err(|e| format!("classeur Excel impossible à produire ({e})"))?,
    })
}

/// The annexes of the PDF `pdf` as the files to write into `dir` (created if needed), named
/// after the PDF, for [`crate::write_set`] with the PDF.
pub fn files(dir: &Path, pdf: &Path, annexes: Annexes) -> Result<Vec<(PathBuf, Vec<u8>)>, WriteError> {
    std::fs::create_dir_all(dir).map_err(|e| WriteError {
        path: dir.display().to_string(),
        message: format!("dossier des annexes impossible à créer ({e})"),
        exists: false,
    })?;
    let [essms, funding, workbook] = paths(dir, pdf);
    Ok(vec![
        (essms, annexes.essms_csv),
        (funding, annexes.funding_csv),
        (workbook, annexes.workbook),
    ])
}
