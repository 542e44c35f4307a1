//! Le suivi (D-AWARD … D-DEADLINES), on the demo dossier, with the amounts worked out by hand.
//! The Fondation Horizon Handicap (620991026) requested: éditeur 36 000,00 € and complément
//! référencé 7 500,00 € (paid at the start), MOA nouvelle solution 35 000,00 € and MOA déjà
//! équipé 20 000,00 € (half at the start, half on the usage targets): 98 500,00 €.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use grappe_core::bareme::Due;
use grappe_core::suivi::{
    follow, Award, EnveloppeKey, Expense, Explanation, Filing, FollowUp, Indicator, Measurement, ReceivedPayment,
    Scope, Stage, Suivi, TrancheState, Unit,
};
use grappe_core::{evaluate, Amount, Bareme, Dossier, Evaluation};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const TILLEULS: &str = "590991014";
const HORIZON: &str = "620991026";
const BOIS_JOLI: &str = "590991030";
const EDITEUR: &str = "Éditeur — acquisition d'une nouvelle solution (AAP régional)";
const COMPLEMENT: &str = "Éditeur — complément solution référencée Ségur (AAP régional)";
const MOA_NEW: &str = "Maîtrise d'ouvrage — nouvelle solution (AAP régional)";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn eur(v: Decimal) -> Amount {
    Amount::new(v).unwrap()
}

struct Filed {
    dossier: Dossier,
    evaluation: Evaluation,
    bareme: Bareme,
}

fn filed() -> Filed {
    let dossier = grappe_core::demo::demo_dossier();
    let bareme = Bareme::default_bareme();
    let evaluation = evaluate(&dossier, &bareme);
    Filed {
        dossier,
        evaluation,
        bareme,
    }
}

impl Filed {
    fn follow(&self, suivi: &Suivi, as_of: NaiveDate) -> FollowUp {
        let mut dossier = self.dossier.clone();
        dossier.suivi = Some(suivi.clone());
        let up = follow(&dossier, &self.bareme, as_of);
        // The list's stage and deadlines, worked out without the expenses, are the same.
        assert_eq!(
            grappe_core::suivi::standing(&dossier, &self.bareme, as_of),
            (up.stage, up.deadlines.clone())
        );
        up
    }

    /// Filed on 02/04/2024, awarded as requested but the Fondation's MOA nouvelle solution
    /// lowered to 33 333,33 €; convention signed on 20/09/2024.
    fn awarded(&self) -> Suivi {
        let mut award = Award::as_requested(&self.evaluation.funding.lines);
        award.decision_reference = "ARS-HDF-2024-117".into();
        award.decision_date = Some(date(2024, 7, 10));
        award.convention_reference = "CONV-2024-117".into();
        award.convention_date = Some(date(2024, 9, 20));
        let line = award
            .lines
            .iter_mut()
            .find(|l| l.line.og == HORIZON && l.line.label == MOA_NEW)
            .unwrap();
        line.granted = eur(dec!(33333.33));
        Suivi {
            filing: Some(Filing {
                filed_on: date(2024, 4, 2),
                fingerprint: "abc".into(),
                bareme_version: "2023-2025.2".into(),
                dossier: Box::new(self.dossier.clone()),
            }),
            award: Some(award),
            ..Suivi::default()
        }
    }
}

fn enveloppe(og: &str, rule: &str, label: &str) -> EnveloppeKey {
    EnveloppeKey {
        og: og.into(),
        rule: rule.into(),
        label: label.into(),
    }
}

fn expense(day: NaiveDate, reference: &str, amount: Decimal, key: &EnveloppeKey) -> Expense {
    Expense {
        date: day,
        supplier: "Éditions Logicielles du Nord".into(),
        reference: reference.into(),
        amount: eur(amount),
        enveloppe: key.clone(),
        essms: None,
        piece: None,
        credit_note: false,
        entry: None,
        account: None,
    }
}

fn rules_at(f: &FollowUp, field: &str) -> Vec<String> {
    f.findings
        .iter()
        .filter(|x| x.field.as_deref() == Some(field))
        .map(|x| x.rule.clone())
        .collect()
}

