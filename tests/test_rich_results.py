"""Google's view before publishing: what the Rich Results Test would say of the JSON-LD the build
emits, in its words, at the front-matter line that fixes it; one property table for the generator
and the linter (structured.JOB_POSTING_PROPERTIES)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from careersite import rich_results, structured
from careersite.cli import main
from careersite.diagnostics import Diagnostics
from careersite.model import Location, Organization, Posting, Site, Workplace
from tests.conftest import SITE_YAML, TODAY
from tests.test_jsonld_rules import of_type

COMPLETE = """\
---
title: Platform Engineer
location: Bangalore, Karnataka, IN
employment_type: full-time
salary: ₹30–40 LPA
date_posted: 2026-11-20
valid_through: 2027-01-31
apply: https://example.com/apply
---

Run the platform.
"""

# (what is left out, the front-matter edit, the line and exact message check prints)
FIXTURES = [
    (
        "baseSalary",
        ("salary: ₹30–40 LPA\n", ""),
        'content/jobs/job.md:2: warning: Missing field "baseSalary" (optional); add salary: with the pay or '
        "its range (postings with a salary get more applicants, and Google shows it)",
    ),
    (
        "validThrough",
        ("valid_through: 2027-01-31\n", ""),
        'content/jobs/job.md:2: warning: Missing field "validThrough" (optional); add valid_through: '
        "(e.g. valid_through: 2027-02-28); "
        "without it the posting stays open until it is removed or given one",
    ),
    (
        "description",
        ("Run the platform.\n", ""),
        'content/jobs/job.md:10: warning: Missing field "description"; write the posting\'s text below its '
        "front matter (Google shows no job card without it)",
    ),
]


@pytest.mark.parametrize(("name", "edit", "message"), FIXTURES, ids=[f[0] for f in FIXTURES])
def test_each_missing_field_in_the_rich_results_tests_words(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str], name: str, edit: tuple[str, str],
    message: str,
) -> None:  # fmt: skip
    project({"content/site.yaml": SITE_YAML, "content/jobs/job.md": COMPLETE.replace(*edit)})
    assert main(["check", "--today", TODAY]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("content/")]
    assert lines == [message]


def test_a_complete_posting_gets_no_message(project: Callable[..., Path], capsys) -> None:
    project({"content/site.yaml": SITE_YAML, "content/jobs/job.md": COMPLETE})
    assert main(["check", "--today", TODAY]) == 0
    assert "check passed: 0 errors, 0 warnings" in capsys.readouterr().out


def test_a_closed_posting_is_not_linted_a_scheduled_one_is(project: Callable[..., Path], capsys) -> None:
    closed = COMPLETE.replace("salary: ₹30–40 LPA\n", "").replace("2027-01-31", "2026-11-21")
    scheduled = COMPLETE.replace("salary: ₹30–40 LPA\n", "").replace("2026-11-20", "2026-12-20")
    project(
        {"content/site.yaml": SITE_YAML, "content/jobs/closed.md": closed, "content/jobs/soon.md": scheduled}
    )
    assert main(["check", "--today", TODAY]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "Missing field" in line]
    assert [line.split(":")[0] for line in lines] == ["content/jobs/soon.md"]


SITE = Site(
    title="Careers",
    base_url="https://careers.example.com/",
    organization=Organization("Ex", "https://ex.com"),
)
POSTING = Posting(
    source=Path("content/jobs/job.md"), slug="job", title="Engineer", date_posted=dt.date(2026, 11, 20),
    apply="https://ex.com/apply", identifier="job", workplace=Workplace.ON_SITE,
    locations=(Location("Pune", "IN"),), employment_types=("full-time",), field_lines=(("location", 3),),
)  # fmt: skip
LINTED = [p for p in structured.JOB_POSTING_PROPERTIES if p.need != structured.WHEN_GIVEN]


@pytest.mark.parametrize("prop", LINTED, ids=[p.name for p in LINTED])
def test_every_linted_property_missing_from_the_data_is_reported(prop: structured.Property) -> None:
    remote = dataclasses.replace(
        POSTING, workplace=Workplace.REMOTE, applicant_locations=("IN",), locations=()
    )
    posting = POSTING if prop.expected(POSTING) else remote
    data = structured.job_posting(posting, SITE, "<p>Build.</p>")
    data.pop(prop.name, None)
    found = rich_results.findings(data, posting)
    suffix = "" if prop.need == structured.REQUIRED else " (optional)"
    assert [finding.message for finding in found if finding.message.split('"')[1] == prop.name] == [
        f'Missing field "{prop.name}"{suffix}'
    ]


def test_the_message_is_at_the_line_of_the_field_that_fixes_it() -> None:
    diags = Diagnostics()
    data_without_location = dataclasses.replace(POSTING, locations=())
    rich_results.check_posting(data_without_location, SITE, "<p>Build.</p>", diags)
    assert [str(d) for d in diags.items if "jobLocation" in d.message] == [
        'content/jobs/job.md:3: warning: Missing field "jobLocation"; add location: '
        '(e.g. location: "Bangalore, Karnataka, IN") (Google shows no job card without it)'
    ]


def test_the_generator_and_the_linter_read_one_table(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    education = structured.Property(
        "educationRequirements", structured.RECOMMENDED, "summary", "add summary:",
        lambda posting, site, html: {"@type": "Credential"} if posting.summary else None,
    )  # fmt: skip
    monkeypatch.setattr(structured, "JOB_POSTING_PROPERTIES", (*structured.JOB_POSTING_PROPERTIES, education))
    with_summary = COMPLETE.replace("title:", "summary: Run it.\ntitle:")
    root = project(
        {"content/site.yaml": SITE_YAML, "content/jobs/job.md": COMPLETE, "content/jobs/two.md": with_summary}
    )
    assert main(["build", "--today", TODAY, "--no-cache"]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("content/")]
    assert lines == [
        'content/jobs/job.md:2: warning: Missing field "educationRequirements" (optional); add summary:'
    ]
    (job,) = of_type(root / "site" / "jobs" / "job" / "index.html", "JobPosting")
    (two,) = of_type(root / "site" / "jobs" / "two" / "index.html", "JobPosting")
    assert "educationRequirements" not in job
    assert two["educationRequirements"] == {"@type": "Credential"}


def test_the_sample_content_gets_no_message_from_google_or_the_pay_laws(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project(sample=True)
    assert main(["check", "--today", TODAY]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert not [line for line in lines if "Missing field" in line or "pay transparency" in line]
