"""Share images: the 1200x630 card a link to an open posting shows on LinkedIn, X or WhatsApp.

Drawn with Pillow from the posting's card text (title, organization, place, workplace, salary)
in the theme's colours, with the Noto Sans fonts the fontpkg packages install (never fetched at
run time). Text is set in runs by script: Devanagari and Arabic runs get their Noto family, the
rest Noto Sans; with Pillow's Raqm layout (in its wheels) each run is shaped, and an Arabic line
is laid right to left. Without Raqm, Pillow's basic layout draws the glyphs unshaped: Latin is
right, Devanagari conjuncts and Arabic joining are not (the README says so).

The card is flat: a few colours and their anti-aliased edges, written as a palette PNG, which
encodes in a few milliseconds and weighs 20-40 KB. Same text, same bytes.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from careersite.colors import DEFAULT_ACCENT, parse_hex
from careersite.dates import State

if TYPE_CHECKING:
    from markupsafe import Markup

    from careersite.model import Posting
    from careersite.render import Renderer

WIDTH, HEIGHT = 1200, 630
NAME = "share.png"
_MARGIN = 80
_TEXT = "#1a1d21"  # site.css --text
_MUTED = "#555e69"  # site.css --muted
_BACKGROUND = "#ffffff"
_TITLE_SIZES = tuple(range(84, 43, -4))  # the title shrinks from 84 px to 44 px before it is cut
_TITLE_LINES = 3
_TITLE_TOP, _TITLE_BOTTOM = 190, 440
_LOGO_HEIGHT = 72
_LEVELS = 16  # steps of coverage per colour: smooth edges, and a palette of 64 entries
# Coverage (0-255) to a palette index, by colour: 0 white, 1 text, 2 muted, 3 the accent.
_STEPS = tuple([0] + [colour * _LEVELS + max(1, coverage * _LEVELS // 256) for coverage in range(1, 256)]
               for colour in range(4))  # fmt: skip
_BANDS = ((0, 150), (150, 460), (460, 528), (528, HEIGHT))  # organization, title, place, salary
_COMPRESSION = 3  # zlib level: 6 doubles the time for a third less size (9 KB vs 6 KB here)
_LOGO_COLOURS = 64

# Unicode blocks whose script needs its own Noto family (the rest is in Noto Sans).
_SCRIPTS = (
    (0x0900, 0x097F, "devanagari"), (0xA8E0, 0xA8FF, "devanagari"), (0x1CD0, 0x1CFF, "devanagari"),
    (0x0600, 0x06FF, "arabic"), (0x0750, 0x077F, "arabic"), (0x0870, 0x08FF, "arabic"),
    (0xFB50, 0xFDFF, "arabic"), (0xFE70, 0xFEFF, "arabic"),
)  # fmt: skip
_FONT_PACKAGES = {
    "latin": ("fontpkg_noto_sans", "NotoSans[wdth,wght].ttf"),
    "devanagari": ("fontpkg_noto_sans_devanagari", "NotoSansDevanagari[wdth,wght].ttf"),
    "arabic": ("fontpkg_noto_sans_arabic", "NotoSansArabic[wdth,wght].ttf"),
}


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


def memo_key(renderer: Renderer, posting: Posting, state: State) -> str | None:
    """The key the image is kept under in the cache: its card text and where it goes."""
    return card_text(renderer, posting).key(path(posting)) if has_image(renderer, state) else None


def share_files(renderer: Renderer, posting: Posting, state: State, body: Markup) -> list[tuple[str, bytes]]:
    """The posting's share image, when it gets one (the registry's "share image" output)."""
    if not has_image(renderer, state):
        return []
    return [(path(posting), draw(card_text(renderer, posting)))]


def draw(card: CardText) -> bytes:
    """The share image of a card, as PNG bytes.

    The text is drawn once, as coverage (0-255) on a grey canvas; each band of the card (the
    organization, the title, the place, the salary) then maps coverage to its colour's steps of
    the palette. That is the palette PNG an RGB image would be quantized to, made in a tenth of
    the time (MEDIANCUT on 1200x630 took 18 ms, this whole card about 4).
    """
    from PIL import Image, ImageDraw

    coverage = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(coverage)
    left, logo = _MARGIN, _logo(card.logo) if card.logo is not None else None
    if logo is not None:
        left += logo[0].width + 24
    _line(pen, card.organization, left, 100, _font_set(34, "SemiBold"), WIDTH - _MARGIN - left)
    size, lines = _fit_title(card.title)
    fonts, height = _font_set(size, "Bold"), _line_height(size)
    top = _TITLE_TOP + (_TITLE_BOTTOM - _TITLE_TOP - height * len(lines)) // 2
    for number, line in enumerate(lines):
        _line(pen, line, _MARGIN, top + height * number + height // 2, fonts, WIDTH - 2 * _MARGIN)
    _line(pen, card.place, _MARGIN, 496, _font_set(34, "Regular"), WIDTH - 2 * _MARGIN)
    if card.salary:
        _line(pen, card.salary, _MARGIN, 560, _font_set(40, "Bold"), WIDTH - 2 * _MARGIN)
    colours = (_BACKGROUND, _TEXT, _MUTED, card.accent)
    for band, (start, end) in zip((2, 1, 2, 3), _BANDS, strict=True):
        box = (0, start, WIDTH, end)
        coverage.paste(coverage.crop(box).point(_STEPS[band]), box)
    pen.rectangle((0, 0, 23, HEIGHT), fill=_STEPS[3][255])  # the accent's band down the left edge
    palette = [channel for colour in colours for step in range(_LEVELS) for channel in _mix(colour, step)]
    if logo is not None:
        indices, colours_used = logo
        coverage.paste(indices.point(lambda index: index + len(colours) * _LEVELS), (_MARGIN, 64))
        palette += colours_used
    coverage.putpalette(palette)
    out = io.BytesIO()
    coverage.save(out, "PNG", compress_level=_COMPRESSION)
    return out.getvalue()


def _mix(colour: str, step: int) -> tuple[int, int, int]:
    """The colour at a step of coverage over the white card (0: white, _LEVELS - 1: the colour)."""
    amount = step / (_LEVELS - 1)
    return tuple(round(255 + (channel - 255) * amount) for channel in parse_hex(colour))  # type: ignore[return-value]


def _line_height(size: int) -> int:
    return round(size * 1.22)


def _fit_title(title: str) -> tuple[int, list[str]]:
    """The largest size at which the title wraps into its lines; at the smallest, cut with an ellipsis."""
    width = WIDTH - 2 * _MARGIN
    for size in _TITLE_SIZES:
        fonts = _font_set(size, "Bold")
        lines = _wrap(title, fonts, width)
        if len(lines) <= min(_TITLE_LINES, (_TITLE_BOTTOM - _TITLE_TOP) // _line_height(size)):
            return size, lines
    lines = lines[:_TITLE_LINES]
    lines[-1] = _cut(lines[-1] + " " + "\u2026", fonts, width)
    return size, lines


def _wrap(text: str, fonts: _Fonts, width: int) -> list[str]:
    """Greedy wrapping at spaces; a word wider than the line is cut where it overflows."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if _length(candidate, fonts) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while _length(word, fonts) > width:  # one very long word: break it over lines
            cut = _longest_prefix(word, fonts, width)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines or [""]


