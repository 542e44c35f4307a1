//! One table-driven test per rule of domain.md (`R-…`, `D-…`), named after it, with the
//! expected amounts worked out by hand in the comments.

#![allow(clippy::unwrap_used)] // tests may fail loudly

mod common;

use common::*;
use grappe_core::bareme::{Channel, Due, Lever};
use grappe_core::category::Sector;
use grappe_core::model::Situation::{AlreadyEquipped, NewSolution};
use grappe_core::{Bareme, Severity};

#[test]
fn r_levers_software_and_moa_apply_independently_to_the_same_essms() {
    // 15 new ESSMS, regional: software 15 × 12 000 = 180 000 and MOA 15 × 7 000 = 105 000.
    let e = eval(&grappe("59", 15, NewSolution));
    let software: rust_decimal::Decimal = e
        .funding
        .lines
        .iter()
        .filter(|l| l.lever == Lever::Logiciel)
        .map(|l| l.amount.value())
        .sum();
    let moa: rust_decimal::Decimal = e
        .funding
        .lines
        .iter()
        .filter(|l| l.lever == Lever::Moa)
        .map(|l| l.amount.value())
        .sum();
    assert_eq!(software, euros(180_000));
    assert_eq!(moa, euros(105_000));
    assert_eq!(total(&e), euros(285_000));
}

