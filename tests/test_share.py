"""Share images (SPEC "Share images"): one per open posting, drawn once, in any script the titles use."""

from __future__ import annotations

import dataclasses
import io
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, features

from careersite import banded_png, card_image, posting_build, share, typeset
from careersite.cli import main
from careersite.files import write_new
from tests.conftest import SAMPLE_OPEN, TODAY, tree
from tests.test_render import parse

SEED = "senior-backend-engineer"
HINDI = "वरिष्ठ सॉफ़्टवेयर इंजीनियर – भुगतान (बेंगलुरु)"
POSTING = """\
---
title: {title}
location: Bangalore, Karnataka, IN
on_site: true
employment_type: full-time
salary: ₹35–55 LPA
date_posted: 2026-11-20
valid_through: 2027-02-28
apply: https://paysecure.example/apply/{slug}
---

The role.
"""


def build(*extra: str) -> int:
    return main(["build", "--today", TODAY, *extra])


def image(path: Path) -> Image.Image:
    with Image.open(path) as opened:
        opened.load()
        return opened.copy()


def ink_box(png: bytes, top: int, bottom: int) -> tuple[int, int, int, int] | None:
    """Where something darker than the card is drawn between two rows (the accent's band left out)."""
    band = Image.open(io.BytesIO(png)).convert("L").crop((40, top, share.WIDTH, bottom))
    return band.point(lambda value: 255 if value < 200 else 0).getbbox()


