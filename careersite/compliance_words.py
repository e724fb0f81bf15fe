"""The words the pay-transparency checks look for (compliance_words.yaml): gender-coded job titles
with neutral ones to suggest, and the headings a benefits section goes by."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

WORDS_PATH = Path(__file__).with_name("compliance_words.yaml")
ENGLISH = "en"


@dataclass(frozen=True)
class Words:
    coded: dict[str, tuple[tuple[re.Pattern[str], str, str], ...]]  # language -> (pattern, word, neutral)
    all_genders: tuple[str, ...]  # lower case
    one_gender: tuple[tuple[str, str], ...]  # (marker, lower case; what to write instead)
    benefits: tuple[re.Pattern[str], ...]


@functools.cache
def words() -> Words:
    """The word list, compiled once."""
    data = yaml.load(
        WORDS_PATH.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    )
    coded = {
        language: tuple(
            sorted(
                ((_pattern(word), word.lstrip("-"), str(neutral)) for word, neutral in table.items()),
                key=lambda item: -len(item[1]),  # "-kaufmann" before a shorter ending
            )
        )
        for language, table in data["gender_coded_titles"].items()
    }
    return Words(
        coded=coded,
        all_genders=tuple(marker.casefold() for marker in data["all_gender_markers"]),
        one_gender=tuple(
            (marker.casefold(), neutral) for marker, neutral in data["one_gender_markers"].items()
        ),
        benefits=tuple(_phrase(heading) for heading in data["benefits_headings"]),
    )


def _pattern(word: str) -> re.Pattern[str]:
    """A whole word; "-word" also at the end of a compound ("-kaufmann": "Industriekaufmann")."""
    stem = re.escape(word.lstrip("-"))
    start = r"(?<![^\W\d_])" if not word.startswith("-") else r"(?<![^\W\d_])[^\W\d_]*"
    return re.compile(rf"{start}{stem}(?![^\W\d_])", re.IGNORECASE)


def _phrase(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)


def coded_words(title: str, language: str) -> list[tuple[str, str]]:
    """The gender-coded words of a title, in English and the site's language, with a neutral form."""
    table, lowered = words(), title.casefold()
    found: list[tuple[str, str]] = []
    for marker, neutral in table.one_gender:
        if marker in lowered:
            found.append((marker, f"{title[: lowered.index(marker)].rstrip()} {neutral}"))
    if any(marker in lowered for marker in table.all_genders):
        return found
    languages = dict.fromkeys((ENGLISH, language.split("-")[0].lower()))
    taken: list[tuple[int, int]] = []
    for code in languages:
        for pattern, word, neutral in table.coded.get(code, ()):
            # "Sprzedawca / sprzedawczyni" carries its suggestion: both forms are there.
            both = word.casefold() in neutral.casefold() and neutral.casefold() in lowered
            for match in pattern.finditer(title):
                overlaps = any(start < match.end() and match.start() < end for start, end in taken)
                if not overlaps and not both:
                    taken.append(match.span())
                    found.append((match.group(), neutral))
    return found


def is_benefits_heading(heading: str) -> bool:
    """Whether a heading's text names a benefits section ("Benefits", "What we offer", "Leistungen")."""
    return any(pattern.search(heading) for pattern in words().benefits)
