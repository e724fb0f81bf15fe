"""The theme through Renderer: what candidates and crawlers get from each page kind."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import posixpath
import re
import shutil
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from careersite import feeds, outputs, overrides, pages
from careersite.dates import State
from careersite.diagnostics import Diagnostics
from careersite.markdown import render_markdown, summarize
from careersite.model import (
    Card,
    Content,
    Experience,
    Location,
    Organization,
    Page,
    Posting,
    Salary,
    Site,
    Workplace,
)
from careersite.render import Renderer

REPO_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TODAY = dt.date(2026, 11, 25)
BANGALORE = Location("Bangalore", "IN", "Karnataka")


def make_site(**changes: Any) -> Site:
    site = Site(
        title="Careers at PaySecure",
        base_url="https://careers.paysecure.example/",
        language="en-IN",
        timezone="Asia/Kolkata",
        tagline="Build the payments India trusts",
        organization=Organization(
            name="PaySecure Financial Technologies",
            url="https://www.paysecure.example",
            logo="assets/logo.svg",
        ),
    )
    return dataclasses.replace(site, **changes)


def make_posting(slug: str = "senior-backend-engineer", **changes: Any) -> Posting:
    posting = Posting(
        source=Path(f"content/jobs/{slug}.md"),
        slug=slug,
        title="Senior Backend Engineer - Fintech",
        date_posted=dt.date(2026, 11, 20),
        apply=f"https://paysecure.example/apply/{slug}",
        identifier=slug,
        workplace=Workplace.ON_SITE,
        locations=(BANGALORE,),
        employment_types=("full-time",),
        salary=Salary("INR", Decimal(3_500_000), Decimal(5_500_000), "year"),
        experience=Experience(48, "4-7 years"),
        valid_through=dt.date(2027, 2, 28),
        department="Engineering",
        department_slug="engineering",
        body="## Role overview\n\nBuild payment systems.\n\n## Responsibilities\n\n- Lead reviews\n",
    )
    return dataclasses.replace(posting, **changes)


def sample_postings() -> dict[str, tuple[Posting, State]]:
    return {
        "senior-backend-engineer": (make_posting(aliases=("backend-engineer",)), State.OPEN),
        "product-designer": (
            make_posting(
                "product-designer",
                title="Product Designer",
                apply="mailto:jobs@paysecure.example",
                workplace=Workplace.REMOTE,
                locations=(),
                applicant_locations=("IN",),
                employment_types=("full-time", "contract"),
                salary=None,
                department="Design",
                department_slug="design",
            ),
            State.OPEN,
        ),
        "android-engineer": (make_posting("android-engineer", title="Android Engineer"), State.OPEN),
        "finance-lead": (
            make_posting(
                "finance-lead",
                title="Finance Lead",
                department="Finance",
                department_slug="finance",
                date_posted=dt.date(2025, 1, 1),
                valid_through=dt.date(2025, 3, 1),
            ),
            State.CLOSED,
        ),
        "data-engineer": (make_posting("data-engineer", title="Data Engineer", draft=True), State.DRAFT),
    }


class ParsedPage(HTMLParser):
    """The parts of an HTML page the tests look at."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.source = html
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: dict[str, list[str]] = {}
        self._open: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self._open.append(tag)
        self.text.setdefault(tag, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        for tag in set(self._open):
            self.text[tag][-1] += data

    def all(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def texts(self, tag: str) -> list[str]:
        return [" ".join(text.split()) for text in self.text.get(tag, [])]

    def jsonld_types(self) -> list[str]:
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', self.source, re.S)
        return [json.loads(block)["@type"] for block in blocks]


def parse(data: bytes) -> ParsedPage:
    return ParsedPage(data.decode("utf-8"))


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    """A copy of the real theme that a test may break."""
    folder = tmp_path / "templates"
    shutil.copytree(REPO_TEMPLATES, folder)
    return folder


def renderer_for(
    templates: Path, postings: list[Posting], site: Site | None = None, pages: tuple[Page, ...] = ()
) -> tuple[Renderer, Diagnostics]:
    diags = Diagnostics()
    del postings  # a Renderer serves every posting of its site
    content = Content(site=site or make_site(), pages=pages)
    return Renderer(templates, content, TODAY, True, diags), diags


def posting_files(renderer: Renderer, posting: Posting, state: State) -> list[tuple[str, bytes]]:
    """A posting's files, from the registry's posting outputs, as a build's worker renders them."""
    return outputs.posting_files(renderer, posting, state, render_markdown(posting.body))


def listing_files(
    renderer: Renderer, listed: list[Card], states: dict[str, State], pages: tuple[Page, ...] = ()
) -> list[tuple[str, bytes]]:
    """The listing and department pages, from the registry's aggregates (`pages`: every aggregate)."""
    gathered = outputs.Gathered(renderer, renderer.site, pages, listed, states, TODAY)
    wanted = [a for a in outputs.AGGREGATES if pages or a.name in ("listing", "department pages")]
    files = []
    for aggregate in wanted:
        for path, data in aggregate.render(gathered):
            files.append((path, data if isinstance(data, bytes) else b"".join(data)))
    return [] if any(not data for _, data in files) else files


def cards_for(renderer: Renderer, entries: list[tuple[Posting, State]]) -> list[Card]:
    """The cards of listed postings, with their pieces rendered as a build's worker renders them."""
    cards = []
    for posting, state in entries:
        summary = posting.summary or summarize(render_markdown(posting.body))
        pieces = outputs.posting_pieces(renderer, posting, state, summary, render_markdown(posting.body))
        published, updated = feeds.feed_times(posting, renderer.site)
        cards.append(
            Card.of(posting, str(posting.source), pieces=pieces, published=published, updated=updated)
        )
    return cards


def build(templates: Path, site: Site | None = None) -> tuple[dict[str, bytes], Diagnostics]:
    """Render every page kind for the sample postings, as the pipeline would."""
    entries = sample_postings()
    pages = (
        Page(Path("content/pages/life.md"), "life", "Life at PaySecure", order=2, body="## Teams\n\nText."),
        Page(Path("content/pages/benefits.md"), "benefits", "Benefits", order=1, body="Health cover."),
        Page(Path("content/pages/faq.md"), "faq", "FAQ", body="Questions."),
    )
    renderer, diags = renderer_for(templates, [p for p, _ in entries.values()], site, pages)
    files: list[tuple[str, bytes]] = []
    for posting, state in entries.values():
        files += posting_files(renderer, posting, state)
    listed = cards_for(
        renderer, [(p, state) for p, state in entries.values() if state in (State.OPEN, State.DRAFT)]
    )
    listed.sort(key=lambda card: (card.title, card.slug))
    files += listing_files(renderer, listed, {slug: state for slug, (_, state) in entries.items()}, pages)
    return dict(files), diags


def test_every_page_kind_is_rendered_without_diagnostics(templates: Path) -> None:
    files, diags = build(templates)
    assert diags.items == []
    assert sorted(files) == [
        "404.html",
        "_headers",
        "assets/logo.svg",
        "assets/site.css",
        "assets/site.js",
        "departments/design/index.html",
        "departments/engineering/index.html",
        "feed.xml",
        "index.html",
        "jobs.json",
        "jobs.schema.json",
        "jobs/android-engineer/index.html",
        "jobs/android-engineer/share.png",
        "jobs/backend-engineer/index.html",
        "jobs/data-engineer/index.html",
        "jobs/finance-lead/index.html",
        "jobs/product-designer/index.html",
        "jobs/product-designer/share.png",
        "jobs/senior-backend-engineer/index.html",
        "jobs/senior-backend-engineer/share.png",
        "pages/benefits/index.html",
        "pages/faq/index.html",
        "pages/life/index.html",
        "robots.txt",
        "sitemap.xml",
    ]


def test_every_page_has_one_h1_a_language_a_title_and_landmarks(templates: Path) -> None:
    files, _ = build(templates)
    for name, data in files.items():
        if not name.endswith(".html") or name == "jobs/backend-engineer/index.html":
            continue
        page = parse(data)
        assert len(page.all("h1")) == 1, name
        assert page.all("html", lang="en-IN"), name
        assert page.texts("title")[0], name
        assert page.all("meta", name="description")[0]["content"], name
        for landmark in ("header", "nav", "main", "footer"):
            assert page.all(landmark), (name, landmark)
        assert page.all("a", href="#main-content") and page.all("main", id="main-content"), name
        ids = [attrs["id"] for _, attrs in page.tags if "id" in attrs]
        assert len(ids) == len(set(ids)), name


def test_open_posting_has_apply_buttons_facts_and_one_jobposting(templates: Path) -> None:
    files, _ = build(templates)
    page = parse(files["jobs/senior-backend-engineer/index.html"])
    applies = [
        a for a in page.all("a") if a.get("href") == "https://paysecure.example/apply/senior-backend-engineer"
    ]
    assert len(applies) == 2
    assert page.source.count(">Apply for Senior Backend Engineer - Fintech</a>") == 2
    assert page.jsonld_types() == ["JobPosting", "BreadcrumbList"]
    assert not page.all("meta", name="robots")
    assert page.all(
        "link", rel="canonical", href="https://careers.paysecure.example/jobs/senior-backend-engineer/"
    )
    assert page.all("meta", property="og:url")
    image = "https://careers.paysecure.example/jobs/senior-backend-engineer/share.png"  # its own
    assert page.all("meta", property="og:image", content=image)
    assert page.all("meta", name="twitter:card", content="summary_large_image")
    assert "PaySecure Financial Technologies" in page.texts("p")
    for fact in (
        "₹35,00,000 \u2013 ₹55,00,000 a year",
        "4-7 years",
        "Bangalore, Karnataka, IN",
        "On-site",
        "Full-time",
    ):
        assert fact in page.texts("dd"), fact
    assert page.all("time", datetime="2026-11-20") and page.all("time", datetime="2027-02-28")
    assert page.all("a", href="../../departments/engineering/")
    assert page.all("nav", **{"aria-label": "Breadcrumb"})
    assert page.all("h2", id="role-overview")


def test_mailto_apply_says_apply_by_email(templates: Path) -> None:
    files, _ = build(templates)
    page = parse(files["jobs/product-designer/index.html"])
    assert page.source.count('href="mailto:jobs@paysecure.example">Apply by e-mail</a>') == 2
    assert "Apply: jobs@paysecure.example" in page.texts("p")
    assert "Remote from India" in page.texts("dd")


def test_closed_posting_has_notice_noindex_and_no_apply_or_jobposting(templates: Path) -> None:
    files, _ = build(templates)
    page = parse(files["jobs/finance-lead/index.html"])
    assert page.all("div", role="status")
    assert "This position is closed." in page.texts("strong")
    assert page.all("meta", name="robots", content="noindex")
    assert "JobPosting" not in page.source
    assert "https://paysecure.example/apply/finance-lead" not in page.source
    assert "Apply for" not in page.source
    assert page.all("a", href="../../")
    # Its department may have no open roles (no department page); the filtered listing always exists.
    assert page.all("a", href="../../?department=finance")
    assert "Finance Lead" in page.texts("h1")


def test_draft_posting_is_marked_noindex_and_without_jobposting(templates: Path) -> None:
    files, _ = build(templates)
    page = parse(files["jobs/data-engineer/index.html"])
    assert "Draft" in page.texts("span")
    assert page.texts("title")[0].startswith("Draft: ")
    assert page.all("meta", name="robots", content="noindex")
    assert "JobPosting" not in page.source
    listing = parse(files["index.html"])
    assert listing.source.count('<span class="badge badge-draft">Draft</span>') == 1
    assert "3 open roles · 1 draft" in listing.texts("p")


def test_alias_redirects_to_the_posting(templates: Path) -> None:
    files, _ = build(templates)
    page = parse(files["jobs/backend-engineer/index.html"])
    canonical = "https://careers.paysecure.example/jobs/senior-backend-engineer/"
    assert page.all("link", rel="canonical", href=canonical)
    assert page.all("meta", **{"http-equiv": "refresh", "content": "0; url=../senior-backend-engineer/"})
    assert page.all("meta", name="robots", content="noindex")
    assert page.all("a", href="../senior-backend-engineer/")
    assert page.texts("title")[0]


def test_relative_links_resolve_to_rendered_files(templates: Path) -> None:
    files, _ = build(templates)
    checked = 0
    for name, data in files.items():
        if not name.endswith(".html") or name == "404.html":
            continue
        page = parse(data)
        for tag, attrs in page.tags:
            link = attrs.get("href") if tag in ("a", "link") else attrs.get("src")
            if not link or link.startswith(("#", "mailto:")) or "://" in link:
                continue
            assert not link.startswith("/"), (name, link)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), link.split("?")[0]))
            if link.split("?")[0].endswith("/") or target == ".":
                target = posixpath.join(target, "index.html") if target != "." else "index.html"
            assert target in files, (name, link)
            checked += 1
    assert checked > 50


