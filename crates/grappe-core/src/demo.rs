//! Demo and synthetic dossiers: fictitious names, valid FINESS numbers.

use chrono::NaiveDate;

use crate::finess::with_key;
use crate::model::{
    Address, ChecklistItem, Contact, DeclaredCosts, Dossier, Essms, Og, Person, ProjectCalendar, Referencement,
    Situation, Solution,
};
use crate::money::Amount;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn finess(stem: &str) -> String {
    with_key(stem).map(|f| f.to_string()).unwrap_or_default()
}

/// A demo ESSMS: name, category, commune, capacity (0: none), situation, declared equipment need.
type DemoEssms = (&'static str, &'static str, &'static str, u32, Situation, Option<u64>);

const fn essms(
    name: &'static str,
    category: &'static str,
    commune: &'static str,
    capacity: u32,
    situation: Situation,
    equipment_need: Option<u64>,
) -> DemoEssms {
    (name, category, commune, capacity, situation, equipment_need)
}

use Situation::{AlreadyEquipped as Equipped, NewSolution as New};

/// The demo grappe: 20 ESSMS of 3 OGs in the Hauts-de-France, filing in the 2024 regional AAP.
/// The demo dossier's name: fictitious, like everything in it.
pub const DEMO_NAME: &str = "Grappe numérique des Flandres";

pub fn demo_dossier() -> Dossier {
    let mut d = Dossier::new(DEMO_NAME, "2023-2025", date(2024, 4, 2));
    let ogs = [
        (
            "59099101",
            "Association Les Tilleuls Solidaires",
            "12 rue des Tilleuls",
            "59000",
            "Lille",
            Some(12),
            ("Claire Martin", "Présidente"),
            (
                "Julien Lefebvre",
                "j.lefebvre@tilleuls-solidaires.example",
                "03 20 00 00 01",
            ),
        ),
        (
            "62099102",
            "Fondation Horizon Handicap",
            "4 avenue du Beffroi",
            "62000",
            "Arras",
            Some(41),
            ("Marc Dubois", "Directeur général"),
            ("Sophie Leroy", "s.leroy@horizon-handicap.example", "03 21 00 00 02"),
        ),
        (
            "59099103",
            "CCAS de Bois-Joli",
            "Place de la Mairie",
            "59200",
            "Tourcoing",
            None,
            ("Anne Petit", "Vice-présidente du CCAS"),
            ("Karim Benali", "k.benali@ccas-boisjoli.example", "03 20 00 00 03"),
        ),
    ];
    for (stem, name, street, postcode, commune, managed, rep, contact) in ogs {
        let number = finess(stem);
        d.ogs.push(Og {
            finess_ej: number,
            name: name.into(),
            siren: String::new(),
            siret: String::new(),
            address: Address {
                street: street.into(),
                postcode: postcode.into(),
                commune: commune.into(),
            },
            departement: String::new(),
            managed_essms: managed,
            legal_representative: Person {
                name: rep.0.into(),
                role: rep.1.into(),
            },
            contact: Contact {
                name: contact.0.into(),
                email: contact.1.into(),
                phone: contact.2.into(),
            },
        });
    }
    // SIREN/SIRET of fictitious associations: 9 and 14 digits with a valid Luhn key.
    for (og, siren) in d.ogs.iter_mut().zip(["99910001", "99910002", "99910003"]) {
        let siren = luhn_complete(siren);
        og.siret = luhn_complete(&format!("{siren}0001"));
        og.siren = siren;
    }
    d.porteur = d.ogs[0].finess_ej.clone();

    let tilleuls = [
        essms("EHPAD Les Tilleuls", "500", "Lille", 84, New, Some(15_000)),
        essms("EHPAD Le Clos des Glycines", "500", "Roubaix", 72, New, Some(25_000)),
        essms("EHPAD La Roseraie", "500", "Villeneuve-d'Ascq", 90, New, Some(8_000)),
        essms("EHPAD Les Hortensias", "500", "Lambersart", 65, Equipped, Some(12_000)),
        essms("SSIAD Métropole Nord", "354", "Lille", 120, New, None),
        essms(
            "Résidence autonomie Les Lilas",
            "202",
            "Wattrelos",
            48,
            Equipped,
            Some(6_500),
        ),
        essms("Centre de jour L'Escale", "207", "Lille", 20, New, Some(4_000)),
        essms("SAA Les Tilleuls à domicile", "460", "Croix", 0, Equipped, None),
    ];
    let horizon = [
        essms("IME Les Coquelicots", "183", "Arras", 60, New, None),
        essms("IME Le Moulin", "183", "Béthune", 45, New, None),
        essms("SESSAD Horizon Artois", "182", "Arras", 35, New, None),
        essms("ESAT Cœur d'Artois", "246", "Arras", 110, Equipped, None),
        essms("MAS Les Peupliers", "255", "Lens", 50, New, None),
        essms("EAM La Source", "448", "Liévin", 40, Equipped, None),
        essms("SAVS Horizon", "446", "Béthune", 55, Equipped, None),
        essms("SAMSAH Artois", "445", "Lens", 25, New, None),
        essms("EANM Le Verger", "449", "Saint-Omer", 38, Equipped, None),
    ];
    let ccas = [
        essms(
            "EHPAD municipal du Bois-Joli",
            "500",
            "Tourcoing",
            80,
            New,
            Some(18_000),
        ),
        essms(
            "Résidence autonomie Les Mésanges",
            "202",
            "Tourcoing",
            60,
            New,
            Some(9_500),
        ),
        essms("SSIAD du Bois-Joli", "354", "Tourcoing", 40, Equipped, Some(3_000)),
    ];
    let groups: [(&[DemoEssms], usize, &str); 3] =
        [(&tilleuls, 0, "599011"), (&horizon, 1, "629011"), (&ccas, 2, "599021")];
    for (list, og, prefix) in groups {
        for (k, &(name, category, commune, capacity, situation, need)) in list.iter().enumerate() {
            d.essms.push(Essms {
                finess_et: finess(&format!("{prefix}{k:02}")),
                name: name.into(),
                category: category.into(),
                category_label: String::new(),
                category_agregat: String::new(),
                sector: None,
                departement: String::new(),
                commune: commune.into(),
                capacity: (capacity > 0).then_some(capacity),
                og: d.ogs[og].finess_ej.clone(),
                situation,
                software_already_funded: false,
                sons_order_signed: false,
                equipment_need: need.map(Amount::euros),
            });
        }
    }
    // One ESSMS already funded for its software, one whose SONS order is signed (D-EXCLUSIONS).
    d.essms[10].software_already_funded = true;
    d.essms[12].sons_order_signed = true;

    d.solution = Some(Solution {
        editeur: "Éditions Logicielles du Nord (fictif)".into(),
        name: "DUI Horizon".into(),
        version: "5.2".into(),
        referencement: Some(Referencement {
            identifier: "DEMO-DUI-MS1-0042".into(),
            dispositif: "DUI MS1".into(),
            from: date(2023, 6, 1),
            until: None,
        }),
    });
    d.choice_justification = "Consultation de quatre éditeurs via la centrale d'achat mandatée par la CNSA ; \
        solution retenue pour son meilleur rapport coût / adéquation aux besoins des trois OG \
        (grille d'analyse jointe)."
        .into();
    d.declared_costs = DeclaredCosts {
        amoa: Some(Amount::euros(85_000)),
        marche: Some(Amount::euros(12_000)),
    };
    d.centrale_achat = true;
    d.calendar = ProjectCalendar {
        project_start: Some(date(2024, 9, 2)),
        usage_targets_deadline: Some(date(2026, 6, 30)),
    };
    d.checklist = crate::model::DEFAULT_CHECKLIST
        .iter()
        .enumerate()
        .map(|(i, doc)| ChecklistItem {
            document: doc.to_string(),
            attached: i < 2,
        })
        .collect();
    d
}

/// Completes a digit string with a Luhn key digit (SIREN, SIRET).
fn luhn_complete(stem: &str) -> String {
    (0..=9)
        .map(|k| format!("{stem}{k}"))
        .find(|n| luhn_ok(n))
        .unwrap_or_else(|| stem.to_string())
}

fn luhn_ok(number: &str) -> bool {
    let sum: u32 = number
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).unwrap_or(0);
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// A large synthetic dossier for benchmarks and volume tests: `essms_count` ESSMS spread over
/// OGs of 25 ESSMS in several départements, with every situation and flag represented.
pub fn synthetic_dossier(essms_count: usize) -> Dossier {
    const DEPARTEMENTS: [&str; 6] = ["59", "62", "69", "13", "33", "35"];
    const CATEGORIES: [&str; 6] = ["500", "183", "246", "255", "354", "448"];
    let mut d = demo_dossier();
    d.name = format!("Grappe synthétique de {essms_count} ESSMS");
    d.ogs.clear();
    d.essms.clear();
    let og_count = essms_count.div_ceil(25).max(1);
    for o in 0..og_count {
        let dep = DEPARTEMENTS[o % DEPARTEMENTS.len()];
        d.ogs.push(Og {
            finess_ej: finess(&format!("{dep}8{o:05}")),
            name: format!("Organisme gestionnaire synthétique n°{}", o + 1),
            managed_essms: (o % 7 == 3).then_some(10),
            ..Og::default()
        });
    }
    for i in 0..essms_count {
        let o = i / 25;
        let dep = DEPARTEMENTS[o % DEPARTEMENTS.len()];
        d.essms.push(Essms {
            finess_et: finess(&format!("{dep}{:06}", 100_000 + i)),
            name: format!("ESSMS synthétique n°{}", i + 1),
            category: CATEGORIES[i % CATEGORIES.len()].into(),
            category_label: String::new(),
            category_agregat: String::new(),
            sector: None,
            departement: String::new(),
            commune: format!("Commune {}", i % 97),
            capacity: Some(20 + (i % 80) as u32),
            og: d.ogs[o].finess_ej.clone(),
            situation: if i % 3 == 0 {
                Situation::AlreadyEquipped
            } else {
                Situation::NewSolution
            },
            software_already_funded: i % 41 == 7,
            sons_order_signed: i % 53 == 11,
            equipment_need: (i % 4 != 0).then(|| Amount::euros(5_000 + (i as u64 % 9) * 2_500)),
        });
    }
    d.porteur = d.ogs[0].finess_ej.clone();
    d
}

/// The demo dossier followed after its filing (fictitious): filed on 02/04/2024, awarded as
/// requested but for the Fondation's MOA nouvelle solution (33 333,33 €), convention signed on
/// 20/09/2024, the Fondation's first payment received, two expenses, the four usage targets made
/// measurable and measured once.
pub fn demo_followed() -> Dossier {
    use crate::suivi::{
        Award, EnveloppeKey, Expense, Filing, Indicator, Measurement, ReceivedPayment, Scope, Suivi, Unit,
    };
    use rust_decimal::Decimal;
    let filed = demo_dossier();
    let evaluation = crate::evaluate(&filed, &crate::Bareme::default_bareme());
    let mut award = Award::as_requested(&evaluation.funding.lines);
    award.decision_reference = "ARS-HDF-2024-117".into();
    award.decision_date = Some(date(2024, 7, 10));
    award.convention_reference = "CONV-2024-117".into();
    award.convention_date = Some(date(2024, 9, 20));
    let moa = "Maîtrise d'ouvrage — nouvelle solution (AAP régional)";
    for line in &mut award.lines {
        if line.line.og == "620991026" && line.line.label == moa {
            line.granted = Amount::new(Decimal::new(3_333_333, 2)).unwrap_or_default();
        }
    }
    let editeur = EnveloppeKey {
        og: "620991026".into(),
        rule: "R-REG-NEW".into(),
        label: "Éditeur — acquisition d'une nouvelle solution (AAP régional)".into(),
    };
    let indicators: Vec<Indicator> = filed
        .usage_targets
        .iter()
        .zip([
            (Decimal::from(80), Unit::Percent, Scope::Essms),
            (Decimal::from(70), Unit::Percent, Scope::Essms),
            (Decimal::from(100), Unit::Count, Scope::Grappe),
            (Decimal::from(50), Unit::Percent, Scope::Grappe),
        ])
        .map(|(t, (target, unit, scope))| Indicator {
            indicator: t.indicator.clone(),
            target,
            unit,
            scope,
        })
        .collect();
    let measurements = vec![
        Measurement {
            indicator: indicators[2].indicator.clone(),
            essms: None,
            date: date(2025, 3, 31),
            value: Decimal::from(64),
            source: "Tableau de bord MSSanté".into(),
        },
        Measurement {
            indicator: indicators[3].indicator.clone(),
            essms: None,
            date: date(2025, 3, 31),
            value: Decimal::from(38),
            source: "Export Mon espace santé".into(),
        },
    ];
    let mut dossier = filed.clone();
    dossier.suivi = Some(Suivi {
        filing: Some(Filing {
            filed_on: date(2024, 4, 2),
            fingerprint: String::new(),
            bareme_version: evaluation.bareme_version.clone(),
            dossier: Box::new(filed),
        }),
        award: Some(award),
        payments: vec![ReceivedPayment {
            date: date(2024, 10, 15),
            amount: Amount::euros(80_000),
            reference: "FMIS-2024-0042".into(),
            og: "620991026".into(),
            tranche: None,
            excess_understood: false,
        }],
        expenses: vec![
            Expense {
                date: date(2024, 11, 4),
                supplier: "Éditions Logicielles du Nord (fictif)".into(),
                reference: "F-2024-311".into(),
                amount: Amount::euros(18_000),
                enveloppe: editeur.clone(),
                essms: None,
                piece: None,
                credit_note: false,
                entry: None,
                account: None,
            },
            Expense {
                date: date(2025, 2, 12),
                supplier: "Éditions Logicielles du Nord (fictif)".into(),
                reference: "F-2025-027".into(),
                amount: Amount::new(Decimal::new(1_245_050, 2)).unwrap_or_default(),
                enveloppe: editeur,
                essms: Some("629011008".into()),
                piece: None,
                credit_note: false,
                entry: None,
                account: None,
            },
        ],
        indicators,
        measurements,
        ..Suivi::default()
    });
    dossier
}

/// A large followed dossier for benchmarks: `essms_count` synthetic ESSMS, filed and awarded
/// as requested, with `expenses` expenses spread over its enveloppes and `measurements`
/// measurements of its four targets (two per ESSMS, two for the grappe), over two years.
pub fn synthetic_followed(essms_count: usize, expenses: usize, measurements: usize) -> Dossier {
    use crate::suivi::{Award, EnveloppeKey, Expense, Filing, Indicator, Measurement, Scope, Suivi, Unit};
    use rust_decimal::Decimal;
    let filed = synthetic_dossier(essms_count);
    let evaluation = crate::evaluate(&filed, &crate::Bareme::default_bareme());
    let mut award = Award::as_requested(&evaluation.funding.lines);
    award.convention_date = Some(date(2024, 9, 20));
    let mut keys: Vec<EnveloppeKey> = Vec::new();
    for l in &award.lines {
        let key = EnveloppeKey {
            og: l.line.og.clone(),
            rule: l.line.rule.clone(),
            label: l.line.label.clone(),
        };
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let scopes = [Scope::Essms, Scope::Essms, Scope::Grappe, Scope::Grappe];
    let indicators: Vec<Indicator> = filed
        .usage_targets
        .iter()
        .zip(scopes)
        .map(|(t, scope)| Indicator {
            indicator: t.indicator.clone(),
            target: Decimal::from(80),
            unit: Unit::Percent,
            scope,
        })
        .collect();
    let start = date(2024, 10, 1);
    let expenses = (0..expenses)
        .map(|k| Expense {
            date: start + chrono::Days::new((k % 700) as u64),
            supplier: format!("Fournisseur {}", k % 37),
            reference: format!("F-{k:06}"),
            amount: Amount::new(Decimal::new(10_000 + (k as i64 * 7_919) % 90_000, 2)).unwrap_or_default(),
            enveloppe: keys[k % keys.len().max(1)].clone(),
            essms: None,
            piece: None,
            credit_note: false,
            entry: None,
            account: None,
        })
        .collect();
    let measurements = (0..measurements)
        .map(|k| {
            let ind = &indicators[k % indicators.len()];
            Measurement {
                indicator: ind.indicator.clone(),
                essms: (ind.scope == Scope::Essms).then(|| filed.essms[(k / 4) % filed.essms.len()].finess_et.clone()),
                date: start + chrono::Days::new(((k / 4) % 700) as u64),
                value: Decimal::from((k % 100) as i64),
                source: "export du DUI".into(),
            }
        })
        .collect();
    let mut dossier = filed.clone();
    dossier.suivi = Some(Suivi {
        filing: Some(Filing {
            filed_on: filed.filing_date,
            fingerprint: String::new(),
            bareme_version: evaluation.bareme_version.clone(),
            dossier: Box::new(filed),
        }),
        award: Some(award),
        expenses,
        indicators,
        measurements,
        ..Suivi::default()
    });
    dossier
}
