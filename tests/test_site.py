"""The built sample site as users and crawlers see it: every SPEC output, links, states, exit codes."""

from __future__ import annotations

import json
import os
import posixpath
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest

import careersite.feeds
from careersite.cli import main
from careersite.structured import JOBS_SCHEMA_PATH
from tests.conftest import REPO, SAMPLE_BASE_URL, SAMPLE_OPEN, TODAY

BASE_URL, OPEN = SAMPLE_BASE_URL, SAMPLE_OPEN
CLOSED, SCHEDULED, DRAFT, ALIAS = (
    "frontend-engineer",
    "compliance-manager",
    "mobile-engineer",
    "frontend-developer",
)
DEPARTMENTS = ("data", "design", "engineering", "security")  # Legal & Compliance has only a scheduled role
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "form": "action"}


class Html(HTMLParser):
    """The tags of a page with their attributes, and its text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text_parts: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def meta(self, name: str) -> str | None:
        """The content of <meta name=…> or <meta property=…>."""
        for tag, attrs in self.tags:
            if tag == "meta" and name in (attrs.get("name"), attrs.get("property"), attrs.get("http-equiv")):
                return attrs.get("content")
        return None

    @property
    def canonical(self) -> str | None:
        return next((a["href"] for t, a in self.tags if t == "link" and a.get("rel") == "canonical"), None)

    def links(self) -> list[str]:
        """Every href/src/action of links, stylesheets, images, scripts and forms."""
        return [attrs[key] for tag, attrs in self.tags if (key := LINK_ATTRIBUTES.get(tag)) and key in attrs]


def page(site: Path, relative: str) -> Html:
    return Html((site / relative).read_text(encoding="utf-8"))


def build(out: Path, *extra: str, content: Path = REPO / "content") -> int:
    """Run `build` on content with the repo's templates (no cache: it would land in the current folder)."""
    args = ["build", "--content", str(content), "--templates", str(REPO / "templates"), "--out", str(out)]
    return main([*args, "--today", TODAY, "--no-cache", *extra])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    assert build(out) == 0
    return out


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("preview") / "site"
    assert build(out, "--drafts") == 0
    return out


@pytest.fixture(scope="module")
def under_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("careers") / "site"
    assert build(out, "--base-url", "https://example.com/careers/") == 0
    return out


def resolve(site: Path, page_path: str, link: str) -> Path:
    """Return the file a relative link from a page points at."""
    target = urlsplit(link).path
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), target)) if target else page_path
    if target.endswith("/") or target in ("", ".", "./") or joined == ".":
        joined = posixpath.join(joined, "index.html") if target else joined
    assert not joined.startswith(".."), (page_path, link)
    return site / joined


# -- what is written -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "relative",
    [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "feed.xml",
        "jobs.json",
        "pages/life-at-paysecure/index.html",
        f"jobs/{CLOSED}/index.html",
        f"jobs/{ALIAS}/index.html",
        *(f"jobs/{slug}/index.html" for slug in OPEN),
        *(f"departments/{slug}/index.html" for slug in DEPARTMENTS),
        "assets/site.css",
        "assets/site.js",
        "assets/logo.svg",
    ],
)
def test_spec_output_is_written(site: Path, relative: str) -> None:
    assert (site / relative).is_file()
    assert (site / relative).stat().st_size > 0


def test_scheduled_and_draft_are_not_written(site: Path) -> None:
    assert not (site / "jobs" / SCHEDULED).exists()
    assert not (site / "jobs" / DRAFT).exists()
    assert not (site / "departments" / "legal-compliance").exists()
    everything = " ".join(
        p.read_text(encoding="utf-8")
        for p in site.rglob("*")
        if p.suffix not in (".svg", ".png") and p.is_file()
    )
    for slug in (SCHEDULED, DRAFT):
        assert slug not in everything
    assert "Mobile Engineer" not in everything and "Compliance Manager" not in everything


def test_listing_shows_each_open_posting_once_and_no_other(site: Path) -> None:
    index = page(site, "index.html")
    job_links = sorted(link for link in index.links() if link.startswith("jobs/"))
    assert job_links == sorted(f"jobs/{slug}/" for slug in OPEN)


