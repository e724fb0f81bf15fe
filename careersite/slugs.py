"""Slugs: the URL names of postings, departments and pages."""

from __future__ import annotations

import re
import unicodedata

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 80


def slugify(text: str) -> str:
    """Make a slug of any text: `TTS-Deputy Director` -> `tts-deputy-director` (accents transliterated)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())  # casefold: "Straße" -> "strasse"
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    slug = re.sub(r"[^a-z0-9]+", "-", bare).strip("-")  # any other character separates words
    if len(slug) > MAX_SLUG_LENGTH:
        cut = slug[:MAX_SLUG_LENGTH]
        if slug[MAX_SLUG_LENGTH] != "-" and "-" in cut:  # do not keep half a word
            cut = cut.rsplit("-", 1)[0]
        slug = cut.strip("-")
    return slug


def is_slug(text: str) -> bool:
    """Tell whether text is a valid slug per SPEC (`[a-z0-9]+(-[a-z0-9]+)*`, at most 80 characters)."""
    return len(text) <= MAX_SLUG_LENGTH and bool(SLUG_PATTERN.match(text))
