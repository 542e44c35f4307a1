//! Traced funding (D-TRACE): every line carries its rule, unit amount, quantity, cap, amount,
//! payment tranches and the OG it is paid to. Totals are exact decimals.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::bareme::{Bareme, Basis, CappedBy, Condition, Due, Lever, Line};
use crate::eligibility::Grappe;
use crate::file_format::compact;
use crate::findings::Findings;
use crate::model::{Dossier, Essms};
use crate::money::{format_eur, iso_date, Amount};

/// One funded amount, traced to the rule that grants it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FundingLine {
    pub rule: String,
    pub label: String,
    pub lever: Lever,
    /// Number of ESSMS (per-ESSMS lines) or 1 (per-project lines).
    pub quantity: u32,
    pub unit_amount: Amount,
    /// The declared cost or need that capped the line, when lower than `unit_amount × quantity`.
    pub cap: Option<Amount>,
    pub amount: Amount,
    /// FINESS EJ of the OG the line is paid to.
    pub og: String,
    /// Index of that OG in `dossier.ogs`.
    #[serde(skip)]
    pub og_index: usize,
    pub og_name: String,
    /// FINESS ET of the ESSMS, for lines capped per ESSMS.
    pub essms: Option<String>,
    pub tranches: Vec<Tranche>,
    /// The barème schedule its tranches follow (`moa`, `unique`).
    #[serde(skip)]
    pub payment: String,
}

/// A part of a line paid at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tranche {
    pub label: String,
    pub amount: Amount,
    pub due_on: Due,
    /// The date it falls due, from the dossier's project calendar (null until entered).
    #[serde(with = "iso_date::option")]
    pub due: Option<NaiveDate>,
}