def test_not_found_page_links_root_relative_under_the_base_path(templates: Path) -> None:
    files, _ = build(templates, make_site(base_url="https://example.com/careers/"))
    page = parse(files["404.html"])
    links = [
        attrs.get("href") or attrs.get("src")
        for tag, attrs in page.tags
        if tag in ("a", "link", "script", "img")
    ]
    local = [link for link in links if link and "://" not in link and not link.startswith("#")]
    assert "/careers/assets/site.css" in local and "/careers/assets/site.js" in local
    assert "/careers/" in local and "/careers/pages/benefits/" in local
    assert all(link.startswith("/careers/") for link in local), local
    assert page.all("meta", name="robots", content="noindex")


def test_listing_groups_by_department_and_sorts_by_title(templates: Path) -> None:
    files, _ = build(templates)
    page = parse(files["index.html"])
    assert page.texts("h2") == ["Design (1)", "Engineering (3)"]
    assert page.texts("h3") == [
        "Product Designer",
        "Android Engineer",
        "Data Engineer Draft",
        "Senior Backend Engineer - Fintech",
    ]
    assert "Finance Lead" not in page.source
    assert page.jsonld_types() == ["Organization"]
    rows = page.all("li", **{"class": "job"})
    assert rows[0]["data-workplace"] == "remote" and rows[0]["data-type"] == "full-time contract"
    assert (
        rows[3]["data-department"] == "engineering" and rows[3]["data-location"] == "Bangalore, Karnataka, IN"
    )
    assert "₹35L \u2013 ₹55L" in page.texts("li")
    assert page.all("time", datetime="2026-11-20")


