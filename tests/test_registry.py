"""The outputs registry: adding an output is one entry (docs/architecture.md, "Adding an output").

The entries below are the worked example of docs/architecture.md, added by patching
outputs.AGGREGATES and outputs.POSTING_OUTPUTS alone: nothing else is told about them, and the
cache, cold and cached builds, and check all follow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from markupsafe import Markup

from careersite import outputs
from careersite.dates import State
from careersite.model import Posting
from careersite.outputs import Aggregate, File, Gathered, Piece, PostingOutput
from careersite.pipeline import BuildOptions, BuildResult, build_site
from careersite.render import Renderer
from tests.conftest import SAMPLE_OPEN, TODAY, tree


# -- the worked example: a plain-text list of open roles, one line per posting --------------------
def title_line(renderer: Renderer, posting: Posting, state: State, summary: str, body: Markup) -> bytes:
    return f"{posting.title}\t{renderer.site.base_url}jobs/{posting.slug}/\n".encode()


def roles_txt(gathered: Gathered) -> Iterable[File]:
    lines = sorted(card.pieces["title_line"] for card in gathered.open_cards if card.pieces)
    return [("roles.txt", b"".join(lines))]


ROLES = Aggregate("roles.txt", roles_txt, Piece("title_line", title_line))


# -- and a per-posting one: each posting's title as text beside its page --------------------------
def title_file(renderer: Renderer, posting: Posting, state: State, body: Markup) -> list[tuple[str, bytes]]:
    return [(f"jobs/{posting.slug}/title.txt", f"{posting.title}\n".encode())]


TITLE = PostingOutput("title.txt", title_file)


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outputs, "AGGREGATES", (*outputs.AGGREGATES, ROLES))
    monkeypatch.setattr(outputs, "POSTING_OUTPUTS", (*outputs.POSTING_OUTPUTS, TITLE))


def build(out: str = "site", use_cache: bool = True) -> BuildResult:
    options = BuildOptions(out_dir=Path(out), today=dt.date.fromisoformat(TODAY), use_cache=use_cache)
    result = build_site(options)
    assert result.ok, [str(d) for d in result.diagnostics.items] + [result.refused]
    return result


def test_every_piece_has_a_name_of_its_own_and_every_output_is_declared_once() -> None:
    names = [aggregate.name for aggregate in outputs.AGGREGATES]
    names += [output.name for output in outputs.POSTING_OUTPUTS]
    assert len(names) == len(set(names))
    assert len(outputs.piece_names()) == len(set(outputs.piece_names()))
    assert outputs.piece_names() == ("row", "department_row", "feed_entry", "jobs_entry", "indeed")


def test_an_added_output_is_published_from_its_entry_alone(
    project: Callable[..., Path], registered: None
) -> None:
    root = project(sample=True)
    result = build()
    lines = (root / "site/roles.txt").read_text(encoding="utf-8").splitlines()
    assert sorted(line.split("\t")[1].rsplit("/", 2)[1] for line in lines) == sorted(SAMPLE_OPEN)
    title = (root / "site/jobs/senior-backend-engineer/title.txt").read_text(encoding="utf-8")
    assert title == "Senior Backend Engineer - Fintech\n"
    assert "roles.txt" in (root / "site/.careersite-manifest").read_text(encoding="utf-8")
    assert build().files_rendered == 0
    assert result.files_total == build().files_total


def test_an_added_output_follows_edits_like_the_others(
    project: Callable[..., Path], registered: None
) -> None:
    root = project(sample=True)
    build()
    posting = root / "content/jobs/senior-backend-engineer.md"
    text = posting.read_text(encoding="utf-8")
    posting.write_text(
        text.replace("title: Senior Backend Engineer - Fintech", "title: Staff Backend Engineer")
    )
    build()
    assert "Staff Backend Engineer\t" in (root / "site/roles.txt").read_text(encoding="utf-8")
    assert (root / "site/jobs/senior-backend-engineer/title.txt").read_text() == "Staff Backend Engineer\n"
    build(out="cold", use_cache=False)
    assert tree(root / "site") == tree(root / "cold")


def test_a_cache_written_without_the_piece_is_not_read_for_it(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cards file stores pieces by name: a card without the new piece is rendered again."""
    root = project(sample=True)
    build()
    monkeypatch.setattr(outputs, "AGGREGATES", (*outputs.AGGREGATES, ROLES))
    posting = root / "content/jobs/product-designer.md"
    posting.write_text(posting.read_text(encoding="utf-8").replace("title: ", "title: Senior ", 1))
    build()
    lines = (root / "site/roles.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(SAMPLE_OPEN)
    build(out="cold", use_cache=False)
    assert tree(root / "site") == tree(root / "cold")
