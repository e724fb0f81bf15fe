"""Load content/: site.yaml, free pages and every posting, and the checks across files."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from careersite import fields
from careersite.cms import cms_settings
from careersite.diagnostics import Diagnostics
from careersite.model import (
    DAILY_BUDGET,
    Card,
    NotifySettings,
    Organization,
    Page,
    Posting,
    Site,
)
from careersite.pay_transparency import read_settings
from careersite.schema import Reader, check_body, check_placeholders, slug_of
from careersite.sources import KeyPath, load_markdown, load_yaml_file

SITE_FIELDS = fields.names(fields.SITE)
ORGANIZATION_FIELDS = fields.names(fields.ORGANIZATION)
PAGE_FIELDS = fields.names(fields.PAGE)

_HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


def load_site(path: Path, shown: Path, diags: Diagnostics, templates_dir: Path | None = None) -> Site | None:
    """Validate content/site.yaml into a Site (`templates_dir`: the theme its texts are checked against)."""
    if not path.is_file():
        diags.error(
            shown, 1, "site.yaml is missing", "create it with at least title, base_url and organization"
        )
        return None
    document = load_yaml_file(path, shown, diags)
    if document is None:
        return None
    check_placeholders(document, diags)
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
    strings = _strings(read, templates_dir, language) if templates_dir is not None else ()
    feeds = _feeds(read)
    share_images = read.boolean(("share_images",))
    notify = _notify(read)
    cms = cms_settings(read)
    employees, pay_transparency, pay_transparency_off = read_settings(read)
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
        strings=strings,
        feeds=feeds,
        share_images=share_images is not False,
        notify=notify,
        cms=cms,
        employees=employees,
        pay_transparency=pay_transparency,
        pay_transparency_off=pay_transparency_off,
    )


def load_page(path: Path, shown: Path, diags: Diagnostics) -> Page | None:
    """Validate one content/pages/*.md file into a Page."""
    document = load_markdown(path, shown, diags)
    if document is None:
        return None
    check_placeholders(document, diags)
    read = Reader(document, diags)
    read.check_keys((), PAGE_FIELDS)
    read.require(("title",))
    title = read.text(("title",), max_length=200, one_line=True)
    order = read.number(("order",))
    page = Page(
        source=shown,
        slug=slug_of(read, path) or "",
        title=title or "",
        summary=read.text(("summary",)),
        order=float(order) if order is not None else None,
        draft=bool(read.boolean(("draft",))),
        body=document.body,
        body_line=document.body_line,
    )
    check_body(document, diags)
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


def _strings(read: Reader, templates_dir: Path, language: str) -> tuple[tuple[str, str], ...]:
    """site.yaml `strings:` (the theme's English texts -> the site's), and whether the theme speaks
    the site's language (English, with one warning, when it does not)."""
    from careersite import messages

    if _is_known_language(language) and not messages.has_texts(templates_dir, language):
        message = f"the theme has no texts in `{language}`: its buttons and headings are in English"
        read.warning(("language",), message, "give them with `strings:` or a catalog (docs/templates.md)")
    if read.get(("strings",)) is None:
        return ()
    if not isinstance(read.get(("strings",)), dict):
        read.error(("strings",), "`strings` must be a mapping from the theme's English text to yours")
        return ()
    known = messages.message_ids(templates_dir)
    pairs = []
    for key in read.get(("strings",)):
        text = read.text(("strings", key), one_line=False)
        if not isinstance(key, str) or key not in known:
            close = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else "docs/templates.md lists the theme's texts"
            read.error(("strings", key), f"`strings`: the theme shows no text `{key}`", hint)
        elif text is not None:
            pairs.append((key, text))
    return tuple(sorted(pairs))


FEEDS = ("indeed",)  # job-board feeds the build can publish (LinkedIn takes XML from partners only)


def _feeds(read: Reader) -> tuple[str, ...]:
    """site.yaml `feeds:`: a list of FEEDS."""
    chosen = []
    for path, name in read.string_list(("feeds",)):
        if name.lower() in FEEDS:
            chosen.append(name.lower())
        else:
            close = difflib.get_close_matches(name.lower(), FEEDS, n=1)
            hint = f"did you mean `{close[0]}`?" if close else f"the feeds are: {', '.join(FEEDS)}"
            read.error(path, f"`feeds`: unknown feed `{name}`", hint)
    return tuple(sorted(set(chosen)))


NOTIFY_FIELDS = fields.names(fields.NOTIFY)
_INDEXNOW_KEY = re.compile(r"^[A-Za-z0-9-]{8,128}$")  # IndexNow's rule for a key


def _notify(read: Reader) -> NotifySettings:
    """site.yaml `notify:` (SPEC "Telling search engines what changed")."""
    base: KeyPath = ("notify",)
    if read.get(base) is None:
        return NotifySettings()
    if not isinstance(read.get(base), dict):
        read.error(base, "`notify` must be a mapping", "keys: " + ", ".join(f"`{k}`" for k in NOTIFY_FIELDS))
        return NotifySettings()
    read.check_keys(base, NOTIFY_FIELDS)
    credentials = read.text((*base, "google_credentials"), one_line=True)
    key = read.text((*base, "indexnow_key"), one_line=True)
    if key is not None and not _INDEXNOW_KEY.match(key):
        read.error(
            (*base, "indexnow_key"),
            f"`notify.indexnow_key` must be 8 to 128 letters, digits or dashes, not `{key}`",
            "make one with: python3 -c 'import uuid; print(uuid.uuid4().hex)'",
        )
        key = None
    budget = read.number((*base, "daily_budget"))
    if budget is not None and (budget != budget.to_integral_value() or budget < 1):
        message = f"`notify.daily_budget` must be a whole number above 0, not {budget}"
        read.error((*base, "daily_budget"), message, "Google's default quota is 200 a day")
        budget = None
    return NotifySettings(
        google_credentials=credentials,
        indexnow_key=key,
        daily_budget=int(budget) if budget is not None else DAILY_BUDGET,
    )


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


# -- whole-document checks --------------------------------------------------------------------------


def check_unique(postings: Sequence[Posting | Card], pages: list[Page], diags: Diagnostics) -> None:
    """Report slugs, aliases and department names that two files would both claim."""
    seen: dict[str, Path | str] = {}
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
    departments: dict[str, tuple[str, Path | str]] = {}
    for posting in postings:
        if posting.department and posting.department_slug:
            name, source = departments.setdefault(
                posting.department_slug, (posting.department, posting.source)
            )
            if name != posting.department:
                diags.error(
                    posting.source,
                    posting.department_line,
                    f"department `{posting.department}` and `{name}` ({source}) would share the page "
                    f"departments/{posting.department_slug}/",
                    "spell the department the same way in both",
                )
    page_slugs: dict[str, Path] = {}
    for page in pages:
        if page.slug in page_slugs:
            diags.error(page.source, 1, f"the URL name `{page.slug}` is also used by {page_slugs[page.slug]}")
        page_slugs.setdefault(page.slug, page.source)


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
