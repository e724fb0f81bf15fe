"""The aggregate stage: every output of the registry's AGGREGATES from the postings' cards, then
content/static copied beside them (after checking that no static file replaces one of them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence

from careersite import output, outputs
from careersite.dates import State, listed_states
from careersite.diagnostics import Diagnostics
from careersite.files import shown_path
from careersite.inputs import StaticFile
from careersite.model import Card, Page, Site
from careersite.render import Renderer


def render_aggregates(
    renderer: Renderer,
    site: Site,
    pages: tuple[Page, ...],
    cards: Sequence[Card],
    states_by_source: Mapping[str, State],
    drafts: bool,
    today: dt.date,
    static: Sequence[StaticFile],
    staging: output.Staging | None,
    diags: Diagnostics,
) -> None:
    """Render the aggregate outputs into staging (None, for check: in memory) and copy the static files."""
    states = {card.slug: states_by_source[card.source] for card in cards}
    listed = sorted(
        # No pieces: its row failed to render (reported), and check still renders the rest.
        (card for card in cards if states[card.slug] in listed_states(drafts) and card.pieces is not None),
        key=lambda card: (card.title, card.slug),
    )
    gathered = outputs.Gathered(
        renderer, site, tuple(page for page in pages if drafts or not page.draft), listed, states, today
    )
    made = set()
    # One output at a time (generators), so that at 10k postings the feed, jobs.json and the
    # listing are never all in memory together.
    for aggregate in outputs.AGGREGATES:
        for relative, data in aggregate.render(gathered):
            made.add(relative)
            if staging is not None:
                staging.add(relative, data)
            elif not isinstance(data, bytes):
                _drain(data)  # check: rendered in memory, for the template errors, and dropped
    _copy_static(static, made, staging, diags)


def _drain(chunks: Iterator[bytes]) -> None:
    for _ in chunks:
        pass


def _copy_static(
    static: Sequence[StaticFile], made: set[str], staging: output.Staging | None, diags: Diagnostics
) -> None:
    """Copy content/static to the site root, refusing a file that would replace one the build makes."""
    made_folders = {"jobs"} | {parent for name in made for parent in output.parents(name)}
    for file in static:
        name = file.name
        shown = shown_path(file.path)
        if "\n" in name or "\r" in name:
            diags.error(shown, 1, "a file name with a line break cannot be published", "rename it")
        elif (
            name in made
            or name in made_folders
            or name == output.MANIFEST
            or any(parent in made or parent == "jobs" for parent in output.parents(name))
        ):
            diags.error(
                shown, 1, f"`{name}` would replace a file or folder the build makes",
                "rename or remove the static file",
            )  # fmt: skip
        elif staging is not None:
            staging.add_copy(name, file.path)
