"""Fixtures of the end-to-end tests: the real app started through tauri-driver for each test
(so a test that starts the app again is a real restart on the same data folder)."""

import os
import pathlib
import subprocess
import time

import pytest
from selenium import webdriver
from selenium.webdriver.common.options import ArgOptions

APP = os.environ["GRAPPE_APP"]
SHOTS = pathlib.Path(os.environ.get("GRAPPE_E2E_SHOTS", "target/e2e-screenshots"))


def plain(text: str) -> str:
    """Narrow and ordinary no-break spaces as plain spaces, for assertions."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.fixture
def app(request):
    options = ArgOptions()
    options.set_capability("browserName", "wry")
    options.set_capability("tauri:options", {"application": APP})
    driver = webdriver.Remote(command_executor="http://127.0.0.1:4444", options=options)
    yield driver
    SHOTS.mkdir(parents=True, exist_ok=True)
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        driver.save_screenshot(str(SHOTS / f"ECHEC-{request.node.name}.png"))
    driver.quit()
    # The next test starts the app again: wait until this one has really gone (a restart).
    for _ in range(150):
        if subprocess.run(["pgrep", "-f", APP], capture_output=True).returncode != 0:
            break
        time.sleep(0.1)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


@pytest.fixture
def shots():
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
