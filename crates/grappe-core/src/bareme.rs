//! The barème (D-BAREME-DATA): every amount, threshold, cap, payment split and AAP window of
//! one campaign, as data. Code holds the logic, never the figures.
//!
//! A barème is a versioned JSON file (`"format": "grappe-bareme/2"`, which added the follow-up's
//! figures `suivi`; a barème without them is still written as, and read from,
//! `grappe-bareme/1`, so its fingerprint and the files of earlier releases stay as they were). The default one,
//! implementing every `R-…` rule of domain.md, is embedded in the binary. Loading a file
//! validates it and reports every problem with its path.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::file_format::{parse_json, FileError, FormatName, Problem, Tag};
use crate::model::Situation;
use crate::money::{decimal_str, iso_date};

/// Format tag of barème files.
pub const BAREME_FORMAT: &str = "grappe-bareme/2";
/// The first format, without the follow-up's figures: what a barème without them is written as.
pub const BAREME_FORMAT_1: &str = "grappe-bareme/1";

/// The default barème, campaigns 2023–2025, as shipped.
pub const DEFAULT_BAREME_JSON: &str = include_str!("../bareme/esms-numerique-2023-2025.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BaremeTag;

impl FormatName for BaremeTag {
    const NAME: &'static str = BAREME_FORMAT;
    const READS: &'static [&'static str] = &[BAREME_FORMAT_1];
    const WHAT: &'static str = "barème Grappe";
}

#[derive(Debug, Clone, PartialEq, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Bareme {
    #[ts(type = "string")]
    pub format: Tag<BaremeTag>,
    /// Version of this barème (`2023-2025.2`), printed on every dossier computed with it.
    pub version: String,
    /// The campaign it describes (`2023-2025`).
    pub campaign: String,
    pub title: String,
    /// Where its figures come from.
    #[serde(default)]
    pub source: String,
    pub thresholds: Thresholds,
    pub schedules: Vec<Schedule>,
    pub lines: Vec<Line>,
    #[serde(default)]
    pub windows: Vec<Window>,
    /// The follow-up's figures (D-CRF, D-DEADLINES); a barème without them (format 1) uses
    /// those of the shipped barème.
    #[serde(default)]
    #[ts(optional)]
    pub suivi: Option<SuiviRules>,
}

/// The figures of the follow-up that a funder may set: the gap that needs an explanation in
/// the compte rendu financier, and when the compte rendu is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct SuiviRules {
    /// The default gap, in percent of the awarded amount, above which the compte rendu requires
    /// an explanation (D-CRF); a dossier may set its own.
    #[serde(with = "decimal_str")]
    #[ts(type = "string")]
    pub gap_threshold: Decimal,
    /// The compte rendu financier is due this many months after the end of the financial year
    /// (the calendar year) in which the project ended (D-DEADLINES).
    pub compte_rendu_months_after_year_end: u32,
    /// The usual delay, in days, between the demande de versement du solde and its payment:
    /// after it, a conditional tranche still unpaid is late (D-PAYMENTS). A barème without it
    /// takes the shipped barème's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub solde_payment_days: Option<u32>,
}

impl SuiviRules {
    /// The day the compte rendu of a project ended on `project_end` is due: the end of the
    /// calendar year plus the months of the barème (the last day of that month).
    /// The day a solde claimed on `requested_on` is expected at the latest.
    pub fn solde_expected(&self, requested_on: NaiveDate) -> Option<NaiveDate> {
        let days = self
            .solde_payment_days
            .or_else(|| Bareme::shipped().suivi.as_ref()?.solde_payment_days)?;
        requested_on.checked_add_days(chrono::Days::new(days.into()))
    }

    pub fn compte_rendu_due(&self, project_end: NaiveDate) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(project_end.year(), 12, 31)?
            .checked_add_months(chrono::Months::new(self.compte_rendu_months_after_year_end))
    }
}

