//! Le portefeuille (D-PORTFOLIO): each project's figures are those of its own follow-up, the
//! totals their sums, and the filters keep what they say.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use grappe_core::portfolio::{totals, Filter, ProjectRow};
use grappe_core::suivi::{follow, Filing, Stage};
use grappe_core::{demo, Bareme, Dossier};
use rust_decimal::Decimal;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Three projects: the demo being prepared, the demo filed, the demo followed (awarded, paid,
/// spent); the third under another client's name.
fn projects() -> Vec<Dossier> {
    let draft = demo::demo_dossier();
    let mut filed = draft.clone();
    filed.name = "Grappe déposée".into();
    filed.suivi = Some(grappe_core::suivi::Suivi {
        filing: Some(Filing {
            filed_on: date(2024, 4, 2),
            fingerprint: "abc".into(),
            bareme_version: "2023-2025.2".into(),
            dossier: Box::new(draft.clone()),
        }),
        ..Default::default()
    });
    let mut followed = demo::demo_followed();
    followed.name = "Grappe suivie".into();
    vec![draft, filed, followed]
}

#[test]
fn d_portfolio_each_row_is_its_own_follow_up_and_the_totals_their_sums() {
    let bareme = Bareme::default_bareme();
    let day = date(2025, 4, 30);
    let dossiers = projects();
    let rows: Vec<ProjectRow> = dossiers.iter().map(|d| ProjectRow::of(d, &bareme, day)).collect();
    for (d, r) in dossiers.iter().zip(&rows) {
        let up = follow(d, &bareme, day);
        assert_eq!(
            (r.awarded, r.received, r.spent, r.remaining, r.consumed_percent),
            (
                up.total.awarded.value(),
                up.total.received.value(),
                up.total.spent.value(),
                up.total.remaining,
                up.total.consumed_percent
            ),
            "{}",
            d.name
        );
        assert_eq!(r.stage, up.stage);
        assert_eq!(r.client, "Association Les Tilleuls Solidaires");
        assert_eq!(r.funder, "ARS Hauts-de-France");
    }
    assert_eq!(
        rows.iter().map(|r| r.stage).collect::<Vec<_>>(),
        [Stage::Brouillon, Stage::Depose, Stage::Attribue]
    );
    // The followed demo: 460 333,33 € awarded, 80 000 received, 30 450,50 spent; a tranche late.
    let followed = &rows[2];
    assert_eq!(followed.awarded, Decimal::new(46033333, 2));
    assert_eq!(followed.spent, Decimal::new(3045050, 2));
    assert!(
        followed.is_late() && followed.late_amount > Decimal::ZERO,
        "{followed:?}"
    );
    assert_eq!(rows[0].requested, rows[1].requested);
    assert!(rows[0].requested > Decimal::ZERO);
    let t = totals(&rows);
    assert_eq!(t.projects, 3);
    assert_eq!(t.awarded, rows.iter().map(|r| r.awarded).sum::<Decimal>());
    assert_eq!(t.requested, rows.iter().map(|r| r.requested).sum::<Decimal>());
    assert_eq!(t.spent, followed.spent);
    assert_eq!((t.late_projects, t.late_amount), (1, followed.late_amount));
    assert_eq!(t.consumed_percent, followed.consumed_percent);
}

#[test]
fn d_portfolio_filters_keep_what_they_say() {
    let bareme = Bareme::default_bareme();
    let rows: Vec<ProjectRow> = projects()
        .iter()
        .map(|d| ProjectRow::of(d, &bareme, date(2025, 4, 30)))
        .collect();
    let kept = |f: Filter| -> Vec<String> { rows.iter().filter(|r| f.keeps(r)).map(|r| r.name.clone()).collect() };
    assert_eq!(kept(Filter::default()).len(), 3);
    assert_eq!(
        kept(Filter {
            late_only: true,
            ..Filter::default()
        }),
        ["Grappe suivie"]
    );
    assert_eq!(
        kept(Filter {
            stage: Some(Stage::Depose),
            ..Filter::default()
        }),
        ["Grappe déposée"]
    );
    // Search: words of the name or client, accents and case ignored.
    assert_eq!(
        kept(Filter {
            search: "DEPOSEE".into(),
            ..Filter::default()
        }),
        ["Grappe déposée"]
    );
    assert_eq!(
        kept(Filter {
            search: "tilleuls suivie".into(),
            ..Filter::default()
        }),
        ["Grappe suivie"]
    );
    assert!(kept(Filter {
        funder: "ARS Bretagne".into(),
        ..Filter::default()
    })
    .is_empty());
    assert_eq!(
        kept(Filter {
            client: "Association Les Tilleuls Solidaires".into(),
            campaign: "2023-2025".into(),
            ..Filter::default()
        })
        .len(),
        3
    );
}

/// The row of a project kept for the days its span says it holds is, on each of those days,
/// the row worked out afresh: checked day by day over the demo's whole life (candidature,
/// filing, award, payments, expenses, targets, solde requested, project end, compte rendu).
#[test]
fn d_portfolio_a_row_holds_every_day_of_its_span() {
    let bareme = Bareme::default_bareme();
    let mut requested = demo::demo_followed();
    requested.name = "Solde demandé".into();
    if let Some(s) = requested.suivi.as_mut() {
        s.solde_requested_on = Some(date(2025, 9, 15));
        s.project_end = Some(date(2025, 12, 31));
    }
    let mut dossiers = projects();
    dossiers.push(requested);
    for d in &dossiers {
        let mut day = date(2024, 1, 1);
        let mut kept: Option<(ProjectRow, grappe_core::portfolio::Span)> = None;
        let mut spans = 0;
        while day <= date(2027, 6, 30) {
            match &kept {
                Some((row, span)) if span.holds(day) => {
                    assert_eq!(&ProjectRow::of(d, &bareme, day), row, "{} on {day}", d.name);
                }
                _ => {
                    let (row, span) = ProjectRow::with_span(d, &bareme, day);
                    assert!(span.holds(day), "{} on {day}: {span:?}", d.name);
                    kept = Some((row, span));
                    spans += 1;
                }
            }
            day = day.succ_opt().unwrap();
        }
        // A row holds for weeks, not a day: the memo is worth keeping.
        assert!(spans < 120, "{}: {spans} spans", d.name);
    }
}
