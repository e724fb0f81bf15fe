"""Validate one posting file (content/jobs/*.md) into a Posting."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from careersite import fields
from careersite.dates import local_date
from careersite.diagnostics import Diagnostics, did_you_mean
from careersite.model import EMPLOYMENT_TYPES, Experience, Location, Posting, Salary, Site, Workplace
from careersite.schema import Reader, check_body, check_placeholders, country_code, slug_of
from careersite.slugs import is_slug, slugify
from careersite.sources import KeyPath, load_markdown

POSTING_FIELDS = fields.names(fields.POSTING)
LOCATION_FIELDS = fields.names(fields.LOCATION)
# Spellings people use for employment types, beyond SPEC's own values.
EMPLOYMENT_ALIASES = {
    "fulltime": "full-time", "parttime": "part-time", "internship": "intern", "contractor": "contract",
    "temp": "temporary", "perdiem": "per-diem",
}  # fmt: skip

_EXPERIENCE = re.compile(
    r"^(?P<low>\d+(?:\.\d+)?)\s*(?:(?:-|\u2013|\u2014|to)\s*(?P<high>\d+(?:\.\d+)?))?\s*(?P<plus>\+)?\s*"
    r"(?P<unit>years?|yrs?|months?)?(?:\s+of\s+experience)?$",
    re.IGNORECASE,
)
SUMMARY_WARN_LENGTH = 200


def load_posting(
    path: Path, shown: Path, site: Site | None, diags: Diagnostics, data: bytes | None = None
) -> Posting | None:
    """Validate one content/jobs/*.md file into a Posting (validated even when the site is broken).

    `data`: the file's bytes, when the caller has read them already (and hashed them).
    """
    document = load_markdown(path, shown, diags, data)
    if document is None:
        return None
    check_placeholders(document, diags)
    zone = site.timezone if site else "UTC"
    read = Reader(document, diags, ZoneInfo(zone))
    read.check_keys((), POSTING_FIELDS)
    for field in ("title", "date_posted", "apply"):
        read.require((field,))
    title = read.text(("title",), max_length=200, one_line=True)
    date_posted = read.date(("date_posted",))
    updated = read.date(("updated",))
    valid_through = read.date(("valid_through",))
    if date_posted is not None:
        posted_day = local_date(date_posted, zone)
        for field, value in (("updated", updated), ("valid_through", valid_through)):
            if value is not None and local_date(value, zone) < posted_day:
                read.error(
                    (field,), f"`{field}` ({local_date(value, zone)}) is before `date_posted` ({posted_day})"
                )
    workplace = _workplace(read)
    locations = _locations(read, ("location",))
    applicant_locations = [
        code for item, text in read.string_list(("applicant_locations",)) if (code := read.country(item))
    ]
    _check_workplace(read, workplace, locations, applicant_locations)
    salary = _salary(read, site.currency if site else None)
    summary = read.text(("summary",))
    if summary and len(summary) > SUMMARY_WARN_LENGTH:
        read.warning(("summary",), f"`summary` is {len(summary)} characters; search results show about 160")
    slug = slug_of(read, path)
    department = read.text(("department",), max_length=100, one_line=True)
    if department is not None and not slugify(department):
        read.error(("department",), f"`department`: `{department}` has no letters or digits to name its page")
    aliases = tuple(_alias(read, item, text) for item, text in read.string_list(("aliases",)))
    identifier = read.text(("id",), max_length=100, one_line=True)
    apply = read.apply_target(("apply",))
    check_body(document, diags)
    employment_types = _employment_types(read)
    experience = _experience(read)
    direct_apply = bool(read.boolean(("direct_apply",)))
    draft = bool(read.boolean(("draft",)))
    if read.failed or not (title and date_posted and apply and slug):
        return None
    return Posting(
        source=shown,
        slug=slug,
        title=title,
        date_posted=date_posted,
        apply=apply,
        identifier=identifier or slug,
        workplace=workplace or Workplace.ON_SITE,
        locations=tuple(locations),
        applicant_locations=tuple(dict.fromkeys(applicant_locations)),
        employment_types=employment_types,
        salary=salary,
        experience=experience,
        updated=updated,
        valid_through=valid_through,
        department=department,
        department_slug=slugify(department) if department else None,
        department_line=document.line("department") if department else 1,
        valid_through_line=document.line("valid_through"),
        summary=summary,
        aliases=tuple(a for a in aliases if a),
        direct_apply=direct_apply,
        draft=draft,
        body=document.body,
        body_line=document.body_line,
        field_lines=tuple((key, line) for (key, *rest), line in document.lines.items() if not rest),
        front_matter_line=document.start_line,
    )


def _salary(read: Reader, site_currency: str | None) -> Salary | None:
    if "salary" in read.document.placeholders:
        return None
    value = read.get(("salary",))
    if value is None:
        return None  # Google's view reports it (rich_results), and the pay-transparency laws
    from careersite.salary import SalaryError, parse_salary  # Babel's currency data: loaded on first use

    try:
        return parse_salary(value, site_currency)
    except SalaryError as exc:
        message = str(exc)
        read.error(("salary",), message if message.startswith("salary") else f"salary: {message}")
        return None


def _workplace(read: Reader) -> Workplace | None:
    value = read.get(("on_site",))
    if value is None or value is True:
        return Workplace.ON_SITE
    if value is False:
        return Workplace.REMOTE
    word = value.strip().lower() if isinstance(value, str) else None
    if word in ("on-site", "onsite"):
        return Workplace.ON_SITE
    if word == "hybrid":
        return Workplace.HYBRID
    if word == "remote":
        return Workplace.REMOTE
    read.error(("on_site",), f"`on_site` must be true (on-site), hybrid or false (remote), not `{value}`")
    return None


def _locations(read: Reader, path: KeyPath) -> list[Location]:
    value = read.get(path)
    if value is None:
        return []
    items = [(path, value)] if not isinstance(value, list) else [((*path, i), v) for i, v in enumerate(value)]
    locations = []
    for item_path, item in items:
        location = _location(read, item_path, item)
        if location is not None:
            locations.append(location)
    return locations


def _location(read: Reader, path: KeyPath, value: Any) -> Location | None:
    if isinstance(value, dict):
        read.check_keys(path, LOCATION_FIELDS)
        city = read.text((*path, "city"), max_length=100, one_line=True)
        country = read.country((*path, "country"))
        if (
            not read.require((*path, "city"))
            or not read.require((*path, "country"))
            or not city
            or not country
        ):
            return None
        return Location(
            city=city,
            country=country,
            region=read.text((*path, "region"), max_length=100, one_line=True),
            postal_code=read.text((*path, "postal_code"), max_length=20, one_line=True),
            street=read.text((*path, "street"), max_length=200, one_line=True),
        )
    text = read.text(path, max_length=200, one_line=True)
    if text is None:
        return None
    parts = [part.strip() for part in text.split(",")]
    if len(parts) < 2 or not all(parts):
        read.error(
            path, f"`location`: `{text}` needs a city and a country", 'write "City, Region, CC" or "City, CC"'
        )
        return None
    country = country_code(parts[-1])
    if country is None:
        read.error(
            path,
            f"`location`: unknown country `{parts[-1]}` in `{text}`",
            "end it with an ISO code such as IN or an English country name",
        )
        return None
    return Location(city=parts[0], country=country, region=", ".join(parts[1:-1]) or None)


def _check_workplace(read: Reader, workplace: Workplace | None, locations: list, applicants: list) -> None:
    for field in ("location", "applicant_locations"):
        if read.get((field,)) == []:
            read.error(
                (field,), f"`{field}` is an empty list", "name at least one place, or remove the field"
            )
    if workplace is Workplace.REMOTE:
        if read.get(("applicant_locations",)) is None:
            read.error(
                ("on_site",),
                "a fully remote posting (`on_site: false`) needs `applicant_locations`",
                "list the countries people may work from, e.g. `applicant_locations: [IN]`",
            )
    elif workplace is not None:
        if read.get(("location",)) is None and "location" not in read.document.placeholders:
            kind = "hybrid" if workplace is Workplace.HYBRID else "on-site"
            read.error(
                (),
                f"missing required field `location` (the posting is {kind})",
                'e.g. location: "Bangalore, Karnataka, IN"',
            )
        if read.get(("applicant_locations",)) is not None:
            read.error(
                ("applicant_locations",),
                "`applicant_locations` is only for fully remote postings (`on_site: false`)",
            )


def _employment_types(read: Reader) -> tuple[str, ...]:
    types = []
    for path, text in read.string_list(("employment_type",)):
        key = re.sub(r"[\s_]+", "-", text.strip().lower())
        key = EMPLOYMENT_ALIASES.get(key.replace("-", ""), key)
        if key not in EMPLOYMENT_TYPES:
            read.error(
                path,
                f"`employment_type`: unknown type `{text}`",
                did_you_mean(key, EMPLOYMENT_TYPES) or "use one of " + ", ".join(EMPLOYMENT_TYPES),
            )
        elif key not in types:
            types.append(key)
    return tuple(types)


def _experience(read: Reader) -> Experience | None:
    value = read.get(("experience",))
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return Experience(months=value * 12, text=f"{value} years")
    text = read.text(("experience",), one_line=True)
    match = _EXPERIENCE.match(text or "")
    if text is None:
        return None
    if not match or (match["unit"] is None and not match["plus"] and not match["high"]):
        read.error(
            ("experience",),
            f"`experience`: `{text}` is not a length of experience",
            "write e.g. `4-7 years`, `4+ years` or `18 months`",
        )
        return None
    low, high = float(match["low"]), float(match["high"] or match["low"])
    if high < low:
        read.error(("experience",), f"`experience`: minimum {match['low']} is above maximum {match['high']}")
        return None
    per_unit = 1 if (match["unit"] or "").lower().startswith("month") else 12
    return Experience(months=round(low * per_unit), text=text)


def _alias(read: Reader, path: KeyPath, text: str) -> str | None:
    if not is_slug(text):
        read.error(path, f"`aliases`: `{text}` is not a valid slug", f"write `{slugify(text) or 'old-name'}`")
        return None
    return text