#[test]
fn d_award_an_award_below_the_request_splits_its_tranches_to_the_cent() {
    let f = filed();
    let up = f.follow(&f.awarded(), date(2024, 9, 1));
    assert_eq!(up.stage, Stage::Attribue);
    // 462 000,00 requested; the MOA line lowered by 1 666,67.
    assert_eq!(up.total.requested, eur(dec!(462000.00)));
    assert_eq!(up.total.awarded, eur(dec!(460333.33)));
    let horizon = up.per_og.iter().find(|t| t.og == HORIZON).unwrap();
    assert_eq!(
        (horizon.requested, horizon.awarded),
        (eur(dec!(98500)), eur(dec!(96833.33)))
    );
    // 33 333,33 × 50 % = 16 666,665 → 16 666,67 at the start; the remainder, 16 666,66, on the targets.
    let moa = up
        .enveloppes
        .iter()
        .find(|e| e.key.og == HORIZON && e.key.label == MOA_NEW)
        .unwrap();
    assert_eq!(moa.awarded, eur(dec!(33333.33)));
    let start = up
        .tranches
        .iter()
        .find(|t| t.og == HORIZON && t.due_on == Due::ProjectStart)
        .unwrap();
    let targets = up
        .tranches
        .iter()
        .find(|t| t.og == HORIZON && t.due_on == Due::UsageTargets)
        .unwrap();
    assert_eq!(start.expected, eur(dec!(70166.67))); // 36 000 + 7 500 + 16 666,67 + 10 000
    assert_eq!(targets.expected, eur(dec!(26666.66))); // 16 666,66 + 10 000
                                                       // The start tranches fall due at the convention, the others at the targets deadline.
    assert_eq!(
        (start.due, targets.due),
        (Some(date(2024, 9, 20)), Some(date(2026, 6, 30)))
    );
    // Every sum equals its parts.
    let by_og = Amount::checked_sum(up.per_og.iter().map(|t| t.awarded)).unwrap();
    let by_tranche = Amount::checked_sum(up.tranches.iter().map(|t| t.expected)).unwrap();
    let by_enveloppe = Amount::checked_sum(up.enveloppes.iter().map(|e| e.awarded)).unwrap();
    assert_eq!(
        (by_og, by_tranche, by_enveloppe),
        (up.total.awarded, up.total.awarded, up.total.awarded)
    );
    assert!(up
        .findings
        .iter()
        .all(|x| x.rule != "D-AWARD" || x.severity == grappe_core::Severity::Info));
}

#[test]
fn d_award_a_line_not_requested_is_refused_and_one_above_the_request_is_flagged() {
    let f = filed();
    let mut suivi = f.awarded();
    let award = suivi.award.as_mut().unwrap();
    let mut extra = award.lines[0].clone();
    extra.line.og = BOIS_JOLI.into();
    extra.line.rule = "R-SMALL-AMOA".into();
    extra.line.label = "AMOA de pilotage du projet DUI — OG de petite taille".into();
    award.lines.push(extra);
    award.lines[0].granted = eur(dec!(61000));
    let up = f.follow(&suivi, date(2024, 9, 1));
    let last = award_len(&suivi) - 1;
    assert_eq!(rules_at(&up, &format!("suivi.award.lines[{last}].line")), ["D-AWARD"]);
    assert_eq!(rules_at(&up, "suivi.award.lines[0].granted"), ["D-AWARD"]);
    // The line not requested counts for nothing.
    assert_eq!(up.total.awarded, eur(dec!(461333.33)));
    // An award without a filing.
    suivi.filing = None;
    assert_eq!(
        rules_at(&f.follow(&suivi, date(2024, 9, 1)), "suivi.filing"),
        ["D-AWARD"]
    );
}

fn award_len(s: &Suivi) -> usize {
    s.award.as_ref().unwrap().lines.len()
}

