"""Hostile text in every field and in the body: shown as text, never run, never a template."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from careersite.cli import main
from tests.conftest import REPO, TODAY, write_files

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(1)</script>",
    "javascript:alert(1)",
    "{{ 7*7 }}",
    "{% raw %}",
    "{% for x in range(3) %}loop{% endfor %}",
    "<svg onload=alert(1)>",
    "' onmouseover='alert(1)",
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    "<iframe src=https://evil.example></iframe>",
    "--><script>alert(1)</script><!--",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",  # full-width brackets
    "\u202eevil\u202c \u200bjava\u200bscript:alert(1)",  # right-to-left override, zero-width spaces
    "]]><script>alert(1)</script><![CDATA[",
    "<style>body{display:none}</style>",
    "<form action=https://evil.example><input name=card></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<base href=https://evil.example/>",
    "\\u003c/script\\u003e \\\" ' ` ${alert(1)}",
    "<!--<script>alert(1)//-->",
]
IDS = [f"{i:02d}" for i in range(len(PAYLOADS))]
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "srcset",
    "xlink:href",
}


def site_yaml(payload: str) -> str:
    """Return a site.yaml whose free text fields carry the payload."""
    return yaml.safe_dump(
        {
            "title": f"Careers {payload}",
            "base_url": "https://careers.example.com",
            "language": "en-IN",
            "currency": "INR",
            "timezone": "Asia/Kolkata",
            "tagline": f"Tagline {payload}",
            "organization": {"name": f"Org {payload}", "url": "https://www.example.com"},
        },
        allow_unicode=True,
    )


def posting(payload: str) -> str:
    """Return a posting whose every text field and body carry the payload."""
    matter = {
        "title": f"Role {payload}",
        "department": f"Dept {payload}",
        "summary": f"Summary {payload}",
        "id": f"REQ {payload}",
        "location": {
            "city": f"City {payload}",
            "region": f"Region {payload}",
            "street": f"Street {payload}",
            "country": "IN",
        },
        "employment_type": "full-time",
        "salary": "₹18 LPA",
        "experience": "2+ years",
        "date_posted": "2026-11-20",
        "valid_through": "2027-01-31",
        "apply": "https://example.com/apply" + ("#" + payload if not re.search(r"\s", payload) else ""),
    }
    body = (
        f"{payload}\n\nBody {payload} paragraph.\n\n## Heading {payload}\n\n- item {payload}\n\n"
        f"[a link]({payload}) and [js](javascript:alert(1)) and ![img](javascript:alert(1))\n\n"
        f"| col |\n| --- |\n| {payload} |\n"
    )
    return "---\n" + yaml.safe_dump(matter, allow_unicode=True, sort_keys=False) + "---\n\n" + body


def page(payload: str) -> str:
    """Return a free page whose title and body carry the payload."""
    matter = {"title": f"Page {payload}", "summary": f"About {payload}", "order": 1}
    return "---\n" + yaml.safe_dump(matter, allow_unicode=True) + f"---\n\nPage body {payload}\n"


class Elements(HTMLParser):
    """Every element's tag and attributes, script and style contents, and the page text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self.text_parts: list[str] = []
        self.raw_blocks: list[tuple[str, dict[str, str], str]] = []  # script/style with their text
        self._open: tuple[str, dict[str, str], list[str]] | None = None
        self._stack: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes, list(self._stack)))
        if tag in ("script", "style"):
            self._open = (tag, attributes, [])
        if tag not in ("meta", "link", "img", "input", "br", "hr", "source"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[0]:
            self.raw_blocks.append((tag, self._open[1], "".join(self._open[2])))
            self._open = None
        if tag in self._stack:
            while self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[2].append(data)
        else:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())


