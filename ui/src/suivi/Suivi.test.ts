import { describe, it, expect, afterEach } from "vitest";
import { unmount } from "svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import Suivi from "./Suivi.svelte";
import type { SuiviView, ExpensePage } from "../ipc";
import { tick, mockCommands, render as mountIn, type } from "../lib/testing";

afterEach(() => clearMocks());

const eur = (s: string) => s.replace(" ", "\u202f") + "\u00a0€";

function view(changes: Partial<SuiviView> = {}): SuiviView {
  return {
    stage: "brouillon", as_of: "30/04/2025", as_of_iso: "2025-04-30", filed_on: null, award: null,
    enveloppes: [], consumption_max: "100", total: { awarded_fr: eur("0,00"), received_fr: eur("0,00"), spent_fr: eur("0,00"), remaining_fr: eur("0,00"), consumed_fr: "—" },
    tranches: [], payments: [], expense_count: 0, measurement_count: 0, targets: [],
    solde: { ready: false, amount_fr: eur("0,00"), missing: [] }, gaps: [], review: "", gap_threshold: "10",
    deadlines: [], findings: [], ogs: [], essms: [],
    ...changes,
  };
}

const key = { og: "620991026", rule: "R-REG-NEW", label: "Éditeur — acquisition d'une nouvelle solution (AAP régional)" };
const awarded = view({
  stage: "attribué",
  filed_on: "02/04/2024",
  award: { decision_reference: "ARS-117", decision_date: "10/07/2024", convention_reference: "CONV-117", convention_date: "20/09/2024", lines: [] },
  enveloppes: [{ key, og_name: "Fondation Horizon Handicap", short: "Éditeur (acquisition d'une nouvelle solution)", consumed_percent: "84.6", awarded_fr: eur("36 000,00"), received_fr: eur("36 000,00"), spent_fr: eur("30 450,50"), remaining_fr: eur("5 549,50"), consumed_fr: "84,6\u202f%", over_consumed: false }],
  total: { awarded_fr: eur("460 333,33"), received_fr: eur("80 000,00"), spent_fr: eur("30 450,50"), remaining_fr: eur("429 882,83"), consumed_fr: "6,6\u202f%" },
  deadlines: [{ date: "20/09/2024", label: "Versement en retard : CCAS de Bois-Joli", overdue: true }],
  ogs: [["620991026", "Fondation Horizon Handicap"]],
});

const render = () => mountIn(Suivi, { id: 7 });

