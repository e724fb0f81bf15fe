"""The theme's pages: one function per kind, each giving (path, bytes) from a Renderer and its data.

Links inside pages are relative to the page, so the site works at a domain root, under a
sub-path and from a local server; only 404.html, which a host serves at any depth, links
root-relative from ``site.base_path``. The registry (outputs.py) says which function makes
which output; docs/templates.md lists the variables each template receives.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from markupsafe import Markup

from careersite import share, structured
from careersite.dates import State
from careersite.listing import Group, filter_options, group_by_department
from careersite.markdown import render_markdown, summarize
from careersite.model import Card, Page, Posting
from careersite.render import NESTED_ROOT, Renderer

_TITLE_SEPARATOR = " \u2013 "  # an en dash between the page and the site in <title>


def posting_page(
    renderer: Renderer, posting: Posting, state: State, body: Markup
) -> list[tuple[str, bytes]] | None:
    """Render a posting's page (None when its template failed: reported)."""
    site = renderer.site
    canonical = structured.posting_url(posting, site)
    slug = posting.department_slug
    if slug is None:
        department_href = None
    elif state is State.CLOSED:
        # Its department page exists only while the department has open roles; the
        # filtered listing always does (and without JavaScript shows every role).
        department_href = f"{NESTED_ROOT}?department={slug}"
    else:
        department_href = f"{NESTED_ROOT}departments/{slug}/"
    _ = renderer.texts.gettext
    jsonld: list[Markup] = []
    if state is State.OPEN:
        crumbs = [(_("Careers"), site.base_url)]
        if slug is not None and posting.department:
            crumbs.append((posting.department, f"{site.base_url}departments/{slug}/"))
        crumbs.append((posting.title, canonical))
        jsonld = [
            structured.script_json(structured.job_posting(posting, site, str(body))),
            structured.script_json(structured.breadcrumb_list(crumbs)),
        ]
    title = {State.CLOSED: _("Closed: %(title)s"), State.DRAFT: _("Draft: %(title)s")}.get(state, "%(title)s")
    email = posting.apply.removeprefix("mailto:").split("?", 1)[0]
    image = {}
    if share.has_image(renderer, state):
        image = {
            "share_image": structured.absolute_url(share.path(posting), site),
            "share_image_width": share.WIDTH,
            "share_image_height": share.HEIGHT,
            "share_image_alt": share.card_text(renderer, posting).alt,
        }
    context = renderer.context(
        NESTED_ROOT,
        f"{title % {'title': posting.title}}{_TITLE_SEPARATOR}{site.title}",
        posting.summary or summarize(body) or _at(renderer, posting.title),
        og_title=posting.title,
        og_type="article",
        canonical=canonical,
        noindex=state is not State.OPEN,
        jsonld=jsonld,
        posting=posting,
        state=state.value,
        body=body,
        department_href=department_href,
        apply_label=_("Apply by e-mail")
        if posting.apply_is_email
        else _("Apply for %(title)s") % {"title": posting.title},
        apply_text=email if posting.apply_is_email else posting.apply,
        **image,
    )
    page = renderer.render("job.html", context)
    return None if page is None else [(f"jobs/{posting.slug}/index.html", page)]


def alias_pages(
    renderer: Renderer, posting: Posting, state: State, body: Markup
) -> list[tuple[str, bytes]] | None:
    """Render one redirect page per old slug of a posting (SPEC `aliases`; None: a template failed)."""
    del state, body  # a redirect names the page, whatever it holds
    site = renderer.site
    canonical = structured.posting_url(posting, site)
    files = []
    for alias in sorted(posting.aliases):
        redirect = renderer.render(
            "redirect.html",
            {"site": site, "posting": posting, "canonical": canonical, "target": f"../{posting.slug}/"},
        )
        if redirect is None:
            return None
        files.append((f"jobs/{alias}/index.html", redirect))
    return files


def listing_row(
    renderer: Renderer, posting: Posting, state: State, summary: str, body: Markup
) -> bytes | None:
    """A posting's row of index.html."""
    return renderer.row(posting, state, "", 3)


def department_row(
    renderer: Renderer, posting: Posting, state: State, summary: str, body: Markup
) -> bytes | None:
    """A posting's row of its department's page."""
    return renderer.row(posting, state, NESTED_ROOT, 2)