#[test]
fn r_grappe_thresholds_15_metropole_8_corse_and_outre_mer() {
    // (ESSMS per département, size reached, MOA of equipped ESSMS at 5 000 each)
    type Case<'a> = (&'a [(&'a str, usize)], bool, i64);
    let cases: &[Case] = &[
        (&[("59", 14)], false, 0),
        (&[("59", 15)], true, 75_000),
        (&[("971", 7)], false, 0),
        (&[("971", 8)], true, 40_000),
        (&[("2A", 5), ("2B", 3)], true, 40_000),
        (&[("974", 4), ("976", 4)], true, 40_000),
        // A grappe mixing overseas and metropolitan ESSMS needs 15 (D-TERRITORY).
        (&[("971", 7), ("59", 1)], false, 0),
        (&[("971", 10), ("59", 5)], true, 75_000),
    ];
    for (deps, reached, moa) in cases {
        let mut d = grappe("59", 0, AlreadyEquipped);
        let o = d.ogs[0].clone();
        for (dep, n) in deps.iter() {
            for i in 0..*n {
                d.essms.push(essms(dep, i, &o, AlreadyEquipped));
            }
        }
        let e = eval(&d);
        assert_eq!(e.grappe.size_reached, *reached, "{deps:?}");
        assert_eq!(sum(&e, "R-REG-EQUIPPED", ""), euros(*moa), "{deps:?}");
        assert_eq!(has_finding(&e, Severity::Blocking, "R-GRAPPE"), !reached, "{deps:?}");
        assert_eq!(e.eligible, *reached, "{deps:?}: {:?}", blocking(&e));
    }
}

#[test]
fn r_small_equip_up_to_20000_per_essms_capped_at_the_declared_need() {
    // A small OG (declares 3 ESSMS) with needs 30 000 (→ 20 000, the barème maximum),
    // 12 000 (→ 12 000, capped by the need) and none (→ no line, a warning).
    let mut d = grappe("59", 15, AlreadyEquipped);
    let small = og("62", 2, Some(3));
    for (i, need) in [Some(30_000), Some(12_000), None].into_iter().enumerate() {
        let mut x = essms("62", i, &small, AlreadyEquipped);
        x.equipment_need = need.map(amount);
        d.essms.push(x);
    }
    d.ogs.push(small.clone());
    let e = eval(&d);
    let lines: Vec<_> = e.funding.lines.iter().filter(|l| l.rule == "R-SMALL-EQUIP").collect();
    assert_eq!(lines.len(), 2);
    assert_eq!((lines[0].amount, lines[0].cap), (amount(20_000), None));
    assert_eq!((lines[1].amount, lines[1].cap), (amount(12_000), Some(amount(12_000))));
    assert!(lines
        .iter()
        .all(|l| l.og == small.finess_ej && l.unit_amount == amount(20_000)));
    assert_eq!(sum(&e, "R-SMALL-EQUIP", ""), euros(32_000));
    assert!(e
        .findings
        .iter()
        .any(|f| f.rule == "R-SMALL-EQUIP" && f.field.as_deref() == Some("essms[17].equipment_need")));
    // The big OG (declares 100) gets none, even with a declared need.
    let mut d2 = grappe("59", 15, AlreadyEquipped);
    d2.essms[0].equipment_need = Some(amount(10_000));
    assert_eq!(sum(&eval(&d2), "R-SMALL-EQUIP", ""), euros(0));
}

#[test]
fn r_small_amoa_up_to_100000_per_project_capped_at_the_declared_cost() {
    // (OG declares, declared AMOA cost, line amount, cap reported)
    let cases = [
        (Some(10), Some(80_000), Some(80_000), Some(80_000)),
        (Some(10), Some(120_000), Some(100_000), None),
        (Some(10), Some(100_000), Some(100_000), None),
        (Some(10), None, None, None),
        (Some(100), Some(80_000), None, None),
    ];
    for (managed, cost, expected, cap) in cases {
        let mut d = grappe("59", 15, NewSolution);
        d.ogs[0].managed_essms = managed;
        d.declared_costs.amoa = cost.map(amount);
        let e = eval(&d);
        let line = e.funding.lines.iter().find(|l| l.rule == "R-SMALL-AMOA");
        assert_eq!(line.map(|l| l.amount), expected.map(amount), "{managed:?} {cost:?}");
        assert_eq!(line.and_then(|l| l.cap), cap.map(amount), "{managed:?} {cost:?}");
        if let Some(l) = line {
            assert_eq!((l.quantity, l.og.as_str()), (1, d.porteur.as_str()));
        }
        // A small OG without a declared cost is told what it could receive.
        let warned = e
            .findings
            .iter()
            .any(|f| f.rule == "R-SMALL-AMOA" && f.field.as_deref() == Some("declared_costs.amoa"));
        assert_eq!(warned, managed == Some(10) && cost.is_none());
    }
}

#[test]
fn r_marche_up_to_15000_with_the_cnsa_purchasing_centre_and_a_small_og() {
    // (small OG, centrale d'achat, declared cost, line amount)
    let cases = [
        (true, true, Some(12_000), Some(12_000)),
        (true, true, Some(20_000), Some(15_000)),
        (true, false, Some(12_000), None),
        (false, true, Some(12_000), None),
        (true, true, None, None),
    ];
    for (small, centrale, cost, expected) in cases {
        let mut d = grappe("59", 15, NewSolution);
        d.ogs[0].managed_essms = Some(if small { 5 } else { 100 });
        d.centrale_achat = centrale;
        d.declared_costs.marche = cost.map(amount);
        let e = eval(&d);
        let line = e.funding.lines.iter().find(|l| l.rule == "R-MARCHE").map(|l| l.amount);
        assert_eq!(line, expected.map(amount), "{small} {centrale} {cost:?}");
    }
}

#[test]
fn r_route_49_essms_regional_50_national() {
    // 49 new, référencé, regional: 49 × (12 000 + 2 500 + 7 000) = 49 × 21 500 = 1 053 500.
    // 50 new, référencé, national: 50 × (1 000 + 3 000 + 2 000) = 50 × 6 000 = 300 000.
    let cases = [
        (49, Channel::Regional, 1_053_500, Some("32")),
        (50, Channel::National, 300_000, None),
    ];
    for (n, channel, expected, region) in cases {
        let mut d = grappe("59", n, NewSolution);
        referenced(&mut d, date(2023, 1, 1), None);
        let e = eval(&d);
        assert_eq!(e.channel, channel, "{n}");
        assert_eq!(total(&e), euros(expected), "{n}");
        assert_eq!(e.region.as_deref(), region, "{n}");
        assert!(has_finding(&e, Severity::Info, "R-ROUTE"));
    }
}

#[test]
fn r_reg_new_12000_editeur_2500_referenced_7000_moa() {
    // 16 new: 16 × 12 000 = 192 000; référencé 16 × 2 500 = 40 000; MOA 16 × 7 000 = 112 000.
    let mut d = grappe("59", 16, NewSolution);
    let e = eval(&d);
    assert_eq!(sum(&e, "R-REG-NEW", "Éditeur — acquisition"), euros(192_000));
    assert_eq!(sum(&e, "R-REG-NEW", "complément"), euros(0));
    assert_eq!(sum(&e, "R-REG-NEW", "Maîtrise"), euros(112_000));
    referenced(&mut d, date(2023, 1, 1), None);
    let e = eval(&d);
    assert_eq!(sum(&e, "R-REG-NEW", "complément"), euros(40_000));
    assert_eq!(total(&e), euros(344_000));
}

#[test]
fn r_reg_equipped_5000_moa_per_essms() {
    // 15 equipped: 15 × 5 000 = 75 000, and no software line.
    let e = eval(&grappe("59", 15, AlreadyEquipped));
    assert_eq!(total(&e), euros(75_000));
    assert!(e.funding.lines.iter().all(|l| l.rule == "R-REG-EQUIPPED"));
}

#[test]
fn r_nat_new_1000_editeur_3000_referenced_2000_moa() {
    // 60 new, not référencé: 60 × 1 000 + 60 × 2 000 = 180 000; référencé: + 60 × 3 000 = 360 000.
    let mut d = grappe("59", 60, NewSolution);
    assert_eq!(total(&eval(&d)), euros(180_000));
    referenced(&mut d, date(2023, 1, 1), None);
    let e = eval(&d);
    assert_eq!(sum(&e, "R-NAT-NEW", "complément"), euros(180_000));
    assert_eq!(total(&e), euros(360_000));
}

#[test]
fn r_nat_equipped_2000_moa_per_essms() {
    // 55 equipped, national: 55 × 2 000 = 110 000.
    let e = eval(&grappe("59", 55, AlreadyEquipped));
    assert_eq!(e.channel, Channel::National);
    assert_eq!(total(&e), euros(110_000));
    assert!(e.funding.lines.iter().all(|l| l.rule == "R-NAT-EQUIPPED"));
}

#[test]
fn r_moa_split_half_at_start_half_on_usage_targets_with_their_dates() {
    // 15 new: MOA 15 × 7 000 = 105 000 → 52 500 on 01/09/2024 and 52 500 on 30/06/2026.
    let e = eval(&grappe("59", 15, NewSolution));
    let moa = e.funding.lines.iter().find(|l| l.lever == Lever::Moa).unwrap();
    assert_eq!(moa.amount, amount(105_000));
    let tranches: Vec<_> = moa.tranches.iter().map(|t| (t.amount, t.due_on, t.due)).collect();
    assert_eq!(
        tranches,
        vec![
            (amount(52_500), Due::ProjectStart, Some(date(2024, 9, 1))),
            (amount(52_500), Due::UsageTargets, Some(date(2026, 6, 30))),
        ]
    );
    // Software is paid once, at the start: 15 × 12 000 = 180 000.
    let software = e.funding.lines.iter().find(|l| l.lever == Lever::Logiciel).unwrap();
    assert_eq!(software.tranches.len(), 1);
    assert_eq!(software.tranches[0].amount, amount(180_000));
    // The schedule: start 180 000 + 52 500 = 232 500; on targets 52 500.
    let schedule: Vec<_> = e.funding.schedule.iter().map(|p| (p.due, p.amount)).collect();
    assert_eq!(
        schedule,
        vec![
            (Some(date(2024, 9, 1)), amount(232_500)),
            (Some(date(2026, 6, 30)), amount(52_500))
        ]
    );
}

#[test]
fn r_moa_split_odd_cents_never_lose_a_cent() {
    // A barème paying 100.01 € of MOA per equipped ESSMS: 15 × 100.01 = 1 500.15,
    // split 750.08 (half, rounded half away from zero) + 750.07 (the remainder).
    let json = grappe_core::bareme::DEFAULT_BAREME_JSON.replace("\"amount\": \"5000.00\"", "\"amount\": \"100.01\"");
    let bareme = Bareme::from_json(&json).unwrap();
    let e = grappe_core::evaluate(&grappe("59", 15, AlreadyEquipped), &bareme);
    let line = &e.funding.lines[0];
    assert_eq!(line.amount.value(), "1500.15".parse().unwrap());
    let parts: Vec<String> = line.tranches.iter().map(|t| t.amount.to_string()).collect();
    assert_eq!(parts, ["750.08", "750.07"]);
}

#[test]
fn r_calendar_aap_windows() {
    // (filing date, channel size, inside a window)
    let cases = [
        (date(2023, 2, 14), 50, false),
        (date(2023, 2, 15), 50, true),
        (date(2023, 6, 15), 50, true),
        (date(2023, 6, 16), 50, false),
        (date(2023, 9, 15), 15, true),
        (date(2023, 9, 16), 15, false),
        (date(2024, 1, 14), 15, false),
        (date(2024, 1, 15), 15, true),
        (date(2024, 9, 15), 15, true),
        (date(2024, 2, 15), 50, true),
        (date(2024, 6, 16), 50, false),
        (date(2026, 11, 23), 15, false),
        // Every window has a start: a filing before the campaign is outside it.
        (date(2022, 12, 31), 15, false),
        (date(2023, 1, 1), 15, true),
    ];
    for (filing, n, inside) in cases {
        let mut d = grappe("59", n, AlreadyEquipped);
        d.filing_date = filing;
        d.calendar.project_start = Some(date(2026, 12, 1));
        d.calendar.usage_targets_deadline = Some(date(2027, 12, 1));
        let e = eval(&d);
        let outside = e
            .findings
            .iter()
            .any(|f| f.rule == "R-CALENDAR" && f.severity == Severity::Warning);
        assert_eq!(!outside, inside, "{filing} with {n} ESSMS");
    }
}

#[test]
fn r_sons_is_information_never_in_the_budget() {
    let mut d = grappe("59", 15, NewSolution);
    referenced(&mut d, date(2023, 1, 1), None);
    let e = eval(&d);
    assert!(has_finding(&e, Severity::Info, "R-SONS"));
    assert!(e.funding.lines.iter().all(|l| l.rule != "R-SONS"));
    // 15 × (12 000 + 2 500 + 7 000) = 322 500, nothing more.
    assert_eq!(total(&e), euros(322_500));
}

#[test]
fn d_bareme_data_figures_come_from_the_bareme_file() {
    // The same dossier under a barème paying 13 000 instead of 12 000 per new ESSMS (regional).
    let d = grappe("59", 15, NewSolution);
    let json =
        grappe_core::bareme::DEFAULT_BAREME_JSON.replacen("\"amount\": \"12000.00\"", "\"amount\": \"13000.00\"", 1);
    let bareme = Bareme::from_json(&json).unwrap();
    // 15 × (13 000 + 7 000) = 300 000 instead of 15 × (12 000 + 7 000) = 285 000.
    assert_eq!(total(&eval(&d)), euros(285_000));
    assert_eq!(grappe_core::evaluate(&d, &bareme).funding.total, amount(300_000));
    // Every rule of domain.md is carried by the default barème.
    let b = Bareme::default_bareme();
    let rules = b.rules();
    for rule in [
        "R-REG-NEW",
        "R-REG-EQUIPPED",
        "R-NAT-NEW",
        "R-NAT-EQUIPPED",
        "R-SMALL-EQUIP",
        "R-SMALL-AMOA",
        "R-MARCHE",
    ] {
        assert!(rules.contains_key(rule), "{rule}");
    }
    assert_eq!(b.thresholds.grappe_min_essms.rule, "R-GRAPPE");
    assert_eq!(b.thresholds.national_from_essms.rule, "R-ROUTE");
    assert!(b.schedules.iter().any(|s| s.rule == "R-MOA-SPLIT"));
    assert!(b.windows.iter().any(|w| w.rule == "R-CALENDAR"));
}

#[test]
fn d_bareme_data_a_barème_is_known_by_its_campaign_and_fingerprint() {
    let b = Bareme::default_bareme();
    assert_eq!(b.id(), "2023-2025");
    let sha = b.fingerprint();
    assert_eq!(sha.len(), 64);
    // Equal to the cent means the same fingerprint, whatever the trailing zeros of the file.
    let json =
        grappe_core::bareme::DEFAULT_BAREME_JSON.replacen("\"amount\": \"12000.00\"", "\"amount\": \"12000\"", 1);
    assert_ne!(json, grappe_core::bareme::DEFAULT_BAREME_JSON);
    assert_eq!(Bareme::from_json(&json).unwrap().fingerprint(), sha);
    // One cent more is another barème.
    let json =
        grappe_core::bareme::DEFAULT_BAREME_JSON.replacen("\"amount\": \"12000.00\"", "\"amount\": \"12000.01\"", 1);
    assert_ne!(Bareme::from_json(&json).unwrap().fingerprint(), sha);
}

#[test]
fn d_bareme_data_invalid_bareme_reports_every_problem_with_its_path() {
    let mut v: serde_json::Value = serde_json::from_str(grappe_core::bareme::DEFAULT_BAREME_JSON).unwrap();
    v["lines"][3]["amount"] = "-5000.00".into();
    v["lines"][5]["amount"] = "-1".into();
    // lines[9] becomes a copy of lines[0]: the same euro granted twice.
    v["lines"][9] = v["lines"][0].clone();
    v["schedules"][0]["tranches"][1]["share"] = "0.40".into();
    v["lines"][2]["payment"] = "inexistant".into();
    v["windows"][0]["from"] = "2023-07-01".into();
    let err = Bareme::from_json(&v.to_string()).unwrap_err();
    let messages: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
    let expected = [
        "lines[3].amount : doit être positif ou nul",
        "lines[5].amount : doit être positif ou nul",
        "lines[9] : recouvre lines[0]",
        "schedules[0].tranches : les parts totalisent 0.9 au lieu de 1",
        "lines[2].payment : échéancier « inexistant » inconnu",
        "windows[0].from : la date d'ouverture doit précéder la date de clôture",
    ];
    for e in expected {
        assert!(
            messages.iter().any(|m| m.starts_with(e)),
            "missing « {e} » in {messages:#?}"
        );
    }
    assert_eq!(messages.len(), expected.len(), "{messages:#?}");
}

#[test]
fn d_bareme_data_huge_figures_are_refused_with_their_path_never_a_panic() {
    let mut v: serde_json::Value = serde_json::from_str(grappe_core::bareme::DEFAULT_BAREME_JSON).unwrap();
    v["lines"][0]["amount"] = "79228162514264337593543950335".into();
    v["lines"][1]["amount"] = "100000000.01".into();
    v["thresholds"]["small_og_below"]["metropole"] = u32::MAX.into();
    v["thresholds"]["national_from_essms"]["value"] = u32::MAX.into();
    let err = Bareme::from_json(&v.to_string()).unwrap_err();
    let messages: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
    for e in [
        "lines[0].amount : doit être au plus 100 000 000,00 €",
        "lines[1].amount : doit être au plus 100 000 000,00 €",
        "thresholds.small_og_below.metropole : doit être au plus 100 000",
        "thresholds.national_from_essms.value : doit être au plus 100 000",
    ] {
        assert!(
            messages.iter().any(|m| m.starts_with(e)),
            "missing « {e} » in {messages:#?}"
        );
    }
    // The arithmetic itself never panics, even on a barème that skipped validation: an
    // overflow is a finding and the line is not computed.
    let mut b = Bareme::default_bareme();
    for line in &mut b.lines {
        line.amount = rust_decimal::Decimal::MAX;
    }
    b.schedules[0].tranches[0].share = rust_decimal::Decimal::MAX;
    let mut d = grappe("59", 15, NewSolution);
    d.declared_costs.amoa = Some(grappe_core::Amount::MAX);
    let e = grappe_core::evaluate(&d, &b);
    assert!(!e.eligible);
    assert_eq!(e.funding.total, grappe_core::Amount::ZERO);
    assert!(e
        .findings
        .iter()
        .any(|f| f.severity == Severity::Blocking && f.message.contains("n'est pas calculée")));
    // Amounts just under the line bound, times a large grappe: exact, no overflow.
    let mut b = Bareme::default_bareme();
    for line in &mut b.lines {
        line.amount = rust_decimal::Decimal::from(100_000_000);
    }
    let e = grappe_core::evaluate(&grappe("59", 2_000, AlreadyEquipped), &b);
    assert_eq!(total(&e), euros(200_000_000_000));
}

#[test]
fn d_territory_small_og_threshold_of_its_own_territory() {
    // (OG département, declared ESSMS, small) — 15 in metropolitan France, 8 in Corse/overseas.
    let cases = [
        ("59", Some(14), true),
        ("59", Some(15), false),
        ("2A", Some(7), true),
        ("2A", Some(8), false),
        ("97", Some(7), true),
        ("97", Some(9), false),
        // Not declared: its count in the grappe (here 16 ESSMS) is used.
        ("59", None, false),
    ];
    for (dep, managed, small) in cases {
        let mut d = grappe("59", 16, AlreadyEquipped);
        let mut o = if dep == "97" {
            let mut o = og("59", 1, managed);
            o.finess_ej = grappe_core::finess::with_key("97019001").unwrap().to_string();
            o
        } else {
            og(dep, 1, managed)
        };
        o.name = "OG testé".into();
        for e in &mut d.essms {
            e.og = o.finess_ej.clone();
        }
        d.porteur = o.finess_ej.clone();
        d.ogs = vec![o];
        let e = eval(&d);
        assert_eq!(!e.grappe.small_ogs.is_empty(), small, "{dep} {managed:?}");
    }
    // Counted in the grappe when not declared: 3 ESSMS of a second OG make it small.
    let mut d = grappe("59", 15, AlreadyEquipped);
    let second = og("62", 2, None);
    for i in 0..3 {
        d.essms.push(essms("62", i, &second, AlreadyEquipped));
    }
    d.ogs.push(second.clone());
    assert_eq!(eval(&d).grappe.small_ogs, vec![second.finess_ej]);
}

#[test]
fn d_small_lines_per_project_lines_need_one_small_og_and_go_to_the_porteur() {
    // Porteur big (100), second OG small (4): R-SMALL-AMOA 60 000 is paid to the porteur.
    let mut d = grappe("59", 15, NewSolution);
    let small = og("62", 2, Some(4));
    d.essms.push(essms("62", 0, &small, NewSolution));
    d.ogs.push(small);
    d.declared_costs.amoa = Some(amount(60_000));
    let e = eval(&d);
    let line = e.funding.lines.iter().find(|l| l.rule == "R-SMALL-AMOA").unwrap();
    assert_eq!((line.amount, line.og.as_str()), (amount(60_000), d.porteur.as_str()));
}

#[test]
fn d_reference_date_complement_only_when_valid_on_the_filing_date() {
    // Filing 02/04/2024, 15 new ESSMS: complement 15 × 2 500 = 37 500 when valid.
    let cases = [
        (date(2024, 4, 3), None, false),
        (date(2024, 4, 2), None, true),
        (date(2023, 1, 1), Some(date(2024, 4, 2)), true),
        (date(2023, 1, 1), Some(date(2024, 4, 1)), false),
    ];
    for (from, until, valid) in cases {
        let mut d = grappe("59", 15, NewSolution);
        referenced(&mut d, from, until);
        let e = eval(&d);
        let expected = if valid { 37_500 } else { 0 };
        assert_eq!(sum(&e, "R-REG-NEW", "complément"), euros(expected), "{from} {until:?}");
        assert_eq!(has_finding(&e, Severity::Warning, "D-REFERENCE-DATE"), !valid);
    }
}

#[test]
fn d_route_region_majority_tie_to_the_porteur_and_multiregional_flag() {
    // 10 in Nord (32 Hauts-de-France) + 6 in Rhône (84): Hauts-de-France, multi-regional.
    let mut d = grappe("59", 10, AlreadyEquipped);
    let o = d.ogs[0].clone();
    for i in 0..6 {
        d.essms.push(essms("69", i, &o, AlreadyEquipped));
    }
    let e = eval(&d);
    assert_eq!((e.region.as_deref(), e.multiregional), (Some("32"), true));
    assert_eq!(e.ars.as_deref(), Some("ARS Hauts-de-France"));
    assert!(has_finding(&e, Severity::Warning, "D-ROUTE-REGION"));

    // 8 in Rhône + 8 in Nord, porteur in Rhône: tie goes to the porteur's region (84).
    let mut d = grappe("59", 8, AlreadyEquipped);
    let porteur = og("69", 7, Some(100));
    for i in 0..8 {
        d.essms.push(essms("69", i, &porteur, AlreadyEquipped));
    }
    d.porteur = porteur.finess_ej.clone();
    d.ogs.push(porteur);
    assert_eq!(eval(&d).region.as_deref(), Some("84"));

    // One region only: not multi-regional.
    let e = eval(&grappe("2A", 8, AlreadyEquipped));
    assert_eq!((e.region.as_deref(), e.multiregional), (Some("94"), false));
}

#[test]
fn d_exclusions_each_case_is_reported_and_not_counted() {
    // 15 eligible ESSMS, plus one of each excluded kind.
    let mut d = grappe("59", 15, AlreadyEquipped);
    let o = d.ogs[0].clone();
    let mut no_finess = essms("59", 100, &o, AlreadyEquipped);
    no_finess.finess_et = String::new();
    let mut ej_as_et = essms("59", 101, &o, AlreadyEquipped);
    ej_as_et.finess_et = o.finess_ej.clone();
    let mut bad_key = essms("59", 102, &o, AlreadyEquipped);
    bad_key.finess_et = format!(
        "{}{}",
        &bad_key.finess_et[..8],
        (bad_key.finess_et.as_bytes()[8] - b'0' + 1) % 10
    );
    let duplicate = d.essms[3].clone();
    let mut hospital = essms("59", 103, &o, AlreadyEquipped);
    hospital.category = "355".into();
    let mut usld = essms("59", 104, &o, AlreadyEquipped);
    usld.category = "362".into();
    let mut unknown = essms("59", 105, &o, AlreadyEquipped);
    unknown.category = "999".into();
    d.essms
        .extend([no_finess, ej_as_et, bad_key, duplicate, hospital, usld, unknown]);
    let e = eval(&d);
    // 15 counted, and the unknown category too (D-CATEGORY: a warning, never a block):
    // 16 × 5 000 = 80 000.
    assert_eq!((e.grappe.essms_count, e.grappe.excluded_count), (16, 6));
    assert_eq!(total(&e), euros(80_000));
    let fields: Vec<_> = e
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Blocking && f.rule == "D-EXCLUSIONS")
        .map(|f| f.field.clone().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "essms[15].finess_et",
            "essms[16].finess_et",
            "essms[17].finess_et",
            "essms[18].finess_et",
            "essms[19].category",
            "essms[20].category",
        ]
    );
    assert!(e.findings.iter().any(|f| f.severity == Severity::Warning
        && f.rule == "D-CATEGORY"
        && f.field.as_deref() == Some("essms[21].sector")));
    assert!(!e.eligible);
}

