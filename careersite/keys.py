"""Cache keys: one function for every key, and the digest of the code that shapes every output.

Every key a build stores or compares (the head's, the parse and render environments, each
posting's render and card keys, the aggregate pages', the build's) is made by key(), which
puts the code key first: a digest of careersite's own source files, the Python version and the
versions of every library that shapes output bytes. So a new nh3 (a sanitizer fix), a new
Markdown or an edited careersite module can never publish what the old one rendered
(SPEC "Incremental builds (clarified)"). docs/architecture.md lists what each key covers.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.util
import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a build where nothing changed imports neither
    from careersite.inputs import Inputs
    from careersite.model import Card, Site

# Import names of the libraries whose versions shape what a build writes, with their
# distribution names. One added later (Pillow for share images) goes here too.
LIBRARIES = {
    "jinja2": "Jinja2",
    "markupsafe": "MarkupSafe",
    "markdown": "Markdown",
    "nh3": "nh3",
    "babel": "Babel",
    "yaml": "PyYAML",
    "PIL": "Pillow",  # share images: the same text drawn by another Pillow may differ
    "fontpkg_noto_sans": "fontpkg-noto-sans",
    "fontpkg_noto_sans_devanagari": "fontpkg-noto-sans-devanagari",
    "fontpkg_noto_sans_arabic": "fontpkg-noto-sans-arabic",
}
PACKAGE_DIR = Path(__file__).resolve().parent
_SOURCE_SUFFIXES = (".py", ".json", ".yaml")  # .yaml: the pay-transparency rules and words
_KEY_BYTES = 16  # a key is 16 bytes, written in hex
_KEY_MASK = (1 << 8 * _KEY_BYTES) - 1


def digest(*parts: bytes | str) -> str:
    """Hash some bytes or text into a short hex key (no code key: for checks, not for memo keys)."""
    hasher = hashlib.blake2b(digest_size=_KEY_BYTES)
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\x00")
    return hasher.hexdigest()


def key(*parts: bytes | str) -> str:
    """The key of some work: the code key, then everything the work read."""
    return digest(code_key(), *parts)


@functools.cache
def code_key() -> str:
    """A digest of careersite's source files, the Python version and the output-shaping libraries'
    versions: computed once per process (about 2 ms), without importing any of those libraries."""
    return digest(*code_inputs())


def code_inputs() -> list[str | bytes]:
    """What the code key digests, in order (tests look at it)."""
    parts: list[str | bytes] = [sys.version]
    for path in sorted(PACKAGE_DIR.iterdir()):
        if path.suffix in _SOURCE_SUFFIXES and path.is_file():
            parts += [path.name, path.read_bytes()]
    parts += [f"{name}=={version}" for name, version in library_versions().items()]
    return parts


def library_versions() -> dict[str, str]:
    """The installed version of each of LIBRARIES, read from its dist-info folder's name.

    importlib.metadata would take 30 ms to import and scan: a tenth of a build where nothing
    changed. A library installed without a dist-info folder is named by its files' stamps.
    """
    versions = {}
    for module, distribution in LIBRARIES.items():
        spec = importlib.util.find_spec(module)
        origin = spec.origin if spec is not None else None
        if origin is None:
            versions[distribution] = "missing"
            continue
        folder = os.path.dirname(os.path.dirname(origin))
        version = _dist_info_versions(folder).get(_normalized(distribution))
        if version is None:
            stat = os.stat(origin)
            version = f"{origin}:{stat.st_mtime_ns}:{stat.st_size}"
        versions[distribution] = version
    return versions


_DIST_INFO = re.compile(r"(?P<name>[^-]+)-(?P<version>[^-]+)\.dist-info")


@functools.cache
def _dist_info_versions(folder: str) -> dict[str, str]:
    try:
        names = os.listdir(folder)
    except OSError:
        return {}
    found = {}
    for name in names:
        if match := _DIST_INFO.fullmatch(name):
            found[_normalized(match["name"])] = match["version"]
    return found


def _normalized(distribution: str) -> str:
    """A distribution's name as dist-info folders may spell it (PEP 503 and wheel's escaping)."""
    return re.sub(r"[-_.]+", "_", distribution).lower()


# -- the keys of the stages (docs/architecture.md, "Keys") -----------------------------------------


def slot(out_dir: str, base_url: str | None, drafts: bool) -> str:
    """The cache slot of a kind of build: its output folder (resolved) and the options that change
    every page. Not a memo key: what a slot holds is stamped with the code key."""
    return digest(out_dir, repr((base_url, drafts)))[:12]


def head_key(inputs: Inputs, out_dir: str, base_url: str | None, drafts: bool, today: dt.date) -> str:
    """Of everything a build reads but the postings' bytes, as bytes (no parsing): site.yaml, the
    templates, the pages, the static files' stamps, the options, the day, the postings' names."""
    return key(
        "head", inputs.site_yaml, repr((base_url, drafts)), today.isoformat(), out_dir,
        *(f"{name}\n".encode() + data for name, data in inputs.templates), *inputs.pages,
        repr([(file.name, file.stamp) for file in inputs.static]),
        "\n".join(source for _, source in inputs.job_files),
    )  # fmt: skip


def environments(inputs: Inputs, drafts: bool, site: Site) -> tuple[str, str]:
    """The parse environment (site.yaml: currency, timezone) and the render environment (the site as
    loaded, with --base-url; the templates; the pages; --drafts): what every posting's parse and
    every posting's rendering depend on besides the posting itself."""
    parse = key("parse", inputs.site_yaml)
    render = key("render", parse, repr(drafts), repr(site), *(name for name, _ in inputs.templates),
                 *(data for _, data in inputs.templates), *inputs.pages)  # fmt: skip
    return parse, render


