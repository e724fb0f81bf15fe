"""The memo: files of outputs costly to make from little (share images), kept by key in the cache.

An output that declares a memo file in the registry (outputs.PostingOutput.memo_file) is looked up
here before it is made: a posting edited where its share image does not look (its body, its
dates) takes the image from here instead of drawing it again. One file per key, in
`.careersite-cache/memo/`, read without the index (the few-postings rebuild has only its head),
written atomically (several workers, several builds), and shared by every slot: the key says
what the file shows, not which build made it.

A memo file holds the output's bytes as they are, so that the staging folder gets it as a hard
link (`source`): no second copy written, and no second inode, which is most of what writing a
small file costs (a cold build at 1,000 postings makes 2,000 files fewer). Publishing only ever
renames files into the site, never writes into one, so a file of the site and its memo file stay
the same bytes. A file read back is checked by its output's own test (a PNG's CRCs): a damaged
one is made again, never published.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable

from careersite.cards import CACHE_DIR
from careersite.files import write_new

FOLDER = CACHE_DIR / "memo"
KEEP_UNUSED_DAYS = 7  # a file no entry of this slot uses may be another slot's: kept a week


class Memo:
    """outputs.Memo over the memo folder, for one posting; `used` is what its entry records."""

    def __init__(self, trusted: bool = True) -> None:
        """`trusted`: False for --no-cache, which makes every file again (and keeps what it made)."""
        self.trusted = trusted
        self.used: list[str] = []
        self.recalled = 0  # files taken from here, not made: not counted as rendered
        self._sources: dict[str, str] = {}  # an output path -> the memo file holding its bytes

    def recall(self, key: str, path: str, intact: Callable[[bytes], bool]) -> bytes | None:
        if not self.trusted:
            return None
        file = os.path.join(FOLDER, key)
        try:
            with open(file, "rb") as stream:
                data = stream.read()
        except OSError:  # not there
            return None
        if not intact(data):
            return None  # damaged: made again, and written over
        self.used.append(key)
        self.recalled += 1
        self._sources[path] = file
        return data

    def keep(self, key: str, path: str, data: bytes) -> None:
        self.used.append(key)
        file = os.path.join(FOLDER, key)
        temporary = os.path.join(FOLDER, f".{key}.{os.getpid()}")
        try:
            try:
                write_new(temporary, data)
            except FileNotFoundError:  # the first file of a new cache: no folder yet
                FOLDER.mkdir(parents=True, exist_ok=True)
                write_new(temporary, data)
            os.replace(temporary, file)
        except OSError:  # a full disk only makes the next build slower
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            return
        self._sources[path] = file

    def source(self, path: str) -> str | None:
        """The memo file an output path can be a hard link to, if the memo holds its bytes."""
        return self._sources.get(path)


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
