"""The build as a list of stages: scan, replay, load, postings, aggregates, publish, remember.

docs/architecture.md draws the data flow and lists what each stage's key covers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from careersite import cache, cards, dates, keys, output, replay
from careersite.dates import State
from careersite.diagnostics import Diagnostic, Diagnostics
from careersite.files import shown_path
from careersite.inputs import Inputs, scan

if TYPE_CHECKING:  # the content model is imported by the builds that parse content, not by the others
    from careersite.model import Page, Site
    from careersite.posting_build import Postings, RenderJob
    from careersite.render import Renderer


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

    @property
    def slot(self) -> str:
        """This kind of build's slot in the cache."""
        return keys.slot(str(self.out_dir.resolve()), self.base_url, self.drafts)


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
    next_change: dates.NextChange | None = None  # the next day a posting opens or closes by its dates

    @property
    def ok(self) -> bool:
        return self.refused is None and not self.diagnostics.has_errors()


@dataclass(frozen=True)
class Loaded:
    """site.yaml and the pages, validated, and what follows from them for this build."""

    site: Site
    pages: tuple[Page, ...]
    today: dt.date
    environments: tuple[str, str]  # keys.environments: (parse, render)
    head_key: str


def build_site(options: BuildOptions, progress: Callable[[int, int], None] | None = None) -> BuildResult:
    """Load, validate, classify, render and publish the site (or stop before writing, for check).

    `progress(done, total)` is called as postings are rendered, when there are many.
    """
    started = time.perf_counter()
    result = BuildResult()
    inputs = scan(options.content_dir, options.templates_dir)  # file lists, stamps, bytes
    head = replay.usable_head(options, options.slot, inputs)  # the memo's head, if it read the same
    if head is not None and head.stamps == inputs.stamps:
        replay.said_again(result, head)  # nothing changed: what the last build said
    elif (loaded := _load(options, inputs, head, result)) is None:
        pass  # site.yaml unusable, or no clock: reported
    elif not _few_rebuilt(options, inputs, loaded, head, result):
        _Build(options, inputs, loaded, result, head).run(progress)  # postings, aggregates, publish, remember
    result.seconds = time.perf_counter() - started
    return result


def _load(
    options: BuildOptions, inputs: Inputs, head: cache.Head | None, result: BuildResult
) -> Loaded | None:
    """Validate site.yaml and the pages (None: unusable, every posting's mistakes reported too)."""
    # Imported here: a build where nothing changed parses no YAML (issue #5: start-up).
    from careersite.content import load_page

    diags = result.diagnostics
    site = _load_site(options, diags)
    pages = tuple(page for path in inputs.page_files if (page := load_page(path, shown_path(path), diags)))
    result.counts["files"] = 1 + len(inputs.job_files) + len(pages)
    if site is None:
        from careersite.postings import load_posting

        for path, shown in inputs.job_files:
            load_posting(Path(path), Path(shown), None, diags)
        return None
    try:
        today = dates.today(options.today, site.timezone)
    except dates.ClockError as exc:
        result.refused = str(exc)
        return None
    if head is not None and head.timezone == site.timezone:
        head_key = head.key  # usable_head() made this key from the same bytes, on the same day
    elif options.write:
        head_key = keys.head_key(
            inputs, str(options.out_dir.resolve()), options.base_url, options.drafts, today
        )
    else:
        head_key = ""
    return Loaded(site, pages, today, keys.environments(inputs, options.drafts, site), head_key)


def _few_rebuilt(
    options: BuildOptions, inputs: Inputs, loaded: Loaded, head: cache.Head | None, result: BuildResult
) -> bool:
    """Whether the few postings that changed were rebuilt from the head (replay.rebuild_few)."""
    return (
        head is not None
        and head.key == loaded.head_key
        and not result.diagnostics.has_errors()
        and replay.rebuild_few(
            options,
            options.slot,
            loaded.site,
            loaded.pages,
            loaded.today,
            loaded.environments[1],
            inputs,
            head,
            result,
        )
    )


