"""Salary shorthand (`₹35-55 LPA`, `$120k-$150k/yr`) or a mapping -> Salary; pure, no I/O.

SPEC: the `salary` row of the posting table and "Salary text is forgiving…".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from babel import Locale, localedata
from babel.core import get_global
from babel.numbers import list_currencies

from careersite.diagnostics import did_you_mean
from careersite.model import PERIODS, Salary

EXAMPLE = "write e.g. `₹35-55 LPA`, `USD 120k-150k per year` or `€25/hour`"
NO_CURRENCY = "salary has no currency and site.yaml sets none; write e.g. `INR 35-55 LPA`"
LARGEST = Decimal(10) ** 15  # more than any salary; keeps typos like 1e40 away from the formatters

UNITS = {
    "k": 1_000, "thousand": 1_000,
    "l": 100_000, "lakh": 100_000, "lakhs": 100_000, "lac": 100_000, "lacs": 100_000, "lpa": 100_000,
    "cr": 10_000_000, "crore": 10_000_000, "crores": 10_000_000,
    "m": 1_000_000, "mn": 1_000_000, "million": 1_000_000,
}  # fmt: skip
# Words that follow "per", "a", "an" or "/".
PERIOD_NAMES = {
    "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour", "h": "hour",
    "day": "day", "days": "day", "d": "day",
    "week": "week", "weeks": "week", "wk": "week", "wks": "week", "w": "week",
    "month": "month", "months": "month", "mo": "month", "mos": "month", "mth": "month", "m": "month",
    "year": "year", "years": "year", "yr": "year", "yrs": "year", "y": "year", "annum": "year",
}  # fmt: skip
# Words that name a period on their own.
PERIOD_WORDS = {
    "hourly": "hour", "ph": "hour", "daily": "day", "pd": "day", "weekly": "week", "pw": "week",
    "monthly": "month", "pm": "month", "yearly": "year", "annually": "year", "annual": "year", "pa": "year",
    "ctc": "year",  # "cost to company", India's yearly package
}  # fmt: skip
PERIOD_INTROS = {"/", "per", "a", "an"}
# The locale's own symbol for `$` and `¥` is shared by many currencies, though English CLDR
# data gives each to one (USD, JPY); these always need the site currency or an ISO code.
SHARED_SYMBOLS = {"$", "¥"}
# What people write that CLDR does not list for the currency.
COLLOQUIAL_SYMBOLS = {"rs": {"INR", "PKR", "LKR", "NPR", "MUR"}, "rs.": {"INR", "PKR", "LKR", "NPR", "MUR"}}

# Every currency sign (Unicode category Sc) of the Basic Multilingual Plane, as a character class:
# written out, because finding them at import took 30 ms of every build (tests check it against
# unicodedata). The Currency Symbols block, U+20A0-U+20CF, is whole: new signs are added there.
_CURRENCY_SIGNS = (
    "$\xa2-\xa5\u058f\u060b\u07fe\u07ff\u09f2\u09f3\u09fb\u0af1\u0bf9\u0e3f\u17db\u20a0-\u20cf"
    "\ua838\ufdfc\ufe69\uff04\uffe0\uffe1\uffe5\uffe6"
)
_UNIT_PATTERN = "|".join(sorted(UNITS, key=len, reverse=True))
_TOKEN = re.compile(
    rf"""
    (?P<space>\s+)
    | (?P<number>\d{{1,3}}(?:[ ']\d{{3}})+(?!\d)|\d+(?:[.,']\d+)*)
      (?:\s*(?P<unit>(?i:{_UNIT_PATTERN}))\.?(?![^\W\d_]))?
    | (?P<dash>[-~\u2010-\u2015\u2212])
    | (?P<slash>/)
    | (?P<symbol>[A-Z]{{0,3}}[{_CURRENCY_SIGNS}])
    | (?P<word>[^\W\d_]+(?:\.[^\W\d_]+)*\.?)
    """,
    re.VERBOSE,
)


class SalaryError(ValueError):
    """A salary the user wrote that cannot be read; its text is a message for people."""


@dataclass
class _End:
    """One end of a range as written: the number, its unit, and the text for messages."""

    number: str = ""
    unit: str = ""
    unit_text: str = ""  # the unit with the spacing the user gave it ("k", " LPA")


def parse_salary(value: object, site_currency: str | None) -> Salary:
    """Read a salary written as shorthand text or as a mapping; raise SalaryError for mistakes."""
    site = site_currency.upper() if isinstance(site_currency, str) and site_currency else None
    try:
        if isinstance(value, str):
            return _parse_text(value, site)
        if isinstance(value, Mapping):
            return _parse_mapping(value, site)
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return _salary(_currency_of([], site, str(value)), _amount(value, ""), None, "year")
    except (ArithmeticError, RecursionError) as error:
        raise SalaryError(f"could not read salary `{value}`; {EXAMPLE}") from error
    raise SalaryError(
        f"salary must be text like `₹35-55 LPA` or a mapping with `currency`, `min`, `max` and `period`, "
        f"not {_kind(value)}"
    )


def _parse_text(value: str, site: str | None) -> Salary:
    text = " ".join(unicodedata.normalize("NFKC", value).split())
    if not text:
        raise SalaryError(f"salary is empty; {EXAMPLE}")
    ends: list[_End] = [_End()]
    periods: list[tuple[str, str]] = []  # (period, as written)
    currencies: list[str] = []  # symbols and codes as written
    tokens = _tokens(text)
    index = 0
    while index < len(tokens):
        kind, word, match = tokens[index]
        end = ends[-1]
        if kind == "number":
            if end.number:
                raise SalaryError(f"salary `{text}` has two amounts in a row; put `-` or `to` between them")
            end.number = match["number"]
            if match["unit"]:
                end.unit = match["unit"].lower()
                end.unit_text = match.group(0)[len(end.number) :]
                if end.unit == "lpa":
                    periods.append(("year", match["unit"]))
        elif kind == "dash" or word.lower() == "to":
            if not end.number:
                raise SalaryError(_missing_amount(text, ends))
            if len(ends) == 2:
                raise SalaryError(f"salary `{text}` has more than two amounts; write one amount or a range")
            ends.append(_End())
        elif kind == "slash" or word.lower() in PERIOD_INTROS:
            name = tokens[index + 1][1] if index + 1 < len(tokens) else ""
            period = PERIOD_NAMES.get(name.lower().rstrip("."))
            if period is None:
                hint = did_you_mean(name.lower(), PERIODS)
                written = f"{word} {name}".strip()
                raise SalaryError(
                    f"salary `{text}` has `{written}` where a period belongs; "
                    f"write {word} hour, day, week, month or year" + (f" ({hint})" if hint else "")
                )
            periods.append((period, f"{word} {name}"))
            index += 1
        elif kind == "symbol":
            currencies.append(word)
        elif word.lower().replace(".", "") in PERIOD_WORDS:
            periods.append((PERIOD_WORDS[word.lower().replace(".", "")], word))
        elif word.upper() in _iso_codes() or _is_symbol_word(word, site):
            currencies.append(word)
        elif len(word) == 3 and word.isupper():
            raise SalaryError(f"salary `{text}` names `{word}`, which is not an ISO 4217 currency code")
        else:
            hint = did_you_mean(word.lower(), [*PERIOD_NAMES, *PERIOD_WORDS, *UNITS, "to"])
            raise SalaryError(f"could not read `{word}` in salary `{text}`; " + (hint or EXAMPLE))
        index += 1
    if not ends[-1].number:
        raise SalaryError(_missing_amount(text, ends))
    if len({period for period, _ in periods}) > 1:
        written = " and ".join(f"`{shown}`" for _, shown in periods)
        raise SalaryError(f"salary `{text}` names two periods, {written}; keep one")
    for end, other in zip(ends, reversed(ends), strict=True):  # a unit on either end applies to both
        if not end.unit:
            end.unit, end.unit_text = other.unit, other.unit_text
    amounts = [_read_number(end.number, bool(end.unit)) * UNITS.get(end.unit, 1) for end in ends]
    shown = [end.number + end.unit_text for end in ends]
    currency = _currency_of(currencies, site, text)
    return _salary(currency, amounts[0], amounts[-1], periods[0][0] if periods else "year", shown)


def _tokens(text: str) -> list[tuple[str, str, re.Match[str]]]:
    """Split salary text into (kind, text, match) tokens, failing on anything unreadable."""
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise SalaryError(f"could not read `{text[position:]}` in salary `{text}`; {EXAMPLE}")
        kind = match.lastgroup or ""
        if kind == "unit":
            kind = "number"
        if kind != "space":
            tokens.append((kind, match.group(0), match))
        position = match.end()
    if not any(kind == "number" for kind, _, _ in tokens):
        raise SalaryError(f"salary `{text}` has no amount; {EXAMPLE}")
    return tokens


def _missing_amount(text: str, ends: list[_End]) -> str:
    if len(ends) == 1 and not ends[0].number:
        return f"salary `{text}` starts with a dash; amounts must be above zero, and a range is `35-55`"
    return f"salary `{text}` is missing an amount after the dash or `to`"


def _read_number(raw: str, has_unit: bool) -> Decimal:
    """Read `35,00,000`, `3,500,000`, `89,370.00`, `89.370,00`, `60 000` or `1.2` as a Decimal."""
    marks = [c for c in raw if c in ".,' "]
    decimal_mark = ""
    if marks:
        last = marks[-1]
        if last in ".," and (marks.count(last) == 1 and len(set(marks)) > 1):
            decimal_mark = last
        elif set(marks) == {","} and len(marks) == 1 and len(raw) - raw.index(",") - 1 in (1, 2):
            decimal_mark = ","
        elif set(marks) == {"."} and len(marks) == 1:
            whole, fraction = raw.split(".")
            if len(fraction) == 3 and not has_unit and whole.strip("0"):
                raise SalaryError(
                    f"`{raw}` could be {whole} or {whole}{fraction}; "
                    f"write `{whole}{fraction}` for the larger, `{whole}` for the smaller"
                )
            decimal_mark = "."
    whole, _, fraction = raw.partition(decimal_mark) if decimal_mark else (raw, "", "")
    groups = re.split(r"[.,' ]", whole)
    if len(groups) > 1 and len({c for c in whole if not c.isdigit()}) > 1:
        raise SalaryError(f"`{raw}` mixes thousands separators; write it as `{''.join(groups)}`")
    western = all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
    indian = len(groups[-1]) == 3 and all(len(g) == 2 for g in groups[1:-1]) and 1 <= len(groups[0]) <= 2
    if len(groups) > 1 and not (western or indian):
        raise SalaryError(
            f"`{raw}` has its thousands separators in odd places; write it as `{''.join(groups)}`"
        )
    return Decimal("".join(groups) + ("." + fraction if fraction else ""))


def _parse_mapping(value: Mapping[object, object], site: str | None) -> Salary:
    fields = ("currency", "min", "max", "value", "period")
    for key in value:
        if key not in fields:
            hint = did_you_mean(str(key), fields)
            raise SalaryError(
                f"salary has an unknown key `{key}`; " + (hint or "use currency, min, max, value and period")
            )
    if "value" in value and ("min" in value or "max" in value):
        raise SalaryError("salary has `value` and `min`/`max`; use `value` for one amount or `min` and `max`")
    if "value" not in value and ("min" not in value or "max" not in value):
        missing = "min" if "max" in value else "max" if "min" in value else "value"
        raise SalaryError(
            f"salary needs `{missing}`; write `min` and `max` for a range or `value` for one amount"
        )
    codes = []
    if "currency" in value:
        if not isinstance(value["currency"], str):
            raise SalaryError(
                f"salary `currency` must be an ISO 4217 code like `INR`, not {_kind(value['currency'])}"
            )
        code = value["currency"].strip()
        if not code:
            raise SalaryError("salary `currency` is empty; write an ISO 4217 code like `INR`")
        if re.fullmatch("[A-Za-z]{3}", code) and code.upper() not in _iso_codes():
            raise SalaryError(f"salary `currency` is `{code}`, which is not an ISO 4217 currency code")
        codes.append(code)
    period = value.get("period", "year")
    if not isinstance(period, str):
        raise SalaryError(f"salary `period` must be one of {', '.join(PERIODS)}, not {_kind(period)}")
    if period.strip().lower() not in PERIODS:
        hint = did_you_mean(period.strip().lower(), PERIODS)
        raise SalaryError(
            f"salary `period` is `{period}`; use one of {', '.join(PERIODS)}" + (f" ({hint})" if hint else "")
        )
    currency = _currency_of(codes, site, "")
    if "value" in value:
        return _salary(currency, _amount(value["value"], "value"), None, period.strip().lower())
    low, high = _amount(value["min"], "min"), _amount(value["max"], "max")
    return _salary(currency, low, high, period.strip().lower(), [str(value["min"]), str(value["max"])])


def _amount(value: object, field: str) -> Decimal:
    """Read a mapping's amount (or a bare number, field ""): a number, or text like `35,00,000` or `35 L`."""
    label = f"salary `{field}`" if field else "salary"
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise SalaryError(f"{label} must be a number like 3500000 or `35 L`, not {_kind(value)}")
    if isinstance(value, str):
        match = _TOKEN.fullmatch(" ".join(unicodedata.normalize("NFKC", value).split()))
        if match is None or match.lastgroup not in ("number", "unit"):
            raise SalaryError(f"{label} must be a number like 3500000 or `35 L`, not `{value}`")
        unit = (match["unit"] or "").lower()
        return _read_number(match["number"], bool(unit)) * UNITS.get(unit, 1)
    amount = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not amount.is_finite():
        raise SalaryError(f"{label} must be a number like 3500000, not `{value}`")
    return amount


