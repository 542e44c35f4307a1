// Shared by the UI unit tests: the mocked commands, letting Svelte and them settle, and an
// evaluation to start a DossierEditor with.
import { flushSync, mount, type Component } from "svelte";
import { mockIPC } from "@tauri-apps/api/mocks";
import { vi } from "vitest";
import type { EvaluationView } from "../ipc";

/** Answers the app's commands (by their table name, with their arguments) and the plugins'
 * (`plugin:dialog|open`…), as the Rust side would. */
export function mockCommands(handler: (command: string, args: Record<string, unknown>) => unknown) {
  mockIPC((cmd, payload) => {
    const p = (payload ?? {}) as Record<string, unknown>;
    if (cmd === "call") return handler(p.command as string, (p.args ?? {}) as Record<string, unknown>);
    return handler(cmd, p);
  });
}

/** Lets `ms` milliseconds pass on the fake timers (test-setup.ts), with the promises they
 * release, then flushes Svelte's updates. */
export async function tick(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
  for (let i = 0; i < 8; i++) await vi.advanceTimersByTimeAsync(0);
  flushSync();
}

/** An evaluation of a dossier, with what a test needs changed. */
export function evaluationView(changes: Partial<EvaluationView> = {}): EvaluationView {
  return {
    eligible: false, total: "0", total_fr: "0,00\u00a0€", findings: [], channel: "AAP régional (ARS)", ars: null,
    multiregional: false, bareme_version: "2023-2025.2", essms_count: 0, excluded_count: 0, min_essms: 15,
    size_reached: false, corse_outre_mer: false, small_ogs: [], lines: [], per_og: [], schedule: [],
    ...changes,
  } as EvaluationView;
}

/** Mounts a component alone in the page. */
export function render<P extends Record<string, unknown>>(component: Component<P>, props: P) {
  document.body.innerHTML = '<div id="app"></div>';
  return mount(component, { target: document.getElementById("app")!, props });
}

/** Types text into a field, as the user would (one input event). */
export function type(selector: string, text: string) {
  const input = document.querySelector<HTMLInputElement>(selector)!;
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}
