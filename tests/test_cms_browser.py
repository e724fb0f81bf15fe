"""The browser editor in headless Chromium, against `serve`'s local backend: list, create, save, check."""

from __future__ import annotations

import datetime as dt
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions

from careersite.cli import main
from tests.browser_support import CHROMEDRIVER, CHROMIUM, chromium
from tests.cms_support import DIST, TIMEOUT, field, log_in, served_project
from tests.conftest import REPO, require_tool

NEW = "content/jobs/payments-analyst.md"


def _sample_titles() -> list[str]:
    titles = []
    for path in sorted((REPO / "content" / "jobs").glob("*.md")):
        front = path.read_text("utf-8").split("---\n")[1]
        titles.append(yaml.safe_load(front)["title"])
    return titles


def _wait_until(what: str, test: object) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if test():  # type: ignore[operator]
            return
        time.sleep(0.25)
    raise AssertionError(f"{what} did not happen in {TIMEOUT} s")


def _published(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError):
        return False


def test_a_posting_made_in_the_editor_is_one_check_accepts(tmp_path: Path) -> None:
    require_tool(CHROMIUM, "Chromium (apt: chromium)")
    require_tool(CHROMEDRIVER, "ChromeDriver (apt: chromium-driver)")
    require_tool(str(DIST) if DIST.is_dir() else None, "decap-cms from npm (npm ci)")
    with served_project(tmp_path) as (url, project), chromium(height=1400) as driver:
        wait = log_in(driver, url)
        listed = [link.text for link in driver.find_elements(By.XPATH, "//a[contains(@href, '/entries/')]")]
        assert sorted(listed) == sorted(_sample_titles())

        driver.get(url + "admin/#/collections/postings/new")
        field(driver, wait, "title").send_keys("Payments Analyst")
        field(driver, wait, "department").send_keys("Finance")
        field(driver, wait, "location").send_keys("Pune, Maharashtra, IN")
        field(driver, wait, "on_site").send_keys("hybrid", Keys.ENTER)
        field(driver, wait, "employment_type").send_keys("full-time", Keys.ENTER)
        field(driver, wait, "salary").send_keys("₹12–18 LPA")
        field(driver, wait, "experience").send_keys("2+ years")
        now = "//label[starts-with(@for, 'date_posted-field-')]/following::button[.='Now'][1]"
        driver.find_element(By.XPATH, now).click()
        field(driver, wait, "apply").send_keys("jobs@paysecure.example")
        body = wait.until(
            expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, "[contenteditable='true']"))
        )
        body.click()
        body.send_keys("We are hiring a payments analyst in Pune.")
        driver.execute_script("window.notReloaded = true")
        publish = "//*[@role='button'][.='Publish']"
        wait.until(expected_conditions.element_to_be_clickable((By.XPATH, publish))).click()
        now_item = "//*[@role='menuitem'][contains(., 'Publish now')]"
        wait.until(expected_conditions.element_to_be_clickable((By.XPATH, now_item))).click()

        written = project / NEW
        _wait_until(f"{NEW} written", written.is_file)
        # serve sees the new file and rebuilds: the posting is on the local site
        _wait_until("the new posting published by serve", lambda: _published(url + "jobs/payments-analyst/"))
        assert driver.execute_script("return window.notReloaded"), "serve's rebuild reloaded the editor"

    text = written.read_text("utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == "Payments Analyst" and front["department"] == "Finance"
    assert front["on_site"] == "hybrid" and front["employment_type"] == ["full-time"]
    assert str(front["date_posted"]) == dt.date.today().isoformat()
    assert "We are hiring a payments analyst in Pune." in text
    copy = tmp_path / "checked"
    shutil.copytree(project / "content", copy / "content")
    shutil.copytree(project / "templates", copy / "templates")
    arguments = ["--content", str(copy / "content"), "--templates", str(copy / "templates")]
    assert main(["check", *arguments]) == 0, text
