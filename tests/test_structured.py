"""JobPosting JSON-LD field by field, the script-safe serializer, and jobs.json against its schema."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import extruct
import jsonschema
import pytest

from careersite.model import (
    Card,
    Experience,
    Location,
    Organization,
    Posting,
    Salary,
    Site,
    Workplace,
)
from careersite.structured import (
    JOBS_SCHEMA_PATH,
    breadcrumb_list,
    job_posting,
    jobs_entry,
    jobs_json,
    organization,
    posting_url,
    script_json,
)

SITE = Site(
    title="Careers at PaySecure",
    base_url="https://careers.paysecure.example/",
    organization=Organization(
        name="PaySecure Financial Technologies",
        url="https://www.paysecure.example",
        logo="assets/logo.svg",
        same_as=("https://www.linkedin.com/company/paysecure-example",),
    ),
    language="en-IN",
    timezone="Asia/Kolkata",
    currency="INR",
)

BANGALORE = Location(city="Bangalore", country="IN", region="Karnataka")
DESCRIPTION = '<h2 id="about">About</h2>\n<p>We build payments.</p>'

ON_SITE = Posting(
    source=Path("content/jobs/senior-backend-engineer.md"),
    slug="senior-backend-engineer",
    title="Senior Backend Engineer - Fintech",
    date_posted=dt.date(2026, 11, 20),
    apply="https://paysecure.example/apply/senior-backend-engineer",
    identifier="ENG-042",
    workplace=Workplace.ON_SITE,
    locations=(BANGALORE,),
    employment_types=("full-time",),
    salary=Salary(currency="INR", minimum=Decimal(3500000), maximum=Decimal(5500000), period="year"),
    experience=Experience(months=48, text="4-7 years"),
    valid_through=dt.date(2027, 2, 28),
    department="Engineering",
    department_slug="engineering",
)


def ld(posting: Posting, site: Site = SITE) -> dict:
    return job_posting(posting, site, DESCRIPTION)


def test_on_site_posting_field_by_field() -> None:
    assert ld(ON_SITE) == {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "Senior Backend Engineer - Fintech",
        "description": DESCRIPTION,
        "datePosted": "2026-11-20",
        "validThrough": "2027-02-28T23:59:59+05:30",
        "hiringOrganization": {
            "@type": "Organization",
            "name": "PaySecure Financial Technologies",
            "url": "https://www.paysecure.example",
            "sameAs": ["https://www.paysecure.example", "https://www.linkedin.com/company/paysecure-example"],
            "logo": "https://careers.paysecure.example/assets/logo.svg",
        },
        "identifier": {
            "@type": "PropertyValue",
            "name": "PaySecure Financial Technologies",
            "value": "ENG-042",
        },
        "url": "https://careers.paysecure.example/jobs/senior-backend-engineer/",
        "jobLocation": {  # one office: one Place, not a list of one
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Bangalore",
                "addressRegion": "Karnataka",
                "addressCountry": "IN",
            },
        },
        "employmentType": "FULL_TIME",
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "INR",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": 3500000,
                "maxValue": 5500000,
                "unitText": "YEAR",
            },
        },
        "experienceRequirements": {"@type": "OccupationalExperienceRequirements", "monthsOfExperience": 48},
    }


def test_salary_numbers_are_json_numbers_never_strings() -> None:
    salary = ld(ON_SITE)["baseSalary"]["value"]
    assert type(salary["minValue"]) is int
    assert type(salary["maxValue"]) is int


def test_hybrid_has_job_location_and_no_telecommute() -> None:
    posting = replace(ON_SITE, workplace=Workplace.HYBRID, employment_types=("full-time", "contract"))
    data = ld(posting)
    assert data["jobLocation"]["address"]["addressLocality"] == "Bangalore"
    assert "jobLocationType" not in data
    assert "applicantLocationRequirements" not in data
    assert data["employmentType"] == ["FULL_TIME", "CONTRACTOR"]


def test_fully_remote_has_telecommute_with_applicant_countries_and_no_location() -> None:
    posting = replace(
        ON_SITE, workplace=Workplace.REMOTE, locations=(), applicant_locations=("IN", "US", "GB")
    )
    data = ld(posting)
    assert "jobLocation" not in data
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "India"},
        {"@type": "Country", "name": "United States"},
        {"@type": "Country", "name": "United Kingdom"},
    ]


def test_remote_with_offices_carries_both() -> None:
    offices = (BANGALORE, Location(city="Pune", country="IN", postal_code="411001", street="1 MG Road"))
    posting = replace(ON_SITE, workplace=Workplace.REMOTE, locations=offices, applicant_locations=("IN",))
    data = ld(posting)
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [{"@type": "Country", "name": "India"}]
    assert data["jobLocation"][1]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "1 MG Road",
        "addressLocality": "Pune",
        "postalCode": "411001",
        "addressCountry": "IN",
    }


def test_telecommute_never_appears_without_applicant_locations() -> None:
    data = ld(replace(ON_SITE, workplace=Workplace.REMOTE, applicant_locations=()))
    assert "jobLocationType" not in data
    assert "applicantLocationRequirements" not in data


def test_single_hourly_usd_salary_uses_value() -> None:
    salary = Salary(currency="USD", minimum=Decimal("45.50"), maximum=Decimal("45.50"), period="hour")
    assert ld(replace(ON_SITE, salary=salary))["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "value": 45.5, "unitText": "HOUR"},
    }


def test_optional_fields_are_omitted_never_invented() -> None:
    posting = replace(ON_SITE, valid_through=None, salary=None, experience=None, employment_types=())
    data = ld(posting)
    for key in ("validThrough", "baseSalary", "experienceRequirements", "employmentType", "directApply"):
        assert key not in data


def test_direct_apply_only_when_declared() -> None:
    assert "directApply" not in ld(ON_SITE)
    assert ld(replace(ON_SITE, direct_apply=True))["directApply"] is True


def test_date_times_keep_their_offset() -> None:
    zone = ZoneInfo("Asia/Kolkata")
    posting = replace(
        ON_SITE,
        date_posted=dt.datetime(2026, 11, 20, 9, 30, tzinfo=zone),
        valid_through=dt.datetime(2027, 1, 15, 18, 0, tzinfo=dt.UTC),
    )
    data = ld(posting)
    assert data["datePosted"] == "2026-11-20T09:30:00+05:30"
    assert data["validThrough"] == "2027-01-15T18:00:00+00:00"


def test_valid_through_date_ends_the_day_in_the_site_timezone() -> None:
    site = replace(SITE, timezone="America/New_York")
    assert ld(ON_SITE, site)["validThrough"] == "2027-02-28T23:59:59-05:00"


def test_absolute_logo_and_single_same_as() -> None:
    org = replace(SITE.organization, logo="https://cdn.example/logo.png", same_as=())
    data = ld(ON_SITE, replace(SITE, organization=org))["hiringOrganization"]
    assert data["logo"] == "https://cdn.example/logo.png"
    assert data["sameAs"] == "https://www.paysecure.example"


def test_urls_under_a_base_path_have_no_doubled_slash() -> None:
    site = replace(SITE, base_url="https://example.com/careers/")
    data = ld(ON_SITE, site)
    assert data["url"] == "https://example.com/careers/jobs/senior-backend-engineer/"
    assert data["hiringOrganization"]["logo"] == "https://example.com/careers/assets/logo.svg"
    site = replace(site, organization=replace(SITE.organization, logo="/assets/logo.svg"))
    assert ld(ON_SITE, site)["hiringOrganization"]["logo"] == "https://example.com/careers/assets/logo.svg"


def test_organization_and_breadcrumbs() -> None:
    assert organization(SITE)["@type"] == "Organization"
    assert organization(SITE)["@context"] == "https://schema.org"
    assert organization(SITE)["logo"] == "https://careers.paysecure.example/assets/logo.svg"
    crumbs = breadcrumb_list(
        [("Careers", SITE.base_url), ("Engineering", SITE.base_url + "departments/eng/")]
    )
    assert crumbs["@type"] == "BreadcrumbList"
    assert crumbs["itemListElement"][1] == {
        "@type": "ListItem",
        "position": 2,
        "name": "Engineering",
        "item": "https://careers.paysecure.example/departments/eng/",
    }


HOSTILE_TITLE = "</script><script>alert(1)</script> & 'quotes' <!--"


def test_script_json_cannot_close_the_script_element() -> None:
    text = str(script_json(ld(replace(ON_SITE, title=HOSTILE_TITLE))))
    for raw in ("<", ">", "&", "'"):
        assert raw not in text
    assert "\\u003c/script\\u003e" in text
    assert json.loads(text)["title"] == HOSTILE_TITLE


def test_script_json_is_compact_sorted_and_keeps_unicode() -> None:
    text = str(script_json({"b": "₹35 LPA", "a": 1}))
    assert text == '{"a":1,"b":"₹35 LPA"}'


def test_crawlers_read_the_script_block_back() -> None:
    data = ld(replace(ON_SITE, title=HOSTILE_TITLE))
    html = (
        '<!doctype html><html lang="en"><head><title>x</title>'
        f'<script type="application/ld+json">{script_json(data)}</script>'
        "</head><body><h1>x</h1></body></html>"
    )
    extracted = extruct.extract(html, base_url=SITE.base_url, syntaxes=["json-ld"], uniform=True)
    assert extracted["json-ld"] == [data]


def test_posting_url() -> None:
    assert posting_url(ON_SITE, SITE) == "https://careers.paysecure.example/jobs/senior-backend-engineer/"


REMOTE = replace(
    ON_SITE,
    slug="a-remote-sre",
    identifier="a-remote-sre",
    title="Site Reliability Engineer",
    workplace=Workplace.REMOTE,
    locations=(),
    applicant_locations=("IN", "SG"),
    salary=Salary(currency="USD", minimum=Decimal("45.5"), maximum=Decimal("45.5"), period="hour"),
    experience=None,
    valid_through=None,
    updated=dt.date(2026, 12, 1),
    department=None,
    department_slug=None,
    apply="mailto:jobs@paysecure.example",
    direct_apply=True,
)


def jobs(postings: list[Posting], summaries: dict[str, str]) -> bytes:
    """jobs.json of the postings, each card carrying its line as a build's worker renders it."""
    cards = [
        Card.of(
            posting,
            str(posting.source),
            pieces={"jobs_entry": jobs_entry(posting, SITE, summaries.get(posting.slug))},
        )
        for posting in postings
    ]
    return b"".join(jobs_json(cards, SITE))


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(JOBS_SCHEMA_PATH.read_text(encoding="utf-8"))


