import { describe, it, expect, afterEach } from "vitest";
import { unmount } from "svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import Portfolio from "./Portfolio.svelte";
import type { PortfolioView, ProjectRowView } from "../ipc";
import { tick, mockCommands, render, type } from "../lib/testing";

afterEach(() => clearMocks());

const eur = (s: string) => s.replace(" ", "\u202f") + "\u00a0€";

function row(id: number, name: string, client: string, awarded: string, late: string[] = [], lateAmount = "0.00", consumed = "0.0"): ProjectRowView {
  const fr = eur(awarded.replace(".", ","));
  return {
    id, file: null, name, client, funder: "ARS Hauts-de-France", campaign: "2023-2025", stage: "attribué",
    requested_fr: fr, awarded_fr: fr, received_fr: eur("0,00"), spent_fr: eur("0,00"), remaining_fr: fr, consumed_fr: consumed ? `${consumed.replace(".", ",")}\u202f%` : "—",
    requested: awarded, awarded, received: "0.00", spent: "0.00", remaining: awarded, consumed,
    targets_fr: "0 / 4", next_deadline: late.length ? "20/09/2024 — Versement en retard" : null, next_deadline_iso: null,
    next_deadline_late: late.length > 0, late, late_amount_fr: eur(lateAmount.replace(".", ",")), late_amount: lateAmount, late_summary: late.length ? `${late.length} échéance(s) en retard` : null,
  };
}

function view(rows: ProjectRowView[]): PortfolioView {
  return {
    as_of: "30/04/2025", as_of_iso: "2025-04-30", rows, all: 3, shared: 0, unread: [], consumption_max: "134.6",
    totals: { projects: rows.length, requested_fr: "", awarded_fr: eur("999 999,99"), received_fr: "", spent_fr: "", remaining_fr: "", consumed_fr: "", targets_fr: "0 / 12", late_projects: 1, late_amount_fr: eur("12 000,00") },
    clients: ["Client A", "Client B"], funders: ["ARS Hauts-de-France"], campaigns: ["2023-2025"], stages: ["brouillon", "déposé", "attribué", "soldé"],
  };
}

const names = () => [...document.querySelectorAll('[data-testid="portfolio"] tbody tr td:first-child')].map((td) => td.textContent?.trim());

