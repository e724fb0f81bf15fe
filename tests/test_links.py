"""Link checker: every internal href/src of the built site answers 200 and every #anchor exists.

The site is crawled over HTTP twice: built for the sample's base_url and served at the root, and built
for http://127.0.0.1:PORT/careers/ and served only under /careers/ (as a static host would serve a
sub-path). External links (apply URLs, the organization's site) are collected, never fetched.
"""

from __future__ import annotations

import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import yaml

from tests.browser_support import build_sample, serve

# (tag, attribute) pairs the checker follows; meta refresh is handled on its own.
FOLLOWED = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")}
NAMESPACES = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "atom": "http://www.w3.org/2005/Atom"}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, rel, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        for followed_tag, attribute in FOLLOWED:
            if tag == followed_tag and attribute in values:
                self.links.append((tag, values.get("rel", ""), values[attribute]))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            _, _, target = values.get("content", "").partition("url=")
            self.links.append(("meta", "refresh", target.strip()))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        """Report a redirect as the response it is: a link should point at the page itself."""
        return None


@dataclass
class Crawl:
    """What a crawl saw: statuses by URL, ids by page, anchors to check, external and problem links."""

    local: str  # the URL the site is served at
    base_url: str  # the base_url the site was built for
    status: dict[str, int] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)
    anchors: set[tuple[str, str, str]] = field(default_factory=set)  # (from page, target page, id)
    external: set[str] = field(default_factory=set)
    linked_from: dict[str, str] = field(default_factory=dict)  # the first page that linked each URL
    problems: list[str] = field(default_factory=list)

    def to_local(self, url: str) -> str | None:
        """Map a URL under base_url or the local server to the local server; None for external URLs."""
        for prefix in (self.base_url, self.local):
            if url == prefix.rstrip("/") or url.startswith(prefix):
                return self.local + url[len(prefix) :].lstrip("/")
        origin = urlsplit(self.local)
        # Same server, outside the site's path: fetch it anyway, so the 404 shows as a broken link.
        return url if urlsplit(url)[:2] == origin[:2] else None

    def visit(self, start: list[str]) -> None:
        """Fetch every URL reachable from start (breadth first) and record what each returned."""
        opener = urllib.request.build_opener(_NoRedirects)
        queue = [url for url in start]
        while queue:
            url = queue.pop(0)
            if url in self.status:
                continue
            try:
                with opener.open(url, timeout=10) as response:
                    self.status[url] = response.status
                    body = response.read()
                    kind = response.headers.get_content_type()
            except urllib.error.HTTPError as error:
                self.status[url] = error.code
                body = error.read()
                kind = error.headers.get_content_type()
                error.close()
            if kind == "text/html":
                queue.extend(self._read_page(url, body.decode("utf-8")))

    def _read_page(self, page: str, html: str) -> list[str]:
        parser = _PageParser()
        parser.feed(html)
        parser.close()
        self.ids[page] = parser.ids
        found = []
        for tag, rel, raw in parser.links:
            absolute = urljoin(page, raw)
            if urlsplit(absolute).scheme not in ("http", "https"):
                self.external.add(absolute)  # mailto:, tel:
                continue
            target, fragment = urldefrag(absolute)
            local = self.to_local(target)
            if local is None:
                self.external.add(absolute)
                continue
            if tag in ("a", "img", "script") and urlsplit(raw).scheme:
                self.problems.append(f"{page}: <{tag}> uses an absolute URL for a page of the site: {raw}")
            if tag == "link" and rel not in ("canonical", "alternate", "stylesheet", "icon", "preload"):
                self.problems.append(f"{page}: <link rel={rel!r}> to {raw}")
            if fragment:
                self.anchors.add((page, local.split("?")[0], fragment))
            self.linked_from.setdefault(local, page)
            found.append(local)
        return found

    def failures(self, not_found_page: str) -> list[str]:
        """Return every link that did not answer 200 and every #anchor missing from its page."""
        bad = [
            f"{url}: HTTP {code} (linked from {self.linked_from.get(url, 'the start list')})"
            for url, code in sorted(self.status.items())
            if code != 200 and url != not_found_page
        ]
        for page, target, fragment in sorted(self.anchors):
            if fragment not in self.ids.get(target, set()):
                bad.append(f"{page}: #{fragment} is not an id in {target}")
        return self.problems + bad


def _start_urls(site: Path, crawl: Crawl, not_found_page: str) -> list[str]:
    """Index first, then a deep missing URL (404.html must work at any depth), sitemap, feed, every page."""
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    feed = ET.parse(site / "feed.xml").getroot()
    listed = [loc.text or "" for loc in sitemap.iterfind("sm:url/sm:loc", NAMESPACES)]
    listed += [link.get("href", "") for link in feed.iterfind("atom:entry/atom:link", NAMESPACES)]
    mapped = [crawl.to_local(url) for url in listed]
    assert None not in mapped, f"sitemap or feed URL outside base_url {crawl.base_url}: {listed}"
    on_disk = [
        crawl.local + path.relative_to(site).as_posix().removesuffix("index.html")
        for path in sorted(site.rglob("*.html"))
        if path.name != "404.html"
    ]
    return [crawl.local, not_found_page, *[url for url in mapped if url], *on_disk]


def check_links(site: Path, local: str, base_url: str) -> Crawl:
    crawl = Crawl(local=local, base_url=base_url)
    not_found_page = local + "no/such/deep/page/"
    crawl.visit(_start_urls(site, crawl, not_found_page))
    assert crawl.status[not_found_page] == 404
    assert "main-content" in crawl.ids[not_found_page], "404.html is served for a missing page"
    failures = crawl.failures(not_found_page)
    print(
        f"{local}: {len(crawl.status)} URLs fetched, {len(crawl.anchors)} anchors, "
        f"{len(crawl.external)} external links collected (not fetched)"
    )
    assert not failures, "\n".join(failures)
    return crawl


def _expectations(crawl: Crawl, organization_url: str) -> None:
    """The crawl saw the pages, assets and external links a careers site must have."""
    fetched = set(crawl.status)
    for path in (
        "",
        "jobs/senior-backend-engineer/",
        "jobs/frontend-engineer/",
        "assets/site.css",
        "assets/site.js",
        "assets/logo.svg",
        "departments/engineering/",
        "pages/life-at-paysecure/",
    ):
        assert crawl.local + path in fetched, path
    assert organization_url.rstrip("/") in {url.rstrip("/") for url in crawl.external}
    assert any("/apply/" in url for url in crawl.external), "apply links are collected"


def test_links_at_the_root(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    site_yaml = yaml.safe_load((root / "content" / "site.yaml").read_text(encoding="utf-8"))
    site = build_sample(root)
    with serve(site) as local:
        crawl = check_links(site, local, site_yaml["base_url"].rstrip("/") + "/")
    _expectations(crawl, site_yaml["organization"]["url"])


def test_links_under_a_sub_path(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    site_yaml = yaml.safe_load((root / "content" / "site.yaml").read_text(encoding="utf-8"))
    site = root / "out"
    with serve(site, prefix="/careers/") as local:
        build_sample(root, "--base-url", local)
        crawl = check_links(site, local, local)
        outside = urllib.request.Request(local.replace("/careers/", "/index.html"))
        try:
            urllib.request.urlopen(outside, timeout=10).close()
            raise AssertionError("the server must answer 404 outside /careers/")
        except urllib.error.HTTPError as error:
            error.close()
            assert error.code == 404
    _expectations(crawl, site_yaml["organization"]["url"])
