"""Where a page comes from: its site (its folder) and its sidecar's URL."""

from __future__ import annotations

import pytest

from build_scripts.errors import SourceError
from build_scripts.model import SourcePage
from build_scripts.parse.sites import Origin, parse_sidecar, read_origins, site_of, with_origins


def test_a_pages_site_is_its_folder_else_its_urls_host():
    assert site_of("www.example.com/a.txt", None) == "www.example.com"
    assert site_of("a.txt", Origin("https://Www.Example.com/x/1.html", None)) == "www.example.com"
    assert site_of("a.txt", None) is None


def test_a_sidecar_lists_each_pages_url_and_retrieval_date(tmp_path):
    folder = tmp_path / "sources" / "www.example.com"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("讲话", encoding="utf-8")
    (folder / "b.txt").write_text("讲话", encoding="utf-8")
    (folder / "pages.tsv").write_text(
        "# file\turl\tretrieved\na.txt\thttps://www.example.com/a.html\t2024-11-20\nb.txt\thttp://www.example.com/b.html\n",
        encoding="utf-8",
    )
    origins = read_origins(tmp_path / "sources")
    assert origins == {
        "www.example.com/a.txt": Origin("https://www.example.com/a.html", "2024-11-20"),
        "www.example.com/b.txt": Origin("http://www.example.com/b.html", None),
    }
    page = with_origins([SourcePage("www.example.com/a.txt", (), "utf-8")], origins)[0]
    assert (page.site, page.url, page.retrieved) == ("www.example.com", "https://www.example.com/a.html", "2024-11-20")


@pytest.mark.parametrize(
    "line, message",
    [
        ("a.txt", "found 1 field"),
        ("a.txt\tjavascript:alert(1)", "not an http(s) address"),
        ("a.txt\thttps://example.com/a\t2024-13-45", "not a date"),
        ("../a.txt\thttps://example.com/a", "not the name of a page in this folder"),
        ("missing.txt\thttps://example.com/a", "not in this folder"),
    ],
)
def test_a_bad_sidecar_line_is_an_error_naming_it(tmp_path, line, message):
    (tmp_path / "a.txt").write_text("讲话", encoding="utf-8")
    with pytest.raises(SourceError) as error:
        parse_sidecar("# file\turl\n" + line + "\n", "sources/x/pages.tsv", "x/", tmp_path)
    assert error.value.line == 2 and message in error.value.message


def test_a_page_listed_twice_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("讲话", encoding="utf-8")
    with pytest.raises(SourceError, match="listed twice"):
        parse_sidecar("a.txt\thttps://e.com/1\na.txt\thttps://e.com/2\n", "p.tsv", "", tmp_path)