#[test]
fn d_payments_a_payment_settles_the_start_then_spills_onto_the_next_tranche() {
    let f = filed();
    let mut suivi = f.awarded();
    suivi.payments.push(ReceivedPayment {
        date: date(2024, 10, 15),
        amount: eur(dec!(80000.00)),
        reference: "FMIS-0042".into(),
        og: HORIZON.into(),
        tranche: None,
        excess_understood: false,
    });
    let up = f.follow(&suivi, date(2024, 11, 1));
    let horizon: Vec<_> = up.tranches.iter().filter(|t| t.og == HORIZON).collect();
    // 80 000,00 = the start tranche (70 166,67) + 9 833,33 of the targets tranche.
    assert_eq!(
        (horizon[0].received, horizon[0].outstanding),
        (eur(dec!(70166.67)), Amount::ZERO)
    );
    assert_eq!(
        (horizon[1].received, horizon[1].outstanding),
        (eur(dec!(9833.33)), eur(dec!(16833.33)))
    );
    assert!(!horizon[0].overdue && !horizon[1].overdue);
    // Each euro is attached to an enveloppe: the MOA nouvelle solution got 16 666,67 + 9 833,33.
    let moa = up
        .enveloppes
        .iter()
        .find(|e| e.key.og == HORIZON && e.key.label == MOA_NEW)
        .unwrap();
    assert_eq!(moa.received, eur(dec!(26500.00)));
    let received = Amount::checked_sum(up.enveloppes.iter().filter(|e| e.key.og == HORIZON).map(|e| e.received));
    assert_eq!(received, Some(eur(dec!(80000.00))));
    // The other OGs' start tranches are overdue since the convention (20/09/2024).
    let tilleuls = up
        .tranches
        .iter()
        .find(|t| t.og == TILLEULS && t.due_on == Due::ProjectStart)
        .unwrap();
    assert_eq!(
        (tilleuls.expected, tilleuls.outstanding, tilleuls.overdue),
        (eur(dec!(260000)), eur(dec!(260000)), true)
    );
    assert!(up
        .deadlines
        .iter()
        .any(|d| d.overdue && d.label.contains("Les Tilleuls")));
    // Before its date a payment is not counted; a payment above what is due is reported.
    assert_eq!(f.follow(&suivi, date(2024, 10, 14)).total.received, Amount::ZERO);
    suivi.payments.push(ReceivedPayment {
        date: date(2024, 10, 20),
        amount: eur(dec!(20000.00)),
        reference: "FMIS-0043".into(),
        og: HORIZON.into(),
        tranche: Some(Due::UsageTargets),
        excess_understood: false,
    });
    let up = f.follow(&suivi, date(2024, 11, 1));
    assert_eq!(rules_at(&up, "suivi.payments[1].amount"), ["D-PAYMENTS"]);
    assert_eq!(
        up.per_og.iter().find(|t| t.og == HORIZON).unwrap().received,
        eur(dec!(96833.33))
    );
}

/// Every usage target reached on 31/03/2026.
fn reach_targets(f: &Filed, suivi: &mut Suivi) {
    suivi.indicators = measurable(f);
    let names: Vec<String> = suivi.indicators.iter().map(|i| i.indicator.clone()).collect();
    for &i in &f.evaluation.grappe.eligible {
        let et = f.dossier.essms[i].finess_et.as_str();
        suivi
            .measurements
            .push(measure(&names[0], Some(et), date(2026, 3, 31), dec!(85)));
        suivi
            .measurements
            .push(measure(&names[1], Some(et), date(2026, 3, 31), dec!(72.5)));
    }
    suivi
        .measurements
        .push(measure(&names[2], None, date(2026, 3, 31), dec!(120)));
    suivi
        .measurements
        .push(measure(&names[3], None, date(2026, 3, 31), dec!(55)));
}

#[test]
fn d_payments_a_conditional_tranche_is_sous_condition_until_the_targets_then_due_then_late_after_the_claim() {
    let f = filed();
    let mut suivi = f.awarded();
    let states = |up: &FollowUp, due_on: Due| -> Vec<TrancheState> {
        up.tranches
            .iter()
            .filter(|t| t.due_on == due_on)
            .map(|t| t.state)
            .collect()
    };
    let late_lines = |up: &FollowUp| {
        up.deadlines
            .iter()
            .filter(|d| d.label.starts_with("Versement en retard"))
            .count()
    };
    // Long after every date, nothing paid: the start tranches are late, the conditional ones
    // are not — what is missing is the proof, not the funder's payment.
    let up = f.follow(&suivi, date(2027, 6, 1));
    let starts = states(&up, Due::ProjectStart);
    assert!(starts.iter().all(|&s| s == TrancheState::Late));
    assert!(states(&up, Due::UsageTargets)
        .iter()
        .all(|&s| s == TrancheState::Conditional));
    assert!(up
        .tranches
        .iter()
        .filter(|t| t.due_on == Due::UsageTargets)
        .all(|t| !t.overdue));
    assert_eq!(late_lines(&up), starts.len());
    assert_eq!(TrancheState::Conditional.label(), "sous condition");

    // The targets reached: due (the solde is to be claimed), still not late.
    reach_targets(&f, &mut suivi);
    let up = f.follow(&suivi, date(2027, 6, 1));
    assert!(up.solde.ready, "{:?}", up.solde.missing);
    assert!(states(&up, Due::UsageTargets).iter().all(|&s| s == TrancheState::Due));
    assert_eq!(late_lines(&up), starts.len());

    // Claimed on 01/06/2027: expected within the barème's 60 days, late after.
    suivi.solde_requested_on = Some(date(2027, 6, 1));
    let up = f.follow(&suivi, date(2027, 7, 31));
    assert!(states(&up, Due::UsageTargets).iter().all(|&s| s == TrancheState::Due));
    let expected = up
        .deadlines
        .iter()
        .find(|d| d.label.starts_with("Versement du solde attendu"))
        .unwrap();
    assert_eq!(expected.date, Some(date(2027, 7, 31)));
    assert!(expected.label.contains("demandé le 01/06/2027"), "{}", expected.label);
    let up = f.follow(&suivi, date(2027, 8, 1));
    let conditional = states(&up, Due::UsageTargets);
    assert!(conditional.iter().all(|&s| s == TrancheState::Late));
    assert_eq!(late_lines(&up), starts.len() + conditional.len());
    assert!(up
        .deadlines
        .iter()
        .any(|d| d.overdue && d.label.contains("attendus depuis le 31/07/2027")));
}

