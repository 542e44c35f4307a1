// The app's commands, typed. Errors arrive as {code, message, field} (AppError in src-tauri).
import { invoke } from "@tauri-apps/api/core";

export interface AppError {
  code: string;
  message: string;
  field: string | null;
}

export interface DossierRow {
  id: number;
  name: string;
  porteur: string;
  campaign: string;
  essms_count: number;
  total: string;
  total_fr: string;
  updated_at: string;
}

export interface ReferenceStatus {
  finess_date: string | null;
  etablissements: number;
  solutions: number;
}

export const listDossiers = () => invoke<DossierRow[]>("list_dossiers");
export const referenceStatus = () => invoke<ReferenceStatus>("reference_status");

/** The French message of any error thrown by a command. */
export function messageOf(error: unknown): string {
  if (error && typeof error === "object" && "message" in error) return String((error as AppError).message);
  return String(error);
}
