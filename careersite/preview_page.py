"""The preview page of one posting (preview.html): its facts as Google for Jobs and the share cards
show them, its JSON-LD and its messages. Rendered on request while serving, never published."""

from __future__ import annotations

import functools
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from careersite import l10n, structured
from careersite.dates import local_date, posting_state
from careersite.dates import today as today_of
from careersite.markdown import render_markdown, summarize
from careersite.messages import Texts
from careersite.model import EMPLOYMENT_LABELS, Posting, Site
from careersite.pipeline import BuildOptions


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(Path(__file__).parent),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_preview(
    found: tuple[Posting, Site, BuildOptions] | None, slug: str, root: Path, messages: list[str]
) -> str:
    """The preview page of a posting, or the page saying there is no posting with that slug."""
    template = _environment().get_template("preview.html")
    if found is None:
        return template.render(posting=None, slug=slug)
    posting, site, options = found
    return template.render(posting=_facts(posting, site, options, root), slug=slug, messages=messages)


def _facts(posting: Posting, site: Site, options: BuildOptions, root: Path) -> dict[str, Any]:
    texts = Texts(options.templates_dir, site.language, dict(site.strings))
    body = render_markdown(posting.body)
    page = root / "jobs" / posting.slug / "index.html"
    tags = meta_tags(page, (page.stat().st_mtime_ns, page.stat().st_size)) if page.is_file() else {}
    salary = posting.salary
    today = today_of(options.today, site.timezone)
    return {
        "title": posting.title,
        "company": site.organization.name,
        "location": _location(posting, site, texts),
        "workplace": texts.gettext(posting.workplace.label),
        "salary": l10n.format_salary(salary, site.language, texts.gettext(l10n.PERIOD_PHRASES[salary.period]))
        if salary
        else None,
        "posted": l10n.format_date(local_date(posting.date_posted, site.timezone), site.language),
        "employment": ", ".join(texts.gettext(EMPLOYMENT_LABELS[key]) for key in posting.employment_types),
        "state": posting_state(posting, today, site.timezone).value,
        "card_title": tags.get("og:title", posting.title),
        "card_description": tags.get("og:description", posting.summary or summarize(body)),
        "domain": host_of(site.base_url),
        "image": share_image(root, posting.slug, site.organization.share_image),
        "page": f"/jobs/{posting.slug}/",
        "jsonld": pretty_json(structured.job_posting(posting, site, body)),
    }


def _location(posting: Posting, site: Site, texts: Texts) -> str:
    if posting.locations:
        return " · ".join(location.label for location in posting.locations)
    countries = ", ".join(
        l10n.babel_locale(site.language).territories.get(code, code) for code in posting.applicant_locations
    )
    return texts.gettext("Remote from %(countries)s") % {"countries": countries}


class _MetaTags(HTMLParser):
    """The Open Graph and Twitter tags of a built page: what the share cards show."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = dict(attrs)
            name = values.get("property") or values.get("name")
            if name and values.get("content") is not None:
                self.tags.setdefault(name, values["content"] or "")


@functools.lru_cache(maxsize=64)
def meta_tags(page: Path, stamp: tuple[int, int]) -> dict[str, str]:
    """The meta tags of a built page (`stamp`: its mtime and size, so a rebuild is read again)."""
    parser = _MetaTags()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.tags


def share_image(root: Path, slug: str, organization_image: str | None) -> str | None:
    """The image a share card shows: the posting's share.png when the build made one, else the
    organization's share_image, else None (a neutral placeholder)."""
    if (root / "jobs" / slug / "share.png").is_file():
        return f"/jobs/{slug}/share.png"
    if organization_image and organization_image.startswith("https://"):
        return organization_image
    if organization_image and (root / organization_image).is_file():
        return "/" + organization_image.lstrip("/")
    return None


def host_of(url: str) -> str:
    """The domain a card names ("careers.paysecure.example")."""
    return urlsplit(url).netloc


def pretty_json(data: dict[str, Any]) -> str:
    """The JSON-LD as people read it."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
