"""Backups end to end, in the real app: the whole store backed up from the home screen to a
typed path, a dossier deleted, the backup restored and the dossier found again; after a restart,
the store set aside by the restoration is there beside the restored one."""

import os
import pathlib

from selenium.webdriver.common.by import By

from conftest import DATA, restart
from test_wizard import click, css, retype, shot, until

OUT = pathlib.Path(os.environ["GRAPPE_E2E_OUT"])
DEMO = "Grappe numérique des Flandres"


def names(app):
    return [b.text for b in app.find_elements(By.CSS_SELECTOR, '[data-testid="open-dossier"]')]


def notice(app, expected):
    """Waits for the Sauvegardes notice saying `expected`; returns it."""
    return until(
        app,
        lambda d: (t := d.find_element(By.CSS_SELECTOR, '[data-testid="backup-notice"]').text) and expected in t and t,
    )


def test_backup_delete_restore_and_find_the_set_aside_store_after_a_restart(app, launch, shots):
    css(app, '[data-testid="dossiers"]')
    # A first start holds only fictitious samples: no reminder; a dossier of one's own, one.
    assert "données d'exemple" in css(app, '[data-testid="welcome"]').text
    assert not app.find_elements(By.CSS_SELECTOR, '[data-testid="backup-reminder"]')
    click(app, 'button[aria-label="Dupliquer Grappe numérique des Flandres"]')
    assert "Aucune sauvegarde" in css(app, '[data-testid="backup-reminder"]').text
    target = OUT / "clé USB" / "grappe-sauvegarde.sqlite"
    target.parent.mkdir(parents=True, exist_ok=True)
    retype(css(app, '[data-testid="backup-path"]'), str(target))
    click(app, '[data-testid="backup-now"]')
    notice(app, "Magasin sauvegardé")
    assert target.exists()
    until(app, lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="backup-reminder"]'))
    assert "grappe-sauvegarde.sqlite" in css(app, '[data-testid="backup-last"]').text
    shot(app, shots, "accueil-sauvegardes.png")

    # The demo dossier deleted…
    click(app, f'button[aria-label="Supprimer {DEMO}"]')
    click(app, '[data-testid="confirm"]')
    until(app, lambda d: DEMO not in names(d))

    # …and found again in the backup, restored once confirmed.
    retype(css(app, '[data-testid="backup-path"]'), str(target))
    click(app, '[data-testid="restore-path"]')
    click(app, '[data-testid="confirm"]')
    assert "avant-restauration" in notice(app, "Sauvegarde restaurée")
    until(app, lambda d: DEMO in names(d))

    # After a restart: the restored store, and the one it replaced kept beside it.
    app = restart(app, launch)
    css(app, '[data-testid="dossiers"]')
    until(app, lambda d: DEMO in names(d))
    stores = sorted(p.name for p in DATA.rglob("grappe.sqlite*"))
    assert "grappe.sqlite" in stores, stores
    assert any(n.startswith("grappe.sqlite.avant-restauration-") for n in stores), stores