def test_every_open_posting_gets_a_small_palette_png_and_no_other(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    assert build() == 0
    made = sorted(path.parent.name for path in (root / "site/jobs").glob("*/share.png"))
    assert made == sorted(SAMPLE_OPEN)  # not the closed one, not drafts or scheduled ones
    for slug in made:
        path = root / "site/jobs" / slug / "share.png"
        assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert path.stat().st_size <= 300_000
        picture = image(path)
        assert (picture.size, picture.mode) == ((1200, 630), "P")


def test_the_page_names_its_image_with_size_and_alt(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    assert build() == 0
    page = parse((root / "site/jobs" / SEED / "index.html").read_bytes())
    url = f"https://careers.paysecure.example/jobs/{SEED}/share.png"
    assert page.all("meta", property="og:image", content=url)
    assert page.all("meta", property="og:image:width", content="1200")
    assert page.all("meta", property="og:image:height", content="630")
    assert page.all("meta", name="twitter:card", content="summary_large_image")
    assert page.all("meta", name="twitter:image", content=url)
    (alt,) = page.all("meta", property="og:image:alt")
    assert "Senior Backend Engineer - Fintech" in alt["content"] and "₹35L" in alt["content"]
    assert "PaySecure Financial Technologies" in alt["content"] and "On-site" in alt["content"]


def test_same_input_same_bytes_cached_or_cold(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    assert build() == 0
    assert build("--out", "cold", "--no-cache") == 0
    first = {name: digest for name, digest in tree(root / "site").items() if name.endswith(".png")}
    assert first and first == {name: d for name, d in tree(root / "cold").items() if name.endswith(".png")}


def test_an_edit_the_card_does_not_show_never_redraws_its_image(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(sample=True)
    assert build() == 0
    drawn: list[str] = []
    real = card_image.draw
    monkeypatch.setattr(card_image, "draw", lambda card: drawn.append(card.title) or real(card))
    posting = root / "content/jobs" / f"{SEED}.md"
    posting.write_text(posting.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    assert build() == 0
    assert drawn == []  # the body changed, the card did not
    text = posting.read_text(encoding="utf-8").replace("title: Senior Backend", "title: Staff Backend")
    posting.write_text(text, encoding="utf-8")
    assert build() == 0
    assert drawn == ["Staff Backend Engineer - Fintech"]
    assert build("--no-cache") == 0  # --no-cache draws every image again
    assert len(drawn) == 1 + len(SAMPLE_OPEN)


def test_share_images_can_be_turned_off(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    site_yaml = root / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "share_images: false\n", encoding="utf-8")
    assert build() == 0
    assert not list((root / "site").rglob("share.png"))
    page = parse((root / "site/jobs" / SEED / "index.html").read_bytes())
    assert page.all("meta", name="twitter:card", content="summary")  # the sample has no share_image


def test_share_images_must_be_true_or_false(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(sample=True)
    site_yaml = root / "content/site.yaml"
    text = site_yaml.read_text(encoding="utf-8")
    site_yaml.write_text(text + "share_images: sometimes\n", encoding="utf-8")
    assert build() == 1
    line = text.count("\n") + 1
    assert f"content/site.yaml:{line}: error: `share_images` must be true or false" in capsys.readouterr().err


def test_a_hindi_title_has_every_glyph_and_is_drawn(project: Callable[..., Path]) -> None:
    runs = list(typeset.runs(HINDI))
    assert [script for script, _ in runs] == ["devanagari"]  # the dash and brackets stay with it
    for script, text in runs:
        with TTFont(typeset.font_file(script), lazy=True) as font:
            cmap = font.getBestCmap()
        assert [character for character in text if ord(character) not in cmap] == []  # no .notdef box
    root = project({"content/jobs/hindi.md": POSTING.format(title=HINDI, slug="hindi")}, sample=True)
    assert build() == 0
    png = (root / "site/jobs/hindi/share.png").read_bytes()
    box = ink_box(png, 150, 460)
    assert box is not None and box[2] - box[0] > 400  # the title is there, across the card


@pytest.mark.skipif(not features.check("raqm"), reason="Pillow built without Raqm: basic layout only")
def test_devanagari_is_shaped_not_just_mapped() -> None:
    # With Raqm, "ष्ठ" is one conjunct: narrower than its three characters laid side by side.
    font = typeset.font("devanagari", 80, "Bold")
    assert font.getlength("ष्ठ") < sum(font.getlength(character) for character in "ष्ठ")


def test_a_right_to_left_title_is_set_from_the_right() -> None:
    card = share.CardText("مهندس برمجيات أول", "شركة", "Dubai · Remote", None)
    box = ink_box(card_image.draw(card), 150, 460)
    assert box is not None and box[2] > share.WIDTH - 160 and box[0] > 200


def test_a_title_of_200_characters_still_fits() -> None:
    title = "Principal Distinguished Engineer, " * 6
    size, lines = card_image._fit_title(title[:200])
    fonts = typeset.font_set(size, "Bold")
    assert size == min(card_image._TITLE_SIZES) and len(lines) == 3
    assert lines[-1].endswith("\u2026")
    assert all(typeset.length(line, fonts) <= share.WIDTH - 2 * card_image._MARGIN for line in lines)
    short_size, short_lines = card_image._fit_title("Data Scientist")
    assert (short_size, short_lines) == (max(card_image._TITLE_SIZES), ["Data Scientist"])


def test_a_png_logo_is_drawn_and_an_svg_one_left_out(project: Callable[..., Path]) -> None:
    red = io.BytesIO()
    Image.new("RGB", (200, 100), (220, 20, 20)).save(red, "PNG")
    with_logo = share.CardText("Data Scientist", "Acme", "Berlin · Hybrid", None, logo=red.getvalue())
    drawn = Image.open(io.BytesIO(card_image.draw(with_logo))).convert("RGB")
    assert drawn.getpixel((card_image._MARGIN + 40, 64 + 36)) == (220, 20, 20)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    plain = share.CardText("Data Scientist", "Acme", "Berlin · Hybrid", None)
    assert card_image.draw(dataclasses.replace(plain, logo=svg)) == card_image.draw(plain)


def test_the_seed_card_shows_what_the_posting_says(project: Callable[..., Path]) -> None:
    root = project(sample=True)
    assert build() == 0
    png = (root / "site/jobs" / SEED / "share.png").read_bytes()
    for top, bottom in ((60, 140), (150, 460), (470, 525), (530, 595)):  # organization, title, place, salary
        assert ink_box(png, top, bottom) is not None, (top, bottom)
    accent = re.search(r"accent_color: \"(#\w+)\"", (root / "content/site.yaml").read_text()).group(1)
    colours = {colour for _, colour in Image.open(io.BytesIO(png)).convert("RGB").getcolors(4096)}
    assert card_image._mix(accent, card_image._LEVELS - 1) in colours  # the salary and the band


def canvas(card: share.CardText) -> bytes:
    """The card's palette indices drawn the plain way, on one canvas: what its bands must add up to."""
    picture = Image.new("L", (share.WIDTH, share.HEIGHT), 0)
    logo = card_image._logo(card.logo) if card.logo is not None else None
    for line in card_image._lines(card, card_image._MARGIN + (logo[0].width + 24 if logo else 0)):
        steps, mask, offset, _ = card_image._inked_line(line.text, line.fonts, line.width, line.ink)
        picture.paste(steps, (line.x + offset, line.middle - steps.height // 2), mask)
    picture.paste(card_image._STEPS[card_image._ACCENT_INK][255], (0, 0, 24, share.HEIGHT))
    if logo is not None:
        picture.paste(logo[0].point(lambda index: index + 64), (card_image._MARGIN, 64))
    return picture.tobytes()


@pytest.mark.parametrize(
    "card",
    [
        share.CardText(
            "Senior Backend Engineer", "PaySecure", "Bengaluru, Karnataka, India · On-site", "₹35–55 LPA"
        ),
        share.CardText(HINDI, "PaySecure", "Bengaluru · On-site", None, "#0b6e4f"),
        share.CardText("مهندس برمجيات أول", "شركة", "دبي · عن بعد", "AED 20k", "#123456"),
        share.CardText("Principal Distinguished Engineer, " * 6, "Org " * 30, "Place " * 30, "USD 120k–150k"),
    ],
    ids=["latin", "hindi", "arabic", "overlong"],
)
def test_a_card_drawn_in_bands_is_the_card_drawn_whole(card: share.CardText) -> None:
    red = io.BytesIO()
    Image.new("RGB", (120, 60), (220, 20, 20)).save(red, "PNG")
    for shown in (card, dataclasses.replace(card, logo=red.getvalue())):
        png = card_image.draw(shown)
        assert png == card_image.draw(shown)  # same card, same bytes
        with Image.open(io.BytesIO(png)) as drawn:
            drawn.verify()
        with Image.open(io.BytesIO(png)) as drawn:
            drawn.load()
            assert (drawn.mode, drawn.size) == ("P", (share.WIDTH, share.HEIGHT))
            assert drawn.tobytes() == canvas(shown)


def test_an_image_is_a_link_to_the_memo_and_a_damaged_memo_file_is_drawn_again(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(sample=True)
    assert build() == 0
    published = root / "site/jobs" / SEED / "share.png"
    original = published.read_bytes()
    assert published.stat().st_nlink == 2  # its bytes written once: in the memo, linked into the site
    (memo_file,) = [path for path in (root / ".careersite-cache/memo").iterdir() if path.samefile(published)]
    posting = root / "content/jobs" / f"{SEED}.md"
    for damage in (original[:-7], original[:100] + b"\0" + original[101:], b"not a png"):
        memo_file.unlink()  # not written into: the published file keeps its bytes
        memo_file.write_bytes(damage)
        posting.write_text(posting.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
        assert build() == 0
        assert published.read_bytes() == original  # drawn again, never the damaged file
        assert memo_file.read_bytes() == original  # and written over

    def cross_device(*_: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(posting_build, "_links", True)
    monkeypatch.setattr(posting_build.os, "link", cross_device)
    assert build("--out", "copied", "--no-cache") == 0  # a disk without hard links: plain copies
    assert tree(root / "copied") == tree(root / "site")
    assert (root / "copied/jobs" / SEED / "share.png").stat().st_nlink == 1


def test_only_a_whole_png_is_intact() -> None:
    png = card_image.draw(share.CardText("Data Scientist", "Acme", "Berlin · Hybrid", None))
    assert banded_png.intact(png)
    flipped = png[:200] + bytes([png[200] ^ 1]) + png[201:]
    for damaged in (png[:-1], png[:40], flipped, png + b"\0", b"", b"GIF89a" + png[6:]):
        assert not banded_png.intact(damaged)


def test_a_file_written_where_a_link_stands_leaves_the_linked_file_alone(tmp_path: Path) -> None:
    kept, staged = tmp_path / "kept.png", tmp_path / "staged.png"
    kept.write_bytes(b"the memo's image")
    os.link(kept, staged)
    write_new(str(staged), b"another image")
    assert (kept.read_bytes(), staged.read_bytes()) == (b"the memo's image", b"another image")
