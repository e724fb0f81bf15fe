"""The theme speaks the site's language: every text from a catalog, each shipped language complete.

SPEC "Using careersite in another company's repository": en, de, fr, es, pt and hi at least;
a language without a catalog falls back to English with one warning; `strings:` overrides a
single text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from careersite.cli import main
from tests.browser_support import VNU_JAR, vnu_problems
from tests.conftest import REPO, TODAY, require_tool

LOCALE = REPO / "templates" / "locale"
SHIPPED = ("de", "fr", "es", "pt", "hi")
# What a candidate sees on the listing and a posting that must never stay English.
ENGLISH = (
    "Skip to content", "Open roles", "Search roles", "All departments", "All locations", "Workplace",
    "Employment type", "Clear filters", "Department", "Location", "Salary", "Posted",
    "Apply by", "Copy link", "Full-time", "On-site", "a year", "a month", "open roles",
    "Apply for", "Filters", "Job facts",
)  # fmt: skip


def catalog(language: str):  # babel's Catalog
    with (LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as stream:
        return read_po(stream)


def test_the_template_lists_every_text_the_theme_shows(tmp_path: Path) -> None:
    """messages.pot is what pybabel extracts from the templates and careersite today."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "N_",
         "-k", "ngettext:1,2", "--no-location", "--omit-header", "--sort-output", "-o", str(fresh),
         "."],
        cwd=REPO, check=True, capture_output=True,
    )  # fmt: skip
    with fresh.open("rb") as stream:
        extracted = {message.id for message in read_po(stream) if message.id}
    with (LOCALE / "messages.pot").open("rb") as stream:
        shipped = {message.id for message in read_po(stream) if message.id}
    assert extracted, "the extraction found the theme's texts"
    assert extracted == shipped, f"run the extract command of docs/templates.md: {extracted ^ shipped}"


@pytest.mark.parametrize("language", SHIPPED)
def test_every_text_is_translated_in_every_shipped_catalog(language: str) -> None:
    with (LOCALE / "messages.pot").open("rb") as stream:
        wanted = {message.id for message in read_po(stream) if message.id}
    translations = catalog(language)
    found = {message.id for message in translations if message.id}
    assert wanted <= found, f"missing in {language}: {wanted - found}"
    for message in translations:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{language}: {message.id!r} is not translated"
        assert not message.fuzzy, f"{language}: {message.id!r} is fuzzy"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted_fields = set(re.findall(r"%\(\w+\)[sd]|\{\w+\}", ids[-1]))
        for text in strings:
            fields = set(re.findall(r"%\(\w+\)[sd]|\{\w+\}", text))
            if len(ids) == 2:  # a plural form may leave the count unsaid ("Le seul poste")
                fields |= {"%(num)d"} & wanted_fields
            assert fields == wanted_fields, f"{language}: {message.id!r} -> {text!r}"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")
        for name, value in attrs:
            if name in ("aria-label", "placeholder", "alt", "title") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(page: Path) -> str:
    """The text a reader sees on a page, but a posting's own body (its content, not the theme's)."""
    html = page.read_text(encoding="utf-8")
    html = re.sub(r'(?s)<div class="prose posting-body">.*?(?=<div class="apply-end">|</article>)', "", html)
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def sample_in(root: Path, language: str) -> Path:
    shutil.copytree(REPO / "content", root / "content")
    site_yaml = root / "content" / "site.yaml"
    text = re.sub(r"(?m)^language: .*$", f"language: {language}", site_yaml.read_text(encoding="utf-8"))
    site_yaml.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("language", SHIPPED)
def test_each_language_builds_the_sample_without_english_buttons_or_headings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    monkeypatch.chdir(sample_in(tmp_path, language))
    assert main(["build", "--today", TODAY]) == 0
    for page in ("index.html", "jobs/senior-backend-engineer/index.html", "jobs/frontend-engineer/index.html",
                 "departments/engineering/index.html", "404.html"):  # fmt: skip
        text = visible_text(tmp_path / "site" / page)
        left = [
            english for english in ENGLISH if re.search(rf"(?<![\w-]){re.escape(english)}(?![\w-])", text)
        ]
        assert not left, f"{language} {page}: English left: {left}"
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        for tag in ("<dt>Experience</dt>", ">Careers</a></li>"):  # words the sample's own texts use too
            assert tag not in html, f"{language} {page}: {tag}"
    assert f'<html lang="{language}">' in (tmp_path / "site/index.html").read_text(encoding="utf-8")


def test_german_reads_as_german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sample_in(tmp_path, "de-DE"))
    assert main(["build", "--today", TODAY]) == 0
    listing = visible_text(tmp_path / "site/index.html")
    assert "5 offene Stellen" in listing and "Alle 5 Stellen werden angezeigt" in listing
    posting = visible_text(tmp_path / "site/jobs/senior-backend-engineer/index.html")
    assert "3.500.000 ₹ – 5.500.000 ₹ pro Jahr" in posting
    assert "Jetzt bewerben: Senior Backend Engineer - Fintech" in posting
    department = visible_text(tmp_path / "site/departments/data/index.html")
    assert "1 offene Stelle bei PaySecure" in department  # the singular


def test_every_shipped_language_passes_the_validator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    java = require_tool(shutil.which("java"), "Java (for the Nu validator)")
    require_tool(str(VNU_JAR), "the Nu validator (npm ci: vnu-jar)")
    files = []
    for language in SHIPPED:
        root = sample_in(tmp_path / language, language)
        monkeypatch.chdir(root)
        assert main(["build", "--today", TODAY]) == 0
        files += sorted((root / "site").rglob("*.html"))
    assert not vnu_problems(java, files)


def test_a_language_without_a_catalog_is_english_with_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(sample_in(tmp_path, "sv-SE"))
    assert main(["build", "--today", TODAY]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "no texts in `sv-SE`" in line]
    assert len(warnings) == 1 and warnings[0].startswith("content/site.yaml:4: warning: "), warnings
    assert "Open roles" in visible_text(tmp_path / "site/index.html")


def test_english_variants_need_no_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    monkeypatch.chdir(sample_in(tmp_path, "en-GB"))
    assert main(["build", "--today", TODAY]) == 0
    assert "warning" not in capsys.readouterr().err


def _with_strings(root: Path, strings: str) -> None:
    site_yaml = root / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + strings, encoding="utf-8")


def test_strings_override_single_texts(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    _with_strings(root, 'strings:\n  "Copy link": "Share this role"\n  "a year": "per annum"\n')
    assert main(["build", "--today", TODAY]) == 0
    posting = visible_text(root / "site/jobs/senior-backend-engineer/index.html")
    assert "Share this role" in posting and "Copy link" not in posting
    assert "₹35,00,000 – ₹55,00,000 per annum" in posting


def test_an_unknown_string_is_an_error_with_a_suggestion(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(sample=True)
    _with_strings(root, 'strings:\n  "Copy lnk": "Share this role"\n')
    line = len((root / "content/site.yaml").read_text(encoding="utf-8").splitlines())
    assert main(["check", "--today", TODAY]) == 1
    message = "error: `strings`: the theme shows no text `Copy lnk`; did you mean `Copy link`?"
    assert f"content/site.yaml:{line}: {message}" in capsys.readouterr().err
