"""`serve`'s posting previews (SPEC "Google's view, before publishing"): `/_preview/jobs/<slug>/`
shows the Google for Jobs card, the LinkedIn, X and WhatsApp share cards with the real share
image, the JSON-LD pretty-printed and every message `check` gives the posting; each posting page
gets a "Preview" link. Only while serving: nothing of it is ever written to the site.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from careersite.diagnostics import Diagnostics
from careersite.files import discover, shown_path
from careersite.pipeline import BuildOptions, build_site
from careersite.slugs import slugify

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

PREFIX = "/_preview/jobs/"
_POSTING_PAGE = re.compile(r"^/jobs/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)/(?:index\.html)?$")
_PREVIEW_PAGE = re.compile(rf"^{PREFIX}(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)(?P<slash>/?)$")
_MAIN_START = re.compile(rb"<main\b[^>]*>", re.IGNORECASE)
LINK = (
    '<p class="careersite-preview-link"><a href="{href}">Preview</a>: '
    "how Google, LinkedIn, X and WhatsApp show this posting (shown only while serving)</p>"
)


class PreviewApp:
    """WSGI middleware around the served site: the preview pages, and the link to them."""

    def __init__(self, site: WsgiApp, root: Path, options: BuildOptions) -> None:
        self.site, self.root, self.options = site, root, options

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Answer a preview, or the site's answer with a Preview link on posting pages."""
        path = environ.get("PATH_INFO", "/")
        preview = _PREVIEW_PAGE.match(path)
        if preview and environ.get("REQUEST_METHOD", "GET") == "GET":
            if not preview["slash"]:
                start_response("301 Moved Permanently", [("Location", quote(path + "/"))])
                return []
            return self._preview(preview["slug"], start_response)
        answered: list[Any] = []
        body = b"".join(self.site(environ, lambda status, headers, *rest: answered.extend((status, headers))))
        status, headers = answered
        page = _POSTING_PAGE.match(path)
        if page and status.startswith("200") and _is_html(headers):
            body = _with_link(body, f"{PREFIX}{page['slug']}/")
            headers = [(k, str(len(body)) if k.lower() == "content-length" else v) for k, v in headers]
        start_response(status, headers)
        return [body]

    def _preview(self, slug: str, start_response: StartResponse) -> list[bytes]:
        from careersite.preview_page import render_preview

        found = self._find(slug)
        if found is None:
            body = render_preview(None, slug, self.root, []).encode()
            start_response("404 Not Found", _headers(body))
            return [body]
        posting, site = found
        body = render_preview((posting, site, self.options), slug, self.root, self._messages(posting.source))
        encoded = body.encode()
        start_response("200 OK", _headers(encoded))
        return [encoded]

    def _find(self, slug: str) -> tuple[Any, Any] | None:
        """The posting whose slug this is, and the site as site.yaml says (its real base_url, not the
        local server's: the JSON-LD and cards show what the published site will), or None."""
        from careersite.content import load_site
        from careersite.postings import load_posting

        options = self.options
        site_yaml = options.content_dir / "site.yaml"
        site = load_site(site_yaml, shown_path(site_yaml), Diagnostics(), options.templates_dir)
        if site is None:
            return None
        files = discover(options.content_dir / "jobs")
        # The file named like the slug first: usually the only one read.
        for path in sorted(files, key=lambda path: slugify(path.stem) != slug):
            posting = load_posting(path, shown_path(path), site, Diagnostics())
            if posting is not None and posting.slug == slug:
                return posting, site
        return None

    def _messages(self, source: Path) -> list[str]:
        """Every message `check` gives the posting's file."""
        check = dataclasses.replace(self.options, write=False, base_url=None)
        shown = str(source)
        return [str(item) for item in build_site(check).diagnostics.sorted() if item.path == shown]


def with_previews(site: WsgiApp, root: Path, options: BuildOptions) -> PreviewApp:
    """Wrap serve's site app with the posting previews."""
    return PreviewApp(site, root, options)


def _with_link(page: bytes, href: str) -> bytes:
    match = _MAIN_START.search(page)
    if match is None:
        return page
    link = LINK.format(href=href).encode()
    return page[: match.end()] + link + page[match.end() :]


def _is_html(headers: list[tuple[str, str]]) -> bool:
    return any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers)


def _headers(body: bytes) -> list[tuple[str, str]]:
    return [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
    ]
