import { describe, it, expect, afterEach } from "vitest";
import { mount, unmount } from "svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import StepDossier from "./StepDossier.svelte";
import { DossierEditor } from "../lib/editor.svelte";
import type { Dossier } from "../ipc";
import { tick, evaluationView, mockCommands } from "../lib/testing";

afterEach(() => clearMocks());

const evaluation = evaluationView({ eligible: true, total: "462000.00", total_fr: "462\u202f000,00\u00a0€", essms_count: 20, size_reached: true });

describe("Dossier step", () => {
  it("asks before the PDF or its annexes replace existing files, and replaces them only when confirmed", async () => {
    const calls: boolean[] = [];
    mockCommands((cmd, args) => {
      if (cmd === "suggested_pdf_path") return "/home/moi/Flandres - candidature ESMS numérique.pdf";
      if (cmd === "list_documents") return [];
      if (cmd === "generate_dossier") {
        const replace = (args as { existing: string }).existing === "replace";
        calls.push(replace);
        if (!replace)
          throw { code: "file_exists", message: "Ces fichiers existent déjà : « a.pdf », « a - annexes.xlsx ».", field: "path" };
        return { path: "a.pdf", pages: 9, draft: false, fingerprint: "abc", total_fr: "462\u202f000,00\u00a0€", annexes: [] };
      }
    });
    const dossier = { name: "G", porteur: "", ogs: [], essms: [] } as unknown as Dossier;
    const editor = new DossierEditor({ id: 1, dossier, evaluation, filed_on: null }, async () => evaluation, 10_000);
    document.body.innerHTML = '<div id="app"></div>';
    const app = mount(StepDossier, { target: document.getElementById("app")!, props: { editor, goTo: () => {} } });
    await tick();
    document.querySelector<HTMLButtonElement>('[data-testid="generate"]')!.click();
    await tick();
    expect(calls).toEqual([false]);
    const dialog = document.querySelector('[role="alertdialog"]')!;
    expect(dialog.textContent).toContain("Ces fichiers existent déjà : « a.pdf », « a - annexes.xlsx ». Les remplacer");
    expect(document.querySelector('[role="alert"]')).toBeNull();
    document.querySelector<HTMLButtonElement>('[data-testid="confirm"]')!.click();
    await tick();
    expect(calls).toEqual([false, true]);
    expect(document.querySelector('[role="alertdialog"]')).toBeNull();
    unmount(app);
  });
});
