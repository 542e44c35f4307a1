//! The compte rendu financier's table as the CERFA n° 15059*02 asks it (D-CRF): the action's
//! charges by nature (classes 60 to 68 of the chart of accounts, the indirect charges, 86 the
//! use of the contributions volontaires) and its produits (70, 74 with this subsidy named and
//! the other funders, own funds, 75, 76, 78, 87), each prévu / réalisé / écart in € and %.
//!
//! The charges réalisées are the expenses counted by [`super::follow`] (up to the date, on an
//! awarded enveloppe), each by the nature of its account when it came from the accounts, else
//! by its enveloppe's nature (the user's, or the default of its label); the charges prévues are
//! the awarded enveloppes by their nature. The direct charges réalisées therefore sum to what
//! was spent.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::enveloppes::Enveloppe;
use super::expenses::percent;
use crate::model::suivi::{CompteRenduInputs, EnveloppeKey, Expense, Nature, ResourceKind};

/// The official model the compte rendu follows, as printed on it.
pub const CERFA: &str = "CERFA n° 15059*02";

impl Nature {
    pub const ALL: [Nature; 9] = [
        Nature::Achats,
        Nature::ServicesExterieurs,
        Nature::AutresServicesExterieurs,
        Nature::ImpotsEtTaxes,
        Nature::ChargesDePersonnel,
        Nature::AutresChargesDeGestion,
        Nature::ChargesFinancieres,
        Nature::ChargesExceptionnelles,
        Nature::Dotations,
    ];

    /// The class of the chart of accounts (« 60 »).
    pub fn code(self) -> &'static str {
        match self {
            Nature::Achats => "60",
            Nature::ServicesExterieurs => "61",
            Nature::AutresServicesExterieurs => "62",
            Nature::ImpotsEtTaxes => "63",
            Nature::ChargesDePersonnel => "64",
            Nature::AutresChargesDeGestion => "65",
            Nature::ChargesFinancieres => "66",
            Nature::ChargesExceptionnelles => "67",
            Nature::Dotations => "68",
        }
    }

    /// As the CERFA names it.
    pub fn label(self) -> &'static str {
        match self {
            Nature::Achats => "Achats",
            Nature::ServicesExterieurs => "Services extérieurs",
            Nature::AutresServicesExterieurs => "Autres services extérieurs",
            Nature::ImpotsEtTaxes => "Impôts et taxes",
            Nature::ChargesDePersonnel => "Charges de personnel",
            Nature::AutresChargesDeGestion => "Autres charges de gestion courante",
            Nature::ChargesFinancieres => "Charges financières",
            Nature::ChargesExceptionnelles => "Charges exceptionnelles",
            Nature::Dotations => "Dotations aux amortissements",
        }
    }

    /// The nature of a charge account (« 6156 » → 61); none for an account of another class
    /// (a fixed asset, 2…), whose charge takes its enveloppe's nature.
    pub fn of_account(account: &str) -> Option<Nature> {
        let class = account.trim().get(..2)?;
        Nature::ALL.into_iter().find(|n| n.code() == class)
    }

    /// The nature of an enveloppe's charges until the user says otherwise: the project's
    /// management and support (maîtrise d'ouvrage, AMOA, accompagnement) are services bought
    /// (62, honoraires), the rest (the solution, equipment) purchases (60).
    pub fn default_for(enveloppe_label: &str) -> Nature {
        let words = crate::suivi::naming::words(enveloppe_label);
        let services = ["maitrise", "amoa", "accompagnement"];
        if words.iter().any(|w| services.contains(&w.as_str())) {
            Nature::AutresServicesExterieurs
        } else {
            Nature::Achats
        }
    }
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 7] = [
        ResourceKind::Ventes,
        ResourceKind::Subvention,
        ResourceKind::FondsPropres,
        ResourceKind::AutresProduits,
        ResourceKind::ProduitsFinanciers,
        ResourceKind::Reprises,
        ResourceKind::ContributionsVolontaires,
    ];

    /// The class of the chart of accounts, empty for own funds.
    pub fn code(self) -> &'static str {
        match self {
            ResourceKind::Ventes => "70",
            ResourceKind::Subvention => "74",
            ResourceKind::FondsPropres => "",
            ResourceKind::AutresProduits => "75",
            ResourceKind::ProduitsFinanciers => "76",
            ResourceKind::Reprises => "78",
            ResourceKind::ContributionsVolontaires => "87",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ResourceKind::Ventes => "Ventes de produits finis, prestations de services",
            ResourceKind::Subvention => "Subvention d'un autre financeur",
            ResourceKind::FondsPropres => "Fonds propres de l'organisme",
            ResourceKind::AutresProduits => "Autres produits de gestion courante",
            ResourceKind::ProduitsFinanciers => "Produits financiers",
            ResourceKind::Reprises => "Reprises sur amortissements et provisions",
            ResourceKind::ContributionsVolontaires => "Contributions volontaires en nature",
        }
    }
}

