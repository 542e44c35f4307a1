import { describe, it, expect, afterEach } from "vitest";
import { unmount } from "svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import Baremes from "./Baremes.svelte";
import type { Bareme, BaremeRow, BaremeCheck } from "../ipc";
import { tick, mockCommands, render, type } from "../lib/testing";

afterEach(() => clearMocks());

const shipped: BaremeRow = { id: "2023-2025", version: "2023-2025.2", title: "ESMS numérique 2023-2025", sha256: "ab".repeat(32), builtin: true, used_by: ["Grappe numérique des Flandres"], windows: [] };

const bareme = (): Bareme => ({
  format: "grappe-bareme/1", version: "2023-2025.2", campaign: "2023-2025", title: "ESMS numérique 2023-2025", source: "",
  thresholds: {
    grappe_min_essms: { rule: "R-GRAPPE", metropole: 15, corse_outre_mer: 5 },
    small_og_below: { rule: "R-SMALL-EQUIP", metropole: 5, corse_outre_mer: 3 },
    national_from_essms: { rule: "R-ROUTE", value: 50 },
  },
  schedules: [{ id: "unique", rule: "R-MOA-SPLIT", tranches: [{ label: "Versement unique", share: "1", due: "project_start" }] }],
  lines: [{ rule: "R-REG-NEW", label: "Éditeur — nouvelle solution", lever: "logiciel", basis: "per_essms", channel: "regional", situation: "new_solution", requires: [], amount: "12000.00", capped_by: null, payment: "unique" }],
  windows: [{ rule: "R-CALENDAR", channel: "regional", from: "2024-01-15", to: "2024-09-15", label: "AAP régionaux 2024" }],
});

describe("Barèmes", () => {
  it("makes a barème from the shipped one: every problem next to its field, not saved until none is left", async () => {
    const checked: Bareme[] = [];
    const saved: unknown[] = [];
    mockCommands((command, args) => {
      if (command === "list_baremes") return saved.length ? [shipped, { ...shipped, id: "2026", builtin: false, used_by: [] }] : [shipped];
      if (command === "get_bareme") return bareme();
      if (command === "check_amount") return { value: String((args as { text: string }).text).replace(/\s/g, "").replace(",", "."), message: null };
      if (command === "check_bareme") {
        const b = (args as { bareme: Bareme }).bareme;
        checked.push(b);
        const problems = [];
        if (!b.campaign.trim()) problems.push({ path: "campaign", message: "ne doit pas être vide" });
        if (!b.version.trim()) problems.push({ path: "version", message: "ne doit pas être vide" });
        if (b.lines[0].rule === "X") problems.push({ path: "lines[0].rule", message: "identifiant de règle attendu" });
        return { problems, demo_total_fr: problems.length ? null : "472 000,00 €", demo_default_total_fr: "462 000,00 €" } satisfies BaremeCheck;
      }
      if (command === "save_bareme") {
        saved.push(args);
        return { id: "2026", reevaluated: 0 };
      }
    });
    const app = render(Baremes, { onclose: () => {} });
    await tick();
    expect(document.querySelectorAll('[data-testid="bareme-row"]').length).toBe(1);
    document.querySelector<HTMLButtonElement>('[data-testid="derive"]')!.click();
    await tick(200);
    // The copy has no campaign nor version yet: both said at their field, saving refused.
    expect(document.querySelector('[data-problem="campaign"]')?.textContent).toContain("ne doit pas être vide");
    expect(document.querySelector('[data-problem="version"]')?.textContent).toContain("ne doit pas être vide");
    expect(document.querySelector<HTMLButtonElement>('[data-testid="bareme-save"]')!.disabled).toBe(true);
    type("#b-campaign", "2026");
    type("#b-version", "2026.1");
    type('[data-field="lines[0].rule"]', "X");
    await tick(200);
    expect(document.querySelector('[data-problem="campaign"]')).toBeNull();
    expect(document.querySelector('[data-problem="lines[0].rule"]')?.textContent).toContain("identifiant de règle");
    expect(document.querySelector('[data-testid="bareme-problems"]')?.textContent).toContain("1 problème(s)");
    // Named as the form names it, not by its path.
    expect(document.querySelector('[data-testid="bareme-problems"]')?.textContent).toMatch(/Ligne 1 \(« .+ »\) — règle : identifiant de règle attendu/);
    expect(document.querySelector('[data-testid="bareme-problems"]')?.textContent).not.toContain("lines[0]");
    expect(document.querySelector<HTMLButtonElement>('[data-testid="bareme-save"]')!.disabled).toBe(true);
    // A number left empty is said at its field; the core is not asked, nothing can be saved.
    const asked = checked.length;
    type("#b-grappe_min_essms-m", "");
    await tick(200);
    expect(checked.length).toBe(asked);
    expect(document.querySelector('[data-problem="thresholds.grappe_min_essms.metropole"]')?.textContent).toContain("indiquez un nombre");
    expect(document.querySelector('[data-testid="bareme-problems"]')?.textContent).toContain("ESSMS minimum d'une grappe (métropole) : indiquez un nombre");
    type("#b-grappe_min_essms-m", "15");
    await tick(200);
    // Corrected, with the amount typed French style: the preview, then saved as a new barème.
    type('[data-field="lines[0].rule"]', "R-REG-NEW");
    type("#b-line-0-amount", "13 000,00");
    await tick(200);
    expect(document.querySelector('[data-testid="bareme-preview"]')?.textContent).toContain("472 000,00 €");
    expect(checked.at(-1)!.lines[0].amount).toBe("13000.00");
    document.querySelector<HTMLButtonElement>('[data-testid="bareme-save"]')!.click();
    await tick();
    expect(saved).toHaveLength(1);
    const sent = saved[0] as { bareme: Bareme; previous: string | null };
    expect(sent.previous).toBeNull();
    expect(sent.bareme.campaign).toBe("2026");
    expect(sent.bareme.lines[0].amount).toBe("13000.00");
    expect(document.body.textContent).toContain("Barème « 2026 » enregistré.");
    expect(document.querySelectorAll('[data-testid="bareme-row"]').length).toBe(2);
    unmount(app);
  });
});
