//! Le portefeuille (D-PORTFOLIO) as the screen and the CLI show it: every dossier of the store
//! at a date, one row each from its own follow-up, filtered, with the totals of what is shown
//! and the choices of each filter. Amounts formatted in Rust, and as decimal strings to sort.
//! The dossier files of a shared folder can be shown beside them, read only (`shared`).

pub mod shared;

use chrono::NaiveDate;
use grappe_core::format_date;
use grappe_core::money::{format_eur, format_percent_or_dash};
use grappe_core::portfolio::{totals, Filter, PortfolioTotals, ProjectRow};
use grappe_core::suivi::Stage;
use grappe_store::{RowDetail, Store};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use shared::UnreadFile;
use std::path::{Path, PathBuf};

use crate::files::write_error;
use crate::{AppError, Ctx};

/// What the user keeps in view; an empty criterion keeps every row.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PortfolioFilter {
    pub client: String,
    pub funder: String,
    pub campaign: String,
    /// « brouillon », « déposé », « attribué », « soldé »; empty for all.
    pub stage: String,
    pub late_only: bool,
    pub search: String,
    /// A folder whose dossier files and archives are shown beside the store's projects, read
    /// only; empty for none.
    #[serde(default)]
    pub shared_folder: String,
}

/// Where a project of the portfolio comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The store, with the dossier's number.
    Store(i64),
    /// A file of the shared folder, read only.
    Shared(PathBuf),
}

impl Origin {
    /// The project's identifier in the agenda's UIDs: the store's number (as ever), or
    /// « partage- » and the file's name.
    pub fn token(&self) -> String {
        match self {
            Origin::Store(id) => id.to_string(),
            Origin::Shared(path) => format!(
                "partage-{}",
                path.file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default()
            ),
        }
    }
}

/// Every project at a date, the store's and the shared folder's, with the folder's files
/// that were not read.
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    pub projects: Vec<(Origin, ProjectRow)>,
    pub unread: Vec<UnreadFile>,
}

/// One project, as shown.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ProjectRowView {
    /// The store's number of the dossier; none for a file of the shared folder.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// The shared folder's file it was read from (read only); none for the store's.
    pub file: Option<String>,
    pub name: String,
    pub client: String,
    pub funder: String,
    pub campaign: String,
    pub stage: String,
    pub requested_fr: String,
    pub awarded_fr: String,
    pub received_fr: String,
    pub spent_fr: String,
    pub remaining_fr: String,
    pub consumed_fr: String,
    /// Decimal strings, to sort: requested, awarded, received, spent, remaining, % consumed
    /// (empty when nothing was awarded).
    pub requested: String,
    pub awarded: String,
    pub received: String,
    pub spent: String,
    pub remaining: String,
    pub consumed: String,
    /// « 2 / 4 ».
    pub targets_fr: String,
    pub next_deadline: Option<String>,
    /// ISO date of the next deadline, to sort.
    pub next_deadline_iso: Option<String>,
    pub next_deadline_late: bool,
    pub late: Vec<String>,
    pub late_amount_fr: String,
    /// The payments late, as a decimal string (for the chart).
    pub late_amount: String,
    /// What is late in a few words (« 3 échéance(s) en retard, dont 400 000,00 € de versements »),
    /// none when nothing is.
    pub late_summary: Option<String>,
}

/// The sums of the rows shown.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PortfolioTotalsView {
    pub projects: u32,
    pub requested_fr: String,
    pub awarded_fr: String,
    pub received_fr: String,
    pub spent_fr: String,
    pub remaining_fr: String,
    pub consumed_fr: String,
    pub targets_fr: String,
    pub late_projects: u32,
    pub late_amount_fr: String,
}

/// The portfolio at a date.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PortfolioView {
    pub as_of: String,
    pub as_of_iso: String,
    pub rows: Vec<ProjectRowView>,
    pub totals: PortfolioTotalsView,
    /// Where the consumption chart's axis ends (100, or the largest % consumed shown above it).
    pub consumption_max: String,
    /// How many projects there are (the rows are those the filter keeps).
    pub all: u32,
    /// Of which read from the shared folder.
    pub shared: u32,
    /// The shared folder's files that were not read, and why.
    pub unread: Vec<UnreadFile>,
    /// The choices of each filter, from every project.
    pub clients: Vec<String>,
    pub funders: Vec<String>,
    pub campaigns: Vec<String>,
    pub stages: Vec<String>,
}

const STAGES: [Stage; 4] = [Stage::Brouillon, Stage::Depose, Stage::Attribue, Stage::Solde];

