"""The seed posting survives into content/jobs/ and its built page: every line, every fact, its JSON-LD."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path

import extruct
import pytest
import yaml

from careersite.cli import main
from careersite.markdown import render_markdown
from careersite.model import Posting, Workplace
from careersite.salary import parse_salary
from tests.conftest import REPO, TODAY, load_postings

SEED = REPO.parent / "shared" / "seeds" / "paysecure-senior-backend-engineer.txt"
POSTING = REPO / "content" / "jobs" / "senior-backend-engineer.md"
PAGE = "jobs/senior-backend-engineer/index.html"
BASE_URL = "https://careers.paysecure.example/"
BANNER = "JOB DESCRIPTION"  # the seed document's own banner, not part of the posting


def squash(text: str) -> str:
    """Collapse runs of whitespace, so that re-wrapped lines compare equal."""
    return " ".join(text.split())


def seed_header() -> dict[str, str]:
    """Return the seed's `KEY: value` header lines (POSITION, COMPANY, …)."""
    header = {}
    for line in SEED.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Z]+):\s+(.+?)\s*$", line)
        if match:
            header[match[1]] = match[2]
    return header


def seed_body_lines() -> list[tuple[str, bool]]:
    """Return every non-decoration line after the header, each with whether it is a section title."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    result = []
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line or re.fullmatch(r"[=\-]{4,}", line) or line == BANNER:
            continue
        if re.match(r"^[A-Z]+:\s", line):  # header lines are compared by value, below
            continue
        between_rulers = (
            0 < index < len(lines) - 1
            and re.fullmatch(r"={4,}", lines[index - 1].strip())
            and re.fullmatch(r"={4,}", lines[index + 1].strip())
        )
        underlined = index < len(lines) - 1 and re.fullmatch(r"-{4,}", lines[index + 1].strip())
        result.append((line, bool(between_rulers or underlined)))
    return result


def front_matter() -> dict:
    """Return the posting's front matter as plain YAML."""
    text = POSTING.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("\n---\n", 1)[0][4:])


@pytest.fixture(scope="module")
def loaded() -> Posting:
    """Return the posting as the product understands it."""
    postings, messages = load_postings(REPO / "content", REPO)
    assert postings, messages
    (posting,) = [p for p in postings if p.source.name == POSTING.name]
    return posting


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the sample site once and return the output folder."""
    out = tmp_path_factory.mktemp("seed") / "site"
    args = ["build", "--content", str(REPO / "content"), "--templates", str(REPO / "templates")]
    assert main([*args, "--today", TODAY, "--out", str(out), "--no-cache"]) == 0
    return out


def test_seed_is_found_and_has_a_header() -> None:
    assert SEED.is_file(), SEED
    assert set(seed_header()) == {"POSITION", "COMPANY", "LOCATION", "EXPERIENCE", "EMPLOYMENT"}
    assert len(seed_body_lines()) > 40


@pytest.mark.parametrize(("line", "is_title"), seed_body_lines(), ids=lambda v: str(v)[:40])
def test_every_seed_line_is_in_the_posting(line: str, is_title: bool) -> None:
    body = POSTING.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    if is_title:
        headings = [
            squash(h).casefold() for h in re.findall(r"^#{2,6}\s+(.+?)\s*$", body, flags=re.MULTILINE)
        ]
        assert squash(line).casefold() in headings
    else:
        assert squash(line) in squash(body)


@pytest.mark.parametrize(("line", "is_title"), seed_body_lines(), ids=lambda v: str(v)[:40])
def test_every_seed_line_is_on_the_built_page(built: Path, line: str, is_title: bool) -> None:
    page = built / PAGE
    text = squash(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))))
    wanted = squash(line.removeprefix("- "))
    if is_title:
        assert wanted.casefold() in text.casefold()
    else:
        assert wanted in text


def test_header_position_is_the_title(loaded: Posting) -> None:
    assert front_matter()["title"] == seed_header()["POSITION"] == loaded.title


def test_header_company_is_the_hiring_organization() -> None:
    site = yaml.safe_load((REPO / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert site["organization"]["name"] == seed_header()["COMPANY"]


def test_header_location_is_bangalore_on_site(loaded: Posting) -> None:
    assert seed_header()["LOCATION"] == "Bangalore, India (On-site required)"
    (location,) = loaded.locations
    assert (location.city, location.region, location.country) == ("Bangalore", "Karnataka", "IN")
    assert front_matter()["on_site"] == "on-site"  # as the browser editor writes it
    assert loaded.workplace is Workplace.ON_SITE


def test_header_experience(loaded: Posting) -> None:
    assert front_matter()["experience"] == seed_header()["EXPERIENCE"] == "4-7 years"
    assert loaded.experience is not None and loaded.experience.months == 48


def test_header_employment(loaded: Posting) -> None:
    assert [seed_header()["EMPLOYMENT"].lower()] == front_matter()["employment_type"] == ["full-time"]
    assert loaded.employment_types == ("full-time",)


def test_salary_line_is_the_salary_field(loaded: Posting) -> None:
    (line,) = [line for line, _ in seed_body_lines() if line.startswith("- Salary:")]
    shorthand = re.search(r"₹[\d\-\u2013]+ LPA", line)
    assert shorthand is not None
    from_seed = parse_salary(shorthand[0], "INR")
    assert parse_salary(front_matter()["salary"], "INR") == from_seed == loaded.salary
    assert (from_seed.currency, from_seed.minimum, from_seed.maximum, from_seed.period) == (
        "INR",
        Decimal(3500000),
        Decimal(5500000),
        "year",
    )


def test_dates_and_apply_of_the_posting() -> None:
    matter = front_matter()
    assert str(matter["date_posted"]) == "2026-11-20"
    assert str(matter["valid_through"]) == "2027-02-28"
    assert matter["apply"].startswith("https://")


# -- the built page ---------------------------------------------------------------------------------


def job_postings(page: Path) -> list[dict]:
    """Return the JobPosting objects extruct finds in a page's JSON-LD."""
    data = extruct.extract(
        page.read_text(encoding="utf-8"), base_url=BASE_URL, syntaxes=["json-ld"], uniform=True
    )
    return [item for item in data["json-ld"] if item.get("@type") == "JobPosting"]


