//! Grappe's domain core: the model of an ESMS numérique candidature, FINESS numbers, the
//! barème, eligibility and traced funding.
//!
//! No IO at all: it takes values and returns values (and lists of findings rather than failing
//! at the first problem). Files are read by the callers and handed over as text.

pub mod advisor;
pub mod bareme;
pub mod calendar;
pub mod category;
pub mod comparison;
pub mod demo;
pub mod dossier_file;
pub mod eligibility;
pub mod evaluate;
pub mod file_format;
pub mod findings;
pub mod finess;
pub mod funding;
pub mod geography;
pub mod model;
pub mod money;
pub mod portfolio;
pub mod safe_text;
pub mod suivi;
pub mod territory;

pub use bareme::{Bareme, Channel};
pub use evaluate::{evaluate, Evaluation};
pub use file_format::{FileError, Problem};
pub use findings::{Finding, Severity};
pub use finess::{Finess, FinessError};
pub use funding::{Funding, FundingLine};
pub use model::Dossier;
pub use money::{format_date, format_eur, Amount};
pub use territory::Territory;