#[test]
fn d_exclusions_already_funded_or_sons_signed_get_moa_lines_only() {
    // 15 new, référencé, of which one already funded and one SONS-signed, small OG with needs:
    // software 13 × 12 000 = 156 000, complement 13 × 2 500 = 32 500, MOA 15 × 7 000 = 105 000,
    // equipment 13 × 1 000 = 13 000 (the two flagged ESSMS get none).
    let mut d = grappe("59", 15, NewSolution);
    referenced(&mut d, date(2023, 1, 1), None);
    d.ogs[0].managed_essms = Some(15 - 1); // small
    for x in &mut d.essms {
        x.equipment_need = Some(amount(1_000));
    }
    d.essms[0].software_already_funded = true;
    d.essms[1].sons_order_signed = true;
    let e = eval(&d);
    assert_eq!(sum(&e, "R-REG-NEW", "Éditeur — acquisition"), euros(156_000));
    assert_eq!(sum(&e, "R-REG-NEW", "complément"), euros(32_500));
    assert_eq!(sum(&e, "R-REG-NEW", "Maîtrise"), euros(105_000));
    assert_eq!(sum(&e, "R-SMALL-EQUIP", ""), euros(13_000));
    let said: Vec<_> = e
        .findings
        .iter()
        .filter(|f| f.rule == "D-EXCLUSIONS")
        .map(|f| f.field.clone().unwrap())
        .collect();
    assert_eq!(said, ["essms[0].software_already_funded", "essms[1].sons_order_signed"]);
    assert!(e.eligible);
}

