"""The incremental-build cache: what each posting file gave last time, keyed by content hash.

It lives in one folder, `.careersite-cache/` in the current directory (git-ignored):

- `build.pickle`, the index: each file's fingerprint, state and outputs; every build reads it;
- `cards.pickle`: each posting's Card, read only when the listing, feed and jobs.json must be
  made again;
- `pieces-*.bin`: the cards' pieces (rows, feed entries, jobs.json lines), appended by the
  workers as they render and read back only while those pages are written, so that memory
  stays flat at 10k postings. Append-only, so a failed build never spoils what the index
  points at; compacted when more than half of it is stale;
- `templates/`: compiled templates.

The pickles are written atomically after a good build. A missing, unreadable or foreign
cache is ignored with a one-line notice: it can only make a build faster, never change its
output (a cached build is byte-identical to a cold one; tests check it).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from careersite import __version__
from careersite.diagnostics import Diagnostic
from careersite.model import Card, DateValue, Pieces

CACHE_DIR = Path(".careersite-cache")
_FORMAT = 5


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
    pieces_file: str = ""  # the name of the pieces file the cards point into

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


class StoredPieces(NamedTuple):
    """A card's Pieces in a pieces file of the cache: read from the disk each time they are asked for."""

    file: str  # its name in CACHE_DIR
    offset: int
    sizes: tuple[int, int, int, int]  # of row, department_row, feed_entry, jobs_entry

    @property
    def row(self) -> bytes:
        return self._read(0)

    @property
    def department_row(self) -> bytes:
        return self._read(1)

    @property
    def feed_entry(self) -> bytes:
        return self._read(2)

    @property
    def jobs_entry(self) -> bytes:
        return self._read(3)

    def _read(self, index: int) -> bytes:
        return _read(self.file, self.offset + sum(self.sizes[:index]), self.sizes[index])

    def whole(self) -> bytes:
        return _read(self.file, self.offset, sum(self.sizes))


_files: dict[tuple[int, str, int], int] = {}  # (process, file name, mode) -> open descriptor


def new_pieces_file() -> str:
    """A name for a new pieces file (a build that cannot trust the previous one starts one)."""
    return f"pieces-{secrets.token_hex(6)}.bin"


def store_pieces(file: str, pieces: Pieces) -> StoredPieces:
    """Append a card's pieces to a pieces file; safe from several processes at once."""
    blob = b"".join(pieces)
    descriptor = _open(file, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    if os.write(descriptor, blob) != len(blob):
        raise OSError(f"short write to {CACHE_DIR / file}")
    # O_APPEND writes whole at the end, and this process's own offset ends where it wrote.
    end = os.lseek(descriptor, 0, os.SEEK_CUR)
    row, department_row, feed_entry, jobs_entry = map(len, pieces)
    return StoredPieces(file, end - len(blob), (row, department_row, feed_entry, jobs_entry))


def close_files() -> None:
    """Close the pieces files this process opened."""
    for key in [key for key in _files if key[0] == os.getpid()]:
        os.close(_files.pop(key))


def _open(file: str, flags: int) -> int:
    key = (os.getpid(), file, flags)  # per process: a forked worker opens its own
    if key not in _files:
        CACHE_DIR.mkdir(exist_ok=True)
        _files[key] = os.open(CACHE_DIR / file, flags, 0o644)
    return _files[key]


def _read(file: str, offset: int, size: int) -> bytes:
    data = os.pread(_open(file, os.O_RDONLY), size, offset)
    if len(data) != size:
        raise OSError(f"{CACHE_DIR / file} is shorter than the build cache says")
    return data


def attach_cards(entries: dict[str, Entry], pieces_file: str) -> list[str]:
    """Give the entries read from the cache their cards.

    Return the sources whose card is missing, or whose pieces are not all in `pieces_file`
    (a cache from an interrupted build): those files must be rendered again.
    """
    wanted = {source for source, entry in entries.items() if entry.card is None and entry.timing is not None}
    if not wanted:
        return []
    try:
        size = (CACHE_DIR / pieces_file).stat().st_size if pieces_file else 0
    except OSError:
        size = 0
    for source, (render_key, card) in _read_pickle("cards.pickle").items():
        entry = entries.get(source)
        pieces = card.pieces
        if (
            source in wanted
            and entry is not None
            and entry.render_key == render_key
            and (pieces is None or (pieces.file == pieces_file and pieces.offset + sum(pieces.sizes) <= size))
        ):
            entry.card = card
            wanted.discard(source)
    return sorted(wanted)


def save(cache: BuildCache) -> None:
    """Write the cache: the cards, then the index, each atomically; then drop stale pieces files."""
    CACHE_DIR.mkdir(exist_ok=True)
    attach_cards(cache.entries, cache.pieces_file)  # any still cached only on disk
    _compact(cache)
    cards = {source: (entry.render_key, entry.card) for source, entry in cache.entries.items() if entry.card}
    _write("cards.pickle", ((_FORMAT, __version__), cards))
    # The cards are kept apart: a build where nothing changed never reads them.
    records = {source: entry.record() for source, entry in cache.entries.items()}
    _write("build.pickle", ((_FORMAT, __version__), dataclasses.replace(cache, entries={}), records))
    close_files()
    for path in CACHE_DIR.glob("pieces-*.bin"):
        if path.name != cache.pieces_file:
            path.unlink(missing_ok=True)


def _compact(cache: BuildCache) -> None:
    """Copy the live pieces to a new pieces file when more than half of the old one is stale."""
    stored = [
        (entry, entry.card)
        for entry in cache.entries.values()
        if entry.card is not None and isinstance(entry.card.pieces, StoredPieces)
    ]
    live = sum(sum(card.pieces.sizes) for _, card in stored)
    try:
        size = (CACHE_DIR / cache.pieces_file).stat().st_size
    except OSError:
        return
    if size <= 2 * live + (1 << 20):
        return
    file = new_pieces_file()
    with (CACHE_DIR / file).open("wb") as stream:
        for entry, card in stored:
            offset = stream.tell()
            stream.write(card.pieces.whole())
            entry.card = card._replace(pieces=StoredPieces(file, offset, card.pieces.sizes))
    cache.pieces_file = file


def _read_pickle(name: str) -> dict:
    try:
        with (CACHE_DIR / name).open("rb") as stream:
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
