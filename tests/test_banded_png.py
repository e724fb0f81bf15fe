"""The share cards' PNG writer: bands of rows compressed on their own, joined into one valid PNG."""

from __future__ import annotations

import io
import random
import struct
import zlib

import pytest
from PIL import Image

from careersite import banded_png


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """A PNG's chunks as (type, data), each one's CRC checked."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    found, at = [], 8
    while at < len(png):
        (size,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + size]
        assert struct.unpack(">I", png[at + 8 + size : at + 12 + size])[0] == zlib.crc32(kind + data)
        found.append((kind, data))
        at += 12 + size
    return found


@pytest.mark.parametrize("sizes", [(0, 5), (1, 1), (3, 70_000), (65_521, 65_522, 10), (200_000, 1)])
def test_adler32_of_pieces_joins_into_that_of_the_whole(sizes: tuple[int, ...]) -> None:
    generator = random.Random(sum(sizes))
    pieces = [bytes(generator.getrandbits(8) for _ in range(size)) for size in sizes]
    joined = 1
    for piece in pieces:
        joined = banded_png.adler32_combine(joined, zlib.adler32(piece), len(piece))
    assert joined == zlib.adler32(b"".join(pieces))


def test_bands_make_one_png_that_zlib_and_pillow_read_back() -> None:
    width, heights = 40, (3, 1, 7, 5)
    generator = random.Random(7)
    rows = [bytes([0, *(generator.choice((0, 0, 0, 1, 2, 63)) for _ in range(width))]) for _ in range(16)]
    bands, start = [], 0
    for height in heights:
        bands.append(banded_png.band(b"".join(rows[start : start + height])))
        start += height
    palette = [channel for index in range(64) for channel in (index * 4, 255 - index * 4, index)]
    png = banded_png.write(width, sum(heights), palette, bands)
    kinds = chunks(png)
    assert [kind for kind, _ in kinds] == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    assert zlib.decompress(kinds[2][1]) == b"".join(rows)  # the zlib stream whole, its Adler-32 right
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        assert (image.mode, image.size) == ("P", (width, 16))
        assert image.tobytes() == b"".join(row[1:] for row in rows)
        assert image.getpalette()[: len(palette)] == palette


def test_bands_that_are_not_the_image_are_refused() -> None:
    band = banded_png.band(bytes(11 * 3))
    with pytest.raises(ValueError, match="not 4 rows of 10 pixels"):
        banded_png.write(10, 4, [0, 0, 0], [band])
