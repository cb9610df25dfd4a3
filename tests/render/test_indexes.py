"""The browse indexes (indexes/…): links, counts, pagination, both scripts."""

from __future__ import annotations

import dataclasses
import posixpath
import re

import markdown
import pytest
import yaml

from build_scripts.editions.registry import DEFAULT_HANT
from build_scripts.editions.convert import Converter
from build_scripts.model import Facets
from build_scripts.corpus.find_facets import facets, gazetteer
from build_scripts.render.indexes import (
    FACETS,
    facet_links,
    LANDING_VALUES,
    OPENING_CHARACTERS,
    PAGE_SIZE,
    render_indexes,
)
from build_scripts.render.paths import (
    indexes_path,
    value_path,
)
from build_scripts.render.paths import speech_path
from build_scripts.render.markdown import escape_markdown
from build_scripts.render.opening import description, opening_words
from build_scripts.corpus.speech_dates import UNDATED, Evidence, combine

from ..conftest import speech_by_sections

LINK = re.compile(r"\]\(([^)\s]+)\)")
ITEM = re.compile(
    r"^- \[(?P<label>[^\]]+)\]\((?P<target>[^)]+)\)<small>(?P<meta>[^<]*)</small>"
    r"(?:<span>(?P<opening>[^<]*)</span>)?$",
    re.M,
)
TOPICS, PLACES, MEETINGS, ROLES, DATES = FACETS


@pytest.fixture(scope="module")
def facets_by_id(generated):
    return {s.id: facets(s) for s in generated.speeches}


@pytest.fixture(scope="module")
def hans(generated, facets_by_id):
    return render_indexes(generated.speeches, facets_by_id)


@pytest.fixture(scope="module")
def hant(generated, facets_by_id):
    return render_indexes(generated.speeches, facets_by_id, Converter(DEFAULT_HANT).convert)


def counts(page: str) -> dict[str, int]:
    return {m["label"]: int(m["meta"].split()[0].replace(",", "")) for m in ITEM.finditer(page)}


def check_links(files: dict[str, str], speech_ids) -> int:
    """Every relative link of every page names a generated page (what mkdocs --strict checks)."""
    targets = set(files) | {speech_path(i) for i in speech_ids}
    checked = 0
    for path, text in files.items():
        for link in LINK.findall(text):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), link.split("#")[0]))
            assert resolved in targets, (path, link)
            checked += 1
    return checked


def test_landing_page_lists_each_facet_with_counts(hans):
    landing = hans[indexes_path()]
    assert landing.startswith("---\ntitle: 浏览\n---\n")
    for facet in FACETS:
        assert f"## [{facet.heading}]({facet.folder}/index.md) {{#{facet.folder}}}" in landing
    assert counts(landing) == {
        "文明城市": 4, "城市工作": 3, "卫生城市": 2, "城市管理": 2,
        "浙江省": 1, "衢州市": 1, "南昌市": 1, "青山湖区": 1, "东营市": 1, "东营区": 1, "利津县": 1,
        "广州市": 1, "天河区": 1, "四川省": 1, "攀枝花市": 1, "盐边县": 1,
        "工作会议": 3, "动员大会": 2, "推进会": 2, "领导小组会议": 1, "调度会": 1,
        "指挥长": 1,
        "2016年": 1, "2016—2021年": 1, "2016年以后": 1, "2004—2005年": 1, "2004—2013年": 1, "2003—2005年": 1,
        "1983—2009年": 1, "日期不详": 2,
    }  # fmt: skip
    # The speech's own date, not the source page's (2024-11-20: tests/test_speech_dates.py).
    assert "日期是讲话本身的日期" in landing and "不是来源页的更新日期" in landing
    assert "全部 9 篇讲话" in landing


