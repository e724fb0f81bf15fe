"""Text set for the share image: Noto fonts by script, widths, and lines drawn as coverage.

The fonts come from the fontpkg PyPI packages (never fetched at run time). A text is cut into
runs by script: Devanagari and Arabic runs get their Noto family, the rest Noto Sans. With
Pillow's Raqm layout (in its wheels) each run is shaped, and a line whose first strong
character is right-to-left is set from the right. Without Raqm, Pillow's basic layout draws
the glyphs unshaped: Latin is right, Devanagari conjuncts and Arabic joining are not.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

_LINE_BOX = 1.5  # a line's picture is 1.5 times the font size high, its baseline a bit below the middle
_PAD = 8  # pixels around a word's picture: accents and overhangs reach past its advance
_FIRST_OTHER_SCRIPT = "\u0590"  # below it, Noto Sans has every letter (Latin, Greek, Cyrillic, Armenian)
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
class Fonts:
    """One size and weight of each family, each loaded the first time a run needs it."""

    size: int
    weight: str

    def of(self, script: str) -> ImageFont.FreeTypeFont:
        return font(script, self.size, self.weight)


@functools.cache
def font_set(size: int, weight: str) -> Fonts:
    """The fonts of a size and weight ("Regular", "SemiBold", "Bold"), one per script, made once."""
    return Fonts(size, weight)


@functools.cache
def font(script: str, size: int, weight: str) -> ImageFont.FreeTypeFont:
    """A script's Noto family at a size, its variable weight set by name (loaded once per process)."""
    loaded = ImageFont.truetype(str(font_file(script)), size)
    loaded.set_variation_by_name(weight)
    return loaded


def font_file(script: str) -> Path:
    """The font file of a script's family ("latin", "devanagari", "arabic"), from its PyPI package."""
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
    if not text or max(text) < _FIRST_OTHER_SCRIPT:  # most titles: one Latin run, found in C
        yield "latin", text
        return
    current, start = None, 0
    for index, character in enumerate(text):
        script = script_of(character)
        if script is None or script == current:
            continue
        if current is not None:
            yield current, text[start:index]
            start = index
        current = script
    yield current or "latin", text[start:]


def length(text: str, fonts: Fonts) -> float:
    """The width of a line: its words' widths (each measured once per size) and its spaces'."""
    words = text.split(" ")
    return sum(_word_length(word, fonts) for word in words) + (len(words) - 1) * _word_length(" ", fonts)


@functools.lru_cache(maxsize=4096)
def _word_length(word: str, fonts: Fonts) -> float:
    return sum(fonts.of(script).getlength(part) for script, part in runs(word))


def cut(text: str, fonts: Fonts, width: int) -> str:
    """A text that ends with an ellipsis, shortened before it until it fits in `width`."""
    if length(text, fonts) <= width:
        return text
    words = text[:-1].rstrip()
    while words and length(words + "\u2026", fonts) > width:
        words = words[:-1]
    return words.rstrip() + "\u2026"


def picture_height(fonts: Fonts) -> int:
    """How high a line's picture is at a size (its baseline a bit below the middle)."""
    return round(fonts.size * _LINE_BOX)


@functools.lru_cache(maxsize=32)  # lines that repeat do so from card to card; a title is new
def line_picture(text: str, fonts: Fonts, width: int) -> tuple[Image.Image, int]:
    """A line's coverage (0-255), cut with an ellipsis when wider than `width`, and where it
    starts in that width (a right-to-left line is set from the right).

    Made once per process (the organization, most places and salaries repeat from card to card),
    and from its words, each set once per size: a word is shaped alone (runs never cross a
    space), so only its place on the line is new. A right-to-left line is set whole.
    """
    if length(text, fonts) > width:
        text = cut(text + "\u2026", fonts, width)
    wide = max(1, math.ceil(length(text, fonts)))
    if _right_to_left(text):
        return _set(text, fonts, wide, wide, right_to_left=True), width - wide
    height = picture_height(fonts)
    picture = Image.new("L", (wide + 2 * _PAD, height), 0)
    x, space = 0.0, _word_length(" ", fonts)
    for word in text.split(" "):
        if word:
            piece = _word_picture(word, fonts)
            left = round(x)
            picture.paste(255, (left, 0, left + piece.width, height), piece)
        x += _word_length(word, fonts) + space
    return picture, -_PAD


@functools.lru_cache(maxsize=1024)  # about 40 MB at most: a title's words are few and repeat
def _word_picture(word: str, fonts: Fonts) -> Image.Image:
    """A word's coverage, its origin _PAD pixels in (glyphs may reach past their advance)."""
    return _set(word, fonts, _PAD, math.ceil(_word_length(word, fonts)) + 2 * _PAD)


def _set(text: str, fonts: Fonts, x: float, wide: int, right_to_left: bool = False) -> Image.Image:
    """Draw a text's runs on one baseline, from x (rightward, or leftward for right-to-left)."""
    height = picture_height(fonts)
    picture = Image.new("L", (wide, height), 0)
    pen = ImageDraw.Draw(picture)
    baseline = height // 2 + round(fonts.size * 0.36)
    for script, part in runs(text):
        face = fonts.of(script)
        pen.text((x, baseline), part, font=face, fill=255, anchor="rs" if right_to_left else "ls")
        x += -face.getlength(part) if right_to_left else face.getlength(part)
    return picture


def _right_to_left(text: str) -> bool:
    """Whether the text's first strong character is right-to-left (its paragraph direction)."""
    for character in text:
        direction = unicodedata.bidirectional(character)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False
