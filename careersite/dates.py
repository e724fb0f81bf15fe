"""The one clock: what "today" is, and a posting's state on that day.

Without the content model: a build where nothing changed asks for the day and stops.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from careersite.model import DateValue, Posting


class State(StrEnum):
    """A posting's publishing state on a given day (SPEC "Which postings are published")."""

    OPEN = "open"
    SCHEDULED = "scheduled"
    CLOSED = "closed"
    DRAFT = "draft"


class ClockError(ValueError):
    """SOURCE_DATE_EPOCH holds something that is not a number of seconds."""


# SPEC "Which postings are published": closed postings keep their page, unlisted.
RENDERED = frozenset({State.OPEN, State.CLOSED})


def listed_states(drafts: bool) -> frozenset[State]:
    """The states whose postings the listing shows (drafts only in a --drafts preview)."""
    return frozenset({State.OPEN, State.DRAFT}) if drafts else frozenset({State.OPEN})


def today(explicit: dt.date | None, timezone: str) -> dt.date:
    """Today in the site's timezone: --today, else SOURCE_DATE_EPOCH, else the clock."""
    if explicit is not None:
        return explicit
    zone = ZoneInfo(timezone)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError) as exc:
            raise ClockError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970") from exc
        return moment.astimezone(zone).date()
    return dt.datetime.now(tz=zone).date()


def utc_day() -> dt.date:
    """The day in UTC by the clock: what Google's daily quota counts in (`notify`)."""
    return dt.datetime.now(tz=dt.UTC).date()


def local_date(value: DateValue, timezone: str) -> dt.date:
    """The calendar date of a date or date-time in the site's timezone."""
    if isinstance(value, dt.datetime):
        return value.astimezone(ZoneInfo(timezone)).date()
    return value


def posting_state(posting: Posting, on: dt.date, timezone: str) -> State:
    """Classify a posting on a given day (SPEC "Which postings are published")."""
    return state_on(posting.date_posted, posting.valid_through, posting.draft, on, timezone)


def state_on(
    date_posted: DateValue, valid_through: DateValue | None, draft: bool, on: dt.date, timezone: str
) -> State:
    """Classify by the three fields that decide a posting's state."""
    if draft:
        return State.DRAFT
    if local_date(date_posted, timezone) > on:
        return State.SCHEDULED
    if valid_through is not None and local_date(valid_through, timezone) < on:
        return State.CLOSED
    return State.OPEN


class NextChange(NamedTuple):
    """The next day on which a posting opens or closes by its dates alone (the daily build's work)."""

    day: dt.date
    opening: int
    closing: int

    def __str__(self) -> str:
        """ "2026-12-31, 1 posting closes", "2027-01-04, 2 postings open and 1 posting closes"."""
        changes = [
            f"{count} posting{'s' if count > 1 else ''} {verb}{'s' if count == 1 else ''}"
            for count, verb in ((self.opening, "open"), (self.closing, "close"))
            if count
        ]
        return f"{self.day.isoformat()}, {' and '.join(changes)}"


def next_change(
    timings: Iterable[tuple[DateValue, DateValue | None, bool]], on: dt.date, timezone: str
) -> NextChange | None:
    """The first day after `on` on which a posting opens (its date_posted) or closes (the day after
    its valid_through), with how many of each; None when no date is ahead."""
    openings: dict[dt.date, int] = {}
    closings: dict[dt.date, int] = {}
    for posted, until, draft in timings:
        if draft:
            continue
        opens = local_date(posted, timezone)
        if opens > on:
            openings[opens] = openings.get(opens, 0) + 1
        if until is not None and (closes := local_date(until, timezone) + dt.timedelta(days=1)) > on:
            closings[closes] = closings.get(closes, 0) + 1
    if not openings and not closings:
        return None
    day = min(openings.keys() | closings.keys())
    return NextChange(day, openings.get(day, 0), closings.get(day, 0))
