"""The JSON Schema of content files: generated from the field tables, published, and agreeing with `check`."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from careersite import fields, file_schema
from careersite.cli import main
from careersite.diagnostics import Diagnostics
from careersite.sources import load_markdown, load_yaml_file
from tests.conftest import REPO, TODAY
from tests.test_cases import CASES, NAMES

# What a JSON Schema cannot say, left to `check` (file_schema's docstring): a fixture the schema
# accepts and `check` rejects must fail only for these.
BEYOND_A_SCHEMA = (
    r"is before `date_posted`",  # a date compared with another field
    r"would share the page",  # two files
    r"is also used by",  # two files
    r"unknown country",  # the country database
    r"is ambiguous|names several currencies|ISO code",  # the site's currency
    r"above maximum|above the maximum",  # arithmetic
    r"contrast",  # arithmetic
)


def _json(value: Any) -> Any:
    """A YAML value as JSON would carry it (dates become their ISO text)."""
    if isinstance(value, dict):
        return {str(key): _json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = file_schema.schemas()[name]
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _fixtures() -> list[tuple[str, Path, str]]:
    """(case, file, schema) for every content file of every case, and of the sample and starter content."""
    found = []
    for case, root in [*((name, CASES / name / "content") for name in NAMES), ("sample", REPO / "content")]:
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root).as_posix()
            if relative == "site.yaml":
                found.append((case, path, "site.schema.json"))
            elif relative.startswith("jobs/") and path.suffix == ".md":
                found.append((case, path, "posting.schema.json"))
            elif relative.startswith("pages/") and path.suffix == ".md":
                found.append((case, path, "page.schema.json"))
    return found


def _check_errors(case: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> list[str]:
    """Every error line `check` prints for a case (the sample: its content/)."""
    root = tmp_path / "project"
    if case == "sample":
        shutil.copytree(REPO / "content", root / "content")
    else:
        shutil.copytree(CASES / "_base", root)
        shutil.copytree(CASES / case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    shutil.copytree(REPO / "templates", root / "templates")
    capsys.readouterr()
    main(
        [
            "check",
            "--today",
            TODAY,
            "--content",
            str(root / "content"),
            "--templates",
            str(root / "templates"),
        ]
    )
    return [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]


CHECKED: dict[str, list[str]] = {}


@pytest.mark.parametrize(("case", "path", "schema"), _fixtures(), ids=lambda v: getattr(v, "name", v))
def test_schema_and_check_agree(
    case: str, path: Path, schema: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    diags = Diagnostics()
    load = load_yaml_file if schema == "site.schema.json" else load_markdown
    document = load(path, path, diags)
    if case not in CHECKED:
        CHECKED[case] = _check_errors(case, capsys, tmp_path)
    content = CASES / case / "content" if case != "sample" else REPO / "content"
    shown = "content/" + path.relative_to(content).as_posix()
    errors = [line for line in CHECKED[case] if shown + ":" in line]
    if document is None or not isinstance(document.data, dict):  # no mapping to hold against the schema
        assert errors, f"`check` accepts {shown}, which is no YAML mapping"
        return
    problems = [error.message for error in _validator(schema).iter_errors(_json(document.data))]
    if problems:
        assert errors, f"the schema rejects {shown}, which `check` accepts: {problems}"
    else:
        unexplained = [e for e in errors if not any(re.search(p, e) for p in BEYOND_A_SCHEMA)]
        assert not unexplained, f"`check` rejects {shown} for what the schema should say too: {unexplained}"


def test_the_schema_rejects_most_invalid_fixtures() -> None:
    """The exceptions stay exceptions: of the cases `check` rejects, few are left to `check` alone."""
    rejected = accepted = 0
    for case, path, schema in _fixtures():
        if case == "sample" or case == "warnings-only":
            continue
        document = (load_yaml_file if schema == "site.schema.json" else load_markdown)(
            path, path, Diagnostics()
        )
        if document is None or not isinstance(document.data, dict):
            continue
        if list(_validator(schema).iter_errors(_json(document.data))):
            rejected += 1
        else:
            accepted += 1
    assert rejected >= 2 * accepted, (rejected, accepted)


def test_the_published_schemas_are_the_generated_ones() -> None:
    for name, schema in file_schema.schemas().items():
        jsonschema.Draft202012Validator.check_schema(schema)
        published = (file_schema.SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert published == file_schema.render(schema), f"run `python -m careersite.file_schema` ({name})"


@pytest.mark.parametrize(
    "table", [fields.POSTING, fields.PAGE, fields.SITE, fields.LOCATION, fields.ORGANIZATION]
)
def test_every_field_has_a_schema(table: tuple[fields.Field, ...]) -> None:
    for field in table:
        assert field.kind in fields.KINDS, field
        assert file_schema.field_schema(field)["allOf"], field


@pytest.mark.parametrize(
    ("front_matter", "valid"),
    [
        ({"on_site": "remote", "applicant_locations": ["IN"]}, True),
        ({"on_site": "Hybrid", "location": "Pune, IN"}, True),
        ({"on_site": "remote"}, False),  # remote needs applicant_locations
        ({"on_site": "hybrid"}, False),  # hybrid needs a location
        ({"location": "Pune, IN", "employment_type": ["full-time", "Part Time"]}, True),
        ({"location": "Pune, IN", "employment_type": "fulltme"}, False),
        (
            {"location": "Pune, IN", "salary": {"currency": "INR", "min": 1, "max": 2, "period": "month"}},
            True,
        ),
        ({"location": "Pune, IN", "salary": {"currency": "INR", "min": 1}}, False),
        ({"location": "Pune, IN", "experience": "4+ years"}, True),
        ({"location": "Pune, IN", "experience": "lots"}, False),
        ({"location": "Pune, IN", "slug": "Not A Slug"}, False),
        ({"location": "Pune, IN", "apply": "http://example.com"}, False),
        ({"location": "Pune, IN", "title": "TODO: the title"}, False),
    ],
)
def test_posting_schema_examples(front_matter: dict[str, Any], valid: bool) -> None:
    posting = {"title": "Engineer", "date_posted": "2026-11-20", "apply": "jobs@example.com", **front_matter}
    problems = list(_validator("posting.schema.json").iter_errors(posting))
    assert (not problems) is valid, problems
