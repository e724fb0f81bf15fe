"""sitemap.xml, feed.xml (Atom 1.0) and robots.txt.

Every date comes from the content (``updated``, else ``date_posted``), never
from file times or the clock, so the same content gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from zoneinfo import ZoneInfo

from careersite.dates import local_date
from careersite.model import Card, DateValue, Page, Posting, Site
from careersite.structured import posting_url

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"

# Characters XML 1.0 cannot carry even escaped; content text may hold them (SPEC:
# any Unicode text is accepted): they are dropped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))  # `&` first
_ATTRIBUTE_ESCAPES = (*_TEXT_ESCAPES, ('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))
_XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"


def _text(value: str) -> str:
    """Escape character data (as ElementTree does), dropping what XML cannot carry."""
    return _escape(value, _TEXT_ESCAPES)


def _attribute(value: str) -> str:
    """Escape an attribute value in double quotes (as ElementTree does)."""
    return _escape(value, _ATTRIBUTE_ESCAPES)


def _escape(value: str, escapes: tuple[tuple[str, str], ...]) -> str:
    # By hand: xml.sax.saxutils's import pulls in urllib, http and ssl (40 ms of every rebuild).
    value = NOT_XML.sub("", value)
    for character, escaped in escapes:
        value = value.replace(character, escaped)
    return value


def _w3c_date(value: DateValue) -> str:
    """Return a date as YYYY-MM-DD and a date-time in full (both are W3C Datetime)."""
    return value.isoformat(timespec="seconds") if isinstance(value, dt.datetime) else value.isoformat()


def sitemap_xml(entries: Sequence[tuple[str, DateValue | None]]) -> bytes:
    """Return sitemap.xml for (absolute URL, last modified or None) pairs, sorted by URL."""
    lines = []
    for url, last_modified in sorted(entries, key=lambda entry: entry[0]):
        lines.append(f"  <url>\n    <loc>{_text(url)}</loc>\n")
        if last_modified is not None:  # no content date to give: omit it rather than invent one
            lines.append(f"    <lastmod>{_w3c_date(last_modified)}</lastmod>\n")
        lines.append("  </url>\n")
    root = f'<urlset xmlns="{SITEMAP_NAMESPACE}"'
    body = f"{root}>\n{''.join(lines)}</urlset>\n" if lines else f"{root} />\n"
    return (_XML_DECLARATION + body).encode()


def sitemap_entries(
    site: Site, pages: Sequence[Page], open_cards: Sequence[Card]
) -> list[tuple[str, DateValue | None]]:
    """Every indexable URL with lastmod from the content's own dates (never the clock)."""
    newest = max((local_date(c.last_modified, site.timezone) for c in open_cards), default=None)
    entries: list[tuple[str, DateValue | None]] = [(site.base_url, newest)]
    by_department: dict[str, list[Card]] = {}
    for posting in open_cards:
        entries.append((f"{site.base_url}jobs/{posting.slug}/", posting.last_modified))
        if posting.department_slug:
            by_department.setdefault(posting.department_slug, []).append(posting)
    for slug, members in sorted(by_department.items()):
        latest = max(local_date(p.last_modified, site.timezone) for p in members)
        entries.append((f"{site.base_url}departments/{slug}/", latest))
    for page in pages:
        if not page.draft:  # a free page has no date of its own
            entries.append((f"{site.base_url}pages/{page.slug}/", None))
    return entries


def robots_txt(site: Site) -> bytes:
    """Return robots.txt: allow every crawler everywhere and name the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.base_url}sitemap.xml\n".encode()


def _moment(value: DateValue, site: Site) -> dt.datetime:
    """Return a date as the start of that day in the site's timezone, a date-time as itself."""
    zone = ZoneInfo(site.timezone)
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    return dt.datetime.combine(value, dt.time(), tzinfo=zone)


def _rfc3339(value: DateValue, site: Site) -> str:
    return _moment(value, site).isoformat(timespec="seconds")


def feed_times(posting: Posting, site: Site) -> tuple[float, tuple[float, str]]:
    """A posting's published time and its updated time (and as RFC 3339): the feed's order."""
    updated = _moment(posting.last_modified, site)
    published = _moment(posting.date_posted, site).timestamp()
    return published, (updated.timestamp(), updated.isoformat(timespec="seconds"))


def feed_item(posting: Posting, summary: str, site: Site) -> bytes:
    """Return a posting's <entry> of feed.xml."""
    url = _text(posting_url(posting, site))
    published, updated = _moment(posting.date_posted, site), _moment(posting.last_modified, site)
    lines = [
        "  <entry>",
        f"    <id>{url}</id>",
        f"    <title>{_text(posting.title)}</title>",
        f'    <link rel="alternate" type="text/html" href="{url}" />',
        f"    <published>{published.isoformat(timespec='seconds')}</published>",
        f"    <updated>{updated.isoformat(timespec='seconds')}</updated>",
    ]
    if posting.department:
        lines.append(f'    <category term="{_attribute(posting.department)}" />')
    if summary:
        lines.append(f'    <summary type="text">{_text(summary)}</summary>')
    lines.append("  </entry>\n")
    return "\n".join(lines).encode()


def atom_feed(site: Site, cards: Sequence[Card], today: dt.date) -> Iterator[bytes]:
    """Return feed.xml, in chunks: an Atom feed of the given (open) postings, newest first.

    The feed's ``updated`` is the newest posting's last change; ``today`` (the
    build's date, never the clock) stands in only when there is no posting.
    """
    by_slug = sorted(cards, key=lambda card: card.slug)
    entries = sorted(by_slug, key=lambda card: card.published, reverse=True)
    updated = max((card.updated for card in cards), default=None)
    base = _attribute(site.base_url)
    head = [
        _XML_DECLARATION.rstrip("\n"),
        f'<feed xmlns="{ATOM_NAMESPACE}" xml:lang="{_attribute(site.language)}">',
        f"  <id>{_text(site.base_url)}</id>",
        f"  <title>{_text(site.title)}</title>",
        *([f"  <subtitle>{_text(site.tagline)}</subtitle>"] if site.tagline else []),
        f"  <updated>{updated[1] if updated else _rfc3339(today, site)}</updated>",
        f'  <link rel="self" type="application/atom+xml" href="{base}feed.xml" />',
        f'  <link rel="alternate" type="text/html" href="{base}" />',
        "  <author>",
        f"    <name>{_text(site.organization.name)}</name>",
        f"    <uri>{_text(site.organization.url)}</uri>",
        "  </author>\n",
    ]
    yield "\n".join(head).encode()
    for card in entries:
        yield card.pieces["feed_entry"]
    yield b"</feed>\n"
