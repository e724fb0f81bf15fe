"""The incremental-build cache: an index per kind of build of what each posting file gave last time.

It lives in one folder, `.careersite-cache/` in the current directory (git-ignored), with one
slot per output folder and options (`--base-url`, `--drafts`): `serve`, which builds into a
temporary folder with its own base URL, never throws away what the cache knows of `site/`.
A slot is

- `index-<slot>.pickle`, atomically replaced after a good build. After a stamp (the code key:
  which careersite, Python and libraries wrote it) it holds two pickles: a Head, all that a
  build reads when nothing changed or only the text of a few postings did, then each file's
  Entry: its fingerprint, state, outputs, and the keys and places of its card and body;
- `cards-<slot>-*.bin`, the cards file the entries point into (cards.py).

At most SLOTS slots are kept: saving a build's index removes the least recently written
beyond that, with its cards file. `templates/` holds compiled templates, keyed by their
source. A missing, unreadable, truncated or foreign cache is ignored with a one-line notice:
it can only make a build faster, never change its output.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from careersite import cards, memo
from careersite.cards import CACHE_DIR
from careersite.dates import NextChange
from careersite.diagnostics import Diagnostic
from careersite.keys import code_key

if TYPE_CHECKING:  # the head alone does without the content model (a build where nothing changed)
    from careersite.model import Card, DateValue

SLOTS = 4  # kinds of build remembered: site/, serve's, a --drafts preview, one more


def templates_dir() -> Path:
    """Where compiled templates are kept: per code key (Jinja's own check is its source and its
    bytecode format, not its version), the other code keys' folders removed by save()."""
    return CACHE_DIR / f"templates-{code_key()[:12]}"


@dataclass(slots=True)
class Entry:
    """What one content/jobs file gave: its diagnostics, its rendered files and its card."""

    fingerprint: tuple[int, int] | None  # (mtime_ns, size): when equal, the file is not read again
    content_hash: str
    diagnostics: list[Diagnostic]
    timing: tuple[DateValue, DateValue | None, bool] | None = None  # date_posted, valid_through, draft
    state: str | None = None  # the state it was rendered in
    render_key: str | None = None  # what the outputs (and the card's pieces) were rendered from
    outputs: tuple[str, ...] = ()  # relative paths in the output folder
    card_key: str | None = None  # a hash of the card: what the aggregate pages depend on
    card_at: tuple[int, int, int] | None = None  # the pickled card's offset and size, and its pieces' size
    body_at: tuple[str, int, int] | None = None  # its body's HTML in the cards file: key, offset, size
    kept: tuple[str, ...] = ()  # the keys of its memoized outputs' files (memo.py)
    card: Card | None = None  # None when the file had errors, or until cards.attach()
    recalled: int = 0  # of this build's outputs, the files taken from the memo (not in the index)

    def record(self) -> tuple[object, ...]:
        """The entry without its card, as the index stores it (Entry.of(record) makes it again).

        Plain dates as day numbers: pickling 20k date objects took 30 ms of every build that saves.
        """
        timing = self.timing
        if timing:
            posted, until, draft = timing
            timing = (_day_number(posted), until and _day_number(until), draft)
        return (self.fingerprint, self.content_hash, self.diagnostics, timing, self.state, self.render_key,
                self.outputs, self.card_key, self.card_at, self.body_at, self.kept)  # fmt: skip

    @classmethod
    def of(cls, record: tuple) -> Entry:
        """The entry a record() stands for."""
        entry = cls(*record)
        if entry.timing:
            posted, until, draft = entry.timing
            entry.timing = (_from_day_number(posted), until and _from_day_number(until), draft)
        return entry


def _day_number(value: DateValue) -> DateValue | int:
    return value.toordinal() if type(value) is dt.date else value


def _from_day_number(value: DateValue | int) -> DateValue:
    return dt.date.fromordinal(value) if type(value) is int else value


