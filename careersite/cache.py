"""The incremental-build cache: what each posting file gave last time, keyed by content hash.

It lives in one folder, `.careersite-cache/` in the current directory (git-ignored):

- `build.pickle`, the index, atomically replaced after a good build. After a stamp (which
  version wrote it) it holds two pickles: a head (Head), all that a build reads when nothing
  changed or only the text of a few postings did, then each file's entry: its fingerprint,
  state, outputs, and the key and place of its card (a build that read only the head
  replaces the head alone, naming the entries it made out of date);
- `cards-*.bin`: each posting's Card and its Pieces (its listing rows, feed entry and
  jobs.json line), appended by the worker that rendered it. The cards are read only when
  the listing, feed and jobs.json must be made again (a card's key changed: an edit that
  leaves them as they were never reads them) and the pieces only while those pages are
  written, so that memory stays flat at 10k postings. Append-only, so a failed build never
  spoils what the index points at; compacted when more than half of it is stale;
- `templates/`: compiled templates.

A missing, unreadable, truncated or foreign cache is ignored with a one-line notice: it can
only make a build faster, never change its output (a cached build is byte-identical to a
cold one; tests check it).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import hashlib
import os
import pickle
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from careersite import __version__
from careersite.diagnostics import Diagnostic

if TYPE_CHECKING:  # the head alone does without the content model (a build where nothing changed)
    from careersite.model import Card, DateValue

CACHE_DIR = Path(".careersite-cache")
_FORMAT = 15
_STAMP = (_FORMAT, __version__)  # the index's first pickle: which careersite wrote it
_KEY_BYTES = 16  # a digest()'s key is 16 bytes, written in hex
# Each blob of a cards file is followed by this many bytes of its hash, checked when it is read:
# a damaged file (same size, other bytes) makes the build slower, never its pages wrong.
_CHECK = 8
_KEY_MASK = (1 << 8 * _KEY_BYTES) - 1


def key_sum(keys: Iterable[str]) -> int:
    """Add up hex keys (modulo 2**128): a key of them all that one key's change updates cheaply."""
    return sum(int(key, 16) for key in keys if key) & _KEY_MASK


def pack_keys(keys: Iterable[str]) -> bytes:
    """Hex keys as one string of bytes, _KEY_BYTES each (zeros for a missing key): a head holds 10k."""
    return b"".join(bytes.fromhex(key) if key else bytes(_KEY_BYTES) for key in keys)


def pack_digests(texts: Iterable[str]) -> bytes:
    """A digest of each text, packed like pack_keys()."""
    return b"".join(hashlib.blake2b(text.encode(), digest_size=_KEY_BYTES).digest() for text in texts)


def packed_at(packed: bytes | bytearray, index: int) -> bytes:
    """The index-th key (or digest) of a packed string of them."""
    return bytes(packed[index * _KEY_BYTES : (index + 1) * _KEY_BYTES])


def swap_key(packed: bytearray, index: int, key: str, total: int) -> int:
    """Put a hex key at index of packed keys; return their key_sum, given the one before."""
    old, new = packed_at(packed, index), pack_keys([key])
    packed[index * _KEY_BYTES : (index + 1) * _KEY_BYTES] = new
    return (total - int.from_bytes(old) + int.from_bytes(new)) & _KEY_MASK


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
    card: Card | None = None  # None when the file had errors, or until attach_cards()

    def record(self) -> tuple[object, ...]:
        """The entry without its card, as the index stores it (Entry.of(record) makes it again).

        Plain dates as day numbers: pickling 20k date objects took 30 ms of every build that saves.
        """
        timing = self.timing
        if timing:
            posted, until, draft = timing
            timing = (_day_number(posted), until and _day_number(until), draft)
        return (self.fingerprint, self.content_hash, self.diagnostics, timing, self.state,
                self.render_key, self.outputs, self.card_key, self.card_at, self.body_at)  # fmt: skip

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

    key: str  # a digest of what the build read but the postings' files (pipeline._head_key)
    out_dir: str  # the output folder it describes, resolved
    timezone: str  # site.yaml's, for the day the key was made on
    stamps: bytes  # each posting file's mtime and size (files.stamped_names), in the order of their names
    render_keys: bytes  # each posting's render key, in the same order (pack_keys)
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


@dataclass
class BuildCache:
    """Entries by source path, plus the aggregate pages' key, for one output folder."""

    parse_environment: str = ""  # site.yaml (currency, timezone): a change invalidates every parse
    render_environment: str = ""  # templates, pages, options: a change invalidates every rendering
    out_dir: str = ""
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