@pytest.mark.parametrize("department", DEPARTMENTS)
def test_department_page_lists_its_open_postings(site: Path, department: str) -> None:
    links = [link for link in page(site, f"departments/{department}/index.html").links() if "jobs/" in link]
    listed = {resolve(site, f"departments/{department}/index.html", link).parent.name for link in links}
    jobs = json.loads((site / "jobs.json").read_text(encoding="utf-8"))["postings"]
    expected = {job["slug"] for job in jobs if department == re.sub(r"\W+", "-", job["department"].lower())}
    assert listed == expected and expected


def test_every_internal_link_resolves_to_a_file(site: Path) -> None:
    for path in site.rglob("*.html"):
        relative = path.relative_to(site).as_posix()
        if relative == "404.html":
            continue
        for link in Html(path.read_text(encoding="utf-8")).links():
            if urlsplit(link).scheme in ("https", "mailto") or link.startswith("#"):
                continue
            assert not link.startswith("/"), (relative, link)
            assert resolve(site, relative, link).is_file(), (relative, link)


# -- drafts as a preview ---------------------------------------------------------------------------


def test_preview_writes_the_draft_marked_and_noindex(preview: Path) -> None:
    draft = page(preview, f"jobs/{DRAFT}/index.html")
    assert draft.meta("robots") == "noindex"
    assert "Draft" in draft.text
    assert "JobPosting" not in (preview / f"jobs/{DRAFT}/index.html").read_text(encoding="utf-8")


def test_preview_lists_the_draft_marked_draft(preview: Path) -> None:
    index = (preview / "index.html").read_text(encoding="utf-8")
    assert f'href="jobs/{DRAFT}/"' in index
    item = index.split(f'href="jobs/{DRAFT}/"', 1)[1].split("</li>", 1)[0]
    assert "Draft" in item


def test_preview_keeps_the_draft_out_of_feeds(preview: Path) -> None:
    for name in ("feed.xml", "sitemap.xml", "jobs.json", "robots.txt"):
        assert DRAFT not in (preview / name).read_text(encoding="utf-8"), name


def test_preview_feeds_equal_the_published_ones(site: Path, preview: Path) -> None:
    for name in ("feed.xml", "sitemap.xml", "jobs.json"):
        assert (site / name).read_bytes() == (preview / name).read_bytes(), name


# -- sitemap, robots, feed, jobs.json ----------------------------------------------------------------


