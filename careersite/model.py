"""The validated content: frozen dataclasses, no I/O.

Everything here has already passed validation (see ``content.py``); the
renderers can rely on every field having the documented shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

# A date from front matter: a plain date, or a timezone-aware date-time
# (naive date-times are given the site's timezone when they are read).
DateValue = dt.date | dt.datetime

EMPLOYMENT_TYPES = {
    "full-time": "FULL_TIME",
    "part-time": "PART_TIME",
    "contract": "CONTRACTOR",
    "temporary": "TEMPORARY",
    "intern": "INTERN",
    "volunteer": "VOLUNTEER",
    "per-diem": "PER_DIEM",
    "other": "OTHER",
}


def N_(text: str) -> str:
    """Mark an English text for the theme's catalogs (pybabel extract -k N_): it is translated
    where it is shown (render.py), not here."""
    return text


EMPLOYMENT_LABELS = {
    "full-time": N_("Full-time"),
    "part-time": N_("Part-time"),
    "contract": N_("Contract"),
    "temporary": N_("Temporary"),
    "intern": N_("Internship"),
    "volunteer": N_("Volunteer"),
    "per-diem": N_("Per diem"),
    "other": N_("Other"),
}

PERIODS = ("hour", "day", "week", "month", "year")


class Workplace(StrEnum):
    """Where the work happens (SPEC `on_site`: true, hybrid, false)."""

    ON_SITE = "on-site"
    HYBRID = "hybrid"
    REMOTE = "remote"

    @property
    def label(self) -> str:
        return {"on-site": N_("On-site"), "hybrid": N_("Hybrid"), "remote": N_("Remote")}[self.value]


@dataclass(frozen=True, slots=True)
class Cms:
    """site.yaml `cms:`: the browser editor's git backend (SPEC "Editing in the browser")."""

    backend: str  # github, gitlab or git-gateway
    repo: str  # OWNER/NAME
    branch: str = "main"
    bundle: str | None = None  # a self-hosted copy of the CMS script (path or URL)


@dataclass(frozen=True, slots=True)
class Organization:
    name: str
    url: str
    logo: str | None = None  # a path under templates' assets, or an absolute https URL
    share_image: str | None = None
    same_as: tuple[str, ...] = ()


DAILY_BUDGET = 200  # Google's default Indexing API quota: publish requests per day


@dataclass(frozen=True, slots=True)
class NotifySettings:
    """site.yaml `notify:`: what `notify` tells search engines with (SPEC "Telling search engines")."""

    google_credentials: str | None = None  # a service-account key file, relative to the project
    indexnow_key: str | None = None  # published by build as <key>.txt
    daily_budget: int = DAILY_BUDGET  # URLs sent to Google per UTC day