def load(parse_environment: str, render_environment: str, out_dir: Path, notice: list[str]) -> BuildCache:
    """Read the cache; an unusable one gives an empty cache and a notice."""
    path = CACHE_DIR / "build.pickle"
    fresh = BuildCache(parse_environment, render_environment, str(out_dir.resolve()))
    try:
        with path.open("rb") as stream, _collector_paused():
            head = _read_head(stream)
            if head is None:
                return fresh  # written by another version of careersite
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
    if cache.render_environment != render_environment or cache.out_dir != fresh.out_dir:
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


def load_head() -> Head | None:
    """Read the head of the index only (None when there is none, or it is not this version's)."""
    try:
        with (CACHE_DIR / "build.pickle").open("rb") as stream:
            return _read_head(stream)
    except Exception:  # load() tells the user about an unreadable cache
        return None


def save_head(head: Head, replacing: Head) -> None:
    """Replace the head of the index, keeping the entries (those of `head.stale` are out of date).

    Only when the head there is still `replacing`, the one this build read: if another build
    wrote the index since, this build's head is not spliced onto that one's entries.
    """
    with (CACHE_DIR / "build.pickle").open("rb") as stream:
        if _read_head(stream) == replacing:
            _write("build.pickle", _STAMP, head, rest=stream)


def _read_head(stream: BinaryIO) -> Head | None:
    """The head, after the stamp that says which careersite wrote it (None: another one)."""
    if pickle.load(stream) != _STAMP:
        return None  # its classes may not even exist here: read no further
    head = pickle.load(stream)
    return head if isinstance(head, Head) else None


class StoredPieces(NamedTuple):
    """A card's Pieces in a cards file of the cache: read from the disk each time they are asked for."""

    file: str  # its name in CACHE_DIR
    offset: int
    sizes: tuple[int, ...]  # of row, department_row, feed_entry, jobs_entry

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
        # Unchecked: attach_cards() checked the pieces of a card an earlier build stored (intact()).
        start = self.offset + sum(self.sizes[:index]) + index * _CHECK
        return _read(self.file, start, self.sizes[index], checked=False)

    def intact(self) -> bool:
        """Whether every piece reads back as it was written (one read for the four)."""
        try:
            data = _read(self.file, self.offset, sum(self.sizes) + len(self.sizes) * _CHECK, checked=False)
        except OSError:
            return False
        start = 0
        for size in self.sizes:
            piece, check = data[start : start + size], data[start + size : start + size + _CHECK]
            if _checksum(piece) != check:
                return False
            start += size + _CHECK
        return True


_files: dict[tuple[str, int], int] = {}  # (file name, mode) -> open descriptor, in this process
os.register_at_fork(after_in_child=_files.clear)  # a forked worker opens its own (its own offsets)


def card_key(card: Card) -> str:
    """A hash of everything the aggregate pages take from a card (its pieces in memory).

    Not its source: the key ends up in the manifest, the same wherever the project lives.
    """
    return digest(repr(card._replace(source="", pieces=None)), *(card.pieces or ()))


def new_cards_file() -> str:
    """A name for a new cards file (a build that cannot trust the previous one starts one)."""
    return f"cards-{secrets.token_hex(6)}.bin"


def store_card(file: str, card: Card) -> tuple[Card, tuple[int, int, int]]:
    """Append a card's pieces, then the card, to a cards file; return the stored card and its place.

    Safe from several processes at once.
    """
    pieces_size = 0
    if card.pieces is not None:
        pieces = [bytes(piece) for piece in card.pieces]
        pieces_size = sum(map(len, pieces))
        offset = _append(file, *pieces)
        card = card._replace(pieces=StoredPieces(file, offset, tuple(map(len, pieces))))
    blob = pickle.dumps(card, protocol=pickle.HIGHEST_PROTOCOL)
    return card, (_append(file, blob), len(blob), pieces_size)


def store_body(file: str, html: str) -> tuple[int, int]:
    """Append a rendered body to a cards file; return its offset and size."""
    blob = html.encode("utf-8")
    return _append(file, blob), len(blob)


def read_body(file: str, offset: int, size: int) -> str:
    """A body stored by store_body()."""
    return _read(file, offset, size).decode("utf-8")


def close_files() -> None:
    """Close the cards files this process opened."""
    while _files:
        os.close(_files.popitem()[1])


def _checksum(blob: bytes) -> bytes:
    return hashlib.blake2b(blob, digest_size=_CHECK).digest()