#[test]
fn d_trace_every_line_traced_and_distributions_sum_to_the_total() {
    let d = grappe_core::demo::demo_dossier();
    let e = eval(&d);
    for l in &e.funding.lines {
        assert!(l.rule.starts_with("R-"), "{l:?}");
        let gross = l.unit_amount * l.quantity;
        match l.cap {
            Some(cap) => assert!(cap < gross && l.amount == cap, "{l:?}"),
            None => assert_eq!(l.amount, gross, "{l:?}"),
        }
        assert!(d.og(&l.og).is_some(), "{l:?}");
        let tranches: grappe_core::Amount = l.tranches.iter().map(|t| t.amount).sum();
        assert_eq!(tranches, l.amount, "{l:?}");
    }
    let per_og: grappe_core::Amount = e.funding.per_og.iter().map(|s| s.amount).sum();
    let schedule: grappe_core::Amount = e.funding.schedule.iter().map(|p| p.amount).sum();
    assert_eq!(per_og, e.funding.total);
    assert_eq!(schedule, e.funding.total);
    // The demo, by hand: software 10 × 12 000 = 120 000; référencé 10 × 2 500 = 25 000;
    // MOA new 12 × 7 000 = 84 000; MOA equipped 8 × 5 000 = 40 000; equipment 65 500 + 30 500
    // = 96 000; AMOA 85 000 (declared); marché 12 000 (declared). Total 462 000.
    assert_eq!(e.funding.total, amount(462_000));
    let shares: Vec<_> = e.funding.per_og.iter().map(|s| s.amount).collect();
    // Tilleuls: 60 000 + 12 500 + 35 000 + 15 000 + 65 500 + 85 000 + 12 000 = 285 000;
    // Horizon: 36 000 + 7 500 + 35 000 + 20 000 = 98 500; CCAS: 24 000 + 5 000 + 14 000 + 5 000 + 30 500 = 78 500.
    assert_eq!(shares, [amount(285_000), amount(98_500), amount(78_500)]);
    assert_eq!(
        grappe_core::format_eur(e.funding.total.value()),
        "462\u{202F}000,00\u{00A0}€"
    );
}