#[test]
fn d_payments_a_payment_over_what_was_due_at_its_date_is_a_warning_until_understood() {
    let f = filed();
    let mut suivi = f.awarded();
    // 80 000,00 received on 15/10/2024 when 70 166,67 was due: 9 833,33 ahead.
    suivi.payments.push(ReceivedPayment {
        date: date(2024, 10, 15),
        amount: eur(dec!(80000.00)),
        reference: "FMIS-0042".into(),
        og: HORIZON.into(),
        tranche: None,
        excess_understood: false,
    });
    let up = f.follow(&suivi, date(2024, 11, 1));
    assert_eq!(up.payment_splits[0].ahead, eur(dec!(9833.33)));
    assert_eq!(up.payment_splits[0].excess, Amount::ZERO);
    let warning = up
        .findings
        .iter()
        .find(|x| x.field.as_deref() == Some("suivi.payments[0].amount"))
        .unwrap();
    assert!(
        warning
            .message
            .contains(&format!("{} de plus que la tranche attendue", eur(dec!(9833.33)).fr())),
        "{}",
        warning.message
    );
    // It still counts against the next tranche.
    let horizon: Vec<_> = up.tranches.iter().filter(|t| t.og == HORIZON).collect();
    assert_eq!(horizon[1].received, eur(dec!(9833.33)));
    // Understood: no more warning, the same settlement.
    suivi.payments[0].excess_understood = true;
    let again = f.follow(&suivi, date(2024, 11, 1));
    assert!(rules_at(&again, "suivi.payments[0].amount").is_empty());
    assert_eq!(again.tranches, up.tranches);
    assert!(again.payment_splits[0].understood);
}

#[test]
fn d_expenses_an_over_consumed_enveloppe_and_expenses_out_of_place_are_flagged() {
    let f = filed();
    let mut suivi = f.awarded();
    let complement = enveloppe(HORIZON, "R-REG-NEW", COMPLEMENT);
    suivi.expenses = vec![
        expense(date(2024, 10, 1), "F-1", dec!(5000.00), &complement),
        expense(date(2024, 12, 1), "F-2", dec!(3000.00), &complement),
        // Before the convention (20/09/2024).
        expense(
            date(2024, 9, 1),
            "F-3",
            dec!(1000.00),
            &enveloppe(HORIZON, "R-REG-NEW", EDITEUR),
        ),
        // An enveloppe the award does not hold.
        expense(
            date(2024, 10, 1),
            "F-4",
            dec!(500.00),
            &enveloppe(BOIS_JOLI, "R-SMALL-AMOA", "AMOA"),
        ),
        // After the date of the état: not counted yet.
        expense(date(2025, 3, 1), "F-5", dec!(700.00), &complement),
    ];
    let up = f.follow(&suivi, date(2025, 1, 31));
    let status = up.enveloppes.iter().find(|e| e.key == complement).unwrap();
    assert_eq!(status.spent, eur(dec!(8000.00)));
    assert_eq!(status.remaining, dec!(-500.00));
    assert_eq!(status.consumed_percent, Some(dec!(106.7))); // 8 000 ÷ 7 500
    assert_eq!(rules_at(&up, "suivi.expenses[1].amount"), ["D-EXPENSES"]);
    assert_eq!(rules_at(&up, "suivi.expenses[2].date"), ["D-EXPENSES"]);
    assert_eq!(rules_at(&up, "suivi.expenses[3].enveloppe"), ["D-EXPENSES"]);
    assert_eq!(up.total.spent, eur(dec!(9000.00)));
    assert_eq!(up.total.remaining, dec!(451333.33));
}

