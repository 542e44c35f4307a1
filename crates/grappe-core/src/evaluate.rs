//! One call that checks a dossier against a barème and computes its funding.

use serde::Serialize;

use crate::bareme::{Bareme, Channel};
use crate::calendar;
use crate::eligibility::{self, Grappe};
use crate::findings::{Finding, Findings, Severity, DOSSIER_RULE};
use crate::funding::{self, Funding};
use crate::model::Dossier;

/// Everything the checks found and the funding computed, for one dossier and one barème.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// No blocking finding remains.
    pub eligible: bool,
    pub findings: Vec<Finding>,
    pub channel: Channel,
    /// INSEE code of the region of the ARS (regional channel), else null.
    pub region: Option<String>,
    /// Name of the ARS that receives a regional candidature.
    pub ars: Option<String>,
    pub multiregional: bool,
    pub bareme_version: String,
    pub grappe: Grappe,
    #[serde(flatten)]
    pub funding: Funding,
}

/// Checks `dossier` against `bareme` (every finding, not the first) and computes its funding.
pub fn evaluate(dossier: &Dossier, bareme: &Bareme) -> Evaluation {
    let mut findings = Findings::default();
    if dossier.name.trim().is_empty() {
        findings.warning(DOSSIER_RULE, Some("name".into()), "Donnez un nom à la grappe.".into());
    }
    if dossier.campaign.trim() != bareme.campaign.trim() {
        findings.warning(
            "D-BAREME-DATA",
            Some("campaign".into()),
            format!(
                "Le dossier vise la campagne « {} » mais le barème {} décrit la campagne « {} ».",
                dossier.campaign, bareme.version, bareme.campaign
            ),
        );
    }
    let grappe = eligibility::analyse(dossier, bareme, &mut findings);
    calendar::check(dossier, bareme, grappe.channel, grappe.multiregional, &mut findings);
    let funding = funding::compute(dossier, bareme, &grappe, &mut findings);
    check_commitments(dossier, &mut findings);

    let findings = findings.into_vec();
    let region = grappe.region();
    Evaluation {
        eligible: !findings.iter().any(|f| f.severity == Severity::Blocking),
        findings,
        channel: grappe.channel,
        region: region.map(|r| r.code.to_string()),
        ars: region.map(|r| r.ars.to_string()),
        multiregional: grappe.multiregional,
        bareme_version: bareme.version.clone(),
        grappe,
        funding,
    }
}

/// Usage targets (D-NO-INVENTION) and attached documents.
fn check_commitments(dossier: &Dossier, findings: &mut Findings) {
    let rule = "D-NO-INVENTION";
    if dossier.usage_targets.is_empty() {
        findings.warning(
            rule,
            Some("usage_targets".into()),
            "Aucune cible d'usage : saisissez les indicateurs et les cibles fixés par le cahier des charges de votre appel.".into(),
        );
    }
    for (i, t) in dossier.usage_targets.iter().enumerate() {
        if t.indicator.trim().is_empty() {
            findings.warning(
                rule,
                Some(format!("usage_targets[{i}].indicator")),
                format!("Cible d'usage n°{} sans indicateur.", i + 1),
            );
        } else if t.target.trim().is_empty() {
            findings.warning(
                rule,
                Some(format!("usage_targets[{i}].target")),
                format!(
                    "« {} » : saisissez la cible fixée par votre appel à projets (Grappe n'en invente aucune).",
                    t.indicator
                ),
            );
        }
    }
    for (i, item) in dossier.checklist.iter().enumerate() {
        if !item.attached {
            findings.warning(
                DOSSIER_RULE,
                Some(format!("checklist[{i}].attached")),
                format!("Pièce à joindre : {}.", item.document),
            );
        }
    }
}
