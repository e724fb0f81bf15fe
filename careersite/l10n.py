"""Money, salaries, dates and numbers formatted for the site's language with Babel (CLDR)."""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Context, Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.numbers import format_compact_currency, format_currency, format_decimal

from careersite.model import N_, Salary

# The English words for a rate, translated by the theme's catalogs (CLDR has no such phrase).
PERIOD_PHRASES = {
    "hour": N_("an hour"),
    "day": N_("a day"),
    "week": N_("a week"),
    "month": N_("a month"),
    "year": N_("a year"),
}
_CODE_BEFORE_DIGIT = re.compile(r"^([^\W\d_]{2,})(\d)")
RANGE_DASH = "\u2013"  # an en dash, with a space either side (SPEC: ₹35L, dash, ₹55L)


@cache
def babel_locale(language: str) -> Locale:
    """Return the Babel locale for a BCP 47 tag ("en-IN"), else its language ("de-XX" -> de), else English."""
    tag = language.replace("_", "-")
    for candidate in (tag, tag.split("-", 1)[0]):
        try:
            return Locale.parse(candidate, sep="-")
        except (ValueError, TypeError, UnknownLocaleError):
            continue
    return Locale("en")


def is_known_locale(language: str) -> bool:
    """Tell whether Babel has formatting data for this BCP 47 tag (for validating site.yaml)."""
    try:
        Locale.parse(language.replace("_", "-"), sep="-")
    except (ValueError, TypeError, AttributeError, UnknownLocaleError):
        return False
    return True


def format_money(amount: Decimal, currency: str, language: str) -> str:
    """Format an amount of money, without decimals when it is whole ("₹35,00,000", "$45.50")."""
    locale = babel_locale(language)
    if amount != amount.to_integral_value():
        return format_currency(amount, currency, locale=locale)
    pattern = copy.copy(locale.currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    return pattern.apply(amount, locale, currency=currency, currency_digits=False)


@cache  # 10k listing rows share salaries and dates; Babel takes ~0.1 ms a call
def format_salary(salary: Salary, language: str, period: str) -> str:
    """Format a salary in full: "₹18,00,000 a year" (`period`: its words in the site's language);
    a range joins its ends with a spaced en dash."""
    return f"{_range(salary, language, format_money)} {period}"


@cache
def format_salary_compact(salary: Salary, language: str, period: str) -> str:
    """Format a salary short for listings: "₹35L", "$120K", "₹1.2Cr", "$45 an hour".

    A yearly salary has no period words (the common case in listings); other periods keep them.
    """
    text = _range(salary, language, _compact_money)
    return text if salary.period == "year" else f"{text} {period}"


@cache
def format_date(value: dt.date | dt.datetime, language: str) -> str:
    """Format a date in the locale's medium style ("20 Nov 2026" for en-IN)."""
    return babel_format_date(value, format="medium", locale=babel_locale(language))


def format_number(n: int, language: str) -> str:
    """Format a whole number with the locale's grouping ("12,34,567" for en-IN)."""
    return format_decimal(n, locale=babel_locale(language))


def _range(salary: Salary, language: str, money: Callable[[Decimal, str, str], str]) -> str:
    low = _spaced(money(salary.minimum, salary.currency, language))
    if not salary.is_range:
        return low
    return f"{low} {RANGE_DASH} {_spaced(money(salary.maximum, salary.currency, language))}"


def _spaced(text: str) -> str:
    """Put a no-break space between a currency code and its digits ("SGD 120", not "SGD120").

    CLDR's currencySpacing rule, which Babel does not apply: a symbol that ends in a
    letter is separated from the number; "₹35L" and "$120K" stay as they are.
    """
    return _CODE_BEFORE_DIGIT.sub("\\1\u00a0\\2", text)


def _compact_money(amount: Decimal, currency: str, language: str) -> str:
    """Format "₹35L", "₹1.2Cr", "$120K"; amounts the locale does not shorten are written out."""
    locale = babel_locale(language)
    if abs(amount) < 1000 or not _shortens(locale, amount):
        return format_money(amount, currency, language)
    # Round to what the short form can show first, so 999,999 reads "1M", not Babel's "1000K".
    shown = Decimal(int(Context(prec=3, rounding=ROUND_HALF_EVEN).create_decimal(amount)))
    return format_compact_currency(shown, currency, locale=locale, fraction_digits=1)


def _shortens(locale: Locale, amount: Decimal) -> bool:
    """Tell whether the locale has a short form at this magnitude (German has none below a million)."""
    patterns = locale.compact_currency_formats.get("short", {}).get("other", {})
    magnitudes = [int(m) for m in patterns if int(m) <= abs(amount)]
    return bool(magnitudes) and patterns[str(max(magnitudes))].pattern != "0"
