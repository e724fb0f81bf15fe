"""Incremental builds: the cache reuses what did not change and never changes the output."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from careersite.cache import CACHE_DIR
from careersite.cli import main
from careersite.pipeline import BuildOptions, BuildResult, build_site
from tests.conftest import TODAY


def build(out: str = "site", today: str = TODAY, use_cache: bool = True) -> BuildResult:
    options = BuildOptions(out_dir=Path(out), today=dt.date.fromisoformat(today), use_cache=use_cache)
    result = build_site(options)
    assert result.ok, [str(d) for d in result.diagnostics.items] + [result.refused]
    return result


def tree(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def not_posting_pages(site: Path) -> int:
    """Files that are not a posting's own page (listing, departments, pages, feeds, assets…)."""
    return sum(1 for path in tree(site) if not path.startswith("jobs/") and path != ".careersite-manifest")


def test_nothing_changed_renders_nothing_and_writes_nothing(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    cold = build()
    assert cold.files_rendered == cold.files_total
    before = mtimes(root / "site")
    warm = build()
    assert (warm.files_rendered, warm.files_written) == (0, 0)
    assert warm.files_total == cold.files_total
    assert mtimes(root / "site") == before


def test_one_changed_posting_rerenders_its_page_and_the_aggregates_only(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    build()
    edit(root / "content/jobs/product-designer.md", "Design the dashboards", "Design the merchant dashboards")
    warm = build()
    assert warm.files_rendered - not_posting_pages(root / "site") == 1  # its page, no other posting's
    assert 1 <= warm.files_written <= warm.files_rendered
    assert "Design the merchant dashboards" in (root / "site/jobs/product-designer/index.html").read_text()
    cold = root.parent / "cold"
    os.chdir(root)
    build(out=str(cold), use_cache=False)
    assert tree(root / "site") == tree(cold), "a cached build must be byte-identical to a cold one"


def test_template_change_rerenders_everything(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    cold = build()
    template = root / "templates/job.html"
    template.write_text(template.read_text(encoding="utf-8") + "{# a comment changes the template #}\n")
    assert build().files_rendered == cold.files_total


def test_site_yaml_change_rerenders_everything(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    cold = build()
    edit(root / "content/site.yaml", "Build the payments India trusts", "Build payments India trusts")
    assert build().files_rendered == cold.files_total
    assert "Build payments India trusts" in (root / "site/index.html").read_text()


def test_a_posting_that_closes_overnight_is_rerendered_without_any_file_change(
    project: Callable[..., Path],
) -> None:
    root = project(sample=True)
    build(today="2026-12-31")
    page = root / "site/jobs/data-science-intern/index.html"
    assert 'name="robots" content="noindex"' not in page.read_text()
    build(today="2027-01-01")  # its valid_through is 2026-12-31
    assert 'name="robots" content="noindex"' in page.read_text()
    assert "data-science-intern" not in (root / "site/jobs.json").read_text()


def test_a_scheduled_posting_opens_on_its_day(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    build(today="2027-01-04")
    assert not (root / "site/jobs/compliance-manager").exists()
    build(today="2027-01-05")
    assert (root / "site/jobs/compliance-manager/index.html").is_file()


@pytest.mark.parametrize("damage", [b"", b"not a pickle at all", b"\x80\x05garbage"])
def test_a_corrupt_cache_is_survived_with_a_notice(project: Callable[..., Path], damage: bytes) -> None:
    root = project(sample=True)
    build()
    reference = tree(root / "site")
    (CACHE_DIR / "build.pickle").write_bytes(damage)
    result = build()
    assert result.files_rendered == result.files_total  # nothing trusted from a broken cache
    assert tree(root / "site") == reference
    assert any("ignoring the unreadable build cache" in notice for notice in result.notices)


def test_deleted_output_files_are_rendered_again(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    build()
    reference = tree(root / "site")
    (root / "site/jobs/senior-backend-engineer/index.html").unlink()
    (root / "site/index.html").unlink()
    build()
    assert tree(root / "site") == reference


def test_no_cache_renders_everything(project: Callable[..., Path]) -> None:
    project(sample=True)
    build()
    result = build(use_cache=False)
    assert result.files_rendered == result.files_total


def test_no_cache_leaves_a_cache_for_the_next_build(project: Callable[..., Path]) -> None:
    project(sample=True)
    build(use_cache=False)
    assert build().files_rendered == 0


def test_the_cli_prints_the_cache_notice(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project(sample=True)
    build()
    (CACHE_DIR / "build.pickle").write_bytes(b"garbage")
    assert main(["build", "--today", TODAY]) == 0
    assert "note: ignoring the unreadable build cache" in capsys.readouterr().err
