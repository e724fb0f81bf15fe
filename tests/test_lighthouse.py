"""Lighthouse 12 on the listing and the seed posting, mobile and desktop (SPEC: Guarantees).

Each run takes 15-40 s; the site is built for the local server's origin, so the canonical URL is the
URL Lighthouse loads and SEO judges the page rather than the host.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.browser_support import CHROMIUM, CHROMIUM_FLAGS, LIGHTHOUSE, build_sample, serve
from tests.conftest import require_tool

MINIMUM = {"performance": 0.90, "accessibility": 0.95, "best-practices": 0.95, "seo": 0.95}


def _shortfalls(report: dict) -> list[str]:
    """Return the weighted audits that did not score full marks, for the failure message."""
    lines = []
    for category in report["categories"].values():
        for reference in category["auditRefs"]:
            audit = report["audits"][reference["id"]]
            if reference["weight"] and audit["score"] is not None and audit["score"] < 1:
                lines.append(
                    f"{category['id']}: {audit['id']} scored {audit['score']} {audit.get('displayValue', '')}"
                )
    return lines


@pytest.mark.parametrize("form_factor", ["mobile", "desktop"])
@pytest.mark.parametrize("path", ["", "jobs/senior-backend-engineer/"], ids=["listing", "seed-posting"])
def test_lighthouse_scores(project: Callable[..., Path], tmp_path: Path, path: str, form_factor: str) -> None:
    lighthouse = require_tool(str(LIGHTHOUSE), "Lighthouse (npm ci)")
    require_tool(shutil.which("node"), "Node.js")
    require_tool(CHROMIUM, "Chromium (apt: chromium)")
    root = project(sample=True)
    site = root / "out"
    profile = tmp_path / "chromium-profile"
    with serve(site) as url:
        build_sample(root, "--base-url", url)
        run = subprocess.run(
            [
                lighthouse,
                url + path,
                "--quiet",
                "--output=json",
                "--output-path=stdout",
                "--only-categories=performance,accessibility,best-practices,seo",
                f"--chrome-flags={' '.join(CHROMIUM_FLAGS)} --user-data-dir={profile}",
                *(["--preset=desktop"] if form_factor == "desktop" else []),
            ],
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout)
    assert report["configSettings"]["formFactor"] == form_factor
    assert report["finalDisplayedUrl"] == url + path
    assert not report.get("runtimeError"), report.get("runtimeError")
    scores = {name: category["score"] for name, category in report["categories"].items()}
    print(f"lighthouse {report['lighthouseVersion']} {path or 'listing'} {form_factor}: {scores}")
    low = {name: scores[name] for name, minimum in MINIMUM.items() if (scores[name] or 0) < minimum}
    assert not low, f"{low}\n" + "\n".join(_shortfalls(report))
