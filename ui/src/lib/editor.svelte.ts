// One dossier being edited: every change is saved (coalesced over a short delay, one save at a
// time, the latest state always written), the evaluation comes back with each save, and the
// states saved before can be brought back one by one (Ctrl+Z).
import type { Dossier, EvaluationView, OpenedDossier } from "../ipc";
import { messageOf } from "../ipc";

export type SaveFn = (dossier: Dossier, description: string) => Promise<EvaluationView>;

/** How many saved states Ctrl+Z can go back through in one session. */
export const UNDO_DEPTH = 100;

export class DossierEditor {
  readonly id: number;
  dossier: Dossier = $state() as Dossier;
  evaluation: EvaluationView = $state() as EvaluationView;
  /** `enregistré`, `enregistrement…` or the French reason the last save failed. */
  status = $state("enregistré");
  failed = $state(false);
  canUndo = $state(false);
  /** What the next save is about (« Grappe », « Solution »…), for the history. */
  context = "Dossier";

  private saved: string;
  private undoStack: string[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private undoing = false;

  constructor(opened: OpenedDossier, private save: SaveFn, private delay = 250) {
    this.id = opened.id;
    this.dossier = opened.dossier;
    this.evaluation = opened.evaluation;
    this.saved = JSON.stringify(opened.dossier);
  }

  /** Called with the dossier's JSON after every change (an effect of the wizard). */
  changed(json: string) {
    if (json === this.saved && !this.timer) return;
    this.status = "modifications en cours…";
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.delay);
  }

  /** Saves now whatever is not saved yet; resolves when it is written. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.running) await this.running;
    const json = JSON.stringify(this.dossier);
    if (json === this.saved) {
      if (!this.failed) this.status = "enregistré";
      return;
    }
    const description = this.undoing ? "Annulation (Ctrl+Z)" : `Modification : ${this.context}`;
    const previous = this.saved;
    const fromUndo = this.undoing;
    this.undoing = false;
    this.status = "enregistrement…";
    this.running = (async () => {
      try {
        this.evaluation = await this.save(JSON.parse(json), description);
        if (!fromUndo) {
          this.undoStack.push(previous);
          if (this.undoStack.length > UNDO_DEPTH) this.undoStack.shift();
        }
        this.saved = json;
        this.failed = false;
        this.status = "enregistré";
      } catch (e) {
        // Nothing typed is lost: the dossier stays as it is on screen and the next change
        // (or the retry button) saves it again.
        this.failed = true;
        this.status = `non enregistré : ${messageOf(e)}`;
      } finally {
        this.canUndo = this.undoStack.length > 0 || JSON.stringify(this.dossier) !== this.saved;
        this.running = null;
      }
    })();
    await this.running;
    if (JSON.stringify(this.dossier) !== this.saved && !this.failed) await this.flush();
  }

  /** Goes back to the state before the last change. */
  async undo(): Promise<boolean> {
    while (this.running) await this.running;
    const current = JSON.stringify(this.dossier);
    let target: string | undefined;
    if (current !== this.saved) {
      target = this.saved; // an unsaved change: back to what is saved
    } else {
      target = this.undoStack.pop();
    }
    if (target === undefined) return false;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.undoing = true;
    this.dossier = JSON.parse(target);
    await this.flush();
    this.canUndo = this.undoStack.length > 0;
    return true;
  }

  /** After a restore from the history: the store's state becomes the saved one. */
  reset(opened: OpenedDossier) {
    this.dossier = opened.dossier;
    this.evaluation = opened.evaluation;
    this.saved = JSON.stringify(opened.dossier);
    this.undoStack = [];
    this.canUndo = false;
  }
}
