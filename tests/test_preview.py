"""`serve`'s posting previews: /_preview/jobs/<slug>/ with the Google for Jobs card, the share cards,
the JSON-LD and check's messages; the Preview link only while serving; in Chromium, axe-clean and
valid for the Nu validator."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import re
import shutil
import threading
import urllib.request
import wsgiref.simple_server
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By

from careersite.pipeline import BuildOptions, build_site
from careersite.preview import PreviewApp, with_previews
from careersite.serve import SiteApp
from tests.browser_support import (
    AXE_JS,
    AXE_TAGS,
    CHROMEDRIVER,
    CHROMIUM,
    RUN_AXE,
    VNU_JAR,
    chromium,
    vnu_problems,
)
from tests.conftest import REPO, require_tool
from tests.test_serve import eventually, fetch, free_port, start

SEED = "senior-backend-engineer"
SEED_FACTS = (
    "Senior Backend Engineer - Fintech",
    "PaySecure Financial Technologies",
    "Bangalore, Karnataka, IN",
    "₹35,00,000 – ₹55,00,000 a year",
    "20 Nov 2026",
    "Full-time",
)
TINY_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEElEQVR4nGP4z8DAwMDAAAAdBAH/0f0ITQAAAABJRU5ErkJggg=="
)
ASPECT = "const box = arguments[0].getBoundingClientRect(); return box.width / box.height;"
DENVER = """\
---
title: Payments Engineer, Denver
location: Denver, CO, US
employment_type: full-time
date_posted: 2026-11-20
valid_through: 2027-01-31
apply: https://paysecure.example/apply/denver
---

## About the role

Run our US payments.
"""


def _project(tmp: Path) -> Path:
    """The sample content plus a Denver posting without a salary (so check has messages for it)."""
    content = tmp / "content"
    shutil.copytree(REPO / "content", content)
    (content / "jobs" / "denver.md").write_text(DENVER, encoding="utf-8")
    return content


def _build(content: Path, out: Path, base_url: str) -> BuildOptions:
    options = BuildOptions(
        content_dir=content, templates_dir=REPO / "templates", out_dir=out, base_url=base_url,
        today=dt.date(2026, 11, 25), use_cache=False,
    )  # fmt: skip
    assert build_site(options).ok
    return options


def call(app: PreviewApp, path: str) -> tuple[str, dict[str, str], str]:
    answered: list[Any] = []
    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, lambda s, h: answered.extend((s, h))))
    status, headers = answered
    assert int(dict(headers).get("Content-Length", len(body))) == len(body)
    return status, dict(headers), body.decode()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> tuple[PreviewApp, Path]:
    tmp = tmp_path_factory.mktemp("preview")
    out = tmp / "site"
    options = _build(_project(tmp), out, "http://127.0.0.1:8000/")
    return with_previews(SiteApp(out), out, options), out


def test_the_preview_shows_the_google_card_the_share_cards_and_the_json_ld(served) -> None:
    status, headers, page = call(served[0], f"/_preview/jobs/{SEED}/")
    assert status == "200 OK" and headers["Content-Type"] == "text/html; charset=utf-8"
    google = page.split('aria-label="Google for Jobs card"')[1].split("</article>")[0]
    for fact in SEED_FACTS:
        assert fact in google, fact
    for card in ("LinkedIn", "X", "WhatsApp"):
        assert f'aria-label="{card} card"' in page
    assert page.count("careers.paysecure.example") >= 3  # the published domain, not the local server's
    jsonld = json.loads(re.search(r"<pre tabindex=\"0\"><code>(.*?)</code></pre>", page, re.S)[1]
                        .replace("&#34;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                        .replace("&#39;", "'"))  # fmt: skip
    assert jsonld["@type"] == "JobPosting"
    assert jsonld["url"] == f"https://careers.paysecure.example/jobs/{SEED}/"
    assert jsonld["baseSalary"]["value"]["minValue"] == 3500000
    assert "check reports nothing for this posting." in page


def test_the_preview_lists_every_message_check_gives_the_posting(served) -> None:
    _, _, page = call(served[0], "/_preview/jobs/denver/")
    # Paths as check shows them: relative to where it runs (here, outside the project).
    messages = [re.sub(r"^.*?(content/jobs/)", r"\1", m) for m in re.findall(r"<li>([^<]*)</li>", page)]
    assert messages == [
        "content/jobs/denver.md:2: warning: Missing field &#34;baseSalary&#34; (optional); "
        "add salary: with the "
        "pay or its range (postings with a salary get more applicants, and Google shows it)",
        "content/jobs/denver.md:2: warning: pay transparency (Colorado, since 2021): a salary range is "
        "required for jobs that can be done in Colorado; add salary:",
        "content/jobs/denver.md:9: warning: pay transparency (Colorado, since 2021): "
        "a general description of the benefits is required for jobs that can be done in Colorado; "
        "add a section headed &#34;Benefits&#34; "
        "(or &#34;What we offer&#34;) to the body",
    ]


def test_posting_pages_link_to_their_preview_only_while_serving(served) -> None:
    app, out = served
    page = call(app, f"/jobs/{SEED}/")[2]
    assert f'<a href="/_preview/jobs/{SEED}/">Preview</a>' in page
    assert "Preview" not in call(app, "/")[2].split("<main", 1)[1][:200]  # the listing gets none
    for file in out.rglob("*"):  # what the build wrote: no preview, no link
        if file.is_file():
            assert b"_preview" not in file.read_bytes(), file
    assert not (out / "_preview").exists()


def test_an_unknown_posting_and_the_url_without_its_slash(served) -> None:
    status, _, page = call(served[0], "/_preview/jobs/no-such-job/")
    assert status == "404 Not Found" and "No posting named “no-such-job”" in page
    status, headers, _ = call(served[0], f"/_preview/jobs/{SEED}")
    assert status == "301 Moved Permanently" and headers["Location"] == f"/_preview/jobs/{SEED}/"


def test_the_cards_use_the_postings_share_image_else_the_sites_else_a_placeholder(tmp_path: Path) -> None:
    content = _project(tmp_path)
    out = tmp_path / "site"
    app = with_previews(SiteApp(out), out, _build(content, out, "http://127.0.0.1:8000/"))
    own = out / "jobs" / SEED / "share.png"
    assert own.is_file()  # the build drew the posting's own
    page = call(app, f"/_preview/jobs/{SEED}/")[2]
    assert page.count(f'<img class="crop" src="/jobs/{SEED}/share.png"') == 3
    own.unlink()  # as with share_images: false
    assert 'class="crop placeholder"' in call(app, f"/_preview/jobs/{SEED}/")[2]
    site_yaml = content / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text("utf-8").replace("  logo:", "  share_image: assets/share.png\n  logo:")
    )
    shutil.copy(REPO / "templates" / "assets" / "logo.svg", out / "assets" / "share.png")  # any file will do
    page = call(app, f"/_preview/jobs/{SEED}/")[2]
    assert page.count('<img class="crop" src="/assets/share.png"') == 3


class _Quiet(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep test output clean."""


