// The app's commands (generated into ./commands.ts from the Rust command table, with their types
// from ./bindings) and two helpers for their errors.
import type { AppError } from "./bindings/AppError";

export * from "./commands";
export type { AppError };

/** True when a command refused to replace existing files (the user is asked, then it is called again). */
export function filesExist(error: unknown): boolean {
  return !!error && typeof error === "object" && (error as AppError).code === "file_exists";
}

/** The French message of any error thrown by a command. */
export function messageOf(error: unknown): string {
  if (error && typeof error === "object" && "message" in error) return String((error as AppError).message);
  return String(error);
}
