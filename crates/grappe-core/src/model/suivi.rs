//! What the user records after filing (D-AWARD … D-CRF): the filing, the award line by line,
//! payments received, expenses, measurable targets and their measurements, the explanations
//! of the compte rendu. Values as typed and kept; the checks of [`crate::suivi::follow`] report every
//! problem as a finding with the path of its field (`suivi.expenses[3].enveloppe`).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Dossier;
use crate::bareme::Due;
use crate::money::{decimal_str, iso_date, Amount};

/// The follow-up of one dossier.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suivi {
    /// The dossier was filed (déposé): its requested lines are frozen.
    #[serde(default)]
    pub filing: Option<Filing>,
    #[serde(default)]
    pub award: Option<Award>,
    #[serde(default)]
    pub payments: Vec<ReceivedPayment>,
    #[serde(default)]
    pub expenses: Vec<Expense>,
    /// The measurable form of the dossier's usage targets (D-INDICATORS).
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub measurements: Vec<Measurement>,
    /// The gap, in percent of the awarded amount, above which the compte rendu requires an
    /// explanation (D-CRF), when the dossier sets its own; else the barème's
    /// ([`Suivi::gap_threshold`]).
    #[serde(
        default,
        rename = "gap_threshold",
        skip_serializing_if = "Option::is_none",
        with = "decimal_str::option"
    )]
    pub own_gap_threshold: Option<Decimal>,
    /// The user's explanation of an enveloppe's gap.
    #[serde(default)]
    pub explanations: Vec<Explanation>,
    /// The qualitative review of the compte rendu financier, typed by the user.
    #[serde(default)]
    pub review: String,
    /// The end of the project; the usage targets deadline when not set.
    #[serde(default, with = "iso_date::option")]
    pub project_end: Option<NaiveDate>,
    /// The day the demande de versement du solde was sent (D-PAYMENTS): the conditional
    /// tranches are late only after it and the barème's delay. Since `grappe-dossier/5`.
    #[serde(default, with = "iso_date::option", skip_serializing_if = "Option::is_none")]
    pub solde_requested_on: Option<NaiveDate>,
    /// How the accounts' lines go to enveloppes (D-ACCOUNTING), kept for each re-import.
    /// Since `grappe-dossier/5`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accounting: Option<AccountingMapping>,
    /// What the compte rendu financier (CERFA n° 15059*02) needs beyond the follow-up: the
    /// enveloppes' natures, the other resources, the indirect charges and their rule. Since
    /// `grappe-dossier/6`.
    #[serde(default, skip_serializing_if = "CompteRenduInputs::is_empty")]
    pub compte_rendu: CompteRenduInputs,
}

impl Suivi {
    /// The gap above which the compte rendu requires an explanation: the dossier's own, else the
    /// barème's (D-CRF).
    pub fn gap_threshold(&self, bareme: &crate::bareme::Bareme) -> Decimal {
        self.own_gap_threshold
            .unwrap_or_else(|| bareme.suivi_rules().gap_threshold)
    }
}

/// The dossier as filed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filing {
    #[serde(with = "iso_date")]
    pub filed_on: NaiveDate,
    /// Fingerprint of the filed version (the PDF's document ID).
    pub fingerprint: String,
    /// The barème the filed version was evaluated with.
    pub bareme_version: String,
    /// The candidature as filed, frozen: its requested lines are what the award answers.
    pub dossier: Box<Dossier>,
}

/// The decision and the convention, and what they grant line by line (D-AWARD).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Award {
    #[serde(default)]
    pub decision_reference: String,
    #[serde(default, with = "iso_date::option")]
    pub decision_date: Option<NaiveDate>,
    #[serde(default)]
    pub convention_reference: String,
    /// The start tranches fall due when the convention is signed.
    #[serde(default, with = "iso_date::option")]
    pub convention_date: Option<NaiveDate>,
    pub lines: Vec<AwardLine>,
}

