//! What the wizard shows of an evaluation: the core's [`Evaluation`] with amounts and dates
//! formatted French style, so the UI never formats money itself.

use grappe_core::funding::due_text;
use grappe_core::Evaluation;
use serde::Serialize;

/// A UTC time from the store, as local time for display (`23/11/2026 10:00:12`).
pub(crate) fn local_time(at: chrono::NaiveDateTime) -> String {
    at.and_utc()
        .with_timezone(&chrono::Local)
        .format("%d/%m/%Y %H:%M:%S")
        .to_string()
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct EvaluationView {
    /// No blocking finding remains.
    pub eligible: bool,
    /// Decimal string (`"462000.00"`) and French display.
    pub total: String,
    pub total_fr: String,
    pub findings: Vec<FindingView>,
    /// « AAP régional (ARS) » or « AAP national (CNSA et DNS) ».
    pub channel: String,
    /// The ARS that receives a regional candidature.
    pub ars: Option<String>,
    pub multiregional: bool,
    pub bareme_version: String,
    pub essms_count: u32,
    pub excluded_count: u32,
    /// The grappe's size threshold (R-GRAPPE) and whether it is reached.
    pub min_essms: u32,
    pub size_reached: bool,
    pub corse_outre_mer: bool,
    pub small_ogs: Vec<String>,
    pub lines: Vec<LineView>,
    pub per_og: Vec<ShareView>,
    pub schedule: Vec<PaymentView>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FindingView {
    /// `blocking`, `warning` or `info`.
    pub severity: String,
    /// « Bloquant », « À vérifier », « Information ».
    pub severity_label: String,
    pub rule: String,
    pub message: String,
    /// Path of the field concerned (`essms[3].finess_et`).
    pub field: Option<String>,
}

impl From<&grappe_core::Finding> for FindingView {
    fn from(x: &grappe_core::Finding) -> Self {
        FindingView {
            severity: serde_json::to_value(x.severity)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            severity_label: x.severity.label().to_string(),
            rule: x.rule.clone(),
            message: x.message.clone(),
            field: x.field.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct LineView {
    pub rule: String,
    pub label: String,
    pub og_name: String,
    /// FINESS ET of the ESSMS for per-ESSMS lines.
    pub essms: Option<String>,
    pub quantity: u32,
    pub unit_fr: String,
    pub cap_fr: Option<String>,
    pub amount_fr: String,
    pub tranches: Vec<PaymentView>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ShareView {
    pub og: String,
    pub og_name: String,
    pub amount_fr: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PaymentView {
    pub label: String,
    /// The date, else the event it waits for (« au démarrage (date à fixer) »).
    pub due: String,
    pub amount_fr: String,
}

impl From<&Evaluation> for EvaluationView {
    fn from(e: &Evaluation) -> Self {
        let f = &e.funding;
        EvaluationView {
            eligible: e.eligible,
            total: f.total.to_string(),
            total_fr: f.total.fr(),
            findings: e.findings.iter().map(FindingView::from).collect(),
            channel: e.channel.label().to_string(),
            ars: e.ars.clone(),
            multiregional: e.multiregional,
            bareme_version: e.bareme_version.clone(),
            essms_count: e.grappe.essms_count,
            excluded_count: e.grappe.excluded_count,
            min_essms: e.grappe.min_essms,
            size_reached: e.grappe.size_reached,
            corse_outre_mer: e.grappe.corse_outre_mer,
            small_ogs: e.grappe.small_ogs.clone(),
            lines: f
                .lines
                .iter()
                .map(|l| LineView {
                    rule: l.rule.clone(),
                    label: l.label.clone(),
                    og_name: l.og_name.clone(),
                    essms: l.essms.clone(),
                    quantity: l.quantity,
                    unit_fr: l.unit_amount.fr(),
                    cap_fr: l.cap.map(|c| c.fr()),
                    amount_fr: l.amount.fr(),
                    tranches: l
                        .tranches
                        .iter()
                        .map(|t| PaymentView {
                            label: t.label.clone(),
                            due: due_text(t.due, t.due_on),
                            amount_fr: t.amount.fr(),
                        })
                        .collect(),
                })
                .collect(),
            per_og: f
                .per_og
                .iter()
                .map(|s| ShareView {
                    og: s.og.clone(),
                    og_name: s.og_name.clone(),
                    amount_fr: s.amount.fr(),
                })
                .collect(),
            schedule: f
                .schedule
                .iter()
                .map(|p| PaymentView {
                    label: p.label.clone(),
                    due: due_text(p.due, p.due_on),
                    amount_fr: p.amount.fr(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_evaluation_is_shown_french_style_and_its_parts_add_up() {
        let bareme = grappe_core::Bareme::default_bareme();
        let view = EvaluationView::from(&grappe_core::evaluate(&grappe_core::demo::demo_dossier(), &bareme));
        assert_eq!(view.total, "462000.00");
        assert_eq!(view.total_fr, "462\u{202f}000,00\u{a0}€");
        assert!(view.eligible);
        assert_eq!(view.channel, "AAP régional (ARS)");
        assert!(!view.lines.is_empty() && !view.per_og.is_empty() && !view.schedule.is_empty());
        assert!(view
            .findings
            .iter()
            .all(|f| ["blocking", "warning", "info"].contains(&f.severity.as_str())));
    }
}
