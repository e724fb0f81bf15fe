"""Publishing: byte-identical builds, all-or-nothing writes, only changed files touched, folders refused."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from careersite import overrides
from careersite.cli import main
from tests.conftest import REPO, TODAY

MANIFEST = ".careersite-manifest"
CACHE = ".careersite-cache"  # the documented cache folder, in the current directory
OLD = 1_000_000_000  # 2001-09-09: a file time no build would give


def snapshot(root: Path, skip: tuple[str, ...] = ()) -> dict[str, tuple[str, int] | None]:
    """Map every path under root to (sha256, mtime_ns) for files and None for folders."""
    state: dict[str, tuple[str, int] | None] = {}
    if not root.exists():
        return state
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if any(relative == s or relative.startswith(s + "/") for s in skip):
            continue
        if path.is_dir():
            state[relative] = None
        else:
            state[relative] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    return state


def contents(root: Path) -> dict[str, bytes]:
    """Map every file under root to its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def age(root: Path) -> None:
    """Give every file under root the same old time, so that a rewrite shows in its mtime."""
    for path in root.rglob("*"):
        os.utime(path, (OLD, OLD))


def touched(root: Path) -> set[str]:
    """The files under root whose time is no longer the old one."""
    return {
        p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.stat().st_mtime != OLD
    }