@pytest.fixture
def job(built: Path) -> dict:
    """Return the seed page's one JobPosting."""
    (found,) = job_postings(built / PAGE)
    return found


def test_exactly_one_job_posting_block(built: Path) -> None:
    page = (built / PAGE).read_text(encoding="utf-8")
    assert len(job_postings(built / PAGE)) == 1
    assert page.count('"JobPosting"') == 1


def test_jsonld_title_and_description(job: dict, loaded: Posting) -> None:
    assert job["title"] == "Senior Backend Engineer - Fintech"
    assert job["description"] == str(render_markdown(loaded.body))
    assert '<h2 id="role-overview">Role overview</h2>' in job["description"]


def test_jsonld_dates(job: dict) -> None:
    assert job["datePosted"] == "2026-11-20"
    # a plain valid_through is open through the whole day in the site's timezone (Asia/Kolkata)
    assert job["validThrough"] == "2027-02-28T23:59:59+05:30"


def test_jsonld_hiring_organization(job: dict) -> None:
    organization = job["hiringOrganization"]
    assert organization["@type"] == "Organization"
    assert organization["name"] == "PaySecure Financial Technologies"
    same_as = organization["sameAs"]
    same_as = [same_as] if isinstance(same_as, str) else same_as
    assert "https://www.linkedin.com/company/paysecure-example" in same_as
    assert organization["logo"] == "https://careers.paysecure.example/assets/logo.svg"


def test_jsonld_location(job: dict) -> None:
    places = job["jobLocation"]
    (place,) = places if isinstance(places, list) else [places]
    assert place["@type"] == "Place"
    address = place["address"]
    assert address["@type"] == "PostalAddress"
    assert (address["addressLocality"], address["addressRegion"], address["addressCountry"]) == (
        "Bangalore",
        "Karnataka",
        "IN",
    )
    assert "jobLocationType" not in job
    assert "applicantLocationRequirements" not in job


def test_jsonld_employment_salary_experience(job: dict) -> None:
    assert job["employmentType"] in ("FULL_TIME", ["FULL_TIME"])
    salary = job["baseSalary"]
    assert salary["@type"] == "MonetaryAmount"
    assert salary["currency"] == "INR"
    value = salary["value"]
    assert value["@type"] == "QuantitativeValue"
    assert value["minValue"] == 3500000 and type(value["minValue"]) is int
    assert value["maxValue"] == 5500000 and type(value["maxValue"]) is int
    assert value["unitText"] == "YEAR"
    experience = job["experienceRequirements"]
    assert experience["@type"] == "OccupationalExperienceRequirements"
    assert experience["monthsOfExperience"] == 48


def test_jsonld_identifier_and_no_direct_apply(job: dict) -> None:
    identifier = job["identifier"]
    assert identifier["@type"] == "PropertyValue"
    assert identifier["name"] == "PaySecure Financial Technologies"
    assert identifier["value"] == "senior-backend-engineer"
    assert "directApply" not in job


def test_page_shows_the_salary_and_the_organization(built: Path) -> None:
    page = html.unescape((built / PAGE).read_text(encoding="utf-8"))
    visible = page.split("</head>", 1)[1]
    assert "₹35,00,000 \u2013 ₹55,00,000" in visible
    assert re.search(r">\s*PaySecure Financial Technologies\s*<", visible)
    assert re.search(r">\s*4-7 years\s*<", visible)
    assert "Full-time" in visible and "Bangalore" in visible and "On-site" in visible
