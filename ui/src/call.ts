// The one IPC command of the app: `call` runs a command of the use cases' table (the wrappers of
// ./commands.ts are generated from it). Errors arrive as AppError {code, message, field}.
import { invoke, Channel } from "@tauri-apps/api/core";

export function call<T>(command: string, args: Record<string, unknown>, onProgress?: (percent: number) => void) {
  const progress = new Channel<number>();
  if (onProgress) progress.onmessage = onProgress;
  return invoke<T>("call", { command, args, progress });
}
