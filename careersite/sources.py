"""Read content files: split front matter, parse YAML keeping each key's line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from careersite.diagnostics import Diagnostics

try:  # The C loader parses ~8x faster (issue #5); the constructor on top is ours either way.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

# A key path inside a YAML document: ("location", 0, "city").
KeyPath = tuple[str | int, ...]

_DELIMITER = re.compile(r"^---[ \t]*$")
MAX_VALUES = 10_000  # far above any real posting; stops alias bombs


@dataclass
class Document:
    """A parsed YAML mapping with the line (1-based, in its file) of every key and value."""

    path: Path  # as shown in messages
    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[KeyPath, int] = field(default_factory=dict)
    raw: dict[KeyPath, str] = field(default_factory=dict)  # plain scalars as written
    start_line: int = 1  # where the mapping starts (for "missing field" messages)
    body: str = ""
    body_line: int = 1
    placeholders: set[str] = field(default_factory=set)  # top-level keys still holding `TODO …`

    def line(self, *key: str | int) -> int:
        """The line of a key, or of its nearest parent that has one."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.start_line


def read_text(path: Path, shown: Path, diags: Diagnostics, data: bytes | None = None) -> str | None:
    """Read a UTF-8 file (BOM and CRLF allowed) as text with "\\n" line ends.

    `data`: the file's bytes, when the caller has read them already.
    """
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            diags.error(shown, 1, f"cannot read the file: {exc.strerror or exc}")
            return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diags.error(
            shown, line, f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x})", "save it as UTF-8"
        )
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        diags.error(
            shown, line, "the file contains a NUL byte: is it a binary file?", "save it as UTF-8 text"
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, shown: Path, diags: Diagnostics) -> tuple[str, int, str, int] | None:
    """Split "---\\nyaml\\n---\\nbody" into (yaml, yaml's first line, body, body's first line)."""
    lines = text.split("\n")
    if not text.strip():
        diags.error(shown, 1, "the file is empty", "start it with front matter between two `---` lines")
        return None
    if not _DELIMITER.match(lines[0]):
        diags.error(
            shown,
            1,
            "no front matter: the file must start with a `---` line",
            "put the fields between two `---` lines at the top, e.g. `---` / `title: …` / `---`",
        )
        return None
    for index in range(1, len(lines)):
        if _DELIMITER.match(lines[index]):
            return "\n".join(lines[1:index]), 2, "\n".join(lines[index + 1 :]), index + 2
    diags.error(shown, 1, "the front matter is not closed", "add a `---` line after the last field")
    return None


def load_markdown(path: Path, shown: Path, diags: Diagnostics, data: bytes | None = None) -> Document | None:
    """Read a Markdown file with front matter into a Document, or report why not (`data`: its bytes)."""
    text = read_text(path, shown, diags, data)
    if text is None:
        return None
    parts = split_front_matter(text, shown, diags)
    if parts is None:
        return None
    front, front_line, body, body_line = parts
    document = parse_yaml(front, shown, diags, first_line=front_line, what="front matter")
    if document is None:
        return None
    document.body, document.body_line = body, body_line
    return document


def load_yaml_file(path: Path, shown: Path, diags: Diagnostics) -> Document | None:
    """Read a YAML file (site.yaml) into a Document, or report why not."""
    text = read_text(path, shown, diags)
    if text is None:
        return None
    return parse_yaml(text, shown, diags, first_line=1, what=shown.name)


def parse_yaml(text: str, shown: Path, diags: Diagnostics, first_line: int, what: str) -> Document | None:
    """Parse one YAML mapping, reporting syntax errors, duplicate keys and non-mapping documents."""
    offset = first_line - 1
    loader = _BaseLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        _report_syntax_error(exc, text, shown, offset, diags)
        return None
    except yaml.YAMLError as exc:
        diags.error(shown, first_line, f"invalid YAML in the {what}: {exc}")
        return None
    finally:
        loader.dispose()
    document = Document(path=shown, start_line=first_line)
    if node is None:
        diags.error(
            shown, first_line, f"the {what} is empty", "add the required fields as `key: value` lines"
        )
        return None
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        diags.error(
            shown,
            node.start_mark.line + 1 + offset,
            f"the {what} is {kind}, not a set of `key: value` fields",
            "write one `key: value` per line",
        )
        return None
    walker = _Walker(loader, document, offset, diags)
    document.data = walker.mapping(node, ())
    return document if walker.ok else None


