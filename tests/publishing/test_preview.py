"""`python -m build_scripts preview PAGE…`: the site of the given source
pages alone, built in a scratch project, with the real MkDocs."""

from __future__ import annotations

import json

import pytest

from build_scripts.errors import SourceError
from build_scripts.publishing.preview import preview_project

from ..conftest import ROOT, copy_project, new_page, run_build

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
    assert (site / "search").is_dir()
    assert "site: .cache/preview/site/" in result.stdout


def test_preview_says_what_the_page_adds_to_the_published_speeches(previewed, built_site):
    """As the pull request's build would (tests/test_publishing.py): the
    page's copies of two published seed speeches keep their ids, through the
    copy of the ids ledger; one speech is new."""
    project, result, _ = previewed
    published = {s["id"]: s["title"] for s in json.loads((built_site / "catalog.json").read_text(encoding="utf-8"))["speeches"]}
    catalog = json.loads((project / ".cache/preview/site/catalog.json").read_text(encoding="utf-8"))
    kept = {s["id"]: s["title"] for s in catalog["speeches"] if s["id"] in published}
    assert sorted(kept.values()) == sorted(["创建全国文明城市工作推进会讲话稿", "在城市工作领导小组会议上讲话"])
    assert all(published[sid] == title for sid, title in kept.items())
    assert "new speeches: 1\n" in result.stdout and "+ quanshi-chengshi-guanligongzuo-huiyi-jianghua: 全市城市管理工作会议讲话" in result.stdout
    assert "copies joined to published speeches (duplicates merged): 2\n" in result.stdout
    # The rest of the corpus is not in the preview, and not reported as retired.
    assert "no source holds any more" not in result.stdout


def test_preview_leaves_the_project_as_it_was(previewed):
    project, result, ledger = previewed
    # No generated docs, no site, no cache of parsed pages, the ledger untouched.
    assert not (project / "docs" / "zh-Hans").exists() and not (project / "docs" / "catalog.json").exists()
    assert not (project / "site").exists()
    assert not (project / ".cache" / "pages").exists()
    assert (project / "sources" / "speech-ids.tsv").read_bytes() == ledger
    assert "speech-ids.tsv" not in result.stdout
    # Its copy is read, never written.
    assert (project / ".cache" / "preview" / "sources" / "speech-ids.tsv").read_bytes() == ledger


def test_preview_of_a_page_in_sources_gives_its_speeches_the_ids_of_the_full_build(built_site, tmp_path):
    project = copy_project(tmp_path / "project")
    result = run_build(project, "preview", f"sources/{SEED_PAGE}")
    assert result.returncode == 0, result.stdout + result.stderr
    preview = json.loads((project / ".cache/preview/site/catalog.json").read_text(encoding="utf-8"))
    full = json.loads((built_site / "catalog.json").read_text(encoding="utf-8"))
    # The seed page is the whole corpus: nothing else could change its speeches.
    assert preview == full
    assert "new speeches: 0\n" in result.stdout


def test_preview_keeps_the_id_the_ledger_gives_a_published_speech_not_its_title_slug(built_site, tmp_path):
    """A published speech keeps its id for ever, whatever its title now gives."""
    project = copy_project(tmp_path / "project")
    ledger = project / "sources" / "speech-ids.tsv"
    first = json.loads((built_site / "catalog.json").read_text(encoding="utf-8"))["speeches"][0]
    text = ledger.read_text(encoding="utf-8")
    assert text.count(first["id"] + "\t") == 1
    ledger.write_text(text.replace(first["id"] + "\t", "yi-ge-jiu-de-id\t"), encoding="utf-8")
    result = run_build(project, "preview", f"sources/{SEED_PAGE}")
    assert result.returncode == 0, result.stdout + result.stderr
    speeches = json.loads((project / ".cache/preview/site/catalog.json").read_text(encoding="utf-8"))["speeches"]
    assert {s["id"]: s["title"] for s in speeches}["yi-ge-jiu-de-id"] == first["title"]
    assert first["id"] not in {s["id"] for s in speeches}


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
    assert sorted(p.relative_to(sources).as_posix() for p in sources.rglob("*")) == ["2025", "2025/page.txt", "speech-ids.tsv"]
    docs = tmp_path / "preview" / "docs"
    assert not (docs / "zh-Hans").exists()
    assert (docs / "about.md").read_bytes() == (ROOT / "docs" / "about.md").read_bytes()
    with pytest.raises(SourceError, match="same name"):
        preview_project(project, [nested, nested], tmp_path / "preview")
    assert (tmp_path / "preview" / "sources" / "2025" / "page.txt").is_file()  # the earlier one stays
    # A symbolic link in sources/ keeps its place there, wherever it points.
    (project / "sources" / "linked.txt").symlink_to(tmp_path / "outside.txt")
    (tmp_path / "outside.txt").write_text(new_page(), encoding="utf-8")
    sources = preview_project(project, [project / "sources" / "linked.txt"], tmp_path / "preview")
    # The next preview replaces the earlier one's pages.
    assert sorted(p.relative_to(sources).as_posix() for p in sources.rglob("*")) == ["linked.txt", "speech-ids.tsv"]


def test_preview_refuses_a_page_of_its_own_folder_and_a_folder_the_build_reads(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "sources" / SEED_PAGE
    sources = preview_project(project, [page], tmp_path / "preview")
    # The preview's copy of a page would be removed before it is copied.
    with pytest.raises(SourceError, match="own copy"):
        preview_project(project, [sources / SEED_PAGE], tmp_path / "preview")
    assert (sources / SEED_PAGE).read_bytes() == page.read_bytes()
    for inner in ("sources", "docs"):
        with pytest.raises(SourceError, match=f"inside the project's {inner}/"):
            preview_project(project, [page], project / inner / "preview")
        assert not (project / inner / "preview").exists()


def test_preview_never_empties_a_folder_it_did_not_make(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "sources" / SEED_PAGE
    # The project itself, mistyped as the scratch folder: refused, nothing removed.
    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    with pytest.raises(SourceError, match="not an earlier preview"):
        preview_project(project, [page], project)
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*")) == before
    result = run_build(project, "preview", f"sources/{SEED_PAGE}", "--folder", "docs")
    assert result.returncode == 1 and "docs" in result.stderr and "inside the project's docs/" in result.stderr
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
