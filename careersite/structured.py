"""JobPosting JSON-LD and jobs.json as plain dicts, and their one serializer each.

The JSON-LD follows Google's JobPosting guidelines (SPEC "JSON-LD"); it is
built only here and written into pages only through ``script_json``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from markupsafe import Markup

from careersite.model import EMPLOYMENT_TYPES, Card, DateValue, Location, Posting, Salary, Site, Workplace

JOBS_SCHEMA_PATH = Path(__file__).with_name("jobs.schema.json")
JOBS_JSON_VERSION = 1


# Like Jinja's htmlsafe_json_dumps: JSON stays valid, and no text in it can
# close the <script> element or start a comment or an entity.
# Chained str.replace, not str.translate: translate is ~20x slower on the long non-ASCII
# descriptions JSON-LD carries (0.5 ms a posting, a tenth of a 10k build).
_SCRIPT_ESCAPES = (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027"))


def posting_url(posting: Posting, site: Site) -> str:
    """Return the absolute URL of a posting's page."""
    return f"{site.base_url}jobs/{posting.slug}/"


def absolute_url(url: str, site: Site) -> str:
    """Resolve a path under the site (``assets/logo.svg``) against base_url; keep absolute URLs."""
    return url if "://" in url else site.base_url + url.lstrip("/")


def _timestamp(value: DateValue, site: Site) -> str:
    """Return a date as "YYYY-MM-DD" and a date-time as ISO 8601 with its offset."""
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(site.timezone))
    return value.isoformat()


def _end_of_day(value: DateValue, site: Site) -> str:
    """Return when a posting stops being open: a plain date means through that whole day (SPEC)."""
    if isinstance(value, dt.datetime):
        return _timestamp(value, site)
    return dt.datetime.combine(value, dt.time(23, 59, 59), tzinfo=ZoneInfo(site.timezone)).isoformat()


def _number(value: Decimal) -> int | float:
    """Return a whole amount as an int and any other as a float: JSON numbers, never strings."""
    return int(value) if value == value.to_integral_value() else float(value)


def _country_name(code: str) -> str:
    # Looked up when needed: reading the locale's names at import took 20 ms of every rebuild.
    return Locale("en").territories.get(code, code)


def _organization_fields(site: Site) -> dict[str, Any]:
    organization = site.organization
    fields: dict[str, Any] = {
        "@type": "Organization",
        "name": organization.name,
        "url": organization.url,
        "sameAs": [organization.url, *organization.same_as] if organization.same_as else organization.url,
    }
    if organization.logo:
        fields["logo"] = absolute_url(organization.logo, site)
    return fields


def _place(location: Location) -> dict[str, Any]:
    address = {
        "@type": "PostalAddress",
        "streetAddress": location.street,
        "addressLocality": location.city,
        "addressRegion": location.region,
        "postalCode": location.postal_code,
        "addressCountry": location.country,
    }
    return {"@type": "Place", "address": {key: value for key, value in address.items() if value}}


def _base_salary(salary: Salary) -> dict[str, Any]:
    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": salary.period.upper()}
    if salary.is_range:
        value["minValue"] = _number(salary.minimum)
        value["maxValue"] = _number(salary.maximum)
    else:
        value["value"] = _number(salary.minimum)
    return {"@type": "MonetaryAmount", "currency": salary.currency, "value": value}


def _job_location(posting: Posting, site: Site) -> Any:
    if not posting.locations:
        return None
    places = [_place(location) for location in posting.locations]  # a remote posting keeps its offices
    return places[0] if len(places) == 1 else places  # SPEC: one office, one Place


def _telecommutes(posting: Posting) -> bool:
    # Google reads TELECOMMUTE only with the countries people may work from: never one alone.
    return posting.workplace is Workplace.REMOTE and bool(posting.applicant_locations)


def _applicant_countries(posting: Posting) -> list[dict[str, str]] | None:
    if not _telecommutes(posting):
        return None
    # The English name, not the bare code: "IN", "CA" or "DE" read as US states.
    return [{"@type": "Country", "name": _country_name(code)} for code in posting.applicant_locations]


