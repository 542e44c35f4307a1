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
    version: 3, last_change: null, stage: "brouillon", as_of: "30/04/2025", as_of_iso: "2025-04-30", filed_on: null,
    planned_filing: "2024-04-02", award: null, requested: [],
    enveloppes: [], consumption_max: "100", total: { awarded_fr: eur("0,00"), received_fr: eur("0,00"), spent_fr: eur("0,00"), remaining_fr: eur("0,00"), consumed_fr: "—" },
    tranches: [], payments: [], expense_count: 0, measurement_count: 0, targets: [],
    solde: { ready: false, amount_fr: eur("0,00"), missing: [], requested_on: null, requested_on_iso: null }, gaps: [], review: "", gap_threshold: "10",
    deadlines: [], findings: [], ogs: [], essms: [],
    cerfa: {
      model: "CERFA n° 15059*02", charges: [], products: [], classified: "Les charges réalisées sont classées selon la nature de leur enveloppe.", natures: [],
      nature_options: [["60", "60 – Achats"], ["61", "61 – Services extérieurs"], ["64", "64 – Charges de personnel"]],
      resource_options: [["subvention", "74 – Subvention d'un autre financeur"], ["fonds_propres", "Fonds propres de l'organisme"], ["contributions_volontaires", "87 – Contributions volontaires en nature"]],
      input: { natures: [], resources: [], indirectPrevu: "", indirectRealise: "", indirectRule: "", contributionsNote: "" },
    },
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

const render = (onchanged = () => {}) => mountIn(Suivi, { id: 7, onchanged });

/** The core's check of an amount typed French style, as far as these tests need it. */
function checkAmount(args: Record<string, unknown>) {
  const text = String(args.text).replace(/\s/g, "").replace(",", ".");
  return /^\d+(\.\d{1,2})?$/.test(text) ? { value: text, message: null } : { value: null, message: `« ${args.text} » : un montant a au plus 2 décimales (centimes)` };
}

