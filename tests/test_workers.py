"""Worker processes: a parallel build, cold or cached, is byte-identical to one made in one process."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from careersite import posting_build as workers
from careersite.pipeline import BuildOptions, BuildResult, build_site
from tests.conftest import TODAY

COUNT = 3 * workers.PARALLEL_THRESHOLD  # enough for the worker processes to start
DEPARTMENTS = ("Engineering", "Design", "Finance")


def posting(number: int) -> str:
    return f"""---
title: Payments Engineer {number}
department: {DEPARTMENTS[number % 3]}
location: Bangalore, Karnataka, IN
salary: ₹{20 + number % 7}–{30 + number % 7} LPA
date_posted: 2026-11-{1 + number % 20:02d}
apply: https://paysecure.example/apply/{number}
---

## About the role

Role {number} builds the ledger that settles merchant payouts.

- Postgres and *Go*
- On call one week in {4 + number % 3}
"""


def build(out: str, use_cache: bool = True) -> BuildResult:
    result = build_site(
        BuildOptions(out_dir=Path(out), today=dt.date.fromisoformat(TODAY), use_cache=use_cache)
    )
    assert result.ok, [str(d) for d in result.diagnostics.items]
    return result


def tree(folder: Path) -> dict[str, bytes]:
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() for path in files
    }


def serial_tree(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The same project built cold in this one process."""
    with monkeypatch.context() as patch:
        patch.setattr(workers, "PARALLEL_THRESHOLD", 10**9)
        build(str(root.parent / "serial"), use_cache=False)
    return tree(root.parent / "serial")


@pytest.fixture
def many(project: Callable[..., Path]) -> Path:
    files = {f"content/jobs/role-{number:03d}.md": posting(number) for number in range(COUNT)}
    return project(files, sample=True)


def test_a_parallel_build_is_the_one_process_build(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert build("site", use_cache=False).files_rendered > COUNT
    assert tree(many / "site") == serial_tree(many, monkeypatch)


def test_cached_parallel_rebuilds_are_the_one_process_build(
    many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build("site")
    macros = many / "templates/_macros.html"  # every row and every posting page again, in parallel
    text = macros.read_text(encoding="utf-8")
    macros.write_text(text.replace('class="job-meta"', 'class="job-meta facts"'), encoding="utf-8")
    job = many / "templates/job.html"
    job.write_text(
        job.read_text(encoding="utf-8").replace("</article>", "<p>Hiring</p></article>"), encoding="utf-8"
    )
    warm = build("site")
    assert warm.files_rendered > COUNT
    assert "<p>Hiring</p>" in (many / "site/jobs/role-007/index.html").read_text(encoding="utf-8")
    title = many / "content/jobs/role-042.md"
    title.write_text(
        title.read_text(encoding="utf-8").replace("Engineer 42", "Engineer Forty-two"), encoding="utf-8"
    )
    build("site")
    assert "Engineer Forty-two" in (many / "site/index.html").read_text(encoding="utf-8")
    assert tree(many / "site") == serial_tree(many, monkeypatch)


def test_a_posting_file_is_read_once_so_its_hash_and_its_page_agree(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    project({f"content/jobs/role-{number:03d}.md": posting(number) for number in range(3)}, sample=True)
    reads: list[str] = []
    read_bytes = Path.read_bytes

    def counting(path: Path) -> bytes:
        reads.append(path.name)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
    build("site", use_cache=False)
    postings = [name for name in reads if name.startswith("role-")]
    assert sorted(postings) == ["role-000.md", "role-001.md", "role-002.md"]


@pytest.mark.parametrize("count", [1, 5, 49, 100, 1000, 10_000])
def test_chunks_take_every_file_once_in_order_and_shrink_toward_the_end(count: int) -> None:
    files = [(f"{number}.md", f"{number}.md") for number in range(count)]
    chunks = workers._chunks(files, 2)
    assert [file for chunk in chunks for file in chunk] == files
    sizes = [len(chunk) for chunk in chunks]
    assert max(sizes) <= workers.CHUNK and sizes == sorted(sizes, reverse=True)
    if count >= 100:  # the last ones small: a worker left alone at the end has little to do
        assert sizes[-1] <= workers.LAST_CHUNK and sum(sizes[-4:]) <= count // 4
