// Generated from the command table (crates/grappe-usecases/src/commands.rs) when
// `cargo test -p grappe-usecases` runs: do not edit. scripts/test.sh fails when it drifts.
import { call } from "./call";
import type { AccountRow } from "./bindings/AccountRow";
import type { AccountRule } from "./bindings/AccountRule";
import type { AccountingMapping } from "./bindings/AccountingMapping";
import type { AccountingPreview } from "./bindings/AccountingPreview";
import type { Address } from "./bindings/Address";
import type { AdoptedVariant } from "./bindings/AdoptedVariant";
import type { AdviceKind } from "./bindings/AdviceKind";
import type { AgendaWritten } from "./bindings/AgendaWritten";
import type { AmountBasis } from "./bindings/AmountBasis";
import type { AwardInput } from "./bindings/AwardInput";
import type { AwardLineView } from "./bindings/AwardLineView";
import type { AwardView } from "./bindings/AwardView";
import type { BackupRow } from "./bindings/BackupRow";
import type { BackupStatus } from "./bindings/BackupStatus";
import type { Bareme } from "./bindings/Bareme";
import type { BaremeCheck } from "./bindings/BaremeCheck";
import type { BaremeComparison } from "./bindings/BaremeComparison";
import type { BaremeProblem } from "./bindings/BaremeProblem";
import type { BaremeRow } from "./bindings/BaremeRow";
import type { BaremeSaved } from "./bindings/BaremeSaved";
import type { Basis } from "./bindings/Basis";
import type { CappedBy } from "./bindings/CappedBy";
import type { Category } from "./bindings/Category";
import type { CerfaRowView } from "./bindings/CerfaRowView";
import type { CerfaView } from "./bindings/CerfaView";
import type { Channel } from "./bindings/Channel";
import type { ChecklistItem } from "./bindings/ChecklistItem";
import type { ColumnMatch } from "./bindings/ColumnMatch";
import type { ComparedLine } from "./bindings/ComparedLine";
import type { Comparison } from "./bindings/Comparison";
import type { ComparisonRow } from "./bindings/ComparisonRow";
import type { CompteRenduInput } from "./bindings/CompteRenduInput";
import type { Condition } from "./bindings/Condition";
import type { Contact } from "./bindings/Contact";
import type { CountThreshold } from "./bindings/CountThreshold";
import type { DeadlineView } from "./bindings/DeadlineView";
import type { DeclaredCosts } from "./bindings/DeclaredCosts";
import type { DocumentRequest } from "./bindings/DocumentRequest";
import type { DocumentRow } from "./bindings/DocumentRow";
import type { Dossier } from "./bindings/Dossier";
import type { DossierRow } from "./bindings/DossierRow";
import type { Due } from "./bindings/Due";
import type { EnveloppeKey } from "./bindings/EnveloppeKey";
import type { EnveloppeNature } from "./bindings/EnveloppeNature";
import type { EnveloppeView } from "./bindings/EnveloppeView";
import type { Essms } from "./bindings/Essms";
import type { EssmsListView } from "./bindings/EssmsListView";
import type { EvaluationView } from "./bindings/EvaluationView";
import type { Existing } from "./bindings/Existing";
import type { ExpenseColumns } from "./bindings/ExpenseColumns";
import type { ExpenseInput } from "./bindings/ExpenseInput";
import type { ExpensePage } from "./bindings/ExpensePage";
import type { ExpenseRow } from "./bindings/ExpenseRow";
import type { FieldCheck } from "./bindings/FieldCheck";
import type { FieldColumn } from "./bindings/FieldColumn";
import type { FindingView } from "./bindings/FindingView";
import type { GapView } from "./bindings/GapView";
import type { Generated } from "./bindings/Generated";
import type { GrantedLine } from "./bindings/GrantedLine";
import type { ImportReport } from "./bindings/ImportReport";
import type { ImportedDossier } from "./bindings/ImportedDossier";
import type { IndicatorInput } from "./bindings/IndicatorInput";
import type { LeftOutRow } from "./bindings/LeftOutRow";
import type { Lever } from "./bindings/Lever";
import type { Line } from "./bindings/Line";
import type { LineKey } from "./bindings/LineKey";
import type { LineView } from "./bindings/LineView";
import type { MeasurementInput } from "./bindings/MeasurementInput";
import type { MeasurementRow } from "./bindings/MeasurementRow";
import type { Nature } from "./bindings/Nature";
import type { NatureView } from "./bindings/NatureView";
import type { Og } from "./bindings/Og";
import type { OpenedDossier } from "./bindings/OpenedDossier";
import type { PaymentInput } from "./bindings/PaymentInput";
import type { PaymentRow } from "./bindings/PaymentRow";
import type { PaymentView } from "./bindings/PaymentView";
import type { Person } from "./bindings/Person";
import type { PortfolioFilter } from "./bindings/PortfolioFilter";
import type { PortfolioTotalsView } from "./bindings/PortfolioTotalsView";
import type { PortfolioView } from "./bindings/PortfolioView";
import type { ProjectCalendar } from "./bindings/ProjectCalendar";
import type { ProjectRowView } from "./bindings/ProjectRowView";
import type { RefRow } from "./bindings/RefRow";
import type { ReferenceStatus } from "./bindings/ReferenceStatus";
import type { Referencement } from "./bindings/Referencement";
import type { RejectedRow } from "./bindings/RejectedRow";
import type { ResourceInput } from "./bindings/ResourceInput";
import type { ResourceKind } from "./bindings/ResourceKind";
import type { Restored } from "./bindings/Restored";
import type { Schedule } from "./bindings/Schedule";
import type { Scope } from "./bindings/Scope";
import type { Sector } from "./bindings/Sector";
import type { ShareView } from "./bindings/ShareView";
import type { Situation } from "./bindings/Situation";
import type { SoldeView } from "./bindings/SoldeView";
import type { Solution } from "./bindings/Solution";
import type { SolutionRow } from "./bindings/SolutionRow";
import type { StoreProblem } from "./bindings/StoreProblem";
import type { SuggestionView } from "./bindings/SuggestionView";
import type { SuiviDocument } from "./bindings/SuiviDocument";
import type { SuiviRules } from "./bindings/SuiviRules";
import type { SuiviView } from "./bindings/SuiviView";
import type { TakenExpense } from "./bindings/TakenExpense";
import type { TakenRow } from "./bindings/TakenRow";
import type { TargetView } from "./bindings/TargetView";
import type { TerritoryThreshold } from "./bindings/TerritoryThreshold";
import type { Thresholds } from "./bindings/Thresholds";
import type { TotalView } from "./bindings/TotalView";
import type { TrancheRule } from "./bindings/TrancheRule";
import type { TrancheState } from "./bindings/TrancheState";
import type { TrancheView } from "./bindings/TrancheView";
import type { Unit } from "./bindings/Unit";
import type { UnreadFile } from "./bindings/UnreadFile";
import type { UsageTarget } from "./bindings/UsageTarget";
import type { VariantRow } from "./bindings/VariantRow";
import type { VariantsView } from "./bindings/VariantsView";
import type { VersionRow } from "./bindings/VersionRow";
import type { Window } from "./bindings/Window";
import type { WindowChannel } from "./bindings/WindowChannel";
import type { WindowRow } from "./bindings/WindowRow";

