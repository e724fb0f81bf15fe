"""The theme's texts in the site's language: gettext catalogs read with Babel, `strings:` over them.

The theme's catalogs are `locale/<language>/LC_MESSAGES/messages.po` beside its templates (a
project may add or override one like any theme file); `locale/messages.pot` lists every text
the theme shows. English is the source language: its texts are the message ids. The `.po`
files are compiled in memory when a build starts (Babel's read_po and write_mo), so nothing
binary is committed. docs/templates.md has the commands that extract, update and check them.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from careersite import overrides

TEMPLATE = "locale/messages.pot"
SOURCE_LANGUAGE = "en"


def catalog_path(templates_dir: Path, language: str) -> Path | None:
    """The catalog for a BCP 47 tag (`de-AT` falls back to `de`); None for English or none shipped."""
    tag = language.replace("-", "_")
    candidates = [tag, tag.split("_")[0]] if "_" in tag else [tag]
    for candidate in candidates:
        found = overrides.find(templates_dir, f"locale/{candidate}/LC_MESSAGES/messages.po")
        if found is not None:
            return found
    return None


def has_texts(templates_dir: Path, language: str) -> bool:
    """Whether the theme speaks the language (English always)."""
    return (
        language.split("-")[0].lower() == SOURCE_LANGUAGE or catalog_path(templates_dir, language) is not None
    )


@functools.cache
def message_ids(templates_dir: Path) -> frozenset[str]:
    """Every text the theme shows (singular ids: what `strings:` may override)."""
    path = overrides.find(templates_dir, TEMPLATE)
    if path is None:
        return frozenset()
    with path.open("rb") as stream:
        catalog = read_po(stream)
    return frozenset(
        message.id if isinstance(message.id, str) else message.id[0] for message in catalog if message.id
    )


class Texts:
    """gettext and ngettext for the theme: the site's `strings:`, else its language's catalog."""

    def __init__(self, templates_dir: Path, language: str, strings: Mapping[str, str]) -> None:
        self._translations = _translations(catalog_path(templates_dir, language), language)
        self._strings = dict(strings)

    def gettext(self, message: str) -> str:
        """A text in the site's language."""
        return self._strings.get(message) or self._translations.ugettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """A text with a count in the site's language (its plural rules: one, few, many…)."""
        if singular in self._strings:
            return self._strings[singular]
        return self._translations.ungettext(singular, plural, count)


@functools.cache
def _translations(path: Path | None, language: str) -> NullTranslations:
    if path is None:
        return NullTranslations()
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=language.replace("-", "_").split("_")[0])
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)
