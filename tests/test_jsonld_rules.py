"""Google's JobPosting rules, as a table, over every page of the built sample site (read with extruct)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import extruct
import pytest

from careersite.cli import main
from tests.conftest import REPO, SAMPLE_BASE_URL, SAMPLE_OPEN, TODAY

BASE_URL, OPEN = SAMPLE_BASE_URL, SAMPLE_OPEN
GOOGLE_EMPLOYMENT_TYPES = {
    "FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER",
}  # fmt: skip
UNITS = {"HOUR", "DAY", "WEEK", "MONTH", "YEAR"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the sample site with drafts (a preview) once; return the output folder."""
    out = tmp_path_factory.mktemp("jsonld") / "site"
    args = ["build", "--content", str(REPO / "content"), "--templates", str(REPO / "templates")]
    assert main([*args, "--today", TODAY, "--out", str(out), "--drafts", "--no-cache"]) == 0
    return out


def jsonld(page: Path) -> list[dict[str, Any]]:
    """Return the JSON-LD objects of a page as a crawler reads them."""
    data = extruct.extract(page.read_text(encoding="utf-8"), base_url=BASE_URL, syntaxes=["json-ld"])
    return data["json-ld"]


def of_type(page: Path, kind: str) -> list[dict[str, Any]]:
    """Return the JSON-LD objects of one @type on a page."""
    return [item for item in jsonld(page) if item.get("@type") == kind]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_absolute(url: Any) -> bool:
    parts = urlsplit(url) if isinstance(url, str) else None
    return bool(parts and parts.scheme == "https" and parts.netloc and "//" not in parts.path)


def is_iso_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parsed = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    except ValueError:
        return False
    return not isinstance(parsed, dt.datetime) or parsed.tzinfo is not None


def is_remote(job: dict[str, Any]) -> bool:
    return job.get("jobLocationType") == "TELECOMMUTE"


def location_rule(job: dict[str, Any]) -> bool:
    """jobLocation with PostalAddress (locality + ISO country) unless fully remote."""
    if is_remote(job) and "jobLocation" not in job:
        return True
    places = as_list(job.get("jobLocation"))
    return bool(places) and all(
        place.get("@type") == "Place"
        and place["address"].get("@type") == "PostalAddress"
        and re.fullmatch(r"[A-Z]{2}", str(place["address"].get("addressCountry", "")))
        and isinstance(place["address"].get("addressLocality"), str)
        and place["address"]["addressLocality"].strip()
        for place in places
    )


def telecommute_rule(job: dict[str, Any]) -> bool:
    """TELECOMMUTE never without applicantLocationRequirements, and never the other way round."""
    requirements = job.get("applicantLocationRequirements")
    if not is_remote(job):
        return requirements is None and "jobLocationType" not in job
    return bool(requirements) and all(
        r.get("@type") == "Country" and isinstance(r.get("name"), str) and r["name"]
        for r in as_list(requirements)
    )


def salary_rule(job: dict[str, Any]) -> bool:
    """baseSalary: MonetaryAmount with an ISO currency and a QuantitativeValue of numbers and a unit."""
    salary = job.get("baseSalary")
    if not isinstance(salary, dict) or salary.get("@type") != "MonetaryAmount":
        return False
    value = salary.get("value", {})
    numbers = [value[k] for k in ("minValue", "maxValue", "value") if k in value]
    ranged = "minValue" in value and "maxValue" in value and "value" not in value
    single = "value" in value and "minValue" not in value and "maxValue" not in value
    return (
        bool(re.fullmatch(r"[A-Z]{3}", str(salary.get("currency"))))
        and value.get("@type") == "QuantitativeValue"
        and value.get("unitText") in UNITS
        and (ranged or single)
        and all(is_number(n) and n > 0 for n in numbers)
        and (not ranged or value["minValue"] <= value["maxValue"])
    )


