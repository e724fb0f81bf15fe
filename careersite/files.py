"""Find content files, and name them as the user would type them: no parsing, so no YAML to import;
and write new files with the fewest system calls.

A build where nothing changed needs this much and little more (issue #5: start-up).
"""

from __future__ import annotations

import array
import os
import stat
from collections.abc import Iterator
from pathlib import Path


def discover(folder: Path, suffix: str = ".md") -> list[Path]:
    """List the files of a content folder, sorted so that every build sees the same order."""
    return [folder / name for name in discover_names(folder, suffix)]


def discover_names(folder: Path, suffix: str = ".md") -> list[str]:
    """The names of the files discover() lists."""
    try:
        with os.scandir(folder) as entries:
            names = [
                e.name
                for e in entries
                if e.name.endswith(suffix) and not e.name.startswith(".") and e.is_file()
            ]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(names)


def stamped_names(folder: Path, suffix: str = ".md") -> tuple[list[str], bytes]:
    """discover_names(), and each file's mtime (ns) and size packed beside them (array "q").

    One listing and one stat a file, relative to the folder: at 10k postings this is most of
    what a build where nothing changed does.
    """
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except (FileNotFoundError, NotADirectoryError):
        return [], b""
    names: list[str] = []
    stamps = array.array("q")
    try:
        for name in sorted(os.listdir(descriptor)):
            if not name.endswith(suffix) or name.startswith("."):
                continue
            try:
                status = os.stat(name, dir_fd=descriptor)
            except FileNotFoundError:  # gone since the listing (or a broken link): not a posting
                continue
            except OSError:  # kept, unstamped: reading it says what is wrong (permissions, a loop)
                names.append(name)
                stamps.extend((-1, -1))
                continue
            if stat.S_ISREG(status.st_mode):
                names.append(name)
                stamps.extend((status.st_mtime_ns, status.st_size))
    finally:
        os.close(descriptor)
    return names, stamps.tobytes()


def stamp_pairs(stamps: bytes) -> Iterator[tuple[int, int]]:
    """The (mtime, size) of each file, from stamped_names()'s stamps."""
    numbers = array.array("q", stamps)
    return zip(numbers[::2], numbers[1::2], strict=True)


def iter_files(folder: Path) -> Iterator[Path]:
    """List every file below a folder (static files), sorted."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield path


def shown_path(path: Path, root: Path | None = None) -> Path:
    """A path as the user would type it: relative to root (default: the current folder) when inside it."""
    try:
        return path.resolve().relative_to((root or Path.cwd()).resolve())
    except ValueError:
        return path


class Shower:
    """shown_path for the many files of one folder, resolving the folder once (10k postings)."""

    def __init__(self, folder: Path, root: Path | None = None) -> None:
        self.folder, self.root, self.shown_folder = folder, root, shown_path(folder, root)

    def __call__(self, path: Path) -> Path:
        try:
            return self.shown_folder / path.relative_to(self.folder)
        except ValueError:
            return shown_path(path, self.root)


def write_new(target: str, data: bytes) -> None:
    """Write a file with the fewest system calls (open, write, close): thousands of new pages and images.

    A file already there is replaced, never written into: it may be a hard link to the cache's copy.
    """
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        os.unlink(target)
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)
