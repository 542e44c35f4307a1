//! Le suivi, as the app's screens use it: the follow-up of a dossier at a date (every amount
//! formatted in Rust), and each action the user takes — filing, the award, a payment, an
//! expense and its piece, a measurable target, a measurement, an import — saved as one version.
//! What the user typed arrives as text and is refused with a French message naming the field.

mod accounting;
mod actions;
mod compte_rendu;
mod documents;
mod expense_page;
mod input;
mod view;
mod views;

pub use accounting::{
    accounting_mapping, accounting_preview, import_accounting, set_accounting_mapping, AccountRow, AccountingCache,
    AccountingPreview, LeftOutRow, TakenExpense, TakenRow,
};
pub use actions::{
    acknowledge_excess, add_expense, add_measurement, add_payment, attach_piece, delete_expense, delete_measurement,
    delete_payment, expense_columns, import_expenses, import_measurements, mark_filed, record_award, set_award_lines,
    set_compte_rendu, set_explanation, set_indicator, set_review, set_solde_requested, undo_last_change,
    update_expense, update_measurement, update_payment, ExpenseColumns, FieldColumn,
};
pub use documents::{generate_suivi_document, open_piece};
pub use expense_page::suivi_expenses;
pub use input::{
    AwardInput, DocumentRequest, ExpenseInput, GrantedLine, IndicatorInput, MeasurementInput, PaymentInput,
};
pub use view::{suivi_view, view_of};
pub use views::{
    AwardLineView, AwardView, CerfaRowView, CerfaView, CompteRenduInput, DeadlineView, EnveloppeView, ExpensePage,
    ExpenseRow, GapView, MeasurementRow, NatureView, PaymentRow, ResourceInput, SoldeView, SuiviDocument, SuiviView,
    TargetView, TotalView, TrancheView, CHART_DATES, EXPENSES_PER_PAGE, RECENT_MEASUREMENTS,
};
