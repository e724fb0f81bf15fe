"""Users' mistakes as data: a Diagnostic per problem, collected, never raised."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str  # as the user would type it, relative to the project when possible
    line: int
    severity: str  # ERROR or WARNING
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.severity}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text


@dataclass
class Diagnostics:
    """Collects every problem of a run so they can be reported at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: Path | str, line: int, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(str(path), max(line, 1), ERROR, message, hint))

    def warning(self, path: Path | str, line: int, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(str(path), max(line, 1), WARNING, message, hint))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == WARNING]

    def has_errors(self) -> bool:
        return any(d.severity == ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        """Every diagnostic once, by file, then line."""
        return sorted(set(self.items), key=lambda d: (d.path, d.line, d.severity, d.message))


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """Suggest the nearest known name for a mistyped one, as a hint."""
    matches = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean `{matches[0]}`?" if matches else None
