"""The built sample site in Debian's headless Chromium: axe-core (WCAG 2.2 AA) in light and dark mode,
the listing's filters with JavaScript on and off, a phone's viewport and the keyboard."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from tests.browser_support import (
    AXE_JS,
    AXE_TAGS,
    CHROMEDRIVER,
    CHROMIUM,
    RUN_AXE,
    build_sample,
    chromium,
    serve,
    set_color_scheme,
    set_viewport,
)
from tests.conftest import require_tool

PAGES = {
    "listing": "",
    "seed posting": "jobs/senior-backend-engineer/",
    "closed posting": "jobs/frontend-engineer/",
    "department": "departments/engineering/",
    "free page": "pages/life-at-paysecure/",
    "404 at depth": "no/such/page/",
}
OPEN_TITLES = [
    "Data Science Intern (6 months)",
    "Product Designer, Merchant Experience",
    "Senior Backend Engineer - Fintech",
    "Site Reliability Engineer (Remote, India)",
    "PCI-DSS Security Consultant (Contract)",
]


def _driver(javascript: bool) -> Iterator[webdriver.Chrome]:
    require_tool(CHROMIUM, "Chromium (apt: chromium)")
    require_tool(CHROMEDRIVER, "ChromeDriver (apt: chromium-driver)")
    with chromium(javascript=javascript) as driver:
        yield driver


@pytest.fixture(scope="module")
def _js_driver() -> Iterator[webdriver.Chrome]:
    yield from _driver(javascript=True)


@pytest.fixture(scope="module")
def _no_js_driver() -> Iterator[webdriver.Chrome]:
    yield from _driver(javascript=False)


def _fresh(driver: webdriver.Chrome) -> webdriver.Chrome:
    """Undo a previous test's emulation: light scheme, the window's own viewport."""
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    set_color_scheme(driver, "light")
    return driver


@pytest.fixture
def browser(_js_driver: webdriver.Chrome) -> webdriver.Chrome:
    return _fresh(_js_driver)


@pytest.fixture
def no_js_browser(_no_js_driver: webdriver.Chrome) -> webdriver.Chrome:
    return _fresh(_no_js_driver)


@pytest.fixture
def site(project: Callable[..., Path]) -> Iterator[tuple[Path, str]]:
    """Build the sample site and serve it; yield (output folder, URL)."""
    out = build_sample(project(sample=True))
    with serve(out) as url:
        yield out, url


def _visible_titles(driver: webdriver.Chrome) -> list[str]:
    return [link.text for link in driver.find_elements(By.CSS_SELECTOR, "main h3 a") if link.is_displayed()]


def _announced(driver: webdriver.Chrome) -> str:
    """Return the text of the live region that announces the result count."""
    regions = driver.find_elements(By.CSS_SELECTOR, "form [aria-live], form [role=status]")
    assert len(regions) == 1, "one live region announces the result count"
    return regions[0].text


def _wait_for_count(driver: webdriver.Chrome, text: str) -> None:
    try:
        WebDriverWait(driver, 5).until(lambda d: _announced(d) == text)
    except Exception as error:
        raise AssertionError(f"announced {_announced(driver)!r}, expected {text!r}") from error


def _query(driver: webdriver.Chrome) -> str:
    return driver.execute_script("return location.search")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_no_violations(
    browser: webdriver.Chrome, site: tuple[Path, str], page: str, scheme: str
) -> None:
    require_tool(str(AXE_JS), "axe-core (npm ci)")
    set_color_scheme(browser, scheme)
    browser.get(site[1] + PAGES[page])
    dark = browser.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
    assert dark == (scheme == "dark")
    browser.execute_script(AXE_JS.read_text(encoding="utf-8"))
    violations = browser.execute_async_script(RUN_AXE, AXE_TAGS)
    report = json.dumps(violations, indent=2, ensure_ascii=False)
    print(f"axe on {page} ({scheme}): {len(violations)} violations")
    assert violations == [], report


def test_dark_mode_changes_the_colours(browser: webdriver.Chrome, site: tuple[Path, str]) -> None:
    script = "return getComputedStyle(document.body).backgroundColor"
    browser.get(site[1])
    light = browser.execute_script(script)
    set_color_scheme(browser, "dark")
    browser.get(site[1])
    assert browser.execute_script(script) != light, "the theme follows prefers-color-scheme"


def test_search_filters_and_announces(browser: webdriver.Chrome, site: tuple[Path, str]) -> None:
    browser.get(site[1])
    assert sorted(_visible_titles(browser)) == sorted(OPEN_TITLES)
    assert _announced(browser) == "Showing all 5 roles"
    search = browser.find_element(By.CSS_SELECTOR, "input[type=search]")
    search.send_keys("engineer")
    _wait_for_count(browser, "Showing 2 of 5 roles")
    assert _visible_titles(browser) == [
        "Senior Backend Engineer - Fintech",
        "Site Reliability Engineer (Remote, India)",
    ]
    assert _query(browser) == "?q=engineer"
    search.send_keys(" bangalore")
    _wait_for_count(browser, "Showing 1 of 5 roles")
    assert _visible_titles(browser) == ["Senior Backend Engineer - Fintech"]


@pytest.mark.parametrize(
    ("control", "value", "titles"),
    [
        ("department", "design", ["Product Designer, Merchant Experience"]),
        ("location", "Singapore, SG", ["PCI-DSS Security Consultant (Contract)"]),
        ("workplace", "remote", ["Site Reliability Engineer (Remote, India)"]),
        ("type", "intern", ["Data Science Intern (6 months)"]),
        ("type", "full-time", [OPEN_TITLES[1], OPEN_TITLES[2], OPEN_TITLES[3]]),
    ],
)
def test_each_filter_narrows_the_list(
    browser: webdriver.Chrome, site: tuple[Path, str], control: str, value: str, titles: list[str]
) -> None:
    browser.get(site[1])
    element = browser.find_element(By.CSS_SELECTOR, f"[name={control}]")
    if element.tag_name == "select":
        Select(element).select_by_value(value)
    else:
        browser.find_element(By.CSS_SELECTOR, f"input[name={control}][value='{value}']").click()
    _wait_for_count(browser, f"Showing {len(titles)} of 5 roles")
    assert _visible_titles(browser) == titles
    assert _query(browser) == "?" + urlencode({control: value})  # URLSearchParams also writes spaces as +


def test_url_state_reload_back_and_clear_all(browser: webdriver.Chrome, site: tuple[Path, str]) -> None:
    browser.get(site[1])
    Select(browser.find_element(By.CSS_SELECTOR, "select[name=department]")).select_by_value("engineering")
    _wait_for_count(browser, "Showing 2 of 5 roles")
    browser.find_element(By.CSS_SELECTOR, "input[name=workplace][value=remote]").click()
    _wait_for_count(browser, "Showing 1 of 5 roles")
    assert _query(browser) == "?department=engineering&workplace=remote"

    browser.refresh()
    _wait_for_count(browser, "Showing 1 of 5 roles")
    assert _visible_titles(browser) == ["Site Reliability Engineer (Remote, India)"]
    assert Select(
        browser.find_element(By.CSS_SELECTOR, "select[name=department]")
    ).first_selected_option.text == ("Engineering")
    assert browser.find_element(By.CSS_SELECTOR, "input[name=workplace][value=remote]").is_selected()

    browser.back()
    _wait_for_count(browser, "Showing 2 of 5 roles")
    assert _query(browser) == "?department=engineering"
    assert not browser.find_element(By.CSS_SELECTOR, "input[name=workplace][value=remote]").is_selected()
    assert _visible_titles(browser) == [
        "Senior Backend Engineer - Fintech",
        "Site Reliability Engineer (Remote, India)",
    ]

    browser.find_element(By.XPATH, "//form//button[normalize-space()='Clear all']").click()
    _wait_for_count(browser, "Showing all 5 roles")
    assert _query(browser) == ""
    assert sorted(_visible_titles(browser)) == sorted(OPEN_TITLES)
    assert Select(
        browser.find_element(By.CSS_SELECTOR, "select[name=department]")
    ).first_selected_option.text == ("All departments")


def test_no_results_says_so_and_clears(browser: webdriver.Chrome, site: tuple[Path, str]) -> None:
    browser.get(site[1] + "?q=zzzz")
    _wait_for_count(browser, "Showing 0 of 5 roles")
    assert _visible_titles(browser) == []
    message = browser.find_element(By.XPATH, "//*[contains(text(), 'No roles match')]")
    assert message.is_displayed()
    buttons = [
        b for b in browser.find_elements(By.XPATH, "//main//button[contains(., 'Clear')]") if b.is_displayed()
    ]
    buttons[-1].click()
    _wait_for_count(browser, "Showing all 5 roles")
    assert not message.is_displayed()
    assert sorted(_visible_titles(browser)) == sorted(OPEN_TITLES)


def test_without_javascript_everything_is_listed(
    no_js_browser: webdriver.Chrome, site: tuple[Path, str]
) -> None:
    out, url = site
    jobs = json.loads((out / "jobs.json").read_text(encoding="utf-8"))
    expected = {posting["url"].replace(jobs["url"], url) for posting in jobs["postings"]}
    assert len(expected) == 5
    # A query the script would filter on: with JavaScript off it changes nothing.
    no_js_browser.get(url + "?q=zzzz")
    # The listing's links, once the page is laid out (a loaded shared CI machine can be slow to).
    WebDriverWait(no_js_browser, 10).until(lambda driver: _visible_titles(driver))
    links = {
        link.get_attribute("href")
        for link in no_js_browser.find_elements(By.CSS_SELECTOR, "main a")
        if link.is_displayed()
    }
    assert expected <= links
    assert sorted(_visible_titles(no_js_browser)) == sorted(OPEN_TITLES)
    forms = no_js_browser.find_elements(By.CSS_SELECTOR, "form")
    assert forms, "the listing has a filter form"
    assert not any(form.is_displayed() for form in forms), "the filter bar is not shown without JavaScript"
    assert not no_js_browser.find_element(By.XPATH, "//*[contains(text(), 'No roles match')]").is_displayed()


@pytest.mark.parametrize("page", PAGES)
def test_a_phone_never_scrolls_sideways(browser: webdriver.Chrome, site: tuple[Path, str], page: str) -> None:
    set_viewport(browser, 375, 812, mobile=True)
    browser.get(site[1] + PAGES[page])
    width, scroll_width = browser.execute_script("return [innerWidth, document.scrollingElement.scrollWidth]")
    assert width == 375
    assert scroll_width <= width, f"{page} is {scroll_width} px wide on a 375 px phone"


def test_filters_collapse_behind_one_button_on_a_phone(
    browser: webdriver.Chrome, site: tuple[Path, str]
) -> None:
    browser.get(site[1])
    toggle = browser.find_element(By.XPATH, "//form//button[normalize-space()='Filters']")
    search = browser.find_element(By.CSS_SELECTOR, "input[type=search]")
    assert search.is_displayed() and not toggle.is_displayed(), "on a wide screen the fields show, no toggle"

    set_viewport(browser, 375, 812, mobile=True)
    browser.get(site[1])
    toggle = browser.find_element(By.XPATH, "//form//button[normalize-space()='Filters']")
    department = browser.find_element(By.CSS_SELECTOR, "select[name=department]")
    assert toggle.is_displayed() and toggle.get_attribute("aria-expanded") == "false"
    assert not department.is_displayed()
    toggle.click()
    assert department.is_displayed() and toggle.get_attribute("aria-expanded") == "true"
    Select(department).select_by_value("security")
    _wait_for_count(browser, "Showing 1 of 5 roles")
    toggle.click()
    assert not department.is_displayed() and toggle.get_attribute("aria-expanded") == "false"
    assert _visible_titles(browser) == ["PCI-DSS Security Consultant (Contract)"]


@pytest.mark.parametrize("page", ["listing", "seed posting", "404 at depth"])
def test_tab_reaches_the_skip_link_first(
    browser: webdriver.Chrome, site: tuple[Path, str], page: str
) -> None:
    browser.get(site[1] + PAGES[page])
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.tag_name == "a" and focused.text == "Skip to content"
    assert focused.is_displayed(), "the skip link shows when it has focus"
    target = focused.get_attribute("href").partition("#")[2]
    focused.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == target
    assert browser.switch_to.active_element.tag_name == "main"
