"""Slugs: the URL names of postings, departments and pages."""

from __future__ import annotations

import re
import unicodedata

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 80


def slugify(text: str) -> str:
    """Make a slug of any text: `TTS-Deputy Director` -> `tts-deputy-director` (accents transliterated)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0] or slug[:MAX_SLUG_LENGTH]
    return slug


def is_slug(text: str) -> bool:
    """Tell whether text is a valid slug per SPEC (`[a-z0-9]+(-[a-z0-9]+)*`, at most 80 characters)."""
    return len(text) <= MAX_SLUG_LENGTH and bool(SLUG_PATTERN.match(text))
