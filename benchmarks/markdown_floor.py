"""Render every posting body of a corpus with Python-Markdown alone, on all cores: the floor.

    python benchmarks/markdown_floor.py CONTENT_DIR

What a cold build cannot go below: the bodies through careersite's Markdown pipeline (one
Python-Markdown instance per process, nh3, headings shifted), one process per core, and
nothing else (no YAML, no templates, no files written). The runner times it next to the
builds, so the ratio to Hugo says how much of careersite's build is the floor.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # like build.py: the repo's package
from careersite.markdown import render_markdown


def body(path: Path) -> str:
    """A posting file's Markdown body (what follows its front matter)."""
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


def render(paths: list[Path]) -> int:
    return sum(len(render_markdown(body(path))) for path in paths)


def main(content: Path) -> int:
    paths = sorted((content / "jobs").glob("*.md"))
    chunks = [paths[index : index + 32] for index in range(0, len(paths), 32)]
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        size = sum(pool.imap(render, chunks))
    print(f"{len(paths)} bodies, {size:,} characters of HTML")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
