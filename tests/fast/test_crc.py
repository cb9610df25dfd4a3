"""The CRC-32 of many slices at once: zlib.crc32 of each slice's UTF-8."""

import random
import zlib

import numpy as np
import pytest

from build_scripts.fast.crc import crc32_of_slices

from ..conftest import SEED

EDGES = "".join(map(chr, [0x7F, 0x80, 0x7FF, 0x800, 0x801, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x20000, 0x10FFFF]))


@pytest.mark.parametrize("width", [1, 3, 8, 13])
def test_every_slice_is_the_crc32_of_its_utf8(width):
    """On the seed's text and on characters of every UTF-8 length (the edges
    of the three-byte range included), mixed or not, for several widths."""
    rng = random.Random(width)
    seed = SEED.read_text(encoding="utf-8")[:3000]
    mixed = "".join(seed[k : k + 5] + EDGES[k % len(EDGES)] + "2024ab"[: k % 7] for k in range(0, 3000, 5))
    for text in (seed, mixed, EDGES * 4, "一" * (width + 3), "😀" * (width + 2) + seed[:40]):
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        starts = np.array(sorted(rng.sample(range(len(text) - width + 1), min(200, len(text) - width + 1))))
        expected = sorted(zlib.crc32(text[i : i + width].encode()) for i in starts.tolist())
        assert sorted(crc32_of_slices(text, codes, starts, width).tolist()) == expected
