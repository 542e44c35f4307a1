// Generated from the command table (crates/grappe-usecases/src/commands.rs) when
// `cargo test -p grappe-usecases` runs: do not edit. scripts/test.sh fails when it drifts.
import { call } from "./call";
import type { Address } from "./bindings/Address";
import type { Category } from "./bindings/Category";
import type { ChecklistItem } from "./bindings/ChecklistItem";
import type { Contact } from "./bindings/Contact";
import type { DeclaredCosts } from "./bindings/DeclaredCosts";
import type { DocumentRow } from "./bindings/DocumentRow";
import type { Dossier } from "./bindings/Dossier";
import type { DossierRow } from "./bindings/DossierRow";
import type { Essms } from "./bindings/Essms";
import type { EssmsListView } from "./bindings/EssmsListView";
import type { EvaluationView } from "./bindings/EvaluationView";
import type { FieldCheck } from "./bindings/FieldCheck";
import type { FindingView } from "./bindings/FindingView";
import type { Generated } from "./bindings/Generated";
import type { ImportReport } from "./bindings/ImportReport";
import type { LineView } from "./bindings/LineView";
import type { Og } from "./bindings/Og";
import type { OpenedDossier } from "./bindings/OpenedDossier";
import type { PaymentView } from "./bindings/PaymentView";
import type { Person } from "./bindings/Person";
import type { ProjectCalendar } from "./bindings/ProjectCalendar";
import type { RefRow } from "./bindings/RefRow";
import type { ReferenceStatus } from "./bindings/ReferenceStatus";
import type { Referencement } from "./bindings/Referencement";
import type { RejectedRow } from "./bindings/RejectedRow";
import type { Sector } from "./bindings/Sector";
import type { ShareView } from "./bindings/ShareView";
import type { Situation } from "./bindings/Situation";
import type { Solution } from "./bindings/Solution";
import type { SolutionRow } from "./bindings/SolutionRow";
import type { StoreProblem } from "./bindings/StoreProblem";
import type { UsageTarget } from "./bindings/UsageTarget";
import type { VersionRow } from "./bindings/VersionRow";

export type {
  Address, Category, ChecklistItem, Contact, DeclaredCosts, DocumentRow, Dossier, DossierRow,
  Essms, EssmsListView, EvaluationView, FieldCheck, FindingView, Generated, ImportReport, LineView,
  Og, OpenedDossier, PaymentView, Person, ProjectCalendar, RefRow, ReferenceStatus, Referencement,
  RejectedRow, Sector, ShareView, Situation, Solution, SolutionRow, StoreProblem, UsageTarget,
  VersionRow,
};

export const listDossiers = () =>
  call<Array<DossierRow>>("list_dossiers", {});

export const newDossier = () =>
  call<number>("new_dossier", {});

export const duplicateDossier = (id: number) =>
  call<number>("duplicate_dossier", { id });

export const deleteDossier = (id: number) =>
  call<null>("delete_dossier", { id });

export const importDossier = (path: string) =>
  call<number>("import_dossier", { path });

/** Refused with code "file_exists" when the file exists and `replace` is false: ask, then call again. */
export const exportDossier = (id: number, path: string, replace: boolean) =>
  call<null>("export_dossier", { id, path, replace });

export const storeProblem = () =>
  call<StoreProblem | null>("store_problem", {});

/** Sets the unreadable store aside (returns where it went) and starts a new one. */
export const startFresh = () =>
  call<string>("start_fresh", {});

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

/** Refused with code "file_exists" when the PDF or an annex exists and `replace` is false. */
export const generateDossier = (id: number, path: string, annexes: boolean, replace: boolean) =>
  call<Generated>("generate_dossier", { id, path, annexes, replace });

export const listDocuments = (id: number) =>
  call<Array<DocumentRow>>("list_documents", { id });

export const openDocument = (id: number, path: string) =>
  call<null>("open_document", { id, path });
