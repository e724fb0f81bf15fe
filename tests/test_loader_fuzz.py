"""Whatever a posting file holds, `check` answers 0 or 1 with messages, never a crash (hypothesis)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from careersite.cli import main
from careersite.content import ORGANIZATION_FIELDS, SITE_FIELDS
from careersite.postings import LOCATION_FIELDS, POSTING_FIELDS
from tests.conftest import REPO, SITE_YAML, write_files

# On a failure Hypothesis's pytest plugin imports libcst to write a patch, which warns through
# mypy_extensions; under `filterwarnings = error` that warning would abort the whole run.
pytestmark = pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning")

SITE = SITE_YAML
VALID = {
    "title": "Engineer",
    "date_posted": dt.date(2026, 11, 20),
    "valid_through": dt.date(2027, 1, 31),
    "apply": "https://example.com/apply",
    "location": "Bangalore, Karnataka, IN",
    "salary": "₹18 LPA",
}
# No shrinking and no example database: a failure reports its first example at once, and
# nothing is written inside the repo. The explicit tests below hold the minimal cases found.
FUZZ = settings(
    max_examples=100,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        ["TODO", "yes", "no", "NO", "hybrid", "4-7 years", "₹35\u201355 LPA", "$45/hour", "IN", "USA"]
    ),
    st.sampled_from(["full-time", "intern", "mailto:x@example.com", "x@example.com", "http://x.example"]),
    st.dates(),
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from([*LOCATION_FIELDS, "currency", "min", "max", "value", "period"]), inner
        ),
    ),
    max_leaves=8,
)
keys = st.one_of(
    st.sampled_from(POSTING_FIELDS), st.sampled_from(["valid_trough", "titel", "Title"]), st.text(max_size=12)
)
documents = st.dictionaries(keys, values, max_size=10)
framings = st.sampled_from(
    [
        "---\n{yaml}---\n{body}",
        "\ufeff---\r\n{yaml}---\r\n{body}",
        "---\n{yaml}",  # never closed
        "{yaml}---\n{body}",  # never opened
        "--- \n{yaml}---  \n{body}",
        "\n---\n{yaml}---\n{body}",
        "---\n{yaml}...\n---\n{body}",
        "---\n---\n{yaml}---\n{body}",
    ]
)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content folder with a valid site.yaml and no postings yet."""
    write_files(tmp_path, {"content/site.yaml": SITE})
    (tmp_path / "content" / "jobs").mkdir()
    return tmp_path / "content"


def check(content: Path) -> tuple[int, str]:
    """Run `check` in-process on a content folder; return the exit status and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(
            [
                "check",
                "--content",
                str(content),
                "--templates",
                str(REPO / "templates"),
                "--today",
                "2026-11-25",
            ]
        )
    return code, err.getvalue()


def assert_handled(content: Path) -> None:
    code, err = check(content)
    assert code in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err, err
    if code == 1:
        assert ": error: " in err


def test_the_valid_posting_passes(content: Path) -> None:
    (content / "jobs" / "role.md").write_text(
        "---\n" + yaml.safe_dump(VALID) + "---\nBody.\n", encoding="utf-8"
    )
    assert check(content) == (0, "")


@FUZZ
@given(text=st.text())
def test_any_text(content: Path, text: str) -> None:
    (content / "jobs" / "role.md").write_text(text, encoding="utf-8")
    assert_handled(content)


@FUZZ
@given(data=st.binary())
def test_any_bytes(content: Path, data: bytes) -> None:
    (content / "jobs" / "role.md").write_bytes(data)
    assert_handled(content)


@FUZZ
@given(document=documents, framing=framings, body=st.text(max_size=60))
def test_any_front_matter(content: Path, document: dict, framing: str, body: str) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    (content / "jobs" / "role.md").write_text(framing.format(yaml=text, body=body), encoding="utf-8")
    assert_handled(content)


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(POSTING_FIELDS), values, min_size=1, max_size=3))
def test_a_valid_posting_with_some_fields_replaced(content: Path, changes: dict) -> None:
    document = {**VALID, **changes}
    (content / "jobs" / "role.md").write_text(
        "---\n" + yaml.safe_dump(document, allow_unicode=True) + "---\nBody.\n", encoding="utf-8"
    )
    assert_handled(content)


@FUZZ
@given(
    changes=st.dictionaries(st.sampled_from(SITE_FIELDS), values, max_size=3),
    organization=st.dictionaries(st.sampled_from(ORGANIZATION_FIELDS), values, max_size=2),
)
def test_any_site_yaml(content: Path, changes: dict, organization: dict) -> None:
    site = yaml.safe_load(SITE)
    site.update(changes)
    if isinstance(site.get("organization"), dict):
        site["organization"].update(organization)
    (content / "site.yaml").write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
    (content / "jobs" / "role.md").write_text(
        "---\n" + yaml.safe_dump(VALID) + "---\nBody.\n", encoding="utf-8"
    )
    assert_handled(content)


# -- the minimal cases the fuzzing found (each was an `internal error`, exit 70) ----------------------

VALID_TEXT = "title: Engineer\napply: https://example.com/apply\nlocation: Pune, IN\nsalary: ₹18 LPA\n"


@pytest.mark.parametrize(
    "lines",
    [
        "date_posted: 2026-11-20\nsummary: !!timestamp 'soon'",
        "date_posted: 2026-11-20\nsummary: !<tag:yaml.org,2002:timestamp> 2026-11-20x",
        "date_posted: 2026-11-20\nsummary: !!bool 'maybe'",
        "date_posted: 2026-11-20\nsummary: !!float ''",
        "date_posted: 2026-11-20\nsummary: &loop [*loop]",
        "date_posted: 0001-01-01T00:00:00+05:00",
        "date_posted: 2026-11-20\nvalid_through: 9999-12-31T23:00:00-10:00",
        "date_posted: 2026-11-20\nupdated: 9999-12-31T23:00:00-10:00\nvalid_through: 9999-12-31",
    ],
)
def test_odd_yaml_is_a_message_not_a_crash(content: Path, lines: str) -> None:
    (content / "jobs" / "role.md").write_text(f"---\n{VALID_TEXT}{lines}\n---\nBody.\n", encoding="utf-8")
    code, err = check(content)
    assert "internal error" not in err and "Traceback" not in err, err
    assert code in (0, 1), err
    if code == 1:
        assert re.search(r"role\.md:\d+: error: ", err), err


def test_alias_bomb_is_answered_quickly(tmp_path: Path, content: Path) -> None:
    lines = ["l0: &l0 [a, a, a, a, a, a, a, a, a, a]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 9)]
    text = "---\n" + VALID_TEXT + "date_posted: 2026-11-20\n" + "\n".join(lines) + "\n---\nBody.\n"
    (content / "jobs" / "role.md").write_text(text, encoding="utf-8")  # 10^9 leaves from 700 bytes
    command = [
        sys.executable,
        str(REPO / "build.py"),
        "check",
        "--content",
        str(content),
        "--today",
        "2026-11-25",
    ]
    command += ["--templates", str(REPO / "templates")]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=10, cwd=tmp_path, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail("check did not answer within 10 s on a YAML alias bomb")
    assert result.returncode == 1 and "role.md:" in result.stderr, result.stderr
