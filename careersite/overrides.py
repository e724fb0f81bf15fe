"""The theme and a project's overrides: which file each template, asset or catalog name comes from.

The default theme ships inside the package (`careersite/theme/` in a wheel; this repository's
top-level `templates/` is its source, mapped by pyproject.toml). A project's `templates/`
folder (or `--templates DIR`) overrides it file by file: `templates/job.html` replaces the
theme's `job.html`, `templates/assets/site.css` that asset, and everything else comes from the
theme (SPEC "Using careersite in another company's repository").
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Iterator
from pathlib import Path

from careersite.files import iter_files

_REPOSITORY_THEME = Path(__file__).resolve().parent.parent / "templates"


@functools.cache
def theme_dir() -> Path:
    """The default theme's folder: the installed package's, else this repository's `templates/`."""
    spec = importlib.util.find_spec("careersite.theme")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            if Path(location, "base.html").is_file():
                return Path(location)
    return _REPOSITORY_THEME  # `python build.py` in this repository, not installed


def layers(templates_dir: Path) -> tuple[Path, ...]:
    """The folders a name is looked up in, first match wins: the project's, then the theme's."""
    theme = theme_dir()
    if templates_dir.is_dir() and templates_dir.resolve() != theme.resolve():
        return (templates_dir, theme)
    return (theme,)


def theme_files(templates_dir: Path) -> Iterator[tuple[str, Path]]:
    """Every name of the theme as the project sees it, with the file it comes from, sorted by name."""
    chosen: dict[str, Path] = {}
    for folder in reversed(layers(templates_dir)):  # the project's last: its files win
        for path in iter_files(folder):
            name = path.relative_to(folder).as_posix()
            if not any(part.startswith(".") or part == "__pycache__" for part in name.split("/")):
                chosen[name] = path
    return iter(sorted(chosen.items()))


def find(templates_dir: Path, name: str) -> Path | None:
    """The file a theme name comes from (None: neither the project nor the theme has it)."""
    for folder in layers(templates_dir):
        path = folder / name
        if path.is_file():
            return path
    return None
