"""Slugs from file names and titles (SPEC: `TTS-Deputy Director.md` -> `tts-deputy-director`)."""

from __future__ import annotations

import pytest

from careersite.slugs import is_slug, slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("TTS-Deputy Director", "tts-deputy-director"),
        ("Senior Backend Engineer - Fintech", "senior-backend-engineer-fintech"),
        ("Développeur Zürich", "developpeur-zurich"),
        ("Straße", "strasse"),
        ("Data–Engineer", "data-engineer"),
        ("C++ / Go  Engineer", "c-go-engineer"),
        ("日本語 Engineer", "engineer"),
        ("日本語", ""),
        ("  --Lead--  ", "lead"),
        ("word " * 30, "-".join(["word"] * 16)),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert slug == "" or is_slug(slug)


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("senior-engineer", True),
        ("a1", True),
        ("Senior", False),
        ("a--b", False),
        ("-a", False),
        ("a" * 81, False),
    ],
)
def test_is_slug(text: str, valid: bool) -> None:
    assert is_slug(text) is valid
