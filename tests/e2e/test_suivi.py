"""Le suivi end to end, in the real app at 1280×800, walked as a director would: the demo
dossier filed (its date prefilled), awarded from one table with one line lowered, a payment
refused without its organisme, recorded, listed, corrected, deleted once confirmed and brought
back by « Annuler » (the candidature untouched); three expenses (a duplicate asked about, one
imported from an accounting export), an invoice attached and opened; its targets made measurable
(their values prefilled) and measured until they are reached; then the état de consommation, the
compte rendu financier and the demande de solde generated (the notice beside the button) and
read back with pdftotext; a restart finds it all. axe-core finds nothing critical or serious on
any tab. Screenshots of every tab at 1280×800 and 1920×1080 are saved.

WebDriver cannot reach the system file chooser (a GTK window beside the webview): for an import
or an attached piece, `choose_file` types the path into it with xdotool on the virtual display,
as a user would (installed by scripts/e2e-deps.sh)."""

import os
import pathlib
import subprocess
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from a11y import assert_accessible
from conftest import DATA, SHOTS, plain, restart
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


def file_and_award_demo(app):
    """From the home screen: the demo opened, filed and awarded as requested, in its Suivi."""
    table = css(app, '[data-testid="dossiers"]')
    row = next(r for r in table.find_elements(By.CSS_SELECTOR, "tbody tr") if r.text.startswith(DEMO) and "copie" not in r.text.lower())
    row.find_element(By.CSS_SELECTOR, '[data-testid="open-dossier"]').click()
    click(app, '[data-testid="toggle-suivi"]')
    click(app, '[data-testid="mark-filed"]')
    until(app, lambda d: "déposé" in d.find_element(By.CSS_SELECTOR, '[data-testid="suivi-stage"]').text)
    tab(app, "attribution")
    click(app, '[data-testid="save-award"]')
    until(app, lambda d: "attribué" in d.find_element(By.CSS_SELECTOR, '[data-testid="suivi-stage"]').text)


def section(app, indicator):
    heading = next(h for h in app.find_elements(By.CSS_SELECTOR, ".suivi section h4") if h.text == indicator)
    return heading.find_element(By.XPATH, "./..")


def notice(app, at, expected):
    """Waits until the result beside the action `at` says `expected`; returns it."""
    return until(app, lambda d: (t := plain(d.find_element(By.CSS_SELECTOR, f'[data-testid="notice-{at}"]').text)) and expected in t and t)


def install_test_viewer():
    """The system's default PDF viewer, for this session: a program that copies what it is asked
    to open beside the test's output (xdg-open reads the app's XDG folders)."""
    viewer = OUT / "viewer.sh"
    viewer.write_text(f'#!/bin/sh\ncp "$1" "{OUT}/ouvert.pdf"\n', encoding="utf-8")
    viewer.chmod(0o755)
    applications = DATA / "applications"
    applications.mkdir(parents=True, exist_ok=True)
    (applications / "grappe-test-viewer.desktop").write_text(
        f"[Desktop Entry]\nType=Application\nName=Visionneuse de test\nExec={viewer} %f\nMimeType=application/pdf;\n",
        encoding="utf-8",
    )
    config = DATA.parent / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "mimeapps.list").write_text("[Default Applications]\napplication/pdf=grappe-test-viewer.desktop\n", encoding="utf-8")


def pdf_text(path):
    return plain(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout)


def generate(app, kind, path):
    Select(css(app, '[data-testid="doc-kind"]')).select_by_value(kind)
    retype(css(app, '[data-testid="doc-path"]'), str(path))
    click(app, '[data-testid="doc-generate"]')
    # The result beside the button, with « Ouvrir ».
    until(app, lambda d: f"{path.name} écrit" in d.find_element(By.CSS_SELECTOR, 'form [data-testid="notice-document"]').text)
    css(app, '[data-testid="notice-document"] [data-testid="open-document"]')
    return pdf_text(path)


TARGETS = [
    # (indicator, target as the call writes it, its value, unit, measured by import or by the form, value)
    ("DUI actifs (part des usagers disposant d'un DUI alimenté)", "80 %", "80", "percent", "import", "86"),
    ("INS qualifiée (part des usagers dont l'INS est qualifiée)", "70 %", "70", "percent", "import", "75,5"),
    ("Messagerie sécurisée de santé (MSSanté) utilisée", "100 messages par mois", "100", "count", "form", "120"),
    ("Documents envoyés à Mon espace santé", "50 %", "50", "percent", "form", "55"),
]


TABS = ["tableau", "attribution", "versements", "depenses", "indicateurs", "documents"]


def rows(app, table):
    return css(app, f'[data-testid="{table}"]').find_elements(By.CSS_SELECTOR, "tbody tr")


