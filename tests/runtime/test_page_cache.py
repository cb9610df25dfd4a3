"""Parsed pages kept between builds: a build from the cache writes exactly
what a build that parses every page writes."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.runtime import lifetime, page_cache
from build_scripts.cli import main
from build_scripts.runtime.page_cache import PageCache, page_key
from build_scripts.corpus.page import parse_page

from ..conftest import SEED, copy_project, new_page


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def generate(sources: Path, docs: Path, cache: Path | None) -> int:
    return main(["generate", "--sources", str(sources), "--docs", str(docs)]
                + (["--cache", str(cache)] if cache else ["--no-cache"]))


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


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:1000],  # cut short, as by a full disk
        lambda data: b"",
        lambda data: bytes(range(256)) * 4,  # not a pickle
        lambda data: pickle.dumps({"split": "not a parsed page"}),  # a pickle this cache did not write
    ],
    ids=["cut", "empty", "garbage", "foreign"],
)
def test_a_cut_or_foreign_entry_is_parsed_again_and_stored_whole(damage, tmp_path, capsys, seed_page):
    sources, cache = tmp_path / "sources", tmp_path / "cache"
    shutil.copytree(SEED.parent, sources)
    assert generate(sources, tmp_path / "docs", cache) == 0
    before = tree(tmp_path / "docs")
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(damage(entry.read_bytes()))
    capsys.readouterr()
    assert generate(sources, tmp_path / "docs", cache) == 0
    out = capsys.readouterr().out
    assert f"parsed pages from {cache}: 0 of 1" in out and "docs: 0 written" in out
    assert tree(tmp_path / "docs") == before
    assert PageCache(cache).load(entry.stem, seed_page) == parse_page(seed_page)  # stored whole again


def test_a_build_from_the_cache_writes_what_a_fresh_build_writes(tmp_path, capsys):
    """Every page read back from the cache, none parsed: the same docs, byte
    for byte, as a build that parses every page and keeps nothing."""
    from benchmarks.synthetic import write_corpus

    sources, cache = tmp_path / "sources", tmp_path / "cache"
    write_corpus(sources, 40)
    pages = len(list(sources.glob("*.txt")))
    assert generate(sources, tmp_path / "first", cache) == 0
    capsys.readouterr()
    assert generate(sources, tmp_path / "cached", cache) == 0
    assert f"parsed pages from {cache}: {pages} of {pages}" in capsys.readouterr().out
    assert generate(sources, tmp_path / "fresh", None) == 0
    assert tree(tmp_path / "cached") == tree(tmp_path / "fresh") == tree(tmp_path / "first")


def dead_token() -> str:
    """The process token of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    token = lifetime.process_token(process.pid)
    process.kill()
    process.wait()
    return token


@pytest.mark.parametrize(
    "cache", ["sources", ".", "..", "docs", "docs/zh-Hans", "sources/parsed", "site", "elsewhere", "a-file"]
)
def test_a_folder_the_cache_did_not_make_is_refused_in_one_line_and_nothing_is_touched(cache, tmp_path, monkeypatch, capsys):
    """`generate --cache sources` once emptied the sources (and `--cache .`
    the project): a cache folder must be new, empty or tagged as a cache,
    and never the project, its sources, docs or site, or inside them."""
    project = copy_project(tmp_path / "project")
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("<p>published</p>", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "notes.txt").write_text("mine", encoding="utf-8")
    (project / "a-file").write_text("mine", encoding="utf-8")
    (project / "elsewhere").symlink_to(tmp_path / "elsewhere")
    before, around = tree(project), tree(tmp_path / "elsewhere")
    monkeypatch.chdir(project)
    capsys.readouterr()
    assert main(["build", "--cache", cache]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {cache}: ") and err.count("\n") == 1, err
    assert tree(project) == before and tree(tmp_path / "elsewhere") == around
    assert not (project / "docs" / "catalog.json").exists()


def test_a_cache_removes_only_its_own_entries_and_the_temporary_files_of_ended_runs(tmp_path, capsys):
    sources, cache = tmp_path / "sources", tmp_path / "cache"
    shutil.copytree(SEED.parent, sources)
    assert generate(sources, tmp_path / "docs", cache) == 0
    assert page_cache.is_tagged(cache)
    assert (cache / page_cache.TAG_NAME).read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    # What someone put there later, an entry no page has any more, and the
    # temporary files of a run that was killed and of one still running.
    (cache / "notes.txt").write_text("mine", encoding="utf-8")
    (cache / "sub").mkdir()
    (cache / "sub" / ("0" * 64 + ".pickle")).write_bytes(b"mine too")
    stale = cache / ("f" * 64 + ".pickle")
    stale.write_bytes(b"old entry")
    killed = cache / f".tmp-{dead_token()}-abc"
    killed.write_bytes(b"cut short")
    running = cache / f".tmp-{lifetime.process_token()}-abc"
    running.write_bytes(b"being written")
    assert generate(sources, tmp_path / "docs", cache) == 0
    left = sorted(p.relative_to(cache).as_posix() for p in cache.rglob("*") if p.is_file())
    assert left == sorted(
        [page_cache.TAG_NAME, "notes.txt", "sub/" + "0" * 64 + ".pickle", running.name,
         page_key(SEED.name, SEED.read_bytes()) + ".pickle"]
    )


def test_a_cache_made_before_caches_were_tagged_is_taken_and_tagged(tmp_path, capsys):
    sources, cache = tmp_path / "sources", tmp_path / "cache"
    shutil.copytree(SEED.parent, sources)
    assert generate(sources, tmp_path / "docs", cache) == 0
    (cache / page_cache.TAG_NAME).unlink()  # as an earlier version left it: entries only
    capsys.readouterr()
    assert generate(sources, tmp_path / "docs", cache) == 0
    assert f"parsed pages from {cache}: 1 of 1" in capsys.readouterr().out
    assert page_cache.is_tagged(cache)
