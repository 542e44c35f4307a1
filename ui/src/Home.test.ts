import { describe, it, expect, afterEach } from "vitest";
import { unmount } from "svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import Home from "./Home.svelte";
import { tick, mockCommands, render } from "./lib/testing";

afterEach(() => clearMocks());

const row = (id: number, name: string, sample: boolean) => ({
  id, name, porteur: "", campaign: "2023-2025", essms_count: 20, total: "462000.00", total_fr: "462\u202f000,00\u00a0€",
  updated_at: "06/12/2026 02:22", updated_iso: "2026-12-06T02:22", stage: "brouillon", next_deadline: null, next_deadline_late: false,
  variant_of: null, sample,
});

describe("Accueil on a first start", () => {
  it("names the demo and its FINESS sample as fictitious, and reminds of backups only once there is data of the user's", async () => {
    let dossiers = [row(1, "Grappe numérique des Flandres", true)];
    mockCommands((command) => {
      if (command === "list_dossiers") return dossiers;
      if (command === "reference_status") return { finess_date: "31/10/2026", etablissements: 400, solutions: 7, finess_sample: true };
      if (command === "backup_status")
        return { last: null, automatic: [], automatic_folder: "/tmp", reminder: dossiers.length > 1 ? "Aucune sauvegarde hors de cet ordinateur" : null };
      if (command === "duplicate_dossier") {
        dossiers = [...dossiers, row(2, "Grappe numérique des Flandres (copie)", false)];
        return 2;
      }
    });
    const app = render(Home, { onopen: () => {}, onbaremes: () => {}, onportfolio: () => {} });
    await tick();
    expect(document.querySelector('[data-testid="welcome"]')?.textContent).toContain("données d'exemple fictives");
    expect(document.querySelector('[data-testid="dossiers"] tbody')?.textContent).toContain("exemple fictif");
    expect(document.querySelector('[data-testid="backup-reminder"]')).toBeNull();
    document.querySelector<HTMLButtonElement>('button[aria-label="Dupliquer Grappe numérique des Flandres"]')!.click();
    await tick();
    expect(document.querySelector('[data-testid="backup-reminder"]')?.textContent).toContain("Aucune sauvegarde");
    unmount(app);
  });
});
