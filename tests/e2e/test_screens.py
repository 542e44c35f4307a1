"""Every screen and tab of the app, read as a director reads it: the text shown (outside a
« détails » element; tooltips are attributes, never text) names no rule id, holds no English
word of a program and no internal command name; and axe-core finds nothing critical or serious.
Walked on the demo at 1280×800: the home screen, each step of the wizard, the variants, le suivi
before filing and each of its tabs after, the Barèmes list and its editor."""

import pathlib
import re

from selenium.webdriver.common.by import By

from a11y import assert_accessible
from test_wizard import click, css, until

DEMO = "Grappe numérique des Flandres"
COMMANDS = sorted(
    set(re.findall(r'call<[^>]*>\("([a-z_]+)"', (pathlib.Path(__file__).resolve().parents[2] / "ui" / "src" / "commands.ts").read_text(encoding="utf-8")))
)
RULE_ID = re.compile(r"\b[RD]-[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*\b")
ENGLISH = re.compile(
    r"\b(invalid|expected|undefined|null|NaN|error|failed|unknown|missing|field|variant|string|sequence|true|false|command|panicked)\b",
    re.IGNORECASE,
)

# The text the user sees: rendered text, without what a closed or open « détails » holds.
SEEN = """
const root = document.body.cloneNode(true);
root.querySelectorAll('details, script, style, [hidden]').forEach((e) => e.remove());
root.querySelectorAll('input, textarea').forEach((e) => e.remove());
return root.textContent;
"""


def read_as_a_director(app, where):
    text = app.execute_script(SEEN)
    problems = []
    problems += [f"identifiant de règle « {m} »" for m in RULE_ID.findall(text)]
    problems += [f"mot anglais « {m} »" for m in ENGLISH.findall(text)]
    problems += [f"nom de commande « {c} »" for c in COMMANDS if re.search(rf"\b{c}\b", text)]
    assert problems == [], f"{where} : {problems}"
    assert_accessible(app, where)


def test_every_screen_and_tab_speaks_plain_french_and_passes_axe(app):
    assert len(COMMANDS) > 40, COMMANDS
    css(app, '[data-testid="dossiers"]')
    read_as_a_director(app, "Accueil")

    table = css(app, '[data-testid="dossiers"]')
    row = next(r for r in table.find_elements(By.CSS_SELECTOR, "tbody tr") if DEMO in r.text)
    row.find_element(By.CSS_SELECTOR, '[data-testid="open-dossier"]').click()
    for key in ["campagne", "grappe", "solution", "financement", "cibles", "dossier"]:
        click(app, f'[data-step="{key}"]')
        until(app, lambda d, k=key: d.find_element(By.CSS_SELECTOR, f'[data-step="{k}"]').get_attribute("aria-current") == "step")
        read_as_a_director(app, f"Assistant, étape {key}")

    click(app, '[data-testid="toggle-variantes"]')
    read_as_a_director(app, "Variantes")
    click(app, '[data-testid="toggle-variantes"]')

    click(app, '[data-testid="toggle-suivi"]')
    css(app, '[data-testid="mark-filed"]')
    read_as_a_director(app, "Suivi avant le dépôt")
    click(app, '[data-testid="mark-filed"]')
    until(app, lambda d: "déposé" in d.find_element(By.CSS_SELECTOR, '[data-testid="suivi-stage"]').text)
    for key in ["tableau", "attribution", "versements", "depenses", "indicateurs", "documents"]:
        click(app, f'[data-tab="{key}"]')
        css(app, f'[data-tab="{key}"][aria-current="page"]')
        read_as_a_director(app, f"Suivi, onglet {key}")
    # The candidature, once filed, says it is read only.
    click(app, '[data-testid="toggle-suivi"]')
    css(app, '[data-testid="filed-read-only"]')
    read_as_a_director(app, "Candidature déposée")

    click(app, '[data-testid="back-home"]')
    click(app, '[data-testid="open-baremes"]')
    css(app, '[data-testid="baremes"]')
    read_as_a_director(app, "Barèmes")
    click(app, '[data-testid="derive"]')
    css(app, '[data-testid="bareme-editor"]')
    read_as_a_director(app, "Éditeur de barème")