const button = (text: string) => [...document.querySelectorAll("button")].find((b) => b.textContent?.trim() === text)!;

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
    // The filing date of step 1 is offered.
    expect(document.querySelector<HTMLInputElement>('[data-testid="filed-on"]')!.value).toBe("02/04/2024");
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

  it("records a payment with what was typed, refuses it without its organisme or with a bad amount, says how it was split beside the form, and empties the form", async () => {
    const payments: unknown[] = [];
    const paid = { ...awarded, payments: [{ index: 0, date: "15/10/2024", date_iso: "2024-10-15", amount: "80000.00", amount_fr: eur("80 000,00"), reference: "", og: "620991026", og_name: "Fondation Horizon Handicap", split: "70 166,67 € sur Au démarrage, 9 833,33 € sur Sur preuve", excess: false, ahead_fr: "", understood: false }] };
    mockCommands((command, args) => {
      if (command === "suivi_view") return awarded;
      if (command === "check_amount") return checkAmount(args);
      if (command === "add_payment") {
        payments.push(args);
        return paid;
      }
    });
    const app = render();
    await tick();
    document.querySelector<HTMLButtonElement>('[data-tab="versements"]')!.click();
    await tick();
    expect(document.querySelector('[data-testid="no-payment"]')?.textContent).toContain("Aucun versement");
    // Without its organisme: refused beside the form, nothing sent.
    document.querySelector<HTMLButtonElement>('[data-testid="add-payment"]')!.click();
    await tick();
    expect(payments).toEqual([]);
    expect(document.querySelector("form [data-testid='notice-payment']")?.textContent).toContain("Choisissez l'organisme");
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
    expect(document.querySelector('[data-testid="notice-payment"]')?.textContent).toContain("Indiquez la date du versement");
    type('[data-testid="payment-date"]', "15/10/2024");
    await tick();
    // A bad amount is refused beside its field as it is typed; nothing is sent.
    type('[data-testid="payment-amount"]', "80 000,001");
    await tick();
    expect(document.querySelector("#payment-amount-error")?.textContent).toContain("au plus 2 décimales");
    type('[data-testid="payment-amount"]', "80 000,00");
    await tick();
    document.querySelector<HTMLButtonElement>('[data-testid="add-payment"]')!.click();
    await tick();
    expect(payments).toEqual([{ id: 7, payment: { date: "2024-10-15", amount: "80000.00", reference: "", og: "620991026", tranche: null, duplicateOk: false } }]);
    // Listed, with how it was split said beside the form; the form emptied for the next one.
    expect(document.querySelector('[data-testid="payments"] tbody')?.textContent).toContain("Fondation Horizon Handicap");
    expect(document.querySelector("form [data-testid='notice-payment']")?.textContent).toContain("Versement enregistré : 70 166,67 € sur Au démarrage");
    expect(document.querySelector<HTMLInputElement>('[data-testid="payment-amount"]')!.value).toBe("");
    expect(document.querySelector<HTMLSelectElement>('[data-testid="payment-og"]')!.value).toBe("");
    // Another tab: the notice is gone.
    document.querySelector<HTMLButtonElement>('[data-tab="depenses"]')!.click();
    await tick();
    document.querySelector<HTMLButtonElement>('[data-tab="versements"]')!.click();
    await tick();
    expect(document.querySelector('[data-testid="notice-payment"]')).toBeNull();
    unmount(app);
  });

  it("shows the expenses by page, filtered by OG and enveloppe, and reads them again after an addition", async () => {
    const asked: unknown[] = [];
    const row = (index: number) => ({ index, date: "04/11/2024", date_iso: "2024-11-04", supplier: "Éditions du Nord", reference: `F-${index}`, amount: "10.00", amount_fr: eur("10,00"), enveloppe: key, og_name: "Fondation Horizon Handicap", essms: null, piece: null, piece_name: null, credit_note: false });
    let count = 230;
    mockCommands((command, args) => {
      if (command === "suivi_view") return awarded;
      if (command === "check_amount") return checkAmount(args);
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
    await tick();
    document.querySelector<HTMLButtonElement>('[data-testid="add-expense"]')!.click();
    await tick();
    expect(asked[4]).toEqual({ id: 7, og: "620991026", enveloppe: key, page: 0 });
    expect(document.querySelector('[data-testid="expenses"] tbody')?.textContent).toContain("F-230");
    unmount(app);
  });
  it("makes a target measurable and records a measurement from the Indicateurs tab", async () => {
    const asked: [string, unknown][] = [];
    const name = "Documents envoyés à Mon espace santé";
    const target = { indicator: name, written: "50 %", target: null, unit: null, scope: null, suggested_target: "50", suggested_unit: "percent" as const, recent: [], reached: false, status: "à rendre mesurable", points: [] };
    const measurable = { ...target, target: "50", unit: "percent" as const, scope: "grappe" as const, status: "aucune mesure" };
    const reached = { ...measurable, reached: true, status: "55 % le 31/03/2026", points: [["31/03/2026", "55"]] as [string, string][] };
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
    const box = document.querySelector(`section[aria-labelledby="title-Documents-envoy-s-Mon-espace-sant-"]`)!;
    expect(box.textContent).toContain("à rendre mesurable");
    // The call's target is offered: nothing to type again.
    expect(document.querySelector<HTMLInputElement>(`input[aria-label="Cible : ${name}"]`)!.value).toBe("50");
    [...box.querySelectorAll("button")].find((b) => b.textContent === "Rendre mesurable")!.click();
    await tick();
    expect(asked.find(([c]) => c === "set_indicator")?.[1]).toEqual({ id: 7, indicator: { indicator: name, target: "50", unit: "percent", scope: "grappe" } });
    type(`section[aria-labelledby="title-Documents-envoy-s-Mon-espace-sant-"] [data-testid="measure-date"]`, "31/03/2026");
    await tick();
    type(`input[aria-label="Valeur : ${name}"]`, "55");
    [...document.querySelector(`section[aria-labelledby="title-Documents-envoy-s-Mon-espace-sant-"]`)!.querySelectorAll("button")].find((b) => b.textContent === "Ajouter la mesure")!.click();
    await tick();
    expect(asked.find(([c]) => c === "add_measurement")?.[1]).toEqual({ id: 7, measurement: { indicator: name, essms: null, date: "2026-03-31", value: "55", source: "" } });
    expect(document.querySelector(`section[aria-labelledby="title-Documents-envoy-s-Mon-espace-sant-"]`)?.textContent).toContain("Atteinte");
    unmount(app);
  });

  it("corrects a payment in the form, deletes one only once confirmed, and undoes the last change by its name", async () => {
    const calls: [string, unknown][] = [];
    const row = (index: number, amount: string, fr: string) => ({ index, date: "15/10/2024", date_iso: "2024-10-15", amount, amount_fr: eur(fr), reference: "FMIS-42", og: "620991026", og_name: "Fondation Horizon Handicap", split: "", excess: false });
    const two = { ...awarded, version: 5, last_change: "Versement de 80 000,00 € reçu", payments: [row(0, "80000.00", "80 000,00"), row(1, "5000.00", "5 000,00")] };
    const one = { ...awarded, version: 6, last_change: "Versement supprimé", payments: [row(0, "80000.00", "80 000,00")] };
    let changed = 0;
    mockCommands((command, args) => {
      calls.push([command, args]);
      if (command === "suivi_view") return two;
      if (command === "check_amount") return checkAmount(args);
      if (command === "update_payment") return two;
      if (command === "delete_payment") return one;
      if (command === "undo_last_change") return { ...two, version: 7, last_change: "Annulation : Versement supprimé" };
    });
    const app = render(() => changed++);
    await tick();
    document.querySelector<HTMLButtonElement>('[data-tab="versements"]')!.click();
    await tick();
    // Corrected: the row's values come into the form, sent with its place.
    document.querySelector<HTMLButtonElement>('button[aria-label="Corriger le versement du 15/10/2024 (5 000,00 €)"]')!.click();
    await tick();
    expect(document.querySelector<HTMLInputElement>('[data-testid="payment-amount"]')!.value).toBe("5 000,00");
    expect(document.querySelector<HTMLSelectElement>('[data-testid="payment-og"]')!.value).toBe("620991026");
    type('[data-testid="payment-amount"]', "4 500,00");
    await tick();
    button("Enregistrer la correction").click();
    await tick();
    expect(calls.find(([c]) => c === "update_payment")?.[1]).toEqual({ id: 7, index: 1, payment: { date: "2024-10-15", amount: "4500.00", reference: "FMIS-42", og: "620991026", tranche: null, duplicateOk: false } });
    expect(document.querySelector('[data-testid="notice-payment"]')?.textContent).toContain("Versement corrigé");
    // Deleted only once confirmed: cancelled first, then confirmed.
    document.querySelector<HTMLButtonElement>('button[aria-label="Supprimer le versement du 15/10/2024 (5 000,00 €)"]')!.click();
    await tick();
    expect(document.querySelector('[role="alertdialog"]')?.textContent).toContain("Supprimer le versement de 5 000,00 € reçu le 15/10/2024");
    button("Annuler").click();
    await tick();
    expect(calls.some(([c]) => c === "delete_payment")).toBe(false);
    document.querySelector<HTMLButtonElement>('button[aria-label="Supprimer le versement du 15/10/2024 (5 000,00 €)"]')!.click();
    await tick();
    document.querySelector<HTMLButtonElement>('[data-testid="confirm"]')!.click();
    await tick();
    expect(calls.find(([c]) => c === "delete_payment")?.[1]).toEqual({ id: 7, index: 1 });
    expect(document.querySelector('[data-testid="notice-payments"]')?.textContent).toContain("Versement supprimé");
    expect(document.querySelectorAll('[data-testid="payments"] tbody tr').length).toBe(1);
    // Undo names what it undoes, sends the version shown, and tells the candidature's screens.
    const undo = document.querySelector<HTMLButtonElement>('[data-testid="suivi-undo"]')!;
    expect(undo.textContent).toBe("Annuler : Versement supprimé");
    undo.click();
    await tick();
    expect(calls.find(([c]) => c === "undo_last_change")?.[1]).toEqual({ id: 7, version: 6 });
    expect(document.querySelector('[data-testid="notice-undo"]')?.textContent).toContain("Annulé : Versement supprimé.");
    expect(document.querySelectorAll('[data-testid="payments"] tbody tr').length).toBe(2);
    expect(changed).toBe(1);
    unmount(app);
  });

  it("asks about a likely duplicate expense, records it only when told to, then empties the form", async () => {
    const sent: unknown[] = [];
    mockCommands((command, args) => {
      if (command === "suivi_view") return awarded;
      if (command === "check_amount") return checkAmount(args);
      if (command === "suivi_expenses") return { rows: [], count: 0, amount_fr: eur("0,00"), all: 0, page: 0, pages: 1 };
      if (command === "add_expense") {
        sent.push(args);
        if (!(args as { expense: { duplicateOk: boolean } }).expense.duplicateOk)
          throw { code: "likely_duplicate", message: "une dépense de même référence (F-2025-007) est déjà enregistrée : 18 000,00 € le 04/11/2024, Éditions", field: null };
        return awarded;
      }
    });
    const app = render();
    await tick();
    document.querySelector<HTMLButtonElement>('[data-tab="depenses"]')!.click();
    await tick();
    expect(document.querySelector('[data-testid="expenses-summary"]')?.textContent).toContain("Aucune dépense enregistrée");
    const choose = document.querySelector<HTMLSelectElement>('[data-testid="expense-enveloppe"]')!;
    choose.value = `${key.og}|${key.rule}|${key.label}`;
    choose.dispatchEvent(new Event("change", { bubbles: true }));
    type('[data-testid="expense-date"]', "04/11/2024");
    type('[data-testid="expense-reference"]', "F-2025-007");
    type('[data-testid="expense-amount"]', "1 000,00");
    await tick();
    document.querySelector<HTMLButtonElement>('[data-testid="add-expense"]')!.click();
    await tick();
    expect(document.querySelector('[role="alertdialog"]')?.textContent).toContain("Une dépense de même référence (F-2025-007) est déjà enregistrée");
    // Not this time: nothing recorded, the form kept.
    button("Annuler").click();
    await tick();
    expect(sent.length).toBe(1);
    expect(document.querySelector('[data-testid="notice-expense"]')?.textContent).toContain("Rien n'a été enregistré");
    expect(document.querySelector<HTMLInputElement>('[data-testid="expense-reference"]')!.value).toBe("F-2025-007");
    // Then recorded anyway.
    document.querySelector<HTMLButtonElement>('[data-testid="add-expense"]')!.click();
    await tick();
    document.querySelector<HTMLButtonElement>('[data-testid="confirm"]')!.click();
    await tick();
    expect(sent[2]).toEqual({ id: 7, expense: { date: "2024-11-04", supplier: "", reference: "F-2025-007", amount: "1000.00", enveloppe: key, essms: null, creditNote: false, duplicateOk: true } });
    expect(document.querySelector('[data-testid="notice-expense"]')?.textContent).toContain("Dépense ajoutée");
    expect(document.querySelector<HTMLInputElement>('[data-testid="expense-reference"]')!.value).toBe("");
    unmount(app);
  });

  it("records the award from one table: each line as requested, one lowered, saved once", async () => {
    const line = (label: string, amount: string) => ({ line: { og: "620991026", rule: "R-REG-NEW", label, essms: null }, og_name: "Fondation Horizon Handicap", requested_fr: eur(amount.replace(".", ",")), granted: amount, granted_fr: eur(amount.replace(".", ",")) });
    const requested = [line("Éditeur", "36000.00"), line("Maîtrise d'ouvrage", "40000.00")];
    let award: unknown = null;
    mockCommands((command, args) => {
      if (command === "suivi_view") return { ...awarded, award: null, requested };
      if (command === "check_amount") return checkAmount(args);
      if (command === "record_award") {
        award = args;
        return awarded;
      }
    });
    const app = render();
    await tick();
    document.querySelector<HTMLButtonElement>('[data-tab="attribution"]')!.click();
    await tick();
    expect(document.querySelector<HTMLInputElement>('[data-testid="granted-0"]')!.value).toBe("36 000,00");
    type('[data-testid="decision-reference"]', "ARS-117");
    type('[data-testid="granted-1"]', "33 333,33");
    await tick();
    document.querySelector<HTMLButtonElement>('[data-testid="save-award"]')!.click();
    await tick();
    expect(award).toEqual({ id: 7, award: { decisionReference: "ARS-117", decisionDate: null, conventionReference: "", conventionDate: null, granted: [{ line: requested[1].line, granted: "33333.33" }] } });
    expect(document.querySelector('[data-testid="notice-award"]')?.textContent).toContain("1 ligne(s) différente(s) de la demande");
    unmount(app);
  });

  it("corrects a measurement listed under its target", async () => {
    const name = "Documents envoyés à Mon espace santé";
    const recent = [{ index: 4, date: "31/03/2025", date_iso: "2025-03-31", essms: "", essms_et: null, value: "38.5", value_fr: "38,5 %", source: "Export MES" }];
    const target = { indicator: name, written: "50 %", target: "50", unit: "percent" as const, scope: "grappe" as const, suggested_target: "50", suggested_unit: "percent" as const, recent, reached: false, status: "38,5 % le 31/03/2025", points: [] };
    let sent: unknown = null;
    mockCommands((command, args) => {
      if (command === "suivi_view") return { ...awarded, targets: [target] };
      if (command === "update_measurement") {
        sent = args;
        return { ...awarded, targets: [{ ...target, recent: [{ ...recent[0], value: "36.5", value_fr: "36,5 %" }] }] };
      }
    });
    const app = render();
    await tick();
    document.querySelector<HTMLButtonElement>('[data-tab="indicateurs"]')!.click();
    await tick();
    document.querySelector<HTMLButtonElement>('button[aria-label="Corriger la mesure du 31/03/2025"]')!.click();
    await tick();
    expect(document.querySelector<HTMLInputElement>(`input[aria-label="Valeur : ${name}"]`)!.value).toBe("38,5");
    type(`input[aria-label="Valeur : ${name}"]`, "36,5");
    button("Enregistrer la correction").click();
    await tick();
    expect(sent).toEqual({ id: 7, index: 4, measurement: { indicator: name, essms: null, date: "2025-03-31", value: "36,5", source: "Export MES" } });
    expect(document.querySelector('[data-testid="notice-target-Documents-envoy-s-Mon-espace-sant-"]')?.textContent).toContain("Mesure corrigée");
    expect(document.querySelector('[data-testid="measurements"]')?.textContent).toContain("36,5 %");
    unmount(app);
  });
  it("shows a conditional tranche « sous condition », never late, records when the solde was claimed, and lets an advance be marked understood", async () => {
    const sent: unknown[] = [];
    const tranche = (state: "conditional" | "late", state_fr: string) => ({ og_name: "Fondation Horizon Handicap", label: "À l'atteinte des cibles d'usage", due: "31/12/2025", expected_fr: eur("26 666,66"), received_fr: eur("0,00"), outstanding_fr: eur("26 666,66"), state, state_fr, overdue: state === "late" });
    const payment = { index: 0, date: "15/10/2024", date_iso: "2024-10-15", amount: "80000.00", amount_fr: eur("80 000,00"), reference: "", og: "620991026", og_name: "Fondation Horizon Handicap", split: "70 166,67 € sur Au démarrage, 9 833,33 € sur Sur preuve", excess: false, ahead_fr: eur("9 833,33"), understood: false };
    const before = { ...awarded, deadlines: [], tranches: [tranche("conditional", "sous condition")], payments: [payment] };
    const ready = { ...before, solde: { ready: true, amount_fr: eur("26 666,66"), missing: [], requested_on: null, requested_on_iso: null } };
    const claimed = { ...ready, solde: { ...ready.solde, requested_on: "01/06/2026", requested_on_iso: "2026-06-01" } };
    let current: SuiviView = before;
    mockCommands((command, args) => {
      if (command === "suivi_view") return current;
      if (command === "set_solde_requested") {
        sent.push(args);
        return (current = claimed);
      }
      if (command === "acknowledge_excess") {
        sent.push(args);
        return (current = { ...current, payments: [{ ...payment, understood: true }] });
      }
    });
    const app = render();
    await tick();
    // Before the targets: said on the dashboard, no late payment.
    expect(document.querySelector('[data-testid="solde"]')?.textContent).toContain("sous condition");
    document.querySelector<HTMLButtonElement>('[data-tab="versements"]')!.click();
    await tick();
    const state = document.querySelector('[data-testid="tranche-state"]')!;
    expect(state.textContent).toBe("sous condition");
    expect(state.querySelector(".ko")).toBeNull();
    // The advance is said beside its payment until understood.
    expect(document.querySelector('[data-testid="payment-ahead"]')?.textContent).toContain("9 833,33 € de plus que la tranche attendue");
    document.querySelector<HTMLButtonElement>('[data-testid="acknowledge-excess"]')!.click();
    await tick();
    expect(sent).toEqual([{ id: 7, index: 0, understood: true }]);
    expect(document.querySelector('[data-testid="payment-ahead"]')).toBeNull();
    expect(document.querySelector('[data-testid="payments"]')?.textContent).toContain("Avance de 9 833,33 € comprise");
    unmount(app);
    // The targets reached: the day the demande was sent is recorded, as ISO.
    current = ready;
    const again = render();
    await tick();
    expect(document.querySelector('[data-testid="solde"]')?.textContent).toContain("peut être demandé");
    type('[data-testid="solde-sent"]', "01/06/2026");
    await tick();
    document.querySelector<HTMLButtonElement>('[data-testid="record-solde-sent"]')!.click();
    await tick();
    expect(sent.at(-1)).toEqual({ id: 7, sentOn: "2026-06-01" });
    expect(document.querySelector('[data-testid="solde-requested"]')?.textContent).toBe("01/06/2026");
    unmount(again);
  });
  it("imports expenses from a FEC: each account put on an enveloppe, the preview before anything is written, then the import with that mapping", async () => {
    const previews: unknown[] = [];
    const imported: unknown[] = [];
    const base = {
      file_name: "FEC-2025.txt", kind: "fichier des écritures comptables (FEC)", encoding: "ISO-8859-15", lines_read: 22, rejected_count: 0, rejected: [],
      accounts: [{ account: "205100", label: "Logiciels", lines: 1, amount_fr: eur("10 000,00") }, { account: "606100", label: "Fournitures", lines: 1, amount_fr: eur("80,00") }],
      already: 0, other_lines: 14, first_taken: [],
    };
    const none = { ...base, mapping: { rules: [], basis: "ttc", columns: [] }, taken: [], taken_count: 0, taken_total_fr: eur("0,00"), left_out: [{ account: "205100", label: "Logiciels", reason: "compte non affecté à une enveloppe", lines: 1, amount_fr: eur("10 000,00"), first_line: 2 }] };
    const mapped = { ...none, taken: [{ enveloppe: key, expenses: 1, amount_fr: eur("12 000,00") }], taken_count: 1, taken_total_fr: eur("12 000,00"), left_out: [] };
    mockCommands((command, args) => {
      if (command === "suivi_view") return awarded;
      if (command === "suivi_expenses") return { rows: [], count: 0, amount_fr: eur("0,00"), all: 0, page: 0, pages: 1 };
      if (command === "plugin:dialog|open") return "/home/moi/FEC-2025.txt";
      if (command === "accounting_preview") {
        previews.push(args);
        return args.mapping ? { ...mapped, mapping: args.mapping } : none;
      }
      if (command === "import_accounting") {
        imported.push(args);
        return { summary: "1 dépense(s) importée(s), 0 déjà présente(s), 1 ligne(s) rejetée(s).", rejected_count: 1, rejected: [{ line: 20, reason: "compte 606100 (Fournitures) : compte non affecté à une enveloppe — 1 ligne(s)" }], warnings: [] };
      }
    });
    const app = render();
    await tick();
    document.querySelector<HTMLButtonElement>('[data-tab="depenses"]')!.click();
    await tick();
    document.querySelector<HTMLButtonElement>('[data-testid="choose-accounting"]')!.click();
    await tick();
    // The dossier's own mapping is asked for first (none sent).
    expect(previews).toEqual([{ id: 7, path: "/home/moi/FEC-2025.txt", mapping: null }]);
    expect(document.querySelector('[data-testid="accounting-import"]')?.textContent).toContain("ISO-8859-15, 22 ligne(s) lue(s)");
    expect(document.querySelector('[data-testid="accounting-left-out"]')?.textContent).toContain("compte non affecté");
    expect(document.querySelector<HTMLButtonElement>('[data-testid="run-accounting-import"]')!.disabled).toBe(true);
    const select = document.querySelector<HTMLSelectElement>('select[data-account="205100"]')!;
    select.value = `${key.og}|${key.rule}|${key.label}`;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await tick();
    const rule = { account: "205100", journal: "", third_party: "", label_words: "", enveloppe: key, essms: null };
    expect(previews.at(-1)).toEqual({ id: 7, path: "/home/moi/FEC-2025.txt", mapping: { rules: [rule], basis: "ttc", columns: [] } });
    expect(document.querySelector('[data-testid="accounting-taken"]')?.textContent).toContain("12\u202f000,00\u00a0€");
    document.querySelector<HTMLButtonElement>('[data-testid="run-accounting-import"]')!.click();
    await tick();
    expect(imported).toEqual([{ id: 7, path: "/home/moi/FEC-2025.txt", mapping: { rules: [rule], basis: "ttc", columns: [] } }]);
    expect(document.querySelector('[data-testid="suivi-import-report"]')?.textContent).toContain("1 dépense(s) importée(s)");
    expect(document.querySelector('[data-testid="accounting-taken"]')).toBeNull();
    unmount(app);
  });
  it("asks which column holds what when a table's headers are not recognised, then imports with the user's matches", async () => {
    const imports: unknown[] = [];
    mockCommands((command, args) => {
      if (command === "suivi_view") return awarded;
      if (command === "suivi_expenses") return { rows: [], count: 0, amount_fr: eur("0,00"), all: 0, page: 0, pages: 1 };
      if (command === "plugin:dialog|open") return "/home/moi/export.csv";
      if (command === "import_expenses") {
        imports.push(args);
        if (!args.columns) throw { code: "columns_unmatched", message: "colonnes non reconnues : date, montant", field: null };
        return { summary: "1 dépense(s) importée(s), 0 déjà présente(s), 0 ligne(s) rejetée(s).", rejected_count: 0, rejected: [], warnings: [] };
      }
      if (command === "expense_columns")
        return {
          headers: ["Jour", "Somme", "Poste"],
          fields: [
            { field: "date", label: "Date", required: true, header: null },
            { field: "montant", label: "Montant", required: true, header: null },
            { field: "enveloppe", label: "Enveloppe", required: true, header: "Poste" },
            { field: "fournisseur", label: "Fournisseur", required: false, header: null },
          ],
        };
    });
    const app = render();
    await tick();
    document.querySelector<HTMLButtonElement>('[data-tab="depenses"]')!.click();
    await tick();
    document.querySelector<HTMLButtonElement>('[data-testid="import-expenses"]')!.click();
    await tick();
    const form = document.querySelector('[data-testid="column-match"]')!;
    expect(form.textContent).toContain("« export.csv »");
    // What Grappe found is preselected; a required field left empty is said, nothing sent.
    expect(form.querySelector<HTMLSelectElement>('select[data-field="enveloppe"]')!.value).toBe("Poste");
    form.querySelector<HTMLButtonElement>('[data-testid="run-column-match"]')!.click();
    await tick();
    expect(form.querySelector('[role="alert"]')?.textContent).toContain("Indiquez la colonne de : date, montant.");
    expect(imports.length).toBe(1);
    for (const [field, header] of [["date", "Jour"], ["montant", "Somme"]]) {
      const select = form.querySelector<HTMLSelectElement>(`select[data-field="${field}"]`)!;
      select.value = header;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
    form.querySelector<HTMLButtonElement>('[data-testid="run-column-match"]')!.click();
    await tick();
    expect(imports.at(-1)).toEqual({ id: 7, path: "/home/moi/export.csv", columns: [{ field: "date", header: "Jour" }, { field: "montant", header: "Somme" }, { field: "enveloppe", header: "Poste" }] });
    expect(document.querySelector('[data-testid="column-match"]')).toBeNull();
    expect(document.querySelector('[data-testid="suivi-import-report"]')?.textContent).toContain("1 dépense(s) importée(s)");
    unmount(app);
  });

  it("shows the compte rendu's CERFA table and sends what the user completes: a nature changed, another funder, the indirect charges", async () => {
    const row = (code: string, label: string, realise: string, total = false) => ({ code, label, prevu_fr: eur("0,00"), realise_fr: eur(realise), ecart_fr: eur(realise), ecart_percent_fr: "—", total });
    const shown = view({
      ...awarded,
      cerfa: {
        ...awarded.cerfa,
        charges: [row("60", "Achats", "30 450,50"), row("", "Total des charges", "30 450,50", true)],
        products: [row("74", "Présente subvention ESMS numérique", "80 000,00")],
        natures: [{ enveloppe: key, og_name: "Fondation Horizon Handicap", nature: "60", chosen: false }],
      },
    });
    let sent: unknown = null;
    mockCommands((command, args) => {
      if (command === "suivi_view") return shown;
      if (command === "check_amount") return checkAmount(args);
      if (command === "set_compte_rendu") {
        sent = args;
        return shown;
      }
    });
    const app = render();
    await tick();
    document.querySelector<HTMLButtonElement>('[data-tab="documents"]')!.click();
    await tick();
    const charges = document.querySelector('[data-testid="cerfa-charges"]')!.textContent!;
    expect(charges).toContain("Achats");
    expect(charges).toContain(eur("30 450,50"));
    expect(document.querySelector('[data-testid="cerfa-charges"] tr.total')!.textContent).toContain("Total des charges");
    expect(document.querySelector("#cerfa-title")!.textContent).toContain("CERFA n° 15059*02");
    // A subsidy without its funder is refused before anything is sent.
    button("Ajouter une ressource").click();
    await tick();
    button("Enregistrer le compte rendu").click();
    await tick();
    expect(sent).toBeNull();
    expect(document.querySelector('[data-testid="notice-cerfa"]')?.textContent).toContain("nommez le financeur");
    type('[aria-label="Financeur de la ressource n°1"]', "Conseil départemental du Nord");
    type("#cerfa-resource-0-prevu", "10 000,00");
    type("#cerfa-indirect-realise", "2 750,25");
    type("#cerfa-indirect-rule", "Au prorata du temps passé.");
    const nature = document.querySelector<HTMLSelectElement>('[aria-label^="Nature : Fondation Horizon Handicap"]')!;
    nature.value = "64";
    nature.dispatchEvent(new Event("change", { bubbles: true }));
    await tick();
    button("Enregistrer le compte rendu").click();
    await tick();
    expect(sent).toEqual({
      id: 7,
      input: {
        natures: [{ enveloppe: key, nature: "64" }],
        resources: [{ kind: "subvention", label: "Conseil départemental du Nord", prevu: "10000.00", realise: "" }],
        indirectPrevu: "",
        indirectRealise: "2750.25",
        indirectRule: "Au prorata du temps passé.",
        contributionsNote: "",
      },
    });
    expect(document.querySelector('[data-testid="notice-cerfa"]')?.textContent).toContain("Compte rendu enregistré");
    unmount(app);
  });
});