#[test]
fn d_crf_a_gap_over_the_threshold_needs_an_explanation() {
    let f = filed();
    let mut suivi = f.awarded();
    let editeur = enveloppe(HORIZON, "R-REG-NEW", EDITEUR);
    suivi.expenses = vec![expense(date(2025, 2, 1), "F-1", dec!(30000.00), &editeur)];
    let up = f.follow(&suivi, date(2026, 12, 31));
    let line = up.compte_rendu.iter().find(|g| g.enveloppe == editeur).unwrap();
    // 30 000 spent for 36 000 awarded: −6 000,00, −16,7 %.
    assert_eq!(
        (line.prevu, line.realise, line.ecart),
        (eur(dec!(36000)), eur(dec!(30000)), dec!(-6000.00))
    );
    assert_eq!(line.ecart_percent, Some(dec!(-16.7)));
    assert!(line.over_threshold && line.explanation.is_none());
    let unexplained = |up: &FollowUp| {
        let about = |m: &str| m.contains(EDITEUR) && m.contains("Fondation Horizon Handicap");
        up.findings
            .iter()
            .filter(|x| x.rule == "D-CRF" && about(&x.message))
            .count()
    };
    assert_eq!(unexplained(&up), 1);
    // After the project's end, an enveloppe far below its award is a reclaim risk.
    assert!(up
        .findings
        .iter()
        .any(|x| x.rule == "D-EXPENSES" && x.message.contains("reprise") && x.message.contains(EDITEUR)));
    suivi.explanations.push(Explanation {
        enveloppe: editeur.clone(),
        text: "Remise de l'éditeur sur les licences.".into(),
    });
    let up = f.follow(&suivi, date(2026, 12, 31));
    assert_eq!(unexplained(&up), 0);
    let line = up.compte_rendu.iter().find(|g| g.enveloppe == editeur).unwrap();
    assert_eq!(
        line.explanation.as_deref(),
        Some("Remise de l'éditeur sur les licences.")
    );
    // 33 000 spent: −8,3 %, within the 10 % threshold.
    suivi.expenses[0].amount = eur(dec!(33000.00));
    let up = f.follow(&suivi, date(2026, 12, 31));
    assert!(
        !up.compte_rendu
            .iter()
            .find(|g| g.enveloppe == editeur)
            .unwrap()
            .over_threshold
    );
    // Due six months after the end of the financial year in which the project ended (30/06/2026).
    let crf = up
        .deadlines
        .iter()
        .find(|d| d.label == "Compte rendu financier")
        .unwrap();
    assert_eq!(crf.date, Some(date(2027, 6, 30)));
}

/// The four usage targets of the demo: two percentages per ESSMS, a count and a percentage
/// for the grappe.
fn measurable(f: &Filed) -> Vec<Indicator> {
    let t = &f.dossier.usage_targets;
    vec![
        Indicator {
            indicator: t[0].indicator.clone(),
            target: dec!(80),
            unit: Unit::Percent,
            scope: Scope::Essms,
        },
        Indicator {
            indicator: t[1].indicator.clone(),
            target: dec!(70),
            unit: Unit::Percent,
            scope: Scope::Essms,
        },
        Indicator {
            indicator: t[2].indicator.clone(),
            target: dec!(100),
            unit: Unit::Count,
            scope: Scope::Grappe,
        },
        Indicator {
            indicator: t[3].indicator.clone(),
            target: dec!(50),
            unit: Unit::Percent,
            scope: Scope::Grappe,
        },
    ]
}

fn measure(indicator: &str, essms: Option<&str>, day: NaiveDate, value: Decimal) -> Measurement {
    Measurement {
        indicator: indicator.into(),
        essms: essms.map(Into::into),
        date: day,
        value,
        source: "export du DUI".into(),
    }
}

#[test]
fn d_indicators_and_d_solde_targets_per_essms_and_for_the_grappe_then_the_solde() {
    let f = filed();
    let mut suivi = f.awarded();
    // Not measurable yet: the solde is refused, each target named.
    let up = f.follow(&suivi, date(2026, 5, 1));
    assert!(!up.solde.ready);
    assert_eq!(up.solde.missing.len(), 4);
    assert_eq!(rules_at(&up, "usage_targets[0]"), ["D-INDICATORS"]);
    // 61 166,66 € claimed: the targets tranches (62 000,00 less 833,34 on the lowered MOA line).
    assert_eq!(up.solde.amount, eur(dec!(61166.66)));

    suivi.indicators = measurable(&f);
    let names: Vec<String> = suivi.indicators.iter().map(|i| i.indicator.clone()).collect();
    let essms: Vec<String> = f
        .evaluation
        .grappe
        .eligible
        .iter()
        .map(|&i| f.dossier.essms[i].finess_et.clone())
        .collect();
    assert_eq!(essms.len(), 20);
    for (k, et) in essms.iter().enumerate() {
        // One ESSMS below the DUI target (79 % for 80 %).
        let dui = if k == 3 { dec!(79) } else { dec!(85) };
        suivi
            .measurements
            .push(measure(&names[0], Some(et), date(2026, 3, 31), dui));
        suivi
            .measurements
            .push(measure(&names[1], Some(et), date(2026, 3, 31), dec!(72.5)));
        suivi
            .measurements
            .push(measure(&names[2], Some(et), date(2026, 3, 31), dec!(6)));
    }
    suivi
        .measurements
        .push(measure(&names[2], None, date(2026, 3, 31), dec!(120)));
    suivi
        .measurements
        .push(measure(&names[3], None, date(2026, 3, 31), dec!(55)));
    let up = f.follow(&suivi, date(2026, 5, 1));
    assert!(!up.targets[0].reached);
    assert_eq!(up.targets[0].essms_below, [essms[3].clone()]);
    assert!(up.targets[1].reached && up.targets[2].reached && up.targets[3].reached);
    assert_eq!(up.targets[2].latest, Some((date(2026, 3, 31), dec!(120))));
    assert!(!up.solde.ready);
    assert_eq!(up.solde.missing, [format!("« {} » : 1 ESSMS sous la cible", names[0])]);

    // Measured again later: the latest measurement counts; the solde can be claimed.
    suivi
        .measurements
        .push(measure(&names[0], Some(&essms[3]), date(2026, 4, 30), dec!(81)));
    let up = f.follow(&suivi, date(2026, 5, 1));
    assert!(up.targets.iter().all(|t| t.reached));
    assert!(up.solde.ready, "{:?}", up.solde.missing);
    assert!(up.deadlines.iter().any(|d| d.label == "Cibles d'usage atteintes"));
    // Not on a date before that measurement.
    assert!(!f.follow(&suivi, date(2026, 4, 29)).solde.ready);
}