@dataclass(frozen=True, slots=True)
class Site:
    title: str
    base_url: str  # always ends with "/"
    organization: Organization
    language: str = "en"  # BCP 47, e.g. "en-IN"
    timezone: str = "UTC"  # IANA name
    currency: str | None = None  # ISO 4217
    tagline: str | None = None
    accent_color: str | None = None  # "#rrggbb"
    strings: tuple[tuple[str, str], ...] = ()  # site.yaml `strings:`: the theme's English text -> the site's
    feeds: tuple[str, ...] = ()  # site.yaml `feeds:`: job-board feeds to publish ("indeed")
    share_images: bool = True  # site.yaml `share_images:`: each open posting's jobs/<slug>/share.png
    notify: NotifySettings = NotifySettings()  # site.yaml `notify:`
    cms: Cms | None = None  # site.yaml `cms:`: publish admin/ for the browser editor
    employees: int | None = None  # site.yaml `employees:`: head count for pay-transparency thresholds
    pay_transparency: str = "warn"  # site.yaml `pay_transparency:`: warn, error or off
    pay_transparency_off: tuple[str, ...] = ()  # jurisdictions whose rules are turned off

    @property
    def base_path(self) -> str:
        """The path part of base_url, always starting and ending with "/"."""
        rest = self.base_url.split("://", 1)[1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"

    @property
    def locale(self) -> str:
        """The language as a Babel/CLDR locale name ("en-IN" -> "en_IN")."""
        return self.language.replace("-", "_")


@dataclass(frozen=True, slots=True)
class Location:
    city: str
    country: str  # ISO 3166-1 alpha-2, upper case
    region: str | None = None
    postal_code: str | None = None
    street: str | None = None

    @property
    def label(self) -> str:
        """ "Bangalore, Karnataka, IN" style text for people."""
        return ", ".join(p for p in (self.city, self.region, self.country) if p)


@dataclass(frozen=True, slots=True)
class Salary:
    currency: str  # ISO 4217
    minimum: Decimal
    maximum: Decimal  # equal to minimum for a single value
    period: str  # one of PERIODS

    @property
    def is_range(self) -> bool:
        return self.minimum != self.maximum


@dataclass(frozen=True, slots=True)
class Experience:
    months: int  # the minimum, in months
    text: str  # as written, for people ("4-7 years")


@dataclass(frozen=True, slots=True)
class Posting:
    source: Path  # relative to the project, for messages
    slug: str
    title: str
    date_posted: DateValue
    apply: str  # "https://…" or "mailto:…"
    identifier: str
    workplace: Workplace
    locations: tuple[Location, ...] = ()
    applicant_locations: tuple[str, ...] = ()  # ISO country codes, fully remote only
    employment_types: tuple[str, ...] = ()  # keys of EMPLOYMENT_TYPES
    salary: Salary | None = None
    experience: Experience | None = None
    updated: DateValue | None = None
    valid_through: DateValue | None = None
    department: str | None = None
    department_slug: str | None = None
    department_line: int = 1  # of `department:` in the file, for messages across files
    valid_through_line: int = 1  # of `valid_through:`, for `check`'s note on long-closed postings
    summary: str | None = None  # as written; None means "derive from the body"
    aliases: tuple[str, ...] = ()
    direct_apply: bool = False
    draft: bool = False
    body: str = ""  # Markdown source
    body_line: int = 1  # line of the body's first line in the file
    field_lines: tuple[tuple[str, int], ...] = ()  # (front-matter field, its line), for messages
    front_matter_line: int = 1  # the front matter's first line: where a missing field is reported

    def line(self, field: str) -> int:
        """The line of a front-matter field, or the front matter's first line when it is missing."""
        return dict(self.field_lines).get(field, self.front_matter_line)

    @property
    def apply_is_email(self) -> bool:
        return self.apply.startswith("mailto:")

    @property
    def last_modified(self) -> DateValue:
        return self.updated or self.date_posted


class Card(NamedTuple):
    """A posting as the pages that gather postings see it (listing, departments, feed, jobs.json).

    The facts they sort, group and filter by, and its pieces (its share of each aggregate
    output, by the registry's piece names: outputs.PIECES): in memory, or (a build) in the
    build cache's cards file, read only while those pages are written, so that memory stays
    flat at 10k postings and one edit joins pieces instead of rendering 10k rows. No pieces
    unless the posting was listed when it was rendered. A NamedTuple, not a dataclass: a
    rebuild unpickles 10k of them, three times faster.
    """

    source: str  # as shown in messages
    slug: str
    aliases: tuple[str, ...]
    title: str
    department: str | None
    department_slug: str | None
    department_line: int
    date_posted: DateValue
    valid_through: DateValue | None
    draft: bool
    last_modified: DateValue
    location_labels: tuple[str, ...]
    workplace: Workplace
    employment_types: tuple[str, ...]
    pieces: Mapping[str, bytes] | None = None  # or cards.StoredPieces, which reads them when asked
    published: float = 0.0  # date_posted as a POSIX time: the feed's order
    updated: tuple[float, str] = (0.0, "")  # last_modified as a POSIX time and as RFC 3339

    @classmethod
    def of(cls, posting: Posting, source: str, **listed: Any) -> Card:
        """The card of a posting; `listed`: its pieces and times (see posting_build)."""
        return cls(
            source, posting.slug, posting.aliases, posting.title, posting.department,
            posting.department_slug, posting.department_line, posting.date_posted, posting.valid_through,
            posting.draft,
            posting.last_modified, tuple(location.label for location in posting.locations),
            posting.workplace, posting.employment_types, **listed,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Page:
    source: Path
    slug: str
    title: str
    summary: str | None = None
    order: float | None = None
    draft: bool = False
    body: str = ""
    body_line: int = 1


@dataclass(frozen=True, slots=True)
class Content:
    """site.yaml and the free pages, validated: what every page of a build may show."""

    site: Site
    pages: tuple[Page, ...] = ()