def test_sitemap_lists_only_open_indexable_urls(site: Path) -> None:
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    locations = [url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")]
    assert len(locations) == len(set(locations))
    expected = {
        BASE_URL,
        *(f"{BASE_URL}jobs/{slug}/" for slug in OPEN),
        *(f"{BASE_URL}departments/{slug}/" for slug in DEPARTMENTS),
        f"{BASE_URL}pages/life-at-paysecure/",
    }
    assert set(locations) == expected
    for location in locations:
        relative = location.removeprefix(BASE_URL) + "index.html"
        written = page(site, relative)
        assert written.meta("robots") is None, location
        assert written.canonical == location


@pytest.mark.parametrize("today", [TODAY, "2030-01-01"])  # 2030: every posting has closed
def test_sitemap_lists_every_indexable_page(tmp_path: Path, today: str) -> None:
    out = tmp_path / "site"
    assert build(out, "--today", today) == 0
    root = ET.fromstring((out / "sitemap.xml").read_bytes())
    listed = {url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")}
    indexable = set()
    for path in out.rglob("*.html"):
        html = Html(path.read_text(encoding="utf-8"))
        if html.meta("robots") is None and html.canonical and not html.meta("refresh"):
            indexable.add(html.canonical)
    assert BASE_URL in indexable
    assert listed == indexable


def test_sitemap_lastmod_comes_from_content_dates(site: Path) -> None:
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    lastmod = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root}
    assert lastmod[f"{BASE_URL}jobs/product-designer/"] == "2026-11-18"  # `updated`
    assert lastmod[f"{BASE_URL}jobs/senior-backend-engineer/"] == "2026-11-20"  # `date_posted`
    assert lastmod[f"{BASE_URL}departments/engineering/"] == "2026-11-20"
    assert lastmod[BASE_URL] == "2026-11-20"
    content_dates = {"2026-11-01", "2026-11-05", "2026-11-10", "2026-11-15", "2026-11-18", "2026-11-20"}
    assert lastmod[f"{BASE_URL}pages/life-at-paysecure/"] is None  # a free page has no date: none invented
    assert {value for value in lastmod.values() if value is not None} <= content_dates


def test_robots_allows_all_and_names_the_sitemap(site: Path) -> None:
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert not any(line.strip() == "Disallow: /" for line in lines)
    assert f"Sitemap: {BASE_URL}sitemap.xml" in lines


def test_feed_is_atom_of_open_postings_newest_first(site: Path) -> None:
    root = ET.fromstring((site / "feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert sorted(links) == sorted(f"{BASE_URL}jobs/{slug}/" for slug in OPEN)
    published = [entry.findtext(f"{ATOM}published") for entry in entries]
    assert published == sorted(published, reverse=True)
    assert links[0] == f"{BASE_URL}jobs/senior-backend-engineer/"
    for entry in entries:
        assert (
            entry.findtext(f"{ATOM}id")
            and entry.findtext(f"{ATOM}title")
            and entry.findtext(f"{ATOM}updated")
        )
    assert root.findtext(f"{ATOM}updated").startswith("2026-11-20")


def test_jobs_json_is_valid_against_its_schema(site: Path) -> None:
    data = json.loads((site / "jobs.json").read_text(encoding="utf-8"))
    schema = json.loads(JOBS_SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert sorted(job["slug"] for job in data["postings"]) == sorted(OPEN)
    sre = next(job for job in data["postings"] if job["slug"] == "site-reliability-engineer")
    assert sre["id"] == "ENG-2026-114" and sre["url"] == f"{BASE_URL}jobs/site-reliability-engineer/"
    assert sre["salary"] == {"currency": "INR", "min": 2800000, "max": 4200000, "period": "year"}
    assert sre["workplace"] == "remote" and sre["applicant_locations"] == ["IN"]


def test_jobs_json_schema_rejects_a_salary_as_text(site: Path) -> None:
    data = json.loads((site / "jobs.json").read_text(encoding="utf-8"))
    data["postings"][0]["salary"]["min"] = "3500000"
    schema = json.loads(JOBS_SCHEMA_PATH.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


# -- alias redirects and closed postings -----------------------------------------------------------


def test_alias_redirects_to_the_posting(site: Path) -> None:
    redirect = page(site, f"jobs/{ALIAS}/index.html")
    assert redirect.canonical == f"{BASE_URL}jobs/{CLOSED}/"
    refresh = redirect.meta("refresh")
    match = re.fullmatch(r"0;\s*url=(.+)", refresh or "")
    assert match, refresh
    assert resolve(site, f"jobs/{ALIAS}/index.html", match[1]) == site / "jobs" / CLOSED / "index.html"


def test_closed_posting_keeps_its_facts_under_a_notice(site: Path) -> None:
    closed = page(site, f"jobs/{CLOSED}/index.html")
    assert closed.meta("robots") == "noindex"
    assert "This position is closed" in closed.text
    assert "Frontend Engineer" in closed.text and "Build the checkout pages" in closed.text
    assert "₹18,00,000" in closed.text
    assert closed.canonical == f"{BASE_URL}jobs/{CLOSED}/"


def test_closed_posting_has_no_apply_link(site: Path) -> None:
    closed = page(site, f"jobs/{CLOSED}/index.html")
    assert not any("paysecure.example/apply" in link for link in closed.links())
    assert "Apply for" not in closed.text


def test_closed_posting_links_to_open_jobs_and_its_department(site: Path) -> None:
    relative = f"jobs/{CLOSED}/index.html"
    targets = {resolve(site, relative, link) for link in page(site, relative).links() if "://" not in link}
    assert site / "index.html" in targets
    department_links = [
        link for link in page(site, relative).links() if "department" in link and "engineering" in link
    ]
    assert department_links
    for link in department_links:
        assert resolve(site, relative, link).is_file()


def test_open_posting_has_an_apply_button_and_meta(site: Path) -> None:
    posting = page(site, "jobs/senior-backend-engineer/index.html")
    assert "https://paysecure.example/apply/senior-backend-engineer" in posting.links()
    assert posting.meta("robots") is None
    assert posting.meta("description")
    assert posting.meta("og:url") == f"{BASE_URL}jobs/senior-backend-engineer/"
    assert posting.meta("og:title") == "Senior Backend Engineer - Fintech"
    assert posting.meta("twitter:card")
    assert [tag for tag, _ in posting.tags].count("h1") == 1


def test_email_apply_is_a_mailto_link(site: Path) -> None:
    assert "mailto:careers@paysecure.example" in page(site, "jobs/data-science-intern/index.html").links()


# -- base_url under a path -------------------------------------------------------------------------


def test_canonical_urls_live_under_the_path(under_path: Path) -> None:
    for path in under_path.rglob("*.html"):
        html = Html(path.read_text(encoding="utf-8"))
        for url in (html.canonical, html.meta("og:url")):
            if url is not None:
                assert url.startswith("https://example.com/careers/"), (path, url)
    posting = page(under_path, "jobs/senior-backend-engineer/index.html")
    assert posting.canonical == "https://example.com/careers/jobs/senior-backend-engineer/"
    assert "Sitemap: https://example.com/careers/sitemap.xml" in (under_path / "robots.txt").read_text()


def test_internal_links_stay_relative_under_a_path(under_path: Path) -> None:
    for path in under_path.rglob("*.html"):
        if path.name == "404.html":
            continue
        for link in Html(path.read_text(encoding="utf-8")).links():
            assert not link.startswith("/"), (path, link)
            assert "example.com/careers" not in link or link.startswith("https://"), (path, link)


def test_not_found_page_links_are_root_relative_to_the_path(under_path: Path) -> None:
    links = page(under_path, "404.html").links()
    internal = [link for link in links if "://" not in link and not link.startswith("#")]
    assert internal
    for link in internal:
        assert link.startswith("/careers/"), link
        target = link.removeprefix("/careers/").split("?")[0]
        assert (
            under_path / (target + "index.html" if target.endswith("/") or not target else target)
        ).is_file()


@pytest.mark.parametrize("base_url", ["https://example.com/careers", "https://example.com/careers/"])
def test_no_absolute_url_has_a_doubled_slash(tmp_path: Path, base_url: str) -> None:
    assert build(tmp_path / "site", "--base-url", base_url) == 0
    for path in (tmp_path / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt"):
            for url in re.findall(r"https?://[^\s\"'<>)]+", path.read_text(encoding="utf-8")):
                assert "//" not in url.split("://", 1)[1], (path, url)


def test_trailing_slash_does_not_change_the_site(tmp_path: Path) -> None:
    assert build(tmp_path / "a", "--base-url", "https://example.com/careers") == 0
    assert build(tmp_path / "b", "--base-url", "https://example.com/careers/") == 0
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    for relative in files:
        assert (tmp_path / "a" / relative).read_bytes() == (tmp_path / "b" / relative).read_bytes(), relative


# -- static files, locales -------------------------------------------------------------------------


def test_static_files_are_copied_as_is(project: Callable[..., Path]) -> None:
    static = {
        "content/static/CNAME": "careers.paysecure.example\n",
        "content/static/.well-known/security.txt": "Contact: mailto:security@paysecure.example\n",
        "content/static/.nojekyll": "",
        "content/static/favicon.ico": b"\x00\x00\x01\x00\xff\xfe",
    }
    root = project(static, sample=True)
    assert main(["build", "--today", TODAY]) == 0
    for relative, data in static.items():
        copied = root / "site" / relative.removeprefix("content/static/")
        expected = data if isinstance(data, bytes) else data.encode()
        assert copied.read_bytes() == expected, relative


def test_static_file_may_not_replace_a_page(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project({"content/static/index.html": "<p>mine</p>"}, sample=True)
    assert main(["build", "--today", TODAY]) == 1
    assert re.search(r"^content/static/index\.html:\d+: error: ", capsys.readouterr().err, re.MULTILINE)
    assert not (root / "site").exists()


US_SITE = """\
title: Careers at Example
base_url: https://jobs.example.com
language: en-US
currency: USD
timezone: America/New_York
organization:
  name: Example Inc.
  url: https://www.example.com
"""
US_POSTING = """\
---
title: Staff Engineer
location: Austin, TX, USA
salary: $120k\u2013$150k/yr  # an en dash, as people type it
date_posted: 2026-11-20
valid_through: 2027-01-31
apply: https://www.example.com/apply
---

Build things.
"""


def test_en_us_site_formats_dollars(project: Callable[..., Path]) -> None:
    root = project({"content/site.yaml": US_SITE, "content/jobs/staff-engineer.md": US_POSTING})
    assert main(["build", "--today", TODAY]) == 0
    posting = page(root / "site", "jobs/staff-engineer/index.html")
    assert "$120,000" in posting.text and "$150,000" in posting.text
    assert "₹" not in posting.text and "1,20,000" not in posting.text
    assert "Austin" in posting.text
    assert '<html lang="en-US">' in (root / "site" / "index.html").read_text(encoding="utf-8")


# -- the command's lines and exit codes ------------------------------------------------------------


def test_build_prints_one_summary_line(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project(sample=True)
    assert main(["build", "--today", TODAY]) == 0
    out, err = capsys.readouterr()
    (line,) = out.splitlines()
    for count in ("5 open", "1 closed", "1 scheduled", "1 draft"):
        assert count in line
    files = len([p for p in Path("site").rglob("*") if p.is_file() and p.name != ".careersite-manifest"])
    assert re.search(rf"\b{files} files\b", line), (files, line)
    assert re.search(rf"\b{files} written\b", line), line
    assert re.search(r"\d+(\.\d+)? ?s\b", line)
    assert "error" not in err


def test_second_build_reports_nothing_written(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project(sample=True)
    assert main(["build", "--today", TODAY]) == 0
    capsys.readouterr()
    assert main(["build", "--today", TODAY]) == 0
    assert re.search(r"\b0 written\b", capsys.readouterr().out)


def test_content_error_exits_1_and_writes_nothing(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(
        {"content/jobs/broken.md": "---\ntitle: Broken\ndate_posted: 2026-11-20\n---\nBody.\n"}, sample=True
    )
    assert main(["build", "--today", TODAY]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert re.search(r"^content/jobs/broken\.md:\d+: error: .*apply", err, re.MULTILINE)
    assert "Traceback" not in err
    assert not (root / "site").exists()


def test_check_passes_on_the_sample(project: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = project(sample=True)
    assert main(["check", "--today", TODAY]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert not (root / "site").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "--today", "notadate"],
        ["check", "--today", "2026-13-01"],
        ["build", "--no-such-option"],
        ["frobnicate", "--today", TODAY],
    ],
)
def test_wrong_usage_exits_2(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    root = project(sample=True)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()
    assert not (root / "site").exists()


def test_bad_today_names_the_value(project: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    project(sample=True)
    assert main(["build", "--today", "notadate"]) == 2
    assert "notadate" in capsys.readouterr().err


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("simulated bug")


def test_internal_error_is_one_line_and_exit_70(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(sample=True)
    monkeypatch.setattr(careersite.feeds, "robots_txt", _boom)  # a bug mid-render
    assert main(["build", "--today", TODAY]) == 70
    err = capsys.readouterr().err
    (line,) = err.splitlines()
    assert line.startswith("internal error: ") and "simulated bug" in line
    assert "--traceback" in line
    assert "Traceback" not in err
    assert not (root / "site").exists()


def test_traceback_option_shows_the_traceback(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project(sample=True)
    monkeypatch.setattr(careersite.feeds, "robots_txt", _boom)  # a bug mid-render
    assert main(["build", "--today", TODAY, "--traceback"]) == 70
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert "RuntimeError: simulated bug" in err


def test_a_reader_that_leaves_early_does_not_make_the_build_fail(project: Callable[..., Path]) -> None:
    """`python build.py | head -1` and the like: the pipe closes before the summary is printed."""
    root = project(sample=True)
    reader, writer = os.pipe()
    os.close(reader)  # the reader has gone before the build prints anything
    try:
        done = subprocess.run(
            [sys.executable, str(REPO / "build.py"), "--today", TODAY], cwd=root, stdout=writer,
            stderr=subprocess.PIPE, text=True, check=False,
        )  # fmt: skip
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (0, "")
    assert (root / "site/index.html").is_file()