RULES: dict[str, Callable[[dict[str, Any]], bool]] = {
    "context is schema.org": lambda job: job.get("@context") in ("https://schema.org", "http://schema.org"),
    "title is text": lambda job: isinstance(job.get("title"), str) and bool(job["title"].strip()),
    "description is the body as HTML": lambda job: (
        isinstance(job.get("description"), str) and bool(re.search(r"<(p|h2|ul)\b", job["description"]))
    ),
    "datePosted is ISO 8601": lambda job: is_iso_date(job.get("datePosted")),
    "hiringOrganization has a name": lambda job: (
        job["hiringOrganization"].get("@type") == "Organization"
        and bool(job["hiringOrganization"].get("name"))
    ),
    "hiringOrganization URLs are absolute": lambda job: all(
        is_absolute(url)
        for url in [
            job["hiringOrganization"].get("url"),
            job["hiringOrganization"].get("logo"),
            *as_list(job["hiringOrganization"].get("sameAs", [])),
        ]
    ),
    "jobLocation unless fully remote": location_rule,
    "TELECOMMUTE with applicantLocationRequirements": telecommute_rule,
    "validThrough is a date-time after datePosted": lambda job: (
        is_iso_date(job.get("validThrough")) and job["validThrough"][:10] >= job["datePosted"][:10]
    ),
    "employmentType in Google's list": lambda job: (
        bool(as_list(job.get("employmentType")))
        and set(as_list(job["employmentType"])) <= GOOGLE_EMPLOYMENT_TYPES
    ),
    "baseSalary": salary_rule,
    "identifier is a PropertyValue": lambda job: (
        job.get("identifier", {}).get("@type") == "PropertyValue"
        and bool(job["identifier"].get("name"))
        and bool(job["identifier"].get("value"))
    ),
    "experienceRequirements in months, a number": lambda job: (
        "experienceRequirements" not in job
        or (
            job["experienceRequirements"].get("@type") == "OccupationalExperienceRequirements"
            and type(job["experienceRequirements"].get("monthsOfExperience")) is int
        )
    ),
    "directApply is a boolean when present": lambda job: job.get("directApply", True) is True,
    "url is the canonical page": lambda job: job.get("url") is None or is_absolute(job["url"]),
}


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("slug", OPEN)
def test_open_posting_follows_google_rule(site: Path, slug: str, rule: str) -> None:
    (job,) = of_type(site / "jobs" / slug / "index.html", "JobPosting")
    assert RULES[rule](job), job


