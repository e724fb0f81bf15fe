"""The pay-transparency rule table (pay_transparency.yaml): read, validated, and matched to places.

The table is data a lawyer can read; this module checks every entry when it is first used (a
bad entry is a bug of ours, reported with the table's file and line, every problem at once) and
answers which rules cover a posting's places.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from careersite.diagnostics import Diagnostics
from careersite.model import Location, Posting, Workplace
from careersite.schema import country_code
from careersite.sources import parse_yaml, read_text

TABLE_PATH = Path(__file__).with_name("pay_transparency.yaml")
RULE_FIELDS = (
    "jurisdiction", "place", "region_name", "cities", "law", "in_force", "employees_at_least", "must_show",
    "max_range_width", "remote", "source", "note",
)  # fmt: skip
REQUIRED_FIELDS = ("jurisdiction", "place", "law", "in_force", "employees_at_least", "must_show",
                   "remote", "source")  # fmt: skip
# What a rule can ask a posting to show (the table's header explains each).
PAY_RANGE, PAY_BEFORE_INTERVIEW, BENEFITS, NEUTRAL_TITLE = (
    "pay_range", "pay_before_interview", "benefits", "gender_neutral_title",
)  # fmt: skip
MUST_SHOW = (PAY_RANGE, PAY_BEFORE_INTERVIEW, BENEFITS, NEUTRAL_TITLE)
_PLACE = re.compile(r"(?P<country>[A-Z]{2})(?:-(?P<region>[A-Z0-9]{1,3}))?")


class RuleTableError(Exception):
    """The rule table is broken: every problem, one `path:line: error: …` line each."""


@dataclass(frozen=True, slots=True)
class RangeLimit:
    amount: Decimal  # the widest range allowed
    currency: str
    below: Decimal  # the limit counts only when the range's maximum is under this


@dataclass(frozen=True, slots=True)
class Rule:
    jurisdiction: str
    country: str  # ISO 3166-1 alpha-2
    region: str | None  # ISO 3166-2 ("US-CO"); None for a whole country
    region_names: frozenset[str]  # how an office's region may be written, folded: us-co, co, colorado
    cities: tuple[str, ...]  # a city's own rule: the names it is written with, lower case
    law: str
    in_force: dt.date
    employees_at_least: int
    must_show: tuple[str, ...]
    remote: bool
    source: str
    max_range_width: RangeLimit | None = None
    note: str | None = None

    @property
    def label(self) -> str:
        """How messages name the rule: "Colorado, since 2021"."""
        return f"{self.jurisdiction}, since {self.in_force.year}"


@functools.cache
def rules() -> tuple[Rule, ...]:
    """The rule table, validated (RuleTableError when it is broken)."""
    return load_table(TABLE_PATH)


def load_table(path: Path) -> tuple[Rule, ...]:
    """Read and validate a rule table file; raise RuleTableError naming every problem."""
    diags = Diagnostics()
    shown = Path("careersite") / path.name
    text = read_text(path, shown, diags)
    document = parse_yaml(text, shown, diags, 1, "rule table") if text is not None else None
    table: list[Rule] = []
    if document is not None:
        entries = document.data.get("rules")
        if not isinstance(entries, list) or not entries:
            diags.error(shown, document.start_line, "the rule table needs a non-empty `rules:` list")
        else:
            for index, entry in enumerate(entries):
                rule = _rule(entry, lambda *key, i=index: document.line("rules", i, *key), shown, diags)
                if rule is not None:
                    table.append(rule)
    if diags.items:
        raise RuleTableError("\n".join(str(item) for item in diags.sorted()))
    return tuple(table)


def _rule(entry: object, at: Callable[..., int], shown: Path, diags: Diagnostics) -> Rule | None:
    """One entry as a Rule (`at(*key)`: the line of one of its keys), or None when it is bad."""

    def bad(key: str, message: str) -> None:
        diags.error(shown, at(key), message)

    if not isinstance(entry, dict):
        diags.error(shown, at(), "each rule is a mapping of the fields the header lists")
        return None
    for key in entry:
        if key not in RULE_FIELDS:
            bad(key, f"unknown field `{key}` in a rule")
    missing = [key for key in REQUIRED_FIELDS if entry.get(key) is None]
    for key in missing:
        bad(key, f"rule {entry.get('jurisdiction', '?')}: missing `{key}`")
    if missing:
        return None
    count = len(diags.items)
    country, region = _place(str(entry["place"]), lambda message: bad("place", message))
    region_name = entry.get("region_name")
    if region is not None and not isinstance(region_name, str):
        bad("place", f"rule {entry['jurisdiction']}: a region needs its `region_name` (ISO 3166-2's)")
    elif region is None and region_name is not None:
        bad("region_name", "`region_name` is for a region's place (US-CO), not a country's")
    in_force = entry["in_force"]
    if not isinstance(in_force, dt.date):
        bad("in_force", f"`in_force` must be a date (YYYY-MM-DD), not `{in_force}`")
    employees = entry["employees_at_least"]
    if not isinstance(employees, int) or isinstance(employees, bool) or employees < 1:
        bad("employees_at_least", "`employees_at_least` must be a whole number, 1 or more")
    must_show = entry["must_show"]
    if not isinstance(must_show, list) or not must_show or not set(must_show) <= set(MUST_SHOW):
        bad("must_show", f"`must_show` must list some of: {', '.join(MUST_SHOW)}")
    if not isinstance(entry["remote"], bool):
        bad("remote", "`remote` must be true or false")
    if not str(entry["source"]).startswith("https://"):
        bad("source", "`source` must be an https:// URL")
    cities = entry.get("cities") or []
    if not isinstance(cities, list) or not all(isinstance(city, str) for city in cities):
        bad("cities", "`cities` must be a list of names")
    limit = _limit(entry.get("max_range_width"), lambda message: bad("max_range_width", message))
    if len(diags.items) > count or country is None:
        return None
    return Rule(
        jurisdiction=str(entry["jurisdiction"]),
        country=country,
        region=region,
        region_names=frozenset(
            name.casefold() for name in (region, region.split("-", 1)[1], str(region_name))
        )
        if region is not None
        else frozenset(),
        cities=tuple(city.casefold() for city in cities),
        law=str(entry["law"]),
        in_force=in_force,
        employees_at_least=employees,
        must_show=tuple(must_show),
        remote=entry["remote"],
        source=str(entry["source"]),
        max_range_width=limit,
        note=entry.get("note"),
    )


def _place(code: str, bad: Callable[[str], None]) -> tuple[str | None, str | None]:
    """A place's country and region code (the test of the table checks each region against ISO 3166-2)."""
    match = _PLACE.fullmatch(code)
    if match is None or country_code(match["country"]) != match["country"]:
        bad(f"`place`: `{code}` is neither an ISO 3166-1 country code nor an ISO 3166-2 region code")
        return None, None
    return match["country"], code if match["region"] else None