#[test]
fn d_no_invention_targets_are_entered_by_the_user_never_invented() {
    let d = grappe_core::Dossier::new("x", "2023-2025", filing());
    assert_eq!(d.usage_targets.len(), 4);
    assert!(d.usage_targets.iter().all(|t| t.target.is_empty()));
    let mut d = grappe("59", 15, AlreadyEquipped);
    let e = eval(&d);
    assert_eq!(e.findings.iter().filter(|f| f.rule == "D-NO-INVENTION").count(), 4);
    for t in &mut d.usage_targets {
        t.target = "80 %".into();
    }
    assert!(!has_finding(&eval(&d), Severity::Warning, "D-NO-INVENTION"));
    d.usage_targets.clear();
    assert!(has_finding(&eval(&d), Severity::Warning, "D-NO-INVENTION"));
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let mut d = grappe("59", 3, AlreadyEquipped);
    d.porteur = "000000000".into();
    d.essms[0].finess_et = "123".into();
    d.essms[1].category = "101".into();
    d.calendar.usage_targets_deadline = Some(date(2024, 1, 1));
    let e = eval(&d);
    let rules: Vec<_> = e
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Blocking)
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(
        rules,
        ["DOSSIER", "D-EXCLUSIONS", "D-EXCLUSIONS", "R-GRAPPE", "R-MOA-SPLIT"]
    );
}

