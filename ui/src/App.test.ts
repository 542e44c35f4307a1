import { describe, it, expect, afterEach } from "vitest";
import { mount, flushSync, unmount } from "svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import App from "./App.svelte";

afterEach(() => clearMocks());

async function render() {
  document.body.innerHTML = '<div id="app"></div>';
  const app = mount(App, { target: document.getElementById("app")! });
  await new Promise((r) => setTimeout(r, 0));
  flushSync();
  return app;
}

describe("Accueil", () => {
  it("lists the dossiers with their French-formatted total and the reference data", async () => {
    mockIPC((cmd) => {
      if (cmd === "list_dossiers")
        return [{ id: 1, name: "Grappe numérique des Flandres", porteur: "Association Les Tilleuls Solidaires", campaign: "2023-2025", essms_count: 20, total: "462000.00", total_fr: "462\u202f000,00\u00a0€", updated_at: "23/11/2026 10:00" }];
      if (cmd === "reference_status") return { finess_date: "31/10/2026", etablissements: 400, solutions: 7 };
    });
    const app = await render();
    expect(document.body.textContent).toContain("Grappe numérique des Flandres");
    expect(document.querySelector('[data-testid="total"]')?.textContent).toBe("462\u202f000,00\u00a0€");
    expect(document.querySelector('[data-testid="reference"]')?.textContent).toContain("Fichier FINESS du 31/10/2026 : 400 établissements");
    unmount(app);
  });

  it("shows the French message of a command error", async () => {
    mockIPC(() => {
      throw { code: "store_corrupted", message: "« grappe.sqlite » est endommagé", field: null };
    });
    const app = await render();
    expect(document.querySelector('[role="alert"]')?.textContent).toBe("« grappe.sqlite » est endommagé");
    unmount(app);
  });
});