def _limit(value: object, bad: Callable[[str], None]) -> RangeLimit | None:
    if value is None:
        return None
    if isinstance(value, dict) and set(value) == {"amount", "currency", "below"}:
        try:
            return RangeLimit(
                Decimal(str(value["amount"])), str(value["currency"]), Decimal(str(value["below"]))
            )
        except ArithmeticError:
            pass
    bad("`max_range_width` must be {amount, currency, below}")
    return None


def covering(posting: Posting, employees: int | None) -> list[Rule]:
    """The rules that cover a posting: by its offices, and when remote by its applicant countries."""
    remote = posting.workplace is Workplace.REMOTE
    countries = {location.country for location in posting.locations}
    countries.update(posting.applicant_locations if remote else ())
    return [
        rule
        for rule in rules()
        if rule.country in countries  # most postings: no rule's country, nothing more to look at
        and (employees is None or employees >= rule.employees_at_least)
        and (
            any(_at(rule, location) for location in posting.locations)
            or (remote and rule.remote and rule.country in posting.applicant_locations)
        )
    ]


def _at(rule: Rule, location: Location) -> bool:
    """Whether an office is in the rule's place (a city's rule: in that city, too)."""
    if location.country != rule.country:
        return False
    if (
        rule.region is not None
        and location.region is not None
        and location.region.casefold() not in rule.region_names
    ):
        return False
    if rule.region is not None and location.region is None and not rule.cities:
        return False  # "Denver, US": the state is unknown, so no state's rule is assumed
    return not rule.cities or location.city.casefold() in rule.cities