def _salary(
    currency: str, low: Decimal, high: Decimal | None, period: str, shown: list[str] | None = None
) -> Salary:
    high = low if high is None else high
    for amount in (low, high):
        if amount <= 0:
            raise SalaryError(f"salary must be above zero, not {amount:f}")
        if amount >= LARGEST:
            raise SalaryError(f"salary {amount:.0f} is too large; check the number of zeros and the unit")
    if low > high:
        first, second = shown or [f"{low:f}", f"{high:f}"]
        raise SalaryError(f"minimum {first} is above maximum {second}")
    return Salary(currency, _tidy(low), _tidy(high), period)


def _tidy(amount: Decimal) -> Decimal:
    """Drop zeros that say nothing: 12000000.0 -> 12000000, 45.50 -> 45.5."""
    return Decimal(int(amount)) if amount == amount.to_integral_value() else amount.normalize()


def _currency_of(written: list[str], site: str | None, text: str) -> str:
    """Resolve the symbols and codes a salary names to one ISO code."""
    codes = {w.upper() for w in written if w.upper() in _iso_codes()}
    preferred = next(iter(codes)) if len(codes) == 1 else site
    for symbol in (w for w in written if w.upper() not in _iso_codes()):
        codes.add(_resolve_symbol(symbol, preferred, text))
    if len(codes) > 1:
        raise SalaryError(f"salary names several currencies ({', '.join(sorted(codes))}); keep one")
    if codes:
        return codes.pop()
    if site is None:
        raise SalaryError(NO_CURRENCY)
    return site


