"""What changed for search engines: the posting pages of the built site against what `notify`
recorded as sent, and the state file it records in (SPEC "Telling search engines what changed").

A page is read from the built site, not from content/, so that what is announced is what was
published: an open posting's page carries its JobPosting JSON-LD (its digest tells an edit), a
closed posting's page carries none, an alias page names another page as canonical.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

STATE_NAME = ".careersite-notified.json"  # in the project, next to content/
STATE_VERSION = 1
CHANNELS = ("google", "indexnow")
CLOSED = "closed"  # a page that is published without JobPosting: the posting is closed
DELETED = "deleted"  # recorded once URL_DELETED was sent

Action = Literal["URL_UPDATED", "URL_DELETED"]


class SiteError(Exception):
    """The output folder is not a published build notify can announce (one line, exit 2)."""


class StateError(Exception):
    """The state file cannot be read or written (one line, exit 1)."""


@dataclass(frozen=True)
class Change:
    """One URL to tell a search engine about, and what to record once it was told."""

    url: str
    action: Action
    reason: str  # new, opened, changed, closed, removed
    record: str  # the JobPosting digest, or DELETED


# -- the built site -------------------------------------------------------------------------------


class _PageHead(HTMLParser):
    """The canonical URL and the JobPosting JSON-LD of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.canonical: str | None = None
        self.job_postings: list[Any] = []
        self._in_json_ld = False
        self._json: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "link" and (attributes.get("rel") or "").lower() == "canonical":
            self.canonical = self.canonical or attributes.get("href")
        elif tag == "script" and (attributes.get("type") or "").lower() == "application/ld+json":
            self._in_json_ld, self._json = True, []

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self._json.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_json_ld:
            self._in_json_ld = False
            try:
                data = json.loads("".join(self._json))
            except ValueError:
                return
            items = data if isinstance(data, list) else [data]
            self.job_postings += [i for i in items if isinstance(i, dict) and i.get("@type") == "JobPosting"]


def published_postings(out_dir: Path, base_url: str, drafts: Iterable[str]) -> dict[str, str]:
    """Each posting page of the built site: its URL -> the digest of its JobPosting, or CLOSED.

    `drafts` are the slugs of content's draft postings: a page for one means a `--drafts`
    preview, which is never announced. Raises SiteError for a folder notify must not read.
    """
    if not (out_dir / ".careersite-manifest").is_file():
        raise SiteError(f"{out_dir} is not a careersite build (no manifest); run `python build.py` first")
    previews = sorted(slug for slug in drafts if (out_dir / "jobs" / slug / "index.html").is_file())
    if previews:
        raise SiteError(
            f"{out_dir} is a --drafts preview (it has the draft jobs/{previews[0]}/); "
            "notify announces the published site: run `python build.py build` without --drafts"
        )
    pages: dict[str, str] = {}
    for page in sorted((out_dir / "jobs").glob("*/index.html")):
        url = f"{base_url}jobs/{page.parent.name}/"
        head = _PageHead()
        head.feed(page.read_text(encoding="utf-8", errors="replace"))
        head.close()
        if head.canonical and not head.canonical.startswith(base_url):
            raise SiteError(
                f"{out_dir} was built for {head.canonical.split('/jobs/')[0]}/, not site.yaml's {base_url} "
                "(--base-url?); notify announces the published site: build it without --base-url"
            )
        if head.canonical and head.canonical != url:
            continue  # an alias: a redirect to the posting's own page
        if head.job_postings:
            canonical = json.dumps(head.job_postings, sort_keys=True, ensure_ascii=False)
            pages[url] = hashlib.sha256(canonical.encode()).hexdigest()[:32]
        else:
            pages[url] = CLOSED
    return pages


# -- the change list ------------------------------------------------------------------------------


def changes(published: Mapping[str, str], recorded: Mapping[str, str]) -> list[Change]:
    """What one search engine must be told: the published pages against what it was told last.

    Open and new, opened again or changed: URL_UPDATED; closed or removed after it was told the
    page was open: URL_DELETED. Updates first (they bring applicants), each group by URL.
    """
    found: list[Change] = []
    for url in sorted(set(published) | set(recorded)):
        now, told = published.get(url), recorded.get(url)
        if now is not None and now != CLOSED and now != told:
            reason = "new" if told is None else "opened" if told == DELETED else "changed"
            found.append(Change(url, "URL_UPDATED", reason, now))
        elif told is not None and told != DELETED and (now is None or now == CLOSED):
            found.append(Change(url, "URL_DELETED", "closed" if now == CLOSED else "removed", DELETED))
    return sorted(found, key=lambda change: (change.action != "URL_UPDATED", change.url))


# -- the state file -------------------------------------------------------------------------------


@dataclass
class State:
    """What each channel was told, by URL, and how much of Google's daily budget is used."""

    sent: dict[str, dict[str, str]] = field(default_factory=lambda: {name: {} for name in CHANNELS})
    budget_day: str | None = None  # the UTC day budget_used counts
    budget_used: int = 0

    def record(self, channel: str, done: Iterable[Change]) -> None:
        """Remember what the channel was told (a removed page is forgotten once deleted)."""
        told = self.sent[channel]
        for change in done:
            if change.reason == "removed":
                told.pop(change.url, None)
            else:
                told[change.url] = change.record

    def budget_left(self, day: str, budget: int) -> int:
        """URLs Google may still be sent today."""
        return budget - (self.budget_used if self.budget_day == day else 0)

    def spend(self, day: str, count: int) -> None:
        """Count URLs sent to Google today."""
        self.budget_used = (self.budget_used if self.budget_day == day else 0) + count
        self.budget_day = day


def load_state(path: Path) -> State | None:
    """The recorded state; None when the file does not exist yet. Raises StateError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise StateError(f"cannot read the state file {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise StateError(f"the state file {path} is not JSON ({exc}); restore it or delete it") from None
    try:
        if data.get("version") != STATE_VERSION:
            raise ValueError(f"version {data.get('version')!r}, not {STATE_VERSION}")
        sent = {name: dict(data["sent"].get(name, {})) for name in CHANNELS}
        pairs = [pair for told in sent.values() for pair in told.items()]
        if not all(isinstance(url, str) and isinstance(record, str) for url, record in pairs):
            raise ValueError("a URL or its record is not text")
        budget = data.get("google_budget", {})
        day, used = budget.get("day"), budget.get("used", 0)
        if not (day is None or isinstance(day, str)) or not isinstance(used, int):
            raise ValueError("`google_budget` holds something else than a day and a count")
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        message = f"the state file {path} is not one notify wrote ({exc}); restore it or delete it"
        raise StateError(message) from None
    return State(sent=sent, budget_day=day, budget_used=used)


def save_state(path: Path, state: State) -> None:
    """Write the state atomically: a temporary file in the same folder, then os.replace."""
    data = {
        "version": STATE_VERSION,
        "google_budget": {"day": state.budget_day, "used": state.budget_used},
        "sent": {name: dict(sorted(state.sent[name].items())) for name in CHANNELS},
    }
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    try:
        handle, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise StateError(f"cannot write the state file {path}: {exc.strerror or exc}") from None
