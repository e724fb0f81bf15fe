"""Field readers: turn YAML values into typed values or diagnostics that name the field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from careersite.diagnostics import Diagnostics, did_you_mean
from careersite.slugs import is_slug, slugify
from careersite.sources import Document, KeyPath, dotted

# Names people write for countries that CLDR's English names do not cover (SPEC: "a short
# documented alias table"); matched case-insensitively, dots ignored.
COUNTRY_ALIASES = {
    "usa": "US",
    "us": "US",
    "america": "US",
    "united states of america": "US",
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "uae": "AE",
    "south korea": "KR",
    "korea": "KR",
    "russia": "RU",
    "vietnam": "VN",
    "czech republic": "CZ",
    "holland": "NL",
    "turkey": "TR",
}

_EMAIL = re.compile(r"^[^@\s<>()\[\]\\,;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")
_URL_HOST = re.compile(
    r"^https?://[^/\s?#@]+\.[^/\s?#@]+(?::\d+)?(?:[/?#]\S*)?$|^https?://localhost(?::\d+)?(?:[/?#]\S*)?$"
)


@cache
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """ISO alpha-2 code -> English name, and lower-case name -> code, from CLDR (Babel)."""
    from babel import Locale

    names = {
        code: name for code, name in Locale("en").territories.items() if len(code) == 2 and code.isalpha()
    }
    by_name = {name.lower(): code for code, name in names.items()}
    for code, name in Locale("en").territories.items():  # CLDR's short variants ("UK", "US")
        if len(code) > 2 and "-alt-" in code and code[:2] in names:
            by_name.setdefault(name.lower(), code[:2])
    return names, by_name


def country_code(text: str) -> str | None:
    """Resolve an ISO 3166-1 alpha-2 code or an English country name to the code."""
    names, by_name = _countries()
    cleaned = text.strip()
    if len(cleaned) == 2 and cleaned.upper() in names:
        return cleaned.upper()
    key = cleaned.lower().replace(".", "").strip()
    return COUNTRY_ALIASES.get(key) or by_name.get(key) or by_name.get(cleaned.lower())


def country_name(code: str) -> str:
    """The English name of an ISO country code."""
    return _countries()[0].get(code, code)


class Reader:
    """Read the fields of one Document, adding a diagnostic for each bad value."""

    def __init__(self, document: Document, diags: Diagnostics, timezone: ZoneInfo | None = None) -> None:
        self.document, self.diags, self.timezone = document, diags, timezone or ZoneInfo("UTC")
        self.failed = False

    # -- reporting -------------------------------------------------------------------------

    def error(self, path: KeyPath, message: str, hint: str | None = None) -> None:
        """Report a problem with the field at path."""
        self.failed = True
        self.diags.error(self.document.path, self.document.line(*path), message, hint)

    def warning(self, path: KeyPath, message: str, hint: str | None = None) -> None:
        """Warn about the field at path."""
        self.diags.warning(self.document.path, self.document.line(*path), message, hint)

    def get(self, path: KeyPath) -> Any:
        """The raw value at path, or None."""
        value: Any = self.document.data
        for part in path:
            if isinstance(value, dict) and isinstance(part, str):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                return None
        return value

    def check_keys(self, path: KeyPath, known: Iterable[str]) -> None:
        """Report every key of the mapping at path that is not a known field."""
        mapping = self.get(path) if path else self.document.data
        known = list(known)
        if not isinstance(mapping, dict):
            return
        for key in mapping:
            if key not in known:
                self.error(
                    (*path, key),
                    f"unknown field `{dotted((*path, key))}`",
                    did_you_mean(str(key), known) or "known fields: " + ", ".join(f"`{k}`" for k in known),
                )

    def require(self, path: KeyPath, what: str = "") -> bool:
        """Report a missing required field; tell whether it is present."""
        if path[0] in self.document.placeholders:  # already reported as a placeholder
            return False
        if self.get(path) is None:
            parent = self.document.line(*path[:-1]) if len(path) > 1 else self.document.start_line
            self.failed = True
            self.diags.error(
                self.document.path, parent, f"missing required field `{dotted(path)}`", what or None
            )
            return False
        return True

    # -- typed readers -----------------------------------------------------------------------

    def text(self, path: KeyPath, max_length: int | None = None, one_line: bool = False) -> str | None:
        """Read a text field; numbers, dates and booleans count as the text that was typed."""
        value = self.get(path)
        if value is None:
            return None
        if isinstance(value, dict | list):
            self.error(path, f"`{dotted(path)}` must be text, not a {_kind(value)}")
            return None
        text = self.document.raw.get(path) if not isinstance(value, str) else value
        text = (text if text is not None else str(value)).strip()
        if not text:
            self.error(path, f"`{dotted(path)}` is empty")
            return None
        if one_line and "\n" in text:
            self.error(path, f"`{dotted(path)}` must fit on one line")
            return None
        if max_length and len(text) > max_length:
            self.error(path, f"`{dotted(path)}` is {len(text)} characters long; at most {max_length} fit")
            return None
        return text

    def boolean(self, path: KeyPath) -> bool | None:
        """Read true/false (YAML's yes/no count too)."""
        value = self.get(path)
        if value is None or isinstance(value, bool):
            return value
        self.error(path, f"`{dotted(path)}` must be true or false, not `{self._shown(path)}`")
        return None

    def number(self, path: KeyPath) -> Decimal | None:
        """Read a number."""
        value = self.get(path)
        if value is None:
            return None
        if not isinstance(value, bool) and isinstance(value, int | float | str):
            try:
                number = Decimal(str(value).replace(",", "").strip())
                if number.is_finite():
                    return number
            except InvalidOperation:
                pass
        self.error(path, f"`{dotted(path)}` must be a number, not `{self._shown(path)}`")
        return None

    def date(self, path: KeyPath) -> dt.date | dt.datetime | None:
        """Read a date (YYYY-MM-DD) or an ISO 8601 date-time; naive times get the site's timezone."""
        value = self.get(path)
        if value is None:
            return None
        if isinstance(value, str):
            value = self._parse_date_text(value.strip())
            if value is None:
                self.error(
                    path,
                    f"`{dotted(path)}`: `{self._shown(path)}` is not a date",
                    "write it as YYYY-MM-DD, e.g. 2026-11-20",
                )
                return None
        if isinstance(value, dt.date) and not 1900 <= value.year <= 9998:
            # Far years overflow when moved into the site's timezone; no posting needs them.
            self.error(
                path,
                f"`{dotted(path)}`: the year {value.year} is out of range",
                "write a date like 2026-11-20",
            )
            return None
        if isinstance(value, dt.datetime):
            return value if value.tzinfo else value.replace(tzinfo=self.timezone)
        if isinstance(value, dt.date):
            return value
        self.error(
            path,
            f"`{dotted(path)}` must be a date like 2026-11-20, not a {_kind(value)}",
        )
        return None

    def string_list(self, path: KeyPath) -> list[tuple[KeyPath, str]]:
        """Read a list of text (a single text counts as a list of one), with each item's path."""
        value = self.get(path)
        if value is None:
            return []
        if not isinstance(value, list):
            value, paths = [value], [path]
        else:
            paths = [(*path, i) for i in range(len(value))]
        items = []
        for item_path in paths:
            text = self.text(item_path)
            if text is not None:
                items.append((item_path, text))
        return items

    def country(self, path: KeyPath) -> str | None:
        """Read a country as an ISO code or English name (`NO` stays Norway, not false)."""
        value = self.get(path)
        if isinstance(value, bool):  # YAML 1.1 reads NO, no, off… as false
            value = self.document.raw.get(path, "NO" if value is False else "YES")
        if value is None:
            return None
        if not isinstance(value, str):
            self.error(path, f"`{dotted(path)}` must be a country code or name, not a {_kind(value)}")
            return None
        code = country_code(value)
        if code is None:
            self.error(
                path,
                f"`{dotted(path)}`: unknown country `{value}`",
                "use an ISO 3166-1 code such as IN, US, GB, or the English name",
            )
        return code

    def url(self, path: KeyPath, https_only: bool = False) -> str | None:
        """Read an absolute http(s) URL."""
        text = self.text(path, one_line=True)
        if text is None:
            return None
        if not _URL_HOST.match(text):
            self.error(path, f"`{dotted(path)}`: `{text}` is not an absolute URL", "write it as https://…")
            return None
        if https_only and not text.startswith("https://"):
            self.error(
                path, f"`{dotted(path)}` must use https://", f"write https://{text.split('://', 1)[1]}"
            )
            return None
        return text

    def apply_target(self, path: KeyPath) -> str | None:
        """Read an apply target: https URL, mailto: URL or bare e-mail address -> https/mailto URL."""
        text = self.text(path, one_line=True)
        if text is None:
            return None
        lowered = text.lower()
        if lowered.startswith("mailto:"):
            address = text[7:].split("?", 1)[0]
            if _EMAIL.match(address):
                return "mailto:" + text[7:]
        elif _EMAIL.match(text):
            return "mailto:" + text
        elif lowered.startswith("https://") and _URL_HOST.match(text):
            return text
        elif lowered.startswith("http://"):
            self.error(path, "`apply` must use https://, not http://", f"write https://{text[7:]}")
            return None
        self.error(
            path,
            f"`apply`: `{text}` is not an https:// URL or an e-mail address",
            "write the application page (https://…) or an address such as jobs@example.com",
        )
        return None

    def timezone_name(self, path: KeyPath) -> ZoneInfo | None:
        """Read an IANA timezone name."""
        text = self.text(path, one_line=True)
        if text is None:
            return None
        try:
            return ZoneInfo(text)
        except (ValueError, KeyError, OSError):
            self.error(
                path, f"`{dotted(path)}`: unknown timezone `{text}`", "use an IANA name such as Asia/Kolkata"
            )
            return None

    def _shown(self, path: KeyPath) -> str:
        return self.document.raw.get(path) or str(self.get(path))

    def _parse_date_text(self, text: str) -> dt.date | dt.datetime | None:
        for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
            try:
                return parse(text)
            except ValueError:
                continue
        return None


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if isinstance(value, bool):
        return "true/false value"
    if isinstance(value, dt.date):
        return "date"
    return "number" if isinstance(value, int | float) else type(value).__name__


# -- whole-document checks, shared by postings and pages ---------------------------------------------


def check_placeholders(document: Document, diags: Diagnostics) -> None:
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


def check_body(document: Document, diags: Diagnostics) -> None:
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


def slug_of(read: Reader, path: Path) -> str | None:
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
