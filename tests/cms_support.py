"""For the browser editor's test and screenshot: the sample project with `cms:` under `serve`."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from careersite import cms
from tests.browser_support import NODE_MODULES, serve
from tests.conftest import REPO

# The npm package's dist folder: its main file and the chunks it loads beside it.
DIST = NODE_MODULES / cms.script()["package"] / Path(cms.script()["file"]).parent
TIMEOUT = 90  # seconds: Decap is a large React app and the machine is shared


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"serve did not answer {url} in {TIMEOUT} s:\n{log.read_text('utf-8', 'replace')}")


@contextlib.contextmanager
def served_project(root: Path) -> Iterator[tuple[str, Path]]:
    """Copy the sample project to root with `cms:` (the CMS from npm, served on 127.0.0.1), run
    `build.py serve` in it; yield the site's URL and the project folder."""
    project = root / "project"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copytree(REPO / "templates", project / "templates")
    log = root / "serve.log"
    with serve(DIST) as dist_url:
        site_yaml = project / "content" / "site.yaml"
        bundle = dist_url + Path(cms.script()["file"]).name
        cms_yaml = f"cms:\n  backend: github\n  repo: paysecure/careers\n  bundle: {bundle}\n"
        site_yaml.write_text(site_yaml.read_text("utf-8") + cms_yaml, "utf-8")
        port = _free_port()
        command = [sys.executable, str(REPO / "build.py"), "serve", "--port", str(port)]
        with log.open("wb") as out:
            process = subprocess.Popen(command, cwd=project, stdout=out, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}/"
            _wait_for(url + "admin/", log)
            yield url, project
        finally:
            process.terminate()
            process.wait(timeout=30)


def log_in(driver: webdriver.Chrome, url: str) -> WebDriverWait:
    """Open the editor and log in to the local backend (one button); return a patient wait."""
    wait = WebDriverWait(driver, TIMEOUT)
    driver.get(url + "admin/")
    wait.until(expected_conditions.element_to_be_clickable((By.XPATH, "//button[.='Login']"))).click()
    wait.until(
        expected_conditions.presence_of_element_located((By.XPATH, "//a[contains(@href, '/entries/')]"))
    )
    return wait


def field(driver: webdriver.Chrome, wait: WebDriverWait, name: str) -> webdriver.remote.webelement.WebElement:
    """The input of a posting field (Decap names it `<name>-field-<n>`)."""
    return wait.until(
        expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, f"[id^='{name}-field-']"))
    )
