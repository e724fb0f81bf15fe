"""The benchmark suite: the corpus is valid and deterministic, the runner reports every case."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = REPO / "benchmarks"
CASES = (
    "cold",
    "floor: Python-Markdown alone",
    "no change",
    "floor: Python start-up",
    "one posting changed",
    "floor: start-up and the libraries",
    "one title changed",
    "one template changed",
)
IN_CI = bool(os.environ.get("CI"))
NUMBER = r"\d+(?:\.\d+)?"


def _run(*args: str | Path, cwd: Path = REPO, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, *map(str, args)]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def _available(module: str) -> bool:
    """True when a bench extra is installed; under CI its absence fails instead of skipping."""
    if importlib.util.find_spec(module) is not None:
        return True
    if IN_CI:
        pytest.fail(f"`{module}` is missing: CI must install the bench extra (pip install '.[bench]')")
    return False


def _generate_and_check(corpus: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Generate a corpus with the generator's options, then run `check` on it."""
    generated = _run(BENCHMARKS / "generate_corpus.py", *options, "--out", corpus)
    assert generated.returncode == 0, generated.stderr
    return _run(
        REPO / "build.py", "check", "--content", corpus / "content", "--templates", corpus / "templates",
        "--today", "2026-11-25",
    )  # fmt: skip


def test_generated_corpus_passes_check(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    check = _generate_and_check(corpus, "--count", "40")
    assert check.returncode == 0, check.stderr
    assert "check passed: 0 errors, 0 warnings" in check.stdout
    assert check.stderr == ""
    bodies = [
        path.read_text(encoding="utf-8").split("---\n", 2)[2] for path in corpus.glob("content/jobs/*.md")
    ]
    assert len(bodies) == 40
    assert all(3000 <= len(body.encode()) <= 5000 for body in bodies)


def test_the_closed_share_closes_that_part_of_the_postings(tmp_path: Path) -> None:
    check = _generate_and_check(tmp_path / "c", "--count", "60", "--closed-share", "0.5")
    closed = int(re.search(r"(\d+) closed", check.stdout)[1])  # type: ignore[index]
    assert 18 <= closed <= 42, check.stdout  # about half of 60


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        result = _run(BENCHMARKS / "generate_corpus.py", "--count", "25", "--out", tmp_path / name)
        assert result.returncode == 0, result.stderr
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)


def test_generator_refuses_a_folder_with_postings(tmp_path: Path) -> None:
    (tmp_path / "content" / "jobs").mkdir(parents=True)
    (tmp_path / "content" / "jobs" / "mine.md").write_text("keep me", encoding="utf-8")
    result = _run(BENCHMARKS / "generate_corpus.py", "--count", "3", "--out", tmp_path)
    assert result.returncode != 0
    assert "already holds postings" in result.stderr
    assert (tmp_path / "content" / "jobs" / "mine.md").read_text(encoding="utf-8") == "keep me"


def test_runner_reports_every_case_for_both_tools(tmp_path: Path) -> None:
    with_hugo, with_plot = _available("hugo"), _available("matplotlib")
    report, image = tmp_path / "benchmarks.md", tmp_path / "benchmarks.png"
    args = ["--sizes", "30", "--repeat", "1", "--work", tmp_path / "work", "--report", report]
    args += ["--plot", image] if with_plot else []
    args += [] if with_hugo else ["--no-hugo"]
    result = _run(BENCHMARKS / "run.py", *args, timeout=90)
    assert result.returncode == 0, result.stderr
    table = report.read_text(encoding="utf-8")
    assert table in result.stdout
    assert re.search(r"^- \*\*CPUs \(nproc\):\*\* \d+$", table, re.MULTILINE)
    for label in ("CPU model", "Python", "Hugo", "careersite commit"):
        assert f"- **{label}:** " in table
    hugo_cells = rf"\| {NUMBER} \| {NUMBER} \| {NUMBER} \| {NUMBER}x" if with_hugo else r"(\| n/a ){4}"
    for case in CASES:
        row = rf"^\| 30 \| {case} \| 1 \| {NUMBER} \| {NUMBER} \| {NUMBER} {hugo_cells} \|$"
        assert re.search(row, table, re.MULTILINE), f"no row with numbers for {case!r}:\n{table}"
    if with_plot:
        assert image.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