/// The funding plan of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Funding {
    pub lines: Vec<FundingLine>,
    pub total: Amount,
    /// The total per OG paid, in the dossier's OG order; sums to `total`.
    pub per_og: Vec<OgShare>,
    /// The payments grouped by due moment; sums to `total`.
    pub schedule: Vec<Payment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OgShare {
    pub og: String,
    pub og_name: String,
    pub amount: Amount,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payment {
    pub label: String,
    pub due_on: Due,
    #[serde(with = "iso_date::option")]
    pub due: Option<NaiveDate>,
    pub amount: Amount,
}

/// Computes the funding lines of the eligible ESSMS and of the project.
pub fn compute(dossier: &Dossier, bareme: &Bareme, grappe: &Grappe, findings: &mut Findings) -> Funding {
    // The eligible ESSMS of each OG, in dossier order.
    let mut by_og: Vec<Vec<usize>> = vec![Vec::new(); dossier.ogs.len()];
    for &i in &grappe.eligible {
        if let Some(o) = grappe.essms_og[i] {
            by_og[o].push(i);
        }
    }
    let mut lines = Vec::new();
    for line in &bareme.lines {
        if line.channel.is_some_and(|c| c != grappe.channel) {
            continue;
        }
        match line.basis {
            Basis::PerEssms => per_essms_lines(dossier, bareme, grappe, &by_og, line, findings, &mut lines),
            Basis::PerProject => per_project_line(dossier, bareme, grappe, line, findings, &mut lines),
        }
    }
    // Checked sums: a barème whose figures overflow the decimal range gets a finding, never a
    // panic (validated barèmes are bounded so far below the range that this cannot happen).
    let Some(total) = Amount::checked_sum(lines.iter().map(|l| l.amount)) else {
        overflow(findings, "le total de la candidature");
        return Funding {
            lines: Vec::new(),
            total: Amount::ZERO,
            per_og: Vec::new(),
            schedule: Vec::new(),
        };
    };
    // Each part is at most the total: these sums cannot overflow once the total did not.
    let mut og_totals = vec![Amount::ZERO; dossier.ogs.len()];
    for l in &lines {
        og_totals[l.og_index] = og_totals[l.og_index].checked_add(l.amount).unwrap_or(total);
    }
    let per_og = dossier
        .ogs
        .iter()
        .zip(og_totals)
        .filter(|(_, amount)| *amount > Amount::ZERO)
        .map(|(og, amount)| OgShare {
            og: compact(&og.finess_ej),
            og_name: og.name.clone(),
            amount,
        })
        .collect();
    let schedule = schedule(&lines);
    Funding {
        lines,
        total,
        per_og,
        schedule,
    }
}

/// An amount that would leave the decimal range: reported, never computed.
fn overflow(findings: &mut Findings, what: &str) {
    findings.blocking(
        "D-BAREME-DATA",
        None,
        format!(
            "Le calcul de {what} dépasse les montants que Grappe sait représenter : vérifiez les montants du barème."
        ),
    );
}

/// The line's amount per unit; one the barème validation would refuse is reported, not used.
fn unit_amount(line: &Line, findings: &mut Findings) -> Option<Amount> {
    match Amount::new(line.amount) {
        Ok(unit) => Some(unit),
        Err(e) => {
            findings.blocking(
                &line.rule,
                None,
                format!("Ligne « {} » du barème : {e} ; elle n'est pas calculée.", line.label),
            );
            None
        }
    }
}

/// True when a condition that does not depend on the ESSMS holds.
fn project_condition(dossier: &Dossier, grappe: &Grappe, condition: Condition) -> bool {
    match condition {
        Condition::Referencee => grappe.referenced_solution,
        Condition::SmallOg => !grappe.small_ogs.is_empty(),
        Condition::CentraleAchat => dossier.centrale_achat,
        Condition::GrappeSize => grappe.size_reached,
    }
}

fn essms_condition(dossier: &Dossier, grappe: &Grappe, og: usize, condition: Condition) -> bool {
    match condition {
        Condition::SmallOg => grappe.og_small[og],
        other => project_condition(dossier, grappe, other),
    }
}

fn per_essms_lines(
    dossier: &Dossier,
    bareme: &Bareme,
    grappe: &Grappe,
    by_og: &[Vec<usize>],
    line: &Line,
    findings: &mut Findings,
    out: &mut Vec<FundingLine>,
) {
    let Some(unit) = unit_amount(line, findings) else {
        return;
    };
    // ESSMS receiving the line, grouped by OG in the dossier's OG order.
    for (o, og) in dossier.ogs.iter().enumerate() {
        if !line.requires.iter().all(|&c| essms_condition(dossier, grappe, o, c)) {
            continue;
        }
        let key = compact(&og.finess_ej);
        let receiving: Vec<(usize, &Essms)> = by_og[o]
            .iter()
            .map(|&i| (i, &dossier.essms[i]))
            .filter(|(_, e)| line.situation.is_none_or(|s| s == e.situation))
            .filter(|(_, e)| !(line.lever.is_software() && (e.software_already_funded || e.sons_order_signed)))
            .collect();
        if receiving.is_empty() {
            continue;
        }
        if line.capped_by == Some(CappedBy::EquipmentNeed) {
            for (i, e) in receiving {
                let Some(need) = e.equipment_need else {
                    findings.warning(
                        &line.rule,
                        Some(format!("essms[{i}].equipment_need")),
                        format!(
                            "« {} » : besoin en équipement non déclaré ; jusqu'à {} sont possibles pour cet ESSMS d'un OG de petite taille.",
                            e.name,
                            format_eur(line.amount)
                        ),
                    );
                    continue;
                };
                out.extend(make_line(
                    bareme,
                    line,
                    1,
                    unit,
                    Some(need),
                    (o, &key, &og.name),
                    Some(compact(&e.finess_et)),
                    dossier,
                    findings,
                ));
            }
        } else {
            out.extend(make_line(
                bareme,
                line,
                receiving.len() as u32,
                unit,
                None,
                (o, &key, &og.name),
                None,
                dossier,
                findings,
            ));
        }
    }
}

fn per_project_line(
    dossier: &Dossier,
    bareme: &Bareme,
    grappe: &Grappe,
    line: &Line,
    findings: &mut Findings,
    out: &mut Vec<FundingLine>,
) {
    if !line.requires.iter().all(|&c| project_condition(dossier, grappe, c)) {
        return;
    }
    // D-MEMBER: a porteur without eligible ESSMS gets no line (the finding names it).
    if !grappe.porteur_member {
        return;
    }
    let Some((porteur_index, porteur)) = grappe
        .porteur
        .as_deref()
        .and_then(|p| dossier.ogs.iter().enumerate().find(|(_, o)| compact(&o.finess_ej) == p))
    else {
        return;
    };
    let Some(unit) = unit_amount(line, findings) else {
        return;
    };
    let (declared, field) = match line.capped_by {
        Some(CappedBy::AmoaCost) => (dossier.declared_costs.amoa, "declared_costs.amoa"),
        Some(CappedBy::MarcheCost) => (dossier.declared_costs.marche, "declared_costs.marche"),
        _ => (None, ""),
    };
    if line.capped_by.is_some() && declared.is_none() {
        findings.warning(
            &line.rule,
            Some(field.to_string()),
            format!(
                "{} : coût non déclaré ; jusqu'à {} sont possibles.",
                line.label,
                format_eur(line.amount)
            ),
        );
        return;
    }
    out.extend(make_line(
        bareme,
        line,
        1,
        unit,
        declared,
        (porteur_index, &compact(&porteur.finess_ej), &porteur.name),
        None,
        dossier,
        findings,
    ));
}

#[allow(clippy::too_many_arguments)]
fn make_line(
    bareme: &Bareme,
    line: &Line,
    quantity: u32,
    unit: Amount,
    declared: Option<Amount>,
    (og_index, og, og_name): (usize, &str, &str),
    essms: Option<String>,
    dossier: &Dossier,
    findings: &mut Findings,
) -> Option<FundingLine> {
    let Some(gross) = unit.checked_mul(quantity) else {
        overflow(findings, &format!("la ligne « {} »", line.label));
        return None;
    };
    let (cap, amount) = match declared {
        Some(d) if d < gross => (Some(d), d),
        _ => (None, gross),
    };
    let Some(tranches) = tranches(bareme, &line.payment, amount, dossier) else {
        overflow(findings, &format!("l'échéancier de la ligne « {} »", line.label));
        return None;
    };
    Some(FundingLine {
        rule: line.rule.clone(),
        label: line.label.clone(),
        lever: line.lever,
        quantity,
        unit_amount: unit,
        cap,
        amount,
        og: og.to_string(),
        og_index,
        og_name: og_name.to_string(),
        essms,
        tranches,
        payment: line.payment.clone(),
    })
}

/// Splits an amount by the schedule's shares, to the cent; the last tranche takes the remainder
/// so that the tranches always sum to the amount exactly (R-MOA-SPLIT). `None` when a share
/// takes the arithmetic out of the decimal range (an unvalidated barème).
fn tranches(bareme: &Bareme, schedule: &str, amount: Amount, dossier: &Dossier) -> Option<Vec<Tranche>> {
    let Some(schedule) = bareme.schedule(schedule) else {
        return Some(Vec::new());
    };
    let parts = split(amount, schedule.tranches.iter().map(|t| t.share))?;
    Some(
        schedule
            .tranches
            .iter()
            .zip(parts)
            .map(|(t, amount)| Tranche {
                label: t.label.clone(),
                amount,
                due_on: t.due,
                due: due_date(dossier, t.due),
            })
            .collect(),
    )
}

/// Splits `amount` by `shares`, to the cent (half away from zero); the last part takes the
/// remainder, so that the parts always sum to the amount exactly. `None` when a share takes
/// the arithmetic out of the decimal range.
pub(crate) fn split(amount: Amount, shares: impl ExactSizeIterator<Item = Decimal>) -> Option<Vec<Amount>> {
    let mut left = amount.value();
    let count = shares.len();
    let mut out = Vec::with_capacity(count);
    for (k, share) in shares.enumerate() {
        let part = if k + 1 == count {
            left
        } else {
            amount
                .value()
                .checked_mul(share)?
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        };
        left = left.checked_sub(part)?;
        out.push(Amount::new(part.max(Decimal::ZERO)).unwrap_or_default());
    }
    Some(out)
}

fn due_date(dossier: &Dossier, due: Due) -> Option<NaiveDate> {
    match due {
        Due::ProjectStart => dossier.calendar.project_start,
        Due::UsageTargets => dossier.calendar.usage_targets_deadline,
    }
}

fn schedule(lines: &[FundingLine]) -> Vec<Payment> {
    let mut payments: Vec<Payment> = Vec::new();
    for t in lines.iter().flat_map(|l| &l.tranches) {
        match payments.iter_mut().find(|p| p.due_on == t.due_on) {
            // Tranches sum to their line's amount and lines to the checked total.
            Some(p) => p.amount = p.amount.checked_add(t.amount).unwrap_or(p.amount),
            None => payments.push(Payment {
                label: t.label.clone(),
                due_on: t.due_on,
                due: t.due,
                amount: t.amount,
            }),
        }
    }
    payments.sort_by_key(|p| p.due_on);
    payments
}

/// When a tranche or payment falls due, in French: its date, else the event it waits for.
pub fn due_text(due: Option<NaiveDate>, on: Due) -> String {
    match (due, on) {
        (Some(d), _) => crate::money::format_date(d),
        (None, Due::ProjectStart) => "au démarrage (date à fixer)".into(),
        (None, Due::UsageTargets) => "sur cibles (date à fixer)".into(),
    }
}