def _employment_type(posting: Posting) -> Any:
    types = [EMPLOYMENT_TYPES[key] for key in posting.employment_types]
    return (types[0] if len(types) == 1 else types) or None


def _experience(posting: Posting) -> dict[str, Any] | None:
    if posting.experience is None:
        return None
    return {"@type": "OccupationalExperienceRequirements", "monthsOfExperience": posting.experience.months}


REQUIRED, RECOMMENDED, WHEN_GIVEN = "required", "recommended", "when given"
# What a property's value is made from: the posting, the site, the description (its body as HTML).
ValueOf = Callable[[Posting, Site, str], Any]


@dataclass(frozen=True)
class Property:
    """One JobPosting property: how the generator fills it and how the linter judges it
    (SPEC "Google's view, before publishing": one table, so they cannot drift)."""

    name: str  # as Google's JobPosting documentation and the Rich Results Test name it
    need: str  # REQUIRED, RECOMMENDED (Google's "optional" warnings) or WHEN_GIVEN (never missed)
    field: str  # the front-matter field that fills it ("" when the posting's body or site.yaml does)
    fix: str  # what to do when it is missing
    value: ValueOf  # its value, or None when the posting gives none
    expected: Callable[[Posting], bool] = lambda posting: True  # whether Google expects it of this posting


def _not_remote(posting: Posting) -> bool:
    return posting.workplace is not Workplace.REMOTE


JOB_POSTING_PROPERTIES: tuple[Property, ...] = (
    Property("title", REQUIRED, "title", "add title:", lambda posting, site, html: posting.title),
    Property(
        "description",
        REQUIRED,
        "",
        "write the posting's text below its front matter",
        lambda posting, site, html: str(html) or None,
    ),
    Property(
        "datePosted",
        REQUIRED,
        "date_posted",
        "add date_posted:",
        lambda posting, site, html: _timestamp(posting.date_posted, site),
    ),
    Property(
        "hiringOrganization",
        REQUIRED,
        "",
        "give site.yaml an organization:",
        lambda posting, site, html: _organization_fields(site),
    ),
    Property(
        "jobLocation",
        REQUIRED,
        "location",
        'add location: (e.g. location: "Bangalore, Karnataka, IN")',
        lambda posting, site, html: _job_location(posting, site),
        expected=_not_remote,
    ),
    Property(
        "jobLocationType",
        REQUIRED,
        "on_site",
        "add applicant_locations: to the remote posting",
        lambda posting, site, html: "TELECOMMUTE" if _telecommutes(posting) else None,
        expected=lambda posting: not _not_remote(posting),
    ),
    Property(
        "applicantLocationRequirements",
        REQUIRED,
        "applicant_locations",
        "add applicant_locations: (e.g. applicant_locations: [IN])",
        lambda posting, site, html: _applicant_countries(posting),
        expected=lambda posting: not _not_remote(posting),
    ),
    Property(
        "identifier",
        RECOMMENDED,
        "id",
        "add id: (the requisition number)",
        lambda posting, site, html: {
            "@type": "PropertyValue",
            "name": site.organization.name,
            "value": posting.identifier,
        },
    ),
    Property("url", WHEN_GIVEN, "", "", lambda posting, site, html: posting_url(posting, site)),
    Property(
        "validThrough",
        RECOMMENDED,
        "valid_through",
        "add valid_through: (e.g. valid_through: 2027-02-28); without it the posting stays open "
        "until it is removed or given one",
        lambda posting, site, html: (
            None if posting.valid_through is None else _end_of_day(posting.valid_through, site)
        ),
    ),
    Property(  # recommended by Google, but SPEC warns only of a missing salary or valid_through
        "employmentType",
        WHEN_GIVEN,
        "employment_type",
        "add employment_type: (e.g. employment_type: full-time)",
        lambda posting, site, html: _employment_type(posting),
    ),
    Property(
        "baseSalary",
        RECOMMENDED,
        "salary",
        "add salary: with the pay or its range (postings with a salary get more applicants, "
        "and Google shows it)",
        lambda posting, site, html: None if posting.salary is None else _base_salary(posting.salary),
    ),
    Property(
        "experienceRequirements",
        WHEN_GIVEN,
        "experience",
        "add experience: (e.g. experience: 4+ years)",
        lambda posting, site, html: _experience(posting),
    ),
    Property(
        "directApply",
        WHEN_GIVEN,
        "direct_apply",
        "add direct_apply: true when the apply URL is the form",
        lambda posting, site, html: True if posting.direct_apply else None,
    ),
)