/// Which requested line: its rule, label, the OG it is paid to and, for a line of one ESSMS,
/// that ESSMS.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct LineKey {
    pub rule: String,
    pub label: String,
    /// FINESS EJ of the OG.
    pub og: String,
    #[serde(default)]
    pub essms: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwardLine {
    pub line: LineKey,
    pub granted: Amount,
}

/// A payment received by an OG (D-PAYMENTS). Without a tranche, it settles the OG's tranches
/// in the order they fall due; with one, that tranche first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceivedPayment {
    #[serde(with = "iso_date")]
    pub date: NaiveDate,
    pub amount: Amount,
    #[serde(default)]
    pub reference: String,
    /// FINESS EJ of the OG that received it.
    pub og: String,
    #[serde(default)]
    pub tranche: Option<Due>,
    /// The user said that the amount over what was due at its date is understood (an advance):
    /// the warning is no longer shown. Since `grappe-dossier/5`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub excess_understood: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// An expense against an enveloppe (D-EXPENSES).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expense {
    #[serde(with = "iso_date")]
    pub date: NaiveDate,
    #[serde(default)]
    pub supplier: String,
    /// The invoice's reference.
    #[serde(default)]
    pub reference: String,
    pub amount: Amount,
    pub enveloppe: EnveloppeKey,
    /// FINESS ET of the ESSMS it concerns, if one.
    #[serde(default)]
    pub essms: Option<String>,
    /// SHA-256 of the attached piece (the invoice), kept in the store.
    #[serde(default)]
    pub piece: Option<String>,
    /// A credit note (avoir): its amount reduces what was spent. Since `grappe-dossier/5`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub credit_note: bool,
    /// The accounting line it was taken from (`EntryRef::key`), so that a re-import never takes
    /// it twice. Since `grappe-dossier/5`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// The account of that line (« 6156 », « 2051 »): the compte rendu's charges are by its
    /// nature (D-CRF). Since `grappe-dossier/6`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

impl Expense {
    /// What it adds to the spending: its amount, negative for a credit note.
    pub fn signed(&self) -> Decimal {
        if self.credit_note {
            -self.amount.value()
        } else {
            self.amount.value()
        }
    }
}

/// Which amount of an accounting line is taken (D-ACCOUNTING): TTC (the funding covers TTC
/// amounts) unless the user chooses HT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum AmountBasis {
    #[default]
    Ttc,
    Ht,
}

/// The dossier's mapping of its accounts to enveloppes (D-ACCOUNTING), made once and reused.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct AccountingMapping {
    #[serde(default)]
    pub rules: Vec<AccountRule>,
    #[serde(default)]
    pub basis: AmountBasis,
    /// For a table whose columns Grappe does not recognise: which of its headers holds each
    /// field, as the user matched them.
    #[serde(default)]
    pub columns: Vec<ColumnMatch>,
}

/// Lines of the accounts whose account starts with `account` (and, when given, of that journal,
/// that third party, with those words in their label) go to `enveloppe`. The most specific rule
/// that matches a line wins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct AccountRule {
    /// An account number or its prefix (« 2051 », « 6156 »).
    pub account: String,
    #[serde(default)]
    pub journal: String,
    /// A third party's code or name (`CompAuxNum` / `CompAuxLib`), or part of it.
    #[serde(default)]
    pub third_party: String,
    /// Words that the line's label must all contain (accents and case ignored).
    #[serde(default)]
    pub label_words: String,
    pub enveloppe: EnveloppeKey,
    /// FINESS ET of the ESSMS the lines concern, when the accounts say so.
    #[serde(default)]
    pub essms: Option<String>,
}

/// A field of an expense (`date`, `amount`, …) and the header of the column that holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct ColumnMatch {
    pub field: String,
    pub header: String,
}

/// An enveloppe (D-ENVELOPE): what the award grants for one purpose (a barème line) to one OG.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct EnveloppeKey {
    /// FINESS EJ of the OG.
    pub og: String,
    pub rule: String,
    pub label: String,
}

