//! Le suivi, as the app's screens use it: the follow-up of a dossier at a date (every amount
//! formatted in Rust), and each action the user takes — filing, the award, a payment, an
//! expense and its piece, a measurable target, a measurement, an import — saved as one version.
//! What the user typed arrives as text and is refused with a French message naming the field.

mod actions;
mod documents;
mod input;
mod view;
mod views;

pub use actions::{
    add_expense, add_measurement, add_payment, attach_piece, award_as_requested, delete_expense, import_expenses,
    import_measurements, mark_filed, set_award_line, set_explanation, set_indicator, set_review,
};
pub use documents::generate_suivi_document;
pub use input::{DecisionInput, DocumentRequest, ExpenseInput, IndicatorInput, MeasurementInput, PaymentInput};
pub use view::{suivi_expenses, suivi_view};
pub use views::{
    AwardLineView, AwardView, DeadlineView, EnveloppeView, ExpensePage, ExpenseRow, GapView, PaymentRow, SoldeView,
    SuiviDocument, SuiviView, TargetView, TotalView, TrancheView, CHART_DATES, EXPENSES_PER_PAGE,
};
