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
from collections.abc import Iterator, Mapping
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from jinja2 import Environment
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

from careersite import keys, overrides

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
        catalog = catalog_path(templates_dir, language)
        self._translations = _translations(catalog, language)
        self._strings = dict(strings)
        # What every text depends on: templates compiled with FoldedTexts are kept under it.
        self.fingerprint = keys.digest(
            language, repr(sorted(self._strings.items())), catalog.read_bytes() if catalog else b""
        )

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


_FOLDED = ("variable_begin", "name", "lparen", "string", "rparen", "variable_end")


class FoldedTexts(Extension):
    """`{{ _("Copy link") }}`, a literal text alone in its expression, translated once when the
    template is compiled instead of on every page (a call costs about 4 µs; a page has twenty).

    The output is the same bytes: the i18n extension's newstyle gettext marks a translation safe
    and formats it with no variables, which is what the folded text is. A text with variables, a
    computed one, `ngettext` and `{% trans %}` blocks are left to the i18n extension. Templates
    compiled so depend on the site's texts: the bytecode cache keeps them under Texts.fingerprint.
    """

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.extend(folded_texts=None)  # the Texts to fold with; None folds nothing

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        texts: Texts | None = getattr(self.environment, "folded_texts", None)
        tokens = list(stream)
        index = 0
        while index < len(tokens):
            window = tokens[index : index + len(_FOLDED)]
            folded = _folded(window, texts) if texts is not None else None
            if folded is None:
                yield tokens[index]
                index += 1
            else:
                yield Token(window[0].lineno, "data", folded)
                index += len(_FOLDED)


def _folded(window: list[Token], texts: Texts) -> str | None:
    """The text `{{ _("…") }}` shows, when `window` is that expression; else None."""
    if tuple(token.type for token in window) != _FOLDED or window[1].value not in ("_", "gettext"):
        return None
    try:
        return texts.gettext(window[3].value) % {}  # as newstyle gettext formats it: "%%" is "%"
    except (TypeError, ValueError, KeyError):  # a stray "%": the i18n extension reports it at run time
        return None
