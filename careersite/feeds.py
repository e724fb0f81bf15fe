"""sitemap.xml, feed.xml (Atom 1.0) and robots.txt.

Every date comes from the content (``updated``, else ``date_posted``), never
from file times or the clock, so the same content gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from careersite.model import DateValue, Posting, Site
from careersite.structured import posting_url

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"

# Characters XML 1.0 cannot carry even escaped; content text may hold them (SPEC:
# any Unicode text is accepted), and ElementTree would write them as is.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _serialize(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _child(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {key: _NOT_XML.sub("", value) for key, value in attributes.items()})
    element.text = _NOT_XML.sub("", text) if text is not None else None
    return element


def _w3c_date(value: DateValue) -> str:
    """Return a date as YYYY-MM-DD and a date-time in full (both are W3C Datetime)."""
    return value.isoformat(timespec="seconds") if isinstance(value, dt.datetime) else value.isoformat()


def sitemap_xml(entries: Sequence[tuple[str, DateValue | None]]) -> bytes:
    """Return sitemap.xml for (absolute URL, last modified or None) pairs, sorted by URL."""
    urlset = ET.Element("urlset", xmlns=SITEMAP_NAMESPACE)
    for url, last_modified in sorted(entries, key=lambda entry: entry[0]):
        entry = _child(urlset, "url")
        _child(entry, "loc", url)
        if last_modified is not None:  # no content date to give: omit it rather than invent one
            _child(entry, "lastmod", _w3c_date(last_modified))
    return _serialize(urlset)


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


def atom_feed(site: Site, postings: Sequence[Posting], summaries: Mapping[str, str], today: dt.date) -> bytes:
    """Return feed.xml: an Atom feed of the given (open) postings, newest first.

    The feed's ``updated`` is the newest posting's last change; ``today`` (the
    build's date, never the clock) stands in only when there is no posting.
    """
    by_slug = sorted(postings, key=lambda posting: posting.slug)
    entries = sorted(by_slug, key=lambda posting: _moment(posting.date_posted, site), reverse=True)
    changes = [_moment(posting.last_modified, site) for posting in postings]

    feed = ET.Element("feed", xmlns=ATOM_NAMESPACE)
    feed.set("xml:lang", site.language)
    _child(feed, "id", site.base_url)
    _child(feed, "title", site.title)
    if site.tagline:
        _child(feed, "subtitle", site.tagline)
    _child(feed, "updated", max(changes).isoformat(timespec="seconds") if changes else _rfc3339(today, site))
    _child(feed, "link", rel="self", type="application/atom+xml", href=f"{site.base_url}feed.xml")
    _child(feed, "link", rel="alternate", type="text/html", href=site.base_url)
    author = _child(feed, "author")
    _child(author, "name", site.organization.name)
    _child(author, "uri", site.organization.url)

    for posting in entries:
        url = posting_url(posting, site)
        entry = _child(feed, "entry")
        _child(entry, "id", url)
        _child(entry, "title", posting.title)
        _child(entry, "link", rel="alternate", type="text/html", href=url)
        _child(entry, "published", _rfc3339(posting.date_posted, site))
        _child(entry, "updated", _rfc3339(posting.last_modified, site))
        if posting.department:
            _child(entry, "category", term=posting.department)
        if summaries.get(posting.slug):
            _child(entry, "summary", summaries[posting.slug], type="text")
    return _serialize(feed)