export type {
  AccountRow, AccountRule, AccountingMapping, AccountingPreview, Address, AdoptedVariant, AdviceKind, AgendaWritten,
  AmountBasis, AwardInput, AwardLineView, AwardView, BackupRow, BackupStatus, Bareme, BaremeCheck,
  BaremeComparison, BaremeProblem, BaremeRow, BaremeSaved, Basis, CappedBy, Category, CerfaRowView,
  CerfaView, Channel, ChecklistItem, ColumnMatch, ComparedLine, Comparison, ComparisonRow, CompteRenduInput,
  Condition, Contact, CountThreshold, DeadlineView, DeclaredCosts, DocumentRequest, DocumentRow, Dossier,
  DossierRow, Due, EnveloppeKey, EnveloppeNature, EnveloppeView, Essms, EssmsListView, EvaluationView,
  Existing, ExpenseColumns, ExpenseInput, ExpensePage, ExpenseRow, FieldCheck, FieldColumn, FindingView,
  GapView, Generated, GrantedLine, ImportReport, ImportedDossier, IndicatorInput, LeftOutRow, Lever,
  Line, LineKey, LineView, MeasurementInput, MeasurementRow, Nature, NatureView, Og,
  OpenedDossier, PaymentInput, PaymentRow, PaymentView, Person, PortfolioFilter, PortfolioTotalsView, PortfolioView,
  ProjectCalendar, ProjectRowView, RefRow, ReferenceStatus, Referencement, RejectedRow, ResourceInput, ResourceKind,
  Restored, Schedule, Scope, Sector, ShareView, Situation, SoldeView, Solution,
  SolutionRow, StoreProblem, SuggestionView, SuiviDocument, SuiviRules, SuiviView, TakenExpense, TakenRow,
  TargetView, TerritoryThreshold, Thresholds, TotalView, TrancheRule, TrancheState, TrancheView, Unit,
  UnreadFile, UsageTarget, VariantRow, VariantsView, VersionRow, Window, WindowChannel, WindowRow,
};

