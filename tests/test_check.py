"""`check` validates everything a build would, static files included, and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from careersite.cli import main
from tests.conftest import TODAY


def test_check_with_static_files_passes_and_writes_nothing(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project({"content/static/CNAME": "careers.example.com\n"}, sample=True)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    assert main(["check", "--today", TODAY]) == 0
    assert "check passed: 0 errors" in capsys.readouterr().out
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_check_reports_a_static_file_that_would_replace_a_page(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project({"content/static/index.html": "<p>mine</p>\n"}, sample=True)
    assert main(["check", "--today", TODAY]) == 1
    assert (
        "content/static/index.html:1: error: `index.html` would replace a file or folder the build makes; "
        "rename or remove the static file" in capsys.readouterr().err.splitlines()
    )
