"""The wizard end to end, in the real app: a dossier created from scratch by searching the
sample FINESS file, a wrong FINESS refused next to its field, the PDF generated and read back,
the same total as `grappe compute` on the exported file, and a restart that finds it all.
Each step's screenshot is saved (committed under docs/ by scripts/render-docs.sh)."""

import json
import os
import pathlib
import subprocess

from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import plain, restart

STORE = pathlib.Path(os.environ["GRAPPE_E2E_DATA"]) / "fr.grappe.desktop" / "grappe.sqlite"
CLI = os.environ["GRAPPE_CLI"]
OUT = pathlib.Path(os.environ["GRAPPE_E2E_OUT"])
NAME = "Grappe numérique de Corse-du-Sud"
# Two OGs of the sample file, five establishments each (Corse: threshold of 8 ESSMS).
OG_A, OG_B = "2A9999976", "2A9999984"


def until(app, condition, timeout=20):
    """Waits for `condition`; an element re-rendered by Svelte while it is read is read again."""
    return WebDriverWait(app, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def css(app, selector, timeout=20):
    return WebDriverWait(app, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, selector)))


def click(app, selector):
    # Found and clicked in one go, again if Svelte re-rendered it in between.
    until(app, lambda d: EC.element_to_be_clickable((By.CSS_SELECTOR, selector))(d) and (d.find_element(By.CSS_SELECTOR, selector).click() or True))


def retype(element, text):
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.DELETE)
    element.send_keys(text)


def saved(app):
    until(app, lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="save-status"]').text == "enregistré")


UNLABELLED = """
return [...document.querySelectorAll('input, select, textarea, button')].filter((el) => {
  const label = el.getAttribute('aria-label') || (el.id && document.querySelector(`label[for="${el.id}"]`))
    || el.closest('label') || (el.tagName === 'BUTTON' && el.textContent.trim());
  return !label;
}).map((el) => el.outerHTML.slice(0, 160));
"""


def check_usable(app):
    """Every control has a label (so screen readers and keyboard users can reach and name it)
    and the page needs no horizontal scrolling at this window size."""
    assert app.execute_script(UNLABELLED) == []
    width, inner = app.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"la page déborde : {width} px pour {inner} px"


def shot(app, shots, name):
    """The window as the user sees it when arriving on the step (scrolled to the top)."""
    check_usable(app)
    app.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    app.save_screenshot(str(shots / name))


def step(app, key):
    click(app, f'[data-step="{key}"]')
    until(app, lambda d: d.find_element(By.CSS_SELECTOR, f'[data-step="{key}"]').get_attribute("aria-current") == "step")


