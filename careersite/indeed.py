"""indeed.xml: the open postings in Indeed's XML feed format for direct employers (SPEC "A job-board
feed"), opt-in with site.yaml `feeds: [indeed]`.

Each posting's `<job>` is made with the standard library's DOM (xml.dom.minidom) in the worker
that renders its page, and kept as its piece; the feed joins them under `<source>`. The
description is the body's sanitized HTML in CDATA: a `]]>` in it is split over two CDATA
sections, the only way XML allows, and characters XML cannot carry are dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from email.utils import format_datetime
from xml.dom.minidom import Document, Element

from careersite.dates import local_date
from careersite.feeds import NOT_XML
from careersite.l10n import format_salary
from careersite.model import Card, Posting, Site, Workplace
from careersite.structured import absolute_url, posting_url

NAME = "indeed"
_CDATA_END = "]]>"
# Indeed's job types; ours without one (volunteer, per diem, other) are left out of <jobtype>.
JOB_TYPES = {"full-time": "fulltime", "part-time": "parttime", "contract": "contract",
             "temporary": "temporary", "intern": "internship"}  # fmt: skip
REMOTE_TYPES = {Workplace.REMOTE: "Fully remote", Workplace.HYBRID: "Hybrid remote"}


def enabled(site: Site) -> bool:
    """Whether site.yaml asks for the feed."""
    return NAME in site.feeds


def job_element(posting: Posting, site: Site, body_html: str) -> bytes:
    """A posting's `<job>`, serialized (b"" when the feed is off)."""
    if not enabled(site):
        return b""
    document = Document()
    job = document.createElement("job")
    office = posting.locations[0] if posting.locations else None
    country = office.country if office else (posting.applicant_locations or ("",))[0]
    fields = [
        ("title", posting.title),
        ("date", _rfc2822(posting.date_posted, site)),
        ("referencenumber", posting.identifier),
        ("requisitionid", posting.identifier),
        ("url", posting_url(posting, site)),
        ("company", site.organization.name),
        ("sourcename", site.organization.name),
        ("city", office.city if office else ""),
        ("state", (office.region or "") if office else ""),
        ("country", country),
        ("postalcode", (office.postal_code or "") if office else ""),
        ("streetaddress", (office.street or "") if office else ""),
        (
            "salary",
            format_salary(posting.salary, "en", f"per {posting.salary.period}") if posting.salary else "",
        ),
        ("jobtype", ", ".join(JOB_TYPES[kind] for kind in posting.employment_types if kind in JOB_TYPES)),
        ("expirationdate", _rfc2822(posting.valid_through, site) if posting.valid_through else ""),
    ]
    if posting.workplace in REMOTE_TYPES:
        fields.append(("remotetype", REMOTE_TYPES[posting.workplace]))
    for name, value in fields:
        _text_child(document, job, name, value)
    description = document.createElement("description")
    for part in _cdata_parts(NOT_XML.sub("", body_html)):
        description.appendChild(document.createCDATASection(part))
    job.appendChild(description)
    return job.toxml(encoding="utf-8") + b"\n"


def feed(site: Site, open_cards: Sequence[Card], today: dt.date) -> Iterator[tuple[str, Iterator[bytes]]]:
    """indeed.xml from the open postings' pieces, when site.yaml asks for it."""
    if not enabled(site):
        return
    document = Document()
    source = document.createElement("source")
    _text_child(document, source, "publisher", site.organization.name)
    _text_child(document, source, "publisherurl", absolute_url("", site))
    _text_child(document, source, "lastBuildDate", _rfc2822(today, site))
    head, tail = source.toxml(encoding="utf-8").split(b"</source>")
    ordered = sorted(open_cards, key=lambda card: card.slug)

    def chunks() -> Iterator[bytes]:
        yield b'<?xml version="1.0" encoding="utf-8"?>\n' + head + b"\n"
        for card in ordered:
            yield card.pieces[NAME] if card.pieces else b""
        yield b"</source>" + tail + b"\n"

    yield "indeed.xml", chunks()


def _text_child(document: Document, parent: Element, name: str, value: str) -> None:
    child = document.createElement(name)
    child.appendChild(document.createTextNode(NOT_XML.sub("", value)))
    parent.appendChild(child)


def _cdata_parts(html: str) -> list[str]:
    """The text in parts that hold no "]]>" ("a]]>b" gives "a]]" and ">b"); joined, they are the text.

    NUL cannot be in the text: NOT_XML dropped it first.
    """
    return html.replace(_CDATA_END, "]]\x00>").split("\x00")


def _rfc2822(value: object, site: Site) -> str:
    """A date as Indeed's samples write it: "Fri, 20 Nov 2026 00:00:00 GMT" (its day in the site's zone)."""
    day = local_date(value, site.timezone)  # type: ignore[arg-type]
    return format_datetime(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC), usegmt=True)
