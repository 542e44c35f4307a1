//! Findings: what the checks found, all of them, each with its rule and place.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The dossier cannot be filed as it is.
    Blocking,
    /// Worth fixing or checking; does not prevent filing.
    Warning,
    /// Explains a decision (a line withheld, the channel chosen…).
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Blocking => "Bloquant",
            Severity::Warning => "À vérifier",
            Severity::Info => "Information",
        }
    }
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// The rule of domain.md behind the check (`R-GRAPPE`, `D-EXCLUSIONS`…), or `DOSSIER`
    /// for the completeness of the dossier itself.
    pub rule: String,
    /// French, for the user.
    pub message: String,
    /// Path of the value concerned in the dossier file (`essms[3].finess_et`), if any.
    pub field: Option<String>,
}

/// Rule id of completeness checks that no funding rule carries.
pub const DOSSIER_RULE: &str = "DOSSIER";

/// Collects findings in the order the checks run.
#[derive(Debug, Default)]
pub struct Findings(Vec<Finding>);

impl Findings {
    pub fn push(&mut self, severity: Severity, rule: &str, field: Option<String>, message: String) {
        self.0.push(Finding {
            severity,
            rule: rule.to_string(),
            message,
            field,
        });
    }

    pub fn blocking(&mut self, rule: &str, field: impl Into<Option<String>>, message: String) {
        self.push(Severity::Blocking, rule, field.into(), message);
    }

    pub fn warning(&mut self, rule: &str, field: impl Into<Option<String>>, message: String) {
        self.push(Severity::Warning, rule, field.into(), message);
    }

    pub fn info(&mut self, rule: &str, field: impl Into<Option<String>>, message: String) {
        self.push(Severity::Info, rule, field.into(), message);
    }

    /// Appends another list's findings after these.
    pub fn extend(&mut self, other: Findings) {
        self.0.extend(other.0);
    }

    pub fn into_vec(self) -> Vec<Finding> {
        self.0
    }
}