/// Written field by field, in the order of the struct, with the format of the oldest version
/// that holds it: a barème without follow-up figures is a `grappe-bareme/1` file, byte for byte
/// what earlier releases wrote (and so its fingerprint).
impl Serialize for Bareme {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut m = s.serialize_struct("Bareme", 10)?;
        m.serialize_field(
            "format",
            if self.suivi.is_some() {
                BAREME_FORMAT
            } else {
                BAREME_FORMAT_1
            },
        )?;
        m.serialize_field("version", &self.version)?;
        m.serialize_field("campaign", &self.campaign)?;
        m.serialize_field("title", &self.title)?;
        m.serialize_field("source", &self.source)?;
        m.serialize_field("thresholds", &self.thresholds)?;
        m.serialize_field("schedules", &self.schedules)?;
        m.serialize_field("lines", &self.lines)?;
        m.serialize_field("windows", &self.windows)?;
        match &self.suivi {
            Some(rules) => m.serialize_field("suivi", rules)?,
            None => m.skip_field("suivi")?,
        }
        m.end()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Minimum number of ESSMS in a grappe for the transformation funding (R-GRAPPE).
    pub grappe_min_essms: TerritoryThreshold,
    /// An OG is small when it manages fewer ESSMS than this (R-SMALL-EQUIP, D-TERRITORY).
    pub small_og_below: TerritoryThreshold,
    /// From this many ESSMS, the grappe applies to the national AAP (R-ROUTE).
    pub national_from_essms: CountThreshold,
}

/// A count that differs between metropolitan France and Corse / overseas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct TerritoryThreshold {
    pub rule: String,
    pub metropole: u32,
    pub corse_outre_mer: u32,
}

impl TerritoryThreshold {
    pub fn for_territory(&self, corse_or_outre_mer: bool) -> u32 {
        if corse_or_outre_mer {
            self.corse_outre_mer
        } else {
            self.metropole
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct CountThreshold {
    pub rule: String,
    pub value: u32,
}

/// How a funded amount is paid over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub id: String,
    pub rule: String,
    pub tranches: Vec<TrancheRule>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct TrancheRule {
    pub label: String,
    /// Share of the line's amount, between 0 and 1 (`"0.50"`).
    #[serde(with = "decimal_str")]
    #[ts(type = "string")]
    pub share: Decimal,
    pub due: Due,
}

/// When a tranche falls due: on a date of the dossier's project calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Due {
    /// At the start of the project.
    ProjectStart,
    /// On proof that the usage targets are reached.
    UsageTargets,
}

/// The two levers and the small-OG aids (R-LEVERS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Lever {
    /// Software: first deployment of a DUI (paid for the éditeur).
    Logiciel,
    /// Equipment and infrastructure of small OGs.
    Equipement,
    /// Transformation support (maîtrise d'ouvrage), « financement à l'usage ».
    Moa,
    /// AMOA piloting of small OGs' projects.
    Pilotage,
    /// Support for the procurement through the CNSA purchasing centre.
    Marche,
}

impl Lever {
    /// Software and equipment lines are withheld from ESSMS already funded or under SONS
    /// (D-EXCLUSIONS: « MOA lines only »).
    pub fn is_software(self) -> bool {
        matches!(self, Lever::Logiciel | Lever::Equipement)
    }

    pub fn label(self) -> &'static str {
        match self {
            Lever::Logiciel => "Logiciel",
            Lever::Equipement => "Équipement",
            Lever::Moa => "Maîtrise d'ouvrage",
            Lever::Pilotage => "Pilotage (AMOA)",
            Lever::Marche => "Procédure de marché",
        }
    }
}

/// What a line's amount is multiplied by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Per eligible ESSMS, paid to the ESSMS's OG.
    PerEssms,
    /// Once per project, paid to the porteur.
    PerProject,
}

/// The AAP channel (R-ROUTE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Regional,
    National,
}

impl Channel {
    pub fn label(self) -> &'static str {
        match self {
            Channel::Regional => "AAP régional (ARS)",
            Channel::National => "AAP national (CNSA et DNS)",
        }
    }
}

/// A condition a line needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The chosen solution is référencé Ségur on the filing date (D-REFERENCE-DATE).
    Referencee,
    /// Per ESSMS: its OG is small; per project: at least one OG is (D-SMALL-LINES).
    SmallOg,
    /// The grappe uses the CNSA-mandated purchasing centre (R-MARCHE).
    CentraleAchat,
    /// The grappe reaches the minimum size of its territory (R-GRAPPE).
    GrappeSize,
}

