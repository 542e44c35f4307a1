//! The one table of the app's commands. Each line names a use case (`module::function`), its
//! arguments and what it returns; from it come [`dispatch`] (what the shell calls: arguments
//! read from JSON, the use case run, its result as JSON) and [`signatures`] (from which the
//! TypeScript wrappers of `ui/src/commands.ts` are generated). A command is added here and
//! nowhere else: no name or argument key is written by hand in the UI.

use std::path::PathBuf;

use chrono::NaiveDate;

use grappe_core::bareme::Bareme;
use grappe_core::category::{Category, Sector};
use grappe_core::model::{Dossier, Essms, Situation};
use grappe_core::suivi::{AccountingMapping, ColumnMatch, EnveloppeKey};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::backups::{self, BackupRow, BackupStatus, Restored};
use crate::baremes::{self, BaremeCheck, BaremeComparison, BaremeRow, BaremeSaved};
use crate::dossiers::{self, DossierRow, ImportedDossier, OpenedDossier, VersionRow};
use crate::fields::{self, FieldCheck};
use crate::generation::{self, DocumentRow, Generated};
use crate::portfolio::{self, AgendaWritten, PortfolioFilter, PortfolioView};
use crate::reference::{self, EssmsListView, ImportReport, RefRow, ReferenceStatus, SolutionRow};
use crate::store_state::{self, StoreProblem};
use crate::suivi::{
    self, AccountingPreview, AwardInput, CompteRenduInput, DocumentRequest, ExpenseColumns, ExpenseInput, ExpensePage,
    GrantedLine, IndicatorInput, MeasurementInput, PaymentInput, SuiviView,
};
use crate::typescript::{ts, Arg, Signature};
use crate::variants::{self, AdoptedVariant, SuggestionView, VariantsView};
use crate::view::EvaluationView;
use crate::ErrorCode;
use crate::{AppError, Ctx};
use grappe_core::comparison::Comparison;
use grappe_dossier::Existing;

macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        $module:ident :: $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $out:ty $(, with $flag:ident)? ;
    )*) => {
        /// Runs the command `name` with its arguments: a JSON object keyed by the camelCase
        /// names of the use case's arguments.
        pub fn dispatch(ctx: &Ctx, name: &str, args: Value) -> Result<Value, AppError> {
            match name {
                $(stringify!($name) => {
                    #[derive(serde::Deserialize)]
                    #[serde(rename_all = "camelCase", deny_unknown_fields)]
                    struct Args { $($arg: $ty),* }
                    let Args { $($arg),* } = arguments::<Args>(name, args)?;
                    let out: $out = $module::$name(ctx, $($arg),*)?;
                    output(name, &out)
                })*
                _ => {
                    // The name is for the log; the user is told what to do.
                    log::warn!("commande inconnue : {name}");
                    Err(AppError::new(
                        ErrorCode::UnknownCommand,
                        "l'interface et l'application ne sont pas de la même version : réinstallez Grappe",
                    ))
                }
            }
        }

        /// Every command's signature, in the table's order.
        pub fn signatures() -> Vec<Signature> {
            vec![$(Signature {
                name: stringify!($name),
                doc: concat!($($doc, "\n"),*),
                args: vec![$(Arg { name: stringify!($arg), ty: ts::<$ty>() }),*],
                output: ts::<$out>(),
                progress: $(stringify!($flag) == "progress" ||)? false,
            }),*]
        }
    };
}