def _load_site(options: BuildOptions, diags: Diagnostics) -> Site | None:
    from careersite.content import load_site

    path = options.content_dir / "site.yaml"
    site = load_site(path, shown_path(path), diags, options.templates_dir)
    if site is None or not options.base_url:
        return site
    base_url = options.base_url
    if not base_url.startswith(("http://", "https://")) or base_url.rstrip("/").endswith(":/"):
        diags.error("--base-url", 1, f"`{base_url}` is not an absolute URL", "write it as https://…")
        return None
    return dataclasses.replace(site, base_url=base_url.rstrip("/") + "/")


class _Build:
    """A whole build: the memo's entries for every posting, then the aggregates, publish, remember."""

    def __init__(
        self, options: BuildOptions, inputs: Inputs, loaded: Loaded, result: BuildResult,
        head: cache.Head | None,
    ) -> None:  # fmt: skip
        self.options, self.inputs, self.loaded, self.result, self.head = options, inputs, loaded, result, head
        self.diags = result.diagnostics
        self.renderer = LazyRenderer(options, loaded, self.diags)
        self.general: tuple[Diagnostic, ...] = ()  # what was said of site.yaml and the pages

    def run(self, progress: Callable[[int, int], None] | None) -> None:
        """Run the stages; stop before writing on errors, a refused folder, or for check."""
        from careersite import outputs

        options = self.options
        manifest = output.read_manifest(options.out_dir) if options.write else None
        previous = self._previous(manifest)
        if (
            not options.write
            or previous.render_environment != self.loaded.environments[1]
            or not previous.entries
        ):
            self.renderer.get()  # templates changed (or check): compile them all now, so every error shows
        inspection = None
        if options.write:
            known = self.head.out_dirs if self.head else None
            inspection = output.inspect(options.out_dir, manifest, unchanged_folders=known)
        present = inspection.present if inspection and not inspection.refusal else None
        staging = output.Staging() if options.write else None
        try:
            job = self._job(previous, staging)
            from careersite.posting_build import Postings

            postings = Postings(job, self.inputs, previous, present, self.renderer)
            postings.render(progress)
            remake = postings.remake_aggregates()
            self.result.next_change = dates.next_change(
                (entry.timing for entry in postings.entries.values() if entry.timing),
                self.loaded.today, self.loaded.site.timezone,
            )  # fmt: skip
            self._check(postings, remake)
            if self.diags.has_errors() or staging is None or inspection is None:
                if staging is None:  # check: render the aggregate pages in memory too
                    self._aggregates(postings, None)
                return
            if inspection.refusal:
                self.result.refused = inspection.refusal
                return
            kept = postings.adopt_into(staging)
            if remake:
                before = set(staging.paths)
                self._aggregates(postings, staging)
                aggregate_outputs = tuple(sorted(set(staging.paths) - before))
            else:
                kept.update(previous.aggregate_outputs)
                aggregate_outputs = previous.aggregate_outputs
            if self.diags.has_errors():
                return
            published = staging.paths | kept
            self.result.files_total = len(published)
            recalled = sum(entry.recalled for entry in postings.entries.values())  # from the memo, not made
            self.result.files_rendered = len(staging.paths) - recalled
            build_key = keys.build_key(postings.aggregate_key, postings.render_sum)
            previous_files = inspection.manifest.paths if inspection.manifest else set()
            self.result.files_written, touched = output.publish(
                staging, options.out_dir, build_key, previous_files, published
            )
            self._remember(postings, previous, inspection, touched, build_key, aggregate_outputs,
                           outputs.piece_names())  # fmt: skip
        finally:
            cards.close_files()
            if staging is not None:
                staging.discard()

    def _previous(self, manifest: output.Manifest | None) -> cache.BuildCache:
        """What the slot remembers of the last good build (nothing for check or --no-cache)."""
        options, environments = self.options, self.loaded.environments
        if not (options.write and options.use_cache):
            return cache.BuildCache(options.slot, *environments)
        previous = cache.load(options.slot, *environments, self.result.notices)
        if previous.head and (manifest is None or manifest.build_key != previous.head.build_key):
            return previous.trusting_nothing_published()  # another build wrote there since
        return previous

    def _job(self, previous: cache.BuildCache, staging: output.Staging | None) -> RenderJob:
        from careersite.posting_build import RenderJob

        options, loaded = self.options, self.loaded
        return RenderJob(
            loaded.site, loaded.pages, options.templates_dir, loaded.today, options.drafts,
            loaded.environments[1], staging.root if staging and not self.diags.has_errors() else None,
            replay.bytecode_dir(options),
            (previous.cards_file or cards.new_file(options.slot)) if options.write else None,
            checking=not options.write, use_memo=options.use_cache,
        )  # fmt: skip

    def _check(self, postings: Postings, remake: bool) -> None:
        """Add every posting's diagnostics, and the checks across files."""
        from careersite.content import check_unique

        check_unique([], list(self.loaded.pages), self.diags)
        self.general = tuple(self.diags.items)  # the site's and the pages' (a head keeps them apart)
        for entry in postings.entries.values():
            self.diags.items.extend(entry.diagnostics)
        self.result.counts.update(_counts(postings.states))
        if remake and (postings.changed or not self.options.write):
            # A card changed: check slugs across files again (an unchanged card has the same ones).
            check_unique(postings.cards(), [], self.diags)

    def _aggregates(self, postings: Postings, staging: output.Staging | None) -> None:
        from careersite.aggregates import render_aggregates

        loaded = self.loaded
        render_aggregates(
            self.renderer.get(), loaded.site, loaded.pages, postings.cards(), postings.states,
            self.options.drafts, loaded.today, self.inputs.static, staging, self.diags,
        )  # fmt: skip

    def _remember(
        self, postings: Postings, previous: cache.BuildCache, inspection: output.Inspection,
        touched: set[str], build_key: str, aggregate_outputs: tuple[str, ...], piece_names: tuple[str, ...],
    ) -> None:  # fmt: skip
        """Save the slot's index, unless the build changed nothing that it records."""
        options, loaded, result, last = self.options, self.loaded, self.result, previous.head
        if not (
            result.files_rendered
            or postings.changed
            or last is None
            or (last.key, last.stamps, last.out_dirs, last.stale)
            != (loaded.head_key, self.inputs.stamps, inspection.folders, set())
        ):
            return
        entries = postings.entries
        head = cache.Head(
            loaded.head_key, str(options.out_dir.resolve()), loaded.site.timezone, self.inputs.stamps,
            keys.pack_keys(postings.render_keys), postings.render_sum, keys.pack_digests(postings.lines),
            postings.aggregate_key, build_key,
            output.folder_times(options.out_dir, inspection.folders, touched), self.general,
            {source: tuple(entry.diagnostics) for source, entry in entries.items() if entry.diagnostics},
            result.counts, result.files_total, postings.job.cards_file or "", next_change=result.next_change,
        )  # fmt: skip
        cache.save(
            cache.BuildCache(options.slot, *loaded.environments, entries, postings.aggregate_key,
                             aggregate_outputs, head, postings.job.cards_file or ""),
            piece_names,
        )  # fmt: skip


