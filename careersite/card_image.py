"""The share image drawn: a flat card in the theme's colours, as a palette PNG.

The layout: the organization (and its logo, when a PNG or JPEG) at the top, the title as large
as fits in up to three lines, then the place and workplace, and the salary in the accent. Each
line's coverage (0-255, typeset.py) maps to its colour's steps of a 64-entry palette, pasted as
indices: the palette PNG an RGB image would be quantized to, in a tenth of the time. Pillow
draws each band of rows the lines cross; banded_png.py compresses each band once per process and
writes the PNG around them, so the lines cards share cost nothing after the first card. Same
text, same bytes.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from careersite import banded_png
from careersite.colors import parse_hex
from careersite.share import HEIGHT, WIDTH, CardText
from careersite.typeset import Fonts, cut, font_set, length, line_picture, picture_height

_MARGIN = 80
_TEXT = "#1a1d21"  # site.css --text
_MUTED = "#555e69"  # site.css --muted
_BACKGROUND = "#ffffff"
_TITLE_SIZES = tuple(range(84, 43, -4))  # the title shrinks from 84 px to 44 px before it is cut
_TITLE_LINES = 3
_TITLE_TOP, _TITLE_BOTTOM = 190, 440
_LOGO_HEIGHT = 72
_LOGO_TOP = 64
_LEVELS = 16  # steps of coverage per colour: smooth edges, and a palette of 64 entries
# Coverage (0-255) to a palette index, by colour: 0 white, 1 text, 2 muted, 3 the accent.
_STEPS = tuple([0] + [colour * _LEVELS + max(1, coverage * _LEVELS // 256) for coverage in range(1, 256)]
               for colour in range(4))  # fmt: skip
_TEXT_INK, _MUTED_INK, _ACCENT_INK = 1, 2, 3  # the palette's colours after white (_palette)
_INKED = [0] + [255] * 255  # coverage to a mask: where a line has any ink
_LOGO_COLOURS = 64


def draw(card: CardText) -> bytes:
    """The share image of a card, as PNG bytes.

    MEDIANCUT quantizing on an RGB card took 18 ms; this card takes about 1: its lines drawn once
    per process when they repeat (the organization, most places and salaries), and its bands of
    rows compressed once when they do (banded_png.py), so that mostly the title is new.
    """
    logo = _logo(card.logo) if card.logo is not None else None
    lines = _lines(card, _MARGIN + (logo[0].width + 24 if logo is not None else 0))
    logo_rows = (_LOGO_TOP, _LOGO_TOP + logo[0].height) if logo is not None else None
    covered = [line.rows for line in lines] + ([logo_rows] if logo_rows else [])
    bands = [
        _band(top, bottom, tuple(line for line in lines if _overlaps(line.rows, (top, bottom))),
              card.logo if logo_rows and _overlaps(logo_rows, (top, bottom)) else None)
        for top, bottom in _bands(covered)
    ]  # fmt: skip
    palette = _palette(card.accent) + (logo[1] if logo is not None else [])
    return banded_png.write(WIDTH, HEIGHT, palette, bands)


def _lines(card: CardText, left: int) -> list[_Line]:
    """The card's lines: the organization (from `left`, after the logo), the title as large as
    fits, the place and the salary."""
    lines = [
        _Line(card.organization, font_set(34, "SemiBold"), left, 100, WIDTH - _MARGIN - left, _MUTED_INK)
    ]
    size, title = _fit_title(card.title)
    fonts, height = font_set(size, "Bold"), _line_height(size)
    top = _TITLE_TOP + (_TITLE_BOTTOM - _TITLE_TOP - height * len(title)) // 2
    for number, text in enumerate(title):
        lines.append(
            _Line(text, fonts, _MARGIN, top + height * number + height // 2, WIDTH - 2 * _MARGIN, _TEXT_INK)
        )
    lines.append(_Line(card.place, font_set(34, "Regular"), _MARGIN, 496, WIDTH - 2 * _MARGIN, _MUTED_INK))
    if card.salary:
        lines.append(_Line(card.salary, font_set(40, "Bold"), _MARGIN, 560, WIDTH - 2 * _MARGIN, _ACCENT_INK))
    return lines


@dataclass(frozen=True)
class _Line:
    """A line of text on the card: drawn in an ink, centred on `middle`, in a line `width` wide."""

    text: str
    fonts: Fonts
    x: int
    middle: int
    width: int
    ink: int

    @property
    def top(self) -> int:
        """The row its picture starts at (the pictures of a size are all as high)."""
        return self.middle - picture_height(self.fonts) // 2

    @property
    def rows(self) -> tuple[int, int]:
        """The rows it has ink in: its band is no taller (the blank rows come compressed already)."""
        first, last = _inked_line(self.text, self.fonts, self.width, self.ink)[3]
        return self.top + first, self.top + last


def _overlaps(rows: tuple[int, int], band: tuple[int, int]) -> bool:
    return rows[0] < band[1] and band[0] < rows[1]


def _bands(covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The card's rows, top to bottom, cut into bands: each run of overlapping pictures is one,
    the blank rows between them others."""
    inked: list[tuple[int, int]] = []
    for top, bottom in sorted((max(0, top), min(HEIGHT, bottom)) for top, bottom in covered):
        if inked and top < inked[-1][1]:
            inked[-1] = (inked[-1][0], max(inked[-1][1], bottom))
        elif top < bottom:
            inked.append((top, bottom))
    edges = [0, *(edge for band in inked for edge in band), HEIGHT]
    blank = [(top, bottom) for top, bottom in zip(edges[::2], edges[1::2], strict=True) if top < bottom]
    return sorted(blank + inked)


