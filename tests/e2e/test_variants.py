"""Variants end to end, in the real app: a variant of the demo made without one OG (its three
ESSMS taken out in the same wizard), compared with the original side by side, adopted as the
dossier's content, the adoption undone; the PDF with the annex comparing them."""

import os
import pathlib
import subprocess

from selenium.webdriver.common.by import By

from conftest import plain
from test_wizard import click, css, retype, saved, shot, step, until

OUT = pathlib.Path(os.environ["GRAPPE_E2E_OUT"])

DEMO = "Grappe numérique des Flandres"
CCAS = ["EHPAD municipal du Bois-Joli", "Résidence autonomie Les Mésanges", "SSIAD du Bois-Joli"]


def title(app):
    return css(app, '[data-testid="dossier-title"]').text


def test_a_variant_without_one_og_compared_adopted_and_undone(app, shots):
    next(b for b in css(app, '[data-testid="dossiers"]').find_elements(By.CSS_SELECTOR, '[data-testid="open-dossier"]') if b.text == DEMO).click()
    until(app, lambda d: title(d) == DEMO)
    assert plain(css(app, '[data-testid="live-total"]').text) == "462 000,00 €"
    click(app, '[data-testid="toggle-variantes"]')
    css(app, '[data-testid="variant-name"]').send_keys("Sans le CCAS")
    click(app, '[data-testid="make-variant"]')
    css(app, '[data-variant="Sans le CCAS"]')

    # The variant, opened in the same wizard: the CCAS's three ESSMS taken out.
    click(app, '[data-variant="Sans le CCAS"] [data-testid="open-variant"]')
    until(app, lambda d: title(d) == "Sans le CCAS")
    step(app, "grappe")
    for name in CCAS:
        click(app, f'button[aria-label="Retirer {name}"]')
    saved(app)
    until(app, lambda d: plain(d.find_element(By.CSS_SELECTOR, '[data-testid="live-total"]').text) == "383 500,00 €")

    # Back to the original, compared with its variant side by side.
    click(app, '[data-testid="toggle-variantes"]')
    assert DEMO in css(app, '[data-testid="variant-origin"]').text
    click(app, '[data-testid="open-origin"]')
    until(app, lambda d: title(d) == DEMO)
    click(app, '[data-testid="toggle-variantes"]')
    click(app, 'input[aria-label="Comparer Sans le CCAS"]')
    click(app, '[data-testid="compare-variants"]')
    table = css(app, '[data-testid="variants-comparison"]')
    total = table.find_element(By.CSS_SELECTOR, 'tr[data-row="Financement total"]')
    assert "differs" in total.get_attribute("class")
    assert "462 000,00 €" in plain(total.text) and "383 500,00 €" in plain(total.text)
    assert "absent" in table.find_element(By.CSS_SELECTOR, 'tr[data-row^="SSIAD du Bois-Joli"]').text
    shot(app, shots, "wizard-variantes.png")

    # Adopted once confirmed, then undone.
    click(app, '[data-variant="Sans le CCAS"] [data-testid="adopt-variant"]')
    click(app, '[data-testid="confirm"]')
    until(app, lambda d: "383 500,00 €" in plain(d.find_element(By.CSS_SELECTOR, '[data-testid="variants-notice"]').text))
    assert title(app) == DEMO
    click(app, '[data-testid="undo-adopt"]')
    until(app, lambda d: "Adoption annulée" in d.find_element(By.CSS_SELECTOR, '[data-testid="variants-notice"]').text)
    click(app, '[data-testid="toggle-variantes"]')
    until(app, lambda d: plain(d.find_element(By.CSS_SELECTOR, '[data-testid="live-total"]').text) == "462 000,00 €")
    step(app, "grappe")
    assert "(20)" in css(app, '[data-testid="essms-count"]').text

    # The PDF with the optional annex comparing the variants considered.
    step(app, "dossier")
    pdf = OUT / "flandres-variantes.pdf"
    retype(css(app, '[data-testid="pdf-path"]'), str(pdf))
    click(app, '[data-testid="with-variants"]')
    click(app, '[data-testid="generate"]')
    css(app, '[data-testid="generated"]', timeout=60)
    text = plain(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    assert "Annexe — Variantes étudiées" in text and "Sans le CCAS" in text and "383 500,00 €" in text
    # The home list names the variant's origin.
    click(app, '[data-testid="back-home"]')
    until(app, lambda d: any("variante de « " + DEMO in e.text for e in d.find_elements(By.CSS_SELECTOR, '[data-testid="variant-of"]')))
