"""Le portefeuille end to end, in the real app at 1280×800, as a consultant uses it: the demo
filed and awarded (its first tranche unpaid, so late), a copy still being prepared (its targets'
deadline past); the
Portefeuille screen from the home screen lists both with the totals of what is shown, its figures
those of the dossier's own Suivi; « en retard seulement » keeps both, the stage « attribué » the awarded one;
its name opens its Suivi; the chart draws the consumption and the late payments, their values
in words beside; a shared folder's dossier is shown read only. axe-core finds nothing critical or serious on the screen."""

import os
import pathlib
import subprocess
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from a11y import assert_accessible
from conftest import plain
from test_suivi import DEMO, file_and_award_demo, tab
from test_wizard import CLI, click, css, until

OUT = pathlib.Path(os.environ["GRAPPE_E2E_OUT"])


def rows(app):
    return css(app, '[data-testid="portfolio"]').find_elements(By.CSS_SELECTOR, "tbody tr")


def test_a_consultant_sees_every_project_at_a_glance_and_opens_the_late_one(app, shots):
    # A copy still being prepared, then the demo filed and awarded as requested.
    click(app, f'button[aria-label="Dupliquer {DEMO}"]')
    until(app, lambda d: len(d.find_elements(By.CSS_SELECTOR, '[data-testid="dossiers"] tbody tr')) == 2)
    file_and_award_demo(app)
    tab(app, "tableau")
    totals = plain(css(app, '[data-testid="suivi-totals"]').text)
    click(app, '[data-testid="back-home"]')

    # The portfolio: both projects, the totals of what is shown.
    click(app, '[data-testid="open-portfolio"]')
    until(app, lambda d: len(rows(d)) == 2)
    count = plain(css(app, '[data-testid="portfolio-count"]').text)
    # The copy's targets deadline (30/06/2026) is past too, as its own Suivi says.
    assert count.startswith("2 projet(s) affiché(s) sur 2, dont 2 en retard"), count
    awarded = next(r for r in rows(app) if "attribué" in r.text)
    cells = [plain(c.text) for c in awarded.find_elements(By.CSS_SELECTOR, "td")]
    assert cells[4] == "462 000,00 €" and cells[4] in totals, (cells, totals)
    assert "4 échéance(s) en retard, dont 400 000,00 € de versements" in cells[9], cells
    footer = plain(css(app, '[data-testid="portfolio-totals"]').text)
    assert "462 000,00 €" in footer and "Total (2)" in footer, footer
    assert_accessible(app, "Portefeuille, 1280×800")
    time.sleep(0.3)
    app.save_screenshot(str(shots / "portefeuille-1280x800.png"))

    # The chart of the portfolio, drawn, with its values in words: the awarded project's
    # consumption, and its 400 000,00 € of payments late.
    chart = css(app, '[data-testid="portfolio-late-chart"]')
    app.execute_script("arguments[0].scrollIntoView({block: 'start'})", css(app, '[data-testid="chart-scope"]'))
    until(app, lambda d: d.execute_script(
        "const c = document.querySelector('[data-testid=\"portfolio-late-chart\"] canvas');"
        "return c && c.width > 0 && c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0);"))
    chart.find_element(By.CSS_SELECTOR, "summary").click()
    late_values = plain(chart.find_element(By.CSS_SELECTOR, "table").text)
    assert "400 000,00 €" in late_values and DEMO in late_values, late_values
    consumption = css(app, '[data-testid="portfolio-consumption-chart"]')
    consumption.find_element(By.CSS_SELECTOR, "summary").click()
    assert "%" in plain(consumption.find_element(By.CSS_SELECTOR, "table").text)
    time.sleep(0.3)
    app.save_screenshot(str(shots / "portefeuille-graphique-1280x800.png"))
    app.execute_script("window.scrollTo(0, 0)")

    # A team's shared folder, its path typed: its dossier shown read only beside the store's
    # (no Suivi to open), the file that does not read named; then no longer shown.
    shared = OUT / "partage-equipe"
    shared.mkdir(exist_ok=True)
    subprocess.run([CLI, "demo", "--suivi", str(shared / "collegue.json")], check=True, capture_output=True)
    (shared / "abime.json").write_text("{")
    field = css(app, '[data-testid="shared-folder"]')
    field.send_keys(str(shared))
    field.send_keys(Keys.TAB)
    until(app, lambda d: len(rows(d)) == 3)
    count = plain(css(app, '[data-testid="portfolio-count"]').text)
    assert "3 projet(s) affiché(s) sur 3 (dont 1 du dossier partagé, en lecture seule)" in count, count
    assert "1 fichier(s) du dossier partagé non lu(s)" in css(app, '[data-testid="shared-unread"]').text
    read_only = next(r for r in rows(app) if "partagé, lecture seule" in r.text)
    assert not read_only.find_elements(By.CSS_SELECTOR, "button.link")
    time.sleep(0.3)
    app.save_screenshot(str(shots / "portefeuille-partage-1280x800.png"))
    click(app, '[data-testid="shared-folder-clear"]')
    until(app, lambda d: len(rows(d)) == 2)

    # Late only: both; at the stage « attribué »: the awarded one alone; its name opens its Suivi.
    click(app, '[data-testid="filter-late"]')
    until(app, lambda d: "2 projet(s) affiché(s)" in d.find_element(By.CSS_SELECTOR, '[data-testid="portfolio-count"]').text)
    Select(css(app, '[data-testid="filter-stage"]')).select_by_value("attribué")
    until(app, lambda d: len(rows(d)) == 1)
    assert "Total (1)" in plain(css(app, '[data-testid="portfolio-totals"]').text)
    rows(app)[0].find_element(By.CSS_SELECTOR, "button.link").click()
    until(app, lambda d: "attribué" in d.find_element(By.CSS_SELECTOR, '[data-testid="suivi-stage"]').text)
    assert plain(css(app, '[data-testid="suivi-totals"]').text) == totals
