"""Load content/ into validated model objects, reporting every mistake at once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from careersite.dates import local_date
from careersite.diagnostics import Diagnostics, did_you_mean
from careersite.model import (
    EMPLOYMENT_TYPES,
    Content,
    Experience,
    Location,
    Organization,
    Page,
    Posting,
    Salary,
    Site,
    Workplace,
)
from careersite.schema import Reader, country_code
from careersite.slugs import is_slug, slugify
from careersite.sources import Document, KeyPath, discover, iter_files, load_markdown, load_yaml_file

SITE_FIELDS = (
    "title",
    "base_url",
    "language",
    "currency",
    "timezone",
    "tagline",
    "accent_color",
    "organization",
)
ORGANIZATION_FIELDS = ("name", "url", "logo", "share_image", "same_as")
POSTING_FIELDS = (
    "title", "date_posted", "updated", "apply", "direct_apply", "id", "location", "on_site",
    "applicant_locations", "employment_type", "salary", "experience", "valid_through", "department",
    "summary", "slug", "aliases", "draft",
)  # fmt: skip
LOCATION_FIELDS = ("city", "country", "region", "postal_code", "street")
PAGE_FIELDS = ("title", "summary", "slug", "draft", "order")

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
_HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
SUMMARY_WARN_LENGTH = 200


def load_content(content_dir: Path, diags: Diagnostics, root: Path | None = None) -> Content | None:
    """Read and validate site.yaml, every posting and every page; None when site.yaml is unusable."""
    shown = _shower(content_dir, root)
    site = load_site(content_dir / "site.yaml", shown(content_dir / "site.yaml"), diags)
    postings = [
        posting
        for path in discover(content_dir / "jobs")
        if (posting := load_posting(path, shown(path), site, diags)) is not None
    ]
    pages = [
        page for path in discover(content_dir / "pages") if (page := load_page(path, shown(path), diags))
    ]
    check_unique(postings, pages, diags)
    static_dir = content_dir / "static"
    static = tuple(path.relative_to(static_dir) for path in iter_files(static_dir))
    if site is None:
        return None
    return Content(site=site, postings=tuple(postings), pages=tuple(pages), static_files=static)


def load_site(path: Path, shown: Path, diags: Diagnostics) -> Site | None:
    """Validate content/site.yaml into a Site."""
    if not path.is_file():
        diags.error(
            shown, 1, "site.yaml is missing", "create it with at least title, base_url and organization"
        )
        return None
    document = load_yaml_file(path, shown, diags)
    if document is None:
        return None
    _check_placeholders(document, diags)
    read = Reader(document, diags)
    read.check_keys((), SITE_FIELDS)
    for field in ("title", "base_url", "organization"):
        read.require((field,))
    title = read.text(("title",), max_length=200, one_line=True)
    base_url = read.url(("base_url",))
    language = read.text(("language",), one_line=True) or "en"
    if not _is_known_language(language):
        read.error(
            ("language",), f"`language`: unknown language tag `{language}`", "use a BCP 47 tag such as en-IN"
        )
    currency = read.text(("currency",), one_line=True)
    if currency is not None:
        currency = currency.upper()
        if not _is_currency(currency):
            read.error(
                ("currency",),
                f"`currency`: unknown currency `{currency}`",
                "use an ISO 4217 code such as INR",
            )
    zone = read.timezone_name(("timezone",)) if read.get(("timezone",)) is not None else ZoneInfo("UTC")
    accent = read.text(("accent_color",), one_line=True)
    if accent is not None:
        accent = _accent_color(read, accent)
    organization = _organization(read) if isinstance(read.get(("organization",)), dict) else None
    if read.get(("organization",)) is not None and organization is None and not read.failed:
        read.error(("organization",), "`organization` must be a mapping with name and url")
    if read.failed or not (title and base_url and organization and zone):
        return None
    return Site(
        title=title,
        base_url=base_url.rstrip("/") + "/",
        organization=organization,
        language=language,
        timezone=zone.key,
        currency=currency,
        tagline=read.text(("tagline",), max_length=200, one_line=True),
        accent_color=accent,
    )


def load_posting(path: Path, shown: Path, site: Site | None, diags: Diagnostics) -> Posting | None:
    """Validate one content/jobs/*.md file into a Posting (validated even when the site is broken)."""
    document = load_markdown(path, shown, diags)
    if document is None:
        return None
    _check_placeholders(document, diags)
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
    if read.get(("valid_through",)) is None and not read.get(("draft",)):
        read.warning((), "no `valid_through`: the posting stays open until it is removed or given one")
    summary = read.text(("summary",))
    if summary and len(summary) > SUMMARY_WARN_LENGTH:
        read.warning(("summary",), f"`summary` is {len(summary)} characters; search results show about 160")
    slug = _slug(read, path)
    department = read.text(("department",), max_length=100, one_line=True)
    if department is not None and not slugify(department):
        read.error(("department",), f"`department`: `{department}` has no letters or digits to name its page")
    aliases = tuple(_alias(read, item, text) for item, text in read.string_list(("aliases",)))
    identifier = read.text(("id",), max_length=100, one_line=True)
    apply = read.apply_target(("apply",))
    _check_body(document, diags)
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
        summary=summary,
        aliases=tuple(a for a in aliases if a),
        direct_apply=direct_apply,
        draft=draft,
        body=document.body,
        body_line=document.body_line,
    )


def load_page(path: Path, shown: Path, diags: Diagnostics) -> Page | None:
    """Validate one content/pages/*.md file into a Page."""
    document = load_markdown(path, shown, diags)
    if document is None:
        return None
    _check_placeholders(document, diags)
    read = Reader(document, diags)
    read.check_keys((), PAGE_FIELDS)
    read.require(("title",))
    title = read.text(("title",), max_length=200, one_line=True)
    order = read.number(("order",))
    page = Page(
        source=shown,
        slug=_slug(read, path) or "",
        title=title or "",
        summary=read.text(("summary",)),
        order=float(order) if order is not None else None,
        draft=bool(read.boolean(("draft",))),
        body=document.body,
        body_line=document.body_line,
    )
    _check_body(document, diags)
    return None if read.failed else page


# -- field groups ---------------------------------------------------------------------------------


def _organization(read: Reader) -> Organization | None:
    base: KeyPath = ("organization",)
    read.check_keys(base, ORGANIZATION_FIELDS)
    read.require((*base, "name"))
    read.require((*base, "url"))
    name = read.text((*base, "name"), max_length=200, one_line=True)
    url = read.url((*base, "url"))
    logo = _asset_or_url(read, (*base, "logo"))
    share_image = _asset_or_url(read, (*base, "share_image"))
    if share_image and not share_image.lower().endswith((".png", ".jpg", ".jpeg")):
        read.error(
            (*base, "share_image"),
            "`organization.share_image` must be a PNG or JPEG",
            "X and others reject SVG",
        )
    same_as = tuple(link for item, _ in read.string_list((*base, "same_as")) if (link := read.url(item)))
    if not (name and url):
        return None
    return Organization(name=name, url=url, logo=logo, share_image=share_image, same_as=same_as)


def _asset_or_url(read: Reader, path: KeyPath) -> str | None:
    text = read.text(path, one_line=True)
    if text is None or text.startswith("https://"):
        return text
    if "://" in text or text.startswith(("/", "..")) or ".." in text.split("/"):
        read.error(
            path,
            f"`{path[-1]}` must be a path under templates/assets (e.g. assets/logo.svg) or an https:// URL",
        )
        return None
    return text


def _accent_color(read: Reader, accent: str) -> str | None:
    # Dark mode derives a lighter shade of the accent that reaches 4.5:1 there (colors.py); the
    # button keeps the accent with white text, so the light-background contrast is the bar.
    from careersite.colors import LIGHT_BACKGROUND, contrast_ratio

    if not _HEX_COLOR.match(accent):
        read.error(
            ("accent_color",),
            f"`accent_color`: `{accent}` is not a colour",
            'write it as "#rrggbb" (in quotes)',
        )
        return None
    if len(accent) == 4:
        accent = "#" + "".join(c * 2 for c in accent[1:])
    accent = accent.lower()
    light = contrast_ratio(accent, LIGHT_BACKGROUND)
    if light < 4.5:
        read.error(
            ("accent_color",),
            f"`accent_color` {accent} has a contrast of {light:.2f}:1 on the light background; "
            "4.5:1 is needed",
            "choose a darker colour",
        )
        return None
    return accent


def _salary(read: Reader, site_currency: str | None) -> Salary | None:
    if "salary" in read.document.placeholders:
        return None
    value = read.get(("salary",))
    if value is None:
        read.warning((), "no `salary`: postings with a salary get more applicants and Google shows it")
        return None
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
    if isinstance(value, str) and value.strip().lower() == "hybrid":
        return Workplace.HYBRID
    if isinstance(value, str) and value.strip().lower() in ("remote", "on-site", "onsite"):
        fix = "false" if value.strip().lower() == "remote" else "true"
        read.error(
            ("on_site",), f"`on_site: {value}` is not one of true, hybrid, false", f"write `on_site: {fix}`"
        )
        return None
    read.error(("on_site",), f"`on_site` must be true, hybrid or false, not `{value}`")
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


def _slug(read: Reader, path: Path) -> str | None:
    explicit = read.text(("slug",), one_line=True)
    if explicit is not None:
        if not is_slug(explicit):
            read.error(
                ("slug",),
                f"`slug`: `{explicit}` is not a valid slug",
                "use lower-case letters, digits and single hyphens, "
                f"e.g. `{slugify(explicit) or 'senior-engineer'}`",
            )
            return None
        return explicit
    slug = slugify(path.stem)
    if not slug:
        read.error(
            (),
            f"cannot make a URL name from the file name `{path.name}`",
            "add a `slug:` field or rename the file",
        )
        return None
    return slug


def _alias(read: Reader, path: KeyPath, text: str) -> str | None:
    if not is_slug(text):
        read.error(path, f"`aliases`: `{text}` is not a valid slug", f"write `{slugify(text) or 'old-name'}`")
        return None
    return text


# -- whole-document checks --------------------------------------------------------------------------


def _check_placeholders(document: Document, diags: Diagnostics) -> None:
    """Report front-matter values that still hold `new`'s TODO placeholders, then drop them.

    A placeholder is reported once, as a placeholder: the field is taken out so that its
    validator does not also complain that `TODO …` is no salary or URL.
    """
    for path, value in list(_leaves(document.data, ())):
        if isinstance(value, str) and value.strip().upper().startswith("TODO"):
            diags.error(
                document.path,
                document.line(*path),
                f"`{path[0]}` still holds the placeholder `{_shorten(value.strip(), 60)}`",
                "replace it with the real value",
            )
            document.placeholders.add(str(path[0]))
    for key in document.placeholders:
        document.data.pop(key, None)


def _check_body(document: Document, diags: Diagnostics) -> None:
    """Warn once about `TODO` left in a body, at its first line."""
    lines = [document.body_line + n for n, line in enumerate(document.body.split("\n")) if "TODO" in line]
    if not lines:
        return
    others = len(lines) - 1
    more = f" (and on {others} more line{'s' if others > 1 else ''})" if others else ""
    diags.warning(document.path, lines[0], f"the body still contains `TODO`{more}", "replace them")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _leaves(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def check_unique(postings: list[Posting], pages: list[Page], diags: Diagnostics) -> None:
    """Report slugs, aliases and department names that two files would both claim."""
    seen: dict[str, Path] = {}
    for posting in postings:
        for slug in (posting.slug, *posting.aliases):
            if slug in seen and seen[slug] != posting.source:
                diags.error(
                    posting.source,
                    1,
                    f"the URL name `{slug}` is also used by {seen[slug]}",
                    "give one of them another `slug`",
                )
            seen.setdefault(slug, posting.source)
    departments: dict[str, tuple[str, Path]] = {}
    for posting in postings:
        if posting.department and posting.department_slug:
            name, source = departments.setdefault(
                posting.department_slug, (posting.department, posting.source)
            )
            if name != posting.department:
                diags.error(
                    posting.source,
                    1,
                    f"department `{posting.department}` and `{name}` ({source}) would share the page "
                    f"departments/{posting.department_slug}/",
                    "spell the department the same way in both",
                )
    page_slugs: dict[str, Path] = {}
    for page in pages:
        if page.slug in page_slugs:
            diags.error(page.source, 1, f"the URL name `{page.slug}` is also used by {page_slugs[page.slug]}")
        page_slugs.setdefault(page.slug, page.source)


def _shower(content_dir: Path, root: Path | None):
    base = (root or Path.cwd()).resolve()

    def shown(path: Path) -> Path:
        try:
            return path.resolve().relative_to(base)
        except ValueError:
            return path

    return shown


def _is_known_language(language: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return False
    return True


def _is_currency(code: str) -> bool:
    from babel.numbers import list_currencies

    return code in list_currencies()