#[test]
fn d_member_an_og_without_eligible_essms_counts_for_nothing() {
    // A big porteur with 15 ESSMS, and a listed OG of 2 ESSMS whose ESSMS are all excluded
    // (health establishments), with AMOA and marché costs declared: without D-MEMBER the empty
    // OG would be « small » and unlock R-SMALL-AMOA and R-MARCHE.
    let mut d = grappe("59", 15, NewSolution);
    let empty = og("62", 2, None);
    for n in 0..2 {
        let mut hospital = essms("62", n, &empty, NewSolution);
        hospital.category = "355".into();
        d.essms.push(hospital);
    }
    let listed_only = og("62", 3, None);
    d.ogs.extend([empty.clone(), listed_only.clone()]);
    d.declared_costs.amoa = Some(amount(90_000));
    d.declared_costs.marche = Some(amount(12_000));
    d.centrale_achat = true;
    let e = eval(&d);
    assert!(e.grappe.small_ogs.is_empty(), "{:?}", e.grappe.small_ogs);
    for rule in ["R-SMALL-AMOA", "R-MARCHE", "R-SMALL-EQUIP"] {
        assert!(e.funding.lines.iter().all(|l| l.rule != rule), "{rule}");
    }
    // 15 × (12 000 + 7 000) = 285 000, all to the porteur.
    assert_eq!(total(&e), euros(285_000));
    assert!(e.funding.lines.iter().all(|l| l.og == d.porteur));
    // Both empty OGs are named in a warning on their own field.
    for (i, o) in [(1, &empty), (2, &listed_only)] {
        let field = format!("ogs[{i}]");
        assert!(
            e.findings.iter().any(|f| f.rule == "D-MEMBER"
                && f.severity == Severity::Warning
                && f.field.as_deref() == Some(field.as_str())
                && f.message.contains(&o.name)),
            "{field}"
        );
    }
}