#[test]
fn d_indicators_measurements_out_of_place_are_findings_on_their_field() {
    let f = filed();
    let mut suivi = f.awarded();
    suivi.indicators = measurable(&f);
    let names: Vec<String> = suivi.indicators.iter().map(|i| i.indicator.clone()).collect();
    suivi.measurements = vec![
        measure(&names[0], None, date(2026, 3, 31), dec!(85)), // per ESSMS: no ESSMS named
        measure(&names[3], Some("599011004"), date(2026, 3, 31), dec!(55)), // the grappe: an ESSMS named
        measure(&names[3], None, date(2026, 3, 31), dec!(120)), // a percentage over 100
        measure(&names[3], None, date(2027, 1, 1), dec!(60)),  // in the future
        measure("Indicateur inconnu", None, date(2026, 3, 31), dec!(1)), // no measurable form
        measure(&names[0], Some("999999999"), date(2026, 3, 31), dec!(85)), // not an ESSMS of the grappe
    ];
    let up = f.follow(&suivi, date(2026, 5, 1));
    for field in [
        "suivi.measurements[0].essms",
        "suivi.measurements[1].essms",
        "suivi.measurements[2].value",
        "suivi.measurements[3].date",
        "suivi.measurements[4].indicator",
        "suivi.measurements[5].essms",
    ] {
        assert_eq!(rules_at(&up, field), ["D-INDICATORS"], "{field}");
    }
    // The future measurement is not the latest at the date.
    assert_eq!(up.targets[3].latest, Some((date(2026, 3, 31), dec!(120))));
}

#[test]
fn the_stage_follows_the_dossier_from_draft_to_settled() {
    let f = filed();
    let day = date(2026, 12, 31);
    assert_eq!(f.follow(&Suivi::default(), day).stage, Stage::Brouillon);
    let mut suivi = f.awarded();
    let award = suivi.award.take();
    assert_eq!(f.follow(&suivi, day).stage, Stage::Depose);
    suivi.award = award;
    assert_eq!(f.follow(&suivi, day).stage, Stage::Attribue);
    for (og, amount) in [
        (TILLEULS, dec!(285000)),
        (HORIZON, dec!(96833.33)),
        (BOIS_JOLI, dec!(78500)),
    ] {
        suivi.payments.push(ReceivedPayment {
            date: date(2026, 9, 1),
            amount: eur(amount),
            reference: String::new(),
            og: og.into(),
            tranche: None,
            excess_understood: false,
        });
    }
    let up = f.follow(&suivi, day);
    assert_eq!(up.stage, Stage::Solde);
    assert_eq!(up.total.received, up.total.awarded);
    assert!(up.tranches.iter().all(|t| t.outstanding == Amount::ZERO));
}

