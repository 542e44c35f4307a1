import { describe, it, expect, afterEach } from "vitest";
import { mount, flushSync, unmount } from "svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import App from "./App.svelte";
import { mockCommands, tick } from "./lib/testing";

afterEach(() => clearMocks());


async function render() {
  document.body.innerHTML = '<div id="app"></div>';
  const app = mount(App, { target: document.getElementById("app")! });
  await tick();
  return app;
}

const row = (id: number, name: string, total: string, total_fr: string, updated_iso: string) => ({
  id, name, porteur: "Association Les Tilleuls Solidaires", campaign: "2023-2025", essms_count: 20, total, total_fr,
  updated_at: "23/11/2026 10:00", updated_iso, stage: "brouillon", next_deadline: null as string | null, next_deadline_late: false,
});

function mockHome(calls: string[] = []) {
  mockCommands((cmd, args) => {
    calls.push(cmd + (args && "id" in (args as object) ? `:${(args as { id: number }).id}` : ""));
    if (cmd === "store_problem") return null;
    if (cmd === "list_dossiers")
      return [
        {
          ...row(1, "Grappe numérique des Flandres", "462000.00", "462\u202f000,00\u00a0€", "2026-11-23T10:00:00"),
          stage: "attribué", next_deadline: "20/09/2024 — Versement en retard : CCAS de Bois-Joli", next_deadline_late: true,
        },
        row(2, "Grappe d'Armor", "90000.00", "90\u202f000,00\u00a0€", "2026-11-22T10:00:00"),
      ];
    if (cmd === "reference_status") return { finess_date: "31/10/2026", etablissements: 400, solutions: 7 };
    if (cmd === "delete_dossier") return null;
  });
}

const names = () => [...document.querySelectorAll('[data-testid="open-dossier"]')].map((b) => b.textContent);

describe("Accueil", () => {
  it("lists the dossiers with their French-formatted total and the reference data", async () => {
    mockHome();
    const app = await render();
    expect(names()).toEqual(["Grappe numérique des Flandres", "Grappe d'Armor"]);
    expect(document.querySelector('[data-testid="total"]')?.textContent).toBe("462\u202f000,00\u00a0€");
    // Each dossier's stage and what is due next, a late one marked.
    const deadlines = [...document.querySelectorAll('[data-testid="next-deadline"]')];
    expect(deadlines.map((d) => d.textContent)).toEqual(["En retard : 20/09/2024 — Versement en retard : CCAS de Bois-Joli", "—"]);
    expect(deadlines[0].classList.contains("ko")).toBe(true);
    expect(document.querySelector('[data-testid="reference"]')?.textContent).toContain("Fichier FINESS du 31/10/2026 : 400 établissements");
    unmount(app);
  });

  it("filters the dossiers as you type (accents ignored) and sorts them by a column", async () => {
    mockHome();
    const app = await render();
    const search = document.querySelector<HTMLInputElement>('[data-testid="dossier-search"]')!;
    search.value = "flandres";
    search.dispatchEvent(new Event("input"));
    flushSync();
    expect(names()).toEqual(["Grappe numérique des Flandres"]);
    search.value = "";
    search.dispatchEvent(new Event("input"));
    flushSync();
    const totalHeader = [...document.querySelectorAll<HTMLButtonElement>("button.sort")].find((b) => b.textContent?.startsWith("Financement"))!;
    totalHeader.click(); // amounts: largest first
    flushSync();
    expect(names()).toEqual(["Grappe numérique des Flandres", "Grappe d'Armor"]);
    totalHeader.click();
    flushSync();
    expect(names()).toEqual(["Grappe d'Armor", "Grappe numérique des Flandres"]);
    expect(totalHeader.closest("th")?.getAttribute("aria-sort")).toBe("ascending");
    unmount(app);
  });

  it("deletes a dossier only after the confirmation", async () => {
    const calls: string[] = [];
    mockHome(calls);
    const app = await render();
    document.querySelector<HTMLButtonElement>('button[aria-label="Supprimer Grappe d\'Armor"]')!.click();
    flushSync();
    expect(document.querySelector('[role="alertdialog"]')?.textContent).toContain("Supprimer le dossier « Grappe d'Armor »");
    [...document.querySelectorAll<HTMLButtonElement>('[role="alertdialog"] button')].find((b) => b.textContent === "Annuler")!.click();
    flushSync();
    expect(calls).not.toContain("delete_dossier:2");
    document.querySelector<HTMLButtonElement>('button[aria-label="Supprimer Grappe d\'Armor"]')!.click();
    flushSync();
    document.querySelector<HTMLButtonElement>('[data-testid="confirm"]')!.click();
    await tick();
    expect(calls).toContain("delete_dossier:2");
    unmount(app);
  });

  it("asks before an export replaces an existing file, and replaces it only when confirmed", async () => {
    const exports: boolean[] = [];
    mockCommands((cmd, args) => {
      if (cmd === "store_problem") return null;
      if (cmd === "list_dossiers") return [row(2, "Grappe d'Armor", "90000.00", "90\u202f000,00\u00a0€", "2026-11-22T10:00:00")];
      if (cmd === "reference_status") return { finess_date: null, etablissements: 0, solutions: 0 };
      if (cmd === "plugin:dialog|save") return "/home/moi/armor.grappe.json";
      if (cmd === "export_dossier") {
        const replace = (args as { existing: string }).existing === "replace";
        exports.push(replace);
        if (!replace) throw { code: "file_exists", message: "« /home/moi/armor.grappe.json » existe déjà.", field: "path" };
        return null;
      }
    });
    const app = await render();
    document.querySelector<HTMLButtonElement>('button[aria-label="Exporter Grappe d\'Armor"]')!.click();
    await tick();
    expect(exports).toEqual([false]);
    expect(document.querySelector('[role="alertdialog"]')?.textContent).toContain("« /home/moi/armor.grappe.json » existe déjà. Le remplacer par ce dossier ?");
    // Cancelled: nothing replaced.
    [...document.querySelectorAll<HTMLButtonElement>('[role="alertdialog"] button')].find((b) => b.textContent === "Annuler")!.click();
    await tick();
    expect(exports).toEqual([false]);
    document.querySelector<HTMLButtonElement>('button[aria-label="Exporter Grappe d\'Armor"]')!.click();
    await tick();
    document.querySelector<HTMLButtonElement>('[data-testid="confirm"]')!.click();
    await tick();
    expect(exports).toEqual([false, false, true]);
    expect(document.querySelector('[role="status"]')?.textContent).toContain("Dossier exporté dans « /home/moi/armor.grappe.json »");
    unmount(app);
  });

  it("shows the French message of a command error", async () => {
    mockCommands((cmd) => {
      if (cmd === "store_problem") return null;
      throw { code: "store_busy", message: "le magasin est occupé", field: null };
    });
    const app = await render();
    expect(document.querySelector('[role="alert"]')?.textContent).toBe("le magasin est occupé");
    unmount(app);
  });

  it("explains a store that cannot be opened and offers to set it aside", async () => {
    mockCommands((cmd) => {
      if (cmd === "store_problem") return { message: "« grappe.sqlite » est endommagé", can_start_fresh: true };
    });
    const app = await render();
    expect(document.querySelector('[data-testid="store-problem"]')?.textContent).toBe("« grappe.sqlite » est endommagé");
    expect(document.body.textContent).toContain("Mettre de côté et repartir d'un magasin neuf");
    expect(document.querySelector('[data-testid="dossiers"]')).toBeNull();
    unmount(app);
  });
});