#[test]
fn d_member_a_porteur_without_eligible_essms_receives_no_per_project_line() {
    // The porteur lists no ESSMS; the member OG is small (declares 4): the per-project lines
    // cannot be paid to a porteur outside the grappe, and it is told so.
    let mut d = grappe("59", 15, NewSolution);
    d.ogs[0].managed_essms = Some(4);
    let porteur = og("62", 9, None);
    d.porteur = porteur.finess_ej.clone();
    d.ogs.push(porteur);
    d.declared_costs.amoa = Some(amount(50_000));
    let e = eval(&d);
    assert_eq!(e.grappe.small_ogs.len(), 1);
    assert!(e.funding.lines.iter().all(|l| l.rule != "R-SMALL-AMOA"));
    assert!(e.findings.iter().any(|f| f.rule == "D-MEMBER"
        && f.field.as_deref() == Some("ogs[1]")
        && f.message.contains("désignez comme porteur")));
}

#[test]
fn d_category_real_categories_are_recognised_and_only_health_is_excluded() {
    // A grappe mixing EHPAD, FAM, foyer de vie, foyer d'hébergement, ESAT, CHRS, MECS, SSIAD,
    // accueil temporaire, EAM: every one is an ESSMS of its sector.
    let categories = [
        ("500", Sector::PersonnesAgees),
        ("437", Sector::PersonnesHandicapees),
        ("382", Sector::PersonnesHandicapees),
        ("252", Sector::PersonnesHandicapees),
        ("246", Sector::PersonnesHandicapees),
        ("214", Sector::DifficultesSpecifiques),
        ("177", Sector::ProtectionEnfance),
        ("354", Sector::PersonnesAgees),
        ("395", Sector::PersonnesHandicapees),
        ("448", Sector::PersonnesHandicapees),
    ];
    let mut d = grappe("59", 0, AlreadyEquipped);
    let o = d.ogs[0].clone();
    for (n, (code, _)) in categories.iter().cycle().take(20).enumerate() {
        let mut e = essms("59", n, &o, AlreadyEquipped);
        e.category = (*code).into();
        d.essms.push(e);
    }
    let e = eval(&d);
    assert!(e.eligible, "{:#?}", blocking(&e));
    assert_eq!(total(&e), euros(100_000));
    // A centre hospitalier is still excluded, with its reason.
    let mut hospital = essms("59", 99, &o, AlreadyEquipped);
    hospital.category = "355".into();
    d.essms.push(hospital);
    let e = eval(&d);
    assert_eq!((e.grappe.essms_count, e.grappe.excluded_count), (20, 1));
    // 20 × 5 000 (R-REG-EQUIPPED).
    assert_eq!(total(&e), euros(100_000));
    let by_sector = &e.grappe.by_sector;
    assert_eq!(by_sector[&Sector::PersonnesAgees], 4);
    assert_eq!(by_sector[&Sector::PersonnesHandicapees], 12);
    assert_eq!(by_sector[&Sector::DifficultesSpecifiques], 2);
    assert_eq!(by_sector[&Sector::ProtectionEnfance], 2);
    let excluded: Vec<_> = e.findings.iter().filter(|f| f.severity == Severity::Blocking).collect();
    assert_eq!(excluded.len(), 1, "{excluded:#?}");
    assert_eq!(excluded[0].field.as_deref(), Some("essms[20].category"));
    assert!(excluded[0].message.contains("établissement de santé"));
}

