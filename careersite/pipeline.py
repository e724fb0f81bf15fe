"""The build, stage by stage: load, validate, classify, render, publish."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from careersite import __version__, cache, dates, output
from careersite.dates import State
from careersite.diagnostics import Diagnostics
from careersite.files import Shower, discover, iter_files, shown_path, stamp_pairs, stamped_names

if TYPE_CHECKING:  # the content model is imported by the builds that parse content, not by the others
    from careersite.model import Card, DateValue, Page, Site
    from careersite.render import Renderer
    from careersite.workers import RenderJob


PROGRESS_THRESHOLD = 200  # postings to render before a progress bar is worth showing


@dataclass(frozen=True)
class BuildOptions:
    content_dir: Path = Path("content")
    templates_dir: Path = Path("templates")
    out_dir: Path = Path("site")
    base_url: str | None = None  # overrides site.yaml's base_url (serve points it at itself)
    drafts: bool = False
    today: dt.date | None = None  # --today; else SOURCE_DATE_EPOCH; else the clock
    use_cache: bool = True  # False (--no-cache): ignore what the cache holds; still leave one for next time
    write: bool = True  # False for `check`: render everything in memory, write nothing


@dataclass
class BuildResult:
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    counts: dict[str, int] = field(default_factory=dict)  # open, closed, scheduled, drafts
    files_written: int = 0  # bytes changed, so replaced in the output folder
    files_rendered: int = 0  # rendered by this build (the rest came from the cache untouched)
    files_total: int = 0
    seconds: float = 0.0
    refused: str | None = None  # why the output folder was not touched (exit 2)
    notices: list[str] = field(default_factory=list)  # one-line notes for the user (an unreadable cache)

    @property
    def ok(self) -> bool:
        return self.refused is None and not self.diagnostics.has_errors()


def build_site(options: BuildOptions, progress: Callable[[int, int], None] | None = None) -> BuildResult:
    """Load, validate, classify, render and publish the site (or stop before writing, for check).

    `progress(done, total)` is called as postings are rendered, when there are many.
    """
    started = time.perf_counter()
    result = BuildResult()
    diags = result.diagnostics
    shown = Shower(options.content_dir)
    # Text, not Path objects: at 10k postings a build where nothing changed is mostly this list.
    jobs_dir = options.content_dir / "jobs"
    folder, shown_folder = f"{jobs_dir}{os.sep}", f"{shown(jobs_dir)}{os.sep}"
    names, stamps = stamped_names(jobs_dir)
    job_files = [(folder + name, shown_folder + name) for name in names]
    page_files = discover(options.content_dir / "pages")
    inputs = _read_inputs(options, page_files)
    head = cache.load_head() if options.write and options.use_cache else None
    if head is not None and not (
        _output_as_left(options.out_dir, head) and _same_input(options, head, job_files, inputs)
    ):
        head = None  # something changed besides the postings' own files, or in the output: look at it all
    if head is not None and head.stamps == stamps:  # nothing changed: say again what the last build said
        _said_again(result, head)
        return _finish(result, started)
    # Imported here: a build where nothing changed parses no YAML (issue #5: start-up).
    from careersite.content import check_unique, load_page

    site = _load_site(options, diags)
    pages = tuple(page for path in page_files if (page := load_page(path, shown(path), diags)))
    result.counts["files"] = 1 + len(job_files) + len(pages)
    if site is None:  # still report every posting's own mistakes
        _validate_only(job_files, diags)
        return _finish(result, started)
    try:
        today = dates.today(options.today, site.timezone)
    except dates.ClockError as exc:
        result.refused = str(exc)
        return _finish(result, started)
    environments = _environments(options, site, inputs)
    if head is not None and head.timezone == site.timezone:
        head_key = head.key  # _same_input made this key from the same bytes, on the same day
    else:
        head_key = _head_key(options, today, job_files, inputs) if options.write else ""
    if (
        head is not None
        and head.key == head_key
        and not diags.has_errors()
        and _rebuild_few(options, site, pages, today, environments, job_files, stamps, head, result)
    ):
        return _finish(result, started)
    from careersite.workers import RenderJob

    manifest = output.read_manifest(options.out_dir) if options.write else None
    previous = _previous_build(options, environments, manifest, result.notices)
    renderer = _LazyRenderer(options, site, pages, today, diags)
    if not options.write or previous.render_environment != environments[1] or not previous.entries:
        renderer.get()  # templates changed (or check): compile them all now, so every error shows
    inspection = None
    if options.write:
        inspection = output.inspect(
            options.out_dir, manifest, unchanged_folders=head.out_dirs if head else None
        )
    present = inspection.present if inspection and not inspection.refusal else None
    staging = output.Staging() if options.write else None
    try:
        job = RenderJob(
            site, pages, options.templates_dir, today, options.drafts, environments[1],
            staging.root if staging and not diags.has_errors() else None, _bytecode_dir(options),
            (previous.cards_file or cache.new_cards_file()) if options.write else None,
        )  # fmt: skip
        entries, reused, work, changed = _plan(job, job_files, stamps, previous, present)
        if work and job.cards_file:  # bodies rendered by earlier builds (a template changed: all of them)
            job = dataclasses.replace(job, bodies=previous.known_bodies())
        previous.entries.clear()  # the ones to keep are in `entries`: let the rest go (memory at 10k)
        entries = _process(job, work, entries, renderer, progress)
        states = _states(entries, today, site.timezone)
        lines = [_line(source, entries[source].card_key, states.get(source)) for _, source in job_files]
        aggregate_key = _aggregate_key(environments[1], today, lines, options)
        remake = (  # the listing, feed and jobs.json, from every posting's card
            present is None
            or aggregate_key != previous.aggregate_key
            or not present.issuperset(previous.aggregate_outputs)
        )
        if remake and (stale := set(cache.attach_cards(entries, previous.cards_file))):
            redo = [(path, source) for path, source in job_files if source in stale]
            for source in stale:
                reused.pop(source, None)
            entries = _process(job, redo, entries, renderer, None)
        check_unique([], list(pages), diags)
        general = tuple(diags.items)  # the site's and the pages' (a head keeps them apart)
        for entry in entries.values():
            diags.items.extend(entry.diagnostics)
        result.counts.update(_counts(states))
        if remake and (changed or not options.write):
            # A card changed: check slugs across files again (an unchanged card has the same ones).
            check_unique(_cards(entries), [], diags)
        if diags.has_errors() or staging is None or inspection is None:
            if staging is None:  # check: render the aggregate pages in memory too
                _render_aggregates(
                    site, pages, _cards(entries), states, renderer.get(), None, options, today, diags
                )
            return _finish(result, started)
        if inspection.refusal:
            result.refused = inspection.refusal
            return _finish(result, started)
        kept = {path for paths in reused.values() for path in paths}
        for entry in entries.values():
            for path in entry.outputs:
                if path not in kept:
                    staging.adopt(path)
        if not remake:
            kept.update(previous.aggregate_outputs)
            aggregate_outputs = previous.aggregate_outputs
        else:
            before = set(staging.paths)
            _render_aggregates(
                site, pages, _cards(entries), states, renderer.get(), staging, options, today, diags
            )
            aggregate_outputs = tuple(sorted(set(staging.paths) - before))
        if diags.has_errors():
            return _finish(result, started)
        published = staging.paths | kept
        result.files_total = len(published)
        result.files_rendered = len(staging.paths)
        render_keys = [entries[source].render_key or "" for _, source in job_files]
        build_key = _build_key(aggregate_key, render_sum := cache.key_sum(render_keys))
        previous_files = inspection.manifest.paths if inspection.manifest else set()
        result.files_written, touched = output.publish(
            staging, options.out_dir, build_key, previous_files, published
        )
        last = previous.head
        if (
            result.files_rendered
            or changed
            or last is None
            or (last.key, last.stamps, last.out_dirs, last.stale)
            != (head_key, stamps, inspection.folders, set())
        ):
            head = cache.Head(
                head_key, str(options.out_dir.resolve()), site.timezone, stamps, cache.pack_keys(render_keys),
                render_sum, cache.pack_digests(lines), aggregate_key, build_key,
                output.folder_times(options.out_dir, inspection.folders, touched), general,
                {source: tuple(entry.diagnostics) for source, entry in entries.items() if entry.diagnostics},
                result.counts, result.files_total, job.cards_file or "",
            )  # fmt: skip
            cache.save(
                cache.BuildCache(*environments, str(options.out_dir.resolve()), entries, aggregate_key,
                                 aggregate_outputs, head, job.cards_file or "")
            )  # fmt: skip
    finally:
        cache.close_files()
        if staging is not None:
            staging.discard()
    return _finish(result, started)


def _previous_build(
    options: BuildOptions, environments: tuple[str, str], manifest: output.Manifest | None, notices: list[str]
) -> cache.BuildCache:
    """What the cache remembers of the last good build (nothing for check or --no-cache)."""
    if not (options.write and options.use_cache):
        return cache.BuildCache(*environments)
    previous = cache.load(*environments, options.out_dir, notices)
    if previous.head and (manifest is None or manifest.build_key != previous.head.build_key):
        # Another build (other options, another cache) wrote there since: trust none of it.
        return cache.BuildCache(
            *environments, entries=previous.forget_outputs(), cards_file=previous.cards_file,
            bodies=previous.known_bodies(),
        )  # fmt: skip
    return previous


def _plan(
    job: RenderJob,
    job_files: list[tuple[str, str]],
    stamps: bytes,
    previous: cache.BuildCache,
    present: set[str] | None,
) -> tuple[dict[str, cache.Entry], dict[str, tuple[str, ...]], list[tuple[str, str]], bool]:
    """Sort the posting files into those the cache answers for and those to parse and render.

    Return the cached entries by source, the outputs they reuse as they are, the work (files
    changed, new, opened or closed since, rendered with other templates, or whose published
    files someone deleted; `present`: the files in the output folder), and whether any file
    is new, changed or gone.
    """
    entries: dict[str, cache.Entry] = {}
    reused: dict[str, tuple[str, ...]] = {}
    work: list[tuple[str, str]] = []
    changed = False
    known = 0  # files the previous build knew: fewer than it had means some are gone
    for (path, source), stamp in zip(job_files, stamp_pairs(stamps), strict=True):
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
    job: RenderJob,
    work: list[tuple[str, str]],
    entries: dict[str, cache.Entry],
    renderer: _LazyRenderer,
    progress: Callable[[int, int], None] | None,
) -> dict[str, cache.Entry]:
    """Parse and render the work; return every entry, sorted by source."""
    from careersite.workers import process_files

    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None and len(work) > PROGRESS_THRESHOLD:
            progress(done, len(work))

    for (_, source), entry in zip(work, process_files(job, work, step, renderer.made()), strict=True):
        entries[source] = entry
    return {source: entries[source] for source in sorted(entries)}


# At most this many changed postings are rebuilt from the head of the index alone (more, as
# after a checkout, read the whole index), nor this many entries left out of date by such builds.
FEW_CHANGED, MOST_STALE = 16, 64


def _output_as_left(out_dir: Path, head: cache.Head) -> bool:
    """Whether the output is as the build that wrote this head left it: its manifest, its folders."""
    return (
        head.out_dir == str(out_dir.resolve())
        and output.manifest_key(out_dir) == head.build_key
        and output.untouched(out_dir, head.out_dirs)
    )


def _same_input(
    options: BuildOptions, head: cache.Head, job_files: list[tuple[str, str]], inputs: _Inputs
) -> bool:
    """Whether the build that wrote this head read what this one would, but the postings' files.

    Told without parsing site.yaml: its bytes are in the key, and so is the day (in its timezone).
    """
    try:
        today = dates.today(options.today, head.timezone)
    except dates.ClockError:
        return False  # the whole build says why
    return head.key == _head_key(options, today, job_files, inputs)


def _said_again(result: BuildResult, head: cache.Head, pages: tuple[Page, ...] | None = None) -> None:
    """The result of the build that wrote the head, for the postings it knew: nothing rendered or written.

    `pages`: this build loaded the site and the pages, so their diagnostics are in the result
    already; else it says again what that build said of them.
    """
    if pages is None:
        result.diagnostics.items.extend(head.general)
    else:
        from careersite.content import check_unique

        check_unique([], list(pages), result.diagnostics)
    for diagnostics in head.diagnostics.values():
        result.diagnostics.items.extend(diagnostics)
    result.counts.update(head.counts)
    result.files_total = head.files_total


def _rebuild_few(
    options: BuildOptions,
    site: Site,
    pages: tuple[Page, ...],
    today: dt.date,
    environments: tuple[str, str],
    job_files: list[tuple[str, str]],
    stamps: bytes,
    head: cache.Head,
    result: BuildResult,
) -> bool:
    """Rebuild the few postings whose files changed, from the head of the index alone.

    Only when each still gives the listing, feed and jobs.json what it gave (the same card,
    the same state: a paragraph edited, not a title), so that its own pages are all that
    change. Otherwise return False, having published nothing, for the whole build to run.
    """
    from careersite.workers import RenderJob, process_files

    pairs = zip(stamp_pairs(stamps), stamp_pairs(head.stamps), strict=True)
    changed = [i for i, (new, old) in enumerate(pairs) if new != old]
    if len(changed) > FEW_CHANGED or len(head.stale) + len(changed) > MOST_STALE:
        return False
    manifest = output.read_manifest(options.out_dir)
    if manifest is None:
        return False
    staging = output.Staging()
    try:
        job = RenderJob(
            site, pages, options.templates_dir, today, options.drafts, environments[1], staging.root,
            _bytecode_dir(options), head.cards_file,
        )  # fmt: skip
        work = [job_files[i] for i in changed]
        render_keys, render_sum = bytearray(head.render_keys), head.render_sum
        diagnostics = dict(head.diagnostics)
        for i, ((_, source), entry) in enumerate(
            zip(work, process_files(job, work, None, None), strict=True)
        ):
            line = cache.pack_digests([_line(source, entry.card_key, entry.state)])
            same = entry.timing is not None and line == cache.packed_at(head.lines, changed[i])
            if (
                not same
                or Diagnostics(entry.diagnostics).has_errors()
                or not manifest.paths.issuperset(entry.outputs)
            ):
                return False  # the whole build says what went wrong, and publishes nothing
            render_sum = cache.swap_key(render_keys, changed[i], entry.render_key or "", render_sum)
            diagnostics[source] = tuple(entry.diagnostics)
            for path in entry.outputs:
                staging.adopt(path)
        build_key = _build_key(head.aggregate_key, render_sum)
        result.files_written, touched = output.publish(
            staging, options.out_dir, build_key, manifest.paths, manifest.paths
        )
        previous, head = head, head._replace(
            stamps=stamps, render_keys=bytes(render_keys), render_sum=render_sum, build_key=build_key,
            out_dirs=output.folder_times(options.out_dir, head.out_dirs, touched),
            diagnostics={source: found for source, found in diagnostics.items() if found},
            stale=head.stale | {source for _, source in work},
        )  # fmt: skip
        cache.save_head(head, replacing=previous)
        _said_again(result, head, pages)
        result.files_rendered = len(staging.paths)
        return True
    finally:
        cache.close_files()
        staging.discard()


class _Inputs(NamedTuple):
    """What a build reads whole besides the postings, as bytes: read once, for two keys."""

    site_yaml: bytes
    templates: list[tuple[str, bytes]]  # by name in the templates folder
    pages: list[bytes]  # each page's file name (its default slug), a newline, its bytes


def _read_inputs(options: BuildOptions, page_files: list[Path]) -> _Inputs:
    templates = [
        (path.relative_to(options.templates_dir).as_posix(), _read(path))
        for path in iter_files(options.templates_dir)
    ]
    pages = [f"{path.name}\n".encode() + _read(path) for path in page_files]
    return _Inputs(_read(options.content_dir / "site.yaml"), templates, pages)


def _head_key(
    options: BuildOptions, today: dt.date, job_files: list[tuple[str, str]], inputs: _Inputs
) -> str:
    """A digest of everything a build reads but the postings' files, read as bytes (no parsing):
    site.yaml, the templates, the pages, the static files' stamps, the options, the day, the
    postings' names."""
    static_dir = options.content_dir / "static"
    static = [
        (path.relative_to(static_dir).as_posix(), _fingerprint(str(path))) for path in iter_files(static_dir)
    ]
    return cache.digest(
        __version__, inputs.site_yaml, repr((options.base_url, options.drafts)), today.isoformat(),
        str(options.out_dir.resolve()), *(f"{name}\n".encode() + data for name, data in inputs.templates),
        *inputs.pages, repr(static), "\n".join(source for _, source in job_files),
    )  # fmt: skip


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:  # the build that reads it again says what is wrong
        return b"\x00unreadable"