/// A declared cost that caps a line (« up to »).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum CappedBy {
    /// Each ESSMS's declared equipment need (per ESSMS).
    EquipmentNeed,
    /// The declared AMOA cost (per project).
    AmoaCost,
    /// The declared cost of the procurement support (per project).
    MarcheCost,
}

/// One funding rule of the barème.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// The rule of domain.md this line implements (`R-REG-NEW`).
    pub rule: String,
    pub label: String,
    pub lever: Lever,
    pub basis: Basis,
    /// The channel it applies to; both when null.
    #[serde(default)]
    pub channel: Option<Channel>,
    /// The ESSMS situation it applies to; all when null.
    #[serde(default)]
    pub situation: Option<Situation>,
    #[serde(default)]
    pub requires: Vec<Condition>,
    /// Amount per unit (per ESSMS or per project); a maximum when `capped_by` is set.
    #[serde(with = "decimal_str")]
    #[ts(type = "string")]
    pub amount: Decimal,
    #[serde(default)]
    pub capped_by: Option<CappedBy>,
    /// Id of the payment schedule.
    pub payment: String,
}

/// A period in which an AAP accepts candidatures (R-CALENDAR).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub rule: String,
    pub channel: WindowChannel,
    /// First day. A window without one (allowed in files, where a source gives only the
    /// closing date) opens on 1 January of its closing year: a filing before is outside it.
    #[serde(default, with = "iso_date::option")]
    #[ts(type = "string | null")]
    pub from: Option<NaiveDate>,
    /// Last day, included.
    #[serde(with = "iso_date")]
    #[ts(type = "string")]
    pub to: NaiveDate,
    pub label: String,
}