class Head(NamedTuple):
    """The head of the index: all that a build reads when nothing changed, or only postings' text."""

    key: str  # of what the build read but the postings' files (keys.head_key)
    out_dir: str  # the output folder it describes, resolved
    timezone: str  # site.yaml's, for the day the key was made on
    stamps: bytes  # each posting file's mtime and size (files.stamped_names), in the order of their names
    render_keys: bytes  # each posting's render key, in the same order (keys.pack_keys)
    render_sum: int  # their key_sum, for the build key
    lines: bytes  # a digest of what each posting gives the aggregate key (its card's key, its state)
    aggregate_key: str
    build_key: str  # the key written into the output's manifest
    out_dirs: dict[str, int]  # the output folders' mtimes after publishing
    general: tuple[Diagnostic, ...]  # what it said of site.yaml and the pages (warnings)
    diagnostics: dict[str, tuple[Diagnostic, ...]]  # of each posting that has any (warnings)
    counts: dict[str, int]  # postings by state
    files_total: int  # files published
    cards_file: str
    stale: frozenset[str] = frozenset()  # sources rebuilt since the entries below were written
    next_change: NextChange | None = None  # the next day a posting opens or closes


@dataclass
class BuildCache:
    """One slot's index: entries by source path, plus the aggregate outputs' key."""

    slot: str
    parse_environment: str = ""  # site.yaml (currency, timezone): a change invalidates every parse
    render_environment: str = ""  # templates, pages, options: a change invalidates every rendering
    entries: dict[str, Entry] = field(default_factory=dict)
    aggregate_key: str | None = None
    aggregate_outputs: tuple[str, ...] = ()
    head: Head | None = None  # None: no good build of this output is known
    cards_file: str = ""  # the name of the cards file the entries point into
    cards_size: int = 0  # its size when the index was written: smaller now means it was damaged
    # Rendered bodies by key (offset, size in the cards file), kept from a cache whose entries
    # could not be (another site.yaml): a template or site.yaml change renders no Markdown again.
    bodies: dict[str, tuple[int, int]] = field(default_factory=dict)

    def known_bodies(self) -> dict[str, tuple[int, int]]:
        """Every body the cards file holds, by key."""
        known = dict(self.bodies)
        known.update(
            (entry.body_at[0], entry.body_at[1:]) for entry in self.entries.values() if entry.body_at
        )
        return known

    def forget_outputs(self) -> dict[str, Entry]:
        """The entries without what they rendered: keep the parses, render everything again."""
        return {
            source: dataclasses.replace(entry, state=None, render_key=None, outputs=(), card_at=None)
            for source, entry in self.entries.items()
        }

    def trusting_nothing_published(self) -> BuildCache:
        """This index for a build whose output another build wrote since: keep parses and bodies only."""
        return BuildCache(
            self.slot, self.parse_environment, self.render_environment, entries=self.forget_outputs(),
            cards_file=self.cards_file, bodies=self.known_bodies(),
        )  # fmt: skip


def index_path(slot: str) -> Path:
    """Where a slot's index lives."""
    return CACHE_DIR / f"index-{slot}.pickle"


def load(slot: str, parse_environment: str, render_environment: str, notice: list[str]) -> BuildCache:
    """Read a slot's index; an unusable one gives an empty one and a notice."""
    path = index_path(slot)
    fresh = BuildCache(slot, parse_environment, render_environment)
    try:
        with path.open("rb") as stream, _collector_paused():
            head = _read_head(stream)
            if head is None:
                return fresh  # written by another careersite, Python or library version
            cache, records = pickle.load(stream)
            cache.head = head
            cache.entries = {source: Entry.of(record) for source, record in records.items()}
            for source in head.stale:  # rebuilt since: their files are read again
                if source in cache.entries:
                    cache.entries[source].fingerprint = None
    except FileNotFoundError:
        return fresh
    except Exception as exc:  # a corrupt cache must never stop a build
        notice.append(
            f"note: ignoring the unreadable build cache {path} ({type(exc).__name__}); building from scratch"
        )
        return fresh
    try:
        damaged = (CACHE_DIR / cache.cards_file).stat().st_size < cache.cards_size
    except OSError:
        damaged = bool(cache.cards_size)
    if damaged:  # appends since are harmless; a shorter file would mean offsets into other data
        notice.append(f"note: ignoring the damaged build cache {CACHE_DIR}; building from scratch")
        return fresh
    if cache.parse_environment != parse_environment:
        fresh.cards_file, fresh.bodies = cache.cards_file, cache.known_bodies()
        return fresh
    if cache.render_environment != render_environment:
        fresh.cards_file, fresh.entries = cache.cards_file, cache.forget_outputs()
        return fresh
    return cache


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: reading 10k entries (no cycles) sets it off again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_head(slot: str) -> Head | None:
    """Read the head of a slot's index only (None when there is none, or another version wrote it)."""
    try:
        with index_path(slot).open("rb") as stream:
            return _read_head(stream)
    except Exception:  # load() tells the user about an unreadable cache
        return None


