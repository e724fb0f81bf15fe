"""Markdown bodies -> sanitized HTML, and plain text and summaries from that HTML.

SPEC "The body": Python-Markdown with tables, fenced code, attribute lists and
heading ids; headings shifted under the page's one h1; raw HTML kept after
sanitizing. A body is never a template: nothing here (or downstream) evaluates
``{{ x }}``, it is plain text to Markdown and to the sanitizer.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import lru_cache
from html import unescape as unescape_entities

import markdown
import nh3
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import (
    TocExtension,
    TocTreeprocessor,
    remove_fnrefs,
    render_inner_html,
    slugify,
    slugify_unicode,
    strip_tags,
    unique,
)
from markupsafe import Markup

# What makes a heading's text more than plain text to toc: entities, markup, stashed HTML.
_MARKUP = re.compile("[&<>\x02\x03]")


def _heading_slug(value: str, separator: str) -> str:
    """Slug a heading as ASCII ("role-overview"), falling back to Unicode for non-Latin text."""
    return slugify(value, separator) or slugify_unicode(value, separator)


class _HeadingIds(TocTreeprocessor):
    """toc's heading ids, without the table of contents that no page shows.

    The stock processor also builds, serializes and places a table of contents for every
    document: 12% of converting a posting. A body without toc's ``[TOC]`` marker gets only
    what the stock run leaves in it, the same ids made the same way; a body with the
    marker (anywhere: the check is wider than toc's) gets the stock run.
    """

    def run(self, doc: etree.Element) -> None:
        used_ids: set[str] = set()
        headings = []
        for el in doc.iter():
            if el.text and len(el) == 0 and el.text.strip() == self.marker:
                super().run(doc)
                return
            if "id" in el.attrib:
                used_ids.add(el.attrib["id"])
            if isinstance(el.tag, str) and self.header_rgx.match(el.tag):
                headings.append(el)
        for el in headings:
            self.set_level(el)
            if "id" not in el.attrib:
                el.attrib["id"] = unique(self.slugify(unescape_entities(self._name(el)), self.sep), used_ids)
            el.attrib.pop("data-toc-label", None)

    def _name(self, heading: etree.Element) -> str:
        """The heading's text as toc names it: rendered, run through the postprocessors, tags stripped."""
        text = heading.text or ""
        values = (text, *(value for value in heading.attrib.values() if value))  # None: a bare attribute
        plain = len(heading) == 0 and not any(map(_MARKUP.search, values))
        if plain:  # those steps leave plain text as it is (an escaped `\>` in an attribute is not)
            return " ".join(text.split())
        return strip_tags(render_inner_html(remove_fnrefs(heading), self.md))


class _HeadingIdsExtension(TocExtension):
    TreeProcessorClass = _HeadingIds


# One instance per process, reset between documents: building the extension
# pipeline costs far more than converting one posting (10,000 postings per build).
# Not thread-safe; the build renders bodies in one thread per process. Extensions are given
# as objects: by name, Python-Markdown scans every installed package's entry points (30 ms).
_MARKDOWN = markdown.Markdown(
    extensions=[
        TableExtension(), FencedCodeExtension(), AttrListExtension(),
        _HeadingIdsExtension(slugify=_heading_slug), SaneListExtension(),
    ],
    output_format="html",
)  # fmt: skip
# The inline processor looks each pattern up in a Registry, which re-checks its order, for
# every pattern tried on every run of text: 660 lookups a posting, 5% of converting it. The
# registry is complete once the instance is built, so the processor gets it as a list (as
# Python-Markdown's own smarty extension hands the processor its patterns).
_MARKDOWN.treeprocessors["inline"].inlinePatterns = list(_MARKDOWN.inlinePatterns)


_HEADINGS = {f"h{level}" for level in range(1, 7)}
_TABLE_CELL_ALIGN = {"style": {f"text-align: {side};" for side in ("left", "center", "right")}}

# Allow-list for nh3 (ammonia). Anything else is dropped: <script>/<style> with
# their content, other tags keeping their text. Event handlers, style (except the
# exact alignment Python-Markdown writes on table cells), class and form
# attributes never pass. Relative URLs pass; absolute ones need an allowed scheme,
# checked after entity decoding, so "jav&#x61;script:" is caught too.
_TAGS = _HEADINGS | {
    "p", "br", "hr", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code",
    "strong", "em", "b", "i", "del", "s", "sup", "sub", "mark", "small", "abbr", "span",
    "a", "img", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
}  # fmt: skip
_ATTRIBUTES = {
    **{heading: {"id"} for heading in _HEADINGS},
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Built once, like the Markdown instance: nh3.clean() would turn the sets above into Rust
# ones for every body.
_SANITIZER = nh3.Cleaner(
    tags=_TAGS,
    attributes=_ATTRIBUTES,
    tag_attribute_values={"th": _TABLE_CELL_ALIGN, "td": _TABLE_CELL_ALIGN},
    url_schemes=_URL_SCHEMES,
    # No target attribute is allowed, so "noopener" has nothing to guard, and
    # "noreferrer" would hide the careers site from the pages it links to.
    link_rel=None,
)

_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


# A posting's body is rendered for its page and for its summary: render it once.
@lru_cache(maxsize=8)
def render_markdown(text: str) -> Markup:
    """Render a Markdown body to sanitized HTML, headings shifted below the page's h1."""
    converted = _MARKDOWN.reset().convert(text)
    return Markup(_shift_headings(_SANITIZER.clean(converted)))  # the one place body HTML becomes Markup


def _shift_headings(html: str) -> str:
    """Renumber headings so the outermost is h2 and no level is skipped.

    Runs on sanitized HTML, where every "<" outside a tag is escaped (text and
    attribute values alike), so a tag match is always a real tag; raw HTML
    headings in a body are renumbered with the Markdown ones.
    """
    open_levels: list[tuple[int, int]] = []  # (level written, level output), outermost first

    def renumber(match: re.Match[str]) -> str:
        slash, level = match.group(1), int(match.group(2))
        if slash:  # headings never nest in parsed HTML: this closes the last one opened
            return f"</h{open_levels[-1][1] if open_levels else level}"
        while open_levels and open_levels[-1][0] >= level:
            open_levels.pop()
        output = min(open_levels[-1][1] + 1 if open_levels else 2, 6)
        open_levels.append((level, output))
        return f"<h{output}"

    return _HEADING_TAG.sub(renumber, html)


# A tag of sanitized HTML: nh3 writes every attribute value in double quotes, in which a ">" may
# stand; outside tags and attribute values, "<" and ">" are always escaped.
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"]|"[^"]*")*>')
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"})


def _first_paragraph(html: str) -> str:
    """The text of the first top-level <p> of sanitized HTML (tags dropped, entities decoded)."""
    depth, start = 0, None
    for tag in _TAG.finditer(html):
        closing, name = tag.group(1), tag.group(2).lower()
        if name in _VOID:
            continue
        if closing:
            depth = max(depth - 1, 0)
            if depth == 0 and start is not None:
                return unescape_entities(_TAG.sub("", html[start : tag.start()]))
        else:
            if depth == 0 and name == "p":
                start = tag.end()
            depth += 1
    return ""


def _collapse(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=8)  # asked for twice a posting: its page's description and the listing's summary
def summarize(html: str, limit: int = 160) -> str:
    """Return the first paragraph of rendered HTML as plain text, cut at a word near ``limit``.

    The result is at most ``limit`` characters, ending in "…" when it was cut;
    empty when the HTML has no top-level paragraph.
    """
    text = _collapse(_first_paragraph(html))
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1].isalnum() and " " in cut:  # the cut splits a word: drop its start
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-\u2013\u2014") + "…"
