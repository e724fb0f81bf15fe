"""`new`: a posting file with every field, for marketing to fill in."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml

from careersite.slugs import slugify

MAX_TITLE = 200
NO_DEPARTMENT = "TODO the team, e.g. Engineering (or delete this line)"

# SPEC: `new` marks what must be replaced with values starting `TODO`; `check`
# and `build` report those as errors, and `TODO` in a body as a warning.
TEMPLATE = """\
---
# Replace every value that starts with TODO: `python build.py check` reports
# each one left. Optional fields are commented out; remove the "# " to use one.
# The README describes every field.
title: {title}
department: {department}
# "City, Region, CC" or "City, CC"; for several offices a list:
#   ["Bangalore, Karnataka, IN", "Pune, Maharashtra, IN"], or mappings {{city, country, region}}
location: TODO City, Region, CC, e.g. Bangalore, Karnataka, IN
# true (on-site), hybrid, or false (fully remote: then fill in applicant_locations below)
on_site: true
# full-time, part-time, contract, temporary, intern, volunteer, per-diem, other (or a list)
employment_type: full-time
# e.g. ₹35-55 LPA, ₹18 LPA, $120k-$150k/yr, €60,000 - €75,000 per year, $45/hour
salary: TODO the pay range, e.g. ₹35-55 LPA (or delete this line to publish no salary)
# e.g. 4-7 years, 4+ years, 18 months
experience: TODO e.g. 4-7 years (or delete this line)
date_posted: {today}
# the last day applications are accepted; delete it to keep the posting open until removed
valid_through: {closing}
# an https:// link to the application form, or an e-mail address
apply: TODO https://… or jobs@example.com
# one or two sentences for the job list and search results (at most 200 characters)
summary: TODO one or two sentences on why this role matters
# updated: {today}  # when the posting last changed in substance (on or after date_posted)
# direct_apply: true  # only when `apply` is the application form itself (no login, no redirect)
# id: REQ-1234  # the requisition number; default: the file name
# applicant_locations: [IN]  # with on_site: false, the countries people may work from
# slug: {slug}  # the address of the page, jobs/<slug>/; default: the file name
# aliases: [old-slug]  # earlier slugs of this posting; their links redirect here
# draft: true  # keeps the posting out of the site (`build --drafts` previews it)
---

## About the company

TODO Two or three sentences on what the company does and why it matters.

## Role overview

TODO What this person will do, with whom, and why the role exists now.

## Responsibilities

- TODO One responsibility per line

## Requirements

- TODO One requirement per line

## Nice to have

- TODO Skills that help but are not required (or delete this section)

## What we offer

- TODO Pay, benefits, learning budget, flexibility
"""


class ScaffoldError(ValueError):
    """A title or target file that `new` cannot use; the message is for people."""


def new_posting(title: str, content_dir: Path, today: dt.date, department: str | None = None) -> Path:
    """Write content/jobs/<slug>.md for a new posting and return its path; never overwrite."""
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError('the title is empty; give one in quotes: new "Senior Data Engineer"')
    if len(title) > MAX_TITLE:
        raise ScaffoldError(f"the title is {len(title)} characters long; at most {MAX_TITLE} are allowed")
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(
            f"cannot make a file name from the title {title!r}: it needs at least one Latin letter or digit"
        )
    department = " ".join((department or "").split())
    text = TEMPLATE.format(
        title=_yaml_text(title),
        department=_yaml_text(department) if department else NO_DEPARTMENT,
        today=today.isoformat(),
        closing=(today + dt.timedelta(days=30)).isoformat(),
        slug=slug,
    )
    path = content_dir / "jobs" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; choose another title or edit that file") from None
    return path


def _yaml_text(value: str) -> str:
    """Write text as a YAML scalar: plain when YAML reads it back unchanged, else double-quoted."""
    try:
        if yaml.safe_load(f"value: {value}") == {"value": value}:
            return value
    except yaml.YAMLError:
        pass
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(value, ensure_ascii=False)
