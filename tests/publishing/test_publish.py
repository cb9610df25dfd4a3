"""Stage 9: the generator writes only what it owns, and only what changed."""

import json
import os

import pytest

from build_scripts.cli import main
from build_scripts.publishing.publish import OWNED_DIRS, OWNED_FILES, publish

from ..conftest import ROOT, SEED


def test_publish_touches_only_owned_paths(tmp_path):
    (tmp_path / "about.md").write_text("手写页面", encoding="utf-8")
    (tmp_path / "stylesheets").mkdir()
    (tmp_path / "stylesheets" / "extra.css").write_text("p{}", encoding="utf-8")
    (tmp_path / "zh-Hans" / "speeches").mkdir(parents=True)
    (tmp_path / "zh-Hans" / "speeches" / "stale.md").write_text("旧", encoding="utf-8")
    changes = publish({"zh-Hans/index.md": b"# home", "zh-Hans/speeches/a.md": b"a"}, tmp_path)
    assert changes == {
        "written": ["zh-Hans/index.md", "zh-Hans/speeches/a.md"],
        "unchanged": [],
        "removed": ["zh-Hans/speeches/stale.md"],
    }
    assert (tmp_path / "about.md").read_text(encoding="utf-8") == "手写页面"
    assert (tmp_path / "stylesheets" / "extra.css").exists()
    with pytest.raises(ValueError):
        publish({"about.md": b"x"}, tmp_path)
    with pytest.raises(ValueError):
        publish({"zh-Hans/../../escape.md": b"x"}, tmp_path)


def test_unchanged_files_are_not_rewritten(tmp_path):
    page = tmp_path / "zh-Hans" / "index.md"
    publish({"zh-Hans/index.md": b"# home"}, tmp_path)
    before = os.stat(page).st_mtime_ns
    os.utime(page, ns=(before - 10**9, before - 10**9))
    changes = publish({"zh-Hans/index.md": b"# home"}, tmp_path)
    assert changes["unchanged"] == ["zh-Hans/index.md"] and changes["written"] == []
    assert os.stat(page).st_mtime_ns == before - 10**9


def test_changed_file_is_replaced_whole_and_a_cut_short_one_rewritten(tmp_path):
    page = tmp_path / "zh-Hans" / "speeches" / "a.md"
    big = "讲话".encode("utf-8") * 300_000  # larger than one write() may take
    publish({"zh-Hans/speeches/a.md": big}, tmp_path)
    assert page.read_bytes() == big
    # A changed file is replaced by a rename (a new inode), so that a reader
    # never sees half of it; nothing temporary is left beside it.
    inode = page.stat().st_ino
    changes = publish({"zh-Hans/speeches/a.md": b"new"}, tmp_path)
    assert changes["written"] == ["zh-Hans/speeches/a.md"]
    assert page.read_bytes() == b"new" and page.stat().st_ino != inode
    assert sorted(p.name for p in page.parent.iterdir()) == ["a.md"]
    # A first write cut short (an interrupted build) is written again.
    page.write_bytes(big[:1000])
    assert publish({"zh-Hans/speeches/a.md": big}, tmp_path)["written"] == ["zh-Hans/speeches/a.md"]
    assert page.read_bytes() == big


def test_generate_cli_writes_pages_and_catalog(tmp_path, capsys):
    docs = tmp_path / "docs"
    assert main(["generate", "--sources", str(SEED.parent), "--docs", str(docs)]) == 0
    catalog = json.loads((docs / "catalog.json").read_text(encoding="utf-8"))
    assert len(catalog["speeches"]) == 9
    for entry in catalog["speeches"]:
        for url in (entry["url"], entry["variants"]["zh-Hant"]["url"]):
            assert (docs / (url[: -len("/")] + ".md")).is_file()
        assert all(set(s) == {"file", "section", "lines"} and isinstance(s["section"], int) for s in entry["sources"])
    out = capsys.readouterr().out
    assert "9 distinct speeches" in out


def test_bad_source_fails_cleanly_and_keeps_earlier_output(tmp_path, capsys):
    sources, docs = tmp_path / "sources", tmp_path / "docs"
    sources.mkdir()
    (sources / "a.txt").write_bytes(SEED.read_bytes())
    assert main(["generate", "--sources", str(sources), "--docs", str(docs)]) == 0
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    (sources / "b.txt").write_bytes(b"")
    capsys.readouterr()
    assert main(["generate", "--sources", str(sources), "--docs", str(docs)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: b.txt: ") and "Traceback" not in err
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before


def test_every_generated_path_is_ignored_by_git_and_removed_by_make_clean():
    """What the generator owns in docs/ (the corpus zips beside the editions
    among it) is never committed, and ``make clean`` removes it."""
    import re

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    generated = re.search(r"^GENERATED := ((?:.*\\\n)*.*)$", makefile, re.M).group(1).replace("\\\n", " ").split()
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    for name in (*OWNED_FILES, *OWNED_DIRS):
        assert f"docs/{name}" in generated, name
        assert (f"docs/{name}/" if name in OWNED_DIRS else f"docs/{name}") in ignored, name