def test_a_director_files_awards_pays_corrects_undoes_spends_measures_and_reports(app, launch, shots):
    install_test_viewer()
    # The call's targets, typed in step 5 before filing.
    table = css(app, '[data-testid="dossiers"]')
    row = next(r for r in table.find_elements(By.CSS_SELECTOR, "tbody tr") if DEMO in r.text)
    row.find_element(By.CSS_SELECTOR, '[data-testid="open-dossier"]').click()
    click(app, '[data-step="cibles"]')
    for i, (_, written, *_) in enumerate(TARGETS):
        retype(css(app, f'input[aria-label="Cible de l\'indicateur {i + 1}"]'), written)
    until(app, lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="save-status"]').text == "enregistré")
    click(app, '[data-testid="toggle-suivi"]')
    css(app, '[data-testid="suivi-stage"]')
    assert "brouillon" in css(app, '[data-testid="suivi-stage"]').text
    # The filing date of step 1 is offered.
    assert css(app, '[data-testid="filed-on"]').get_attribute("value") == "02/04/2024"
    click(app, '[data-testid="mark-filed"]')
    until(app, lambda d: "déposé" in d.find_element(By.CSS_SELECTOR, '[data-testid="suivi-stage"]').text)

    # The award in one table: every line as requested, the Fondation's MOA nouvelle solution
    # lowered, saved once.
    tab(app, "attribution")
    assert_accessible(app, "Suivi, Attribution (avant)")
    retype(css(app, '[data-testid="convention-date"]'), "20/09/2024")
    lines = rows(app, "award-lines")
    index = next(i for i, r in enumerate(lines) if "Fondation Horizon Handicap" in r.text and "Maîtrise d'ouvrage — nouvelle" in r.text)
    # Each line starts at what was requested, written French style.
    requested = plain(lines[index].find_elements(By.CSS_SELECTOR, "td")[2].text)
    assert css(app, f'[data-testid="granted-{index}"]').get_attribute("value") + " €" == requested, requested
    retype(css(app, f'[data-testid="granted-{index}"]'), "33 333,33")
    click(app, '[data-testid="save-award"]')
    notice(app, "award", "1 ligne(s) différente(s) de la demande")
    until(app, lambda d: "attribué" in d.find_element(By.CSS_SELECTOR, '[data-testid="suivi-stage"]').text)

    # A payment without its organisme is refused beside the form; nothing is listed.
    tab(app, "versements")
    assert "Aucun versement" in css(app, '[data-testid="no-payment"]').text
    retype(css(app, '[data-testid="payment-date"]'), "15/10/2024")
    retype(css(app, '[data-testid="payment-amount"]'), "8 000,00")
    click(app, '[data-testid="add-payment"]')
    notice(app, "payment", "Choisissez l'organisme")
    assert app.find_elements(By.CSS_SELECTOR, '[data-testid="payments"]') == []
    Select(css(app, '[data-testid="payment-og"]')).select_by_value("620991026")
    click(app, '[data-testid="add-payment"]')
    notice(app, "payment", "Versement enregistré : 8 000,00 € sur")
    assert css(app, '[data-testid="payment-amount"]').get_attribute("value") == ""
    listed = rows(app, "payments")
    assert len(listed) == 1 and "8 000,00 €" in plain(listed[0].text)
    # Corrected to what the bank statement says: its start tranche and 9 833,33 of the next.
    listed[0].find_element(By.XPATH, ".//button[normalize-space()='Corriger']").click()
    until(app, lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="payment-amount"]').get_attribute("value") == "8 000,00")
    retype(css(app, '[data-testid="payment-amount"]'), "80 000,00")
    click(app, '[data-testid="add-payment"]')
    notice(app, "payment", "Versement corrigé")
    until(app, lambda d: "9 833,33 €" in plain(d.find_element(By.CSS_SELECTOR, '[data-testid="tranches"]').text))
    assert "en retard" in css(app, '[data-testid="tranches"]').text
    assert_accessible(app, "Suivi, Versements")
    # Deleted once confirmed, then brought back by « Annuler », named.
    rows(app, "payments")[0].find_element(By.XPATH, ".//button[normalize-space()='Supprimer']").click()
    assert "Supprimer le versement de 80 000,00 €" in plain(css(app, '[role="alertdialog"]').text)
    click(app, '[data-testid="confirm"]')
    notice(app, "payments", "Versement supprimé")
    css(app, '[data-testid="no-payment"]')
    undo = css(app, '[data-testid="suivi-undo"]')
    assert undo.text == "Annuler : Versement supprimé"
    undo.click()
    notice(app, "undo", "Annulé : Versement supprimé.")
    until(app, lambda d: len(d.find_elements(By.CSS_SELECTOR, '[data-testid="payments"] tbody tr')) == 1)
    assert "80 000,00 €" in plain(rows(app, "payments")[0].text)
    # The candidature is untouched, and read only now that it is filed.
    click(app, '[data-testid="toggle-suivi"]')
    click(app, '[data-step="cibles"]')
    assert "Candidature déposée le 02/04/2024" in css(app, '[data-testid="filed-read-only"]').text
    assert css(app, "fieldset.frozen").get_attribute("disabled") is not None
    for i, (_, written, *_) in enumerate(TARGETS):
        assert css(app, f'input[aria-label="Cible de l\'indicateur {i + 1}"]').get_attribute("value") == written
    click(app, '[data-testid="toggle-suivi"]')
    css(app, '[data-testid="suivi-stage"]')
    tab(app, "versements")
    assert len(rows(app, "payments")) == 1

    # An expense on the Fondation's éditeur enveloppe.
    tab(app, "depenses")
    assert "Aucune dépense enregistrée" in css(app, '[data-testid="expenses-summary"]').text
    select = Select(css(app, '[data-testid="expense-enveloppe"]'))
    value = next(o.get_attribute("value") for o in select.options if o.get_attribute("value").startswith("620991026|") and "|Éditeur — acquisition" in o.get_attribute("value"))

    def expense(date, reference, amount):
        Select(css(app, '[data-testid="expense-enveloppe"]')).select_by_value(value)
        retype(css(app, '[data-testid="expense-date"]'), date)
        retype(css(app, '[data-testid="expense-reference"]'), reference)
        retype(css(app, '[data-testid="expense-amount"]'), amount)
        click(app, '[data-testid="add-expense"]')

    expense("04/11/2024", "F-2024-311", "18 000,00")
    until(app, lambda d: "F-2024-311" in d.find_element(By.CSS_SELECTOR, '[data-testid="expenses"]').text)
    assert css(app, '[data-testid="expense-reference"]').get_attribute("value") == ""
    # A second expense by the form; the same invoice typed again is asked about, and not kept.
    expense("10/01/2025", "F-2025-007", "6 450,50")
    until(app, lambda d: "F-2025-007" in d.find_element(By.CSS_SELECTOR, '[data-testid="expenses"]').text)
    expense("10/01/2025", "F-2025-007", "6 450,50")
    assert "même référence (F-2025-007) est déjà enregistrée" in css(app, '[role="alertdialog"]').text
    app.find_element(By.XPATH, "//*[@role='alertdialog']//button[normalize-space()='Annuler']").click()
    notice(app, "expense", "Rien n'a été enregistré")
    assert len(rows(app, "expenses")) == 2
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
    notice(app, "expenses", "Pièce jointe enregistrée")
    # The piece named, and opened with the system's viewer.
    row = next(r for r in rows(app, "expenses") if "F-2024-311" in r.text)
    row.find_element(By.CSS_SELECTOR, '[data-testid="open-piece"]').click()
    until(app, lambda d: (OUT / "ouvert.pdf").exists())
    assert (OUT / "ouvert.pdf").read_bytes() == invoice.read_bytes()
    assert "F-2024-311.pdf" in next(r for r in rows(app, "expenses") if "F-2024-311" in r.text).text
    assert_accessible(app, "Suivi, Dépenses")

    # Each target made measurable for the grappe, then measured: two by import, two by hand.
    tab(app, "indicateurs")
    for indicator, _, target, unit, _, _ in TARGETS:
        box = section(app, indicator)
        field = box.find_element(By.CSS_SELECTOR, f'input[aria-label="Cible : {indicator}"]')
        # The value the call wrote (typed in step 5) is offered.
        assert field.get_attribute("value") == target, (indicator, field.get_attribute("value"))
        Select(box.find_elements(By.CSS_SELECTOR, "select")[0]).select_by_value(unit)
        box.find_element(By.XPATH, ".//button[normalize-space()='Rendre mesurable']").click()
        until(app, lambda d, i=indicator: d.find_elements(By.CSS_SELECTOR, f'input[aria-label="Valeur : {i}"]'))
    measures = OUT / "mesures.csv"
    measures.write_text(
        "FINESS ET;Indicateur;Date;Valeur;Source\n"
        + "".join(f";{i};31/03/2026;{v};export du DUI\n" for i, _, _, _, how, v in TARGETS if how == "import"),
        encoding="utf-8",
    )
    click(app, '[data-testid="import-measurements"]')
    choose_file("Importer des mesures", measures)
    report = until(app, lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="suivi-import-report"]').text)
    assert "2 mesure(s) importée(s)" in report, report
    for indicator, _, _, _, how, value in TARGETS:
        if how != "form":
            continue
        box = section(app, indicator)
        retype(box.find_element(By.CSS_SELECTOR, '[data-testid="measure-date"]'), "31/03/2026")
        retype(box.find_element(By.CSS_SELECTOR, f'input[aria-label="Valeur : {indicator}"]'), value)
        retype(box.find_element(By.CSS_SELECTOR, f'input[aria-label="Source : {indicator}"]'), "tableau de bord")
        box.find_element(By.XPATH, ".//button[normalize-space()='Ajouter la mesure']").click()
        until(app, lambda d, i=indicator: "Mesure enregistrée" in section(d, i).text)
    for indicator, *_ in TARGETS:
        until(app, lambda d, i=indicator: "Atteinte" in section(d, i).text)

    tab(app, "tableau")
    totals = plain(css(app, '[data-testid="suivi-totals"]').text)
    assert "460 333,33 €" in totals and "80 000,00 €" in totals and "36 450,50 €" in totals, totals
    assert "peut être demandé" in css(app, '[data-testid="solde"]').text
    css(app, '[data-testid="consumption-chart"] canvas')

    # The three documents at the date, read back.
    tab(app, "documents")
    text = generate(app, "etat_consommation", OUT / "etat-flandres.pdf")
    assert "État de consommation des enveloppes de subventions" in text
    assert "460 333,33 €" in text and "36 450,50 €" in text
    assert (OUT / "etat-flandres.xlsx").exists()
    # The compte rendu's CERFA table, completed with what only the director knows.
    panel = css(app, '[data-testid="cerfa-form"]')
    app.execute_script("arguments[0].scrollIntoView({block: 'start'})", css(app, "#cerfa-title"))
    assert "Achats" in css(app, '[data-testid="cerfa-charges"]').text
    click(app, '[data-testid="cerfa-add-resource"]')
    retype(css(app, '[aria-label="Financeur de la ressource n°1"]'), "Conseil départemental du Nord")
    retype(css(app, "#cerfa-resource-0-prevu"), "10 000,00")
    retype(css(app, "#cerfa-resource-0-realise"), "8 000,00")
    retype(css(app, "#cerfa-indirect-realise"), "2 750,25")
    retype(css(app, "#cerfa-indirect-rule"), "Au prorata du temps du chef de projet.")
    click(app, '[data-testid="cerfa-save"]')
    notice(app, "cerfa", "Compte rendu enregistré")
    until(app, lambda d: "Subvention : Conseil départemental du Nord" in d.find_element(By.CSS_SELECTOR, '[data-testid="cerfa-produits"]').text)
    assert "2 750,25 €" in plain(css(app, '[data-testid="cerfa-charges"]').text)
    assert panel.is_displayed()
    # Seen where the director reads it (shot() would scroll to the top).
    app.execute_script("document.activeElement && document.activeElement.blur(); arguments[0].scrollIntoView({block: 'start'})", css(app, "#cerfa-title"))
    time.sleep(0.3)
    app.save_screenshot(str(shots / "suivi-compte-rendu-cerfa-1280x800.png"))
    # And what the director completes there, with the result of the save in view.
    app.execute_script("arguments[0].scrollIntoView({block: 'end'})", css(app, '[data-testid="notice-cerfa"]'))
    time.sleep(0.3)
    app.save_screenshot(str(shots / "suivi-compte-rendu-saisie-1280x800.png"))
    text = generate(app, "compte_rendu", OUT / "crf-flandres.pdf")
    assert "Compte rendu financier" in text and "460 333,33 €" in text and "36 450,50 €" in text, text
    for expected in ["CERFA n° 15059*02", "Subvention : Conseil départemental du Nord", "Au prorata du temps du chef de projet.", "certifie exactes les informations du présent compte rendu"]:
        assert expected in text, (expected, text)
    assert (OUT / "crf-flandres.xlsx").exists()
    text = generate(app, "demande_solde", OUT / "solde-flandres.pdf")
    assert "Demande de versement du solde" in text, text
    for indicator, *_ in TARGETS:
        assert indicator.split(" (")[0] in text, indicator
    assert "75,5 %" in text and "120" in text, text

    # Every tab: nothing critical or serious for axe-core, and its screenshot at both sizes.
    for size in [(1280, 800), (1920, 1080)]:
        app.set_window_size(*size)
        until(app, lambda d, w=size[0]: abs(d.execute_script("return window.outerWidth") - w) < 40)
        for key in TABS:
            tab(app, key)
            css(app, f'[data-tab="{key}"][aria-current="page"]')
            assert_accessible(app, f"Suivi, onglet {key}, {size[0]}×{size[1]}")
            # Seen from the top, once the tab has laid itself out.
            until(app, lambda d: d.execute_script("window.scrollTo(0, 0); return window.scrollY === 0"))
            time.sleep(0.3)
            shot(app, shots, f"suivi-{key}-{size[0]}x{size[1]}.png")
    app.set_window_size(1280, 800)

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
    assert "F-2024-311.pdf" in row.text
