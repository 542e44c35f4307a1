"""Le suivi end to end, in the real app: the demo dossier marked filed, awarded with one line
lowered, its first payment, three expenses (one imported from an accounting export) and an
invoice attached, its targets made measurable and measured (some imported) until they are
reached, then the état de consommation, the compte rendu financier and the demande de solde
generated and read back with pdftotext; a restart finds it all. Screenshots of the Suivi
screens are saved.

WebDriver cannot reach the system file chooser (a GTK window beside the webview): for an import
or an attached piece, `choose_file` types the path into it with xdotool on the virtual display,
as a user would (installed by scripts/e2e-deps.sh)."""

import os
import pathlib
import subprocess
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import SHOTS, plain, restart
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


def choose_file(title, path):
    """Chooses `path` in the system file chooser titled `title` (the GTK dialog, on the virtual
    display), as a user types a path there: Ctrl+L opens its location field, Enter opens."""

    def xdotool(*args):
        subprocess.run(["xdotool", *args], check=True, timeout=30)

    def still_open():
        return subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title], capture_output=True).returncode == 0

    window = subprocess.run(
        ["xdotool", "search", "--sync", "--onlyvisible", "--name", title],
        capture_output=True, text=True, timeout=20, check=True,
    ).stdout.split()[-1]
    for _ in range(3):
        xdotool("windowfocus", "--sync", window)
        time.sleep(0.5)
        xdotool("key", "ctrl+l")
        time.sleep(0.3)
        xdotool("key", "ctrl+a")
        xdotool("type", "--delay", "30", str(path))
        # Enter may first take the field's completion: pressed until the chooser closes.
        for _ in range(2):
            time.sleep(0.5)
            xdotool("key", "Return")
            time.sleep(0.7)
            if not still_open():
                return
    subprocess.run(f"xwd -root -silent > '{SHOTS}/ECHEC-selecteur.xwd'", shell=True)
    raise AssertionError(f"le sélecteur de fichier « {title} » ne s'est pas fermé")


def section(app, indicator):
    return css(app, f'.suivi section[aria-label="{indicator}"]')


def pdf_text(path):
    return plain(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout)


def generate(app, kind, path):
    Select(css(app, '[data-testid="doc-kind"]')).select_by_value(kind)
    retype(css(app, '[data-testid="doc-path"]'), str(path))
    click(app, '[data-testid="doc-generate"]')
    until(app, lambda d: f"{path.name} écrit" in d.find_element(By.CSS_SELECTOR, '.suivi [role="status"]').text)
    return pdf_text(path)