commands! {
    // The home screen (Accueil).
    dossiers::list_dossiers() -> Vec<DossierRow>;
    dossiers::new_dossier() -> i64;
    dossiers::duplicate_dossier(id: i64) -> i64;
    dossiers::delete_dossier(id: i64) -> ();
    /// A dossier file, or an archive of a dossier with its pieces (a zip file).
    dossiers::import_dossier(path: PathBuf) -> ImportedDossier;
    /// A `.zip` path writes the archive of the dossier with its pieces.
    /// Refused with code "file_exists" when the file exists and `existing` is "keep": ask, then call again.
    dossiers::export_dossier(id: i64, path: PathBuf, existing: Existing) -> ();
    store_state::store_problem() -> Option<StoreProblem>;
    /// A copy of the whole store. Refused with code "file_exists" when the file exists and `existing` is "keep".
    backups::backup_store(path: PathBuf, existing: Existing) -> BackupRow;
    backups::backup_status() -> BackupStatus;
    /// The current store is set aside (renamed, never deleted), the backup put in its place.
    backups::restore_store_backup(path: PathBuf) -> Restored;
    /// Sets the unreadable store aside (returns where it went) and starts a new one.
    store_state::start_fresh() -> String;

    baremes::list_baremes(date: Option<NaiveDate>) -> Vec<BaremeRow>;
    baremes::get_bareme(id: String) -> Bareme;
    baremes::check_bareme(bareme: Bareme) -> BaremeCheck;
    baremes::save_bareme(bareme: Bareme, previous: Option<String>) -> BaremeSaved;
    baremes::delete_bareme(id: String) -> ();
    baremes::import_bareme(path: PathBuf, existing: Existing) -> String;
    baremes::export_bareme(id: String, path: PathBuf, existing: Existing) -> ();
    baremes::compare_bareme(id: i64, to: String) -> BaremeComparison;

    variants::list_variants(id: i64) -> VariantsView;
    variants::make_variant(id: i64, name: String) -> i64;
    variants::compare_dossiers(ids: Vec<i64>) -> Comparison;
    variants::adopt_variant(id: i64, variant: i64) -> AdoptedVariant;
    variants::advise_dossier(id: i64) -> Vec<SuggestionView>;

    // The wizard.
    dossiers::open_dossier(id: i64) -> OpenedDossier;
    dossiers::save_dossier(id: i64, dossier: Dossier, description: String) -> EvaluationView;
    dossiers::dossier_history(id: i64) -> Vec<VersionRow>;
    dossiers::restore_version(id: i64, version: i64) -> OpenedDossier;
    fields::check_finess(text: String) -> FieldCheck;
    fields::check_amount(text: String) -> FieldCheck;
    /// The FINESS categories of the nomenclature, open ones first.
    fields::finess_categories() -> Vec<Category>;

    // Reference data.
    reference::reference_status() -> ReferenceStatus;
    /// null when a newer search overtook this one before it ran.
    reference::search_finess(
        text: String,
        departement: Option<String>,
        sector: Option<Sector>,
        limit: Option<usize>,
    ) -> Option<Vec<RefRow>>;
    reference::etablissements_of_ej(finess_ej: String) -> Vec<RefRow>;
    reference::essms_from_reference(finess_ets: Vec<String>, situation: Situation) -> Vec<Essms>;
    reference::read_essms_list(path: PathBuf) -> EssmsListView;
    reference::list_solutions() -> Vec<SolutionRow>;
    /// Reports its progress in percent to `onProgress`.
    reference::import_finess(path: PathBuf) -> ImportReport, with progress;
    reference::import_solutions(path: PathBuf) -> ImportReport;

    // Generation.
    generation::suggested_pdf_path(id: i64) -> String;
    /// Refused with code "file_exists" when the PDF or an annex exists and `existing` is "keep".
    generation::generate_dossier(id: i64, path: PathBuf, annexes: bool, existing: Existing, variants: Option<bool>) -> Generated;
    generation::list_documents(id: i64) -> Vec<DocumentRow>;
    generation::open_document(id: i64, path: String) -> ();

    // Le suivi.
    /// The follow-up at a date (today when null).
    suivi::suivi_view(id: i64, date: Option<NaiveDate>) -> SuiviView;
    /// A page (from 0) of the expenses, the latest entered first, filtered by OG and enveloppe.
    suivi::suivi_expenses(id: i64, og: Option<String>, enveloppe: Option<EnveloppeKey>, page: u32) -> ExpensePage;
    suivi::mark_filed(id: i64, filed_on: NaiveDate) -> SuiviView;
    suivi::record_award(id: i64, award: AwardInput) -> SuiviView;
    suivi::set_award_lines(id: i64, lines: Vec<GrantedLine>) -> SuiviView;
    suivi::add_payment(id: i64, payment: PaymentInput) -> SuiviView;
    suivi::update_payment(id: i64, index: usize, payment: PaymentInput) -> SuiviView;
    suivi::delete_payment(id: i64, index: usize) -> SuiviView;
    suivi::acknowledge_excess(id: i64, index: usize, understood: bool) -> SuiviView;
    suivi::set_solde_requested(id: i64, sent_on: Option<NaiveDate>) -> SuiviView;
    suivi::add_expense(id: i64, expense: ExpenseInput) -> SuiviView;
    suivi::update_expense(id: i64, index: usize, expense: ExpenseInput) -> SuiviView;
    suivi::delete_expense(id: i64, index: usize) -> SuiviView;
    suivi::attach_piece(id: i64, index: usize, path: PathBuf) -> SuiviView;
    /// Opens a piece attached to the dossier (by its SHA-256) with the system's viewer.
    suivi::open_piece(id: i64, sha256: String) -> ();
    suivi::set_indicator(id: i64, indicator: IndicatorInput) -> SuiviView;
    suivi::add_measurement(id: i64, measurement: MeasurementInput) -> SuiviView;
    suivi::update_measurement(id: i64, index: usize, measurement: MeasurementInput) -> SuiviView;
    suivi::delete_measurement(id: i64, index: usize) -> SuiviView;
    /// Undoes the dossier's last change, the version the screen shows (refused if another came).
    suivi::undo_last_change(id: i64, version: i64) -> SuiviView;
    suivi::set_review(id: i64, review: String) -> SuiviView;
    suivi::set_explanation(id: i64, enveloppe: EnveloppeKey, text: String) -> SuiviView;
    /// The compte rendu's natures, other resources, indirect charges and their rule.
    suivi::set_compte_rendu(id: i64, input: CompteRenduInput) -> SuiviView;
    /// Every dossier of the store at a date (today when null), one row each, filtered, with totals.
    portfolio::portfolio(date: Option<NaiveDate>, filter: PortfolioFilter) -> PortfolioView;
    /// The deadlines of the projects shown as an iCalendar file; refused with code "file_exists" when it exists and `existing` is "keep".
    portfolio::export_agenda(date: Option<NaiveDate>, filter: PortfolioFilter, path: PathBuf, existing: Existing) -> AgendaWritten;
    /// The état de consommation par projet of the projects shown: the PDF and its workbook (.xlsx).
    portfolio::portfolio_document(date: Option<NaiveDate>, filter: PortfolioFilter, path: PathBuf, existing: Existing) -> Generated;
    suivi::import_expenses(id: i64, path: PathBuf, columns: Option<Vec<ColumnMatch>>) -> ImportReport;
    suivi::expense_columns(id: i64, path: PathBuf) -> ExpenseColumns;
    suivi::import_measurements(id: i64, path: PathBuf) -> ImportReport;
    suivi::accounting_preview(id: i64, path: PathBuf, mapping: Option<AccountingMapping>) -> AccountingPreview;
    suivi::import_accounting(id: i64, path: PathBuf, mapping: AccountingMapping) -> ImportReport;
    suivi::set_accounting_mapping(id: i64, mapping: AccountingMapping) -> SuiviView;
    /// Refused with code "file_exists" when the PDF or its workbook exists and `existing` is "keep".
    suivi::generate_suivi_document(id: i64, request: DocumentRequest) -> Generated;
}

fn arguments<T: DeserializeOwned>(name: &str, args: Value) -> Result<T, AppError> {
    let args = if args.is_null() {
        Value::Object(Default::default())
    } else {
        args
    };
    // Never seen unless the interface and the application differ: the value concerned is
    // named, the details (serde's, in English) go to the log.
    serde_path_to_error::deserialize(args).map_err(|e| {
        log::warn!("{name} : arguments invalides : {e}");
        let at = e.path().to_string();
        AppError::new(
            ErrorCode::BadArguments,
            if at == "." {
                "l'interface a transmis une demande incomplète : rien n'a été fait".to_string()
            } else {
                format!("l'interface a transmis une valeur invalide (« {at} ») : rien n'a été fait")
            },
        )
    })
}

fn output(name: &str, out: &impl Serialize) -> Result<Value, AppError> {
    serde_json::to_value(out).map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("commande « {name} » : résultat impossible à transmettre ({e})"),
        )
    })
}
