"""Colour contrast for the theme's accent (WCAG 2.2 relative luminance and contrast ratio).

The theme's backgrounds live here so that the site.yaml validator checks
`accent_color` against the same colours the pages are painted with.
"""

from __future__ import annotations

import re

LIGHT_BACKGROUND = "#ffffff"  # the page and cards in light mode (templates/assets/site.css --bg)
DARK_BACKGROUND = "#16181d"  # the page and cards in dark mode (site.css --bg in prefers-color-scheme: dark)
BUTTON_TEXT = "#ffffff"  # the apply button is white text on the accent in both modes
DEFAULT_ACCENT = "#0b5fff"
TEXT_CONTRAST = 4.5  # WCAG 2.2 AA, 1.4.3, normal-size text

_HEX = re.compile(r"#?([0-9a-fA-F]{6})")


def parse_hex(color: str) -> tuple[int, int, int]:
    """Return the (red, green, blue) bytes of a "#rrggbb" colour; ValueError when it is not one."""
    match = _HEX.fullmatch(color.strip())
    if not match:
        raise ValueError(f"not a #rrggbb colour: {color!r}")
    digits = match.group(1)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def to_hex(rgb: tuple[int, int, int]) -> str:
    """Write (red, green, blue) bytes as "#rrggbb"."""
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    """Return the WCAG relative luminance of a "#rrggbb" colour (0 black … 1 white)."""
    red, green, blue = parse_hex(color)
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def contrast_ratio(first: str, second: str) -> float:
    """Return the WCAG contrast ratio of two colours (1 … 21), whatever their order."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _mix(color: str, toward: str, amount: float) -> str:
    start, end = parse_hex(color), parse_hex(toward)
    return to_hex(tuple(s + (e - s) * amount for s, e in zip(start, end, strict=True)))  # type: ignore[arg-type]


def lighten_for_contrast(color: str, background: str, target: float = TEXT_CONTRAST) -> str:
    """Return the colour, mixed toward white just enough to reach `target` contrast on `background`.

    Used for links in dark mode: the accent keeps its hue but gets light enough
    to read on the dark background. A colour that already passes is returned
    as written (lower case); pure white is the limit.
    """
    color = to_hex(parse_hex(color))
    if contrast_ratio(color, background) >= target:
        return color
    # Bisect the amount of white: contrast on a dark background grows with it.
    low, high = 0.0, 1.0
    for _ in range(24):
        middle = (low + high) / 2
        if contrast_ratio(_mix(color, "#ffffff", middle), background) >= target:
            high = middle
        else:
            low = middle
    return _mix(color, "#ffffff", high)