TARGETS = [
    # (indicator, target, unit, measured by import or by the form, value)
    ("DUI actifs (part des usagers disposant d'un DUI alimenté)", "80", "percent", "import", "86"),
    ("INS qualifiée (part des usagers dont l'INS est qualifiée)", "70", "percent", "import", "75,5"),
    ("Messagerie sécurisée de santé (MSSanté) utilisée", "100", "count", "form", "120"),
    ("Documents envoyés à Mon espace santé", "50", "percent", "form", "55"),
]


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

    # A second expense by the form, a third imported from an accounting export.
    retype(css(app, '[data-testid="expense-date"]'), "10/01/2025")
    retype(css(app, '[data-testid="expense-reference"]'), "F-2025-007")
    retype(css(app, '[data-testid="expense-amount"]'), "6 450,50")
    click(app, '[data-testid="add-expense"]')
    until(app, lambda d: "F-2025-007" in d.find_element(By.CSS_SELECTOR, '[data-testid="expenses"]').text)
    export = OUT / "grand-livre.csv"
    export.write_text(
        "Date;Fournisseur;Référence;Montant;Enveloppe;FINESS EJ\n"
        "05/03/2025;Éditions Logicielles du Nord;F-2025-044;12 000,00;acquisition;620991026\n",
        encoding="utf-8",
    )
    click(app, '[data-testid="import-expenses"]')
    choose_file("Importer des dépenses", export)
    report = until(app, lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="suivi-import-report"]').text)
    assert "1 dépense(s) importée(s)" in report, report
    until(app, lambda d: "F-2025-044" in d.find_element(By.CSS_SELECTOR, '[data-testid="expenses"]').text)
    summary = plain(css(app, '[data-testid="expenses-summary"]').text)
    assert "3 dépense(s) pour 36 450,50 €" in summary, summary
    # The invoice of the first expense, kept in the store.
    invoice = OUT / "F-2024-311.pdf"
    invoice.write_bytes(b"%PDF-1.4\n% facture F-2024-311\n")
    row = next(r for r in css(app, '[data-testid="expenses"]').find_elements(By.CSS_SELECTOR, "tbody tr") if "F-2024-311" in r.text)
    row.find_element(By.XPATH, ".//button[normalize-space()='Joindre']").click()
    choose_file("Joindre la facture", invoice)
    until(app, lambda d: "Pièce jointe enregistrée" in d.find_element(By.CSS_SELECTOR, '.suivi [role="status"]').text)
    row = next(r for r in css(app, '[data-testid="expenses"]').find_elements(By.CSS_SELECTOR, "tbody tr") if "F-2024-311" in r.text)
    assert "jointe" in row.text
    shot(app, shots, "suivi-depenses.png")

    # Each target made measurable for the grappe, then measured: two by import, two by hand.
    tab(app, "indicateurs")
    for indicator, target, unit, _, _ in TARGETS:
        box = section(app, indicator)
        retype(box.find_element(By.CSS_SELECTOR, f'input[aria-label="Cible : {indicator}"]'), target)
        Select(box.find_elements(By.CSS_SELECTOR, "select")[0]).select_by_value(unit)
        box.find_element(By.XPATH, ".//button[normalize-space()='Rendre mesurable']").click()
        until(app, lambda d, i=indicator: d.find_elements(By.CSS_SELECTOR, f'.suivi section[aria-label="{i}"] input[aria-label="Valeur : {i}"]'))
    measures = OUT / "mesures.csv"
    measures.write_text(
        "FINESS ET;Indicateur;Date;Valeur;Source\n"
        + "".join(f";{i};31/03/2026;{v};export du DUI\n" for i, _, _, how, v in TARGETS if how == "import"),
        encoding="utf-8",
    )
    click(app, '[data-testid="import-measurements"]')
    choose_file("Importer des mesures", measures)
    report = until(app, lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="suivi-import-report"]').text)
    assert "2 mesure(s) importée(s)" in report, report
    for indicator, _, _, how, value in TARGETS:
        if how != "form":
            continue
        box = section(app, indicator)
        retype(box.find_element(By.CSS_SELECTOR, '[data-testid="measure-date"]'), "31/03/2026")
        retype(box.find_element(By.CSS_SELECTOR, f'input[aria-label="Valeur : {indicator}"]'), value)
        retype(box.find_element(By.CSS_SELECTOR, f'input[aria-label="Source : {indicator}"]'), "tableau de bord")
        box.find_element(By.XPATH, ".//button[normalize-space()='Ajouter la mesure']").click()
        until(app, lambda d: "Mesure enregistrée" in d.find_element(By.CSS_SELECTOR, '.suivi [role="status"]').text)
    for indicator, *_ in TARGETS:
        until(app, lambda d, i=indicator: "Atteinte" in d.find_element(By.CSS_SELECTOR, f'.suivi section[aria-label="{i}"]').text)
    shot(app, shots, "suivi-indicateurs.png")

    tab(app, "tableau")
    totals = plain(css(app, '[data-testid="suivi-totals"]').text)
    assert "460 333,33 €" in totals and "80 000,00 €" in totals and "36 450,50 €" in totals, totals
    assert "peut être demandé" in css(app, '[data-testid="solde"]').text
    css(app, '[data-testid="consumption-chart"] canvas')
    shot(app, shots, "suivi-tableau.png")

    # The three documents at the date, read back.
    tab(app, "documents")
    text = generate(app, "etat_consommation", OUT / "etat-flandres.pdf")
    assert "État de consommation des enveloppes de subventions" in text
    assert "460 333,33 €" in text and "36 450,50 €" in text
    assert (OUT / "etat-flandres.xlsx").exists()
    text = generate(app, "compte_rendu", OUT / "crf-flandres.pdf")
    assert "Compte rendu financier" in text and "460 333,33 €" in text and "36 450,50 €" in text, text
    assert (OUT / "crf-flandres.xlsx").exists()
    text = generate(app, "demande_solde", OUT / "solde-flandres.pdf")
    assert "Demande de versement du solde" in text, text
    for indicator, *_ in TARGETS:
        assert indicator.split(" (")[0] in text, indicator
    assert "75,5 %" in text and "120" in text, text
    shot(app, shots, "suivi-documents.png")

    # Quit and start again: the follow-up is all there.
    app = restart(app, launch)
    open_demo_suivi(app)
    assert "attribué" in css(app, '[data-testid="suivi-stage"]').text
    totals = plain(css(app, '[data-testid="suivi-totals"]').text)
    assert "460 333,33 €" in totals and "36 450,50 €" in totals, totals
    assert "peut être demandé" in css(app, '[data-testid="solde"]').text
    tab(app, "depenses")
    until(app, lambda d: "F-2025-044" in d.find_element(By.CSS_SELECTOR, '[data-testid="expenses"]').text)
    row = next(r for r in css(app, '[data-testid="expenses"]').find_elements(By.CSS_SELECTOR, "tbody tr") if "F-2024-311" in r.text)
    assert "jointe" in row.text
