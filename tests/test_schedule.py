"""The daily build matters: `build` says when the site next changes by date alone, and `check`
notes postings closed long ago that are still in content/ (SPEC "Deploying, with a build every day")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from careersite.cli import main
from careersite.dates import NextChange, next_change
from tests.conftest import SITE_YAML

D = dt.date


@pytest.mark.parametrize(
    ("timings", "expected"),
    [
        ([], None),
        ([(D(2026, 11, 1), D(2026, 12, 30), False)], NextChange(D(2026, 12, 31), 0, 1)),
        ([(D(2026, 12, 1), None, False)], NextChange(D(2026, 12, 1), 1, 0)),
        (
            [(D(2026, 11, 1), D(2026, 11, 30), False), (D(2026, 12, 1), None, False)],
            NextChange(D(2026, 12, 1), 1, 1),
        ),
        ([(D(2026, 12, 1), None, True)], None),  # a draft opens on no day
        ([(D(2026, 11, 1), D(2026, 11, 24), False)], None),  # closed already
        ([(D(2026, 11, 1), D(2026, 11, 25), False)], NextChange(D(2026, 11, 26), 0, 1)),  # open through today
        (  # a date-time counts by its date in the site's timezone
            [(D(2026, 11, 1), dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.UTC), False)],
            NextChange(D(2026, 12, 3), 0, 1),
        ),
    ],
)
def test_next_change(timings: list, expected: NextChange | None) -> None:
    assert next_change(timings, D(2026, 11, 25), "Asia/Kolkata") == expected


def test_the_next_change_reads_as_words() -> None:
    assert str(NextChange(D(2026, 12, 31), 0, 1)) == "2026-12-31, 1 posting closes"
    assert str(NextChange(D(2027, 1, 4), 2, 1)) == "2027-01-04, 2 postings open and 1 posting closes"


def posting(title: str, posted: str, until: str) -> str:
    return (
        f"---\ntitle: {title}\nlocation: Bangalore, Karnataka, IN\nsalary: ₹10 LPA\ndate_posted: {posted}\n"
        f"valid_through: {until}\napply: https://example.com/apply\n---\n\nThe role.\n"
    )


@pytest.fixture
def schedule(project: Callable[..., Path]) -> Path:
    return project({
        "content/site.yaml": SITE_YAML,
        "content/jobs/closing.md": posting("Closing", "2026-11-01", "2026-12-30"),
        "content/jobs/later.md": posting("Later", "2027-01-05", "2027-03-01"),
        "content/jobs/old.md": posting("Old", "2026-09-01", "2026-10-24"),
    })  # fmt: skip


def test_build_says_when_the_site_next_changes(schedule: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for _ in range(2):  # the second build replays the first: it says the same
        assert main(["build", "--today", "2026-11-25"]) == 0
        summary = capsys.readouterr().out.strip()
        assert summary.endswith("; next change: 2026-12-31, 1 posting closes"), summary


def test_check_notes_a_posting_closed_over_a_month_ago(
    schedule: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--today", "2026-11-25"]) == 0  # 2026-10-24 closed 32 days ago
    err = capsys.readouterr().err
    assert "content/jobs/old.md:6: warning: closed 32 days ago (valid_through 2026-10-24)" in err
    assert "delete it to take the page down: both are fine" in err
    assert "closing.md" not in err and "later.md" not in err
    assert main(["check", "--today", "2026-11-23"]) == 0  # 30 days: not yet
    assert "closed" not in capsys.readouterr().err
