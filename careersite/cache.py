"""The incremental-build cache: what each posting file gave last time, keyed by content hash.

It lives in one folder, `.careersite-cache/` in the current directory (git-ignored): an index
(`build.pickle`: each file's fingerprint, state inputs and outputs) read by every build, and
the cards (each posting's pieces of the listing, feed and jobs.json) in 16 shards read only
when those pages must be rendered again; each file is written atomically after a good build.
A missing, unreadable or foreign cache is ignored with a one-line notice: it can only make a
build faster, never change its output (a cached build is byte-identical to a cold one; tests check it).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from careersite import __version__
from careersite.diagnostics import Diagnostic
from careersite.model import Card, DateValue

CACHE_DIR = Path(".careersite-cache")
_FORMAT = 4
_SHARDS = 16  # card files: one posting changed rewrites 1/16 of the cards


def digest(*parts: bytes | str) -> str:
    """Hash some bytes or text into a short hex key."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\x00")
    return hasher.hexdigest()


@dataclass(slots=True)
class Entry:
    """What one content/jobs file gave: its diagnostics, its rendered files and its card."""

    fingerprint: tuple[int, int]  # (mtime_ns, size): when equal, the file is not read again
    content_hash: str
    diagnostics: list[Diagnostic]
    timing: tuple[DateValue, DateValue | None, bool] | None = None  # date_posted, valid_through, draft
    state: str | None = None  # the state it was rendered in
    render_key: str | None = None  # what the outputs (and the card's pieces) were rendered from
    outputs: tuple[str, ...] = ()  # relative paths in the output folder
    card: Card | None = None  # None when the file had errors, or until attach_cards()

    def record(self) -> tuple[object, ...]:
        """The entry without its card, as the index stores it: Entry(*record) makes it again."""
        return (self.fingerprint, self.content_hash, self.diagnostics, self.timing, self.state,
                self.render_key, self.outputs)  # fmt: skip


@dataclass
class BuildCache:
    """Entries by source path, plus the aggregate pages' key, for one output folder."""

    parse_environment: str = ""  # site.yaml (currency, timezone): a change invalidates every parse
    render_environment: str = ""  # templates, pages, options: a change invalidates every rendering
    out_dir: str = ""
    entries: dict[str, Entry] = field(default_factory=dict)
    aggregate_key: str | None = None
    aggregate_outputs: tuple[str, ...] = ()
    out_dirs: dict[str, int] = field(default_factory=dict)  # output folders' mtimes after publishing
    build_key: str = ""  # the key this build wrote into the output's manifest

    def forget_outputs(self) -> dict[str, Entry]:
        """The entries without what they rendered: keep the parses, render everything again."""
        return {
            source: dataclasses.replace(entry, state=None, render_key=None, outputs=())
            for source, entry in self.entries.items()
        }


def load(parse_environment: str, render_environment: str, out_dir: Path, notice: list[str]) -> BuildCache:
    """Read the cache; an unusable one gives an empty cache and a notice."""
    path = CACHE_DIR / "build.pickle"
    fresh = BuildCache(parse_environment, render_environment, str(out_dir.resolve()))
    try:
        with path.open("rb") as stream:
            data = pickle.load(stream)
        if not (isinstance(data, tuple) and data[:1] == ((_FORMAT, __version__),)):
            return fresh  # written by another version of careersite
        _, cache, records = data
        cache.entries = {source: Entry(*record) for source, record in records.items()}
    except FileNotFoundError:
        return fresh
    except Exception as exc:  # a corrupt cache must never stop a build
        notice.append(
            f"note: ignoring the unreadable build cache {path} ({type(exc).__name__}); building from scratch"
        )
        return fresh
    if cache.parse_environment != parse_environment:
        return fresh
    if cache.render_environment != render_environment or cache.out_dir != fresh.out_dir:
        fresh.entries = cache.forget_outputs()
        return fresh
    return cache


def attach_cards(entries: dict[str, Entry]) -> list[str]:
    """Give the entries read from the cache their cards, from the shards that hold them.

    Return the sources whose card is missing (a shard lost or from another build): those
    files must be rendered again.
    """
    wanted = {source for source, entry in entries.items() if entry.card is None and entry.timing is not None}
    for shard in sorted({_shard(source) for source in wanted}):
        for source, (render_key, card) in _read_shard(shard).items():
            entry = entries.get(source)
            if source in wanted and entry is not None and entry.render_key == render_key:
                entry.card = card
                wanted.discard(source)
    return sorted(wanted)


def save(cache: BuildCache, changed: set[str]) -> None:
    """Write the cache: the card shards that hold a changed source, then the index, each atomically.

    `changed`: the sources rendered by this build or gone since the last one. A crash midway
    leaves cards the index does not match, which attach_cards() does not trust.
    """
    CACHE_DIR.mkdir(exist_ok=True)
    for shard in sorted({_shard(source) for source in changed}):
        kept = {
            source: record
            for source, record in _read_shard(shard).items()
            if source in cache.entries and source not in changed
        }
        kept.update(
            (source, (entry.render_key, entry.card))
            for source in changed
            if _shard(source) == shard and (entry := cache.entries.get(source)) and entry.card is not None
        )
        _write(f"cards-{shard:02d}.pickle", ((_FORMAT, __version__), kept))
    # The cards are kept apart, in the shards: a build where nothing changed never reads them.
    records = {source: entry.record() for source, entry in cache.entries.items()}
    _write("build.pickle", ((_FORMAT, __version__), dataclasses.replace(cache, entries={}), records))


def _shard(source: str) -> int:
    return zlib.crc32(source.encode()) % _SHARDS


def _read_shard(shard: int) -> dict[str, tuple[str | None, Card]]:
    try:
        with (CACHE_DIR / f"cards-{shard:02d}.pickle").open("rb") as stream:
            version, records = pickle.load(stream)
    except Exception:  # missing or corrupt: its postings are rendered again, never trusted
        return {}
    return records if version == (_FORMAT, __version__) and isinstance(records, dict) else {}


def _write(name: str, data: object) -> None:
    handle, temporary = tempfile.mkstemp(dir=CACHE_DIR, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(data, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, CACHE_DIR / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