def test_jobs_json_validates_against_its_schema(schema: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(jobs([ON_SITE, REMOTE], {ON_SITE.slug: "We build payments."}))
    jsonschema.validate(data, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_schema_rejects_what_it_must(schema: dict) -> None:
    data = json.loads(jobs([ON_SITE], {}))
    data["postings"][0]["salary"]["min"] = "3500000"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_jobs_json_content() -> None:
    data = json.loads(jobs([ON_SITE, REMOTE], {ON_SITE.slug: "We build payments."}))
    assert data["version"] == 1
    assert data["url"] == "https://careers.paysecure.example/"
    assert data["timezone"] == "Asia/Kolkata"
    assert [posting["slug"] for posting in data["postings"]] == ["a-remote-sre", "senior-backend-engineer"]
    remote, on_site = data["postings"]
    assert on_site == {
        "id": "ENG-042",
        "slug": "senior-backend-engineer",
        "url": "https://careers.paysecure.example/jobs/senior-backend-engineer/",
        "title": "Senior Backend Engineer - Fintech",
        "summary": "We build payments.",
        "department": "Engineering",
        "locations": [
            {"city": "Bangalore", "region": "Karnataka", "country": "IN", "postal_code": None, "street": None}
        ],
        "workplace": "on-site",
        "applicant_locations": [],
        "employment_types": ["full-time"],
        "salary": {"currency": "INR", "min": 3500000, "max": 5500000, "period": "year"},
        "experience_months": 48,
        "date_posted": "2026-11-20",
        "updated": None,
        "valid_through": "2027-02-28",
        "apply": "https://paysecure.example/apply/senior-backend-engineer",
        "direct_apply": False,
    }
    assert remote["salary"] == {"currency": "USD", "min": 45.5, "max": 45.5, "period": "hour"}
    assert remote["summary"] is None
    assert remote["workplace"] == "remote"
    assert remote["applicant_locations"] == ["IN", "SG"]
    assert remote["updated"] == "2026-12-01"
    assert remote["locations"] == []


def test_jobs_json_bytes_are_deterministic() -> None:
    first = jobs([ON_SITE, REMOTE], {})
    assert first == jobs([REMOTE, ON_SITE], {})
    assert first.endswith(b"}\n")
    assert first.decode("utf-8")
    assert list(json.loads(first)) == sorted(json.loads(first))


def test_jobs_json_keeps_unicode_readable() -> None:
    posting = replace(ON_SITE, title="Ingénieur backend · paiements ₹")
    assert "Ingénieur backend · paiements ₹".encode() in jobs([posting], {})


def test_empty_jobs_json_is_valid(schema: dict) -> None:
    data = json.loads(jobs([], {}))
    assert data["postings"] == []
    jsonschema.validate(data, schema)
