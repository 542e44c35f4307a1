//! What the Suivi screens show: every amount and date formatted in Rust, chart points as
//! decimal strings.

use grappe_core::suivi::{EnveloppeKey, EnveloppeNature, LineKey, Nature, ResourceKind, Scope, Unit};
use serde::{Deserialize, Serialize};

use crate::view::FindingView;

/// The follow-up of a dossier at a date, for the Suivi screens.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SuiviView {
    /// The dossier's version this view shows, and what its last change was (« Versement de
    /// 80 000,00 € reçu »), to name and undo it.
    #[ts(type = "number")]
    pub version: i64,
    pub last_change: Option<String>,
    /// « brouillon », « déposé », « attribué », « soldé ».
    pub stage: String,
    /// `dd/mm/yyyy`, and ISO for the date field.
    pub as_of: String,
    pub as_of_iso: String,
    pub filed_on: Option<String>,
    /// The filing date the candidature gives (ISO), to prefill the filing form.
    pub planned_filing: String,
    pub award: Option<AwardView>,
    /// The lines the award answers, each granted as requested: the award form starts from them.
    pub requested: Vec<AwardLineView>,
    pub enveloppes: Vec<EnveloppeView>,
    /// The consumption chart's scale: 100 (%), or the highest consumption when one is over.
    pub consumption_max: String,
    pub total: TotalView,
    pub tranches: Vec<TrancheView>,
    pub payments: Vec<PaymentRow>,
    /// How many expenses and measurements there are (their rows come by page: a follow-up can
    /// hold thousands).
    pub expense_count: u32,
    pub measurement_count: u32,
    pub targets: Vec<TargetView>,
    pub solde: SoldeView,
    /// The compte rendu's lines (prévu, réalisé, écart), with their explanations.
    pub gaps: Vec<GapView>,
    /// The qualitative review of the compte rendu, as typed.
    pub review: String,
    /// The gap threshold, in percent (`10`).
    pub gap_threshold: String,
    /// The compte rendu's table of charges and produits (CERFA n° 15059*02) and its inputs.
    pub cerfa: CerfaView,
    pub deadlines: Vec<DeadlineView>,
    pub findings: Vec<FindingView>,
    /// The OGs with an enveloppe (FINESS EJ, name), for the payment form.
    pub ogs: Vec<(String, String)>,
    /// The ESSMS of the dossier (FINESS ET, name), for the measurement form.
    pub essms: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AwardView {
    pub decision_reference: String,
    pub decision_date: Option<String>,
    pub convention_reference: String,
    pub convention_date: Option<String>,
    pub lines: Vec<AwardLineView>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AwardLineView {
    pub line: LineKey,
    pub og_name: String,
    pub requested_fr: String,
    /// Decimal string, for the field, and French display.
    pub granted: String,
    pub granted_fr: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct EnveloppeView {
    pub key: EnveloppeKey,
    pub og_name: String,
    /// The label's first part (« Éditeur », « Maîtrise d'ouvrage »), with its second part when
    /// another enveloppe of the OG starts the same: for charts.
    pub short: String,
    /// Spent ÷ awarded in percent to one decimal, as computed by the core (a decimal string
    /// `84.6`, for the chart); null when nothing was awarded.
    pub consumed_percent: Option<String>,
    pub awarded_fr: String,
    pub received_fr: String,
    pub spent_fr: String,
    pub remaining_fr: String,
    /// `84,6 %`, or `—` when nothing was awarded.
    pub consumed_fr: String,
    pub over_consumed: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TotalView {
    pub awarded_fr: String,
    pub received_fr: String,
    pub spent_fr: String,
    pub remaining_fr: String,
    pub consumed_fr: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TrancheView {
    pub og_name: String,
    pub label: String,
    pub due: String,
    pub expected_fr: String,
    pub received_fr: String,
    pub outstanding_fr: String,
    /// Where it stands (« sous condition » until the usage targets are reached), in French.
    pub state: grappe_core::suivi::TrancheState,
    pub state_fr: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PaymentRow {
    /// Its place in the follow-up, to correct or delete it.
    #[ts(type = "number")]
    pub index: usize,
    pub date: String,
    pub date_iso: String,
    /// As a decimal string (`80000.00`), and French style.
    pub amount: String,
    pub amount_fr: String,
    pub reference: String,
    /// FINESS EJ and name of the OG that received it.
    pub og: String,
    pub og_name: String,
    /// How it was settled, in French: « 40 000,00 € sur 1re tranche, 40 000,00 € sur 2e
    /// tranche » (empty when it is dated after the situation).
    pub split: String,
    /// It brought more than what was still due.
    pub excess: bool,
    /// What it brought beyond what its OG had due at its date (« 1 250,00 € »), empty when
    /// nothing; `understood` once the user said so.
    pub ahead_fr: String,
    pub understood: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ExpenseRow {
    /// Its place in the follow-up, to delete it or attach its piece.
    #[ts(type = "number")]
    pub index: usize,
    pub date: String,
    pub date_iso: String,
    pub supplier: String,
    pub reference: String,
    /// As a decimal string (`18000.00`), and French style.
    pub amount: String,
    pub amount_fr: String,
    /// An avoir: its amount reduces what was spent (shown negative).
    pub credit_note: bool,
    pub enveloppe: EnveloppeKey,
    pub og_name: String,
    pub essms: Option<String>,
    /// SHA-256 of the attached piece, when there is one, and the piece's file name.
    pub piece: Option<String>,
    pub piece_name: Option<String>,
}

/// A measurement as recorded, to check, correct or delete it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MeasurementRow {
    #[ts(type = "number")]
    pub index: usize,
    pub date: String,
    pub date_iso: String,
    /// The ESSMS measured (its name), or empty for the grappe, and its FINESS ET.
    pub essms: String,
    pub essms_et: Option<String>,
    /// As a decimal string (`38.5`), and French style with its unit.
    pub value: String,
    pub value_fr: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TargetView {
    pub indicator: String,
    /// The target as the call wrote it.
    pub written: String,
    /// The measurable form, when given: the value (decimal string), unit, scope.
    pub target: Option<String>,
    pub unit: Option<Unit>,
    pub scope: Option<Scope>,
    /// What the written target suggests, to prefill the form (« 80 % » → 80, percent).
    pub suggested_target: Option<String>,
    pub suggested_unit: Option<Unit>,
    /// The last measurements entered, the latest first.
    pub recent: Vec<MeasurementRow>,
    pub reached: bool,
    /// « 64 le 31/03/2025 », « 18 ESSMS sur 20 » …
    pub status: String,
    /// For charts: the measurements at the grappe's scope (ISO date, decimal string) of the
    /// last [`CHART_DATES`] dates, one per date (the last entered on a tie), in date order; or
    /// each ESSMS's latest.
    pub points: Vec<(String, String)>,
}

/// A page of the expenses matching the Dépenses tab's filters, the latest entered first.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ExpensePage {
    pub rows: Vec<ExpenseRow>,
    /// The expenses matching the filters, and their sum.
    pub count: u32,
    pub amount_fr: String,
    /// Every expense of the follow-up.
    pub all: u32,
    /// From 0, and how many pages there are (at least 1).
    pub page: u32,
    pub pages: u32,
}

/// Dates shown on a target's chart at the grappe's scope.
pub const CHART_DATES: usize = 24;

/// Measurements listed under each target (the latest entered).
pub const RECENT_MEASUREMENTS: usize = 10;

/// Expenses shown per page.
pub const EXPENSES_PER_PAGE: usize = 100;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SoldeView {
    pub ready: bool,
    pub amount_fr: String,
    pub missing: Vec<String>,
    /// When the demande de versement du solde was sent: JJ/MM/AAAA and ISO.
    pub requested_on: Option<String>,
    pub requested_on_iso: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct GapView {
    pub enveloppe: EnveloppeKey,
    pub og_name: String,
    pub prevu_fr: String,
    pub realise_fr: String,
    pub ecart_fr: String,
    pub ecart_percent_fr: String,
    pub over_threshold: bool,
    pub explanation: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DeadlineView {
    pub date: String,
    pub label: String,
    pub overdue: bool,
}

/// A follow-up document to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum SuiviDocument {
    EtatConsommation,
    CompteRendu,
    DemandeSolde,
}

impl From<SuiviDocument> for grappe_dossier::suivi::Kind {
    fn from(d: SuiviDocument) -> Self {
        match d {
            SuiviDocument::EtatConsommation => Self::EtatConsommation,
            SuiviDocument::CompteRendu => Self::CompteRendu,
            SuiviDocument::DemandeSolde => Self::DemandeSolde,
        }
    }
}

/// One row of the table, amounts in French.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CerfaRowView {
    pub code: String,
    pub label: String,
    pub prevu_fr: String,
    pub realise_fr: String,
    pub ecart_fr: String,
    pub ecart_percent_fr: String,
    /// A total row.
    pub total: bool,
}

/// An enveloppe's nature as the table uses it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct NatureView {
    pub enveloppe: EnveloppeKey,
    pub og_name: String,
    pub nature: Nature,
    /// The user chose it (else the default of the enveloppe's label).
    pub chosen: bool,
}

/// A resource as entered, amounts as decimal strings for the fields.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResourceInput {
    pub kind: ResourceKind,
    pub label: String,
    /// As typed (« 10 000,00 »); empty is zero.
    pub prevu: String,
    pub realise: String,
}

/// The compte rendu's table and its inputs.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CerfaView {
    pub model: String,
    pub charges: Vec<CerfaRowView>,
    pub products: Vec<CerfaRowView>,
    /// How the charges réalisées were classified (by account, by enveloppe).
    pub classified: String,
    pub natures: Vec<NatureView>,
    /// Every nature and every kind of resource with its French name, for the selects.
    pub nature_options: Vec<(Nature, String)>,
    pub resource_options: Vec<(ResourceKind, String)>,
    pub input: CompteRenduInput,
}

/// What the user enters for the compte rendu (sent whole by the form).
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompteRenduInput {
    /// The enveloppes whose nature the user chose.
    pub natures: Vec<EnveloppeNature>,
    pub resources: Vec<ResourceInput>,
    pub indirect_prevu: String,
    pub indirect_realise: String,
    pub indirect_rule: String,
    pub contributions_note: String,
}