@functools.lru_cache(maxsize=512)  # the blank bands, the organization's, places and salaries repeat
def _band(top: int, bottom: int, lines: tuple[_Line, ...], logo: bytes | None) -> banded_png.Band:
    """The card's rows from top to bottom, with the lines and the logo reaching into them, compressed."""
    rows = Image.new("L", (1 + WIDTH, bottom - top), 0)  # column 0: each row's filter byte, 0 (none)
    for line in lines:
        steps, mask, offset, _ = _inked_line(line.text, line.fonts, line.width, line.ink)
        rows.paste(steps, (1 + line.x + offset, line.top - top), mask)
    rows.paste(_STEPS[_ACCENT_INK][255], (1, 0, 1 + 24, bottom - top))  # the accent's band down the left edge
    if logo is not None and (drawn := _logo(logo)) is not None:
        rows.paste(drawn[0].point(lambda index: index + 4 * _LEVELS), (1 + _MARGIN, _LOGO_TOP - top))
    return banded_png.band(rows.tobytes())


@functools.lru_cache(maxsize=32)
def _inked_line(
    text: str, fonts: Fonts, width: int, ink: int
) -> tuple[Image.Image, Image.Image, int, tuple[int, int]]:
    """A line's palette steps in an ink, where it has ink at all, where it starts, and the rows
    of its picture that have ink (none: an empty range)."""
    picture, offset = line_picture(text, fonts, width)
    mask = picture.point(_INKED)
    box = mask.getbbox()
    return picture.point(_STEPS[ink]), mask, offset, (box[1], box[3]) if box else (0, 0)


@functools.lru_cache(maxsize=8)
def _palette(accent: str) -> list[int]:
    """White, then the steps of the text, muted and accent colours over white: 64 entries."""
    colours = (_BACKGROUND, _TEXT, _MUTED, accent)
    return [channel for colour in colours for step in range(_LEVELS) for channel in _mix(colour, step)]


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
        fonts = font_set(size, "Bold")
        lines = _wrap(title, fonts, width)
        if len(lines) <= min(_TITLE_LINES, (_TITLE_BOTTOM - _TITLE_TOP) // _line_height(size)):
            return size, lines
    lines = lines[:_TITLE_LINES]
    lines[-1] = cut(lines[-1] + " " + "\u2026", fonts, width)
    return size, lines


def _wrap(text: str, fonts: Fonts, width: int) -> list[str]:
    """Greedy wrapping at spaces; a word wider than the line is cut where it overflows."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if length(candidate, fonts) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while length(word, fonts) > width:  # one very long word: break it over lines
            end = _longest_prefix(word, fonts, width)
            lines.append(word[:end])
            word = word[end:]
        current = word
    if current:
        lines.append(current)
    return lines or [""]


def _longest_prefix(word: str, fonts: Fonts, width: int) -> int:
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if length(word[:middle], fonts) <= width:
            low = middle
        else:
            high = middle - 1
    return low


@functools.lru_cache(maxsize=4)
def _logo(data: bytes) -> tuple[Image.Image, list[int]] | None:
    """A PNG or JPEG logo at the card's logo height, over white, as palette indices and their
    colours (once per process: every card shows the same logo); None when it cannot be read."""
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
