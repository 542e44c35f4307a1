// Le suivi of one dossier, shared by the Suivi screen and its tabs: the view at a date (every
// figure computed and formatted in Rust), the tab shown, the page of expenses, the last notice
// or error, and the one way to run an action (saved at once as a version of the history).
import { open as openDialog } from "@tauri-apps/plugin-dialog";
import {
  suiviView, suiviExpenses, importExpenses, importMeasurements, messageOf,
  type SuiviView, type ExpensePage, type ImportReport, type EnveloppeKey,
} from "../ipc";

export const TABS = [
  ["tableau", "Tableau de bord"],
  ["attribution", "Attribution"],
  ["versements", "Versements"],
  ["depenses", "Dépenses"],
  ["indicateurs", "Indicateurs"],
  ["documents", "Documents"],
] as const;
export type Tab = (typeof TABS)[number][0];

/** One enveloppe's key as one string (for selects and keyed lists). */
export const enveloppeId = (k: EnveloppeKey) => `${k.og}|${k.rule}|${k.label}`;

export class SuiviState {
  readonly id: number;
  view: SuiviView | null = $state(null);
  tab: Tab = $state("tableau");
  error = $state("");
  notice = $state("");
  report: ImportReport | null = $state(null);
  /** The date of the situation (ISO); today when null. */
  asOf: string | null = $state(null);

  /** The Dépenses tab: a page of the expenses (the latest entered first), filtered by OG and
   * enveloppe; read again after every action while the tab is shown. */
  expenses: ExpensePage | null = $state(null);
  filter = $state({ og: "", enveloppe: "" });
  expensePage = $state(0);

  constructor(id: number) {
    this.id = id;
  }

  /** Runs an action; its result is the new view, `message` the notice that says it was done. */
  async act(p: Promise<SuiviView>, message: string) {
    try {
      this.view = await p;
      this.error = "";
      this.notice = message;
      if (this.tab === "depenses") await this.loadExpenses();
    } catch (e) {
      this.fail(messageOf(e));
    }
  }

  /** The view at the chosen date, read again. */
  refresh() {
    return this.act(suiviView(this.id, this.asOf), "");
  }

  fail(message: string) {
    this.error = message;
    this.notice = "";
  }

  say(message: string) {
    this.notice = message;
    this.error = "";
  }

  show(next: Tab) {
    this.tab = next;
    if (next === "depenses") this.loadExpenses();
  }

  async loadExpenses() {
    const key = this.enveloppeKey(this.filter.enveloppe);
    try {
      this.expenses = await suiviExpenses(this.id, this.filter.og || null, key, this.expensePage);
      this.expensePage = this.expenses.page;
    } catch (e) {
      this.fail(messageOf(e));
    }
  }

  filterBy(changes: Partial<{ og: string; enveloppe: string }>) {
    this.filter = { ...this.filter, ...changes };
    this.expensePage = 0;
    this.loadExpenses();
  }

  turnPage(page: number) {
    this.expensePage = page;
    this.loadExpenses();
  }

  /** The key of the enveloppe chosen in a select (`enveloppeId`), or null. */
  enveloppeKey(chosen: string): EnveloppeKey | null {
    return this.view?.enveloppes.find((v) => enveloppeId(v.key) === chosen)?.key ?? null;
  }

  /** Expenses (an accounting export) or measurements from a file the user picks. */
  async importFile(kind: "expenses" | "measurements") {
    const path = await openDialog({
      title: kind === "expenses" ? "Importer des dépenses (export comptable)" : "Importer des mesures",
      filters: [{ name: "Tableur", extensions: ["csv", "xlsx", "ods"] }],
    });
    if (typeof path !== "string") return;
    try {
      this.report = kind === "expenses" ? await importExpenses(this.id, path) : await importMeasurements(this.id, path);
      this.view = await suiviView(this.id, this.asOf);
      this.error = "";
      if (this.tab === "depenses") await this.loadExpenses();
    } catch (e) {
      this.fail(messageOf(e));
    }
  }
}