impl Window {
    /// The first day of the window: its `from`, else 1 January of its closing year.
    pub fn opens(&self) -> NaiveDate {
        self.from
            .or_else(|| NaiveDate::from_ymd_opt(self.to.year(), 1, 1))
            .unwrap_or(self.to)
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.opens() <= date && date <= self.to
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum WindowChannel {
    Regional,
    National,
    /// Deadline of regional projects spanning several regions.
    Multiregional,
}

impl Bareme {
    /// The embedded default barème (campaigns 2023–2025).
    pub fn default_bareme() -> Bareme {
        Bareme::shipped().clone()
    }

    /// The shipped barème, read once.
    fn shipped() -> &'static Bareme {
        static SHIPPED: std::sync::OnceLock<Bareme> = std::sync::OnceLock::new();
        // The file is part of the binary; tests/bareme_file.rs reads it, follow-up figures included.
        SHIPPED.get_or_init(|| Bareme::from_json(DEFAULT_BAREME_JSON).expect("the embedded default barème is valid"))
    }

    /// Reads and validates a barème file; every problem is reported with its path.
    pub fn from_json(text: &str) -> Result<Bareme, FileError> {
        let bareme: Bareme = parse_json::<Bareme, BaremeTag>(text)?;
        let problems = bareme.validate();
        if problems.is_empty() {
            Ok(bareme)
        } else {
            Err(FileError { problems })
        }
    }

    /// The barème as a file, pretty-printed.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The barème's identifier in a store and in dossiers: its campaign (`2023-2025`, `2026`).
    pub fn id(&self) -> &str {
        self.campaign.trim()
    }

    /// SHA-256 (hex) of the barème's canonical form: its compact JSON with every amount and
    /// share written without trailing zeros, so two barèmes equal to the cent share it.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut canonical = self.clone();
        for line in &mut canonical.lines {
            line.amount = line.amount.normalize();
        }
        for tranche in canonical.schedules.iter_mut().flat_map(|s| s.tranches.iter_mut()) {
            tranche.share = tranche.share.normalize();
        }
        let text = serde_json::to_string(&canonical).unwrap_or_default();
        Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The follow-up's figures: the barème's own, else the shipped barème's.
    pub fn suivi_rules(&self) -> SuiviRules {
        match &self.suivi {
            Some(rules) => rules.clone(),
            // The shipped barème has them (tests/bareme_file.rs).
            None => Bareme::shipped()
                .suivi
                .clone()
                .expect("the shipped barème has follow-up figures"),
        }
    }

    /// Whether `sha256` is the fingerprint of the shipped barème as this release or an earlier
    /// one shipped it: the same barème before its follow-up figures were data (format 1), and
    /// before the solde's delay was one of them.
    pub fn is_shipped_fingerprint(sha256: &str) -> bool {
        let shipped = Bareme::shipped();
        let mut before = shipped.clone();
        before.suivi = None;
        let mut without_delay = shipped.clone();
        if let Some(rules) = without_delay.suivi.as_mut() {
            rules.solde_payment_days = None;
        }
        [shipped.fingerprint(), before.fingerprint(), without_delay.fingerprint()].contains(&sha256.to_string())
    }

    pub fn schedule(&self, id: &str) -> Option<&Schedule> {
        self.schedules.iter().find(|s| s.id == id)
    }

    /// Every problem of the barème, with its path.
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut check = |ok: bool, path: String, message: &str| {
            if !ok {
                problems.push(Problem::at(path, message));
            }
        };
        check(
            !self.version.trim().is_empty(),
            "version".into(),
            "ne doit pas être vide",
        );
        check(
            !self.campaign.trim().is_empty(),
            "campaign".into(),
            "ne doit pas être vide",
        );
        if let Some(rules) = &self.suivi {
            check(
                rules.gap_threshold >= Decimal::ZERO && rules.gap_threshold <= Decimal::ONE_HUNDRED,
                "suivi.gap_threshold".into(),
                "doit être compris entre 0 et 100 (%)",
            );
            check(
                rules.compte_rendu_months_after_year_end <= 120,
                "suivi.compte_rendu_months_after_year_end".into(),
                "doit être au plus 120 mois",
            );
        }
        let t = &self.thresholds;
        for (name, th) in [
            ("grappe_min_essms", &t.grappe_min_essms),
            ("small_og_below", &t.small_og_below),
        ] {
            check(is_rule_id(&th.rule), format!("thresholds.{name}.rule"), RULE_ID_MESSAGE);
            check(
                th.metropole > 0,
                format!("thresholds.{name}.metropole"),
                "doit être supérieur à 0",
            );
            check(
                th.corse_outre_mer > 0,
                format!("thresholds.{name}.corse_outre_mer"),
                "doit être supérieur à 0",
            );
            for (field, value) in [("metropole", th.metropole), ("corse_outre_mer", th.corse_outre_mer)] {
                check(
                    value <= MAX_THRESHOLD,
                    format!("thresholds.{name}.{field}"),
                    "doit être au plus 100 000",
                );
            }
        }
        check(
            t.national_from_essms.value <= MAX_THRESHOLD,
            "thresholds.national_from_essms.value".into(),
            "doit être au plus 100 000",
        );
        check(
            is_rule_id(&t.national_from_essms.rule),
            "thresholds.national_from_essms.rule".into(),
            RULE_ID_MESSAGE,
        );
        check(
            t.national_from_essms.value > t.grappe_min_essms.metropole.max(t.grappe_min_essms.corse_outre_mer),
            "thresholds.national_from_essms.value".into(),
            "doit être supérieur au nombre minimal d'ESSMS d'une grappe",
        );

        let mut ids = BTreeSet::new();
        for (i, s) in self.schedules.iter().enumerate() {
            check(
                !s.id.trim().is_empty(),
                format!("schedules[{i}].id"),
                "ne doit pas être vide",
            );
            check(
                ids.insert(s.id.as_str()),
                format!("schedules[{i}].id"),
                "identifiant déjà utilisé par un autre échéancier",
            );
            check(is_rule_id(&s.rule), format!("schedules[{i}].rule"), RULE_ID_MESSAGE);
            check(
                !s.tranches.is_empty(),
                format!("schedules[{i}].tranches"),
                "au moins une tranche est nécessaire",
            );
            for (j, tr) in s.tranches.iter().enumerate() {
                check(
                    tr.share > Decimal::ZERO && tr.share <= Decimal::ONE,
                    format!("schedules[{i}].tranches[{j}].share"),
                    "doit être comprise entre 0 (exclu) et 1",
                );
            }
            let total: Decimal = s.tranches.iter().map(|t| t.share).sum();
            if !s.tranches.is_empty() && total != Decimal::ONE {
                check(
                    false,
                    format!("schedules[{i}].tranches"),
                    &format!("les parts totalisent {} au lieu de 1", total.normalize()),
                );
            }
        }

        for (i, line) in self.lines.iter().enumerate() {
            let path = |field: &str| format!("lines[{i}].{field}");
            check(is_rule_id(&line.rule), path("rule"), RULE_ID_MESSAGE);
            check(!line.label.trim().is_empty(), path("label"), "ne doit pas être vide");
            check(
                !line.amount.is_sign_negative() || line.amount.is_zero(),
                path("amount"),
                "doit être positif ou nul",
            );
            check(
                line.amount.normalize().scale() <= 2,
                path("amount"),
                "au plus 2 décimales (centimes)",
            );
            check(
                line.amount <= MAX_LINE_AMOUNT,
                path("amount"),
                "doit être au plus 100 000 000,00 € (montant par ESSMS ou par projet)",
            );
            check(
                self.schedule(&line.payment).is_some(),
                path("payment"),
                &format!("échéancier « {} » inconnu (voir schedules)", line.payment),
            );
            match (line.basis, line.capped_by) {
                (Basis::PerEssms, Some(CappedBy::AmoaCost | CappedBy::MarcheCost)) => check(
                    false,
                    path("capped_by"),
                    "un coût déclaré par projet ne peut plafonner une ligne par ESSMS",
                ),
                (Basis::PerProject, Some(CappedBy::EquipmentNeed)) => check(
                    false,
                    path("capped_by"),
                    "le besoin déclaré par ESSMS ne peut plafonner une ligne par projet",
                ),
                _ => {}
            }
            if line.basis == Basis::PerProject {
                check(
                    line.situation.is_none(),
                    path("situation"),
                    "une ligne par projet ne dépend pas de la situation d'un ESSMS",
                );
            }
            for (j, earlier) in self.lines[..i].iter().enumerate() {
                if overlaps(earlier, line) {
                    check(
                        false,
                        format!("lines[{i}]"),
                        &format!(
                            "recouvre lines[{j}] (même levier, même canal, même situation, mêmes conditions) : le même euro serait accordé deux fois"
                        ),
                    );
                }
            }
        }

        for (i, w) in self.windows.iter().enumerate() {
            check(is_rule_id(&w.rule), format!("windows[{i}].rule"), RULE_ID_MESSAGE);
            if let Some(from) = w.from {
                check(
                    from <= w.to,
                    format!("windows[{i}].from"),
                    "la date d'ouverture doit précéder la date de clôture",
                );
            }
        }
        problems
    }

