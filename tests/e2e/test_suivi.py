"""Le suivi end to end, in the real app: the demo dossier marked filed, awarded with one line
lowered, its first payment and an expense recorded, the dashboard and the état de consommation
read back with pdftotext; a restart finds it all. Screenshots of the Suivi screens are saved."""

import os
import pathlib
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import plain, restart
from test_wizard import click, css, retype, shot, until

OUT = pathlib.Path(os.environ["GRAPPE_E2E_OUT"])
DEMO = "Grappe numérique des Flandres"


def open_demo_suivi(app):
    table = css(app, '[data-testid="dossiers"]')
    row = next(r for r in table.find_elements(By.CSS_SELECTOR, "tbody tr") if DEMO in r.text)
    row.find_element(By.CSS_SELECTOR, '[data-testid="open-dossier"]').click()
    click(app, '[data-testid="toggle-suivi"]')
    css(app, '[data-testid="suivi-stage"]')


def tab(app, key):
    click(app, f'[data-tab="{key}"]')


def status(app):
    return until(app, lambda d: d.find_element(By.CSS_SELECTOR, '.suivi [role="status"]').text)


def test_file_award_pay_and_spend_then_the_etat_de_consommation_and_a_restart(app, launch, shots):
    open_demo_suivi(app)
    assert "brouillon" in css(app, '[data-testid="suivi-stage"]').text
    retype(css(app, '[data-testid="filed-on"]'), "02/04/2024")
    click(app, '[data-testid="mark-filed"]')
    until(app, lambda d: "déposé" in d.find_element(By.CSS_SELECTOR, '[data-testid="suivi-stage"]').text)

    # The award: every line as requested, then the Fondation's MOA nouvelle solution lowered.
    tab(app, "attribution")
    retype(css(app, '[data-testid="convention-date"]'), "20/09/2024")
    click(app, '[data-testid="award-as-requested"]')
    rows = css(app, '[data-testid="award-lines"]').find_elements(By.CSS_SELECTOR, "tbody tr")
    index = next(i for i, r in enumerate(rows) if "Fondation Horizon Handicap" in r.text and "Maîtrise d'ouvrage — nouvelle" in r.text)
    retype(css(app, f'[data-testid="granted-{index}"]'), "33 333,33")
    click(app, f'[data-testid="set-granted-{index}"]')
    until(app, lambda d: "Ligne mise à jour" in d.find_element(By.CSS_SELECTOR, '.suivi [role="status"]').text)
    shot(app, shots, "suivi-attribution.png")

    # The Fondation's first payment: its start tranche and 9 833,33 of the next.
    tab(app, "versements")
    Select(css(app, '[data-testid="payment-og"]')).select_by_value("620991026")
    retype(css(app, '[data-testid="payment-date"]'), "15/10/2024")
    retype(css(app, '[data-testid="payment-amount"]'), "80 000,00")
    click(app, '[data-testid="add-payment"]')
    until(app, lambda d: "9 833,33 €" in plain(d.find_element(By.CSS_SELECTOR, '[data-testid="tranches"]').text))
    assert "en retard" in css(app, '[data-testid="tranches"]').text
    shot(app, shots, "suivi-versements.png")

    # An expense on the Fondation's éditeur enveloppe.
    tab(app, "depenses")
    select = Select(css(app, '[data-testid="expense-enveloppe"]'))
    value = next(o.get_attribute("value") for o in select.options if "Fondation Horizon Handicap — Éditeur — acquisition" in o.text)
    select.select_by_value(value)
    retype(css(app, '[data-testid="expense-date"]'), "04/11/2024")
    retype(css(app, '[data-testid="expense-reference"]'), "F-2024-311")
    retype(css(app, '[data-testid="expense-amount"]'), "18 000,00")
    click(app, '[data-testid="add-expense"]')
    until(app, lambda d: "F-2024-311" in d.find_element(By.CSS_SELECTOR, '[data-testid="expenses"]').text)
    shot(app, shots, "suivi-depenses.png")

    tab(app, "tableau")
    totals = plain(css(app, '[data-testid="suivi-totals"]').text)
    assert "460 333,33 €" in totals and "80 000,00 €" in totals and "18 000,00 €" in totals, totals
    css(app, '[data-testid="consumption-chart"] canvas')
    shot(app, shots, "suivi-tableau.png")

    # The état de consommation at the date, read back.
    tab(app, "documents")
    pdf = OUT / "etat-flandres.pdf"
    retype(css(app, '[data-testid="doc-path"]'), str(pdf))
    click(app, '[data-testid="doc-generate"]')
    until(app, lambda d: "etat-flandres.pdf écrit" in d.find_element(By.CSS_SELECTOR, '.suivi [role="status"]').text)
    text = plain(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    assert "État de consommation des enveloppes de subventions" in text
    assert "460 333,33 €" in text and "18 000,00 €" in text
    assert (OUT / "etat-flandres.xlsx").exists()

    # Quit and start again: the follow-up is all there.
    app = restart(app, launch)
    open_demo_suivi(app)
    assert "attribué" in css(app, '[data-testid="suivi-stage"]').text
    totals = plain(css(app, '[data-testid="suivi-totals"]').text)
    assert "460 333,33 €" in totals and "18 000,00 €" in totals, totals
