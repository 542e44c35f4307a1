//! Le suivi: after the filing, the award line by line, payments, expenses against enveloppes,
//! usage targets and their measurements, the solde, the compte rendu and what is due next
//! (`shared/domain.md`, D-AWARD … D-DEADLINES). No IO: [`follow`] takes a dossier with its
//! `suivi` — whose filing holds the candidature as filed, frozen: the award answers its
//! requested lines — and the barème it was filed with, and returns every figure at a date —
//! exact decimals, each sum equal to its parts to the cent — with every problem as a finding
//! on its field.

pub mod accounting;
pub mod cerfa;
pub mod enveloppes;
pub mod expenses;
mod follow;
pub mod indicators;
pub mod naming;
pub mod payments;
pub mod report;

pub use crate::model::suivi::{
    AccountRule, AccountingMapping, AmountBasis, Award, AwardLine, ColumnMatch, CompteRenduInputs, EnveloppeKey,
    EnveloppeNature, Expense, Explanation, Filing, Indicator, LineKey, Measurement, Nature, ReceivedPayment, Resource,
    ResourceKind, Scope, Suivi, Unit,
};
pub use cerfa::{Cerfa, CerfaRow, CERFA};
pub use enveloppes::{Enveloppe, ExpectedTranche};
pub use follow::{follow, standing, EnveloppeStatus, FollowUp, Stage, Totals};
pub use indicators::{suggested, TargetStatus};
pub use payments::{PaymentSplit, TrancheState, TrancheStatus};
pub use report::{Deadline, GapLine, Solde};