def _cut(text: str, fonts: _Fonts, width: int) -> str:
    """The text, shortened before its ellipsis until it fits."""
    if _length(text, fonts) <= width:
        return text
    words = text[:-1].rstrip()
    while words and _length(words + "\u2026", fonts) > width:
        words = words[:-1]
    return words.rstrip() + "\u2026"


def _longest_prefix(word: str, fonts: _Fonts, width: int) -> int:
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if _length(word[:middle], fonts) <= width:
            low = middle
        else:
            high = middle - 1
    return low


# -- text in runs by script ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Fonts:
    """One size and weight of each family, each loaded the first time a run needs it."""

    size: int
    weight: str

    def of(self, script: str):  # -> ImageFont.FreeTypeFont
        return _font(script, self.size, self.weight)


@functools.cache
def _font_set(size: int, weight: str) -> _Fonts:
    return _Fonts(size, weight)


@functools.cache
def _font(script: str, size: int, weight: str):  # -> ImageFont.FreeTypeFont
    from PIL import ImageFont

    font = ImageFont.truetype(str(font_file(script)), size)
    font.set_variation_by_name(weight)
    return font


def font_file(script: str) -> Path:
    """The font file of a script's family ("latin", "devanagari", "arabic"), from its PyPI package."""
    import importlib.util

    package, name = _FONT_PACKAGES[script]
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.origin is not None, f"{package} is a dependency"
    return Path(spec.origin).parent / "files" / name


