"""`python -m build_scripts preview PAGE…`: the site of the given source
pages alone, built in a scratch project, with the real MkDocs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_scripts.errors import SourceError
from build_scripts.preview import preview_project

from .conftest import ROOT, copy_project, new_page, run_build

SEED_PAGE = "chengshi-gongzuo-jianghuagao.txt"


@pytest.fixture(scope="module")
def previewed(tmp_path_factory):
    """A copy of the project, and the preview of a page not yet in its sources."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    page = project.parent / "new-page.txt"
    page.write_text(new_page(), encoding="utf-8")
    ledger = (project / "sources" / "speech-ids.tsv").read_bytes()
    result = run_build(project, "preview", str(page))
    assert result.returncode == 0, result.stdout + result.stderr
    return project, result, ledger


def test_preview_builds_the_given_page_alone_in_both_editions_with_search(previewed):
    project, result, _ = previewed
    site = project / ".cache" / "preview" / "site"
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    assert [c["source"] for c in catalog["collections"]] == ["new-page.txt"]
    assert [s["title"] for s in catalog["speeches"]] == [
        "创建全国文明城市工作推进会讲话稿",
        "在城市工作领导小组会议上讲话",
        "全市城市管理工作会议讲话",
    ]
    for speech in catalog["speeches"]:
        assert (site / speech["url"] / "index.html").is_file()
        assert (site / speech["variants"]["zh-Hant"]["url"] / "index.html").is_file()
    for edition in ("zh-Hans", "zh-Hant"):
        assert (site / edition / "search").is_dir()
    assert "site: .cache/preview/site/" in result.stdout


def test_preview_leaves_the_project_as_it_was(previewed):
    project, result, ledger = previewed
    # No generated docs, no site, no cache of parsed pages, the ledger untouched.
    assert not (project / "docs" / "zh-Hans").exists() and not (project / "docs" / "catalog.json").exists()
    assert not (project / "site").exists()
    assert not (project / ".cache" / "pages").exists()
    assert (project / "sources" / "speech-ids.tsv").read_bytes() == ledger
    assert "speech-ids.tsv" not in result.stdout
    assert not (project / ".cache" / "preview" / "sources" / "speech-ids.tsv").exists()


def test_preview_of_a_page_in_sources_gives_its_speeches_the_ids_of_the_full_build(built_site, tmp_path):
    project = copy_project(tmp_path / "project")
    result = run_build(project, "preview", f"sources/{SEED_PAGE}")
    assert result.returncode == 0, result.stdout + result.stderr
    preview = json.loads((project / ".cache/preview/site/catalog.json").read_text(encoding="utf-8"))
    full = json.loads((built_site / "catalog.json").read_text(encoding="utf-8"))
    # The seed page is the whole corpus: nothing else could change its speeches.
    assert preview == full


def test_a_page_that_cannot_be_previewed_is_named_and_an_earlier_preview_stays(previewed):
    project, _, _ = previewed
    site = project / ".cache" / "preview" / "site"
    before = (site / "catalog.json").read_bytes()
    (project / "notes.md").write_text("not a page\n", encoding="utf-8")
    for args, named in (
        (["missing.txt"], "missing.txt"),
        (["notes.md"], "notes.md"),
        ([f"sources/{SEED_PAGE}", str(project.parent / "new-page.txt"), f"sources/{SEED_PAGE}"], SEED_PAGE),
    ):
        result = run_build(project, "preview", *args)
        assert result.returncode == 1
        assert result.stderr.startswith("error: ") and named in result.stderr, result.stderr
        assert (site / "catalog.json").read_bytes() == before


def test_a_page_the_generator_cannot_read_stops_the_preview_with_its_name_and_the_earlier_preview_stays(previewed):
    project, _, _ = previewed
    site = project / ".cache" / "preview" / "site"
    before = (site / "catalog.json").read_bytes()
    (project.parent / "empty.txt").write_bytes(b"")
    result = run_build(project, "preview", str(project.parent / "empty.txt"))
    assert result.returncode == 1
    assert "empty.txt" in result.stderr and "empty" in result.stderr.split("empty.txt", 1)[1]
    assert (site / "catalog.json").read_bytes() == before


def test_preview_project_keeps_a_page_path_within_sources_and_copies_no_generated_file(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "sources" / "2025").mkdir()
    nested = project / "sources" / "2025" / "page.txt"
    nested.write_text(new_page(), encoding="utf-8")
    (project / "docs" / "zh-Hans").mkdir()
    (project / "docs" / "zh-Hans" / "index.md").write_text("generated\n", encoding="utf-8")
    sources = preview_project(project, [nested], tmp_path / "preview")
    assert sorted(p.relative_to(sources).as_posix() for p in sources.rglob("*")) == ["2025", "2025/page.txt"]
    docs = tmp_path / "preview" / "docs"
    assert not (docs / "zh-Hans").exists()
    assert (docs / "about.md").read_bytes() == (ROOT / "docs" / "about.md").read_bytes()
    with pytest.raises(SourceError, match="same name"):
        preview_project(project, [nested, nested], tmp_path / "preview")
    assert (tmp_path / "preview" / "sources" / "2025" / "page.txt").is_file()  # the earlier one stays


def test_preview_never_empties_a_folder_it_did_not_make(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "sources" / SEED_PAGE
    # The project itself, mistyped as the scratch folder: refused, nothing removed.
    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    with pytest.raises(SourceError, match="not an earlier preview"):
        preview_project(project, [page], project)
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*")) == before
    result = run_build(project, "preview", f"sources/{SEED_PAGE}", "--folder", "docs")
    assert result.returncode == 1 and "docs" in result.stderr and "not an earlier preview" in result.stderr
    assert (project / "docs" / "about.md").is_file()
    # An empty folder is fine, and so is the folder of an earlier preview.
    (tmp_path / "empty").mkdir()
    preview_project(project, [page], tmp_path / "empty")
    preview_project(project, [page], tmp_path / "empty")
    assert (tmp_path / "empty" / "sources" / SEED_PAGE).is_file()


def test_preview_project_refuses_what_is_not_a_source_page(tmp_path):
    with pytest.raises(SourceError) as missing:
        preview_project(ROOT, [tmp_path / "nowhere.txt"], tmp_path / "preview")
    assert "nowhere.txt" in str(missing.value)
    (tmp_path / "page.html").write_text("<html></html>", encoding="utf-8")
    with pytest.raises(SourceError, match=r"\.txt"):
        preview_project(ROOT, [tmp_path / "page.html"], tmp_path / "preview")
    assert not (tmp_path / "preview").exists()
    assert Path(ROOT / "sources" / SEED_PAGE).is_file()
