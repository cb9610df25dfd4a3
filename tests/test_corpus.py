"""Several source pages together, built from the seed by the tests."""

import json

from build_scripts.cli import main
from build_scripts.pipeline import generate
from build_scripts.publishing.publish import read_handwritten

from .conftest import ROOT, SEED


def two_pages(tmp_path, first="a_b.txt", second="a-b.txt"):
    """The seed page, and a second page that repeats its 第2篇 and 第6篇."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    section2 = lines[31:55]  # "第2篇 …" to the end of that speech
    section6 = lines[267:303]
    header = lines[:9]
    trailer = lines[495:]
    renumbered = [section2[0].replace("第2篇", "第1篇"), *section2[1:], section6[0].replace("第6篇", "第2篇"), *section6[1:]]
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / first).write_bytes(SEED.read_bytes())
    (sources / second).write_text("\n".join(header + renumbered + trailer), encoding="utf-8")
    return sources


def test_pages_with_colliding_names_get_distinct_collections(tmp_path):
    from build_scripts.parse.decode import read_pages

    result = generate(read_pages(two_pages(tmp_path)), read_handwritten(ROOT / "docs"), hant=None)
    ids = [c.id for c in result.collections]
    assert len(set(ids)) == 2
    # The repeated speeches are merged: still nine distinct speeches.
    assert len(result.speeches) == 9
    repeated = [s for s in result.speeches if len({c.clean.copy.file for c in s.distinct.copies}) == 2]
    assert len(repeated) == 2
    # Each collection page names the sections of its own page only.
    second = next(c for c in result.collections if c.file == "a-b.txt")
    page = result.files[f"zh-Hans/collections/{second.id}.md"].decode()
    assert "第1篇" in page and "第2篇" in page and "第6篇" not in page


def test_no_hant_build_still_has_the_query_map(tmp_path, capsys):
    docs = tmp_path / "docs"
    assert main(["generate", "--sources", str(SEED.parent), "--docs", str(docs), "--no-hant"]) == 0
    assert (docs / "zh-Hans" / "javascripts" / "query-map.js").is_file()
    assert not (docs / "zh-Hant").exists()
    catalog = json.loads((docs / "catalog.json").read_text(encoding="utf-8"))
    assert all(entry["variants"] == {} for entry in catalog["speeches"])


def test_a_bad_hant_setting_is_one_line(tmp_path, capsys, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.speech-library]\nhant = "s2twp"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--sources", str(SEED.parent), "--docs", str(tmp_path / "docs")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: pyproject.toml: ") and err.count("\n") == 1
