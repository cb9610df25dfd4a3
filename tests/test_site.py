"""The real `mkdocs build --strict` of the generated pages."""

import html
import json
import re

import pytest


def page_text(path) -> str:
    """Visible text of the article, tags stripped and entities decoded."""
    source = path.read_text(encoding="utf-8")
    article = source[source.index("<article") : source.index("</article>")]
    return html.unescape(re.sub(r"<[^>]+>", "", article))


@pytest.fixture(scope="module")
def catalog(built_site):
    return json.loads((built_site / "catalog.json").read_text(encoding="utf-8"))


def test_every_catalog_url_is_a_built_page(built_site, catalog):
    assert (built_site / "index.html").is_file()
    for entry in catalog["speeches"] + catalog["collections"]:
        assert (built_site / entry["url"] / "index.html").is_file(), entry["url"]


def test_speech_page_shows_text_literally_with_provenance(built_site, catalog):
    entry = next(s for s in catalog["speeches"] if s["title"] == "在创建全国文明城市工作会议上的讲话稿")
    text = page_text(built_site / entry["url"] / "index.html")
    assert "穗字[****]6号" in text and "力争我市****年" in text
    assert "第3篇" in text and "第1篇" in text and "2024-11-20" in text
    assert "林树森书记指出，按照中央文明委的统一部署，明年5、6月中央文明办" in text


def test_no_page_carries_chrome_watermark_or_external_fonts(built_site):
    for path in built_site.rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in source and "fonts.gstatic.com" not in source, path
        if "/speeches/" in path.as_posix():
            text = page_text(path)
            for bad in ("本文来自", "百度", "燉", "推荐度", "点击下载", "人关注", "热门信息"):
                assert bad not in text, (path, bad)


def test_heading_anchors_are_outline_numbers(built_site, catalog):
    entry = next(s for s in catalog["speeches"] if s["title"] == "创建省级文明城市工作会议讲话")
    source = (built_site / entry["url"] / "index.html").read_text(encoding="utf-8")
    assert 'id="二-三"' in source and 'id="二"' in source
    assert 'id="_1"' not in source and 'id="p1"' in source


def test_home_and_collection_pages_list_every_speech(built_site, catalog):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    collection = (built_site / catalog["collections"][0]["url"] / "index.html").read_text(encoding="utf-8")
    for entry in catalog["speeches"]:
        assert f'href="{entry["url"]}"' in home
        assert f'href="../../{entry["url"]}"' in collection
    assert "城市工作讲话稿（9篇）" in html.unescape(home)


def test_search_index_segments_chinese_words(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    texts = " ".join(doc["text"] for doc in index["docs"])
    # jieba splits runs of Han characters into words, joined with U+200B.
    assert "\u200b" in texts
    words = set(re.split(index["config"]["separator"], texts))
    assert {"文明城市", "创建", "工作会议"} & words
