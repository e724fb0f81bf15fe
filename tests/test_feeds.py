"""sitemap.xml, feed.xml and robots.txt: well-formed, namespaced, dated from content only."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

from careersite.feeds import (
    ATOM_NAMESPACE,
    SITEMAP_NAMESPACE,
    atom_feed,
    feed_item,
    feed_times,
    robots_txt,
    sitemap_xml,
)
from careersite.model import Card, Organization, Posting, Site, Workplace

SITE = Site(
    title="Careers at PaySecure & Co",
    base_url="https://example.com/careers/",
    organization=Organization(name="PaySecure <Financial>", url="https://www.paysecure.example"),
    language="en-IN",
    timezone="Asia/Kolkata",
    tagline="Build the payments India trusts",
)

BASE = Posting(
    source=Path("content/jobs/x.md"),
    slug="backend",
    title="Backend <Engineer> & Lead",
    date_posted=dt.date(2026, 11, 20),
    apply="https://paysecure.example/apply",
    identifier="backend",
    workplace=Workplace.ON_SITE,
    department="Engineering",
)
OLDER_UPDATED = replace(
    BASE, slug="analyst", title="Analyst", date_posted=dt.date(2026, 10, 1), updated=dt.date(2026, 12, 5)
)
SAME_DAY = replace(BASE, slug="designer", title="Designer", department=None)
TIMED = replace(
    BASE,
    slug="sre",
    title="SRE",
    date_posted=dt.datetime(2026, 11, 21, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")),
)
POSTINGS = [BASE, OLDER_UPDATED, SAME_DAY, TIMED]
SUMMARIES = {"backend": "Build <payments> & more.", "analyst": "Numbers.", "sre": "Keep it up."}

A = f"{{{ATOM_NAMESPACE}}}"
S = f"{{{SITEMAP_NAMESPACE}}}"


def feed_xml(postings: list[Posting], summaries: dict[str, str], today: dt.date) -> bytes:
    """feed.xml of the postings, each card carrying its entry as a build's worker renders it."""
    cards = []
    for posting in postings:
        entry = feed_item(posting, summaries.get(posting.slug, ""), SITE)
        published, updated = feed_times(posting, SITE)
        cards.append(
            Card.of(
                posting,
                str(posting.source),
                pieces={"feed_entry": entry},
                published=published,
                updated=updated,
            )
        )
    return b"".join(atom_feed(SITE, cards, today))


def parse(data: bytes) -> ET.Element:
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n")
    return ET.fromstring(data)


def test_sitemap_is_sorted_namespaced_and_escaped() -> None:
    data = sitemap_xml(
        [
            ("https://example.com/careers/jobs/b/", dt.date(2026, 11, 20)),
            ("https://example.com/careers/", dt.date(2026, 12, 5)),
            ("https://example.com/careers/?a=1&b=2", dt.date(2026, 1, 2)),
        ]
    )
    root = parse(data)
    assert root.tag == f"{S}urlset"
    urls = [(url.findtext(f"{S}loc"), url.findtext(f"{S}lastmod")) for url in root]
    assert urls == [
        ("https://example.com/careers/", "2026-12-05"),
        ("https://example.com/careers/?a=1&b=2", "2026-01-02"),
        ("https://example.com/careers/jobs/b/", "2026-11-20"),
    ]
    assert b"?a=1&amp;b=2" in data


def test_sitemap_date_time_lastmod_is_w3c_datetime() -> None:
    moment = dt.datetime(2026, 11, 21, 9, 0, 30, 123, tzinfo=ZoneInfo("Asia/Kolkata"))
    root = parse(sitemap_xml([("https://example.com/", moment)]))
    assert root.findtext(f"{S}url/{S}lastmod") == "2026-11-21T09:00:30+05:30"


def test_empty_sitemap_is_valid() -> None:
    assert len(parse(sitemap_xml([]))) == 0


def test_robots_allows_all_and_names_the_sitemap() -> None:
    assert robots_txt(SITE) == (
        b"User-agent: *\nAllow: /\n\nSitemap: https://example.com/careers/sitemap.xml\n"
    )


def test_feed_header() -> None:
    feed = parse(feed_xml(POSTINGS, SUMMARIES, dt.date(2027, 6, 1)))
    assert feed.tag == f"{A}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-IN"
    assert feed.findtext(f"{A}id") == "https://example.com/careers/"
    assert feed.findtext(f"{A}title") == "Careers at PaySecure & Co"
    assert feed.findtext(f"{A}subtitle") == "Build the payments India trusts"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links == {
        "self": "https://example.com/careers/feed.xml",
        "alternate": "https://example.com/careers/",
    }
    assert feed.findtext(f"{A}author/{A}name") == "PaySecure <Financial>"
    # The newest change is OLDER_UPDATED's `updated`, not the clock nor `today`.
    assert feed.findtext(f"{A}updated") == "2026-12-05T00:00:00+05:30"


def test_feed_entries_newest_first_then_by_slug() -> None:
    feed = parse(feed_xml(POSTINGS, SUMMARIES, dt.date(2027, 6, 1)))
    entries = feed.findall(f"{A}entry")
    assert [entry.findtext(f"{A}id") for entry in entries] == [
        "https://example.com/careers/jobs/sre/",
        "https://example.com/careers/jobs/backend/",
        "https://example.com/careers/jobs/designer/",
        "https://example.com/careers/jobs/analyst/",
    ]


def test_feed_entry_fields() -> None:
    feed = parse(feed_xml(POSTINGS, SUMMARIES, dt.date(2027, 6, 1)))
    entries = {entry.findtext(f"{A}id").split("/")[-2]: entry for entry in feed.findall(f"{A}entry")}
    backend = entries["backend"]
    assert backend.findtext(f"{A}title") == "Backend <Engineer> & Lead"
    assert backend.find(f"{A}link").attrib == {
        "rel": "alternate",
        "type": "text/html",
        "href": "https://example.com/careers/jobs/backend/",
    }
    assert backend.findtext(f"{A}published") == "2026-11-20T00:00:00+05:30"
    assert backend.findtext(f"{A}updated") == "2026-11-20T00:00:00+05:30"
    assert backend.findtext(f"{A}summary") == "Build <payments> & more."
    assert backend.find(f"{A}summary").get("type") == "text"
    assert backend.find(f"{A}category").get("term") == "Engineering"
    assert entries["analyst"].findtext(f"{A}updated") == "2026-12-05T00:00:00+05:30"
    assert entries["sre"].findtext(f"{A}published") == "2026-11-21T09:00:00+01:00"
    assert entries["designer"].find(f"{A}summary") is None
    assert entries["designer"].find(f"{A}category") is None


def test_feed_without_postings_uses_today_for_updated() -> None:
    feed = parse(feed_xml([], {}, dt.date(2027, 6, 1)))
    assert feed.findtext(f"{A}updated") == "2027-06-01T00:00:00+05:30"
    assert feed.findall(f"{A}entry") == []


def test_feed_is_deterministic_whatever_the_input_order() -> None:
    today = dt.date(2027, 6, 1)
    assert feed_xml(POSTINGS, SUMMARIES, today) == feed_xml(POSTINGS[::-1], SUMMARIES, today)


def test_feed_drops_characters_xml_cannot_carry() -> None:
    posting = replace(BASE, title="Back\x0bend\x00 Engineer")
    feed = parse(feed_xml([posting], {"backend": "a\x1fb"}, dt.date(2027, 6, 1)))
    assert feed.findtext(f"{A}entry/{A}title") == "Backend Engineer"
    assert feed.findtext(f"{A}entry/{A}summary") == "ab"
