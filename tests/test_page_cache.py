"""Parsed pages kept between builds: a build from the cache writes exactly
what a build that parses every page writes."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from build_scripts import page_cache
from build_scripts.cli import main
from build_scripts.page_cache import PageCache, page_key
from build_scripts.pipeline import parse_page

from .conftest import SEED, new_page


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def generate(sources: Path, docs: Path, cache: Path | None) -> int:
    return main(["generate", "--sources", str(sources), "--docs", str(docs)]
                + (["--cache", str(cache)] if cache else ["--no-cache"]))


def test_a_parsed_page_is_stored_without_its_source_page_and_read_back_whole(seed_page):
    parsed = parse_page(seed_page)
    data = page_cache.dumps(parsed, seed_page)
    assert page_cache.loads(data, seed_page) == parsed
    assert len(data) < 0.75 * len(pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))


def test_storing_and_reading_back_leave_no_reference_cycle(seed_page):
    """Pickler and unpickler are freed as soon as they are done: a cycle
    would keep each one's memo (every object of the page) alive until the
    cyclic collector runs, which a large build pauses while it reads pages."""
    import gc

    parsed = parse_page(seed_page)
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            page_cache.loads(page_cache.dumps(parsed, seed_page), seed_page)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_the_key_changes_with_the_name_and_every_byte():
    data = SEED.read_bytes()
    key = page_key("a.txt", data)
    assert key == page_key("a.txt", data)
    assert key != page_key("b.txt", data)
    assert key != page_key("a.txt", data[:-1])
    assert key != page_key("a.txt", data.replace("。".encode(), "，".encode(), 1))


def test_adding_a_page_parses_that_page_only_and_writes_what_a_full_parse_writes(tmp_path, capsys):
    sources, cache = tmp_path / "sources", tmp_path / "cache"
    shutil.copytree(SEED.parent, sources)
    assert generate(sources, tmp_path / "docs", cache) == 0
    assert len(list(cache.glob("*.pickle"))) == 1
    (sources / "aaa-new-page.txt").write_text(new_page(), encoding="utf-8")
    shutil.copytree(sources, tmp_path / "sources-full")
    capsys.readouterr()

    assert generate(sources, tmp_path / "docs", cache) == 0
    assert f"parsed pages from {cache}: 1 of 2" in capsys.readouterr().out
    assert generate(tmp_path / "sources-full", tmp_path / "docs-full", None) == 0
    assert tree(tmp_path / "docs") == tree(tmp_path / "docs-full")
    assert tree(sources) == tree(tmp_path / "sources-full")  # the ledger too
    assert len(list(cache.glob("*.pickle"))) == 2

    # A page taken out: its entry goes at the end of the build.
    (sources / "aaa-new-page.txt").unlink()
    assert generate(sources, tmp_path / "docs", cache) == 0
    assert [p.name for p in cache.glob("*.pickle")] == [page_key(SEED.name, SEED.read_bytes()) + ".pickle"]


def test_an_unreadable_entry_is_parsed_again(tmp_path, capsys, seed_page):
    sources, cache = tmp_path / "sources", tmp_path / "cache"
    shutil.copytree(SEED.parent, sources)
    assert generate(sources, tmp_path / "docs", cache) == 0
    before = tree(tmp_path / "docs")
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:1000])  # cut short, as by a full disk
    capsys.readouterr()
    assert generate(sources, tmp_path / "docs", cache) == 0
    out = capsys.readouterr().out
    assert f"parsed pages from {cache}: 0 of 1" in out and "docs: 0 written" in out
    assert tree(tmp_path / "docs") == before
    assert PageCache(cache).load(entry.stem, seed_page) == parse_page(seed_page)  # stored whole again