def test_create_a_dossier_from_scratch_generate_its_pdf_and_find_it_all_after_a_restart(app, launch, shots):
    click(app, '[data-testid="new-dossier"]')
    name = css(app, "#f-name")
    retype(name, NAME)
    saved(app)
    shot(app, shots, "wizard-1-campagne.png")

    # Step 2: search the FINESS file by the OG's number and add all its ESSMS, twice.
    step(app, "grappe")
    search = css(app, '[data-testid="finess-search"]')
    for og in (OG_A, OG_B):
        retype(search, og)
        click(app, f'button[aria-label="Ajouter tous les ESSMS de l\'OG {og}"]')
        until(app, lambda d: og in d.find_element(By.CSS_SELECTOR, '[data-testid="ogs"]').text)
    # And one by name within the département, as a director would.
    css(app, 'input[placeholder="59"]').send_keys("2A")
    retype(search, "ehpad")
    # Read in the page at once: the list is the answer to « ehpad » in 2A only.
    until(app, lambda d: d.execute_script("""
        const box = document.querySelector('[data-testid="search-results"]');
        const items = [...box.querySelectorAll('li')];
        return box.dataset.query === 'ehpad' && items.length > 0 && items.every((li) => li.textContent.includes('2A'))
            && box.querySelector('[data-testid="add-result"]') !== null;"""))
    count = lambda d: int(d.find_element(By.CSS_SELECTOR, '[data-testid="essms-count"]').text.split("(")[1].rstrip(")"))
    before = count(app)
    # The first result that can be added, by its FINESS ET; clicked again should the list have
    # been re-rendered under the first click (once added, the row has no button any more).
    first = css(app, '[data-testid="add-result"]').find_element(By.XPATH, "./ancestor::li[1]").text
    finess = next(w for w in first.split() if len(w) == 9 and w[:2] == "2A")
    for _ in range(3):
        try:
            for li in css(app, '[data-testid="search-results"]').find_elements(By.CSS_SELECTOR, "li"):
                if finess in li.text:
                    for button in li.find_elements(By.CSS_SELECTOR, '[data-testid="add-result"]'):
                        button.click()
        except StaleElementReferenceException:
            continue
        try:
            until(app, lambda d: count(d) == before + 1, timeout=5)
            break
        except TimeoutException:
            continue
    until(app, lambda d: count(d) == before + 1)
    assert before + 1 >= 9
    saved(app)
    threshold = plain(css(app, '[data-testid="grappe-threshold"]').text)
    assert "seuil de la grappe : 8 (Corse / outre-mer) atteint" in threshold, threshold

    # A wrong FINESS in the manual entry: the core's French message, next to the field.
    manual = css(app, '[data-testid="manual-finess"]')
    manual.send_keys("2A0000017")
    message = css(app, '[data-testid="manual-finess-error"]')
    until(app, lambda d: "clé de contrôle incorrecte" in d.find_element(By.CSS_SELECTOR, '[data-testid="manual-finess-error"]').text)
    assert manual.get_attribute("value") == "2A0000017"  # what was typed stays
    assert manual.get_attribute("aria-describedby") == message.get_attribute("id")

    retype(css(app, f'input[aria-label="Raison sociale de l\'OG {OG_A}"]'), "Association Corse Solidarité")
    retype(css(app, f'input[aria-label="Raison sociale de l\'OG {OG_B}"]'), "Fondation Ajaccio Accompagnement")
    for i, other in enumerate(app.find_elements(By.CSS_SELECTOR, 'input[aria-label^="Raison sociale de l\'OG"]')):
        if not other.get_attribute("value"):
            other.send_keys(f"Organisme gestionnaire n° {i + 1}")
    saved(app)
    shot(app, shots, "wizard-2-grappe.png")

    # Step 3: a référencé solution and why it was chosen.
    step(app, "solution")
    Select(css(app, "#s-pick")).select_by_index(1)
    css(app, "#s-justification").send_keys("Mise en concurrence de trois éditeurs ; meilleure note technique et financière.")
    saved(app)
    assert "valable du" in css(app, '[data-testid="referencement"]').text
    shot(app, shots, "wizard-3-solution.png")

    # Step 4: the funding, live.
    step(app, "financement")
    lines = app.find_elements(By.CSS_SELECTOR, '[data-testid="funding-lines"] tbody tr')
    assert lines, "no funding line"
    total = plain(css(app, '[data-testid="funding-total"]').text)
    assert total != "0,00 €"
    shot(app, shots, "wizard-4-financement.png")

    # Step 5: targets typed by the user, documents checked.
    step(app, "cibles")
    for i, target in enumerate(app.find_elements(By.CSS_SELECTOR, 'input[data-field$="].target"]')):
        target.send_keys(f"{70 + i} %")
    for box in app.find_elements(By.CSS_SELECTOR, '[data-testid="checklist"] input[type="checkbox"]'):
        box.click()
    saved(app)
    shot(app, shots, "wizard-5-cibles.png")

    # Step 6: generate the PDF where we say.
    step(app, "dossier")
    pdf = OUT / "corse.pdf"
    retype(css(app, '[data-testid="pdf-path"]'), str(pdf))
    click(app, '[data-testid="generate"]')
    generated = plain(css(app, '[data-testid="generated"]', timeout=60).text)
    assert str(pdf) in generated and total in generated, generated
    css(app, '[data-testid="documents"]')
    shot(app, shots, "wizard-6-dossier.png")
    assert plain(css(app, '[data-testid="live-total"]').text) == total
    # The same screens at 1920×1080.
    app.set_window_size(1920, 1080)
    for key in ("campagne", "grappe", "solution", "financement", "cibles", "dossier"):
        step(app, key)
        check_usable(app)

    text = plain(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    assert NAME in text
    assert total in text
    assert "Association Corse Solidarité" in text
    assert OG_A in text.replace(" ", "")

    # Quit and start again: the dossier, its total and its documents are all there, and
    # `grappe compute` on the exported file agrees to the cent.
    app = restart(app, launch)
    table = css(app, '[data-testid="dossiers"]')
    row = next(r for r in table.find_elements(By.CSS_SELECTOR, "tbody tr") if NAME in r.text)
    assert total in plain(row.text)
    row.find_element(By.CSS_SELECTOR, '[data-testid="open-dossier"]').click()
    assert css(app, "#f-name").get_attribute("value") == NAME
    assert plain(css(app, '[data-testid="live-total"]').text) == total
    step(app, "grappe")
    assert len(app.find_elements(By.CSS_SELECTOR, '[data-testid="essms"] tbody tr:not(.row-findings)')) >= 9
    step(app, "dossier")
    assert "corse.pdf" in css(app, '[data-testid="documents"]').text
    app.quit()

    # Every start is logged in the app's log folder.
    log = (STORE.parent / "logs" / "grappe.log").read_text()
    assert log.count("Grappe démarré") >= 2

    # The exported file, computed by the command line, gives the same total to the cent.
    listing = subprocess.run([CLI, "--store", str(STORE), "store", "list"], capture_output=True, text=True, check=True).stdout
    line = next(l for l in listing.splitlines() if NAME in l)
    dossier_id = line.split()[0].lstrip("#")
    exported = OUT / "corse.grappe.json"
    subprocess.run([CLI, "--store", str(STORE), "store", "export", dossier_id, str(exported), "--force"], check=True)
    computed = json.loads(subprocess.run([CLI, "compute", "--json", str(exported)], capture_output=True, text=True).stdout)
    euros = computed["total"]
    assert plain(total).replace(" ", "").replace("€", "").replace(",", ".") == euros