def save_head(head: Head, replacing: Head, slot: str) -> None:
    """Replace the head of a slot's index, keeping the entries (those of `head.stale` are out of date).

    Only when the head there is still `replacing`, the one this build read: if another build
    wrote the index since, this build's head is not spliced onto that one's entries.
    """
    with index_path(slot).open("rb") as stream:
        if _read_head(stream) == replacing:
            _write(index_path(slot), code_key(), head, rest=stream)


def _read_head(stream: BinaryIO) -> Head | None:
    """The head, after the stamp that says which code wrote it (None: other code)."""
    if pickle.load(stream) != code_key():
        return None  # its classes may not even exist here: read no further
    head = pickle.load(stream)
    return head if isinstance(head, Head) else None


def save(cache: BuildCache, piece_names: tuple[str, ...]) -> None:
    """Write a slot's index atomically (compacting its cards file first when it is mostly stale),
    then let go of its other cards files and of the slots beyond SLOTS."""
    CACHE_DIR.mkdir(exist_ok=True)
    cache.cards_file = cards.compact(cache.entries, cache.cards_file, cache.slot, piece_names)
    if cache.head is not None:  # the cards file compaction may have started
        cache.head = cache.head._replace(cards_file=cache.cards_file)
    with contextlib.suppress(OSError):
        cache.cards_size = (CACHE_DIR / cache.cards_file).stat().st_size
    records = {source: entry.record() for source, entry in cache.entries.items()}
    # The head goes first, alone; the entries' bodies are all the index needs of `bodies`.
    index = dataclasses.replace(cache, entries={}, bodies={}, head=None)
    _write(index_path(cache.slot), code_key(), cache.head, (index, records))
    cards.close_files()
    memo.prune(key for entry in cache.entries.values() for key in entry.kept)
    for path in cards.slot_files(cache.slot):
        if path.name != cache.cards_file:
            path.unlink(missing_ok=True)
    _forget_old_slots()


def _forget_old_slots() -> None:
    """Keep SLOTS slots: first those whose output folder still exists (a `serve` session's is gone
    when it ends), then the most recently written; remove the others' files, and every file that
    belongs to no slot or to other code."""
    indexes = []
    for path in CACHE_DIR.glob("index-*.pickle"):
        with contextlib.suppress(OSError):
            indexes.append((path.stat().st_mtime_ns, path))
    if len(indexes) > SLOTS:
        indexes.sort(key=lambda item: (_output_exists(item[1]), item[0]), reverse=True)
        for _, path in indexes[SLOTS:]:
            path.unlink(missing_ok=True)
    kept = {path.name.removeprefix("index-").removesuffix(".pickle") for _, path in indexes[:SLOTS]}
    for path in CACHE_DIR.glob("cards-*.bin"):
        if path.name.split("-")[1] not in kept:
            path.unlink(missing_ok=True)
    for path in CACHE_DIR.glob("templates*"):
        if path != templates_dir():
            shutil.rmtree(path, ignore_errors=True)
    (CACHE_DIR / "build.pickle").unlink(missing_ok=True)  # the one index of careersite before slots


def _output_exists(index: Path) -> bool:
    try:
        with index.open("rb") as stream:
            head = _read_head(stream)
    except Exception:  # unreadable: the first to go
        return False
    return head is not None and Path(head.out_dir).is_dir()


def _write(target: Path, *data: object, rest: BinaryIO | None = None) -> None:
    """Replace a file atomically with pickles of data, then what is left of `rest`."""
    handle, temporary = tempfile.mkstemp(dir=CACHE_DIR, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.fast = True  # no memo: 10k entries hold no cycles, and the memo would take 10 MB
            for part in data:
                pickler.dump(part)
            if rest is not None:
                shutil.copyfileobj(rest, stream)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
