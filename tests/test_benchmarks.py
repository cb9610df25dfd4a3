"""The benchmark's own measures (benchmarks/run.py)."""

import os
import signal
import sys

import pytest

from benchmarks.run import CORPUS_DOWNLOADS_LABEL, SITE_KINDS, query_bytes, site_kinds, size_table, tree_memory_mb


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_tree_memory_counts_pages_shared_with_a_forked_child_once():
    block = bytearray(os.urandom(1 << 20)) * 256  # 256 MB, touched
    alone = tree_memory_mb(os.getpid())
    child = os.fork()
    if child == 0:  # the child only waits: it shares the block, never copies it
        signal.pause()
        os._exit(0)
    try:
        with_child = tree_memory_mb(os.getpid())
    finally:
        os.kill(child, signal.SIGTERM)
        os.waitpid(child, 0)
    assert alone > 256
    # Resident sizes would count the block twice; proportional sizes once.
    assert with_child < alone + 64
    del block


def test_stage_table_gives_wall_and_cpu_time_and_the_cost_per_speech_at_the_largest_size():
    from benchmarks.run import stage_table
    from build_scripts.runtime.progress import stage_times

    small = {"speeches": 1000, "stages": stage_times("[stage] zip: 1.00 s (CPU 0.50 s)\n")}
    # Ten times the speeches: the zip waited for a core (wall 1.6× per speech)
    # while its own cost per speech stayed flat (CPU 1.1×).
    large = {"speeches": 10000, "stages": stage_times("[stage] zip: 16.00 s (CPU 5.50 s)\n[stage] new: 1.00 s (CPU 1.00 s)\n")}
    lines = stage_table([small, large])
    head = next(line for line in lines if line.startswith("| stage |"))
    assert head.endswith("| per speech, 10,000 against 1,000 |")
    zip_row = next(line for line in lines if line.startswith("| zip |"))
    assert zip_row == "| zip | 1.00 / 0.50 (1.00 / 0.50 ms) | 16.00 / 5.50 (1.60 / 0.55 ms) | 1.60× / 1.10× |"
    new_row = next(line for line in lines if line.startswith("| new |"))
    assert new_row.endswith("| – / – |")  # a stage the smaller run did not have: no ratio


def test_every_file_of_the_built_site_counts_once_in_its_kind(built_site):
    kinds = site_kinds(built_site)
    assert list(kinds) == [name for name, _ in SITE_KINDS]
    assert sum(kinds.values()) == sum(p.stat().st_size for p in built_site.rglob("*") if p.is_file())
    speeches = len(list(built_site.glob("*/speeches/*/index.html")))
    assert speeches == 18  # the seed's nine, in two editions
    for kind in ("speech pages", "each edition's .docx template", "search index and texts",
                 "collection and index pages", "source pages as scraped", "everything else (theme, home, feed, sitemaps)"):
        assert kinds[kind] > 0, kind
    assert kinds["speech pages"] == sum(p.stat().st_size for p in built_site.glob("*/speeches/*/index.html"))
    assert kinds["source pages as scraped"] == sum(p.stat().st_size for p in built_site.glob("*/source-pages/*/index.html"))
    assert not list(built_site.rglob("*.zip"))  # the corpus zips are release assets


def test_the_size_table_shows_the_corpus_zips_apart_from_the_sites_total():
    kinds = {name: 10_000 * (i + 1) for i, (name, _) in enumerate(SITE_KINDS)}
    result = {"speeches": 100, "site_kinds": kinds, "site_bytes": sum(kinds.values()), "release_bytes": 2_070_000,
              "mean_characters": 4600}
    rows = size_table([result])
    total = next(r for r in rows if r.startswith("| **all** |"))
    assert total == f"| **all** | **{sum(kinds.values()) / 100 / 1000:.1f} kB** (within budget) |"
    assert rows.index(f"| {CORPUS_DOWNLOADS_LABEL} | 20.7 kB |") > rows.index(total)


@pytest.mark.browser
def test_query_bytes_measures_each_query_in_both_editions(built_site, browser):
    """Both editions read the one index: a query downloads the same search
    files in either (meta.json, a shard per token, the results' texts)."""
    sizes = query_bytes(built_site, ["文明城市", "穗字"], browser=browser)
    assert len(sizes) == 4
    assert sizes[:2] == sizes[2:] and all(0 < size < 300_000 for size in sizes)
