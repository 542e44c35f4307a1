import { describe, it, expect, afterEach } from "vitest";
import { unmount } from "svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import StepGrappe from "./StepGrappe.svelte";
import { DossierEditor } from "../lib/editor.svelte";
import type { Dossier } from "../ipc";
import { tick, evaluationView, mockCommands, render as mountIn, type } from "../lib/testing";

afterEach(() => clearMocks());

const evaluation = evaluationView();

const ref = (finess_et: string, name: string) => ({
  finess_et, finess_ej: "599999935", name, commune: "LILLE", postcode: "59000", departement: "59", category: "500",
  category_label: "EHPAD", essms: true,
});

function render() {
  const dossier = { name: "G", porteur: "", ogs: [], essms: [] } as unknown as Dossier;
  const editor = new DossierEditor({ id: 1, dossier, evaluation, filed_on: null }, async () => evaluation, 10_000);
  const app = mountIn(StepGrappe, { editor });
  return { app, editor };
}

describe("Grappe step", () => {
  it("shows the results of the last query typed, never those of an older, slower one", async () => {
    mockCommands(async (cmd, args) => {
      if (cmd !== "search_finess") return null;
      const text = (args as { text: string }).text;
      // The answer to "eh" arrives after the answer to "ehpad".
      await new Promise((r) => setTimeout(r, text === "eh" ? 40 : 5));
      return [ref(text === "eh" ? "590000011" : "590000303", `résultat de « ${text} »`)];
    });
    const { app } = render();
    type('[data-testid="finess-search"]', "eh");
    type('[data-testid="finess-search"]', "ehpad");
    await tick(60);
    const results = document.querySelector('[data-testid="search-results"]')!;
    expect(results.getAttribute("data-query")).toBe("ehpad");
    expect(results.textContent).toContain("résultat de « ehpad »");
    expect(results.textContent).not.toContain("résultat de « eh »");
    unmount(app);
  });

  it("adds a result with its OG, which becomes the porteur of an empty dossier", async () => {
    mockCommands((cmd, args) => {
      if (cmd === "search_finess") return [ref("590000303", "EHPAD La Source")];
      if (cmd === "essms_from_reference")
        return (args as { finessEts: string[] }).finessEts.map((f) => ({
          finess_et: f, name: "EHPAD La Source", category: "500", category_label: "EHPAD", category_agregat: "4401", sector: "personnes_agees",
          departement: "59", commune: "LILLE", capacity: null, og: "599999935", situation: "new_solution",
          software_already_funded: false, sons_order_signed: false, equipment_need: null,
        }));
    });
    const { app, editor } = render();
    type('[data-testid="finess-search"]', "source");
    await tick();
    document.querySelector<HTMLButtonElement>('[data-testid="add-result"]')!.click();
    await tick();
    expect(editor.dossier.essms.map((e) => e.finess_et)).toEqual(["590000303"]);
    expect(editor.dossier.ogs.map((o) => o.finess_ej)).toEqual(["599999935"]);
    expect(editor.dossier.porteur).toBe("599999935");
    expect(document.querySelector('[data-testid="search-results"]')!.textContent).toContain("dans la grappe");
    unmount(app);
  });

  it("a wrong FINESS typed by hand gets the core's French message next to the field and stays typed", async () => {
    mockCommands((cmd, args) => {
      if (cmd === "check_finess")
        return { value: null, message: `FINESS « ${(args as { text: string }).text} » : clé de contrôle incorrecte` };
    });
    const { app, editor } = render();
    type('[data-testid="manual-finess"]', "590000304");
    await tick();
    const input = document.querySelector<HTMLInputElement>('[data-testid="manual-finess"]')!;
    const message = document.querySelector('[data-testid="manual-finess-error"]')!;
    expect(message.textContent).toBe("FINESS « 590000304 » : clé de contrôle incorrecte");
    expect(input.getAttribute("aria-describedby")).toBe(message.id);
    expect(input.value).toBe("590000304");
    const add = [...document.querySelectorAll<HTMLButtonElement>("button")].find((b) => b.textContent === "Ajouter cet ESSMS")!;
    expect(add.disabled).toBe(true);
    expect(editor.dossier.essms).toEqual([]);
    unmount(app);
  });
  it("offers the nomenclature's labels for a category typed by hand, and the sector can be stated", async () => {
    mockCommands((cmd, args) => {
      if (cmd === "finess_categories")
        return [
          { code: "500", label: "Etablissement d'hébergement pour personnes âgées dépendantes", agregat: "4401", closed: false, sector: null },
          { code: "437", label: "Foyer d'Accueil Médicalisé pour Adultes Handicapés (F.A.M.)", agregat: "4301", closed: true, sector: null },
        ];
      if (cmd === "check_finess") {
        const text = (args as { text: string }).text;
        return { value: text, message: null };
      }
    });
    const { app, editor } = render();
    await tick();
    expect(document.querySelectorAll("#finess-categories option")).toHaveLength(2);
    type('[data-testid="manual-category"]', "437");
    await tick();
    const label = document.querySelector('[data-testid="manual-category-label"]')!;
    expect(label.textContent).toContain("Foyer d'Accueil Médicalisé pour Adultes Handicapés (F.A.M.) (catégorie fermée)");
    type('[data-testid="manual-category"]', "998");
    await tick();
    expect(label.textContent).toContain("Catégorie inconnue de la nomenclature : précisez le secteur.");
    // Added with the sector stated; the sector of a row can be changed in the table.
    type('[data-testid="manual-finess"]', "590000303");
    type("#m-og", "599999935");
    const sector = document.querySelector<HTMLSelectElement>("#m-sector")!;
    sector.value = "personnes_handicapees";
    sector.dispatchEvent(new Event("change", { bubbles: true }));
    await tick();
    [...document.querySelectorAll<HTMLButtonElement>("button")].find((b) => b.textContent === "Ajouter cet ESSMS")!.click();
    await tick();
    expect(editor.dossier.essms.map((e) => [e.category, e.sector])).toEqual([["998", "personnes_handicapees"]]);
    const row = document.querySelector<HTMLSelectElement>('[data-field="essms[0].sector"]')!;
    expect(row.value).toBe("personnes_handicapees");
    row.value = "";
    row.dispatchEvent(new Event("change", { bubbles: true }));
    await tick();
    expect(editor.dossier.essms[0].sector).toBeNull();
    unmount(app);
  });
  it("says which numbers of a list got back the zero a spreadsheet had dropped", async () => {
    mockCommands((cmd) => {
      if (cmd === "plugin:dialog|open") return "/home/moi/liste.xlsx";
      if (cmd === "read_essms_list")
        return {
          found: [ref("010000024", "EHPAD de l'Ain")], unknown: [], rejected: [], duplicates: [],
          repaired: "1 numéro (FINESS ou code de département) a retrouvé le zéro initial qu'un tableur avait retiré ; la clé de contrôle le confirme.",
        };
    });
    const { app } = render();
    [...document.querySelectorAll<HTMLButtonElement>("button")].find((b) => b.textContent === "Importer une liste…")!.click();
    await tick();
    expect(document.querySelector('[data-testid="list-repaired"]')?.textContent).toContain("a retrouvé le zéro initial");
    unmount(app);
  });
});