def body_key(text: str) -> str:
    """Of a posting's body as HTML: its Markdown (Markdown's and nh3's versions are in the code key)."""
    return key("body", text)


def render_key(content_hash: str, state: str, render_environment: str, shown_name: str) -> str:
    """Of a posting's own outputs and pieces: its bytes, its state, the render environment, and its
    file's name (the build key adds up render keys, which must not trade places unseen)."""
    return key("posting", content_hash, state, render_environment, shown_name.rpartition("/")[2])


def card_key(card: Card) -> str:
    """Of everything the aggregate outputs take from a card (its pieces in memory). Not its source:
    the key ends up in the manifest, the same wherever the project lives."""
    pieces: Mapping[str, bytes] = card.pieces or {}
    named = (part for name in sorted(pieces) for part in (name, pieces[name]))
    return key("card", repr(card._replace(source="", pieces=None)), *named)


def line(source: str, card_key: str | None, state: str | None) -> str:
    """What a posting gives the aggregate key: its file's name (not path: the key must not depend
    on where the project lives), its card's key and its state."""
    return f"{source.rpartition('/')[2]}:{card_key}:{state or ''}"


def aggregate_key(render_environment: str, today: dt.date, lines: Iterable[str], inputs: Inputs) -> str:
    """Of the aggregate outputs: the render environment, the day, every posting's line, and the
    static files (their names and bytes, which the aggregate stage checks and copies)."""
    static = (f"{file.name}:{file.digest()}" for file in inputs.static)
    return key("aggregate", render_environment, today.isoformat(), *lines, *static)


def build_key(aggregate_key: str, render_sum: int) -> str:
    """Of a whole build, written into its manifest: the aggregate key and the sum of every
    posting's render key (key_sum)."""
    return key("build", aggregate_key, f"{render_sum:032x}")


# -- packed keys: a head holds 10k of them ----------------------------------------------------------


def key_sum(keys: Iterable[str]) -> int:
    """Add up hex keys (modulo 2**128): a key of them all that one key's change updates cheaply."""
    return sum(int(key, 16) for key in keys if key) & _KEY_MASK


def pack_keys(keys: Iterable[str]) -> bytes:
    """Hex keys as one string of bytes, _KEY_BYTES each (zeros for a missing key)."""
    return b"".join(bytes.fromhex(key) if key else bytes(_KEY_BYTES) for key in keys)


def pack_digests(texts: Iterable[str]) -> bytes:
    """A digest of each text, packed like pack_keys()."""
    return b"".join(hashlib.blake2b(text.encode(), digest_size=_KEY_BYTES).digest() for text in texts)


def packed_at(packed: bytes | bytearray, index: int) -> bytes:
    """The index-th key (or digest) of a packed string of them."""
    return bytes(packed[index * _KEY_BYTES : (index + 1) * _KEY_BYTES])


def swap_key(packed: bytearray, index: int, new_key: str, total: int) -> int:
    """Put a hex key at index of packed keys; return their key_sum, given the one before."""
    old, new = packed_at(packed, index), pack_keys([new_key])
    packed[index * _KEY_BYTES : (index + 1) * _KEY_BYTES] = new
    return (total - int.from_bytes(old) + int.from_bytes(new)) & _KEY_MASK