export const listDossiers = () =>
  call<Array<DossierRow>>("list_dossiers", {});

export const newDossier = () =>
  call<number>("new_dossier", {});

export const duplicateDossier = (id: number) =>
  call<number>("duplicate_dossier", { id });

export const deleteDossier = (id: number) =>
  call<null>("delete_dossier", { id });

/** A dossier file, or an archive of a dossier with its pieces (a zip file). */
export const importDossier = (path: string) =>
  call<ImportedDossier>("import_dossier", { path });

/** A `.zip` path writes the archive of the dossier with its pieces. Refused with code "file_exists" when the file exists and `existing` is "keep": ask, then call again. */
export const exportDossier = (id: number, path: string, existing: Existing) =>
  call<null>("export_dossier", { id, path, existing });

export const storeProblem = () =>
  call<StoreProblem | null>("store_problem", {});

/** A copy of the whole store. Refused with code "file_exists" when the file exists and `existing` is "keep". */
export const backupStore = (path: string, existing: Existing) =>
  call<BackupRow>("backup_store", { path, existing });

export const backupStatus = () =>
  call<BackupStatus>("backup_status", {});

/** The current store is set aside (renamed, never deleted), the backup put in its place. */
export const restoreStoreBackup = (path: string) =>
  call<Restored>("restore_store_backup", { path });

/** Sets the unreadable store aside (returns where it went) and starts a new one. */
export const startFresh = () =>
  call<string>("start_fresh", {});

export const listBaremes = (date?: string | null) =>
  call<Array<BaremeRow>>("list_baremes", { date });

export const getBareme = (id: string) =>
  call<Bareme>("get_bareme", { id });

export const checkBareme = (bareme: Bareme) =>
  call<BaremeCheck>("check_bareme", { bareme });

export const saveBareme = (bareme: Bareme, previous?: string | null) =>
  call<BaremeSaved>("save_bareme", { bareme, previous });

export const deleteBareme = (id: string) =>
  call<null>("delete_bareme", { id });

export const importBareme = (path: string, existing: Existing) =>
  call<string>("import_bareme", { path, existing });

export const exportBareme = (id: string, path: string, existing: Existing) =>
  call<null>("export_bareme", { id, path, existing });

export const compareBareme = (id: number, to: string) =>
  call<BaremeComparison>("compare_bareme", { id, to });

export const listVariants = (id: number) =>
  call<VariantsView>("list_variants", { id });

export const makeVariant = (id: number, name: string) =>
  call<number>("make_variant", { id, name });

