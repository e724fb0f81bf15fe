"""Contrast maths (WCAG 2.2) and the theme's colours measured with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careersite.colors import (
    BUTTON_TEXT,
    DARK_BACKGROUND,
    DEFAULT_ACCENT,
    LIGHT_BACKGROUND,
    contrast_ratio,
    lighten_for_contrast,
    parse_hex,
    relative_luminance,
)

SITE_CSS = Path(__file__).resolve().parent.parent / "templates" / "assets" / "site.css"
hex_colors = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#767676", "#ffffff", 4.54),  # the classic lightest grey that passes AA on white
        ("#777777", "#ffffff", 4.48),
        ("#0b5fff", "#ffffff", 5.13),
    ],
)
def test_contrast_ratio_matches_known_values(first: str, second: str, expected: float) -> None:
    assert contrast_ratio(first, second) == pytest.approx(expected, abs=0.01)
    assert contrast_ratio(second, first) == contrast_ratio(first, second)


def test_relative_luminance_ends_and_case() -> None:
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#FFFFFF") == pytest.approx(1)
    assert relative_luminance("#0B5FFF") == relative_luminance("#0b5fff")


@pytest.mark.parametrize("bad", ["0b5fff0", "#0b5ff", "blue", "#gggggg", ""])
def test_parse_hex_rejects_what_is_not_a_hex_colour(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_hex(bad)


def test_default_accent_passes_for_buttons_and_links_in_both_modes() -> None:
    assert contrast_ratio(BUTTON_TEXT, DEFAULT_ACCENT) >= 4.5
    assert contrast_ratio(DEFAULT_ACCENT, LIGHT_BACKGROUND) >= 4.5
    assert contrast_ratio(lighten_for_contrast(DEFAULT_ACCENT, DARK_BACKGROUND), DARK_BACKGROUND) >= 4.5


def test_lighten_keeps_a_colour_that_already_passes() -> None:
    assert lighten_for_contrast("#FFAA00", DARK_BACKGROUND) == "#ffaa00"
    assert lighten_for_contrast("#0b5fff", DARK_BACKGROUND) == "#337aff"


@given(hex_colors)
def test_lighten_for_contrast_always_reaches_the_target_on_the_dark_background(color: str) -> None:
    lighter = lighten_for_contrast(color, DARK_BACKGROUND)
    assert contrast_ratio(lighter, DARK_BACKGROUND) >= 4.5
    assert relative_luminance(lighter) >= relative_luminance(color)


def _css_colors(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;", block))


def test_theme_css_uses_these_backgrounds_and_its_text_passes_in_both_modes() -> None:
    css = SITE_CSS.read_text(encoding="utf-8")
    light = _css_colors(css.split("@media (prefers-color-scheme: dark)")[0])
    dark = _css_colors(css.split("@media (prefers-color-scheme: dark)")[1].split("}\n}")[0])
    assert light["bg"] == LIGHT_BACKGROUND
    assert dark["bg"] == DARK_BACKGROUND
    for mode in (light, dark):
        for text in ("text", "muted"):
            for background in ("bg", "surface"):
                assert contrast_ratio(mode[text], mode[background]) >= 4.5, (text, background, mode)
        assert contrast_ratio(mode["text"], mode["closed-bg"]) >= 4.5
        assert contrast_ratio(mode["draft-text"], mode["draft-bg"]) >= 4.5
        assert contrast_ratio(mode["control"], mode["bg"]) >= 3  # WCAG 1.4.11: control borders
