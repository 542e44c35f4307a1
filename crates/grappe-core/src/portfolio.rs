//! Le portefeuille (D-PORTFOLIO): the état de consommation des enveloppes **par projet** at a
//! date — one row per dossier, each figure the one of that dossier's own follow-up
//! ([`crate::suivi::follow`]), so that the portfolio and every Suivi agree to the cent — with the
//! totals of what is shown, and the filters a consultant or a GRADeS uses.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::bareme::Bareme;
use crate::model::Dossier;
use crate::suivi::expenses::percent;
use crate::suivi::{follow, Deadline, EnveloppeStatus, Stage, TrancheState};

/// One project of the portfolio at a date.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProjectRow {
    pub name: String,
    /// The porteur OG, the consultant's client.
    pub client: String,
    /// The ARS of a regional candidature, else the national call.
    pub funder: String,
    pub campaign: String,
    pub stage: Stage,
    /// What the candidature requested (as filed, once filed).
    pub requested: Decimal,
    pub awarded: Decimal,
    pub received: Decimal,
    pub spent: Decimal,
    /// Awarded minus spent.
    pub remaining: Decimal,
    pub consumed_percent: Option<Decimal>,
    /// Usage targets reached, out of all.
    pub targets_reached: usize,
    pub targets: usize,
    /// What is due next: the first late, else the first to come.
    pub next_deadline: Option<Deadline>,
    /// What is late: its deadlines' labels, and the payments late in euros.
    pub late: Vec<String>,
    pub late_amount: Decimal,
    /// Every deadline of the project, for the agenda.
    pub deadlines: Vec<Deadline>,
    /// Its enveloppes at the date, for the état par projet's detail.
    pub enveloppes: Vec<EnveloppeStatus>,
}

/// The days on which a project's row stays the same: every day from `from` (included) to
/// `until` (excluded); an open end when none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Span {
    pub fn holds(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day < u)
    }
}

impl ProjectRow {
    /// The project of `dossier` at `as_of`, from its follow-up with `bareme`.
    pub fn of(dossier: &Dossier, bareme: &Bareme, as_of: NaiveDate) -> ProjectRow {
        Self::of_follow_up(dossier, follow(dossier, bareme, as_of), as_of)
    }

    /// [`ProjectRow::of`], with the days around `as_of` on which the row is the same. The
    /// follow-up compares its date only with dates: those written in the dossier (payments,
    /// expenses, measurements, filing, award, calendar) and those it works out (deadlines,
    /// tranches due, the solde expected). Each such date `d` can change an answer on `d` or on
    /// the day after, and on no other day; between two of them, the row holds.
    pub fn with_span(dossier: &Dossier, bareme: &Bareme, as_of: NaiveDate) -> (ProjectRow, Span) {
        let up = follow(dossier, bareme, as_of);
        let mut points = dates_written(dossier);
        points.extend(up.deadlines.iter().filter_map(|d| d.date));
        points.extend(up.tranches.iter().filter_map(|t| t.due));
        let rules = bareme.suivi_rules();
        points.extend(
            dossier
                .suivi
                .as_ref()
                .and_then(|s| s.solde_requested_on)
                .and_then(|d| rules.solde_expected(d)),
        );
        let mut span = Span {
            from: None,
            until: None,
        };
        for d in points {
            for change in [Some(d), d.succ_opt()].into_iter().flatten() {
                if change <= as_of {
                    span.from = span.from.max(Some(change));
                } else if span.until.is_none_or(|u| change < u) {
                    span.until = Some(change);
                }
            }
        }
        (Self::of_follow_up(dossier, up, as_of), span)
    }