impl PortfolioFilter {
    /// What it keeps in view, in words, for the documents (empty when it keeps everything).
    pub fn described(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = [
            ("Client", &self.client),
            ("Financeur", &self.funder),
            ("Campagne", &self.campaign),
            ("Étape", &self.stage),
            ("Recherche", &self.search),
            ("Dossier partagé (lecture seule)", &self.shared_folder),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect();
        if self.late_only {
            out.push(("En retard".into(), "seulement".into()));
        }
        out
    }

    fn core(&self) -> Filter {
        Filter {
            client: self.client.clone(),
            funder: self.funder.clone(),
            campaign: self.campaign.clone(),
            stage: STAGES.into_iter().find(|s| s.label() == self.stage),
            late_only: self.late_only,
            search: self.search.clone(),
        }
    }
}

fn row_view(origin: &Origin, r: &ProjectRow) -> ProjectRowView {
    let decimal = |d: Decimal| d.to_string();
    ProjectRowView {
        id: match origin {
            Origin::Store(id) => Some(*id),
            Origin::Shared(_) => None,
        },
        file: match origin {
            Origin::Store(_) => None,
            Origin::Shared(path) => Some(path.display().to_string()),
        },
        name: r.name.clone(),
        client: r.client.clone(),
        funder: r.funder.clone(),
        campaign: r.campaign.clone(),
        stage: r.stage.label().into(),
        requested_fr: format_eur(r.requested),
        awarded_fr: format_eur(r.awarded),
        received_fr: format_eur(r.received),
        spent_fr: format_eur(r.spent),
        remaining_fr: format_eur(r.remaining),
        consumed_fr: format_percent_or_dash(r.consumed_percent),
        requested: decimal(r.requested),
        awarded: decimal(r.awarded),
        received: decimal(r.received),
        spent: decimal(r.spent),
        remaining: decimal(r.remaining),
        consumed: r.consumed_percent.map(decimal).unwrap_or_default(),
        targets_fr: format!("{} / {}", r.targets_reached, r.targets),
        next_deadline: r.next_deadline.as_ref().map(|n| {
            format!(
                "{} — {}",
                n.date.map(format_date).unwrap_or_else(|| "date à fixer".into()),
                n.label
            )
        }),
        next_deadline_iso: r.next_deadline.as_ref().and_then(|n| n.date).map(|d| d.to_string()),
        next_deadline_late: r.next_deadline.as_ref().is_some_and(|n| n.overdue),
        late: r.late.clone(),
        late_amount_fr: format_eur(r.late_amount),
        late_amount: decimal(r.late_amount),
        late_summary: r.is_late().then(|| {
            let payments = if r.late_amount.is_zero() {
                String::new()
            } else {
                format!(", dont {} de versements", format_eur(r.late_amount))
            };
            format!("{} échéance(s) en retard{payments}", r.late.len())
        }),
    }
}

fn totals_view(t: &PortfolioTotals) -> PortfolioTotalsView {
    PortfolioTotalsView {
        projects: t.projects as u32,
        requested_fr: format_eur(t.requested),
        awarded_fr: format_eur(t.awarded),
        received_fr: format_eur(t.received),
        spent_fr: format_eur(t.spent),
        remaining_fr: format_eur(t.remaining),
        consumed_fr: format_percent_or_dash(t.consumed_percent),
        targets_fr: format!("{} / {}", t.targets_reached, t.targets),
        late_projects: t.late_projects as u32,
        late_amount_fr: format_eur(t.late_amount),
    }
}

/// Every project at `day`: the store's, then the shared folder's of `filter` when it names one;
/// the store's with their enveloppes only when `detail` asks for them.
pub fn gather(s: &Store, day: NaiveDate, filter: &PortfolioFilter, detail: RowDetail) -> Result<Gathered, AppError> {
    Ok(with_shared(s.projects_on(day, detail)?, s.baremes(), day, filter))
}

/// [`gather`] for the app: the shared folder (often on the network) is read after the store is
/// let go, so that no other command waits for it.
fn gathered(ctx: &Ctx, day: NaiveDate, filter: &PortfolioFilter, detail: RowDetail) -> Result<Gathered, AppError> {
    let (own, baremes) = ctx.with_store(|s| Ok((s.projects_on(day, detail)?, s.baremes().clone())))?;
    Ok(with_shared(own, &baremes, day, filter))
}

/// The store's projects `own`, then those of the shared folder of `filter` when it names one.
fn with_shared(
    own: Vec<(i64, ProjectRow)>,
    baremes: &grappe_store::Baremes,
    day: NaiveDate,
    filter: &PortfolioFilter,
) -> Gathered {
    let mut out = Gathered {
        projects: own.into_iter().map(|(id, row)| (Origin::Store(id), row)).collect(),
        unread: Vec::new(),
    };
    let folder = filter.shared_folder.trim();
    if !folder.is_empty() {
        let read = shared::read(Path::new(folder), baremes, day);
        out.projects
            .extend(read.projects.into_iter().map(|(path, row)| (Origin::Shared(path), row)));
        out.unread = read.unread;
    }
    out
}

fn choices<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut v: Vec<String> = values.filter(|v| !v.is_empty()).map(String::from).collect();
    v.sort();
    v.dedup();
    v
}

/// The projects `filter` keeps.
pub fn shown<'a>(all: &'a Gathered, filter: &PortfolioFilter) -> Vec<&'a (Origin, ProjectRow)> {
    let keep = filter.core();
    all.projects.iter().filter(|(_, r)| keep.keeps(r)).collect()
}

