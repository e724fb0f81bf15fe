"""One folder per failure case (tests/cases/<case>/), with the exact messages users see."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from careersite.cli import main
from tests.conftest import REPO, TODAY

CASES = Path(__file__).parent / "cases"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def run_case(name: str, root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    shutil.copytree(CASES / "_base", root, dirs_exist_ok=True)
    shutil.copytree(CASES / name, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    shutil.copytree(REPO / "templates", root / "templates")
    status = main(["check", "--today", TODAY])
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("content/")]
    return status, lines


@pytest.mark.parametrize("name", NAMES)
def test_case(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)
    status, lines = run_case(name, root, capsys)
    expected = (CASES / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert f"exit {status}" == expected[0]
    assert lines == expected[1:]
    assert not (root / "site").exists(), "check must write nothing"


def test_there_are_enough_cases() -> None:
    assert len(NAMES) >= 20
