"""Read, validate and render posting files, spread over worker processes.

Each worker parses its share of content/jobs, renders the pages of the postings it parsed
and spools them straight into the staging folder; only small results (the posting without
its body, its diagnostics, summary and output paths) travel back. Output bytes never depend
on which worker rendered what, so the site is the same whatever the scheduling.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careersite.cache import Entry, card_key, digest, read_body, store_body, store_card
from careersite.dates import State, posting_state
from careersite.diagnostics import Diagnostics
from careersite.model import Card, Content, Page, Site
from careersite.postings import load_posting

if TYPE_CHECKING:
    from markupsafe import Markup

    from careersite.render import Renderer

# Below this many files, starting processes costs more than it saves.
PARALLEL_THRESHOLD = 48
CHUNK = 32


@dataclass(frozen=True)
class RenderJob:
    """Everything a worker needs, shared with it by fork."""

    site: Site
    pages: tuple[Page, ...]
    templates_dir: Path
    today: dt.date
    drafts: bool
    render_environment: str
    staging_root: Path | None  # None for `check`: render in memory, write nothing
    bytecode_dir: Path | None = None  # compiled templates kept between builds
    cards_file: str | None = None  # where the cards and their pieces go in the cache (None: in memory)
    bodies: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # rendered before

    @property
    def rendered_states(self) -> set[State]:
        """The states whose posting pages exist on the site."""
        return {State.OPEN, State.CLOSED} | ({State.DRAFT} if self.drafts else set())

    @property
    def listed_states(self) -> set[State]:
        """The states whose postings the listing shows."""
        return {State.OPEN} | ({State.DRAFT} if self.drafts else set())


_job: RenderJob | None = None
_renderer = None


def process_files(
    job: RenderJob,
    files: Sequence[tuple[str, str]],
    on_progress: Callable[[int], None] | None = None,
    renderer: Renderer | None = None,
) -> list[Entry]:
    """Parse and render (path, shown path) posting files; results in the order of files.

    `renderer`, when the caller already has one for this job, saves compiling the templates
    again (and is inherited by the worker processes).
    """
    global _job, _renderer
    _job, _renderer = job, renderer
    chunks = [files[i : i + CHUNK] for i in range(0, len(files), CHUNK)]
    results: list[Entry] = []
    workers = min(os.cpu_count() or 1, max(1, len(chunks)))
    if len(files) < PARALLEL_THRESHOLD or workers == 1 or not hasattr(os, "fork"):
        stream: Iterator[list[Entry]] = map(_process_chunk, chunks)
        for entries in stream:
            results.extend(entries)
            if on_progress:
                on_progress(len(entries))
        return results
    import multiprocessing  # 9 ms: a rebuild of a few postings starts no process

    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for entries in pool.imap(_process_chunk, chunks):
            results.extend(entries)
            if on_progress:
                on_progress(len(entries))
    return results


def _process_chunk(files: Sequence[tuple[str, str]]) -> list[Entry]:
    return [_process_file(path, shown) for path, shown in files]


def _process_file(name: str, shown_name: str) -> Entry:
    assert _job is not None
    job = _job
    path, shown = Path(name), Path(shown_name)
    diags = Diagnostics()
    try:
        stat = path.stat()
        data = path.read_bytes()
    except OSError as exc:
        diags.error(shown, 1, f"cannot read the file: {exc.strerror or exc}")
        return Entry((0, 0), "", diags.items)
    fingerprint = (stat.st_mtime_ns, stat.st_size)
    content_hash = digest(data)
    posting = load_posting(path, shown, job.site, diags, data)  # the bytes hashed, not a second read
    if posting is None or diags.has_errors():
        return Entry(fingerprint, content_hash, diags.items)
    from careersite.markdown import summarize  # only when something is rendered

    state = posting_state(posting, job.today, job.site.timezone)
    body_html, body_at = _body(posting.body)
    summary = posting.summary or summarize(body_html)
    outputs: tuple[str, ...] = ()
    listed: dict[str, Any] = {}
    if state in job.rendered_states:
        files = _get_renderer(diags).posting_pages(posting, state, body_html)
        if job.staging_root is not None:
            for relative, page in files:
                _spool(os.path.join(job.staging_root, relative), page)
        outputs = tuple(relative for relative, _ in files)
        if state in job.listed_states:
            listed = _get_renderer(diags).listing_pieces(posting, state, summary)
    # Its file's name too: the build key adds up render keys, which must not trade places unseen.
    render_key = digest(content_hash, state.value, job.render_environment, shown_name.rpartition("/")[2])
    timing = (posting.date_posted, posting.valid_through, posting.draft)
    card = Card.of(posting, shown_name, **listed)
    key, place = card_key(card), None
    if job.cards_file:
        card, place = store_card(job.cards_file, card)
    entry = Entry(
        fingerprint, content_hash, diags.items, timing, state.value, render_key, outputs, key, place, body_at
    )
    entry.card = card
    return entry


def _body(text: str) -> tuple[Markup, tuple[str, int, int] | None]:
    """A body as HTML: read from the cache when an earlier build rendered it, else rendered (and kept)."""
    from markupsafe import Markup

    from careersite.markdown import RENDERER, render_markdown

    assert _job is not None
    file = _job.cards_file
    if file is None:
        return render_markdown(text), None
    key = digest(RENDERER, text)
    if (place := _job.bodies.get(key)) is not None:
        with contextlib.suppress(OSError, ValueError):  # a damaged cache only makes the build slower
            return Markup(read_body(file, *place)), (key, *place)  # rendered and sanitized before
    html = render_markdown(text)
    return html, (key, *store_body(file, html))


def _spool(target: str, data: bytes) -> None:
    """Write a page into the staging folder with the fewest system calls (10k pages, each new)."""
    folder = os.path.dirname(target)
    try:
        os.mkdir(folder)  # jobs/<slug>/: new in the staging folder, whose jobs/ usually exists
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


def _get_renderer(diags: Diagnostics) -> Renderer:
    """One Renderer per process, reporting into the current file's diagnostics."""
    global _renderer
    from careersite.render import Renderer

    assert _job is not None
    if _renderer is None:
        content = Content(site=_job.site, pages=_job.pages)
        job = _job
        _renderer = Renderer(
            job.templates_dir, content, job.today, job.drafts, Diagnostics(), bytecode_dir=job.bytecode_dir
        )
    _renderer.report_to(diags)
    return _renderer
