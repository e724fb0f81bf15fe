"""Each posting file built into its Entry: parsed, validated, its outputs rendered and its card kept.

The registry (outputs.py) says what a posting makes: its files (spooled straight into the
staging folder) and its pieces of the aggregate outputs (stored with its card in the cache).
Many files are spread over forked processes; only small results (the entry: diagnostics,
output paths, keys, the card) travel back. Output bytes never depend on which process
rendered what, so the site is the same whatever the scheduling.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careersite import cache, cards, dates, keys, memo, output
from careersite.cache import Entry
from careersite.cards import read_body, store_body, store_card
from careersite.dates import RENDERED, State, listed_states, local_date, posting_state
from careersite.diagnostics import Diagnostics
from careersite.files import stamp_pairs, write_new
from careersite.inputs import Inputs
from careersite.model import Card, Content, Page, Posting, Site
from careersite.postings import load_posting

if TYPE_CHECKING:
    from markupsafe import Markup

    from careersite.pipeline import LazyRenderer
    from careersite.render import Renderer

PROGRESS_THRESHOLD = 200  # postings to render before a progress bar is worth showing
# Below this many files, starting processes costs more than it saves.
PARALLEL_THRESHOLD = 48
CHUNK, LAST_CHUNK = 32, 4  # files a worker takes at once: at most, and at least (the last few)


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
    checking: bool = False  # `check`: nothing is cached, so notes that depend on the day are safe to give
    use_memo: bool = True  # False for --no-cache: the memo's files are made again (memo.py)

    @property
    def rendered_states(self) -> frozenset[State]:
        """The states whose posting pages exist on the site."""
        return RENDERED | listed_states(self.drafts)


_job: RenderJob | None = None
_renderer = None


class Postings:
    """The postings stage: each file's entry from the memo when its key holds, else rendered."""

    def __init__(
        self, job: RenderJob, inputs: Inputs, previous: cache.BuildCache, present: set[str] | None,
        renderer: LazyRenderer,
    ) -> None:  # fmt: skip
        self.job, self.inputs, self.previous, self.present, self.renderer = (
            job,
            inputs,
            previous,
            present,
            renderer,
        )

    def render(self, progress: Callable[[int, int], None] | None) -> None:
        """Plan, then render what the memo cannot answer for."""
        entries, self.reused, work, self.changed = self._plan()
        if (
            work and self.job.cards_file
        ):  # bodies rendered by earlier builds (a template changed: all of them)
            self.job = dataclasses.replace(self.job, bodies=self.previous.known_bodies())
        self.previous.entries.clear()  # the ones to keep are in `entries`: let the rest go (memory at 10k)
        self.entries = self._process(work, entries, progress)
        self._keys()

    def _keys(self) -> None:
        job, files = self.job, self.inputs.job_files
        self.states = {
            source: dates.state_on(*entry.timing, job.today, job.site.timezone)
            for source, entry in self.entries.items()
            if entry.timing is not None
        }
        self.lines = [
            keys.line(source, self.entries[source].card_key, self.states.get(source)) for _, source in files
        ]
        self.aggregate_key = keys.aggregate_key(job.render_environment, job.today, self.lines, self.inputs)
        self.render_keys = [self.entries[source].render_key or "" for _, source in files]
        self.render_sum = keys.key_sum(self.render_keys)

    def remake_aggregates(self) -> bool:
        """Whether the aggregate outputs must be made again; if so, with every card attached."""
        from careersite import outputs

        previous, present = self.previous, self.present
        remake = (
            present is None
            or self.aggregate_key != previous.aggregate_key
            or not present.issuperset(previous.aggregate_outputs)
        )
        if remake and (stale := set(cards.attach(self.entries, previous.cards_file, outputs.piece_names()))):
            redo = [(path, source) for path, source in self.inputs.job_files if source in stale]
            for source in stale:
                self.reused.pop(source, None)
            self.entries = self._process(redo, self.entries, None)
            self._keys()
        return remake

    def cards(self) -> list[Card]:
        return [entry.card for entry in self.entries.values() if entry.card is not None]

    def adopt_into(self, staging: output.Staging) -> set[str]:
        """Register the files the workers spooled; return those kept as published."""
        kept = {path for paths in self.reused.values() for path in paths}
        for entry in self.entries.values():
            for path in entry.outputs:
                if path not in kept:
                    staging.adopt(path)
        return kept

    def _plan(self) -> tuple[dict[str, cache.Entry], dict[str, tuple[str, ...]], list[tuple[str, str]], bool]:
        """Sort the posting files into those the memo answers for and those to parse and render.

        Return the cached entries by source, the outputs they reuse as they are, the work (files
        changed, new, opened or closed since, rendered with other templates, or whose published
        files someone deleted), and whether any file is new, changed or gone.
        """
        job, previous, present = self.job, self.previous, self.present
        entries: dict[str, cache.Entry] = {}
        reused: dict[str, tuple[str, ...]] = {}
        work: list[tuple[str, str]] = []
        changed = False
        known = 0  # files the previous build knew: fewer than it had means some are gone
        for (path, source), stamp in zip(self.inputs.job_files, stamp_pairs(self.inputs.stamps), strict=True):
            entry = previous.entries.get(source)
            known += entry is not None
            if entry is None or entry.fingerprint != stamp:
                work.append((path, source))
                changed = True
                continue
            if entry.timing is not None:
                state = dates.state_on(*entry.timing, job.today, job.site.timezone)
                # Same file, same templates (cache.load forgets outputs otherwise): same state, same pages.
                if entry.state != state or (present is not None and not present.issuperset(entry.outputs)):
                    work.append((path, source))
                    continue
                reused[source] = entry.outputs
            entries[source] = entry
        return entries, reused, work, changed or known < len(previous.entries)

    def _process(
        self, work: list[tuple[str, str]], entries: dict[str, cache.Entry],
        progress: Callable[[int, int], None] | None,
    ) -> dict[str, cache.Entry]:  # fmt: skip
        """Parse and render the work; return every entry, sorted by source."""
        done = 0

        def step(count: int) -> None:
            nonlocal done
            done += count
            if progress is not None and len(work) > PROGRESS_THRESHOLD:
                progress(done, len(work))

        for (_, source), entry in zip(
            work, process_files(self.job, work, step, self.renderer.made()), strict=True
        ):
            entries[source] = entry
        return {source: entries[source] for source in sorted(entries)}


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
    workers = min(os.cpu_count() or 1, max(1, len(files) // LAST_CHUNK))
    chunks = _chunks(files, workers)
    results: list[Entry] = []
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


def _chunks(files: Sequence[tuple[str, str]], workers: int) -> list[Sequence[tuple[str, str]]]:
    """The files cut into chunks that shrink toward the end (guided scheduling): each a fraction
    of what is left, so that the last chunks are small and no worker runs long alone at the end."""
    chunks, start = [], 0
    while start < len(files):
        size = max(LAST_CHUNK, min(CHUNK, (len(files) - start) // (2 * workers)))
        chunks.append(files[start : start + size])
        start += size
    return chunks


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
    content_hash = keys.digest(data)
    posting = load_posting(path, shown, job.site, diags, data)  # the bytes hashed, not a second read
    if posting is None or diags.has_errors():
        return Entry(fingerprint, content_hash, diags.items)
    from careersite import feeds, outputs  # only when something is rendered
    from careersite.markdown import summarize

    state = posting_state(posting, job.today, job.site.timezone)
    if job.checking and state is State.CLOSED and posting.valid_through is not None:
        _note_long_closed(posting, shown, job, diags)
    body_html, body_at = _body(posting.body)
    if state is not State.CLOSED:  # what Google and the pay-transparency laws will see
        from careersite import pay_transparency, rich_results

        if state is not State.DRAFT:
            rich_results.check_posting(posting, job.site, body_html, diags)
        pay_transparency.check_posting(posting, job.site, diags)
    summary = posting.summary or summarize(body_html)
    made: tuple[str, ...] = ()
    kept: memo.Memo | None = None
    listed: dict[str, Any] = {}
    if state in job.rendered_states:
        renderer = _get_renderer(diags)
        kept = memo.Memo(job.use_memo) if job.cards_file else None  # `check` keeps nothing
        files = outputs.posting_files(renderer, posting, state, body_html, kept)
        if job.staging_root is not None:
            for relative, page in files:
                _spool(
                    os.path.join(job.staging_root, relative), page, kept.source(relative) if kept else None
                )
        made = tuple(relative for relative, _ in files)
        if state in listed_states(job.drafts):
            pieces = outputs.posting_pieces(renderer, posting, state, summary, body_html)
            if pieces is not None:  # else its row could not be rendered (reported)
                published, updated = feeds.feed_times(posting, job.site)
                listed = {"pieces": pieces, "published": published, "updated": updated}
    render_key = keys.render_key(content_hash, state.value, job.render_environment, shown_name)
    timing = (posting.date_posted, posting.valid_through, posting.draft)
    card = Card.of(posting, shown_name, **listed)
    key, place = keys.card_key(card), None
    if job.cards_file:
        card, place = store_card(job.cards_file, card)
    entry = Entry(
        fingerprint, content_hash, diags.items, timing, state.value, render_key, made, key, place, body_at,
        tuple(kept.used) if kept else (),
    )  # fmt: skip
    entry.card, entry.recalled = card, kept.recalled if kept else 0
    return entry


LONG_CLOSED_DAYS = 30


def _note_long_closed(posting: Posting, shown: Path, job: RenderJob, diags: Diagnostics) -> None:
    """Warn about a posting closed over a month ago that is still in content/ (SPEC: deploying)."""
    assert posting.valid_through is not None
    closed = local_date(posting.valid_through, job.site.timezone)
    days = (job.today - closed).days
    if days > LONG_CLOSED_DAYS:
        diags.warning(
            shown, posting.valid_through_line,
            f"closed {days} days ago (valid_through {closed.isoformat()}); its page stays up, marked closed",
            "keep the file to keep that page, or delete it to take the page down: both are fine",
        )  # fmt: skip


def _body(text: str) -> tuple[Markup, tuple[str, int, int] | None]:
    """A body as HTML: read from the cache when an earlier build rendered it, else rendered (and kept)."""
    from markupsafe import Markup

    from careersite.markdown import render_markdown

    assert _job is not None
    file = _job.cards_file
    if file is None:
        return render_markdown(text), None
    key = keys.body_key(text)
    if (place := _job.bodies.get(key)) is not None:
        with contextlib.suppress(OSError, ValueError):  # a damaged cache only makes the build slower
            return Markup(read_body(file, *place)), (key, *place)  # rendered and sanitized before
    html = render_markdown(text)
    return html, (key, *store_body(file, html))


def _spool(target: str, data: bytes, source: str | None = None) -> None:
    """Put a page into the staging folder with the fewest system calls (10k pages, each new): as a
    hard link to `source`, the memo's file of the same bytes, when there is one and the disk allows."""
    folder = os.path.dirname(target)
    try:
        os.mkdir(folder)  # jobs/<slug>/: new in the staging folder, whose jobs/ usually exists
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    global _links
    if source is not None and _links:
        try:
            os.link(source, target)
            return
        except FileExistsError:  # spooled before (a posting rendered again): write_new replaces it
            pass
        except OSError:  # another disk, or one without hard links: copies from now on
            _links = False
    write_new(target, data)


_links = True  # whether the memo's files can be hard-linked into the staging folder


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
