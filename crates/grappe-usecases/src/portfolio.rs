//! Le portefeuille (D-PORTFOLIO) as the screen and the CLI show it: every dossier of the store
//! at a date, one row each from its own follow-up, filtered, with the totals of what is shown
//! and the choices of each filter. Amounts formatted in Rust, and as decimal strings to sort.

use chrono::NaiveDate;
use grappe_core::format_date;
use grappe_core::money::{format_eur, format_percent_or_dash};
use grappe_core::portfolio::{totals, Filter, PortfolioTotals, ProjectRow};
use grappe_core::suivi::Stage;
use grappe_store::Store;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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
}

/// One project, as shown.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ProjectRowView {
    #[ts(type = "number")]
    pub id: i64,
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
    /// How many projects the store holds (the rows are those the filter keeps).
    pub all: u32,
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

fn row_view(id: i64, r: &ProjectRow) -> ProjectRowView {
    let decimal = |d: Decimal| d.to_string();
    ProjectRowView {
        id,
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

/// Every project of the store at `day`, with its store identifier.
pub fn projects(s: &Store, day: NaiveDate) -> Result<Vec<(i64, ProjectRow)>, AppError> {
    Ok(s.projects_on(day)?)
}

fn choices<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut v: Vec<String> = values.filter(|v| !v.is_empty()).map(String::from).collect();
    v.sort();
    v.dedup();
    v
}

/// The projects `filter` keeps.
pub fn shown<'a>(projects: &'a [(i64, ProjectRow)], filter: &PortfolioFilter) -> Vec<&'a (i64, ProjectRow)> {
    let keep = filter.core();
    projects.iter().filter(|(_, r)| keep.keeps(r)).collect()
}

/// The portfolio of `projects` at `day` as shown through `filter`.
pub fn view_of(projects: &[(i64, ProjectRow)], day: NaiveDate, filter: &PortfolioFilter) -> PortfolioView {
    let shown = shown(projects, filter);
    PortfolioView {
        as_of: format_date(day),
        as_of_iso: day.to_string(),
        rows: shown.iter().map(|(id, r)| row_view(*id, r)).collect(),
        totals: totals_view(&totals(shown.iter().map(|(_, r)| r))),
        consumption_max: grappe_core::money::percent_axis_end(shown.iter().filter_map(|(_, r)| r.consumed_percent))
            .to_string(),
        all: projects.len() as u32,
        clients: choices(projects.iter().map(|(_, r)| r.client.as_str())),
        funders: choices(projects.iter().map(|(_, r)| r.funder.as_str())),
        campaigns: choices(projects.iter().map(|(_, r)| r.campaign.as_str())),
        stages: STAGES.iter().map(|s| s.label().to_string()).collect(),
    }
}

/// The portfolio of the store at `date` (today when none), filtered.
pub fn portfolio(ctx: &Ctx, date: Option<NaiveDate>, filter: PortfolioFilter) -> Result<PortfolioView, AppError> {
    let day = date.unwrap_or_else(|| ctx.host.today());
    let projects = ctx.with_store(|s| projects(s, day))?;
    Ok(view_of(&projects, day, &filter))
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
    let all = ctx.with_store(|s| projects(s, day))?;
    let kept: Vec<(i64, ProjectRow)> = shown(&all, &filter).into_iter().cloned().collect();
    let text = grappe_dossier::agenda::ics(&kept, day);
    grappe_dossier::write_atomic(&path, text.as_bytes(), existing).map_err(write_error)?;
    Ok(AgendaWritten {
        path: path.display().to_string(),
        events: text.matches("BEGIN:VEVENT").count() as u32,
        projects: kept.len() as u32,
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
    let all = ctx.with_store(|s| projects(s, day))?;
    let kept: Vec<&ProjectRow> = shown(&all, &filter).into_iter().map(|(_, r)| r).collect();
    let doc = grappe_dossier::portfolio::generate(&kept, &filter.described(), day, ctx.host.today())
        .map_err(|e| AppError::new(crate::ErrorCode::Internal, e))?;
    let xlsx = path.with_extension("xlsx");
    grappe_dossier::write_set(&[(path.clone(), doc.pdf), (xlsx.clone(), doc.workbook)], existing)
        .map_err(write_error)?;
    Ok(crate::generation::Generated {
        path: path.display().to_string(),
        pages: doc.pages,
        draft: false,
        fingerprint: doc.fingerprint,
        total_fr: format_eur(totals(kept.iter().copied()).awarded),
        annexes: vec![xlsx.display().to_string()],
    })
}
