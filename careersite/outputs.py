"""The outputs registry: every file a build makes, declared once, with the function that renders it.

Two kinds (STYLE "Outputs in a table"):

- a PostingOutput is made from one posting alone (its page, its alias redirects), in the
  worker that parsed it; its files are cached with the posting's entry;
- an Aggregate gathers postings (the listing, the department pages, the feed, jobs.json…).
  When it shows something of each posting, it names a Piece: rendered with the posting's
  page, stored with its card (by name), and joined by the aggregate, so that an edit that
  leaves a posting's pieces as they were never makes an aggregate again.

Adding an output is one entry here plus the function that renders it (docs/architecture.md
has a worked example). The cache's layout follows from this table: pieces are stored by name,
and this file is part of the code key, so a changed table starts every cache afresh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from markupsafe import Markup

from careersite import banded_png, cms, feeds, hosting, indeed, pages, share, structured
from careersite.dates import State
from careersite.model import Card, Page, Posting, Site
from careersite.render import Renderer

File = tuple[str, bytes | Iterator[bytes]]  # a path in the output folder, its bytes whole or in chunks


@dataclass(frozen=True)
class PostingOutput:
    """Files one posting makes, in every state whose page is published (open, closed, a draft preview)."""

    name: str
    # (renderer, posting, state, body HTML) -> files; None when a template failed (it is reported)
    render: Callable[[Renderer, Posting, State, Markup], list[tuple[str, bytes]] | None]
    # For an output dear to make from little of the posting (its share image): its one file's path
    # and the key of what it shows, None when it makes nothing. The file is kept in the cache under
    # that key, so that a posting edited elsewhere (its body, its dates) takes it from there
    # instead; `intact` tells whether bytes read back from there are whole.
    memo_file: Callable[[Renderer, Posting, State], tuple[str, str] | None] | None = None
    intact: Callable[[bytes], bool] = bool


class Memo(Protocol):
    """Where the files of memoized outputs are kept between builds (posting_build's, per worker)."""

    def recall(self, key: str, path: str, intact: Callable[[bytes], bool]) -> bytes | None: ...
    def keep(self, key: str, path: str, data: bytes) -> None: ...


@dataclass(frozen=True)
class Piece:
    """A listed posting's share of an aggregate output, rendered with its page."""

    name: str
    # (renderer, posting, state, summary, body HTML) -> bytes; None when a template failed (reported)
    render: Callable[[Renderer, Posting, State, str, Markup], bytes | None]


@dataclass(frozen=True)
class Gathered:
    """What an aggregate output is made from."""

    renderer: Renderer
    site: Site
    pages: tuple[Page, ...]  # the free pages published (drafts only in a --drafts preview)
    listed: Sequence[Card]  # the listed postings' cards (open, and drafts in a preview), by title
    states: Mapping[str, State]  # of each listed posting, by slug
    today: dt.date

    @property
    def open_cards(self) -> list[Card]:
        """The open postings: what feeds, the sitemap and jobs.json carry."""
        return [card for card in self.listed if self.states[card.slug] is State.OPEN]


@dataclass(frozen=True)
class Aggregate:
    """Files made from every listed posting, or from none (robots.txt, 404.html, assets)."""

    name: str
    render: Callable[[Gathered], Iterable[File]]
    piece: Piece | None = None


def _listing(g: Gathered) -> Iterable[File]:
    return pages.listing_page(g.renderer, g.listed, g.states)


def _department_pages(g: Gathered) -> Iterable[File]:
    return pages.department_pages(g.renderer, g.listed, g.states)


def _free_pages(g: Gathered) -> Iterable[File]:
    return (file for page in g.pages for file in pages.free_page(g.renderer, page))


def _sitemap(g: Gathered) -> Iterable[File]:
    return [("sitemap.xml", feeds.sitemap_xml(feeds.sitemap_entries(g.site, g.pages, g.open_cards)))]


def _feed(g: Gathered) -> Iterable[File]:
    return [("feed.xml", feeds.atom_feed(g.site, g.open_cards, g.today))]


def _feed_entry(renderer: Renderer, posting: Posting, state: State, summary: str, body: Markup) -> bytes:
    return feeds.feed_item(posting, summary, renderer.site)


def _indexnow_key(g: Gathered) -> Iterable[File]:
    # IndexNow checks that whoever pings owns the site by fetching <key>.txt at its root (`notify`)
    key = g.site.notify.indexnow_key
    return [(f"{key}.txt", key.encode())] if key else []


def _jobs_json(g: Gathered) -> Iterable[File]:
    return [("jobs.json", structured.jobs_json(g.open_cards, g.site))]


def _jobs_entry(renderer: Renderer, posting: Posting, state: State, summary: str, body: Markup) -> bytes:
    return structured.jobs_entry(posting, renderer.site, summary)


POSTING_OUTPUTS = (
    PostingOutput("posting page", pages.posting_page),
    PostingOutput("alias redirects", pages.alias_pages),
    PostingOutput("share image", share.share_files, memo_file=share.memo_file, intact=banded_png.intact),
)

AGGREGATES = (
    Aggregate("listing", _listing, Piece("row", pages.listing_row)),
    Aggregate("department pages", _department_pages, Piece("department_row", pages.department_row)),
    Aggregate("free pages", _free_pages),
    Aggregate("404 page", lambda g: pages.not_found_page(g.renderer)),
    Aggregate("assets", lambda g: g.renderer.assets()),
    Aggregate("sitemap", _sitemap),
    Aggregate("robots.txt", lambda g: [("robots.txt", feeds.robots_txt(g.site))]),
    Aggregate("_headers", lambda g: [("_headers", hosting.headers_file(g.site.base_path))]),
    Aggregate("Atom feed", _feed, Piece("feed_entry", _feed_entry)),
    Aggregate("jobs.json", _jobs_json, Piece("jobs_entry", _jobs_entry)),
    Aggregate(
        "Indeed feed",
        lambda g: indeed.feed(g.site, g.open_cards, g.today),
        Piece(
            indeed.NAME,
            lambda renderer, posting, state, summary, body: indeed.job_element(posting, renderer.site, body),
        ),
    ),
    Aggregate("IndexNow key", _indexnow_key),
    Aggregate("jobs.json schema", lambda g: [("jobs.schema.json", structured.JOBS_SCHEMA_PATH.read_bytes())]),
    Aggregate("browser editor", lambda g: cms.admin_files(g.site, g.listed)),  # with site.yaml `cms:`
)


def pieces() -> tuple[Piece, ...]:
    """Every aggregate's piece, in the registry's order."""
    return tuple(aggregate.piece for aggregate in AGGREGATES if aggregate.piece is not None)


def piece_names() -> tuple[str, ...]:
    """The names pieces are stored under."""
    return tuple(piece.name for piece in pieces())


def posting_files(
    renderer: Renderer, posting: Posting, state: State, body: Markup, memo: Memo | None = None
) -> list[tuple[str, bytes]]:
    """Every file of one posting; none when any failed (the template mistake is reported)."""
    files: list[tuple[str, bytes]] = []
    for output in POSTING_OUTPUTS:
        memoized = output.memo_file(renderer, posting, state) if output.memo_file and memo else None
        path, key = memoized or ("", "")  # its one file, and what it shows
        if memo and key and (data := memo.recall(key, path, output.intact)) is not None:
            files.append((path, data))
            continue
        made = output.render(renderer, posting, state, body)
        if made is None:
            return []
        if memo and key and [name for name, _ in made] == [path]:
            memo.keep(key, path, made[0][1])
        files += made
    return files


def posting_pieces(
    renderer: Renderer, posting: Posting, state: State, summary: str, body: Markup
) -> dict[str, bytes] | None:
    """A listed posting's pieces by name; None when one could not be rendered (it is reported)."""
    made = {}
    for piece in pieces():
        data = piece.render(renderer, posting, state, summary, body)
        if data is None:
            return None
        made[piece.name] = data
    return made