class LazyRenderer:
    """The Renderer, made (and the templates compiled) only when something must be rendered."""

    def __init__(self, options: BuildOptions, loaded: Loaded, diags: Diagnostics) -> None:
        self._options, self._loaded, self._diags = options, loaded, diags
        self._renderer: Renderer | None = None

    def get(self) -> Renderer:
        """Make the Renderer on first use."""
        if self._renderer is None:
            from careersite.model import Content
            from careersite.render import Renderer  # Jinja, Markdown and Babel: only when rendering

            content = Content(site=self._loaded.site, pages=self._loaded.pages)
            self._renderer = Renderer(
                self._options.templates_dir, content, self._loaded.today, self._options.drafts, self._diags,
                bytecode_dir=replay.bytecode_dir(self._options),
            )  # fmt: skip
        self._renderer.report_to(self._diags)  # workers may have pointed it elsewhere
        return self._renderer

    def made(self) -> Renderer | None:
        """The Renderer if it was made already."""
        return self._renderer


def _counts(states: dict[str, State]) -> dict[str, int]:
    names = {State.OPEN: "open", State.CLOSED: "closed", State.SCHEDULED: "scheduled", State.DRAFT: "drafts"}
    counts = dict.fromkeys(names.values(), 0)
    for state in states.values():
        counts[names[state]] += 1
    return counts