/// One row of the table: prévu, réalisé, their gap in euros and in percent of the prévu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CerfaRow {
    /// The chart of accounts' class (« 60 », « 74 »), empty for a row without one.
    pub code: String,
    pub label: String,
    pub prevu: Decimal,
    pub realise: Decimal,
    pub ecart: Decimal,
    pub ecart_percent: Option<Decimal>,
}

impl CerfaRow {
    fn new(code: &str, label: impl Into<String>, prevu: Decimal, realise: Decimal) -> CerfaRow {
        let ecart = realise - prevu;
        CerfaRow {
            code: code.into(),
            label: label.into(),
            prevu,
            realise,
            ecart,
            ecart_percent: percent(ecart, prevu),
        }
    }

    fn total<'a>(label: &str, rows: impl IntoIterator<Item = &'a CerfaRow>) -> CerfaRow {
        let (prevu, realise) = rows.into_iter().fold((Decimal::ZERO, Decimal::ZERO), |(p, r), row| {
            (p + row.prevu, r + row.realise)
        });
        CerfaRow::new("", label, prevu, realise)
    }
}

/// An enveloppe's nature as the table uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnveloppeNatureUsed {
    pub enveloppe: EnveloppeKey,
    pub og_name: String,
    pub nature: Nature,
    /// The user chose it (else it is the default of the enveloppe's label).
    pub chosen: bool,
}

/// The CERFA's table of charges and produits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cerfa {
    /// 60 to 68, every class listed, then the indirect charges.
    pub charges: Vec<CerfaRow>,
    pub total_charges: CerfaRow,
    /// 86 – emploi des contributions volontaires en nature (the 87's amounts).
    pub contributions_used: CerfaRow,
    pub total_charges_with_contributions: CerfaRow,
    /// 70, 74 (this subsidy first, then each other funder), own funds, 75, 76, 78.
    pub products: Vec<CerfaRow>,
    pub total_products: CerfaRow,
    /// 87 – contributions volontaires en nature.
    pub contributions: CerfaRow,
    pub total_products_with_contributions: CerfaRow,
    pub natures: Vec<EnveloppeNatureUsed>,
    /// How many expenses took their nature from their account, and from their enveloppe.
    pub by_account: usize,
    pub by_enveloppe: usize,
}

impl Cerfa {
    /// How the charges réalisées were classified, as the document and the screen say it.
    pub fn classified(&self) -> String {
        match (self.by_account, self.by_enveloppe) {
            (0, _) => "Les charges réalisées sont classées selon la nature de leur enveloppe.".to_string(),
            (a, 0) => format!("Les {a} charges réalisées sont classées selon leur compte de la comptabilité."),
            (a, e) => format!(
                "{a} charge(s) réalisée(s) classée(s) selon leur compte de la comptabilité, {e} selon la nature de leur enveloppe."
            ),
        }
    }

    /// The charges then their totals and 86, as the form lists them.
    pub fn charge_rows(&self) -> impl Iterator<Item = &CerfaRow> {
        self.charges.iter().chain([
            &self.total_charges,
            &self.contributions_used,
            &self.total_charges_with_contributions,
        ])
    }

    /// The produits then their totals and 87, as the form lists them.
    pub fn product_rows(&self) -> impl Iterator<Item = &CerfaRow> {
        self.products.iter().chain([
            &self.total_products,
            &self.contributions,
            &self.total_products_with_contributions,
        ])
    }
}

/// The row of this subsidy among the produits.
pub const THIS_SUBSIDY: &str = "Présente subvention ESMS numérique";