#[test]
fn d_deadlines_the_list_shows_the_first_late_or_else_the_next_to_come() {
    use grappe_core::suivi::report::next_deadline;
    use grappe_core::suivi::Deadline;
    let due = |label: &str, day: NaiveDate, overdue: bool, milestone: bool| Deadline {
        key: String::new(),
        label: label.into(),
        date: Some(day),
        overdue,
        milestone,
    };
    // Worked out on 01/03/2026, by date.
    let deadlines = [
        due("Cibles d'usage atteintes", date(2026, 2, 1), false, true),
        due("Demande de versement du solde", date(2026, 6, 30), false, true),
        due("Compte rendu financier", date(2027, 6, 30), false, false),
    ];
    let table: [(NaiveDate, Option<(&str, bool)>); 4] = [
        (date(2026, 3, 1), Some(("Demande de versement du solde", false))),
        // A milestone past its date is never late: the next one comes.
        (date(2026, 7, 1), Some(("Compte rendu financier", false))),
        // Past its date unseen since: late now.
        (date(2027, 7, 1), Some(("Compte rendu financier", true))),
        (date(2026, 6, 30), Some(("Demande de versement du solde", false))),
    ];
    for (today, expected) in table {
        let got = next_deadline(&deadlines, today);
        assert_eq!(
            got.as_ref().map(|d| (d.label.as_str(), d.overdue)),
            expected,
            "au {today}"
        );
    }
    // A late payment comes first, whatever is due after it.
    let mut late = vec![due("Versement en retard : CCAS", date(2024, 9, 20), true, false)];
    late.extend(deadlines.iter().cloned());
    assert_eq!(
        next_deadline(&late, date(2026, 3, 1)).unwrap().label,
        "Versement en retard : CCAS"
    );
    // Undated deadlines are never shown as next.
    let undated = [Deadline {
        key: String::new(),
        date: None,
        ..deadlines[2].clone()
    }];
    assert_eq!(next_deadline(&undated, date(2026, 3, 1)), None);
}

mod sums {
    use super::*;
    use proptest::prelude::*;

    fn cents(max: u64) -> impl Strategy<Value = Amount> {
        (0..=max).prop_map(|c| eur(Decimal::new(c as i64, 2)))
    }

    proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            /// Whatever is awarded, paid and spent, every figure equals the sum of its parts to the
            /// cent, and no payment is counted twice.
            #[test]
            fn every_sum_equals_its_parts(
                granted in prop::collection::vec(cents(12_000_000), 23),
                payments in prop::collection::vec((0usize..3, cents(30_000_000), prop::option::of(prop::bool::ANY), 0i64..900), 0..12),
                expenses in prop::collection::vec((0usize..23, cents(5_000_000), 0i64..900), 0..30),
            ) {
                let f = filed();
                let mut suivi = f.awarded();
                let award = suivi.award.as_mut().unwrap();
                for (line, amount) in award.lines.iter_mut().zip(&granted) {
                    line.granted = *amount;
                }
                let ogs = [TILLEULS, HORIZON, BOIS_JOLI];
                let start = date(2024, 9, 20);
                suivi.payments = payments.iter().map(|(og, amount, start_tranche, day)| ReceivedPayment {
                    date: start + chrono::Days::new(*day as u64),
                    amount: *amount,
                    reference: String::new(),
                    og: ogs[*og].into(),
                    tranche: start_tranche.map(|s| if s { Due::ProjectStart } else { Due::UsageTargets }),
    excess_understood: false,
                }).collect();
                let lines = &f.evaluation.funding.lines;
                suivi.expenses = expenses.iter().map(|(line, amount, day)| {
                    let l = &lines[*line % lines.len()];
                    expense(start + chrono::Days::new(*day as u64), "F", amount.value(), &enveloppe(&l.og, &l.rule, &l.label))
                }).collect();
                let up = f.follow(&suivi, date(2026, 12, 31));
                let sum = |v: Vec<Amount>| Amount::checked_sum(v).unwrap();
                prop_assert_eq!(sum(up.per_og.iter().map(|t| t.awarded).collect()), up.total.awarded);
                prop_assert_eq!(sum(up.per_og.iter().map(|t| t.received).collect()), up.total.received);
                prop_assert_eq!(sum(up.per_og.iter().map(|t| t.spent).collect()), up.total.spent);
                prop_assert_eq!(sum(up.enveloppes.iter().map(|e| e.awarded).collect()), up.total.awarded);
                prop_assert_eq!(sum(up.tranches.iter().map(|t| t.expected).collect()), up.total.awarded);
                prop_assert_eq!(sum(up.tranches.iter().map(|t| t.received).collect()), up.total.received);
                for t in &up.tranches {
                    prop_assert_eq!(t.received.value() + t.outstanding.value(), t.expected.value());
                }
                prop_assert!(up.total.received <= sum(suivi.payments.iter().map(|p| p.amount).collect()));
                prop_assert_eq!(up.total.remaining, up.total.awarded.value() - up.total.spent.value());
            }
        }
}