def listing_page(
    renderer: Renderer, listed: Sequence[Card], states: Mapping[str, State]
) -> Iterator[tuple[str, Iterator[bytes]]]:
    """Render index.html, chunk by chunk (at 10k postings it is megabytes: memory stays flat)."""
    site = renderer.site
    open_count = sum(1 for card in listed if states[card.slug] is State.OPEN)
    context = renderer.context(
        "",
        site.title,
        site.tagline or _roles_at(renderer, open_count),
        canonical=site.base_url,
        jsonld=[structured.script_json(structured.organization(site))],
        current="index",
        groups=group_by_department(listed),
        rows=_Rows(listed, "row"),
        states={card.slug: states[card.slug].value for card in listed},
        open_count=open_count,
        draft_count=sum(1 for card in listed if states[card.slug] is State.DRAFT),
        listed_count=len(listed),
        filters=filter_options(listed),
    )
    yield "index.html", renderer.stream("index.html", context)


def department_pages(
    renderer: Renderer, listed: Sequence[Card], states: Mapping[str, State]
) -> Iterator[tuple[str, Iterator[bytes]]]:
    """Render one page per department that has listed postings."""
    site = renderer.site
    state_values = {card.slug: states[card.slug].value for card in listed}
    groups: tuple[Group, ...] = group_by_department(listed)
    for group in groups:
        if group.slug is None:
            continue
        count = sum(1 for card in group.postings if states[card.slug] is State.OPEN)
        context = renderer.context(
            NESTED_ROOT,
            f"{group.name}{_TITLE_SEPARATOR}{site.title}",
            renderer.texts.ngettext(
                "%(num)d open role in %(department)s at %(organization)s.",
                "%(num)d open roles in %(department)s at %(organization)s.",
                count,
            )
            % {"num": count, "department": group.name, "organization": site.organization.name},
            canonical=f"{site.base_url}departments/{group.slug}/",
            department=group.name,
            department_slug=group.slug,
            postings=group.postings,
            rows=_Rows(group.postings, "department_row"),
            states=state_values,
            open_count=count,
        )
        yield f"departments/{group.slug}/index.html", renderer.stream("department.html", context)


def free_page(renderer: Renderer, page: Page) -> list[tuple[str, bytes]]:
    """Render a free page of content/pages/."""
    site = renderer.site
    body = render_markdown(page.body)
    path = f"pages/{page.slug}/"
    title = renderer.texts.gettext("Draft: %(title)s") if page.draft else "%(title)s"
    context = renderer.context(
        NESTED_ROOT,
        f"{title % {'title': page.title}}{_TITLE_SEPARATOR}{site.title}",
        page.summary or summarize(body) or _at(renderer, page.title),
        og_title=page.title,
        canonical=site.base_url + path,
        noindex=page.draft,
        current=path,
        page=page,
        body=body,
    )
    html = renderer.render("page.html", context)
    return [(f"{path}index.html", html)] if html is not None else []


def not_found_page(renderer: Renderer) -> list[tuple[str, bytes]]:
    """Render 404.html with root-relative links, so that it works at any depth."""
    site = renderer.site
    _ = renderer.texts.gettext
    context = renderer.context(
        site.base_path,
        f"{_('Page not found')}{_TITLE_SEPARATOR}{site.title}",
        _("This page does not exist. See the open roles at %(organization)s.")
        % {"organization": site.organization.name},
        noindex=True,
    )
    html = renderer.render("404.html", context)
    return [("404.html", html)] if html is not None else []


class _Rows(Mapping[str, Markup]):
    """Slug -> the posting's row on this page, decoded only when the template writes it."""

    def __init__(self, cards: Sequence[Card], piece: str) -> None:
        self._cards = {card.slug: card for card in cards}
        self._piece = piece

    def __getitem__(self, slug: str) -> Markup:
        pieces: Any = self._cards[slug].pieces
        return Markup(pieces[self._piece].decode("utf-8"))  # rendered, and escaped, by posting_row

    def __iter__(self) -> Iterator[str]:
        return iter(self._cards)

    def __len__(self) -> int:
        return len(self._cards)


def _roles_at(renderer: Renderer, count: int) -> str:
    """ "3 open roles at PaySecure." in the site's language."""
    text = renderer.texts.ngettext(
        "%(num)d open role at %(organization)s.", "%(num)d open roles at %(organization)s.", count
    )
    return text % {"num": count, "organization": renderer.site.organization.name}


def _at(renderer: Renderer, title: str) -> str:
    """ "Senior Engineer at PaySecure" in the site's language: a page's description without a summary."""
    return renderer.texts.gettext("%(title)s at %(organization)s") % {
        "title": title,
        "organization": renderer.site.organization.name,
    }