@pytest.mark.parametrize("slug", OPEN)
def test_url_is_the_page_itself(site: Path, slug: str) -> None:
    (job,) = of_type(site / "jobs" / slug / "index.html", "JobPosting")
    page = (site / "jobs" / slug / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{BASE_URL}jobs/{slug}/">' in page
    assert job.get("url", f"{BASE_URL}jobs/{slug}/") == f"{BASE_URL}jobs/{slug}/"


def test_remote_posting_is_telecommute_with_its_countries(site: Path) -> None:
    (job,) = of_type(site / "jobs" / "site-reliability-engineer" / "index.html", "JobPosting")
    assert job["jobLocationType"] == "TELECOMMUTE"
    assert as_list(job["applicantLocationRequirements"]) == [{"@type": "Country", "name": "India"}]
    assert "jobLocation" not in job  # the sample's remote role lists no office
    assert job["directApply"] is True
    assert job["identifier"]["value"] == "ENG-2026-114"


@pytest.mark.parametrize("slug", ["product-designer", "security-consultant"])
def test_hybrid_posting_has_only_job_location(site: Path, slug: str) -> None:
    (job,) = of_type(site / "jobs" / slug / "index.html", "JobPosting")
    assert job["jobLocation"]
    assert "jobLocationType" not in job
    assert "applicantLocationRequirements" not in job
    assert "directApply" not in job


def test_full_address_is_carried(site: Path) -> None:
    (job,) = of_type(site / "jobs" / "product-designer" / "index.html", "JobPosting")
    (place,) = as_list(job["jobLocation"])
    assert place["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "80 Feet Road, Koramangala",
        "addressLocality": "Bangalore",
        "addressRegion": "Karnataka",
        "postalCode": "560034",
        "addressCountry": "IN",
    }


def test_hourly_and_monthly_salaries(site: Path) -> None:
    (contract,) = of_type(site / "jobs" / "security-consultant" / "index.html", "JobPosting")
    assert contract["baseSalary"]["currency"] == "SGD"
    assert contract["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "minValue": 120,
        "maxValue": 150,
        "unitText": "HOUR",
    }
    assert contract["employmentType"] in ("CONTRACTOR", ["CONTRACTOR"])
    (intern,) = of_type(site / "jobs" / "data-science-intern" / "index.html", "JobPosting")
    assert intern["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "value": 40000,
        "unitText": "MONTH",
    }
    assert intern["employmentType"] in ("INTERN", ["INTERN"])


def test_only_open_posting_pages_carry_job_posting(site: Path) -> None:
    carrying = sorted(
        page.relative_to(site).as_posix() for page in site.rglob("*.html") if of_type(page, "JobPosting")
    )
    assert carrying == [f"jobs/{slug}/index.html" for slug in OPEN]


@pytest.mark.parametrize(
    "page",
    [
        "jobs/frontend-engineer/index.html",  # closed
        "jobs/mobile-engineer/index.html",  # draft, written only with --drafts
        "jobs/frontend-developer/index.html",  # alias redirect
        "index.html",
        "departments/engineering/index.html",
        "pages/life-at-paysecure/index.html",
        "404.html",
    ],
)
def test_page_has_no_job_posting(site: Path, page: str) -> None:
    path = site / page
    assert path.is_file()
    assert of_type(path, "JobPosting") == []
    assert "JobPosting" not in path.read_text(encoding="utf-8")


def test_index_has_the_organization(site: Path) -> None:
    (organization,) = of_type(site / "index.html", "Organization")
    assert organization["name"] == "PaySecure Financial Technologies"
    assert organization["url"] == "https://www.paysecure.example"
    assert is_absolute(organization["logo"])


def test_every_jsonld_block_parses_and_has_absolute_urls(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        blocks = text.count('<script type="application/ld+json">')
        items = jsonld(page)
        assert len(items) == blocks, page
        for item in items:
            for url in _urls(item):
                assert is_absolute(url), (page, url)


def _urls(value: Any) -> list[str]:
    """Every string under a key that names a URL (url, logo, sameAs, item)."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("url", "logo", "sameAs", "item"):
                found += [u for u in as_list(item) if isinstance(u, str)]
            else:
                found += _urls(item)
    elif isinstance(value, list):
        for item in value:
            found += _urls(item)
    return found


REMOTE_WITH_OFFICES = """\
---
title: Platform Engineer
on_site: false
applicant_locations: [IN, Singapore]
location:
  - Bangalore, Karnataka, IN
  - Singapore, SG
employment_type: [full-time, contract]
salary: INR 30,00,000 - 40,00,000 per year
date_posted: 2026-11-20T10:00:00+05:30
valid_through: 2027-01-31T18:00:00+05:30
apply: https://example.com/apply
---

Run the platform.
"""


def test_remote_posting_with_offices_carries_both(project: Callable[..., Path]) -> None:
    root = project({"content/jobs/platform.md": REMOTE_WITH_OFFICES}, sample=True)
    assert main(["build", "--today", TODAY]) == 0
    (job,) = of_type(root / "site" / "jobs" / "platform" / "index.html", "JobPosting")
    for rule, check in RULES.items():
        assert check(job), rule
    assert job["jobLocationType"] == "TELECOMMUTE"
    names = [country["name"] for country in as_list(job["applicantLocationRequirements"])]
    assert names == ["India", "Singapore"]
    cities = [place["address"]["addressLocality"] for place in as_list(job["jobLocation"])]
    assert cities == ["Bangalore", "Singapore"]
    assert job["employmentType"] == ["FULL_TIME", "CONTRACTOR"]
    assert job["datePosted"] == "2026-11-20T10:00:00+05:30"
    assert job["validThrough"] == "2027-01-31T18:00:00+05:30"