def job_posting(posting: Posting, site: Site, description_html: str) -> dict[str, Any]:
    """Return the JobPosting JSON-LD of an open posting, with ``description_html`` as its description."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "JobPosting"}
    for prop in JOB_POSTING_PROPERTIES:
        value = prop.value(posting, site, description_html)
        if value is not None:
            data[prop.name] = value
    return data


def organization(site: Site) -> dict[str, Any]:
    """Return the Organization JSON-LD for the listing page."""
    return {"@context": "https://schema.org", **_organization_fields(site)}


def breadcrumb_list(items: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Return BreadcrumbList JSON-LD from (name, absolute URL) pairs, outermost first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(items, start=1)
        ],
    }


def script_json(data: Mapping[str, Any]) -> Markup:
    """Serialize JSON-LD for a <script type="application/ld+json"> element, safe to embed as is."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    for character, escaped in _SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return Markup(text)  # the one place JSON becomes Markup


def _salary_data(salary: Salary | None) -> dict[str, Any] | None:
    if salary is None:
        return None
    return {
        "currency": salary.currency,
        "min": _number(salary.minimum),
        "max": _number(salary.maximum),
        "period": salary.period,
    }


def _posting_data(posting: Posting, site: Site, summary: str | None) -> dict[str, Any]:
    return {
        "id": posting.identifier,
        "slug": posting.slug,
        "url": posting_url(posting, site),
        "title": posting.title,
        "summary": summary,
        "department": posting.department,
        "locations": [
            {
                "city": location.city,
                "region": location.region,
                "country": location.country,
                "postal_code": location.postal_code,
                "street": location.street,
            }
            for location in posting.locations
        ],
        "workplace": posting.workplace.value,
        "applicant_locations": list(posting.applicant_locations),
        "employment_types": list(posting.employment_types),
        "salary": _salary_data(posting.salary),
        "experience_months": posting.experience.months if posting.experience else None,
        "date_posted": _timestamp(posting.date_posted, site),
        "updated": _timestamp(posting.updated, site) if posting.updated is not None else None,
        "valid_through": _timestamp(posting.valid_through, site) if posting.valid_through else None,
        "apply": posting.apply,
        "direct_apply": posting.direct_apply,
    }


def jobs_entry(posting: Posting, site: Site, summary: str | None) -> bytes:
    """Return a posting's line of jobs.json (each posting is encoded on its own, by the C encoder)."""
    return _compact(_posting_data(posting, site, summary)).encode()


def jobs_json(cards: Sequence[Card], site: Site) -> Iterator[bytes]:
    """Return jobs.json, in chunks: the given (open) postings as data, sorted by slug, byte-stable.

    No build time is included, so the file changes only when the postings do (see
    jobs.schema.json). One posting per line, joined from the cards' pieces: at 10k postings
    no tree of dicts for the whole file is ever built.
    """
    header = {
        "version": JOBS_JSON_VERSION,
        "title": site.title,
        "url": site.base_url,
        "timezone": site.timezone,
        "organization": {"name": site.organization.name, "url": site.organization.url},
        "postings": None,
    }
    head, tail = _compact(header).split('"postings":null', 1)
    ordered = sorted(cards, key=lambda card: card.slug)
    if not ordered:
        yield f'{head}"postings":[]{tail}\n'.encode()
        return
    yield f'{head}"postings":[\n'.encode()
    for index, card in enumerate(ordered):
        yield card.pieces["jobs_entry"] + (b",\n" if index + 1 < len(ordered) else b"\n")
    yield f"]{tail}\n".encode()


def _compact(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
