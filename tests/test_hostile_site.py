"""Hostile text in a source page renders literally on the built site: no
element, attribute or URL scheme of its own, in either edition, and the text
reads back as it was written (issue 15, item 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from . import dom
from .conftest import SEED, copy_project, run_build

EDITIONS = ("zh-Hans", "zh-Hant")

# The attack of the issue: line 270 of the seed (the opening of 第6篇) and
# the title of 第6篇; and the page's own title, which names its collection.
SCRIPT_AND_REFRESH = '"><script>alert(2)</script><meta http-equiv="refresh" content="0;url=http://evil.example/">'
HOSTILE_TITLE = "第6篇 创建省级</title><script>alert(1)</script>文明城市工作会议讲话"
HOSTILE_PAGE_TITLE = "城市工作讲话稿'\"><img src=x onerror=alert(3)>(9篇)"


def hostile_seed() -> str:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert lines[267].startswith("第6篇 ") and lines[3] == "城市工作讲话稿(9篇)"
    lines[267] = HOSTILE_TITLE
    lines[269] = SCRIPT_AND_REFRESH + lines[269]
    lines[3] = HOSTILE_PAGE_TITLE
    return "\n".join(lines)


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    (project / "sources" / SEED.name).write_text(hostile_seed(), encoding="utf-8")
    result = run_build(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def front(project: Path, edition: str, markdown: str) -> dict:
    """The front matter of a generated page: the data, as the generator wrote it."""
    from mkdocs.utils import meta

    return meta.get_data((project / "docs" / edition / markdown).read_text(encoding="utf-8"))[1]


def pages_of(site: Path, edition: str) -> tuple[str, str]:
    """The site paths of the speech of 第6篇 and of its collection."""
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    speech = next(s for s in catalog["speeches"] if s["sources"][0]["section"] == 6)
    return f"{edition}/speeches/{speech['id']}/", f"{edition}/collections/{speech['collection']}/"


def meta_content(root: dom.Element, **attrs) -> str:
    return root.find("meta", **attrs).attrs["content"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_hostile_speech_and_collection_pages_have_no_element_of_their_own(hostile_project, built_site, edition):
    site = hostile_project / "site"
    for hostile, clean in zip(pages_of(site, edition), pages_of(built_site, edition)):
        page = dom.parse((site / hostile / "index.html").read_text(encoding="utf-8"))
        seed = dom.parse((built_site / clean / "index.html").read_text(encoding="utf-8"))
        assert dom.structure(page) == dom.structure(seed), hostile
        assert not page.find_all("meta", http_equiv="refresh") and not page.find_all("img", src="x")


@pytest.mark.parametrize("edition", EDITIONS)
def test_hostile_title_and_opening_read_back_literally(hostile_project, edition):
    site = hostile_project / "site"
    speech_path, collection_path = pages_of(site, edition)
    speech_id = speech_path.split("/")[-2]
    data = front(hostile_project, edition, f"speeches/{speech_id}.md")
    site_name = "讲话稿文库" if edition == "zh-Hans" else "講話稿文庫"
    assert "</title><script>alert(1)</script>" in data["title"]
    assert data["description"].startswith(SCRIPT_AND_REFRESH)

    page = dom.parse((site / speech_path / "index.html").read_text(encoding="utf-8"))
    assert page.find("title").text() == f"{data['title']} - {site_name}"
    for attrs in ({"property": "og:title"}, {"name": "twitter:title"}):
        assert meta_content(page, **attrs) == data["title"]
    for attrs in ({"name": "description"}, {"property": "og:description"}, {"name": "twitter:description"}):
        assert meta_content(page, **attrs) == data["description"]
    header = page.find("div", class_="md-header__topic", data_md_component="header-topic")
    assert dom.squash(header.text()) == data["title"]
    assert dom.squash(page.find("h1", id="title").text("headerlink")) == data["title"]
    assert page.find("p", id="p1").text("para-link").startswith(SCRIPT_AND_REFRESH)

    collection = front(hostile_project, edition, collection_path.removeprefix(f"{edition}/").rstrip("/") + ".md")
    assert "'\"><img src=x onerror=alert(3)>" in collection["title"]
    page = dom.parse((site / collection_path / "index.html").read_text(encoding="utf-8"))
    assert page.find("title").text() == f"{collection['title']} - {site_name}"
    assert dom.squash(page.find("h1", id="title").text("headerlink")) == collection["title"]
    listed = [dom.squash(a.text()) for a in page.find("div", class_="speech-list").find_all("a")]
    assert data["title"] in listed


@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
def test_chromium_runs_no_hostile_script_and_stays_on_the_page(hostile_project, browser, edition):
    from .browser import Server, browsing

    site = hostile_project / "site"
    server = Server(site).start()
    try:
        with browsing(browser, server.url) as page:
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for path in pages_of(site, edition):
                page.goto(server.url + path)
                page.wait_for_load_state("load")
                page.wait_for_timeout(300)  # a refresh of 0 s would have left by now
                assert page.url == server.url + path
                assert dialogs == []
            # The search shows the speech's title and an excerpt of its
            # opening, the matches marked: as text.
            page.keyboard.press("/")
            page.keyboard.type("alert")
            result = page.locator(".site-search__result").first
            result.wait_for()
            assert "</title><script>alert(1)</script>" in result.locator(".site-search__title").inner_text()
            excerpt = result.locator(".site-search__excerpt")
            assert '"><script>alert(2)</script><meta http-equiv="refresh"' in excerpt.inner_text()
            assert excerpt.evaluate("p => [...p.querySelectorAll('*')].map(e => e.tagName)") == ["MARK"]
            assert excerpt.locator("mark").all_inner_texts() == ["alert"]
            page.wait_for_timeout(300)
            assert page.url == server.url + path and dialogs == []
            assert page.errors == [] and page.external == []
    finally:
        server.stop()
