"""Incremental builds: the cache reuses what did not change and never changes the output."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from markupsafe import Markup

from careersite import cache, content, markdown, replay
from careersite.cache import CACHE_DIR
from careersite.cli import main
from careersite.files import discover_names, stamp_pairs, stamped_names
from careersite.pipeline import BuildOptions, BuildResult, build_site
from tests.conftest import TODAY, share_images, tree


def build(out: str = "site", today: str = TODAY, use_cache: bool = True) -> BuildResult:
    options = BuildOptions(out_dir=Path(out), today=dt.date.fromisoformat(today), use_cache=use_cache)
    result = build_site(options)
    assert result.ok, [str(d) for d in result.diagnostics.items] + [result.refused]
    return result


def index_file() -> Path:
    """The one slot's index in the cache of the current folder."""
    (path,) = CACHE_DIR.glob("index-*.pickle")
    return path


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def not_posting_pages(site: Path) -> int:
    """Files that are not a posting's own page (listing, departments, pages, feeds, assets…)."""
    return sum(1 for path in tree(site) if not path.startswith("jobs/") and path != ".careersite-manifest")


def test_nothing_changed_renders_nothing_and_writes_nothing(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    cold = build()
    assert cold.files_rendered == cold.files_total
    before = mtimes(root / "site")
    warm = build()
    assert (warm.files_rendered, warm.files_written) == (0, 0)
    assert warm.files_total == cold.files_total
    assert mtimes(root / "site") == before


def test_nothing_changed_reads_the_head_of_the_index_only_and_says_what_the_last_build_said(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(sample=True)
    for path in ("content/jobs/product-designer.md", "content/pages/life-at-paysecure.md"):
        with (root / path).open("a", encoding="utf-8") as written:
            written.write("\nTODO: say more about the team.\n")
    cold = build()
    said = sorted(map(str, cold.diagnostics.items))
    assert [message.split(":")[0] for message in said if "TODO" in message] == [
        "content/jobs/product-designer.md",
        "content/pages/life-at-paysecure.md",
    ]
    loads = count_index_loads(monkeypatch)

    def parse_nothing(*args: object) -> None:
        raise AssertionError("a build where nothing changed parses no YAML")

    monkeypatch.setattr(content, "load_site", parse_nothing)
    monkeypatch.setattr(content, "load_page", parse_nothing)
    warm = build()
    assert loads == []
    assert sorted(map(str, warm.diagnostics.items)) == said
    assert (warm.counts, warm.files_total, warm.files_rendered) == (cold.counts, cold.files_total, 0)


def test_the_stamps_a_rebuild_compares_are_of_the_postings_discovery_lists(tmp_path: Path) -> None:
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    for name in ("b.md", "a.md", ".hidden.md", "notes.txt"):
        (jobs / name).write_text(f"{name}\n" * len(name), encoding="utf-8")
    (jobs / "folder.md").mkdir()
    (jobs / "broken.md").symlink_to(tmp_path / "nowhere.md")
    (jobs / "link.md").symlink_to(jobs / "a.md")
    assert discover_names(jobs) == ["a.md", "b.md", "link.md"]
    (jobs / "loop.md").symlink_to(jobs / "loop.md")  # kept, unstamped: the build reports it
    names, stamps = stamped_names(jobs)
    assert names == ["a.md", "b.md", "link.md", "loop.md"]
    expected = [((jobs / name).stat().st_mtime_ns, (jobs / name).stat().st_size) for name in names[:3]]
    assert list(stamp_pairs(stamps)) == [*expected, (-1, -1)]
    assert stamped_names(tmp_path / "missing") == ([], b"")


def test_nothing_changed_imports_no_parser_no_template_engine_and_no_content_model(
    project: Callable[..., Path],
) -> None:
    root = project(sample=True)
    build()
    script = (  # in a fresh interpreter: this one has imported everything already
        "import datetime as dt, sys\n"
        "from pathlib import Path\n"
        "from careersite.pipeline import BuildOptions, build_site\n"
        f"result = build_site(BuildOptions(out_dir=Path('site'), today=dt.date.fromisoformat('{TODAY}')))\n"
        "heavy = ('yaml', 'babel', 'jinja2', 'markdown', 'careersite.model', 'multiprocessing')\n"
        "print(result.files_rendered, [name for name in heavy if name in sys.modules])\n"
    )
    ran = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "0 []"


@pytest.mark.parametrize(
    "change",
    [
        "edit a static file, same size",
        "touch a static file",
        "add a file to the output",
        "remove a file from the output",
        "another day",
    ],
)
def test_any_change_makes_the_build_read_the_index_and_the_next_one_need_it_no_more(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    root = project({"content/static/robots-extra.txt": "one\n"}, sample=True)
    build()
    today = TODAY
    if change == "edit a static file, same size":
        (root / "content/static/robots-extra.txt").write_text("two\n")
    elif change == "touch a static file":
        static = root / "content/static/robots-extra.txt"
        os.utime(static, ns=(static.stat().st_atime_ns, static.stat().st_mtime_ns + 10**9))
    elif change == "add a file to the output":
        (root / "site/jobs/product-designer/notes.txt").write_text("mine\n")
    elif change == "remove a file from the output":
        (root / "site/jobs/product-designer/index.html").unlink()
    else:
        today = (dt.date.fromisoformat(TODAY) + dt.timedelta(days=1)).isoformat()
    loads = count_index_loads(monkeypatch)
    if change == "add a file to the output":
        assert main(["build", "--today", today]) == 2  # refused: a file this tool did not write
        assert loads == [1]
        return
    build(today=today)
    assert loads == [1]
    build(today=today)
    assert loads == [1], "the build that read the index leaves a head that answers for the next one"
    cold = root.parent / "cold"
    build(out=str(cold), today=today, use_cache=False)
    assert tree(root / "site") == tree(cold)


def test_a_paragraph_edited_is_rebuilt_from_the_head_of_the_index_alone(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(sample=True)
    build()
    loads = count_index_loads(monkeypatch)
    posting = root / "content/jobs/product-designer.md"
    posting.write_text(
        posting.read_text(encoding="utf-8") + "\nTODO: one more paragraph.\n", encoding="utf-8"
    )
    warm = build()
    assert (loads, warm.files_rendered, warm.files_written) == ([], 1, 1)
    assert any("TODO" in str(diagnostic) for diagnostic in warm.diagnostics.items)  # its new warning
    assert tree(root / "site") == cold_tree(root, keep_cache=True)
    again = build()
    assert (loads, again.files_rendered) == ([], 0)
    assert sorted(map(str, again.diagnostics.items)) == sorted(map(str, warm.diagnostics.items))
    os.utime(posting, ns=(posting.stat().st_atime_ns, posting.stat().st_mtime_ns + 10**9))
    touched = build()
    assert (loads, touched.files_rendered, touched.files_written) == ([], 1, 0)  # the same bytes
    # A title is in the listing: that needs the index, whose entry for this posting is out of date.
    edit(posting, "title: Product Designer", "title: Senior Product Designer")
    build()
    assert loads == [1]
    assert tree(root / "site") == cold_tree(root)


def test_a_file_put_back_as_it_was_is_not_taken_for_what_the_index_remembers(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(sample=True)
    posting = root / "content/jobs/product-designer.md"
    original, stamp = posting.read_bytes(), posting.stat().st_mtime_ns
    build()
    posting.write_bytes(original.replace(b"the rest from home.", b"the rest from home!"))  # same size
    build()  # from the head alone: the index's entry for it is now out of date
    posting.write_bytes(original)
    os.utime(posting, ns=(stamp, stamp))  # restored from a backup: the stamp the index remembers
    edit(root / "content/jobs/frontend-engineer.md", "title: Frontend Engineer", "title: Web Engineer")
    loads = count_index_loads(monkeypatch)
    build()
    assert loads == [1]
    assert "the rest from home." in (root / "site/jobs/product-designer/index.html").read_text()
    assert tree(root / "site") == cold_tree(root)


def test_edits_that_change_more_than_their_page_read_the_index(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(sample=True)
    build()
    published = tree(root / "site")
    loads = count_index_loads(monkeypatch)
    posting = root / "content/jobs/product-designer.md"
    edit(posting, "title: Product Designer", "title: [Product Designer")  # a YAML mistake
    assert main(["build", "--today", TODAY]) == 1
    assert "product-designer.md:" in capsys.readouterr().err
    assert loads == [1]
    assert tree(root / "site") == published  # nothing published


def test_a_page_that_fails_to_render_after_an_edit_publishes_nothing(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(sample=True)
    edit(  # a mistake the template makes only for some bodies
        root / "templates/job.html",
        "{% if posting.experience %}",
        '{% if "BOOM" in posting.body %}{{ posting.no_such_field }}{% endif %}{% if posting.experience %}',
    )
    build()
    published = tree(root / "site")
    for name, text in [("senior-backend-engineer", "Another paragraph."), ("security-consultant", "BOOM")]:
        posting = root / f"content/jobs/{name}.md"
        posting.write_text(posting.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")
    assert main(["build", "--today", TODAY]) == 1
    assert "job.html" in capsys.readouterr().err
    assert tree(root / "site") == published


def test_the_index_is_written_again_when_too_many_of_its_entries_are_out_of_date(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(sample=True)
    monkeypatch.setattr(replay, "MOST_STALE", 2)
    build()
    loads = count_index_loads(monkeypatch)
    for number, name in enumerate(["product-designer", "frontend-engineer", "mobile-engineer"]):
        posting = root / f"content/jobs/{name}.md"
        posting.write_text(posting.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
        assert build().files_rendered >= 1
        assert loads == [1] * max(0, number - 1)
    assert build().files_rendered == 0
    assert loads == [1]
    assert tree(root / "site") == cold_tree(root)


def count_index_loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the builds that read the whole index (cache.load), not just its head."""
    loads: list[int] = []
    load = cache.load

    def counted(*args: object, **kwargs: object) -> cache.BuildCache:
        loads.append(1)
        return load(*args, **kwargs)

    monkeypatch.setattr(cache, "load", counted)
    return loads


def test_one_changed_posting_rerenders_its_page_and_the_aggregates_only(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    build()
    edit(root / "content/jobs/product-designer.md", "Design the dashboards", "Design the merchant dashboards")
    warm = build()
    assert warm.files_rendered - not_posting_pages(root / "site") == 1  # its page, no other posting's
    assert 1 <= warm.files_written <= warm.files_rendered
    assert "Design the merchant dashboards" in (root / "site/jobs/product-designer/index.html").read_text()
    cold = root.parent / "cold"
    os.chdir(root)
    build(out=str(cold), use_cache=False)
    assert tree(root / "site") == tree(cold), "a cached build must be byte-identical to a cold one"


def test_an_edit_the_listing_does_not_show_rerenders_that_page_alone(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    build()
    posting = root / "content/jobs/product-designer.md"
    posting.write_text(posting.read_text(encoding="utf-8") + "\nOne more paragraph, far below the summary.\n")
    warm = build()
    assert (warm.files_rendered, warm.files_written) == (1, 1)  # the listing, feed and jobs.json stay
    assert "One more paragraph" in (root / "site/jobs/product-designer/index.html").read_text()
    assert tree(root / "site") == cold_tree(root)


def test_a_title_change_rerenders_every_page_that_shows_it(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    build()
    edit(
        root / "content/jobs/product-designer.md", "title: Product Designer", "title: Staff Product Designer"
    )
    warm = build()
    changed = {"jobs/product-designer/index.html", "index.html", "feed.xml", "jobs.json"}
    for name in changed:
        assert "Staff Product Designer" in (root / "site" / name).read_text(), name
    assert tree(root / "site") == cold_tree(root)
    assert warm.files_written >= len(changed)


def test_a_template_change_renders_no_body_again(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(sample=True)
    build()
    rendered: list[str] = []
    original = markdown.render_markdown

    def counting(text: str) -> Markup:
        rendered.append(text)
        return original(text)

    monkeypatch.setattr(markdown, "render_markdown", counting)
    template = root / "templates/_macros.html"
    template.write_text(
        template.read_text(encoding="utf-8").replace('class="job-meta"', 'class="job-meta facts"')
    )
    warm = build()
    assert warm.files_written > 1 and 'class="job-meta facts"' in (root / "site/index.html").read_text()
    bodies = {
        path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        for path in (root / "content/jobs").glob("*.md")
    }
    assert not bodies & set(rendered), "a posting's Markdown was rendered again"
    monkeypatch.setattr(markdown, "render_markdown", original)
    assert tree(root / "site") == cold_tree(root)


def test_a_damaged_cards_file_only_makes_the_build_slower(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    build()
    (cards,) = (root / CACHE_DIR).glob("cards-*.bin")
    cards.write_bytes(cards.read_bytes()[: cards.stat().st_size // 3])
    edit(
        root / "content/jobs/product-designer.md", "title: Product Designer", "title: Staff Product Designer"
    )
    build()
    assert tree(root / "site") == cold_tree(root)


@pytest.mark.parametrize("edit_title", [True, False])
def test_a_cards_file_damaged_in_place_only_makes_the_build_slower(
    project: Callable[..., Path], edit_title: bool
) -> None:
    root = project(sample=True)
    build()
    (cards,) = (root / CACHE_DIR).glob("cards-*.bin")
    cards.write_bytes(bytes(byte ^ 0x55 for byte in cards.read_bytes()))  # the same size, other bytes
    posting = root / "content/jobs/product-designer.md"
    if edit_title:  # the listing is made again from every card
        edit(posting, "title: Product Designer", "title: Staff Product Designer")
    else:  # the template changed: every page again, from the bodies kept
        edit(root / "templates/job.html", "</article>", "<p>Hiring</p></article>")
    build()
    assert tree(root / "site") == cold_tree(root)


def test_template_change_rerenders_everything(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    cold = build()
    template = root / "templates/job.html"
    template.write_text(template.read_text(encoding="utf-8") + "{# a comment changes the template #}\n")
    assert build().files_rendered == cold.files_total - share_images(root / "site")  # they show no template


def test_site_yaml_change_rerenders_everything(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    cold = build()
    edit(root / "content/site.yaml", "Build the payments India trusts", "Build payments India trusts")
    assert build().files_rendered == cold.files_total - share_images(root / "site")  # they show no tagline
    assert "Build payments India trusts" in (root / "site/index.html").read_text()


def test_a_posting_that_closes_overnight_is_rerendered_without_any_file_change(
    project: Callable[..., Path],
) -> None:
    root = project(sample=True)
    build(today="2026-12-31")
    page = root / "site/jobs/data-science-intern/index.html"
    assert 'name="robots" content="noindex"' not in page.read_text()
    build(today="2027-01-01")  # its valid_through is 2026-12-31
    assert 'name="robots" content="noindex"' in page.read_text()
    assert "data-science-intern" not in (root / "site/jobs.json").read_text()


def test_a_scheduled_posting_opens_on_its_day(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    build(today="2027-01-04")
    assert not (root / "site/jobs/compliance-manager").exists()
    build(today="2027-01-05")
    assert (root / "site/jobs/compliance-manager/index.html").is_file()


@pytest.mark.parametrize("damage", [b"", b"not a pickle at all", b"\x80\x05garbage"])
def test_a_corrupt_cache_is_survived_with_a_notice(project: Callable[..., Path], damage: bytes) -> None:
    root = project(sample=True)
    build()
    reference = tree(root / "site")
    index_file().write_bytes(damage)
    result = build()
    # Nothing trusted from a broken index; the memo's files are checked on their own.
    assert result.files_rendered == result.files_total - share_images(root / "site")
    assert tree(root / "site") == reference
    assert any("ignoring the unreadable build cache" in notice for notice in result.notices)


def test_a_cache_from_another_version_is_set_aside_without_a_word(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(sample=True)
    build()
    reference = tree(root / "site")
    monkeypatch.setattr(cache, "code_key", lambda: "0" * 32)  # as if other code read this cache
    result = build()
    # The memo's keys hold the code key itself (test_memo changes it): only the index is set aside here.
    assert (result.files_rendered, result.notices) == (result.files_total - share_images(root / "site"), [])
    assert tree(root / "site") == reference


def test_deleted_output_files_are_rendered_again(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    build()
    reference = tree(root / "site")
    (root / "site/jobs/senior-backend-engineer/index.html").unlink()
    (root / "site/index.html").unlink()
    build()
    assert tree(root / "site") == reference


def test_no_cache_renders_everything(project: Callable[..., Path]) -> None:
    project(sample=True)
    build()
    result = build(use_cache=False)
    assert result.files_rendered == result.files_total


def test_no_cache_leaves_a_cache_for_the_next_build(project: Callable[..., Path]) -> None:
    project(sample=True)
    build(use_cache=False)
    assert build().files_rendered == 0


def test_the_cli_prints_the_cache_notice(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project(sample=True)
    build()
    index_file().write_bytes(b"garbage")
    assert main(["build", "--today", TODAY]) == 0
    assert "note: ignoring the unreadable build cache" in capsys.readouterr().err


# -- found in review: each of these once went wrong on a cached build -----------------------------


def cold_tree(root: Path, keep_cache: bool = False) -> dict[str, str]:
    """Build the same project with --no-cache into a fresh folder and hash its files.

    That build leaves its own cache; keep_cache puts back the one the project had.
    """
    cold = root.parent / f"cold-{len(list(root.parent.iterdir()))}"
    kept = root.parent / f"{cold.name}-cache"
    if keep_cache:
        shutil.copytree(root / CACHE_DIR, kept)
    build(out=str(cold), use_cache=False)
    if keep_cache:
        shutil.rmtree(root / CACHE_DIR)
        kept.rename(root / CACHE_DIR)
    return tree(cold)


def test_renamed_free_page_is_published_under_its_new_name(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    build()
    (root / "content/pages/life-at-paysecure.md").rename(root / "content/pages/culture.md")
    build()
    assert (root / "site/pages/culture/index.html").is_file()
    assert not (root / "site/pages/life-at-paysecure").exists()
    assert tree(root / "site") == cold_tree(root)


def test_a_page_slug_taken_twice_is_an_error_on_a_cached_build(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(sample=True)
    build()
    (root / "content/pages/other.md").write_text("---\ntitle: Other\nslug: life-at-paysecure\n---\n\nText\n")
    assert main(["build", "--today", TODAY]) == 1
    assert "the URL name `life-at-paysecure` is also used by" in capsys.readouterr().err


def test_a_static_file_replaced_by_a_folder_of_the_same_name(project: Callable[..., Path]) -> None:
    root = project({"content/static/docs": "x\n"}, sample=True)
    build()
    (root / "content/static/docs").unlink()
    (root / "content/static/docs").mkdir()
    (root / "content/static/docs/a.txt").write_text("y\n")
    build()
    assert (root / "site/docs/a.txt").read_text() == "y\n"
    assert tree(root / "site") == cold_tree(root)


@pytest.mark.parametrize("name", ["jobs", "departments", "index.html/a", "jobs/mine.html"])
def test_a_static_file_that_collides_with_the_build_is_an_error(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str], name: str
) -> None:
    project({f"content/static/{name}": "x\n"}, sample=True)
    assert main(["build", "--today", TODAY]) == 1
    assert "would replace a file or folder the build makes" in capsys.readouterr().err


def test_a_foreign_file_in_a_folder_without_published_files_is_noticed(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(sample=True)
    (root / "site/extra").mkdir(parents=True)
    build()
    build()
    (root / "site/extra/foreign.txt").write_text("mine\n")
    assert main(["build", "--today", TODAY]) == 2
    assert "extra/foreign.txt" in capsys.readouterr().err


def test_a_static_file_named_like_a_comment_is_published_and_kept_track_of(
    project: Callable[..., Path],
) -> None:
    root = project({"content/static/#CNAME#": "x\n"}, sample=True)
    build()
    assert build().files_rendered == 0
    build(use_cache=False)
    (root / "content/static/#CNAME#").unlink()
    build()
    assert not (root / "site/#CNAME#").exists()


def test_another_build_into_the_same_folder_is_not_trusted(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    build()
    build_site(
        BuildOptions(out_dir=Path("site"), today=dt.date.fromisoformat(TODAY), drafts=True, use_cache=False)
    )
    build()
    assert tree(root / "site") == cold_tree(root)


def test_a_manifest_never_makes_the_build_delete_outside_the_folder(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    build()
    (root / "victim.txt").write_text("precious\n")
    with (root / "site/.careersite-manifest").open("a") as manifest:
        manifest.write("../victim.txt\n/etc/hostname\n")
    build(use_cache=False)
    assert (root / "victim.txt").read_text() == "precious\n"


@pytest.mark.parametrize("setup", ["file-parent", "manifest-folder", "broken-link", "inside"])
def test_odd_output_folders_are_refused_with_exit_2(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str], setup: str
) -> None:
    root = project(sample=True)
    out = "site"
    if setup == "file-parent":
        (root / "afile").write_text("x")
        out = "afile/site"
    elif setup == "manifest-folder":
        (root / "site/.careersite-manifest").mkdir(parents=True)
    elif setup == "broken-link":
        (root / "site").symlink_to(root / "nowhere")
    else:
        out = "."
    assert main(["build", "--today", TODAY, "--out", out]) == 2
    assert "internal error" not in capsys.readouterr().err
