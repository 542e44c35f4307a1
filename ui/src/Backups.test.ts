import { describe, it, expect, afterEach, vi } from "vitest";
import { unmount } from "svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import Backups from "./Backups.svelte";
import type { BackupStatus } from "./ipc";
import { tick, mockCommands, render as mountIn, type } from "./lib/testing";

afterEach(() => clearMocks());

const none: BackupStatus = { last: null, automatic: [{ path: "/data/sauvegardes/grappe-2026-11-26.sqlite", at: "26/11/2026", size: "1,2\u00a0Mo", sha256: "" }], automatic_folder: "/data/sauvegardes", reminder: "Aucune sauvegarde hors de cet ordinateur : sauvegardez le magasin sur une clé USB ou un partage." };
const made = { path: "/media/cle/grappe.sqlite", at: "26/11/2026 19:30", size: "1,2\u00a0Mo", sha256: "ab".repeat(32) };

const render = (onrestored = () => {}) => mountIn(Backups, { onrestored });

describe("Sauvegardes", () => {
  it("reminds, backs up to the typed path, and asks before replacing a file", async () => {
    const asked: unknown[] = [];
    let exists = false;
    mockCommands((command, args) => {
      if (command === "backup_status") return exists ? { ...none, last: made, reminder: null } : none;
      if (command === "backup_store") {
        asked.push(args);
        if (exists && (args as { existing: string }).existing !== "replace") throw { code: "file_exists", message: "« /media/cle/grappe.sqlite » existe déjà.", field: "path" };
        exists = true;
        return made;
      }
    });
    const app = render();
    await tick();
    expect(document.querySelector('[data-testid="backup-reminder"]')?.textContent).toContain("Aucune sauvegarde");
    expect(document.querySelector('[data-testid="automatic-copies"]')?.textContent).toContain("26/11/2026");
    type('[data-testid="backup-path"]', "/media/cle/grappe.sqlite");
    document.querySelector<HTMLButtonElement>('[data-testid="backup-now"]')!.click();
    await tick();
    expect(asked[0]).toEqual({ path: "/media/cle/grappe.sqlite", existing: "keep" });
    expect(document.querySelector('[data-testid="backup-notice"]')?.textContent).toContain("Magasin sauvegardé");
    expect(document.querySelector('[data-testid="backup-reminder"]')).toBeNull();
    expect(document.querySelector('[data-testid="backup-last"]')?.textContent).toContain("26/11/2026 19:30");
    // Again to the same file: asked first, replaced only when confirmed.
    document.querySelector<HTMLButtonElement>('[data-testid="backup-now"]')!.click();
    await tick();
    expect(document.body.textContent).toContain("Le remplacer par cette sauvegarde ?");
    document.querySelector<HTMLButtonElement>('[data-testid="confirm"]')!.click();
    await tick();
    expect(asked[2]).toEqual({ path: "/media/cle/grappe.sqlite", existing: "replace" });
    unmount(app);
  });

  it("restores a backup only once confirmed, says where the old store went, and reloads the list", async () => {
    const restored = vi.fn();
    const asked: unknown[] = [];
    mockCommands((command, args) => {
      if (command === "backup_status") return none;
      if (command === "restore_store_backup") {
        asked.push(args);
        return { aside: "/data/grappe.sqlite.avant-restauration-20261126-193000", migrated_from: null, dossiers: 2 };
      }
    });
    const app = render(restored);
    await tick();
    type('[data-testid="backup-path"]', "/media/cle/grappe.sqlite");
    document.querySelector<HTMLButtonElement>('[data-testid="restore-path"]')!.click();
    await tick();
    expect(document.body.textContent).toContain("Le magasin actuel sera mis de côté");
    expect(asked).toEqual([]);
    document.querySelector<HTMLButtonElement>('[data-testid="confirm"]')!.click();
    await tick();
    expect(asked).toEqual([{ path: "/media/cle/grappe.sqlite" }]);
    expect(document.querySelector('[data-testid="backup-notice"]')?.textContent).toContain("avant-restauration-20261126-193000");
    expect(restored).toHaveBeenCalled();
    unmount(app);
  });
});
