"""`make screenshots` (tests/screenshots.py): what it writes, in Chromium."""

from __future__ import annotations

import struct

import pytest

from .screenshots import DEVICES, take

pytestmark = pytest.mark.browser


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_screenshots_of_both_editions_on_a_phone_and_a_desktop(built_site, browser, tmp_path):
    shots = take(built_site, tmp_path / "screenshots", browser)
    names = sorted(path.name for path, _ in shots)
    views = ("outline", "source", "search", "passage", "404")
    assert names == sorted(f"{e}-{d}-{v}.png" for e in ("zh-Hans", "zh-Hant") for d in DEVICES for v in views)
    for path, what in shots:
        device = path.name.split("-")[2]
        assert png_size(path.read_bytes()) == (DEVICES[device]["width"], DEVICES[device]["height"])
        if path.name.endswith("passage.png"):
            assert what.startswith("the result opened at p")
        if path.name.endswith("source.png"):
            assert what.startswith("its source page at L")
        if path.name.endswith("404.png"):
            assert "(status 404)" in what
