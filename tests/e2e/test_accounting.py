"""Expenses from the accounts end to end, in the real app at 1280×800, as a consultant does it:
the demo dossier filed and awarded, then its FEC (ISO-8859-15, as accounting programs write it)
chosen in the system's file chooser; each account put on an enveloppe in the table; the preview
says what would be taken and what is left out before anything is written; the import takes the
expenses to the cent (TTC); a second import of the same file takes nothing; the mapping is offered
again at the next import. axe-core finds nothing critical or serious on the screen."""

import pathlib

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from a11y import assert_accessible
from conftest import plain
from test_suivi import OUT, choose_file, file_and_award_demo, notice, tab
from test_wizard import click, css, shot, until

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "crates/grappe-store/tests/fixtures"
FEC = FIXTURES / "fec-flandres.txt"
LEDGER = FIXTURES / "grand-livre-flandres.csv"


def account_select(app, account):
    return Select(css(app, f'select[data-account="{account}"]'))


@pytest.mark.parametrize(
    "name, encoding, kind",
    [
        ("FEC-2025.txt", "iso-8859-15", "fichier des écritures comptables (FEC), encodage ISO-8859-15"),
        ("grand-livre-2025.csv", "utf-8", "grand livre"),
    ],
)
def test_a_consultant_imports_the_accounts_after_mapping_them_once(app, shots, name, encoding, kind):
    """The same entries as a FEC (ISO-8859-15) and as a grand livre (CSV): the same expenses."""
    source = FEC if name.endswith(".txt") else LEDGER
    fec = OUT / name
    fec.write_bytes(source.read_text(encoding="utf-8").encode(encoding))
    file_and_award_demo(app)

    tab(app, "depenses")
    click(app, '[data-testid="choose-accounting"]')
    choose_file("Importer des dépenses depuis la comptabilité", fec)
    panel = until(app, lambda d: (t := plain(d.find_element(By.CSS_SELECTOR, '[data-testid="accounting-import"]').text)) and "22 ligne(s) lue(s)" in t and t)
    assert kind in panel, panel
    # Nothing mapped yet: every spending account listed, nothing can be imported.
    accounts = [r.find_element(By.CSS_SELECTOR, "td").text for r in css(app, '[data-testid="accounting-accounts"]').find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert accounts == ["205100", "218300", "606100", "615600", "622600"], accounts
    assert not css(app, '[data-testid="run-accounting-import"]').is_enabled()

    def choose(account, words):
        select = account_select(app, account)
        option = next(o for o in select.options if "Fondation Horizon Handicap" in o.text and words in o.text)
        select.select_by_visible_text(option.text)

    choose("205100", "Éditeur (acquisition")
    choose("218300", "Maîtrise d'ouvrage (nouvelle")
    choose("615600", "Maîtrise d'ouvrage (nouvelle")
    taken = until(app, lambda d: (t := plain(d.find_element(By.CSS_SELECTOR, '[data-testid="accounting-taken"]').text)) and "16 680,00 €" in t and t)
    # 12 000,00 (licence TTC) + 3 600,00 + 600,00 + 300,00 + 300,00 − 120,00 (the avoir).
    assert "Total" in taken, taken
    left = plain(css(app, '[data-testid="accounting-left-out"]').text)
    assert "606100" in left and "622600" in left and "compte non affecté" in left, left
    assert_accessible(app, "Suivi, Dépenses, import comptable")
    # The screen as the user sees it: the table of accounts, then what is taken and left out.
    for n, part in (("1", "accounting-import"), ("2", "accounting-taken")) if name.endswith(".txt") else ():
        app.execute_script("document.activeElement && document.activeElement.blur(); arguments[0].scrollIntoView()", css(app, f'[data-testid="{part}"]'))
        app.save_screenshot(str(shots / f"suivi-import-comptable-{n}-1280x800.png"))
    click(app, '[data-testid="run-accounting-import"]')
    report = until(app, lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="suivi-import-report"]').text)
    assert "6 dépense(s) importée(s), 0 déjà présente(s)" in report, report
    until(app, lambda d: "FA-2025-0101" in d.find_element(By.CSS_SELECTOR, '[data-testid="expenses"]').text)
    summary = plain(css(app, '[data-testid="expenses-summary"]').text)
    assert "6 dépense(s) pour 16 680,00 €" in summary, summary

    # The same file again: the dossier's mapping is offered, nothing is taken twice.
    click(app, '[data-testid="choose-accounting"]')
    choose_file("Importer des dépenses depuis la comptabilité", fec)
    until(app, lambda d: "6 ligne(s) déjà importée(s)" in d.find_element(By.CSS_SELECTOR, '[data-testid="accounting-import"]').text)
    assert account_select(app, "205100").first_selected_option.text.startswith("Fondation Horizon Handicap — Éditeur")
    assert not css(app, '[data-testid="run-accounting-import"]').is_enabled()