def _resolve_symbol(symbol: str, preferred: str | None, text: str) -> str:
    key = symbol.casefold()
    if preferred and (key == _english_symbol(preferred) or preferred in COLLOQUIAL_SYMBOLS.get(key, ())):
        return preferred  # the common case (₹ on an INR site), without loading every locale of India
    if preferred and key not in SHARED_SYMBOLS and _english_symbols().get(key, preferred) != preferred:
        return _english_symbols()[key]  # a symbol English gives to one other currency (€ on an INR site)
    if preferred and key in _symbols_of(preferred):
        return preferred
    if key in SHARED_SYMBOLS or key in COLLOQUIAL_SYMBOLS:
        code = _english_symbols().get(key) or "INR"
    elif key in _english_symbols():
        return _english_symbols()[key]
    else:
        owners = _symbol_owners().get(key, set())
        if not owners:
            raise SalaryError(
                f"`{symbol}` is not a currency symbol we know; write the ISO code, e.g. `USD 45/hour`"
            )
        if len(owners) == 1:
            return next(iter(owners))
        code = min(owners)
    rest = " ".join(text.replace(symbol, "").split()) or "120k-150k"
    raise SalaryError(f"`{symbol}` names several currencies; write the ISO code, e.g. `{code} {rest}`")


def _is_symbol_word(word: str, site: str | None) -> bool:
    key = word.casefold()
    known = COLLOQUIAL_SYMBOLS.keys() | _english_symbols().keys() | (_symbols_of(site) if site else set())
    return key in known or key in _symbol_owners()


