"""A project's templates/ overrides the theme file by file; without one, the theme alone builds."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from careersite.cli import main
from tests.conftest import REPO, TODAY, tree, write_files

THEME = REPO / "templates"


@pytest.fixture
def company(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """A project with the sample content and only the given template files of its own."""

    def make(files: dict[str, str] | None = None) -> Path:
        root = tmp_path / "company"
        shutil.copytree(REPO / "content", root / "content")
        write_files(root, files or {})
        monkeypatch.chdir(root)
        return root

    return make


def build(out: str = "site") -> int:
    return main(["build", "--today", TODAY, "--out", out])


def test_a_project_without_templates_builds_with_the_theme(company: Callable[..., Path]) -> None:
    root = company()
    assert not (root / "templates").exists()
    assert build() == 0
    assert main(["build", "--today", TODAY, "--out", "with-theme", "--templates", str(THEME)]) == 0
    assert tree(root / "site") == tree(root / "with-theme")


def test_an_override_of_job_html_changes_the_posting_pages_only(company: Callable[..., Path]) -> None:
    job = (THEME / "job.html").read_text(encoding="utf-8")
    marked = job.replace("{% block main %}", '{% block main %}<p class="our-mark">Hiring fast</p>', 1)
    root = company({"templates/job.html": marked})
    assert build() == 0
    assert main(["build", "--today", TODAY, "--out", "plain", "--templates", str(THEME)]) == 0
    ours, plain = tree(root / "site"), tree(root / "plain")
    changed = {name for name in ours if ours[name] != plain.get(name)} - {".careersite-manifest"}
    assert changed and all(name.startswith("jobs/") for name in changed), changed
    page = (root / "site/jobs/senior-backend-engineer/index.html").read_text(encoding="utf-8")
    assert '<p class="our-mark">Hiring fast</p>' in page


def test_an_asset_override_replaces_that_asset_alone(company: Callable[..., Path]) -> None:
    root = company({"templates/assets/site.css": "body { color: #111 }\n"})
    assert build() == 0
    assert (root / "site/assets/site.css").read_text(encoding="utf-8") == "body { color: #111 }\n"
    assert (root / "site/assets/site.js").read_bytes() == (THEME / "assets/site.js").read_bytes()


def test_a_mistake_in_an_override_is_reported_at_its_path_and_line(
    company: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    company({"templates/job.html": '{% extends "base.html" %}\n{% block main %}\n{{ posting.title }\n'})
    assert main(["check", "--today", TODAY]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert errors and errors[0].startswith("templates/job.html:3: error: "), errors


def test_a_runtime_mistake_in_an_override_names_the_override(
    company: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base = (THEME / "base.html").read_text(encoding="utf-8").replace("{{ title }}", "{{ title.nope() }}", 1)
    company({"templates/base.html": base})
    assert build() == 1
    line = base.splitlines().index("<title>{{ title.nope() }}</title>") + 1
    assert f"templates/base.html:{line}: error: " in capsys.readouterr().err
