"""Builds answered from the head of a slot's index: the memo's cheap checks (docs/architecture.md).

When the head's key (keys.head_key: everything but the postings' bytes) still matches and the
output folder is as that build left it, two builds need no more than the head:

- nothing changed (every posting's stamp is the same): say again what that build said;
- a few postings changed but each still gives the aggregate outputs the same line (same card
  key, same state: a paragraph edited, not a title): render those postings' own outputs and
  publish them; the head records them as stale for the next whole build to read again.

Both use the same per-posting stage (posting_build.process_files) and the same keys as the
whole build; they are cheaper checks of the same memo, not another pipeline.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from careersite import cache, cards, dates, keys, output
from careersite.diagnostics import Diagnostics
from careersite.files import stamp_pairs
from careersite.inputs import Inputs

if TYPE_CHECKING:
    from careersite.model import Page, Site
    from careersite.pipeline import BuildOptions, BuildResult

# At most this many changed postings are rebuilt from the head alone (more, as after a
# checkout, read the whole index), nor this many entries left out of date by such builds.
FEW_CHANGED, MOST_STALE = 16, 64


def usable_head(options: BuildOptions, slot: str, inputs: Inputs) -> cache.Head | None:
    """The head of the slot's index, when the output is as its build left it and that build read
    what this one would, but the postings' files (told without parsing: bytes and stamps)."""
    if not (options.write and options.use_cache):
        return None
    head = cache.load_head(slot)
    if head is None:
        return None
    out_dir = str(options.out_dir.resolve())
    if not (
        head.out_dir == out_dir
        and output.manifest_key(options.out_dir) == head.build_key
        and output.untouched(options.out_dir, head.out_dirs)
    ):
        return None
    try:
        today = dates.today(options.today, head.timezone)
    except dates.ClockError:
        return None  # the whole build says why
    if head.key != keys.head_key(inputs, out_dir, options.base_url, options.drafts, today):
        return None
    return head


def said_again(result: BuildResult, head: cache.Head, pages: tuple[Page, ...] | None = None) -> None:
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
    result.next_change = head.next_change


def rebuild_few(
    options: BuildOptions,
    slot: str,
    site: Site,
    pages: tuple[Page, ...],
    today: dt.date,
    render_environment: str,
    inputs: Inputs,
    head: cache.Head,
    result: BuildResult,
) -> bool:
    """Rebuild the few postings whose files changed, from the head alone, when each still gives the
    aggregate outputs what it gave. Otherwise return False, having published nothing."""
    from careersite.posting_build import RenderJob, process_files

    pairs = zip(stamp_pairs(inputs.stamps), stamp_pairs(head.stamps), strict=True)
    changed = [i for i, (new, old) in enumerate(pairs) if new != old]
    if len(changed) > FEW_CHANGED or len(head.stale) + len(changed) > MOST_STALE:
        return False
    manifest = output.read_manifest(options.out_dir)
    if manifest is None:
        return False
    staging = output.Staging()
    try:
        job = RenderJob(
            site, pages, options.templates_dir, today, options.drafts, render_environment, staging.root,
            bytecode_dir(options), head.cards_file,
        )  # fmt: skip
        work = [inputs.job_files[i] for i in changed]
        render_keys, render_sum = bytearray(head.render_keys), head.render_sum
        diagnostics = dict(head.diagnostics)
        recalled = 0
        for i, ((_, source), entry) in enumerate(zip(work, process_files(job, work), strict=True)):
            line = keys.pack_digests([keys.line(source, entry.card_key, entry.state)])
            same = entry.timing is not None and line == keys.packed_at(head.lines, changed[i])
            if (
                not same
                or Diagnostics(entry.diagnostics).has_errors()
                or not manifest.paths.issuperset(entry.outputs)
            ):
                return False  # the whole build says what went wrong, and publishes nothing
            render_sum = keys.swap_key(render_keys, changed[i], entry.render_key or "", render_sum)
            diagnostics[source] = tuple(entry.diagnostics)
            recalled += entry.recalled
            for path in entry.outputs:
                staging.adopt(path)
        build_key = keys.build_key(head.aggregate_key, render_sum)
        result.files_written, touched = output.publish(
            staging, options.out_dir, build_key, manifest.paths, manifest.paths
        )
        previous, head = head, head._replace(
            stamps=inputs.stamps, render_keys=bytes(render_keys), render_sum=render_sum, build_key=build_key,
            out_dirs=output.folder_times(options.out_dir, head.out_dirs, touched),
            diagnostics={source: found for source, found in diagnostics.items() if found},
            stale=head.stale | {source for _, source in work},
        )  # fmt: skip
        cache.save_head(head, replacing=previous, slot=slot)
        said_again(result, head, pages)
        result.files_rendered = len(staging.paths) - recalled
        return True
    finally:
        cards.close_files()
        staging.discard()


def bytecode_dir(options: BuildOptions) -> Path | None:
    """Where compiled templates are kept between builds: with the cache, when there is one."""
    return cache.templates_dir() if options.write and options.use_cache else None
