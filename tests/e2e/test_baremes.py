"""Barèmes end to end, in the real app: a barème « 2026 » made from the shipped one with one
amount and one window changed, the demo dossier compared under it, pinned to it (the total and
the window finding change), its PDF naming the barème and its version, the list's total following."""

import os
import pathlib
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import plain
from test_wizard import click, css, retype, saved, shot, step, until

OUT = pathlib.Path(os.environ["GRAPPE_E2E_OUT"])
DEMO = "Grappe numérique des Flandres"
TITLE = "ESMS numérique — appel 2026"


def rows(app):
    return app.find_elements(By.CSS_SELECTOR, '[data-testid="bareme-row"]')


def test_make_a_barème_compare_pin_a_dossier_and_find_it_in_the_pdf(app, shots):
    css(app, '[data-testid="dossiers"]')
    click(app, '[data-testid="open-baremes"]')
    until(app, lambda d: len(rows(d)) == 1)
    click(app, '[data-bareme="2023-2025"] [data-testid="derive"]')
    css(app, '[data-testid="bareme-editor"]')
    # A copy has no campaign yet: the problem is said next to its field, saving refused.
    until(app, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-problem="campaign"]'))
    assert not css(app, '[data-testid="bareme-save"]').is_enabled()

    retype(css(app, "#b-campaign"), "2026")
    retype(css(app, "#b-version"), "2026.1")
    retype(css(app, "#b-title"), TITLE)
    retype(css(app, "#b-line-0-amount"), "13 000,00")
    windows = app.find_elements(By.CSS_SELECTOR, '[data-testid="bareme-windows"] tbody tr')
    regional = next(i for i, w in enumerate(windows) if w.find_element(By.CSS_SELECTOR, "input").get_attribute("value") == "AAP régionaux 2024")
    retype(css(app, f"#b-w{regional}-to"), "31/03/2024")
    preview = until(app, lambda d: (t := plain(d.find_element(By.CSS_SELECTOR, '[data-testid="bareme-preview"]').text)) and "472 000,00 €" in t and t)
    assert "462 000,00 €" in preview
    shot(app, shots, "baremes-editeur.png")
    click(app, '[data-testid="bareme-save"]')
    until(app, lambda d: "Barème « 2026 » enregistré" in d.find_element(By.TAG_NAME, "body").text)
    until(app, lambda d: len(rows(d)) == 2)
    click(app, '[data-testid="baremes-close"]')

    # The demo dossier compared under « 2026 », then pinned to it.
    # The home list comes back once the store answers (later on a busy machine).
    until(app, lambda d: next((b for b in d.find_elements(By.CSS_SELECTOR, '[data-testid="open-dossier"]') if b.text == DEMO), None)).click()
    step(app, "campagne")
    assert plain(css(app, '[data-testid="live-total"]').text) == "462 000,00 €"
    assert not app.find_elements(By.CSS_SELECTOR, '[data-field-message="filing_date"]')
    until(app, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="compare-to"] option[value="2026"]'))
    Select(css(app, '[data-testid="compare-to"]')).select_by_value("2026")
    click(app, '[data-testid="compare"]')
    assert plain(css(app, '[data-testid="comparison-after"]').text) == "472 000,00 €"
    assert plain(css(app, '[data-testid="comparison-difference"]').text) == "+10 000,00 €"
    comparison = css(app, '[data-testid="comparison"]').text
    assert "Éditeur — acquisition" in comparison and "fenêtre" in comparison, comparison
    # The rule of each line one hover away, not in the text.
    assert "R-REG-NEW" not in comparison
    assert app.find_elements(By.CSS_SELECTOR, '[data-testid="comparison"] [data-rule="R-REG-NEW"][title]')
    shot(app, shots, "wizard-1-comparaison-bareme.png")
    click(app, '[data-testid="adopt-bareme"]')
    saved(app)
    until(app, lambda d: plain(d.find_element(By.CSS_SELECTOR, '[data-testid="live-total"]').text) == "472 000,00 €")
    assert Select(css(app, "#f-campaign")).first_selected_option.get_attribute("value") == "2026"
    # The filing date (02/04/2024) is now outside the regional window, said at its field.
    until(app, lambda d: "hors des fenêtres" in d.find_element(By.CSS_SELECTOR, '[data-field-message="filing_date"]').text)

    # The PDF names the barème and its version.
    step(app, "dossier")
    pdf = OUT / "flandres-2026.pdf"
    retype(css(app, '[data-testid="pdf-path"]'), str(pdf))
    click(app, '[data-testid="generate"]')
    css(app, '[data-testid="generated"]', timeout=60)
    text = plain(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    assert TITLE in text and "2026.1" in text and "472 000,00 €" in text

    # Home: the list's total follows the dossier's barème.
    click(app, '[data-testid="back-home"]')
    row = until(app, lambda d: next((r for r in d.find_elements(By.CSS_SELECTOR, '[data-testid="dossiers"] tbody tr') if DEMO in r.text), None))
    assert plain(row.find_element(By.CSS_SELECTOR, '[data-testid="total"]').text) == "472 000,00 €"
    assert "2026" in row.text