def test_listing_filter_controls_are_labelled_and_hidden_without_javascript(templates: Path) -> None:
    files, _ = build(templates)
    page = parse(files["index.html"])
    labelled = {attrs["for"] for attrs in page.all("label") if "for" in attrs}
    for tag in ("input", "select"):
        for attrs in page.all(tag):
            assert attrs.get("id") in labelled or attrs.get("type") == "checkbox", attrs
    assert [a["value"] for a in page.all("option")] == [
        "",
        "design",
        "engineering",
        "",
        "Bangalore, Karnataka, IN",
    ]
    assert [a["value"] for a in page.all("input", type="checkbox")] == [
        "on-site",
        "remote",
        "full-time",
        "contract",
    ]
    assert page.all("form", **{"class": "filters js-only", "role": "search"})
    assert "<noscript><style>.js-only{display:none!important}</style></noscript>" in page.source
    assert page.all("p", id="result-count", **{"aria-live": "polite"})
    assert page.all("button", type="button", **{"aria-expanded": "false", "aria-controls": "filter-fields"})


def test_department_page_lists_its_postings(templates: Path) -> None:
    files, _ = build(templates)
    page = parse(files["departments/engineering/index.html"])
    assert page.texts("h1") == ["Engineering"]
    assert page.texts("h2") == [
        "Android Engineer",
        "Data Engineer Draft",
        "Senior Backend Engineer - Fintech",
    ]
    assert page.all(
        "link", rel="canonical", href="https://careers.paysecure.example/departments/engineering/"
    )
    assert "JobPosting" not in page.source