def normalized_url(value: str) -> str:
    """Return a URL as a browser compares its scheme: without controls, spaces and case."""
    return re.sub(r"[\x00-\x20\u200b\ufeff]+", "", value).lower()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Return a function that builds (once per payload) a site with the payload everywhere."""
    sites: dict[str, Path] = {}

    def build(payload: str) -> Path:
        if payload not in sites:
            root = tmp_path_factory.mktemp("hostile")
            write_files(
                root,
                {
                    "content/site.yaml": site_yaml(payload),
                    "content/jobs/role.md": posting(payload),
                    "content/pages/about.md": page(payload),
                },
            )
            args = ["--content", str(root / "content"), "--templates", str(REPO / "templates")]
            assert main(["build", *args, "--out", str(root / "site"), "--today", TODAY, "--no-cache"]) == 0
            sites[payload] = root / "site"
        return sites[payload]

    return build


@pytest.fixture(params=PAYLOADS, ids=IDS)
def hostile_site(request: pytest.FixtureRequest, built: Callable[[str], Path]) -> tuple[str, Path]:
    """Return a payload and the site built with it everywhere."""
    return request.param, built(request.param)


def html_pages(site: Path) -> list[tuple[str, Elements]]:
    pages = [
        (p.relative_to(site).as_posix(), Elements(p.read_text(encoding="utf-8")))
        for p in site.rglob("*.html")
    ]
    assert len(pages) >= 5
    return pages


def test_no_foreign_script_element(hostile_site: tuple[str, Path]) -> None:
    _, site = hostile_site
    for name, html in html_pages(site):
        for tag, attributes, _ in html.elements:
            if tag != "script":
                continue
            own_script = (
                attributes.get("src", "").endswith("assets/site.js")
                and "javascript:" not in attributes["src"]
            )
            json_ld = attributes.get("type") == "application/ld+json" and "src" not in attributes
            assert own_script or json_ld, (name, attributes)


def test_no_event_handler_attributes(hostile_site: tuple[str, Path]) -> None:
    _, site = hostile_site
    for name, html in html_pages(site):
        for tag, attributes, _ in html.elements:
            handlers = [attribute for attribute in attributes if attribute.lower().startswith("on")]
            assert not handlers, (name, tag, attributes)


def test_no_script_urls(hostile_site: tuple[str, Path]) -> None:
    _, site = hostile_site
    for name, html in html_pages(site):
        for tag, attributes, _ in html.elements:
            for attribute, value in attributes.items():
                if attribute in URL_ATTRIBUTES:
                    url = normalized_url(value)
                    assert not url.startswith(("javascript:", "vbscript:", "data:text/html")), (
                        name,
                        tag,
                        value,
                    )
            if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
                assert name.startswith("jobs/") and "javascript" not in normalized_url(attributes["content"])


def test_no_dangerous_elements_from_content(hostile_site: tuple[str, Path]) -> None:
    _, site = hostile_site
    for name, html in html_pages(site):
        for tag, attributes, ancestors in html.elements:
            assert tag not in ("iframe", "object", "embed", "base", "svg", "math", "mglyph"), (name, tag)
            if tag == "form":
                assert name == "index.html" and "filters" in attributes.get("class", ""), (name, attributes)
            if tag == "style":
                assert "body" not in ancestors, (name, "a <style> in the body")
            if tag == "input":
                assert "form" in ancestors and attributes.get("name") != "card", (name, attributes)
        for tag, _, block in html.raw_blocks:
            if tag == "style":
                assert "display:none}" not in block.replace(" ", "") or ".js-only" in block, name


def test_json_ld_parses_and_cannot_close_its_script(hostile_site: tuple[str, Path]) -> None:
    payload, site = hostile_site
    seen = 0
    for name, html in html_pages(site):
        for tag, attributes, block in html.raw_blocks:
            if tag == "script" and attributes.get("type") == "application/ld+json":
                seen += 1
                assert "</script" not in block.lower() and "<!--" not in block, name
                data = json.loads(block)
                if data.get("@type") == "JobPosting":
                    assert data["title"] == f"Role {payload}".strip()
                    assert data["hiringOrganization"]["name"] == f"Org {payload}".strip()
    assert seen >= 3


def test_payload_is_shown_as_written(hostile_site: tuple[str, Path]) -> None:
    payload, site = hostile_site
    posting = Elements((site / "jobs" / "role" / "index.html").read_text(encoding="utf-8"))
    wanted = " ".join(payload.split())
    (h1,) = [block for block in _texts_of(site / "jobs" / "role" / "index.html", "h1")]
    assert h1 == f"Role {wanted}"
    for label in ("Org", "City", "Region", "Dept"):
        assert f"{label} {wanted}" in posting.text, label
    index = Elements((site / "index.html").read_text(encoding="utf-8"))
    assert f"Tagline {wanted}" in index.text
    title = _texts_of(site / "index.html", "title")
    assert title == [f"Careers {wanted}"]


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "{{" in p or "{%" in p])
def test_template_syntax_is_never_evaluated(built: Callable[[str], Path], payload: str) -> None:
    site = built(payload)
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8")
            assert "Role 49" not in text and "Body 49" not in text and "looploop" not in text, path
    posting = Elements((site / "jobs" / "role" / "index.html").read_text(encoding="utf-8"))
    assert f"Body {payload} paragraph." in posting.text


def test_feeds_and_data_stay_well_formed(hostile_site: tuple[str, Path]) -> None:
    payload, site = hostile_site
    for name in ("feed.xml", "sitemap.xml"):
        ET.fromstring((site / name).read_bytes())
    feed = ET.fromstring((site / "feed.xml").read_bytes())
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert f"Role {payload}" in titles
    data = json.loads((site / "jobs.json").read_text(encoding="utf-8"))
    (job,) = data["postings"]
    assert job["title"] == f"Role {payload}"
    assert job["id"] == f"REQ {payload}"


def _texts_of(path: Path, wanted: str) -> list[str]:
    """Return the text of every <wanted> element of a page, whitespace collapsed."""

    class Collector(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.depth, self.found, self.current = 0, [], []

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag == wanted:
                self.depth += 1

        def handle_endtag(self, tag: str) -> None:
            if tag == wanted and self.depth:
                self.depth -= 1
                self.found.append(" ".join("".join(self.current).split()))
                self.current = []

        def handle_data(self, data: str) -> None:
            if self.depth:
                self.current.append(data)

    collector = Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector.found