/// The portfolio of `all` at `day` as shown through `filter`.
pub fn view_of(all: &Gathered, day: NaiveDate, filter: &PortfolioFilter) -> PortfolioView {
    let shown = shown(all, filter);
    let projects = &all.projects;
    PortfolioView {
        as_of: format_date(day),
        as_of_iso: day.to_string(),
        rows: shown.iter().map(|(origin, r)| row_view(origin, r)).collect(),
        totals: totals_view(&totals(shown.iter().map(|(_, r)| r))),
        consumption_max: grappe_core::money::percent_axis_end(shown.iter().filter_map(|(_, r)| r.consumed_percent))
            .to_string(),
        all: projects.len() as u32,
        shared: projects.iter().filter(|(o, _)| matches!(o, Origin::Shared(_))).count() as u32,
        unread: all.unread.clone(),
        clients: choices(projects.iter().map(|(_, r)| r.client.as_str())),
        funders: choices(projects.iter().map(|(_, r)| r.funder.as_str())),
        campaigns: choices(projects.iter().map(|(_, r)| r.campaign.as_str())),
        stages: STAGES.iter().map(|s| s.label().to_string()).collect(),
    }
}

/// The portfolio at `date` (today when none), filtered.
pub fn portfolio(ctx: &Ctx, date: Option<NaiveDate>, filter: PortfolioFilter) -> Result<PortfolioView, AppError> {
    let day = date.unwrap_or_else(|| ctx.host.today());
    let all = gathered(ctx, day, &filter, RowDetail::Figures)?;
    Ok(view_of(&all, day, &filter))
}

/// The agenda of the projects `filter` keeps, as iCalendar text.
pub fn agenda_of(all: &Gathered, filter: &PortfolioFilter, day: NaiveDate) -> (String, usize) {
    let kept: Vec<(String, &ProjectRow)> = shown(all, filter).into_iter().map(|(o, r)| (o.token(), r)).collect();
    (grappe_dossier::agenda::ics(&kept, day), kept.len())
}

/// The état par projet of the projects `filter` keeps.
pub fn document_of(
    all: &Gathered,
    filter: &PortfolioFilter,
    day: NaiveDate,
    today: NaiveDate,
) -> Result<grappe_dossier::portfolio::PortfolioDocument, String> {
    let kept: Vec<&ProjectRow> = shown(all, filter).into_iter().map(|(_, r)| r).collect();
    grappe_dossier::portfolio::generate(&kept, &filter.described(), day, today)
}

/// The agenda written.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AgendaWritten {
    pub path: String,
    pub events: u32,
    pub projects: u32,
}

/// The deadlines of the projects `filter` keeps at `date` (today when none), as an iCalendar
/// file at `path`; refused with `file_exists` when it exists and `existing` is keep.
pub fn export_agenda(
    ctx: &Ctx,
    date: Option<NaiveDate>,
    filter: PortfolioFilter,
    path: std::path::PathBuf,
    existing: grappe_dossier::Existing,
) -> Result<AgendaWritten, AppError> {
    let day = date.unwrap_or_else(|| ctx.host.today());
    let all = gathered(ctx, day, &filter, RowDetail::Figures)?;
    let (text, projects) = agenda_of(&all, &filter, day);
    grappe_dossier::write_atomic(&path, text.as_bytes(), existing).map_err(write_error)?;
    Ok(AgendaWritten {
        path: path.display().to_string(),
        events: text.matches("BEGIN:VEVENT").count() as u32,
        projects: projects as u32,
    })
}

/// The état de consommation des enveloppes par projet of what `filter` keeps at `date` (today
/// when none): the PDF at `path` and its workbook beside it (same name, `.xlsx`), written together;
/// refused with `file_exists` when one exists and `existing` is keep.
pub fn portfolio_document(
    ctx: &Ctx,
    date: Option<NaiveDate>,
    filter: PortfolioFilter,
    path: std::path::PathBuf,
    existing: grappe_dossier::Existing,
) -> Result<crate::generation::Generated, AppError> {
    let day = date.unwrap_or_else(|| ctx.host.today());
    let all = gathered(ctx, day, &filter, RowDetail::WithEnveloppes)?;
    let doc =
        document_of(&all, &filter, day, ctx.host.today()).map_err(|e| AppError::new(crate::ErrorCode::Internal, e))?;
    let xlsx = path.with_extension("xlsx");
    grappe_dossier::write_set(&[(path.clone(), doc.pdf), (xlsx.clone(), doc.workbook)], existing)
        .map_err(write_error)?;
    Ok(crate::generation::Generated {
        path: path.display().to_string(),
        pages: doc.pages,
        draft: false,
        fingerprint: doc.fingerprint,
        total_fr: format_eur(totals(shown(&all, &filter).into_iter().map(|(_, r)| r)).awarded),
        annexes: vec![xlsx.display().to_string()],
    })
}
