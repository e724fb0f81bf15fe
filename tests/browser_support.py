"""For the browser, validator, link and Lighthouse tests: tool paths, builds, a local server, Chromium."""

from __future__ import annotations

import contextlib
import http.server
import io
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from careersite.cli import main
from tests.conftest import REPO, TODAY

NODE_MODULES = REPO / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# No network beyond 127.0.0.1, no first-run or update traffic; /dev/shm is small in containers.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then(result => done(result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary)}))),
        error => done([{id: "axe-error", impact: "", help: String(error), nodes: []}]));
"""


def axe_violations(driver: webdriver.Chrome, url: str) -> list[dict[str, object]]:
    """Load url and run axe-core on it (WCAG 2.2 AA and best practices): its violations."""
    driver.get(url)
    driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    return driver.execute_async_script(RUN_AXE, AXE_TAGS)


def vnu_problems(java: str, files: list[Path]) -> list[str]:
    """Run the Nu validator once over files (HTML, CSS, SVG): every error and warning, one line each."""
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--also-check-css", "--also-check-svg",
         *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    messages = json.loads(run.stdout)["messages"]
    return [
        f"{m.get('url')}:{m.get('lastLine')}: {m.get('subType', m['type'])}: {m['message']}"
        for m in messages
        if m["type"] != "info" or m.get("subType") == "warning"
    ]


def build_sample(root: Path, *args: str, out: str = "out") -> Path:
    """Build the sample project at root (made by the `project` fixture) as of TODAY; return the output."""
    site = root / out
    status = main(["build", "--today", TODAY, "--out", str(site), *args])
    assert status == 0, f"the sample site did not build (exit {status})"
    return site


def html_pages(site: Path) -> list[Path]:
    """Return every HTML file of a built site, sorted."""
    return sorted(site.rglob("*.html"))


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Ignore a browser dropping a connection mid-response."""


def _handler(root: Path, prefix: str) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(root), **kwargs)  # type: ignore[arg-type]

        def send_head(self):  # type: ignore[no-untyped-def]
            """Answer 404 outside prefix, and 404.html for a missing file inside it, as static hosts do."""
            if not self.path.startswith(prefix):
                self.send_error(404)
                return None
            not_found = root / "404.html"
            if not Path(self.translate_path(self.path)).exists() and not_found.is_file():
                body = not_found.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                return io.BytesIO(body)
            return super().send_head()

        def list_directory(self, path: str | os.PathLike[str]) -> None:
            """Answer 404 for a folder without index.html: static hosts list no folders."""
            self.send_error(404)

        def translate_path(self, path: str) -> str:
            """Map <prefix>x to <root>/x (redirects for folders keep the prefix: self.path is untouched)."""
            return super().translate_path("/" + path[len(prefix) :])

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output clean."""

    return Handler


@contextlib.contextmanager
def serve(root: Path, prefix: str = "/") -> Iterator[str]:
    """Serve root at http://127.0.0.1:<free port><prefix> in a thread; yield that URL.

    root may be filled after the server starts, so a build can use the server's URL as base_url.
    """
    server = _QuietServer(("127.0.0.1", 0), _handler(root, prefix))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def chromium(javascript: bool = True, width: int = 1280, height: int = 900) -> Iterator[webdriver.Chrome]:
    """Start Debian's headless Chromium through Selenium with a fresh profile; yield the driver."""
    os.environ["SE_OFFLINE"] = "true"  # never let Selenium Manager fetch a browser or driver
    profile = tempfile.mkdtemp(prefix="careersite-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def set_color_scheme(driver: webdriver.Chrome, scheme: str) -> None:
    """Emulate prefers-color-scheme (light or dark) for the pages the driver loads next."""
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
    )


def set_viewport(driver: webdriver.Chrome, width: int, height: int, mobile: bool) -> None:
    """Emulate a device viewport (CSS pixels); mobile also means a touch-style meta viewport."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )
