import { describe, it, expect, afterEach } from "vitest";
import { unmount } from "svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import Variants from "./Variants.svelte";
import { DossierEditor } from "../lib/editor.svelte";
import type { Dossier, Comparison, VariantsView } from "../ipc";
import { tick, evaluationView, mockCommands, render, type } from "../lib/testing";

afterEach(() => clearMocks());

const evaluation = evaluationView({ total_fr: "462\u202f000,00\u00a0€" });
const flandres = { name: "Flandres", porteur: "", ogs: [], essms: [] } as unknown as Dossier;
const variant = { id: 8, name: "Sans le CCAS", total_fr: "383\u202f500,00\u00a0€", essms_count: 17 };
const comparison: Comparison = {
  columns: ["Flandres", "Sans le CCAS"],
  rows: [
    { section: "Synthèse", label: "Financement total", values: ["462 000,00 €", "383 500,00 €"], differs: true },
    { section: "Synthèse", label: "Canal", values: ["AAP régional (ARS)", "AAP régional (ARS)"], differs: false },
    { section: "Par ESSMS", label: "EHPAD Les Tilleuls (599011004)", values: ["compté, nouvelle solution", "compté, nouvelle solution"], differs: false },
    { section: "Par ESSMS", label: "SSIAD du Bois-Joli (599021029)", values: ["compté, déjà équipé", "absent"], differs: true },
  ],
};

describe("Variantes", () => {
  it("makes a variant, compares it with the dossier, adopts it once confirmed, and undoes the adoption", async () => {
    const calls: [string, unknown][] = [];
    let view: VariantsView = { origin: null, variants: [] };
    mockCommands((command, args) => {
      calls.push([command, args]);
      if (command === "list_variants") return view;
      if (command === "make_variant") {
        view = { origin: null, variants: [variant] };
        return 8;
      }
      if (command === "compare_dossiers") return comparison;
      if (command === "adopt_variant") return { version_before: 4 };
      if (command === "open_dossier") return { id: 1, dossier: { ...flandres, essms: [] }, evaluation: evaluationView({ total_fr: "383\u202f500,00\u00a0€" }) };
      if (command === "restore_version") return { id: 1, dossier: flandres, evaluation };
    });
    const editor = new DossierEditor({ id: 1, dossier: flandres, evaluation, filed_on: null }, async () => evaluation, 10_000);
    const app = render(Variants, { editor, onopen: () => {} });
    await tick();
    expect(document.body.textContent).toContain("Aucune variante");
    type('[data-testid="variant-name"]', "Sans le CCAS");
    document.querySelector<HTMLButtonElement>('[data-testid="make-variant"]')!.click();
    await tick();
    expect(calls.find(([c]) => c === "make_variant")![1]).toEqual({ id: 1, name: "Sans le CCAS" });
    expect(document.querySelector('[data-variant="Sans le CCAS"]')?.textContent).toContain("383");
    // The new variant is already ticked: compared with the dossier, what differs highlighted,
    // unchanged ESSMS counted rather than listed.
    document.querySelector<HTMLButtonElement>('[data-testid="compare-variants"]')!.click();
    await tick();
    expect(calls.find(([c]) => c === "compare_dossiers")![1]).toEqual({ ids: [1, 8] });
    expect(document.querySelector('[data-row="Financement total"]')!.classList.contains("differs")).toBe(true);
    expect(document.querySelector('[data-row="Canal"]')!.classList.contains("differs")).toBe(false);
    expect(document.querySelector('[data-row="EHPAD Les Tilleuls (599011004)"]')).toBeNull();
    expect(document.querySelector('[data-row="SSIAD du Bois-Joli (599021029)"]')?.textContent).toContain("absent");
    expect(document.body.textContent).toContain("1 ESSMS identique(s)");
    // Adopted only once confirmed; then undone.
    document.querySelector<HTMLButtonElement>('[data-testid="adopt-variant"]')!.click();
    await tick();
    expect(calls.some(([c]) => c === "adopt_variant")).toBe(false);
    document.querySelector<HTMLButtonElement>('[data-testid="confirm"]')!.click();
    await tick();
    expect(calls.find(([c]) => c === "adopt_variant")![1]).toEqual({ id: 1, variant: 8 });
    expect(editor.evaluation.total_fr).toBe("383\u202f500,00\u00a0€");
    document.querySelector<HTMLButtonElement>('[data-testid="undo-adopt"]')!.click();
    await tick();
    expect(calls.find(([c]) => c === "restore_version")![1]).toEqual({ id: 1, version: 4 });
    expect(editor.evaluation.total_fr).toBe("462\u202f000,00\u00a0€");
    expect(document.querySelector('[data-testid="variants-notice"]')?.textContent).toContain("Adoption annulée");
    unmount(app);
  });
});
