"""Publishing: stage every file, then swap changed ones into the output folder, manifest last.

SPEC "Publishing": nothing is written until everything rendered; each file is replaced only
when its bytes changed, atomically; files of the previous build that this one no longer makes
are removed; the manifest (relative paths, no times) is written last. A folder we did not
write is refused, so a mistyped `--out content` cannot wipe anything (getpelican/pelican#731).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

MANIFEST = ".careersite-manifest"
_MANIFEST_HEADER = "# Files written by careersite (python build.py). Do not edit; do not add files here.\n"


class Staging:
    """A private folder in the system's temporary folder that receives the rendered site."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="careersite-stage-"))
        self.paths: set[str] = set()

    def add(self, relative: str, data: bytes | Iterable[bytes]) -> None:
        """Spool one output file, whole or chunk by chunk; a path given twice is a bug of ours."""
        target = self._target(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as stream:
            if isinstance(data, bytes):
                stream.write(data)
            else:
                stream.writelines(data)

    def add_copy(self, relative: str, source: Path) -> None:
        """Spool a copy of a file (content/static)."""
        target = self._target(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)

    def adopt(self, relative: str) -> None:
        """Register a file that a worker process wrote into the staging folder."""
        self._target(relative)

    def discard(self) -> None:
        """Remove the staging folder and everything in it."""
        shutil.rmtree(self.root, ignore_errors=True)

    def _target(self, relative: str) -> Path:
        path = PurePosixPath(relative)
        if path.is_absolute() or ".." in path.parts or not path.parts or relative == MANIFEST:
            raise ValueError(f"refusing to write outside the site: {relative!r}")
        if relative in self.paths:
            raise ValueError(f"two outputs want the same path: {relative}")
        self.paths.add(relative)
        return self.root / path


def read_manifest(out_dir: Path) -> set[str] | None:
    """The paths the previous build wrote, or None when the folder has no manifest."""
    try:
        text = (out_dir / MANIFEST).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    return {line for line in text.splitlines() if line and not line.startswith("#")}


def inspect(out_dir: Path, known_times: dict[str, int] | None = None) -> tuple[str | None, set[str]]:
    """Say why the build must not write to out_dir (or None), and list the files in it.

    known_times (each output folder's mtime after the last build) lets a build skip walking
    10k folders: a file added or removed anywhere changes its folder's mtime.
    """
    if out_dir.exists() and not out_dir.is_dir():
        return f"{out_dir} is a file, not a folder; choose another --out", set()
    if known_times and _unchanged(out_dir, known_times) and (listed := read_manifest(out_dir)) is not None:
        return None, listed | {MANIFEST}
    present = _files_under(out_dir)
    if not present:
        return None, present
    listed = read_manifest(out_dir)
    if listed is None:
        return (
            f"{out_dir} is not empty and was not written by this tool (no {MANIFEST}); "
            "refusing to replace its files: choose an empty or new folder with --out"
        ), present
    foreign = sorted(present - listed - {MANIFEST})
    if foreign:
        more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        return (
            f"{out_dir} holds files this tool did not write ({', '.join(foreign[:3])}{more}); "
            "refusing to touch it: move them away or choose another --out"
        ), present
    return None, present


def folder_times(out_dir: Path) -> dict[str, int]:
    """The mtime of every folder holding a published file, for the next build's inspect()."""
    listed = read_manifest(out_dir) or set()
    folders = {""} | {relative.rsplit("/", 1)[0] for relative in listed if "/" in relative}
    times = {}
    for folder in folders:
        parts = folder.split("/") if folder else []
        for depth in range(len(parts)):  # parents too: a new sibling folder changes them
            times.setdefault("/".join(parts[:depth]), 0)
        times[folder] = 0
    return {folder: os.stat(out_dir / folder).st_mtime_ns for folder in sorted(times)}


def _unchanged(out_dir: Path, known_times: dict[str, int]) -> bool:
    try:
        root = os.fspath(out_dir)
        return all(
            os.stat(os.path.join(root, folder)).st_mtime_ns == mtime for folder, mtime in known_times.items()
        )
    except OSError:
        return False


def _files_under(folder: Path) -> set[str]:
    """Relative paths of every file (and symlink) below folder; os.walk is the fast way at 10k."""
    found: set[str] = set()
    for directory, _, names in os.walk(folder):
        prefix = os.path.relpath(directory, folder).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        found.update(prefix + name for name in names)
    return found


def publish(staging: Staging, out_dir: Path, kept: set[str] | frozenset[str] = frozenset()) -> int:
    """Swap the staged site into out_dir, keeping the `kept` files as they are; return files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    previous = read_manifest(out_dir) or set()
    published = staging.paths | set(kept)
    written = 0
    # Staged files move in with one atomic rename when the staging folder is on the same disk.
    same_device = os.stat(staging.root).st_dev == os.stat(out_dir).st_dev
    made: set[Path] = set()
    for relative in sorted(staging.paths):
        source, target = staging.root / relative, out_dir / relative
        if same_device and not source.exists():
            written += 1  # it moved in with its whole folder, below
            continue
        if target.is_file():
            if _same_bytes(target, source.read_bytes()):
                continue
        elif target.is_dir():  # a folder the previous build made stands where a file goes now
            shutil.rmtree(target)
        elif same_device and target.parent not in made and not target.parent.exists():
            # A folder new to the site (every posting of a first build): one rename moves it
            # with all its files, instead of a mkdir, a rename and an rmdir a file.
            target.parent.parent.mkdir(parents=True, exist_ok=True)
            _make_readable(source.parent)
            os.replace(source.parent, target.parent)
            made.add(target.parent)
            written += 1
            continue
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if same_device:
            os.chmod(source, 0o644)
            os.replace(source, target)
        else:
            _replace(target, source.read_bytes())
        written += 1
    for relative in sorted(previous - published, reverse=True):
        stale = out_dir / relative
        if stale.is_file() or stale.is_symlink():
            stale.unlink()
        _remove_empty_parents(stale.parent, out_dir)
    manifest = (_MANIFEST_HEADER + "".join(f"{relative}\n" for relative in sorted(published))).encode("utf-8")
    if not (out_dir / MANIFEST).is_file() or not _same_bytes(out_dir / MANIFEST, manifest):
        _replace(out_dir / MANIFEST, manifest)
    return written


def _make_readable(folder: Path) -> None:
    """Give a staged folder and its files the modes published files get (mkdtemp makes 0700)."""
    for directory, _, names in os.walk(folder):
        os.chmod(directory, 0o755)
        for name in names:
            os.chmod(os.path.join(directory, name), 0o644)


def _same_bytes(path: Path, data: bytes) -> bool:
    return path.stat().st_size == len(data) and path.read_bytes() == data


def _replace(target: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
