"""What a build reads, scanned once at its start: file lists, stamps and bytes, nothing parsed.

A build where nothing changed needs this much and little more (issue #5: start-up), so no
YAML, Jinja or Markdown is imported here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from careersite import overrides
from careersite.files import Shower, discover, iter_files, stamped_names
from careersite.keys import digest


@dataclass(frozen=True)
class StaticFile:
    """A file of content/static, copied as is to the site root."""

    name: str  # relative to content/static, with / separators
    path: Path
    stamp: tuple[int, int] | None  # (mtime_ns, size); None when it cannot be stat-ed

    def digest(self) -> str:
        """A digest of its bytes (what the aggregate key covers)."""
        try:
            return digest(self.path.read_bytes())
        except OSError:
            return "unreadable"


@dataclass(frozen=True)
class Inputs:
    """Everything under content/ and templates/, as the build's keys and stages read it."""

    # Text, not Path objects: at 10k postings a build where nothing changed is mostly this list.
    job_files: list[tuple[str, str]]  # (path, path as shown in messages), sorted by name
    stamps: bytes  # each posting's mtime and size (files.stamped_names)
    page_files: list[Path]
    site_yaml: bytes
    templates: list[tuple[str, bytes]]  # the theme's files by name, the project's overriding
    pages: list[bytes]  # each page's file name (its default slug), a newline, its bytes
    static: list[StaticFile]


def scan(content_dir: Path, templates_dir: Path) -> Inputs:
    """List and read what a build depends on besides the postings' own bytes (one walk of each folder)."""
    shown = Shower(content_dir)
    jobs_dir = content_dir / "jobs"
    folder, shown_folder = f"{jobs_dir}{os.sep}", f"{shown(jobs_dir)}{os.sep}"
    names, stamps = stamped_names(jobs_dir)
    page_files = discover(content_dir / "pages")
    templates = [(name, _read(path)) for name, path in overrides.theme_files(templates_dir)]
    static_dir = content_dir / "static"
    static = [
        StaticFile(path.relative_to(static_dir).as_posix(), path, _stamp(path))
        for path in iter_files(static_dir)
    ]
    return Inputs(
        [(folder + name, shown_folder + name) for name in names], stamps, page_files,
        _read(content_dir / "site.yaml"), templates,
        [f"{path.name}\n".encode() + _read(path) for path in page_files], static,
    )  # fmt: skip


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:  # the build that reads it again says what is wrong
        return b"\x00unreadable"


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
