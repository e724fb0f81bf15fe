"""The cache's cards files: each posting's Card, its pieces and its rendered body, appended.

A cards file (`cards-<slot>-<token>.bin` in the cache folder) receives, from the worker that
rendered a posting, its body's HTML, its pieces (its share of each aggregate output: listing
rows, feed entry, jobs.json line; named by the registry, outputs.PIECES) and its pickled Card.
The cards are read only when the aggregate outputs must be made again (a card's key changed:
an edit that leaves them as they were never reads them), and the pieces only while those
pages are written, so that memory stays flat at 10k postings. Append-only, so a failed build
never spoils what an index points at; compacted when more than half of it is stale.

Every blob is followed by 8 bytes of its hash, checked when read: a damaged file (same size,
other bytes) makes a build slower, never its pages wrong.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import secrets
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # a build where nothing changed does without the content model
    from careersite.cache import Entry
    from careersite.model import Card

CACHE_DIR = Path(".careersite-cache")
_CHECK = 8  # bytes of each blob's hash


class StoredPieces(NamedTuple):
    """A card's pieces in a cards file: read from the disk each time one is asked for, by name."""

    file: str  # its name in CACHE_DIR
    offset: int
    names: tuple[str, ...]
    sizes: tuple[int, ...]

    def __getitem__(self, name: str) -> bytes:  # type: ignore[override]  # by name, like the dict it stores
        index = self.names.index(name)
        # Unchecked: attach() checked the pieces of a card an earlier build stored (intact()).
        start = self.offset + sum(self.sizes[:index]) + index * _CHECK
        return _read(self.file, start, self.sizes[index], checked=False)

    def intact(self) -> bool:
        """Whether every piece reads back as it was written (one read for them all)."""
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

    def loaded(self) -> dict[str, bytes]:
        """The pieces in memory (OSError: damaged)."""
        return {name: self[name] for name in self.names}


_files: dict[tuple[str, int], int] = {}  # (file name, mode) -> open descriptor, in this process
os.register_at_fork(after_in_child=_files.clear)  # a forked worker opens its own (its own offsets)


def new_file(slot: str) -> str:
    """A name for a new cards file of a slot (a build that cannot trust the previous one starts one)."""
    return f"cards-{slot}-{secrets.token_hex(6)}.bin"


def slot_files(slot: str) -> Iterator[Path]:
    """The cards files of a slot."""
    return CACHE_DIR.glob(f"cards-{slot}-*.bin")


def store_card(file: str, card: Card) -> tuple[Card, tuple[int, int, int]]:
    """Append a card's pieces, then the card, to a cards file; return the stored card and its place.

    Safe from several processes at once.
    """
    pieces_size = 0
    if card.pieces is not None:
        names = tuple(card.pieces)
        blobs = [bytes(card.pieces[name]) for name in names]
        pieces_size = sum(map(len, blobs))
        offset = _append(file, *blobs)
        card = card._replace(pieces=StoredPieces(file, offset, names, tuple(map(len, blobs))))
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


def attach(entries: Mapping[str, Entry], file: str, piece_names: tuple[str, ...]) -> list[str]:
    """Give the entries read from the cache their cards, from the cards file.

    Return the sources whose card cannot be read (a cache from an interrupted build, another
    build's, or pieces other than the registry's): those files must be rendered again.
    """
    from careersite import model

    wanted = [entry for entry in entries.values() if entry.card is None and entry.timing is not None]
    if not wanted:
        return []
    try:
        size = (CACHE_DIR / file).stat().st_size if file else 0
    except OSError:
        size = 0
    for entry in wanted:
        if entry.card_at is None or entry.card_at[0] + entry.card_at[1] > size:
            continue
        try:
            card = pickle.loads(_read(file, entry.card_at[0], entry.card_at[1]))
        except Exception:  # a damaged cache only makes the build slower
            continue
        if isinstance(card, model.Card) and (
            card.pieces is None
            or (card.pieces.file == file and card.pieces.names == piece_names and card.pieces.intact())
        ):
            entry.card = card
    return sorted(
        source for source, entry in entries.items() if entry.card is None and entry.timing is not None
    )


def compact(entries: Mapping[str, Entry], file: str, slot: str, piece_names: tuple[str, ...]) -> str:
    """Copy the live cards and bodies to a new cards file when more than half of `file` is stale;
    return the file the entries now point into."""
    try:
        size = (CACHE_DIR / file).stat().st_size
    except OSError:
        return file
    places = [entry.body_at for entry in entries.values() if entry.body_at]
    bodies = {key: (offset, body_size) for key, offset, body_size in places}
    live = sum(body_size + _CHECK for _, body_size in bodies.values())
    checks = _CHECK * (1 + len(piece_names))  # a card's and its pieces'
    live += sum(at[1] + at[2] + checks for at in (entry.card_at for entry in entries.values()) if at)
    if size <= 2 * live + (1 << 20):
        return file
    attach(entries, file, piece_names)
    new = new_file(slot)
    moved = {}
    for key, place in bodies.items():
        with contextlib.suppress(OSError):  # a damaged body is rendered again next time
            moved[key] = store_body(new, read_body(file, *place))
    for entry in entries.values():
        if entry.body_at:
            key = entry.body_at[0]
            entry.body_at = (key, *moved[key]) if key in moved else None
        card = entry.card
        if card is None or entry.card_at is None:
            entry.card_at = None  # unreadable: rendered again next time
            continue
        if card.pieces is not None:
            try:
                card = card._replace(pieces=card.pieces.loaded())
            except OSError:  # damaged: rendered again next time
                entry.card_at = None
                continue
        entry.card, entry.card_at = store_card(new, card)
    return new


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
