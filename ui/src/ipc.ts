// The app's commands. Their types are generated from Rust (src-tauri, ts-rs) into ./bindings:
// never written by hand. Errors arrive as AppError {code, message, field}.
import { invoke } from "@tauri-apps/api/core";
import type { AppError } from "./bindings/AppError";
import type { DossierRow } from "./bindings/DossierRow";
import type { ReferenceStatus } from "./bindings/ReferenceStatus";

export type { AppError, DossierRow, ReferenceStatus };

export const listDossiers = () => invoke<DossierRow[]>("list_dossiers");
export const referenceStatus = () => invoke<ReferenceStatus>("reference_status");

/** The French message of any error thrown by a command. */
export function messageOf(error: unknown): string {
  if (error && typeof error === "object" && "message" in error) return String((error as AppError).message);
  return String(error);
}
