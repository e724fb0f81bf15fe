"""The memo: files of outputs costly to make from little (share images), kept by key in the cache.

An output that declares a memo key in the registry (outputs.PostingOutput.memo_key) is looked up
here before it is made: a posting edited where its share image does not look (its body, its
dates) takes the image from here instead of drawing it again. One file per key, in
`.careersite-cache/memo/`, read without the index (the few-postings rebuild has only its head),
written atomically (several workers, several builds), and shared by every slot: the key says
what the files show, not which build made them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
from collections.abc import Iterable

from careersite.cards import CACHE_DIR

FOLDER = CACHE_DIR / "memo"
_CHECK = 8  # bytes of hash before each file's pickle: a damaged file is made again, never published
KEEP_UNUSED_DAYS = 7  # a file no entry of this slot uses may be another slot's: kept a week


class Memo:
    """outputs.Memo over the memo folder, for one posting; `used` is what its entry records."""

    def __init__(self, trusted: bool = True) -> None:
        """`trusted`: False for --no-cache, which makes every file again (and keeps what it made)."""
        self.trusted = trusted
        self.used: list[str] = []
        self.recalled = 0  # files taken from here, not made: not counted as rendered

    def recall(self, key: str) -> list[tuple[str, bytes]] | None:
        if not self.trusted:
            return None
        try:
            with open(FOLDER / key, "rb") as stream:
                data = stream.read()
            if _checksum(data[_CHECK:]) != data[:_CHECK]:
                return None  # damaged: made again, and written over
            files = pickle.loads(data[_CHECK:])
        except Exception:  # not there (OSError), or unreadable all the same
            return None
        self.used.append(key)
        self.recalled += len(files)
        return files

    def keep(self, key: str, files: list[tuple[str, bytes]]) -> None:
        self.used.append(key)
        temporary = FOLDER / f".{key}.{os.getpid()}"
        data = pickle.dumps(files, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            try:
                temporary.write_bytes(_checksum(data) + data)
            except FileNotFoundError:  # the first file of a new cache: no folder yet
                FOLDER.mkdir(parents=True, exist_ok=True)
                temporary.write_bytes(_checksum(data) + data)
            os.replace(temporary, FOLDER / key)
        except OSError:  # a full disk only makes the next build slower
            with contextlib.suppress(OSError):
                temporary.unlink()


def _checksum(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=_CHECK).digest()


def prune(used: Iterable[str]) -> None:
    """Remove the memo's files that `used` does not name and that were written over a week ago."""
    keep = set(used)
    cutoff = time.time() - KEEP_UNUSED_DAYS * 86400
    try:
        files = list(os.scandir(FOLDER))
    except OSError:
        return
    for file in files:
        if file.name in keep:
            continue
        with contextlib.suppress(OSError):
            if file.name.startswith(".") or file.stat().st_mtime < cutoff:
                os.unlink(file.path)
