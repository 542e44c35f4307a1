import { describe, it, expect, vi } from "vitest";
import { DossierEditor } from "./editor.svelte";
import type { Dossier, EvaluationView, OpenedDossier } from "../ipc";

const evaluation = (total: string) => ({ total, total_fr: total, findings: [] }) as unknown as EvaluationView;
const opened = (name: string): OpenedDossier => ({
  id: 7,
  dossier: { name, essms: [] } as unknown as Dossier,
  evaluation: evaluation("0"),
  filed_on: null,
});
/** A save that takes `ms` on the fake timers. */
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Lets `ms` pass (fake timers, test-setup.ts). */
const wait = (ms: number) => vi.advanceTimersByTimeAsync(ms);
/** Awaits `p` while the saves it waits for take their time. */
async function run<T>(p: Promise<T>): Promise<T> {
  await wait(50);
  return p;
}

function recorder(fail = () => false) {
  const saves: { name: string; description: string }[] = [];
  const save = async (d: Dossier, description: string) => {
    await delay(5);
    if (fail()) throw { code: "disk_full", message: "le disque est plein", field: null };
    saves.push({ name: d.name, description });
    return evaluation(String(saves.length));
  };
  return { saves, save };
}

describe("autosave", () => {
  it("coalesces a burst of keystrokes into one save of the last state", async () => {
    const { saves, save } = recorder();
    const editor = new DossierEditor(opened("G"), save, 20);
    editor.context = "Campagne et porteur";
    for (const name of ["Gr", "Gra", "Grappe"]) {
      editor.dossier.name = name;
      editor.changed(JSON.stringify(editor.dossier));
    }
    await wait(60);
    expect(saves).toEqual([{ name: "Grappe", description: "Modification : Campagne et porteur" }]);
    expect(editor.status).toBe("enregistré");
    expect(editor.evaluation.total).toBe("1");
  });

  it("flush writes what is pending at once (leaving the wizard loses nothing)", async () => {
    const { saves, save } = recorder();
    const editor = new DossierEditor(opened("G"), save, 10_000);
    editor.dossier.name = "Avant de quitter";
    editor.changed(JSON.stringify(editor.dossier));
    await run(editor.flush());
    expect(saves.map((s) => s.name)).toEqual(["Avant de quitter"]);
  });

  it("a failed save keeps what was typed, says why in French, and the retry writes it", async () => {
    let failing = true;
    const { saves, save } = recorder(() => failing);
    const editor = new DossierEditor(opened("G"), save, 1);
    editor.dossier.name = "Texte précieux";
    await run(editor.flush());
    expect(editor.failed).toBe(true);
    expect(editor.status).toBe("non enregistré : le disque est plein");
    expect(editor.dossier.name).toBe("Texte précieux");
    failing = false;
    await run(editor.flush());
    expect(saves.map((s) => s.name)).toEqual(["Texte précieux"]);
    expect(editor.failed).toBe(false);
  });
});

describe("Ctrl+Z", () => {
  it("goes back one saved state at a time, each undo saved as a version", async () => {
    const { saves, save } = recorder();
    const editor = new DossierEditor(opened("A"), save, 1);
    for (const name of ["B", "C"]) {
      editor.dossier.name = name;
      await run(editor.flush());
    }
    expect(editor.canUndo).toBe(true);
    await run(editor.undo());
    expect(editor.dossier.name).toBe("B");
    await run(editor.undo());
    expect(editor.dossier.name).toBe("A");
    expect(await run(editor.undo())).toBe(false);
    expect(saves.map((s) => `${s.name}/${s.description}`)).toEqual([
      "B/Modification : Dossier",
      "C/Modification : Dossier",
      "B/Annulation (Ctrl+Z)",
      "A/Annulation (Ctrl+Z)",
    ]);
  });

  it("an unsaved change is undone back to the saved state", async () => {
    const { save } = recorder();
    const editor = new DossierEditor(opened("A"), save, 10_000);
    editor.dossier.name = "A modifié";
    editor.changed(JSON.stringify(editor.dossier));
    await run(editor.undo());
    expect(editor.dossier.name).toBe("A");
  });
});
