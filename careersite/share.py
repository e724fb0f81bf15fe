"""Share images: the 1200x630 card a link to an open posting shows on LinkedIn, X or WhatsApp.

What a posting's card shows (its CardText, in the site's language and colours), where it is
published and under which key it is kept in the cache's memo: the registry's "share image"
output. card_image.py draws it, typeset.py sets its text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from careersite.colors import DEFAULT_ACCENT
from careersite.dates import State

if TYPE_CHECKING:
    from markupsafe import Markup

    from careersite.model import Posting
    from careersite.render import Renderer

WIDTH, HEIGHT = 1200, 630
NAME = "share.png"


@dataclass(frozen=True)
class CardText:
    """What a share image shows: all its inputs, so the same CardText always draws the same bytes."""

    title: str
    organization: str
    place: str  # the locations, then the workplace ("Bengaluru, India · On-site")
    salary: str | None
    accent: str = DEFAULT_ACCENT
    logo: bytes | None = None  # a PNG or JPEG; an SVG logo is left out (Pillow cannot draw it)

    @property
    def alt(self) -> str:
        """The image's text alternative (og:image:alt): what it shows, in reading order."""
        parts = [self.title, self.organization, self.place, self.salary]
        return " \u2013 ".join(part for part in parts if part)

    def key(self, path: str) -> str:
        """What the image drawn to `path` shows, as a memo key (the code key covers Pillow and the fonts)."""
        from careersite import keys

        logo = keys.digest(self.logo) if self.logo is not None else ""
        parts = (self.title, self.organization, self.place, self.salary or "", self.accent, logo, path)
        return keys.key("share", *parts)


def card_text(renderer: Renderer, posting: Posting) -> CardText:
    """What a posting's share image shows, in the site's language and colours."""
    site = renderer.site
    place = f"{renderer.location_text(posting)} \u00b7 {renderer.texts.gettext(posting.workplace.label)}"
    salary = renderer.salary_compact(posting.salary) if posting.salary is not None else None
    accent = (site.accent_color or DEFAULT_ACCENT).lower()
    return CardText(posting.title, site.organization.name, place, salary, accent, renderer.logo_image)


def path(posting: Posting) -> str:
    """Where a posting's share image is published."""
    return f"jobs/{posting.slug}/{NAME}"


def has_image(renderer: Renderer, state: State) -> bool:
    """Whether a posting in this state gets its own share image (open ones, unless turned off)."""
    return state is State.OPEN and renderer.site.share_images


def memo_file(renderer: Renderer, posting: Posting, state: State) -> tuple[str, str] | None:
    """Where the image goes and the key it is kept under in the cache: its card text and that place."""
    if not has_image(renderer, state):
        return None
    where = path(posting)
    return where, card_text(renderer, posting).key(where)


def share_files(renderer: Renderer, posting: Posting, state: State, body: Markup) -> list[tuple[str, bytes]]:
    """The posting's share image, when it gets one (the registry's "share image" output)."""
    if not has_image(renderer, state):
        return []
    from careersite import card_image  # Pillow loads when an image is drawn, not for every build

    return [(path(posting), card_image.draw(card_text(renderer, posting)))]
