"""Money, salaries, dates and numbers as people of each language read them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from careersite.l10n import (
    PERIOD_PHRASES,
    babel_locale,
    format_date,
    format_money,
    format_number,
    format_salary,
    format_salary_compact,
    is_known_locale,
)
from careersite.model import Salary

D = Decimal
NBSP = "\u00a0"
DASH = "\u2013"

INR_RANGE = Salary("INR", D(3500000), D(5500000), "year")
INR_SINGLE = Salary("INR", D(1800000), D(1800000), "year")
INR_CRORE = Salary("INR", D(12000000), D(12000000), "year")
USD_RANGE = Salary("USD", D(120000), D(150000), "year")
USD_HOURLY = Salary("USD", D(45), D(45), "hour")
USD_HOURLY_CENTS = Salary("USD", D("45.5"), D("45.5"), "hour")
INR_MONTHLY = Salary("INR", D(40000), D(40000), "month")
GBP_DAILY = Salary("GBP", D(500), D(500), "day")
USD_WEEKLY = Salary("USD", D(2000), D(2500), "week")

FULL = [
    (INR_RANGE, "en-IN", f"₹35,00,000 {DASH} ₹55,00,000 a year"),
    (INR_SINGLE, "en-IN", "₹18,00,000 a year"),
    (INR_CRORE, "en-IN", "₹1,20,00,000 a year"),
    (USD_HOURLY, "en-IN", "$45 an hour"),
    (INR_MONTHLY, "en-IN", "₹40,000 a month"),
    (GBP_DAILY, "en-IN", "£500 a day"),
    (INR_RANGE, "en-US", f"₹3,500,000 {DASH} ₹5,500,000 a year"),
    (USD_RANGE, "en-US", f"$120,000 {DASH} $150,000 a year"),
    (USD_HOURLY, "en-US", "$45 an hour"),
    (USD_HOURLY_CENTS, "en-US", "$45.50 an hour"),
    (USD_WEEKLY, "en-US", f"$2,000 {DASH} $2,500 a week"),
    (INR_RANGE, "de-DE", f"3.500.000{NBSP}₹ {DASH} 5.500.000{NBSP}₹ a year"),
    (USD_HOURLY_CENTS, "de-DE", f"45,50{NBSP}$ an hour"),
    (INR_MONTHLY, "de-DE", f"40.000{NBSP}₹ a month"),
]


@pytest.mark.parametrize(("salary", "language", "expected"), FULL)
def test_format_salary(salary: Salary, language: str, expected: str) -> None:
    assert format_salary(salary, language, PERIOD_PHRASES[salary.period]) == expected


COMPACT = [
    (INR_RANGE, "en-IN", f"₹35L {DASH} ₹55L"),
    (INR_SINGLE, "en-IN", "₹18L"),
    (INR_CRORE, "en-IN", "₹1.2Cr"),
    (Salary("INR", D(10000000), D(15000000), "year"), "en-IN", f"₹1Cr {DASH} ₹1.5Cr"),
    (Salary("INR", D(1250000), D(1250000), "year"), "en-IN", "₹12.5L"),
    (Salary("INR", D(999999), D(999999), "year"), "en-IN", "₹10L"),
    (INR_MONTHLY, "en-IN", "₹40K a month"),
    (USD_HOURLY, "en-IN", "$45 an hour"),
    (USD_RANGE, "en-US", f"$120K {DASH} $150K"),
    (Salary("USD", D(999999), D(999999), "year"), "en-US", "$1M"),  # not Babel's "$1000K"
    (INR_RANGE, "en-US", f"₹3.5M {DASH} ₹5.5M"),
    (USD_HOURLY, "en-US", "$45 an hour"),
    (USD_HOURLY_CENTS, "en-US", "$45.50 an hour"),
    (USD_WEEKLY, "en-US", f"$2K {DASH} $2.5K a week"),
    (Salary("USD", D(999), D(999), "year"), "en-US", "$999"),
    (INR_RANGE, "de-DE", f"3,5{NBSP}Mio.{NBSP}₹ {DASH} 5,5{NBSP}Mio.{NBSP}₹"),
    # German has no short form below a million: written out, with grouping
    (USD_RANGE, "de-DE", f"120.000{NBSP}$ {DASH} 150.000{NBSP}$"),
    (INR_MONTHLY, "de-DE", f"40.000{NBSP}₹ a month"),
]


@pytest.mark.parametrize(("salary", "language", "expected"), COMPACT)
def test_format_salary_compact(salary: Salary, language: str, expected: str) -> None:
    assert format_salary_compact(salary, language, PERIOD_PHRASES[salary.period]) == expected


MONEY = [
    (D(3500000), "INR", "en-IN", "₹35,00,000"),
    (D("3500000.00"), "INR", "en-IN", "₹35,00,000"),
    (D(120000), "USD", "en-US", "$120,000"),
    (D("45.5"), "USD", "en-US", "$45.50"),
    (D("0.5"), "USD", "en-US", "$0.50"),
    (D(60000), "EUR", "de-DE", f"60.000{NBSP}€"),
    (D("45.5"), "EUR", "de-DE", f"45,50{NBSP}€"),
    (D(5000000), "JPY", "en-US", "¥5,000,000"),
]


@pytest.mark.parametrize(("amount", "currency", "language", "expected"), MONEY)
def test_format_money(amount: Decimal, currency: str, language: str, expected: str) -> None:
    assert format_money(amount, currency, language) == expected


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (dt.date(2026, 11, 20), "en-IN", "20 Nov 2026"),
        (dt.date(2026, 11, 20), "en-US", "Nov 20, 2026"),
        (dt.date(2026, 11, 20), "de-DE", "20.11.2026"),
        (
            dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
            "en-IN",
            "20 Nov 2026",
        ),
    ],
)
def test_format_date(value: dt.date, language: str, expected: str) -> None:
    assert format_date(value, language) == expected


@pytest.mark.parametrize(
    ("language", "expected"), [("en-IN", "12,34,567"), ("en-US", "1,234,567"), ("de-DE", "1.234.567")]
)
def test_format_number(language: str, expected: str) -> None:
    assert format_number(1234567, language) == expected


@pytest.mark.parametrize(
    ("language", "known"),
    [
        ("en-IN", True),
        ("en", True),
        ("de-DE", True),
        ("zh-Hant-TW", True),
        ("en_IN", True),
        ("xx-YY", False),
        ("de-XX", False),
        ("", False),
        ("en-US-u-nu-latn", False),
        ("i-klingon", False),
    ],
)
def test_is_known_locale(language: str, known: bool) -> None:
    assert is_known_locale(language) is known


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en-IN", "en_IN"), ("de-XX", "de"), ("xx-YY", "en"), ("", "en"), ("zh-Hant-TW", "zh_Hant_TW")],
)
def test_unknown_languages_fall_back(language: str, expected: str) -> None:
    assert str(babel_locale(language)) == expected
    format_salary(INR_RANGE, language, "a year")  # still formats


@pytest.mark.parametrize(
    ("salary", "full", "compact"),
    [
        (Salary("SGD", Decimal(120), Decimal(150), "hour"), "SGD\u00a0120 – SGD\u00a0150 an hour", None),
        (
            Salary("INR", Decimal(3500000), Decimal(5500000), "year"),
            "₹35,00,000 – ₹55,00,000 a year",
            "₹35L – ₹55L",
        ),
    ],
)
def test_a_currency_code_is_spaced_from_its_digits_a_symbol_is_not(
    salary: Salary, full: str, compact: str | None
) -> None:
    assert format_salary(salary, "en-IN", PERIOD_PHRASES[salary.period]) == full
    assert format_salary_compact(salary, "en-IN", PERIOD_PHRASES[salary.period]) == (compact or full)
