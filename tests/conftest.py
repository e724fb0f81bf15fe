"""Shared fixtures: build real projects in tmp_path from a dict of files (STYLE: tests)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from careersite.content import load_site
from careersite.diagnostics import Diagnostics
from careersite.files import discover, shown_path
from careersite.model import Posting
from careersite.pipeline import BuildOptions, build_site
from careersite.postings import load_posting

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"  # the day the sample content's states are written for

# The sample content (content/) on TODAY.
SAMPLE_BASE_URL = "https://careers.paysecure.example/"
SAMPLE_OPEN = (
    "data-science-intern",
    "product-designer",
    "security-consultant",
    "senior-backend-engineer",
    "site-reliability-engineer",
)

# A minimal valid site.yaml for tests that write their own content.
SITE_YAML = """\
title: Careers
base_url: https://careers.example.com
language: en-IN
currency: INR
timezone: Asia/Kolkata
organization:
  name: Example
  url: https://www.example.com
"""


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write a dict of relative path -> text or bytes under root."""
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Make a project folder (repo templates + given content) and chdir into it."""

    def make(files: Mapping[str, str | bytes] | None = None, sample: bool = False) -> Path:
        root = tmp_path / "project"
        shutil.copytree(REPO / "templates", root / "templates")
        if sample:
            shutil.copytree(REPO / "content", root / "content")
        write_files(root, files or {})
        monkeypatch.chdir(root)
        return root

    return make


def tree(folder: Path) -> dict[str, str]:
    """Every file below folder, by relative path, with a digest of its bytes: builds compared."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def share_images(site: Path) -> int:
    """The share images in a built site. A build that renders everything again takes them from the
    memo when their card text is the same (careersite/memo.py): they are not counted as rendered."""
    return sum(1 for _ in site.glob("jobs/*/share.png"))


def require_tool(path: str | None, what: str) -> str:
    """Return the tool's path, or skip (locally) / fail (under CI=true) when it is missing."""
    if path and Path(path).exists():
        return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is required under CI=true but was not found")
    pytest.skip(f"{what} not installed")


def load_postings(content_dir: Path, root: Path) -> tuple[list[Posting], list[str]]:
    """Parse a project's postings with the build's own loaders, and give every message `check`
    prints for it (paths shown from root): the postings as the product understands them."""
    with contextlib.chdir(root):
        diags = Diagnostics()
        site = load_site(content_dir / "site.yaml", shown_path(content_dir / "site.yaml"), diags)
        postings = [
            posting
            for path in discover(content_dir / "jobs")
            if (posting := load_posting(path, shown_path(path), site, Diagnostics())) is not None
        ]
        options = BuildOptions(content_dir=content_dir, templates_dir=REPO / "templates", write=False)
        messages = [str(diagnostic) for diagnostic in build_site(options).diagnostics.sorted()]
    return (postings if site is not None else []), messages
