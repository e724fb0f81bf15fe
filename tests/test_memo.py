"""The memo's keys cover the code and the libraries, and the cache keeps a slot per kind of build.

SPEC "Incremental builds (clarified)": a cached build is byte-identical to a cold one whatever
changed, careersite's own code and the libraries' versions included; another output folder or
other options (as `serve` uses) do not throw away what the cache knows of the first.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from careersite import cache, keys
from careersite.cache import CACHE_DIR
from careersite.pipeline import BuildOptions, BuildResult, build_site
from tests.conftest import REPO, TODAY, share_images, tree

SERVE_URL = "http://127.0.0.1:8000/"


def build(out: str = "site", use_cache: bool = True, **options: object) -> BuildResult:
    result = build_site(
        BuildOptions(out_dir=Path(out), today=dt.date.fromisoformat(TODAY), use_cache=use_cache, **options)
    )
    assert result.ok, [str(d) for d in result.diagnostics.items] + [result.refused]
    return result


@pytest.fixture(autouse=True)
def fresh_code_key() -> Iterator[None]:
    """Each test computes the code key from what it sees (some patch its inputs)."""
    keys.code_key.cache_clear()
    yield
    keys.code_key.cache_clear()


def test_the_code_key_reads_every_source_file_and_the_libraries_versions() -> None:
    inputs = keys.code_inputs()
    for name in ("pipeline.py", "outputs.py", "render.py", "keys.py", "jobs.schema.json"):
        assert name in inputs
    import jinja2
    import markdown
    import nh3

    assert f"Jinja2=={jinja2.__version__}" in inputs
    assert f"Markdown=={markdown.__version__}" in inputs
    assert f"nh3=={nh3.__version__}" in inputs
    assert any(re.fullmatch(r"Babel==\d+\.\d+.*", str(part)) for part in inputs)
    assert any(re.fullmatch(r"PyYAML==\d+\.\d+.*", str(part)) for part in inputs)


@pytest.mark.parametrize("library", ["Markdown", "nh3", "Babel", "Jinja2", "PyYAML", "Pillow"])
def test_a_new_library_version_renders_everything_and_matches_a_cold_build(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, library: str
) -> None:
    root = project(sample=True)
    build()
    versions = keys.library_versions()
    monkeypatch.setattr(keys, "library_versions", lambda: {**versions, library: versions[library] + ".post1"})
    keys.code_key.cache_clear()
    result = build()
    assert result.files_rendered == result.files_total  # nothing the old library rendered is kept
    build(out=str(root.parent / "cold"), use_cache=False)
    assert tree(root / "site") == tree(root.parent / "cold")
    assert build().files_rendered == 0  # and the new key is remembered


def test_a_changed_source_file_renders_everything(project: Callable[..., Path], tmp_path: Path) -> None:
    """As a developer would: edit a module of careersite, build again (in a fresh process)."""
    root = project(sample=True)
    package = tmp_path / "code"
    shutil.copytree(REPO / "careersite", package / "careersite", ignore=shutil.ignore_patterns("__pycache__"))
    environment = {**os.environ, "PYTHONPATH": str(package)}

    def run() -> str:
        script = "import careersite, careersite.cli; print(careersite.__file__); careersite.cli.main()"
        command = [sys.executable, "-c", script, "build", "--today", TODAY]
        done = subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True, check=True)
        where, summary = done.stdout.splitlines()
        assert Path(where).is_relative_to(package)  # the copy, not the installed package
        return summary

    first = run()
    assert re.search(r"built (\d+) files \(\1 rendered", first), first
    assert "(0 rendered, 0 written)" in run()
    before = tree(root / "site")
    with (package / "careersite" / "pages.py").open("a", encoding="utf-8") as source:
        source.write("\n# a comment: the bytes of the code changed, not what it does\n")
    again = run()
    assert re.search(r"built (\d+) files \(\1 rendered, 0 written", again), again
    after = tree(root / "site")
    assert after.pop(".careersite-manifest") != before.pop(".careersite-manifest")  # names the new build
    assert after == before


def test_serve_then_build_renders_only_what_changed(project: Callable[..., Path], tmp_path: Path) -> None:
    root = project(sample=True)
    build()
    preview = tmp_path / "serve" / "site"  # serve builds into the temporary folder with its own URL
    assert build(out=str(preview), base_url=SERVE_URL).files_rendered > 0
    assert build(out=str(preview), base_url=SERVE_URL).files_rendered == 0
    result = build()
    assert (result.files_rendered, result.files_written) == (0, 0)
    drafts = build(out="preview", drafts=True)
    assert drafts.files_rendered == drafts.files_total - share_images(root / "preview")
    assert build().files_rendered == 0
    assert build(out="preview", drafts=True).files_rendered == 0
    assert len(list((root / CACHE_DIR).glob("index-*.pickle"))) == 3


def test_an_edit_after_switching_folders_renders_only_that_posting(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    build()
    build(out="other", base_url=SERVE_URL)
    posting = root / "content/jobs/senior-backend-engineer.md"
    posting.write_text(posting.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    assert build().files_rendered == 1  # its own page: the listing shows no body
    assert build(out="other", base_url=SERVE_URL).files_rendered == 1
    build(out="cold", use_cache=False)
    assert tree(root / "site") == tree(root / "cold")


def test_the_cache_keeps_a_bounded_number_of_slots_and_lets_gone_folders_go_first(
    project: Callable[..., Path], tmp_path: Path
) -> None:
    root = project(sample=True)
    build()
    for number in range(cache.SLOTS + 1):
        out = tmp_path / f"serve-{number}"
        build(out=str(out / "site"), base_url=f"http://127.0.0.1:{8000 + number}/")
        shutil.rmtree(out)  # a serve session ends: its folder is gone
    assert len(list((root / CACHE_DIR).glob("index-*.pickle"))) == cache.SLOTS
    slots = {path.name.split("-")[1] for path in (root / CACHE_DIR).glob("cards-*.bin")}
    assert len(slots) <= cache.SLOTS
    assert build().files_rendered == 0  # site/'s slot outlived the sessions that came after it
    for number in range(cache.SLOTS + 1):  # folders that still exist: the least recent goes
        build(out=f"kept-{number}", base_url=f"http://127.0.0.1:{9000 + number}/")
    assert len(list((root / CACHE_DIR).glob("index-*.pickle"))) == cache.SLOTS
    result = build()
    assert result.files_rendered == result.files_total - share_images(root / "site")


def test_compiled_templates_are_kept_per_code_key(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(sample=True)
    build()
    (first,) = (root / CACHE_DIR).glob("templates-*")
    versions = keys.library_versions()
    monkeypatch.setattr(keys, "library_versions", lambda: {**versions, "Jinja2": "99.0"})
    keys.code_key.cache_clear()
    build()
    (second,) = (root / CACHE_DIR).glob("templates-*")
    assert second != first and any(second.iterdir())