/// The measurable form of a usage target (D-INDICATORS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// The usage target's indicator, as in the dossier's `usage_targets`.
    pub indicator: String,
    #[serde(with = "decimal_str")]
    pub target: Decimal,
    pub unit: Unit,
    pub scope: Scope,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A percentage, 0 to 100.
    Percent,
    /// A count (documents, users…).
    Count,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The grappe as a whole: one value for all.
    Grappe,
    /// Each ESSMS: every ESSMS must reach the target.
    Essms,
}

/// A dated value of an indicator, at its scope, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    pub indicator: String,
    /// FINESS ET of the ESSMS (per-ESSMS indicators); none for the grappe.
    #[serde(default)]
    pub essms: Option<String>,
    #[serde(with = "iso_date")]
    pub date: NaiveDate,
    #[serde(with = "decimal_str")]
    pub value: Decimal,
    #[serde(default)]
    pub source: String,
}

/// Why an enveloppe's spending differs from its award (D-CRF, D-ETAT-CONSO).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explanation {
    pub enveloppe: EnveloppeKey,
    pub text: String,
}

/// The nature of a charge in the compte rendu financier (CERFA n° 15059*02): a class of the
/// chart of accounts, 60 to 68.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub enum Nature {
    #[serde(rename = "60")]
    Achats,
    #[serde(rename = "61")]
    ServicesExterieurs,
    #[serde(rename = "62")]
    AutresServicesExterieurs,
    #[serde(rename = "63")]
    ImpotsEtTaxes,
    #[serde(rename = "64")]
    ChargesDePersonnel,
    #[serde(rename = "65")]
    AutresChargesDeGestion,
    #[serde(rename = "66")]
    ChargesFinancieres,
    #[serde(rename = "67")]
    ChargesExceptionnelles,
    #[serde(rename = "68")]
    Dotations,
}

/// The nature the user gives to the charges of an enveloppe that did not come from the accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct EnveloppeNature {
    pub enveloppe: EnveloppeKey,
    pub nature: Nature,
}

/// What kind of resource the user enters beside this subsidy (D-CRF).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    /// 70 – ventes de produits finis, prestations de services.
    Ventes,
    /// 74 – another funder's subsidy (named in the label).
    Subvention,
    /// The organisation's own funds.
    FondsPropres,
    /// 75 – autres produits de gestion courante (cotisations, dons).
    AutresProduits,
    /// 76 – produits financiers.
    ProduitsFinanciers,
    /// 78 – reprises sur amortissements et provisions.
    Reprises,
    /// 87 – contributions volontaires en nature (bénévolat, prestations, dons en nature), whose
    /// use (86) is a charge of the same amount.
    ContributionsVolontaires,
}

/// A resource of the action other than this subsidy, as the user enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub kind: ResourceKind,
    /// Who or what (« Conseil départemental du Nord », « Bénévolat »).
    #[serde(default)]
    pub label: String,
    pub prevu: Amount,
    pub realise: Amount,
}

/// The compte rendu financier's inputs (D-CRF, CERFA n° 15059*02).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompteRenduInputs {
    /// An enveloppe's nature when the user changed it from the default of its label.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub natures: Vec<EnveloppeNature>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<Resource>,
    /// Charges indirectes réparties affectées à l'action, prévues and réalisées.
    #[serde(default, skip_serializing_if = "no_amount")]
    pub indirect_prevu: Amount,
    #[serde(default, skip_serializing_if = "no_amount")]
    pub indirect_realise: Amount,
    /// The rule used to share the indirect charges.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub indirect_rule: String,
    /// What the contributions volontaires en nature were.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub contributions_note: String,
}

impl CompteRenduInputs {
    pub fn is_empty(&self) -> bool {
        *self == CompteRenduInputs::default()
    }
}

fn no_amount(amount: &Amount) -> bool {
    amount.is_zero()
}
