"""The incremental-build cache: what each posting file gave last time, keyed by content hash.

It lives in one folder, `.careersite-cache/` in the current directory (git-ignored), as a
single pickle written atomically after each successful build. A missing, unreadable or
foreign cache is ignored with a one-line notice: it can only make a build faster, never
change its output (a cached build is byte-identical to a cold one; tests check it).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from careersite import __version__
from careersite.diagnostics import Diagnostic
from careersite.model import Card, DateValue

CACHE_DIR = Path(".careersite-cache")
_FORMAT = 2


def digest(*parts: bytes | str) -> str:
    """Hash some bytes or text into a short hex key."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\x00")
    return hasher.hexdigest()


@dataclass(slots=True)
class Entry:
    """What one content/jobs file gave: its diagnostics, its card and its rendered files."""

    fingerprint: tuple[int, int]  # (mtime_ns, size): when equal, the file is not read again
    content_hash: str
    diagnostics: list[Diagnostic]
    card: Card | None = None  # None when the file had errors
    render_key: str | None = None  # what the outputs (and the card's pieces) were rendered from
    outputs: tuple[str, ...] = ()  # relative paths in the output folder

    @property
    def timing(self) -> tuple[DateValue, DateValue | None, bool] | None:
        """date_posted, valid_through and draft: what the posting's state depends on."""
        card = self.card
        return None if card is None else (card.date_posted, card.valid_through, card.draft)


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
            source: dataclasses.replace(entry, render_key=None, outputs=())
            for source, entry in self.entries.items()
        }


def load(parse_environment: str, render_environment: str, out_dir: Path, notice: list[str]) -> BuildCache:
    """Read the cache; an unusable one gives an empty cache and a notice."""
    path = CACHE_DIR / "build.pickle"
    fresh = BuildCache(parse_environment, render_environment, str(out_dir.resolve()))
    try:
        with path.open("rb") as stream:
            version, cache = pickle.load(stream)
    except FileNotFoundError:
        return fresh
    except Exception as exc:  # a corrupt cache must never stop a build
        notice.append(
            f"note: ignoring the unreadable build cache {path} ({type(exc).__name__}); building from scratch"
        )
        return fresh
    if version != (_FORMAT, __version__) or not isinstance(cache, BuildCache):
        return fresh
    if cache.parse_environment != parse_environment:
        return fresh
    if cache.render_environment != render_environment or cache.out_dir != fresh.out_dir:
        fresh.entries = cache.forget_outputs()
        return fresh
    return cache


def save(cache: BuildCache) -> None:
    """Write the cache atomically (a crash mid-write leaves the previous one)."""
    CACHE_DIR.mkdir(exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=CACHE_DIR, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(((_FORMAT, __version__), cache), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, CACHE_DIR / "build.pickle")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