def test_header_links_ordered_free_pages(templates: Path) -> None:
    files, _ = build(templates)
    page = parse(files["pages/life/index.html"])
    nav = [a["href"] for a in page.all("a") if a["href"].startswith("../../pages/")]
    assert nav == ["../../pages/benefits/", "../../pages/life/"]
    assert page.all("a", href="../../pages/life/", **{"aria-current": "page"})
    assert page.texts("h1") == ["Life at PaySecure"]


def test_hostile_text_is_escaped(templates: Path) -> None:
    hostile = make_posting(
        title='<script>alert("t")</script>',
        department='"><img src=x onerror=alert(1)>',
        department_slug="img-src-x",
        locations=(Location("<b>Pune</b>", "IN", "M'aha\"rashtra"),),
        body="Plain text.",
    )
    renderer, diags = renderer_for(templates, [hostile])
    files = dict(posting_files(renderer, hostile, State.OPEN))
    files.update(
        listing_files(renderer, cards_for(renderer, [(hostile, State.OPEN)]), {hostile.slug: State.OPEN})
    )
    assert diags.items == []
    for name, data in files.items():
        if name.endswith(".png"):
            continue  # its share image: the text drawn, nothing a browser runs (tests/test_share.py)
        html = data.decode()
        assert "<script>alert" not in html, name
        assert "<img src=x" not in html, name
        assert "<b>Pune" not in html, name
        assert "&lt;script&gt;alert" in html, name


def test_accent_and_its_dark_mode_variant_are_set_in_the_head(templates: Path) -> None:
    files, _ = build(templates, make_site(accent_color="#0B5FFF"))
    assert b"<style>:root{--accent:#0b5fff;--accent-dark:#337aff}</style>" in files["index.html"]


def test_share_image_is_absolute_and_gives_a_large_card(templates: Path) -> None:
    site = make_site()
    site = dataclasses.replace(
        site, organization=dataclasses.replace(site.organization, share_image="assets/share.png")
    )
    files, _ = build(templates, site)
    for name in ("index.html", "jobs/finance-lead/index.html"):  # the listing, a closed posting
        page = parse(files[name])
        assert page.all(
            "meta", property="og:image", content="https://careers.paysecure.example/assets/share.png"
        )
        assert page.all("meta", name="twitter:card", content="summary_large_image")
    page = parse(files["jobs/senior-backend-engineer/index.html"])  # an open one shows its own
    own = "https://careers.paysecure.example/jobs/senior-backend-engineer/share.png"
    assert page.all("meta", property="og:image", content=own)