def test_value_pages_list_their_speeches_with_links_to_them(generated, hans):
    page = hans["indexes/topics/wenming-chengshi.md"]
    data = yaml.safe_load(page.split("---\n")[1])
    assert data == {"title": "主题：文明城市", "facet": "topics", "value": "文明城市"}
    listed = [m["target"] for m in ITEM.finditer(page)]
    expected = {speech_by_sections(generated, *s).id for s in [(1, 3), (2,), (4,), (6,)]}
    assert sorted(listed) == sorted(f"../../speeches/{i}.md" for i in expected)
    assert "共 4 篇讲话" in page and "2004—2005年 · 2,167 字" in page and "2024-11-20" not in page
    # One line an entry, the same on every facet's pages: its place (the
    # first its text names), date, length, and its opening words.
    by_id = {s.id: s for s in generated.speeches}
    found = {s.id: facets(s) for s in generated.speeches}
    for path, text in hans.items():
        if not path.startswith("indexes/") or path.endswith("index.md"):
            continue
        entries = list(ITEM.finditer(text))
        assert entries and len(entries) == text.count("\n- "), path
        for m in entries:
            speech = by_id[posixpath.basename(m["target"]).removesuffix(".md")]
            assert m["opening"] == escape_markdown(opening_words(speech, OPENING_CHARACTERS))
            cut = description(speech, OPENING_CHARACTERS)
            assert m["opening"] == escape_markdown(cut.removesuffix("……") + ("…" if cut.endswith("……") else ""))
            places = found[speech.id].places
            assert m["meta"].startswith(places[0] + " · ") if places else not m["meta"].startswith("· ")
            assert m["meta"].endswith(f"{speech.characters:,} 字")
    place = hans["indexes/places/tianhequ-440106.md"]
    assert "广东省 › 广州市 › 天河区" in place
    assert [m["target"] for m in ITEM.finditer(place)] == [f"../../speeches/{speech_by_sections(generated, 1, 3).id}.md"]
    role = hans["indexes/roles/zhihuizhang.md"]
    assert [m["label"] for m in ITEM.finditer(role)] == [speech_by_sections(generated, 7, 8).title]


def test_every_link_resolves(generated, hans, hant):
    ids = [s.id for s in generated.speeches]
    assert check_links(hans, ids) > 60
    assert check_links(hant, ids) > 60


def test_paths_are_ascii_and_the_same_in_both_editions(hans, hant):
    assert set(hans) == set(hant)
    for path in hans:
        assert re.fullmatch(r"indexes/(?:index|[a-z]+/(?:index|[a-z0-9]+(?:-[a-z0-9]+)*))\.md", path), path
    assert value_path(PLACES, "广州市") == "indexes/places/guangzhoushi-4401.md"
    assert value_path(TOPICS, "文明城市", 2) == "indexes/topics/wenming-chengshi-2.md"
    assert value_path(DATES, "2016") == "indexes/dates/2016.md"
    assert value_path(DATES, "2015-2020", 2) == "indexes/dates/2015-to-2020-2.md"
    assert value_path(DATES, "unknown") == "indexes/dates/unknown.md"


def test_places_page_groups_by_province(hans):
    page = hans["indexes/places/index.md"]
    headings = re.findall(r"^## (\S+) \{#p(\d+)\}$", page, re.M)
    assert headings == [("浙江省", "33"), ("江西省", "36"), ("山东省", "37"), ("广东省", "44"), ("四川省", "51")]
    assert "[四川省](sichuansheng-51.md)（1） · [攀枝花市](panzhihuashi-5104.md)（1） · [盐边县](yanbianxian-510422.md)（1）\n" in page


def test_traditional_edition(hans, hant):
    landing = hant[indexes_path()]
    assert landing.startswith("---\ntitle: 瀏覽\n---\n")
    assert "## [按主題](topics/index.md) {#topics}" in landing
    assert "## [按地區](places/index.md) {#places}" in landing
    assert "- [衛生城市](topics/weisheng-chengshi.md)" in landing
    assert "- [青山湖區](places/qingshanhuqu-360111.md)" in landing
    assert "- [工作會議](meetings/gongzuo-huiyi.md)" in landing
    page = hant["indexes/meetings/dongyuan-dahui.md"]
    assert "# 會議類型：動員大會 {#title}" in page and "共 2 篇講話" in page
    # Nothing Simplified is left in the human-readable strings.
    for text in hant.values():
        assert not re.search(r"[览题区议类动员讲话页县]", re.sub(r"\([^)]*\)", "", text)), text[:200]
    assert len(hant) == len(hans)


def test_facet_links_are_made_per_converter(generated, facets_by_id):
    """Each converter makes its own links (they are kept per converter)."""
    speech = speech_by_sections(generated, 1, 3)
    f = facets_by_id[speech.id]
    plain = facet_links(f)
    assert plain[0]["noun"] == "主题" and plain[0]["links"][0]["url"].startswith("../../indexes/topics/")
    marked = facet_links(f, lambda s: f"〔{s}〕")
    assert marked != plain and marked[0]["noun"] == "〔主题〕" and marked[0]["links"][0]["text"].startswith("〔")
    assert facet_links(f, lambda s: s) == plain == facet_links(f)


def test_pages_render_as_markdown(hans):
    html = markdown.markdown(hans["indexes/topics/wenming-chengshi.md"].split("---\n", 2)[2], extensions=["attr_list", "md_in_html"])
    assert '<h1 id="title">主题：文明城市</h1>' in html
    assert html.count('<a href="../../speeches/') == 4


def test_titles_are_escaped(generated, facets_by_id):
    speech = dataclasses.replace(generated.speeches[0], id="hostile", title="在*创城*[大会](x)上的<讲话>")
    files = render_indexes([speech], {"hostile": facets_by_id[generated.speeches[0].id]})
    page = files["indexes/topics/wenming-chengshi.md"]
    assert r"- [在\*创城\*\[大会\](x)上的&lt;讲话&gt;](../../speeches/hostile.md)" in page