def _append(file: str, *blobs: bytes) -> int:
    """Append blobs, each followed by its checksum, in one write; return where the first starts."""
    data = b"".join(part for blob in blobs for part in (blob, _checksum(blob)))
    descriptor = _open(file, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    if os.write(descriptor, data) != len(data):
        raise OSError(f"short write to {CACHE_DIR / file}")
    # O_APPEND writes whole at the end, and this process's own offset ends where it wrote.
    return os.lseek(descriptor, 0, os.SEEK_CUR) - len(data)


def _open(file: str, flags: int) -> int:
    key = (file, flags)
    if key not in _files:
        CACHE_DIR.mkdir(exist_ok=True)
        _files[key] = os.open(CACHE_DIR / file, flags, 0o644)
    return _files[key]


def _read(file: str, offset: int, size: int, checked: bool = True) -> bytes:
    """A blob _append() wrote, checked against its checksum (OSError: damaged, or not there)."""
    wanted = size + _CHECK if checked else size
    data = os.pread(_open(file, os.O_RDONLY), wanted, offset)
    if len(data) != wanted:
        raise OSError(f"{CACHE_DIR / file} is shorter than the build cache says")
    if checked and _checksum(data[:size]) != data[size:]:
        raise OSError(f"{CACHE_DIR / file} is damaged")
    return data[:size] if checked else data


def attach_cards(entries: dict[str, Entry], cards_file: str) -> list[str]:
    """Give the entries read from the cache their cards, from the cards file.

    Return the sources whose card cannot be read (a cache from an interrupted build, or
    another build's): those files must be rendered again.
    """
    from careersite import model

    wanted = [entry for entry in entries.values() if entry.card is None and entry.timing is not None]
    if not wanted:
        return []
    try:
        size = (CACHE_DIR / cards_file).stat().st_size if cards_file else 0
    except OSError:
        size = 0
    for entry in wanted:
        if entry.card_at is None or entry.card_at[0] + entry.card_at[1] > size:
            continue
        try:
            card = pickle.loads(_read(cards_file, entry.card_at[0], entry.card_at[1]))
        except Exception:  # a damaged cache only makes the build slower
            continue
        if isinstance(card, model.Card) and (
            card.pieces is None or (card.pieces.file == cards_file and card.pieces.intact())
        ):
            entry.card = card
    return sorted(
        source for source, entry in entries.items() if entry.card is None and entry.timing is not None
    )


def save(cache: BuildCache) -> None:
    """Write the index atomically, compacting the cards file first when it is mostly stale."""
    CACHE_DIR.mkdir(exist_ok=True)
    _compact(cache)
    if cache.head is not None:  # the cards file compaction may have started
        cache.head = cache.head._replace(cards_file=cache.cards_file)
    with contextlib.suppress(OSError):
        cache.cards_size = (CACHE_DIR / cache.cards_file).stat().st_size
    records = {source: entry.record() for source, entry in cache.entries.items()}
    # The head goes first, alone; the entries' bodies are all the index needs of `bodies`.
    index = dataclasses.replace(cache, entries={}, bodies={}, head=None)
    _write("build.pickle", _STAMP, cache.head, (index, records))
    close_files()
    for path in CACHE_DIR.glob("cards-*.bin"):
        if path.name != cache.cards_file:
            path.unlink(missing_ok=True)


def _compact(cache: BuildCache) -> None:
    """Copy the live cards and bodies to a new cards file when more than half of the old one is stale."""
    from careersite import model

    try:
        size = (CACHE_DIR / cache.cards_file).stat().st_size
    except OSError:
        return
    entries = cache.entries.values()
    places = [entry.body_at for entry in entries if entry.body_at]
    live = sum(size + _CHECK for _, _, size in {place[0]: place for place in places}.values())
    checks = _CHECK * (1 + len(model.Pieces._fields))  # a card's and its pieces'
    live += sum(at[1] + at[2] + checks for at in (entry.card_at for entry in entries) if at)
    if size <= 2 * live + (1 << 20):
        return
    bodies = {key: (offset, body_size) for key, offset, body_size in places}
    attach_cards(cache.entries, cache.cards_file)
    file = new_cards_file()
    moved = {}
    for key, place in bodies.items():
        with contextlib.suppress(OSError):  # a damaged body is rendered again next time
            moved[key] = store_body(file, read_body(cache.cards_file, *place))
    for entry in entries:
        if entry.body_at:
            key = entry.body_at[0]
            entry.body_at = (key, *moved[key]) if key in moved else None
        card = entry.card
        if card is None or entry.card_at is None:
            entry.card_at = None  # unreadable: rendered again next time
            continue
        if card.pieces is not None:
            try:
                pieces = model.Pieces(*(getattr(card.pieces, name) for name in model.Pieces._fields))
            except OSError:  # damaged: rendered again next time
                entry.card_at = None
                continue
            card = card._replace(pieces=pieces)
        entry.card, entry.card_at = store_card(file, card)
    cache.cards_file = file


def _write(name: str, *data: object, rest: BinaryIO | None = None) -> None:
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
        os.replace(temporary, CACHE_DIR / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
