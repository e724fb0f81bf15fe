"""Publishing: stage every file, then swap changed ones into the output folder, manifest last.

SPEC "Publishing": nothing is written until everything rendered; each file is replaced only
when its bytes changed, atomically; files of the previous build that this one no longer makes
are removed; the manifest (relative paths, no times) is written last. A folder we did not
write is refused, so a mistyped `--out content` cannot wipe anything (getpelican/pelican#731).
"""

from __future__ import annotations

import filecmp
import functools
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST = ".careersite-manifest"
# The first line names the build (a digest of everything it was made from), so that a
# cache can tell whether the files it remembers are still the ones it published.
_HEADER = re.compile(
    r"# Files written by careersite \(build (?P<key>[0-9a-f]*)\)\. Do not edit; do not add files here\."
)


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


def read_manifest(out_dir: Path) -> Manifest | None:
    """What the previous build wrote, or None when the folder has no (readable) manifest."""
    try:
        lines = (out_dir / MANIFEST).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):  # missing, a folder, unreadable: not ours
        return None
    match = _HEADER.fullmatch(lines[0])
    if match is None:
        return None
    return Manifest(match["key"], {line for line in lines[1:] if _safe(line)})


def manifest_key(out_dir: Path) -> str | None:
    """The key of the build that wrote out_dir, from the manifest's first line only."""
    try:
        with (out_dir / MANIFEST).open(encoding="utf-8") as stream:
            match = _HEADER.fullmatch(stream.readline().rstrip("\n"))
    except (OSError, UnicodeDecodeError):
        return None
    return match["key"] if match else None


@dataclass(frozen=True)
class Manifest:
    """The published files (paths relative to the output folder) and the key of the build."""

    build_key: str
    paths: set[str]


def inspect(
    out_dir: Path, manifest: Manifest | None, unchanged_folders: dict[str, int] | None = None
) -> Inspection:
    """Tell whether the build may write to out_dir (whose manifest was read), and what is in it.

    unchanged_folders: every output folder's mtime after the last build, when the caller
    found them all as they were with untouched(). It lets a build skip walking 10k folders
    (a file added or removed anywhere changes its folder's mtime), so it must come from there.
    """
    for folder in (out_dir, *out_dir.parents):
        if folder.is_symlink() and not folder.exists():
            return Inspection(f"{folder} is a broken symbolic link; choose another --out")
        if folder.exists() and not folder.is_dir():
            return Inspection(f"{folder} is a file, not a folder; choose another --out")
    if out_dir.exists() and Path.cwd().resolve().is_relative_to(out_dir.resolve()):
        return Inspection(f"{out_dir} holds the current folder (and the build cache); choose another --out")
    if (out_dir / MANIFEST).exists() and not (out_dir / MANIFEST).is_file():
        return Inspection(f"{out_dir / MANIFEST} is not a file; move it away or choose another --out")
    if unchanged_folders and manifest is not None:
        return Inspection(None, manifest.paths | {MANIFEST}, dict(unchanged_folders), manifest)
    present, folders = _files_under(out_dir)
    if not present:
        return Inspection(None, present, folders, manifest)
    if manifest is None:
        return Inspection(
            f"{out_dir} is not empty and was not written by this tool (no readable {MANIFEST}); "
            "refusing to replace its files: choose an empty or new folder with --out"
        )
    foreign = sorted(present - manifest.paths - {MANIFEST})
    if foreign:
        more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        return Inspection(
            f"{out_dir} holds files this tool did not write ({', '.join(foreign[:3])}{more}); "
            "refusing to touch it: move them away or choose another --out"
        )
    return Inspection(None, present, folders, manifest)


@dataclass
class Inspection:
    """What inspect() found in an output folder."""

    refusal: str | None
    present: set[str] = field(default_factory=set)  # files in it
    folders: dict[str, int] = field(default_factory=dict)  # its folders (values unused here)
    manifest: Manifest | None = None


def folder_times(out_dir: Path, known: dict[str, int], touched: set[str]) -> dict[str, int]:
    """The mtime of every folder of the output, for the next build's inspect().

    `known`: the folders before publishing, with their mtimes (0 when not known); only those
    holding a `touched` path (written or removed by publish) are looked at again: every other
    published file was there before, in a known folder.
    """
    again = {""} | {parent for relative in touched for parent in parents(relative)}
    times = {folder: mtime for folder, mtime in known.items() if mtime and folder not in again}
    descriptor = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for folder in again.union(folder for folder, mtime in known.items() if not mtime):
            try:
                times[folder] = os.stat(folder or ".", dir_fd=descriptor).st_mtime_ns
            except OSError:
                continue  # removed with the last file in it
    finally:
        os.close(descriptor)
    return times


def parents(relative: str) -> list[str]:
    """`a/b/c.txt` -> [`a`, `a/b`]."""
    parts = relative.split("/")[:-1]
    return ["/".join(parts[: depth + 1]) for depth in range(len(parts))]


