"""indeed.xml (SPEC "A job-board feed"): opt-in, Indeed's required fields, hostile text inert."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from careersite.cli import main
from tests.conftest import SAMPLE_OPEN, SITE_YAML, TODAY, tree

# Indeed's XML feed for direct employers: what every <job> must carry.
REQUIRED = ("title", "date", "referencenumber", "url", "company", "city", "country", "description")


def with_feed(root: Path) -> None:
    site_yaml = root / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "feeds: [indeed]\n", encoding="utf-8")


def jobs(site: Path) -> list[dict[str, str]]:
    source = ET.parse(site / "indeed.xml").getroot()
    assert source.tag == "source"
    assert source.findtext("publisher") and source.findtext("publisherurl", "").startswith("https://")
    return [{child.tag: child.text or "" for child in job} for job in source.findall("job")]


def test_the_feed_is_opt_in(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    assert main(["build", "--today", TODAY]) == 0
    assert not (root / "site/indeed.xml").exists()


def test_the_feed_lists_exactly_the_open_postings_with_every_required_field(
    project: Callable[..., Path],
) -> None:
    root = project(sample=True)
    with_feed(root)
    assert main(["build", "--today", TODAY]) == 0
    listed = jobs(root / "site")
    assert sorted(job["url"].rstrip("/").rsplit("/", 1)[1] for job in listed) == sorted(SAMPLE_OPEN)
    for job in listed:
        wanted = [
            name for name in REQUIRED if not (name == "city" and job.get("remotetype") == "Fully remote")
        ]
        missing = [name for name in wanted if not job.get(name)]
        assert not missing, (job["title"], missing)
        assert job["company"] == "PaySecure Financial Technologies"
        assert job["date"].endswith(" GMT") and job["url"].startswith(
            "https://careers.paysecure.example/jobs/"
        )
    seed = next(job for job in listed if job["url"].endswith("/senior-backend-engineer/"))
    assert (seed["city"], seed["state"], seed["country"], seed["jobtype"]) == (
        "Bangalore",
        "Karnataka",
        "IN",
        "fulltime",
    )
    assert seed["salary"] == "₹3,500,000 – ₹5,500,000 per year" and "remotetype" not in seed
    assert seed["expirationdate"] == "Sun, 28 Feb 2027 00:00:00 GMT"
    assert '<h2 id="role-overview">Role overview</h2>' in seed["description"]
    remote = next(job for job in listed if job["url"].endswith("/site-reliability-engineer/"))
    assert remote["remotetype"] == "Fully remote" and remote["country"] == "IN"  # its first applicant country


HOSTILE = """---
title: "Engineer ]]> <script>alert(1)</script> \\a bell"
location: Bangalore, Karnataka, IN
salary: ₹10 LPA
date_posted: 2026-11-01
valid_through: 2027-01-31
apply: https://example.com/apply
---

Text with ]]> inside, and <script>alert(2)</script> raw HTML, and <b>bold</b>.
"""


def test_hostile_text_stays_well_formed_and_inert(project: Callable[..., Path]) -> None:
    root = project({"content/site.yaml": SITE_YAML + "feeds: [indeed]\n", "content/jobs/hostile.md": HOSTILE})
    assert main(["build", "--today", TODAY]) == 0
    raw = (root / "site/indeed.xml").read_bytes()
    assert b"<script>" not in raw and b"\x07" not in raw
    (job,) = jobs(root / "site")  # parses: well-formed
    assert job["title"] == "Engineer ]]> <script>alert(1)</script>  bell"  # text, escaped in the file
    assert "Text with ]]&gt; inside" in job["description"]  # the body's HTML, as HTML
    assert "<script" not in job["description"] and "<b>bold</b>" in job["description"]


def test_a_cached_build_with_the_feed_matches_a_cold_one(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    with_feed(root)
    assert main(["build", "--today", TODAY]) == 0
    posting = root / "content/jobs/product-designer.md"
    posting.write_text(
        posting.read_text(encoding="utf-8").replace("title: ", "title: Senior ", 1), encoding="utf-8"
    )
    assert main(["build", "--today", TODAY]) == 0
    assert any(job["title"].startswith("Senior ") for job in jobs(root / "site"))
    assert main(["build", "--today", TODAY, "--out", "cold", "--no-cache"]) == 0
    assert tree(root / "site") == tree(root / "cold")


def test_an_unknown_feed_is_an_error_with_a_suggestion(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project({"content/site.yaml": SITE_YAML + "feeds: [indeeed]\n"})
    assert main(["check", "--today", TODAY]) == 1
    assert (
        "content/site.yaml:9: error: `feeds`: unknown feed `indeeed`; did you mean `indeed`?"
        in capsys.readouterr().err
    )


def test_a_cdata_end_in_the_html_is_split_over_two_sections() -> None:
    import dataclasses

    from careersite import indeed
    from tests.test_render import make_posting, make_site

    site = dataclasses.replace(make_site(), feeds=("indeed",))
    element = indeed.job_element(make_posting(), site, '<p title="a]]>b">x]]>y</p>')
    assert b'<![CDATA[<p title="a]]]]><![CDATA[>b">x]]]]><![CDATA[>y</p>]]>' in element
    job = ET.fromstring(element)
    assert job.findtext("description") == '<p title="a]]>b">x]]>y</p>'
    assert indeed.job_element(make_posting(), make_site(), "<p>x</p>") == b""  # the feed is off