describe("Portfolio", () => {
  it("shows every project with the totals, sorts amounts exactly, sends each filter to the core and opens a project's Suivi", async () => {
    const rows = [row(1, "Projet A", "Client A", "99999.99"), row(2, "Projet B", "Client B", "100000.00", ["Versement en retard"]), row(3, "Projet C", "Client A", "9999.99")];
    const asked: unknown[] = [];
    mockCommands((command, args) => {
      if (command === "portfolio") {
        asked.push(args);
        const f = args.filter as { client: string; lateOnly: boolean };
        return view(rows.filter((r) => (!f.client || r.client === f.client) && (!f.lateOnly || r.late.length)));
      }
    });
    const opened: number[] = [];
    const app = render(Portfolio, { onclose: () => {}, onopen: (id: number) => opened.push(id) });
    await tick();
    expect(names()).toEqual(["Projet A", "Projet B", "Projet C"]);
    expect(document.querySelector('[data-testid="portfolio-totals"]')!.textContent).toContain(eur("999 999,99"));
    expect(document.querySelector('[data-testid="portfolio-count"]')!.textContent).toContain("3 projet(s) affiché(s) sur 3, dont 1 en retard");
    // Sorted by the amount awarded, largest first: 100 000,00 > 99 999,99 > 9 999,99 (not as text).
    [...document.querySelectorAll("button.sort")].find((b) => b.textContent?.startsWith("Attribué"))!.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    await tick();
    expect(names()).toEqual(["Projet B", "Projet A", "Projet C"]);
    // A filter goes to the core, which answers with what it keeps.
    const client = document.querySelector<HTMLSelectElement>('[data-testid="filter-client"]')!;
    client.value = "Client A";
    client.dispatchEvent(new Event("change", { bubbles: true }));
    await tick();
    expect(asked.at(-1)).toEqual({ date: null, filter: { client: "Client A", funder: "", campaign: "", stage: "", lateOnly: false, search: "", sharedFolder: "" } });
    expect(names()).toEqual(["Projet A", "Projet C"]);
    client.value = "";
    client.dispatchEvent(new Event("change", { bubbles: true }));
    document.querySelector<HTMLInputElement>('[data-testid="filter-late"]')!.click();
    await tick();
    expect(names()).toEqual(["Projet B"]);
    expect(document.querySelector('[data-testid="portfolio"] tbody tr')!.textContent).toContain("1 échéance(s) en retard");
    type('[data-testid="filter-search"]', "projet b");
    await tick();
    expect((asked.at(-1) as { filter: { search: string; lateOnly: boolean } }).filter).toMatchObject({ search: "projet b", lateOnly: true });
    // The agenda of what is shown, asked before replacing a file.
    const exported: unknown[] = [];
    mockCommands((command, args) => {
      if (command === "portfolio") return view([rows[1]]);
      if (command === "plugin:dialog|save") return "/tmp/echeances.ics";
      if (command === "export_agenda") {
        exported.push(args);
        if (args.existing === "keep") throw { code: "file_exists", message: "Ce fichier existe déjà : echeances.ics.", field: "path" };
        return { path: "/tmp/echeances.ics", events: 4, projects: 1 };
      }
    });
    document.querySelector<HTMLButtonElement>('[data-testid="export-agenda"]')!.click();
    await tick();
    expect(document.querySelector('[role="alertdialog"]')!.textContent).toContain("Ce fichier existe déjà");
    [...document.querySelectorAll<HTMLButtonElement>('[role="alertdialog"] button')].find((b) => b.textContent === "Remplacer")!.click();
    await tick();
    expect(exported.map((a) => (a as { existing: string }).existing)).toEqual(["keep", "replace"]);
    expect((exported[1] as { filter: { search: string } }).filter.search).toBe("projet b");
    expect(document.querySelector('[data-testid="portfolio-notice"]')!.textContent).toContain("4 échéance(s) de 1 projet(s)");
    // The état par projet of what is shown: the PDF and its workbook.
    mockCommands((command, args) => {
      if (command === "plugin:dialog|save") return "/tmp/etat.pdf";
      if (command === "portfolio_document") {
        exported.push(args);
        return { path: "/tmp/etat.pdf", pages: 1, draft: false, fingerprint: "f", total_fr: "", annexes: ["/tmp/etat.xlsx"] };
      }
    });
    document.querySelector<HTMLButtonElement>('[data-testid="portfolio-document"]')!.click();
    await tick();
    expect((exported[2] as { filter: { lateOnly: boolean }; existing: string })).toMatchObject({ filter: { lateOnly: true }, existing: "keep" });
    expect(document.querySelector('[data-testid="portfolio-notice"]')!.textContent).toContain("/tmp/etat.pdf écrit (1 page(s)) et /tmp/etat.xlsx");
    document.querySelector<HTMLButtonElement>('[aria-label="Ouvrir le suivi de Projet B"]')!.click();
    expect(opened).toEqual([2]);
    unmount(app);
  });

  it("charts the consumption and the late payments of the projects shown, in the table's order, with their values", async () => {
    const rows = [
      row(1, "Projet A", "Client A", "1000.00", [], "0.00", "12.5"),
      row(2, "Projet B", "Client B", "2000.00", ["Versement en retard"], "329000.00", "134.6"),
      row(3, "Projet C", "Client A", "0", [], "0.00", ""),
    ];
    mockCommands((command, args) => {
      if (command === "portfolio") return view((args.filter as { lateOnly: boolean }).lateOnly ? [] : rows);
    });
    const app = render(Portfolio, { onclose: () => {}, onopen: () => {} });
    await tick();
    const values = (testid: string) =>
      [...document.querySelectorAll(`[data-testid="${testid}"] table tr`)].map((tr) => [tr.querySelector("th")!.textContent, tr.querySelector("td")!.textContent]);
    // A project with nothing awarded has no consumption to draw.
    expect(values("portfolio-consumption-chart")).toEqual([["Projet A", "12,5\u202f%"], ["Projet B", "134,6\u202f%"]]);
    expect(values("portfolio-late-chart")).toEqual([["Projet B", eur("329000,00")]]);
    // Sorted by consumption, largest first: the chart follows the table.
    [...document.querySelectorAll("button.sort")].find((b) => b.textContent?.startsWith("Consommé"))!.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    await tick();
    expect(values("portfolio-consumption-chart").map(([name]) => name)).toEqual(["Projet B", "Projet A"]);
    // Nothing late among the projects shown: said in words.
    document.querySelector<HTMLInputElement>('[data-testid="filter-late"]')!.click();
    await tick();
    expect(document.querySelector('[data-testid="portfolio-late-chart"]')).toBeNull();
    expect(document.querySelector('[data-testid="portfolio-no-late"]')!.textContent).toContain("Aucun versement en retard");
    unmount(app);
  });

  it("shows a shared folder's projects read only beside the store's, says which files it could not read, and remembers the folder", async () => {
    localStorage.clear();
    const asked: { sharedFolder: string }[] = [];
    const shared: ProjectRowView = { ...row(1, "Projet d'un collègue", "Client C", "5000.00"), id: null, file: "/mnt/equipe/collegue.grappe" };
    mockCommands((command, args) => {
      if (command === "portfolio") {
        const f = args.filter as { sharedFolder: string };
        asked.push(f);
        if (!f.sharedFolder) return view([row(1, "Projet A", "Client A", "1000.00")]);
        return { ...view([row(1, "Projet A", "Client A", "1000.00"), shared]), shared: 1, unread: [{ file: "abîmé.json", reason: "ce n'est pas un dossier Grappe lisible" }] };
      }
    });
    const app = render(Portfolio, { onclose: () => {}, onopen: () => {} });
    await tick();
    type('[data-testid="shared-folder"]', " /mnt/equipe ");
    document.querySelector('[data-testid="shared-folder"]')!.dispatchEvent(new Event("change", { bubbles: true }));
    await tick();
    expect(asked.at(-1)!.sharedFolder).toBe("/mnt/equipe");
    expect(names()).toEqual(["Projet A", "Projet d'un collègue partagé, lecture seule"]);
    // Read only: no Suivi to open for the shared file's project.
    expect(document.querySelector('[aria-label="Ouvrir le suivi de Projet d\'un collègue"]')).toBeNull();
    expect(document.querySelector('[data-testid="portfolio-count"]')!.textContent).toContain("dont 1 du dossier partagé, en lecture seule");
    expect(document.querySelector('[data-testid="shared-unread"]')!.textContent).toContain("1 fichier(s) du dossier partagé non lu(s)");
    expect(document.querySelector('[data-testid="shared-unread"]')!.textContent).toContain("abîmé.json : ce n'est pas un dossier Grappe lisible");
    unmount(app);
    // Opened again: the same folder, remembered; « Ne plus l'afficher » forgets it.
    const again = render(Portfolio, { onclose: () => {}, onopen: () => {} });
    await tick();
    expect(asked.at(-1)!.sharedFolder).toBe("/mnt/equipe");
    document.querySelector<HTMLButtonElement>('[data-testid="shared-folder-clear"]')!.click();
    await tick();
    expect(asked.at(-1)!.sharedFolder).toBe("");
    expect(localStorage.getItem("grappe.portefeuille.dossier-partage")).toBeNull();
    unmount(again);
  });
});
