"""End-to-end tests of the real Grappe app: the built binary in a real window (WebKitGTK),
driven through tauri-driver + WebKitWebDriver under Xvfb. Run by tests/e2e/run.sh."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import SHOTS, plain, restart


def test_first_start_shows_the_demo_dossier_and_the_sample_reference_data(app):
    wait = WebDriverWait(app, 20)
    table = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '[data-testid="dossiers"]')))
    text = plain(table.text)
    assert "Grappe numérique des Flandres" in text
    assert "Association Les Tilleuls Solidaires" in text
    total = app.find_element(By.CSS_SELECTOR, '[data-testid="total"]')
    # The same total as `grappe compute` on the demo dossier.
    assert plain(total.text) == "462 000,00 €"
    reference = plain(app.find_element(By.CSS_SELECTOR, '[data-testid="reference"]').text)
    assert "Fichier FINESS du 31/10/2026 : 400 établissements" in reference
    assert "7 solution(s) référencée(s) Ségur" in reference
    SHOTS.mkdir(parents=True, exist_ok=True)
    app.save_screenshot(str(SHOTS / "app-accueil.png"))


def test_a_restart_finds_everything_as_it_was(app, launch):
    WebDriverWait(app, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, '[data-testid="dossiers"]')))
    app = restart(app, launch)
    wait = WebDriverWait(app, 20)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '[data-testid="dossiers"]')))
    rows = app.find_elements(By.CSS_SELECTOR, '[data-testid="dossiers"] tbody tr')
    # Second start on the same store: the demo was loaded once, not twice.
    assert len(rows) == 1
