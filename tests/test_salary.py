"""Salary shorthand and mapping forms -> Salary, and every mistake's message."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careersite.l10n import PERIOD_PHRASES, format_salary
from careersite.model import PERIODS, Salary
from careersite.salary import _CURRENCY_SIGNS, SalaryError, parse_salary

D = Decimal

PARSED = [
    # SPEC's examples
    ("₹35–55 LPA", None, ("INR", "3500000", "5500000", "year")),
    ("₹18 LPA", None, ("INR", "1800000", "1800000", "year")),
    ("INR 35,00,000 - 55,00,000 per year", None, ("INR", "3500000", "5500000", "year")),
    ("$120k–$150k/yr", "USD", ("USD", "120000", "150000", "year")),
    ("€60,000 - €75,000 per year", None, ("EUR", "60000", "75000", "year")),
    ("$45/hour", "USD", ("USD", "45", "45", "hour")),
    ("$89,370.00 to $116,181.00 per year", "USD", ("USD", "89370", "116181", "year")),
    ("$120-150k", "USD", ("USD", "120000", "150000", "year")),
    ("₹1.2 Cr", None, ("INR", "12000000", "12000000", "year")),
    # units, periods, currencies in other places
    ("35 lakh - 55 lakh", "INR", ("INR", "3500000", "5500000", "year")),
    ("12 L", "INR", ("INR", "1200000", "1200000", "year")),
    ("12 lakhs per annum", "INR", ("INR", "1200000", "1200000", "year")),
    ("1.5 crore", "INR", ("INR", "15000000", "15000000", "year")),
    ("₹ 35 L - 1.2 Cr", None, ("INR", "3500000", "12000000", "year")),
    ("₹35 LPA CTC", None, ("INR", "3500000", "3500000", "year")),
    ("inr 12 lpa", None, ("INR", "1200000", "1200000", "year")),
    ("Rs 12 LPA", "INR", ("INR", "1200000", "1200000", "year")),
    ("₨ 40,000 pm", "INR", ("INR", "40000", "40000", "month")),
    ("USD 45 per hour", None, ("USD", "45", "45", "hour")),
    ("45 USD/hour", None, ("USD", "45", "45", "hour")),
    ("$45 - $50 per hour USD", None, ("USD", "45", "50", "hour")),
    ("£500/day", None, ("GBP", "500", "500", "day")),
    ("£900 a week", None, ("GBP", "900", "900", "week")),
    ("₹40,000 per month", None, ("INR", "40000", "40000", "month")),
    ("₹40,000/month", None, ("INR", "40000", "40000", "month")),
    ("$5k a month", "USD", ("USD", "5000", "5000", "month")),
    ("25 €/h", None, ("EUR", "25", "25", "hour")),
    ("45,50 €/h", None, ("EUR", "45.5", "45.5", "hour")),
    ("60 000 € per year", None, ("EUR", "60000", "60000", "year")),
    ("1.500.000 €", None, ("EUR", "1500000", "1500000", "year")),
    ("R$ 5.000,00 per month", None, ("BRL", "5000", "5000", "month")),
    ("CHF 120'000", None, ("CHF", "120000", "120000", "year")),
    ("CA$120k", None, ("CAD", "120000", "120000", "year")),
    ("$120k", "CAD", ("CAD", "120000", "120000", "year")),
    ("$60k", "MXN", ("MXN", "60000", "60000", "year")),
    ("¥5,000,000", "JPY", ("JPY", "5000000", "5000000", "year")),
    ("kr 500/hour", "SEK", ("SEK", "500", "500", "hour")),
    ("zł 10 000 monthly", None, ("PLN", "10000", "10000", "month")),
    ("35–55", "INR", ("INR", "35", "55", "year")),
    ("35—55 lakh", "INR", ("INR", "3500000", "5500000", "year")),
    ("35 to 55 LPA", "INR", ("INR", "3500000", "5500000", "year")),
    ("35k-55k", "INR", ("INR", "35000", "55000", "year")),
    ("$45.50 an hour", "USD", ("USD", "45.5", "45.5", "hour")),
    ("  ₹35\u00a0LPA  ", None, ("INR", "3500000", "3500000", "year")),
    ("５０k USD", None, ("USD", "50000", "50000", "year")),
    ("₹35-35 LPA", None, ("INR", "3500000", "3500000", "year")),
]


@pytest.mark.parametrize(("text", "site", "expected"), PARSED)
def test_shorthand_is_read(text: str, site: str | None, expected: tuple[str, str, str, str]) -> None:
    currency, minimum, maximum, period = expected
    salary = parse_salary(text, site)
    assert salary == Salary(currency, D(minimum), D(maximum), period)
    assert str(salary.minimum) == minimum  # no trailing ".0" or exponent from units


MAPPINGS = [
    (
        {"currency": "INR", "min": 3500000, "max": 5500000, "period": "year"},
        None,
        ("INR", "3500000", "5500000", "year"),
    ),
    ({"currency": "inr", "min": "35,00,000", "max": "55 L"}, None, ("INR", "3500000", "5500000", "year")),
    ({"currency": "USD", "value": 45.5, "period": "hour"}, None, ("USD", "45.5", "45.5", "hour")),
    ({"value": "120k", "period": "year"}, "USD", ("USD", "120000", "120000", "year")),
    ({"currency": "₹", "value": D("1800000")}, None, ("INR", "1800000", "1800000", "year")),
    ({"min": 40000, "max": 45000, "period": "Month"}, "INR", ("INR", "40000", "45000", "month")),
]


@pytest.mark.parametrize(("value", "site", "expected"), MAPPINGS)
def test_mapping_is_read(value: object, site: str | None, expected: tuple[str, str, str, str]) -> None:
    currency, minimum, maximum, period = expected
    assert parse_salary(value, site) == Salary(currency, D(minimum), D(maximum), period)


def test_bare_number_takes_site_currency_per_year() -> None:
    assert parse_salary(3500000, "INR") == Salary("INR", D(3500000), D(3500000), "year")


ERRORS = [
    ("₹55–35 LPA", None, "minimum 55 LPA is above maximum 35 LPA"),
    ("55-35 LPA", "INR", "minimum 55 LPA is above maximum 35 LPA"),
    ("$150k - $120k", "USD", "minimum 150k is above maximum 120k"),
    ("$120k–$150k/yr", "INR", "`$` names several currencies; write the ISO code, e.g. `USD 120k–150k/yr`"),
    ("$120k", None, "`$` names several currencies; write the ISO code, e.g. `USD 120k`"),
    ("¥5,000,000", "INR", "`¥` names several currencies; write the ISO code, e.g. `JPY 5,000,000`"),
    ("kr 500/hour", "INR", "`kr` names several currencies; write the ISO code, e.g. `DKK 500/hour`"),
    ("35-55 LPA", None, "salary has no currency and site.yaml sets none; write e.g. `INR 35-55 LPA`"),
    ("XYZ 5", "INR", "salary `XYZ 5` names `XYZ`, which is not an ISO 4217 currency code"),
    ("USD €5", None, "salary names several currencies (EUR, USD); keep one"),
    (
        "₹35 LPA per month",
        None,
        "salary `₹35 LPA per month` names two periods, `LPA` and `per month`; keep one",
    ),
    (
        "35 lakhs per yaer",
        "INR",
        "salary `35 lakhs per yaer` has `per yaer` where a period belongs; "
        "write per hour, day, week, month or year (did you mean `year`?)",
    ),
    ("₹35/", None, "salary `₹35/` has `/` where a period belongs; write / hour, day, week, month or year"),
    ("-5k", "USD", "salary `-5k` starts with a dash; amounts must be above zero, and a range is `35-55`"),
    ("35-", "INR", "salary `35-` is missing an amount after the dash or `to`"),
    ("0", "USD", "salary must be above zero, not 0"),
    ("$0-5k", "USD", "salary must be above zero, not 0"),
    ("$", "USD", "salary `$` has no amount; write e.g. `₹35-55 LPA`, `USD 120k-150k per year` or `€25/hour`"),
    ("", "USD", "salary is empty; write e.g. `₹35-55 LPA`, `USD 120k-150k per year` or `€25/hour`"),
    ("35 55", "INR", "salary `35 55` has two amounts in a row; put `-` or `to` between them"),
    ("35-55-75", "INR", "salary `35-55-75` has more than two amounts; write one amount or a range"),
    ("60.000 €", None, "`60.000` could be 60 or 60000; write `60000` for the larger, `60` for the smaller"),
    ("3,5000 USD", None, "`3,5000` has its thousands separators in odd places; write it as `35000`"),
    (
        "₹35 LPA negotiable",
        None,
        "could not read `negotiable` in salary `₹35 LPA negotiable`; write e.g. "
        "`₹35-55 LPA`, `USD 120k-150k per year` or `€25/hour`",
    ),
    ("₹35 lakhz", None, "could not read `lakhz` in salary `₹35 lakhz`; did you mean `lakh`?"),
    (
        "⁂ 5",
        "USD",
        "could not read `⁂ 5` in salary `⁂ 5`; write e.g. "
        "`₹35-55 LPA`, `USD 120k-150k per year` or `€25/hour`",
    ),
    (
        "₹35 (LPA)",
        None,
        "could not read `(LPA)` in salary `₹35 (LPA)`; write e.g. "
        "`₹35-55 LPA`, `USD 120k-150k per year` or `€25/hour`",
    ),
    (
        "₹" + "9" * 20,
        None,
        "salary 99999999999999999999 is too large; check the number of zeros and the unit",
    ),
    ("₿ 5", "USD", "`₿` is not a currency symbol we know; write the ISO code, e.g. `USD 45/hour`"),
    # mapping form
    ({"curency": "INR", "value": 5}, None, "salary has an unknown key `curency`; did you mean `currency`?"),
    (
        {"value": 5, "bonus": 1},
        "INR",
        "salary has an unknown key `bonus`; use currency, min, max, value and period",
    ),
    ({"min": 5}, "INR", "salary needs `max`; write `min` and `max` for a range or `value` for one amount"),
    ({"max": 5}, "INR", "salary needs `min`; write `min` and `max` for a range or `value` for one amount"),
    ({}, "INR", "salary needs `value`; write `min` and `max` for a range or `value` for one amount"),
    (
        {"value": 5, "min": 4, "max": 6},
        "INR",
        "salary has `value` and `min`/`max`; use `value` for one amount or `min` and `max`",
    ),
    ({"value": 5}, None, "salary has no currency and site.yaml sets none; write e.g. `INR 35-55 LPA`"),
    (
        {"currency": ["INR"], "value": 5},
        None,
        "salary `currency` must be an ISO 4217 code like `INR`, not a list",
    ),
    ({"currency": " ", "value": 5}, None, "salary `currency` is empty; write an ISO 4217 code like `INR`"),
    (
        {"currency": "XYZ", "value": 5},
        None,
        "salary `currency` is `XYZ`, which is not an ISO 4217 currency code",
    ),
    ({"value": [1]}, "INR", "salary `value` must be a number like 3500000 or `35 L`, not a list"),
    ({"value": True}, "INR", "salary `value` must be a number like 3500000 or `35 L`, not `True`"),
    ({"min": "abc", "max": 5}, "INR", "salary `min` must be a number like 3500000 or `35 L`, not `abc`"),
    ({"value": float("nan")}, "INR", "salary `value` must be a number like 3500000, not `nan`"),
    (float("inf"), "INR", "salary must be a number like 3500000, not `inf`"),
    ("₹35 lpa per hour", None, "salary `₹35 lpa per hour` names two periods, `lpa` and `per hour`; keep one"),
    ({"value": -5}, "INR", "salary must be above zero, not -5"),
    ({"min": 55, "max": 35}, "INR", "minimum 55 is above maximum 35"),
    (
        {"value": 5, "period": "monthly"},
        "INR",
        "salary `period` is `monthly`; use one of hour, day, week, month, year (did you mean `month`?)",
    ),
    (
        {"value": 5, "period": 12},
        "INR",
        "salary `period` must be one of hour, day, week, month, year, not a int",
    ),
    # other shapes
    (
        [35, 55],
        "INR",
        "salary must be text like `₹35-55 LPA` or a mapping with `currency`, `min`, `max` and "
        "`period`, not a list",
    ),
    (
        None,
        "INR",
        "salary must be text like `₹35-55 LPA` or a mapping with `currency`, `min`, `max` and "
        "`period`, not empty",
    ),
    (
        True,
        "INR",
        "salary must be text like `₹35-55 LPA` or a mapping with `currency`, `min`, `max` and "
        "`period`, not `True`",
    ),
]


@pytest.mark.parametrize(("value", "site", "message"), ERRORS)
def test_mistakes_are_explained(value: object, site: str | None, message: str) -> None:
    with pytest.raises(SalaryError) as caught:
        parse_salary(value, site)
    assert str(caught.value) == message


SYMBOLS = {"INR": "₹", "USD": "$", "EUR": "€", "GBP": "£"}
SHORT_PERIODS = {"hour": "hr", "day": "day", "week": "wk", "month": "mo", "year": "yr"}


@st.composite
def salaries(draw: st.DrawFn) -> Salary:
    currency = draw(st.sampled_from(sorted(SYMBOLS)))
    period = draw(st.sampled_from(PERIODS))
    scale = draw(st.sampled_from([1, 1_000, 100_000]))
    low = draw(st.integers(1, 999)) * scale
    high = draw(st.one_of(st.just(low), st.integers(low, 999 * scale)))
    return Salary(currency, D(low), D(high), period)


def shorthand(salary: Salary, notation: int) -> str:
    """Write a salary the ways people do (only notations that can represent it exactly)."""
    low, high, symbol = int(salary.minimum), int(salary.maximum), SYMBOLS[salary.currency]
    amounts = f"{low}" if low == high else f"{low} - {high}"
    if notation == 1 and salary.period == "year" and low % 100_000 == 0 and high % 100_000 == 0:
        amounts = f"{low // 100_000}" if low == high else f"{low // 100_000}–{high // 100_000}"
        return f"{symbol}{amounts} LPA"
    if notation == 2 and low % 1000 == 0 and high % 1000 == 0:
        ends = [f"{symbol}{n // 1000}k" for n in ((low,) if low == high else (low, high))]
        return "–".join(ends) + f"/{SHORT_PERIODS[salary.period]}"
    if notation == 3:
        return f"{amounts} {salary.currency.lower()} a {salary.period}"
    return f"{salary.currency} {amounts} per {salary.period}"


@given(salaries(), st.integers(0, 3))
def test_shorthand_round_trips(salary: Salary, notation: int) -> None:
    assert parse_salary(shorthand(salary, notation), salary.currency) == salary


@given(salaries(), st.sampled_from(["en-IN", "en-US", "en-GB"]))
def test_formatted_salary_reads_back(salary: Salary, language: str) -> None:
    assert (
        parse_salary(format_salary(salary, language, PERIOD_PHRASES[salary.period]), salary.currency)
        == salary
    )


SALARY_WORDS = [
    *("₹", "$", "€", "£", "kr", "INR", "usd", "XYZ", "-", "–", " to ", "/", " per ", " a "),
    *("k", "L", "LPA", "Cr", "lakh", "hour", "year", "month", "mo", ".", ",", "'", " ", "0", "5", "35", "00"),
]
any_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.decimals() | st.text(),
    lambda inner: (
        st.lists(inner) | st.dictionaries(st.text() | st.sampled_from(["min", "max", "value"]), inner)
    ),
    max_leaves=8,
)


@settings(max_examples=300)
@given(
    st.one_of(st.text(), st.lists(st.sampled_from(SALARY_WORDS)).map("".join), any_value),
    st.sampled_from([None, "INR", "USD", "SEK", "inr"]),
)
def test_any_input_gives_salary_or_salary_error(value: object, site: str | None) -> None:
    try:
        salary = parse_salary(value, site)
    except SalaryError as error:
        assert str(error)
    else:
        assert salary.currency.isupper() and len(salary.currency) == 3
        assert 0 < salary.minimum <= salary.maximum
        assert salary.period in PERIODS


def test_the_written_out_currency_signs_are_unicodes() -> None:
    signs = re.compile(f"[{_CURRENCY_SIGNS}]")
    categories = {chr(c): unicodedata.category(chr(c)) for c in range(0x10000)}
    assert {c for c, category in categories.items() if category == "Sc"} == {
        c
        for c, category in categories.items()
        if signs.fullmatch(c) and category != "Cn"  # unassigned
    }