def untouched(out_dir: Path, known_folders: dict[str, int]) -> bool:
    """Whether every folder of the output has the mtime it had: no file added or removed anywhere."""
    if not known_folders:
        return False
    try:
        descriptor = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:  # relative to the folder's descriptor: a shorter lookup each, at 10k folders
        return all(
            os.stat(folder or ".", dir_fd=descriptor).st_mtime_ns == mtime
            for folder, mtime in known_folders.items()
        )
    except OSError:
        return False
    finally:
        os.close(descriptor)


def _safe(relative: str) -> bool:
    """A manifest line names a file inside the output folder (never `..`, never absolute)."""
    return bool(relative) and not relative.startswith("/") and ".." not in relative.split("/")


def _files_under(folder: Path) -> tuple[set[str], dict[str, int]]:
    """Every file (and symlink) below folder, and every folder; os.walk is the fast way at 10k."""
    found: set[str] = set()
    folders: dict[str, int] = {}
    for directory, _, names in os.walk(folder):
        prefix = os.path.relpath(directory, folder).replace(os.sep, "/")
        folders["" if prefix == "." else prefix] = 0
        prefix = "" if prefix == "." else prefix + "/"
        found.update(prefix + name for name in names)
    return found, folders


def publish(
    staging: Staging, out_dir: Path, build_key: str, previous: set[str], published: set[str]
) -> tuple[int, set[str]]:
    """Swap the staged site into out_dir, replacing the previous build's files.

    `published` is every file of the new build: the staged ones, and those kept as they are.
    Return how many files were written, and the paths written or removed.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    # Staged files move in with one atomic rename when the staging folder is on the same disk.
    same_device = os.stat(staging.root).st_dev == os.stat(out_dir).st_dev
    made: set[Path] = set()
    touched: set[str] = set()
    moved = _move_new_folders(staging, out_dir, previous) if same_device else set()
    for relative in sorted(staging.paths):
        source, target = staging.root / relative, out_dir / relative
        if relative.split("/", 1)[0] in moved or (same_device and not source.exists()):
            written += 1  # it moved in with its whole folder, below
            touched.add(relative)
            continue
        if target.is_file():
            if filecmp.cmp(target, source, shallow=False):  # in 8 KB chunks: jobs.json is megabytes
                continue
        elif target.is_dir():  # a folder the previous build made stands where a file goes now
            shutil.rmtree(target)
        elif same_device and target.parent not in made and not _clear_way(target.parent, out_dir, previous):
            # A folder new to the site (every posting of a first build): one rename moves it
            # with all its files, instead of a mkdir, a rename and an rmdir a file.
            target.parent.parent.mkdir(parents=True, exist_ok=True)
            _make_readable(source.parent)
            os.replace(source.parent, target.parent)
            made.add(target.parent)
            written += 1
            touched.add(relative)
            continue
        if target.parent not in made:
            _clear_way(target.parent, out_dir, previous)
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if same_device:
            os.chmod(source, 0o644)
            os.replace(source, target)
        else:
            _replace(target, source.read_bytes())
        written += 1
        touched.add(relative)
    for relative in sorted(previous - published, reverse=True):
        touched.add(relative)
        stale = out_dir / relative
        if stale.is_file() or stale.is_symlink():
            stale.unlink()
        _remove_empty_parents(stale.parent, out_dir)
    header = f"# Files written by careersite (build {build_key}). Do not edit; do not add files here.\n"
    manifest = (header + "".join(f"{relative}\n" for relative in sorted(published))).encode("utf-8")
    if not (out_dir / MANIFEST).is_file() or not _same_bytes(out_dir / MANIFEST, manifest):
        _replace(out_dir / MANIFEST, manifest)
    return written, touched


def _move_new_folders(staging: Staging, out_dir: Path, previous: set[str]) -> set[str]:
    """Move in, with one rename each, the staged top folders the output does not have yet.

    A first build at 10k postings: one rename for jobs/, not 10k. Return their names.
    """
    moved = set()
    for name in sorted({relative.split("/", 1)[0] for relative in staging.paths if "/" in relative}):
        source, target = staging.root / name, out_dir / name
        if source.is_dir() and not os.path.lexists(target) and name not in previous:
            _make_readable(source)
            os.replace(source, target)
            moved.add(name)
    return moved


def _clear_way(folder: Path, out_dir: Path, previous: set[str]) -> bool:
    """Remove files of the previous build that stand where folders go now; tell if folder exists."""
    for ancestor in [folder, *folder.parents]:
        if ancestor == out_dir:
            break
        if ancestor.is_file() and ancestor.relative_to(out_dir).as_posix() in previous:
            ancestor.unlink()  # a static file replaced by a folder of the same name
    return folder.is_dir()


def _make_readable(folder: Path) -> None:
    """Give a staged folder and its files the modes published files get (mkdtemp makes 0700)."""
    if _umask() == 0o022:
        os.chmod(folder, 0o755)  # below it, files and folders were made 0644 and 0755 already
        return
    for directory, _, names in os.walk(folder):
        os.chmod(directory, 0o755)
        for name in names:
            os.chmod(os.path.join(directory, name), 0o644)


@functools.cache
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


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