/// The table at `as_of` of the awarded `enveloppes`, the dossier's `expenses` and what was
/// `received` of this subsidy.
pub fn table(
    inputs: &CompteRenduInputs,
    enveloppes: &[Enveloppe],
    received: Decimal,
    expenses: &[Expense],
    as_of: NaiveDate,
) -> Cerfa {
    let natures: Vec<EnveloppeNatureUsed> = enveloppes
        .iter()
        .map(|s| {
            let chosen = inputs.natures.iter().find(|n| n.enveloppe == s.key).map(|n| n.nature);
            EnveloppeNatureUsed {
                enveloppe: s.key.clone(),
                og_name: s.og_name.clone(),
                nature: chosen.unwrap_or_else(|| Nature::default_for(&s.key.label)),
                chosen: chosen.is_some(),
            }
        })
        .collect();
    let of_enveloppe: HashMap<&EnveloppeKey, Nature> = natures.iter().map(|n| (&n.enveloppe, n.nature)).collect();
    let mut prevu: HashMap<Nature, Decimal> = HashMap::new();
    let awarded: Decimal = enveloppes.iter().map(|s| s.awarded.value()).sum();
    for (s, n) in enveloppes.iter().zip(&natures) {
        *prevu.entry(n.nature).or_default() += s.awarded.value();
    }
    let mut realise: HashMap<Nature, Decimal> = HashMap::new();
    let (mut by_account, mut by_enveloppe) = (0, 0);
    for x in expenses.iter().filter(|x| x.date <= as_of) {
        let Some(&enveloppe_nature) = of_enveloppe.get(&x.enveloppe) else {
            continue; // not on an awarded enveloppe: not spent (a finding of the follow-up)
        };
        let nature = match x.account.as_deref().and_then(Nature::of_account) {
            Some(n) => {
                by_account += 1;
                n
            }
            None => {
                by_enveloppe += 1;
                enveloppe_nature
            }
        };
        *realise.entry(nature).or_default() += x.signed();
    }
    let mut charges: Vec<CerfaRow> = Nature::ALL
        .into_iter()
        .map(|n| {
            CerfaRow::new(
                n.code(),
                n.label(),
                prevu.get(&n).copied().unwrap_or_default(),
                realise.get(&n).copied().unwrap_or_default(),
            )
        })
        .collect();
    charges.push(CerfaRow::new(
        "",
        "Charges indirectes réparties affectées à l'action",
        inputs.indirect_prevu.value(),
        inputs.indirect_realise.value(),
    ));
    let total_charges = CerfaRow::total("Total des charges", &charges);

    let sum = |kind: ResourceKind| {
        inputs
            .resources
            .iter()
            .filter(|r| r.kind == kind)
            .fold((Decimal::ZERO, Decimal::ZERO), |(p, r), x| {
                (p + x.prevu.value(), r + x.realise.value())
            })
    };
    let row = |kind: ResourceKind| {
        let (p, r) = sum(kind);
        CerfaRow::new(kind.code(), kind.label(), p, r)
    };
    let mut products = vec![
        row(ResourceKind::Ventes),
        CerfaRow::new("74", THIS_SUBSIDY, awarded, received),
    ];
    products.extend(
        inputs
            .resources
            .iter()
            .filter(|r| r.kind == ResourceKind::Subvention)
            .map(|r| {
                CerfaRow::new(
                    "74",
                    format!("Subvention : {}", r.label.trim()),
                    r.prevu.value(),
                    r.realise.value(),
                )
            }),
    );
    if inputs.resources.iter().any(|r| r.kind == ResourceKind::FondsPropres) {
        products.push(row(ResourceKind::FondsPropres));
    }
    products.extend([
        row(ResourceKind::AutresProduits),
        row(ResourceKind::ProduitsFinanciers),
        row(ResourceKind::Reprises),
    ]);
    let total_products = CerfaRow::total("Total des produits", &products);
    let (p, r) = sum(ResourceKind::ContributionsVolontaires);
    let contributions = CerfaRow::new("87", ResourceKind::ContributionsVolontaires.label(), p, r);
    let contributions_used = CerfaRow::new("86", "Emplois des contributions volontaires en nature", p, r);
    Cerfa {
        total_charges_with_contributions: CerfaRow::total("TOTAL", [&total_charges, &contributions_used]),
        total_products_with_contributions: CerfaRow::total("TOTAL", [&total_products, &contributions]),
        charges,
        total_charges,
        contributions_used,
        products,
        total_products,
        contributions,
        natures,
        by_account,
        by_enveloppe,
    }
}