@contextlib.contextmanager
def _serving(tmp: Path) -> Iterator[str]:
    """The sample built for and served by a local server with previews, as `serve` does; its URL."""
    out = tmp / "site"
    holder: dict[str, PreviewApp] = {}
    server = wsgiref.simple_server.make_server(
        "127.0.0.1", 0, lambda environ, start: holder["app"](environ, start), handler_class=_Quiet
    )
    url = f"http://127.0.0.1:{server.server_port}/"
    holder["app"] = with_previews(SiteApp(out), out, _build(_project(tmp), out, url))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_the_preview_in_chromium_is_axe_clean_and_valid(tmp_path: Path) -> None:
    require_tool(CHROMIUM, "Chromium (apt: chromium)")
    require_tool(CHROMEDRIVER, "ChromeDriver (apt: chromium-driver)")
    java = require_tool(shutil.which("java"), "Java (for the Nu validator)")
    require_tool(str(VNU_JAR) if VNU_JAR.is_file() else None, "the Nu validator (npm ci)")
    with _serving(tmp_path) as url, chromium() as driver:
        for slug in (SEED, "denver"):
            driver.get(f"{url}jobs/{slug}/")
            driver.find_element(By.LINK_TEXT, "Preview").click()
            assert driver.current_url == f"{url}_preview/jobs/{slug}/"
            cards = driver.find_elements(By.CSS_SELECTOR, "article.card")
            assert [card.get_attribute("aria-label") for card in cards] == [
                "Google for Jobs card", "LinkedIn card", "X card", "WhatsApp card",
            ]  # fmt: skip
            crops = [card.find_element(By.CSS_SELECTOR, ".crop") for card in cards[1:]]
            shapes = [driver.execute_script(ASPECT, crop) for crop in crops]
            assert [round(shape, 2) for shape in shapes] == [1.91, 2.0, 1.0]
            if slug == SEED:
                assert "₹35,00,000 – ₹55,00,000 a year" in cards[0].text
            else:
                assert (
                    "pay transparency (Colorado, since 2021)"
                    in driver.find_element(By.CSS_SELECTOR, ".messages").text
                )
            driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
            assert driver.execute_async_script(RUN_AXE, AXE_TAGS) == [], slug
            with urllib.request.urlopen(f"{url}_preview/jobs/{slug}/") as answer:  # the bytes as served
                (tmp_path / f"preview-{slug}.html").write_bytes(answer.read())
        # The share image the lead's build will make: the same crops of the real picture.
        (tmp_path / "site" / "jobs" / SEED / "share.png").write_bytes(base64.b64decode(TINY_PNG))
        driver.get(f"{url}_preview/jobs/{SEED}/")
        images = driver.find_elements(By.CSS_SELECTOR, "img.crop")
        assert [round(driver.execute_script(ASPECT, image), 2) for image in images] == [1.91, 2.0, 1.0]
    assert vnu_problems(java, sorted(tmp_path.glob("preview-*.html"))) == []


def test_the_real_serve_command_serves_previews(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(REPO / "templates", root / "templates")
    content = _project(root)
    # test_serve's server runs on 2026-02-01 (SOURCE_DATE_EPOCH): a posting open that day.
    denver = DENVER.replace("2026-11-20", "2026-01-20").replace("2027-01-31", "2026-03-31")
    (content / "jobs" / "denver.md").write_text(denver, encoding="utf-8")
    running = start(root, free_port())  # the process started here is the one ended here
    try:
        eventually(
            lambda: running.url in running.output()[0] or running.process.poll() is not None, "serving", 30
        )
        status, page = fetch(f"{running.url}jobs/denver/")
        assert status == 200 and '<a href="/_preview/jobs/denver/">Preview</a>' in page
        status, preview = fetch(f"{running.url}_preview/jobs/denver/")
        assert status == 200 and "pay transparency (Colorado, since 2021)" in preview
    finally:
        running.process.kill()
        running.process.wait(timeout=10)
