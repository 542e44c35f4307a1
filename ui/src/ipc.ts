// The app's commands. Their types are generated from Rust (src-tauri, ts-rs) into ./bindings:
// never written by hand. Errors arrive as AppError {code, message, field}.
import { invoke, Channel } from "@tauri-apps/api/core";
import type { AppError } from "./bindings/AppError";
import type { Category } from "./bindings/Category";
import type { Dossier } from "./bindings/Dossier";
import type { DocumentRow } from "./bindings/DocumentRow";
import type { DossierRow } from "./bindings/DossierRow";
import type { EssmsListView } from "./bindings/EssmsListView";
import type { Essms } from "./bindings/Essms";
import type { EvaluationView } from "./bindings/EvaluationView";
import type { FieldCheck } from "./bindings/FieldCheck";
import type { FindingView } from "./bindings/FindingView";
import type { Generated } from "./bindings/Generated";
import type { ImportReport } from "./bindings/ImportReport";
import type { Og } from "./bindings/Og";
import type { OpenedDossier } from "./bindings/OpenedDossier";
import type { ReferenceStatus } from "./bindings/ReferenceStatus";
import type { RefRow } from "./bindings/RefRow";
import type { Sector } from "./bindings/Sector";
import type { Situation } from "./bindings/Situation";
import type { SolutionRow } from "./bindings/SolutionRow";
import type { StoreProblem } from "./bindings/StoreProblem";
import type { VersionRow } from "./bindings/VersionRow";

export type {
  AppError, Category, Dossier, DocumentRow, DossierRow, EssmsListView, Essms, EvaluationView, FieldCheck, FindingView,
  Generated, ImportReport, Og, OpenedDossier, ReferenceStatus, RefRow, Sector, Situation, SolutionRow,
  StoreProblem, VersionRow,
};

// Accueil
export const listDossiers = () => invoke<DossierRow[]>("list_dossiers");
export const newDossier = () => invoke<number>("new_dossier");
export const duplicateDossier = (id: number) => invoke<number>("duplicate_dossier", { id });
export const deleteDossier = (id: number) => invoke<null>("delete_dossier", { id });
export const importDossier = (path: string) => invoke<number>("import_dossier", { path });
/** Refused with code "file_exists" when the file exists and `replace` is false: ask, then call again. */
export const exportDossier = (id: number, path: string, replace = false) =>
  invoke<null>("export_dossier", { id, path, replace });
export const storeProblem = () => invoke<StoreProblem | null>("store_problem");
export const startFresh = () => invoke<string>("start_fresh");

// Wizard
export const openDossier = (id: number) => invoke<OpenedDossier>("open_dossier", { id });
export const saveDossier = (id: number, dossier: Dossier, description: string) =>
  invoke<EvaluationView>("save_dossier", { id, dossier, description });
export const dossierHistory = (id: number) => invoke<VersionRow[]>("dossier_history", { id });
export const restoreVersion = (id: number, version: number) => invoke<OpenedDossier>("restore_version", { id, version });
export const checkFiness = (text: string) => invoke<FieldCheck>("check_finess", { text });
export const checkAmount = (text: string) => invoke<FieldCheck>("check_amount", { text });
/** The FINESS categories of the nomenclature, open ones first. */
export const finessCategories = () => invoke<Category[]>("finess_categories");

// Reference data
export const referenceStatus = () => invoke<ReferenceStatus>("reference_status");
/** null when a newer search overtook this one before it ran. */
export const searchFiness = (text: string, departement: string | null, sector: Sector | null, limit = 30) =>
  invoke<RefRow[] | null>("search_finess", { text, departement, sector, limit });
export const etablissementsOfEj = (finessEj: string) => invoke<RefRow[]>("etablissements_of_ej", { finessEj });
export const essmsFromReference = (finessEts: string[], situation: Situation) =>
  invoke<Essms[]>("essms_from_reference", { finessEts, situation });
export const readEssmsList = (path: string) => invoke<EssmsListView>("read_essms_list", { path });
export const listSolutions = () => invoke<SolutionRow[]>("list_solutions");
export function importFiness(path: string, onProgress: (percent: number) => void) {
  const progress = new Channel<number>();
  progress.onmessage = onProgress;
  return invoke<ImportReport>("import_finess", { path, progress });
}
export const importSolutions = (path: string) => invoke<ImportReport>("import_solutions", { path });

// Generation
export const suggestedPdfPath = (id: number) => invoke<string>("suggested_pdf_path", { id });
/** Refused with code "file_exists" when the PDF or an annex exists and `replace` is false. */
export const generateDossier = (id: number, path: string, annexes: boolean, replace = false) =>
  invoke<Generated>("generate_dossier", { id, path, annexes, replace });
export const listDocuments = (id: number) => invoke<DocumentRow[]>("list_documents", { id });
export const openDocument = (id: number, path: string) => invoke<null>("open_document", { id, path });

/** True when a command refused to replace existing files (the user is asked, then it is called again). */
export function filesExist(error: unknown): boolean {
  return !!error && typeof error === "object" && (error as AppError).code === "file_exists";
}

/** The French message of any error thrown by a command. */
export function messageOf(error: unknown): string {
  if (error && typeof error === "object" && "message" in error) return String((error as AppError).message);
  return String(error);
}