_STR = "tag:yaml.org,2002:str"


class _Walker:
    """Turn a composed YAML node tree into Python values, noting lines and raw text."""

    def __init__(self, loader: Any, document: Document, offset: int, diags: Diagnostics) -> None:
        self.loader, self.document, self.offset, self.diags = loader, document, offset, diags
        self.ok = True
        self.visited = 0  # values built, aliases counted each time they are used
        self.open: set[int] = set()  # the collections being built, to catch an alias inside itself

    def value(self, node: yaml.Node, path: KeyPath) -> Any:
        line = node.start_mark.line + 1 + self.offset
        self.document.lines.setdefault(path, line)
        self.visited += 1
        if self.visited > MAX_VALUES:  # "billion laughs": a few nested aliases expand to 10**9 values
            if self.visited == MAX_VALUES + 1:
                self._fail(
                    line, f"the front matter expands to more than {MAX_VALUES} values", "remove the aliases"
                )
            return None
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            if id(node) in self.open:
                self._fail(
                    line, f"{dotted(path)}: an alias refers to the value that contains it", "remove it"
                )
                return None
            self.open.add(id(node))
            try:
                if isinstance(node, yaml.MappingNode):
                    return self.mapping(node, path)
                return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
            finally:
                self.open.discard(id(node))
        if not node.style:  # plain scalar: keep what was typed (`NO`, `00123`, `yes`)
            self.document.raw[path] = node.value
        if node.tag == _STR:  # most values: the text itself, what PyYAML's constructor returns
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except Exception as exc:  # a scalar that YAML cannot build is the user's mistake
            # e.g. `2026-13-45`: YAML takes it for a date and the calendar refuses it; or a
            # `!!bool maybe` / `!!float ''` tag PyYAML's constructors fail on in their own ways
            if node.tag.endswith(":timestamp"):
                problem = "is not a real date"
            elif isinstance(exc, yaml.constructor.ConstructorError):
                problem = f"has a tag YAML front matter cannot use ({node.tag})"
            else:
                problem = f"cannot be read as a {node.tag.rsplit(':', 1)[-1]}"
            self.diags.error(
                self.document.path,
                node.start_mark.line + 1 + self.offset,
                f"{dotted(path)}: `{node.value}` {problem}",
                "write dates as YYYY-MM-DD" if node.tag.endswith(":timestamp") else None,
            )
            self.ok = False
            return None

    def _fail(self, line: int, message: str, hint: str) -> None:
        self.diags.error(self.document.path, line, message, hint)
        self.ok = False

    def mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1 + self.offset
            if not isinstance(key_node, yaml.ScalarNode):
                self.diags.error(self.document.path, line, "a key must be a plain name")
                self.ok = False
                continue
            key = key_node.value
            if key == "<<":
                self.diags.error(self.document.path, line, "YAML merge keys (`<<`) are not supported")
                self.ok = False
                continue
            if key in result:
                first = self.document.lines[(*path, key)]
                self.diags.error(
                    self.document.path,
                    line,
                    f"duplicate key `{dotted((*path, key))}` (first given on line {first})",
                    "keep one of them",
                )
                self.ok = False
                continue
            self.document.lines[(*path, key)] = line
            result[key] = self.value(value_node, (*path, key))
        return result


def _report_syntax_error(
    exc: yaml.MarkedYAMLError, text: str, shown: Path, offset: int, diags: Diagnostics
) -> None:
    mark = exc.problem_mark or exc.context_mark
    line_no = (mark.line + 1) if mark else 1
    lines = text.split("\n")
    source_line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    problem = (exc.problem or "invalid YAML").strip()
    hint = None
    if "\t" in source_line or "'\\t'" in problem:
        problem = "a tab character; YAML indentation must use spaces"
        hint = "replace the tabs with spaces"
    elif "mapping values are not allowed" in problem:
        key = source_line.split(":", 1)[0].strip() or "the value"
        problem = f"a colon inside the value of `{key}`"
        hint = f'put the {key} in quotes: {key}: "{source_line.split(":", 1)[1].strip()}"'
    elif "end of stream" in problem:
        hint = "check for a quote or bracket that is opened and never closed"
    elif "could not find expected" in problem:
        hint = "each line should be `key: value`; check the line above for a missing colon or quote"
    diags.error(shown, line_no + offset, f"invalid YAML: {problem}", hint)


def dotted(path: KeyPath) -> str:
    """Show a key path the way users write it: `location[0].city`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
