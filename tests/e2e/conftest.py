"""Fixtures of the end-to-end tests: the real app started through tauri-driver, on fresh data
for each test; `restart` quits and starts it again on the same data (a real restart)."""

import os
import pathlib
import subprocess
import time

import shutil

import pytest
from selenium import webdriver
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.file_detector import UselessFileDetector

APP = os.environ["GRAPPE_APP"]
SHOTS = pathlib.Path(os.environ.get("GRAPPE_E2E_SHOTS", "target/e2e-screenshots"))
# The app's data folder (XDG_DATA_HOME of tauri-driver); its config folder is its sibling.
DATA = pathlib.Path(os.environ["GRAPPE_E2E_DATA"])


def plain(text: str) -> str:
    """Narrow and ordinary no-break spaces as plain spaces, for assertions."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def _gone():
    """Waits until the app has really exited (the next start is a real restart)."""
    for _ in range(150):
        if subprocess.run(["pgrep", "-f", APP], capture_output=True).returncode != 0:
            return
        time.sleep(0.1)


@pytest.fixture
def launch(request):
    """Starts the real app (a new WebDriver session) and returns it. Each test begins on fresh
    data and config folders (first start, no remembered window), so that no test depends on
    another having run, or on their order; a test restarts the app with `restart`."""
    for folder in (DATA, DATA.parent / "config"):
        # A helper process of the last app (WebKit's) may still be writing there: removed again
        # until it is gone.
        for _ in range(100):
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                break
            time.sleep(0.1)
        folder.mkdir(parents=True)
    drivers = []

    def start():
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": APP})
        driver = webdriver.Remote(command_executor="http://127.0.0.1:4444", options=options)
        # Paths are typed into the app as text: never taken for files to upload.
        driver.file_detector = UselessFileDetector()
        drivers.append(driver)
        return driver

    yield start
    SHOTS.mkdir(parents=True, exist_ok=True)
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed and drivers:
        try:
            drivers[-1].save_screenshot(str(SHOTS / f"ECHEC-{request.node.name}.png"))
        except Exception:  # the failing session may have gone already
            pass
    for driver in drivers:
        try:
            driver.quit()
        except Exception:  # already quit by the test
            pass
    _gone()


@pytest.fixture
def app(launch):
    return launch()


def restart(app, launch):
    """Quits the app, waits until it has exited, starts it again on the same data."""
    app.quit()
    _gone()
    return launch()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


@pytest.fixture
def shots():
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