def synthetic(generated, n: int, **facet_fields):
    """n speeches made from a real one, with the given facets: source pages of
    every month of 2024, speeches of 2000 to 2011 and every 13th undated."""
    base = generated.speeches[0]
    speeches = [dataclasses.replace(base, id=f"synthetic-{i:03d}") for i in range(n)]
    date = [f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(n)]
    said = [
        UNDATED if i % 13 == 12 else combine([Evidence("text", "this-year", f"今年（{2000 + i % 12}年）", (2000 + i % 12,) * 2, "p1")])
        for i in range(n)
    ]
    return speeches, {s.id: Facets(date=d, speech_date=w, **facet_fields) for s, d, w in zip(speeches, date, said)}


def test_pagination_keeps_pages_bounded(generated):
    n = 2 * PAGE_SIZE + 50
    speeches, by_id = synthetic(generated, n, topics=("文明城市",), places=("广州市",))
    files = render_indexes(speeches, by_id)
    pages = [files[p] for p in ("indexes/topics/wenming-chengshi.md", "indexes/topics/wenming-chengshi-2.md", "indexes/topics/wenming-chengshi-3.md")]
    assert "indexes/topics/wenming-chengshi-4.md" not in files
    listed = [[m["target"] for m in ITEM.finditer(p)] for p in pages]
    assert [len(x) for x in listed] == [PAGE_SIZE, PAGE_SIZE, 50]
    assert sorted(sum(listed, [])) == sorted(f"../../speeches/{s.id}.md" for s in speeches)
    # Newest first (the speech's own date, the undated last), across the pages.
    years = [m[1] if (m := re.search(r"(\d{4})年 · ", line)) else "" for p in pages for line in p.splitlines() if line.startswith("- [")]
    assert years == sorted(years, reverse=True) and years.count("") == n // 13
    assert "[下一页 →](wenming-chengshi-2.md)" in pages[0] and "上一页" not in pages[0]
    assert "[← 上一页](wenming-chengshi.md)" in pages[1] and "[下一页 →](wenming-chengshi-3.md)" in pages[1]
    assert "[← 上一页](wenming-chengshi-2.md)" in pages[2] and "下一页" not in pages[2]
    assert "第 2/3 页" in pages[1] and f"共 {n} 篇讲话" in pages[1]
    assert yaml.safe_load(pages[1].split("---\n")[1]) == {
        "title": "主题：文明城市（第2页）", "facet": "topics", "value": "文明城市", "page": 2, "pages": 3,
    }  # fmt: skip
    assert counts(files[indexes_path()])["文明城市"] == n
    # Years: 12 values and the undated.
    assert sorted(p for p in files if p.startswith("indexes/dates/")) == sorted(
        [f"indexes/dates/{2000 + i}.md" for i in range(12)] + ["indexes/dates/unknown.md", "indexes/dates/index.md"]
    )
    assert counts(files[indexes_path()])["日期不详"] == n // 13
    assert check_links(files, [s.id for s in speeches]) > n
    assert max(len(p) for p in files.values()) < 60_000  # ~125 characters an entry


def test_landing_page_shows_the_most_frequent_values_only(generated):
    base = generated.speeches[0]
    speeches, by_id = [], {}
    labels = ["广州市", "南昌市", "衢州市", "东营市", "攀枝花市"]
    counties = [d.label for d in gazetteer().divisions.values() if d.level == "county"][: LANDING_VALUES + 10]
    for i, label in enumerate(labels * 3 + counties):
        s = dataclasses.replace(base, id=f"s{i}")
        speeches.append(s)
        by_id[s.id] = Facets(places=(label,), date="2024-11-20")
    files = render_indexes(speeches, by_id)
    landing = files[indexes_path()]
    section = landing.split("{#places}")[1].split("## ")[0]
    assert len(ITEM.findall(section)) == LANDING_VALUES
    assert f"[全部{len(labels) + len(counties)}个地区](places/index.md)" in section
    assert all(f"[{label}]" in section for label in labels)  # the most frequent
    places = files["indexes/places/index.md"]
    assert len(re.findall(r"\]\([a-z0-9-]+\.md\)（\d+）", places)) == len(labels) + len(counties)
    assert "[广州市](guangzhoushi-4401.md)（3）" in places and "[北京市朝阳区](chaoyangqu-110105.md)（1）" in places
    check_links(files, [s.id for s in speeches])


def test_empty_facets_say_so(generated):
    speeches, by_id = synthetic(generated, 3)
    landing = render_indexes(speeches, by_id)[indexes_path()]
    assert landing.count("暂无。") == 4  # all but dates