def build(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `build --today TODAY` with extra arguments; return the exit status, stdout and stderr."""
    code = main(["build", "--today", TODAY, *args])
    out, err = capsys.readouterr()
    return code, out, err


# -- byte-identical builds -------------------------------------------------------------------------


def test_same_content_anywhere_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "a", tmp_path / "elsewhere" / "deeper folder" / "b"
    for root in (first, second):
        shutil.copytree(REPO / "content", root / "content")
        shutil.copytree(REPO / "templates", root / "templates")
    for index, path in enumerate(sorted((second).rglob("*"))):
        os.utime(path, (OLD + index * 86_400, OLD + index * 86_400))
    monkeypatch.chdir(first)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert build(capsys)[0] == 0
    monkeypatch.chdir(second)
    noon = dt.datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("Asia/Kolkata"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(noon.timestamp())))
    assert main(["build", "--no-cache"]) == 0
    assert contents(first / "site") == contents(second / "site")
    assert len(contents(first / "site")) > 15


def test_source_date_epoch_is_read_in_the_site_timezone(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project(sample=True)
    # 2026-10-31 20:00 UTC is already 1 November in Kolkata: the frontend role closed on 31 October
    late = dt.datetime(2026, 10, 31, 20, 0, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(late.timestamp())))
    assert main(["check"]) == 0
    assert re.search(r"\b1 closed\b", capsys.readouterr().out)
    early = dt.datetime(2026, 10, 31, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(early.timestamp())))
    assert main(["check"]) == 0
    assert re.search(r"\b0 closed\b", capsys.readouterr().out)


def test_today_option_wins_over_source_date_epoch(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project(sample=True)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # 1970: everything would be scheduled
    assert main(["check", "--today", TODAY]) == 0
    assert re.search(r"\b5 open\b", capsys.readouterr().out)


# -- a failed build changes nothing ----------------------------------------------------------------


def test_content_error_leaves_the_site_as_it_was(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(sample=True)
    assert build(capsys)[0] == 0
    age(root / "site")
    before = snapshot(root / "site")
    posting = root / "content" / "jobs" / "senior-backend-engineer.md"
    posting.write_text(
        posting.read_text(encoding="utf-8").replace("salary: ₹35\u201355 LPA", "salary: ₹55-35 LPA"),
        encoding="utf-8",
    )
    (root / "content" / "jobs" / "new-role.md").write_text("---\ntitle: New\n---\n", encoding="utf-8")
    code, out, err = build(capsys)
    assert code == 1
    assert re.search(r"^content/jobs/senior-backend-engineer\.md:\d+: error: .*salary", err, re.MULTILINE)
    assert re.search(r"^content/jobs/new-role\.md:\d+: error: ", err, re.MULTILINE)
    assert "nothing was written" in err and out == ""
    assert snapshot(root / "site") == before


def test_template_error_on_a_fresh_folder_creates_nothing(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(
        {"templates/job.html": "{% extends 'base.html' %}{% block main %}{{ nope }}{% endblock %}"},
        sample=True,
    )
    code, _, err = build(capsys)
    assert code == 1
    assert re.search(r"^templates/job\.html:1: error: ", err, re.MULTILINE)
    assert not (root / "site").exists()


@pytest.mark.parametrize(
    ("name", "marker", "old", "new"),
    [
        ("job.html", "<article", ">", "><p>{{ nope }}</p>"),  # a posting's page
        ("_macros.html", "salary_compact", "posting.salary|", "posting.nope|"),  # a listing row
    ],
)
def test_template_error_names_its_line_once_and_leaves_the_site(
    name: str,
    marker: str,
    old: str,
    new: str,
    project: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = project(sample=True)
    assert build(capsys)[0] == 0
    age(root / "site")
    before = snapshot(root / "site")
    template = root / "templates" / name
    lines = template.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines) if marker in text) + 1
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    template.write_text("\n".join(lines), encoding="utf-8")
    code, _, err = build(capsys)
    assert code == 1
    errors = [text for text in err.splitlines() if ": error: " in text]
    assert len(errors) == 1, err  # once, however many postings it broke
    assert re.match(rf"templates/{re.escape(name)}:{line}: error: .*nope", errors[0]), err
    assert "Traceback" not in err
    assert snapshot(root / "site") == before


@pytest.mark.parametrize("macros", ["", "{% macro other() %}{% endmacro %}"])
def test_a_theme_without_the_row_macro_is_told_so(
    macros: str,
    project: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = project(sample=True)
    # The project's templates/ is the theme here: a file it lacks is not found in another.
    monkeypatch.setattr(overrides, "theme_dir", lambda: root / "templates")
    path = root / "templates" / "_macros.html"
    if macros:
        path.write_text(macros, encoding="utf-8")
    else:
        path.unlink()
    for name in ("index.html", "department.html"):  # they import open_roles from it
        page = root / "templates" / name
        text = page.read_text(encoding="utf-8").replace('{% from "_macros.html" import open_roles %}', "")
        page.write_text(text.replace("open_roles(open_count)", "open_count"), encoding="utf-8")
    code, _, err = build(capsys)
    assert code == 1
    wanted = "no macro posting_row" if macros else "missing template _macros.html"
    assert re.search(rf"^templates/_macros\.html:1: error: {wanted}", err, re.MULTILINE), err
    assert "Traceback" not in err and "internal error" not in err
    assert not (root / "site").exists()


# -- folders the build refuses ---------------------------------------------------------------------


def test_out_content_is_refused_and_content_untouched(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(sample=True)
    before = snapshot(root / "content")
    code, out, err = build(capsys, "--out", "content")
    assert code == 2
    assert "content" in err and out == ""
    assert snapshot(root / "content") == before


def test_folder_without_manifest_is_refused(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project({"public/index.html": "<p>the old site</p>", "public/notes/todo.txt": "mine"}, sample=True)
    before = snapshot(root / "public")
    code, _, err = build(capsys, "--out", "public")
    assert code == 2
    assert MANIFEST in err or "not written by" in err
    assert snapshot(root / "public") == before


def test_folder_with_a_foreign_file_is_refused(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(sample=True)
    assert build(capsys)[0] == 0
    (root / "site" / "jobs" / "mine.html").write_text("hand-made", encoding="utf-8")
    age(root / "site")
    before = snapshot(root / "site")
    code, _, err = build(capsys)
    assert code == 2
    assert "jobs/mine.html" in err
    assert snapshot(root / "site") == before


def test_out_that_is_a_file_is_refused(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project({"notes.txt": "keep me"}, sample=True)
    code, _, err = build(capsys, "--out", "notes.txt")
    assert code == 2 and "notes.txt" in err
    assert (root / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_content_error_wins_over_a_refused_folder(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project({"content/jobs/bad.md": "---\ntitle: Bad\n---\n"}, sample=True)
    before = snapshot(root / "content")
    code, _, _ = build(capsys, "--out", "content")
    assert code == 1
    assert snapshot(root / "content") == before


def test_empty_folder_is_accepted(project: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = project(sample=True)
    (root / "empty").mkdir()
    assert build(capsys, "--out", "empty")[0] == 0
    assert (root / "empty" / "index.html").is_file()


# -- incremental publishing ------------------------------------------------------------------------


def test_rebuild_without_changes_writes_nothing(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(sample=True)
    assert build(capsys)[0] == 0
    age(root / "site")
    before = snapshot(root / "site")
    code, out, _ = build(capsys)
    assert code == 0
    assert re.search(r"\b0 written\b", out), out
    assert snapshot(root / "site") == before


def test_changing_one_posting_rewrites_only_changed_files(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(sample=True)
    assert build(capsys)[0] == 0
    old = contents(root / "site")
    age(root / "site")
    posting = root / "content" / "jobs" / "security-consultant.md"
    posting.write_text(
        posting.read_text(encoding="utf-8").replace("A three-month contract", "A four-month contract"),
        encoding="utf-8",
    )
    code, out, _ = build(capsys)
    assert code == 0
    new = contents(root / "site")
    changed = {path for path in new if old.get(path) != new[path]} - {MANIFEST}
    assert "jobs/security-consultant/index.html" in changed
    assert "index.html" not in changed  # the listing shows no body text
    assert touched(root / "site") - {MANIFEST} == changed
    assert re.search(rf"\b{len(changed)} written\b", out), (changed, out)


def test_removed_posting_is_deleted_with_its_folders(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(sample=True)
    assert build(capsys)[0] == 0
    assert (root / "site" / "departments" / "security" / "index.html").is_file()
    (root / "content" / "jobs" / "security-consultant.md").unlink()
    assert build(capsys)[0] == 0
    site = root / "site"
    assert not (site / "jobs" / "security-consultant").exists()
    assert not (site / "departments" / "security").exists()  # its only open role
    listed = set((site / MANIFEST).read_text(encoding="utf-8").splitlines())
    assert not any("security-consultant" in line or "departments/security" in line for line in listed)
    written = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} - {MANIFEST}
    assert written <= listed
    assert build(capsys)[0] == 0  # and the folder is still accepted as ours


def test_manifest_lists_relative_paths_and_no_times(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(sample=True)
    assert build(capsys)[0] == 0
    text = (root / "site" / MANIFEST).read_text(encoding="utf-8")
    entries = [line for line in text.splitlines() if line and not line.startswith("#")]
    files = {p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*") if p.is_file()}
    assert set(entries) == files - {MANIFEST}
    assert not any(line.startswith("/") or str(root) in line for line in entries)
    assert not re.search(r"\b20\d\d-\d\d-\d\d[T ]\d\d:\d\d", text)


# -- nothing outside --out ------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["build", "--today", TODAY], ["build", "--today", TODAY, "--no-cache"]])
def test_build_writes_nothing_outside_its_folders(
    tmp_path: Path,
    project: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    root = project(sample=True)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    before = snapshot(tmp_path, skip=("project/site", f"project/{CACHE}", "tmp"))
    assert main([*command, "--out", "site"]) == 0, capsys.readouterr().err
    assert snapshot(tmp_path, skip=("project/site", f"project/{CACHE}", "tmp")) == before
    assert (root / "site" / "index.html").is_file()
    assert list(temporary.iterdir()) == []  # the staging folder is cleaned up


def test_check_writes_nothing(
    tmp_path: Path,
    project: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = project(sample=True)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    before = snapshot(tmp_path)
    assert main(["check", "--today", TODAY]) == 0
    assert snapshot(tmp_path) == before
    assert not (root / "site").exists()


# -- the cache never changes the output ------------------------------------------------------------


EDITS: dict[str, tuple[str, str, str] | None] = {
    "nothing": None,
    "a body": ("content/jobs/senior-backend-engineer.md", "Mentor junior", "Coach junior"),
    "a title": (
        "content/jobs/product-designer.md",
        "title: Product Designer",
        "title: Senior Product Designer",
    ),
    "the organization": ("content/site.yaml", "name: PaySecure", "name: PayUnsure"),
    "the language": ("content/site.yaml", "language: en-IN", "language: en-US"),
    "a template": ("templates/job.html", "All open roles in", "Every open role in"),
    "a draft published": ("content/jobs/mobile-engineer.md", "draft: true", "draft: false"),
    "a removed posting": ("content/jobs/security-consultant.md", "", ""),
}
OPTIONS = {"another day": ["--today", "2027-02-01"], "drafts shown": ["--drafts"], "another base URL": [
    "--base-url", "https://example.com/careers/"
]}  # fmt: skip


def apply_edit(root: Path, edit: tuple[str, str, str] | None) -> None:
    """Replace a text in a file of the project, or remove the file when the text is empty."""
    if edit is None:
        return
    relative, old, new = edit
    path = root / relative
    if not old:
        path.unlink()
        return
    text = path.read_text(encoding="utf-8")
    assert old in text, edit
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("change", [*EDITS, *OPTIONS])
def test_cached_rebuild_equals_a_cold_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    for root in (warm, cold):
        shutil.copytree(REPO / "content", root / "content")
        shutil.copytree(REPO / "templates", root / "templates")
    apply_edit(cold, EDITS.get(change))
    monkeypatch.chdir(warm)
    assert main(["build", "--today", TODAY]) == 0
    apply_edit(warm, EDITS.get(change))
    extra = OPTIONS.get(change, [])
    today = [] if "--today" in extra else ["--today", TODAY]
    assert main(["build", *today, *extra]) == 0, capsys.readouterr().err
    monkeypatch.chdir(cold)
    assert main(["build", "--no-cache", *today, *extra]) == 0
    assert contents(warm / "site") == contents(cold / "site")
