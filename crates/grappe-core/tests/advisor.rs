//! The advisor: each suggestion with its effect worked out by hand, and equal to the difference
//! of the two evaluations.

#![allow(clippy::unwrap_used)] // tests may fail loudly

mod common;

use common::*;
use grappe_core::advisor::{advise, AdviceKind, Suggestion};
use grappe_core::model::Situation::{AlreadyEquipped, NewSolution};
use grappe_core::{Bareme, Dossier};

fn advice(d: &Dossier) -> Vec<Suggestion> {
    advise(d, &Bareme::default_bareme(), &eval(d))
}

fn one(d: &Dossier, kind: AdviceKind) -> Suggestion {
    let all = advice(d);
    let mut of_kind = all.iter().filter(|s| s.kind == kind);
    let s = of_kind
        .next()
        .unwrap_or_else(|| panic!("no {kind:?} in {all:#?}"))
        .clone();
    assert!(of_kind.next().is_none(), "{all:#?}");
    s
}

#[test]
fn forty_nine_equipped_new_essms_file_regionally_fifty_nationally() {
    // 49 new ESSMS, regional: 49 × (12 000 + 7 000) = 931 000.
    // 50, national: 50 × (1 000 + 2 000) = 150 000.
    let d49 = grappe("59", 49, NewSolution);
    let d50 = grappe("59", 50, NewSolution);
    assert_eq!(total(&eval(&d49)), euros(931_000));
    assert_eq!(total(&eval(&d50)), euros(150_000));
    let s = one(&d49, AdviceKind::Route);
    assert_eq!(s.rule, "R-ROUTE");
    assert_eq!(s.effect, euros(150_000 - 931_000));
    assert_eq!(s.effect_fr(), "−781\u{202f}000,00\u{a0}€");
    assert!(s.title.contains("AAP national"), "{}", s.title);
    let s = one(&d50, AdviceKind::Route);
    assert_eq!(s.effect, euros(781_000));
    assert!(
        s.title.contains("AAP régional") && s.detail.contains("« ESSMS 59-49 »"),
        "{s:?}"
    );
    // Far from the switch, nothing is said about it.
    assert!(advice(&grappe("59", 30, NewSolution))
        .iter()
        .all(|s| s.kind != AdviceKind::Route));
}

#[test]
fn fourteen_essms_miss_the_threshold_by_one() {
    // 14 equipped ESSMS: below 15, no MOA (it needs the size): 0. With one more: 15 × 5 000.
    let d = grappe("59", 14, AlreadyEquipped);
    assert_eq!(total(&eval(&d)), euros(0));
    let s = one(&d, AdviceKind::Threshold);
    assert_eq!(s.rule, "R-GRAPPE");
    assert_eq!(s.effect, euros(75_000));
    assert!(s.eligible_after);
    assert!(s.title.contains("1 ESSMS de plus"), "{}", s.title);
    // 14 new ESSMS: 14 × 12 000 = 168 000; 15 × 19 000 = 285 000.
    let s = one(&grappe("59", 14, NewSolution), AdviceKind::Threshold);
    assert_eq!(s.effect, euros(285_000 - 168_000));
    // Reached: nothing to say.
    assert!(advice(&grappe("59", 15, NewSolution))
        .iter()
        .all(|s| s.kind != AdviceKind::Threshold));
}

#[test]
fn an_og_declared_at_fourteen_is_small_at_fifteen_it_is_not() {
    // 15 equipped ESSMS (75 000) and a declared AMOA cost of 80 000: the small-OG AMOA line
    // (R-SMALL-AMOA, up to 100 000, capped at the cost) exists only when the OG manages fewer
    // than 15 ESSMS.
    let mut d = grappe("59", 15, AlreadyEquipped);
    d.declared_costs.amoa = Some(amount(80_000));
    d.ogs[0].managed_essms = Some(15);
    assert_eq!(total(&eval(&d)), euros(75_000));
    let s = one(&d, AdviceKind::SmallOg);
    assert_eq!(s.effect, euros(80_000));
    assert!(s.title.contains("déclaré à 14 ESSMS au lieu de 15"), "{}", s.title);
    d.ogs[0].managed_essms = Some(14);
    assert_eq!(total(&eval(&d)), euros(155_000));
    let s = one(&d, AdviceKind::SmallOg);
    assert_eq!(s.effect, euros(-80_000));
    assert!(s.detail.contains("ne serait plus un petit OG"), "{}", s.detail);
}

#[test]
fn a_référencement_starting_the_day_after_filing_loses_the_complement() {
    // 15 new ESSMS, regional, référencé from the day after filing: 15 × 19 000 = 285 000;
    // filed that day: 15 × (19 000 + 2 500) = 322 500.
    let mut d = grappe("59", 15, NewSolution);
    referenced(&mut d, filing().succ_opt().unwrap(), None);
    assert_eq!(total(&eval(&d)), euros(285_000));
    let s = one(&d, AdviceKind::Referencement);
    assert_eq!(s.effect, euros(37_500));
    assert_eq!(s.rule, "D-REFERENCE-DATE");
    assert!(s.title.contains("03/04/2024"), "{}", s.title);
}

#[test]
fn a_filing_outside_the_windows_is_moved_into_the_nearest_one() {
    // Filed on 01/10/2024, after the regional 2024 window (15/01–15/09/2024): the nearest day
    // in a window is its last; the amounts do not depend on it (0 €), the warning goes.
    let mut d = grappe("59", 15, NewSolution);
    d.filing_date = date(2024, 10, 1);
    assert!(has_finding(&eval(&d), grappe_core::Severity::Warning, "R-CALENDAR"));
    let s = one(&d, AdviceKind::Window);
    assert!(
        s.title.contains("15/09/2024") && s.title.contains("AAP régionaux 2024"),
        "{}",
        s.title
    );
    assert_eq!(s.effect, euros(0));
    // Inside a window: nothing to say.
    assert!(advice(&grappe("59", 15, NewSolution))
        .iter()
        .all(|s| s.kind != AdviceKind::Window));
}

#[test]
fn a_missing_finess_costs_what_its_essms_would_bring() {
    // 15 new ESSMS, one without FINESS ET: 14 counted, below the threshold: 14 × 12 000.
    let mut d = grappe("59", 15, NewSolution);
    d.essms[3].finess_et = String::new();
    assert_eq!(total(&eval(&d)), euros(168_000));
    let s = one(&d, AdviceKind::Exclusion);
    assert_eq!(s.effect, euros(285_000 - 168_000));
    assert!(s.title.contains("« ESSMS 59-3 »"), "{}", s.title);
}

#[test]
fn every_effect_is_the_difference_of_the_two_evaluations() {
    // On the demo and on crafted dossiers, each suggestion's total is the evaluation of a
    // changed dossier: the effect is after − now, to the cent, and suggestions come largest
    // gain first.
    let mut crafted = grappe("59", 49, NewSolution);
    crafted.ogs[0].managed_essms = Some(16);
    crafted.declared_costs.amoa = Some(amount(50_000));
    referenced(&mut crafted, filing().succ_opt().unwrap(), None);
    crafted.essms[0].finess_et = "12".into();
    for (d, expected) in [(grappe_core::demo::demo_dossier(), 0), (crafted, 4)] {
        let now = eval(&d);
        let all = advise(&d, &Bareme::default_bareme(), &now);
        assert!(all.len() >= expected, "{all:#?}");
        for s in &all {
            assert_eq!(s.effect, s.total_after.value() - now.funding.total.value(), "{s:?}");
        }
        assert!(all.windows(2).all(|w| w[0].effect >= w[1].effect));
    }
}
