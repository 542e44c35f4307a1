// Le suivi of one dossier, shared by the Suivi screen and its tabs: the view at a date (every
// figure computed and formatted in Rust), the tab shown, the page of expenses, the last result
// shown beside the action that caused it, the question waiting for the user (a likely duplicate,
// a deletion), and the one way to run an action (saved at once as a version of the history).
import { open as openDialog } from "@tauri-apps/plugin-dialog";
import {
  suiviView, suiviExpenses, importExpenses, importMeasurements, expenseColumns, undoLastChange, messageOf,
  type SuiviView, type ExpensePage, type ImportReport, type EnveloppeKey, type AppError, type ExpenseColumns,
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

/** The result of the last action, shown beside the form or button named `at`. */
export type Message = { text: string; error: boolean; at: string; opens?: string };

/** A question to the user before an action goes on. */
export type Question = { message: string; confirmLabel: string; yes: () => void; no: () => void };

const codeOf = (e: unknown) => (e && typeof e === "object" ? (e as AppError).code : undefined);

export class SuiviState {
  readonly id: number;
  view: SuiviView | null = $state(null);
  tab: Tab = $state("tableau");
  message: Message | null = $state(null);
  asking: Question | null = $state(null);
  report: ImportReport | null = $state(null);
  /** A table of expenses whose columns the user is asked to match. */
  matching: { path: string; columns: ExpenseColumns } | null = $state(null);
  /** The date of the situation (ISO); today when null. */
  asOf: string | null = $state(null);
  /** Called after a change made here that the candidature's screens show too (an undo). */
  onchanged: () => void = () => {};

  /** The Dépenses tab: a page of the expenses (the latest entered first), filtered by OG and
   * enveloppe; read again after every action while the tab is shown. */
  expenses: ExpensePage | null = $state(null);
  filter = $state({ og: "", enveloppe: "" });
  expensePage = $state(0);

  constructor(id: number) {
    this.id = id;
  }

  /** Runs an action; its result is the new view. `done` says it was done, beside `at`.
   * Resolves true when it was saved (the form can then be emptied). */
  async act(p: Promise<SuiviView>, done: string, at: string): Promise<boolean> {
    try {
      this.view = await p;
      this.message = done ? { text: done, error: false, at } : null;
      if (this.tab === "depenses") await this.loadExpenses();
      return true;
    } catch (e) {
      this.fail(messageOf(e), at);
      return false;
    }
  }

  /** An action that may record a likely duplicate: refused first, then, when the user says
   * so, sent again with `duplicateOk`. */
  async record(call: (duplicateOk: boolean) => Promise<SuiviView>, done: string, at: string): Promise<boolean> {
    const first = call(false);
    const duplicate = await first.then(
      () => null,
      (e) => (codeOf(e) === "likely_duplicate" ? e : null),
    );
    if (!duplicate) return this.act(first, done, at);
    return new Promise<boolean>((resolve) => {
      this.asking = {
        message: `${capitalized(messageOf(duplicate))}. L'enregistrer quand même ?`,
        confirmLabel: "Enregistrer quand même",
        yes: () => {
          this.asking = null;
          void this.act(call(true), done, at).then(resolve);
        },
        no: () => {
          this.asking = null;
          this.say("Rien n'a été enregistré.", at);
          resolve(false);
        },
      };
    });
  }

  /** A deletion, once the user confirmed it. */
  confirm(message: string, confirmLabel: string, then: () => Promise<unknown>) {
    this.asking = {
      message,
      confirmLabel,
      yes: () => {
        this.asking = null;
        void then();
      },
      no: () => (this.asking = null),
    };
  }

  /** Undoes the dossier's last change, the one the view names. */
  async undo() {
    const view = this.view;
    if (!view?.last_change) return;
    if (await this.act(undoLastChange(this.id, view.version), `Annulé : ${view.last_change}.`, "undo")) this.onchanged();
  }

  /** The view at the chosen date, read again. */
  refresh() {
    return this.act(suiviView(this.id, this.asOf), "", "");
  }

  fail(text: string, at: string) {
    this.message = { text: capitalized(text), error: true, at };
  }

  say(text: string, at: string, opens?: string) {
    this.message = { text, error: false, at, opens };
  }

  /** The message to show beside `at`, if it is there. */
  at(place: string): Message | null {
    return this.message?.at === place ? this.message : null;
  }

  show(next: Tab) {
    this.tab = next;
    this.message = null;
    if (next === "depenses") this.loadExpenses();
  }

  async loadExpenses() {
    const key = this.enveloppeKey(this.filter.enveloppe);
    try {
      this.expenses = await suiviExpenses(this.id, this.filter.og || null, key, this.expensePage);
      this.expensePage = this.expenses.page;
    } catch (e) {
      this.fail(messageOf(e), "expenses");
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
      filters: [{ name: "Tableau (.csv, .txt, .xlsx, .ods)", extensions: ["csv", "txt", "xlsx", "ods"] }],
    });
    if (typeof path !== "string") return;
    const at = `import-${kind}`;
    try {
      this.report = kind === "expenses" ? await importExpenses(this.id, path, null) : await importMeasurements(this.id, path);
      await this.imported();
    } catch (e) {
      if (codeOf(e) === "columns_unmatched") this.matching = { path, columns: await expenseColumns(this.id, path) };
      else this.fail(messageOf(e), at);
    }
  }

  /** After an import: the view and the expenses read again. */
  async imported() {
    this.view = await suiviView(this.id, this.asOf);
    this.message = null;
    if (this.tab === "depenses") await this.loadExpenses();
  }
}

/** Messages from Rust start lower case (they also end sentences); a notice starts upper case. */
export const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