export const compareDossiers = (ids: Array<number>) =>
  call<Comparison>("compare_dossiers", { ids });

export const adoptVariant = (id: number, variant: number) =>
  call<AdoptedVariant>("adopt_variant", { id, variant });

export const adviseDossier = (id: number) =>
  call<Array<SuggestionView>>("advise_dossier", { id });

export const openDossier = (id: number) =>
  call<OpenedDossier>("open_dossier", { id });

export const saveDossier = (id: number, dossier: Dossier, description: string) =>
  call<EvaluationView>("save_dossier", { id, dossier, description });

export const dossierHistory = (id: number) =>
  call<Array<VersionRow>>("dossier_history", { id });

export const restoreVersion = (id: number, version: number) =>
  call<OpenedDossier>("restore_version", { id, version });

export const checkFiness = (text: string) =>
  call<FieldCheck>("check_finess", { text });

export const checkAmount = (text: string) =>
  call<FieldCheck>("check_amount", { text });

/** The FINESS categories of the nomenclature, open ones first. */
export const finessCategories = () =>
  call<Array<Category>>("finess_categories", {});

export const referenceStatus = () =>
  call<ReferenceStatus>("reference_status", {});

/** null when a newer search overtook this one before it ran. */
export const searchFiness = (text: string, departement?: string | null, sector?: Sector | null, limit?: number | null) =>
  call<Array<RefRow> | null>("search_finess", { text, departement, sector, limit });

export const etablissementsOfEj = (finessEj: string) =>
  call<Array<RefRow>>("etablissements_of_ej", { finessEj });

export const essmsFromReference = (finessEts: Array<string>, situation: Situation) =>
  call<Array<Essms>>("essms_from_reference", { finessEts, situation });

export const readEssmsList = (path: string) =>
  call<EssmsListView>("read_essms_list", { path });

export const listSolutions = () =>
  call<Array<SolutionRow>>("list_solutions", {});

/** Reports its progress in percent to `onProgress`. */
export const importFiness = (path: string, onProgress: (percent: number) => void) =>
  call<ImportReport>("import_finess", { path }, onProgress);

export const importSolutions = (path: string) =>
  call<ImportReport>("import_solutions", { path });

export const suggestedPdfPath = (id: number) =>
  call<string>("suggested_pdf_path", { id });

/** Refused with code "file_exists" when the PDF or an annex exists and `existing` is "keep". */
export const generateDossier = (id: number, path: string, annexes: boolean, existing: Existing, variants?: boolean | null) =>
  call<Generated>("generate_dossier", { id, path, annexes, existing, variants });

export const listDocuments = (id: number) =>
  call<Array<DocumentRow>>("list_documents", { id });

export const openDocument = (id: number, path: string) =>
  call<null>("open_document", { id, path });

/** The follow-up at a date (today when null). */
export const suiviView = (id: number, date?: string | null) =>
  call<SuiviView>("suivi_view", { id, date });

/** A page (from 0) of the expenses, the latest entered first, filtered by OG and enveloppe. */
export const suiviExpenses = (id: number, og: string | null, enveloppe: EnveloppeKey | null, page: number) =>
  call<ExpensePage>("suivi_expenses", { id, og, enveloppe, page });

export const markFiled = (id: number, filedOn: string) =>
  call<SuiviView>("mark_filed", { id, filedOn });

export const recordAward = (id: number, award: AwardInput) =>
  call<SuiviView>("record_award", { id, award });

export const setAwardLines = (id: number, lines: Array<GrantedLine>) =>
  call<SuiviView>("set_award_lines", { id, lines });

export const addPayment = (id: number, payment: PaymentInput) =>
  call<SuiviView>("add_payment", { id, payment });

export const updatePayment = (id: number, index: number, payment: PaymentInput) =>
  call<SuiviView>("update_payment", { id, index, payment });

export const deletePayment = (id: number, index: number) =>
  call<SuiviView>("delete_payment", { id, index });