#[test]
fn d_crf_charges_by_nature_sum_to_the_expenses_and_the_produits_name_this_subsidy() {
    use grappe_core::suivi::cerfa::THIS_SUBSIDY;
    use grappe_core::suivi::{EnveloppeNature, Nature, Resource, ResourceKind};
    let f = filed();
    let mut suivi = f.awarded();
    let editeur = enveloppe(HORIZON, "R-REG-NEW", EDITEUR);
    let moa = enveloppe(HORIZON, "R-REG-NEW", MOA_NEW);
    let from = |account: &str, x: Expense| Expense {
        account: Some(account.into()),
        ..x
    };
    let mut avoir = from("6156", expense(date(2025, 4, 1), "AV-1", dec!(500.00), &editeur));
    avoir.credit_note = true;
    suivi.expenses = vec![
        // From the accounts: maintenance (61) and a capitalised licence (2051: its enveloppe's nature).
        from("6156", expense(date(2025, 2, 1), "F-1", dec!(1200.00), &editeur)),
        from("2051", expense(date(2025, 2, 2), "F-2", dec!(20000.00), &editeur)),
        avoir,
        // Typed by hand: its enveloppe's nature (maîtrise d'ouvrage: 62 by default).
        expense(date(2025, 3, 1), "F-3", dec!(4000.00), &moa),
        // After the date of the point: not counted.
        from("6226", expense(date(2027, 1, 5), "F-4", dec!(999.00), &moa)),
    ];
    suivi.compte_rendu.resources = vec![
        Resource {
            kind: ResourceKind::Subvention,
            label: "Conseil départemental du Nord".into(),
            prevu: eur(dec!(10000)),
            realise: eur(dec!(8000)),
        },
        Resource {
            kind: ResourceKind::ContributionsVolontaires,
            label: "Bénévolat".into(),
            prevu: eur(dec!(2000)),
            realise: eur(dec!(1500)),
        },
    ];
    suivi.compte_rendu.indirect_prevu = eur(dec!(3000));
    suivi.compte_rendu.indirect_realise = eur(dec!(2500.50));
    let up = f.follow(&suivi, date(2026, 12, 31));
    let c = &up.cerfa;
    let charge = |code: &str| c.charges.iter().find(|r| r.code == code).unwrap();
    assert_eq!(c.charges.len(), 10, "60 to 68 and the indirect charges");
    assert_eq!(charge("61").realise, dec!(700.00));
    assert_eq!(charge("60").realise, dec!(20000.00));
    assert_eq!(charge("62").realise, dec!(4000.00));
    let direct: Decimal = c.charges.iter().filter(|r| !r.code.is_empty()).map(|r| r.realise).sum();
    assert_eq!(direct, up.total.spent.value());
    assert_eq!(direct, dec!(24700.00));
    assert_eq!(c.total_charges.realise, dec!(27200.50));
    // Prévu: the awarded enveloppes by nature; everything awarded is somewhere.
    let prevu: Decimal = c.charges.iter().filter(|r| !r.code.is_empty()).map(|r| r.prevu).sum();
    assert_eq!(prevu, up.total.awarded.value());
    // The two 6156 lines by their account; the licence (2051) and the typed one by their enveloppe.
    assert_eq!((c.by_account, c.by_enveloppe), (2, 2));
    // The produits: this subsidy as awarded and received, the other funder by name.
    let this = c.products.iter().find(|r| r.label == THIS_SUBSIDY).unwrap();
    assert_eq!(
        (this.code.as_str(), this.prevu, this.realise),
        ("74", up.total.awarded.value(), up.total.received.value())
    );
    let other = c
        .products
        .iter()
        .find(|r| r.label.contains("Conseil départemental du Nord"))
        .unwrap();
    assert_eq!((other.ecart, other.ecart_percent), (dec!(-2000), Some(dec!(-20.0))));
    assert_eq!(c.total_products.prevu, up.total.awarded.value() + dec!(10000));
    // 86 is the use of 87, to the same amounts.
    assert_eq!(
        (c.contributions_used.prevu, c.contributions_used.realise),
        (dec!(2000), dec!(1500))
    );
    assert_eq!(c.contributions.realise, c.contributions_used.realise);
    assert_eq!(c.total_charges_with_contributions.realise, dec!(28700.50));
    // The user gives the MOA enveloppe another nature: its prévu and its typed expense move.
    let before = charge("64").prevu;
    suivi.compte_rendu.natures = vec![EnveloppeNature {
        enveloppe: moa.clone(),
        nature: Nature::ChargesDePersonnel,
    }];
    let up = f.follow(&suivi, date(2026, 12, 31));
    let moved = up.cerfa.charges.iter().find(|r| r.code == "64").unwrap();
    assert_eq!(moved.realise, dec!(4000.00));
    assert_eq!(moved.prevu, before + dec!(33333.33));
    assert!(up.cerfa.natures.iter().any(|n| n.enveloppe == moa && n.chosen));
}
