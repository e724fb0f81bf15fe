"""The share image drawn: a flat card in the theme's colours, as a palette PNG (Pillow).

The layout: the organization (and its logo, when a PNG or JPEG) at the top, the title as large
as fits in up to three lines, then the place and workplace, and the salary in the accent. Each
line's coverage (0-255, typeset.py) maps to its colour's steps of a 64-entry palette, pasted as
indices: the palette PNG an RGB image would be quantized to, in a tenth of the time. Same text,
same bytes.
"""

from __future__ import annotations

import functools
import io

from PIL import Image, UnidentifiedImageError

from careersite.colors import parse_hex
from careersite.share import HEIGHT, WIDTH, CardText
from careersite.typeset import Fonts, cut, font_set, length, line_picture

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
_TEXT_INK, _MUTED_INK, _ACCENT_INK = 1, 2, 3  # the palette's colours after white (_palette)
_INKED = [0] + [255] * 255  # coverage to a mask: where a line has any ink
_COMPRESSION = 3  # zlib level: 6 doubles the time for a third less size (9 KB vs 6 KB here)
_LOGO_COLOURS = 64


def draw(card: CardText) -> bytes:
    """The share image of a card, as PNG bytes.

    MEDIANCUT quantizing on an RGB card took 18 ms; this whole card takes about 3 (half of it
    zlib), the lines the cards share (the organization, most places and salaries) drawn once.
    """
    coverage = Image.new("L", (WIDTH, HEIGHT), 0)  # palette indices: 0 is white
    left, logo = _MARGIN, _logo(card.logo) if card.logo is not None else None
    if logo is not None:
        left += logo[0].width + 24
    organization = font_set(34, "SemiBold")
    _line(coverage, card.organization, left, 100, organization, WIDTH - _MARGIN - left, _MUTED_INK)
    size, lines = _fit_title(card.title)
    fonts, height = font_set(size, "Bold"), _line_height(size)
    top = _TITLE_TOP + (_TITLE_BOTTOM - _TITLE_TOP - height * len(lines)) // 2
    for number, line in enumerate(lines):
        middle = top + height * number + height // 2
        _line(coverage, line, _MARGIN, middle, fonts, WIDTH - 2 * _MARGIN, _TEXT_INK)
    _line(coverage, card.place, _MARGIN, 496, font_set(34, "Regular"), WIDTH - 2 * _MARGIN, _MUTED_INK)
    if card.salary:
        _line(coverage, card.salary, _MARGIN, 560, font_set(40, "Bold"), WIDTH - 2 * _MARGIN, _ACCENT_INK)
    coverage.paste(_STEPS[_ACCENT_INK][255], (0, 0, 24, HEIGHT))  # the accent's band down the left edge
    palette = _palette(card.accent)
    if logo is not None:
        indices, colours_used = logo
        coverage.paste(indices.point(lambda index: index + len(palette) // 3), (_MARGIN, 64))
        palette = palette + colours_used
    coverage.putpalette(palette)
    out = io.BytesIO()
    coverage.save(out, "PNG", compress_level=_COMPRESSION)
    return out.getvalue()


def _line(canvas: Image.Image, text: str, x: int, middle: int, fonts: Fonts, width: int, ink: int) -> None:
    """Draw a line of text in an ink's palette steps, centred on `middle`, in a line `width` wide."""
    steps, mask, offset = _inked_line(text, fonts, width, ink)
    canvas.paste(steps, (x + offset, middle - steps.height // 2), mask)


@functools.lru_cache(maxsize=32)
def _inked_line(text: str, fonts: Fonts, width: int, ink: int) -> tuple[Image.Image, Image.Image, int]:
    """A line's palette steps in an ink, where it has ink at all, and where it starts."""
    picture, offset = line_picture(text, fonts, width)
    return picture.point(_STEPS[ink]), picture.point(_INKED), offset


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