@cache
def _iso_codes() -> frozenset[str]:
    return frozenset(list_currencies())


@cache
def _english_symbol(code: str) -> str:
    return unicodedata.normalize("NFKC", Locale("en").currency_symbols.get(code, code)).casefold()


@cache
def _english_symbols() -> dict[str, str]:
    """Symbols English CLDR data gives to exactly one currency, other than the code itself."""
    owners: dict[str, set[str]] = {}
    for code, symbol in Locale("en").currency_symbols.items():
        owners.setdefault(unicodedata.normalize("NFKC", symbol).casefold(), set()).add(code)
    return {s: next(iter(c)) for s, c in owners.items() if len(c) == 1 and s != next(iter(c)).casefold()}


@cache
def _current_currencies() -> dict[str, list[str]]:
    """The legal tender of each territory today (currencies with no end date)."""
    return {
        territory: [code for code, _start, end, tender in spans if end is None and tender]
        for territory, spans in get_global("territory_currencies").items()
    }


@cache
def _locales_by_territory() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for identifier in localedata.locale_identifiers():
        found.setdefault(identifier.rsplit("_", 1)[-1], []).append(identifier)
    return found


@cache
def _symbols_of(code: str) -> frozenset[str]:
    """Every symbol a currency goes by: in English, and in the locales of the places that use it."""
    symbols = {Locale("en").currency_symbols.get(code, code)}
    for territory, codes in _current_currencies().items():
        if code in codes:
            for identifier in _locales_by_territory().get(territory, []):
                symbols.add(Locale.parse(identifier).currency_symbols.get(code, code))
    return frozenset(unicodedata.normalize("NFKC", s).casefold() for s in symbols)


@cache
def _symbol_owners() -> dict[str, set[str]]:
    """Which current currencies go by each symbol (loads every locale once; only for rare symbols)."""
    owners: dict[str, set[str]] = {}
    for code in sorted({c for codes in _current_currencies().values() for c in codes}):
        for symbol in _symbols_of(code):
            owners.setdefault(symbol, set()).add(code)
    return owners


def _kind(value: object) -> str:
    names = {list: "a list", tuple: "a list", dict: "a mapping", bool: f"`{value}`", type(None): "empty"}
    return names.get(type(value), f"a {type(value).__name__}")
