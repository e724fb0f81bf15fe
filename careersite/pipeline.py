"""The build, stage by stage: load, validate, classify, render, publish."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from careersite import dates, feeds, output, structured
from careersite.content import load_content
from careersite.diagnostics import Diagnostics
from careersite.markdown import render_markdown, summarize
from careersite.model import Content, Posting, State
from careersite.render import Renderer


@dataclass(frozen=True)
class BuildOptions:
    content_dir: Path = Path("content")
    templates_dir: Path = Path("templates")
    out_dir: Path = Path("site")
    base_url: str | None = None  # overrides site.yaml's base_url (serve points it at itself)
    drafts: bool = False
    today: dt.date | None = None  # --today; else SOURCE_DATE_EPOCH; else the clock
    use_cache: bool = True
    write: bool = True  # False for `check`: render everything in memory, write nothing


@dataclass
class BuildResult:
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    counts: dict[str, int] = field(default_factory=dict)  # open, closed, scheduled, drafts
    files_written: int = 0
    files_total: int = 0
    seconds: float = 0.0
    refused: str | None = None  # why the output folder was not touched (exit 2)

    @property
    def ok(self) -> bool:
        return self.refused is None and not self.diagnostics.has_errors()


def build_site(options: BuildOptions, progress: bool = False) -> BuildResult:
    """Load, validate, classify, render and publish the site (or stop before writing, for check)."""
    started = time.perf_counter()
    result = BuildResult()
    diags = result.diagnostics
    content = load_content(options.content_dir, diags)
    if content is not None and options.base_url:
        content = _with_base_url(content, options.base_url, diags)
    if content is None:
        return _finish(result, started)
    try:
        today = dates.today(options.today, content.site.timezone)
    except dates.ClockError as exc:
        result.refused = str(exc)
        return _finish(result, started)
    states = {
        posting.slug: dates.posting_state(posting, today, content.site.timezone)
        for posting in content.postings
    }
    result.counts = _counts(content, states)
    renderer = Renderer(options.templates_dir, content, today, options.drafts, diags)
    if diags.has_errors():
        return _finish(result, started)
    if options.write and (reason := output.refusal(options.out_dir)):
        result.refused = reason
        return _finish(result, started)
    staging = output.Staging()
    try:
        render_site(content, states, today, renderer, staging, options, diags, progress)
        result.files_total = len(staging.paths)
        if options.write and not diags.has_errors():
            result.files_written = output.publish(staging, options.out_dir)
    finally:
        staging.discard()
    return _finish(result, started)


def render_site(
    content: Content,
    states: dict[str, State],
    today: dt.date,
    renderer: Renderer,
    staging: output.Staging,
    options: BuildOptions,
    diags: Diagnostics,
    progress: bool = False,
) -> None:
    """Render every output file of the site into the staging folder."""
    site = content.site
    shown = {State.OPEN, State.CLOSED} | ({State.DRAFT} if options.drafts else set())
    postings = [p for p in content.postings if states[p.slug] in shown]
    listed = sorted(
        (p for p in postings if states[p.slug] in (State.OPEN, State.DRAFT)), key=lambda p: (p.title, p.slug)
    )
    open_postings = [p for p in listed if states[p.slug] is State.OPEN]
    summaries = {p.slug: p.summary or summarize(render_markdown(p.body)) for p in open_postings}
    bar = _Progress(len(postings)) if progress and len(postings) > 200 else None
    for posting in postings:
        _stage(staging, renderer.posting_pages(posting, states[posting.slug]))
        if bar:
            bar.step()
    if bar:
        bar.done()
    _stage(staging, renderer.listing_pages(listed, states))
    for page in content.pages:
        if options.drafts or not page.draft:
            _stage(staging, renderer.free_page(page))
    _stage(staging, renderer.not_found_page())
    _stage(staging, renderer.assets())
    staging.add("sitemap.xml", feeds.sitemap_xml(_sitemap_entries(content, open_postings, options)))
    staging.add("robots.txt", feeds.robots_txt(site))
    staging.add("feed.xml", feeds.atom_feed(site, open_postings, summaries, today))
    staging.add("jobs.json", structured.jobs_json(open_postings, site, summaries))
    static_dir = options.content_dir / "static"
    for relative in content.static_files:
        name = relative.as_posix()
        if name in staging.paths or name == output.MANIFEST:
            diags.error(
                options.content_dir / "static" / relative,
                1,
                f"`{name}` would replace a page the build makes",
                "rename or remove the static file",
            )
            continue
        staging.add_copy(name, static_dir / relative)


def _stage(staging: output.Staging, files: list[tuple[str, bytes]]) -> None:
    for relative, data in files:
        staging.add(relative, data)


def _sitemap_entries(content: Content, open_postings: list[Posting], options: BuildOptions) -> list:
    """Every indexable URL with lastmod from the content's own dates (never the clock)."""
    site = content.site
    if not open_postings:
        return []
    newest = max(dates.local_date(p.last_modified, site.timezone) for p in open_postings)
    entries = [(site.base_url, newest)]
    by_department: dict[str, list[Posting]] = {}
    for posting in open_postings:
        entries.append((f"{site.base_url}jobs/{posting.slug}/", posting.last_modified))
        if posting.department_slug:
            by_department.setdefault(posting.department_slug, []).append(posting)
    for slug, members in sorted(by_department.items()):
        latest = max(dates.local_date(p.last_modified, site.timezone) for p in members)
        entries.append((f"{site.base_url}departments/{slug}/", latest))
    for page in content.pages:
        if not page.draft:
            entries.append((f"{site.base_url}pages/{page.slug}/", newest))
    return entries


def _counts(content: Content, states: dict[str, State]) -> dict[str, int]:
    counts = {"open": 0, "closed": 0, "scheduled": 0, "drafts": 0}
    names = {State.OPEN: "open", State.CLOSED: "closed", State.SCHEDULED: "scheduled", State.DRAFT: "drafts"}
    for state in states.values():
        counts[names[state]] += 1
    counts["files"] = 1 + len(content.postings) + len(content.pages)
    return counts


def _with_base_url(content: Content, base_url: str, diags: Diagnostics) -> Content | None:
    if not base_url.startswith(("http://", "https://")) or "://" not in base_url or base_url.endswith("://"):
        diags.error("--base-url", 1, f"`{base_url}` is not an absolute URL", "write it as https://…")
        return None
    site = dataclasses.replace(content.site, base_url=base_url.rstrip("/") + "/")
    return dataclasses.replace(content, site=site)


def _finish(result: BuildResult, started: float) -> BuildResult:
    result.seconds = time.perf_counter() - started
    return result


class _Progress:
    """A one-line progress bar on stderr, for long builds in a terminal."""

    def __init__(self, total: int) -> None:
        self.total, self.count = total, 0

    def step(self) -> None:
        self.count += 1
        if self.count % 50 == 0 or self.count == self.total:
            filled = 30 * self.count // self.total
            sys.stderr.write(f"\rrendering [{'#' * filled}{'.' * (30 - filled)}] {self.count}/{self.total}")
            sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\r" + " " * 60 + "\r")
        sys.stderr.flush()