    /// Lines grouped by rule id, for documentation and tests.
    pub fn rules(&self) -> BTreeMap<&str, Vec<&Line>> {
        let mut map: BTreeMap<&str, Vec<&Line>> = BTreeMap::new();
        for line in &self.lines {
            map.entry(line.rule.as_str()).or_default().push(line);
        }
        map
    }
}

/// The largest amount of a barème line: far above any grant, and small enough that every sum of
/// the funding stays exact.
const MAX_LINE_AMOUNT: Decimal = Decimal::from_parts(100_000_000, 0, 0, false, 0);
/// The largest count a threshold may hold.
const MAX_THRESHOLD: u32 = 100_000;

const RULE_ID_MESSAGE: &str = "identifiant de règle attendu, de la forme R-… ou D-… (par exemple R-REG-NEW)";

fn is_rule_id(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("R-").or_else(|| id.strip_prefix("D-")) else {
        return false;
    };
    !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

/// Two lines overlap when one ESSMS or project could receive both for the same reason.
fn overlaps(a: &Line, b: &Line) -> bool {
    let same_requires = a.requires.iter().collect::<BTreeSet<_>>() == b.requires.iter().collect::<BTreeSet<_>>();
    let channels = a.channel.is_none() || b.channel.is_none() || a.channel == b.channel;
    let situations = a.situation.is_none() || b.situation.is_none() || a.situation == b.situation;
    a.lever == b.lever && a.basis == b.basis && same_requires && channels && situations
}