def test_rendering_is_deterministic(templates: Path) -> None:
    assert build(templates)[0] == build(templates)[0]


def test_assets_are_every_theme_file_sorted(templates: Path) -> None:
    (templates / "assets" / "img").mkdir()
    (templates / "assets" / "img" / "a.png").write_bytes(b"png")
    renderer, _ = renderer_for(templates, [])
    names = [name for name, _ in renderer.assets()]
    assert names == ["assets/img/a.png", "assets/logo.svg", "assets/site.css", "assets/site.js"]


def test_syntax_error_is_reported_at_its_line(templates: Path) -> None:
    (templates / "job.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{% if %}\n{% endblock %}\n'
    )
    (templates / "department.html").write_text("ok\n{{ x }\n")
    renderer, diags = renderer_for(templates, [])
    assert not renderer.ok
    messages = [str(d) for d in diags.sorted()]
    assert len(messages) == 2
    assert messages[0].startswith("templates/department.html:2: error: ")
    assert messages[1].startswith("templates/job.html:3: error: ")
    assert posting_files(renderer, make_posting(), State.OPEN) == []


def test_a_template_the_project_lacks_comes_from_the_theme(templates: Path) -> None:
    (templates / "redirect.html").unlink()
    renderer, diags = renderer_for(templates, [])
    assert renderer.ok and diags.items == []
    files = posting_files(renderer, make_posting(aliases=("old-name",)), State.OPEN)
    assert "jobs/old-name/index.html" in dict(files)


def test_missing_required_template_is_an_error(templates: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(overrides, "theme_dir", lambda: templates)  # a theme that lacks it
    (templates / "redirect.html").unlink()
    renderer, diags = renderer_for(templates, [])
    assert not renderer.ok
    assert [str(d).split(";")[0] for d in diags.items] == [
        "templates/redirect.html:1: error: missing template redirect.html"
    ]


def test_undefined_variable_is_reported_at_its_line_and_renders_nothing(templates: Path) -> None:
    text = (templates / "job.html").read_text().splitlines()
    text.insert(4, "{{ posting.salaryy }}")
    (templates / "job.html").write_text("\n".join(text) + "\n")
    posting = make_posting()
    renderer, diags = renderer_for(templates, [posting])
    assert renderer.ok
    assert posting_files(renderer, posting, State.OPEN) == []
    [diagnostic] = diags.items
    assert str(diagnostic).startswith("templates/job.html:5: error: ")
    assert "salaryy" in diagnostic.message


def test_runtime_error_in_the_base_template_names_the_base_template(templates: Path) -> None:
    base = (
        (templates / "base.html")
        .read_text()
        .replace("<title>{{ title }}</title>", "<title>{{ 1 + title }}</title>")
    )
    (templates / "base.html").write_text(base)
    renderer, diags = renderer_for(templates, [])
    assert pages.not_found_page(renderer) == []
    [diagnostic] = diags.items
    line = base.splitlines().index("<title>{{ 1 + title }}</title>") + 1
    assert str(diagnostic).startswith(f"templates/base.html:{line}: error: TypeError: ")


def test_diagnostic_paths_are_relative_to_the_display_root(templates: Path) -> None:
    (templates / "page.html").write_text("{% block %}\n")
    diags = Diagnostics()
    Renderer(templates, Content(site=make_site()), TODAY, False, diags, display_root=templates.parent)
    assert [d.path for d in diags.items] == ["templates/page.html"]


def test_missing_include_is_reported_at_its_line(templates: Path) -> None:
    (templates / "404.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{% include "nav.html" %}\n{% endblock %}\n'
    )
    renderer, diags = renderer_for(templates, [])
    assert pages.not_found_page(renderer) == []
    assert [str(d).split(";")[0] for d in diags.items] == [
        "templates/404.html:3: error: template 'nav.html' not found"
    ]


def test_empty_listing_says_there_are_no_open_roles(templates: Path) -> None:
    renderer, diags = renderer_for(templates, [])
    files = dict(listing_files(renderer, [], {}))
    assert list(files) == ["index.html"]
    page = parse(files["index.html"])
    assert "0 open roles" in page.texts("p")
    assert "There are no open roles right now. Please check back soon." in page.texts("p")
    assert not page.all("form")
    assert diags.items == []