#[test]
fn d_category_an_unknown_category_asks_for_the_sector_and_the_stated_sector_settles_it() {
    let mut d = grappe("59", 15, AlreadyEquipped);
    d.essms[0].category = "998".into();
    let e = eval(&d);
    assert!(e.eligible, "a warning, not a block");
    assert_eq!(e.grappe.essms_count, 15);
    let asks = |e: &grappe_core::Evaluation| {
        e.findings
            .iter()
            .any(|f| f.rule == "D-CATEGORY" && f.field.as_deref() == Some("essms[0].sector"))
    };
    assert!(asks(&e));
    d.essms[0].sector = Some(Sector::PersonnesHandicapees);
    let e = eval(&d);
    assert!(!asks(&e));
    assert_eq!(e.grappe.by_sector[&Sector::PersonnesHandicapees], 1);
    // The agrégat of the FINESS file decides for a category the nomenclature lacks.
    d.essms[0].sector = None;
    d.essms[0].category_agregat = "1102".into();
    let e = eval(&d);
    assert_eq!(e.grappe.essms_count, 14, "a health agrégat excludes it");
}

#[test]
fn the_solution_check_looks_at_eligible_essms_only() {
    // Already-equipped grappe; the only « new solution » ESSMS is excluded: no solution is
    // needed, so no warning asks for one.
    let mut d = grappe("59", 15, AlreadyEquipped);
    d.solution = None;
    let o = d.ogs[0].clone();
    let mut hospital = essms("59", 50, &o, NewSolution);
    hospital.category = "355".into();
    d.essms.push(hospital);
    let e = eval(&d);
    assert!(!e.findings.iter().any(|f| f.field.as_deref() == Some("solution")));
}