describe("Suivi", () => {
  it("starts with the filing, then shows the dashboard with its figures and chart values", async () => {
    const calls: string[] = [];
    mockCommands((command, args) => {
      calls.push(command);
      if (command === "suivi_view") return view();
      if (command === "mark_filed") {
        // Dates cross the IPC as ISO, whatever was typed.
        expect(args).toEqual({ id: 7, filedOn: "2024-04-02" });
        return awarded;
      }
    });
    const app = render();
    await tick();
    expect(document.querySelector('[data-testid="suivi-stage"]')?.textContent).toContain("brouillon");
    type('[data-testid="filed-on"]', "02/04/2024");
    await tick();
    document.querySelector<HTMLButtonElement>('[data-testid="mark-filed"]')!.click();
    await tick();
    expect(calls).toEqual(["suivi_view", "mark_filed"]);
    expect(document.querySelector('[data-testid="suivi-totals"]')?.textContent).toContain("460\u202f333,33\u00a0€");
    // The chart's values, readable without the canvas.
    const chart = document.querySelector('[data-testid="consumption-chart"]')!;
    expect(chart.textContent).toContain("Fondation Horizon Handicap — Éditeur");
    expect(chart.textContent).toContain("84,6 %");
    expect(document.querySelector('[data-testid="deadlines"] .ko')?.textContent).toContain("Versement en retard");
    unmount(app);
  });

  it("records a payment with what was typed, and shows the French refusal of a bad amount", async () => {
    const payments: unknown[] = [];
    mockCommands((command, args) => {
      if (command === "suivi_view") return awarded;
      if (command === "add_payment") {
        payments.push(args);
        if ((args as { payment: { amount: string } }).payment.amount === "80 000,001") throw { code: "bad_amount", message: "« 80 000,001 » : un montant a au plus 2 décimales (centimes)", field: "amount" };
        return awarded;
      }
    });
    const app = render();
    await tick();
    document.querySelector<HTMLButtonElement>('[data-tab="versements"]')!.click();
    await tick();
    const og = document.querySelector<HTMLSelectElement>('[data-testid="payment-og"]')!;
    og.value = "620991026";
    og.dispatchEvent(new Event("change", { bubbles: true }));
    // A date that does not exist is refused next to its field, and nothing is sent.
    type('[data-testid="payment-date"]', "31/02/2025");
    await tick();
    expect(document.querySelector("#payment-date-error")?.textContent).toContain("n'est pas une date");
    document.querySelector<HTMLButtonElement>('[data-testid="add-payment"]')!.click();
    await tick();
    expect(payments).toEqual([]);
    expect(document.querySelector('[role="alert"].error')?.textContent).toContain("indiquez la date du versement");
    type('[data-testid="payment-date"]', "15/10/2024");
    await tick();
    type('[data-testid="payment-amount"]', "80 000,001");
    document.querySelector<HTMLButtonElement>('[data-testid="add-payment"]')!.click();
    await tick();
    expect(document.querySelector('[role="alert"]')?.textContent).toContain("au plus 2 décimales");
    type('[data-testid="payment-amount"]', "80 000,00");
    document.querySelector<HTMLButtonElement>('[data-testid="add-payment"]')!.click();
    await tick();
    expect(payments[1]).toEqual({ id: 7, payment: { date: "2024-10-15", amount: "80 000,00", reference: "", og: "620991026", tranche: null } });
    expect(document.querySelector('[role="alert"]')).toBeNull();
    expect(document.querySelector('[role="status"]')?.textContent).toContain("Versement enregistré");
    unmount(app);
  });

  it("shows the expenses by page, filtered by OG and enveloppe, and reads them again after an addition", async () => {
    const asked: unknown[] = [];
    const row = (index: number) => ({ index, date: "04/11/2024", supplier: "Éditions du Nord", reference: `F-${index}`, amount_fr: eur("10,00"), enveloppe: key, og_name: "Fondation Horizon Handicap", essms: null, piece: null });
    let count = 230;
    mockCommands((command, args) => {
      if (command === "suivi_view") return awarded;
      if (command === "add_expense") {
        count += 1;
        return awarded;
      }
      if (command === "suivi_expenses") {
        asked.push(args);
        const page = Math.min((args as { page: number }).page, 2);
        const filtered = (args as { og: string | null }).og !== null;
        const page_: ExpensePage = { rows: [row(count - 1 - 100 * page)], count: filtered ? 207 : count, amount_fr: eur("2 300,00"), all: count, page, pages: 3 };
        return page_;
      }
    });
    const app = render();
    await tick();
    document.querySelector<HTMLButtonElement>('[data-tab="depenses"]')!.click();
    await tick();
    expect(asked[0]).toEqual({ id: 7, og: null, enveloppe: null, page: 0 });
    expect(document.querySelector('[data-testid="expenses-summary"]')?.textContent).toContain("230 dépense(s) pour 2\u202f300,00\u00a0€");
    expect(document.querySelector('[data-testid="expenses"] tbody')?.textContent).toContain("F-229");
    document.querySelector<HTMLButtonElement>('[data-testid="next-page"]')!.click();
    await tick();
    expect(asked[1]).toEqual({ id: 7, og: null, enveloppe: null, page: 1 });
    expect(document.querySelector('[data-testid="expenses-summary"]')?.textContent).toContain("page 2 sur 3");
    // A filter starts again at the first page.
    const og = document.querySelector<HTMLSelectElement>('[data-testid="filter-og"]')!;
    og.value = "620991026";
    og.dispatchEvent(new Event("change", { bubbles: true }));
    await tick();
    expect(asked[2]).toEqual({ id: 7, og: "620991026", enveloppe: null, page: 0 });
    expect(document.querySelector('[data-testid="expenses-summary"]')?.textContent).toContain("207 dépense(s) sur 230");
    const enveloppe = document.querySelector<HTMLSelectElement>('[data-testid="filter-enveloppe"]')!;
    enveloppe.value = `${key.og}|${key.rule}|${key.label}`;
    enveloppe.dispatchEvent(new Event("change", { bubbles: true }));
    await tick();
    expect(asked[3]).toEqual({ id: 7, og: "620991026", enveloppe: key, page: 0 });
    // An expense added: the page is read again, with the filters kept.
    const choose = document.querySelector<HTMLSelectElement>('[data-testid="expense-enveloppe"]')!;
    choose.value = `${key.og}|${key.rule}|${key.label}`;
    choose.dispatchEvent(new Event("change", { bubbles: true }));
    type('[data-testid="expense-date"]', "05/11/2024");
    await tick();
    type('[data-testid="expense-amount"]', "10,00");
    document.querySelector<HTMLButtonElement>('[data-testid="add-expense"]')!.click();
    await tick();
    expect(asked[4]).toEqual({ id: 7, og: "620991026", enveloppe: key, page: 0 });
    expect(document.querySelector('[data-testid="expenses"] tbody')?.textContent).toContain("F-230");
    unmount(app);
  });
  it("makes a target measurable and records a measurement from the Indicateurs tab", async () => {
    const asked: [string, unknown][] = [];
    const name = "Documents envoyés à Mon espace santé";
    const target = { indicator: name, written: "50 %", target: null, unit: null, scope: null, reached: false, status: "à rendre mesurable", points: [] };
    const measurable = { ...target, target: "50", unit: "percent" as const, scope: "grappe" as const, status: "aucune mesure" };
    const reached = { ...measurable, reached: true, status: "55 % le 31/03/2026", points: [["2026-03-31", "55"]] as [string, string][] };
    mockCommands((command, args) => {
      asked.push([command, args]);
      if (command === "suivi_view") return { ...awarded, targets: [target] };
      if (command === "set_indicator") return { ...awarded, targets: [measurable] };
      if (command === "add_measurement") return { ...awarded, targets: [reached] };
    });
    const app = render();
    await tick();
    document.querySelector<HTMLButtonElement>('[data-tab="indicateurs"]')!.click();
    await tick();
    const box = document.querySelector(`section[aria-label="${name}"]`)!;
    expect(box.textContent).toContain("à rendre mesurable");
    type(`input[aria-label="Cible : ${name}"]`, "50");
    [...box.querySelectorAll("button")].find((b) => b.textContent === "Rendre mesurable")!.click();
    await tick();
    expect(asked.find(([c]) => c === "set_indicator")?.[1]).toEqual({ id: 7, indicator: { indicator: name, target: "50", unit: "percent", scope: "grappe" } });
    type(`section[aria-label="${name}"] [data-testid="measure-date"]`, "31/03/2026");
    await tick();
    type(`input[aria-label="Valeur : ${name}"]`, "55");
    [...document.querySelector(`section[aria-label="${name}"]`)!.querySelectorAll("button")].find((b) => b.textContent === "Ajouter la mesure")!.click();
    await tick();
    expect(asked.find(([c]) => c === "add_measurement")?.[1]).toEqual({ id: 7, measurement: { indicator: name, essms: null, date: "2026-03-31", value: "55", source: "" } });
    expect(document.querySelector(`section[aria-label="${name}"]`)?.textContent).toContain("Atteinte");
    unmount(app);
  });
});