export const acknowledgeExcess = (id: number, index: number, understood: boolean) =>
  call<SuiviView>("acknowledge_excess", { id, index, understood });

export const setSoldeRequested = (id: number, sentOn?: string | null) =>
  call<SuiviView>("set_solde_requested", { id, sentOn });

export const addExpense = (id: number, expense: ExpenseInput) =>
  call<SuiviView>("add_expense", { id, expense });

export const updateExpense = (id: number, index: number, expense: ExpenseInput) =>
  call<SuiviView>("update_expense", { id, index, expense });

export const deleteExpense = (id: number, index: number) =>
  call<SuiviView>("delete_expense", { id, index });

export const attachPiece = (id: number, index: number, path: string) =>
  call<SuiviView>("attach_piece", { id, index, path });

/** Opens a piece attached to the dossier (by its SHA-256) with the system's viewer. */
export const openPiece = (id: number, sha256: string) =>
  call<null>("open_piece", { id, sha256 });

export const setIndicator = (id: number, indicator: IndicatorInput) =>
  call<SuiviView>("set_indicator", { id, indicator });

export const addMeasurement = (id: number, measurement: MeasurementInput) =>
  call<SuiviView>("add_measurement", { id, measurement });

export const updateMeasurement = (id: number, index: number, measurement: MeasurementInput) =>
  call<SuiviView>("update_measurement", { id, index, measurement });

export const deleteMeasurement = (id: number, index: number) =>
  call<SuiviView>("delete_measurement", { id, index });

/** Undoes the dossier's last change, the version the screen shows (refused if another came). */
export const undoLastChange = (id: number, version: number) =>
  call<SuiviView>("undo_last_change", { id, version });

export const setReview = (id: number, review: string) =>
  call<SuiviView>("set_review", { id, review });

export const setExplanation = (id: number, enveloppe: EnveloppeKey, text: string) =>
  call<SuiviView>("set_explanation", { id, enveloppe, text });

/** The compte rendu's natures, other resources, indirect charges and their rule. */
export const setCompteRendu = (id: number, input: CompteRenduInput) =>
  call<SuiviView>("set_compte_rendu", { id, input });

/** Every dossier of the store at a date (today when null), one row each, filtered, with totals. */
export const portfolio = (date: string | null, filter: PortfolioFilter) =>
  call<PortfolioView>("portfolio", { date, filter });

/** The deadlines of the projects shown as an iCalendar file; refused with code "file_exists" when it exists and `existing` is "keep". */
export const exportAgenda = (date: string | null, filter: PortfolioFilter, path: string, existing: Existing) =>
  call<AgendaWritten>("export_agenda", { date, filter, path, existing });

/** The état de consommation par projet of the projects shown: the PDF and its workbook (.xlsx). */
export const portfolioDocument = (date: string | null, filter: PortfolioFilter, path: string, existing: Existing) =>
  call<Generated>("portfolio_document", { date, filter, path, existing });

export const importExpenses = (id: number, path: string, columns?: Array<ColumnMatch> | null) =>
  call<ImportReport>("import_expenses", { id, path, columns });

export const expenseColumns = (id: number, path: string) =>
  call<ExpenseColumns>("expense_columns", { id, path });

export const importMeasurements = (id: number, path: string) =>
  call<ImportReport>("import_measurements", { id, path });

export const accountingPreview = (id: number, path: string, mapping?: AccountingMapping | null) =>
  call<AccountingPreview>("accounting_preview", { id, path, mapping });

export const importAccounting = (id: number, path: string, mapping: AccountingMapping) =>
  call<ImportReport>("import_accounting", { id, path, mapping });

export const setAccountingMapping = (id: number, mapping: AccountingMapping) =>
  call<SuiviView>("set_accounting_mapping", { id, mapping });

/** Refused with code "file_exists" when the PDF or its workbook exists and `existing` is "keep". */
export const generateSuiviDocument = (id: number, request: DocumentRequest) =>
  call<Generated>("generate_suivi_document", { id, request });