    fn of_follow_up(dossier: &Dossier, up: crate::suivi::FollowUp, as_of: NaiveDate) -> ProjectRow {
        let client = dossier
            .og(&dossier.porteur)
            .map_or_else(|| dossier.porteur.clone(), |o| o.name.clone());
        let late: Vec<String> = up
            .deadlines
            .iter()
            .filter(|d| d.overdue)
            .map(|d| d.label.clone())
            .collect();
        let late_amount = up
            .tranches
            .iter()
            .filter(|t| t.state == TrancheState::Late)
            .map(|t| t.outstanding.value())
            .sum();
        ProjectRow {
            name: dossier.name.clone(),
            client,
            funder: up.funder.clone(),
            campaign: dossier.campaign.clone(),
            stage: up.stage,
            requested: up.requested.iter().map(|l| l.amount.value()).sum(),
            awarded: up.total.awarded.value(),
            received: up.total.received.value(),
            spent: up.total.spent.value(),
            remaining: up.total.remaining,
            consumed_percent: up.total.consumed_percent,
            targets_reached: up.targets.iter().filter(|t| t.reached).count(),
            targets: up.targets.len(),
            next_deadline: crate::suivi::report::next_deadline(&up.deadlines, as_of),
            late,
            late_amount,
            deadlines: up.deadlines,
            enveloppes: up.enveloppes,
        }
    }

    pub fn is_late(&self) -> bool {
        !self.late.is_empty()
    }
}

/// Every date written in the dossier, wherever it is: each ISO date (`"AAAA-MM-JJ`, alone or
/// starting a date and time) of its JSON form, so that a date a later field adds is not missed.
fn dates_written(dossier: &Dossier) -> Vec<NaiveDate> {
    let text = serde_json::to_vec(dossier).unwrap_or_default();
    let digit = |b: u8| b.is_ascii_digit();
    text.windows(11)
        .filter(|w| {
            w[0] == b'"'
                && w[1..5].iter().all(|&b| digit(b))
                && w[5] == b'-'
                && digit(w[6])
                && digit(w[7])
                && w[8] == b'-'
                && digit(w[9])
                && digit(w[10])
        })
        .filter_map(|w| NaiveDate::parse_from_str(std::str::from_utf8(&w[1..]).ok()?, "%Y-%m-%d").ok())
        .collect()
}

/// The sums of the rows shown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PortfolioTotals {
    pub projects: usize,
    pub requested: Decimal,
    pub awarded: Decimal,
    pub received: Decimal,
    pub spent: Decimal,
    pub remaining: Decimal,
    pub consumed_percent: Option<Decimal>,
    pub targets_reached: usize,
    pub targets: usize,
    pub late_projects: usize,
    pub late_amount: Decimal,
}

pub fn totals<'a>(rows: impl IntoIterator<Item = &'a ProjectRow>) -> PortfolioTotals {
    let mut t = PortfolioTotals::default();
    for r in rows {
        t.projects += 1;
        t.requested += r.requested;
        t.awarded += r.awarded;
        t.received += r.received;
        t.spent += r.spent;
        t.remaining += r.remaining;
        t.targets_reached += r.targets_reached;
        t.targets += r.targets;
        t.late_projects += usize::from(r.is_late());
        t.late_amount += r.late_amount;
    }
    t.consumed_percent = percent(t.spent, t.awarded);
    t
}

/// What the user keeps in view: each criterion empty or false keeps every row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    pub client: String,
    /// The funder (an ARS, the national call).
    pub funder: String,
    pub campaign: String,
    pub stage: Option<Stage>,
    pub late_only: bool,
    /// Words that the project's name or client must all contain (accents and case ignored).
    pub search: String,
}

impl Filter {
    pub fn keeps(&self, r: &ProjectRow) -> bool {
        let words = crate::suivi::naming::words(&self.search);
        let haystack = crate::suivi::naming::words(&format!("{} {}", r.name, r.client));
        (self.client.is_empty() || r.client == self.client)
            && (self.funder.is_empty() || r.funder == self.funder)
            && (self.campaign.is_empty() || r.campaign == self.campaign)
            && self.stage.is_none_or(|s| s == r.stage)
            && (!self.late_only || r.is_late())
            && words.iter().all(|w| haystack.iter().any(|h| h.contains(w.as_str())))
    }
}