def script_of(character: str) -> str | None:
    """The font family a character needs ("latin", "devanagari", "arabic"); None for a neutral one
    (a space, a digit, punctuation), which takes the family of the text around it."""
    code = ord(character)
    for low, high, script in _SCRIPTS:
        if low <= code <= high:
            return script
    if character.isspace() or unicodedata.category(character)[0] in "NPSZ":
        return None
    return "latin"


def runs(text: str) -> Iterator[tuple[str, str]]:
    """The text cut into (script, text) runs, each drawn with one font; neutral characters stay
    with the run before them (leading ones with the first)."""
    current, start = None, 0
    for index, character in enumerate(text):
        script = script_of(character)
        if script is None or script == current:
            continue
        if current is not None:
            yield current, text[start:index]
            start = index
        current = script
    if text:
        yield current or "latin", text[start:]


def _length(text: str, fonts: _Fonts) -> float:
    return sum(fonts.of(script).getlength(part) for script, part in runs(text))


def _line(pen, text: str, x: int, middle: int, fonts: _Fonts, width: int) -> None:
    """Draw one line of text as coverage, centred on `middle` (all runs on one baseline), cut with
    an ellipsis when too wide; a right-to-left line is set from the right."""
    parts = list(runs(_cut(text + "\u2026", fonts, width) if _length(text, fonts) > width else text))
    baseline = middle + round(fonts.size * 0.36)
    if _right_to_left(text):
        x += width
        for script, part in parts:
            font = fonts.of(script)
            pen.text((x, baseline), part, font=font, fill=255, anchor="rs")
            x -= font.getlength(part)
        return
    for script, part in parts:
        font = fonts.of(script)
        pen.text((x, baseline), part, font=font, fill=255, anchor="ls")
        x += font.getlength(part)


def _right_to_left(text: str) -> bool:
    """Whether the text's first strong character is right-to-left (its paragraph direction)."""
    for character in text:
        direction = unicodedata.bidirectional(character)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


@functools.lru_cache(maxsize=4)
def _logo(data: bytes):  # -> tuple[Image.Image, list[int]] | None
    """A PNG or JPEG logo at the card's logo height, over white, as palette indices and their
    colours (once per process: every card shows the same logo); None when it cannot be read."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as logo:
            logo.load()
            converted = logo.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    scale = _LOGO_HEIGHT / converted.height
    size = (max(1, min(round(converted.width * scale), 360)), _LOGO_HEIGHT)
    resized = converted.resize(size, Image.Resampling.LANCZOS)
    flat = Image.new("RGB", size, _BACKGROUND)
    flat.paste(resized, mask=resized.getchannel("A"))
    quantized = flat.quantize(_LOGO_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    colours = (quantized.getpalette() or [])[: 3 * _LOGO_COLOURS]
    return Image.frombytes("L", size, quantized.tobytes()), colours
