"""`notify`: the change list sent through each channel, recorded after each answered request, so
that a run stopped halfway loses nothing and a second run sends only what is still pending."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from careersite import indexing
from careersite.diagnostics import Diagnostics
from careersite.model import Site
from careersite.notify import (
    STATE_NAME,
    Change,
    SiteError,
    State,
    StateError,
    changes,
    load_state,
    published_postings,
    save_state,
)

GOOGLE, INDEXNOW = "Google Indexing API", "IndexNow"


@dataclass(frozen=True)
class NotifyOptions:
    """What `python build.py notify` was asked."""

    content_dir: Path = Path("content")
    out_dir: Path = Path("site")
    state_file: Path | None = None  # default: STATE_NAME next to content/
    dry_run: bool = False


@dataclass
class Outcome:
    """What to print (to stdout when `out`, else stderr) and the exit status."""

    lines: list[tuple[bool, str]] = field(default_factory=list)
    status: int = 0

    def say(self, text: str) -> None:
        self.lines.append((True, text))

    def notice(self, text: str) -> None:
        self.lines.append((False, f"notify: {text}"))

    def fail(self, text: str, status: int = 1) -> None:
        self.lines.append((False, f"notify: error: {text}"))
        self.status = max(self.status, status)


def notify(options: NotifyOptions, day: dt.date) -> Outcome:
    """Tell Google and IndexNow what changed in the built site since the last run (`day`: UTC)."""
    outcome = Outcome()
    site, drafts = _content(options.content_dir, outcome)
    if site is None:
        return outcome
    try:
        published = published_postings(options.out_dir, site.base_url, drafts)
    except SiteError as exc:
        outcome.fail(str(exc), status=2)
        return outcome
    state_file = options.state_file or options.content_dir.parent / STATE_NAME
    try:
        state = load_state(state_file)
    except StateError as exc:
        outcome.fail(str(exc))
        return outcome
    if state is None:
        outcome.notice(f"no {state_file} yet: nothing was sent before, so every open posting is new")
        state = State()
    summary = [
        _google(site, published, state, state_file, options, day.isoformat(), outcome),
        _indexnow(site, published, state, state_file, options, outcome),
    ]
    tail = "; nothing sent, nothing recorded (--dry-run)" if options.dry_run else ""
    outcome.say(f"notify: {'; '.join(f'{name}: {text}' for name, text in summary)}{tail}")
    return outcome


def _content(content_dir: Path, outcome: Outcome) -> tuple[Site | None, list[str]]:
    """site.yaml, and the slugs of the draft postings (whose pages only a preview has)."""
    from careersite.content import load_site
    from careersite.files import discover, shown_path
    from careersite.postings import load_posting

    diags = Diagnostics()
    site = load_site(content_dir / "site.yaml", shown_path(content_dir / "site.yaml"), diags)
    if site is None:
        outcome.lines += [(False, str(diagnostic)) for diagnostic in diags.sorted()]
        outcome.fail("site.yaml has errors; `python build.py check` lists them")
        return None, []
    drafts = []
    for path in discover(content_dir / "jobs"):
        posting = load_posting(path, shown_path(path), site, Diagnostics())
        if posting is not None and posting.draft:
            drafts.append(posting.slug)
    return site, drafts


def _google(
    site: Site,
    published: dict[str, str],
    state: State,
    state_file: Path,
    options: NotifyOptions,
    day: str,
    outcome: Outcome,
) -> tuple[str, str]:
    key_file = _key_file(site, options.content_dir)
    if key_file is None:
        outcome.notice(
            f"{GOOGLE} skipped: no service-account key "
            "(set GOOGLE_APPLICATION_CREDENTIALS or site.yaml notify.google_credentials)"
        )
        return GOOGLE, "skipped"
    pending = changes(published, state.sent["google"])
    try:  # the key is checked even when nothing changed: a bad one shows the day it is set
        session = indexing.google_session(key_file)
    except indexing.ChannelError as exc:
        outcome.fail(f"{GOOGLE}: {exc}")
        return GOOGLE, _counts(options, 0, len(pending))
    if not pending:
        return GOOGLE, "nothing changed"
    left = max(state.budget_left(day, site.notify.daily_budget), 0)
    now, later = pending[:left], pending[left:]
    if later:
        outcome.notice(
            f"{GOOGLE}: the daily budget of {site.notify.daily_budget} is used up; "
            f"{_urls(len(later))} stay pending for the next run after midnight UTC"
        )
    sent, publish = 0, indexing.publish_url()
    for start in range(0, len(now), indexing.BATCH_LIMIT):
        batch = now[start : start + indexing.BATCH_LIMIT]
        if options.dry_run:
            outcome.lines += [(True, f"{change.action} {change.url}") for change in batch]
            sent += len(batch)
            continue
        try:
            answers = indexing.publish_batch(session, batch, publish)
        except indexing.ChannelError as exc:
            outcome.fail(f"{GOOGLE}: {exc}; {_urls(len(pending) - sent)} stay pending")
            break
        state.spend(day, len(batch))  # a refused call counts against Google's quota too
        done = [change for change, error in zip(batch, answers, strict=True) if error is None]
        for change, error in zip(batch, answers, strict=True):
            if error is not None:
                outcome.fail(f"{change.url}: {error}")
        sent += len(done)
        state.record("google", done)
        if not _save(state_file, state, outcome):
            break
    return GOOGLE, _counts(options, sent, len(pending) - sent)


def _indexnow(
    site: Site,
    published: dict[str, str],
    state: State,
    state_file: Path,
    options: NotifyOptions,
    outcome: Outcome,
) -> tuple[str, str]:
    key = site.notify.indexnow_key
    if key is None:
        outcome.notice(f"{INDEXNOW} skipped: no key (set site.yaml notify.indexnow_key)")
        return INDEXNOW, "skipped"
    pending = changes(published, state.sent["indexnow"])
    if not pending:
        return INDEXNOW, "nothing changed"
    now: Sequence[Change] = pending[: indexing.INDEXNOW_LIMIT]
    if len(pending) > len(now):
        outcome.notice(f"{INDEXNOW}: {_urls(len(pending) - len(now))} over one request's limit stay pending")
    if options.dry_run:
        outcome.say(f"INDEXNOW {_urls(len(now))}")
        return INDEXNOW, _counts(options, len(now), len(pending) - len(now))
    try:
        indexing.indexnow_post([change.url for change in now], site.base_url, key)
    except indexing.ChannelError as exc:
        outcome.fail(f"{INDEXNOW}: {exc}; {_urls(len(pending))} stay pending")
        return INDEXNOW, _counts(options, 0, len(pending))
    state.record("indexnow", now)
    _save(state_file, state, outcome)
    return INDEXNOW, _counts(options, len(now), len(pending) - len(now))


def _counts(options: NotifyOptions, sent: int, pending: int) -> str:
    return f"{sent} {'would be sent' if options.dry_run else 'sent'}, {pending} pending"


def _urls(count: int) -> str:
    return "1 URL" if count == 1 else f"{count} URLs"


def _key_file(site: Site, content_dir: Path) -> Path | None:
    """GOOGLE_APPLICATION_CREDENTIALS, else site.yaml's notify.google_credentials (from the project)."""
    if os.environ.get("GOOGLE_APPLICATION_CREDENTIALS"):
        return Path(os.environ["GOOGLE_APPLICATION_CREDENTIALS"])
    given = site.notify.google_credentials
    return content_dir.parent / given if given else None


def _save(state_file: Path, state: State, outcome: Outcome) -> bool:
    try:
        save_state(state_file, state)
    except StateError as exc:
        outcome.fail(str(exc))
        return False
    return True
