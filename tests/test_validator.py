"""Every generated page, the stylesheet and the logo pass the current W3C Nu validator with no warnings."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.browser_support import VNU_JAR, build_sample, html_pages
from tests.conftest import require_tool

# A page the validator must reject, checked in the same run: it proves the run really read our files.
CANARY = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Canary</title></head>
<body><main><h1 id="x">Canary</h1><p id="x">Duplicate id.</p></main></body></html>
"""


def test_every_page_stylesheet_and_image_is_valid(project: Callable[..., Path], tmp_path: Path) -> None:
    java = require_tool(shutil.which("java"), "Java (for the Nu validator)")
    jar = require_tool(str(VNU_JAR), "the Nu validator (npm ci: vnu-jar)")
    root = project(sample=True)
    sites = [
        build_sample(root, out="plain"),
        build_sample(root, "--drafts", out="drafts"),
        build_sample(root, "--base-url", "https://jobs.example.org/careers/", out="subpath"),
    ]
    assert (sites[1] / "jobs" / "mobile-engineer" / "index.html").is_file(), "the draft page is checked"
    assert (sites[0] / "jobs" / "frontend-engineer" / "index.html").is_file(), "the closed page is checked"
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    files = [
        path for site in sites for path in sorted(site.rglob("*")) if path.suffix in {".html", ".css", ".svg"}
    ]
    assert sum(path.suffix == ".css" for path in files) == 3
    assert sum(path.suffix == ".svg" for path in files) >= 3

    run = subprocess.run(
        [
            java,
            "-jar",
            jar,
            "--format",
            "json",
            "--stdout",
            "--also-check-css",
            "--also-check-svg",
            *map(str, files),
            str(canary),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    messages = json.loads(run.stdout)["messages"]
    canary_errors = [m for m in messages if m.get("url", "").endswith("/canary.html")]
    assert any(m["type"] == "error" and "Duplicate ID" in m["message"] for m in canary_errors), run.stdout
    problems = [
        f"{m.get('url')}:{m.get('lastLine')}: {m.get('subType', m['type'])}: {m['message']}"
        for m in messages
        if m not in canary_errors and (m["type"] != "info" or m.get("subType") == "warning")
    ]
    pages = sum(path.suffix == ".html" for path in files)
    print(f"Nu validator {json.loads(run.stdout)['version']}: {pages} pages, {len(files) - pages} CSS/SVG")
    assert not problems, "\n".join(problems)
    assert len(html_pages(sites[1])) > len(html_pages(sites[0]))