def _line(source: str, card_key: str | None, state: str | None) -> str:
    """What a posting gives the aggregate key: its file's name (not path: the key must not depend
    on where the project lives), its card's key and its state."""
    return f"{source.rpartition('/')[2]}:{card_key}:{state or ''}"


def _build_key(aggregate_key: str, render_sum: int) -> str:
    """The key of a build, written into its manifest: its aggregate key, and the sum of every
    posting's render key (cache.key_sum)."""
    return cache.digest(aggregate_key, f"{render_sum:032x}")


def _fingerprint(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _states(entries: dict[str, cache.Entry], today: dt.date, timezone: str) -> dict[str, State]:
    return {
        source: dates.state_on(*entry.timing, today, timezone)
        for source, entry in entries.items()
        if entry.timing is not None
    }


def _cards(entries: dict[str, cache.Entry]) -> list[Card]:
    return [entry.card for entry in entries.values() if entry.card is not None]


class _LazyRenderer:
    """The Renderer, made (and the templates compiled) only when something must be rendered."""

    def __init__(self, options: BuildOptions, site: Site, pages: tuple[Page, ...], today: dt.date,
                 diags: Diagnostics) -> None:  # fmt: skip
        from careersite.model import Content

        self._arguments = (
            options.templates_dir,
            Content(site=site, pages=pages),
            today,
            options.drafts,
            diags,
        )
        self._bytecode_dir = _bytecode_dir(options)
        self._renderer: Renderer | None = None

    def get(self) -> Renderer:
        """Make the Renderer on first use."""
        if self._renderer is None:
            from careersite.render import Renderer  # Jinja, Markdown and Babel: only when rendering

            self._renderer = Renderer(*self._arguments, bytecode_dir=self._bytecode_dir)
        self._renderer.report_to(self._arguments[-1])  # workers may have pointed it elsewhere
        return self._renderer

    def made(self) -> Renderer | None:
        """The Renderer if it was made already."""
        return self._renderer


def _bytecode_dir(options: BuildOptions) -> Path | None:
    """Where compiled templates are kept between builds: with the cache, when there is one."""
    return cache.CACHE_DIR / "templates" if options.write and options.use_cache else None


def _render_aggregates(
    site: Site,
    pages: tuple[Page, ...],
    cards: list[Card],
    states_by_source: dict[str, State],
    renderer: Renderer,
    staging: output.Staging | None,
    options: BuildOptions,
    today: dt.date,
    diags: Diagnostics,
) -> None:
    """Render the pages that gather postings (listing, departments, feeds) and the rest."""
    # Imported here: a build where nothing changed never needs them (issue #5: start-up time).
    from careersite import feeds, structured

    states = {card.slug: states_by_source[card.source] for card in cards}
    listed_states = {State.OPEN, State.DRAFT} if options.drafts else {State.OPEN}
    listed = sorted(
        # No pieces: its row failed to render (reported), and check still renders the rest.
        (c for c in cards if states[c.slug] in listed_states and c.pieces is not None),
        key=lambda c: (c.title, c.slug),
    )
    open_cards = [card for card in listed if states[card.slug] is State.OPEN]
    # One artifact at a time (a generator), so that at 10k postings the feed, jobs.json and the
    # listing are never all in memory together.
    files: Iterator[tuple[str, bytes | Iterator[bytes]]] = itertools.chain(
        renderer.listing_streams(listed, states),
        (file for page in pages if options.drafts or not page.draft for file in renderer.free_page(page)),
        renderer.not_found_page(),
        renderer.assets(),
        (
            (name, make())
            for name, make in (
                ("sitemap.xml", lambda: feeds.sitemap_xml(_sitemap_entries(site, pages, open_cards))),
                ("robots.txt", lambda: feeds.robots_txt(site)),
                ("feed.xml", lambda: feeds.atom_feed(site, open_cards, today)),
                ("jobs.json", lambda: structured.jobs_json(open_cards, site)),
                ("jobs.schema.json", structured.JOBS_SCHEMA_PATH.read_bytes),
            )
        ),
    )
    made = set()
    for relative, data in files:
        made.add(relative)
        if staging is not None:
            staging.add(relative, data)
        elif not isinstance(data, bytes):
            for _ in data:  # check: render in memory, for the template errors, and drop it
                pass
    static_dir = options.content_dir / "static"
    made_folders = {"jobs"} | {parent for name in made for parent in output.parents(name)}
    for source in iter_files(static_dir):
        name = source.relative_to(static_dir).as_posix()
        if "\n" in name or "\r" in name:
            diags.error(
                shown_path(source), 1, "a file name with a line break cannot be published", "rename it"
            )
        elif (
            name in made
            or name in made_folders
            or name == output.MANIFEST
            or any(parent in made or parent == "jobs" for parent in output.parents(name))
        ):
            diags.error(
                shown_path(source),
                1,
                f"`{name}` would replace a file or folder the build makes",
                "rename or remove the static file",
            )
        elif staging is not None:
            staging.add_copy(name, source)


def _sitemap_entries(
    site: Site, pages: tuple[Page, ...], open_cards: list[Card]
) -> list[tuple[str, DateValue | None]]:
    """Every indexable URL with lastmod from the content's own dates (never the clock)."""
    newest = max((dates.local_date(c.last_modified, site.timezone) for c in open_cards), default=None)
    entries: list[tuple[str, DateValue | None]] = [(site.base_url, newest)]
    by_department: dict[str, list[Card]] = {}
    for posting in open_cards:
        entries.append((f"{site.base_url}jobs/{posting.slug}/", posting.last_modified))
        if posting.department_slug:
            by_department.setdefault(posting.department_slug, []).append(posting)
    for slug, members in sorted(by_department.items()):
        latest = max(dates.local_date(p.last_modified, site.timezone) for p in members)
        entries.append((f"{site.base_url}departments/{slug}/", latest))
    for page in pages:
        if not page.draft:  # a free page has no date of its own
            entries.append((f"{site.base_url}pages/{page.slug}/", None))
    return entries


def _environments(options: BuildOptions, site: Site, inputs: _Inputs) -> tuple[str, str]:
    """Keys of what every parse and every rendering depend on, besides the posting itself."""
    parse = cache.digest(__version__, inputs.site_yaml)
    render = cache.digest(parse, repr(options.drafts), repr(site), *(name for name, _ in inputs.templates),
                          *(data for _, data in inputs.templates), *inputs.pages)  # fmt: skip
    return parse, render


def _aggregate_key(render_environment: str, today: dt.date, lines: list[str], options: BuildOptions) -> str:
    static_dir = options.content_dir / "static"
    static = [
        f"{path.relative_to(static_dir).as_posix()}:{cache.digest(path.read_bytes())}"
        for path in iter_files(static_dir)
    ]
    return cache.digest(render_environment, today.isoformat(), *lines, *static)


def _load_site(options: BuildOptions, diags: Diagnostics) -> Site | None:
    from careersite.content import load_site

    path = options.content_dir / "site.yaml"
    site = load_site(path, shown_path(path), diags)
    if site is None or not options.base_url:
        return site
    base_url = options.base_url
    if not base_url.startswith(("http://", "https://")) or base_url.rstrip("/").endswith(":/"):
        diags.error("--base-url", 1, f"`{base_url}` is not an absolute URL", "write it as https://…")
        return None
    return dataclasses.replace(site, base_url=base_url.rstrip("/") + "/")


def _validate_only(job_files: list[tuple[str, str]], diags: Diagnostics) -> None:
    from careersite.postings import load_posting

    for path, shown in job_files:
        load_posting(Path(path), Path(shown), None, diags)


def _counts(states: dict[str, State]) -> dict[str, int]:
    names = {State.OPEN: "open", State.CLOSED: "closed", State.SCHEDULED: "scheduled", State.DRAFT: "drafts"}
    counts = dict.fromkeys(names.values(), 0)
    for state in states.values():
        counts[names[state]] += 1
    return counts


def _finish(result: BuildResult, started: float) -> BuildResult:
    result.seconds = time.perf_counter() - started
    return result
