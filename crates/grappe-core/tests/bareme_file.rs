//! The barème file's versions, the follow-up's figures as barème data, and the one check of a
//! barème a dossier file carries.

use chrono::NaiveDate;
use grappe_core::bareme::{SuiviRules, BAREME_FORMAT, BAREME_FORMAT_1};
use grappe_core::model::{CarriedBareme, CarriedError};
use grappe_core::{demo, Bareme};
use rust_decimal::Decimal;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid in this test")
}

#[test]
fn the_shipped_bareme_carries_the_follow_up_figures_and_is_written_as_format_2() {
    let shipped = Bareme::default_bareme();
    let rules = shipped.suivi.clone().expect("follow-up figures");
    assert_eq!(rules.gap_threshold, Decimal::TEN);
    assert_eq!(rules.compte_rendu_months_after_year_end, 6);
    assert!(shipped.to_json().contains(BAREME_FORMAT));
    assert_eq!(
        Bareme::from_json(&shipped.to_json()).expect("valid in this test"),
        shipped
    );
}

#[test]
fn a_bareme_without_follow_up_figures_is_still_a_format_1_file_with_its_old_fingerprint() {
    // The shipped barème as the previous release shipped it.
    let before = Bareme::from_json(include_str!("fixtures/bareme-2023-2025.2.json")).expect("valid in this test");
    assert_eq!(before.suivi, None);
    let written = before.to_json();
    assert!(
        written.contains(&format!("\"format\": \"{BAREME_FORMAT_1}\"")),
        "{written}"
    );
    assert_eq!(Bareme::from_json(&written).expect("valid in this test"), before);
    // Its figures are the shipped barème's.
    assert_eq!(
        before.suivi_rules(),
        Bareme::default_bareme().suivi.expect("valid in this test")
    );
    // A dossier file of that release, carrying only its fingerprint, is read with the shipped one.
    let carried = CarriedBareme::of(&before, true);
    assert!(carried.content.is_none());
    assert_eq!(carried.check("2023-2025"), Ok(None));
    assert!(Bareme::is_shipped_fingerprint(&before.fingerprint()));
}

#[test]
fn a_carried_bareme_is_checked_against_its_fingerprint_its_campaign_and_its_rules() {
    let mut own = Bareme::default_bareme();
    own.campaign = "2026".into();
    own.version = "2026.1".into();
    let carried = CarriedBareme::of(&own, false);
    assert_eq!(carried.check("2026"), Ok(Some(own.clone())));
    // Edited by hand after it was written.
    let mut altered = carried.clone();
    altered.content.as_mut().expect("valid in this test").lines[0].amount = Decimal::new(1, 0);
    assert_eq!(altered.check("2026"), Err(CarriedError::Altered));
    // Another campaign's barème.
    assert_eq!(carried.check("2027"), Err(CarriedError::Altered));
    // A barème of another installation, without its content.
    let unknown = CarriedBareme {
        content: None,
        ..carried.clone()
    };
    let e = unknown.check("2026").expect_err("refused in this test");
    assert!(matches!(e, CarriedError::Unknown { .. }));
    assert!(e.to_string().contains("« 2026 » version 2026.1"), "{e}");
    // Matching its fingerprint but not a valid barème.
    let mut invalid = own.clone();
    invalid.suivi = Some(SuiviRules {
        gap_threshold: Decimal::new(150, 0),
        compte_rendu_months_after_year_end: 6,
        solde_payment_days: None,
    });
    let e = CarriedBareme::of(&invalid, false)
        .check("2026")
        .expect_err("refused in this test");
    assert!(e.to_string().contains("suivi.gap_threshold"), "{e}");
}

#[test]
fn the_compte_rendu_due_date_and_the_gap_threshold_come_from_the_bareme() {
    let rules = SuiviRules {
        gap_threshold: Decimal::new(15, 0),
        compte_rendu_months_after_year_end: 6,
        solde_payment_days: None,
    };
    assert_eq!(rules.compte_rendu_due(day(2026, 3, 15)), Some(day(2027, 6, 30)));
    // The solde's delay: the barème's own, else the shipped barème's 60 days.
    assert_eq!(rules.solde_expected(day(2026, 3, 1)), Some(day(2026, 4, 30)));
    let thirty = SuiviRules {
        solde_payment_days: Some(30),
        ..rules.clone()
    };
    assert_eq!(thirty.solde_expected(day(2026, 3, 1)), Some(day(2026, 3, 31)));
    let three = SuiviRules {
        compte_rendu_months_after_year_end: 3,
        ..rules.clone()
    };
    assert_eq!(three.compte_rendu_due(day(2026, 12, 31)), Some(day(2027, 3, 31)));

    let dossier = demo::demo_followed();
    let mut bareme = Bareme::default_bareme();
    bareme.suivi = Some(three);
    let up = grappe_core::suivi::follow(&dossier, &bareme, day(2025, 4, 30));
    assert_eq!(up.gap_threshold, Decimal::new(15, 0));
    let end = dossier.calendar.usage_targets_deadline.expect("valid in this test");
    let due = up
        .deadlines
        .iter()
        .find(|d| d.label == "Compte rendu financier")
        .expect("valid in this test");
    assert_eq!(
        due.date,
        NaiveDate::from_ymd_opt(
            end.format("%Y").to_string().parse::<i32>().expect("valid in this test") + 1,
            3,
            31
        )
    );
    // The dossier's own threshold wins over the barème's.
    let mut own = dossier.clone();
    own.suivi.as_mut().expect("valid in this test").own_gap_threshold = Some(Decimal::new(5, 0));
    assert_eq!(
        grappe_core::suivi::follow(&own, &bareme, day(2025, 4, 30)).gap_threshold,
        Decimal::new(5, 0)
    );
}
