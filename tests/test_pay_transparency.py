"""Pay transparency (SPEC): each jurisdiction with a covered and an uncovered posting, remote roles
through applicant_locations, size thresholds, warn/error/off, Ontario's widest range, benefits found
by heading, and the Indian sample left alone; the rule table's loader."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from careersite import pay_rules
from careersite.cli import main
from careersite.model import Location, Posting, Workplace
from tests.conftest import REPO, TODAY

SITE = """\
title: Careers
base_url: https://careers.example.com
currency: USD
organization:
  name: Example
  url: https://www.example.com
"""


def posting(
    location: str = "Denver, CO, US",
    salary: str | None = None,
    body: str = "Run things.\n",
    title: str = "Engineer",
    extra: str = "",
) -> str:
    """A posting that misses nothing Google asks for but, unless given, the salary."""
    lines = [
        "---",
        f"title: {title}",
        f"location: {location}" if location else "on_site: false",
        *([f"salary: {salary}"] if salary else []),
        "employment_type: full-time",
        "date_posted: 2026-11-20",
        "valid_through: 2027-01-31",
        "apply: https://example.com/apply",
        *([extra] if extra else []),
        "---",
        "",
        body,
    ]
    return "\n".join(lines)


def check(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str], jobs: dict[str, str], site: str = SITE
) -> tuple[int, list[str]]:
    """Run check on a project with these postings; its exit status and its message lines."""
    files = {"content/site.yaml": site, **{f"content/jobs/{name}.md": text for name, text in jobs.items()}}
    project(files)
    status = main(["check", "--today", TODAY])
    return status, [line for line in capsys.readouterr().err.splitlines() if line.startswith("content/")]


def rules_named(lines: list[str], name: str) -> list[str]:
    """The pay-transparency jurisdictions named in the lines of one posting file."""
    return sorted(
        {
            m[1]
            for line in lines
            if line.startswith(f"content/jobs/{name}.md:")
            for m in [_RULE.search(line)]
            if m
        }
    )


_RULE = re.compile(r"pay transparency \(([^,]+), since \d{4}\)")

# (jurisdiction, year in force, an office it covers, an office it does not cover)
JURISDICTIONS = [
    ("Colorado", 2021, "Denver, CO, US", "Austin, TX, US"),
    ("California", 2023, "San Francisco, California, US", "Reno, NV, US"),
    ("Washington", 2023, "Seattle, WA, US", "Portland, OR, US"),
    ("New York State", 2023, "Buffalo, NY, US", "Philadelphia, PA, US"),
    ("New York City", 2022, "Brooklyn, NY, US", "Buffalo, NY, US"),
    ("Jersey City", 2022, "Jersey City, NJ, US", "Newark, NJ, US"),
    ("Illinois", 2025, "Chicago, IL, US", "St. Louis, MO, US"),
    ("Minnesota", 2025, "Minneapolis, MN, US", "Fargo, ND, US"),
    ("New Jersey", 2025, "Newark, New Jersey, US", "Philadelphia, PA, US"),
    ("Vermont", 2025, "Burlington, VT, US", "Concord, NH, US"),
    ("Massachusetts", 2025, "Boston, MA, US", "Providence, RI, US"),
    ("Maryland", 2024, "Baltimore, MD, US", "Richmond, VA, US"),
    ("Hawaii", 2024, "Honolulu, HI, US", "Anchorage, AK, US"),
    ("Washington DC", 2024, "Washington, DC, US", "Arlington, VA, US"),
    ("Cleveland", 2025, "Cleveland, OH, US", "Cleveland, TN, US"),
    ("Columbus", 2025, "Columbus, Ohio, US", "Columbus, GA, US"),
    ("Ontario", 2026, "Toronto, ON, CA", "Montreal, QC, CA"),
    ("British Columbia", 2023, "Vancouver, BC, CA", "Calgary, AB, CA"),
    ("Poland", 2025, "Warsaw, PL", "Prague, CZ"),
    ("Italy", 2026, "Milan, IT", "Zurich, CH"),
]


@pytest.fixture(scope="module")
def table_run(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """One check over a covered and an uncovered posting per jurisdiction: its message lines."""
    root = tmp_path_factory.mktemp("table")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "content" / "jobs").mkdir(parents=True)
    (root / "content" / "site.yaml").write_text(SITE, encoding="utf-8")
    for index, (_, _, covered, uncovered) in enumerate(JURISDICTIONS):
        for kind, location in (("in", covered), ("out", uncovered)):
            (root / "content" / "jobs" / f"{kind}-{index}.md").write_text(posting(location), encoding="utf-8")
    errors = io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stderr(errors):
        assert main(["check", "--today", TODAY]) == 0
    return errors.getvalue().splitlines()


@pytest.mark.parametrize(("index", "jurisdiction"), [(i, j[0]) for i, j in enumerate(JURISDICTIONS)])
def test_each_jurisdiction_covers_its_place_only(table_run: list[str], index: int, jurisdiction: str) -> None:
    _, year, covered, _ = JURISDICTIONS[index]
    assert jurisdiction in rules_named(table_run, f"in-{index}"), covered
    assert jurisdiction not in rules_named(table_run, f"out-{index}")
    salary_line = next(line for line in table_run if f"({jurisdiction}, since" in line and "salary" in line)
    assert f"pay transparency ({jurisdiction}, since {year}):" in salary_line


def test_offices_outside_every_rule_get_no_pay_transparency_message(table_run: list[str]) -> None:
    for index, name in [(1, "Reno"), (0, "Austin"), (16, "Montreal"), (19, "Zurich")]:
        assert rules_named(table_run, f"out-{index}") == [], name


def test_the_city_rules_come_with_their_state(table_run: list[str]) -> None:
    assert rules_named(table_run, "in-4") == ["New York City", "New York State"]
    assert rules_named(table_run, "in-5") == ["Jersey City", "New Jersey"]
    assert rules_named(table_run, "out-5") == ["New Jersey"]


def test_the_exact_message_at_the_salary_line(project: Callable[..., Path], capsys) -> None:
    sre = posting(title="Site Reliability Engineer").replace("employment_type:", "salary:\nemployment_type:")
    status, lines = check(project, capsys, {"sre": sre})
    assert status == 0
    assert (
        "content/jobs/sre.md:4: warning: pay transparency (Colorado, since 2021): a salary range is required "
        "for jobs that can be done in Colorado; add salary:"
    ) in lines


def test_a_missing_salary_is_reported_at_the_first_line(project: Callable[..., Path], capsys) -> None:
    _, lines = check(project, capsys, {"sre": posting("Denver, CO, US")})
    assert any(
        line.startswith("content/jobs/sre.md:2: warning: pay transparency (Colorado") for line in lines
    )


def test_remote_roles_bring_in_every_rule_of_their_countries_that_covers_remote_work(
    project: Callable[..., Path], capsys
) -> None:
    jobs = {
        "us": posting("", extra="applicant_locations: [US]"),
        "canada": posting("", extra="applicant_locations: [Canada]"),
        "india": posting("", extra="applicant_locations: [IN]"),
    }
    _, lines = check(project, capsys, jobs)
    assert rules_named(lines, "us") == [
        "California",
        "Colorado",
        "Illinois",
        "Maryland",
        "Massachusetts",
        "Minnesota",
        "New Jersey",
        "New York City",
        "New York State",
        "Vermont",
        "Washington",
        "Washington DC",
    ]
    assert rules_named(lines, "canada") == ["British Columbia", "Ontario"]
    assert rules_named(lines, "india") == []


@pytest.mark.parametrize(
    ("employees", "expected"),
    [
        (None, ["California"]),  # unset: every threshold applies
        (14, []),
        (15, ["California"]),
    ],
)
def test_size_thresholds(
    project: Callable[..., Path], capsys, employees: int | None, expected: list[str]
) -> None:
    site = SITE + (f"employees: {employees}\n" if employees else "")
    _, lines = check(project, capsys, {"la": posting("Los Angeles, CA, US"), "denver": posting()}, site)
    assert rules_named(lines, "la") == expected
    assert rules_named(lines, "denver") == ["Colorado"]  # every employer


def test_off_turns_the_checks_off_and_keeps_googles_view(project: Callable[..., Path], capsys) -> None:
    status, lines = check(project, capsys, {"sre": posting()}, SITE + "pay_transparency: off\n")
    assert status == 0
    assert not [line for line in lines if "pay transparency" in line]
    assert any('Missing field "baseSalary" (optional)' in line for line in lines)


def test_error_fails_the_build_and_publishes_nothing(project: Callable[..., Path], capsys) -> None:
    status, lines = check(project, capsys, {"sre": posting()}, SITE + "pay_transparency: error\n")
    assert status == 1
    assert (
        "content/jobs/sre.md:2: error: pay transparency (Colorado, since 2021): a salary range is required"
        " for jobs that can be done in Colorado; add salary:" in lines
    )
    assert main(["build", "--today", TODAY]) == 1
    assert not Path("site").exists()


def test_warn_is_the_default_and_builds(project: Callable[..., Path], capsys) -> None:
    status, lines = check(project, capsys, {"sre": posting()}, SITE + "pay_transparency: warn\n")
    assert status == 0 and any(": warning: pay transparency (Colorado" in line for line in lines)
    assert main(["build", "--today", TODAY]) == 0
    assert Path("site/jobs/sre/index.html").is_file()


@pytest.mark.parametrize(
    ("salary", "too_wide"),
    [
        ("CAD 100,000 - 180,000 per year", True),
        ("CAD 100,000 - 150,000 per year", False),  # 50,000: the widest allowed
        ("CAD 150,000 - 260,000 per year", False),  # the maximum is above 200,000
        ("CAD 40 - 95 per hour", False),
    ],
)
def test_a_range_too_wide_for_ontario(
    project: Callable[..., Path], capsys, salary: str, too_wide: bool
) -> None:
    _, lines = check(project, capsys, {"toronto": posting("Toronto, ON, CA", salary)})
    wide = [line for line in lines if "Ontario" in line]
    if too_wide:
        assert wide == [
            "content/jobs/toronto.md:4: warning: pay transparency (Ontario, since 2026): "
            "the range CAD 100,000 – 180,000 is 80,000 wide; "
            "Ontario allows at most 50,000 when the maximum is under 200,000; narrow salary:"
        ]
    else:
        assert wide == []


@pytest.mark.parametrize(
    ("body", "described"),
    [
        ("## What we offer\n\nHealth cover.\n", True),
        ("Benefits\n--------\n\nHealth cover.\n", True),
        ("<h2>Perks</h2>\n<p>Lunch.</p>\n", True),
        ("## Requirements\n\nBenefits of experience matter.\n", False),  # not a heading
        ("## About\n\nRun things.\n", False),
    ],
)
def test_benefits_are_found_by_heading(
    project: Callable[..., Path], capsys, body: str, described: bool
) -> None:
    _, lines = check(project, capsys, {"denver": posting(salary="$90,000 - $110,000 per year", body=body)})
    benefits = [line for line in lines if "benefits is required" in line]
    assert bool(benefits) is not described, lines
    if benefits:
        assert benefits == [
            "content/jobs/denver.md:10: warning: pay transparency (Colorado, since 2021): "
            "a general description of "
            'the benefits is required for jobs that can be done in Colorado; add a section headed "Benefits" '
            '(or "What we offer") to the body'
        ]


def test_a_german_benefits_heading(project: Callable[..., Path], capsys) -> None:
    body = "## Leistungen\n\n30 Tage Urlaub.\n"
    _, lines = check(project, capsys, {"denver": posting(salary="$90,000 - $110,000 per year", body=body)})
    assert not [line for line in lines if "pay transparency" in line]


def test_the_indian_sample_gets_no_pay_transparency_message(project: Callable[..., Path], capsys) -> None:
    project(sample=True)
    (Path("content/jobs/bangalore.md")).write_text(posting("Bangalore, Karnataka, IN"), encoding="utf-8")
    assert main(["check", "--today", TODAY]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert not [line for line in lines if "pay transparency" in line]
    assert [line for line in lines if "bangalore.md" in line] == [
        'content/jobs/bangalore.md:2: warning: Missing field "baseSalary" (optional); '
        "add salary: with the pay "
        "or its range (postings with a salary get more applicants, and Google shows it)"
    ]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "employees: many",
            "content/site.yaml:7: error: `employees` must be the company's head count, a whole "
            "number such as 250, not `many`; leave it out and every size threshold applies",
        ),
        (
            "employees: 0",
            "content/site.yaml:7: error: `employees` must be the company's head count, a whole "
            "number such as 250, not `0`; leave it out and every size threshold applies",
        ),
        (
            "pay_transparency: loud",
            "content/site.yaml:7: error: `pay_transparency` must be warn, error or off, "
            "not `loud`; warn reports, error also stops the build, off turns the checks off",
        ),
        (
            "pay_transparncy: off",
            "content/site.yaml:7: error: unknown field `pay_transparncy`; did you mean `pay_transparency`?",
        ),
    ],
)
def test_site_settings_are_validated(
    project: Callable[..., Path], capsys, setting: str, message: str
) -> None:
    status, lines = check(project, capsys, {"sre": posting()}, SITE + setting + "\n")
    assert status == 1
    assert message in lines


def test_the_shipped_table_names_every_spec_jurisdiction_with_its_source() -> None:
    table = pay_rules.rules()
    assert sorted(rule.jurisdiction for rule in table) == sorted(name for name, *_ in JURISDICTIONS)
    for rule in table:
        assert rule.source.startswith("https://") and rule.law and rule.employees_at_least >= 1, rule
    header = pay_rules.TABLE_PATH.read_text(encoding="utf-8").split("rules:")[0]
    assert "not legal advice" in header and "lawyer's review" in header


def test_the_loader_reports_every_problem_of_a_broken_table(tmp_path: Path) -> None:
    broken = tmp_path / "pay_transparency.yaml"
    broken.write_text(
        "rules:\n"
        "  - jurisdiction: Atlantis\n"
        "    place: XX-ZZ\n"
        "    law: none\n"
        "    in_force: soon\n"
        "    employees_at_least: 0\n"
        "    must_show: [pay_range, smiles]\n"
        "    remote: maybe\n"
        "    source: http://example.com\n"
        "    colour: blue\n"
        "  - jurisdiction: Nowhere\n",
        encoding="utf-8",
    )
    with pytest.raises(pay_rules.RuleTableError) as raised:
        pay_rules.load_table(broken)
    assert str(raised.value).splitlines() == [
        "careersite/pay_transparency.yaml:3: error: `place`: `XX-ZZ` is neither "
        "an ISO 3166-1 country code nor "
        "an ISO 3166-2 region code",
        "careersite/pay_transparency.yaml:5: error: `in_force` must be a date (YYYY-MM-DD), not `soon`",
        "careersite/pay_transparency.yaml:6: error: `employees_at_least` must be a whole number, 1 or more",
        "careersite/pay_transparency.yaml:7: error: `must_show` must list some of: pay_range, "
        "pay_before_interview, benefits, gender_neutral_title",
        "careersite/pay_transparency.yaml:8: error: `remote` must be true or false",
        "careersite/pay_transparency.yaml:9: error: `source` must be an https:// URL",
        "careersite/pay_transparency.yaml:10: error: unknown field `colour` in a rule",
        *(
            f"careersite/pay_transparency.yaml:11: error: rule Nowhere: missing `{field}`"
            for field in ("employees_at_least", "in_force", "law", "must_show", "place", "remote", "source")
        ),
    ]


def test_every_region_of_the_table_is_iso_3166_2_with_its_name() -> None:
    import pycountry

    regions = [rule for rule in pay_rules.rules() if rule.region is not None]
    assert len(regions) >= 18
    for rule in regions:
        subdivision = pycountry.subdivisions.get(code=rule.region)
        assert subdivision is not None, rule.region
        assert subdivision.name.casefold() in rule.region_names, (rule.region, subdivision.name)


def test_a_region_is_matched_by_its_code_or_its_name_and_needs_one(tmp_path: Path) -> None:
    def denver(region: str) -> Posting:
        return Posting(
            source=Path("content/jobs/a.md"), slug="a", title="Engineer", date_posted=dt.date(2026, 11, 20),
            apply="https://example.com", identifier="a", workplace=Workplace.ON_SITE,
            locations=(Location("Denver", "US", region),),
        )  # fmt: skip

    for written in ("CO", "co", "US-CO", "Colorado"):
        assert "Colorado" in [rule.jurisdiction for rule in pay_rules.covering(denver(written), None)]
    assert "Colorado" not in [rule.jurisdiction for rule in pay_rules.covering(denver("CA"), None)]
    table = pay_rules.TABLE_PATH.read_text(encoding="utf-8").replace("    region_name: Colorado\n", "", 1)
    (tmp_path / "pay_transparency.yaml").write_text(table, encoding="utf-8")
    with pytest.raises(pay_rules.RuleTableError, match=r"rule Colorado: a region needs its `region_name`"):
        pay_rules.load_table(tmp_path / "pay_transparency.yaml")


def test_a_rule_can_be_turned_off_by_its_jurisdiction(project: Callable[..., Path], capsys) -> None:
    site = SITE + "pay_transparency_off: [new york city]\n"
    _, lines = check(project, capsys, {"brooklyn": posting("Brooklyn, NY, US")}, site)
    assert rules_named(lines, "brooklyn") == ["New York State"]


def test_turning_off_an_unknown_rule_is_an_error(project: Callable[..., Path], capsys) -> None:
    site = SITE + "pay_transparency_off: [Ontaro]\n"
    status, lines = check(project, capsys, {"brooklyn": posting("Brooklyn, NY, US")}, site)
    assert status == 1
    assert (
        "content/site.yaml:7: error: `pay_transparency_off`: no rule for `Ontaro`; did you mean `Ontario`?"
        in lines
    )
